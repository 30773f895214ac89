-- Aggregates cia_profile / severity_summary / wilson_interval and the views
-- incident_overview, incidents_by_{region,sector,technique,tactic,month,action}.
-- The view tests run in one transaction that is rolled back, on the fixture
-- of test/fixtures/views_fixture.sql alone (incidents other tests left are
-- truncated inside the transaction).
\pset null '(null)'
SET extra_float_digits = 0;
SET datestyle = ISO;
SET search_path = incident_analytics, public;
-- ---------------------------------------------------------------- aggregates
-- cia_profile: a NULL cia counts in total and as unknown in every component.
SELECT (cia_profile(c)).*
  FROM (VALUES ('C:H/I:N/A:L'::cia), ('C:X/I:L/A:H'), (NULL), ('C:N/I:N/A:N')) v(c);
-- empty set: zeros, never NULL
SELECT (cia_profile(c)).* FROM (VALUES ('C:H/I:H/A:H'::cia)) v(c) WHERE false;
-- severity_summary: bands at their edges, NULL counts in total only; 34.96 is
-- rounded to 35.0 (low), 64.99 to 65.0 (high); mean is exact (292.5 / 5)
SELECT (severity_summary(s)).*
  FROM (VALUES (27.5), (75.0), (90), (NULL), (34.96), (64.99)) v(s);
SELECT (severity_summary(s)).*
  FROM (VALUES (0.0), (34.9), (35.0), (49.9), (50.0), (64.9), (65.0), (74.9), (75.0), (89.9), (90.0), (100.0)) v(s);
SELECT (severity_summary(s)).* FROM (VALUES (NULL::numeric), (NULL)) v(s);
SELECT (severity_summary(s)).* FROM (VALUES (1.0)) v(s) WHERE false;
-- exact mean: 1/3 of 0.1 + 0.1 + 0.2 is 0.1333, not a float artefact
SELECT (severity_summary(s)).mean FROM (VALUES (0.1), (0.1), (0.2)) v(s);
-- out of range and non-finite scores are errors
SELECT (severity_summary(s)).* FROM (VALUES (100.1)) v(s);
SELECT (severity_summary(s)).* FROM (VALUES (-0.1)) v(s);
SELECT (severity_summary(s)).* FROM (VALUES ('NaN'::numeric)) v(s);
SELECT (severity_summary(s)).* FROM (VALUES ('Infinity'::numeric)) v(s);
-- support functions called by hand: copies, NULL state, shape checks
SELECT cia_profile_transfn(NULL, 'C:H/I:L/A:N');
SELECT cia_profile_combinefn('{1,0,0,0,1,0,0,1,0,0,1,0,0}', '{2,2,0,0,0,2,0,0,0,2,0,0,0}');
SELECT (cia_profile_finalfn('{1,0,0,0,1,0,0,1,0,0,1,0,0}')).c_high;
SELECT cia_profile_finalfn('{1,2,3}');
SELECT cia_profile_finalfn('{{1,0,0,0,1,0,0,1,0,0,1,0,0}}');
SELECT cia_profile_finalfn('{1,0,0,0,1,0,0,1,0,0,1,0,NULL}');
SELECT severity_summary_combinefn('{1,1,500,500,0,0,1,0,0,0}', '{1,1,900,900,0,0,0,0,0,1}');
SELECT severity_summary_finalfn('{1,1,500,2000,0,0,1,0,0,0}');

-- ---------------------------------------------------------------- wilson_interval
-- hand-computed: 5/10 -> [0.2366, 0.7634], 0/10 -> [0, 0.2775], 10/10 -> [0.7225, 1]
SELECT s, n, round(w.lower::numeric, 4) AS lower, round(w.upper::numeric, 4) AS upper
  FROM (VALUES (5, 10), (0, 10), (10, 10), (1, 1), (50, 100), (0, 0)) v(s, n),
       LATERAL wilson_interval(s, n) w;
