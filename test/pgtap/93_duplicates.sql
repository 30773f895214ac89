-- Duplicates: the name normaliser, find_duplicates() (Fellegi-Sunter score,
-- blocking, negatives), merge_duplicates() with its TLP-safe folding,
-- duplicate_of set and cleared by hand, TLP limits on what is compared, and
-- the aggregation views counting an incident once.
BEGIN;
SELECT plan(50);
SET LOCAL search_path = incident_analytics, public;

-- ---------------------------------------------------------------- names
SELECT is(incident_analytics_internal.dup_name_key('Comune di Palermo'), 'palermo', 'kind and function words leave the place: comune di Palermo -> palermo');
SELECT is(incident_analytics_internal.dup_name_key('Città di Palermo'), 'palermo', 'accents folded without unaccent: Città');
SELECT is(incident_analytics_internal.dup_name_key('ACME Hospital S.p.A.'), 'acme', 'legal form S.p.A. dropped, dots inside a word joined');
SELECT is(incident_analytics_internal.dup_words('Universität Zürich GmbH', true), '{university,zurich}'::text[],
          'ä/ü folded, Universität translated, GmbH dropped');
SELECT is(incident_analytics_internal.dup_name_level('Comune di Palermo', 'City of Palermo'), 'same', 'Comune di / City of: the same name');
SELECT is(incident_analytics_internal.dup_name_level('Ayuntamiento de Sevilla', 'Seville City Council'), 'variant', 'Sevilla / Seville (one edit), ayuntamiento / city council');
SELECT is(incident_analytics_internal.dup_name_level('Ville de Lyon', 'Stadt Lyon'), 'same', 'ville / stadt');
SELECT is(incident_analytics_internal.dup_name_level('Azienda Ospedaliera di Padova', 'Padua Hospital'), 'different',
          'Padova / Padua is no edit away: different (the other fields must carry such a pair)');
SELECT is(incident_analytics_internal.dup_name_level('National Health Service Dumfries and Galloway', 'NHS Dumfries and Galloway'), 'acronym',
          'NHS: initials of the long name');
SELECT is(incident_analytics_internal.dup_name_level('Universidad Nacional Autónoma de México', 'UNAM'), 'acronym', 'UNAM');
SELECT is(incident_analytics_internal.dup_name_level('ASL5 La Spezia', 'ASL 5 La Spezia'), 'same', 'ASL5 = ASL 5');
SELECT is(incident_analytics_internal.dup_name_level('Comune di Palermo', 'Ospedale di Palermo'), 'other_org', 'a city and a hospital of one place: two organisations');
SELECT is(incident_analytics_internal.dup_name_level('ASL Roma 1', 'ASL Roma 2'), 'other_org', 'other numbers: two organisations');
SELECT is(incident_analytics_internal.dup_name_level('southern Michigan Bank', 'souhtern Michigan Bank'), 'variant', 'two letters swapped: one edit, a variant');
SELECT is(incident_analytics_internal.dup_name_key('Klinikum Fuerth'), incident_analytics_internal.dup_name_key('Klinikum Fürth'), 'ue for ü: Fuerth / Fürth');
SELECT ok(incident_analytics_internal.dup_text_similarity('Attacco ransomware all''Ospedale di Palermo, dati rubati',
                                                          'Ransomware attack on Palermo hospital, data stolen') >= 0.8,
          'an Italian and an English title share their translated words');

