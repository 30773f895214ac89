-- Type attack_technique: text and binary I/O, casts, technique_parent,
-- is_subtechnique, <@ / @>, order, operator classes and indexes.
SET search_path = incident_analytics, public;

CREATE FUNCTION pg_temp.try_technique(lit text, OUT result text, OUT state text,
                                      OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
  result := lit::incident_analytics.attack_technique::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL;
END $$;

-- Valid ids: case-insensitive input, upper-case output.
SELECT format('%L', lit) AS input, r.result, r.state
  FROM (VALUES (1, 'T1486'), (2, 't1566.001'), (3, 'T0880'), (4, 'T9999.999'),
               (5, 'T0000'), (6, 'T1566.010'), (7, 'T1059.100'), (8, 't0001')) AS v(n, lit),
       LATERAL pg_temp.try_technique(lit) r
 ORDER BY n;

-- Invalid ids: every one is 22P02 and the message names the input.
SELECT n, format('%L', lit) AS input, r.state, r.result IS NULL AS rejected,
       strpos(r.message, '"' || lit || '"') > 0 AS message_names_input, r.detail
  FROM (VALUES
    (1, ''),
    (2, ' '),
    (3, 'T'),
    (4, 'T123'),
    (5, 'T12345'),
    (6, 'T1566.1'),
    (7, 'T1566.01'),
    (8, 'T1566.0001'),
    (9, 'T1566.000'),
    (10, 'T1566.'),
    (11, 'X1566'),
    (12, '1566'),
    (13, ' T1566'),
    (14, 'T1566 '),
    (15, 'T 1566'),
    (16, 'T1566.001x'),
    (17, 'T1566/001'),
    (18, 'T1566.001.001'),
    (19, 'T1566,001'),
    (20, 'TT1566'),
    (21, 'T-1566'),
    (22, 'T+566'),
    (23, 'T15a6'),
    (24, 'T1566.00a'),
    (25, 'TA0001'),
    (26, 'S0154'),
    (27, 'T１５６６'),
    (28, 'Т1566'),
    (29, 'T1566.００1'),
    (30, 'T1566;DROP'),
    (31, E'T1566\n'),
    (32, 'T1566 x'),
    (33, 'T0999.000'),
    (34, 't0001.000')
  ) AS v(n, lit), LATERAL pg_temp.try_technique(lit) r
 ORDER BY n;

-- Overlong inputs: rejected, the message quotes a prefix only.
SELECT what, length(lit) AS input_length, r.state, length(r.message) AS message_length,
       r.message, r.detail
  FROM (VALUES ('T + 100000 digits', 'T' || repeat('1', 100000)),
               ('T1566. + 100000 digits', 'T1566.' || repeat('1', 100000)),
               ('repeat(T1566, 10000)', repeat('T1566', 10000)),
               ('5000 times Ł', repeat('Ł', 5000))) AS v(what, lit),
       LATERAL pg_temp.try_technique(lit) r
 ORDER BY what;

-- The full error report, as a user sees it.
SELECT 'T1566.1'::attack_technique;
SELECT attack_technique ' T1566';
SELECT '{T1486,t1566.001,T0880}'::attack_technique[] AS arr;
SELECT '{T1486,T15}'::attack_technique[];

-- Casts both ways; text -> attack_technique is explicit, the reverse also in assignment.
SELECT 't1566.001'::text::attack_technique AS from_text,
       ('T0880'::attack_technique)::text AS to_text,
       pg_typeof(('T0880'::attack_technique)::text) AS to_text_type;
CREATE TEMP TABLE tt (t text);
INSERT INTO tt VALUES ('T1486'::attack_technique);
SELECT t, pg_typeof(t) FROM tt;
SELECT c.castsource::regtype, c.casttarget::regtype, c.castcontext, c.castmethod
  FROM pg_cast c
 WHERE c.castsource = 'attack_technique'::regtype OR c.casttarget = 'attack_technique'::regtype
 ORDER BY 1::text, 2::text;

-- technique_parent and is_subtechnique.
SELECT t, technique_parent(t) AS parent, is_subtechnique(t) AS sub,
       is_subtechnique(technique_parent(t)) AS parent_is_sub
  FROM unnest('{T1566,T1566.001,T1566.999,T0880,T0000,T9999.999}'::attack_technique[]) t;

-- <@ (a is b or a sub-technique of b) and @> (its commutator).
SELECT a, b, a <@ b AS "a<@b", a @> b AS "a@>b", b <@ a AS "b<@a"
  FROM (VALUES ('T1566'::attack_technique, 'T1566'::attack_technique),
               ('T1566.001', 'T1566'),
               ('T1566', 'T1566.001'),
               ('T1566.001', 'T1566.001'),
               ('T1566.001', 'T1566.002'),
               ('T1567', 'T1566'),
               ('T1567.001', 'T1566'),
               ('T0880', 'T0880'),
               ('T1566.001', 'T1567')) AS p(a, b);

-- Order: numeric, a parent before its sub-techniques and before the next parent.
SELECT t FROM unnest('{T1567,T1566.002,T1566,T0880,T1566.001,T9999.999,T1486,T0000}'::attack_technique[]) t
 ORDER BY t;
SELECT 'T1566'::attack_technique < 'T1566.001' AS p_lt_sub,
       'T1566.001'::attack_technique < 'T1567' AS sub_lt_next,
       'T1566.999'::attack_technique < 'T1567' AS last_sub_lt_next,
       'T0880'::attack_technique < 'T1001' AS ics_lt_enterprise;

-- Every operator agrees with attack_technique_cmp on a sample of pairs, and
-- equal values hash equally; seed 0 of the extended hash matches the plain hash.
CREATE TEMP TABLE techs AS
SELECT t::attack_technique AS t, row_number() OVER (ORDER BY n, s) AS rk
  FROM (VALUES (0), (880), (1486), (1566), (1567), (9999)) n(n),
       (VALUES (0), (1), (2), (10), (999)) s(s),
       LATERAL (SELECT CASE WHEN s = 0 THEN format('T%s', lpad(n::text, 4, '0'))
                            ELSE format('T%s.%s', lpad(n::text, 4, '0'), lpad(s::text, 3, '0')) END) f(t);
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sign(attack_technique_cmp(a.t, b.t)) <> sign(a.rk - b.rk)) AS cmp_wrong,
       count(*) FILTER (WHERE (a.t = b.t) <> (a.rk = b.rk) OR (a.t <> b.t) <> (a.rk <> b.rk)) AS eq_ne_wrong,
       count(*) FILTER (WHERE (a.t < b.t) <> (a.rk < b.rk) OR (a.t <= b.t) <> (a.rk <= b.rk)) AS lt_le_wrong,
       count(*) FILTER (WHERE (a.t > b.t) <> (a.rk > b.rk) OR (a.t >= b.t) <> (a.rk >= b.rk)) AS gt_ge_wrong,
       count(*) FILTER (WHERE (a.t <@ b.t) <> (b.t @> a.t)) AS contained_not_commutator,
       count(*) FILTER (WHERE (a.t <@ b.t) <> (a.t = b.t OR (NOT is_subtechnique(b.t) AND technique_parent(a.t) = b.t))) AS contained_wrong,
       count(*) FILTER (WHERE a.t = b.t AND attack_technique_hash(a.t) <> attack_technique_hash(b.t)) AS hash_wrong
  FROM techs a, techs b;