-- z = 2.5758 (99%) widens it
SELECT round(lower::numeric, 4), round(upper::numeric, 4) FROM wilson_interval(5, 10, 2.5758);
SELECT * FROM wilson_interval(11, 10);
SELECT * FROM wilson_interval(-1, 10);
SELECT * FROM wilson_interval(1, 10, 0);
SELECT * FROM wilson_interval(1, 10, 'Infinity');
SELECT * FROM wilson_interval(1, NULL);
-- a huge z: z^2 overflows, the interval tends to [0, 1] (never NaN); a tiny z
-- shrinks it to the point estimate
SELECT * FROM wilson_interval(1, 2, 1e200);
SELECT * FROM wilson_interval(0, 9223372036854775807, 1.7e308);
SELECT * FROM wilson_interval(5, 10, 1e-200);
SELECT count(*) AS cases,
       count(*) FILTER (WHERE w.lower = 'NaN' OR w.upper = 'NaN' OR w.lower > w.upper
                          OR w.lower < 0 OR w.upper > 1 OR w.lower IS NULL) AS bad
  FROM generate_series(-300, 308, 4) e, (VALUES (0, 1), (1, 2), (7, 7), (3, 1000000)) v(s, n),
       LATERAL wilson_interval(s, n, ('1e' || e)::float8) w;

BEGIN;
SET LOCAL client_min_messages = warning;
TRUNCATE incident_analytics.incidents CASCADE;
RESET client_min_messages;
\set ECHO none
\i test/fixtures/views_fixture.sql
\set ECHO all

-- ---------------------------------------------------------------- technique helpers
SELECT technique_rollup('{T1901.001,T1901.002,T1902,T1903,T0991}') AS rollup,
       technique_rollup('{T1906}') AS chain,
       technique_rollup('{}') AS empty,
       technique_rollup('{T1905}') AS unknown;
SELECT technique_tactics('{T1901.001,T1902,T0991,T1905}') AS tactics,
       technique_tactics('{T1905}') AS unknown;

