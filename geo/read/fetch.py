"""Fetching one web page for the app, only when the user ticks "online".

Three guards, each because a real page or attacker got past a weaker one:

* **one deadline** for the whole fetch — name lookup, connect, TLS handshake, request, headers
  and body, across every redirect hop. A per-read timeout is not enough: a server
  sending one byte per second never lets a single read time out.
* **public addresses only**: the host is resolved once, every address is judged
  (IPv6 forms that embed an IPv4 address — IPv4-mapped, IPv4-compatible, 6to4,
  Teredo, NAT64 — are judged by the IPv4 inside), and the connection goes to the
  address that was judged, so DNS cannot answer differently the second time.
* **a size cap**, checked against ``Content-Length`` and again while reading.

>>> public_address("2002:7f00:1::")          # 6to4 wrapping 127.0.0.1
False
>>> fetch_url("file:///etc/passwd")
Traceback (most recent call last):
...
geo.errors.InputError: only http:// and https:// addresses can be fetched, not 'file:///etc/passwd'
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
TIMEOUT = 10.0  # seconds for everything: a news page arrives in well under one
Resolve = Callable[[str, int], list[str]]
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


@dataclass(frozen=True, slots=True)
class Fetched:
    """A page fetched by :func:`fetch_url`: where it ended up, its bytes and declared type."""

    url: str
    data: bytes
    content_type: str | None


# ---------------------------------------------------------------- which addresses may be fetched

def embedded_ipv4(address: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries inside it, if it is one of the forms that do.

    >>> [str(embedded_ipv4(a)) for a in ("::ffff:10.0.0.1", "::127.0.0.1", "2002:c0a8:101::1",
    ...                                  "64:ff9b::a9fe:a9fe", "2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    ['10.0.0.1', '127.0.0.1', '192.168.1.1', '169.254.169.254', '192.0.2.45']
    >>> embedded_ipv4("2606:4700::1111") is None and embedded_ipv4("8.8.8.8") is None
    True
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped:  # ::ffff:a.b.c.d
        return ip.ipv4_mapped
    if ip.sixtofour:  # 2002:AABB:CCDD::/48
        return ip.sixtofour
    if ip.teredo:  # 2001:0::/32; the client address is the one a tunnel would reach
        return ip.teredo[1]
    if any(ip in net for net in _NAT64) or (int(ip) >> 32 == 0 and int(ip) > 1):  # NAT64 and ::a.b.c.d
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local
                                 or ip.is_private or ip.is_unspecified)


def public_address(address: str) -> bool:
    """True for an address on the public internet; False for private, loopback, link-local, multicast, reserved.

    An IPv6 address wrapping an IPv4 one is public only when both are.

    >>> [public_address(a) for a in ("93.184.215.14", "127.0.0.1", "10.1.2.3", "169.254.169.254", "::1",
    ...                              "224.0.0.1", "240.0.0.1", "::ffff:192.168.0.1", "2606:4700::1111",
    ...                              "2002:7f00:1::", "64:ff9b::7f00:1", "::10.0.0.1")]
    [True, False, False, False, False, False, False, False, True, False, False, False]
    """
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    inner = embedded_ipv4(str(ip))
    if ip.version == 6 and ip.ipv4_mapped:
        return _global(ip.ipv4_mapped)  # ::ffff:0:0/96 is "reserved" as IPv6; its meaning is the IPv4 inside
    return _global(ip) and (inner is None or _global(inner))


def _describe(address: str) -> str:
    inner = embedded_ipv4(address) if _is_ip(address) else None
    return f"{address} (= {inner})" if inner else address


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


# ---------------------------------------------------------------- the fetch

def fetch_url(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES, resolve: Resolve = _resolve,
              allow: Callable[[str], bool] = public_address) -> Fetched:
    """GET an http(s) page for extraction, refusing anything but the public internet.

    ``timeout`` bounds the whole fetch, redirects and name resolution included.
    ``resolve`` and ``allow`` are injected by tests, which serve pages from 127.0.0.1.

    Raises
    ------
    InputError
        A bad scheme, a private or local address, a page over ``max_bytes``, an HTTP error,
        a slow server, a dead network: each is one line the app can show as it is.
    """
    if timeout <= 0:
        raise InputError(f"the fetch timeout must be positive, got {timeout}")
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        status, headers, data = _get_once(url, deadline=deadline, timeout=timeout, max_bytes=max_bytes,
                                          resolve=resolve, allow=allow)
        if status in (301, 302, 303, 307, 308) and headers.get("location"):
            url = urljoin(url, headers["location"])
            continue
        if status >= 400:
            raise InputError(f"{url}: the server answered HTTP {status}")
        return Fetched(url, data, headers.get("content-type"))
    raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _checked_addresses(url: str, resolve: Resolve, allow: Callable[[str], bool], deadline: float
                       ) -> tuple[Any, int, list[str]]:
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:  # "http://host:99999/"
        raise InputError(f"{url!r} has a bad port number") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"only http:// and https:// addresses can be fetched, not {url!r}")
    try:
        addresses = _within(deadline, resolve, parts.hostname, port)
    except _Expired:
        raise
    except (OSError, UnicodeError) as exc:
        raise InputError(f"{parts.hostname}: cannot resolve the host ({_said(exc)})") from exc
    refused = [a for a in addresses if not allow(a)]
    if refused or not addresses:
        raise InputError(f"{parts.hostname} resolves to a private or local address "
                         f"({', '.join(map(_describe, refused)) or 'none'}); only public web pages can be fetched")
    return parts, port, addresses


def _get_once(url: str, *, deadline: float, timeout: float, max_bytes: int, resolve: Resolve,
              allow: Callable[[str], bool]) -> tuple[int, dict[str, str], bytes]:
    too_slow = InputError(f"{url}: the server took too long (more than {timeout:g} s for the whole page)")
    try:
        parts, port, addresses = _checked_addresses(url, resolve, allow, deadline)
    except _Expired as exc:
        raise too_slow from exc
    connection = _pinned(parts.scheme, parts.hostname, addresses[0], port, deadline)
    response = None
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"User-Agent": "StrikeMap/0.1 (article reader)",
                                                 "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"})
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        if _content_length(headers) > max_bytes:
            raise InputError(f"{url}: the page is larger than {_mb(max_bytes)}")
        return response.status, headers, _read_limited(response, url, max_bytes)
    except (TimeoutError, _Expired) as exc:
        raise too_slow from exc
    except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
        raise InputError(f"{url}: cannot fetch the page ({_said(exc)})") from exc
    finally:
        if response is not None:
            response.close()
        connection.close()


def _said(exc: BaseException) -> str:
    """An error's text as one short line: servers put anything in a status line, newlines included."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:160] + "…"


