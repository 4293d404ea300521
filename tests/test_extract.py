"""Article extraction and scrape-junk cleaning: the founding article, invented variations, HTML."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onrecord.clean import CLEAN_RULES_VERSION, clean_text, headline
from onrecord.errors import ExtractionError
from onrecord.extract import extract_article
from onrecord.models import RawDocument, digest

JUNK = Path(__file__).parent / "data" / "junk"
FOUNDING_TITLE = "The US claims of Russian concessions on Ukraine’s security are reportedly lacking."


def read(path: Path) -> str:
    """A file's text exactly as read, line endings included."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def paragraphs(text: str) -> list[str]:
    """The blank-line separated paragraphs of a test file."""
    return text.strip().split("\n\n")


def plain(body: str, **metadata: str) -> RawDocument:
    """A plain-text raw document."""
    return RawDocument(origin="test.txt", name="test", body=body, **metadata)


@pytest.fixture(scope="module")
def founding() -> str:
    return resources.files("onrecord").joinpath("data/founding_article.txt").read_text(encoding="utf-8")


# The founding article -------------------------------------------------------


def test_founding_glued_headline_fragment_is_cut(founding: str) -> None:
    cleaned = clean_text(founding)
    assert cleaned.split("\n", 1)[0] == FOUNDING_TITLE
    for junk in ("Dr. Khaled Sadek Double Trouble Jaw Cyst 2708", "Khaled", "Jaw Cyst", "2708"):
        assert junk not in cleaned


def test_founding_comment_form_footer_is_cut(founding: str) -> None:
    cleaned = clean_text(founding)
    for junk in ("Leave a Reply", "Your email address will not be published", "Required fields are marked"):
        assert junk not in cleaned
    assert cleaned.endswith("as a deterrent against future Russian aggression.")


def test_founding_article_paragraphs_are_kept_byte_identical(founding: str) -> None:
    original = paragraphs(founding)
    cleaned = clean_text(founding)
    # Headline (cut), four article paragraphs, then the two-paragraph comment form.
    assert len(original) == 7
    assert paragraphs(cleaned) == [FOUNDING_TITLE, *original[1:5]]
    witkoff = next(p for p in original if p.startswith("Following the Alaska summit, Trump’s special envoy"))
    ukraine = next(p for p in original if "Ukraine has insisted on an ironclad security pact" in p)
    assert witkoff in cleaned and ukraine in cleaned


def test_founding_article_title(founding: str) -> None:
    article = extract_article(plain(founding))
    assert article.title == FOUNDING_TITLE
    assert article.text == clean_text(founding)
    assert article.cleaned is True


# Invented variations (tests/data/junk/README.md) -----------------------------

# file → (indexes of the raw paragraphs kept unchanged, lines that must be gone)
VARIATIONS: dict[str, tuple[list[int], list[str]]] = {
    "advertisement_between": (
        [0, 1, 3, 5],
        ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement"],
    ),
    "read_more_inline": ([0, 1, 3, 4, 5], ["Read more: Teachers union backs shorter week in survey"]),
    "related_and_comments_end": (
        [0, 1, 2, 3],
        [
            "Related articles",
            "Port Annick harbour dredging delayed again",
            "Leave a Reply",
            "Your email address will not be published",
            "Name *",
            "Save my name",
            "© 2025 Port Annick Courier",
        ],
    ),
    "comment_form_early": (
        [0, 1],
        ["Post navigation", "Previous article", "Ferry timetable", "Leave a comment", "Post Comment", "Akismet"],
    ),
    "clean_reporting": ([0, 1, 2, 3, 4, 5, 6], []),
}


@pytest.mark.parametrize("name", sorted(VARIATIONS))
def test_variation_keeps_exactly_these_paragraphs(name: str) -> None:
    raw = read(JUNK / f"{name}.txt")
    kept, removed = VARIATIONS[name]
    cleaned = clean_text(raw)
    original = paragraphs(raw)
    assert cleaned == "\n\n".join(original[i] for i in kept)
    for line in removed:
        assert line not in cleaned


def test_cookie_banner_at_the_top_is_removed() -> None:
    raw = read(JUNK / "cookie_banner_top.txt")
    cleaned = clean_text(raw)
    original = paragraphs(raw)
    assert original[0].count("\n") == 2  # skip link, banner, button: one block
    assert cleaned == "\n\n".join(original[1:])
    assert cleaned.startswith("Riverside library reopens after two-year renovation\n\n")
    for junk in ("Skip to content", "We use cookies", "Accept all cookies", "cookie policy"):
        assert junk not in cleaned
    assert headline(cleaned) == "Riverside library reopens after two-year renovation"


