-- Type cia: comparison and lattice operators, operator classes, indexes,
-- binary COPY, hostile binary input, the cia_union aggregate (also parallel).
SET search_path = incident_analytics, public;

-- All 64 vectors, with the rank of each component (X=0 < N=1 < L=2 < H=3).
CREATE TEMP TABLE lv(l text, r int);
INSERT INTO lv VALUES ('X', 0), ('N', 1), ('L', 2), ('H', 3);
CREATE TEMP TABLE all_cia AS
SELECT cia(c.l, i.l, a.l) AS v, c.r AS cr, i.r AS ir, a.r AS ar, c.r * 16 + i.r * 4 + a.r AS lex
  FROM lv c, lv i, lv a;
SELECT count(*) AS vectors, count(DISTINCT v) AS distinct_vectors FROM all_cia;

-- Documented order: lexicographic on C, then I, then A, with X < N < L < H.
SELECT v FROM unnest('{C:N/I:X/A:X,C:X/I:H/A:H,C:L/I:N/A:N,C:X/I:X/A:X,C:H/I:X/A:X,C:X/I:X/A:H,C:N/I:H/A:H,C:L/I:X/A:H,C:X/I:N/A:X}'::cia[]) AS v
 ORDER BY v;
-- ORDER BY over all 64 vectors agrees with the lexicographic rank.
SELECT array_agg(lex ORDER BY v) = array_agg(lex ORDER BY lex) AS order_by_is_lexicographic
  FROM all_cia;

-- Every operator agrees with cia_cmp and with the rank, on all 4096 pairs.
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sign(cia_cmp(a.v, b.v)) <> sign(a.lex - b.lex)) AS cmp_wrong,
       count(*) FILTER (WHERE (a.v = b.v) <> (a.lex = b.lex)) AS eq_wrong,
       count(*) FILTER (WHERE (a.v <> b.v) <> (a.lex <> b.lex)) AS ne_wrong,
       count(*) FILTER (WHERE (a.v < b.v) <> (a.lex < b.lex)) AS lt_wrong,
       count(*) FILTER (WHERE (a.v <= b.v) <> (a.lex <= b.lex)) AS le_wrong,
       count(*) FILTER (WHERE (a.v > b.v) <> (a.lex > b.lex)) AS gt_wrong,
       count(*) FILTER (WHERE (a.v >= b.v) <> (a.lex >= b.lex)) AS ge_wrong,
       count(*) FILTER (WHERE cia_cmp(a.v, b.v) <> -cia_cmp(b.v, a.v)) AS cmp_antisymmetry_wrong,
       count(*) FILTER (WHERE (a.v = b.v) AND cia_hash(a.v) <> cia_hash(b.v)) AS hash_wrong,
       count(*) FILTER (WHERE (a.v <> b.v) AND cia_hash(a.v) = cia_hash(b.v)) AS hash_collisions
  FROM all_cia a, all_cia b;
-- Extended hash with seed 0 has the standard hash in its low 32 bits; a seed changes it.
SELECT count(*) FILTER (WHERE (cia_hash_extended(v, 0) & 4294967295) <> (cia_hash(v)::bigint & 4294967295)) AS seed0_wrong,
       count(*) FILTER (WHERE cia_hash_extended(v, 42) = cia_hash_extended(v, 0)) AS seed_ignored
  FROM all_cia;

-- Truth tables on one level (the same on each component): | is the maximum
-- (X | v = v), & the minimum (X & v = X), @> and <@ compare in X < N < L < H.
SELECT a.l AS a, b.l AS b,
       confidentiality(cia(a.l, 'N', 'N') | cia(b.l, 'N', 'N')) AS "a|b",
       confidentiality(cia(a.l, 'N', 'N') & cia(b.l, 'N', 'N')) AS "a&b",
       cia(a.l, a.l, a.l) | cia(b.l, b.l, b.l) AS "aaa|bbb",
       cia(a.l, a.l, a.l) & cia(b.l, b.l, b.l) AS "aaa&bbb",
       cia(a.l, a.l, a.l) @> cia(b.l, b.l, b.l) AS "aaa@>bbb",
       cia(a.l, a.l, a.l) <@ cia(b.l, b.l, b.l) AS "aaa<@bbb"
  FROM lv a, lv b
 ORDER BY a.r, b.r;
