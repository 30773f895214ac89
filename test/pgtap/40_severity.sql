-- ISM-1 severity (docs/severity-model.md): worked examples, floors, bands, properties
-- over random factor vectors, invalid arguments, explain, factor derivation
-- from incident rows, and invalidation of the reference cache.
BEGIN;
SELECT plan(76);
SET LOCAL search_path = incident_analytics, public;

-- ---- signatures
SELECT has_function('incident_analytics', 'severity_score',
  ARRAY['integer','integer','integer','integer','integer','integer','integer','integer','integer','boolean']);
SELECT volatility_is('incident_analytics', 'severity_score',
  ARRAY['integer','integer','integer','integer','integer','integer','integer','integer','integer','boolean'], 'immutable');
SELECT isnt_strict('incident_analytics', 'severity_score',
  ARRAY['integer','integer','integer','integer','integer','integer','integer','integer','integer','boolean']);
SELECT volatility_is('incident_analytics', 'incident_severity', ARRAY['incidents'], 'stable');
SELECT is((SELECT bool_and(proparallel = 's') FROM pg_proc
            WHERE pronamespace = 'incident_analytics'::regnamespace
              AND proname IN ('severity_score', 'severity_level', 'severity_explain',
                              'incident_severity', 'incident_severity_explain',
                              'incident_severity_facts', 'incident_severity_facts_explain')),
          true, 'all severity functions are parallel safe');
-- incident_severity(incidents) and _explain are inlinable SQL wrappers over
-- the C functions that take the columns (no whole-row value is built)
SELECT has_function('incident_analytics', 'incident_severity_facts',
  ARRAY['bigint','safety_impact','functional_impact','information_impact','boolean','bigint','incident_scope',
        'bigint','recoverability','interval','attack_technique[]','text[]','text[]','loss_rating','numeric','text','boolean']);
SELECT is((SELECT array_agg(format('%s %s %s %s %s', proname, provolatile, proisstrict, (SELECT lanname FROM pg_language l WHERE l.oid = prolang), proconfig IS NULL)
                            ORDER BY proname)
             FROM pg_proc WHERE pronamespace = 'incident_analytics'::regnamespace
              AND proname IN ('incident_severity', 'incident_severity_explain',
                              'incident_severity_facts', 'incident_severity_facts_explain')),
          ARRAY['incident_severity s f sql t', 'incident_severity_explain s f sql t',
                'incident_severity_facts s f c t', 'incident_severity_facts_explain s f c t'],
          'wrappers: SQL, stable, not strict, no SET (inlinable); facts functions: C, stable, not strict');
SELECT is((SELECT count(*) FROM pg_proc WHERE pronamespace = 'incident_analytics'::regnamespace
              AND proname IN ('incident_severity', 'incident_severity_explain') AND prosqlbody IS NOT NULL),
          2::bigint, 'wrappers have SQL-standard bodies (names bound at CREATE, not by the caller''s search_path)');
SELECT is_empty($$
  SELECT p.proname, a.attname FROM pg_proc p, pg_attribute a
   WHERE p.pronamespace = 'incident_analytics'::regnamespace
     AND p.proname IN ('incident_severity', 'incident_severity_explain')
     AND a.attrelid = 'incident_analytics.incidents'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     AND strpos(pg_get_functiondef(p.oid), '($1).' || a.attname || ',') = 0
     AND strpos(pg_get_functiondef(p.oid), '($1).' || a.attname || ')') = 0
$$, 'the wrappers read every column of incidents (a row counts as NULL only when all are NULL)');
SELECT is(ARRAY[incident_severity(NULL::incidents)::text, incident_severity_explain(NULL::incidents)::text,
                incident_severity_facts(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                        NULL, NULL, NULL, true)::text,
                incident_severity_facts_explain(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                NULL, NULL, NULL, NULL, true)::text],
          ARRAY[NULL, NULL, NULL, NULL]::text[], 'a NULL row, and facts without an incident_id, give NULL');