def test_share_buttons_in_the_middle_are_removed() -> None:
    raw = read(JUNK / "share_middle.txt")
    cleaned = clean_text(raw)
    original = paragraphs(raw)
    lead, share_line = original[1].split("\n")
    assert share_line == "Share on Facebook"
    assert cleaned == "\n\n".join([original[0], lead, original[3], original[4]])
    for junk in ("Share", "Click to share", "Tweet", "Pin it", "WhatsApp"):
        assert junk not in cleaned


def test_glued_teaser_ending_in_a_number_is_cut() -> None:
    raw = read(JUNK / "glued_teaser_number.txt")
    cleaned = clean_text(raw)
    original = paragraphs(raw)
    assert cleaned == "\n\n".join(["City council delays vote on stadium funding.", *original[1:]])
    assert "Celebrity Chef" not in cleaned and "5521" not in cleaned


@pytest.mark.parametrize(
    ("name", "title", "junk"),
    [
        ("site_suffix", "Firefighters contain blaze at recycling plant", "The Harbor Gazette"),
        ("breaking_prefix", "Bridge closed after barge strikes support pillar", "Breaking News"),
    ],
)
def test_headline_crumbs_and_site_suffix_are_cut(name: str, title: str, junk: str) -> None:
    raw = read(JUNK / f"{name}.txt")
    cleaned = clean_text(raw)
    assert cleaned == "\n\n".join([title, *paragraphs(raw)[1:]])
    assert junk not in cleaned
    assert extract_article(plain(raw)).title == title


def test_clean_reporting_is_unchanged() -> None:
    raw = read(JUNK / "clean_reporting.txt")
    assert clean_text(raw) == raw.strip()
    assert extract_article(plain(raw)).title == "Is peace near? Talks resume"


# Rules one at a time ----------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Is peace near? Talks resume",
        "Talks Resume In Geneva. What Comes Next For The Region",  # Title Case throughout: no cut
        "Ministers meet in Oslo - talks expected to last a week",
        "Storm Hits Coast - Met Office Warns",
        "Dr. Amara Quist named head of the Lindholm hospital",
    ],
)
def test_legitimate_headlines_are_kept(title: str) -> None:
    text = f"{title}\n\nThe body of the article follows here, in full sentences."
    assert clean_text(text) == text


def test_cleaning_keeps_crlf_inside_kept_paragraphs() -> None:
    text = "Dam inspection finds no cracks\r\n\r\n\r\n\r\nLine one of the body.\r\nLine two of the body.\r\nTweet\r\n"
    assert clean_text(text) == "Dam inspection finds no cracks\n\nLine one of the body.\r\nLine two of the body."


def test_blank_line_runs_collapse_to_one() -> None:
    text = "  Tram line extended to the airport\n\n\n\n\nThe first tram ran on Monday.  \n \n\t\nIt was full.\n\n"
    assert clean_text(text) == "Tram line extended to the airport\n\nThe first tram ran on Monday.  \n\nIt was full."


def test_long_lines_mentioning_boilerplate_words_are_kept() -> None:
    long_line = "Advertisement " + "revenue at the group fell sharply, executives said " * 5
    text = f"Publisher reports weak quarter\n\n{long_line.strip()}"
    assert clean_text(text) == text


def test_inline_read_more_near_the_end_costs_one_line() -> None:
    body = "\n\n".join(f"Paragraph {i} reports what the council decided about the harbor budget." for i in range(6))
    tail = "The mayor said she would veto the budget.\n\nThe vote is due on Friday."
    text = f"Council passes harbor budget\n\n{body}\n\nREAD MORE: Council to vote on harbor budget\n\n{tail}"
    assert clean_text(text) == f"Council passes harbor budget\n\n{body}\n\n{tail}"


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)