-- Component-wise on mixed vectors.
SELECT a, b, a | b AS "a|b", a & b AS "a&b", a @> b AS "a@>b", a <@ b AS "a<@b", b @> a AS "b@>a"
  FROM (VALUES ('C:H/I:N/A:X'::cia, 'C:L/I:L/A:N'::cia),
               ('C:H/I:H/A:L', 'C:H/I:L/A:L'),
               ('C:H/I:X/A:X', 'C:X/I:X/A:X'),
               ('C:X/I:X/A:X', 'C:N/I:N/A:N'),
               ('C:N/I:N/A:N', 'C:X/I:N/A:X'),
               ('C:L/I:N/A:H', 'C:N/I:L/A:H'),
               ('C:H/I:H/A:H', 'C:H/I:H/A:H')) AS t(a, b);
-- Lattice laws on all 4096 pairs: a @> b iff a | b = a iff a & b = b; <@ is the
-- commutator of @>; | and & commute and absorb; dominance implies >= in the order.
SELECT count(*) FILTER (WHERE (a.v @> b.v) <> (a.cr >= b.cr AND a.ir >= b.ir AND a.ar >= b.ar)) AS contains_wrong,
       count(*) FILTER (WHERE (a.v @> b.v) <> ((a.v | b.v) = a.v)) AS contains_vs_or,
       count(*) FILTER (WHERE (a.v @> b.v) <> ((a.v & b.v) = b.v)) AS contains_vs_and,
       count(*) FILTER (WHERE (a.v <@ b.v) <> (b.v @> a.v)) AS contained_not_commutator,
       count(*) FILTER (WHERE (a.v | b.v) <> (b.v | a.v) OR (a.v & b.v) <> (b.v & a.v)) AS not_commutative,
       count(*) FILTER (WHERE (a.v | (a.v & b.v)) <> a.v OR (a.v & (a.v | b.v)) <> a.v) AS not_absorbing,
       count(*) FILTER (WHERE NOT ((a.v | b.v) @> a.v AND (a.v & b.v) <@ a.v)) AS not_bounds,
       count(*) FILTER (WHERE (a.v @> b.v) AND a.v < b.v) AS dominance_against_order
  FROM all_cia a, all_cia b;
SELECT count(*) FILTER (WHERE (v | v) <> v OR (v & v) <> v OR NOT v @> v) AS not_idempotent,
       count(*) FILTER (WHERE (v | 'C:X/I:X/A:X') <> v) AS x_not_identity_of_or,
       count(*) FILTER (WHERE (v & 'C:X/I:X/A:X') <> 'C:X/I:X/A:X') AS x_not_zero_of_and,
       count(*) FILTER (WHERE NOT v @> 'C:X/I:X/A:X') AS x_not_bottom,
       count(*) FILTER (WHERE NOT 'C:H/I:H/A:H' @> v) AS hhh_not_top
  FROM all_cia;

-- Operator classes pass the access methods' own validation.
SELECT opcname, amname, amvalidate(c.oid) AS valid
  FROM pg_opclass c JOIN pg_am m ON m.oid = c.opcmethod
 WHERE opcname IN ('cia_ops', 'cia_hash_ops')
 ORDER BY opcname;
SELECT o.oprname, o.oprcanhash, o.oprcanmerge, o.oprcom::regoperator AS commutator,
       o.oprnegate::regoperator AS negator
  FROM pg_operator o
 WHERE o.oprleft = 'cia'::regtype AND o.oprright = 'cia'::regtype
 ORDER BY o.oprname;

