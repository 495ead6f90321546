-- Records (achievements and demands) and the collections beside them.
--
-- records: every process holds the records in memory, so the table is read in
-- full at open and then followed by `seq`: each write takes the next value of
-- record_seq (under one advisory lock, so seq order is commit order) and a
-- delete leaves a tombstone row, so a replica that asks "what changed after the
-- seq I have" also learns what was deleted.
CREATE SEQUENCE record_seq;

CREATE TABLE records (
  kind text NOT NULL CHECK (kind IN ('achievement', 'demand')),
  id text NOT NULL,
  -- {record, meta}; NULL for a deleted record (tombstone).
  stored jsonb,
  seq bigint NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX records_seq ON records (seq);

-- One table for every collection: documents are small and queried by equality
-- on top-level fields (jsonb containment, served by the GIN index) and ordered
-- paging within one collection.
CREATE TABLE documents (
  collection text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE INDEX documents_data ON documents USING gin (data jsonb_path_ops);
