from __future__ import annotations

from pipeline.extract.rules.scored import read_scored

TEXT = (
    "1.项目决策（分值18分，得分18分）\n"
    "（1）决策依据（满分6分，实得6分）\n"
    "正文……\n"
    "（2）决策过程（分值2分，实得1.5分）\n"
    "2.满意度指标（分值10分，实得10分）\n"
    "服务对象满意度：满意度达到85%以上。\n"
)


def test_parents_with_children_are_level1_and_childless_parents_are_indicators() -> None:
    found = [
        (
            c.level1.text if c.level1 else None,
            c.name.text,
            c.weight.text if c.weight else None,
            c.score.text if c.score else None,
        )
        for c in read_scored(TEXT)
    ]
    assert found == [
        ("项目决策", "决策依据", "6", "6"),
        ("项目决策", "决策过程", "2", "1.5"),
        (None, "满意度指标", "10", "10"),
    ]


def test_spans_are_exact() -> None:
    first = read_scored(TEXT)[0]
    assert first.weight is not None
    assert TEXT[first.name.start : first.name.end] == "决策依据"
    assert TEXT[first.weight.start : first.weight.end] == "6"
    assert first.weight.start == TEXT.index("满分6") + 2


def test_the_score_note_gate_found_from_its_words_agrees_with_its_pattern() -> None:
    import random

    from pipeline.extract.rules.scored import _SCORES_OPEN, _opens_scores

    rng = random.Random(15)
    pieces = [*"（(分值满权重 \t\n\u3000得", "分值", "满分", "权重"]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 10)))
        assert _opens_scores(text) == (_SCORES_OPEN.search(text) is not None), text
    assert _opens_scores("1.宣传活动（ \n满分10分，得分9分）") and not _opens_scores("分值（10）")
