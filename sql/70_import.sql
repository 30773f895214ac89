-- Import: each VERIS mapping rule on small hand-written documents, the reject
-- accounting of the bulk path, and the CSV row cast.
SET client_min_messages = warning;
SET search_path = incident_analytics, public;
\set SHOW_CONTEXT never
-- minimal reference rows (the shipped data, when present, already has them)
DO $$
BEGIN
  INSERT INTO m49_regions (code, name, level, parent_code) VALUES
    ('001', 'World', 'world', NULL), ('150', 'Europe', 'continent', '001'),
    ('039', 'Southern Europe', 'subregion', '150'), ('019', 'Americas', 'continent', '001'),
    ('419', 'Latin America and the Caribbean', 'subregion', '019'),
    ('005', 'South America', 'intermediate', '419') ON CONFLICT DO NOTHING;
  INSERT INTO countries (code, name, region_code, subregion_code) VALUES
    ('IT', 'Italy', '150', '039'), ('US', 'United States of America', '019', NULL) ON CONFLICT DO NOTHING;
  INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES
    ('62', 'Health Care and Social Assistance', 2, NULL, 100), ('31-33', 'Manufacturing', 2, NULL, 60),
    ('92', 'Public Administration', 2, NULL, 80) ON CONFLICT DO NOTHING;
  INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES
    ('622', 'Hospitals', 3, '62', 100) ON CONFLICT DO NOTHING;
END
$$;
RESET client_min_messages;

-- sector: longest known prefix, ranges, unknown
SELECT x, resolve_sector(x) FROM (VALUES ('622110'), ('629999'), ('62'), ('332993'), ('31-33'), ('000'), ('00')) v(x);
SELECT resolve_sector('6x');

-- CIA by the VERIS rules; absent section is X, never N
SELECT veris_cia(a::jsonb)::text AS cia, a FROM (VALUES
  ('{}'),
  ('{"confidentiality": {"data_disclosure": "Yes", "data": [{"variety": "Medical"}]}}'),
  ('{"confidentiality": {"data_disclosure": "Yes", "data": [{"variety": "Personal"}], "data_total": 10000}}'),
  ('{"confidentiality": {"data_disclosure": "Yes", "data": [{"variety": "Personal"}], "data_total": 9999}}'),
  ('{"confidentiality": {"data_disclosure": "Potentially", "data": [{"variety": "Medical"}]}}'),
  ('{"confidentiality": {"data_disclosure": "No"}}'),
  ('{"confidentiality": {"data_disclosure": "Unknown"}}'),
  ('{"integrity": {"variety": ["Software installation"]}}'),
  ('{"integrity": {"variety": ["Alter behavior"]}}'),
  ('{"availability": {"variety": ["Interruption"], "duration": {"unit": "Minutes"}}}'),
  ('{"availability": {"variety": ["Loss"]}}'),
  ('{"availability": {"variety": ["Degradation"]}}')) t(a);

-- actor types
SELECT veris_actor_types(a::jsonb, b::jsonb), a, b FROM (VALUES
  ('{"external": {"variety": ["Activist"], "motive": ["Ideology"]}}', '{}'),
  ('{"external": {"variety": ["Organized crime"]}}', '{}'),
  ('{"external": {"variety": ["Unknown"], "motive": ["Financial"]}}', '{}'),
  ('{"external": {"variety": ["Unknown"], "motive": ["Unknown"]}}', '{}'),
  ('{"external": {"variety": ["Nation-state", "State-affiliated"]}}', '{}'),
  ('{"internal": {"variety": ["System admin"], "motive": ["NA"]}}', '{"error": {}}'),
  ('{"internal": {"variety": ["Cashier"], "motive": ["Financial"]}}', '{"misuse": {}}'),
  ('{"internal": {"variety": ["Unknown"], "motive": ["Unknown"]}}', '{"misuse": {}}'),
  ('{"partner": {"motive": ["NA"]}}', '{}')) t(a, b);

-- one full document
SELECT import_veris('{
  "incident_id": "AAAAAAAA-0000-0000-0000-000000000001",
  "plus": {"master_id": "BBBBBBBB-0000-0000-0000-000000000001", "timeline": {"notification": {"year": 2021, "month": 3, "day": 9}}},
  "victim": {"country": ["Unknown", "IT"], "industry": "622110", "victim_id": "  Ospedale Esempio ", "region": ["150039"]},
  "timeline": {"incident": {"year": 2021, "month": 2, "day": 28}},
  "summary": "  Ransomware encrypted the hospital servers. Appointments were cancelled.\n",
  "reference": "https://a.example/x; https://b.example/y,https://c.example/z  not-a-url",
  "actor": {"external": {"variety": ["Organized crime"], "motive": ["Unknown", "Financial"], "country": ["Unknown", "RU"]}},
  "action": {"malware": {"variety": ["Ransomware"], "vector": ["Email attachment"]}, "social": {"variety": ["Phishing"]}},
  "attribute": {"confidentiality": {"data_disclosure": "Yes", "data_total": 3000000000, "data": [{"variety": "Medical"}, {"variety": "Personal"}]},
                "integrity": {"variety": ["Software installation"]},
                "availability": {"variety": ["Obscuration"], "duration": {"unit": "Days", "value": 9}}},
  "impact": {"overall_rating": "Damaging", "overall_amount": 250000.5, "iso_currency_code": "EUR"}
}'::jsonb) > 0 AS imported;
SELECT source, source_id, title, victim, summary, occurred_on, occurred_precision, disclosed_on, country,
       region_m49, sector, cia, motives, actor_types, actor_countries, information_impact, data_leaked,
       records_affected, outage_duration, loss_rating, loss_eur, tlp, sources,
       techniques, veris_actions, inferred_techniques, raw ? 'plus' AS raw_kept
  FROM incidents WHERE source_id LIKE 'bbbbbbbb%' \gx
