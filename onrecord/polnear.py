"""PolNeAR's gold: a split of BRAT standoff files read as gold documents.

A split folder holds ``text/<stem>.txt`` and ``attributions/<stem>_<annotator>.ann``;
some articles have several annotators' files. :func:`load_polnear` reads each
article with its lexicographically first file, the gold :mod:`onrecord.evaluate`
scores against; :func:`annotation_files` and :func:`read_gold_doc` give the
others (:func:`onrecord.evaluate.annotator_agreement`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import EvaluationError

__all__ = ["GoldAttribution", "GoldDoc", "Spans", "annotation_files", "load_polnear", "read_gold_doc", "text_folder"]

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldAttribution:
    """One gold attribution: content spans, and Source / Cue spans (may be empty)."""

    content: Spans
    source: Spans = ()
    cue: Spans = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class GoldDoc:
    """One gold article: its text and the attributions of one annotator."""

    name: str
    text: str
    attributions: tuple[GoldAttribution, ...] = ()
    annotator: str | None = None  # None: the article has no .ann file
    skipped: int = 0  # E lines without a Content


def load_polnear(directory: str | Path) -> list[GoldDoc]:
    """Read a PolNeAR split (BRAT standoff) as gold documents.

    Args:
        directory: a folder holding ``text/<stem>.txt`` and
            ``attributions/<stem>_<annotator>.ann``.

    Returns:
        One :class:`GoldDoc` per text file, sorted by name. Where an article
        has several .ann files the lexicographically first is used; an article
        with no .ann file is included with zero gold attributions
        (``annotator`` is None). E lines without a Content are skipped and
        counted in ``GoldDoc.skipped``.

    Raises:
        EvaluationError: the folder or its ``text/`` is missing, or an .ann
            file is malformed.
    """
    root = Path(directory)
    text_dir = text_folder(root)
    anns = annotation_files(root / "attributions")
    return [read_gold_doc(p, anns[p.stem][0] if p.stem in anns else None) for p in sorted(text_dir.glob("*.txt"))]


def text_folder(root: Path) -> Path:
    """A split's ``text/`` folder; :class:`EvaluationError` saying what a split holds when it is missing."""
    text_dir = root / "text"
    if not text_dir.is_dir():
        raise EvaluationError(
            f"no PolNeAR split at {root}: expected {text_dir}/<stem>.txt and "
            f"{root / 'attributions'}/<stem>_<annotator>.ann; pass the split folder, "
            "e.g. shared/data/polnear/dev"
        )
    return text_dir


def annotation_files(folder: Path) -> dict[str, list[Path]]:
    """Each article stem's .ann files, lexicographically (the first is the gold)."""
    out: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.ann")) if folder.is_dir() else ():
        stem, sep, _ = path.stem.rpartition("_")
        if sep:
            out.setdefault(stem, []).append(path)
    return out


def read_gold_doc(text_path: Path, ann_path: Path | None) -> GoldDoc:
    with open(text_path, encoding="utf-8", newline="") as f:
        text = f.read()
    if ann_path is None:
        return GoldDoc(name=text_path.stem, text=text)
    with open(ann_path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    attributions, skipped = _parse_ann(lines, len(text), ann_path)
    annotator = ann_path.stem.rpartition("_")[2]
    return GoldDoc(name=text_path.stem, text=text, attributions=attributions,
                   annotator=annotator, skipped=skipped)


_ANN_LINE = re.compile(r"^([A-Z#*])[0-9]*\t")


def _parse_ann(
    lines: list[str], length: int, path: Path
) -> tuple[tuple[GoldAttribution, ...], int]:
    """The attributions of one .ann file and how many E lines were skipped."""
    spans: dict[str, Spans] = {}
    events: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        kind = _ANN_LINE.match(line)
        if kind is None:
            continue  # the rest of a span text that itself held a line break
        try:
            if kind.group(1) == "T":
                tid, offsets = _parse_t_line(line, length)
                spans[tid] = offsets
            elif kind.group(1) == "E":
                events.append((number, line))
        except (ValueError, IndexError) as exc:
            raise EvaluationError(f"{path}:{number}: malformed T line: {exc}") from exc
    out: list[GoldAttribution] = []
    for number, line in events:
        attribution = _parse_e_line(line, spans, f"{path}:{number}")
        if attribution is not None:
            out.append(attribution)
    return tuple(out), len(events) - len(out)


def _parse_t_line(line: str, length: int) -> tuple[str, Spans]:
    """``T5<TAB>Source 75 105;110 120<TAB>text`` → ("T5", ((75, 105), (110, 120)))."""
    tid, middle = line.split("\t")[:2]
    _, _, offsets = middle.partition(" ")
    pairs = tuple((int(a), int(b)) for a, b in (part.split() for part in offsets.split(";")))
    for start, end in pairs:
        if not 0 <= start <= end <= length:
            raise ValueError(f"span {start}-{end} is outside the text (length {length})")
    return tid, pairs


def _parse_e_line(line: str, spans: Mapping[str, Spans], where: str) -> GoldAttribution | None:
    """One E line → a gold attribution; None when it has no Content.

    The first ``Type:Tid`` item is the trigger; the others are roles, any
    order, with BRAT's numbered repeats (``Content2``) folded into their role.
    """
    fields = line.split("\t")
    items = fields[1].split()[1:] if len(fields) > 1 else []
    roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Source": [], "Cue": []}
    for item in items:
        role, _, tid = item.partition(":")
        role = role.rstrip("0123456789")
        if role not in roles:
            continue
        if tid not in spans:
            raise EvaluationError(f"{where}: role {item} names no T line in this file")
        roles[role].extend(spans[tid])
    if not roles["Content"]:
        return None
    return GoldAttribution(**{role.lower(): tuple(sorted(v)) for role, v in roles.items()})
