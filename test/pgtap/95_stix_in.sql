-- STIX 2.1 bundles read back into incident columns (stix_incident_fields):
-- our own export exactly, another producer's incident from the standard objects.
BEGIN;
SELECT plan(9);
SET LOCAL search_path = incident_analytics, incident_analytics_internal, public;

INSERT INTO incidents (source, source_id, title, victim, summary, country, sector, techniques, tlp, cia,
                       occurred_on, occurred_precision, sources) VALUES
  ('stin', '1', 'Hospital ransomware', 'ACME Hospital', 'Files encrypted', 'IT', '622', '{T1566.001,T1486}', 'clear',
   'C:X/I:X/A:H', '2025-03-04', 'day', '{https://example.org/r1}'),
  ('stin', '2', 'Account misuse', NULL, NULL, 'FR', NULL, '{T1078}', 'red', NULL, NULL, NULL, NULL);
CREATE TEMP TABLE b AS SELECT stix_bundle(ARRAY(SELECT incident_id FROM incidents WHERE source = 'stin')) AS j;

-- round trip of our own export: every column comes back
SELECT is((SELECT count(*)::int FROM b, stix_incident_fields(j) s WHERE s.fields IS NOT NULL), 2, 'two incidents read');
SELECT is((SELECT s.fields FROM b, stix_incident_fields(j) s WHERE s.fields->>'source_id' = '1'),
          (SELECT jsonb_strip_nulls(to_jsonb(i) - ARRAY['incident_id', 'created_at', 'updated_at']) FROM incidents i
            WHERE source = 'stin' AND source_id = '1'),
          'an exported incident comes back with exactly its columns');
SELECT is((SELECT s.fields->>'tlp' FROM b, stix_incident_fields(j) s WHERE s.fields->>'source_id' = '2'), 'red',
          'TLP from the marking reference');

-- another producer: no x_incident_analytics
CREATE TEMP TABLE foreign_b AS
  SELECT jsonb_set(j, '{objects}', (SELECT jsonb_agg(x - 'x_incident_analytics') FROM jsonb_array_elements(j->'objects') x)) AS j
    FROM b;
CREATE TEMP TABLE ff AS SELECT s.* FROM foreign_b, stix_incident_fields(j) s;
SELECT is((SELECT fields->'techniques' FROM ff WHERE fields->>'title' = 'Hospital ransomware'), '["T1486", "T1566.001"]'::jsonb,
          'techniques from uses -> attack-pattern external ids');
SELECT is((SELECT (fields->>'sector') || ' ' || (fields->>'country') FROM ff WHERE fields->>'title' = 'Hospital ransomware'),
          '622 IT', 'sector from the targeted identity, country from its location');
SELECT is((SELECT fields->>'source' || ' ' || (fields->>'source_id') FROM ff WHERE fields->>'title' = 'Account misuse'),
          'stix ' || substr(stix_id('incident', 'stin/2'), 11), 'source stix, source_id the UUID of the STIX id');
SELECT is((SELECT fields->'sources' FROM ff WHERE fields->>'title' = 'Hospital ransomware'), '["https://example.org/r1"]'::jsonb,
          'report URLs from external_references');

-- errors
SELECT is((SELECT error_sqlstate FROM stix_incident_fields('{"type": "bundle", "objects": [{"type": "incident", "id": "incident--bad"}]}')),
          '22023', 'a bad incident id is reported with 22023, the other objects go on');
SELECT throws_ok($$SELECT * FROM incident_analytics_internal.stix_incident_fields('{"type": "report"}')$$, '22023', NULL,
                 'not a bundle: 22023');

SELECT * FROM finish();
ROLLBACK;
