"""`watch`: progress lines for a block that runs long, on an injected clock."""

from __future__ import annotations

from pipeline.batch.slow import SLOW_AFTER, SLOW_EVERY, watch


def test_watch_reports_after_the_first_pause_then_every_interval_on_an_injected_clock() -> None:
    now = [100.0]
    pauses: list[float] = []

    def pause(seconds: float) -> bool:
        pauses.append(seconds)
        now[0] += seconds
        return len(pauses) == 4  # the block ends during the fourth pause

    reported: list[float] = []
    with watch(reported.append, clock=lambda: now[0], pause=pause):
        pass  # the thread runs its whole fake schedule; leaving the block joins it
    after, every = SLOW_AFTER, SLOW_EVERY
    assert pauses == [after, every, every, every]
    assert reported == [after, after + every, after + 2 * every]