SELECT is(incident_severity_facts(0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                  NULL, NULL, NULL, NULL), 27.5, 'facts all unknown score 27.5');
SELECT is(incident_severity_facts(7, 'death', 'denial_critical', 'personal', true, 1000, 'national', 500000, 'extended',
                                  '3 days', '{T0880}', '{nation_state}', '{espionage}', 'damaging', 2500000, '92', false),
          incident_severity(jsonb_populate_record(NULL::incidents,
            '{"incident_id": 7, "safety_impact": "death", "functional_impact": "denial_critical", "information_impact": "personal",
              "data_leaked": true, "records_affected": 1000, "scope": "national", "people_affected": 500000,
              "recoverability": "extended", "outage_duration": "3 days", "techniques": ["T0880"],
              "actor_types": ["nation_state"], "motives": ["espionage"], "loss_rating": "damaging", "loss_eur": 2500000,
              "sector": "92", "nis2_significant": false}')),
          'incident_severity_facts equals incident_severity of the same facts');
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE line text; t text := '';
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP t := t || line || E'\n'; END LOOP;
  RETURN t;
END $f$;
SELECT matches(pg_temp.plan_of('SELECT count(i) FROM incidents i'), '\mi\.\*',
               'control: EXPLAIN VERBOSE shows a whole-row reference as i.*');
SELECT ok((SELECT p ~ 'incident_severity_facts\(' AND p ~ 'incident_severity_facts_explain\(' AND p !~ '\.\*'
             FROM pg_temp.plan_of('SELECT incident_severity(i), incident_severity_explain(i) FROM incidents i') p),
          'incident_severity(i) and _explain(i) are inlined: the plan passes columns, no whole row');
SELECT ok((SELECT p ~ 'incident_severity_facts\(' AND p !~ '\.\*'
             FROM pg_temp.plan_of('SELECT sum(incident_severity(incidents)) FROM incidents') p),
          'an aggregate over incident_severity reads columns, no whole row');

SELECT is(enum_range(NULL::severity_level)::text[],
          ARRAY['baseline','low','medium','high','severe','emergency'], 'severity_level labels');

-- ---- worked examples of docs/severity-model.md
CREATE TEMP TABLE hospital AS
  SELECT severity_explain(s => 70, f => 100, i => NULL, k => 100, n => 55, r => 60,
                          p => 100, a => 40, e => NULL) AS x;
SELECT is(severity_score(s => 70, f => 100, i => NULL, k => 100, n => 55, r => 60,
                         p => 100, a => 40, e => NULL), 75.0, 'hospital ransomware scores 75.0');
SELECT is((SELECT x->>'base' FROM hospital), '74.4', 'hospital: Base 74.4');
SELECT is((SELECT x->'floor'->>'rule' FROM hospital), 'S >= 70', 'hospital: floor S >= 70 fires');
SELECT is((SELECT x->>'level' FROM hospital), 'severe', 'hospital: severe');
SELECT is((SELECT array[x->>'lo', x->>'hi', x->>'coverage', x->>'provisional'] FROM hospital),
          ARRAY['75.0', '85.2', '0.82', 'false'], 'hospital: lo 75.0, hi 85.2, coverage 0.82, not provisional');
SELECT is(severity_score(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), 27.5, 'nothing known scores 27.5');
SELECT is((SELECT array[x->>'level', x->>'lo', x->>'hi', x->>'coverage', x->>'provisional']
             FROM (SELECT severity_explain(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) x) t),
          ARRAY['baseline', '0.0', '100.0', '0.00', 'true'], 'nothing known: baseline, lo 0, hi 100, coverage 0, provisional');

-- ---- every floor, from known values only
SELECT results_eq(
  $$SELECT severity_score(s, f, NULL, k, n, NULL, p, NULL, NULL, nis2)::text,
           severity_explain(s, f, 0, k, n, 0, p, 0, 0, nis2)->'floor'->>'rule'
      FROM (VALUES (95, 0, 0, 0, 0, false), (0, 100, 100, 85, 0, false), (70, 0, 0, 0, 0, false),
                   (0, 100, 100, 70, 0, false), (0, 70, 100, 0, 0, false), (0, 0, 0, 0, 100, false),
                   (0, 0, 0, 0, 0, true)) v(s, f, k, n, p, nis2)$$,
  $$VALUES ('90.0', 'S >= 95'), ('90.0', 'F = 100 and K = 100 and N >= 85'), ('75.0', 'S >= 70'),
           ('75.0', 'F = 100 and K = 100 and N >= 70'), ('65.0', 'F >= 70 and K = 100'),
           ('65.0', 'P = 100'), ('50.0', 'NIS2 significance criterion met')$$,
  'each floor fires and names its rule');
SELECT is(severity_score(0, 100, 0, 100, 84, 0, 0, 0, 0), 75.0, 'N 84 misses the 90 floor, meets the 75 floor');
SELECT is(severity_score(0, 99, 0, 100, 100, 0, 0, 0, 0), 65.0, 'F 99 misses both F = 100 floors');
SELECT is(severity_score(0, 69, 0, 100, 0, 0, 0, 0, 0), 37.8, 'F 69 with K 100: no floor, Base only');
SELECT is(severity_score(94, 0, 0, 0, 0, 0, 0, 0, 0), 75.0, 'S 94 gets the 75 floor, not 90');
SELECT is(severity_score(0, 0, 0, 0, 0, 0, 99, 0, 0), 28.0, 'P 99: no floor');
SELECT is((severity_explain(s => NULL, f => 100, i => NULL, k => 100, n => NULL, r => NULL,
                            p => NULL, a => NULL, e => NULL)->'floors_met'),
          '[{"rule": "F >= 70 and K = 100", "value": 65}]'::jsonb,
          'an imputed N (prior 25) and an imputed S (prior 40) fire no floor');
SELECT is(severity_score(NULL, 0, 0, 0, 0, 0, 0, 0, 0, NULL), 4.5, 'nis2 NULL counts as not met');
SELECT is((severity_explain(NULL, 0, 0, 0, 0, 0, 0, 0, 0)->>'hi'), '90.0',
          'hi counts an unknown S as 100, so the S >= 95 floor lifts hi to 90');
SELECT is((severity_explain(95, 100, 100, 100, 100, 100, 100, 100, 100)->'floor'), 'null'::jsonb,
          'a floor below Base is met but does not fire');

-- ---- the conditional prior of S and the sector gate
SELECT is((severity_explain(NULL, 60, NULL, 100, NULL, NULL, NULL, NULL, NULL)->'factors'->'s'->>'value'), '40',
          'S prior is 40 when K = 100 and F >= 60 are known');
SELECT is((severity_explain(NULL, 59, NULL, 100, NULL, NULL, NULL, NULL, NULL)->'factors'->'s'->>'value'), '10',
          'S prior is 10 when F < 60');
SELECT is((severity_explain(NULL, NULL, NULL, 100, NULL, NULL, NULL, NULL, NULL)->'factors'->'s'->>'value'), '10',
          'S prior is 10 when F is only imputed');
SELECT is(severity_score(0, 0, 0, 100, 0, 0, 0, 0, 0), 0.0, 'a critical sector alone is gated to 0');
SELECT is((severity_explain(0, 30, 0, 80, 0, 0, 0, 0, 50)->'factors'->'k'->>'gated'), '40.00',
          'K'' = K * max(F, S, I, E) / 100');

-- ---- bands
SELECT results_eq(
  $$SELECT severity_level(x)::text FROM unnest('{0,34.9,35.0,49.9,50.0,64.9,65.0,74.9,75.0,89.9,90.0,100}'::numeric[]) x$$,
  $$VALUES ('baseline'), ('baseline'), ('low'), ('low'), ('medium'), ('medium'), ('high'),
           ('high'), ('severe'), ('severe'), ('emergency'), ('emergency')$$,
  'band edges 35, 50, 65, 75, 90');
SELECT is(severity_level(NULL), NULL, 'severity_level(NULL) is NULL');
SELECT throws_ok('SELECT incident_analytics.severity_level(100.1)', '22023', 'severity score is out of range: 100.1', 'score above 100');
SELECT throws_ok('SELECT incident_analytics.severity_level(-0.1)', '22023', NULL, 'negative score');
SELECT throws_ok($$SELECT incident_analytics.severity_level('NaN'::numeric)$$, '22023', NULL, 'NaN score');

-- ---- invalid factors name the factor
SELECT throws_ok('SELECT incident_analytics.severity_score(-1, 0, 0, 0, 0, 0, 0, 0, 0)', '22023',
                 'severity factor s (human safety) is out of range: -1', 's = -1');
SELECT throws_ok('SELECT incident_analytics.severity_score(NULL, NULL, NULL, 101, NULL, NULL, NULL, NULL, NULL)', '22023',
                 'severity factor k (sector criticality) is out of range: 101', 'k = 101');
SELECT throws_ok('SELECT incident_analytics.severity_explain(0, 0, 0, 0, 0, 0, 0, 0, 101)', '22023',
                 'severity factor e (economic loss) is out of range: 101', 'explain checks too');
CREATE TEMP TABLE bad_factor AS
  SELECT f, bad, (SELECT NULL::text) AS err FROM generate_series(1, 9) f, (VALUES (-1), (101)) b(bad);
DO $$
DECLARE r record; v int[];
BEGIN
  FOR r IN SELECT * FROM bad_factor LOOP
    v := array_fill(NULL::int, ARRAY[9]); v[r.f] := r.bad;
    BEGIN
      PERFORM incident_analytics.severity_score(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    EXCEPTION WHEN invalid_parameter_value THEN
      UPDATE bad_factor SET err = SQLERRM WHERE f = r.f AND bad = r.bad;
    END;
  END LOOP;
END $$;
SELECT is((SELECT count(*) FROM bad_factor
            WHERE err = format('severity factor %s (%s) is out of range: %s',
                               (ARRAY['s','f','i','k','n','r','p','a','e'])[f],
                               (ARRAY['human safety','functional impact','information impact','sector criticality','scale',
                                      'recoverability and duration','attack progression','actor','economic loss'])[f], bad)),
          18::bigint, 'every factor at -1 and 101 raises 22023 naming that factor');
SELECT is(severity_score(0, 0, 0, 0, 0, 0, 0, 0, 0), 0.0, '0 is valid');
SELECT is(severity_score(100, 100, 100, 100, 100, 100, 100, 100, 100), 100.0, '100 is valid; every factor at x gives x');
SELECT is(severity_score(50, 50, 50, 100, 50, 50, 50, 50, 50), 50.0, 'every factor at 50 with K 100 (K'' 50) gives 50');

-- ---- unknown versus zero
SELECT isnt(severity_score(NULL, 50, 50, 50, 50, 50, 50, 50, 50), severity_score(0, 50, 50, 50, 50, 50, 50, 50, 50),
            'unknown S is not zero');
SELECT is((SELECT array_agg(x->'factors'->k->>'imputed' ORDER BY k)
             FROM (SELECT severity_explain(0, NULL, 0, NULL, 0, NULL, 0, NULL, 0) x) t,
                  unnest(ARRAY['a','e','f','i','k','n','p','r','s']) k),
          ARRAY['true','false','true','false','true','false','false','true','false'], 'imputed flags follow NULLs');

-- ---- properties over random vectors
SELECT setseed(0.4242);
CREATE TEMP TABLE vec AS
  SELECT g, array_agg(CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 101)::int END ORDER BY f) AS v,
         random() < 0.2 AS nis2
    FROM generate_series(1, 3000) g, generate_series(1, 9) f GROUP BY g;
CREATE TEMP TABLE vec_scored AS
  SELECT g, v, nis2, severity_score(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], nis2) AS score,
         severity_explain(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], nis2) AS x
    FROM vec;
