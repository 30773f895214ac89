-- Reference tables and load_attack_stix: objects, sanity of the shipped data,
-- errors on bad bundles, and a refresh from a small newer ICS bundle.
BEGIN;
SELECT plan(68);
SET search_path = incident_analytics, public;

SELECT has_table('incident_analytics', t, t || ' exists')
  FROM unnest(ARRAY['attack_tactics', 'attack_techniques', 'm49_regions', 'countries', 'subdivisions', 'sectors']) AS t;
SELECT has_function('incident_analytics', 'load_attack_stix', ARRAY['jsonb'], 'load_attack_stix(jsonb) exists');
SELECT function_returns('incident_analytics', 'load_attack_stix', ARRAY['jsonb'], 'jsonb', 'load_attack_stix returns jsonb');
SELECT volatility_is('incident_analytics', 'load_attack_stix', ARRAY['jsonb'], 'volatile', 'load_attack_stix is volatile');

-- sanity of the shipped data
SELECT is((SELECT count(*) FROM attack_techniques WHERE domain = 'enterprise' AND NOT revoked AND NOT deprecated),
          691::bigint, 'ATT&CK 18.1 Enterprise has 691 active techniques');
SELECT is_empty($$SELECT technique FROM attack_techniques WHERE revoked_by IS NOT NULL AND NOT revoked$$,
                'only revoked techniques have a successor');
SELECT is_empty($$SELECT technique FROM attack_techniques t
                   WHERE NOT revoked AND NOT deprecated AND is_subtechnique
                     AND NOT EXISTS (SELECT 1 FROM attack_techniques p
                                      WHERE p.technique = technique_parent(t.technique) AND p.domain = t.domain)$$,
                'every active sub-technique has its parent');
SELECT is_empty($$SELECT code FROM countries c WHERE subregion_code IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM m49_regions r WHERE r.code = c.subregion_code AND r.parent_code = c.region_code)$$,
                'each country''s sub-region lies in its continent');
SELECT is_empty($$SELECT code FROM sectors WHERE code ~ '^[0-9]{3,}$' AND NOT starts_with(code, parent_code)$$,
                'each NAICS code starts with its parent code');
SELECT is((SELECT criticality FROM sectors WHERE code = '62'), 100::smallint, 'health care is tier 100');
SELECT is((SELECT criticality FROM sectors WHERE code = '517'), 100::smallint, 'telecommunications 517 is tier 100 under 51 at 60');
SELECT is((SELECT array_agg(code ORDER BY code) FROM sectors WHERE parent_code = '48-49'), '{48,49}'::text[], '48 and 49 roll up to 48-49');
SELECT is((SELECT name FROM countries WHERE code = 'NA'), 'Namibia', 'NA is Namibia, not a missing value');

-- bad input: 22023 with a message naming the problem
SELECT throws_ok($$SELECT load_attack_stix('[]')$$, '22023', 'invalid ATT&CK bundle: not a STIX bundle', 'an array is no bundle');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "indicator"}')$$, '22023', 'invalid ATT&CK bundle: not a STIX bundle', 'another STIX type is no bundle');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle"}')$$, '22023',
                 'invalid ATT&CK bundle: "objects" is missing or not an array', 'a bundle without objects');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": {}}')$$, '22023',
                 'invalid ATT&CK bundle: "objects" is missing or not an array', 'objects must be an array');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": []}')$$, '22023',
                 'invalid ATT&CK bundle: no objects', 'an empty bundle');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "x"}, 7]}')$$, '22023',
                 'invalid ATT&CK bundle: object 2 has no string "type" and "id"', 'an object that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": 5}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a missing or wrong "name"', 'a name that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "revoked": "yes"}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a missing or wrong "revoked"', 'revoked must be a boolean');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x"}]}')$$, '22023',
                 'invalid ATT&CK bundle: cannot tell its ATT&CK domain', 'no matrix and no x_mitre_domains');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "x_mitre_domains": ["ics-attack"]},
                    {"type": "attack-pattern", "id": "attack-pattern--2", "name": "y", "x_mitre_domains": ["mobile-attack"]}]}')$$, '22023',
                 'invalid ATT&CK bundle: cannot tell its ATT&CK domain', 'two domains in one bundle');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "x_mitre_domains": ["ics-attack"],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "T12"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: technique "T12" (attack-pattern--1) is not a valid technique', 'a bad technique id');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "x_mitre_domains": ["ics-attack"],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "T0998"}],
                     "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "lunch"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: technique T0998 names the kill-chain phase "lunch", which is no ics tactic', 'an unknown kill-chain phase');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "x_mitre_domains": ["ics-attack"],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "T0998"}]},
                    {"type": "attack-pattern", "id": "attack-pattern--2", "name": "y", "x_mitre_domains": ["ics-attack"],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "T0998"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: technique T0998 appears 2 times', 'a technique twice');
SELECT is((SELECT count(*) FROM attack_techniques WHERE technique = 'T0998'), 0::bigint, 'failed loads write nothing');

-- a newer ICS bundle: T0880 revoked in favour of a new T0999, version 99.0
CREATE TEMP TABLE newer AS SELECT load_attack_stix($${"type": "bundle", "id": "bundle--test", "objects": [
  {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "99.0", "modified": "2030-01-01T00:00:00Z"},
  {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": ["x-mitre-tactic--1", "x-mitre-tactic--2"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "Impact", "x_mitre_shortname": "impact",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0105"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--2", "name": "Inhibit Response Function", "x_mitre_shortname": "inhibit-response-function",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0107"}]},
  {"type": "attack-pattern", "id": "attack-pattern--a", "name": "Loss of Safety", "revoked": true,
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0880"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
  {"type": "attack-pattern", "id": "attack-pattern--b", "name": "Loss of Safety and Control",
   "x_mitre_impact_type": ["Availability"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0999"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"},
                         {"kill_chain_name": "mitre-ics-attack", "phase_name": "inhibit-response-function"}]},
  {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
   "source_ref": "attack-pattern--a", "target_ref": "attack-pattern--b"}]}$$::jsonb) AS r;