-- ---------------------------------------------------------------- pairs
INSERT INTO incidents (source, source_id, title, victim, summary, country, sector, techniques, tlp,
                       occurred_on, occurred_precision, sources) VALUES
  ('dupA', '1', 'Ransomware at ACME Hospital', 'ACME Hospital Inc.', 'Files encrypted by ransomware, operations halted',
   'US', '622', '{T1486}', 'clear', '2024-03-04', 'day', '{https://news.example/acme}'),
  ('dupB', '1', 'ACME Hospital hit by ransomware', 'Acme Hospital', 'Ransomware encrypted files at ACME hospital',
   'US', '62', '{T1486,T1566}', 'clear', '2024-03-05', 'day', NULL),
  ('dupB', '2', 'Data breach at Beta Bank', 'Beta Bank', 'Customer records exposed', 'US', '52', NULL, 'clear',
   '2024-03-06', 'day', NULL),
  ('dupB', '3', 'Hospital in US ransomware', 'Gamma Clinic', 'Ransomware encrypted files', 'US', '622', '{T1486}',
   'clear', '2024-03-10', 'day', NULL),
  ('dupD', '1', 'Same report, other wording', NULL, NULL, NULL, NULL, NULL, 'amber', NULL, NULL,
   '{https://news.example/acme}'),
  -- one incident in two languages
  ('csirt-it', 'pa1', 'Attacco ransomware al Comune di Palermo, servizi bloccati', 'Comune di Palermo', NULL,
   'IT', '921', NULL, 'clear', '2022-06-02', 'day', '{https://csirt.example.it/palermo}'),
  ('the-record', 'pa2', 'Ransomware attack cripples City of Palermo services', 'City of Palermo', NULL,
   'IT', '92', NULL, 'clear', '2022-06-03', 'day', '{https://news.example.com/palermo}'),
  -- the same victim two years later, another organisation of the city
  ('ansa', 'pa4', 'Comune di Palermo: attacco DDoS al sito istituzionale', 'Comune di Palermo',
   'Il sito del Comune di Palermo irraggiungibile per ore a causa di un attacco DDoS.', 'IT', '921', NULL, 'clear',
   '2024-03-18', 'day', NULL),
  ('livesicilia', 'pa5', 'Attacco ransomware all''Ospedale Civico di Palermo', 'Ospedale Civico di Palermo', NULL,
   'IT', '622', NULL, 'clear', '2022-06-03', 'day', NULL),
  -- a day-precise and a year-precise record of one incident
  ('csirt-it', 'lz1', 'Attacco ransomware alla Regione Lazio', 'Regione Lazio', NULL, 'IT', '921', NULL, 'clear',
   '2021-08-01', 'day', NULL),
  ('tracker', 'lz3', 'Lazio ransomware', 'Lazio Region', NULL, 'IT', NULL, NULL, 'clear', '2021-01-01', 'year', NULL),
  -- three victims of one DDoS campaign, one article
  ('ansa', 'dd1', 'Attacchi DDoS di NoName057(16) contro siti istituzionali italiani', 'Comune di Brescia', NULL,
   'IT', '921', NULL, 'clear', '2023-03-07', 'day', '{https://news.example.it/noname}'),
  ('ansa', 'dd2', 'Attacchi DDoS di NoName057(16) contro siti istituzionali italiani', 'Comune di Verona', NULL,
   'IT', '921', NULL, 'clear', '2023-03-07', 'day', '{https://news.example.it/noname}'),
  ('ansa', 'dd3', 'Attacchi DDoS di NoName057(16) contro siti istituzionali italiani', 'Regione Veneto', NULL,
   'IT', '921', NULL, 'clear', '2023-03-07', 'day', '{https://news.example.it/noname}');

CREATE TEMP TABLE ids AS SELECT source || '/' || source_id AS k, incident_id AS id FROM incidents;
GRANT SELECT ON ids TO PUBLIC;
CREATE TEMP TABLE f AS SELECT * FROM find_duplicates(0.0)
  WHERE incident_id IN (SELECT id FROM ids) AND duplicate_id IN (SELECT id FROM ids);
CREATE FUNCTION pg_temp.pair(a text, b text) RETURNS double precision LANGUAGE sql AS $$
  SELECT f.score FROM f WHERE f.incident_id = (SELECT id FROM ids WHERE k = a) AND f.duplicate_id = (SELECT id FROM ids WHERE k = b)
$$;
CREATE FUNCTION pg_temp.why(a text, b text) RETURNS text LANGUAGE sql AS $$
  SELECT f.reasons FROM f WHERE f.incident_id = (SELECT id FROM ids WHERE k = a) AND f.duplicate_id = (SELECT id FROM ids WHERE k = b)
$$;

SELECT ok(pg_temp.pair('dupA/1', 'dupB/1') >= 0.9, 'the same victim, a day apart, same country and sector: score >= 0.9');
SELECT ok(pg_temp.why('dupA/1', 'dupB/1') ~ 'victim same [+][0-9.]+; date within_3_days [+][0-9.]+; url unknown [+]0[.]0'
          AND pg_temp.why('dupA/1', 'dupB/1') ~ 'prior -[0-9.]+; total [+][0-9.]+ bits$',
          'reasons list each field''s level and weight, the prior and the total');
SELECT ok(COALESCE(pg_temp.pair('dupA/1', 'dupB/3'), 0) < 0.5, 'another victim with a similar story stays below 0.5');
SELECT is((SELECT count(*)::int FROM f WHERE (SELECT id FROM ids WHERE k = 'dupB/2') IN (incident_id, duplicate_id)
             AND score >= 0.5), 0, 'an unrelated incident is no candidate');
