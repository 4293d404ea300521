"""Statements as text for people and programs: a table, CSV and JSONL."""

from __future__ import annotations

import csv
import io
import json
import shutil
import textwrap
from collections.abc import Iterable, Mapping

from .models import Statement

CSV_FIELDS = (
    "article_id", "sentence", "kind", "speaker", "actor", "affiliation", "cue", "content", "date", "when", "id",
)


def actor_label(st: Statement) -> str:
    """'Sergey Lavrov (Russia)'; several actors joined by ' & '; '—' when unresolved."""
    if not st.actors:
        return "—"
    parts = []
    for actor in st.actors:
        aff = f" ({actor.affiliation})" if actor.affiliation and actor.affiliation != actor.name else ""
        parts.append(actor.name + aff)
    return " & ".join(parts)


def position_label(st: Statement) -> str:
    """'Russia · reported · accept'."""
    p = st.position
    if p is None:
        return "—"
    return f"{p.holder.name if p.holder else '?'} · {p.voice} · {p.stance}"


def statements_table(
    statements: Iterable[Statement], *, width: int | None = None, outlets: Mapping[str, int] | None = None
) -> str:
    """A readable, wrapped table: speaker → resolved actor, cue, kind and content (and when it was said,
    where the article says).

    ``outlets`` gives, per article id, how many outlets carried its story; a
    statement from a story carried by several says so.
    """
    width = width or min(shutil.get_terminal_size((110, 20)).columns, 140)
    rows = list(statements)
    if not rows:
        return "no statements"
    left = 34
    body = max(width - left - 3, 30)
    lines = []
    for n, st in enumerate(rows, 1):
        who = st.speaker.text if st.speaker else "(no speaker)"
        head = [f"{n:>2}. {who}", f"    = {actor_label(st)}", f"    {st.kind}: {st.cue.text if st.cue else '—'}"]
        if st.position is not None:
            head.append(f"    → {position_label(st)}")
        if st.when is not None:  # the article says when: "said in October"
            head.append(f"    said {st.date or 'undated'} (“{st.when.text}”)")
        carried = (outlets or {}).get(st.article_id, 1)
        if carried > 1:
            head.append(f"    carried by {carried} outlets")
        text = textwrap.wrap(st.content_text, body) or [""]
        for i in range(max(len(head), len(text))):
            l = head[i] if i < len(head) else ""
            r = text[i] if i < len(text) else ""
            lines.append(f"{textwrap.shorten(l, left, placeholder='…'):<{left}} │ {r}".rstrip())
        lines.append("")
    lines.append(f"{len(rows)} statement{'s' if len(rows) != 1 else ''}")
    return "\n".join(lines)


def statements_csv(statements: Iterable[Statement]) -> str:
    """CSV with a header row; several actors joined by '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for st in statements:
        writer.writerow(
            [
                st.article_id,
                st.sentence,
                st.kind,
                st.speaker.text if st.speaker else "",
                "; ".join(a.name for a in st.actors),
                "; ".join(a.affiliation or "" for a in st.actors),
                st.cue.text if st.cue else "",
                st.content_text,
                st.date or "",
                st.when.text if st.when else "",
                st.id,
            ]
        )
    return out.getvalue()


def jsonl_line(record: Mapping[str, object]) -> str:
    """One compact JSON line, non-ASCII kept readable."""
    return json.dumps(record, ensure_ascii=False)
