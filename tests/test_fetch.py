"""The URL fetcher against real misbehaving servers on 127.0.0.1: one deadline, one size cap, public addresses only.

Slow-server tests prove the fetch gave up early without timing it: the server
counts what it managed to send, and a fetch that waited for everything would
have let it send it all.
"""

from __future__ import annotations

import threading

import pytest

from geo.app import dataset
from geo.errors import InputError
from geo.read import fetch
from geo.read.fetch import embedded_ipv4, fetch_url, public_address
from tests.local_servers import LocalServer, after, drip, endless, page, silent

ARTICLE = b"Turkish drones struck a village near Sinjar in Iraq on Monday, officials said."


def local():
    """Resolve ``host`` to the local server and allow loopback, as the app would a public address."""
    return {"resolve": lambda name, port: ["127.0.0.1"], "allow": lambda address: True}


class Counting:
    """A script wrapper counting the bytes the server managed to send."""

    def __init__(self, script):
        self.sent = 0
        self.script = script

    def __call__(self, conn, stop):
        real = conn.sendall
        counter = self

        class Wrapped:
            def sendall(self, data):
                real(data)
                counter.sent += len(data)

            def __getattr__(self, name):
                return getattr(conn, name)

        self.script(Wrapped(), stop)


def test_dataset_still_exports_the_fetcher():
    assert dataset.fetch_url is fetch_url and dataset.public_address is public_address


def test_a_page_within_the_deadline_is_read():
    with LocalServer(after(0, page(ARTICLE, headers={"Content-Type": "text/plain"}))) as server:
        got = fetch_url(server.url("/a", "news.test"), timeout=5, **local())
    assert got.data == ARTICLE and got.content_type == "text/plain"
    assert b"Host: news.test" in server.requests[0]  # connected to the checked address, named the real host


def test_a_body_dripping_one_byte_at_a_time_is_cut_at_the_deadline():
    body = b"x" * 100
    script = Counting(drip(body, every=0.05, head=b"HTTP/1.0 200 OK\r\nContent-Length: 100\r\n\r\n"))
    with LocalServer(script) as server, pytest.raises(InputError, match="took too long"):
        fetch_url(server.url(), timeout=0.8, **local())
    assert script.sent < 60 + len(body)  # the fetch hung up long before the body was complete


def test_headers_dripping_are_cut_at_the_deadline():
    head = b"HTTP/1.0 200 OK\r\n" + b"X-Slow: " + b"y" * 200 + b"\r\n\r\n"
    script = Counting(drip(head, every=0.02))
    with LocalServer(script) as server, pytest.raises(InputError, match="took too long"):
        fetch_url(server.url(), timeout=0.6, **local())
    assert script.sent < len(head)


def test_a_silent_server_is_cut_at_the_deadline():
    with LocalServer(silent()) as server, pytest.raises(InputError, match=r"took too long \(more than 0.5 s"):
        fetch_url(server.url(), timeout=0.5, **local())


def test_the_deadline_covers_every_redirect_hop():
    # Each hop answers in 0.4 s, well inside the 1 s timeout; together they take 1.2 s.
    with LocalServer(after(0.4, page(ARTICLE))) as last:
        with LocalServer(after(0.4, page(b"", status="302 Found", headers={"Location": last.url("/c")}))) as middle:
            first_page = page(b"", status="302 Found", headers={"Location": middle.url("/b")})
            with LocalServer(after(0.4, first_page)) as first:
                with pytest.raises(InputError, match="took too long"):
                    fetch_url(first.url("/a"), timeout=1.0, **local())
                assert fetch_url(first.url("/a"), timeout=10, **local()).data == ARTICLE  # the chain itself works


def test_an_endless_body_stops_at_the_size_cap():
    with LocalServer(endless()) as server, pytest.raises(InputError, match="larger than 1 MB"):
        fetch_url(server.url(), timeout=10, max_bytes=1024 * 1024, **local())


def test_a_declared_huge_length_is_refused_before_reading():
    script = Counting(drip(b"x" * 50, every=0.05,
                           head=b"HTTP/1.0 200 OK\r\nContent-Length: 99999999999\r\n\r\n"))
    with LocalServer(script) as server, pytest.raises(InputError, match="larger than 5 MB"):
        fetch_url(server.url(), timeout=10, **local())
    assert script.sent < 100


@pytest.mark.parametrize("status", ["404 Not Found", "500 Internal Server Error"])
def test_http_errors_are_one_line(status):
    with LocalServer(after(0, page(b"<h1>oops</h1>", status=status))) as server:
        with pytest.raises(InputError, match=f"answered HTTP {status[:3]}$") as caught:
            fetch_url(server.url(), timeout=5, **local())
    assert "\n" not in str(caught.value)


def test_a_header_line_past_http_client_limits_is_one_line():
    head = b"HTTP/1.0 200 OK\r\nX-Huge: " + b"z" * 70000 + b"\r\n\r\n"
    with LocalServer(after(0, head)) as server, pytest.raises(InputError, match="cannot fetch the page"):
        fetch_url(server.url(), timeout=5, **local())


def test_garbage_instead_of_http_is_one_line():
    with LocalServer(after(0, b"\x00\xff SSH-2.0-OpenSSH\r\n")) as server:
        with pytest.raises(InputError, match="cannot fetch the page"):
            fetch_url(server.url(), timeout=5, **local())


