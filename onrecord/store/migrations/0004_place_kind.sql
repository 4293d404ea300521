-- onrecord: rebuilds tables
-- onrecord schema 4: actors of the kind "place": a state, region or city the
-- gazetteer (which holds every country) does not know had been stored as a
-- country. SQLite cannot change a CHECK constraint in place, so the table is
-- built anew under its own name, every row and id kept: the tables that refer
-- to actors by id keep their rows (foreign keys are off while it runs, and
-- checked before it commits).

CREATE TABLE actors_with_places (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL
                  CHECK (kind IN ('person', 'organization', 'country', 'place', 'group', 'other')),
    affiliation   TEXT
);

INSERT INTO actors_with_places (id, name, kind, affiliation)
SELECT id, name, kind, affiliation FROM actors;

DROP TABLE actors;

ALTER TABLE actors_with_places RENAME TO actors;
