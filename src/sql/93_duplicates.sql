-- The same incident reported by several sources: find_duplicates()
-- (the column incidents.duplicate_of is in 31_duplicate_of.sql) and merge_duplicates().  docs/duplicates.md explains the
-- score; test/pgtap/93_duplicates.sql checks it.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

-- Words of a name or text for comparison: lower case, letters and digits
-- only, without legal-form and filler words; NULL when none is left.
CREATE FUNCTION incident_analytics_internal.duplicate_words(t text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT pg_catalog.array_agg(DISTINCT w ORDER BY w)
    FROM pg_catalog.regexp_split_to_table(
           pg_catalog.lower(pg_catalog.regexp_replace(t, '[^[:alnum:]]+', ' ', 'g')), ' ') AS w
   WHERE pg_catalog.length(w) OPERATOR(pg_catalog.>) 1
     AND w OPERATOR(pg_catalog.<>) ALL (ARRAY['inc', 'llc', 'ltd', 'corp', 'corporation', 'co', 'company', 'plc',
                                              'gmbh', 'spa', 'srl', 'sa', 'ag', 'nv', 'bv', 'the', 'of', 'and', 'a',
                                              'an', 'in', 'on', 'at', 'to', 'for', 'by', 'with', 'from', 'was', 'were',
                                              'is', 'are', 'its', 'their', 'has', 'have', 'had', 'that', 'this']);
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_words(text) IS
  'internal: the distinct words of a text for duplicate detection (lower case, letters and digits, legal forms and filler words left out), sorted; NULL when none';

-- |a ∩ b| / |a ∪ b| of two sorted word lists; NULL when either is NULL.
CREATE FUNCTION incident_analytics_internal.duplicate_jaccard(a text[], b text[])
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN u.n OPERATOR(pg_catalog.=) 0 THEN NULL
              ELSE i.n::double precision OPERATOR(pg_catalog./) u.n END
    FROM (SELECT pg_catalog.count(*) AS n FROM (SELECT pg_catalog.unnest(a) INTERSECT SELECT pg_catalog.unnest(b)) x) i,
         (SELECT pg_catalog.count(*) AS n FROM (SELECT pg_catalog.unnest(a) UNION SELECT pg_catalog.unnest(b)) y) u;
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_jaccard(text[], text[]) IS
  'internal: Jaccard similarity of two word lists, NULL when either is NULL or both are empty';

-- |a ∩ b| / min(|a|, |b|): how much of the shorter text the longer one
-- holds (a brief re-report inside a long original scores high).
CREATE FUNCTION incident_analytics_internal.duplicate_overlap(a text[], b text[])
RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN LEAST(pg_catalog.cardinality(a), pg_catalog.cardinality(b)) OPERATOR(pg_catalog.=) 0 THEN NULL
              ELSE i.n::double precision OPERATOR(pg_catalog./) LEAST(pg_catalog.cardinality(a), pg_catalog.cardinality(b)) END
    FROM (SELECT pg_catalog.count(*) AS n FROM (SELECT pg_catalog.unnest(a) INTERSECT SELECT pg_catalog.unnest(b)) x) i;
END;
COMMENT ON FUNCTION incident_analytics_internal.duplicate_overlap(text[], text[]) IS
  'internal: overlap coefficient of two word lists (shared words over the size of the shorter), NULL when either is NULL or empty';

CREATE FUNCTION @extschema@.find_duplicates(min_score double precision DEFAULT 0.8)
RETURNS TABLE (incident_id bigint, duplicate_id bigint, score double precision, reasons text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF min_score IS NULL OR min_score OPERATOR(pg_catalog.<) 0 OR min_score OPERATOR(pg_catalog.>) 1 THEN
    RAISE EXCEPTION 'find_duplicates: min_score % is not between 0 and 1', min_score
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN QUERY
  WITH c AS (
    SELECT i.incident_id, i.source, i.victim, i.occurred_on, i.occurred_precision, i.country, i.sector,
           i.techniques, i.sources,
           incident_analytics_internal.duplicate_words(i.victim) AS vw,
           pg_catalog.array_to_string(incident_analytics_internal.duplicate_words(i.victim), ' ') AS vkey,
           incident_analytics_internal.duplicate_words(COALESCE(i.title, '') OPERATOR(pg_catalog.||) ' '
                                       OPERATOR(pg_catalog.||) COALESCE(i.summary, '')) AS tw,
           pg_catalog.date_trunc('month', i.occurred_on)::date AS month
      FROM @extschema@.incidents i
     WHERE i.duplicate_of IS NULL
  ),
  -- candidate pairs (a before b): the same victim name, a shared report URL,
  -- or the same country, month and sector
  pairs AS (
    SELECT a.incident_id AS x, b.incident_id AS y FROM c a JOIN c b
        ON a.vkey OPERATOR(pg_catalog.=) b.vkey AND a.incident_id OPERATOR(pg_catalog.<) b.incident_id
    UNION
    SELECT a.incident_id, b.incident_id FROM c a JOIN c b
        ON a.sources OPERATOR(pg_catalog.&&) b.sources AND a.incident_id OPERATOR(pg_catalog.<) b.incident_id
    UNION
    SELECT a.incident_id, b.incident_id FROM c a JOIN c b
        ON a.country OPERATOR(pg_catalog.=) b.country AND a.month OPERATOR(pg_catalog.=) b.month
       AND pg_catalog.left(a.sector, 2) OPERATOR(pg_catalog.=) pg_catalog.left(b.sector, 2)
       AND a.incident_id OPERATOR(pg_catalog.<) b.incident_id
  ),
  parts AS (
    SELECT a.incident_id AS x, b.incident_id AS y,
           -- victim: 0.40 for the same name; two different known names are two
           -- victims (the victims of one campaign, one article): -0.50, less
           -- back in proportion to the words they share
           CASE WHEN a.vkey OPERATOR(pg_catalog.=) b.vkey THEN 0.40
                WHEN a.vkey IS NOT NULL AND b.vkey IS NOT NULL
                  THEN 0.40 * COALESCE(incident_analytics_internal.duplicate_jaccard(a.vw, b.vw), 0) - 0.50
                ELSE 0 END AS s_victim,
           incident_analytics_internal.duplicate_jaccard(a.vw, b.vw) AS victim_sim,
           CASE WHEN a.sources OPERATOR(pg_catalog.&&) b.sources THEN 0.30 ELSE 0 END AS s_source,
           -- date, at the coarser of the two precisions: 0.25 on the same day
           -- down to 0 at 14 days apart; 0.10 in the same month, 0.05 in the
           -- same year; far apart (over 60 days, 2 months, a year) -0.40
           CASE WHEN a.occurred_on IS NULL OR b.occurred_on IS NULL THEN 0
                WHEN 'year' OPERATOR(pg_catalog.=) ANY (ARRAY[a.occurred_precision, b.occurred_precision]::text[]) THEN
                  CASE WHEN pg_catalog.date_part('year', a.occurred_on) OPERATOR(pg_catalog.=) pg_catalog.date_part('year', b.occurred_on)
                       THEN 0.05 ELSE -0.40 END
                WHEN 'month' OPERATOR(pg_catalog.=) ANY (ARRAY[a.occurred_precision, b.occurred_precision]::text[]) THEN
                  CASE WHEN a.month OPERATOR(pg_catalog.=) b.month THEN 0.10
                       WHEN pg_catalog.abs(a.month OPERATOR(pg_catalog.-) b.month) OPERATOR(pg_catalog.<=) 62 THEN 0
                       ELSE -0.40 END
                WHEN pg_catalog.abs(a.occurred_on OPERATOR(pg_catalog.-) b.occurred_on) OPERATOR(pg_catalog.>) 60 THEN -0.40
                ELSE 0.25 * GREATEST(0, 1 - pg_catalog.abs(a.occurred_on OPERATOR(pg_catalog.-) b.occurred_on)::double precision / 14)
           END AS s_date,
           CASE WHEN a.occurred_on IS NOT NULL AND b.occurred_on IS NOT NULL
                THEN pg_catalog.abs(a.occurred_on OPERATOR(pg_catalog.-) b.occurred_on) END AS days,
           -- country: 0.10 when the same, -0.20 when both are known and differ
           CASE WHEN a.country OPERATOR(pg_catalog.=) b.country THEN 0.10
                WHEN a.country IS NOT NULL AND b.country IS NOT NULL THEN -0.20 ELSE 0 END AS s_country,
           CASE WHEN pg_catalog.left(a.sector, 2) OPERATOR(pg_catalog.=) pg_catalog.left(b.sector, 2) THEN 0.05 ELSE 0 END AS s_sector,
           0.05 * COALESCE(incident_analytics_internal.duplicate_jaccard(a.techniques::text[], b.techniques::text[]), 0) AS s_tech,
           -- title and summary: 0.20 in proportion to the share of the shorter
           -- text found in the longer; two texts of five words or more that
           -- share under a fifth of the shorter tell different stories: -0.30
           CASE WHEN pg_catalog.cardinality(a.tw) OPERATOR(pg_catalog.>=) 5 AND pg_catalog.cardinality(b.tw) OPERATOR(pg_catalog.>=) 5
                 AND incident_analytics_internal.duplicate_overlap(a.tw, b.tw) OPERATOR(pg_catalog.<) 0.2 THEN -0.30
                ELSE 0.20 * COALESCE(incident_analytics_internal.duplicate_overlap(a.tw, b.tw), 0) END AS s_text,
           incident_analytics_internal.duplicate_overlap(a.tw, b.tw) AS text_sim,
           a.vkey AS vkey, a.vkey OPERATOR(pg_catalog.=) b.vkey AS same_victim,
           a.country AS country, a.source AS src_a, b.source AS src_b
      FROM pairs p
      JOIN c a ON a.incident_id OPERATOR(pg_catalog.=) p.x
      JOIN c b ON b.incident_id OPERATOR(pg_catalog.=) p.y
  )
  SELECT q.x, q.y, q.total, q.why
    FROM (SELECT parts.x, parts.y,
                 pg_catalog.round(LEAST(1, GREATEST(0, s_victim + s_source + s_date + s_country + s_sector + s_tech + s_text))::numeric, 3)::double precision AS total,
                 pg_catalog.concat_ws('; ',
                   CASE WHEN same_victim THEN pg_catalog.format('same victim "%s"', vkey)
                        WHEN victim_sim IS NOT NULL THEN pg_catalog.format('different victims (names %s%% alike)', pg_catalog.round((victim_sim * 100)::numeric)) END,
                   CASE WHEN s_source OPERATOR(pg_catalog.>) 0 THEN 'a source URL in common' END,
                   CASE WHEN days IS NOT NULL THEN pg_catalog.format('dates %s day(s) apart', days) END,
                   CASE WHEN s_country OPERATOR(pg_catalog.>) 0 THEN pg_catalog.format('same country %s', country)
                        WHEN s_country OPERATOR(pg_catalog.<) 0 THEN 'different countries' END,
                   CASE WHEN s_sector OPERATOR(pg_catalog.>) 0 THEN 'same NAICS sector' END,
                   CASE WHEN s_tech OPERATOR(pg_catalog.>) 0 THEN 'techniques in common' END,
                   CASE WHEN s_text OPERATOR(pg_catalog.<) 0
                        THEN pg_catalog.format('different stories (title/summary words %s%% alike)', pg_catalog.round((text_sim * 100)::numeric))
                        WHEN text_sim IS NOT NULL AND text_sim OPERATOR(pg_catalog.>) 0
                        THEN pg_catalog.format('title/summary words %s%% alike', pg_catalog.round((text_sim * 100)::numeric)) END,
                   CASE WHEN src_a OPERATOR(pg_catalog.<>) src_b THEN pg_catalog.format('sources %s and %s', src_a, src_b) END) AS why
            FROM parts) q
   WHERE q.total OPERATOR(pg_catalog.>=) min_score
   ORDER BY q.total DESC, q.x, q.y;
END;
$$;
COMMENT ON FUNCTION @extschema@.find_duplicates(double precision) IS
  'pairs of incidents (you may see, not yet marked) that look like the same incident: score 0-1 from victim name (two different named victims count against), a shared source URL, date distance, country, sector, techniques and title/summary words; incident_id is the earlier row, duplicate_id the later; reasons lists the evidence';

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
    marked := marked + n;
  END LOOP;
  RETURN marked;
END;
$$;
COMMENT ON FUNCTION @extschema@.merge_duplicates(double precision) IS
  'marks the later incident of every find_duplicates pair at or above min_score as duplicate_of the kept one (the earliest of its group); only rows you may update are marked; returns how many were marked. Undo with UPDATE incidents SET duplicate_of = NULL';

REVOKE EXECUTE ON FUNCTION @extschema@.merge_duplicates(double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.merge_duplicates(double precision) TO incident_analyst;
GRANT EXECUTE ON FUNCTION @extschema@.find_duplicates(double precision), incident_analytics_internal.duplicate_words(text),
                          incident_analytics_internal.duplicate_overlap(text[], text[]),
                          incident_analytics_internal.duplicate_jaccard(text[], text[]) TO incident_reader;
