"""The SQL the PostgreSQL store runs (onrecord.store.postgres), apart from text search (pgtext.py).

Constants only, and the one function that builds the statement query for a
set of filters; no connection, no state.
"""

from __future__ import annotations

from .records import ARTICLE_COLUMNS, STATEMENT_COLUMNS

# -- schema ---------------------------------------------------------------------

SCHEMA_TABLES = """
SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class c
WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"""
READ_VERSION = "SELECT max(version) FROM schema_migrations"
LOCK = "SELECT pg_advisory_xact_lock(%s)"
RECORD_VERSION = "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)"

# -- articles -------------------------------------------------------------------

INSERT_ARTICLE = f"""
INSERT INTO articles ({ARTICLE_COLUMNS}, search)
VALUES (%(id)s, %(name)s, %(origin)s, %(text)s, %(content_hash)s, %(title)s, %(url)s,
        %(canonical_url)s, %(site)s, %(author)s, %(published)s, %(language)s, %(cleaned)s,
        %(search)s::tsvector)
ON CONFLICT (id) DO NOTHING RETURNING pk"""
ARTICLE_EXISTS = "SELECT 1 FROM articles WHERE id = %s"
SELECT_ARTICLE = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s"
ARTICLE_ORDER = "a.published DESC NULLS LAST, a.name, a.id"
SELECT_ARTICLES = f"""
SELECT {ARTICLE_COLUMNS} FROM articles a
ORDER BY {ARTICLE_ORDER} LIMIT %(limit)s OFFSET %(offset)s"""

# -- statements -----------------------------------------------------------------

NEW_STATEMENT_KEYS = "SELECT nextval(pg_get_serial_sequence('statements', 'pk')) FROM generate_series(1, %s)"
COPY_STATEMENTS = """
COPY statements (pk, id, article_id, seq, kind, sentence, speaker_start, speaker_end,
    speaker_text, speaker_fold, cue_start, cue_end, cue_text, cue_lemma, date,
    when_start, when_end, when_text, content_start, content_text, actor_names, search) FROM STDIN"""
COPY_SPANS = "COPY statement_spans (statement_pk, seq, span_start, span_end, text) FROM STDIN"
COPY_STATEMENT_ACTORS = """
COPY statement_actors (statement_pk, seq, actor_id, kind, affiliation, aliases, titles) FROM STDIN"""
COPY_POSITIONS = """
COPY positions (statement_pk, holder, holder_kind, voice, stance, proposition, negated, embedding) FROM STDIN"""

SELECT_STATEMENTS = f"""
SELECT {STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article_id"""
# SQLite sorts NULLs first in ascending order.
STATEMENT_ORDER = f"""
ORDER BY {ARTICLE_ORDER}, s.sentence, s.content_start NULLS FIRST, s.seq
LIMIT %(limit)s OFFSET %(offset)s"""
BY_ARTICLE = "s.article_id = %(article_id)s"
BY_SPEAKER = """(
    strpos(s.speaker_fold, %(speaker)s) > 0
    OR EXISTS (
        SELECT 1 FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
        WHERE sa.statement_pk = s.pk AND (
            strpos(ac.name_fold, %(speaker)s) > 0
            OR EXISTS (SELECT 1 FROM actor_aliases al
                       WHERE al.actor_id = ac.id AND strpos(al.alias_fold, %(speaker)s) > 0))))"""
BY_ACTOR = """s.pk IN (
    SELECT sa.statement_pk FROM statement_actors sa
    WHERE sa.actor_id = (SELECT id FROM actors WHERE name = %(actor)s))"""


def statement_query(by_article: bool, by_speaker: bool, by_actor: bool) -> str:
    filters = [f for on, f in ((by_article, BY_ARTICLE), (by_speaker, BY_SPEAKER), (by_actor, BY_ACTOR)) if on]
    where = f" WHERE {' AND '.join(filters)}" if filters else ""
    return f"{SELECT_STATEMENTS}{where} {STATEMENT_ORDER}"