-- Indexes: a hash index answers =, a btree index answers = and ranges.
CREATE TEMP TABLE cia_t AS
SELECT g AS id, v FROM all_cia, generate_series(1, 50) g;
INSERT INTO cia_t VALUES (0, NULL);
ANALYZE cia_t;
CREATE INDEX cia_t_hash ON cia_t USING hash (v);
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM cia_t WHERE v = 'C:H/I:N/A:L';
SELECT count(*) FROM cia_t WHERE v = 'C:H/I:N/A:L';
SELECT count(*) FROM cia_t WHERE v = 'c:h/i:n/a:l';
DROP INDEX cia_t_hash;
CREATE INDEX cia_t_btree ON cia_t (v);
EXPLAIN (COSTS OFF) SELECT count(*) FROM cia_t WHERE v = 'C:H/I:N/A:L';
SELECT count(*) FROM cia_t WHERE v = 'C:H/I:N/A:L';
EXPLAIN (COSTS OFF) SELECT count(*) FROM cia_t WHERE v >= 'C:H/I:X/A:X';
SELECT count(*) FROM cia_t WHERE v >= 'C:H/I:X/A:X';
SELECT count(*) FROM cia_t WHERE v > 'C:L/I:H/A:H' AND v < 'C:H/I:N/A:X';
EXPLAIN (COSTS OFF) SELECT DISTINCT v FROM cia_t ORDER BY v LIMIT 3;
SELECT DISTINCT v FROM cia_t ORDER BY v LIMIT 3;
SELECT DISTINCT v FROM cia_t ORDER BY v DESC NULLS LAST LIMIT 3;
RESET enable_bitmapscan;
-- The same answers without indexes.
RESET enable_seqscan;
DROP INDEX cia_t_btree;
SELECT count(*) FILTER (WHERE v = 'C:H/I:N/A:L') AS eq,
       count(*) FILTER (WHERE v >= 'C:H/I:X/A:X') AS ge,
       count(*) FILTER (WHERE v > 'C:L/I:H/A:H' AND v < 'C:H/I:N/A:X') AS between_
  FROM cia_t;
-- = hashes and merges: hash join, merge join and hash aggregation work.
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM all_cia a JOIN all_cia b ON a.v = b.v;
SELECT count(*) FROM all_cia a JOIN all_cia b ON a.v = b.v;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM all_cia a JOIN all_cia b ON a.v = b.v;
SELECT count(*) FROM all_cia a JOIN all_cia b ON a.v = b.v;
RESET enable_hashjoin;
RESET enable_nestloop;
SET enable_sort = off;
SELECT count(*) AS groups, min(n), max(n) FROM (SELECT v, count(*) AS n FROM cia_t GROUP BY v) s;
RESET enable_sort;

-- Binary COPY round trip (the version byte and packed value survive), arrays included.
SELECT '/tmp/ia_types_cia_' || current_setting('port') || '.bin' AS binfile \gset
CREATE TEMP TABLE cia_bin (id int, v cia, vs cia[]);
INSERT INTO cia_bin SELECT lex, v, ARRAY[v, 'C:X/I:X/A:X', NULL] FROM all_cia;
INSERT INTO cia_bin VALUES (-1, NULL, NULL);
COPY cia_bin TO :'binfile' WITH (FORMAT binary);
CREATE TEMP TABLE cia_bin2 (LIKE cia_bin);
COPY cia_bin2 FROM :'binfile' WITH (FORMAT binary);
SELECT (SELECT count(*) FROM cia_bin2) AS copied,
       (SELECT count(*) FROM (SELECT * FROM cia_bin EXCEPT ALL SELECT * FROM cia_bin2) d) AS lost,
       (SELECT count(*) FROM (SELECT * FROM cia_bin2 EXCEPT ALL SELECT * FROM cia_bin) d) AS invented;
-- The binary form: version byte 1, then C, I, A as nibbles of an int16.
SELECT v, cia_send(v) FROM unnest('{C:X/I:X/A:X,C:N/I:L/A:H,C:H/I:H/A:H}'::cia[]) v;

