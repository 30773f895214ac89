-- Provenance of evidence: observed vs inferred techniques, the precise VERIS
-- rule, effective CIA (text-only incidents), incidents_by_action, the P
-- factor's basis and the incident_techniques bridge.
BEGIN;
SELECT plan(40);
SET LOCAL search_path = incident_analytics, public;

-- ------------------------------------------------------------ effective_cia
SELECT volatility_is('incident_analytics', 'effective_cia',
                     ARRAY['cia', 'attack_technique[]', 'attack_technique[]', 'text'], 'stable', 'effective_cia is stable');
SELECT results_eq($$SELECT cia_effective::text, cia_inferred::text, cia_basis FROM effective_cia(NULL, NULL, NULL, NULL)$$,
                  $$VALUES ('C:X/I:X/A:X', 'C:X/I:X/A:X', 'C:none/I:none/A:none')$$,
                  'no evidence: X everywhere, never N');
SELECT results_eq($$SELECT cia_effective::text, cia_basis FROM effective_cia('C:N/I:L/A:H', '{T1486}', '{T1041}', 'Patient records were stolen.')$$,
                  $$VALUES ('C:N/I:L/A:H', 'C:recorded/I:recorded/A:recorded')$$,
                  'a recorded level wins, N included');
SELECT results_eq($$SELECT cia_effective::text, cia_inferred::text, cia_basis
                      FROM effective_cia('C:N/I:X/A:X', '{T1486}', '{T1041}', 'Patient records were stolen and the database was modified.')$$,
                  $$VALUES ('C:N/I:H/A:H', 'C:X/I:H/A:H', 'C:recorded/I:text/A:observed')$$,
                  'per component: recorded, else observed techniques, else text; cia_inferred masks the recorded part');
SELECT results_eq($$SELECT cia_effective::text, cia_basis FROM effective_cia(NULL, '{T1566}', '{T1041}', NULL)$$,
                  $$VALUES ('C:H/I:X/A:X', 'C:inferred/I:none/A:none')$$,
                  'inferred techniques fill what the observed ones do not show');
SELECT results_eq($$SELECT cia_effective::text, cia_basis FROM effective_cia(NULL, '{T1041}', '{T1486}', NULL)$$,
                  $$VALUES ('C:H/I:X/A:H', 'C:observed/I:none/A:inferred')$$,
                  'observed before inferred, component by component');
SELECT results_eq($$SELECT cia_effective::text, cia_basis FROM effective_cia('C:X/I:X/A:X', NULL, NULL, 'The website was unavailable for two days after a DDoS attack.')$$,
                  $$VALUES ('C:X/I:X/A:H', 'C:none/I:none/A:text')$$,
                  'summary text as the last resort');

-- ------------------------------------------------------------ text-only incidents in the views
INSERT INTO incidents (incident_id, source, source_id, summary, occurred_on, occurred_precision, country) VALUES
  (990001, 'evid', 't1', 'Patient records were stolen and published online.', '1901-01-01', 'year', 'IT'),
  (990002, 'evid', 't2', 'The website was unavailable for two days after a DDoS attack.', '1901-01-01', 'year', 'IT'),
  (990003, 'evid', 't3', 'Nothing to say here.', '1901-01-01', 'year', 'IT');
INSERT INTO incidents (incident_id, source, source_id, cia, summary, occurred_on, occurred_precision, country) VALUES
  (990004, 'evid', 't4', 'C:N/I:N/A:N', 'Patient records were stolen and published online.', '1901-01-01', 'year', 'IT');
SELECT results_eq($$SELECT incident_id, cia, cia_effective, cia_basis FROM incident_overview
                     WHERE source = 'evid' ORDER BY incident_id$$,
                  $$VALUES (990001::bigint, NULL::text, 'C:H/I:X/A:X', 'C:text/I:none/A:none'),
                           (990002, NULL, 'C:X/I:X/A:H', 'C:none/I:none/A:text'),
                           (990003, NULL, 'C:X/I:X/A:X', 'C:none/I:none/A:none'),
                           (990004, 'C:N/I:N/A:N', 'C:N/I:N/A:N', 'C:recorded/I:recorded/A:recorded')$$,
                  'incident_overview: cia_effective and cia_basis of text-only incidents');