-- ---------------------------------------------------------------- views on the fixture
-- (hand-checked: see the incident list in the fixture's header)
SELECT level, code, name, parent_code, sort_key, incidents, c_incidents, c_known,
       i_incidents, i_known, a_incidents, a_known
  FROM incidents_by_region ORDER BY sort_key;
SELECT level, code, name, parent_code, sort_key, incidents, c_incidents, c_known,
       i_incidents, i_known, a_incidents, a_known
  FROM incidents_by_sector ORDER BY sort_key;
SELECT technique, name, is_subtechnique, parent_technique, incidents, c_incidents, c_known
  FROM incidents_by_technique ORDER BY technique;
SELECT tactic_id, name, domain, ordinal, incidents, c_incidents, c_known
  FROM incidents_by_tactic ORDER BY domain, ordinal;
SELECT month, year, incidents, c_incidents, c_known FROM incidents_by_month
 ORDER BY year, month NULLS LAST;
-- shares and Wilson bounds on a view row: Europe has c 5 of 7 known
SELECT code, c_share, c_share_lower, c_share_upper, i_share, a_share
  FROM incidents_by_region WHERE code IN ('150', 'AQ') ORDER BY code;
SELECT round(lower::numeric, 4), round(upper::numeric, 4) FROM wilson_interval(5, 7);
-- overview: names resolved, region-only incidents placed, unknowns NULL
SELECT incident_id, continent_name, subregion_name, country_name, subdivision_name,
       sector_name, naics_sector, cia, confidentiality, integrity, availability, techniques
  FROM incident_overview ORDER BY incident_id;

-- severity per incident (ISM-1, incident_severity) and its roll-up per continent
SELECT incident_id, severity, severity_level, coverage, provisional
  FROM incident_overview ORDER BY incident_id;
SELECT code, name, incidents, mean_severity, max_severity, severe_or_worse
  FROM incidents_by_region WHERE level IN ('world', 'continent') ORDER BY sort_key;

-- ---------------------------------------------------------------- independent counts
-- Every aggregate view row is recounted with plain SQL written another way
-- (recursive M49 descendants, LIKE prefixes, the <@ operator, EXISTS); the
-- queries list mismatching rows (expected: none) and how many rows matched.
CREATE TEMP TABLE sev AS
  SELECT i.incident_id, incident_severity(i) AS severity FROM incidents i;
-- current_of: every technique named by an incident and the technique it now
-- counts under, walking revoked_by chains with a recursive query
CREATE TEMP TABLE current_of AS
  WITH RECURSIVE named AS (
    SELECT DISTINCT t FROM incidents, unnest(techniques) AS t
  ), walk(t, cur, depth) AS (
    SELECT t, t, 0 FROM named
    UNION ALL
    SELECT w.t, r.revoked_by, w.depth + 1
      FROM walk w JOIN attack_techniques r ON r.technique = w.cur AND r.revoked_by IS NOT NULL
     WHERE w.depth < 10
  )
  SELECT DISTINCT ON (t) t, cur FROM walk ORDER BY t, depth DESC;
SELECT t::text, cur::text FROM current_of WHERE t <> cur ORDER BY t;
-- ecia: the effective CIA written out per component (recorded, else observed
-- techniques, else inferred techniques, else summary text), as the views count
CREATE TEMP VIEW recount_input AS
  SELECT i.*, s.severity,
         cia(coalesce(confidentiality(i.cia), confidentiality(classify_cia(i.techniques)),
                      confidentiality(classify_cia(i.inferred_techniques)), confidentiality(classify_cia(i.summary)), 'X'),
             coalesce(integrity(i.cia), integrity(classify_cia(i.techniques)),
                      integrity(classify_cia(i.inferred_techniques)), integrity(classify_cia(i.summary)), 'X'),
             coalesce(availability(i.cia), availability(classify_cia(i.techniques)),
                      availability(classify_cia(i.inferred_techniques)), availability(classify_cia(i.summary)), 'X')) AS ecia
    FROM incidents i JOIN sev s USING (incident_id);

WITH RECURSIVE under(root, code) AS (
  SELECT code, code FROM m49_regions
  UNION ALL
  SELECT u.root, r.code FROM under u JOIN m49_regions r ON r.parent_code = u.code
), recount AS (
  SELECT v.level, v.code, x.*
    FROM incidents_by_region v
    CROSS JOIN LATERAL (
      SELECT count(*) AS n,
             count(*) FILTER (WHERE confidentiality(i.ecia) IN ('L', 'H')) AS c_n,
             count(confidentiality(i.ecia)) AS c_k,
             count(*) FILTER (WHERE integrity(i.ecia) IN ('L', 'H')) AS i_n,
             count(integrity(i.ecia)) AS i_k,
             count(*) FILTER (WHERE availability(i.ecia) IN ('L', 'H')) AS a_n,
             count(availability(i.ecia)) AS a_k,
             round(avg(i.severity), 2) AS mean_sev, max(i.severity) AS max_sev,
             count(*) FILTER (WHERE i.severity >= 75) AS severe
        FROM recount_input i LEFT JOIN countries c ON c.code = i.country
       WHERE CASE v.level
               WHEN 'world' THEN true
               WHEN 'continent' THEN c.region_code = v.code
                 OR (i.country IS NULL AND i.region_m49 IN (SELECT code FROM under WHERE root = v.code))
               WHEN 'subregion' THEN c.subregion_code = v.code
                 OR (i.country IS NULL AND i.region_m49 IN (SELECT code FROM under WHERE root = v.code))
               WHEN 'country' THEN i.country = v.code
               WHEN 'subdivision' THEN i.subdivision = v.code
             END) x
)
SELECT 'region' AS view, count(*) AS rows_checked,
       count(*) FILTER (WHERE (v.incidents, v.c_incidents, v.c_known, v.i_incidents, v.i_known,
                               v.a_incidents, v.a_known, v.mean_severity, v.max_severity, v.severe_or_worse)
                   IS DISTINCT FROM (r.n, r.c_n, r.c_k, r.i_n, r.i_k, r.a_n, r.a_k, r.mean_sev, r.max_sev, r.severe))
         AS mismatches
  FROM incidents_by_region v JOIN recount r USING (level, code);

WITH recount AS (
  SELECT v.level, v.code, x.*
    FROM incidents_by_sector v
    CROSS JOIN LATERAL (
      SELECT count(*) AS n,
             count(*) FILTER (WHERE confidentiality(i.ecia) IN ('L', 'H')) AS c_n,
             count(confidentiality(i.ecia)) AS c_k,
             count(*) FILTER (WHERE availability(i.ecia) IN ('L', 'H')) AS a_n,
             count(availability(i.ecia)) AS a_k,
             round(avg(i.severity), 2) AS mean_sev, max(i.severity) AS max_sev,
             count(*) FILTER (WHERE i.severity >= 75) AS severe
        FROM recount_input i
       WHERE CASE
               WHEN v.level = 'all' THEN true
               WHEN v.level = 'sector' AND v.code LIKE '%-%' THEN
                 i.sector = v.code
                 OR left(i.sector, 2) BETWEEN split_part(v.code, '-', 1) AND split_part(v.code, '-', 2)
               WHEN v.level = 'sector' THEN left(i.sector, 2) = v.code
               ELSE i.sector NOT LIKE '%-%' AND i.sector LIKE v.code || '%'
             END) x
)
SELECT 'sector' AS view, count(*) AS rows_checked,
       count(*) FILTER (WHERE (v.incidents, v.c_incidents, v.c_known, v.a_incidents, v.a_known,
                               v.mean_severity, v.max_severity, v.severe_or_worse)
                   IS DISTINCT FROM (r.n, r.c_n, r.c_k, r.a_n, r.a_k, r.mean_sev, r.max_sev, r.severe))
         AS mismatches
  FROM incidents_by_sector v JOIN recount r ON r.level = v.level AND r.code IS NOT DISTINCT FROM v.code;

WITH recount AS (
  SELECT v.technique, x.*
    FROM incidents_by_technique v
    CROSS JOIN LATERAL (
      SELECT count(*) AS n,
             count(*) FILTER (WHERE confidentiality(i.ecia) IN ('L', 'H')) AS c_n,
             count(confidentiality(i.ecia)) AS c_k,
             round(avg(i.severity), 2) AS mean_sev, max(i.severity) AS max_sev
        FROM recount_input i
       WHERE EXISTS (SELECT 1
                       FROM unnest(i.techniques) AS t(t) JOIN current_of c ON c.t = t.t
                      WHERE c.cur <@ v.technique::attack_technique)) x
)
SELECT 'technique' AS view, count(*) AS rows_checked,
       count(*) FILTER (WHERE (v.incidents, v.c_incidents, v.c_known, v.mean_severity, v.max_severity)
                   IS DISTINCT FROM (r.n, r.c_n, r.c_k, r.mean_sev, r.max_sev)) AS mismatches
  FROM incidents_by_technique v JOIN recount r USING (technique);

WITH recount AS (
  SELECT v.tactic_id, x.*
    FROM incidents_by_tactic v
    CROSS JOIN LATERAL (
      SELECT count(*) AS n, count(*) FILTER (WHERE i.severity >= 75) AS severe
        FROM recount_input i
       WHERE EXISTS (SELECT 1
                       FROM unnest(i.techniques) AS t(t) JOIN current_of c ON c.t = t.t
                       JOIN attack_techniques a ON a.technique = c.cur
                      WHERE v.tactic_id = ANY (a.tactics))) x
)
SELECT 'tactic' AS view, count(*) AS rows_checked,
       count(*) FILTER (WHERE (v.incidents, v.severe_or_worse) IS DISTINCT FROM (r.n, r.severe)) AS mismatches
  FROM incidents_by_tactic v JOIN recount r USING (tactic_id);

SELECT 'month' AS view, count(*) AS rows_checked,
       count(*) FILTER (WHERE (v.incidents, v.mean_severity) IS DISTINCT FROM
         (SELECT (count(*), round(avg(i.severity), 2))
            FROM recount_input i
           WHERE to_char(i.occurred_on, 'YYYY') IS NOT DISTINCT FROM v.year::text
             AND (CASE WHEN i.occurred_precision = 'year' THEN NULL
                       ELSE to_char(i.occurred_on, 'YYYY-MM') END)
                 IS NOT DISTINCT FROM to_char(v.month, 'YYYY-MM'))) AS mismatches
  FROM incidents_by_month v;
-- every incident is in exactly one month row and in the world / all rows
SELECT (SELECT sum(incidents) FROM incidents_by_month) AS by_month,
       (SELECT incidents FROM incidents_by_region WHERE level = 'world') AS world,
       (SELECT incidents FROM incidents_by_sector WHERE level = 'all') AS all_sectors,
       (SELECT count(*) FROM incident_overview) AS overview;

-- ---------------------------------------------------------------- catalogue checks
-- every view and every view column is commented; column types are plain
SELECT c.relname FROM pg_class c
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v'
   AND obj_description(c.oid, 'pg_class') IS NULL;
SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v'
   AND a.attnum > 0 AND col_description(c.oid, a.attnum) IS NULL;
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
   AND a.atttypid NOT IN ('text'::regtype, 'bigint'::regtype, 'integer'::regtype,
                          'numeric'::regtype, 'date'::regtype, 'boolean'::regtype);
-- every numeric column carries a typmod (ODBC reads NUMERIC(28,6) otherwise)
SELECT c.relname, a.attname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
   AND a.atttypid = 'numeric'::regtype AND a.atttypmod < 0;
SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) AS type, pg_catalog.count(*) AS columns
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
   AND a.atttypid = 'numeric'::regtype GROUP BY 1 ORDER BY 1;
