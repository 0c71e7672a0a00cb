"""The test-wide network guard in conftest.py refuses non-loopback connections."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkBlocked


def test_network_guard_refuses_outside_addresses() -> None:
    with socket.socket() as sock, pytest.raises(NetworkBlocked):
        sock.connect(("192.0.2.1", 443))


def test_network_guard_allows_loopback() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())
