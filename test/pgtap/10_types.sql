-- The cia and attack_technique types: catalog shape (functions, volatility,
-- strictness, parallel safety, comments, operators, casts) and behaviour.
BEGIN;
SET LOCAL search_path = incident_analytics, public;
SELECT plan(219);

-- Every SQL-callable function of the two types, with its argument types.
CREATE TEMP TABLE type_functions (fname name, args name[]) ON COMMIT DROP;
INSERT INTO type_functions VALUES
  ('cia_in', '{cstring}'), ('cia_out', '{cia}'), ('cia_recv', '{internal}'), ('cia_send', '{cia}'),
  ('cia', '{text,text,text}'),
  ('confidentiality', '{cia}'), ('integrity', '{cia}'), ('availability', '{cia}'),
  ('cia_cmp', '{cia,cia}'), ('cia_eq', '{cia,cia}'), ('cia_ne', '{cia,cia}'),
  ('cia_lt', '{cia,cia}'), ('cia_le', '{cia,cia}'), ('cia_gt', '{cia,cia}'), ('cia_ge', '{cia,cia}'),
  ('cia_hash', '{cia}'), ('cia_hash_extended', '{cia,bigint}'),
  ('cia_or', '{cia,cia}'), ('cia_and', '{cia,cia}'),
  ('cia_contains', '{cia,cia}'), ('cia_contained', '{cia,cia}'),
  ('cia_magnitude', '{cia}'),
  ('attack_technique_in', '{cstring}'), ('attack_technique_out', '{attack_technique}'),
  ('attack_technique_recv', '{internal}'), ('attack_technique_send', '{attack_technique}'),
  ('attack_technique_cmp', '{attack_technique,attack_technique}'),
  ('attack_technique_eq', '{attack_technique,attack_technique}'),
  ('attack_technique_ne', '{attack_technique,attack_technique}'),
  ('attack_technique_lt', '{attack_technique,attack_technique}'),
  ('attack_technique_le', '{attack_technique,attack_technique}'),
  ('attack_technique_gt', '{attack_technique,attack_technique}'),
  ('attack_technique_ge', '{attack_technique,attack_technique}'),
  ('attack_technique_hash', '{attack_technique}'),
  ('attack_technique_hash_extended', '{attack_technique,bigint}'),
  ('technique_parent', '{attack_technique}'), ('is_subtechnique', '{attack_technique}'),
  ('attack_technique_contained', '{attack_technique,attack_technique}'),
  ('attack_technique_contains', '{attack_technique,attack_technique}');

-- 2 types.
SELECT has_type('incident_analytics', 'cia', 'type cia exists');
SELECT has_type('incident_analytics', 'attack_technique', 'type attack_technique exists');

-- 39 functions x 4: exist, immutable, strict, commented.
SELECT has_function('incident_analytics', fname, args,
                    format('function %s(%s) exists', fname, array_to_string(args, ', ')))
  FROM type_functions;
SELECT volatility_is('incident_analytics', fname, args, 'immutable',
                     format('%s(%s) is immutable', fname, array_to_string(args, ', ')))
  FROM type_functions;
SELECT is_strict('incident_analytics', fname, args,
                 format('%s(%s) is strict', fname, array_to_string(args, ', ')))
  FROM type_functions;
SELECT ok(obj_description(format('incident_analytics.%I(%s)', fname, array_to_string(args, ','))::regprocedure,
                          'pg_proc') IS NOT NULL,
          format('%s(%s) has a comment', fname, array_to_string(args, ', ')))
  FROM type_functions;

-- The aggregate (4).
SELECT has_function('incident_analytics', 'cia_union', ARRAY['cia'], 'aggregate cia_union(cia) exists');
SELECT is_aggregate('incident_analytics', 'cia_union', ARRAY['cia'], 'cia_union(cia) is an aggregate');
SELECT volatility_is('incident_analytics', 'cia_union', ARRAY['cia'], 'immutable',
                     'cia_union(cia) is immutable');
SELECT is((SELECT aggcombinefn::regproc::text FROM pg_aggregate
            WHERE aggfnoid = 'incident_analytics.cia_union(incident_analytics.cia)'::regprocedure),
          'cia_or', 'cia_union has the combine function cia_or');