@given(_TEXT)
def test_cleaned_text_has_clean_separators_and_ends(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned


@given(_TEXT.filter(str.strip))
def test_uncleaned_plain_text_is_always_the_body(text: str) -> None:
    article = extract_article(plain(text), clean=False)
    assert article.text == text
    assert article.id == digest(text)


def test_rules_version_is_an_int() -> None:
    assert isinstance(CLEAN_RULES_VERSION, int) and CLEAN_RULES_VERSION >= 1


# extract_article on plain text -------------------------------------------------


def test_plain_text_without_cleaning_is_the_body_exactly() -> None:
    body = "  Headline line  \r\n\r\nFirst paragraph.\r\nShare this:\r\n\r\n\r\nLast paragraph.   \r\n\r\n"
    article = extract_article(plain(body), clean=False)
    assert article.text == body
    assert article.cleaned is False
    assert article.content_hash == hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_ids_are_deterministic_and_follow_the_text(founding: str) -> None:
    first = extract_article(plain(founding))
    second = extract_article(RawDocument(origin="elsewhere.txt", name="other", body=founding))
    assert first.id == second.id == digest(first.text)
    assert first.content_hash == second.content_hash == hashlib.sha256(first.text.encode("utf-8")).hexdigest()
    assert len(first.id) == 16 and len(first.content_hash) == 64
    raw = extract_article(plain(founding), clean=False)
    assert raw.id != first.id
    assert raw.title == FOUNDING_TITLE  # the headline is read from the cleaned text


def test_plain_text_metadata_comes_from_the_document() -> None:
    doc = plain(
        "Body only, one paragraph, no headline.",
        url="https://example.org/a",
        title="Given title",
        site="Example Daily",
        author="Lena Morrow",
        published="2025-03-01",
    )
    article = extract_article(doc)
    assert (article.title, article.url, article.site, article.author, article.published) == (
        "Given title",
        "https://example.org/a",
        "Example Daily",
        "Lena Morrow",
        "2025-03-01",
    )
    assert article.canonical_url is None and article.language == "en"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short headline\n\nBody.", "Short headline"),
        ("One paragraph only, nothing after it.", None),
        ("Hard wrapped first line\nof a paragraph\n\nMore.", None),
        ("x" * 301 + "\n\nBody.", None),
    ],
)
def test_headline_detection(text: str, expected: str | None) -> None:
    assert headline(text) == expected


def test_nothing_left_after_cleaning_raises() -> None:
    with pytest.raises(ExtractionError, match="nothing left after removing boilerplate"):
        extract_article(plain("Share this:\n\nAdvertisement\n\nAccept all cookies\n"))


def test_unknown_media_type_raises() -> None:
    doc = RawDocument(origin="x", name="x", body="text", media_type="application/pdf")  # type: ignore[arg-type]
    with pytest.raises(ExtractionError, match="application/pdf"):
        extract_article(doc)


