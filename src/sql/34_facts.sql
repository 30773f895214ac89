-- Derived facts stored on incidents (docs/facts.md): what incident_severity(i)
-- and its friends, effective_cia(), technique_rollup() and technique_tactics()
-- compute from a row, computed once when the row is written (the C trigger
-- zz_incident_facts, 41_facts.sql) instead of at every read.  Users cannot set
-- them: the trigger overwrites whatever a statement writes into them.
-- derived_stamp names the reference data they were computed under; readers
-- use them only while it is current (41_facts.sql).

ALTER TABLE @extschema@.incidents
  ADD COLUMN derived_stamp bigint,
  ADD COLUMN derived_severity numeric(4,1),
  ADD COLUMN derived_severity_level @extschema@.severity_level,
  ADD COLUMN derived_severity_lo numeric(4,1),
  ADD COLUMN derived_severity_hi numeric(4,1),
  ADD COLUMN derived_coverage numeric(3,2),
  ADD COLUMN derived_provisional boolean,
  ADD COLUMN derived_cia_effective @extschema@.cia,
  ADD COLUMN derived_cia_inferred @extschema@.cia,
  ADD COLUMN derived_cia_basis text,
  ADD COLUMN derived_technique_keys @extschema@.attack_technique[],
  ADD COLUMN derived_tactic_keys text[],
  ADD COLUMN derived_inferred_technique_keys @extschema@.attack_technique[],
  ADD COLUMN derived_inferred_tactic_keys text[];
COMMENT ON COLUMN @extschema@.incidents.derived_stamp IS
  'derived (set by trigger, not writable): hash of the reference data (sectors, attack_tactics, attack_techniques) and derivation version the derived_ columns were computed under; they are current while it equals incident_facts_stamp()';
COMMENT ON COLUMN @extschema@.incidents.derived_severity IS
  'derived (set by trigger, not writable): incident_severity(i) when the row was written';
COMMENT ON COLUMN @extschema@.incidents.derived_severity_level IS
  'derived (set by trigger, not writable): severity_level(derived_severity)';
COMMENT ON COLUMN @extschema@.incidents.derived_severity_lo IS
  'derived (set by trigger, not writable): lower bound of the severity over the unknown factors (incident_severity_explain(i)->>''lo'')';
COMMENT ON COLUMN @extschema@.incidents.derived_severity_hi IS
  'derived (set by trigger, not writable): upper bound of the severity over the unknown factors (incident_severity_explain(i)->>''hi'')';
COMMENT ON COLUMN @extschema@.incidents.derived_coverage IS
  'derived (set by trigger, not writable): incident_severity_coverage(i), the summed weights of the known factors';
COMMENT ON COLUMN @extschema@.incidents.derived_provisional IS
  'derived (set by trigger, not writable): derived_coverage < 0.5 (the score rests mostly on priors)';
COMMENT ON COLUMN @extschema@.incidents.derived_cia_effective IS
  'derived (set by trigger, not writable): effective_cia(cia, techniques, inferred_techniques, summary).cia_effective';
COMMENT ON COLUMN @extschema@.incidents.derived_cia_inferred IS
  'derived (set by trigger, not writable): effective_cia(...).cia_inferred, the components that did not come from the recorded cia';
COMMENT ON COLUMN @extschema@.incidents.derived_cia_basis IS
  'derived (set by trigger, not writable): effective_cia(...).cia_basis, C:<b>/I:<b>/A:<b>';
COMMENT ON COLUMN @extschema@.incidents.derived_technique_keys IS
  'derived (set by trigger, not writable): technique_rollup(techniques), the technique keys of the observed techniques';
COMMENT ON COLUMN @extschema@.incidents.derived_tactic_keys IS
  'derived (set by trigger, not writable): technique_tactics(techniques), the tactics of the observed techniques';
COMMENT ON COLUMN @extschema@.incidents.derived_inferred_technique_keys IS
  'derived (set by trigger, not writable): technique_rollup(inferred_techniques)';
COMMENT ON COLUMN @extschema@.incidents.derived_inferred_tactic_keys IS
  'derived (set by trigger, not writable): technique_tactics(inferred_techniques)';
