-- Type cia: text input and output, constructor, accessors, cia_magnitude.
SET search_path = incident_analytics, public;

-- Runs one literal through the cia input function and reports either the
-- canonical output or the error (SQLSTATE, message, detail) without aborting.
CREATE FUNCTION pg_temp.try_cia(lit text, OUT result text, OUT state text,
                                OUT message text, OUT detail text)
LANGUAGE plpgsql AS $$
BEGIN
  result := lit::incident_analytics.cia::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT,
                          detail = PG_EXCEPTION_DETAIL;
END $$;

-- Valid literals: canonical output is upper-case C:x/I:x/A:x.
SELECT n, format('%L', lit) AS input, r.result, r.state
  FROM (VALUES
    (1, 'C:H/I:N/A:L'),
    (2, 'C:N/I:N/A:N'),
    (3, 'C:X/I:X/A:X'),
    (4, 'C:H/I:H/A:H'),
    (5, 'c:h/i:n/a:l'),
    (6, 'C:l/i:X/A:h'),
    (7, '  C:H/I:N/A:L  '),
    (8, E'\tC:L/I:L/A:L\n'),
    (9, 'CIA:1.0/C:H/I:L/A:N'),
    (10, 'cia:1.0/c:x/i:h/a:x'),
    (11, 'CiA:1.0/C:N/I:N/A:H'),
    (12, ' CIA:1.0/C:L/I:N/A:X ')
  ) AS v(n, lit), LATERAL pg_temp.try_cia(lit) r
UNION ALL
SELECT 13, '10000 blanks + C:H/I:H/A:L + 10000 blanks', r.result, r.state
  FROM pg_temp.try_cia(repeat(' ', 10000) || 'C:H/I:H/A:L' || repeat(' ', 10000)) r
 ORDER BY 1;

-- Invalid literals: every one is 22P02 and the message names the input.
SELECT n, format('%L', lit) AS input, r.state, r.result IS NULL AS rejected,
       strpos(r.message, '"' || lit || '"') > 0 AS message_names_input, r.detail
  FROM (VALUES
    (1, ''),
    (2, ' '),
    (3, E' \t\n '),
    (4, 'C:H/I:N'),
    (5, 'C:H/I:N/'),
    (6, 'C:H/A:L'),
    (7, 'I:N/A:L'),
    (8, 'C:H'),
    (9, 'C:H/I:N/A:L/'),
    (10, 'C:H/I:N/A:Lx'),
    (11, 'C:H/I:N/A:L junk'),
    (12, 'C:H/I:N/A:L;'),
    (13, 'C:H/C:N/A:L'),
    (14, 'C:H/I:N/I:L'),
    (15, 'C:H/I:N/A:L/A:L'),
    (16, 'I:N/C:H/A:L'),
    (17, 'A:L/I:N/C:H'),
    (18, 'C:H/A:L/I:N'),
    (19, 'C:Q/I:N/A:L'),
    (20, 'C:H/I:M/A:L'),
    (21, 'C:H/I:N/A:0'),
    (22, 'C:/I:N/A:L'),
    (23, 'C:HH/I:N/A:L'),
    (24, 'CH/I:N/A:L'),
    (25, 'C=H/I:N/A:L'),
    (26, 'C:HI:N/A:L'),
    (27, 'C:H,I:N,A:L'),
    (28, 'C:H I:N A:L'),
    (29, 'C:H/ I:N/A:L'),
    (30, 'C :H/I:N/A:L'),
    (31, 'C: H/I:N/A:L'),
    (32, 'C:H /I:N/A:L'),
    (33, 'C:H/I:N/A:L /'),
    (34, 'CIA:1.0/'),
    (35, 'CIA:1.0'),
    (36, 'CIA:2.0/C:H/I:N/A:L'),
    (37, 'CIA:1.0/CIA:1.0/C:H/I:N/A:L'),
    (38, 'X:H/I:N/A:L'),
    (39, 'C:Ł/I:N/A:L'),
    (40, 'С:H/I:N/A:L'),
    (41, 'C:H/I:N/A:Ｌ'),
    (42, 'H/N/L'),
    (43, 'HNL'),
    (44, 'C:high/I:none/A:low'),
    (45, '/C:H/I:N/A:L')
  ) AS v(n, lit), LATERAL pg_temp.try_cia(lit) r
 ORDER BY n;

-- Overlong inputs: rejected in linear time, the message quotes a prefix only.
SELECT what, length(lit) AS input_length, r.state, length(r.message) AS message_length,
       r.message, r.detail
  FROM (VALUES
    ('repeat(C:H/, 10000)', repeat('C:H/', 10000)),
    ('value + 100000 x', 'C:H/I:N/A:L' || repeat('x', 100000)),
    ('100000 x', repeat('x', 100000)),
    ('5000 times Ł', repeat('Ł', 5000))
  ) AS v(what, lit), LATERAL pg_temp.try_cia(lit) r
 ORDER BY what;

-- The full error report of a bad literal, as a user sees it.
SELECT 'C:H/I:N/I:L'::cia;
SELECT ''::cia;
SELECT cia 'C:H/I:N/A:L junk';
-- Array input goes through the same parser.
SELECT '{C:H/I:N/A:L, c:l/i:l/a:l , "cia:1.0/c:x/i:x/a:x"}'::cia[] AS arr;
SELECT '{C:H/I:N/A:L,C:H}'::cia[];
-- Casts from and to text.
SELECT 'c:h/i:h/a:n'::text::cia AS from_text, ('C:L/I:N/A:X'::cia)::text AS to_text,
       pg_typeof(('C:L/I:N/A:X'::cia)::text) AS to_text_type;
