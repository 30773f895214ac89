-- The views re-created by this update (63_drop_views.sql) get the privileges
-- and the security_invoker option a fresh install gives every view
-- (80_security.sql).
GRANT SELECT ON @extschema@.incident_overview, @extschema@.incidents_by_region, @extschema@.incidents_by_sector,
                @extschema@.incidents_by_technique, @extschema@.incidents_by_tactic, @extschema@.incidents_by_month
  TO incident_reader;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE
   ON @extschema@.incident_overview, @extschema@.incidents_by_region, @extschema@.incidents_by_sector,
      @extschema@.incidents_by_technique, @extschema@.incidents_by_tactic, @extschema@.incidents_by_month
   TO incident_admin;
GRANT EXECUTE ON FUNCTION incident_analytics_internal.view_measures(@extschema@.cia_profile, @extschema@.severity_summary, @extschema@.severity_summary),
  @extschema@.incident_firm_severity(@extschema@.incidents),
  @extschema@.incident_severity_coverage(@extschema@.incidents),
  incident_analytics_internal.incident_severity_facts_coverage(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean),
  incident_analytics_internal.incident_severity_facts_firm(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean)
  TO incident_reader;