-- Parallel safety, schema-wide (1): every immutable function of the
-- extension's schema (any helper's) is PARALLEL SAFE.
SELECT is((SELECT array_agg(p.oid::regprocedure::text ORDER BY p.oid::regprocedure::text)
             FROM pg_proc p
            WHERE p.pronamespace IN ('incident_analytics'::regnamespace, 'incident_analytics_internal'::regnamespace)
              AND p.provolatile = 'i' AND p.proparallel <> 's'),
          NULL, 'every immutable function in schema incident_analytics is parallel safe');
-- ... and all functions of the two types are (1).
SELECT is((SELECT count(*) FROM type_functions f
            WHERE (SELECT proparallel FROM pg_proc
                    WHERE oid = format('incident_analytics.%I(%s)', f.fname,
                                       array_to_string(f.args, ','))::regprocedure) <> 's'),
          0::bigint, 'all 39 type functions are parallel safe');
-- Equality/comparison support functions are leakproof, so they work under RLS (1).
SELECT is((SELECT array_agg(proname::text ORDER BY proname) FROM pg_proc
            WHERE pronamespace = 'incident_analytics'::regnamespace
              AND proname ~ '^(cia|attack_technique)_(eq|ne|lt|le|gt|ge)$' AND NOT proleakproof),
          NULL, 'comparison functions are leakproof');

-- Operators (20): the same set on each type, each commented.
CREATE TEMP TABLE type_operators (lt name, op name, rt name, res name) ON COMMIT DROP;
INSERT INTO type_operators
SELECT 'cia', op, 'cia', CASE WHEN op IN ('|', '&') THEN 'cia' ELSE 'boolean' END
  FROM unnest('{=,<>,<,<=,>,>=,|,&,@>,<@}'::name[]) op
UNION ALL
SELECT 'attack_technique', op, 'attack_technique', 'boolean'
  FROM unnest('{=,<>,<,<=,>,>=,@>,<@}'::name[]) op;
SELECT has_operator(lt, 'incident_analytics', op, rt, res,
                    format('operator %s %s %s returns %s', lt, op, rt, res))
  FROM type_operators;
SELECT is((SELECT count(*) FROM pg_operator o
            WHERE o.oprnamespace = 'incident_analytics'::regnamespace
              AND o.oprleft IN ('cia'::regtype, 'attack_technique'::regtype)
              AND obj_description(o.oid, 'pg_operator') IS NULL),
          0::bigint, 'every operator on cia and attack_technique has a comment');
SELECT is((SELECT count(*) FROM pg_operator o
            WHERE o.oprnamespace = 'incident_analytics'::regnamespace
              AND o.oprleft IN ('cia'::regtype, 'attack_technique'::regtype)),
          38::bigint, '38 operators on the two types (18 between values, 12 with text, 8 LIKE)');

-- Operator classes (8): exist, valid, default.
SELECT has_opclass('incident_analytics', c, format('operator class %s exists', c))
  FROM unnest('{cia_ops,cia_hash_ops,attack_technique_ops,attack_technique_hash_ops}'::name[]) c;
SELECT ok(amvalidate(oid) AND opcdefault, format('operator class %s is valid and default', opcname))
  FROM pg_opclass
 WHERE opcnamespace = 'incident_analytics'::regnamespace
   AND opcname IN ('cia_ops', 'cia_hash_ops', 'attack_technique_ops', 'attack_technique_hash_ops')
 ORDER BY opcname;

-- Casts (2).
SELECT results_eq(
  $$SELECT castsource::regtype::text, casttarget::regtype::text, castcontext::text, castmethod::text
      FROM pg_cast WHERE castsource IN ('cia'::regtype, 'attack_technique'::regtype)
                      OR casttarget IN ('cia'::regtype, 'attack_technique'::regtype)
     ORDER BY 1, 2$$,
  $$VALUES ('attack_technique', 'text', 'a', 'i'), ('cia', 'text', 'a', 'i'),
           ('text', 'attack_technique', 'e', 'i'), ('text', 'cia', 'e', 'i')$$,
  'casts from and to text: explicit in, assignment out, via I/O');
SELECT is((SELECT count(*) FROM pg_cast c
            WHERE (castsource IN ('cia'::regtype, 'attack_technique'::regtype)
                   OR casttarget IN ('cia'::regtype, 'attack_technique'::regtype))
              AND obj_description(c.oid, 'pg_cast') IS NULL),
          0::bigint, 'every cast has a comment');

