"""The test-wide network guard in conftest.py refuses non-loopback connections."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlocked, live_configured


def test_network_guard_refuses_outside_addresses() -> None:
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("192.0.2.1", 443))


def test_network_guard_allows_loopback() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())


LIVE = {
    "PIPELINE_LLM_BASE_URL": "https://api.example.test/v1",
    "PIPELINE_LLM_MODEL": "some-model",
    "PIPELINE_LLM_API_KEY": "sk-live-0000",
}


def test_live_tests_need_endpoint_model_and_key_from_pipeline_settings() -> None:
    assert live_configured(LIVE)
    for name in LIVE:
        assert not live_configured({k: v for k, v in LIVE.items() if k != name})


def test_openai_variables_alone_never_enable_live_tests() -> None:
    openai_only = {"OPENAI_API_KEY": "sk-other-tool", "OPENAI_BASE_URL": "https://api.example.test/v1"}
    assert not live_configured(openai_only)
    assert not live_configured(openai_only | {"PIPELINE_LLM_MODEL": "some-model"})
