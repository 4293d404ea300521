"""Count, on PolNeAR train's gold, whose a cue the parse hung on a reported clause is.

For every gold attribution whose cue verb has no subject of its own and hangs, as a conjunct or an adverbial
clause, on a clause that is the complement of a speech verb ("X said [Y had done A] and accused B", "X said [the
field was far from level], citing C"), it tells whether the gold source is the speech verb's subject (X, the
speaker) or the clause's (Y), by the kind of Y. These counts decide ``onrecord.nlp.subjects._speakers_step``.

    .venv/bin/python scripts/count_hung_cues.py [PolNeAR folder]   # about 90 s on 2 cores
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from onrecord.evaluate import load_polnear
from onrecord.nlp.lexicon import SPEECH_VERBS
from onrecord.nlp.model import load_base_model
from onrecord.nlp.subjects import _thing


def _subject(verb):
    return next((c for c in verb.children if c.dep_ in ("nsubj", "csubj")), None)


def main(data: Path) -> None:
    nlp = load_base_model()
    golds = load_polnear(data / "train")
    counts: Counter = Counter()
    for gold, doc in zip(golds, nlp.pipe((g.text for g in golds), batch_size=16)):
        for att in gold.attributions:
            if not att.cue or not att.source:
                continue
            span = doc.char_span(att.cue[0][0], att.cue[0][1], alignment_mode="expand")
            verb = next((t for t in span or () if t.pos_ == "VERB"), None)
            if verb is None or verb.dep_ not in ("conj", "advcl") or _subject(verb) is not None:
                continue
            clause, inner = verb.head, _subject(verb.head)
            top = clause
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head
            if inner is None or top.dep_ != "ccomp" or top.head.lemma_.lower() not in SPEECH_VERBS:
                continue
            outer = _subject(top.head)
            source = {i for s, e in att.source for i in range(s, e)}
            whose = "clause's" if inner.idx in source else "speaker's" if outer is not None and outer.idx in source else "neither"
            step = "conjunct" if verb.dep_ == "conj" else "participle" if verb.tag_ == "VBG" else "other clause"
            kind = "a thing" if _thing(inner) else {"PRON": "a pronoun", "PROPN": "a name"}.get(inner.pos_, "a person noun")
            counts[(step, kind, whose)] += 1
    for (step, kind, whose), n in sorted(counts.items()):
        print(f"{step:<13} after a clause about {kind:<14} {whose:<10} {n:>4}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/data/polnear"))