SELECT is((SELECT count(*) FROM vec_scored WHERE NOT ((x->>'lo')::numeric <= score AND score <= (x->>'hi')::numeric)),
          0::bigint, 'lo <= score <= hi on 3000 random vectors');
SELECT is((SELECT count(*) FROM vec_scored WHERE (x->>'score')::numeric <> score
             OR x->>'level' <> severity_level(score)::text),
          0::bigint, 'severity_explain agrees with severity_score and severity_level');
SELECT is((SELECT count(*) FROM vec_scored WHERE abs((SELECT sum((c->>'contribution')::numeric)
                                                     FROM jsonb_each(x->'factors') e(k, c)) - 1) > 0.006),
          0::bigint, 'contributions sum to 1');
-- raise each known factor by a random step: the score never goes down
CREATE TEMP TABLE raised AS
  SELECT s.g, f, s.score, s.x, r.v2,
         severity_score(r.v2[1], r.v2[2], r.v2[3], r.v2[4], r.v2[5], r.v2[6], r.v2[7], r.v2[8], r.v2[9], s.nis2) AS score2,
         s.v[f] IS NULL AS was_unknown
    FROM vec_scored s, generate_series(1, 9) f,
         LATERAL (SELECT s.v[1:f-1] || least(100, coalesce(s.v[f], 0) + 1 + floor(random() * 40)::int + 0 * s.g)
                          || s.v[f+1:9] AS v2) r;
