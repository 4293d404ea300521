"""Scrape junk out of plain-text articles, by general rules only.

The rules work on paragraphs (blocks separated by blank lines) and on whole
lines. A kept paragraph is returned byte for byte; only the separators between
paragraphs become ``"\\n\\n"`` and the ends of the text are stripped.

1. Footers: a comment form, newsletter box, post navigation or a "Related
   articles" list that starts a paragraph near the end cuts off that paragraph
   and everything after it; elsewhere only the marker line goes.
2. Boilerplate lines anywhere: share bars, cookie banners, "Advertisement",
   navigation ("Skip to content", "Sign in"), copyright lines. Only short
   lines that are nothing but the boilerplate; never a sentence of reporting.
3. The title line: a navigation crumb before the headline ("BREAKING: ",
   "World | "), a " | Site Name" suffix, and an unrelated teaser glued after
   the headline's first sentence are cut.
4. Runs of blank lines collapse to a single blank line.

``headline`` tells whether a text's first line reads as its headline.
"""

from __future__ import annotations

import re

CLEAN_RULES_VERSION = 1  # bump whenever a rule changes what clean_text returns

MAX_JUNK_LINE_CHARS = 200  # a longer line is reporting, never boilerplate
MAX_TITLE_CHARS = 300  # a longer first line is a paragraph, not a headline
SHORT_TITLE_CHARS = 150  # a first line this short is a title even without a blank line after it
MAX_SUFFIX_WORDS = 5  # a " | Site Name" suffix longer than this is kept
FOOTER_FRACTION = 2 / 3  # a footer marker past this share of the text may cut the rest

# Paragraph separator: a line break followed by one or more whitespace-only lines.
_PARAGRAPH_BREAK = re.compile(r"\r?\n(?:[ \t]*\r?\n)+")

# Footer markers that open a comment form, newsletter box or post navigation:
# nothing after them is article text when they sit near the end.
_STRONG_FOOTER = re.compile(
    r"^(?:leave a (?:reply|comment|response)\b"
    r"|your e-?mail address will not be published"
    r"|required fields are marked"
    r"|you must be logged in to (?:post|leave) a comment"
    r"|comments are closed"
    r"|post a comment\b"
    r"|add (?:a |new )?comment\s*$"
    r"|join the (?:conversation|discussion|debate)\b"
    r"|(?:sign up|subscribe|register) (?:for|to) (?:our|the) (?:\w+ )?(?:newsletters?|e-?mail updates)\b"
    r"|post navigation\s*$"
    r"|(?:«\s*)?(?:previous|next) (?:article|post|story)\b"
    r"|comments?\s*(?:\(\d+\))?\s*$"
    r"|\d+ (?:comments?|thoughts|responses|replies) (?:on|to)\b"
    r")",
    re.IGNORECASE,
)

# Footer markers that open a list of other stories: they cut the rest only
# when what follows reads as a list, so an inline "Read more:" link mid-article
# costs one line, not the article's second half.
_LIST_FOOTER = re.compile(
    r"^(?:(?:related|more) (?:posts|articles|stories|content|coverage|news|reading|links)\b.{0,40}$"
    r"|related\s*:"
    r"|read more\s*(?::|$)"
    r"|see also\s*:"
    r"|recommended(?: for you| stories| articles| reading| videos)?\s*:?\s*$"
    r"|you (?:may|might) also (?:like|be interested in)\s*:?\s*$"
    r"|(?:most read|most popular|trending(?: now)?|top stories|latest news|editor'?s picks)\s*:?\s*$"
    r")",
    re.IGNORECASE,
)

# Comment-form fields that follow a footer marker; harmless words elsewhere,
# so they only count when deciding that the rest of the text is a footer.
_FORM_FIELD = re.compile(
    r"^(?:(?:name|e-?mail|website|comment|message)\s*\*?"
    r"|save my name\b.*|notify me of\b.*|cancel reply|post comment|submit|Δ)$",
    re.IGNORECASE,
)

