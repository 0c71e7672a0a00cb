"""Legacy office files through LibreOffice: `.doc`/`.wps` made from a docx form read like the docx.

The format tests need LibreOffice (`soffice`, Debian `libreoffice-writer-nogui`); CI installs it
and they skip with a message where it is missing. The rest replace LibreOffice with small scripts.
"""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
from pathlib import Path

import docx
import pytest

from pipeline.core.config import Config
from pipeline.core.errors import IngestError
from pipeline.ingest import ReadOptions, convert_legacy, read_document
from pipeline.ingest import convert as convert_module
from pipeline.ingest.convert import Job, LibreOffice, find_soffice
from pipeline.process import extract_file

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui)",
)

BUDGET = [
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "60", "60", "57", "10", "95%", "9.5"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "开展技能培训人次", "≥300人次", "326人次", "20", "20"],
    ["产出指标", "质量指标", "培训合格率", "≥90%", "93%", "20", "20"],
    ["产出指标", "时效指标", "补贴发放及时率", "100%", "100%", "10", "10"],
    ["效益指标", "社会效益指标", "参训人员就业率", "≥60%", "58%", "20", "18"],
    ["满意度指标", "服务对象满意度指标", "参训人员满意度", "≥90%", "95%", "20", "20"],
]


def _table(document: docx.document.Document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value


def project_form() -> bytes:
    """A project self-evaluation form: title, budget table, indicator table, total."""
    document = docx.Document()
    document.add_paragraph("职业技能培训补贴项目绩效自评表")
    document.add_paragraph("（2024年度）")
    _table(document, BUDGET)
    _table(document, INDICATORS)
    document.add_paragraph("自评得分：97.5分")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def legacy_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The form as .docx, and as .doc and .wps written by LibreOffice from it."""
    if find_soffice() is None:
        pytest.skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
    folder = tmp_path_factory.mktemp("forms")
    source = folder / "form.docx"
    source.write_bytes(project_form())
    profile = (folder / "profile").as_uri()
    command = [find_soffice(), "--headless", f"-env:UserInstallation={profile}", "--convert-to", "doc"]
    subprocess.run(
        [*command, "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180
    )
    shutil.copy(folder / "form.doc", folder / "form.wps")  # Kingsoft Writer's .wps is Word binary
    return {suffix: folder / f"form.{suffix}" for suffix in ("docx", "doc", "wps")}


@needs_libreoffice
def test_doc_and_wps_read_as_the_docx_they_came_from(legacy_forms: dict[str, Path], tmp_path: Path) -> None:
    options = ReadOptions(cache_dir=tmp_path)
    docs = {suffix: read_document(path, options) for suffix, path in legacy_forms.items()}

    assert [docs[s].format for s in ("docx", "doc", "wps")] == ["docx", "doc", "doc"]
    assert docs["doc"].text == docs["docx"].text
    assert docs["wps"].text == docs["docx"].text
    assert "开展技能培训人次\t≥300人次\t326人次" in docs["doc"].text
    # one conversion serves both: same content, same cache entry
    assert [p.suffix for p in (tmp_path / "converted").iterdir() if not p.name.startswith(".")] == [".docx"]


@needs_libreoffice
def test_doc_and_wps_give_the_same_indicators_as_the_docx(
    legacy_forms: dict[str, Path], tmp_path: Path
) -> None:
    config = Config(cache_dir=str(tmp_path))
    results = {suffix: extract_file(path, config) for suffix, path in legacy_forms.items()}

    def indicators(suffix: str) -> list[tuple[str, str | None, str | None, float | None]]:
        found = [i for p in results[suffix].projects for i in p.indicators]
        return [(i.name, i.target.raw, i.actual.raw, i.weight) for i in found]

    assert len(indicators("docx")) == 5
    assert indicators("doc") == indicators("docx")
    assert indicators("wps") == indicators("docx")
    assert results["doc"].source.format == "doc"


@needs_libreoffice
def test_a_batch_is_converted_in_one_go_and_a_damaged_file_fails_alone(
    legacy_forms: dict[str, Path], tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(legacy_forms["doc"].read_bytes()[:600])  # OLE signature, body cut off
    options = ReadOptions(cache_dir=tmp_path / "cache")

    failures = convert_legacy([legacy_forms["doc"], damaged, legacy_forms["docx"]], options)

    assert failures == {
        damaged: "conversion failed: LibreOffice could not convert it (damaged, encrypted or not a Word file)"
    }
    with pytest.raises(IngestError) as caught:
        read_document(damaged, options)
    assert caught.value.kind == "conversion_failed"
    assert str(caught.value).startswith(f"{damaged}: conversion failed: LibreOffice could not convert it")


def _job(tmp_path: Path, name: str = "a.doc") -> Job:
    source = tmp_path / name
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    return Job(source, "docx", "0" * 64)


def test_without_libreoffice_the_error_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(convert_module, "find_soffice", lambda: None)
    path = _job(tmp_path).source

    with pytest.raises(IngestError) as caught:
        read_document(path, ReadOptions(cache_dir=tmp_path))
    assert str(caught.value) == (
        f"{path}: conversion failed: LibreOffice is not installed (install the Debian package "
        "libreoffice-writer-nogui; `soffice` must be on PATH)"
    )
    assert caught.value.kind == "conversion_failed"


def _script(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_a_conversion_that_hangs_is_killed_after_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(convert_module, "find_soffice", lambda: _script(tmp_path, "exec sleep 30\n"))
    job = _job(tmp_path)

    failures = LibreOffice(tmp_path / "cache", timeout=0.5).convert_all([job])

    assert failures == {job.source: "conversion failed: LibreOffice timed out after 0.5 s"}
    assert not LibreOffice(tmp_path / "cache", 0.5).cached(job).exists()


def test_converted_files_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in that "converts" by writing each input's number as the output: `--outdir DIR 0.doc …`
    body = 'while [ "$1" != "--outdir" ]; do shift; done; out=$2; shift 2\n'
    body += 'for f in "$@"; do n=$(basename "$f" .doc); echo "$n" > "$out/$n.docx"; done\n'
    calls = tmp_path / "calls"
    monkeypatch.setattr(
        convert_module, "find_soffice", lambda: _script(tmp_path, f"echo x >> {calls}\n{body}")
    )
    first, second = _job(tmp_path, "a.doc"), Job(_job(tmp_path, "b.wps").source, "docx", "1" * 64)
    converter = LibreOffice(tmp_path / "cache", timeout=30)

    assert converter.convert_all([first, second]) == {}
    assert converter.convert_all([first, second]) == {}  # cached: LibreOffice not started again
    assert calls.read_text() == "x\n"
    assert (converter.cached(first).read_text(), converter.cached(second).read_text()) == ("0\n", "1\n")
    assert sorted(p.name for p in (tmp_path / "cache" / "converted").iterdir()) == [
        "0" * 64 + ".docx",
        "1" * 64 + ".docx",
    ]
