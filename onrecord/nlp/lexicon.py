"""Word lists the attribution rules rely on: cues, pronouns, titles, collectives."""

from __future__ import annotations

# Verbs of speech, thought and perception that introduce a reported clause.
# PolNeAR counts beliefs and perceptions as attributions, so "believe" and
# "show" belong here next to "say".
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    say tell state announce insist warn demand acknowledge admit add claim argue
    assert note explain report reveal write tweet post contend maintain declare
    confirm deny allege predict promise pledge vow concede complain charge accuse
    recall remark reply respond answer urge caution emphasize emphasise stress
    observe comment conclude testify proclaim signal hint imply counter retort
    mention repeat reiterate boast brag joke quip shout yell whisper scream
    suggest indicate show find estimate calculate project forecast reckon
    believe think feel know hope fear expect worry wonder doubt suspect assume
    guess speculate understand realize realise recognize recognise agree
    disclose inform assure advise recommend propose threaten guarantee
    acknowledge lament grumble muse concur dispute question predict tout
    describe characterize portray""".split()
)

# Cues whose object, not only a clause, can carry the content:
# "announced a major concession", "expressed a willingness to ...".
OBJECT_CUES: frozenset[str] = frozenset(
    """
    announce express demand acknowledge admit deny reject confirm propose
    promise pledge vow offer dismiss condemn welcome endorse oppose support
    praise criticize criticise blame accuse predict claim allege concede
    reiterate repeat urge threaten guarantee rule""".split()
)

# Cues that need a "to"-infinitive or a prepositional object for content:
# "insisted on a pact", "urged Congress to act".
PREP_CUES: dict[str, frozenset[str]] = {
    "insist": frozenset({"on", "upon"}),
    "call": frozenset({"for"}),
    "push": frozenset({"for"}),
    "press": frozenset({"for"}),
    "argue": frozenset({"for", "against"}),
    "warn": frozenset({"of", "against", "about"}),
    "complain": frozenset({"about", "of"}),
    "speak": frozenset({"of", "about"}),
    "talk": frozenset({"about"}),
    "object": frozenset({"to"}),
    "draw": frozenset({"on"}),  # "drew a red line on X" (checked for the object "line")
}

# Nouns that act as cues when they take a that-clause or a possessive speaker:
# "Witkoff's claim that ...", "the assessment by U.S. officials that ...".
NOMINAL_CUES: frozenset[str] = frozenset(
    """
    claim assessment statement warning insistence remark comment belief view
    promise pledge denial assertion allegation argument suggestion assurance
    announcement contention declaration conclusion prediction estimate finding
    report testimony insinuation admission acknowledgment acknowledgement
    position demand threat vow accusation charge""".split()
)

# Reporting nouns that are themselves sources: "A Bloomberg poll shows ...".
DOCUMENT_SOURCES: frozenset[str] = frozenset(
    """poll survey report study analysis data statement memo letter filing
    document lawsuit complaint record records figures numbers research
    review investigation audit""".split()
)

# Words that make a plural some of a body's people rather than the body: "some Democrats", "many Republicans"
SOME_OF: frozenset[str] = frozenset({"some", "many", "most", "several", "few", "other", "two", "three", "dozens"})
# … and a faction of them: "progressive Democrats", "moderate Republicans" (not "top Democrats", their leaders)
FACTIONS: frozenset[str] = frozenset(
    """progressive moderate conservative liberal centrist leftist left-leaning right-leaning young younger older
    dissident rebel disaffected evangelical pro-life pro-choice anti-trump never-trump""".split()
)

# A clause object that is not content: "said so", "said it".
EMPTY_OBJECTS: frozenset[str] = frozenset({"it", "this", "that", "so", "something", "nothing", "anything", "what"})

PERSONAL_PRONOUNS: dict[str, str] = {
    # pronoun -> number/gender class used by the resolver
    "he": "m", "him": "m", "his": "m", "himself": "m",
    "she": "f", "her": "f", "hers": "f", "herself": "f",
    "they": "p", "them": "p", "their": "p", "themselves": "p",
    "it": "n", "its": "n",
    "we": "p1", "us": "p1", "our": "p1",
    "i": "s1", "me": "s1", "my": "s1",
    "you": "s2", "your": "s2",
    "who": "rel", "which": "rel", "that": "rel",
}

# Titles that precede names; they belong to the speaker mention and hint at
# gender or affiliation but are never the name itself.
TITLE_WORDS: frozenset[str] = frozenset(
    """president vice minister secretary senator sen. rep. representative
    governor gov. mayor chancellor premier prime general gen. lt. col. adm.
    admiral ambassador envoy spokesman spokeswoman spokesperson chairman
    chairwoman chair director chief judge justice attorney speaker leader
    commissioner official officer adviser advisor aide deputy foreign defense
    defence interior finance state special former acting sergeant sgt. dr.
    mr. mrs. ms. miss sir lord lady king queen prince princess pope cardinal
    rev. reverend professor prof. candidate nominee democrat republican
    ceo founder executive manager secretary-general councilor councillor councilman councilwoman
    alderman alderwoman selectman selectwoman assemblyman assemblywoman superintendent sheriff coach
    capt. captain lieutenant detective inspector""".split()
)

# Role nouns that, set beside a name ("Kemi Badenoch, the party leader"), make it a person's
PERSON_ROLES: frozenset[str] = frozenset(
    TITLE_WORDS - {"foreign", "defense", "defence", "interior", "finance", "state", "special",
                   "former", "acting", "vice", "prime", "democrat", "republican"}
) | frozenset(
    """lawyer analyst economist player striker midfielder goalkeeper spokesperson staffer colonel major head
    student journalist reporter columnist commentator anchor doctor physician surgeon nurse teacher
    activist lobbyist strategist consultant pollster historian scientist researcher author writer
    businessman businesswoman veteran pastor priest rabbi imam lawmaker legislator congressman
    congresswoman actor actress singer comedian""".split()
)

MALE_TITLES: frozenset[str] = frozenset(
    {"mr.", "mr", "sir", "lord", "king", "prince", "spokesman", "chairman", "councilman", "alderman", "selectman",
     "assemblyman"}
)
FEMALE_TITLES: frozenset[str] = frozenset(
    {"mrs.", "mrs", "ms.", "ms", "miss", "lady", "queen", "princess", "spokeswoman", "chairwoman", "councilwoman",
     "alderwoman", "selectwoman", "assemblywoman"}
)

# Plural nouns that name a group of people speaking for an organisation or
# country: "U.S. officials", "Russian diplomats".
COLLECTIVE_NOUNS: frozenset[str] = frozenset(
    """officials diplomats sources aides advisers advisors lawmakers leaders
    negotiators spokespeople analysts experts critics supporters voters
    authorities officers ministers senators representatives democrats
    republicans investigators prosecutors members residents protesters
    executives economists scientists researchers observers people""".split()
)

# Singular role nouns that stand for an organisation: "a spokesman for X".
ROLE_NOUNS: frozenset[str] = frozenset(
    """spokesman spokeswoman spokesperson official source aide adviser advisor
    diplomat representative""".split()
)
SPOKESPEOPLE: frozenset[str] = frozenset({"spokesman", "spokeswoman", "spokesperson"})
# who speaks for a client at law: "Trump's attorney, Alan Garten", "her personal lawyer"
COUNSEL: frozenset[str] = frozenset({"attorney", "lawyer", "counsel"})

# particles of a surname ("Bill de Blasio", "Ursula von der Leyen", "Abdulaziz bin Salman")
NAME_PARTICLES: frozenset[str] = frozenset(
    {"de", "van", "von", "der", "den", "la", "le", "di", "da", "du", "del", "della", "bin", "al", "el", "ten", "ter"}
)
