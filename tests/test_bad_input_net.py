"""The bad-input matrix, part 2: fetching a URL (the app's "online" box) against hostile addresses and servers.

Real sockets on 127.0.0.1 stand in for the internet. Each row asserts one
:class:`~geo.errors.InputError` of one line (the app shows it as it is), that
no request reached a server it must not reach, and that a slow or endless
server was cut off before it had sent everything.
"""

from __future__ import annotations

import gzip

import pytest

from geo.errors import InputError
from geo.read.fetch import fetch_url
from tests.local_servers import LocalServer, after, drip, endless, page, silent

ARTICLE = b"Turkish drones struck a village near Sinjar in Iraq on Monday, officials said."


def _one_line(exc: pytest.ExceptionInfo) -> str:
    text = str(exc.value)
    assert "\n" not in text and "Traceback" not in text and len(text) < 400, text
    return text


# ---------------------------------------------------------------- SSRF: addresses that must never be fetched

SSRF_HOSTS = [  # (id, host as written in the URL): all loopback, private or local, some in disguise
    ("loopback", "127.0.0.1"), ("loopback short", "127.1"), ("loopback decimal", "2130706433"),
    ("loopback hex", "0x7f000001"), ("loopback octal", "0177.0.0.1"), ("localhost", "localhost"),
    ("localhost upper case", "LOCALHOST"), ("any address", "0.0.0.0"), ("ipv6 loopback", "[::1]"),
    ("ipv6 any", "[::]"), ("ipv4-mapped", "[::ffff:127.0.0.1]"), ("ipv4-mapped hex", "[::ffff:7f00:1]"),
    ("ipv4-compatible", "[::127.0.0.1]"), ("6to4", "[2002:7f00:1::]"), ("nat64", "[64:ff9b::7f00:1]"),
    ("teredo", "[2001:0:4136:e378:8000:63bf:80ff:fffe]"), ("private 10/8", "10.0.0.1"),
    ("private 192.168/16", "192.168.0.1"), ("private 172.16/12", "172.16.5.4"), ("cloud metadata", "169.254.169.254"),
    ("shared address space", "100.64.0.1"), ("link-local v6", "[fe80::1]"), ("unique local v6", "[fd00::1]"),
    ("multicast", "224.0.0.1"), ("broadcast", "255.255.255.255"),
]


@pytest.fixture(scope="module")
def bait():
    """A server that must never be asked for anything."""
    with LocalServer(after(0, page(b"internal secret"))) as server:
        yield server


@pytest.mark.parametrize("host", [pytest.param(row[1], id=row[0]) for row in SSRF_HOSTS])
def test_private_and_local_addresses_are_refused_before_connecting(bait, host):
    before = len(bait.requests)
    with pytest.raises(InputError, match="private or local address|cannot resolve") as caught:
        fetch_url(f"http://{host}:{bait.port}/admin", timeout=2)  # the real resolver: these need no DNS
    _one_line(caught)
    assert len(bait.requests) == before


@pytest.mark.parametrize("url", [
    pytest.param("http://example.org@127.0.0.1:{port}/", id="userinfo pointing home"),
    pytest.param("http://127.0.0.1:{port}#@example.org/", id="fragment disguise"),
    pytest.param("http://127.0.0.1:{port}\\@example.org/", id="backslash disguise"),
])
def test_url_disguises_are_judged_by_the_real_host(bait, url):
    before = len(bait.requests)
    with pytest.raises(InputError) as caught:
        fetch_url(url.format(port=bait.port), timeout=2)
    _one_line(caught)
    assert len(bait.requests) == before


