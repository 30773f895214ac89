-- navigator_layer(): the ATT&CK Navigator layer format 4.5 rules (written out
-- here from the format definition; nothing is fetched), the counts against
-- incidents_by_technique, the incident_ids filter, TLP and argument errors.
BEGIN;
SELECT plan(27);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO incidents (source, source_id, title, techniques, tlp, cia) VALUES
  ('nav', '1', 'phish then encrypt', '{T1566.001,T1486}', 'clear', 'C:X/I:X/A:H'),
  ('nav', '2', 'phish, valid accounts', '{T1566.002,T1078}', 'clear', NULL),
  ('nav', '3', 'encrypt, amber', '{T1486}', 'amber', NULL),
  ('nav', '4', 'no techniques', NULL, 'clear', NULL),
  ('nav', '5', 'ics only', '{T0800}', 'clear', NULL);

CREATE TEMP TABLE layer AS SELECT navigator_layer() AS l;
CREATE TEMP TABLE entry AS
  SELECT e FROM layer, jsonb_array_elements(l->'techniques') e;

-- The layer object
SELECT ok((SELECT jsonb_typeof(l->'name') = 'string' AND l->>'name' <> '' FROM layer),
          'name is a non-empty string (required)');
SELECT is((SELECT l->>'domain' FROM layer), 'enterprise-attack', 'domain is enterprise-attack');
SELECT is((SELECT l->'versions'->>'layer' FROM layer), '4.5', 'versions.layer is 4.5');
SELECT ok((SELECT string_to_array(l->'versions'->>'navigator', '.')::int[] >= '{4,9,0}' FROM layer),
          'versions.navigator is at least 4.9.0');
SELECT is((SELECT l->'versions'->>'attack' FROM layer),
          (SELECT split_part(max(attack_version), '.', 1) FROM attack_techniques WHERE domain = 'enterprise'),
          'versions.attack is the loaded ATT&CK version');
SELECT is((SELECT array_agg(k ORDER BY k) FROM layer, jsonb_object_keys(l) k
            WHERE k <> ALL (ARRAY['versions', 'name', 'description', 'domain', 'customDataURL', 'filters',
                                  'sorting', 'layout', 'hideDisabled', 'techniques', 'gradient', 'legendItems',
                                  'showTacticRowBackground', 'tacticRowBackground',
                                  'selectTechniquesAcrossTactics', 'selectSubtechniquesWithParent',
                                  'selectVisibleTechniques', 'metadata', 'links'])),
          NULL, 'only properties of the layer format');
SELECT ok((SELECT (l->>'sorting')::int BETWEEN 0 AND 3 AND jsonb_typeof(l->'hideDisabled') = 'boolean' FROM layer),
          'sorting is 0..3 and hideDisabled a boolean');

-- The gradient and the legend
SELECT ok((SELECT jsonb_array_length(l->'gradient'->'colors') >= 2
              AND NOT EXISTS (SELECT FROM jsonb_array_elements_text(l->'gradient'->'colors') c
                               WHERE c !~ '^#[0-9a-fA-F]{6}$') FROM layer),
          'gradient.colors: at least two #rrggbb values');
SELECT ok((SELECT (l->'gradient'->>'maxValue')::numeric > (l->'gradient'->>'minValue')::numeric FROM layer),
          'gradient.maxValue > minValue');
SELECT is((SELECT (l->'gradient'->>'maxValue')::numeric FROM layer), 2::numeric,
          'gradient.maxValue is the highest score (2 incidents)');
SELECT ok((SELECT bool_and(jsonb_typeof(i->'label') = 'string' AND jsonb_typeof(i->'color') = 'string')
             FROM layer, jsonb_array_elements(l->'legendItems') i),
          'legendItems have a label and a color');

-- Technique objects
SELECT ok((SELECT bool_and(e->>'techniqueID' ~ '^T[0-9]{4}(\.[0-9]{3})?$') FROM entry),
          'techniqueID is T#### or T####.###');
SELECT ok((SELECT bool_and(jsonb_typeof(e->'score') = 'number' AND jsonb_typeof(e->'enabled') = 'boolean'
                           AND jsonb_typeof(e->'comment') = 'string') FROM entry),
          'score is a number, enabled a boolean, comment a string');
