-- Views for analysts and BI tools: incident_overview (one row per incident)
-- and the aggregation views incidents_by_region, incidents_by_sector,
-- incidents_by_technique, incidents_by_tactic, incidents_by_month and
-- incidents_by_action.  The CIA counts are of the effective CIA
-- (effective_cia(), 32_evidence.sql), computed once per incident before any
-- explosion; c_/i_/a_inferred say how many did not come from the recorded cia.
--
-- All views are security_invoker, so row-level security on incidents applies
-- to whoever queries them, and expose only plain column types (text, bigint,
-- integer, numeric, date, boolean).  The aggregation views compute per group
-- one cia_profile() and one severity_summary() (C aggregates with combine
-- functions, so the planner can aggregate in parallel) and derive the shares
-- and Wilson intervals from them.
--
-- Incidents that count at several levels (a region and its continent, a
-- sub-technique and its parent) are exploded with a LATERAL list of levels
-- (VALUES, or unnest() of technique_rollup() / technique_tactics(), which
-- return each incident's keys once).  Severity is computed from the columns
-- (incident_severity_facts and its firm / coverage variants, what
-- incident_severity(i) inlines to), never from the whole row, so that Citus
-- can send the views to the shards, and once per incident: region, sector and
-- month aggregate once per recorded key before exploding, the technique,
-- tactic and action views call it in FROM before the keys are exploded.
-- The aggregation views read severity and effective CIA through the
-- *_stored readers (41_facts.sql): the facts stored on the row while its
-- stamp is current, else the same live functions (docs/facts.md).
-- Only same-level constructs (no correlated subqueries) feed the aggregates,
-- so the scan, the explosion and the partial aggregation all run in parallel
-- workers.

CREATE FUNCTION @extschema@.technique_rollup(techniques @extschema@.attack_technique[])
  RETURNS @extschema@.attack_technique[]
  AS 'MODULE_PATHNAME', 'technique_rollup' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.technique_rollup(@extschema@.attack_technique[]) IS
  'distinct techniques an incident counts under in incidents_by_technique, sorted: each technique, a revoked one replaced by its successor (attack_techniques.revoked_by, enterprise first), plus the parent of every sub-technique';

CREATE FUNCTION @extschema@.technique_tactics(techniques @extschema@.attack_technique[])
  RETURNS text[]
  AS 'MODULE_PATHNAME', 'technique_tactics' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.technique_tactics(@extschema@.attack_technique[]) IS
  'distinct ATT&CK tactic ids (TA....) that the techniques serve in attack_techniques (any matrix), a revoked technique replaced by its successor; sorted; empty when none is known';

-- The measures every aggregation view reports, from its cia_profile and
-- severity_summary results: counts, shares over known values with their 95%
-- Wilson intervals (each interval computed once), and severity statistics.
-- The result is the composite type aggregate_measures (64_aggregate_measures.sql),
-- so that the views' columns carry its typmods.
CREATE FUNCTION incident_analytics_internal.view_measures(p @extschema@.cia_profile, s @extschema@.severity_summary,
                                          sf @extschema@.severity_summary)
RETURNS SETOF @extschema@.aggregate_measures
LANGUAGE sql IMMUTABLE PARALLEL SAFE ROWS 1
BEGIN ATOMIC
  SELECT p.total,
         p.c_low + p.c_high, p.i_low + p.i_high, p.a_low + p.a_high,
         p.c_known, p.i_known, p.a_known,
         pg_catalog.round((p.c_low + p.c_high)::numeric / NULLIF(p.c_known, 0), 4)::numeric(5,4),
         pg_catalog.round(wc.lower::numeric, 4)::numeric(5,4), pg_catalog.round(wc.upper::numeric, 4)::numeric(5,4),
         pg_catalog.round((p.i_low + p.i_high)::numeric / NULLIF(p.i_known, 0), 4)::numeric(5,4),
         pg_catalog.round(wi.lower::numeric, 4)::numeric(5,4), pg_catalog.round(wi.upper::numeric, 4)::numeric(5,4),
         pg_catalog.round((p.a_low + p.a_high)::numeric / NULLIF(p.a_known, 0), 4)::numeric(5,4),
         pg_catalog.round(wa.lower::numeric, 4)::numeric(5,4), pg_catalog.round(wa.upper::numeric, 4)::numeric(5,4),
         pg_catalog.round(s.mean, 2)::numeric(5,2), s.max::numeric(4,1), s.severe_or_worse,
         sf.scored, pg_catalog.round(sf.mean, 2)::numeric(5,2)
    FROM @extschema@.wilson_interval(p.c_low + p.c_high, p.c_known) AS wc,
         @extschema@.wilson_interval(p.i_low + p.i_high, p.i_known) AS wi,
         @extschema@.wilson_interval(p.a_low + p.a_high, p.a_known) AS wa;
END;
COMMENT ON FUNCTION incident_analytics_internal.view_measures(@extschema@.cia_profile, @extschema@.severity_summary, @extschema@.severity_summary) IS
  'internal: the measure columns shared by the aggregation views (incidents, CIA counts and known counts, shares with 95% Wilson bounds over known values, mean/max severity, severe_or_worse, and scored_incidents / mean_severity_scored over the firm scores) from a cia_profile, the severity_summary of all scores and that of the firm ones';

CREATE VIEW @extschema@.incident_overview WITH (security_invoker = true) AS
SELECT
  i.incident_id,
  i.source,
  i.source_id,
  i.title,
  i.victim,
  i.occurred_on,
  i.occurred_precision::pg_catalog.text AS occurred_precision,
  i.disclosed_on,
  CASE WHEN i.country IS NOT NULL THEN c.region_code
       ELSE CASE 'continent' WHEN r0.level THEN r0.code WHEN r1.level THEN r1.code WHEN r2.level THEN r2.code END
  END AS continent_code,
  CASE WHEN i.country IS NOT NULL THEN rc.name
       ELSE CASE 'continent' WHEN r0.level THEN r0.name WHEN r1.level THEN r1.name WHEN r2.level THEN r2.name END
  END AS continent_name,
  CASE WHEN i.country IS NOT NULL THEN c.subregion_code
       ELSE CASE 'subregion' WHEN r0.level THEN r0.code WHEN r1.level THEN r1.code END
  END AS subregion_code,
  CASE WHEN i.country IS NOT NULL THEN rs.name
       ELSE CASE 'subregion' WHEN r0.level THEN r0.name WHEN r1.level THEN r1.name END
  END AS subregion_name,
  i.region_m49,
  i.country::pg_catalog.text AS country,
  c.name AS country_name,
  i.subdivision,
  sd.name AS subdivision_name,
  i.sector,
  sc.name AS sector_name,
  CASE WHEN pg_catalog.left(i.sector, 2) IN ('31', '32', '33') THEN '31-33'
       WHEN pg_catalog.left(i.sector, 2) IN ('44', '45') THEN '44-45'
       WHEN pg_catalog.left(i.sector, 2) IN ('48', '49') THEN '48-49'
       ELSE pg_catalog.left(i.sector, 2)
  END AS naics_sector,
  ss.name AS naics_sector_name,
  i.cia::pg_catalog.text AS cia,
  @extschema@.confidentiality(i.cia) AS confidentiality,
  @extschema@.integrity(i.cia) AS integrity,
  @extschema@.availability(i.cia) AS availability,
  -- the stored facts (34_facts.sql) while their stamp is current, else the
  -- functions of the row, computed live (docs/facts.md)
  (CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_severity
        ELSE @extschema@.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) END)::numeric(4,1) AS severity,
  (CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_severity_level
            ELSE @extschema@.severity_level(@extschema@.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) END)::pg_catalog.text AS severity_level,
  (pg_catalog.array_position(pg_catalog.enum_range(NULL::@extschema@.severity_level),
     CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_severity_level
            ELSE @extschema@.severity_level(@extschema@.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) END) - 1)::integer AS severity_rank,
  (CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_coverage
        ELSE incident_analytics_internal.incident_severity_facts_coverage(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) END)::numeric(3,2) AS coverage,
  CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_provisional
       ELSE incident_analytics_internal.incident_severity_facts_coverage(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) OPERATOR(pg_catalog.<) 0.5 END AS provisional,
  pg_catalog.array_to_string(i.techniques, ', ') AS techniques,
  i.tlp::pg_catalog.text AS tlp,
  (CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_severity_level
            ELSE @extschema@.severity_level(@extschema@.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) END)::pg_catalog.text AS level,
  (CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_cia_effective
        ELSE (@extschema@.effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary)).cia_effective END)::pg_catalog.text AS cia_effective,
  CASE WHEN i.derived_stamp OPERATOR(pg_catalog.=) incident_analytics_internal.incident_facts_stamp() THEN i.derived_cia_basis
       ELSE (@extschema@.effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary)).cia_basis END AS cia_basis,
  pg_catalog.array_to_string(i.inferred_techniques, ', ') AS inferred_techniques,
  pg_catalog.array_to_string(i.veris_actions, ', ') AS veris_actions
