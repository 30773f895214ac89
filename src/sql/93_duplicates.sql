-- The same incident reported by several sources: find_duplicates() scores
-- candidate pairs Fellegi-Sunter style, merge_duplicates() marks them (the
-- column incidents.duplicate_of is in 31_duplicate_of.sql) and folds what a
-- duplicate knows into the kept record where no reader gains anything.
-- docs/duplicates.md explains the model and its measured precision/recall;
-- test/pgtap/93_duplicates.sql and test/scripts/93_duplicates_*.sh check it.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

-- The normalisers (src/dedup.c): words folded to ASCII, organisation kinds
-- and common report words translated to English, legal forms and function
-- words of five languages dropped.
CREATE FUNCTION incident_analytics_internal.dup_name_key(victim text)
RETURNS text
AS 'MODULE_PATHNAME', 'dup_name_key'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_name_key(text) IS
  'internal: the blocking key of a victim name: its distinctive words (accents folded, legal forms and function words dropped, organisation kinds such as comune/city/ville left out), sorted and joined by blanks; NULL when none. Indexed on incidents';

CREATE FUNCTION incident_analytics_internal.dup_block_keys(victim text)
RETURNS text[]
AS 'MODULE_PATHNAME', 'dup_block_keys'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_block_keys(text) IS
  'internal: the blocking keys of a victim name for find_duplicates: n:<name key>, a:<acronym> for the initials of its words and the words it writes in capitals, t:<word> for each distinctive word of four letters or more, p:<its first five letters> for each of six or more, s:<name key with the letters of each word sorted>';

CREATE FUNCTION incident_analytics_internal.dup_words(t text, is_name boolean)
RETURNS text[]
AS 'MODULE_PATHNAME', 'dup_words'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_words(text, boolean) IS
  'internal: the normalised words duplicate detection compares (accents folded, kinds and report words translated to English, function words dropped; legal forms too when is_name), sorted and distinct; NULL when none';

CREATE FUNCTION incident_analytics_internal.dup_name_level(a text, b text)
RETURNS text
AS 'MODULE_PATHNAME', 'dup_name_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_name_level(text, text) IS
  'internal: how two victim names agree: same, acronym, variant (one''s distinctive words all in the other), partial, weak (one word shared), other_org (shared words, different kinds of organisation), different; NULL when either has no word';

CREATE FUNCTION incident_analytics_internal.dup_text_similarity(a text, b text)
RETURNS double precision
AS 'MODULE_PATHNAME', 'dup_text_similarity'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_text_similarity(text, text) IS
  'internal: share of the shorter text''s normalised, translated words found in the longer one (0..1); NULL when either has fewer than three words';

CREATE FUNCTION incident_analytics_internal.dup_text_level(a text, b text)
RETURNS text
AS 'MODULE_PATHNAME', 'dup_text_level'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.dup_text_level(text, text) IS
  'internal: how two titles/summaries agree: high (half of the shorter text''s normalised, translated words in the other), medium (a quarter), unrelated (less, both of six words or more), low (less, a shorter text); NULL when either has fewer than three words';

-- Expression index: the per-victim lookup (which incidents name this
-- victim?) and the name blocks of find_duplicates read it.
CREATE INDEX incidents_dup_name_key_idx ON @extschema@.incidents (incident_analytics_internal.dup_name_key(victim));

