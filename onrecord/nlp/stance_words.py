"""The words that carry a stance: verbs, adjectives, nouns and phrases, and what each expresses.

:mod:`onrecord.nlp.positions` reads a statement's stance off these: "agreed" accepts, "is prepared
to" commits, "drew a red line" rejects, "a concession" concedes; :data:`FLIP` is what a stance becomes
negated ("did not rule out" accepts; "never asked for" stays a demand, negated, while "no longer insists"
concedes: :func:`onrecord.nlp.positions._chain_stance`).
"""

from __future__ import annotations

STANCES: tuple[str, ...] = ("commit", "accept", "concede", "demand", "reject", "deny", "warn", "assert")

VERB_STANCES: dict[str, str] = {}
for _stance, _words in {
    "commit": "promise pledge vow commit guarantee offer intend plan undertake volunteer ensure provide deploy",
    "accept": "agree accept allow acknowledge recognize recognise approve endorse support back welcome consent "
              "embrace permit tolerate sign accommodate",
    "concede": "concede admit yield relent compromise capitulate cede surrender",
    "demand": "demand insist require urge want seek press ask need push order instruct",  # "call" only with "for" or "on"
    "reject": "reject refuse oppose veto dismiss decline block resist rebuff spurn exclude condemn denounce "
              "prohibit forbid bar boycott shun snub object protest",
    "deny": "deny dispute refute contradict",
    "warn": "warn threaten caution",
}.items():
    for _w in _words.split():
        VERB_STANCES[_w] = _stance

ADJECTIVE_STANCES: dict[str, str] = {
    "unacceptable": "reject", "inadmissible": "reject", "impossible": "reject", "opposed": "reject",
    "unthinkable": "reject", "out of the question": "reject", "wrong": "reject", "illegitimate": "reject",
    "acceptable": "accept", "open": "accept", "willing": "accept", "agreeable": "accept", "amenable": "accept",
    "prepared": "commit", "ready": "commit", "determined": "commit", "committed": "commit", "eager": "commit",
}

# multi-word cues and verb + object idioms, matched on the lemma text
PHRASE_STANCES: tuple[tuple[str, str], ...] = (
    ("red line", "reject"), ("rule out", "reject"), ("turn down", "reject"), ("back away", "reject"),
    ("make concession", "concede"), ("back down", "concede"), ("give up", "concede"), ("give ground", "concede"),
    ("call for", "demand"), ("call on", "demand"), ("call upon", "demand"), ("push for", "demand"),
    ("press for", "demand"), ("insist on", "demand"),
    ("make commitment", "commit"), ("make promise", "commit"), ("make pledge", "commit"),
    ("sign on", "accept"), ("go along", "accept"), ("express a willingness", "commit"), ("express willingness", "commit"),
    ("express readiness", "commit"), ("make clear", "assert"),
)
# a stance verb with a particle that takes its stance away: "pushed back the launch" puts it off, demands nothing
NEUTRAL_PHRASES: frozenset[str] = frozenset({"push back", "ask around"})
NOUN_STANCES: dict[str, str] = {
    "concession": "concede", "commitment": "commit", "pledge": "commit", "promise": "commit", "guarantee": "commit",
    "demand": "demand", "ultimatum": "demand", "rejection": "reject", "refusal": "reject", "veto": "reject",
    "denial": "deny", "warning": "warn", "threat": "warn", "agreement": "accept", "acceptance": "accept",
    "willingness": "commit", "readiness": "commit",
}
# the side a phrase "in X of / to" takes on what follows: "is in favor of free trade", "voted in opposition to the plan"
SIDING_STANCES: dict[str, str] = {"favor": "accept", "favour": "accept", "support": "accept", "opposition": "reject"}
# … taken by the holder where the phrase hangs on one of these: "the system is rigged in favor of the rich", "decisions
# in favor of contributors", "spending $1 million in support of Sanders" say what favours whom, not who takes a side
SIDING_VERBS = frozenset("be vote speak come testify argue campaign lobby rule side stand remain stay".split())


FLIP = {
    "commit": "reject", "accept": "reject", "concede": "reject", "reject": "accept",
    "deny": "assert", "demand": "demand", "warn": "assert", "assert": "assert",
}


def phrase_stance(lemma_text: str | None) -> str | None:
    """The stance a cue or predicate lemma (one word or several) expresses, if any."""
    if not lemma_text:
        return None
    text = lemma_text.lower()
    padded = f" {text} "
    for phrase, stance in PHRASE_STANCES:
        if f" {phrase} " in padded:  # whole words: "recall for" is no "call for"
            return stance
    words = text.split()
    if len(words) == 1:
        return VERB_STANCES.get(words[0]) or ADJECTIVE_STANCES.get(words[0]) or NOUN_STANCES.get(words[0])
    return VERB_STANCES.get(words[0])


# verbs of what befalls the subject, not what it does: "180,000 people would lose coverage" is no undertaking
UNDERGONE = frozenset(
    "lose face suffer fall rise grow shrink die become be have see get receive need miss struggle feel remain "
    "benefit experience".split()
)
