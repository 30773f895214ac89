-- The demo's queries (tools/demo): the seed incidents through the extension,
-- the MITRE ATT&CK campaigns (data/demo_campaigns.csv), then the aggregation
-- views over everything loaded (plus the VCDB sample when ../shared has it).
-- Every incident is labelled with its source: 'seed', 'mitre-attack-campaign', 'vcdb'.
\pset footer off
SET search_path = public, incident_analytics;

\echo
\echo '== 1. The two seed incidents: recorded CIA, CIA derived from their text and techniques, severity'
SELECT incident_id, title, occurred_on, country || ' / ' || subdivision AS place, sector,
       cia, classify_cia(summary) AS cia_from_text, classify_cia(techniques) AS cia_from_techniques,
       incident_severity(i) AS severity, severity_level(incident_severity(i)) AS level
  FROM incidents i WHERE source = 'seed' ORDER BY occurred_on;

\echo
\echo '== 2. Why each seed scores what it scores (severity_explain, factor by factor)'
SELECT i.victim, f.key AS factor, f.value->>'name' AS name, (f.value->>'value')::int AS value,
       (f.value->>'imputed')::boolean AS imputed, (f.value->>'contribution')::numeric AS share
  FROM incidents i, jsonb_each(incident_severity_explain(i)->'factors') f
 WHERE i.source = 'seed'
 ORDER BY i.victim, share DESC;
SELECT victim, x->>'score' AS score, x->>'level' AS level, x->>'base' AS base,
       x->'floor'->>'rule' AS floor_fired, x->>'lo' AS lo, x->>'hi' AS hi,
       x->>'coverage' AS coverage, x->>'provisional' AS provisional
  FROM incidents i, incident_severity_explain(i) x WHERE source = 'seed' ORDER BY victim;

\echo
\echo '== 3. The MITRE ATT&CK campaigns (source mitre-attack-campaign): their techniques are MITRE''s own observations'
\echo '   (country, sector, victim only where the description states them, the rest stays unknown; the recorded cia stays unknown:'
\echo '    cia_effective is derived from the observed techniques, and cia_basis says so)'
SELECT source_id AS attack_id, left(title, 40) AS title, occurred_on, occurred_precision AS precision,
       country, sector, cardinality(techniques) AS techniques, cia, e.cia_effective, e.cia_basis,
       incident_severity(i) AS severity, severity_level(incident_severity(i)) AS level
  FROM incidents i, effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
 WHERE source = 'mitre-attack-campaign'
 ORDER BY incident_severity(i) DESC, source_id LIMIT 15;

\echo
\echo '== 4. What was loaded'
SELECT source, count(*) AS incidents, count(country) AS with_country,
       count(cia) FILTER (WHERE cia <> 'C:X/I:X/A:X') AS with_recorded_cia,
       count(*) FILTER (WHERE e.cia_effective <> 'C:X/I:X/A:X') AS with_effective_cia,
       count(techniques) AS with_techniques, round(avg(incident_severity(i)), 1) AS mean_severity
  FROM incidents i, effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
 GROUP BY source ORDER BY source;
SELECT import_id, kind, source, loaded, updated, rejected, total FROM imports ORDER BY import_id;

\echo
\echo '== 5. incidents_by_region: continents and sub-regions'
SELECT repeat('  ', depth) || name AS place, level, code, incidents, c_incidents, a_incidents,
       c_share, c_share_lower, c_share_upper, mean_severity, max_severity, severe_or_worse
  FROM incidents_by_region WHERE level IN ('world', 'continent', 'subregion') ORDER BY sort_key;

\echo
\echo '== 6. incidents_by_sector: NAICS sectors'
SELECT code, name, incidents, c_incidents, i_incidents, a_incidents, mean_severity, severe_or_worse
  FROM incidents_by_sector WHERE level IN ('all', 'sector') ORDER BY sort_key;

\echo
\echo '== 7. incidents_by_technique: top 10 (a parent counts its sub-techniques)'
SELECT technique, name, is_subtechnique, incidents, mean_severity, max_severity
  FROM incidents_by_technique ORDER BY incidents DESC, technique LIMIT 10;

\echo
\echo '== 8. incidents_by_tactic: Enterprise kill chain'
SELECT ordinal, tactic_id, name, incidents, c_share, a_share, mean_severity
  FROM incidents_by_tactic WHERE domain = 'enterprise' ORDER BY ordinal;

\echo
\echo '== 9. incidents_by_month: the last 12 months with incidents'
SELECT * FROM (SELECT month, incidents, c_incidents, a_incidents, mean_severity, max_severity
                 FROM incidents_by_month WHERE month IS NOT NULL ORDER BY month DESC LIMIT 12) m
 ORDER BY month;

\echo
\echo '== 10. Southern Europe (M49 039): which techniques, against which sectors, how bad'
SELECT o.naics_sector, o.naics_sector_name, k.technique::text AS technique, a.name,
       count(*) AS incidents, max(o.severity) AS max_severity
  FROM incident_overview o
  JOIN incidents i USING (incident_id)
  CROSS JOIN LATERAL unnest(technique_rollup(i.techniques)) AS k(technique)
  LEFT JOIN attack_techniques a ON a.technique = k.technique AND a.domain = 'enterprise'
 WHERE o.subregion_code = '039'
 GROUP BY 1, 2, 3, 4 ORDER BY incidents DESC, max_severity DESC;

\echo
\echo '== 11. The same question through the bridge view a BI tool can use (no unnest)'
SELECT o.naics_sector, t.parent_technique, count(DISTINCT t.incident_id) AS incidents
  FROM incident_techniques t JOIN incident_overview o USING (incident_id)
 GROUP BY 1, 2 ORDER BY incidents DESC, 1, 2 LIMIT 10;

\echo
\echo '== 12. Possible duplicates: pairs scoring 0.5 or more (merge_duplicates() acts from 0.9), with the evidence'
SELECT incident_id, duplicate_id, score, reasons FROM find_duplicates(0.5) LIMIT 5;

\echo
\echo '== 13. Sharing: an ATT&CK Navigator layer and a STIX 2.1 bundle (sizes; save them with \copy)'
SELECT jsonb_array_length(navigator_layer()->'techniques') AS navigator_layer_entries,
       jsonb_array_length(stix_bundle()->'objects') AS stix_bundle_objects;