FROM @extschema@.incidents i
LEFT JOIN @extschema@.countries c ON c.code = i.country
LEFT JOIN @extschema@.m49_regions rc ON rc.code = c.region_code
LEFT JOIN @extschema@.m49_regions rs ON rs.code = c.subregion_code
LEFT JOIN @extschema@.m49_regions r0 ON r0.code = i.region_m49 AND i.country IS NULL
LEFT JOIN @extschema@.m49_regions r1 ON r1.code = r0.parent_code
LEFT JOIN @extschema@.m49_regions r2 ON r2.code = r1.parent_code
LEFT JOIN @extschema@.subdivisions sd ON sd.code = i.subdivision
LEFT JOIN @extschema@.sectors sc ON sc.code = i.sector
LEFT JOIN @extschema@.sectors ss ON ss.code =
  CASE WHEN pg_catalog.left(i.sector, 2) IN ('31', '32', '33') THEN '31-33'
       WHEN pg_catalog.left(i.sector, 2) IN ('44', '45') THEN '44-45'
       WHEN pg_catalog.left(i.sector, 2) IN ('48', '49') THEN '48-49'
       ELSE pg_catalog.left(i.sector, 2)
  END
WHERE i.duplicate_of IS NULL;

COMMENT ON VIEW @extschema@.incident_overview IS
  'one row per incident (rows marked duplicate_of another are left out) with place, sector and technique names resolved, CIA components, ISM-1 severity, level, coverage and provisional flag (read from the stored derived facts while current, else computed from the row); plain column types for BI tools; security_invoker (row-level security of incidents applies)';
