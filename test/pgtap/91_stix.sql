-- stix_bundle(): STIX 2.1 rules written out here (ids, timestamps, references,
-- custom property names, TLP 2.0 marking definitions), stable UUIDv5 ids,
-- the incident_ids filter and TLP.
BEGIN;
SELECT plan(22);
SET LOCAL search_path = incident_analytics, incident_analytics_internal, public;

SELECT is(uuid_v5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'),
          '886313e1-3b8a-5372-9b90-0c9aee199e5d'::uuid, 'uuid_v5 gives the RFC 9562 name-based UUID (DNS, python.org)');

INSERT INTO incidents (source, source_id, title, victim, summary, country, sector, techniques, tlp, cia,
                       occurred_on, occurred_precision, sources) VALUES
  ('stx', '1', 'Hospital ransomware', 'ACME Hospital', 'Files encrypted', 'IT', '622', '{T1566.001,T1486}', 'clear',
   'C:X/I:X/A:H', '2025-03-04', 'day', '{https://example.org/r1}'),
  ('stx', '2', 'Account misuse', NULL, NULL, 'FR', NULL, '{T1078}', 'amber', NULL, NULL, NULL, NULL),
  ('stx', '3', 'Second ACME case', 'ACME Hospital', NULL, 'IT', '622', '{T1486}', 'clear', NULL, NULL, NULL, NULL);

CREATE TEMP TABLE b AS
  SELECT stix_bundle(ARRAY(SELECT incident_id FROM incidents WHERE source = 'stx')) AS j;
CREATE TEMP TABLE o AS SELECT x FROM b, jsonb_array_elements(j->'objects') x;

SELECT is((SELECT j->>'type' FROM b), 'bundle', 'type bundle');
SELECT ok((SELECT j->>'id' ~ '^bundle--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' FROM b),
          'bundle id is bundle--UUIDv5');
SELECT is((SELECT count(*)::int FROM o
            WHERE x->>'id' !~ ('^' || (x->>'type') || '--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')),
          0, 'every id is <type>--<RFC 9562 uuid>');
SELECT is((SELECT count(*)::int FROM o WHERE x->>'spec_version' IS DISTINCT FROM '2.1'), 0, 'spec_version 2.1 everywhere');
SELECT is((SELECT count(*) - count(DISTINCT x->>'id') FROM o), 0::bigint, 'ids are unique');
SELECT is((SELECT count(*)::int FROM o
            WHERE x->>'created' !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
               OR (x ? 'modified' AND (x->>'modified' !~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$'
                                       OR x->>'modified' < x->>'created'))), 0,
          'created/modified are UTC timestamps with Z, modified >= created');
SELECT is((SELECT count(*)::int FROM o, jsonb_each(x) e
            WHERE e.key <> ALL (ARRAY['type', 'spec_version', 'id', 'created', 'modified', 'name', 'description',
                                      'object_marking_refs', 'external_references', 'identity_class', 'sectors',
                                      'country', 'relationship_type', 'source_ref', 'target_ref', 'extensions',
                                      'created_by_ref', 'labels'])
              AND e.key !~ '^x_[a-z0-9_]+$'), 0,
          'every property is defined by STIX 2.1 or a custom x_ property');
SELECT is((SELECT count(*)::int FROM o x1, LATERAL (
             SELECT x1.x->>'source_ref' AS r UNION ALL SELECT x1.x->>'target_ref'
             UNION ALL SELECT jsonb_array_elements_text(COALESCE(x1.x->'object_marking_refs', '[]'))) refs
            WHERE refs.r IS NOT NULL AND NOT EXISTS (SELECT FROM o x2 WHERE x2.x->>'id' = refs.r)), 0,
          'every reference resolves inside the bundle');

-- content
SELECT is((SELECT count(*)::int FROM o WHERE x->>'type' = 'incident'), 3, 'one incident object per incident');
SELECT is((SELECT count(*)::int FROM o WHERE x->>'type' = 'identity' AND x->>'name' = 'ACME Hospital'), 1,
          'a victim named twice under the same TLP is one identity');
SELECT is((SELECT x->'sectors' FROM o WHERE x->>'name' = 'ACME Hospital'), '["healthcare"]'::jsonb,
          'NAICS 622 is the STIX sector healthcare');
SELECT is((SELECT array_agg(x->'external_references'->0->>'external_id' ORDER BY x->'external_references'->0->>'external_id') FROM o WHERE x->>'type' = 'attack-pattern'),
          ARRAY['T1078', 'T1486', 'T1566.001'], 'one attack-pattern per technique, with its ATT&CK id');
SELECT is((SELECT count(*)::int FROM o WHERE x->>'type' = 'relationship' AND x->>'relationship_type' = 'uses'), 4,
          'incident uses attack-pattern: one relationship per incident and technique');
SELECT is((SELECT x->>'id' FROM o WHERE x->>'type' = 'marking-definition' AND x->>'name' = 'TLP:AMBER'),
          'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER is the OASIS TLP 2.0 marking');
SELECT is((SELECT x->'extensions'->'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'->>'tlp_2_0'
             FROM o WHERE x->>'name' = 'TLP:CLEAR'), 'clear', 'the marking carries the TLP 2.0 extension');
SELECT is((SELECT x->'object_marking_refs'->>0 FROM o WHERE x->>'type' = 'incident' AND x->>'name' = 'Account misuse'),
          'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'an AMBER incident is marked TLP:AMBER');
SELECT is((SELECT x->'x_incident_analytics'->>'sector' FROM o WHERE x->>'name' = 'Hospital ransomware'), '622',
          'x_incident_analytics carries the columns');

-- stable ids
SELECT is((SELECT j FROM b), stix_bundle(ARRAY(SELECT incident_id FROM incidents WHERE source = 'stx')),
          'a re-export of unchanged data is identical');
SELECT is((SELECT x->>'id' FROM o WHERE x->>'name' = 'Hospital ransomware'),
          stix_id('incident', 'stx/1'), 'the incident id is UUIDv5 of source/source_id');

-- TLP: a reader in no organisation gets the CLEAR incidents only
CREATE ROLE stix_reader_none LOGIN;
GRANT incident_reader TO stix_reader_none;
SET LOCAL ROLE stix_reader_none;
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(stix_bundle()->'objects') x
            WHERE x->>'type' = 'incident' AND x->'x_incident_analytics'->>'source' = 'stx'), 2,
          'a reader outside the organisation gets no AMBER incident');
SELECT is((SELECT count(*)::int FROM jsonb_array_elements(stix_bundle()->'objects') x
            WHERE x->>'name' = 'TLP:AMBER'), 0, 'nor its marking');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
