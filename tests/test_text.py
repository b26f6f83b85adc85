"""Articles in: pasted pages, HTML, Markdown, and bad input that must fail clearly."""

from datetime import date

import pytest

from geo.errors import InputError
from geo.models import Section
from geo.read.text import MAX_BYTES, read_bytes, read_file, read_text

PASTED = """World | Middle East | Opinion | Podcasts
The Evening Courier

Turkish jets strike Kurdish militants in northern Iraq

By Ada Brook | November 21, 2022

A fighter jet takes off from an air base in Diyarbakir, Turkey, November 20, 2022.
COURIER/Ozan Kaya

Turkish warplanes struck militant positions in northern Iraq overnight, the defence ministry said.

The ministry said the operation hit shelters and tunnels used by the PKK.

More from The Evening Courier

Floods hit Valencia as storms batter Spain on March 3, 2025.
"""


def test_pasted_page_sections():
    article = read_text(PASTED)
    sections = {p.text.split()[0]: p.section for p in article.paragraphs}
    assert sections["World"] is Section.MENU
    assert article.title == "Turkish jets strike Kurdish militants in northern Iraq"
    assert sections["A"] is Section.CAPTION
    assert sections["COURIER/Ozan"] is Section.CREDIT
    assert sections["Floods"] is Section.RELATED
    assert [p.text.split()[1] for p in article.story] == ["jets", "warplanes", "ministry"]
    # The date comes from the byline, never from the "More from" box (2025).
    assert (article.published, article.published_source) == (date(2022, 11, 21), "metadata")


def test_a_box_of_headlines_inside_the_story_ends_where_the_story_goes_on():
    page = ("Jets strike south Lebanon\n\nIsraeli jets struck Nabatieh on Tuesday, the army said.\n\n"
            "Related stories\n\n* Who leads Hezbollah now\n\n* Map: the border villages emptied by shelling\n\n"
            "The ministry said a second wave of air strikes later hit the outskirts of Tyre, killing four people.\n\n"
            "More from The Evening Courier\n\nPresident Lula visited Belem on Tuesday and spoke there about the forest "
            "summit, which opens next week.\n\nFloods hit Valencia as storms batter Spain.")
    sections = {p.text.lstrip("* ").split()[0]: p.section for p in read_text(page).paragraphs}
    assert sections["Who"] is sections["Map:"] is Section.RELATED
    assert sections["The"] is Section.STORY  # the story went on after its box of links
    # A box that opens on something other than links (a teaser, a caption) stays a box to the page's end.
    assert sections["President"] is sections["Floods"] is Section.RELATED


def test_a_box_whose_links_ask_or_wear_arrows_still_ends_where_the_story_goes_on():
    page = ("Drone strike hits Aden\n\nEmirati drones struck positions near Aden on Monday, officials said.\n\n"
            "See also:\n\n>> Ministers meet in Riyadh on the port deal\n\n>> Who runs southern Yemen now?\n\n"
            "Two days earlier, the same drones had hit a checkpoint on the coast road, killing six fighters.")
    sections = {p.text.lstrip("> ").split()[0]: p.section for p in read_text(page).paragraphs}
    assert sections["Ministers"] is sections["Who"] is Section.RELATED
    assert sections["Two"] is Section.STORY


def test_publication_falls_back_to_story_then_caption():
    story = read_text("Strike\n\nIran said on 16 January 2024 that its missiles hit Erbil in Iraq.")
    assert (story.published, story.published_source) == (date(2024, 1, 16), "story")
    caption = read_text("Strikes trade\n\nA minister attends a meeting in Davos, Switzerland, January 17, 2024.\n"
                        "REUTERS/Somebody\n\nIran struck targets in Pakistan this week, officials said on Thursday.")
    assert (caption.published, caption.published_source) == (date(2024, 1, 17), "caption")
    given = read_text("Strike\n\nIran struck.", published=date(2024, 2, 1))
    assert given.published_source == "argument"


