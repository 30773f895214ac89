-- Catalog comments that named design notes outside the repository now point
-- to the repository's own documentation (docs/).
COMMENT ON FUNCTION @extschema@.classify_cia(@extschema@.attack_technique[]) IS
  'CIA impact implied by ATT&CK techniques (rules in docs/classify.md): impact type -> H, exfiltration -> C:H, collection and credential access -> C:L, account/authentication/boot manipulation -> I:L, listed ICS techniques; revoked techniques count as their successor, unknown ones add nothing; X where there is no evidence';
COMMENT ON COLUMN @extschema@.incident_overview.level IS 'the same band as severity_level, under its short name (severity, level)';
