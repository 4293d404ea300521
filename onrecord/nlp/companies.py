"""Companies: the words that mark a name as a company's, and which company "the company" stands for.

A legal form or trade word ends a company's name ("Apex Holdings Inc.", "Volta Motors", "Bayline
Logistics"); an article writes of a company as of nothing else ("CloudSpan's shares", "the chief
executive of Volta"); an apposition can call a name a company whatever the NER took it for
("Maersk, the Danish shipping company"). :mod:`onrecord.nlp.mentions` and the speaker resolver read
these to tell a company from a person or a place and to resolve "the company", "the carmaker".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

# "the company" (or "the carmaker") stands for the company named before it, one its legal form or a trade
# word marks as a company ("Apex Holdings Inc.", "Volta Motors")
COMPANY_NOUNS = frozenset(
    {"company", "firm", "corporation", "carmaker", "automaker", "airline", "carrier", "retailer", "insurer",
     "manufacturer", "maker", "chipmaker", "drugmaker", "lender", "conglomerate", "startup"}
)
_LEGAL_FORMS = frozenset(
    {"inc", "corp", "co", "ltd", "llc", "plc", "ag", "gmbh", "sa", "nv", "holdings", "corporation", "company",
     "motors", "airlines", "airways", "technologies", "industries", "pharmaceuticals", "laboratories", "enterprises",
     "pharma", "foods", "semiconductor", "semiconductors", "electronics", "software", "therapeutics", "biosciences",
     "securities", "petroleum", "logistics", "shipping", "communications", "systems", "brands", "stores",
     "builders", "developers", "construction", "tankers", "partners", "capital", "investments", "ventures",
     "energy", "mining", "minerals", "chemicals", "networks", "telecom", "insurance", "bancorp"}
)


def is_company(ent: Span) -> bool:
    """Whether an organisation's name ends in a company's legal form or trade word: "Apex Holdings Inc.",
    "Acme Corp", "Volta Motors"."""
    words = [t for t in ent if not t.is_punct]
    return len(words) > 1 and _legal_form(words[-1])


def short_company_names(ents: Iterable[Span]) -> dict[str, str]:
    """The names an article may call its companies by without their legal form, each to the full name
    ("Orchard" and "Apex Holdings" → "Orchard Inc.", "Apex Holdings Inc."); a short name two companies
    share stands for neither."""
    seen: dict[str, set[str]] = {}
    for ent in ents:
        if ent.label_ == "ORG" and is_company(ent):
            words = [t for t in ent if t.dep_ != "det"]
            full = ent.doc[words[0].i : ent.end].text
            while len(words) > 1 and (words[-1].is_punct or words[-1].text == "&" or _legal_form(words[-1])):
                words.pop()
                if not (words[-1].is_punct or words[-1].text == "&"):
                    seen.setdefault(" ".join(t.text for t in words), set()).add(full)
    return {short: fulls.pop() for short, fulls in seen.items() if len(fulls) == 1}


def _legal_form(tok: Token) -> bool:
    return legal_form(tok.text)


def legal_form(word: str) -> bool:
    """Whether a word is a company's legal form or trade word ("Inc.", "Corp", "Motors")."""
    return word.lower().rstrip(".").replace(".", "") in _LEGAL_FORMS


# what only a company has: "CloudSpan's shares", "the stock of Apex", "the chief executive of Volta"
_COMPANY_MARKS = frozenset({"share", "shares", "stock", "shareholder", "stockholder", "ceo", "earnings", "revenue", "profit"})


def marked_company(ent: Span) -> bool:
    """Whether an organisation is written of as only a company is: its shares, stock, shareholders,
    earnings or chief executive ("CloudSpan's shares fell", "the chief executive of CloudSpan")."""
    root = ent.root
    if root.dep_ == "poss":
        owned = root.head
    elif root.dep_ == "pobj" and root.head.lower_ == "of":
        owned = root.head.head
    else:
        return False
    lemma = owned.lemma_.lower()
    return lemma in _COMPANY_MARKS or (lemma in ("executive", "officer") and any(c.lower_ == "chief" for c in owned.lefts))


def last_company(ents: Sequence[Span], before: int) -> Span | None:
    """The last company named before token ``before`` (what "the company" stands for): an organisation
    whose legal form or trade word marks it (:func:`is_company`), one an apposition calls a company
    (:func:`called_company`), or the last organisation named, where the article anywhere writes of it as
    a company (:func:`marked_company`: "CloudSpan's shares"; not past another organisation to one)."""
    earlier = [e for e in ents if e.end <= before]
    companies = [e for e in earlier if (e.label_ in ("ORG", "PERSON") and is_company(e)) or called_company(e)]
    marked = {e.text for e in ents if marked_company(e)}  # also a company the NER took for a place: "Nvidia's shares"
    last_org = next((e for e in reversed(earlier) if e.label_ == "ORG" or (e.label_ == "GPE" and e.text in marked)), None)
    if last_org is not None and (not companies or companies[-1].start < last_org.start) and last_org.text in marked:
        return last_org
    return companies[-1] if companies else None


def called_company(ent: Span) -> bool:
    """Whether an apposition calls a name a company, whatever the NER took it for: "Maersk, the
    Danish shipping company" (a PRODUCT to en_core_web_sm), "The drug's maker, Novell Pharma"."""
    root = ent.root
    return any(c.dep_ == "appos" and c.lemma_.lower() in COMPANY_NOUNS for c in root.children) or (
        root.dep_ == "appos" and root.head.lemma_.lower() in COMPANY_NOUNS)


def traded_names(doc: Doc) -> frozenset[str]:
    """Names a trade word stands before anywhere in the article, in lower case before the capitals of the
    name: "Dutch chipmaker Veltrix", "the drugmaker Novell Pharma" (a company, whatever the NER took it for)."""
    names = set()
    for tok in doc[:-1]:
        if tok.is_lower and tok.lemma_ in COMPANY_NOUNS and tok.tag_ == "NN":
            run = []
            for word in doc[tok.i + 1 :]:
                if word.pos_ != "PROPN" or not word.text[:1].isupper():
                    break
                run.append(word.text_with_ws)
            if run:
                names.add("".join(run).strip())
    return frozenset(names)
