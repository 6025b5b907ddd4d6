import socket

import pytest
from conftest import NetworkBlocked


def test_a_connection_beyond_loopback_fails_the_test_run() -> None:
    with pytest.raises(NetworkBlocked), socket.create_connection(("203.0.113.7", 443), timeout=1):
        pass


def test_loopback_stays_allowed() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass
