-- onrecord schema 3: syndicated copies. Each article stored from now on gets
-- its MinHash signature (onrecord.stories) and the story it belongs to: the
-- pk of the first stored article it is a near-duplicate of, else its own.
-- article_bands is the LSH index that finds candidate copies. Articles stored
-- before this schema have no row: each is a story of its own.

CREATE TABLE article_stories (
    article_pk    INTEGER PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
    story_pk      INTEGER NOT NULL,            -- pk of the story's first stored article
    signature     BLOB                         -- NULL when the text is too short to group
);

CREATE INDEX article_stories_by_story ON article_stories (story_pk);

CREATE TABLE article_bands (
    band_key      INTEGER NOT NULL,            -- one per LSH band of the signature
    article_pk    INTEGER NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_pk)
) WITHOUT ROWID;
