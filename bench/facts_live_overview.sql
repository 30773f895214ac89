-- bench/facts.sh baseline: incident_overview as it was before the stored facts
-- (commit 69a062b, src/sql/65_views.sql): severity, coverage and effective CIA
-- computed from the columns of every row, in FROM.  Created as
-- bench_facts.incident_overview_live in the bench database only.
CREATE VIEW bench_facts.incident_overview_live WITH (security_invoker = true) AS
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
  incident_analytics.confidentiality(i.cia) AS confidentiality,
  incident_analytics.integrity(i.cia) AS integrity,
  incident_analytics.availability(i.cia) AS availability,
  sv.severity::numeric(4,1) AS severity,
  incident_analytics.severity_level(sv.severity)::pg_catalog.text AS severity_level,
  (pg_catalog.array_position(pg_catalog.enum_range(NULL::incident_analytics.severity_level),
                             incident_analytics.severity_level(sv.severity)) - 1)::integer AS severity_rank,
  cv.coverage::numeric(3,2) AS coverage,
  cv.coverage OPERATOR(pg_catalog.<) 0.5 AS provisional,
  pg_catalog.array_to_string(i.techniques, ', ') AS techniques,
  i.tlp::pg_catalog.text AS tlp,
  incident_analytics.severity_level(sv.severity)::pg_catalog.text AS level,
  ce.cia_effective::pg_catalog.text AS cia_effective,
  ce.cia_basis AS cia_basis,
  pg_catalog.array_to_string(i.inferred_techniques, ', ') AS inferred_techniques,
  pg_catalog.array_to_string(i.veris_actions, ', ') AS veris_actions
FROM incident_analytics.incidents i
LEFT JOIN incident_analytics.countries c ON c.code = i.country
LEFT JOIN incident_analytics.m49_regions rc ON rc.code = c.region_code
LEFT JOIN incident_analytics.m49_regions rs ON rs.code = c.subregion_code
LEFT JOIN incident_analytics.m49_regions r0 ON r0.code = i.region_m49 AND i.country IS NULL
LEFT JOIN incident_analytics.m49_regions r1 ON r1.code = r0.parent_code
LEFT JOIN incident_analytics.m49_regions r2 ON r2.code = r1.parent_code
LEFT JOIN incident_analytics.subdivisions sd ON sd.code = i.subdivision
LEFT JOIN incident_analytics.sectors sc ON sc.code = i.sector
LEFT JOIN incident_analytics.sectors ss ON ss.code =
  CASE WHEN pg_catalog.left(i.sector, 2) IN ('31', '32', '33') THEN '31-33'
       WHEN pg_catalog.left(i.sector, 2) IN ('44', '45') THEN '44-45'
       WHEN pg_catalog.left(i.sector, 2) IN ('48', '49') THEN '48-49'
       ELSE pg_catalog.left(i.sector, 2)
  END
-- The severity, its coverage and the effective CIA are each one function call
-- per row in FROM, over the row's columns (no jsonb explanation, no subquery,
-- no whole-row argument), so a distributed planner (Citus) can push the view
-- down.
CROSS JOIN LATERAL incident_analytics.effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) AS ce
CROSS JOIN LATERAL incident_analytics.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS sv(severity)
CROSS JOIN LATERAL incident_analytics_internal.incident_severity_facts_coverage(i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant) AS cv(coverage)
WHERE i.duplicate_of IS NULL;