-- The Fellegi-Sunter model: per field and agreement level, m = P(level |
-- same incident) and u = P(level | different incidents among the candidate
-- pairs); the weight is log2(m/u).  'prior' holds lambda (m) and 1 - lambda
-- (u), the share of true pairs among the candidates.  Estimated on the
-- training half of the labelled set (docs/duplicates.md).  A level with
-- m = u (unknown) weighs nothing.
CREATE FUNCTION incident_analytics_internal.duplicate_weights()
RETURNS TABLE (field text, level text, m double precision, u double precision, weight double precision)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT v.field, v.level, v.m, v.u,
         pg_catalog.ln(v.m OPERATOR(pg_catalog./) v.u) OPERATOR(pg_catalog./) pg_catalog.ln(2::double precision)
    FROM (VALUES
      ('prior',      'lambda',          0.00687::double precision, 0.99313::double precision),
      ('victim',     'same',            0.653,  0.0042),
      ('victim',     'acronym',         0.0933, 0.0001),
      ('victim',     'variant',         0.173,  0.0007),
      ('victim',     'partial',         0.0400, 0.0025),
      ('victim',     'other_org',       0.0000001, 0.0023),
      ('victim',     'weak',            0.0000001, 0.0095),
      ('victim',     'different',       0.000001, 0.981),
      ('victim',     'unknown',         1,      1),
      ('date',       'same_day',        0.117,  0.0025),
      ('date',       'within_3_days',   0.117,  0.0007),
      ('date',       'within_2_weeks',  0.039,  0.0017),
      ('date',       'within_2_months', 0.013,  0.0133),
      ('date',       'within_a_year',   0.013,  0.0948),
      ('date',       'years_apart',     0.001,  0.825),
      ('date',       'same_month',      0.403,  0.0202),
      ('date',       'same_year',       0.273,  0.0127),
      ('date',       'adjacent_year',   0.013,  0.0290),
      ('date',       'unknown',         1,      1),
      ('url',        'shared',          0.236,  0.0025),
      ('url',        'shared_list',     0.0694, 0.0107),
      ('url',        'different',       0.347,  0.761),
      ('url',        'unknown',         1,      1),
      ('country',    'same',            0.831,  0.355),
      ('country',    'different',       0.0141, 0.547),
      ('country',    'unknown',         1,      1),
      ('sector',     'same',            0.887,  0.149),
      ('sector',     'different',       0.0141, 0.792),
      ('sector',     'unknown',         1,      1),
      ('text',       'high',            0.699,  0.0282),
      ('text',       'medium',          0.0959, 0.0615),
      ('text',       'low',             0.0959, 0.392),
      ('text',       'unrelated',       0.0411, 0.459),
      ('text',       'unknown',         1,      1),
      ('techniques', 'overlap',         0.50,  0.30),
      ('techniques', 'disjoint',        0.20,  0.50),
      ('techniques', 'unknown',         1,     1),
      ('source',     'same',            0.0143, 0.228),
      ('source',     'different',       0.986,  0.772)) AS v(field, level, m, u);
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_weights() IS
  'internal: the Fellegi-Sunter m and u probabilities of find_duplicates per field and agreement level, and weight = log2(m/u); field prior holds lambda and 1 - lambda';