SELECT is((SELECT count(*) FROM raised WHERE NOT was_unknown AND score2 < score), 0::bigint,
          'raising any known factor never lowers the score (27000 cases)');
SELECT is((SELECT count(*) FROM raised WHERE was_unknown
             AND NOT (score2 BETWEEN (x->>'lo')::numeric AND (x->>'hi')::numeric)), 0::bigint,
          'making an unknown factor known keeps the score within the old lo..hi');
SELECT cmp_ok((SELECT count(*) FROM raised WHERE was_unknown), '>', 5000::bigint, 'the property saw many unknown-to-known cases');
SELECT is((SELECT count(*) FROM vec_scored WHERE (x->>'coverage')::numeric <>
             (SELECT coalesce(sum(w), 0) FROM unnest(v, '{.20,.18,.12,.12,.10,.08,.08,.06,.06}'::numeric[]) u(val, w)
               WHERE val IS NOT NULL)
             OR (x->>'provisional')::boolean <> ((x->>'coverage')::numeric < 0.5)),
          0::bigint, 'coverage is the sum of known weights; provisional below 0.5');

-- ---- explain's shape
SELECT is((SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys((SELECT x FROM hospital)) k),
          ARRAY['base','coverage','factors','floor','floors_met','hi','level','lo','model','nis2_significant',
                'provisional','score','top_contributors'], 'explain keys');
