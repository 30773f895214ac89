-- Edge inputs for every function of the extension that takes text, an array
-- or jsonb (found in the catalog, so new functions are covered without
-- editing this file): NULL, empty, very large and wrong-typed arguments.
-- A clean outcome is a value, or an error of class 22 (data exception),
-- 23 (a writing function refusing a row) or 54 (program limit); wrong types
-- must be refused by the parser (42883 / 42804 / 42846).
BEGIN;
SELECT plan(24);
SET LOCAL search_path = incident_analytics, public;

CREATE TEMP TABLE edge_results (fn regprocedure, argpos int, kind text, strict boolean, outcome text, detail text);

CREATE FUNCTION pg_temp.sample(typ regtype) RETURNS text LANGUAGE sql AS $$
  SELECT CASE
    WHEN typ IN ('text'::regtype, 'varchar'::regtype) THEN quote_literal('x') || '::' || typ::text
    WHEN typ IN ('jsonb'::regtype, 'json'::regtype) THEN '''{}''::' || typ::text
    WHEN typ IN ('integer'::regtype, 'bigint'::regtype, 'smallint'::regtype, 'numeric'::regtype,
                 'double precision'::regtype) THEN '1::' || typ::text
    WHEN typ = 'boolean'::regtype THEN 'false'
    WHEN typ = 'name'::regtype THEN 'CURRENT_USER'
    WHEN typ::text ~ '(^|\.)cia$' THEN '''C:H/I:N/A:L''::incident_analytics.cia'
    WHEN typ::text ~ 'attack_technique$' THEN '''T1486''::incident_analytics.attack_technique'
    WHEN (SELECT typtype FROM pg_type WHERE oid = typ) = 'e'
      THEN quote_literal((SELECT enumlabel FROM pg_enum WHERE enumtypid = typ ORDER BY enumsortorder LIMIT 1)) || '::' || typ::text
    WHEN (SELECT typcategory FROM pg_type WHERE oid = typ) = 'A' THEN '''{}''::' || typ::text
    ELSE 'NULL::' || typ::text END
$$;

-- A Citus-only helper refuses with 0A000 (feature not supported) where Citus is
-- not installed, whatever its argument: a clean refusal, not a data error.
CREATE FUNCTION pg_temp.needs_citus(fn regprocedure, outcome text) RETURNS boolean LANGUAGE sql AS $$
  SELECT outcome = '0A000' AND fn::text ~ '^incident_analytics_internal\.citus_'
     AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')
$$;