def test_html_is_reduced_to_the_story_with_its_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<!doctype html><html><head><title>Strike on Erbil | Example</title>
<meta property="article:published_time" content="2024-01-16T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Iran fires missiles at Erbil</h1>
<p>Iran's Revolutionary Guards fired ballistic missiles at targets in Erbil, in northern Iraq, late on Monday,
the Guards said in a statement carried by state television.</p>
<p>Kurdish officials said four civilians were killed when the missiles struck a house near the city.</p>
<figure><img src="x.jpg"><figcaption>Smoke over Karachi, Pakistan, January 15, 2024.</figcaption></figure>
</article><aside class="related"><a href="/x">Floods in Rome</a></aside></body></html>""", encoding="utf-8")
    article = read_file(page)
    assert article.published == date(2024, 1, 16)
    assert "fired ballistic missiles" in article.text
    assert "Home" not in article.text and "Floods in Rome" not in article.text


def test_markdown_links_and_headings_are_plain_text():
    article = read_text("# Iran strikes Erbil\n\nIran's [Guards](https://example.org) fired missiles at Erbil.")
    assert article.title == "Iran strikes Erbil"
    assert "https://" not in article.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_input_fails_with_one_clear_sentence(data, message):
    with pytest.raises(InputError, match=message):
        read_bytes(data, name="upload")


def test_huge_input_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="too large"):
        read_file(huge)


def test_unsupported_suffix_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="unsupported"):
        read_file(tmp_path / "map.pdf")
    with pytest.raises(InputError, match="cannot be read"):
        read_file(tmp_path / "absent.txt")


def test_invalid_utf8_is_repaired_with_a_warning():
    article = read_bytes("Pakistan struck near Sarāvān in Iran on Thursday, officials said.".encode() + b"\xff",
                         name="odd.txt")
    assert any("invalid UTF-8" in w for w in article.warnings)


def test_latin1_text_is_decoded():
    article = read_bytes("Caf\xe9 owners in Erbil said Iranian missiles hit the city.\n".encode("cp1252") * 3,
                         name="latin.txt")
    assert "Café" in article.text


def test_non_english_text_is_read_with_a_warning():
    persian = "سپاه پاسداران انقلاب اسلامی اعلام کرد که مقر جاسوسی را در اربیل هدف قرار داده است."
    article = read_bytes(persian.encode("utf-8"), name="fa.txt")
    assert any("not in English" in w for w in article.warnings)


def test_utf16_with_a_byte_order_mark_is_read():
    text = "Strike on Tyre\n\nIsraeli jets struck Tyre in southern Lebanon on Sunday, the army said."
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        data = text.encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        article = read_bytes(data, name="a.txt", published=date(2024, 3, 4))
        assert any("decoded as UTF" in w for w in article.warnings)
        assert any("struck Tyre" in p.text and p.section is Section.STORY for p in article.paragraphs)


def test_a_page_on_one_line_is_read_sentence_by_sentence_with_a_warning():
    line = ("Home | World | Middle East Israeli jets struck Tyre in southern Lebanon on Sunday, the army said. "
            "Rescuers searched the rubble for survivors into the night, and the health ministry said the toll "
            "could rise. Share this article")
    article = read_text(line, name="pasted", published=date(2024, 3, 4))
    assert any("no line breaks" in w for w in article.warnings)
    story = [p.text for p in article.paragraphs if p.section is Section.STORY]
    assert any("Israeli jets struck Tyre" in p for p in story)
    assert not any("Home |" in p for p in story)


def test_no_publication_date_is_said():
    article = read_text("Strike on Tyre\n\nIsraeli jets struck Tyre in southern Lebanon on Sunday, the army said.")
    assert article.published is None
    assert any("no publication date" in w for w in article.warnings)
    dated = read_text("Strike on Tyre\n\nIsraeli jets struck Tyre on Sunday.", published=date(2024, 3, 4))
    assert not any("no publication date" in w for w in dated.warnings)


def test_glued_sentences_and_template_tags_are_repaired():
    article = read_text("Strikes\n\nJets struck Tyre on Sunday, officials said.The toll rose {{^adFree}} to four "
                        "people by evening, the agency reported on Monday.", published=date(2024, 3, 4))
    story = " ".join(p.text for p in article.paragraphs if p.section is Section.STORY)
    assert "said. The toll" in story and "{{" not in story


@pytest.mark.parametrize("notice", [
    "We use cookies to give you the best experience [Accept all]",
    "This website stores cookies on your device. See our Cookie Policy [Close]",
    "Get our morning briefing in your inbox - subscribe to the newsletter",
])
def test_a_site_notice_above_the_story_is_not_its_headline(notice):
    page = (f"{notice}\n\nNews | World | Region | Video\n\nTurkish drones strike Kurdish fighters near Qamishli\n\n"
            "Turkish drones struck positions of Kurdish fighters near Qamishli in northeast Syria on Tuesday, "
            "a monitoring group said.")
    article = read_text(page, published=date(2023, 1, 11))
    kinds = {p.text: p.section for p in article.paragraphs}
    assert kinds[notice] is Section.BOILERPLATE
    assert kinds["Turkish drones strike Kurdish fighters near Qamishli"] is Section.HEADLINE


def test_a_short_paragraph_that_reads_as_a_sentence_is_story_and_a_short_menu_is_not():
    article = read_text("Drones strike port city\n\nRussian drones hit Odesa.\n\nHome World Sport\n\nRead more",
                        published=date(2024, 5, 10))
    kinds = {p.text: p.section for p in article.paragraphs}
    assert kinds["Russian drones hit Odesa."] is Section.STORY
    assert kinds["Home World Sport"] is not Section.STORY and kinds["Read more"] is not Section.STORY
