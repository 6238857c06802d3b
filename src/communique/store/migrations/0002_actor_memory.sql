-- communique store, schema version 2: actor memory across documents.
--
-- A global actor is a person coded with a country and an office in at least
-- one document. Its id is the country and the normalised full name
-- ("KAZ/zarina beisembayeva", communique.lexicon.memory.actor_key).
--
-- actor_sightings is the fact table: one row per global actor, document and
-- office, written in the same transaction as the document, so re-ingesting a
-- document (a duplicate, skipped) never counts twice. actor_roles is a view
-- over it: per (actor, country, sector, role) the first and last dates seen
-- and the number of documents. actor_names holds every name a global actor
-- was found under (full name, surname, name-only mentions), once each.
--
-- No key constraints, as in 0001 (later migrations may ALTER these tables).

CREATE TABLE actor_names (
    actor VARCHAR NOT NULL,   -- the global actor id
    name  VARCHAR NOT NULL,   -- as first written
    norm  VARCHAR NOT NULL    -- normalised (communique.lexicon.normalise), the lookup key
);

CREATE TABLE actor_sightings (
    actor     VARCHAR NOT NULL,   -- the global actor id
    doc_id    VARCHAR NOT NULL,
    name      VARCHAR NOT NULL,   -- the full name as written in that document
    country   VARCHAR NOT NULL,
    sector    VARCHAR,
    role      VARCHAR,
    published DATE              -- the document's date; NULL when absent or not an ISO date
);

CREATE VIEW actor_roles AS
SELECT actor,
       country,
       sector,
       role,
       arg_min(name, coalesce(published, DATE '9999-12-31')) AS name,
       min(published) AS first_seen,
       max(published) AS last_seen,
       count(DISTINCT doc_id) AS documents
FROM actor_sightings
GROUP BY actor, country, sector, role;
