-- 1.0.0 -> 1.1.0, TLP row-level security without sub-selects
-- (src/sql/80_security.sql, src/visibility.c): the policies call C functions
-- that read the caller's memberships once per statement.

-- The per-row form of the rules above, for the policies: C functions that
-- read the caller's visible_orgs() and tlp_is_admin() once per statement (a
-- cache keyed by role, transaction and snapshot, src/visibility.c) and then
-- compare each row's values in memory.  No sub-select in any policy, so the
-- policies also hold where sub-selects are refused (Citus shards).
CREATE FUNCTION @extschema@.tlp_visible(level @extschema@.tlp, reported_by text, shared_with text[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_visible'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tlp_visible(@extschema@.tlp, text, text[]) IS
  'may the current user read an incident with this TLP level, reporting organisation and recipients (the rules of visible_orgs; incident_admin sees everything); the read policy of incidents';

CREATE FUNCTION incident_analytics_internal.tlp_acts_for(org text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_acts_for'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.tlp_acts_for(text) IS
  'internal: true when the current user acts for the organisation (it is in visible_orgs(''amber+strict'')); the insert and update policies of incidents';

CREATE FUNCTION incident_analytics_internal.tlp_admin()
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_admin'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.tlp_admin() IS
  'internal: tlp_is_admin() of the current user, read once per statement; the admin policy of incidents';

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