# One button of a share bar; a line made only of these is a share bar.
_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|e-?mail|linkedin|reddit|telegram|pinterest|messenger"
    r"|flipboard|bluesky|threads|print|copy link|link copied)"
)
_SHARE_TOKEN = (
    r"(?:share(?: this(?: article| story| post| page)?)?(?: (?:on|via|to) " + _SOCIAL + r")?"
    r"|click to (?:share|email|print)(?: (?:on|via|this))?(?: " + _SOCIAL + r")?(?: \(opens in new window\))?"
    r"|tweet(?: this)?|pin it|" + _SOCIAL + r"|\d+ shares?)"
)
_SHARE_BAR = re.compile(rf"^{_SHARE_TOKEN}(?:[\s|·•,/:–-]+{_SHARE_TOKEN})*[\s:]*$", re.IGNORECASE)
# A share bar must say "share" (or tweet/pin/click) or list two buttons, so a
# lone "X" or "Print" line is not taken for one.
_SHARE_WORD = re.compile(r"\b(?:share|tweet|pin it|click to)\b", re.IGNORECASE)

# Boilerplate lines: cookie banners, ads, site navigation, follow prompts,
# copyright notices, spam-filter notes. Each alternative matches a whole line.
_BOILERPLATE = re.compile(
    r"^(?:(?:accept|reject|allow|manage)(?: all)? cookies?"
    r"|cookie (?:settings|preferences|policy|consent)|accept all|reject all"
    r"|advertisement|advertising|sponsored(?: content)?|ad|paid content"
    r"|story continues below(?: this)? advertisement"
    r"|(?:advertisement\s*[-–—:]?\s*)?scroll (?:down )?to continue(?: with content| reading)?"
    r"|skip to (?:main )?(?:content|navigation)|jump to (?:content|navigation)"
    r"|(?:sign in|log ?in|log out|sign up|register|subscribe(?: now)?|my account|menu|search|home)"
    r"(?:\s*[/|]\s*(?:sign in|log ?in|sign up|register|subscribe(?: now)?))*"
    r"|follow us(?: on\b.*)?"
    r"|(?:copyright\s*)?©.*|(?:copyright\s*)?\(c\)\s*\d{4}.*|copyright\s+\d{4}.*"
    r"|.*\ball rights reserved\.?"
    r"|this site uses akismet\b.*"
    r")\s*$",
    re.IGNORECASE,
)

# Cookie banners start like this; a banner word must follow so that a quoted
# company ("We use cookies to ...," it said) is not taken for one.
_COOKIE_START = re.compile(
    r"^(?:we use cookies|(?:this|our) (?:web)?site uses cookies"
    r"|by (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:web)?site)\b",
    re.IGNORECASE,
)
_COOKIE_WORD = re.compile(r"\b(?:experience|consent|accept|agree|privacy|policy|settings|personali[sz]e)", re.IGNORECASE)

# A line that ends a sentence (closing quotes and brackets allowed after it).
_TERMINAL = re.compile(r"[.?!…][\"”’')\]]*$")

# Labels and breadcrumbs glued before a headline: "BREAKING: ", "Home » World » ".
_LABEL_PREFIX = re.compile(
    r"^(?:breaking(?: news)?|exclusive|just in|developing(?: story)?|live(?: updates?)?|updated?|watch|video)"
    r"\s*[:|]\s+",
    re.IGNORECASE,
)
_CRUMB_PREFIX = re.compile(r"^(?:[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*){0,3}\s+[|»>]\s+)+")

# " | Site Name", " - Site Name" at the end of a headline (the last separator).
_SITE_SUFFIX = re.compile(r"^(.*\S)\s+([|–—-])\s+(\S.*?)\s*$")

# A sentence end inside the title line: punctuation, optional closing quote,
# space, then a capital or digit (optionally behind an opening quote).
_SENTENCE_END = re.compile(r"[.?!][\"”’')]*\s+(?=[\"“‘']?[A-Z0-9])")
# Words before a period that do not end a sentence: titles, initials, "U.S.".
_ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|prof|st|sen|rep|gov|gen|lt|col|sgt|capt|jr|sr|inc|corp|ltd|co|vs|etc|no|vol|rev)"
    r"|\b[A-Za-z](?:\.[A-Za-z])*)\.$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\S+")
# The last word of a teaser that ends in a number or an id ("2708", "A-113"),
# and a fragment that is nothing but such numbers.
_ENDS_WITH_ID = re.compile(r"\d[\w-]*$")
_ONLY_IDS = re.compile(r"[\d\s#/-]+")
# Separators between share buttons, and a colon with text after it (an inline
# "Read more: Headline" link rather than a bare list header).
_BUTTON_SEPARATOR = re.compile(r"[\s|·•,/:–-]+")
_INLINE_TARGET = re.compile(r":\s*\S")
_CONNECTORS = frozenset({"of", "the", "and", "&", "for", "in", "on", "at", "de", "a", "an", "to"})