-- re-import the same key (incident_id only, upper-case): same row, updated
SELECT import_veris('{"incident_id": "CCCCCCCC-0000-0000-0000-000000000001", "victim": {"country": ["US"]}, "timeline": {"incident": {"year": 2020}}}') =
       import_veris('{"incident_id": "cccccccc-0000-0000-0000-000000000001", "victim": {"country": ["Unknown"], "region": ["019005"]}, "timeline": {"incident": {"year": 2020, "month": 7}}}') AS same_row;
SELECT source_id, country, region_m49, occurred_on, occurred_precision, cia FROM incidents WHERE source_id LIKE 'cccccccc%';
-- invalid region: NULL for that field only, with a warning
SELECT import_veris('{"incident_id": "dddd", "victim": {"country": ["Unknown"], "region": ["019201"]}}', 'test') > 0 AS kept;
SELECT source, source_id, region_m49, cia FROM incidents WHERE source_id = 'dddd';

-- errors: wrong types, ranges, impossible dates, unknown enums (22023 / 22008)
SELECT import_veris('[]');
SELECT import_veris('{"summary": "no key"}');
SELECT import_veris('{"incident_id": "e1", "victim": {"country": 840}}');
SELECT import_veris('{"incident_id": "e2", "timeline": {"incident": {"year": 2019.5}}}');
SELECT import_veris('{"incident_id": "e3", "timeline": {"incident": {"year": 1901}}}');
SELECT import_veris('{"incident_id": "e4", "timeline": {"incident": {"year": 2019, "month": 2, "day": 30}}}');
SELECT import_veris('{"incident_id": "e5", "timeline": {"incident": {"year": 2019, "month": 13}}}');
SELECT import_veris('{"incident_id": "e6", "impact": {"overall_rating": "Huge"}}');
SELECT import_veris('{"incident_id": "e7", "actor": {"external": {"motive": ["Boredom"]}}}');
SELECT import_veris('{"incident_id": "e8", "victim": {"industry": "hospital"}}');
SELECT import_veris('{"incident_id": "e9", "attribute": {"confidentiality": {"data_total": -1}}}');

-- bulk: every record accounted for
SELECT loaded, updated, rejected, total FROM import_veris_batch(ARRAY[
  '{"incident_id": "b1"}', '{"incident_id": "b2", "victim": {"country": 1}}', '', '{"incident_id": "b1"}',
  '{not json', '{"incident_id": "b3", "timeline": {"incident": {"year": 2023, "month": 4, "day": 31}}}'], 'bulk');
SELECT position, sqlstate, reason, raw_text FROM import_rejects WHERE source = 'bulk' ORDER BY position;
SELECT loaded, updated, rejected, total FROM imports WHERE source = 'bulk';

-- CSV row cast
INSERT INTO incidents_csv_staging (line, backend_pid, source_id, title, occurred_on, country, sector, cia, techniques, motives, outage_duration, tlp)
OVERRIDING SYSTEM VALUE
VALUES (1, 0, 'c1', 'Phishing', '2024-05', 'it', '622110', 'C:L/I:X/A:N', 'T1566; T1566.001', 'Financial', '2 hours', ''),
       (2, 0, 'c2', 'Bad date', '2024-02-30', 'IT', NULL, NULL, NULL, NULL, NULL, NULL),
       (3, 0, 'c3', 'Bad cia', NULL, NULL, NULL, 'C:Q', NULL, NULL, NULL, NULL),
       (4, 0, 'c4', 'Bad technique', NULL, NULL, NULL, NULL, '{T1566,X1}', NULL, NULL, NULL);
SELECT (import_incidents_csv_row(r, 'csvtest')).inserted FROM incidents_csv_staging r WHERE backend_pid = 0 AND line = 1;
SELECT source, source_id, title, occurred_on, occurred_precision, country, sector, cia, techniques, motives, outage_duration, tlp
  FROM incidents WHERE source = 'csvtest';
SELECT import_incidents_csv_row(r, 'csvtest') FROM incidents_csv_staging r WHERE backend_pid = 0 AND line = 2;
SELECT import_incidents_csv_row(r, 'csvtest') FROM incidents_csv_staging r WHERE backend_pid = 0 AND line = 3;
SELECT import_incidents_csv_row(r, 'csvtest') FROM incidents_csv_staging r WHERE backend_pid = 0 AND line = 4;
DELETE FROM incidents_csv_staging WHERE backend_pid = 0;
SELECT csv_list('a; b;;c'), csv_list('{"x, y",z}'), csv_list('  ');

-- the shipped mapping
SELECT domain, count(*) FROM veris_attack_map GROUP BY domain ORDER BY domain;
SELECT count(*) AS upper_case_ids FROM veris_attack_map WHERE capability_id <> lower(capability_id);
SELECT technique FROM veris_attack_map WHERE capability_id = 'action.malware.variety.ransomware' AND domain = 'enterprise' ORDER BY 1;
RESET search_path;