-- Hostile binary input: crafted COPY files with one cia field.  Wrong version
-- bytes, reserved bits, levels out of range and wrong lengths are all 22P03.
CREATE TEMP TABLE cia_in1 (v cia);
CREATE FUNCTION pg_temp.load_cia(payload bytea, path text, OUT loaded text, OUT state text,
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
  TRUNCATE cia_in1;
  EXECUTE format('COPY cia_in1 FROM %L WITH (FORMAT binary)', path);
  SELECT string_agg(v::text, ',') INTO loaded FROM cia_in1;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL;
END $$;
SELECT what, payload, r.*
  FROM (VALUES ('valid C:N/I:L/A:H', '\x010123'::bytea),
               ('valid C:X/I:X/A:X', '\x010000'),
               ('version 0', '\x000123'),
               ('version 2', '\x020123'),
               ('version 255', '\xff0123'),
               ('level 4 in A', '\x010004'),
               ('level 15 in C', '\x010f00'),
               ('reserved bits set', '\x011333'),
               ('all bits set', '\x01ffff'),
               ('empty', '\x'),
               ('version byte only', '\x01'),
               ('one byte short', '\x0101'),
               ('one byte too many', '\x01012300')) AS t(what, payload),
       LATERAL pg_temp.load_cia(payload, :'binfile') r;
\set rmcmd 'rm -f ' :binfile
COPY (SELECT 1 WHERE false) TO PROGRAM :'rmcmd';

-- cia_union: fold with |; NULL for an empty or all-NULL set, NULLs skipped.
SELECT cia_union(v) IS NULL AS empty_is_null FROM cia_t WHERE false;
SELECT cia_union(v) IS NULL AS all_null_is_null FROM cia_t WHERE v IS NULL;
SELECT cia_union(v) FROM (VALUES ('C:H/I:X/A:N'::cia), (NULL), ('C:L/I:L/A:X')) t(v);
SELECT cia_union(v) FROM (VALUES ('C:X/I:X/A:X'::cia), ('C:X/I:X/A:X')) t(v);
SELECT cia_union(v) FROM (VALUES ('C:N/I:N/A:N'::cia), ('C:X/I:X/A:X')) t(v);
SELECT cia_union(v) FROM all_cia;
SELECT cr, cia_union(v) FROM all_cia WHERE ir < 2 AND ar = 0 GROUP BY cr ORDER BY cr;

-- Parallel aggregation: partial states combine with the same | and give the
-- serial answer.  One H per component sits in the last rows of the table.
CREATE TABLE cia_par (id int, v cia);
INSERT INTO cia_par
SELECT g, (ARRAY['C:N/I:N/A:N', 'C:L/I:X/A:N', 'C:X/I:L/A:X', NULL, 'C:N/I:N/A:L']::cia[])[g % 5 + 1]
  FROM generate_series(1, 100000) g;
INSERT INTO cia_par VALUES (100001, 'C:H/I:X/A:X'), (100002, 'C:X/I:H/A:N'), (100003, 'C:N/I:N/A:H');
ANALYZE cia_par;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT cia_union(v) FROM cia_par;
SELECT cia_union(v) AS parallel_union FROM cia_par;
SELECT cia_union(v) FILTER (WHERE id <= 100000) AS parallel_union_no_h FROM cia_par;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT id % 3 AS k, cia_union(v) FROM cia_par GROUP BY 1;
CREATE TEMP TABLE par_result AS SELECT id % 3 AS k, cia_union(v) AS u FROM cia_par GROUP BY 1;
RESET enable_sort;
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT cia_union(v) FROM cia_par;
SELECT cia_union(v) AS serial_union FROM cia_par;
SELECT k, u, u = (SELECT cia_union(v) FROM cia_par WHERE id % 3 = k) AS equals_serial
  FROM par_result ORDER BY k;
RESET max_parallel_workers_per_gather;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
DROP TABLE cia_par;
