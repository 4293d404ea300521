-- onrecord schema 5: the words that date a statement ("on Tuesday", "last
-- month", "then"), where the article states when it was made; its date is
-- then the one they give. Statements stored before keep none.

ALTER TABLE statements ADD COLUMN when_start INTEGER;
ALTER TABLE statements ADD COLUMN when_end INTEGER;
ALTER TABLE statements ADD COLUMN when_text TEXT;
