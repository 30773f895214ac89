-- CIA classification (src/classify.c): from ATT&CK techniques and from free text.

CREATE FUNCTION @extschema@.classify_cia(techniques @extschema@.attack_technique[])
  RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'classify_cia_techniques'
  LANGUAGE C STABLE STRICT PARALLEL SAFE
  COST 5;
COMMENT ON FUNCTION @extschema@.classify_cia(@extschema@.attack_technique[]) IS
  'CIA impact implied by ATT&CK techniques (SEVERITY.md): impact type -> H, exfiltration -> C:H, collection and credential access -> C:L, account/authentication/boot manipulation -> I:L, listed ICS techniques; revoked techniques count as their successor, unknown ones add nothing; X where there is no evidence';

CREATE FUNCTION @extschema@.classify_cia(summary text)
  RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'classify_cia_text'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
  COST 200;
COMMENT ON FUNCTION @extschema@.classify_cia(text) IS
  'CIA evidence in a free-text incident summary (English, Italian): phrase dictionary with negation handling, one pass over the text; X where there is no evidence, never N';

-- Row changes to attack_techniques (user additions, load_attack_stix) must
-- reach the per-backend technique cache of classify_cia: this trigger sends
-- a relcache invalidation, which the cache listens for.
CREATE FUNCTION @extschema@.classify_cia_invalidate() RETURNS trigger
  AS 'MODULE_PATHNAME', 'classify_cia_invalidate'
  LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.classify_cia_invalidate() IS
  'trigger: tells every backend that attack_techniques changed, so classify_cia(attack_technique[]) reloads its cache';
CREATE TRIGGER attack_techniques_classify_cia_invalidate
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.attack_techniques
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.classify_cia_invalidate();
COMMENT ON TRIGGER attack_techniques_classify_cia_invalidate ON @extschema@.attack_techniques IS
  'keeps the technique cache of classify_cia(attack_technique[]) in step with the table';