SELECT is((SELECT r->'techniques' FROM newer),
          '{"in_bundle": 2, "inserted": 1, "updated": 1, "unchanged": 0, "revoked": 1, "deprecated": 0,
            "newly_revoked": 1, "newly_deprecated": 0, "not_in_bundle": 94}'::jsonb,
          'technique counts of the refresh');
SELECT is((SELECT r->'tactics' FROM newer),
          '{"in_bundle": 2, "inserted": 0, "updated": 2, "unchanged": 0, "deprecated": 0}'::jsonb,
          'tactic counts of the refresh (both get new ordinals)');
SELECT is((SELECT r->>'domain' || ' ' || (r->>'attack_version') FROM newer), 'ics 99.0', 'domain and version of the bundle');
SELECT results_eq($$SELECT revoked, revoked_by::text, attack_version, origin FROM attack_techniques WHERE technique = 'T0880'$$,
                  $$VALUES (true, 'T0999', '99.0', 'user')$$, 'T0880 is revoked, its successor kept, and it is a user row now');
SELECT results_eq($$SELECT name, tactics, is_subtechnique, impact_type, origin FROM attack_techniques WHERE technique = 'T0999'$$,
                  $$VALUES ('Loss of Safety and Control', '{TA0105,TA0107}'::text[], false, 'availability', 'user')$$,
                  'T0999 is inserted with both tactics and its impact type');
SELECT results_eq($$SELECT tactic_id, ordinal, origin FROM attack_tactics WHERE tactic_id IN ('TA0105', 'TA0107') ORDER BY ordinal$$,
                  $$VALUES ('TA0105', 1, 'user'), ('TA0107', 2, 'user')$$, 'tactic order follows the new matrix');
SELECT is((SELECT count(*) FROM attack_techniques WHERE domain = 'ics' AND origin = 'shipped'), 94::bigint,
          'techniques absent from the bundle are kept as shipped');
SELECT is((SELECT count(*) FROM attack_techniques WHERE domain <> 'ics' AND origin <> 'shipped'), 0::bigint,
          'other matrices are untouched');
-- the same bundle again changes nothing
SELECT is(load_attack_stix(b)->'techniques'->>'unchanged', '2', 'loading the same bundle again changes nothing')
  FROM (SELECT $${"type": "bundle", "objects": [
  {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "99.0"},
  {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": ["x-mitre-tactic--1", "x-mitre-tactic--2"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "Impact", "x_mitre_shortname": "impact",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0105"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--2", "name": "Inhibit Response Function", "x_mitre_shortname": "inhibit-response-function",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0107"}]},
  {"type": "attack-pattern", "id": "attack-pattern--a", "name": "Loss of Safety", "revoked": true,
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0880"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
  {"type": "attack-pattern", "id": "attack-pattern--b", "name": "Loss of Safety and Control",
   "x_mitre_impact_type": ["Availability"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0999"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"},
                         {"kill_chain_name": "mitre-ics-attack", "phase_name": "inhibit-response-function"}]},
  {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
   "source_ref": "attack-pattern--a", "target_ref": "attack-pattern--b"}]}$$::jsonb AS b) AS x;