def clean_text(text: str, *, title_line: bool = True) -> str:
    """Remove scrape junk from an article's plain text.

    Args:
        text: The article text as scraped, any line endings.
        title_line: Whether the first line may be a headline (plain-text files);
            HTML extraction passes False because its text starts with the body.

    Returns:
        The text with junk paragraphs and lines removed, paragraphs joined by
        ``"\\n\\n"`` and the ends stripped; "" when nothing is left.
    """
    starts, paragraphs = _split_paragraphs(text)
    cut = _footer_start(starts, paragraphs, len(text))
    kept: list[str] = []
    for paragraph in paragraphs[:cut]:
        lines = paragraph.split("\n")
        survivors = [line for line in lines if not _is_junk_line(line)]
        if len(survivors) != len(lines):
            paragraph = "\n".join(survivors)
        if paragraph.strip():
            kept.append(paragraph)
    if title_line and kept:
        kept[0] = _clean_title_paragraph(kept[0])
    return "\n\n".join(part for part in kept if part.strip()).strip()


# A dateline opens a story's first paragraph, never its headline: "BEIJING — ", "KYIV, Ukraine — ",
# "MANCHESTER, N.H. (AP) — ", "WASHINGTON (Reuters) - "
_DATELINE = re.compile(r"[A-Z][A-Z.'’ -]{1,40}(?:, [A-Z][\w.'’ ]{1,30})?(?: \([^)]{1,20}\))? ?(?:—|–|--?) ")


