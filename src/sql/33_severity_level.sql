-- The ISM-1 band type (docs/severity-model.md).  It is created before the
-- stored facts of incidents (34_facts.sql), one of whose columns has it, and
-- before the severity functions (40_severity.sql) that return it.

CREATE TYPE @extschema@.severity_level AS ENUM (
  'baseline', 'low', 'medium', 'high', 'severe', 'emergency');
COMMENT ON TYPE @extschema@.severity_level IS
  'NCISS priority band of an ISM-1 score: baseline < 35 <= low < 50 <= medium < 65 <= high < 75 <= severe < 90 <= emergency';
