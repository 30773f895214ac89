-- 1.1.0 gives the views' numeric columns typmods (aggregate_measures,
-- 64_aggregate_measures.sql) and reorders no 1.0.0 column, but CREATE OR
-- REPLACE VIEW cannot change a column's type: the 1.0.0 views and their
-- measure function are dropped here and re-created from the install fragment
-- (65_views.replace), then granted again (67_view_grants.sql).  Nothing else
-- in the extension depends on them; a user's own view over them would stop
-- the update with a dependency error, which is the safe outcome (drop it,
-- update, re-create it).
DROP VIEW @extschema@.incident_overview, @extschema@.incidents_by_region, @extschema@.incidents_by_sector,
          @extschema@.incidents_by_technique, @extschema@.incidents_by_tactic, @extschema@.incidents_by_month;
DROP FUNCTION incident_analytics_internal.view_measures(@extschema@.cia_profile, @extschema@.severity_summary);