SELECT count(*) AS techniques,
       count(*) FILTER (WHERE (attack_technique_hash_extended(t, 0) & 4294967295) <> (attack_technique_hash(t)::bigint & 4294967295)) AS seed0_wrong
  FROM techs;

-- Operator classes pass validation.
SELECT opcname, amname, amvalidate(c.oid) AS valid
  FROM pg_opclass c JOIN pg_am m ON m.oid = c.opcmethod
 WHERE opcname IN ('attack_technique_ops', 'attack_technique_hash_ops')
 ORDER BY opcname;

-- Indexes: hash for =, btree for = and ranges (all sub-techniques of a parent).
-- 5000 rows over T1000-T1699; T1566 occurs 7 times: 2 parents, .001 twice, .002 twice, .003 once.
CREATE TEMP TABLE tech_t AS
SELECT g AS id,
       (CASE WHEN (g / 700) % 4 = 0 THEN format('T%s', 1000 + g % 700)
             ELSE format('T%s.%s', 1000 + g % 700, lpad(((g / 700) % 4)::text, 3, '0')) END)::attack_technique AS t
  FROM generate_series(1, 5000) g;
INSERT INTO tech_t VALUES (0, NULL);
ANALYZE tech_t;
CREATE INDEX tech_t_hash ON tech_t USING hash (t);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tech_t WHERE t = 'T1566.001';
SELECT count(*) FROM tech_t WHERE t = 'T1566.001';
DROP INDEX tech_t_hash;
CREATE INDEX tech_t_btree ON tech_t (t);
EXPLAIN (COSTS OFF) SELECT count(*) FROM tech_t WHERE t = 'T1566.001';
SELECT count(*) FROM tech_t WHERE t = 'T1566.001';
EXPLAIN (COSTS OFF) SELECT count(*) FROM tech_t WHERE t >= 'T1566' AND t < 'T1567';
SELECT count(*) FROM tech_t WHERE t >= 'T1566' AND t < 'T1567';
RESET enable_bitmapscan;
RESET enable_seqscan;
SELECT count(*) FILTER (WHERE t = 'T1566.001') AS eq,
       count(*) FILTER (WHERE t <@ 'T1566') AS family,
       count(*) FILTER (WHERE t <@ 'T1566.002') AS sub_family,
       count(*) FILTER (WHERE technique_parent(t) = 'T1566') AS by_parent,
       count(*) FILTER (WHERE t >= 'T1566' AND t < 'T1567') AS range
  FROM tech_t;

