-- Toasted values through every C function and every view, read as an
-- ordinary reader (incident_reader acting for an organisation, under
-- row-level security).  For each array column (techniques, motives,
-- actor_types, actor_countries, sources, shared_with) and the text column
-- summary, one incident gets, in turn, an out-of-line uncompressed value
-- (STORAGE EXTERNAL), an inline compressed value and an out-of-line
-- compressed value, each with the same distinct elements as the short array
-- it had before (repeated many times).  Every result must equal the one of
-- the short value: the same severity, explanation, classification, rollups,
-- tactics, and the same rows in every view.
BEGIN;
SELECT plan(53);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO organisations (org, community) VALUES ('toast-org', 'toast'), ('toast-other', 'toast');
CREATE ROLE toast_reader NOLOGIN;
GRANT incident_reader TO toast_reader;
INSERT INTO org_members (role_name, org) VALUES ('toast_reader', 'toast-org');

-- The short value of each column, shared by every incident of the test.
CREATE TEMP TABLE toast_cols (col text PRIMARY KEY, short text, kind text);
INSERT INTO toast_cols VALUES
  ('techniques',      '{T1486,T1566.001,T1059,T1190}', 'attack_technique[]'),
  ('motives',         '{espionage,financial}', 'text[]'),
  ('actor_types',     '{nation_state,criminal}', 'text[]'),
  ('actor_countries', '{RU,CN}', 'char(2)[]'),
  ('sources',         '{https://example.org/a,https://example.org/bb}', 'text[]'),
  ('shared_with',     '{toast-org,toast-other}', 'text[]'),
  ('summary',         'Ransomware encrypted the servers and customer data was stolen.', 'text');
CREATE TEMP TABLE toast_cases (col text, form text, incident_id bigint, PRIMARY KEY (col, form));
GRANT SELECT ON toast_cases TO toast_reader;

-- 7 columns x 3 forms: 21 incidents with the short values.
DO $$
DECLARE c record; f text; id bigint;
BEGIN
  FOR c IN SELECT * FROM toast_cols ORDER BY col LOOP
    FOREACH f IN ARRAY ARRAY['external', 'inline_compressed', 'external_compressed'] LOOP
      INSERT INTO incidents (source, source_id, title, occurred_on, occurred_precision, sector, cia,
                             functional_impact, information_impact, scope, tlp, reported_by,
                             techniques, motives, actor_types, actor_countries, sources, shared_with, summary)
      VALUES ('toast', c.col || '/' || f, 'toast ' || c.col, DATE '2024-03-01', 'month', '62', 'C:H/I:L/A:X',
              'significant_critical', 'personal', 'organisation', 'amber', 'toast-other',
              '{T1486,T1566.001,T1059,T1190}', '{espionage,financial}', '{nation_state,criminal}', '{RU,CN}',
              '{https://example.org/a,https://example.org/bb}', '{toast-org,toast-other}',
              'Ransomware encrypted the servers and customer data was stolen.')
      RETURNING incidents.incident_id INTO id;
      INSERT INTO toast_cases VALUES (c.col, f, id);
    END LOOP;
  END LOOP;
END $$;

-- What a reader gets: per incident every C function, and every view.
CREATE FUNCTION pg_temp.per_incident() RETURNS TABLE (col text, form text, j jsonb)
LANGUAGE sql AS $$
  SELECT t.col, t.form, jsonb_build_object(
    'severity', incident_severity(i),
    'level', severity_level(incident_severity(i)),
    'explain', incident_severity_explain(i) #- '{factors,p,techniques_counted}',
    'cia_techniques', classify_cia(i.techniques)::text,
    'cia_summary', classify_cia(i.summary)::text,
    'rollup', technique_rollup(i.techniques)::text,
    'tactics', technique_tactics(i.techniques)::text,
    'actor_types', (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i.actor_types) x),
    'motives', (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i.motives) x),
    'actor_countries', (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i.actor_countries) x),
    'sources', (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i.sources) x),
    'shared_with', (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(i.shared_with) x))
  FROM incidents i JOIN toast_cases t USING (incident_id)
$$;
CREATE FUNCTION pg_temp.views() RETURNS TABLE (view text, j jsonb)
LANGUAGE sql AS $$
  SELECT 'incident_overview', jsonb_agg(to_jsonb(o) - 'techniques' ORDER BY o.incident_id)
    FROM incident_overview o WHERE o.source = 'toast'
  UNION ALL SELECT 'incidents_by_region', jsonb_agg(to_jsonb(v) ORDER BY v.sort_key) FROM incidents_by_region v
  UNION ALL SELECT 'incidents_by_sector', jsonb_agg(to_jsonb(v) ORDER BY v.sort_key) FROM incidents_by_sector v
  UNION ALL SELECT 'incidents_by_technique', jsonb_agg(to_jsonb(v) ORDER BY v.technique) FROM incidents_by_technique v
  UNION ALL SELECT 'incidents_by_tactic', jsonb_agg(to_jsonb(v) ORDER BY v.tactic_id) FROM incidents_by_tactic v
  UNION ALL SELECT 'incidents_by_month', jsonb_agg(to_jsonb(v) ORDER BY v.year, v.month) FROM incidents_by_month v
$$;

CREATE TEMP TABLE before_fn AS SELECT * FROM pg_temp.per_incident() LIMIT 0;
CREATE TEMP TABLE before_views AS SELECT * FROM pg_temp.views() LIMIT 0;
CREATE TEMP TABLE after_fn AS SELECT * FROM before_fn LIMIT 0;
CREATE TEMP TABLE after_views AS SELECT * FROM before_views LIMIT 0;
GRANT INSERT, SELECT ON before_fn, before_views, after_fn, after_views TO toast_reader;