SELECT is((SELECT x->'factors'->'f' FROM hospital),
          '{"name": "functional impact", "value": 100, "weight": 0.18, "imputed": false, "contribution": 0.325}'::jsonb,
          'a factor entry: value, imputed, weight, contribution w*v^2/Base^2');
SELECT is((SELECT jsonb_path_query_array(x, '$.top_contributors[*].factor') FROM hospital),
          '["f", "k", "s"]'::jsonb, 'top contributors, largest first');

-- ---- derivation from incident rows: each ladder
CREATE TEMP TABLE ladder(fact text, val text, factor text, want int);
INSERT INTO ladder VALUES
  ('safety_impact','none','s',0), ('safety_impact','safety_systems_touched','s',20), ('safety_impact','degraded_care','s',40),
  ('safety_impact','critical_care_disrupted','s',70), ('safety_impact','injury','s',85), ('safety_impact','death','s',95),
  ('safety_impact','multiple_deaths','s',100),
  ('functional_impact','no_impact','f',0), ('functional_impact','no_impact_to_services','f',20),
  ('functional_impact','minimal_noncritical','f',35), ('functional_impact','minimal_critical','f',40),
  ('functional_impact','significant_noncritical','f',50), ('functional_impact','denial_noncritical','f',60),
  ('functional_impact','significant_critical','f',70), ('functional_impact','denial_critical','f',100),
  ('information_impact','none','i',0), ('information_impact','suspected','i',10), ('information_impact','personal','i',30),
  ('information_impact','payment_credentials','i',40), ('information_impact','internal_secrets','i',50),
  ('information_impact','medical_sensitive','i',60), ('information_impact','critical_system_data','i',70),
  ('information_impact','core_credentials','i',80), ('information_impact','classified','i',90),
  ('information_impact','critical_data_destroyed','i',100),
  ('records_affected','0','i',0), ('records_affected','1','i',0), ('records_affected','10','i',13),
  ('records_affected','1000','i',38), ('records_affected','100000000','i',100), ('records_affected','1000000000000','i',100),
  ('scope','individual','n',10), ('scope','organisation','n',25), ('scope','large_organisation','n',40),
  ('scope','few_organisations','n',55), ('scope','many_organisations','n',70), ('scope','national','n',85),
  ('scope','multinational','n',100),
  ('people_affected','1','n',0), ('people_affected','100','n',25), ('people_affected','30000','n',56),
  ('recoverability','regular','r',20), ('recoverability','supplemented','r',40), ('recoverability','extended','r',60),
  ('recoverability','not_recoverable','r',100),
  ('outage_duration','0','r',10), ('outage_duration','59 minutes','r',10), ('outage_duration','1 hour','r',25),
  ('outage_duration','23:59:59','r',25), ('outage_duration','1 day','r',50), ('outage_duration','7 days','r',50),
  ('outage_duration','7 days 1 second','r',70), ('outage_duration','28 days','r',70), ('outage_duration','29 days','r',85),
  ('outage_duration','11 months','r',85), ('outage_duration','1 year','r',100), ('outage_duration','3 years','r',100),
  ('loss_rating','insignificant','e',5), ('loss_rating','distracting','e',25), ('loss_rating','painful','e',50),
  ('loss_rating','damaging','e',75), ('loss_rating','catastrophic','e',100),
  ('loss_eur','0','e',0), ('loss_eur','1000','e',0), ('loss_eur','10000','e',20), ('loss_eur','2500000','e',68),
  ('loss_eur','100000000','e',100), ('loss_eur','1000000000000','e',100);
