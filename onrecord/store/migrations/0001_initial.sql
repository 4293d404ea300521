-- onrecord schema 1: articles, statements with their content spans, actors
-- (canonical, merged) and the statement-actor links, plus FTS5 indexes.
--
-- Every table has an INTEGER PRIMARY KEY so that rowids survive VACUUM: the
-- FTS5 tables are external-content tables keyed on them. The record ids
-- (Article.id, Statement.id) are kept in their own unique columns.

CREATE TABLE articles (
    pk            INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,        -- Article.id (content hash based)
    name          TEXT NOT NULL,
    origin        TEXT NOT NULL,
    text          TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    title         TEXT,
    url           TEXT,                        -- several versions of one page may share it
    canonical_url TEXT,
    site          TEXT,
    author        TEXT,
    published     TEXT,                        -- ISO 8601 date or datetime
    language      TEXT NOT NULL,
    cleaned       INTEGER NOT NULL CHECK (cleaned IN (0, 1)),
    ingested_at   TEXT NOT NULL                -- ISO 8601 UTC, set at first insert only
);

CREATE INDEX articles_by_date ON articles (published DESC, name, id);

CREATE TABLE statements (
    pk            INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,               -- Statement.id
    article_id    TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,            -- position in the extracted tuple
    kind          TEXT NOT NULL
                  CHECK (kind IN ('direct', 'mixed', 'indirect', 'according_to', 'other')),
    sentence      INTEGER NOT NULL,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    speaker_text  TEXT,
    cue_start     INTEGER,
    cue_end       INTEGER,
    cue_text      TEXT,
    cue_lemma     TEXT,
    date          TEXT,
    content_start INTEGER,                     -- start of the first content span
    content_text  TEXT NOT NULL,               -- content spans joined, for search
    actor_names   TEXT NOT NULL,               -- resolved actor names joined, for search
    UNIQUE (article_id, id),
    CHECK ((speaker_start IS NULL) = (speaker_text IS NULL)),
    CHECK ((cue_start IS NULL) = (cue_text IS NULL))
);

CREATE INDEX statements_by_position ON statements (article_id, sentence, content_start, seq);

CREATE TABLE statement_spans (
    statement_pk  INTEGER NOT NULL REFERENCES statements (pk) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (statement_pk, seq)
) WITHOUT ROWID;

-- The canonical actor: one row per name; aliases and titles merged from every
-- statement that named it; kind and affiliation fill in once known.
CREATE TABLE actors (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('person', 'organization', 'country', 'group', 'other')),
    affiliation   TEXT
);

CREATE TABLE actor_aliases (
    actor_id      INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    alias         TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
) WITHOUT ROWID;

CREATE TABLE actor_titles (
    actor_id      INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    PRIMARY KEY (actor_id, title)
) WITHOUT ROWID;

-- The actors of one statement, in order, each with the kind, affiliation,
-- aliases and titles exactly as the statement carried them (JSON arrays), so
-- that a statement reads back equal to what was put even after the canonical
-- actor has merged more aliases from other articles.
CREATE TABLE statement_actors (
    statement_pk  INTEGER NOT NULL REFERENCES statements (pk) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    actor_id      INTEGER NOT NULL REFERENCES actors (id),
    kind          TEXT NOT NULL,
    affiliation   TEXT,
    aliases       TEXT NOT NULL,               -- JSON array of strings
    titles        TEXT NOT NULL,               -- JSON array of strings
    PRIMARY KEY (statement_pk, seq)
) WITHOUT ROWID;

CREATE INDEX statement_actors_by_actor ON statement_actors (actor_id);

CREATE VIRTUAL TABLE statements_fts USING fts5 (
    content_text, speaker_text, actor_names,
    content = 'statements', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, content_text, speaker_text, actor_names)
    VALUES (new.pk, new.content_text, new.speaker_text, new.actor_names);
END;

CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content_text, speaker_text, actor_names)
    VALUES ('delete', old.pk, old.content_text, old.speaker_text, old.actor_names);
END;

CREATE TRIGGER statements_fts_update AFTER UPDATE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, content_text, speaker_text, actor_names)
    VALUES ('delete', old.pk, old.content_text, old.speaker_text, old.actor_names);
    INSERT INTO statements_fts (rowid, content_text, speaker_text, actor_names)
    VALUES (new.pk, new.content_text, new.speaker_text, new.actor_names);
END;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