SET LOCAL ROLE toast_reader;
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'toast'), 21,
          'the reader sees the 21 test incidents through row-level security');
INSERT INTO before_fn SELECT * FROM pg_temp.per_incident();
INSERT INTO before_views SELECT * FROM pg_temp.views();
RESET ROLE;

-- The short values give real results (so equality below means something).
SELECT is((SELECT j->>'cia_techniques' FROM before_fn WHERE col = 'techniques' AND form = 'external'),
          'C:X/I:X/A:H', 'short techniques: classify_cia finds A (T1486)');
SELECT is((SELECT j->'explain'->'factors'->'a'->>'value' FROM before_fn WHERE col = 'motives' AND form = 'external'),
          '100', 'short arrays: nation_state with espionage gives A = 100');
SELECT is((SELECT j->'explain'->'factors'->'p'->>'value' FROM before_fn WHERE col = 'techniques' AND form = 'external'),
          '80', 'short techniques: P = 80');

-- A long array with the same distinct elements: the short one first, then
-- n more picked in a cycle (compresses well) or at random (compresses a little).
CREATE FUNCTION pg_temp.long(a anyarray, n int, random boolean) RETURNS anyarray
LANGUAGE sql AS $$
  SELECT a || array_agg(a[1 + CASE WHEN random THEN floor(random() * cardinality(a))::int
                                    ELSE g % cardinality(a) END] ORDER BY g)
    FROM generate_series(1, n) g
$$;
-- A long summary: the short one, then clauses of digits (no evidence, no negation).
CREATE FUNCTION pg_temp.long_summary(s text, n int, random boolean) RETURNS text
LANGUAGE sql AS $$
  SELECT s || string_agg(' ' || CASE WHEN random THEN translate(md5(random()::text), 'abcdef', '123456')
                                     ELSE '1234567' END || '.', '' ORDER BY g)
    FROM generate_series(1, n) g
$$;

SELECT setseed(0.42);
DO $$
DECLARE c record; f text; n int; rnd boolean; expr text;
BEGIN
  FOR c IN SELECT * FROM toast_cols ORDER BY col LOOP
    FOREACH f IN ARRAY ARRAY['external', 'inline_compressed', 'external_compressed'] LOOP
      EXECUTE format('ALTER TABLE incidents ALTER COLUMN %I SET STORAGE %s', c.col,
                     CASE f WHEN 'external' THEN 'EXTERNAL' ELSE 'EXTENDED' END);
      n := CASE f WHEN 'external' THEN 3000 WHEN 'inline_compressed' THEN 3000
                 ELSE CASE WHEN c.kind = 'text' THEN 4000 ELSE 40000 END END;
      rnd := f = 'external_compressed';
      expr := CASE WHEN c.kind = 'text' THEN format('pg_temp.long_summary(%L, %s, %s)', c.short, n, rnd::text)
                   ELSE format('pg_temp.long(%L::%s, %s, %s)', c.short, c.kind, n, rnd::text) END;
      EXECUTE format('UPDATE incidents SET %I = %s WHERE incident_id = (SELECT incident_id FROM toast_cases WHERE col = %L AND form = %L)',
                     c.col, expr, c.col, f);
      EXECUTE format('ALTER TABLE incidents ALTER COLUMN %I SET STORAGE EXTENDED', c.col);
    END LOOP;
  END LOOP;
END $$;

-- The stored forms are the intended ones: no value but a toasted one can be
-- larger than a page, and a compressed one under 2 kB stays in the row.
CREATE FUNCTION pg_temp.stored(col text, id bigint) RETURNS TABLE (compression text, size int)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format('SELECT pg_column_compression(%I), pg_column_size(%I) FROM incidents WHERE incident_id = $1', col, col)
    USING id;
END $$;
SELECT ok(CASE t.form
            WHEN 'external' THEN s.compression IS NULL AND s.size > 8200
            WHEN 'inline_compressed' THEN s.compression IS NOT NULL AND s.size < 1800
            ELSE s.compression IS NOT NULL AND s.size > 8200 END,
          format('%s/%s is stored %s (compression %s, %s bytes)', t.col, t.form, t.form, s.compression, s.size))
  FROM toast_cases t CROSS JOIN LATERAL pg_temp.stored(t.col, t.incident_id) s
 ORDER BY t.col, t.form;

SET LOCAL ROLE toast_reader;
INSERT INTO after_fn SELECT * FROM pg_temp.per_incident();
INSERT INTO after_views SELECT * FROM pg_temp.views();
SELECT is((SELECT length(o.techniques) FROM incident_overview o JOIN toast_cases t USING (incident_id)
            WHERE t.col = 'techniques' AND t.form = 'external_compressed'),
          (SELECT length(array_to_string(i.techniques, ', ')) FROM incidents i JOIN toast_cases t USING (incident_id)
            WHERE t.col = 'techniques' AND t.form = 'external_compressed'),
          'incident_overview lists every technique of a toasted array');
RESET ROLE;

SELECT is(a.j, b.j, format('%s/%s: every C function gives the short value''s result', b.col, b.form))
  FROM before_fn b JOIN after_fn a USING (col, form)
 ORDER BY b.col, b.form;
SELECT is(a.j, b.j, format('%s: same rows with toasted values', b.view))
  FROM before_views b JOIN after_views a USING (view)
 ORDER BY b.view;

SELECT * FROM finish();
ROLLBACK;