def test_a_closed_port_is_one_line():
    with LocalServer(silent()) as server:
        port = server.port
    with pytest.raises(InputError, match="cannot fetch the page"):
        fetch_url(f"http://news.test:{port}/", timeout=5, **local())


@pytest.mark.parametrize("url", ["http://news.test:99999/", "http://news.test:x/", "javascript:alert(1)",
                                 "data:text/html,<script>1</script>", "file:///etc/passwd", "gopher://news.test/",
                                 "http:///nohost"])
def test_bad_urls_are_refused(url):
    with pytest.raises(InputError, match="bad port|only http"):
        fetch_url(url)


# ---------------------------------------------------------------- the private-address guard

EMBEDDED = [  # (address, the IPv4 inside)
    ("::ffff:127.0.0.1", "127.0.0.1"), ("::ffff:a9fe:a9fe", "169.254.169.254"),  # IPv4-mapped
    ("::127.0.0.1", "127.0.0.1"), ("::10.0.0.1", "10.0.0.1"),  # IPv4-compatible (deprecated, still routed by some)
    ("2002:7f00:1::", "127.0.0.1"), ("2002:c0a8:101::1", "192.168.1.1"), ("2002:a9fe:a9fe::", "169.254.169.254"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),  # Teredo: the client address, obfuscated
    ("64:ff9b::7f00:1", "127.0.0.1"), ("64:ff9b::a00:1", "10.0.0.1"), ("64:ff9b:1::a9fe:a9fe", "169.254.169.254"),
]


@pytest.mark.parametrize(("address", "inner"), EMBEDDED)
def test_embedded_ipv4_is_decoded_and_judged(address, inner):
    assert str(embedded_ipv4(address)) == inner
    assert public_address(address) is False


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "2a00:1450:4001:80b::200e",
                                     "2002:5db8:d70e::1", "::ffff:93.184.215.14"])
def test_public_addresses_pass(address):
    assert public_address(address) is True


def test_the_refusal_names_the_inner_address():
    with pytest.raises(InputError, match=r"2002:7f00:1:: \(= 127\.0\.0\.1\)"):
        fetch_url("http://sneaky.test/", resolve=lambda host, port: ["2002:7f00:1::"])


def test_unparseable_addresses_are_not_public():
    assert public_address("not-an-address") is False


@pytest.mark.parametrize("host", ["127.1", "2130706433", "0x7f000001", "0177.0.0.1", "localhost", "[::1]",
                                  "[::ffff:7f00:1]", "[2002:7f00:1::]", "[::127.0.0.1]", "[64:ff9b::7f00:1]",
                                  "0.0.0.0", "[::]"])
def test_loopback_in_any_spelling_never_reaches_a_local_server(host):
    """The real resolver (no DNS needed: these are numeric or /etc/hosts) and the default guard."""
    with LocalServer(after(0, page(b"secret"))) as server:
        with pytest.raises(InputError, match="private or local|cannot resolve"):
            fetch_url(f"http://{host}:{server.port}/", timeout=2)
    assert server.requests == []


def test_a_redirect_to_an_embedded_private_address_is_refused():
    location = "http://[2002:a9fe:a9fe::]/latest/meta-data/"
    with LocalServer(after(0, page(b"", status="302 Found", headers={"Location": location}))) as server:
        resolve = {"news.test": ["127.0.0.1"]}

        def resolver(host, port):
            return resolve.get(host) or fetch._resolve(host, port)

        with pytest.raises(InputError, match=r"private or local address \(2002:a9fe:a9fe:: \(= 169\.254"):
            fetch_url(server.url("/", "news.test"), timeout=5, resolve=resolver,
                      allow=lambda a: a == "127.0.0.1" or public_address(a))


def test_two_fetches_at_once_keep_their_own_deadlines():
    results = {}
    with LocalServer(silent()) as slow, LocalServer(after(0, page(ARTICLE))) as fast:
        def run(name, url, timeout):
            try:
                results[name] = fetch_url(url, timeout=timeout, **local()).data
            except InputError as exc:
                results[name] = str(exc)

        threads = [threading.Thread(target=run, args=("slow", slow.url(), 0.5)),
                   threading.Thread(target=run, args=("fast", fast.url(), 5))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results["fast"] == ARTICLE and "took too long" in results["slow"]


def test_a_tls_server_that_never_answers_the_handshake_is_cut_at_the_deadline():
    with LocalServer(silent()) as server, pytest.raises(InputError, match="took too long"):
        fetch_url(f"https://news.test:{server.port}/", timeout=0.5, **local())


def test_a_tls_server_answering_garbage_is_one_line():
    with LocalServer(after(0, b"HTTP/1.0 200 OK\r\n\r\nnot tls at all")) as server:
        with pytest.raises(InputError, match="cannot fetch the page") as caught:
            fetch_url(f"https://news.test:{server.port}/", timeout=5, **local())
    assert "\n" not in str(caught.value)


def test_a_name_lookup_that_hangs_is_cut_at_the_deadline():
    release = threading.Event()

    def hanging_resolver(host, port):
        release.wait(10)  # a resolver stuck on a dead DNS server
        return ["127.0.0.1"]

    try:
        with pytest.raises(InputError, match="took too long"):
            fetch_url("http://news.test/", timeout=0.3, resolve=hanging_resolver, allow=lambda a: True)
    finally:
        release.set()
