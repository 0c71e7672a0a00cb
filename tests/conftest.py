"""Test-wide guards.

No test reaches the network: any socket connection to a non-loopback address fails loudly (the
LLM path is tested against a real HTTP server on 127.0.0.1). Tests marked `live` need a real
model and are skipped unless `PIPELINE_LLM_*` names an endpoint, a model and a key
(`live_configured`). `OPENAI_API_KEY` alone never counts: the product never sends report text
on the strength of a variable set for another tool, and neither do the tests.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(RuntimeError):
    pass


def _is_loopback(address: object) -> bool:
    if isinstance(address, str):  # AF_UNIX path
        return True
    if not isinstance(address, tuple) or not address:
        return False
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_loopback(address):
        raise NetworkBlocked(f"test tried to reach the network: {address!r}")
    _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_loopback(address):
        raise NetworkBlocked(f"test tried to reach the network: {address!r}")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


LIVE_SETTINGS = ("PIPELINE_LLM_BASE_URL", "PIPELINE_LLM_MODEL", "PIPELINE_LLM_API_KEY")


def live_configured(env: Mapping[str, str]) -> bool:
    """True when `env` names the live endpoint, model and key, all through PIPELINE_LLM_*."""
    return all(env.get(name) for name in LIVE_SETTINGS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if live_configured(os.environ):
        return
    skip = pytest.mark.skip(reason=f"live: needs {', '.join(LIVE_SETTINGS)} (OPENAI_* never counts)")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's PIPELINE_* settings or writes the real cache (live tests keep
    the endpoint settings they need)."""
    if request.node.get_closest_marker("live"):
        return
    for key in list(os.environ):
        if key.startswith(("PIPELINE_", "SLURM_ARRAY_")) or key in {
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            "JOB_COMPLETION_INDEX",  # a test run inside a cluster job must not shard its ingests
        }:
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path / "llm-cache"))
