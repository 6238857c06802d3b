-- communique store, schema version 3: relations across documents.
--
-- Cross-document events (GDELT's Events/Mentions split). Every stored event
-- report belongs to exactly one global event. `global_events` holds the
-- global event: its matching key (the country pair, the direction, the CAMEO
-- root, negated or not), its anchor date and its earliest report;
-- `event_mentions` links each report (doc_id, event_id) to its global event.
-- The counts (NumMentions, NumArticles, NumSources) are the view
-- `global_event_counts`, so they can never drift from the links. The
-- matching rule is in communique.store.linking.
--
-- Commitment tracking. Every stored commitment belongs to one tracked
-- commitment (`commitment_threads`): reports of the same agreement, policy,
-- target or promise by the same countries are one thread. `commitment_updates`
-- keeps the history: one row per report, plus one row per event that fulfils
-- a promise (a promised visit that takes place), each with its evidence. The
-- thread's current status is the latest update's. The rule is in
-- communique.store.tracking.
--
-- No key constraints, as in 0001.

CREATE TABLE global_events (
    global_id      BIGINT NOT NULL,    -- GDELT's GLOBALEVENTID
    country1       VARCHAR,            -- the acting side's country (the first report's source)
    country2       VARCHAR,            -- the other side's country
    direction      VARCHAR NOT NULL,   -- 'one' (country1 acts on country2) or 'both' (symmetric)
    cameo_root     VARCHAR NOT NULL,   -- the code class: the first two digits of CAMEO
    negated        BOOLEAN NOT NULL,   -- reports of what did not happen are kept apart
    match_key      VARCHAR,            -- 'A|B|root|negated' (A <= B); NULL: never matched (no country or date)
    first_date     DATE,               -- the anchor: the earliest report's date
    first_doc_id   VARCHAR NOT NULL,   -- the earliest report
    first_event_id VARCHAR NOT NULL
);

CREATE TABLE event_mentions (
    global_id BIGINT NOT NULL,
    doc_id    VARCHAR NOT NULL,
    event_id  VARCHAR NOT NULL,
    date      DATE,                    -- the report's event date, else its document's published date
    source    VARCHAR NOT NULL         -- publisher, else url host, else document id (for NumSources)
);

CREATE VIEW global_event_counts AS
SELECT global_id,
       count(*) AS num_mentions,
       count(DISTINCT doc_id) AS num_articles,
       count(DISTINCT source) AS num_sources,
       min(date) AS first_date,
       max(date) AS last_date
FROM event_mentions
GROUP BY global_id;

CREATE TABLE commitment_threads (
    thread_id  BIGINT NOT NULL,
    kind       VARCHAR NOT NULL,       -- the first report's kind
    what       VARCHAR NOT NULL,       -- the first report's words
    terms      VARCHAR[] NOT NULL,     -- the content stems that reports are matched on
    parties    VARCHAR[] NOT NULL,     -- the countries of its parties (by and for), sorted
    makers     VARCHAR[] NOT NULL,     -- the countries of its makers (by), sorted
    first_date DATE
);

CREATE TABLE commitment_updates (
    thread_id     BIGINT NOT NULL,
    seq           INTEGER NOT NULL,    -- order of arrival within the thread
    doc_id        VARCHAR NOT NULL,
    commitment_id VARCHAR,             -- the report; NULL for an update by an event
    event_id      VARCHAR,             -- the fulfilling event, for an update by an event
    kind          VARCHAR,
    status        VARCHAR,
    date          DATE,                -- the report's date, else its document's published date
    evidence      VARCHAR              -- the words that support the update
);