SELECT is((SELECT count(*)::int FROM entry, jsonb_object_keys(e) k
            WHERE k <> ALL (ARRAY['techniqueID', 'tactic', 'comment', 'enabled', 'score', 'color',
                                  'metadata', 'links', 'showSubtechniques'])), 0,
          'only properties of the technique object');
SELECT ok((SELECT bool_and(jsonb_typeof(m->'name') = 'string' AND jsonb_typeof(m->'value') = 'string')
             FROM entry, jsonb_array_elements(e->'metadata') m),
          'metadata entries have string name and value');
SELECT is((SELECT count(*)::int FROM entry
            WHERE NOT EXISTS (SELECT FROM attack_techniques a JOIN attack_tactics t
                                ON t.tactic_id = ANY (a.tactics) AND t.domain = a.domain
                               WHERE a.domain = 'enterprise' AND a.technique::text = e->>'techniqueID'
                                 AND t.shortname = e->>'tactic')), 0,
          'every tactic is a shortname of a tactic the technique serves in the domain');
SELECT is((SELECT array_agg(e->>'tactic' ORDER BY e->>'tactic') FROM entry WHERE e->>'techniqueID' = 'T1078'),
          (SELECT array_agg(t.shortname ORDER BY t.shortname) FROM attack_techniques a
             JOIN attack_tactics t ON t.tactic_id = ANY (a.tactics) AND t.domain = a.domain
            WHERE a.technique = 'T1078' AND a.domain = 'enterprise'),
          'a technique of several tactics has one entry per tactic');

-- Scores are the counts of incidents_by_technique
SELECT is((SELECT count(*)::int FROM entry e
             JOIN incidents_by_technique v ON v.technique = e->>'techniqueID'
            WHERE (e->>'score')::bigint <> v.incidents), 0,
          'score = incidents_by_technique.incidents for every entry');
SELECT is((SELECT (e->>'score')::int FROM entry WHERE e->>'techniqueID' = 'T1566' LIMIT 1), 2,
          'a parent counts the incidents of its sub-techniques once each');
SELECT is((SELECT count(*)::int FROM entry WHERE e->>'techniqueID' = 'T0800'), 0,
          'an ICS technique is not in the enterprise layer');
SELECT is((SELECT jsonb_path_query_array(navigator_layer(domain => 'ics'), '$.techniques[*].techniqueID')),
          '["T0800"]'::jsonb, 'it is in the ICS layer');

-- incident_ids and severity
SELECT is((SELECT jsonb_path_query_array(
                    navigator_layer(ARRAY(SELECT incident_id FROM incidents WHERE source = 'nav' AND source_id = '3')),
                    '$.techniques[*] ? (@.techniqueID == "T1486").score')),
          '[1]'::jsonb, 'incident_ids restricts the layer to those incidents');
SELECT is((SELECT (e->>'score')::numeric
             FROM jsonb_array_elements(navigator_layer(score => 'severity')->'techniques') e
            WHERE e->>'techniqueID' = 'T1486'),
          (SELECT round(avg(incident_severity(i)), 1) FROM incidents i
            WHERE source = 'nav' AND techniques @> '{T1486}'),
          'score severity is the mean severity of the incidents');

-- TLP: a reader in no organisation sees the CLEAR incidents only
CREATE ROLE nav_reader_none LOGIN;
GRANT incident_reader TO nav_reader_none;
SET LOCAL ROLE nav_reader_none;
SELECT is((SELECT jsonb_path_query_array(navigator_layer(), '$.techniques[*] ? (@.techniqueID == "T1486").score')),
          '[1]'::jsonb, 'a reader outside the organisation does not count the AMBER incident');
RESET ROLE;

-- Bad arguments
SELECT throws_ok($$SELECT incident_analytics.navigator_layer(domain => 'pre-attack')$$, '22023', NULL,
                 'an unknown domain is 22023');
SELECT throws_ok($$SELECT incident_analytics.navigator_layer(score => 'loss')$$, '22023', NULL,
                 'an unknown score is 22023');
SELECT is((SELECT l->'techniques' FROM (SELECT navigator_layer(ARRAY[]::bigint[]) l) s), '[]'::jsonb,
          'no incidents: an empty technique list');

SELECT * FROM finish();
ROLLBACK;
