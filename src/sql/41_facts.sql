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

-- On Citus the UPDATE runs over one connection per worker (sequential mode):
-- in a transaction that has just changed a reference table (load_attack_stix),
-- only those connections see the change, and a row recomputed over another
-- connection would get the old stamp.  Without Citus the setting is an unused
-- placeholder.
CREATE FUNCTION @extschema@.refresh_incident_facts()
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
SET citus.multi_shard_modify_mode = 'sequential'
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

-- Readers of the aggregation views (65_views.sql): the stored value while
-- the row's stamp is current, else the live function of the row's columns;
-- functions in FROM over columns, like the live ones they stand for.
CREATE FUNCTION incident_analytics_internal.incident_severity_stored(
  stamp bigint, stored numeric,
  incident_id bigint,
  safety_impact @extschema@.safety_impact,
  functional_impact @extschema@.functional_impact,
  information_impact @extschema@.information_impact,
  data_leaked boolean,
  records_affected bigint,
  scope @extschema@.incident_scope,
  people_affected bigint,
  recoverability @extschema@.recoverability,
  outage_duration interval,
  techniques @extschema@.attack_technique[],
  actor_types text[],
  motives text[],
  loss_rating @extschema@.loss_rating,
  loss_eur numeric,
  sector text,
  nis2_significant boolean)
RETURNS numeric
AS 'MODULE_PATHNAME', 'incident_severity_stored'
LANGUAGE C STABLE PARALLEL SAFE COST 2;
COMMENT ON FUNCTION incident_analytics_internal.incident_severity_stored(bigint, numeric, bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'internal: stored (the derived_severity of the row) while stamp (its derived_stamp) is current, else incident_severity_facts of the other arguments';

CREATE FUNCTION incident_analytics_internal.incident_severity_firm_stored(
  stamp bigint, stored numeric, provisional boolean,
  incident_id bigint,
  safety_impact @extschema@.safety_impact,
  functional_impact @extschema@.functional_impact,
  information_impact @extschema@.information_impact,
  data_leaked boolean,
  records_affected bigint,
  scope @extschema@.incident_scope,
  people_affected bigint,
  recoverability @extschema@.recoverability,
  outage_duration interval,
  techniques @extschema@.attack_technique[],
  actor_types text[],
  motives text[],
  loss_rating @extschema@.loss_rating,
  loss_eur numeric,
  sector text,
  nis2_significant boolean)
RETURNS numeric
AS 'MODULE_PATHNAME', 'incident_severity_firm_stored'
LANGUAGE C STABLE PARALLEL SAFE COST 2;
COMMENT ON FUNCTION incident_analytics_internal.incident_severity_firm_stored(bigint, numeric, boolean, bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'internal: stored unless provisional (derived_severity, derived_provisional of the row) while stamp is current, else incident_severity_facts_firm of the other arguments';

CREATE FUNCTION incident_analytics_internal.effective_cia_stored(
  stamp bigint, stored_effective @extschema@.cia, stored_inferred @extschema@.cia, stored_basis text,
  recorded @extschema@.cia, techniques @extschema@.attack_technique[],
  inferred_techniques @extschema@.attack_technique[], summary text,
  OUT cia_effective @extschema@.cia, OUT cia_inferred @extschema@.cia, OUT cia_basis text)
AS 'MODULE_PATHNAME', 'effective_cia_stored'
LANGUAGE C STABLE PARALLEL SAFE COST 2;
COMMENT ON FUNCTION incident_analytics_internal.effective_cia_stored(bigint, @extschema@.cia, @extschema@.cia, text, @extschema@.cia, @extschema@.attack_technique[], @extschema@.attack_technique[], text) IS
  'internal: the stored effective CIA (derived_cia_effective, derived_cia_inferred, derived_cia_basis of the row) while stamp is current, else effective_cia(recorded, techniques, inferred_techniques, summary)';
