-- 1.0.0 -> 1.1.0, TLP row-level security without sub-selects
-- (src/sql/80_security.sql, src/visibility.c): the policies call C functions
-- that read the caller's memberships once per statement.

-- The functions are re-created from the install fragment (81_visibility.replace).
GRANT EXECUTE ON FUNCTION @extschema@.tlp_visible(@extschema@.tlp, text, text[]),
  incident_analytics_internal.tlp_acts_for(text), incident_analytics_internal.tlp_admin() TO incident_reader;

ALTER POLICY incidents_tlp_read ON @extschema@.incidents USING (
  @extschema@.tlp_visible(tlp, reported_by, shared_with));
ALTER POLICY incidents_own_insert ON @extschema@.incidents WITH CHECK (
  incident_analytics_internal.tlp_acts_for(reported_by));
ALTER POLICY incidents_own_update ON @extschema@.incidents
  USING (incident_analytics_internal.tlp_acts_for(reported_by))
  WITH CHECK (incident_analytics_internal.tlp_acts_for(reported_by));
ALTER POLICY incidents_admin ON @extschema@.incidents
  USING (incident_analytics_internal.tlp_admin())
  WITH CHECK (incident_analytics_internal.tlp_admin());
