-- onrecord schema 2: the position each statement describes (holder, voice,
-- stance, proposition) and the proposition's embedding (384 float32, little
-- endian). Keyed by the statement's rowid, which is also the key of the
-- similarity index built over the embeddings.

CREATE TABLE positions (
    statement_pk  INTEGER PRIMARY KEY REFERENCES statements (pk) ON DELETE CASCADE,
    holder        TEXT,
    holder_kind   TEXT,
    voice         TEXT NOT NULL CHECK (voice IN ('own', 'reported')),
    stance        TEXT NOT NULL
                  CHECK (stance IN ('commit', 'accept', 'concede', 'demand', 'reject', 'deny', 'warn', 'assert')),
    proposition   TEXT NOT NULL,
    negated       INTEGER NOT NULL CHECK (negated IN (0, 1)),
    embedding     BLOB,
    CHECK ((holder IS NULL) = (holder_kind IS NULL))
);

CREATE INDEX positions_by_holder ON positions (holder, voice, stance);
