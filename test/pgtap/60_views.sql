-- Views and aggregates of the aggregation layer: existence, column types,
-- security_invoker, function markings, and behaviour on the views fixture.
BEGIN;
SELECT plan(53);
SET LOCAL search_path = incident_analytics, public;

-- views exist
SELECT has_view('incident_analytics', v, 'view ' || v || ' exists')
  FROM unnest(ARRAY['incident_overview', 'incidents_by_region', 'incidents_by_sector',
                    'incidents_by_technique', 'incidents_by_tactic', 'incidents_by_month']) v;

-- security_invoker on every view
SELECT is((SELECT count(*)::int FROM pg_class
            WHERE relnamespace = 'incident_analytics'::regnamespace AND relkind = 'v'
              AND NOT 'security_invoker=true' = ANY (COALESCE(reloptions, '{}'))), 0,
          'every view is security_invoker');

-- the documented columns (docs/views.md) and their plain types
SELECT col_type_is('incident_analytics', 'incidents_by_region', 'level', 'text', 'region level is text');
SELECT col_type_is('incident_analytics', 'incidents_by_region', 'code', 'text', 'region code is text');
SELECT col_type_is('incident_analytics', 'incidents_by_region', 'name', 'text', 'region name is text');
SELECT col_type_is('incident_analytics', 'incidents_by_region', 'parent_code', 'text', 'region parent_code is text');
SELECT col_type_is('incident_analytics', 'incidents_by_region', 'incidents', 'bigint', 'region incidents is bigint');
SELECT col_type_is('incident_analytics', 'incidents_by_sector', 'level', 'text', 'sector level is text');
SELECT col_type_is('incident_analytics', 'incidents_by_sector', 'code', 'text', 'sector code is text');
SELECT col_type_is('incident_analytics', 'incidents_by_sector', 'parent_code', 'text', 'sector parent_code is text');
SELECT col_type_is('incident_analytics', 'incidents_by_technique', 'technique', 'text', 'technique is text');
SELECT col_type_is('incident_analytics', 'incidents_by_technique', 'is_subtechnique', 'boolean', 'is_subtechnique is boolean');
SELECT col_type_is('incident_analytics', 'incidents_by_tactic', 'tactic_id', 'text', 'tactic_id is text');
SELECT col_type_is('incident_analytics', 'incidents_by_month', 'month', 'date', 'month is date');
SELECT col_type_is('incident_analytics', 'incidents_by_month', 'incidents', 'bigint', 'month incidents is bigint');
SELECT col_type_is('incident_analytics', 'incidents_by_month', 'c_share_lower', 'numeric(5,4)', 'Wilson bound is numeric(5,4)');
SELECT col_type_is('incident_analytics', 'incidents_by_month', 'mean_severity', 'numeric(5,2)', 'mean_severity is numeric(5,2)');
SELECT col_type_is('incident_analytics', 'incident_overview', 'cia', 'text', 'overview cia is text');
SELECT col_type_is('incident_analytics', 'incident_overview', 'techniques', 'text', 'overview techniques is text');
SELECT col_type_is('incident_analytics', 'incident_overview', 'provisional', 'boolean', 'overview provisional is boolean');
SELECT col_type_is('incident_analytics', 'incident_overview', 'severity', 'numeric(4,1)', 'overview severity is numeric(4,1)');

-- every aggregate view carries the same statistics columns
SELECT columns_are('incident_analytics', 'incidents_by_tactic',
  ARRAY['tactic_id', 'name', 'domain', 'ordinal', 'incidents', 'c_incidents', 'i_incidents', 'a_incidents',
        'c_known', 'i_known', 'a_known', 'c_share', 'c_share_lower', 'c_share_upper',
        'i_share', 'i_share_lower', 'i_share_upper', 'a_share', 'a_share_lower', 'a_share_upper',
        'mean_severity', 'max_severity', 'severe_or_worse', 'scored_incidents', 'mean_severity_scored',
        'inferred_incidents', 'c_inferred', 'i_inferred', 'a_inferred', 'tactic_name'],
  'incidents_by_tactic columns');

-- aggregates and functions: markings
SELECT is_aggregate('incident_analytics', 'cia_profile', ARRAY['cia'], 'cia_profile is an aggregate');
SELECT is_aggregate('incident_analytics', 'severity_summary', ARRAY['numeric'], 'severity_summary is an aggregate');
SELECT is((SELECT aggcombinefn <> 0 AND aggtranstype = 'bigint[]'::regtype FROM pg_aggregate
            WHERE aggfnoid = 'incident_analytics.cia_profile(incident_analytics.cia)'::regprocedure),
          true, 'cia_profile has a combine function and a bigint[] state');
