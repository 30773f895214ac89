-- The PL/pgSQL baseline of the benchmark (test/oracles/severity_plpgsql.sql) computes
-- the same scores as the C functions: on random factor vectors and on
-- generated incidents.
BEGIN;
SET LOCAL client_min_messages = warning;
\ir ../oracles/severity_plpgsql.sql
RESET client_min_messages;
SELECT plan(8);
SET LOCAL search_path = incident_analytics, public;

SELECT has_function('bench', 'severity_score',
  ARRAY['integer','integer','integer','integer','integer','integer','integer','integer','integer','boolean']);

SELECT setseed(0.1234);
CREATE TEMP TABLE vec AS
  SELECT g, array_agg(CASE WHEN random() < 0.3 THEN NULL
                           WHEN random() < 0.2 THEN (ARRAY[0, 35, 60, 70, 85, 95, 100])[1 + floor(random() * 7)::int]
                           ELSE floor(random() * 101)::int END ORDER BY f) AS v,
         (ARRAY[true, false, NULL])[1 + floor(random() * 3)::int] AS nis2
    FROM generate_series(1, 20000) g, generate_series(1, 9) f GROUP BY g;
INSERT INTO vec SELECT 100000 + x, array_fill(x, ARRAY[9]), false FROM generate_series(0, 100) x;
SELECT is((SELECT count(*) FROM vec
            WHERE severity_score(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], nis2)
                  IS DISTINCT FROM bench.severity_score(v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], nis2)),
          0::bigint, 'C and PL/pgSQL severity_score agree on 20101 vectors');
SELECT throws_ok('SELECT bench.severity_score(0, 0, 0, 0, 0, 0, 0, 0, 101)', '22023', NULL,
                 'the baseline rejects out-of-range factors too');

-- reference rows for generated incidents
INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES
  ('97', 'bench a', 2, NULL, 100), ('971', 'bench a1', 3, '97', 80), ('9711', 'bench a11', 4, '971', 25),
  ('98', 'bench b', 2, NULL, 40), ('981', 'bench b1', 3, '98', 60)
  ON CONFLICT (code) DO NOTHING;
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique) VALUES
  ('T9101', 'enterprise', 'bench recon', '{TA0043}', false),
  ('T9102', 'enterprise', 'bench exec', '{TA0002,TA0003}', false),
  ('T9103', 'enterprise', 'bench lateral', '{TA0008}', false),
  ('T9104', 'enterprise', 'bench exfil', '{TA0010}', false),
  ('T9105', 'ics', 'bench inhibit', '{TA0107}', false),
  ('T9106', 'mobile', 'bench mobile impact', '{TA0034}', false),
  ('T9106', 'enterprise', 'bench enterprise recon', '{TA0043}', false),
  ('T9107', 'enterprise', 'bench no tactic', '{}', false);

CREATE TEMP TABLE gen AS
  SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4 FROM generate_series(1, 4000) g;
INSERT INTO incidents (source, source_id, sector, techniques, motives, actor_types, safety_impact, functional_impact,
                       information_impact, data_leaked, records_affected, scope, people_affected, recoverability,
                       outage_duration, loss_rating, loss_eur, nis2_significant)
SELECT 'bench-test', g::text,
  CASE WHEN random() < 0.2 THEN NULL ELSE (ARRAY['97','971','9711','98','981'])[1 + floor(random() * 5)::int] END,
  CASE WHEN random() < 0.3 THEN NULL
       ELSE (SELECT array_agg(t) FROM (SELECT (ARRAY['T9101','T9102','T9103','T9104','T9105','T9106','T9107','T9999',
                                                    'T0880','T0827'])[1 + floor(random() * 10)::int]::attack_technique t
                                         FROM generate_series(1, 1 + (g % 4))) x) END,
  CASE WHEN random() < 0.5 THEN NULL ELSE ARRAY[(ARRAY['espionage','sabotage','financial','ideology'])[1 + floor(random() * 4)::int]] END,
  CASE WHEN random() < 0.3 THEN NULL
       ELSE (SELECT array_agg(DISTINCT a) FROM (SELECT (actor_type_names())[1 + floor(random() * 9)::int] a
                                                  FROM generate_series(1, 1 + (g % 3))) x) END,
  CASE WHEN random() < 0.4 THEN NULL ELSE (enum_range(NULL::safety_impact))[1 + floor(random() * 7)::int] END,
  CASE WHEN random() < 0.3 THEN NULL ELSE (enum_range(NULL::functional_impact))[1 + floor(random() * 8)::int] END,
  CASE WHEN random() < 0.4 THEN NULL ELSE (enum_range(NULL::information_impact))[1 + floor(random() * 10)::int] END,
  CASE WHEN random() < 0.5 THEN NULL ELSE random() < 0.5 END,
  CASE WHEN random() < 0.5 THEN NULL WHEN random() < 0.2 THEN (10 ^ floor(random() * 12))::bigint
       ELSE floor(10 ^ (random() * 10))::bigint END,
  CASE WHEN random() < 0.4 THEN NULL ELSE (enum_range(NULL::incident_scope))[1 + floor(random() * 7)::int] END,
  CASE WHEN random() < 0.5 THEN NULL ELSE floor(10 ^ (random() * 9))::bigint END,
  CASE WHEN random() < 0.4 THEN NULL ELSE (enum_range(NULL::recoverability))[1 + floor(random() * 4)::int] END,
  CASE WHEN random() < 0.4 THEN NULL
       WHEN random() < 0.3 THEN (ARRAY['59 minutes','1 hour','1 day','7 days','28 days','1 year','11 months 29 days',
                                       '0'])[1 + floor(random() * 8)::int]::interval
       ELSE make_interval(secs => floor(10 ^ (random() * 8))) END,
  CASE WHEN random() < 0.5 THEN NULL ELSE (enum_range(NULL::loss_rating))[1 + floor(random() * 5)::int] END,
  CASE WHEN random() < 0.5 THEN NULL ELSE round((10 ^ (random() * 10))::numeric, 2) END,
  CASE WHEN random() < 0.3 THEN NULL ELSE random() < 0.2 END
FROM gen;
SELECT cmp_ok((SELECT count(DISTINCT incident_severity(i)) FROM incidents i WHERE source = 'bench-test'), '>', 300::bigint,
              'generated incidents spread over many scores');
SELECT is((SELECT count(*) FROM incidents i WHERE source = 'bench-test'
             AND incident_severity(i) IS DISTINCT FROM bench.incident_severity(i)),
          0::bigint, 'C and PL/pgSQL incident_severity agree on 4000 generated incidents');
SELECT is((SELECT count(*) FROM incidents i WHERE source = 'bench-test'
             AND incident_severity(i) IS DISTINCT FROM (incident_severity_explain(i)->>'score')::numeric),
          0::bigint, 'incident_severity_explain agrees with incident_severity');

SELECT is((SELECT count(*) FROM incidents i WHERE source = 'bench-test'
             AND incident_severity(i) IS DISTINCT FROM incident_severity_facts(
               i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked,
               i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, i.techniques,
               i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)),
          0::bigint, 'incident_severity(i) equals incident_severity_facts of its columns on 4000 generated incidents');
SELECT is((SELECT count(*) FROM incidents i WHERE source = 'bench-test'
             AND (incident_severity_explain(i) #- '{factors,p,techniques_basis}') IS DISTINCT FROM incident_severity_facts_explain(
               i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked,
               i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, i.techniques,
               i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)),
          0::bigint, 'incident_severity_explain(i) equals incident_severity_facts_explain of its columns');

SELECT * FROM finish();
ROLLBACK;
