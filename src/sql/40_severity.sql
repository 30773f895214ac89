-- Severity model ISM-1 (docs/severity-model.md): the score of nine factors, its NCISS
-- band, its explanation, and the derivation of the factors from an incident.

-- The band type severity_level is created in 33_severity_level.sql, before
-- the stored facts of incidents (34_facts.sql), whose derived_severity_level
-- column has it.

CREATE FUNCTION @extschema@.severity_score(
  s integer DEFAULT NULL, f integer DEFAULT NULL, i integer DEFAULT NULL,
  k integer DEFAULT NULL, n integer DEFAULT NULL, r integer DEFAULT NULL,
  p integer DEFAULT NULL, a integer DEFAULT NULL, e integer DEFAULT NULL,
  nis2_significant boolean DEFAULT false)
RETURNS numeric
AS 'MODULE_PATHNAME', 'severity_score'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 5;
COMMENT ON FUNCTION @extschema@.severity_score(integer, integer, integer, integer, integer, integer, integer, integer, integer, boolean) IS
  'ISM-1 severity 0-100 rounded to 0.1 from factors s safety, f functional, i information, k sector criticality, n scale, r recoverability, p attack progression, a actor, e economic (each 0-100; NULL or omitted = unknown, imputed by its prior) and the NIS2 significance criterion (NULL = not met)';

CREATE FUNCTION @extschema@.severity_level(numeric)
RETURNS @extschema@.severity_level
AS 'MODULE_PATHNAME', 'severity_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_level(numeric) IS
  'NCISS band of a severity score 0-100: baseline < 35 <= low < 50 <= medium < 65 <= high < 75 <= severe < 90 <= emergency';

CREATE FUNCTION @extschema@.severity_explain(
  s integer DEFAULT NULL, f integer DEFAULT NULL, i integer DEFAULT NULL,
  k integer DEFAULT NULL, n integer DEFAULT NULL, r integer DEFAULT NULL,
  p integer DEFAULT NULL, a integer DEFAULT NULL, e integer DEFAULT NULL,
  nis2_significant boolean DEFAULT false)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'severity_explain'
LANGUAGE C IMMUTABLE PARALLEL SAFE COST 400;
COMMENT ON FUNCTION @extschema@.severity_explain(integer, integer, integer, integer, integer, integer, integer, integer, integer, boolean) IS
  'ISM-1 severity with its reasons: score, level, base, the floor that raised it, lo/hi bounds over the unknown factors, coverage, provisional flag, and per factor the value used, whether imputed, weight and share of Base^2';