SELECT is((SELECT aggcombinefn <> 0 AND aggtranstype = 'bigint[]'::regtype FROM pg_aggregate
            WHERE aggfnoid = 'incident_analytics.severity_summary(numeric)'::regprocedure),
          true, 'severity_summary has a combine function and a bigint[] state');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace = 'incident_analytics'::regnamespace
              AND proname IN ('cia_profile', 'severity_summary', 'cia_profile_transfn', 'cia_profile_combinefn',
                              'cia_profile_finalfn', 'severity_summary_transfn', 'severity_summary_combinefn',
                              'severity_summary_finalfn', 'wilson_interval', 'technique_rollup', 'technique_tactics')
              AND proparallel = 's'), 11, 'all eleven are PARALLEL SAFE');
SELECT volatility_is('incident_analytics', 'wilson_interval', ARRAY['bigint', 'bigint', 'double precision'],
                     'immutable', 'wilson_interval is immutable');
SELECT is_strict('incident_analytics', 'wilson_interval', ARRAY['bigint', 'bigint', 'double precision'],
                 'wilson_interval is strict');
SELECT volatility_is('incident_analytics', 'technique_rollup', ARRAY['attack_technique[]'],
                     'stable', 'technique_rollup is stable (reads attack_techniques)');
SELECT volatility_is('incident_analytics', 'technique_tactics', ARRAY['attack_technique[]'],
                     'stable', 'technique_tactics is stable (reads attack_techniques)');
SELECT isnt_strict('incident_analytics', 'cia_profile_transfn', ARRAY['bigint[]', 'cia'],
                   'cia_profile_transfn sees NULL inputs (they count in total)');

-- behaviour
SELECT results_eq($$SELECT round(lower::numeric, 4), round(upper::numeric, 4) FROM wilson_interval(5, 10)$$,
                  $$VALUES (0.2366, 0.7634)$$, 'Wilson 5/10');
SELECT results_eq($$SELECT lower, upper FROM wilson_interval(0, 0)$$,
                  $$VALUES (NULL::float8, NULL::float8)$$, 'Wilson with n = 0 is NULL');
SELECT throws_ok($$SELECT wilson_interval(3, 2)$$, '22023', NULL, 'Wilson with successes > n');
SELECT throws_ok($$SELECT severity_summary(s) FROM (VALUES (120.0)) v(s)$$, '22023', NULL,
                 'score above 100');
SELECT throws_ok($$SELECT cia_profile_finalfn('{1,2}')$$, '22023', NULL, 'malformed state');
SELECT is((SELECT (cia_profile(c)).c_unknown FROM (VALUES (NULL::cia), ('C:X/I:H/A:H')) v(c)), 2::bigint,
          'NULL cia and X count as unknown');
SELECT is((SELECT (severity_summary(s)).total FROM (VALUES (NULL::numeric), (50.0)) v(s)), 2::bigint,
          'NULL scores count in total');

-- the views on the fixture
SET LOCAL client_min_messages = warning;
TRUNCATE incident_analytics.incidents CASCADE;
\i test/fixtures/views_fixture.sql
SELECT bag_eq($$SELECT level, code, incidents FROM incidents_by_region WHERE level IN ('world', 'continent', 'subregion')$$,
              $$VALUES ('world', '001', 15::bigint), ('continent', '150', 9), ('continent', '002', 2),
                       ('continent', '019', 1), ('subregion', '039', 7), ('subregion', '155', 1),
                       ('subregion', '202', 2), ('subregion', '021', 1)$$,
              'region-only incidents count at their region levels');
SELECT results_eq($$SELECT incidents FROM incidents_by_sector WHERE code IN ('31-33', '62', '622', '5415') ORDER BY code$$,
                  $$VALUES (2::bigint), (1), (6), (5)$$, 'NAICS ranges and prefixes');
SELECT is((SELECT count(*)::int FROM incidents_by_sector WHERE code IN ('31', '32', '325') AND level = 'sector'), 0,
          'no sector rows for 31 or 32: they roll up to 31-33');
SELECT results_eq($$SELECT technique, incidents FROM incidents_by_technique WHERE technique LIKE 'T190%' ORDER BY technique$$,
                  $$VALUES ('T1901', 6::bigint), ('T1901.001', 4), ('T1901.002', 2), ('T1903', 2), ('T1904', 1), ('T1905', 1)$$,
                  'sub-technique roll-up, revoked successors, unknown ids');
SELECT is((SELECT incidents FROM incidents_by_tactic WHERE tactic_id = 'TA0010'), 2::bigint,
          'tactic counts follow the successor');
SELECT results_eq($$SELECT c_incidents, c_known, c_share FROM incidents_by_region WHERE code = '150'$$,
                  $$VALUES (6::bigint, 8::bigint, 0.7500)$$, 'CIA share excludes unknowns (effective CIA: one more C from text)');
SELECT is((SELECT sum(incidents) FROM incidents_by_month), 15::numeric, 'every incident in one month row');
SELECT is((SELECT incidents FROM incidents_by_month WHERE month IS NULL AND year = 2024), 1::bigint,
          'a year-only incident is not put in January');
SELECT is((SELECT country_name || ' / ' || sector_name FROM incident_overview WHERE incident_id = 1),
          'Italy / General Medical and Surgical Hospitals', 'overview resolves names');

SELECT * FROM finish();
ROLLBACK;
