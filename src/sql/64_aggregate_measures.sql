-- The measure columns of the aggregation views as a composite type, so that
-- the views' columns carry typmods (numeric(5,4) for a share, numeric(5,2)
-- for a mean score, numeric(4,1) for a score): ODBC drivers and BI tools then
-- read fixed-point columns instead of NUMERIC(28,6).  view_measures()
-- (65_views.sql) returns it.

CREATE TYPE @extschema@.aggregate_measures AS (
  incidents bigint,
  c_incidents bigint, i_incidents bigint, a_incidents bigint,
  c_known bigint, i_known bigint, a_known bigint,
  c_share numeric(5,4), c_share_lower numeric(5,4), c_share_upper numeric(5,4),
  i_share numeric(5,4), i_share_lower numeric(5,4), i_share_upper numeric(5,4),
  a_share numeric(5,4), a_share_lower numeric(5,4), a_share_upper numeric(5,4),
  mean_severity numeric(5,2), max_severity numeric(4,1), severe_or_worse bigint,
  scored_incidents bigint, mean_severity_scored numeric(5,2));
COMMENT ON TYPE @extschema@.aggregate_measures IS
  'the measure columns shared by the aggregation views (view_measures), with the typmods BI tools read';