-- severity_rank sorts the bands in their order, and agrees with severity_level
SELECT severity_rank, severity_level, pg_catalog.count(*) > 0 AS present
  FROM incident_analytics.incident_overview GROUP BY 1, 2 ORDER BY 1;
-- the prefixed names repeat the contract columns
SELECT pg_catalog.count(*) FILTER (WHERE region_level IS DISTINCT FROM level OR region_code IS DISTINCT FROM code
                                   OR region_name IS DISTINCT FROM name) AS region_mismatch
  FROM incident_analytics.incidents_by_region;
SELECT pg_catalog.count(*) FILTER (WHERE sector_level IS DISTINCT FROM level OR sector_code IS DISTINCT FROM code
                                   OR sector_name IS DISTINCT FROM name) AS sector_mismatch
  FROM incident_analytics.incidents_by_sector;
SELECT (SELECT pg_catalog.count(*) FILTER (WHERE technique_name IS DISTINCT FROM name) FROM incident_analytics.incidents_by_technique)
     + (SELECT pg_catalog.count(*) FILTER (WHERE tactic_name IS DISTINCT FROM name) FROM incident_analytics.incidents_by_tactic) AS attack_mismatch;
-- incident_overview's coverage, provisional and severity agree with the explanation
SELECT pg_catalog.count(*) AS rows,
       pg_catalog.count(*) FILTER (WHERE o.coverage IS DISTINCT FROM (incident_analytics.incident_severity_explain(i) ->> 'coverage')::numeric
                                  OR o.provisional IS DISTINCT FROM (incident_analytics.incident_severity_explain(i) ->> 'provisional')::boolean
                                  OR o.severity IS DISTINCT FROM (incident_analytics.incident_severity_explain(i) ->> 'score')::numeric) AS disagree
  FROM incident_analytics.incident_overview o JOIN incident_analytics.incidents i USING (incident_id);
