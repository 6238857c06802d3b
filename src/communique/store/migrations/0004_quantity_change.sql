-- communique store, schema version 4: the direction of change of a quantity.
--
-- quantities.change is 'increase' or 'decrease' when a money or percent
-- quantity is the size of a rise or a fall ("rose by 5 percent", "a $2 billion
-- cut"), and NULL for a level ("rose to $3 billion"), for other kinds and for
-- rows written before this version (communique.pipeline.quantity_change).

ALTER TABLE quantities ADD COLUMN "change" VARCHAR;