COMMENT ON COLUMN @extschema@.incident_overview.incident_id IS 'incident key (incidents.incident_id)';
COMMENT ON COLUMN @extschema@.incident_overview.source IS 'where the record comes from';
COMMENT ON COLUMN @extschema@.incident_overview.source_id IS 'id of the record in its source';
COMMENT ON COLUMN @extschema@.incident_overview.title IS 'short title';
COMMENT ON COLUMN @extschema@.incident_overview.victim IS 'victim organisation';
COMMENT ON COLUMN @extschema@.incident_overview.occurred_on IS 'date of the incident, truncated to the known precision';
COMMENT ON COLUMN @extschema@.incident_overview.occurred_precision IS 'how much of occurred_on is known: day, month or year';
COMMENT ON COLUMN @extschema@.incident_overview.disclosed_on IS 'date the incident became public';
COMMENT ON COLUMN @extschema@.incident_overview.continent_code IS 'UN M49 continent code, from the country or else from region_m49';
COMMENT ON COLUMN @extschema@.incident_overview.continent_name IS 'UN M49 continent name';
COMMENT ON COLUMN @extschema@.incident_overview.subregion_code IS 'UN M49 sub-region code, from the country or else from region_m49 (an intermediate region gives its sub-region)';
COMMENT ON COLUMN @extschema@.incident_overview.subregion_name IS 'UN M49 sub-region name';
COMMENT ON COLUMN @extschema@.incident_overview.region_m49 IS 'M49 region recorded when only a region, not the country, is known';
COMMENT ON COLUMN @extschema@.incident_overview.country IS 'victim country, ISO 3166-1 alpha-2';
COMMENT ON COLUMN @extschema@.incident_overview.country_name IS 'country name';
COMMENT ON COLUMN @extschema@.incident_overview.subdivision IS 'victim subdivision, ISO 3166-2';
COMMENT ON COLUMN @extschema@.incident_overview.subdivision_name IS 'subdivision name';
COMMENT ON COLUMN @extschema@.incident_overview.sector IS 'victim NAICS code as recorded (2-6 digits or a range)';
COMMENT ON COLUMN @extschema@.incident_overview.sector_name IS 'NAICS title of sector; NULL when the code is deeper than the shipped sectors table';
COMMENT ON COLUMN @extschema@.incident_overview.naics_sector IS 'NAICS 2-digit sector of sector, with 31/32/33 as 31-33, 44/45 as 44-45, 48/49 as 48-49';
COMMENT ON COLUMN @extschema@.incident_overview.naics_sector_name IS 'NAICS title of naics_sector';
COMMENT ON COLUMN @extschema@.incident_overview.cia IS 'CIA impact vector as text, C:x/I:x/A:x (X = unknown)';
COMMENT ON COLUMN @extschema@.incident_overview.confidentiality IS 'confidentiality impact N, L or H; NULL when unknown';
COMMENT ON COLUMN @extschema@.incident_overview.integrity IS 'integrity impact N, L or H; NULL when unknown';
COMMENT ON COLUMN @extschema@.incident_overview.availability IS 'availability impact N, L or H; NULL when unknown';
COMMENT ON COLUMN @extschema@.incident_overview.severity IS 'ISM-1 severity score 0-100 (incident_severity)';
COMMENT ON COLUMN @extschema@.incident_overview.severity_level IS 'ISM-1 band of severity: baseline, low, medium, high, severe or emergency';
COMMENT ON COLUMN @extschema@.incident_overview.severity_rank IS 'position of severity_level in the ISM-1 bands, 0 = baseline ... 5 = emergency; ORDER BY severity_rank sorts the bands in order (severity_level sorts alphabetically in tools that sort text); NULL when unscored';
COMMENT ON COLUMN @extschema@.incident_overview.level IS 'the same band as severity_level, under its short name (severity, level)';
COMMENT ON COLUMN @extschema@.incident_overview.coverage IS 'sum of the weights of the severity factors that are known (0-1), from incident_severity_explain';
COMMENT ON COLUMN @extschema@.incident_overview.provisional IS 'true when coverage is below 0.5: the score rests mostly on priors';
COMMENT ON COLUMN @extschema@.incident_overview.techniques IS 'ATT&CK techniques as comma-separated text, as recorded';
COMMENT ON COLUMN @extschema@.incident_overview.tlp IS 'TLP 2.0 label of the incident';
COMMENT ON COLUMN @extschema@.incident_overview.cia_effective IS 'effective CIA as text (C:x/I:x/A:x): per component the recorded level when known, else the evidence of the observed techniques, else of the inferred techniques, else of the summary text; X when none shows anything (effective_cia)';
COMMENT ON COLUMN @extschema@.incident_overview.cia_basis IS 'source of each component of cia_effective, C:<b>/I:<b>/A:<b> with <b> recorded, observed, inferred, text or none';
COMMENT ON COLUMN @extschema@.incident_overview.inferred_techniques IS 'ATT&CK techniques a precise mapping suggests (incidents.inferred_techniques), comma-separated';
COMMENT ON COLUMN @extschema@.incident_overview.veris_actions IS 'VERIS action varieties (category.Variety), comma-separated';

