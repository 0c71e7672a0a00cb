"""What every request of one run shares: a fatal error, a rate-limit pause, a mode fallback.

- `stop(error)`: the first fatal error is latched; every later `before_request` raises it, so
  after a wrong key each worker sends at most the one request it already had in flight.
- `pause(seconds)`: a 429 pauses *all* requests of the run until the server's reset time, not
  just the one that hit it (they would all hit the same limit).
- `fall_back_to_json()`: a 400 naming `tool_choice` switches the run to `json` mode, once, with
  one warning.

The gate is thread-safe: reports extracted at the same time run in different threads, each with
its own event loop, and share one client (and so one gate).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time

from pipeline.core.errors import LLMFatalError

log = logging.getLogger(__name__)


class RunGate:
    def __init__(self, mode: str) -> None:
        self._lock = threading.Lock()
        self._fatal: LLMFatalError | None = None
        self._resume_at = 0.0
        self.mode = mode

    @property
    def fatal(self) -> LLMFatalError | None:
        return self._fatal

    def stop(self, error: LLMFatalError) -> LLMFatalError:
        """Latch `error` (the first one wins) and return the latched one."""
        with self._lock:
            if self._fatal is None:
                self._fatal = error
            return self._fatal

    def pause(self, seconds: float) -> None:
        with self._lock:
            self._resume_at = max(self._resume_at, time.monotonic() + seconds)

    def fall_back_to_json(self, reason: str) -> bool:
        """Switch to json mode; True the first time (the caller then resends)."""
        with self._lock:
            if self.mode == "json":
                return False
            log.warning(
                "the endpoint refused the forced tool call (%s); json mode for the rest of the run", reason
            )
            self.mode = "json"
            return True

    async def before_request(self) -> None:
        """Raise the latched fatal error, or wait out a run-wide rate-limit pause."""
        while True:
            if self._fatal is not None:
                raise self._fatal
            wait = self._resume_at - time.monotonic()
            if wait <= 0:
                return
            await asyncio.sleep(wait)
