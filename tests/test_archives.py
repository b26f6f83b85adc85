"""Web archives and JSON lines in: every article read once, every bad record one line, the rest still read.

The WARC files are written here with warcio's own writer; the pages and their sentences are ours.
"""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from datetime import date

import pytest

from geo.extract.pipeline import Pipeline, expand_paths
from geo.models import Article
from geo.read.archives import Record, Slice, plan, read_slice, slices_of

from .conftest import ROOT

CAPTURED = "2024-03-20T09:30:00Z"


def page(title: str, body: str, *, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f"<!doctype html><html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>Residents described loud blasts and smoke over the area for hours afterwards.</p>"
            "</article></body></html>")


QAMISHLI = page("Turkish drones strike depot near Qamishli",
                "Turkish drones struck a depot near Qamishli on Tuesday, officials said.", published="2024-03-14")
TYRE_UNDATED = page("Israeli jets hit Tyre",
                    "Israeli warplanes struck a building in Tyre on Monday, the ministry said.")


def write_warc(path, responses, *, gzip: bool = True, request_first: bool = False) -> None:
    """responses: (uri, content type, status, payload bytes)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for uri, content_type, status, payload in responses:
            if request_first:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", http_headers=request,
                                                              payload=io.BytesIO(b"")))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": CAPTURED}))


def mixed_warc(path, **options) -> None:
    write_warc(path, [
        ("https://news.example/qamishli", "text/html; charset=utf-8", "200 OK", QAMISHLI.encode()),
        ("https://news.example/tyre", "text/html", "200 OK", TYRE_UNDATED.encode()),
        ("https://news.example/logo.png", "image/png", "200 OK", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("https://news.example/gone", "text/html", "404 Not Found", b"<html><body>gone</body></html>"),
        ("https://news.example/broken", "text/html", "200 OK",
         b"<html><body>" + ("café ".encode() + b"\xff\xfe\xfd") * 40),  # some UTF-8, mostly not
    ], **options)


def records(path, **options) -> list[Record]:
    return [r for piece in plan([str(path)], **options) for r in read_slice(piece)]


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_responses_are_articles_and_bad_ones_are_reported(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    mixed_warc(path, gzip=gzip, request_first=True)
    found = records(path)
    assert len(found) == 5  # responses only: the request records are no articles
    qamishli, tyre, logo, gone, broken = found
    assert qamishli.error is None and qamishli.article.url == "https://news.example/qamishli"
    assert qamishli.article.published == date(2024, 3, 14) and qamishli.article.published_source == "metadata"
    assert qamishli.not_after == date(2024, 3, 20)
    # No date in the page: the capture day bounds its strikes, it is not their publication day.
    assert tyre.article.published is None and tyre.not_after == date(2024, 3, 20)
    assert any("capture day 2024-03-20" in w for w in tyre.article.warnings)
    assert logo.article is None and "not an HTML page (image/png)" in logo.error
    assert gone.article is None and "HTTP status 404" in gone.error
    assert broken.article is None and "cannot be decoded" in broken.error
    assert all("record" in r.name for r in found)


def test_a_declared_charset_is_used(tmp_path):
    text = page("Frappes près de Qamishli", "Turkish drones struck a café near Qamishli on Tuesday, officials said.",
                published="2024-03-14")
    write_warc(tmp_path / "latin.warc.gz",
               [("https://news.example/fr", "text/html; charset=ISO-8859-1", "200 OK", text.encode("latin-1"))])
    [record] = records(tmp_path / "latin.warc.gz")
    assert "café" in record.article.text and not record.article.warnings


def test_slices_read_the_same_records_as_the_whole_archive(tmp_path):
    path = tmp_path / "many.warc.gz"
    write_warc(path, [(f"https://news.example/{i}", "text/html", "200 OK", QAMISHLI.encode()) for i in range(7)],
               request_first=True)
    pieces = slices_of(str(path), records_per_slice=3)
    assert [(p.first, p.count, p.articles) for p in pieces] == [(0, 3, 1), (3, 3, 2), (6, 3, 1), (9, 3, 2),
                                                                (12, 2, 1)]
    whole = [r.name for r in read_slice(Slice(str(path)))]
    assert [r.name for p in pieces for r in read_slice(p)] == whole
    assert whole[0] == "many.warc.gz record 2 (https://news.example/0)" and len(whole) == 7


@pytest.mark.parametrize("per_slice", [1, 50])
def test_a_truncated_archive_keeps_what_came_before(tmp_path, per_slice):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [(f"https://news.example/{i}", "text/html", "200 OK", QAMISHLI.encode()) for i in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[:len(data) * 3 // 4])
    found = records(path, records_per_slice=per_slice)
    assert [r.error is None for r in found] == [True, True, False]
    assert "cannot read past record 2" in found[-1].error


def jsonl_lines() -> list[str]:
    return [
        json.dumps({"text": "Russian missiles hit Kharkiv\n\nRussian missiles struck an energy plant in Kharkiv on "
                            "Thursday, the mayor said.", "url": "https://news.example/k", "published": "2024-03-15"}),
        "{not json",
        json.dumps({"title": "a title and nothing else"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"html": QAMISHLI, "title": "Drones over Qamishli", "published": "last week"}),
    ]


def test_jsonl_records(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(("\n".join(jsonl_lines()) + "\n").encode() + b"\xff\xfe{\"text\": 1}\n")
    found = records(path, records_per_slice=2)
    assert [r.name for r in found] == [f"news.jsonl line {n}" for n in (1, 2, 3, 5, 6, 7)]
    kharkiv, bad_json, no_text, a_list, qamishli, undecodable = found
    assert kharkiv.article.published == date(2024, 3, 15) and kharkiv.article.url == "https://news.example/k"
    assert "not valid JSON" in bad_json.error and "no 'text' or 'html'" in no_text.error
    assert "JSON object" in a_list.error and "not UTF-8" in undecodable.error
    assert qamishli.article.title == "Drones over Qamishli"
    assert qamishli.article.published == date(2024, 3, 14)  # the page's own date; 'last week' is no ISO date
    assert any("'published' is not an ISO date" in w for w in qamishli.article.warnings)


def test_folders_include_archives(tmp_path):
    (tmp_path / "news.jsonl").write_text(jsonl_lines()[0] + "\n", encoding="utf-8")
    mixed_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    assert [n.rsplit("/", 1)[1] for n in expand_paths([tmp_path])] == ["crawl.warc.gz", "news.jsonl"]


def test_the_stream_keeps_no_article_alive(gazetteer, tmp_path):
    path = tmp_path / "same.jsonl"
    line = json.loads(jsonl_lines()[0])
    path.write_text("".join(json.dumps({**line, "text": line["text"] + f" Report {i} of the day."}) + "\n"
                            for i in range(12)), encoding="utf-8")
    alive = []

    def count(report) -> None:  # articles hold no cycles: once dropped, reference counting frees them
        alive.append(sum(isinstance(o, Article) for o in gc.get_objects()))

    events = Pipeline(gazetteer).stream([str(path)], on_report=count)
    assert len(alive) == 12 and max(alive) <= 2, alive  # the article being read, and no other
    assert len(events) == 1 and len(events[0].sources) == 12
    assert all(s.evidence for s in events[0].sources)  # the sentences stay; the articles go


def test_cli_reads_archives_and_reports_each_bad_record(gazetteer, tmp_path):
    mixed_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "news.jsonl").write_text("\n".join(jsonl_lines()) + "\n", encoding="utf-8")
    out = tmp_path / "events.parquet"
    result = subprocess.run([sys.executable, "-m", "geo", "extract", str(tmp_path / "crawl.warc.gz"),
                             str(tmp_path / "news.jsonl"), "-o", str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 6, result.stderr  # 3 in the WARC, 3 in the JSON lines
    from geo.formats.parquet import read_parquet

    events = read_parquet(out)
    assert sorted((e.actor, e.target_country, e.place.name) for e in events) == [
        ("IL", "LB", "Tyre"), ("RU", "UA", "Kharkiv"), ("TR", "SY", "Al Qāmishlī")]
    tyre = next(e for e in events if e.actor == "IL")
    assert (tyre.date.earliest, tyre.date.latest) == (None, date(2024, 3, 20))  # capped, not invented
    assert tyre.sources[0].published is None and tyre.sources[0].url == "https://news.example/tyre"