SELECT results_eq($$SELECT incidents, c_incidents, c_known, c_inferred, a_incidents, a_known, a_inferred, i_known, c_share
                      FROM incidents_by_month WHERE year = 1901$$,
                  $$VALUES (4::bigint, 1::bigint, 2::bigint, 1::bigint, 1::bigint, 2::bigint, 1::bigint, 1::bigint, 0.5000)$$,
                  'incidents_by_month counts the effective CIA; the text-derived part in c_/a_inferred; X stays out of known');
SELECT results_eq($$SELECT c_incidents >= 1, c_inferred >= 1, a_inferred >= 1 FROM incidents_by_region WHERE code = 'IT'$$,
                  $$VALUES (true, true, true)$$, 'incidents_by_region counts them too');
SELECT results_eq($$SELECT c_inferred FROM incidents_by_sector WHERE level = 'all'$$,
                  $$SELECT count(*) FROM incidents i, effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
                     WHERE i.duplicate_of IS NULL AND confidentiality(e.cia_inferred) IN ('L', 'H')$$,
                  'c_inferred = incidents whose effective C is above N and not recorded');

-- ------------------------------------------------------------ precise VERIS rule
SELECT is(veris_inferred_techniques('{malware.Ransomware}')::text, '{T1486}',
          'Ransomware -> T1486 only (curated; the CTID pair T1486, T1490 is not used)');
SELECT is(veris_inferred_techniques('{social.Phishing,hacking.Use of stolen creds,hacking.Brute force}')::text, '{T1078,T1110,T1566}',
          'Phishing, Use of stolen creds, Brute force: the obvious techniques, not the 16-34 CTID ones');
SELECT is(veris_inferred_techniques('{hacking.SQLi,hacking.Virtual machine escape}')::text, '{T1190,T1611}',
          'a variety with 1-2 CTID techniques and no curated entry takes them');
SELECT is(veris_inferred_techniques('{hacking.Exploit vuln,hacking.Backdoor,malware.Backdoor or C2}'), NULL,
          'varieties the CTID mapping relates to 6-26 techniques infer nothing');
SELECT is(veris_inferred_techniques('{hacking.Unknown,hacking.Other,unknown.Unknown,error.Misdelivery,misuse.Privilege abuse}'), NULL,
          'Unknown, Other, the unknown category and error/misuse varieties infer nothing');
SELECT is(veris_inferred_techniques('{hacking.XPath injection,social.Forgery}'), NULL,
          'a curated empty entry overrides a wrong 1-technique CTID row');
INSERT INTO veris_attack_map (capability_id, technique, domain, source) VALUES
  ('action.hacking.variety.evid one', 'T1190', 'enterprise', 'tap'),
  ('action.hacking.variety.evid three', 'T1190', 'enterprise', 'tap'),
  ('action.hacking.variety.evid three', 'T1133', 'enterprise', 'tap'),
  ('action.hacking.variety.evid three', 'T1078', 'enterprise', 'tap'),
  ('action.hacking.vector.evid vector', 'T1133', 'enterprise', 'tap'),
  ('action.hacking.variety.evid ics', 'T0800', 'ics', 'tap');
SELECT is(veris_inferred_techniques('{hacking.Evid one}')::text, '{T1190}', 'a user mapping row of 1 technique counts (case-insensitive)');
SELECT is(veris_inferred_techniques('{hacking.Evid three,hacking.Evid vector,hacking.Evid ics}'), NULL,
          '3 techniques is not precise; vectors and non-enterprise rows are not used');
SELECT is((SELECT count(*) FROM veris_precise_actions() p, unnest(p.techniques) t
            WHERE NOT EXISTS (SELECT FROM attack_techniques a WHERE a.technique = t AND a.domain = 'enterprise')), 0::bigint,
          'every curated technique is an enterprise ATT&CK technique');