def _within(deadline: float, function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)`` if it returns before the deadline (the system resolver cannot be interrupted,
    so it finishes in a daemon thread that nobody waits for)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 — handed to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True, name="strikemap-resolve")
    worker.start()
    worker.join(_remaining(deadline))
    if worker.is_alive():
        raise _Expired("name resolution")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _content_length(headers: dict[str, str]) -> int:
    try:
        return int(headers.get("content-length") or 0)
    except ValueError:
        return 0  # a nonsense length: the read below still stops at max_bytes


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def _read_limited(response: Any, url: str, max_bytes: int) -> bytes:
    """The body, refusing more than ``max_bytes`` (the deadline is enforced by the socket)."""
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url}: the page is larger than {_mb(max_bytes)}")
    return b"".join(chunks)


# ---------------------------------------------------------------- a connection that cannot outlive the deadline

class _Expired(TimeoutError):
    """The overall deadline passed between two reads."""


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Expired("deadline passed")
    return left


class _DeadlineRaw(io.RawIOBase):
    """Socket reads that each may wait only for what is left of the deadline."""

    def __init__(self, owner: _DeadlineSocket) -> None:
        self._owner = owner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        sock = self._owner.sock
        sock.settimeout(_remaining(self._owner.deadline))
        return sock.recv_into(buffer)

    def close(self) -> None:
        if not self.closed:
            self._owner.release()
        super().close()


class _DeadlineSocket:
    """What ``http.client`` needs of a socket (sendall, makefile, close), every call bounded by the deadline.

    Like :meth:`socket.socket.makefile`, a reader keeps the socket open after
    ``close()`` until the reader is closed too (``http.client`` closes the
    connection as soon as the headers say it will not be reused).
    """

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock, self.deadline = sock, deadline
        self._readers, self._closing = 0, False

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(_remaining(self.deadline))
        self.sock.sendall(data)

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        self._readers += 1
        return io.BufferedReader(_DeadlineRaw(self))

    def release(self) -> None:
        self._readers -= 1
        if self._closing and self._readers <= 0:
            self.sock.close()

    def close(self) -> None:
        self._closing = True
        if self._readers <= 0:
            self.sock.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def _handshake(sock: socket.socket, host: str, deadline: float) -> ssl.SSLSocket:
    """TLS on ``sock`` within the deadline (a blocking handshake would time out per read, not overall)."""
    wrapped = ssl.create_default_context().wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    wrapped.setblocking(False)
    while True:
        try:
            wrapped.do_handshake()
            return wrapped
        except ssl.SSLWantReadError:
            ready = select.select([wrapped], [], [], _remaining(deadline))[0]
        except ssl.SSLWantWriteError:
            ready = select.select([], [wrapped], [], _remaining(deadline))[1]
        if not ready:
            raise _Expired("TLS handshake")


def _pinned(scheme: str, host: str, address: str, port: int, deadline: float) -> http.client.HTTPConnection:
    """A connection to ``address`` (the one we checked), not to whatever DNS says now."""
    base = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection

    class Pinned(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            sock = socket.create_connection((address, port), _remaining(deadline))
            try:
                if scheme == "https":
                    sock = _handshake(sock, host, deadline)
            except BaseException:
                sock.close()
                raise
            self.sock = _DeadlineSocket(sock, deadline)

    return Pinned(host, port, timeout=max(deadline - time.monotonic(), 0.001))
