-- The facts functions (41_facts.sql, 68_facts_verify.sql) get what a fresh
-- install's GRANT EXECUTE ON ALL FUNCTIONS (80_security.sql) gives them.
GRANT EXECUTE ON FUNCTION @extschema@.refresh_incident_facts(), @extschema@.verify_incident_facts(boolean),
  incident_analytics_internal.incident_facts_stamp(), incident_analytics_internal.incident_facts_maintain()
  TO incident_reader;