-- The edge values of one argument type.
CREATE FUNCTION pg_temp.edges(typ regtype) RETURNS TABLE (kind text, expr text) LANGUAGE sql AS $$
  SELECT * FROM (VALUES
    ('null',  'NULL::' || typ::text),
    ('empty', CASE WHEN typ IN ('jsonb'::regtype, 'json'::regtype) THEN '''{}''::' || typ::text
                   WHEN (SELECT typcategory FROM pg_type WHERE oid = typ) = 'A' THEN '''{}''::' || typ::text
                   ELSE '''''::' || typ::text END),
    ('blank', CASE WHEN typ IN ('jsonb'::regtype, 'json'::regtype) THEN '''[]''::' || typ::text
                   WHEN (SELECT typcategory FROM pg_type WHERE oid = typ) = 'A' THEN '''{NULL}''::' || typ::text
                   ELSE ''' 	 ''::' || typ::text END),
    ('large', CASE WHEN typ IN ('jsonb'::regtype, 'json'::regtype)
                     THEN '(SELECT jsonb_object_agg(''k'' || g, repeat(''v'', 100)) FROM generate_series(1, 20000) g)::' || typ::text
                   WHEN typ = 'text[]'::regtype THEN 'array_fill(repeat(''x'', 100), ARRAY[100000])'
                   WHEN (SELECT typcategory FROM pg_type WHERE oid = typ) = 'A'
                     THEN 'array_fill(' || pg_temp.sample((SELECT typelem FROM pg_type WHERE oid = typ)::regtype) || ', ARRAY[100000])'
                   ELSE 'repeat(''ransomware '', 1000000)::' || typ::text END),
    ('wrongtype', 'point ''(1,2)''')
  ) v(kind, expr)
$$;

DO $$
DECLARE
  f record; e record; args text[]; st text; res text;
BEGIN
  FOR f IN
    SELECT p.oid::regprocedure AS fn, p.proisstrict, a.pos::int AS pos, a.typ::regtype AS typ,
           (SELECT array_agg(t::regtype ORDER BY o) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY x(t, o)) AS types
      FROM pg_proc p CROSS JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY a(typ, pos)
     WHERE p.pronamespace IN ('incident_analytics'::regnamespace, 'incident_analytics_internal'::regnamespace) AND p.prokind = 'f'
       AND p.prorettype <> 'trigger'::regtype
       AND NOT EXISTS (SELECT FROM pg_type t WHERE t.typinput = p.oid OR t.typreceive = p.oid)
       AND NOT 'internal'::regtype = ANY (p.proargtypes::oid[]::regtype[])
       AND (a.typ IN ('text'::regtype, 'varchar'::regtype, 'jsonb'::regtype, 'json'::regtype)
            OR (SELECT typcategory FROM pg_type WHERE oid = a.typ) = 'A')
  LOOP
    FOR e IN SELECT * FROM pg_temp.edges(f.typ) LOOP
      SELECT array_agg(CASE WHEN o = f.pos THEN e.expr ELSE pg_temp.sample(t) END ORDER BY o)
        INTO args FROM unnest(f.types) WITH ORDINALITY x(t, o);
      BEGIN
        EXECUTE format('SELECT left(%s(%s)::text, 100)', f.fn::oid::regproc, array_to_string(args, ', ')) INTO res;
        st := 'ok';
      EXCEPTION WHEN OTHERS THEN
        st := SQLSTATE; res := SQLERRM;
      END;
      INSERT INTO edge_results VALUES (f.fn, f.pos, e.kind, f.proisstrict, st, res);
    END LOOP;
  END LOOP;
END $$;

-- Generic checks over every text / array / jsonb function.
SELECT cmp_ok((SELECT count(DISTINCT fn)::int FROM edge_results), '>=', 1,
              'functions taking text, arrays or jsonb were found and exercised');
SELECT is((SELECT string_agg(format('%s arg %s: %s %s', fn, argpos, outcome, left(detail, 200)), '; ')
             FROM edge_results WHERE kind = 'null' AND strict AND outcome = 'ok' AND detail IS NOT NULL), NULL,
          'STRICT functions return NULL for a NULL argument');
SELECT is((SELECT string_agg(format('%s arg %s: %s %s', fn, argpos, outcome, left(detail, 200)), '; ')
             FROM edge_results WHERE kind = 'null' AND outcome <> 'ok' AND left(outcome, 2) NOT IN ('22', '23')
               AND NOT pg_temp.needs_citus(fn, outcome)), NULL,
          'a NULL argument gives a value or a clean data error');
SELECT is((SELECT string_agg(format('%s arg %s: %s %s', fn, argpos, outcome, left(detail, 200)), '; ')
             FROM edge_results WHERE kind IN ('empty', 'blank') AND outcome <> 'ok' AND left(outcome, 2) NOT IN ('22', '23')
               AND NOT pg_temp.needs_citus(fn, outcome)
               AND NOT (outcome = '58P01' AND fn::text ~ '_file\(')), NULL,
          'empty and blank arguments give a value or a clean data error (a file path that names no file: 58P01)');
SELECT is((SELECT string_agg(format('%s arg %s: %s %s', fn, argpos, outcome, left(detail, 200)), '; ')
             FROM edge_results WHERE kind = 'large' AND outcome <> 'ok' AND left(outcome, 2) NOT IN ('22', '23', '54')
               AND NOT pg_temp.needs_citus(fn, outcome)
               AND NOT (outcome = '58P01' AND fn::text ~ '_file\(')), NULL,
          'very large arguments give a value or a clean data / limit error');
SELECT is((SELECT string_agg(format('%s arg %s: %s', fn, argpos, outcome), '; ')
             FROM edge_results WHERE kind = 'wrongtype' AND outcome NOT IN ('42883', '42804', '42846')), NULL,
          'an argument of the wrong type is refused by the parser');

-- The type inputs: NULL, empty, blank, huge, wrong type.
SELECT is(NULL::text::cia, NULL, 'NULL::cia is NULL');
SELECT throws_ok($$SELECT ''::cia$$, '22P02', NULL, 'empty cia literal: 22P02');
SELECT throws_ok($$SELECT '   '::cia$$, '22P02', NULL, 'blank cia literal: 22P02');
SELECT throws_ok($$SELECT repeat('C:H/', 1000000)::cia$$, '22P02', NULL, 'a 4 MB cia literal: 22P02');
SELECT throws_ok($$SELECT 42::cia$$, '42846', NULL, 'integer to cia: no cast');
SELECT is(NULL::text::attack_technique, NULL, 'NULL::attack_technique is NULL');
SELECT throws_ok($$SELECT ''::attack_technique$$, '22P02', NULL, 'empty technique: 22P02');
SELECT throws_ok($$SELECT ('T' || repeat('1', 1000000))::attack_technique$$, '22P02', NULL, 'a 1 MB technique id: 22P02');
SELECT throws_ok($$SELECT 1486::attack_technique$$, '42846', NULL, 'integer to attack_technique: no cast');
SELECT is(ARRAY[NULL, 'T1486']::attack_technique[]::text, '{NULL,T1486}', 'technique arrays keep NULL elements');
SELECT is(cardinality(array_fill('T1486'::attack_technique, ARRAY[200000])), 200000, 'a 200,000-element technique array');

-- cia(text, text, text)
SELECT is(cia(NULL, 'H', 'H'), NULL, 'cia() with a NULL component is NULL (STRICT)');
SELECT throws_ok($$SELECT cia('', 'H', 'H')$$, '22023', NULL, 'cia() with an empty component: 22023');
SELECT throws_ok($$SELECT cia(repeat('H', 1000000), 'H', 'H')$$, '22023', NULL, 'cia() with a 1 MB component: 22023');
SELECT throws_ok($$SELECT cia(1, 2, 3)$$, '42883', NULL, 'cia() with integers: no such function');

-- incidents: empty strings and empty or NULL-holding arrays are refused (unknown is NULL).
SELECT throws_ok($$INSERT INTO incidents (source, title) VALUES ('edge', '')$$, '23514', NULL, 'empty title refused');
SELECT throws_ok($$INSERT INTO incidents (source, techniques) VALUES ('edge', '{}')$$, '23514', NULL, 'empty technique array refused');
SELECT throws_ok($$INSERT INTO incidents (source, motives) VALUES ('edge', '{financial,NULL}')$$, '23514', NULL, 'NULL motive refused');

SELECT * FROM finish();
ROLLBACK;