-- scored_incidents / mean_severity_scored: the incidents whose score is not provisional
BEGIN;
INSERT INTO incident_analytics.incidents (incident_id, source, source_id, title, country, sector, safety_impact, functional_impact,
       information_impact, scope, recoverability, techniques, actor_types, loss_rating) OVERRIDING SYSTEM VALUE
VALUES (900001, 'regress', 'firm-1', 'firm score', 'IT', '62', 'none', 'denial_critical', 'personal', 'national', 'extended',
        '{T1486}', '{criminal}', 'painful'),
       (900002, 'regress', 'firm-2', 'firm score 2', 'FR', '92', 'none', 'minimal_critical', 'internal_secrets', 'organisation',
        'regular', '{T1566}', '{criminal}', 'distracting');
SELECT r.scored_incidents = o.firm AS scored_match, r.mean_severity_scored = o.firm_mean AS mean_match,
       o.firm > 0 AND o.firm < r.incidents AS some_provisional
  FROM incident_analytics.incidents_by_region r,
       (SELECT pg_catalog.count(*) FILTER (WHERE NOT provisional) AS firm,
               pg_catalog.round(pg_catalog.avg(severity) FILTER (WHERE NOT provisional), 2) AS firm_mean
          FROM incident_analytics.incident_overview) o
 WHERE r.level = 'world';
ROLLBACK;
SELECT c.relname, c.reloptions FROM pg_class c
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v'
 ORDER BY 1;
SELECT c.relname, count(*) AS columns FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v' AND a.attnum > 0
 GROUP BY 1 ORDER BY 1;

-- ---------------------------------------------------------------- parallel plans
-- 200,000 generated rows; costs zeroed so the planner goes parallel.
CREATE TABLE public.views_big AS
  SELECT cia((ARRAY['N','L','H','X'])[1 + g % 4], (ARRAY['N','L','H','X'])[1 + (g / 4) % 4],
             (ARRAY['N','L','H','X'])[1 + (g / 16) % 4]) AS cia,
         CASE WHEN g % 97 = 0 THEN NULL ELSE ((g * 7919) % 1001) / 10.0 END AS score
    FROM generate_series(1, 200000) g;
ANALYZE public.views_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT cia_profile(cia), severity_summary(score) FROM public.views_big;
CREATE TEMP TABLE par AS SELECT cia_profile(cia) AS p, severity_summary(score) AS s FROM public.views_big;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS SELECT cia_profile(cia) AS p, severity_summary(score) AS s FROM public.views_big;
SELECT (par.p = ser.p) AS profile_same, (par.s = ser.s) AS summary_same, (ser.p).total, (ser.s).scored,
       (ser.s).mean, (ser.s).max, (ser.s).severe_or_worse
  FROM par, ser;