SELECT NULL::text::cia IS NULL AS null_stays_null;

-- Constructor cia(c, i, a): case-insensitive levels, blanks around trimmed.
SELECT cia('H', 'N', 'L') AS a, cia('h', 'n', 'l') AS b, cia(' x ', 'X', 'x') AS c,
       cia('N', 'N', 'N') AS d, cia('L', 'H', 'X') AS e;
SELECT cia(NULL, 'N', 'N') IS NULL AS strict_null;
-- Bad arguments are 22023 and name the component and the argument.
CREATE FUNCTION pg_temp.try_make(c text, i text, a text, OUT result text, OUT state text,
                                 OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
  result := incident_analytics.cia(c, i, a)::text;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
END $$;
SELECT format('cia(%L, %L, %L)', c, i, a) AS call, r.*
  FROM (VALUES ('Q', 'N', 'N'), ('', 'N', 'N'), (' ', 'N', 'N'), ('HH', 'N', 'N'),
               ('N', 'high', 'N'), ('N', 'N', 'Ł'), ('N', 'N', '0'), ('N', 'N', 'C:H'))
       AS v(c, i, a), LATERAL pg_temp.try_make(c, i, a) r;
SELECT cia('N', 'N', 'Q');

-- Accessors: 'N', 'L', 'H', or NULL for X.
SELECT v, confidentiality(v) AS c, integrity(v) AS i, availability(v) AS a,
       confidentiality(v) IS NULL AS c_unknown
  FROM unnest('{C:H/I:N/A:L,C:X/I:L/A:H,C:N/I:X/A:X,C:X/I:X/A:X,C:L/I:H/A:N}'::cia[]) AS v;
SELECT pg_typeof(confidentiality('C:H/I:N/A:L')) AS accessor_type,
       confidentiality(NULL::cia) IS NULL AS strict_null;

-- cia_magnitude: 1-(1-c)(1-i)(1-a) with H=0.56, L=0.22, N=0; X counts 0; all X gives NULL.
SELECT v, cia_magnitude(v) AS magnitude
  FROM unnest('{C:H/I:H/A:H,C:H/I:N/A:N,C:L/I:N/A:N,C:L/I:L/A:L,C:H/I:L/A:N,C:H/I:X/A:X,C:N/I:N/A:N,C:X/I:N/A:X,C:X/I:X/A:X}'::cia[]) AS v
 ORDER BY magnitude NULLS FIRST, v;
-- Exact checks of the documented values.
SELECT cia_magnitude('C:H/I:H/A:H') = 0.914816 AS hhh_is_0_914816,
       cia_magnitude('C:L/I:L/A:L') = 0.525448 AS lll_is_0_525448,
       cia_magnitude('C:N/I:N/A:N') = 0 AS nnn_is_zero,
       cia_magnitude('C:X/I:X/A:X') IS NULL AS xxx_is_null,
       cia_magnitude('C:H/I:X/A:X') = 0.56 AS x_counts_zero;
-- All 64 vectors against the formula computed in numeric: no mismatch.
WITH lv(l, w) AS (VALUES ('X', 0), ('N', 0), ('L', 0.22), ('H', 0.56)),
     v AS (SELECT cia(c.l, i.l, a.l) AS v,
                  CASE WHEN c.l = 'X' AND i.l = 'X' AND a.l = 'X' THEN NULL
                       ELSE 1 - (1 - c.w) * (1 - i.w) * (1 - a.w) END AS expected
             FROM lv c, lv i, lv a)
SELECT count(*) AS vectors,
       count(*) FILTER (WHERE cia_magnitude(v) IS DISTINCT FROM expected::float8) AS mismatches,
       count(*) FILTER (WHERE cia_magnitude(v) IS NULL) AS nulls,
       min(cia_magnitude(v)) AS min, max(cia_magnitude(v)) AS max
  FROM v;

-- Differential fuzz: 20000 random and mutated literals.  The parser must agree
-- with a regular-expression oracle of the grammar, reject only with 22P02, and
-- every accepted literal must come back in canonical form that parses again.
SELECT setseed(0.4242);
CREATE TEMP TABLE cia_fuzz AS
WITH alphabet(a) AS (VALUES (E'CIAcia:/HNLXhnlx10. \t-Ł')),
     seeds(s) AS (VALUES (ARRAY['C:H/I:N/A:L', 'CIA:1.0/c:x/i:l/a:h', ' C:N/I:N/A:N ', 'C:H/I:H/A:H'])),
     raw AS (
       SELECT g, (SELECT s[1 + (g / 2) % 4] FROM seeds) AS seed, a, random() AS r1, random() AS r2, random() AS r3
         FROM generate_series(1, 20000) g, alphabet)
SELECT g, CASE
         WHEN g % 2 = 0 THEN   -- random string of 0..23 characters
           (SELECT coalesce(string_agg(substr(a, 1 + floor(random() * length(a))::int + 0 * k, 1), ''), '')
              FROM generate_series(1, floor(r1 * 24)::int) k WHERE g > 0)
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
                        (f.lit ~* E'^[ \\t\\n\\r\\f\\v]*(cia:1\\.0/)?c:[xnlh]/i:[xnlh]/a:[xnlh][ \\t\\n\\r\\f\\v]*$')) AS oracle_disagrees,
       count(*) FILTER (WHERE r.state IS NULL AND (r.result::cia::text <> r.result
                                                   OR r.result <> upper(r.result))) AS not_canonical,
       count(*) FILTER (WHERE r.state IS NOT NULL AND strpos(r.message, f.lit) = 0) AS message_misses_input
  FROM cia_fuzz f, LATERAL pg_temp.try_cia(f.lit) r;
