-- Severity model ISM-1 (SEVERITY.md): the score of nine factors, its NCISS
-- band, its explanation, and the derivation of the factors from an incident.

CREATE TYPE @extschema@.severity_level AS ENUM (
  'baseline', 'low', 'medium', 'high', 'severe', 'emergency');
COMMENT ON TYPE @extschema@.severity_level IS
  'NCISS priority band of an ISM-1 score: baseline < 35 <= low < 50 <= medium < 65 <= high < 75 <= severe < 90 <= emergency';

CREATE FUNCTION @extschema@.severity_score(
  s integer, f integer, i integer, k integer, n integer, r integer,
  p integer, a integer, e integer, nis2_significant boolean DEFAULT false)
RETURNS numeric
AS 'MODULE_PATHNAME', 'severity_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_score(integer, integer, integer, integer, integer, integer, integer, integer, integer, boolean) IS
  'ISM-1 severity 0-100 rounded to 0.1 from factors s safety, f functional, i information, k sector criticality, n scale, r recoverability, p attack progression, a actor, e economic (each 0-100, NULL = unknown, imputed by its prior) and the NIS2 significance criterion (NULL = not met)';

CREATE FUNCTION @extschema@.severity_level(numeric)
RETURNS @extschema@.severity_level
AS 'MODULE_PATHNAME', 'severity_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_level(numeric) IS
  'NCISS band of a severity score 0-100: baseline < 35 <= low < 50 <= medium < 65 <= high < 75 <= severe < 90 <= emergency';

CREATE FUNCTION @extschema@.severity_explain(
  s integer, f integer, i integer, k integer, n integer, r integer,
  p integer, a integer, e integer, nis2_significant boolean DEFAULT false)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'severity_explain'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_explain(integer, integer, integer, integer, integer, integer, integer, integer, integer, boolean) IS
  'ISM-1 severity with its reasons: score, level, base, the floor that raised it, lo/hi bounds over the unknown factors, coverage, provisional flag, and per factor the value used, whether imputed, weight and share of Base^2';

CREATE FUNCTION @extschema@.incident_severity(@extschema@.incidents)
RETURNS numeric
AS 'MODULE_PATHNAME', 'incident_severity'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.incident_severity(@extschema@.incidents) IS
  'ISM-1 severity of an incident, its factors derived from the recorded facts (see docs: safety_impact -> S, functional_impact -> F, information_impact/data_leaked/records_affected -> I, sector via sectors.criticality -> K, scope/people_affected -> N, recoverability/outage_duration -> R, techniques via attack_techniques.tactics -> P, actor_types/motives -> A, loss_rating/loss_eur -> E)';

CREATE FUNCTION @extschema@.incident_severity_explain(@extschema@.incidents)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'incident_severity_explain'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.incident_severity_explain(@extschema@.incidents) IS
  'severity_explain of an incident, each factor also showing the facts it was derived from';

-- The derivation caches sectors and attack_techniques per backend; these
-- statement triggers tell every session when either table changes.
CREATE FUNCTION @extschema@.severity_reference_changed()
RETURNS trigger
AS 'MODULE_PATHNAME', 'severity_reference_changed'
LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.severity_reference_changed() IS
  'trigger: invalidates the per-session severity caches of sector criticality and technique progression';

CREATE TRIGGER severity_sectors_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sectors
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.severity_reference_changed();
COMMENT ON TRIGGER severity_sectors_changed ON @extschema@.sectors IS
  'keeps the severity cache of sector criticality current';

CREATE TRIGGER severity_techniques_changed
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.attack_techniques
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.severity_reference_changed();
COMMENT ON TRIGGER severity_techniques_changed ON @extschema@.attack_techniques IS
  'keeps the severity cache of technique progression current';