-- independent: the same numbers with built-in aggregates
SELECT count(*) AS total, count(score) AS scored, round(avg(round(score, 1)), 4) AS mean,
       max(score) AS max, count(*) FILTER (WHERE score >= 75) AS severe_or_worse,
       count(*) FILTER (WHERE confidentiality(cia) = 'H') AS c_high,
       (SELECT (p).c_high FROM ser) AS c_high_agg
  FROM public.views_big;

-- The aggregation views go parallel too, with identical results: 50,000
-- generated incidents over the fixture's reference rows.
INSERT INTO incidents (incident_id, source, source_id, country, region_m49, sector, cia, techniques, occurred_on, occurred_precision,
                       inferred_techniques, veris_actions)
SELECT 1000 + g, 'generated', g::text,
       (ARRAY['IT', 'ES', 'FR', 'US', 'KE', 'AQ', NULL, NULL])[1 + g % 8],
       CASE WHEN g % 8 = 6 THEN (ARRAY['039', '150', '014'])[1 + g % 3] END,
       (ARRAY['62', '622', '6221', '62211', '622110', '31', '325', '44-45', '49', '52', '541512', NULL])[1 + g % 12],
       cia((ARRAY['N','L','H','X'])[1 + g % 4], (ARRAY['N','L','H','X'])[1 + (g / 3) % 4],
           (ARRAY['N','L','H','X'])[1 + (g / 5) % 4]),
       (ARRAY['{T1901.001}', '{T1901,T1903}', '{T1902}', '{T1901.002,T0991}', NULL])[1 + g % 5]::attack_technique[],
       date '2020-01-01' + g % 1500, 'day',
       (ARRAY['{T1903}', NULL, '{T1901.001,T1902}'])[1 + g % 3]::attack_technique[],
       (ARRAY['{malware.Ransomware}', '{hacking.Brute force,malware.Ransomware}', NULL, '{error.Loss}'])[1 + g % 4]::text[]
  FROM generate_series(1, 50000) g;
ANALYZE incidents;
CREATE FUNCTION pg_temp.plan_has(query text, pattern text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  line text;
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
    IF line LIKE '%' || pattern || '%' THEN
      RETURN true;
    END IF;
  END LOOP;
  RETURN false;
END $$;
SET max_parallel_workers_per_gather = 2;
SELECT v, pg_temp.plan_has('SELECT * FROM incident_analytics.' || v, 'Partial') AS partial_aggregate
  FROM unnest(ARRAY['incidents_by_region', 'incidents_by_sector', 'incidents_by_technique',
                    'incidents_by_tactic', 'incidents_by_month', 'incidents_by_action']) v;
CREATE TEMP TABLE par_views AS
  SELECT 'region' AS v, to_jsonb(r) AS j FROM incidents_by_region r
  UNION ALL SELECT 'sector', to_jsonb(s) FROM incidents_by_sector s
  UNION ALL SELECT 'technique', to_jsonb(t) FROM incidents_by_technique t
  UNION ALL SELECT 'tactic', to_jsonb(t) FROM incidents_by_tactic t
  UNION ALL SELECT 'month', to_jsonb(m) FROM incidents_by_month m
  UNION ALL SELECT 'action', to_jsonb(a) FROM incidents_by_action a;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser_views AS
  SELECT 'region' AS v, to_jsonb(r) AS j FROM incidents_by_region r
  UNION ALL SELECT 'sector', to_jsonb(s) FROM incidents_by_sector s
  UNION ALL SELECT 'technique', to_jsonb(t) FROM incidents_by_technique t
  UNION ALL SELECT 'tactic', to_jsonb(t) FROM incidents_by_tactic t
  UNION ALL SELECT 'month', to_jsonb(m) FROM incidents_by_month m
  UNION ALL SELECT 'action', to_jsonb(a) FROM incidents_by_action a;
SELECT v, count(*) AS rows,
       (SELECT count(*) FROM (SELECT * FROM par_views p WHERE p.v = s.v
                              EXCEPT ALL SELECT * FROM ser_views s2 WHERE s2.v = s.v) d) AS only_parallel,
       (SELECT count(*) FROM (SELECT * FROM ser_views s2 WHERE s2.v = s.v
                              EXCEPT ALL SELECT * FROM par_views p WHERE p.v = s.v) d) AS only_serial
  FROM ser_views s GROUP BY v ORDER BY v;
SELECT incidents FROM incidents_by_region WHERE level = 'world';
ROLLBACK;
