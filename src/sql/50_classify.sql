-- CIA classification (src/classify.c): from ATT&CK techniques and from free text.

CREATE FUNCTION @extschema@.classify_cia(techniques @extschema@.attack_technique[])
  RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'classify_cia_techniques'
  LANGUAGE C STABLE STRICT PARALLEL SAFE
  COST 5;
COMMENT ON FUNCTION @extschema@.classify_cia(@extschema@.attack_technique[]) IS
  'CIA impact implied by ATT&CK techniques (rules in docs/classify.md): impact type -> H, exfiltration -> C:H, collection and credential access -> C:L, account/authentication/boot manipulation -> I:L, listed ICS techniques; revoked techniques count as their successor, unknown ones add nothing; X where there is no evidence';

CREATE FUNCTION @extschema@.classify_cia(summary text)
  RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'classify_cia_text'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  COST 200;
COMMENT ON FUNCTION @extschema@.classify_cia(text) IS
  'CIA evidence in a free-text incident summary (English, Italian): phrase dictionary with negation handling, one pass over the text; X where there is no evidence, never N';

