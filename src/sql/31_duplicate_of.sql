-- incidents.duplicate_of: the incident a row reports again.  Set by
-- merge_duplicates() (93_duplicates.sql) or by an analyst; the aggregation
-- views (65_views.sql) count only rows where it is NULL.

ALTER TABLE @extschema@.incidents
  ADD COLUMN duplicate_of bigint REFERENCES @extschema@.incidents (incident_id) ON DELETE SET NULL,
  ADD CONSTRAINT incidents_duplicate_of_self CHECK (duplicate_of OPERATOR(pg_catalog.<>) incident_id);
COMMENT ON COLUMN @extschema@.incidents.duplicate_of IS
  'the incident this row reports again (set by merge_duplicates or an analyst); NULL for an incident counted on its own. The aggregation views count only rows with duplicate_of NULL';
CREATE INDEX incidents_duplicate_of_idx ON @extschema@.incidents (duplicate_of) WHERE duplicate_of IS NOT NULL;

