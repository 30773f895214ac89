-- The facts functions (41_facts.sql, 68_facts_verify.sql) get what a fresh
-- install's GRANT EXECUTE ON ALL FUNCTIONS (80_security.sql) gives them.
GRANT EXECUTE ON FUNCTION @extschema@.refresh_incident_facts(), @extschema@.verify_incident_facts(boolean),
  incident_analytics_internal.incident_facts_stamp(), incident_analytics_internal.incident_facts_maintain(),
  incident_analytics_internal.incident_severity_stored(bigint, numeric, bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean),
  incident_analytics_internal.incident_severity_firm_stored(bigint, numeric, boolean, bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean),
  incident_analytics_internal.effective_cia_stored(bigint, @extschema@.cia, @extschema@.cia, text, @extschema@.cia, @extschema@.attack_technique[], @extschema@.attack_technique[], text)
  TO incident_reader;