# extract_article on HTML ---------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbor council approves new ferry route | The Millbrook Ledger</title>
<link rel="canonical" href="https://news.example.org/2024/04/harbor-ferry-route?utm_source=feed">
<meta property="og:site_name" content="The Millbrook Ledger">
<meta name="author" content="Priya Vandermeer">
<meta property="article:published_time" content="2024-04-17T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/local">Local</a></nav>
<article>
<h1>Harbor council approves new ferry route</h1>
<p>The Millbrook harbor council voted 7-2 on Tuesday to open a ferry route to Gull Island, ending a
two-year dispute over docking fees.</p>
<p>"This route will cut the commute in half for island families," council chair Odessa Brannigan said
after the vote.</p>
<p>Share this:</p>
<p>Opponents said the fees would burden small fishing crews, and the island's fishing cooperative called
the decision rushed.</p>
</article>
<div class="comments"><h3>Comments</h3>
<p>Marvin Tollefsen: The council ignored every fisherman who spoke at the hearing and should be ashamed.</p>
</div>
<footer>© 2024 The Millbrook Ledger. All rights reserved.</footer>
</body></html>"""


def html(body: str, **metadata: str) -> RawDocument:
    """An HTML raw document."""
    return RawDocument(origin="page.html", name="page", body=body, media_type="text/html", **metadata)


def test_html_text_and_metadata() -> None:
    article = extract_article(html(PAGE, url="https://news.example.org/harbor?ref=home"))
    assert "ferry route to Gull Island" in article.text
    assert "council chair Odessa Brannigan said" in article.text
    assert "fishing cooperative called" in article.text
    assert "Marvin Tollefsen" not in article.text and "ashamed" not in article.text
    assert "Share this" not in article.text and "All rights reserved" not in article.text
    assert article.title == "Harbor council approves new ferry route"
    assert article.author == "Priya Vandermeer"
    assert article.published == "2024-04-17"
    assert article.site == "The Millbrook Ledger"
    assert article.url == "https://news.example.org/harbor?ref=home"
    assert article.canonical_url == "https://news.example.org/2024/04/harbor-ferry-route"
    assert article.id == digest(article.text)


def test_html_paragraphs_are_separated_by_blank_lines() -> None:
    article = extract_article(html(PAGE))
    assert "\n\n" in article.text and "\n\n\n" not in article.text
    assert all(part.strip() == part for part in article.text.split("\n\n"))


def test_html_without_cleaning_keeps_share_lines() -> None:
    article = extract_article(html(PAGE), clean=False)
    assert "Share this:" in article.text
    assert "Marvin Tollefsen" not in article.text
    assert article.cleaned is False


def test_html_document_metadata_fills_gaps() -> None:
    page = (
        "<html><body><article>"
        + "<p>The Norvale water board raised rates by four percent on Monday, citing pipe repairs.</p>" * 3
        + "</article></body></html>"
    )
    doc = html(page, url="https://www.norvale-news.example/rates", title="Water rates rise", author="Ada Brink")
    article = extract_article(doc)
    assert article.title == "Water rates rise"
    assert article.author == "Ada Brink"
    assert article.site in {"norvale-news.example", "Norvale-News.Example"}


@pytest.mark.parametrize("body", ["", "<html><body><div></div></body></html>", "<html"])
def test_html_without_article_text_raises(body: str) -> None:
    with pytest.raises(ExtractionError, match="no article text found in the HTML"):
        extract_article(html(body))


def test_html_with_only_navigation_raises() -> None:
    with pytest.raises(ExtractionError):
        extract_article(html("<html><body><nav><a href='/'>Home</a></nav></body></html>"))


def test_an_article_longer_than_the_parser_reads_is_a_named_error_not_a_crash():
    from onrecord.errors import ExtractionError
    from onrecord.extract import MAX_ARTICLE_CHARS
    from onrecord.models import Article, digest
    from onrecord.nlp import extract_statements

    text = "The mayor said the bridge would reopen.\n\n" * (MAX_ARTICLE_CHARS // 40 + 1)
    article = Article(id=digest(text), name="long", origin="long", text=text, content_hash=digest(text, length=64))
    with pytest.raises(ExtractionError, match="1,000,000 characters"):
        extract_statements(article)


@pytest.mark.parametrize("text", [
    "Le maire a déclaré mardi que le pont rouvrirait avant la fin de l'année. « Nous ne reculerons pas », "
    "a-t-il affirmé devant les conseillers municipaux, qui ont voté le budget des travaux.",
    "Der Bürgermeister sagte am Dienstag, die Brücke werde vor Ende des Jahres wieder geöffnet. „Wir werden "
    "nicht zurückweichen“, erklärte er vor dem Stadtrat, der den Haushalt beschlossen hat.",
])
def test_text_that_does_not_read_as_english_is_refused_by_name(text: str):
    from onrecord.errors import NotEnglish
    from onrecord.models import RawDocument

    doc = RawDocument(origin="t.txt", name="t", media_type="text/plain", body=text)
    with pytest.raises(NotEnglish, match="English"):
        extract_article(doc)


def test_short_text_and_english_with_a_foreign_quote_are_read():
    from onrecord.extract import check_english

    check_english("Le maire a parlé.")  # too few words to tell
    check_english(
        "The mayor said on Tuesday that the bridge would reopen before the end of the year. "
        "« Nous ne reculerons pas », he told the council, which passed the budget for the works."
    )


def test_every_polnear_text_reads_as_english():
    from onrecord.extract import MIN_ENGLISH_SHARE, english_share

    texts = sorted((Path(__file__).parents[2] / "shared" / "data" / "polnear").glob("*/text/*.txt"))
    if not texts:
        pytest.skip("PolNeAR is not at ../shared/data/polnear")
    lowest = min(english_share(t.read_text(encoding="utf-8"))[0] for t in texts)
    assert lowest > 2 * MIN_ENGLISH_SHARE  # 0.22 at the lowest: far from the line


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a first paragraph a dateline opens is the story's lead, not its headline: the file's name stands in
        ("BEIJING — China on Thursday accused the Philippines of ramming a coast guard vessel.\n\nManila denied it.",
         None),
        ("MANCHESTER, N.H. (AP) — The vote was close.\n\nMore followed.", None),
        ("WASHINGTON (Reuters) - The Fed held rates.\n\nMore followed.", None),
        # a headline may open on capitals and a dash
        ("NATO — the alliance at 75\n\nThe body follows.", "NATO — the alliance at 75"),
        ("US-China talks resume - officials\n\nThe body follows.", "US-China talks resume - officials"),
    ],
)
def test_a_lead_with_a_dateline_is_no_headline(text: str, title: str | None) -> None:
    assert headline(text) == title