-- The agreement levels of two incidents, field by field (the rows of
-- duplicate_weights), from the columns find_duplicates compares.
CREATE FUNCTION incident_analytics_internal.duplicate_levels(
    victim_a text, victim_b text,
    on_a date, precision_a @extschema@.date_precision, on_b date, precision_b @extschema@.date_precision,
    sources_a text[], sources_b text[], url_holders bigint, country_a text, country_b text,
    sector_a text, sector_b text, text_a text, text_b text,
    techniques_a @extschema@.attack_technique[], techniques_b @extschema@.attack_technique[],
    source_a text, source_b text)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT ARRAY[
    COALESCE(incident_analytics_internal.dup_name_level(victim_a, victim_b), 'unknown'),
    -- dates at the coarser precision of the two
    CASE WHEN on_a IS NULL OR on_b IS NULL THEN 'unknown'
         WHEN GREATEST(precision_a, precision_b) OPERATOR(pg_catalog.=) 'year'::@extschema@.date_precision THEN
           CASE pg_catalog.abs(pg_catalog.date_part('year', on_a) OPERATOR(pg_catalog.-) pg_catalog.date_part('year', on_b))
                WHEN 0 THEN 'same_year' WHEN 1 THEN 'adjacent_year' ELSE 'years_apart' END
         WHEN GREATEST(precision_a, precision_b) OPERATOR(pg_catalog.=) 'month'::@extschema@.date_precision THEN
           CASE pg_catalog.abs((pg_catalog.date_part('year', on_a) OPERATOR(pg_catalog.*) 12 OPERATOR(pg_catalog.+) pg_catalog.date_part('month', on_a))
                               OPERATOR(pg_catalog.-)
                               (pg_catalog.date_part('year', on_b) OPERATOR(pg_catalog.*) 12 OPERATOR(pg_catalog.+) pg_catalog.date_part('month', on_b)))
                WHEN 0 THEN 'same_month' WHEN 1 THEN 'within_2_months' WHEN 2 THEN 'within_2_months'
                WHEN 3 THEN 'within_a_year' WHEN 4 THEN 'within_a_year' WHEN 5 THEN 'within_a_year'
                WHEN 6 THEN 'within_a_year' WHEN 7 THEN 'within_a_year' WHEN 8 THEN 'within_a_year'
                WHEN 9 THEN 'within_a_year' WHEN 10 THEN 'within_a_year' WHEN 11 THEN 'within_a_year'
                ELSE 'years_apart' END
         ELSE
           CASE WHEN on_a OPERATOR(pg_catalog.=) on_b THEN 'same_day'
                WHEN pg_catalog.abs(on_a OPERATOR(pg_catalog.-) on_b) OPERATOR(pg_catalog.<=) 3 THEN 'within_3_days'
                WHEN pg_catalog.abs(on_a OPERATOR(pg_catalog.-) on_b) OPERATOR(pg_catalog.<=) 14 THEN 'within_2_weeks'
                WHEN pg_catalog.abs(on_a OPERATOR(pg_catalog.-) on_b) OPERATOR(pg_catalog.<=) 62 THEN 'within_2_months'
                WHEN pg_catalog.abs(on_a OPERATOR(pg_catalog.-) on_b) OPERATOR(pg_catalog.<=) 366 THEN 'within_a_year'
                ELSE 'years_apart' END
    END,
    -- a URL of a page about this incident, or of a list (a collective
    -- report, an article naming a campaign's victims) that more than three
    -- incidents cite
    CASE WHEN sources_a OPERATOR(pg_catalog.&&) sources_b THEN
           CASE WHEN url_holders OPERATOR(pg_catalog.<=) 3 THEN 'shared' ELSE 'shared_list' END
         WHEN sources_a IS NOT NULL AND sources_b IS NOT NULL THEN 'different' ELSE 'unknown' END,
    CASE WHEN country_a OPERATOR(pg_catalog.=) country_b THEN 'same'
         WHEN country_a IS NOT NULL AND country_b IS NOT NULL THEN 'different' ELSE 'unknown' END,
    CASE WHEN pg_catalog.left(sector_a, 2) OPERATOR(pg_catalog.=) pg_catalog.left(sector_b, 2) THEN 'same'
         WHEN sector_a IS NOT NULL AND sector_b IS NOT NULL THEN 'different' ELSE 'unknown' END,
    COALESCE(incident_analytics_internal.dup_text_level(text_a, text_b), 'unknown'),
    CASE WHEN techniques_a IS NULL OR techniques_b IS NULL THEN 'unknown'
         WHEN techniques_a::text[] OPERATOR(pg_catalog.&&) techniques_b::text[] THEN 'overlap' ELSE 'disjoint' END,
    -- one source seldom reports one incident twice (it has its own ids)
    CASE WHEN source_a OPERATOR(pg_catalog.=) source_b THEN 'same' ELSE 'different' END];
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_levels(text, text, date, @extschema@.date_precision, date, @extschema@.date_precision, text[], text[], bigint, text, text, text, text, text, text, @extschema@.attack_technique[], @extschema@.attack_technique[], text, text) IS
  'internal: the agreement levels of two incidents in the order victim, date (at the coarser precision), url (shared, or shared_list when the URL they share is cited by url_holders > 3 incidents), country, sector, text (title and summary words), techniques, source (the same source or two); the levels of duplicate_weights';

CREATE FUNCTION @extschema@.find_duplicates(min_score double precision DEFAULT 0.8)
RETURNS TABLE (incident_id bigint, duplicate_id bigint, score double precision, reasons text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
-- the blocks' join is costed far above what it does (the planner cannot
-- know the blocks are capped); JIT compiling it would cost seconds
SET jit = off
AS $$
BEGIN
  IF min_score IS NULL OR min_score OPERATOR(pg_catalog.=) 'NaN'::double precision
     OR min_score OPERATOR(pg_catalog.<) 0 OR min_score OPERATOR(pg_catalog.>) 1 THEN
    RAISE EXCEPTION 'find_duplicates: min_score % is not between 0 and 1', min_score
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN QUERY
  WITH c AS MATERIALIZED (
    SELECT i.incident_id, i.victim, i.occurred_on, i.occurred_precision, i.country, i.sector, i.sources
      FROM @extschema@.incidents i
     WHERE i.duplicate_of IS NULL
  ),
  -- blocking: only incidents that share a key are compared.  Keys: the
  -- victim's name key, acronyms and rare words (dup_block_keys), each source
  -- URL, and country + NAICS sector + month for a pair where one victim is
  -- unnamed (two named victims that share no key cannot reach a high score:
  -- their names disagree).  flag marks the keys that may pair: the
  -- capitals of a short name (a:, with the initials of a long one) and an
  -- unnamed victim (g:).  A key held by too many incidents tells nothing
  -- (an aggregator's URL, a common word) and forms no block; its pairs
  -- still meet on their other keys.  The keys are computed once per row (C)
  -- and hash-joined.
  keys AS MATERIALIZED (
    SELECT c.incident_id,
           CASE WHEN pg_catalog.left(k.k, 2) OPERATOR(pg_catalog.=) 'A:'
                THEN 'a:' OPERATOR(pg_catalog.||) pg_catalog.substr(k.k, 3) ELSE k.k END,
           pg_catalog.left(k.k, 2) OPERATOR(pg_catalog.=) 'A:' AS flag
      FROM c, LATERAL pg_catalog.unnest(incident_analytics_internal.dup_block_keys(c.victim)) AS k(k)
    UNION ALL
    SELECT c.incident_id, 'u:' OPERATOR(pg_catalog.||) u.u, false
      FROM c, LATERAL pg_catalog.unnest(c.sources) AS u(u)
    UNION ALL
    SELECT c.incident_id, pg_catalog.concat_ws('/', 'g:' OPERATOR(pg_catalog.||) c.country, pg_catalog.left(c.sector, 2),
                                               pg_catalog.date_trunc('month', c.occurred_on)::date),
           incident_analytics_internal.dup_name_key(c.victim) IS NULL
      FROM c
     WHERE c.country IS NOT NULL AND c.sector IS NOT NULL
       AND c.occurred_precision OPERATOR(pg_catalog.<) 'year'::@extschema@.date_precision
  ),
  blocks AS (
    SELECT keys.k, pg_catalog.count(*) AS n FROM keys GROUP BY keys.k
    HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1
       AND pg_catalog.count(*) OPERATOR(pg_catalog.<=) CASE pg_catalog.left(keys.k, 2)
                                                          WHEN 'n:' THEN 200 WHEN 's:' THEN 200 WHEN 'a:' THEN 100
                                                          WHEN 't:' THEN 30 WHEN 'p:' THEN 30 ELSE 50 END
  ),
  -- how many incidents carry each victim name key
  names AS (
    SELECT keys.k, pg_catalog.count(*) AS n FROM keys
     WHERE pg_catalog.left(keys.k, 2) OPERATOR(pg_catalog.=) 'n:' GROUP BY keys.k
  ),
  -- each pair once, with how many incidents cite the least cited URL it
  -- shares (NULL: none shared within a block)
  -- the keys that form a block (most keys are held by one incident only),
  -- so that the self-join below joins few rows
  bk AS MATERIALIZED (
    SELECT keys.incident_id, keys.k, keys.flag, bl.n
      FROM keys JOIN blocks bl ON bl.k OPERATOR(pg_catalog.=) keys.k
  ),
  pairs AS MATERIALIZED (
    SELECT ka.incident_id AS x, kb.incident_id AS y,
           pg_catalog.min(ka.n) FILTER (WHERE pg_catalog.left(ka.k, 2) OPERATOR(pg_catalog.=) 'u:') AS url_n
      FROM bk ka
      JOIN bk kb ON kb.k OPERATOR(pg_catalog.=) ka.k AND ka.incident_id OPERATOR(pg_catalog.<) kb.incident_id
     WHERE pg_catalog.left(ka.k, 2) OPERATOR(pg_catalog.<>) ALL (ARRAY['g:', 'a:']) OR ka.flag OR kb.flag
     GROUP BY ka.incident_id, kb.incident_id
  ),
  -- the pairs' rows by primary key (whatever the estimates, no scan per
  -- pair), each pair's levels computed once
  levels AS MATERIALIZED (
    SELECT p.x, p.y, nk.n AS name_n,
           incident_analytics_internal.duplicate_levels(
             a.victim, b.victim, a.occurred_on, a.occurred_precision, b.occurred_on, b.occurred_precision,
             a.sources, b.sources, p.url_n, a.country::text, b.country::text, a.sector, b.sector,
             NULLIF(pg_catalog.concat_ws(' ', a.title, a.summary), ''),
             NULLIF(pg_catalog.concat_ws(' ', b.title, b.summary), ''),
             a.techniques, b.techniques, a.source, b.source) AS lv
      FROM pairs p
      JOIN @extschema@.incidents a ON a.incident_id OPERATOR(pg_catalog.=) p.x
      JOIN @extschema@.incidents b ON b.incident_id OPERATOR(pg_catalog.=) p.y
      LEFT JOIN names nk ON nk.k OPERATOR(pg_catalog.=) ('n:' OPERATOR(pg_catalog.||) incident_analytics_internal.dup_name_key(a.victim))
  ),
  -- the weights by field:level, read once; a pair's weight is eight look-ups
  tot AS MATERIALIZED (SELECT pg_catalog.count(*)::double precision AS n FROM c),
  wm AS MATERIALIZED (
    SELECT pg_catalog.jsonb_object_agg(w.field OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) w.level, w.weight) AS m,
           pg_catalog.max(w.weight) FILTER (WHERE w.field OPERATOR(pg_catalog.=) 'prior') AS prior,
           pg_catalog.max(w.m) FILTER (WHERE w.field OPERATOR(pg_catalog.=) 'victim' AND w.level OPERATOR(pg_catalog.=) 'same') AS m_same,
           pg_catalog.max(w.u) FILTER (WHERE w.field OPERATOR(pg_catalog.=) 'victim' AND w.level OPERATOR(pg_catalog.=) 'same') AS u_same,
           pg_catalog.max(tot.n) AS n
      FROM incident_analytics_internal.duplicate_weights() w, tot
  ),
  -- the same name says less when many incidents carry it (a large
  -- organisation hit again and again): for a name of four incidents or
  -- more, u is at least the share of the incidents that carry it besides
  -- the pair (a term-frequency adjustment)
  weighed AS (
    SELECT l.x, l.y, l.lv, t.tf,
           ARRAY[CASE WHEN t.tf THEN pg_catalog.ln(wm.m_same OPERATOR(pg_catalog./)
                                                   ((l.name_n OPERATOR(pg_catalog.-) 2) OPERATOR(pg_catalog./) wm.n))
                                     OPERATOR(pg_catalog./) pg_catalog.ln(2::double precision)
                      ELSE (wm.m OPERATOR(pg_catalog.->>) ('victim:' OPERATOR(pg_catalog.||) l.lv[1]))::double precision END,
                 (wm.m OPERATOR(pg_catalog.->>) ('date:' OPERATOR(pg_catalog.||) l.lv[2]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('url:' OPERATOR(pg_catalog.||) l.lv[3]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('country:' OPERATOR(pg_catalog.||) l.lv[4]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('sector:' OPERATOR(pg_catalog.||) l.lv[5]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('text:' OPERATOR(pg_catalog.||) l.lv[6]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('techniques:' OPERATOR(pg_catalog.||) l.lv[7]))::double precision,
                 (wm.m OPERATOR(pg_catalog.->>) ('source:' OPERATOR(pg_catalog.||) l.lv[8]))::double precision] AS wt,
           wm.prior, l.name_n
      FROM levels l, wm,
           LATERAL (SELECT l.lv[1] OPERATOR(pg_catalog.=) 'same' AND l.name_n OPERATOR(pg_catalog.>=) 4
                           AND (l.name_n OPERATOR(pg_catalog.-) 2) OPERATOR(pg_catalog./) wm.n OPERATOR(pg_catalog.>) wm.u_same AS tf) t
  ),
  scored AS (
    SELECT g.x, g.y, g.lv, g.wt, g.tf, g.prior, g.name_n,
           g.prior OPERATOR(pg_catalog.+) g.wt[1] OPERATOR(pg_catalog.+) g.wt[2] OPERATOR(pg_catalog.+) g.wt[3]
             OPERATOR(pg_catalog.+) g.wt[4] OPERATOR(pg_catalog.+) g.wt[5] OPERATOR(pg_catalog.+) g.wt[6]
             OPERATOR(pg_catalog.+) g.wt[7] OPERATOR(pg_catalog.+) g.wt[8] AS bits
      FROM weighed g
  )
  SELECT s.x, s.y, q.score,
         -- reasons only for the pairs returned
         pg_catalog.format('victim %s%s %s; date %s %s; url %s %s; country %s %s; sector %s %s; text %s %s; '
                           'techniques %s %s; source %s %s; prior %s; total %s bits',
                           s.lv[1], CASE WHEN s.tf THEN pg_catalog.format(' (%s incidents)', s.name_n) ELSE '' END,
                           pg_catalog.to_char(s.wt[1], 'FMSG990.0'), s.lv[2], pg_catalog.to_char(s.wt[2], 'FMSG990.0'),
                           s.lv[3], pg_catalog.to_char(s.wt[3], 'FMSG990.0'), s.lv[4], pg_catalog.to_char(s.wt[4], 'FMSG990.0'),
                           s.lv[5], pg_catalog.to_char(s.wt[5], 'FMSG990.0'), s.lv[6], pg_catalog.to_char(s.wt[6], 'FMSG990.0'),
                           s.lv[7], pg_catalog.to_char(s.wt[7], 'FMSG990.0'), s.lv[8], pg_catalog.to_char(s.wt[8], 'FMSG990.0'),
                           pg_catalog.to_char(s.prior, 'FMSG990.0'), pg_catalog.to_char(s.bits, 'FMSG990.0'))
    FROM scored s,
         LATERAL (SELECT pg_catalog.round((1 OPERATOR(pg_catalog./)
                    (1 OPERATOR(pg_catalog.+) pg_catalog.power(2::double precision, OPERATOR(pg_catalog.-) s.bits)))::numeric, 3)::double precision AS score) q
   WHERE q.score OPERATOR(pg_catalog.>=) min_score
   ORDER BY q.score DESC, s.x, s.y;
END;
$$;
COMMENT ON FUNCTION @extschema@.find_duplicates(double precision) IS
  'pairs of incidents (you may see, not yet marked) that look like one incident reported twice: a Fellegi-Sunter match probability 0-1 from victim name, date at the coarser precision, source URL, country, sector, title/summary words and techniques; incident_id is the earlier row, duplicate_id the later; reasons lists each field''s agreement level and weight in bits';

-- May the kept record take what a duplicate says without widening who
-- reads it?  Everyone who sees the kept record must already see the
-- duplicate: the duplicate is TLP:CLEAR, or it has the kept record's TLP and
-- source organisation and (for amber, amber+strict and red) at least its
-- recipients.
CREATE FUNCTION incident_analytics_internal.duplicate_fold_allowed(
    kept_tlp @extschema@.tlp, kept_reported_by text, kept_shared_with text[],
    dup_tlp @extschema@.tlp, dup_reported_by text, dup_shared_with text[])
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN dup_tlp OPERATOR(pg_catalog.=) 'clear'::@extschema@.tlp
    OR (dup_tlp OPERATOR(pg_catalog.=) kept_tlp
        AND dup_reported_by IS NOT DISTINCT FROM kept_reported_by
        AND (kept_tlp OPERATOR(pg_catalog.=) 'green'::@extschema@.tlp
             OR kept_shared_with IS NULL
             OR dup_shared_with OPERATOR(pg_catalog.@>) kept_shared_with));
COMMENT ON FUNCTION incident_analytics_internal.duplicate_fold_allowed(@extschema@.tlp, text, text[], @extschema@.tlp, text, text[]) IS
  'internal: true when every reader of the kept incident also reads the duplicate (the duplicate is TLP:CLEAR, or has the same TLP and source organisation and, unless green, at least the same recipients), so merge_duplicates may fold the duplicate''s facts into the kept record';

-- Elements of b not in a, appended to a (NULL when both are NULL).  Lists
-- of techniques and countries pass as text[] (they cast both ways).
CREATE FUNCTION incident_analytics_internal.duplicate_array_union(a text[], b text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN b IS NULL THEN a
              WHEN a IS NULL THEN b
              ELSE a OPERATOR(pg_catalog.||)
                   COALESCE((SELECT pg_catalog.array_agg(x.e ORDER BY x.o)
                               FROM pg_catalog.unnest(b) WITH ORDINALITY AS x(e, o)
                              WHERE pg_catalog.array_position(a, x.e) IS NULL), '{}'::text[]) END;
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_array_union(text[], text[]) IS
  'internal: a followed by the elements of b that a lacks, in b''s order; the other when one is NULL (merge_duplicates unites the lists of a duplicate and its kept incident)';

CREATE FUNCTION @extschema@.merge_duplicates(min_score double precision DEFAULT 0.9)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  p       record;
  root    bigint;
  hops    integer;
  marked  bigint := 0;
  n       bigint;
BEGIN
  FOR p IN SELECT * FROM @extschema@.find_duplicates(min_score) d ORDER BY d.score DESC, d.incident_id, d.duplicate_id LOOP
    -- the kept incident of the group: follow duplicate_of from the earlier row
    root := p.incident_id;
    hops := 0;
    LOOP
      SELECT i.duplicate_of INTO n FROM @extschema@.incidents i WHERE i.incident_id OPERATOR(pg_catalog.=) root;
      EXIT WHEN n IS NULL OR hops OPERATOR(pg_catalog.>) 100;
      root := n;
      hops := hops + 1;
    END LOOP;
    CONTINUE WHEN root OPERATOR(pg_catalog.=) p.duplicate_id;
    UPDATE @extschema@.incidents i SET duplicate_of = root, updated_at = pg_catalog.now()
     WHERE i.incident_id OPERATOR(pg_catalog.=) p.duplicate_id AND i.duplicate_of IS NULL;
    GET DIAGNOSTICS n = ROW_COUNT;
    CONTINUE WHEN n OPERATOR(pg_catalog.=) 0;
    marked := marked + n;
    -- fold: the kept record takes what it does not know from the duplicate
    -- (never overwriting a known value; lists are united), only when no
    -- reader of the kept record would see more than it may (and only where
    -- the caller may update the kept record: row-level security applies)
    UPDATE @extschema@.incidents k SET
        victim = COALESCE(k.victim, d.victim),
        title = COALESCE(k.title, d.title),
        summary = COALESCE(k.summary, d.summary),
        occurred_on = CASE WHEN k.occurred_on IS NULL THEN d.occurred_on
                           WHEN d.occurred_precision OPERATOR(pg_catalog.<) k.occurred_precision
                            AND pg_catalog.date_trunc(k.occurred_precision::text, d.occurred_on)::date OPERATOR(pg_catalog.=) k.occurred_on
                           THEN d.occurred_on ELSE k.occurred_on END,
        occurred_precision = CASE WHEN k.occurred_on IS NULL THEN d.occurred_precision
                                  WHEN d.occurred_precision OPERATOR(pg_catalog.<) k.occurred_precision
                                   AND pg_catalog.date_trunc(k.occurred_precision::text, d.occurred_on)::date OPERATOR(pg_catalog.=) k.occurred_on
                                  THEN d.occurred_precision ELSE k.occurred_precision END,
        disclosed_on = COALESCE(k.disclosed_on, d.disclosed_on),
        country = COALESCE(k.country, d.country),
        subdivision = CASE WHEN k.subdivision IS NULL AND COALESCE(k.country, d.country) OPERATOR(pg_catalog.=) d.country
                           THEN d.subdivision ELSE k.subdivision END,
        region_m49 = CASE WHEN k.country IS NULL AND d.country IS NULL THEN COALESCE(k.region_m49, d.region_m49)
                          ELSE k.region_m49 END,
        sector = COALESCE(k.sector, d.sector),
        cia = CASE WHEN k.cia IS NULL THEN d.cia
                   WHEN d.cia IS NULL THEN k.cia
                   ELSE @extschema@.cia(COALESCE(@extschema@.confidentiality(k.cia), @extschema@.confidentiality(d.cia), 'X'),
                                        COALESCE(@extschema@.integrity(k.cia), @extschema@.integrity(d.cia), 'X'),
                                        COALESCE(@extschema@.availability(k.cia), @extschema@.availability(d.cia), 'X')) END,
        techniques = incident_analytics_internal.duplicate_array_union(k.techniques::text[], d.techniques::text[])::@extschema@.attack_technique[],
        inferred_techniques = incident_analytics_internal.duplicate_array_union(k.inferred_techniques::text[], d.inferred_techniques::text[])::@extschema@.attack_technique[],
        veris_actions = incident_analytics_internal.duplicate_array_union(k.veris_actions, d.veris_actions),
        motives = incident_analytics_internal.duplicate_array_union(k.motives, d.motives),
        actor_types = incident_analytics_internal.duplicate_array_union(k.actor_types, d.actor_types),
        actor_countries = incident_analytics_internal.duplicate_array_union(k.actor_countries::text[], d.actor_countries::text[])::char(2)[],
        sources = incident_analytics_internal.duplicate_array_union(k.sources, d.sources),
        safety_impact = COALESCE(k.safety_impact, d.safety_impact),
        functional_impact = COALESCE(k.functional_impact, d.functional_impact),
        information_impact = COALESCE(k.information_impact, d.information_impact),
        data_leaked = COALESCE(k.data_leaked, d.data_leaked),
        records_affected = COALESCE(k.records_affected, d.records_affected),
        scope = COALESCE(k.scope, d.scope),
        people_affected = COALESCE(k.people_affected, d.people_affected),
        recoverability = COALESCE(k.recoverability, d.recoverability),
        outage_duration = COALESCE(k.outage_duration, d.outage_duration),
        loss_rating = COALESCE(k.loss_rating, d.loss_rating),
        loss_eur = COALESCE(k.loss_eur, d.loss_eur),
        nis2_significant = COALESCE(k.nis2_significant, d.nis2_significant),
        updated_at = pg_catalog.now()
      FROM @extschema@.incidents d
     WHERE k.incident_id OPERATOR(pg_catalog.=) root
       AND d.incident_id OPERATOR(pg_catalog.=) p.duplicate_id
       AND incident_analytics_internal.duplicate_fold_allowed(k.tlp, k.reported_by, k.shared_with,
                                                              d.tlp, d.reported_by, d.shared_with);
  END LOOP;
  RETURN marked;
END;
$$;
COMMENT ON FUNCTION @extschema@.merge_duplicates(double precision) IS
  'marks the later incident of every find_duplicates pair at or above min_score as duplicate_of the kept one (the earliest of its group) and fills the kept record''s unknown facts from it (lists united, known values never overwritten) when the duplicate is TLP:CLEAR or as restricted with the same source and recipients; only rows you may update change; returns how many were marked. Undo the mark with UPDATE incidents SET duplicate_of = NULL (folded facts stay)';

REVOKE EXECUTE ON FUNCTION @extschema@.merge_duplicates(double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.merge_duplicates(double precision) TO incident_analyst;
GRANT EXECUTE ON FUNCTION @extschema@.find_duplicates(double precision),
                          incident_analytics_internal.dup_name_key(text),
                          incident_analytics_internal.dup_block_keys(text),
                          incident_analytics_internal.dup_words(text, boolean),
                          incident_analytics_internal.dup_name_level(text, text),
                          incident_analytics_internal.dup_text_similarity(text, text),
                          incident_analytics_internal.dup_text_level(text, text),
                          incident_analytics_internal.duplicate_weights(),
                          incident_analytics_internal.duplicate_levels(text, text, date, @extschema@.date_precision, date, @extschema@.date_precision, text[], text[], bigint, text, text, text, text, text, text, @extschema@.attack_technique[], @extschema@.attack_technique[], text, text),
                          incident_analytics_internal.duplicate_fold_allowed(@extschema@.tlp, text, text[], @extschema@.tlp, text, text[]),
                          incident_analytics_internal.duplicate_array_union(text[], text[])
   TO incident_reader;