SELECT ok((SELECT bool_and(incident_id < duplicate_id) FROM f), 'incident_id is the earlier row of each pair');
SELECT ok((SELECT bool_and(score BETWEEN 0 AND 1) FROM f), 'scores are probabilities');
SELECT ok(pg_temp.pair('csirt-it/pa1', 'the-record/pa2') >= 0.8, 'Comune di Palermo (Italian title) / City of Palermo (English title): >= 0.8');
SELECT ok(pg_temp.why('csirt-it/pa1', 'the-record/pa2') ~ 'text high', 'the translated titles agree');
SELECT ok(pg_temp.pair('csirt-it/lz1', 'tracker/lz3') >= 0.8, 'a day and a year of one incident, compared by year: >= 0.8');
SELECT ok(pg_temp.why('csirt-it/lz1', 'tracker/lz3') ~ 'date same_year', 'the dates are compared at the coarser precision');
SELECT ok(COALESCE(pg_temp.pair('csirt-it/pa1', 'ansa/pa4'), 0) < 0.8
          AND pg_temp.why('csirt-it/pa1', 'ansa/pa4') ~ 'date years_apart -', 'the same victim two years later: below 0.8');
SELECT ok(COALESCE(pg_temp.pair('the-record/pa2', 'livesicilia/pa5'), 0) < 0.5, 'the city and a hospital of the city on one day: below 0.5');
SELECT ok((SELECT max(score) FROM f WHERE incident_id IN (SELECT id FROM ids WHERE k IN ('ansa/dd1', 'ansa/dd2', 'ansa/dd3'))
                                  AND duplicate_id IN (SELECT id FROM ids WHERE k IN ('ansa/dd1', 'ansa/dd2', 'ansa/dd3'))) < 0.5,
          'three victims of one campaign, one article, one day, one URL: every pair below 0.5');
SELECT is((SELECT count(*)::int FROM f WHERE incident_id IN (SELECT id FROM ids WHERE k IN ('ansa/dd1', 'ansa/dd2', 'ansa/dd3'))
                                       AND duplicate_id IN (SELECT id FROM ids WHERE k IN ('ansa/dd1', 'ansa/dd2', 'ansa/dd3'))), 3,
          'the campaign victims are compared (blocked by their shared URL)');
SELECT throws_ok($$SELECT * FROM incident_analytics.find_duplicates(1.5)$$, '22023', NULL, 'min_score above 1 is 22023');
SELECT throws_ok($$SELECT * FROM incident_analytics.find_duplicates(-0.1)$$, '22023', NULL, 'min_score below 0 is 22023');
SELECT throws_ok($$SELECT * FROM incident_analytics.find_duplicates('NaN')$$, '22023', NULL, 'min_score NaN is 22023');
SELECT throws_ok($$SELECT * FROM incident_analytics.find_duplicates(NULL)$$, '22023', NULL, 'min_score NULL is 22023');
SELECT throws_ok($$SELECT incident_analytics.merge_duplicates('NaN')$$, '22023', NULL, 'merge_duplicates checks min_score too');

-- a reader outside the organisation compares only what it may see
CREATE ROLE dup_reader_none LOGIN;
GRANT incident_reader TO dup_reader_none;
SET LOCAL ROLE dup_reader_none;
SELECT is((SELECT count(*)::int FROM find_duplicates(0.0) WHERE duplicate_id = (SELECT id FROM ids WHERE k = 'dupD/1')), 0,
          'an AMBER incident the reader cannot see is never paired');
RESET ROLE;
SELECT ok((SELECT count(*) > 0 FROM f WHERE duplicate_id = (SELECT id FROM ids WHERE k = 'dupD/1')),
          'its owner sees the pair (a shared source URL)');