SELECT is((SELECT count(*) FROM ladder), 68::bigint, 'ladder table complete');
SELECT results_eq(
  $$SELECT fact, val, (incident_severity_explain(jsonb_populate_record(NULL::incidents, jsonb_build_object(fact, val)))
                        ->'factors'->factor->>'value')::int FROM ladder ORDER BY 1, 2$$,
  $$SELECT fact, val, want FROM ladder ORDER BY 1, 2$$,
  'each ladder step of each fact gives its factor value');
SELECT is((SELECT count(*) FROM ladder
            WHERE (incident_severity_explain(jsonb_populate_record(NULL::incidents, jsonb_build_object(fact, val)))
                     ->>'coverage')::numeric = 0), 0::bigint, 'one known fact makes its factor known');
SELECT results_eq(
  $$SELECT (incident_severity_explain(jsonb_populate_record(NULL::incidents, d))->'factors'->'i'->>'value')::int
      FROM (VALUES ('{"information_impact": "personal", "data_leaked": true}'::jsonb),
                   ('{"information_impact": "critical_data_destroyed", "data_leaked": true}'),
                   ('{"information_impact": "personal", "data_leaked": false}'),
                   ('{"data_leaked": true}'),
                   ('{"information_impact": "suspected", "data_leaked": true, "records_affected": 100000}')) v(d)$$,
  $$VALUES (40), (100), (30), (20), (63)$$,
  'I: +10 when leaked, capped at 100; a leak of unknown type counts 20; max with volume');
SELECT is((incident_severity_explain(jsonb_populate_record(NULL::incidents, '{"data_leaked": false}'))->'factors'->'i'->>'imputed'),
          'true', 'data_leaked false alone leaves I unknown');

-- actors and techniques
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique) VALUES
  ('T9001', 'enterprise', 'test recon', '{TA0043}', false),
  ('T9002', 'enterprise', 'test initial access', '{TA0001,TA0002}', false),
  ('T9003', 'enterprise', 'test credential access', '{TA0006}', false),
  ('T9004', 'enterprise', 'test impact', '{TA0040}', false),
  ('T9005', 'ics', 'test impair process control', '{TA0106}', false),
  ('T9006', 'enterprise', 'test no tactic', '{}', false),
  ('T9006', 'mobile', 'test mobile collection', '{TA0035}', false);
SELECT results_eq(
  $$SELECT incident_severity_explain(jsonb_populate_record(NULL::incidents, jsonb_build_object('techniques', t::text[])))
             ->'factors'->'p'->>'value'
      FROM (VALUES ('{T9001}'), ('{T9001,T9002}'), ('{T9003,T9002}'), ('{T9004}'), ('{T9005,T9004}'),
                   ('{T9006}'), ('{T0880}'), ('{T9001,T0827}'), ('{T9999}'), ('{T9999,T9001}')) v(t)$$,
  $$VALUES ('10'), ('40'), ('60'), ('80'), ('90'), ('80'), ('100'), ('100'), ('50'), ('10')$$,
  'P: highest tactic; T0880/T0827 100; unknown techniques count nothing (prior 50)');
