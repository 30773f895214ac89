-- Catalog comments that named design notes outside the repository now point
-- to the repository's own documentation (docs/).
COMMENT ON FUNCTION @extschema@.classify_cia(@extschema@.attack_technique[]) IS
  'CIA impact implied by ATT&CK techniques (rules in docs/classify.md): impact type -> H, exfiltration -> C:H, collection and credential access -> C:L, account/authentication/boot manipulation -> I:L, listed ICS techniques; revoked techniques count as their successor, unknown ones add nothing; X where there is no evidence';
COMMENT ON COLUMN @extschema@.incident_overview.level IS 'the same band as severity_level, under its short name (severity, level)';
COMMENT ON COLUMN @extschema@.sectors.criticality IS 'ISM-1 sector criticality tier K: 100, 80, 60, 40 or 25 (docs/severity-model.md)';
COMMENT ON FUNCTION @extschema@.veris_cia(jsonb) IS
  'cia of a VERIS attribute section by the VERIS rules of docs/classify.md: C:H for disclosure Yes with a sensitive variety or data_total >= 10000, C:L other Yes/Potentially, C:N No, X Unknown; I:H for Modify data, Fraudulent transaction, Software installation, Hardware tampering, else I:L; A:H for Destruction, Loss, Interruption, Obscuration (A:L when lasting seconds or minutes), else A:L; an absent section is X';
