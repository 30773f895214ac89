-- Import API: signatures, volatility, and the SQLSTATE of each kind of bad VERIS document.
BEGIN;
SELECT plan(14);
SET LOCAL search_path = incident_analytics, public;
SELECT has_function('incident_analytics', 'import_veris', ARRAY['jsonb'], 'import_veris(jsonb) exists');
SELECT has_function('incident_analytics', 'import_veris', ARRAY['jsonb', 'text'], 'import_veris(jsonb, text) exists');
SELECT function_returns('incident_analytics', 'import_veris', ARRAY['jsonb'], 'bigint', 'import_veris returns bigint');
SELECT volatility_is('incident_analytics', 'import_veris', ARRAY['jsonb'], 'volatile', 'import_veris is volatile');
SELECT has_table('incident_analytics', 'import_rejects', 'import_rejects exists');
SELECT has_table('incident_analytics', 'veris_attack_map', 'veris_attack_map exists');
SELECT throws_ok($$SELECT import_veris('"x"')$$, '22023', NULL, 'a JSON string is not a document');
SELECT throws_ok($$SELECT import_veris('{"incident_id": "t1", "victim": {"country": 840}}')$$, '22023',
                 'invalid VERIS value at victim.country: expected an array of strings, got number', 'wrong type names the path');
SELECT throws_ok($$SELECT import_veris('{"incident_id": "t2", "timeline": {"incident": {"year": "2019"}}}')$$, '22023',
                 'invalid VERIS value at timeline.incident.year: expected an integer, got string', 'year as a string');
SELECT throws_ok($$SELECT import_veris('{"incident_id": "t3", "timeline": {"incident": {"year": 2019, "month": 2, "day": 30}}}')$$, '22008',
                 'invalid VERIS date at timeline.incident: 2019-02-30 does not exist', 'impossible date');
SELECT throws_ok($$SELECT import_veris('{"incident_id": "t4", "impact": {"overall_rating": "Huge"}}')$$, '22023',
                 'invalid VERIS value at impact.overall_rating: "Huge" is not a known value', 'unknown enum');
SELECT is((SELECT rejected FROM import_veris_batch(ARRAY['{"incident_id": "t5"}', '{', '{"incident_id": 5}'], 'taptest')),
          2::bigint, 'batch: two rejects');
SELECT is((SELECT count(*) FROM import_rejects WHERE source = 'taptest'), 2::bigint, 'batch: both rejects recorded');
SELECT is((SELECT cia::text FROM incidents WHERE source = 'taptest'), 'C:X/I:X/A:X', 'a document without attributes is X, never N');
SELECT * FROM finish();
ROLLBACK;
