-- onrecord schema 2 for PostgreSQL: the position each statement describes
-- (holder, voice, stance, proposition) and the proposition's embedding (384
-- float32, little endian, the bytes exactly as given). Keyed by the statement's
-- primary key, which is also the key of the FAISS similarity index built over
-- the embeddings (onrecord.contests reads them through position_vectors).

CREATE TABLE positions (
    statement_pk  bigint PRIMARY KEY REFERENCES statements (pk) ON DELETE CASCADE,
    holder        text COLLATE "C",
    holder_kind   text,
    voice         text NOT NULL CHECK (voice IN ('own', 'reported')),
    stance        text NOT NULL
                  CHECK (stance IN ('commit', 'accept', 'concede', 'demand', 'reject', 'deny', 'warn', 'assert')),
    proposition   text NOT NULL,
    negated       boolean NOT NULL,
    embedding     bytea,
    CHECK ((holder IS NULL) = (holder_kind IS NULL))
);

CREATE INDEX positions_by_holder ON positions (holder, voice, stance);