def headline(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline.

    Args:
        text: Article text, cleaned or as read.

    Returns:
        The first paragraph, stripped, when it is a single line of at most
        300 characters that more text follows and no dateline opens (a
        story's lead, "BEIJING — China on Thursday accused …"); otherwise None.
    """
    parts = [part for part in _PARAGRAPH_BREAK.split(text.strip()) if part.strip()]
    if len(parts) < 2:
        return None
    first = parts[0].strip()
    lead = _DATELINE.match(first) is not None and first.endswith((".", ".”", '."'))  # not "NATO — the alliance at 75"
    if "\n" in first or len(first) > MAX_TITLE_CHARS or first.endswith(":") or lead:
        return None
    return first


def _split_paragraphs(text: str) -> tuple[list[int], list[str]]:
    """Paragraphs of ``text`` and the offset where each starts."""
    starts: list[int] = []
    paragraphs: list[str] = []
    position = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        starts.append(position)
        paragraphs.append(text[position : match.start()])
        position = match.end()
    starts.append(position)
    paragraphs.append(text[position:])
    return starts, paragraphs


def _footer_start(starts: list[int], paragraphs: list[str], length: int) -> int:
    """Index of the first paragraph of the footer, or ``len(paragraphs)``."""
    lines = [[line.strip() for line in paragraph.split("\n") if line.strip()] for paragraph in paragraphs]
    # Whether every line from paragraph i on is a list line / a short line,
    # computed once from the end so that the scan below stays linear.
    listy, short = [True] * (len(lines) + 1), [True] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        listy[index] = listy[index + 1] and all(_is_list_line(line) for line in lines[index])
        short[index] = short[index + 1] and all(len(line) <= MAX_JUNK_LINE_CHARS for line in lines[index])
    for index, (first, *rest) in enumerate(part or [""] for part in lines):
        strong, listing = _is_marker(first, _STRONG_FOOTER), _is_marker(first, _LIST_FOOTER)
        if not (strong or listing):
            continue
        near_end = starts[index] >= FOOTER_FRACTION * length
        if (strong and near_end) or (listy[index + 1] and all(_is_list_line(line) for line in rest)):
            return index
        # A bare "Related articles" header near the end heads a list of
        # teasers even when they end in full stops; an inline "Read more: X"
        # link does not.
        rest_short = short[index + 1] and all(len(line) <= MAX_JUNK_LINE_CHARS for line in rest)
        if near_end and rest_short and not _INLINE_TARGET.search(first):
            return index
    return len(paragraphs)


def _is_marker(line: str, pattern: re.Pattern[str]) -> bool:
    """Whether a short line starts with a footer marker (a list marker ends no sentence)."""
    if len(line) > MAX_JUNK_LINE_CHARS or pattern.match(line) is None:
        return False
    return pattern is _STRONG_FOOTER or not _TERMINAL.search(line)


def _is_list_line(line: str) -> bool:
    """Whether a line belongs in a footer list: junk, a form field or a bare headline."""
    if _is_junk_line(line) or _FORM_FIELD.match(line):
        return True
    return len(line) <= MAX_JUNK_LINE_CHARS and not _TERMINAL.search(line)


def _is_junk_line(line: str) -> bool:
    """Whether a whole line is boilerplate or a footer marker standing alone."""
    line = line.strip()
    if not line or len(line) > MAX_JUNK_LINE_CHARS:
        return False
    if _is_marker(line, _STRONG_FOOTER) or _is_marker(line, _LIST_FOOTER) or _BOILERPLATE.match(line):
        return True
    if _COOKIE_START.match(line) and _COOKIE_WORD.search(line):
        return True
    return _is_share_bar(line)


def _is_share_bar(line: str) -> bool:
    """Whether a line is nothing but share buttons."""
    if not _SHARE_BAR.match(line):
        return False
    buttons = _BUTTON_SEPARATOR.split(line.strip(" :"))
    return bool(_SHARE_WORD.search(line)) or len(buttons) >= 2


def _clean_title_paragraph(paragraph: str) -> str:
    """The first paragraph with its title line cleaned, when it has one."""
    first, newline, rest = paragraph.partition("\n")
    single_line = not newline
    stripped = first.strip()
    if len(stripped) > MAX_TITLE_CHARS or not (single_line or len(stripped) <= SHORT_TITLE_CHARS):
        return paragraph
    title = _cut_glued_teaser(_strip_site_suffix(_strip_prefix(stripped)))
    if title == stripped or not title:
        return paragraph
    return title + newline + rest


def _strip_prefix(line: str) -> str:
    """The headline without a leading label or breadcrumb trail."""
    for pattern in (_LABEL_PREFIX, _CRUMB_PREFIX):
        match = pattern.match(line)
        if match and len(_WORD.findall(line[match.end() :])) >= 4:
            line = line[match.end() :]
    return line


def _strip_site_suffix(line: str) -> str:
    """The headline without a short Title Cased " | Site Name" suffix."""
    match = _SITE_SUFFIX.search(line)
    if not match:
        return line
    head, separator, suffix = match.groups()
    suffix_words = suffix.split()
    if len(suffix_words) > MAX_SUFFIX_WORDS or _TERMINAL.search(suffix) or len(head.split()) < 3:
        return line
    if not all(_is_title_word(word) for word in suffix_words):
        return line
    # A dash also joins two halves of a Title Case headline; only a
    # sentence-case head makes a Title Cased tail stand out as a site name.
    if separator != "|" and _capital_ratio(head) >= 0.75:
        return line
    return head


def _cut_glued_teaser(line: str) -> str:
    """The headline without a teaser glued after its first sentence."""
    for match in _SENTENCE_END.finditer(line):
        sentence = line[: match.end()].rstrip()
        if _ABBREVIATION.search(sentence.rstrip("\"”’')")):
            continue
        if len(sentence.split()) < 3:
            return line
        fragment = line[match.end() :].strip()
        if _TERMINAL.search(fragment) or not _looks_like_teaser(fragment, sentence):
            return line
        return sentence
    return line


def _looks_like_teaser(fragment: str, sentence: str) -> bool:
    """Whether the words after a headline's sentence read as another headline or an id."""
    words = [word for word in fragment.split() if any(c.isalpha() for c in word)]
    if not words:
        return _ONLY_IDS.fullmatch(fragment) is not None
    ratio = _capital_ratio(fragment)
    ends_with_id = _ENDS_WITH_ID.search(fragment) is not None
    if ends_with_id and ratio > 0.5 and len(fragment.split()) >= 2:
        return True
    # In a Title Case headline every half is capitalised, so capitals alone
    # do not mark a glued teaser there.
    title_case_headline = _capital_ratio(sentence) >= 0.75
    return len(words) >= 3 and ratio >= 0.75 and not title_case_headline


def _capital_ratio(text: str) -> float:
    """Share of the words with letters that start with a capital."""
    words = [word.lstrip("\"“‘'(") for word in text.split()]
    words = [word for word in words if word and any(c.isalpha() for c in word)]
    if not words:
        return 0.0
    return sum(1 for word in words if word[0].isupper()) / len(words)


def _is_title_word(word: str) -> bool:
    """Whether a word fits a site name: capitalised, a connector or a domain."""
    return word[0].isupper() or word[0].isdigit() or word.lower() in _CONNECTORS or "." in word.strip(".")
