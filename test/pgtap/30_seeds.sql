-- The two seed incidents of ../shared/seeds, loaded by the fixture the demo uses:
-- recorded facts are what the reports say, and what they do not say is NULL.
BEGIN;
SET search_path = public, incident_analytics;
SELECT plan(19);
\i test/fixtures/seed_incidents.sql

SELECT is((SELECT count(*)::int FROM incident_analytics.incidents WHERE source = 'seed'), 2, 'two seed incidents loaded');

-- loading again updates, it does not duplicate
\i test/fixtures/seed_incidents.sql
SELECT is((SELECT count(*)::int FROM incident_analytics.incidents WHERE source = 'seed'), 2, 're-loading the seeds updates the same rows');

SELECT results_eq($$
  SELECT victim, occurred_on, occurred_precision::text, country::text, subdivision, sector
    FROM incident_analytics.incidents WHERE source = 'seed' ORDER BY source_id $$,
  $$ VALUES ('ASL5 La Spezia', DATE '2023-02-01', 'month', 'IT', 'IT-42', '62'),
            ('Regione Lazio', DATE '2021-08-01', 'day', 'IT', 'IT-62', '92') $$,
  'victim, date with its precision, place and sector as reported');

SELECT is((SELECT s.name FROM incident_analytics.incidents i JOIN incident_analytics.subdivisions s ON s.code = i.subdivision
            WHERE source_id = '000_91d39074716c1a43'), 'Liguria', 'La Spezia seed resolves to Liguria');
SELECT is((SELECT c.subregion_name FROM incident_analytics.incidents i JOIN incident_analytics.countries c ON c.code = i.country
            WHERE source_id = '004_f26b630128c7252f'), 'Southern Europe', 'Italy is in Southern Europe (M49 039)');
SELECT is((SELECT criticality::int FROM incident_analytics.sectors WHERE code = '62'), 100, 'health care is criticality tier 100');

-- La Spezia: availability compromised, the rest unknown (X / NULL, never N / 0)
SELECT is((SELECT cia::text FROM incident_analytics.incidents WHERE source_id = '000_91d39074716c1a43'), 'C:X/I:X/A:H', 'La Spezia CIA: only availability known');
SELECT is((SELECT incident_analytics.confidentiality(cia) FROM incident_analytics.incidents WHERE source_id = '000_91d39074716c1a43'), NULL, 'unknown confidentiality reads NULL');
SELECT is((SELECT safety_impact::text FROM incident_analytics.incidents WHERE source_id = '000_91d39074716c1a43'), 'critical_care_disrupted', 'radiotherapy cancelled is critical care disrupted');
SELECT ok((SELECT techniques IS NULL AND actor_types IS NULL AND records_affected IS NULL AND loss_eur IS NULL
             FROM incident_analytics.incidents WHERE source_id = '000_91d39074716c1a43'),
          'undisclosed techniques, actors, records and loss stay NULL');

-- Lazio: ransomware (T1486) from a compromised account (T1078), personal data taken
SELECT is((SELECT techniques::text FROM incident_analytics.incidents WHERE source_id = '004_f26b630128c7252f'), '{T1486,T1078}', 'Lazio techniques');
SELECT is((SELECT cia::text FROM incident_analytics.incidents WHERE source_id = '004_f26b630128c7252f'), 'C:H/I:X/A:H', 'Lazio CIA');
SELECT is((SELECT t.name FROM incident_analytics.attack_techniques t WHERE t.technique = 'T1486' AND domain = 'enterprise'),
          'Data Encrypted for Impact', 'T1486 resolves to its ATT&CK name');
SELECT is((SELECT information_impact::text || '/' || recoverability::text || '/' || outage_duration::text
             FROM incident_analytics.incidents WHERE source_id = '004_f26b630128c7252f'),
          'personal/extended/14 days', 'Lazio information impact, recoverability and outage');
SELECT ok((SELECT nis2_significant IS NULL AND data_leaked IS NULL FROM incident_analytics.incidents WHERE source_id = '004_f26b630128c7252f'),
          'Lazio: NIS2 and publication of data not stated, so NULL');
SELECT is((SELECT tlp::text FROM incident_analytics.incidents WHERE source = 'seed' GROUP BY tlp), 'clear', 'public reports are TLP:CLEAR');

-- severity (ISM-1) of each seed, as the README explains it
SELECT results_eq($$
  SELECT source_id, incident_severity(i), severity_level(incident_severity(i))::text,
         (incident_severity_explain(i) ->> 'lo')::numeric, (incident_severity_explain(i) ->> 'hi')::numeric
    FROM incident_analytics.incidents i WHERE source = 'seed' ORDER BY source_id $$,
  $$ VALUES ('000_91d39074716c1a43', 75.0, 'severe', 75.0, 80.8),
            ('004_f26b630128c7252f', 56.6, 'medium', 56.4, 64.6) $$,
  'seed severities: La Spezia 75.0 severe, Lazio 56.6 medium, with their lo/hi bounds');
SELECT is((SELECT incident_severity_explain(i) -> 'floor' ->> 'rule' FROM incident_analytics.incidents i
            WHERE source_id = '000_91d39074716c1a43'), 'S >= 70', 'La Spezia is held at 75 by the S >= 70 floor (radiotherapy cancelled)');
SELECT is((SELECT (incident_severity_explain(i) -> 'factors' -> 'p' ->> 'value')::int FROM incident_analytics.incidents i
            WHERE source_id = '004_f26b630128c7252f'), 80, 'Lazio attack progression 80 from T1486 (impact tactic)');

SELECT * FROM finish();
ROLLBACK;