# One fixed query per combination of filters, keyed by (by article, by speaker, by actor).
STATEMENT_QUERIES = {
    (a, s, b): statement_query(a, s, b) for a in (False, True) for s in (False, True) for b in (False, True)
}
CANDIDATE_COPIES = """
SELECT DISTINCT st.story_pk, st.signature FROM article_bands b
JOIN article_stories st ON st.article_pk = b.article_pk
WHERE b.band_key = ANY(%s::bigint[])"""
INSERT_STORY = "INSERT INTO article_stories (article_pk, story_pk, signature) VALUES (%s, %s, %s)"
COPY_BANDS = "COPY article_bands (band_key, article_pk) FROM STDIN"
STORY_MEMBERS = """
WITH wanted AS (
    SELECT a.id AS asked, coalesce(st.story_pk, a.pk) AS story
    FROM articles a LEFT JOIN article_stories st ON st.article_pk = a.pk
    WHERE a.id = ANY(%s::text[])),
members AS (
    SELECT w.asked, st.article_pk AS pk FROM wanted w JOIN article_stories st ON st.story_pk = w.story
    UNION
    SELECT w.asked, w.story FROM wanted w)
SELECT m.asked, a.id, a.site, a.title, a.published, a.url
FROM members m JOIN articles a ON a.pk = m.pk ORDER BY m.asked, a.pk"""
STATEMENTS_BY_PK = f"SELECT {STATEMENT_COLUMNS} FROM statements s WHERE s.pk = ANY(%s::bigint[])"
SPANS_OF = """
SELECT statement_pk, span_start, span_end, text FROM statement_spans
WHERE statement_pk = ANY(%s::bigint[]) ORDER BY statement_pk, seq"""
ACTORS_OF = """
SELECT sa.statement_pk, ac.name, sa.kind, sa.affiliation, sa.aliases, sa.titles
FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
WHERE sa.statement_pk = ANY(%s::bigint[]) ORDER BY sa.statement_pk, sa.seq"""
POSITIONS_OF = """
SELECT statement_pk, holder, holder_kind, voice, stance, proposition, negated, embedding FROM positions
WHERE statement_pk = ANY(%s::bigint[])"""
POSITION_KEYS = "SELECT statement_pk FROM positions ORDER BY statement_pk"
POSITION_KEYS_OF = "SELECT statement_pk FROM positions WHERE holder = %s ORDER BY statement_pk"
POSITION_VECTORS = """
SELECT statement_pk, embedding FROM positions
WHERE embedding IS NOT NULL AND statement_pk > %s ORDER BY statement_pk"""
POSITIONS_OF_ACTOR = """
SELECT p.statement_pk, s.article_id, s.id, coalesce(s.date, a.published) AS day, p.holder, p.voice,
       p.stance, p.proposition, p.negated,
       coalesce((SELECT ac.name FROM statement_actors sa JOIN actors ac ON ac.id = sa.actor_id
                 WHERE sa.statement_pk = s.pk ORDER BY sa.seq LIMIT 1), s.speaker_text)
FROM positions p JOIN statements s ON s.pk = p.statement_pk JOIN articles a ON a.id = s.article_id
WHERE p.holder = %(actor)s OR p.statement_pk IN (
    SELECT sa.statement_pk FROM statement_actors sa
    WHERE sa.actor_id = (SELECT id FROM actors WHERE name = %(actor)s))
ORDER BY day DESC NULLS FIRST, p.statement_pk DESC LIMIT %(limit)s"""

# -- actors ---------------------------------------------------------------------

ACTOR_ID = "SELECT id FROM actors WHERE name = %s"
# ILIKE, not LIKE: SQLite's LIKE ignores (ASCII) case. The candidates only feed same_person.
PEOPLE_NAMED = """
SELECT id, name FROM actors
WHERE kind = 'person' AND (name = %(name)s OR name ILIKE %(surname)s ESCAPE '') ORDER BY id"""
# Merge rule: a kind other than "other" and a non-null affiliation fill in once;
# the first specific value seen is kept. The WHERE makes a no-op write nothing
# (and return no row).
UPSERT_ACTOR = """
INSERT INTO actors AS ac (name, name_fold, kind, affiliation)
VALUES (%(name)s, %(name_fold)s, %(kind)s, %(affiliation)s)
ON CONFLICT (name) DO UPDATE SET
    kind = CASE WHEN ac.kind = 'other' THEN excluded.kind ELSE ac.kind END,
    affiliation = coalesce(ac.affiliation, excluded.affiliation)
WHERE (ac.kind = 'other' AND excluded.kind <> 'other')
   OR (ac.affiliation IS NULL AND excluded.affiliation IS NOT NULL)
RETURNING id"""
INSERT_ALIASES = """
INSERT INTO actor_aliases (actor_id, alias, alias_fold)
SELECT %s, alias, fold FROM unnest(%s::text[], %s::text[]) AS u (alias, fold) ON CONFLICT DO NOTHING"""
INSERT_TITLES = """
INSERT INTO actor_titles (actor_id, title) SELECT %s, unnest(%s::text[]) ON CONFLICT DO NOTHING"""
SELECT_ACTORS = "SELECT id, name, kind, affiliation FROM actors ORDER BY name LIMIT %(limit)s OFFSET %(offset)s"
ACTOR_NAMED = """
SELECT id, name, kind, affiliation FROM actors WHERE id = coalesce(
    (SELECT id FROM actors WHERE name = %(name)s),
    (SELECT min(actor_id) FROM actor_aliases WHERE alias = %(name)s))"""
ALIASES_OF = """
SELECT actor_id, alias FROM actor_aliases WHERE actor_id = ANY(%s::bigint[]) ORDER BY actor_id, alias"""
TITLES_OF = """
SELECT actor_id, title FROM actor_titles WHERE actor_id = ANY(%s::bigint[]) ORDER BY actor_id, title"""
ACTOR_COUNTS = """
SELECT ac.name, count(DISTINCT sa.statement_pk) FROM actors ac
LEFT JOIN statement_actors sa ON sa.actor_id = ac.id GROUP BY ac.id, ac.name"""

# -- counts ---------------------------------------------------------------------

COUNTS = """
SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM statements), (SELECT count(*) FROM actors)"""
