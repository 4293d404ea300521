-- onrecord schema 3 for PostgreSQL: syndicated copies, as SQLite's schema 3.
-- Each article stored from now on gets its MinHash signature (onrecord.stories)
-- and its story: the pk of the first stored article it is a near-duplicate of,
-- else its own. article_bands is the LSH index that finds candidate copies.

CREATE TABLE article_stories (
    article_pk    bigint PRIMARY KEY REFERENCES articles (pk) ON DELETE CASCADE,
    story_pk      bigint NOT NULL,
    signature     bytea
);

CREATE INDEX article_stories_by_story ON article_stories (story_pk);

CREATE TABLE article_bands (
    band_key      bigint NOT NULL,
    article_pk    bigint NOT NULL REFERENCES articles (pk) ON DELETE CASCADE,
    PRIMARY KEY (band_key, article_pk)
);
