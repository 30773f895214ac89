-- Maintenance of the derived facts of incidents (34_facts.sql; docs/facts.md).
--
-- zz_incident_facts, a C BEFORE INSERT OR UPDATE row trigger, computes every
-- derived_ column from the row with the code of the SQL functions and stamps
-- it with incident_facts_stamp(), a hash of the reference data it read.  Its
-- name sorts after other BEFORE triggers', so it sees the row they leave.
--
-- A change of sectors, attack_tactics or attack_techniques (by hand or by
-- load_attack_stix) changes the stamp that a statement sees as soon as the
-- change is visible to it: in the changing transaction at its next statement,
-- elsewhere after commit; a rollback restores the old stamp.  Rows with
-- another stamp are stale: readers (incident_overview) compute their facts
-- live, so what a query shows always equals the functions of the row.
-- refresh_incident_facts() rewrites stale rows, so readers use the stored
-- values again; load_attack_stix calls it, after a change by hand call it.

CREATE FUNCTION incident_analytics_internal.incident_facts_maintain()
RETURNS trigger
AS 'MODULE_PATHNAME', 'incident_facts_maintain'
LANGUAGE C;
COMMENT ON FUNCTION incident_analytics_internal.incident_facts_maintain() IS
  'internal: BEFORE INSERT OR UPDATE row trigger of incidents that sets the derived_ columns from the row (overwriting what the statement wrote) and derived_stamp; an UPDATE that changes no column they depend on keeps current facts';

CREATE TRIGGER zz_incident_facts BEFORE INSERT OR UPDATE ON @extschema@.incidents
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.incident_facts_maintain();
COMMENT ON TRIGGER zz_incident_facts ON @extschema@.incidents IS
  'sets the derived_ columns (severity, level, bounds, coverage, provisional, effective CIA, technique and tactic keys) and derived_stamp; named to fire after any other BEFORE trigger';

CREATE FUNCTION incident_analytics_internal.incident_facts_stamp()
RETURNS bigint
AS 'MODULE_PATHNAME', 'incident_facts_stamp'
LANGUAGE C STABLE PARALLEL SAFE COST 1;
COMMENT ON FUNCTION incident_analytics_internal.incident_facts_stamp() IS
  'internal: hash of the reference data (sectors criticality, attack_techniques and attack_tactics as the derivation reads them) and of the derivation version that the calling statement sees; stored facts whose derived_stamp equals it are current';

CREATE FUNCTION @extschema@.refresh_incident_facts()
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_stamp bigint := incident_analytics_internal.incident_facts_stamp();
  n bigint;
BEGIN
  -- the trigger recomputes every fact of an updated row whose stamp is stale
  UPDATE @extschema@.incidents SET derived_stamp = NULL WHERE derived_stamp IS DISTINCT FROM v_stamp;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$fn$;
COMMENT ON FUNCTION @extschema@.refresh_incident_facts() IS
  'recompute the stored derived facts of the incidents whose derived_stamp is stale (computed under other reference data), among the rows the caller may update; returns how many were rewritten. Reads are correct without it (stale rows are computed live), only slower; load_attack_stix calls it';
