-- SQL that BI tools generate on the raw table: text-typed parameters, LIKE,
-- upper/lower, min/max on cia and attack_technique; the incident_techniques
-- bridge (counts by technique x sector) and data_dictionary.
BEGIN;
SELECT plan(20);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO incidents (source, source_id, title, techniques, tlp, cia, sector) VALUES
  ('bi', '1', 'a', '{T1566.001,T1486}', 'clear', 'C:H/I:N/A:H', '62'),
  ('bi', '2', 'b', '{T1078,T1566.002}', 'clear', 'C:L/I:N/A:N', '62'),
  ('bi', '3', 'c', NULL, 'clear', NULL, '52'),
  ('bi', '4', 'd', '{T1486}', 'clear', 'C:X/I:X/A:H', '52');

PREPARE by_cia(text) AS SELECT count(*)::int FROM incidents WHERE source = 'bi' AND cia = $1;
PREPARE by_cia_varchar(varchar) AS SELECT count(*)::int FROM incidents WHERE source = 'bi' AND $1 = cia;
PREPARE by_technique(text) AS SELECT count(*)::int FROM incidents i, unnest(i.techniques) t
                                WHERE source = 'bi' AND t = $1;
SELECT results_eq('EXECUTE by_cia(''C:H/I:N/A:H'')', ARRAY[1], 'cia = $1::text (pgJDBC, Npgsql parameters)');
SELECT results_eq('EXECUTE by_cia(''c:l/i:n/a:n'')', ARRAY[1], 'the text is read as cia, so case does not matter');
SELECT results_eq('EXECUTE by_cia_varchar(''C:L/I:N/A:N'')', ARRAY[1], 'varchar = cia');
SELECT throws_ok('EXECUTE by_cia(''C:Q'')', '22P02', NULL, 'a bad text value is the type''s 22P02');
SELECT results_eq('EXECUTE by_technique(''T1486'')', ARRAY[2], 'attack_technique = $1::text');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'bi' AND cia <> 'C:H/I:N/A:H'::text), 2,
          'cia <> text (NULL cia is neither)');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'bi' AND cia LIKE 'C:H%'), 1, 'cia LIKE ''C:H%''');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'bi' AND cia ILIKE '%a:h'), 2, 'cia ILIKE');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'bi' AND cia NOT LIKE 'C:H%'), 2, 'cia NOT LIKE');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'bi' AND techniques LIKE '%T1486%'), 2,
          'techniques LIKE ''%T1486%''');
SELECT is((SELECT upper(cia) || ' ' || lower(cia) FROM incidents WHERE source = 'bi' AND source_id = '1'),
          'C:H/I:N/A:H c:h/i:n/a:h', 'upper(cia), lower(cia)');
SELECT is((SELECT min(cia)::text || ' ' || max(cia)::text FROM incidents WHERE source = 'bi'),
          'C:X/I:X/A:H C:H/I:N/A:H', 'min(cia), max(cia) in the order of the type');
SELECT is((SELECT min(t)::text || ' ' || max(t)::text FROM incidents, unnest(techniques) t WHERE source = 'bi'),
          'T1078 T1566.002', 'min/max of techniques');
SELECT ok((SELECT bool_and(proparallel = 's') FROM pg_proc
            WHERE pronamespace = 'incident_analytics'::regnamespace AND proname IN ('min', 'max', 'cia_eq_text')),
          'the new functions and aggregates are parallel safe');

-- Bridge: incidents by technique x sector with a plain GROUP BY
SELECT set_eq($$SELECT t.parent_technique, o.sector, count(DISTINCT t.incident_id)::int
                  FROM incident_techniques t JOIN incident_overview o USING (incident_id)
                 WHERE o.source = 'bi' GROUP BY 1, 2$$,
              $$VALUES ('T1486', '62', 1), ('T1486', '52', 1), ('T1566', '62', 2), ('T1078', '62', 1)$$,
              'incidents by technique x sector from the bridge and the overview');
SELECT is((SELECT count(*)::int FROM incident_techniques t JOIN incidents i USING (incident_id) WHERE i.source = 'bi'), 5,
          'one bridge row per recorded technique');
SELECT is((SELECT technique_name FROM incident_techniques t JOIN incidents i USING (incident_id)
            WHERE i.source = 'bi' AND technique = 'T1486' LIMIT 1), 'Data Encrypted for Impact', 'names resolved');

-- Data dictionary
SELECT is((SELECT description FROM data_dictionary WHERE object = 'incidents_by_region' AND "column" = 'incidents'),
          col_description('incident_analytics.incidents_by_region'::regclass,
                          (SELECT attnum FROM pg_attribute WHERE attrelid = 'incident_analytics.incidents_by_region'::regclass
                              AND attname = 'incidents')),
          'data_dictionary gives the column comment');
SELECT is((SELECT count(*)::int FROM data_dictionary d
            WHERE d."column" IS NOT NULL AND d.description IS NULL
              AND d.kind = 'view'), 0, 'every view column has a description');
SELECT is((SELECT type FROM data_dictionary WHERE object = 'incidents' AND "column" = 'loss_eur'), 'numeric(18,2)',
          'types with their typmod');

SELECT * FROM finish();
ROLLBACK;
