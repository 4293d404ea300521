-- onrecord schema 4: actors of the kind "place": a state, region or city the
-- gazetteer (which holds every country) does not know had been stored as a
-- country.

ALTER TABLE actors DROP CONSTRAINT actors_kind_check;

ALTER TABLE actors ADD CONSTRAINT actors_kind_check
    CHECK (kind IN ('person', 'organization', 'country', 'place', 'group', 'other'));