-- incidents_by_region groups the incidents by (country, subdivision,
-- region_m49) first.  Without these statistics the planner multiplies the
-- columns' distinct counts, expects about one group per ten incidents and
-- sorts the whole table instead of hashing the few thousand real groups.
CREATE STATISTICS @extschema@.incidents_place_ndistinct (ndistinct)
  ON country, subdivision, region_m49 FROM @extschema@.incidents;
COMMENT ON STATISTICS @extschema@.incidents_place_ndistinct IS
  'number of distinct recorded places (country, subdivision, region_m49), so that incidents_by_region plans a hash aggregate for its first stage';

CREATE VIEW @extschema@.incidents_by_region WITH (security_invoker = true) AS
SELECT
  (ARRAY['world', 'continent', 'subregion', 'country', 'subdivision'])[g.depth + 1] AS level,
  g.code,
  CASE g.depth
    WHEN 0 THEN COALESCE(rg.name, 'World')
    WHEN 1 THEN rg.name
    WHEN 2 THEN rg.name
    WHEN 3 THEN c.name
    ELSE sd.name
  END AS name,
  CASE g.depth
    WHEN 0 THEN NULL
    WHEN 1 THEN '001'
    WHEN 2 THEN COALESCE(rg.parent_code, '001')
    WHEN 3 THEN COALESCE(c.subregion_code, c.region_code, '001')
    ELSE pg_catalog.left(g.code, 2)
  END AS parent_code,
  g.depth,
  (CASE g.depth
    WHEN 0 THEN '001'
    WHEN 1 THEN '001/' || g.code
    WHEN 2 THEN pg_catalog.concat_ws('/', '001', rg.parent_code, g.code)
    WHEN 3 THEN pg_catalog.concat_ws('/', '001', c.region_code, c.subregion_code, g.code)
    ELSE pg_catalog.concat_ws('/', '001', c.region_code, c.subregion_code, pg_catalog.left(g.code, 2), g.code)
  END) COLLATE "C" AS sort_key,
  m.*,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred,
  -- the same place under names no other view uses (one BI model, several views)
  (ARRAY['world', 'continent', 'subregion', 'country', 'subdivision'])[g.depth + 1] AS region_level,
  g.code AS region_code,
  CASE g.depth WHEN 0 THEN COALESCE(rg.name, 'World') WHEN 1 THEN rg.name WHEN 2 THEN rg.name
               WHEN 3 THEN c.name ELSE sd.name END AS region_name