@pytest.mark.parametrize("url", [
    pytest.param("file:///etc/passwd", id="file scheme"), pytest.param("ftp://example.org/a", id="ftp scheme"),
    pytest.param("javascript:alert(1)", id="javascript scheme"), pytest.param("gopher://127.0.0.1:70/", id="gopher"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data scheme"),
    pytest.param("http://example.org:99999/", id="port out of range"), pytest.param("", id="empty url"),
])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(InputError, match="only http|bad port") as caught:
        fetch_url(url, timeout=2)
    _one_line(caught)


def _local(**kwargs):
    """Pretend the test server is public: resolve every name to it and allow loopback only."""
    return {"resolve": lambda host, port: ["127.0.0.1"], "allow": lambda address: address == "127.0.0.1", **kwargs}


@pytest.mark.parametrize("location", [
    pytest.param("http://169.254.169.254/latest/meta-data/", id="redirect to cloud metadata"),
    pytest.param("http://[2002:a9fe:a9fe::]/", id="redirect to 6to4 metadata"),
    pytest.param("file:///etc/passwd", id="redirect to a file"),
    pytest.param("gopher://127.0.0.1:11211/", id="redirect to gopher"),
])
def test_redirects_are_judged_like_the_first_address(location):
    def resolve(host, port):
        return ["127.0.0.1"] if host == "news.test" else [host.strip("[]")]

    with LocalServer(after(0, page(b"", status="302 Found", headers={"Location": location}))) as server:
        with pytest.raises(InputError, match="private or local|only http") as caught:
            fetch_url(server.url("/", "news.test"), timeout=5, resolve=resolve,
                      allow=lambda address: address == "127.0.0.1")
    _one_line(caught)


# ---------------------------------------------------------------- slow, silent, endless and broken servers

def _drip_body():
    return drip(b"x" * 60, every=0.05, head=b"HTTP/1.0 200 OK\r\nContent-Length: 60\r\n\r\n")


def _chain(hops):
    """``hops`` servers each answering after 0.35 s, redirecting to the next; the last serves the article."""
    servers = [LocalServer(after(0.35, page(ARTICLE)))]
    for _ in range(hops - 1):
        servers.append(LocalServer(after(0.35, page(b"", status="302 Found",
                                                    headers={"Location": servers[-1].url("/next")}))))
    return servers


SLOW = [  # (id, script, timeout, max_bytes, expected message)
    ("body at 20 bytes/s", _drip_body(), 0.6, None, r"took too long"),
    ("headers at 50 bytes/s", drip(b"HTTP/1.0 200 OK\r\nX-Slow: " + b"y" * 300 + b"\r\n\r\n", every=0.02), 0.6,
     None, r"took too long"),
    ("status line never finished", drip(b"HTTP/1.0 200", every=0.1), 0.5, None, r"took too long"),
    ("silent after accept", silent(), 0.5, None, r"took too long"),
    ("endless body", endless(), 10, 512 * 1024, r"larger than"),
    ("declared 100 GB", after(0, b"HTTP/1.0 200 OK\r\nContent-Length: 100000000000\r\n\r\nxx"), 5, None,
     r"larger than 5 MB"),
    ("chunked endless", endless(b"10000\r\n" + b"z" * 65536 + b"\r\n",
                                head=b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), 10, 512 * 1024,
     r"larger than"),
    ("header line of 70 KB", after(0, b"HTTP/1.0 200 OK\r\nX-Big: " + b"h" * 70_000 + b"\r\n\r\n"), 5, None,
     r"cannot fetch"),
    ("200 headers", after(0, b"HTTP/1.0 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n"), 5, None, r"cannot fetch"),
    ("not http at all", after(0, b"SSH-2.0-OpenSSH_9.6\r\n"), 5, None, r"cannot fetch"),
    ("hang up before answering", after(0, b""), 5, None, r"cannot fetch"),
    ("HTTP 500", after(0, page(b"<h1>boom</h1>", status="500 Internal Server Error")), 5, None, r"HTTP 500"),
    ("HTTP 404", after(0, page(b"nope", status="404 Not Found")), 5, None, r"HTTP 404"),
    ("redirect without end", None, 5, None, r"more than 3 redirects"),
]


@pytest.mark.parametrize(("script", "timeout", "max_bytes", "pattern"),
                         [pytest.param(*row[1:], id=row[0]) for row in SLOW])
def test_misbehaving_servers_are_one_line(script, timeout, max_bytes, pattern):
    if script is None:  # every answer redirects to itself
        server = LocalServer(lambda conn, stop: conn.sendall(page(b"", status="302 Found",
                                                                  headers={"Location": "/again"})))
    else:
        server = LocalServer(script)
    options = {"max_bytes": max_bytes} if max_bytes else {}
    with server, pytest.raises(InputError, match=pattern) as caught:
        fetch_url(server.url(), timeout=timeout, **_local(**options))
    _one_line(caught)


def test_slow_hops_add_up_to_one_deadline():
    servers = _chain(3)  # 3 x 0.35 s, each hop far inside the timeout
    for server in servers:
        server.__enter__()
    try:
        with pytest.raises(InputError, match="took too long") as caught:
            fetch_url(servers[-1].url("/start"), timeout=0.8, **_local())
        _one_line(caught)
    finally:
        for server in servers:
            server.__exit__()


def test_a_compressed_bomb_is_never_inflated():
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros in ~20 KB
    script = after(0, page(bomb, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}))
    with LocalServer(script) as server:
        got = fetch_url(server.url(), timeout=5, **_local())
    assert got.data == bomb  # stored as sent, never decompressed: the reader then refuses it as binary
    from geo.read.text import read_bytes

    with pytest.raises(InputError, match="binary|not .*text"):
        read_bytes(got.data, name="page")