SELECT results_eq(
  $$SELECT incident_severity_explain(jsonb_populate_record(NULL::incidents, d))->'factors'->'a'->>'value'
      FROM (VALUES ('{"actor_types": ["hacktivist"]}'::jsonb), ('{"actor_types": ["insider_error"]}'),
                   ('{"actor_types": ["criminal", "hacktivist"]}'), ('{"actor_types": ["malicious_insider"]}'),
                   ('{"actor_types": ["state_affiliated"]}'), ('{"actor_types": ["terrorist"]}'),
                   ('{"actor_types": ["nation_state"], "motives": ["financial"]}'),
                   ('{"actor_types": ["nation_state"], "motives": ["espionage"]}'),
                   ('{"actor_types": ["nation_state", "criminal"], "motives": ["fun", "sabotage"]}'),
                   ('{"actor_types": ["state_affiliated"], "motives": ["espionage"]}'),
                   ('{"actor_types": ["competitor", "other"]}')) v(d)$$,
  $$VALUES ('20'), ('30'), ('40'), ('65'), ('80'), ('80'), ('80'), ('100'), ('100'), ('80'), ('50')$$,
  'A: actor ladder; nation_state with espionage or sabotage 100; competitor/other leave A unknown (prior 50)');

-- sectors: longest prefix, ranges, and cache invalidation
INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES
  ('91', 'test sector', 2, NULL, 40), ('911', 'test subsector', 3, '91', 100), ('31-33', 'test manufacturing', 2, NULL, 60)
  ON CONFLICT (code) DO UPDATE SET criticality = excluded.criticality;
SELECT results_eq(
  $$SELECT incident_severity_explain(jsonb_populate_record(NULL::incidents, jsonb_build_object('sector', c)))->'factors'->'k'
             ->> 'value'
      FROM (VALUES ('911'), ('9119'), ('91'), ('919999'), ('3399'), ('99')) v(c)$$,
  $$VALUES ('100'), ('100'), ('40'), ('40'),
           ((SELECT criticality::text FROM sectors WHERE code IN ('3399', '339', '33', '31-33')
              ORDER BY code ~ '-', length(code) DESC LIMIT 1)), ('40')$$,
  'K: the code or its longest prefix; 31-33 range fallback; unknown sector keeps the prior 40');
SELECT is((incident_severity_explain(jsonb_populate_record(NULL::incidents, '{"sector": "9119"}'))->'factors'->'k'->>'sector'),
          '911', 'explain names the sector row used');
UPDATE sectors SET criticality = 25 WHERE code = '911';
SELECT is((incident_severity_explain(jsonb_populate_record(NULL::incidents, '{"sector": "9119"}'))->'factors'->'k'->>'value'),
          '25', 'a changed criticality is seen by the next statement');
UPDATE attack_techniques SET tactics = '{TA0010}' WHERE technique = 'T9001';
SELECT is((incident_severity_explain(jsonb_populate_record(NULL::incidents, '{"techniques": ["T9001"]}'))->'factors'->'p'->>'value'),
          '80', 'a changed technique tactic is seen by the next statement');

-- whole incidents: the score is severity_score of the derived factors
SELECT is(incident_severity(jsonb_populate_record(NULL::incidents,
            '{"sector": "911", "safety_impact": "critical_care_disrupted", "functional_impact": "denial_critical",
              "scope": "few_organisations", "recoverability": "extended", "techniques": ["T0880"], "actor_types": ["criminal"]}')),
          severity_score(s => 70, f => 100, i => NULL, k => 25, n => 55, r => 60, p => 100, a => 40, e => NULL),
          'incident_severity equals severity_score of its derived factors');
SELECT is(incident_severity(jsonb_populate_record(NULL::incidents, '{"title": "empty"}')), 27.5,
          'an incident with no facts scores like nothing known');
SELECT is(incident_severity(jsonb_populate_record(NULL::incidents, '{"nis2_significant": true}')), 50.0,
          'nis2_significant lifts to 50');

SELECT * FROM finish();
ROLLBACK;