SELECT is((SELECT max(cardinality(techniques)) FROM veris_precise_actions()), 2, 'curated entries have at most 2 techniques');
SELECT is(veris_action_varieties('{"malware": {"variety": ["Ransomware", " Ransomware "], "vector": ["Email"]},
                                   "Unknown": {"notes": "x"}, "error": {"variety": "Misdelivery"}, "social": {"variety": [3]},
                                   "hacking": "junk"}')::text,
          '{error.Misdelivery,malware.Ransomware,social.Unknown,unknown.Unknown}',
          'veris_action_varieties: category.Variety, trimmed, distinct; a category without a usable variety is category.Unknown');

-- ------------------------------------------------------------ import_veris
SELECT ok(import_veris('{"incident_id": "evid-1", "summary": "Ransomware encrypted the servers.",
  "action": {"malware": {"variety": ["Ransomware"], "vector": ["Email attachment"]}, "social": {"variety": ["Phishing"]},
             "hacking": {"variety": ["Unknown"]}},
  "attribute": {"confidentiality": {"data_disclosure": "Unknown"}}}', 'evid-veris') > 0, 'import a VERIS document');
SELECT results_eq($$SELECT techniques::text, inferred_techniques::text, veris_actions::text FROM incidents WHERE source = 'evid-veris'$$,
                  $$VALUES (NULL::text, '{T1486,T1566}', '{hacking.Unknown,malware.Ransomware,social.Phishing}')$$,
                  'import_veris: techniques empty, inferred from precise mappings, actions in VERIS terms');
UPDATE incidents SET techniques = '{T1566.001}' WHERE source = 'evid-veris';
SELECT ok(import_veris('{"incident_id": "evid-1", "action": {"malware": {"variety": ["Ransomware"]}}}', 'evid-veris') > 0, 're-import');
SELECT results_eq($$SELECT techniques::text, inferred_techniques::text, veris_actions::text FROM incidents WHERE source = 'evid-veris'$$,
                  $$VALUES ('{T1566.001}'::text, '{T1486}', '{malware.Ransomware}')$$,
                  're-import replaces the VERIS-derived columns and keeps the analyst''s techniques');

-- ------------------------------------------------------------ technique views: observed vs inferred
INSERT INTO incidents (incident_id, source, source_id, techniques, inferred_techniques) VALUES
  (990011, 'evid', 'k1', '{T1566.001}', '{T1566,T1486}'),
  (990012, 'evid', 'k2', NULL, '{T1486}'),
  (990013, 'evid', 'k3', '{T1486}', NULL);
INSERT INTO incidents (incident_id, source, source_id, inferred_techniques, duplicate_of) VALUES
  (990014, 'evid', 'k4', '{T1486}', 990012);
SELECT results_eq($$SELECT technique, incidents, inferred_incidents FROM incidents_by_technique
                     WHERE technique IN ('T1486', 'T1566', 'T1566.001') ORDER BY technique$$,
                  $$SELECT t.technique::text,
                           count(DISTINCT i.incident_id) FILTER (WHERE t.technique = ANY (technique_rollup(i.techniques))),
                           count(DISTINCT i.incident_id) FILTER (WHERE NOT t.technique = ANY (coalesce(technique_rollup(i.techniques), '{}'))
                                                                 AND t.technique = ANY (technique_rollup(i.inferred_techniques)))
                      FROM unnest('{T1486,T1566,T1566.001}'::attack_technique[]) t(technique)
                      JOIN incidents i ON i.duplicate_of IS NULL
                       AND t.technique = ANY (technique_rollup(coalesce(i.techniques, '{}') || coalesce(i.inferred_techniques, '{}')))
                     GROUP BY t.technique ORDER BY 1$$,
                  'incidents_by_technique: incidents counts observed only, inferred_incidents the inferred-only rest');
SELECT results_eq($$SELECT incidents, inferred_incidents FROM incidents_by_technique WHERE technique = 'T1566'$$,
                  $$SELECT count(*) FILTER (WHERE techniques && '{T1566,T1566.001}'),
                           count(*) FILTER (WHERE NOT coalesce(techniques && '{T1566,T1566.001}', false) AND inferred_techniques && '{T1566}')
                      FROM incidents WHERE duplicate_of IS NULL$$,
                  'an inferred parent of an observed sub-technique counts as observed, once');
SELECT results_eq($$SELECT incidents, inferred_incidents FROM incidents_by_tactic WHERE tactic_id = 'TA0040'$$,
                  $$SELECT count(*) FILTER (WHERE 'TA0040' = ANY (technique_tactics(techniques))),
                           count(*) FILTER (WHERE NOT coalesce('TA0040' = ANY (technique_tactics(techniques)), false)
                                              AND 'TA0040' = ANY (technique_tactics(inferred_techniques)))
                      FROM incidents WHERE duplicate_of IS NULL$$,
                  'incidents_by_tactic: observed vs inferred-only, duplicates left out');
SELECT is((SELECT (e->>'score')::bigint FROM jsonb_array_elements(navigator_layer()->'techniques') e
            WHERE e->>'techniqueID' = 'T1486' LIMIT 1),
          (SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486'),
          'navigator_layer score incidents = incidents_by_technique.incidents (observed)');
SELECT results_eq($$SELECT technique, basis, observed FROM incident_techniques WHERE incident_id = 990011 ORDER BY technique$$,
                  $$VALUES ('T1486'::text, 'inferred'::text, false), ('T1566', 'inferred', false), ('T1566.001', 'observed', true)$$,
                  'incident_techniques: inferred techniques with observed = false');
SELECT is((SELECT count(*) FROM incident_techniques WHERE incident_id IN (990013, 990014)), 1::bigint,
          'incident_techniques: an observed technique once, duplicates left out');

-- ------------------------------------------------------------ severity factor P
SELECT is((SELECT incident_severity_explain(i)->'factors'->'p'->>'techniques_basis' FROM incidents i WHERE incident_id = 990012),
          'inferred', 'P from inferred techniques when none is observed, and explain says so');
SELECT is((SELECT incident_severity_explain(i)->'factors'->'p'->>'techniques_basis' FROM incidents i WHERE incident_id = 990011),
          'observed', 'P from observed techniques when there are some');
SELECT is((SELECT incident_severity_explain(i)->'factors'->'p'->'imputed' FROM incidents i WHERE incident_id = 990012),
          'false'::jsonb, 'inferred techniques give P a value');
SELECT is((SELECT incident_severity(i) FROM incidents i WHERE incident_id = 990012),
          (SELECT incident_severity(i) FROM incidents i WHERE incident_id = 990013),
          'the same technique inferred or observed scores the same');

-- ------------------------------------------------------------ incidents_by_action
INSERT INTO incidents (incident_id, source, source_id, veris_actions) VALUES
  (990021, 'evid-act', 'a1', '{zz.Ransomware,zz.Backdoor}'),
  (990022, 'evid-act', 'a2', '{zz.Ransomware}'),
  (990023, 'evid-act', 'a3', '{zy.Unknown}');
INSERT INTO incidents (incident_id, source, source_id, veris_actions, duplicate_of) VALUES
  (990024, 'evid-act', 'a4', '{zz.Ransomware}', 990022);
SELECT results_eq($$SELECT category, variety, incidents FROM incidents_by_action WHERE category IN ('zy', 'zz')
                     ORDER BY category, variety NULLS FIRST$$,
                  $$VALUES ('zy'::text, NULL::text, 1::bigint), ('zy', 'Unknown', 1), ('zz', NULL, 2), ('zz', 'Backdoor', 1), ('zz', 'Ransomware', 2)$$,
                  'incidents_by_action: category row counts each incident once, a row per variety, duplicates left out');
SELECT throws_ok($$INSERT INTO incidents (source, source_id, veris_actions) VALUES ('evid-act', 'bad', '{Ransomware}')$$,
                 '23514', NULL, 'veris_actions must be category.Variety');
SELECT throws_ok($$INSERT INTO incidents (source, source_id, inferred_techniques) VALUES ('evid-act', 'bad2', '{}')$$,
                 '23514', NULL, 'inferred_techniques is NULL, never empty');
SELECT is((SELECT count(*) FROM pg_class WHERE relname = 'incidents_by_action' AND reloptions @> '{security_invoker=true}'),
          1::bigint, 'incidents_by_action is security_invoker');

SELECT * FROM finish();
ROLLBACK;
