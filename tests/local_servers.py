"""Misbehaving web servers on 127.0.0.1 for the fetch tests: slow, silent, huge, redirecting.

Each server is a real listening socket served by a thread; a *script* decides
what every accepted connection receives. Scripts stop writing as soon as the
client hangs up or the server is closed, so a test never waits on them.

>>> with LocalServer(lambda conn, stop: conn.sendall(b"HTTP/1.0 200 OK\\r\\n\\r\\nhi")) as server:
...     server.url("/x").startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

Script = Callable[[socket.socket, threading.Event], None]


class LocalServer:
    """A TCP server on 127.0.0.1 running ``script(connection, stop)`` for each client."""

    def __init__(self, script: Script) -> None:
        self.script = script
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.requests: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str = "/", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self._thread.join(timeout=5)
        self.sock.close()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2)
            try:
                self.requests.append(conn.recv(65536))
                self.script(conn, self.stop)
            except OSError:
                pass  # the client gave up: exactly what a deadline should do


def drip(data: bytes, *, every: float, head: bytes = b"") -> Script:
    """Send ``head`` at once, then ``data`` one byte every ``every`` seconds."""

    def script(conn: socket.socket, stop: threading.Event) -> None:
        if head:
            conn.sendall(head)
        for i in range(len(data)):
            if stop.wait(every):
                return
            conn.sendall(data[i:i + 1])

    return script


def after(delay: float, data: bytes) -> Script:
    """Wait ``delay`` seconds, then send ``data`` and hang up."""

    def script(conn: socket.socket, stop: threading.Event) -> None:
        if not stop.wait(delay):
            conn.sendall(data)

    return script


def silent() -> Script:
    """Accept and say nothing until the server closes."""

    def script(conn: socket.socket, stop: threading.Event) -> None:
        stop.wait(30)

    return script


def endless(chunk: bytes = b"x" * 65536, *, head: bytes = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
            ) -> Script:
    """A body that never ends, sent as fast as the client reads."""

    def script(conn: socket.socket, stop: threading.Event) -> None:
        conn.sendall(head)
        started = time.monotonic()
        while not stop.is_set() and time.monotonic() - started < 30:
            conn.sendall(chunk)

    return script


def page(body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None) -> bytes:
    """The bytes of a whole HTTP/1.0 response."""
    lines = [f"HTTP/1.0 {status}"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