-- The derivation of the factors from an incident's facts, in C.  It takes
-- the columns it reads, not the row: building a whole-row value costs several
-- times the derivation itself.
CREATE FUNCTION @extschema@.incident_severity_facts(
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
AS 'MODULE_PATHNAME', 'incident_severity_facts'
LANGUAGE C STABLE PARALLEL SAFE COST 20;
COMMENT ON FUNCTION @extschema@.incident_severity_facts(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'ISM-1 severity of an incident from the columns of incidents it is derived from (as incident_severity, which calls it); NULL when incident_id is NULL, otherwise incident_id is not used';

CREATE FUNCTION incident_analytics_internal.incident_severity_facts_firm(
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
AS 'MODULE_PATHNAME', 'incident_severity_facts_firm'
LANGUAGE C STABLE PARALLEL SAFE COST 20;
COMMENT ON FUNCTION incident_analytics_internal.incident_severity_facts_firm(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'internal: the ISM-1 severity of the facts when it is firm (coverage 0.5 or more), NULL when provisional (as incident_firm_severity, which calls it)';

CREATE FUNCTION incident_analytics_internal.incident_severity_facts_coverage(
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
AS 'MODULE_PATHNAME', 'incident_severity_facts_coverage'
LANGUAGE C STABLE PARALLEL SAFE COST 20;
COMMENT ON FUNCTION incident_analytics_internal.incident_severity_facts_coverage(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'internal: the coverage of the severity of the facts (0-1: summed weights of the known factors), as incident_severity_coverage, which calls it';

CREATE FUNCTION @extschema@.incident_severity_facts_explain(
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
RETURNS jsonb
AS 'MODULE_PATHNAME', 'incident_severity_facts_explain'
LANGUAGE C STABLE PARALLEL SAFE COST 500;
COMMENT ON FUNCTION @extschema@.incident_severity_facts_explain(bigint, @extschema@.safety_impact, @extschema@.functional_impact, @extschema@.information_impact, boolean, bigint, @extschema@.incident_scope, bigint, @extschema@.recoverability, interval, @extschema@.attack_technique[], text[], text[], @extschema@.loss_rating, numeric, text, boolean) IS
  'incident_severity_explain from the columns of incidents it is derived from (as incident_severity_explain, which calls it); NULL when incident_id is NULL, otherwise incident_id is not used';

-- incident_severity(incidents) and incident_severity_explain(incidents) are
-- SQL functions the planner inlines (one RETURN expression, not STRICT, no SET,
-- STABLE like their body): $1.column of a table's whole-row Var becomes a
-- plain column reference, so no whole row is built.  The SQL-standard body is
-- parsed when the extension is created, so the caller's search_path never
-- resolves its names.  If incidents gains a column, add it to num_nonnulls.
CREATE FUNCTION @extschema@.incident_severity(@extschema@.incidents)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
  RETURN @extschema@.incident_severity_facts(
    -- incident_id; a row without one (built, not read from the table) counts
    -- as present when any column is set: NULL only for a NULL row
    COALESCE($1.incident_id,
             CASE WHEN pg_catalog.num_nonnulls(
               $1.source, $1.source_id, $1.title, $1.victim, $1.summary, $1.occurred_on,
               $1.occurred_precision, $1.disclosed_on, $1.country, $1.subdivision, $1.region_m49,
               $1.cia, $1.actor_countries, $1.tlp, $1.reported_by, $1.shared_with, $1.sources,
               $1.raw, $1.created_at, $1.updated_at, $1.safety_impact, $1.functional_impact,
               $1.information_impact, $1.data_leaked, $1.records_affected, $1.scope,
               $1.people_affected, $1.recoverability, $1.outage_duration, $1.techniques,
               $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector,
               $1.nis2_significant, $1.duplicate_of, $1.inferred_techniques,
               $1.veris_actions, $1.derived_stamp, $1.derived_severity,
               $1.derived_severity_level, $1.derived_severity_lo, $1.derived_severity_hi,
               $1.derived_coverage, $1.derived_provisional, $1.derived_cia_effective,
               $1.derived_cia_inferred, $1.derived_cia_basis, $1.derived_technique_keys,
               $1.derived_tactic_keys, $1.derived_inferred_technique_keys,
               $1.derived_inferred_tactic_keys) OPERATOR(pg_catalog.>) 0
                  THEN 0::pg_catalog.int8 END),
    $1.safety_impact, $1.functional_impact, $1.information_impact, $1.data_leaked, $1.records_affected,
    $1.scope, $1.people_affected, $1.recoverability, $1.outage_duration,
    -- P: observed techniques, else the inferred ones
    COALESCE($1.techniques, $1.inferred_techniques),
    $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector, $1.nis2_significant);
COMMENT ON FUNCTION @extschema@.incident_severity(@extschema@.incidents) IS
  'ISM-1 severity of an incident, its factors derived from the recorded facts (see docs: safety_impact -> S, functional_impact -> F, information_impact/data_leaked/records_affected -> I, sector via sectors.criticality -> K, scope/people_affected -> N, recoverability/outage_duration -> R, techniques (else inferred_techniques) via attack_techniques.tactics -> P, actor_types/motives -> A, loss_rating/loss_eur -> E)';

CREATE FUNCTION @extschema@.incident_firm_severity(@extschema@.incidents)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
  RETURN incident_analytics_internal.incident_severity_facts_firm(
    -- incident_id; a row without one (built, not read from the table) counts
    -- as present when any column is set: NULL only for a NULL row
    COALESCE($1.incident_id,
             CASE WHEN pg_catalog.num_nonnulls(
               $1.source, $1.source_id, $1.title, $1.victim, $1.summary, $1.occurred_on,
               $1.occurred_precision, $1.disclosed_on, $1.country, $1.subdivision, $1.region_m49,
               $1.cia, $1.actor_countries, $1.tlp, $1.reported_by, $1.shared_with, $1.sources,
               $1.raw, $1.created_at, $1.updated_at, $1.safety_impact, $1.functional_impact,
               $1.information_impact, $1.data_leaked, $1.records_affected, $1.scope,
               $1.people_affected, $1.recoverability, $1.outage_duration, $1.techniques,
               $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector,
               $1.nis2_significant, $1.duplicate_of, $1.inferred_techniques,
               $1.veris_actions, $1.derived_stamp, $1.derived_severity,
               $1.derived_severity_level, $1.derived_severity_lo, $1.derived_severity_hi,
               $1.derived_coverage, $1.derived_provisional, $1.derived_cia_effective,
               $1.derived_cia_inferred, $1.derived_cia_basis, $1.derived_technique_keys,
               $1.derived_tactic_keys, $1.derived_inferred_technique_keys,
               $1.derived_inferred_tactic_keys) OPERATOR(pg_catalog.>) 0
                  THEN 0::pg_catalog.int8 END),
    $1.safety_impact, $1.functional_impact, $1.information_impact, $1.data_leaked, $1.records_affected,
    $1.scope, $1.people_affected, $1.recoverability, $1.outage_duration,
    -- P: observed techniques, else the inferred ones
    COALESCE($1.techniques, $1.inferred_techniques),
    $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector, $1.nis2_significant);
COMMENT ON FUNCTION @extschema@.incident_firm_severity(@extschema@.incidents) IS
  'incident_severity(i) when it is firm: coverage (the weight of the known factors) 0.5 or more; NULL when the score is provisional (it rests mostly on priors) or the row is NULL. The aggregation views count these as scored_incidents and average them as mean_severity_scored';

CREATE FUNCTION @extschema@.incident_severity_coverage(@extschema@.incidents)
RETURNS numeric
LANGUAGE sql STABLE PARALLEL SAFE
  RETURN incident_analytics_internal.incident_severity_facts_coverage(
    -- incident_id; a row without one (built, not read from the table) counts
    -- as present when any column is set: NULL only for a NULL row
    COALESCE($1.incident_id,
             CASE WHEN pg_catalog.num_nonnulls(
               $1.source, $1.source_id, $1.title, $1.victim, $1.summary, $1.occurred_on,
               $1.occurred_precision, $1.disclosed_on, $1.country, $1.subdivision, $1.region_m49,
               $1.cia, $1.actor_countries, $1.tlp, $1.reported_by, $1.shared_with, $1.sources,
               $1.raw, $1.created_at, $1.updated_at, $1.safety_impact, $1.functional_impact,
               $1.information_impact, $1.data_leaked, $1.records_affected, $1.scope,
               $1.people_affected, $1.recoverability, $1.outage_duration, $1.techniques,
               $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector,
               $1.nis2_significant, $1.duplicate_of, $1.inferred_techniques,
               $1.veris_actions, $1.derived_stamp, $1.derived_severity,
               $1.derived_severity_level, $1.derived_severity_lo, $1.derived_severity_hi,
               $1.derived_coverage, $1.derived_provisional, $1.derived_cia_effective,
               $1.derived_cia_inferred, $1.derived_cia_basis, $1.derived_technique_keys,
               $1.derived_tactic_keys, $1.derived_inferred_technique_keys,
               $1.derived_inferred_tactic_keys) OPERATOR(pg_catalog.>) 0
                  THEN 0::pg_catalog.int8 END),
    $1.safety_impact, $1.functional_impact, $1.information_impact, $1.data_leaked, $1.records_affected,
    $1.scope, $1.people_affected, $1.recoverability, $1.outage_duration,
    -- P: observed techniques, else the inferred ones
    COALESCE($1.techniques, $1.inferred_techniques),
    $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector, $1.nis2_significant);
COMMENT ON FUNCTION @extschema@.incident_severity_coverage(@extschema@.incidents) IS
  'coverage of incident_severity(i), 0-1 with two decimals: the summed weights of the factors the incident''s facts make known (the explanation''s coverage, without building it); below 0.5 the score is provisional';

CREATE FUNCTION @extschema@.incident_severity_explain(@extschema@.incidents)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
  -- factors.p.techniques_basis: which techniques P was derived from
  RETURN pg_catalog.jsonb_set(@extschema@.incident_severity_facts_explain(
    -- incident_id; a row without one (built, not read from the table) counts
    -- as present when any column is set: NULL only for a NULL row
    COALESCE($1.incident_id,
             CASE WHEN pg_catalog.num_nonnulls(
               $1.source, $1.source_id, $1.title, $1.victim, $1.summary, $1.occurred_on,
               $1.occurred_precision, $1.disclosed_on, $1.country, $1.subdivision, $1.region_m49,
               $1.cia, $1.actor_countries, $1.tlp, $1.reported_by, $1.shared_with, $1.sources,
               $1.raw, $1.created_at, $1.updated_at, $1.safety_impact, $1.functional_impact,
               $1.information_impact, $1.data_leaked, $1.records_affected, $1.scope,
               $1.people_affected, $1.recoverability, $1.outage_duration, $1.techniques,
               $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector,
               $1.nis2_significant, $1.duplicate_of, $1.inferred_techniques,
               $1.veris_actions, $1.derived_stamp, $1.derived_severity,
               $1.derived_severity_level, $1.derived_severity_lo, $1.derived_severity_hi,
               $1.derived_coverage, $1.derived_provisional, $1.derived_cia_effective,
               $1.derived_cia_inferred, $1.derived_cia_basis, $1.derived_technique_keys,
               $1.derived_tactic_keys, $1.derived_inferred_technique_keys,
               $1.derived_inferred_tactic_keys) OPERATOR(pg_catalog.>) 0
                  THEN 0::pg_catalog.int8 END),
    $1.safety_impact, $1.functional_impact, $1.information_impact, $1.data_leaked, $1.records_affected,
    $1.scope, $1.people_affected, $1.recoverability, $1.outage_duration,
    -- P: observed techniques, else the inferred ones
    COALESCE($1.techniques, $1.inferred_techniques),
    $1.actor_types, $1.motives, $1.loss_rating, $1.loss_eur, $1.sector, $1.nis2_significant),
    '{factors,p,techniques_basis}',
    CASE WHEN $1.techniques IS NOT NULL THEN '"observed"'::jsonb
         WHEN $1.inferred_techniques IS NOT NULL THEN '"inferred"'::jsonb
         ELSE 'null'::jsonb END);
COMMENT ON FUNCTION @extschema@.incident_severity_explain(@extschema@.incidents) IS
  'severity_explain of an incident, each factor also showing the facts it was derived from; factors.p.techniques_basis says whether P rests on the observed techniques (observed), on inferred_techniques because none is observed (inferred), or on neither (null)';