-- A bundle changes only its own matrix (issue 10): an ICS bundle naming the
-- Enterprise tactic TA0040 and technique T1486 leaves both, and what
-- classify_cia and the tactic lookups make of T1486, as they were.
CREATE TEMP TABLE before_x AS
SELECT (SELECT array_agg(tactic_id || ':' || name || ':' || ordinal ORDER BY ordinal) FROM attack_tactics WHERE domain = 'enterprise') AS ent_tactics,
       (SELECT array_agg(technique::text || ':' || domain || ':' || name || ':' || coalesce(impact_type, '-') || ':' || tactics::text ORDER BY domain)
          FROM attack_techniques WHERE technique = 'T1486') AS t1486,
       classify_cia('{T1486}'::attack_technique[]) AS cia,
       technique_tactics('{T1486}'::attack_technique[]) AS tactics;
CREATE TEMP TABLE cross_x AS SELECT load_attack_stix($${"type": "bundle", "objects": [
  {"type": "x-mitre-matrix", "id": "x-mitre-matrix--9", "tactic_refs": ["x-mitre-tactic--9", "x-mitre-tactic--8"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--9", "name": "Impact (copied)", "x_mitre_shortname": "impact",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0040"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--8", "name": "Impact", "x_mitre_shortname": "impact",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0105"}]},
  {"type": "attack-pattern", "id": "attack-pattern--9", "name": "Data Encrypted (copied)",
   "x_mitre_impact_type": ["Confidentiality"], "revoked": false,
   "external_references": [{"source_name": "mitre-attack", "external_id": "T1486"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
  {"type": "attack-pattern", "id": "attack-pattern--8", "name": "New ICS technique",
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0997"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]}]}$$::jsonb) AS r;
SELECT is((SELECT count(*) FROM attack_tactics WHERE domain = 'enterprise'), 14::bigint,
          'an ICS bundle naming TA0040 leaves the 14 Enterprise tactics');
SELECT is((SELECT array_agg(tactic_id || ':' || name || ':' || ordinal ORDER BY ordinal) FROM attack_tactics WHERE domain = 'enterprise'),
          (SELECT ent_tactics FROM before_x), 'Enterprise tactics (ids, names, order) are unchanged');
SELECT is((SELECT array_agg(technique::text || ':' || domain || ':' || name || ':' || coalesce(impact_type, '-') || ':' || tactics::text ORDER BY domain)
             FROM attack_techniques WHERE technique = 'T1486'),
          (SELECT t1486 FROM before_x), 'an ICS bundle naming T1486 adds or changes no T1486 row');
SELECT is(classify_cia('{T1486}'::attack_technique[]), (SELECT cia FROM before_x),
          'classify_cia({T1486}) is unchanged by an ICS bundle');
SELECT is(technique_tactics('{T1486}'::attack_technique[]), (SELECT tactics FROM before_x),
          'technique_tactics({T1486}) is unchanged by an ICS bundle');
SELECT is((SELECT r->'other_domain' FROM cross_x), '{"tactics": ["TA0040"], "techniques": ["T1486"]}'::jsonb,
          'the result names the ids of other matrices it left out');
SELECT results_eq($$SELECT domain::text, tactics FROM attack_techniques WHERE technique = 'T0997'$$,
                  $$VALUES ('ics', '{TA0105}'::text[])$$, 'the bundle''s own technique is loaded, with its own matrix''s tactic');
SELECT is((SELECT r->'tactics'->>'in_bundle' FROM cross_x), '1', 'only the ICS tactic counts as in the bundle');
-- the same with a Mobile bundle told apart by x_mitre_domains alone
SELECT is(load_attack_stix($${"type": "bundle", "objects": [
  {"type": "attack-pattern", "id": "attack-pattern--7", "name": "Encrypted (mobile copy)", "revoked": true,
   "x_mitre_domains": ["mobile-attack"], "x_mitre_impact_type": "Integrity",
   "external_references": [{"source_name": "mitre-mobile-attack", "external_id": "T1486"}]}]}$$)->'other_domain'->'techniques',
          '["T1486"]'::jsonb, 'a Mobile bundle naming T1486 leaves it too');
SELECT is(classify_cia('{T1486}'::attack_technique[]), (SELECT cia FROM before_x), 'classify_cia({T1486}) still unchanged');

-- members of the wrong type or shape: 22023, nothing stored as text
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x",
                    "x_mitre_domains": ["ics-attack"], "external_references": [{"source_name": "mitre-attack", "external_id": 997}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a wrong element 1 in "external_references"', 'an external_id that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x",
                    "x_mitre_domains": ["ics-attack"], "external_references": ["T0997"]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a wrong element 1 in "external_references"', 'an external reference that is a string');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x",
                    "x_mitre_domains": ["ics-attack"], "external_references": [{"source_name": "mitre-attack", "external_id": "T0997"}],
                    "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": {"x": 1}}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a wrong element 1 in "kill_chain_phases"', 'a phase_name that is an object');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x",
                    "x_mitre_domains": ["ics-attack"], "x_mitre_impact_type": [7]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a wrong element 1 in "x_mitre_impact_type"', 'an impact type that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "attack-pattern--1", "name": "x",
                    "x_mitre_domains": [["ics-attack"]]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object attack-pattern--1 has a wrong element 1 in "x_mitre_domains"', 'a domain that is an array');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": 19.0},
                    {"type": "attack-pattern", "id": "attack-pattern--1", "name": "x", "x_mitre_domains": ["ics-attack"]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object x-mitre-collection--1 has a missing or wrong "x_mitre_version"', 'a version that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": [1],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object x-mitre-matrix--1 has a wrong element 1 in "tactic_refs"', 'a tactic ref that is a number');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "x", "x_mitre_shortname": "x", "x_mitre_deprecated": "no",
                     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0199"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object x-mitre-tactic--1 has a missing or wrong "x_mitre_deprecated"', 'a tactic deprecated flag that is a string');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [{"type": "attack-pattern", "id": "x-mitre-tactic--1", "name": "x",
                    "x_mitre_domains": ["ics-attack"]}]}')$$, '22023',
                 'invalid ATT&CK bundle: object "x-mitre-tactic--1" of type attack-pattern has an id of another type', 'an object whose id is of another type');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": [],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
                    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "x", "x_mitre_shortname": "x1",
                     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0199"}]},
                    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--2", "name": "y", "x_mitre_shortname": "y1",
                     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0199"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: tactic TA0199 appears 2 times', 'a tactic twice');
SELECT throws_ok($$SELECT load_attack_stix('{"type": "bundle", "objects": [
                    {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": [],
                     "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
                    {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "x", "x_mitre_shortname": "impact",
                     "external_references": [{"source_name": "mitre-attack", "external_id": "TA0199"}]}]}')$$, '22023',
                 'invalid ATT&CK bundle: tactics TA0199 and TA0105 of the ics matrix share the shortname "impact"', 'a second tactic with a shortname of the matrix');
SELECT is((SELECT count(*) FROM attack_tactics WHERE tactic_id = 'TA0199'), 0::bigint, 'rejected bundles store nothing');
SELECT is_empty($$SELECT attack_version FROM attack_techniques WHERE attack_version !~ '^[0-9]+(\.[0-9]+)*$'$$,
                'attack_version is always a version string');
-- attack_tactics.progression under load_attack_stix (docs/refdata.md): a new
-- tactic takes that of the same-named tactics of the other matrices, else
-- NULL; an existing tactic keeps its own, whatever the bundle says
UPDATE attack_tactics SET progression = 55 WHERE tactic_id = 'TA0034';
SELECT is(load_attack_stix($${"type": "bundle", "objects": [
  {"type": "x-mitre-matrix", "id": "x-mitre-matrix--5", "tactic_refs": ["x-mitre-tactic--5", "x-mitre-tactic--6", "x-mitre-tactic--7"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "mobile-attack"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--5", "name": "Reconnaissance", "x_mitre_shortname": "reconnaissance",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0197"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--6", "name": "Something New", "x_mitre_shortname": "something-new",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0196"}]},
  {"type": "x-mitre-tactic", "id": "x-mitre-tactic--7", "name": "Impact (renamed)", "x_mitre_shortname": "impact",
   "external_references": [{"source_name": "mitre-attack", "external_id": "TA0034"}]}]}$$)->'tactics'->>'inserted',
          '2', 'a Mobile bundle with two new tactics');
SELECT results_eq($$SELECT tactic_id, progression FROM attack_tactics WHERE tactic_id IN ('TA0197', 'TA0196', 'TA0034') ORDER BY tactic_id$$,
                  $$VALUES ('TA0034', 55::smallint), ('TA0196', NULL), ('TA0197', 10::smallint)$$,
                  'new tactics: reconnaissance 10 as in Enterprise, an unknown name NULL; a refreshed tactic keeps its progression');

-- STRICT: NULL in, NULL out
SELECT is(load_attack_stix(NULL), NULL, 'load_attack_stix(NULL) is NULL');
-- pg_dump sees only non-shipped rows
SELECT is((SELECT count(*) FROM pg_extension e, unnest(e.extcondition) c
            WHERE e.extname = 'incident_analytics' AND c = 'WHERE origin <> ''shipped'''), 7::bigint,
          'six reference tables and veris_attack_map are dumped without their shipped rows');
SELECT * FROM finish();
ROLLBACK;
