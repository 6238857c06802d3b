-- communique store, schema version 1: one row per document, one row per
-- extracted item, every table keyed by the document id.
--
-- Only `documents` carries a key constraint (the document id, which makes
-- ingest idempotent). The child tables carry none: DuckDB refuses some ALTERs
-- on constrained tables, and later migrations (global actors, cross-document
-- events, commitment tracking) will add columns to them.
--
-- Offsets (start, end) are Python str indices into documents.text, end
-- exclusive, as in the record. The full record is kept as JSON in
-- documents.record so it can be read back exactly; the other columns are a
-- normalised, queryable copy.

CREATE TABLE documents (
    id          VARCHAR PRIMARY KEY,
    text        VARCHAR NOT NULL,
    title       VARCHAR,
    url         VARCHAR,
    path        VARCHAR,
    publisher   VARCHAR,
    license     VARCHAR,
    published   DATE,            -- NULL when absent or not an ISO date (the record keeps the text)
    dateline    VARCHAR,
    language    VARCHAR,
    schema      VARCHAR NOT NULL,  -- the record's schema tag, e.g. communique.document/1
    ingested_at TIMESTAMP NOT NULL,  -- UTC
    record      JSON NOT NULL
);

CREATE TABLE sentences (
    doc_id  VARCHAR NOT NULL,
    idx     INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL
);

CREATE TABLE actors (
    doc_id  VARCHAR NOT NULL,
    id      VARCHAR NOT NULL,   -- local to the document
    name    VARCHAR NOT NULL,
    kind    VARCHAR NOT NULL,
    country VARCHAR,
    sector  VARCHAR,
    role    VARCHAR,
    code    VARCHAR
);

CREATE TABLE mentions (
    doc_id   VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    text     VARCHAR,
    sentence INTEGER
);

CREATE TABLE events (
    doc_id         VARCHAR NOT NULL,
    id             VARCHAR NOT NULL,
    sentence       INTEGER,
    source         VARCHAR[],    -- actor ids
    target         VARCHAR[],
    source_country VARCHAR,      -- country of the first source actor, for dyad queries
    target_country VARCHAR,      -- country of the first target actor
    "symmetric"    BOOLEAN,      -- reserved word: always quote it
    cameo          VARCHAR,
    cameo_root     VARCHAR,      -- first two digits of cameo
    cameo_label    VARCHAR,
    goldstein      DOUBLE,
    quad_class     INTEGER,
    plover_type    VARCHAR,
    plover_mode    VARCHAR,
    plover_context VARCHAR[],
    modality       VARCHAR,
    date           DATE,         -- NULL when unresolved or not an ISO date
    date_text      VARCHAR,
    location       VARCHAR,      -- actor id of a place
    trigger_start  INTEGER,
    trigger_end    INTEGER,
    trigger_text   VARCHAR,
    quote          VARCHAR,      -- quote id
    confidence     DOUBLE,
    reason         VARCHAR
);

CREATE TABLE quotes (
    doc_id       VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    speaker      VARCHAR,        -- actor id
    speaker_text VARCHAR,
    cue          VARCHAR,
    kind         VARCHAR,
    text         VARCHAR,
    start        INTEGER,
    "end"        INTEGER
);

CREATE TABLE quantities (
    doc_id    VARCHAR NOT NULL,
    id        VARCHAR NOT NULL,
    text      VARCHAR,
    start     INTEGER,
    "end"     INTEGER,
    sentence  INTEGER,
    kind      VARCHAR,
    value     DOUBLE,
    unit      VARCHAR,
    qualifier VARCHAR,
    about     VARCHAR
);

CREATE TABLE commitments (
    doc_id     VARCHAR NOT NULL,
    id         VARCHAR NOT NULL,
    kind       VARCHAR,
    what       VARCHAR,
    by_actors  VARCHAR[],        -- the record's "by"
    for_actors VARCHAR[],        -- the record's "for"
    quantities VARCHAR[],        -- quantity ids
    status     VARCHAR,
    date       DATE,             -- NULL when absent or not an ISO date
    events     VARCHAR[],        -- event ids
    evidence   STRUCT(start INTEGER, "end" INTEGER, text VARCHAR)[]
);

CREATE TABLE errors (
    doc_id  VARCHAR NOT NULL,
    stage   VARCHAR,
    error   VARCHAR,
    message VARCHAR
);