-- Binary COPY round trip, arrays included.
SELECT '/tmp/ia_types_technique_' || current_setting('port') || '.bin' AS binfile \gset
CREATE TEMP TABLE tech_bin (id int, t attack_technique, ts attack_technique[]);
INSERT INTO tech_bin SELECT rk, t, ARRAY[t, technique_parent(t), NULL] FROM techs;
INSERT INTO tech_bin VALUES (-1, NULL, NULL);
COPY tech_bin TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE tech_bin2 (LIKE tech_bin);
COPY tech_bin2 FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM tech_bin2) AS copied,
       (SELECT count(*) FROM (SELECT * FROM tech_bin EXCEPT ALL SELECT * FROM tech_bin2) d) AS lost,
       (SELECT count(*) FROM (SELECT * FROM tech_bin2 EXCEPT ALL SELECT * FROM tech_bin) d) AS invented;
SELECT t, attack_technique_send(t) FROM unnest('{T0000,T0880,T1566.001,T9999.999}'::attack_technique[]) t;

-- Hostile binary input: crafted COPY files with one attack_technique field.
CREATE TEMP TABLE tech_in1 (t attack_technique);
CREATE FUNCTION pg_temp.load_technique(payload bytea, path text, OUT loaded text, OUT state text,
                                       OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
DECLARE
  lo oid;
BEGIN
  lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea   -- PGCOPY\n\377\r\n\0
                         || '\x0000000000000000'::bytea      -- flags, header extension
                         || '\x0001'::bytea                  -- one field
                         || int4send(length(payload)) || payload
                         || '\xffff'::bytea);                -- trailer
  PERFORM lo_export(lo, path);
  PERFORM lo_unlink(lo);
  TRUNCATE tech_in1;
  EXECUTE format('COPY tech_in1 FROM %L WITH (FORMAT binary)', path);
  SELECT string_agg(t::text, ',') INTO loaded FROM tech_in1;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL;
END $$;
SELECT what, payload, r.*
  FROM (VALUES ('valid T1566.001', '\x01' || int4send(1566001)),
               ('valid T9999.999', '\x01' || int4send(9999999)),
               ('version 0', '\x00' || int4send(1566001)),
               ('version 2', '\x02' || int4send(1566001)),
               ('10000000', '\x01' || int4send(10000000)),
               ('-1', '\x01' || int4send(-1)),
               ('min int4', '\x01' || int4send(-2147483648)),
               ('empty', '\x'),
               ('version byte only', '\x01'),
               ('int2 instead of int4', '\x01' || int2send(1566::int2)),
               ('one byte too many', '\x01' || int4send(1566001) || '\x00'::bytea)) AS v(what, payload),
       LATERAL pg_temp.load_technique(payload, :'binfile') r;
\set rmcmd 'rm -f ' :binfile
COPY (SELECT 1 WHERE false) TO PROGRAM :'rmcmd';

-- Differential fuzz: 20000 random and mutated ids against a regular-expression
-- oracle; rejections are 22P02 only, acceptances come back upper-case.
SELECT setseed(0.2424);
CREATE TEMP TABLE tech_fuzz AS
WITH alphabet(a) AS (VALUES (E'Tt0123456789.0015 \tx-Ł')),
     seeds(s) AS (VALUES (ARRAY['T1566.001', 't1486', 'T0880', 'T9999.999'])),
     raw AS (
       SELECT g, (SELECT s[1 + (g / 2) % 4] FROM seeds) AS seed, a, random() AS r1, random() AS r2, random() AS r3
         FROM generate_series(1, 20000) g, alphabet)
SELECT g, CASE
         WHEN g % 2 = 0 THEN   -- random string of 0..11 characters
           (SELECT coalesce(string_agg(substr(a, 1 + floor(random() * length(a))::int + 0 * k, 1), ''), '')
              FROM generate_series(1, floor(r1 * 12)::int) k WHERE g > 0)
         WHEN r3 < 0.34 THEN   -- replace one character
           overlay(seed placing substr(a, 1 + floor(r2 * length(a))::int, 1)
                   from 1 + floor(r1 * length(seed))::int for 1)
         WHEN r3 < 0.67 THEN   -- insert one character
           overlay(seed placing substr(a, 1 + floor(r2 * length(a))::int, 1)
                   from 1 + floor(r1 * (length(seed) + 1))::int for 0)
         ELSE                  -- delete one character
           overlay(seed placing '' from 1 + floor(r1 * length(seed))::int for 1)
       END AS lit
  FROM raw;
SELECT count(*) AS tried,
       count(*) FILTER (WHERE r.state IS NULL) > 100 AS over_100_accepted,
       count(*) FILTER (WHERE r.state IS NOT NULL) > 10000 AS over_10000_rejected,
       count(*) FILTER (WHERE r.state <> '22P02') AS other_errors,
       count(*) FILTER (WHERE (r.state IS NULL) <>
                        (f.lit ~ '^[Tt][0-9]{4}(\.[0-9]{3})?$' AND f.lit !~ '\.000$')) AS oracle_disagrees,
       count(*) FILTER (WHERE r.state IS NULL AND r.result <> upper(f.lit)) AS not_upper_case,
       count(*) FILTER (WHERE r.state IS NOT NULL AND strpos(r.message, f.lit) = 0) AS message_misses_input
  FROM tech_fuzz f, LATERAL pg_temp.try_technique(f.lit) r;
