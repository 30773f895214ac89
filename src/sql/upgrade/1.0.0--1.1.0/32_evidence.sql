-- 1.1.0: incidents.inferred_techniques and incidents.veris_actions (as in
-- src/sql/32_evidence.sql); effective_cia() comes from 33_evidence.replace,
-- the existing VERIS rows are carried over in 34_evidence_rows.sql.
ALTER TABLE @extschema@.incidents
  ADD COLUMN inferred_techniques @extschema@.attack_technique[],
  ADD COLUMN veris_actions text[],
  ADD CONSTRAINT incidents_inferred_techniques_check
    CHECK (pg_catalog.cardinality(inferred_techniques) OPERATOR(pg_catalog.>) 0
           AND pg_catalog.array_position(inferred_techniques, NULL) IS NULL),
  ADD CONSTRAINT incidents_veris_actions_check
    CHECK (pg_catalog.cardinality(veris_actions) OPERATOR(pg_catalog.>) 0
           AND pg_catalog.array_position(veris_actions, NULL) IS NULL
           AND pg_catalog.array_to_string(veris_actions, E'\x01')
               OPERATOR(pg_catalog.~) '^[a-z]+\.[^\x01.][^\x01]*(\x01[a-z]+\.[^\x01.][^\x01]*)*$');
COMMENT ON COLUMN @extschema@.incidents.inferred_techniques IS
  'ATT&CK techniques a precise mapping suggests but no source states (import_veris: from veris_actions by veris_inferred_techniques); the views count them apart from techniques';
COMMENT ON COLUMN @extschema@.incidents.veris_actions IS
  'VERIS action varieties as category.Variety (malware.Ransomware, error.Misdelivery, hacking.Use of stolen creds); category.Unknown for an action category recorded without a variety';