FROM (
  -- second stage: each place group contributes its states to its levels
  SELECT l.depth, l.code,
         @extschema@.cia_profile_rollup(f.p) AS p,
         @extschema@.severity_summary_rollup(f.s) AS s,
         @extschema@.severity_summary_rollup(f.sf) AS sf,
         @extschema@.cia_profile_rollup(f.q) AS q
  FROM (
    -- first stage: one pass over the incidents, one group per place as
    -- recorded (an incident is in exactly one, so the roll-up counts it once
    -- per level)
    SELECT i.country, i.subdivision, i.region_m49,
           @extschema@.cia_profile_partial(e.cia_effective) AS p,
           @extschema@.severity_summary_partial(incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS s,
           @extschema@.severity_summary_partial(incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS sf,
           @extschema@.cia_profile_partial(e.cia_inferred) AS q
    FROM @extschema@.incidents i
    CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
    WHERE i.duplicate_of IS NULL
    GROUP BY i.country, i.subdivision, i.region_m49
  ) f
  LEFT JOIN @extschema@.countries c ON c.code = f.country
  LEFT JOIN @extschema@.m49_regions r0 ON r0.code = f.region_m49 AND f.country IS NULL
  LEFT JOIN @extschema@.m49_regions r1 ON r1.code = r0.parent_code
  LEFT JOIN @extschema@.m49_regions r2 ON r2.code = r1.parent_code
  CROSS JOIN LATERAL (VALUES
    (0, '001'),
    (1, CASE WHEN f.country IS NOT NULL THEN c.region_code
             ELSE CASE 'continent' WHEN r0.level THEN r0.code WHEN r1.level THEN r1.code WHEN r2.level THEN r2.code END
        END),
    (2, CASE WHEN f.country IS NOT NULL THEN c.subregion_code
             ELSE CASE 'subregion' WHEN r0.level THEN r0.code WHEN r1.level THEN r1.code END
        END),
    (3, f.country::pg_catalog.text),
    (4, f.subdivision)) AS l(depth, code)
  WHERE l.code IS NOT NULL
  GROUP BY l.depth, l.code
) g
LEFT JOIN @extschema@.m49_regions rg ON rg.code = g.code AND g.depth <= 2
LEFT JOIN @extschema@.countries c ON c.code = (CASE WHEN g.depth >= 3 THEN pg_catalog.left(g.code, 2) END)
LEFT JOIN @extschema@.subdivisions sd ON sd.code = g.code AND g.depth = 4
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_region IS
  'incidents, CIA profile and severity per place at the levels world, continent, subregion (UN M49), country (ISO 3166-1) and subdivision (ISO 3166-2); an incident counts at every level it is known at (one with only region_m49 counts at that region''s levels and not below; the world row counts all); ORDER BY sort_key lists the tree';
COMMENT ON COLUMN @extschema@.incidents_by_region.region_level IS 'level under a name no other view uses (world, continent, subregion, country, subdivision), for BI models that join several views by column name';
COMMENT ON COLUMN @extschema@.incidents_by_region.region_code IS 'code under a name no other view uses (M49, ISO 3166-1 or ISO 3166-2 code of the place)';
COMMENT ON COLUMN @extschema@.incidents_by_region.region_name IS 'name under a name no other view uses (name of the place)';
COMMENT ON COLUMN @extschema@.incidents_by_region.level IS 'world, continent, subregion, country or subdivision';
COMMENT ON COLUMN @extschema@.incidents_by_region.code IS 'M49 code (001 world, 150 Europe, 039 Southern Europe), ISO 3166-1 alpha-2 country or ISO 3166-2 subdivision';
COMMENT ON COLUMN @extschema@.incidents_by_region.name IS 'English name of the place; NULL when the reference tables do not know the code';
COMMENT ON COLUMN @extschema@.incidents_by_region.parent_code IS 'code of the enclosing place one level up (NULL for the world)';
COMMENT ON COLUMN @extschema@.incidents_by_region.depth IS 'level as a number: 0 world, 1 continent, 2 subregion, 3 country, 4 subdivision';
COMMENT ON COLUMN @extschema@.incidents_by_region.sort_key IS 'path of codes from the world down (001/150/039/IT/IT-21), collation C; ORDER BY sort_key lists each place under its parent';
COMMENT ON COLUMN @extschema@.incidents_by_region.incidents IS 'distinct incidents counted in this place';

CREATE VIEW @extschema@.incidents_by_sector WITH (security_invoker = true) AS
SELECT
  (ARRAY['all', 'sector', 'subsector', 'industry_group', 'industry', 'national_industry'])[g.depth + 1] AS level,
  g.code,
  CASE WHEN g.depth = 0 THEN 'All sectors' ELSE sc.name END AS name,
  CASE WHEN g.depth <= 1 THEN NULL
       WHEN g.depth = 2 THEN
         CASE WHEN pg_catalog.left(g.code, 2) IN ('31', '32', '33') THEN '31-33'
              WHEN pg_catalog.left(g.code, 2) IN ('44', '45') THEN '44-45'
              WHEN pg_catalog.left(g.code, 2) IN ('48', '49') THEN '48-49'
              ELSE pg_catalog.left(g.code, 2)
         END
       ELSE pg_catalog.left(g.code, g.depth)
  END AS parent_code,
  g.depth,
  (CASE WHEN g.depth = 0 THEN ''
        WHEN g.depth = 1 THEN g.code
        ELSE
          CASE WHEN pg_catalog.left(g.code, 2) IN ('31', '32', '33') THEN '31-33'
               WHEN pg_catalog.left(g.code, 2) IN ('44', '45') THEN '44-45'
               WHEN pg_catalog.left(g.code, 2) IN ('48', '49') THEN '48-49'
               ELSE pg_catalog.left(g.code, 2)
          END || '/' || g.code
   END) COLLATE "C" AS sort_key,
  m.*,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred,
  -- the same sector under names no other view uses (one BI model, several views)
  (ARRAY['all', 'sector', 'subsector', 'industry_group', 'industry', 'national_industry'])[g.depth + 1] AS sector_level,
  g.code AS sector_code,
  CASE WHEN g.depth = 0 THEN 'All sectors' ELSE sc.name END AS sector_name
FROM (
  -- second stage: each sector group contributes its states to its levels
  SELECT l.depth, l.code,
         @extschema@.cia_profile_rollup(f.p) AS p,
         @extschema@.severity_summary_rollup(f.s) AS s,
         @extschema@.severity_summary_rollup(f.sf) AS sf,
         @extschema@.cia_profile_rollup(f.q) AS q
  FROM (
    -- first stage: one pass over the incidents, one group per sector code as
    -- recorded (an incident is in exactly one, so the roll-up counts it once
    -- per level)
    SELECT i.sector,
           @extschema@.cia_profile_partial(e.cia_effective) AS p,
           @extschema@.severity_summary_partial(incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS s,
           @extschema@.severity_summary_partial(incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS sf,
           @extschema@.cia_profile_partial(e.cia_inferred) AS q
    FROM @extschema@.incidents i
    CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
    WHERE i.duplicate_of IS NULL
    GROUP BY i.sector
  ) f
  CROSS JOIN LATERAL (VALUES
    (0, NULL),
    (1, CASE WHEN pg_catalog.left(f.sector, 2) IN ('31', '32', '33') THEN '31-33'
             WHEN pg_catalog.left(f.sector, 2) IN ('44', '45') THEN '44-45'
             WHEN pg_catalog.left(f.sector, 2) IN ('48', '49') THEN '48-49'
             ELSE pg_catalog.left(f.sector, 2)
        END),
    (2, CASE WHEN pg_catalog.length(f.sector) >= 3 AND pg_catalog.strpos(f.sector, '-') = 0 THEN pg_catalog.left(f.sector, 3) END),
    (3, CASE WHEN pg_catalog.length(f.sector) >= 4 AND pg_catalog.strpos(f.sector, '-') = 0 THEN pg_catalog.left(f.sector, 4) END),
    (4, CASE WHEN pg_catalog.length(f.sector) >= 5 AND pg_catalog.strpos(f.sector, '-') = 0 THEN pg_catalog.left(f.sector, 5) END),
    (5, CASE WHEN pg_catalog.length(f.sector) >= 6 AND pg_catalog.strpos(f.sector, '-') = 0 THEN pg_catalog.left(f.sector, 6) END))
    AS l(depth, code)
  WHERE l.depth = 0 OR l.code IS NOT NULL
  GROUP BY l.depth, l.code
) g
LEFT JOIN @extschema@.sectors sc ON sc.code = g.code
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_sector IS
  'incidents, CIA profile and severity per NAICS level: all, sector (2 digits; 31/32/33 as 31-33, 44/45 as 44-45, 48/49 as 48-49), subsector (3), industry_group (4), industry (5), national_industry (6); an incident counts at each level its code reaches (a 3-digit code at sector and subsector only); ORDER BY sort_key lists the tree';
COMMENT ON COLUMN @extschema@.incidents_by_sector.sector_level IS 'level under a name no other view uses (all, sector, subsector, industry_group, industry, national_industry), for BI models that join several views by column name';
COMMENT ON COLUMN @extschema@.incidents_by_sector.sector_code IS 'code under a name no other view uses (NAICS code of the group)';
COMMENT ON COLUMN @extschema@.incidents_by_sector.sector_name IS 'name under a name no other view uses (NAICS title)';
COMMENT ON COLUMN @extschema@.incidents_by_sector.level IS 'all, sector, subsector, industry_group, industry or national_industry';
COMMENT ON COLUMN @extschema@.incidents_by_sector.code IS 'NAICS code (2-6 digits, or 31-33, 44-45, 48-49 at the sector level); NULL for the all row';
COMMENT ON COLUMN @extschema@.incidents_by_sector.name IS 'NAICS title; NULL when the code is not in the sectors table (deeper than shipped, or not a NAICS code)';
COMMENT ON COLUMN @extschema@.incidents_by_sector.parent_code IS 'code one level up (a subsector''s sector with ranges applied); NULL for sectors and the all row';
COMMENT ON COLUMN @extschema@.incidents_by_sector.depth IS 'level as a number: 0 all, 1 sector, 2 subsector, 3 industry_group, 4 industry, 5 national_industry';
COMMENT ON COLUMN @extschema@.incidents_by_sector.sort_key IS 'sector/code path (62/6221), empty for the all row, collation C; ORDER BY sort_key lists each code under its parent';
COMMENT ON COLUMN @extschema@.incidents_by_sector.incidents IS 'distinct incidents counted in this NAICS code (the all row counts every incident, sector known or not)';

CREATE VIEW @extschema@.incidents_by_technique WITH (security_invoker = true) AS
SELECT
  g.technique::pg_catalog.text AS technique,
  n.name,
  @extschema@.is_subtechnique(g.technique) AS is_subtechnique,
  @extschema@.technique_parent(g.technique)::pg_catalog.text AS parent_technique,
  m.*,
  g.inferred_incidents,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred,
  n.name AS technique_name
FROM (
  SELECT k.technique,
         @extschema@.cia_profile(e.cia_effective) FILTER (WHERE (k.technique OPERATOR(@extschema@.=) ANY (COALESCE(obs.keys, '{}')))) AS p,
         @extschema@.severity_summary(sv.severity) FILTER (WHERE (k.technique OPERATOR(@extschema@.=) ANY (COALESCE(obs.keys, '{}')))) AS s,
         @extschema@.severity_summary(sf.firm) FILTER (WHERE (k.technique OPERATOR(@extschema@.=) ANY (COALESCE(obs.keys, '{}')))) AS sf,
         @extschema@.cia_profile(e.cia_inferred) FILTER (WHERE (k.technique OPERATOR(@extschema@.=) ANY (COALESCE(obs.keys, '{}')))) AS q,
         pg_catalog.count(*) FILTER (WHERE NOT (k.technique OPERATOR(@extschema@.=) ANY (COALESCE(obs.keys, '{}')))) AS inferred_incidents
  FROM @extschema@.incidents i
  CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
  -- severity once per incident, before the keys are exploded
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sv(severity)
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sf(firm)
  -- each technique key of the incident once (the rollup of both lists is
  -- the union of their rollups): observed when the rollup of techniques has
  -- it, else inferred.  The second function, over ARRAY[incident_id], makes
  -- every call's parameters unique: the planner then puts no Memoize cache
  -- (keyed by the techniques lists, growing with the number of incidents)
  -- over this function scan; it only pads the first row, so a NULL technique
  -- (an empty list) is skipped
  CROSS JOIN LATERAL ROWS FROM (
    pg_catalog.unnest(@extschema@.technique_rollup(COALESCE(i.techniques, '{}') OPERATOR(pg_catalog.||) COALESCE(i.inferred_techniques, '{}'))),
    pg_catalog.unnest(ARRAY[i.incident_id])) AS k(technique, incident_id)
  -- the observed keys, once per incident (a function in FROM, which Citus can push down)
  CROSS JOIN LATERAL @extschema@.technique_rollup(i.techniques) AS obs(keys)
  WHERE i.duplicate_of IS NULL AND (i.techniques IS NOT NULL OR i.inferred_techniques IS NOT NULL)
    AND k.technique IS NOT NULL
  GROUP BY k.technique
) g
LEFT JOIN LATERAL (
  SELECT a.name FROM @extschema@.attack_techniques a
   WHERE a.technique OPERATOR(@extschema@.=) g.technique
   ORDER BY a.domain LIMIT 1
) n ON true
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_technique IS
  'incidents, CIA profile and severity per ATT&CK technique and sub-technique; a parent technique''s row counts the distinct incidents naming it or any of its sub-techniques; a revoked technique counts under its successor (revoked_by); ORDER BY technique lists each parent before its sub-techniques';
COMMENT ON COLUMN @extschema@.incidents_by_technique.technique_name IS 'name under a name no other view uses (ATT&CK technique name)';
COMMENT ON COLUMN @extschema@.incidents_by_technique.technique IS 'ATT&CK technique id (T1566, T1566.001)';
COMMENT ON COLUMN @extschema@.incidents_by_technique.name IS 'technique name from attack_techniques (enterprise preferred, then ics, mobile); NULL when unknown';
COMMENT ON COLUMN @extschema@.incidents_by_technique.is_subtechnique IS 'true for a sub-technique row';
COMMENT ON COLUMN @extschema@.incidents_by_technique.parent_technique IS 'parent technique id (the technique itself for a parent)';
COMMENT ON COLUMN @extschema@.incidents_by_technique.incidents IS 'distinct incidents whose observed techniques (incidents.techniques) count in this technique (a parent counts an incident once however many of its sub-techniques it names); the measure columns describe these incidents';
COMMENT ON COLUMN @extschema@.incidents_by_technique.inferred_incidents IS 'distinct incidents that count in this technique only through inferred_techniques (not through their observed techniques); not in incidents nor in the measure columns';

CREATE VIEW @extschema@.incidents_by_tactic WITH (security_invoker = true) AS
SELECT
  g.tactic_id,
  t.name,
  t.domain::pg_catalog.text AS domain,
  t.ordinal,
  m.*,
  g.inferred_incidents,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred,
  t.name AS tactic_name
FROM (
  SELECT k.tactic_id,
         @extschema@.cia_profile(e.cia_effective) FILTER (WHERE (k.tactic_id OPERATOR(pg_catalog.=) ANY (COALESCE(obs.keys, '{}')))) AS p,
         @extschema@.severity_summary(sv.severity) FILTER (WHERE (k.tactic_id OPERATOR(pg_catalog.=) ANY (COALESCE(obs.keys, '{}')))) AS s,
         @extschema@.severity_summary(sf.firm) FILTER (WHERE (k.tactic_id OPERATOR(pg_catalog.=) ANY (COALESCE(obs.keys, '{}')))) AS sf,
         @extschema@.cia_profile(e.cia_inferred) FILTER (WHERE (k.tactic_id OPERATOR(pg_catalog.=) ANY (COALESCE(obs.keys, '{}')))) AS q,
         pg_catalog.count(*) FILTER (WHERE NOT (k.tactic_id OPERATOR(pg_catalog.=) ANY (COALESCE(obs.keys, '{}')))) AS inferred_incidents
  FROM @extschema@.incidents i
  CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
  -- severity once per incident, before the keys are exploded
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sv(severity)
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sf(firm)
  -- each tactic of the incident once (the tactics of both lists are the
  -- union of their tactics): observed when a technique of techniques serves
  -- it, else inferred (ARRAY[incident_id]: as in incidents_by_technique)
  CROSS JOIN LATERAL ROWS FROM (
    pg_catalog.unnest(@extschema@.technique_tactics(COALESCE(i.techniques, '{}') OPERATOR(pg_catalog.||) COALESCE(i.inferred_techniques, '{}'))),
    pg_catalog.unnest(ARRAY[i.incident_id])) AS k(tactic_id, incident_id)
  -- the observed tactics, once per incident (a function in FROM, which Citus can push down)
  CROSS JOIN LATERAL @extschema@.technique_tactics(i.techniques) AS obs(keys)
  WHERE i.duplicate_of IS NULL AND (i.techniques IS NOT NULL OR i.inferred_techniques IS NOT NULL)
    AND k.tactic_id IS NOT NULL
  GROUP BY k.tactic_id
) g
LEFT JOIN @extschema@.attack_tactics t ON t.tactic_id = g.tactic_id
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_tactic IS
  'incidents, CIA profile and severity per ATT&CK tactic: an incident counts once under every tactic any of its techniques (revoked ones replaced by their successor) serves in attack_techniques; ORDER BY domain, ordinal follows the matrix';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.tactic_name IS 'name under a name no other view uses (ATT&CK tactic name)';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.tactic_id IS 'ATT&CK tactic id (TA0001 ...)';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.name IS 'tactic name; NULL when attack_tactics does not know the id';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.domain IS 'ATT&CK matrix of the tactic: enterprise, ics or mobile';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.ordinal IS 'position of the tactic in its matrix (1 = first), for ordering';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.incidents IS 'distinct incidents whose observed techniques (incidents.techniques) serve this tactic; the measure columns describe these incidents';
COMMENT ON COLUMN @extschema@.incidents_by_tactic.inferred_incidents IS 'distinct incidents that serve this tactic only through inferred_techniques (none of their observed techniques does); not in incidents nor in the measure columns';

CREATE VIEW @extschema@.incidents_by_month WITH (security_invoker = true) AS
SELECT
  g.month,
  g.year,
  m.*,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred
FROM (
  SELECT CASE WHEN i.occurred_precision IN ('day', 'month')
              THEN pg_catalog.date_trunc('month', i.occurred_on::timestamp)::pg_catalog.date END AS month,
         pg_catalog.date_part('year', i.occurred_on::timestamp)::integer AS year,
         @extschema@.cia_profile(e.cia_effective) AS p,
         @extschema@.severity_summary(incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS s,
         @extschema@.severity_summary(incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)) AS sf,
         @extschema@.cia_profile(e.cia_inferred) AS q
  FROM @extschema@.incidents i
  CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
  WHERE i.duplicate_of IS NULL
  GROUP BY 1, 2
) g
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_month IS
  'incidents, CIA profile and severity per month of occurred_on; incidents known only to the year have month NULL and their year, undated incidents have both NULL (nothing is silently put in January); ORDER BY year, month NULLS LAST';
COMMENT ON COLUMN @extschema@.incidents_by_month.month IS 'first day of the month the incidents occurred in; NULL when only the year (or nothing) is known';
COMMENT ON COLUMN @extschema@.incidents_by_month.year IS 'year the incidents occurred in; NULL for undated incidents';
COMMENT ON COLUMN @extschema@.incidents_by_month.incidents IS 'distinct incidents counted in this month';

CREATE VIEW @extschema@.incidents_by_action WITH (security_invoker = true) AS
SELECT
  g.category,
  g.variety,
  m.*,
  (g.q).c_low + (g.q).c_high AS c_inferred,
  (g.q).i_low + (g.q).i_high AS i_inferred,
  (g.q).a_low + (g.q).a_high AS a_inferred
FROM (
  SELECT k.category, k.variety,
         @extschema@.cia_profile(e.cia_effective) AS p,
         @extschema@.severity_summary(sv.severity) AS s,
         @extschema@.severity_summary(sf.firm) AS sf,
         @extschema@.cia_profile(e.cia_inferred) AS q
  FROM @extschema@.incidents i
  CROSS JOIN LATERAL incident_analytics_internal.effective_cia_stored(i.derived_stamp, i.derived_cia_effective, i.derived_cia_inferred, i.derived_cia_basis, i.cia, i.techniques, i.inferred_techniques, i.summary) AS e
  -- severity once per incident, before the keys are exploded
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_stored(i.derived_stamp, i.derived_severity, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sv(severity)
  CROSS JOIN LATERAL incident_analytics_internal.incident_severity_firm_stored(i.derived_stamp, i.derived_severity, i.derived_provisional, i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sf(firm)
  -- each category of the incident once (variety NULL), and each variety
  -- once (ARRAY[incident_id]: as in incidents_by_technique, no Memoize)
  CROSS JOIN LATERAL ROWS FROM (
    pg_catalog.unnest(incident_analytics_internal.veris_action_keys(i.veris_actions)),
    pg_catalog.unnest(ARRAY[i.incident_id])) AS a(action, incident_id)
  CROSS JOIN LATERAL (
    SELECT pg_catalog.split_part(a.action, '.', 1),
           CASE WHEN pg_catalog.strpos(a.action, '.') OPERATOR(pg_catalog.>) 0
                THEN pg_catalog.substr(a.action, pg_catalog.strpos(a.action, '.') OPERATOR(pg_catalog.+) 1) END
  ) AS k(category, variety)
  WHERE i.duplicate_of IS NULL AND i.veris_actions IS NOT NULL AND a.action IS NOT NULL
  GROUP BY k.category, k.variety
) g
CROSS JOIN LATERAL incident_analytics_internal.view_measures(g.p, g.s, g.sf) AS m;

COMMENT ON VIEW @extschema@.incidents_by_action IS
  'incidents, CIA profile and severity per VERIS action (incidents.veris_actions): one row per category (variety NULL) counting each incident with an action of that category once, and one row per category and variety; ORDER BY category, variety NULLS FIRST lists each category before its varieties';
COMMENT ON COLUMN @extschema@.incidents_by_action.category IS 'VERIS action category: hacking, malware, social, misuse, physical, error, environmental or unknown';
COMMENT ON COLUMN @extschema@.incidents_by_action.variety IS 'VERIS action variety as recorded (Ransomware, Use of stolen creds, Unknown); NULL on the category row';
COMMENT ON COLUMN @extschema@.incidents_by_action.incidents IS 'distinct incidents with this action variety (on the category row: with any variety of the category)';