-- Bad literals (12): 22P02 naming the input; bad constructor arguments: 22023.
SELECT throws_ok(format('SELECT %L::incident_analytics.cia', lit), '22P02',
                 format('invalid input syntax for type cia: "%s"', lit),
                 format('cia %L is rejected with 22P02', lit))
  FROM unnest(ARRAY['', 'C:H/I:N', 'C:H/I:N/A:L junk', 'C:H/C:N/A:L', 'I:N/C:H/A:L', 'C:Q/I:N/A:L']) lit;
SELECT throws_ok(format('SELECT %L::incident_analytics.attack_technique', lit), '22P02',
                 format('invalid input syntax for type attack_technique: "%s"', lit),
                 format('attack_technique %L is rejected with 22P02', lit))
  FROM unnest(ARRAY['T123', 'T1566.1', 'T1566.000', ' T1566', 'X1566']) lit;
SELECT throws_ok($$SELECT incident_analytics.cia('Q', 'N', 'N')$$, '22023',
                 'invalid level for component C: "Q"', 'cia(''Q'', ''N'', ''N'') is rejected with 22023');

-- Behaviour (12).
SELECT results_eq(
  $$SELECT v::text AS s FROM unnest('{C:H/I:N/A:L,c:x/i:x/a:x,C:N/I:H/A:H, CIA:1.0/C:L/I:L/A:L}'::cia[]) v ORDER BY v$$,
  ARRAY['C:X/I:X/A:X', 'C:N/I:H/A:H', 'C:L/I:L/A:L', 'C:H/I:N/A:L'],
  'cia ordering is lexicographic on C, I, A with X < N < L < H, output canonical');
SELECT results_eq(
  $$SELECT confidentiality(v), integrity(v), availability(v) FROM (VALUES ('C:H/I:X/A:N'::cia)) t(v)$$,
  $$VALUES ('H'::text, NULL::text, 'N'::text)$$,
  'accessors give N, L, H and NULL for X');
SELECT is(cia_magnitude('C:H/I:H/A:H'), 0.914816::float8, 'cia_magnitude(C:H/I:H/A:H) = 1 - 0.44^3');
SELECT is(cia_magnitude('C:X/I:X/A:X'), NULL, 'cia_magnitude of all-unknown is NULL');
SELECT is(cia_magnitude('C:N/I:N/A:N'), 0::float8, 'cia_magnitude of none is 0');
SELECT is('C:H/I:X/A:N'::cia | 'C:L/I:L/A:X', 'C:H/I:L/A:N'::cia, '| is the component-wise maximum, X | v = v');
SELECT is('C:H/I:X/A:N'::cia & 'C:L/I:L/A:X', 'C:L/I:X/A:X'::cia, '& is the component-wise minimum, X & v = X');
SELECT results_eq(
  $$SELECT cia_union(v)::text FROM (VALUES ('C:H/I:X/A:N'::cia), (NULL), ('C:L/I:L/A:X')) t(v)
    UNION ALL SELECT cia_union(v)::text FROM (SELECT NULL::cia WHERE false) t(v)$$,
  ARRAY['C:H/I:L/A:N', NULL],
  'cia_union folds with | and skips NULLs; empty set gives NULL');
SELECT results_eq(
  $$SELECT t::text AS s, technique_parent(t)::text, is_subtechnique(t)
      FROM unnest('{t1566.001,T1486,T0880,T9999.999}'::attack_technique[]) t ORDER BY t$$,
  $$VALUES ('T0880', 'T0880', false), ('T1486', 'T1486', false),
           ('T1566.001', 'T1566', true), ('T9999.999', 'T9999', true)$$,
  'technique output is upper-case; parent of a parent is itself');
SELECT results_eq(
  $$SELECT t::text AS s FROM unnest('{T1567,T0880.002,T1566.001,T1566,T0880.010}'::attack_technique[]) t ORDER BY t$$,
  ARRAY['T0880.002', 'T0880.010', 'T1566', 'T1566.001', 'T1567'],
  'a parent sorts before its sub-techniques and before the next parent');
SELECT ok('T1566.001'::attack_technique <@ 'T1566' AND 'T1566'::attack_technique <@ 'T1566'
          AND NOT 'T1566'::attack_technique <@ 'T1566.001'
          AND NOT 'T1567.001'::attack_technique <@ 'T1566',
          '<@ holds for a technique itself and its sub-techniques only');
SELECT ok('T1566'::attack_technique @> 'T1566.002' AND NOT 'T1566.001'::attack_technique @> 'T1566.002',
          '@> is the commutator of <@');

SELECT * FROM finish();
ROLLBACK;