-- ---------------------------------------------------------------- by hand
CREATE TEMP TABLE before AS
  SELECT (SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01') AS month_n,
         (SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486') AS t1486_n;
UPDATE incidents SET duplicate_of = (SELECT id FROM ids WHERE k = 'dupA/1') WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupB/3');
SELECT is((SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01'), (SELECT month_n - 1 FROM before),
          'an analyst marks a row by hand: incidents_by_month leaves it out');
SELECT is((SELECT count(*)::int FROM find_duplicates(0.0) WHERE (SELECT id FROM ids WHERE k = 'dupB/3') IN (incident_id, duplicate_id)), 0,
          'a marked row is no longer paired');
UPDATE incidents SET duplicate_of = NULL WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupB/3');
SELECT is((SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01'), (SELECT month_n FROM before),
          'cleared by hand, it counts again');

-- ---------------------------------------------------------------- merge and fold
-- two more pairs: a CLEAR duplicate that knows more than its CLEAR original
-- (folded), and an AMBER duplicate of a CLEAR original (never folded)
INSERT INTO incidents (source, source_id, title, victim, summary, country, sector, techniques, tlp, occurred_on,
                       occurred_precision, records_affected, sources) VALUES
  ('br24', 'fu1', 'Cyberangriff auf das Klinikum Fürth', 'Klinikum Fürth', NULL, 'DE', NULL, NULL, 'clear',
   '2023-12-01', 'month', NULL, '{https://br24.example/fuerth}'),
  ('securityweek', 'fu2', 'Cyberattack on Klinikum Fuerth', 'Klinikum Fuerth', NULL, 'DE', '622', '{T1486}', 'clear',
   '2023-12-19', 'day', 1200, '{https://securityweek.example/fuerth}'),
  ('ansa', 'wp1', 'Data breach at Westpharma', 'Westpharma S.p.A.', NULL, 'IT', NULL, NULL, 'clear',
   '2023-05-02', 'day', NULL, NULL),
  ('tracker', 'wp2', 'Westpharma data breach listed', 'WESTPHARMA SPA', 'Customer records of 40000 clients stolen', 'IT', '424', NULL, 'amber',
   '2023-05-03', 'day', 40000, NULL);
INSERT INTO ids SELECT source || '/' || source_id, incident_id FROM incidents WHERE source_id IN ('fu1', 'fu2', 'wp1', 'wp2');
CREATE TEMP TABLE before_merge AS
  SELECT (SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01') AS month_n,
         (SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486') AS t1486_n;
SELECT ok((SELECT count(*) = 5 FROM find_duplicates(0.9) d
            WHERE (d.incident_id, d.duplicate_id) IN (SELECT a.id, b.id FROM ids a, ids b
                                                       WHERE (a.k, b.k) IN (('dupA/1', 'dupB/1'), ('br24/fu1', 'securityweek/fu2'),
                                                                            ('ansa/wp1', 'tracker/wp2'), ('csirt-it/pa1', 'the-record/pa2'),
                                                                            ('csirt-it/lz1', 'tracker/lz3'))))
          AND (SELECT count(*) = 5 FROM find_duplicates(0.9)),
          'five pairs reach 0.9: ACME, Klinikum Fürth / Fuerth, Westpharma, Palermo, Lazio');
SELECT is(merge_duplicates(0.9), 5::bigint, 'merge_duplicates marks the five');
SELECT is((SELECT duplicate_of FROM incidents WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupB/1')),
          (SELECT id FROM ids WHERE k = 'dupA/1'), 'the later row points at the earlier');
SELECT is(merge_duplicates(0.9), 0::bigint, 'a second run finds nothing new');
SELECT is((SELECT ROW(sector, records_affected, techniques::text[], occurred_on, occurred_precision::text, sources)::text
             FROM incidents WHERE incident_id = (SELECT id FROM ids WHERE k = 'br24/fu1')),
          ROW('622', 1200::bigint, '{T1486}'::text[], '2023-12-19'::date, 'day', '{https://br24.example/fuerth,https://securityweek.example/fuerth}'::text[])::text,
          'a CLEAR duplicate folds into a CLEAR original: unknown sector, records, techniques filled, the date refined within its month, sources united');
SELECT is((SELECT ROW(country, title)::text FROM incidents WHERE incident_id = (SELECT id FROM ids WHERE k = 'br24/fu1')),
          ROW('DE', 'Cyberangriff auf das Klinikum Fürth')::text, 'known values are kept');
SELECT is((SELECT ROW(sector, records_affected, summary)::text FROM incidents WHERE incident_id = (SELECT id FROM ids WHERE k = 'ansa/wp1')),
          ROW(NULL::text, NULL::bigint, NULL::text)::text,
          'an AMBER duplicate never folds into a CLEAR original (its readers would see AMBER facts)');
SELECT ok(incident_analytics_internal.duplicate_fold_allowed('amber', 'org1', '{a}', 'amber', 'org1', '{a,b}')
          AND NOT incident_analytics_internal.duplicate_fold_allowed('amber', 'org1', '{a,b}', 'amber', 'org1', '{a}')
          AND NOT incident_analytics_internal.duplicate_fold_allowed('green', 'org1', NULL, 'green', 'org2', NULL)
          AND incident_analytics_internal.duplicate_fold_allowed('red', 'org1', '{a}', 'clear', 'org9', NULL),
          'folding: same TLP and source with at least the recipients, or a CLEAR duplicate');
SELECT is((SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01'), (SELECT month_n - 1 FROM before_merge),
          'incidents_by_month counts the merged incident once');
SELECT is((SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486'), (SELECT t1486_n - 1 FROM before_merge),
          'incidents_by_technique counts each merged incident once (Klinikum Fürth now through its original)');

SELECT * FROM finish();
ROLLBACK;
