-- Duplicates: find_duplicates() scores, merge_duplicates() marks, TLP limits
-- what is compared, and the aggregation views count an incident once.
BEGIN;
SELECT plan(15);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO incidents (source, source_id, title, victim, summary, country, sector, techniques, tlp,
                       occurred_on, occurred_precision, sources) VALUES
  ('dupA', '1', 'Ransomware at ACME Hospital', 'ACME Hospital Inc.', 'Files encrypted by ransomware, operations halted',
   'US', '622', '{T1486}', 'clear', '2024-03-04', 'day', '{https://news.example/acme}'),
  ('dupB', '1', 'ACME Hospital hit by ransomware', 'Acme Hospital', 'Ransomware encrypted files at ACME hospital',
   'US', '62', '{T1486,T1566}', 'clear', '2024-03-05', 'day', NULL),
  ('dupB', '2', 'Data breach at Beta Bank', 'Beta Bank', 'Customer records exposed', 'US', '52', NULL, 'clear',
   '2024-03-06', 'day', NULL),
  ('dupC', '1', 'ACME Hospital attack', 'ACME Hospital', 'ransomware', 'DE', '622', NULL, 'clear',
   '2024-03-04', 'day', NULL),
  ('dupB', '3', 'Hospital in US ransomware', 'Gamma Clinic', 'Ransomware encrypted files', 'US', '622', '{T1486}',
   'clear', '2024-03-10', 'day', NULL),
  ('dupD', '1', 'Same report, other wording', NULL, NULL, NULL, NULL, NULL, 'amber', NULL, NULL,
   '{https://news.example/acme}');

CREATE TEMP TABLE ids AS SELECT source || '/' || source_id AS k, incident_id AS id FROM incidents WHERE source LIKE 'dup_';
GRANT SELECT ON ids TO PUBLIC;
CREATE TEMP TABLE f AS SELECT * FROM find_duplicates(0.0)
  WHERE incident_id IN (SELECT id FROM ids) AND duplicate_id IN (SELECT id FROM ids);

SELECT ok((SELECT score >= 0.9 FROM f WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupA/1')
                                      AND duplicate_id = (SELECT id FROM ids WHERE k = 'dupB/1')),
          'the same victim, a day apart, same country and sector: score >= 0.9');
SELECT ok((SELECT reasons ~ 'same victim "acme hospital"' AND reasons ~ 'dates 1 day' FROM f
            WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupA/1') AND duplicate_id = (SELECT id FROM ids WHERE k = 'dupB/1')),
          'reasons name the evidence');
SELECT ok((SELECT score < 0.8 FROM f WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupA/1')
                                     AND duplicate_id = (SELECT id FROM ids WHERE k = 'dupC/1')),
          'the same name in another country stays below 0.8');
SELECT ok(COALESCE((SELECT score < 0.5 FROM f WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupA/1')
                                            AND duplicate_id = (SELECT id FROM ids WHERE k = 'dupB/3')), true),
          'another victim with a similar story stays below 0.5');
SELECT is((SELECT count(*)::int FROM f WHERE (SELECT id FROM ids WHERE k = 'dupB/2') IN (incident_id, duplicate_id)
             AND score >= 0.5), 0, 'an unrelated incident is no candidate');
SELECT ok((SELECT bool_and(incident_id < duplicate_id) FROM f), 'incident_id is the earlier row of each pair');
SELECT throws_ok($$SELECT * FROM incident_analytics.find_duplicates(1.5)$$, '22023', NULL, 'min_score outside 0..1 is 22023');

-- a reader outside the organisation compares only what it may see
CREATE ROLE dup_reader_none LOGIN;
GRANT incident_reader TO dup_reader_none;
SET LOCAL ROLE dup_reader_none;
SELECT is((SELECT count(*)::int FROM find_duplicates(0.0) WHERE duplicate_id = (SELECT id FROM ids WHERE k = 'dupD/1')), 0,
          'an AMBER incident the reader cannot see is never paired');
RESET ROLE;
SELECT ok((SELECT count(*) > 0 FROM f WHERE duplicate_id = (SELECT id FROM ids WHERE k = 'dupD/1')),
          'its owner sees the pair (a shared source URL)');

-- merge
CREATE TEMP TABLE before AS
  SELECT (SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01') AS month_n,
         (SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486') AS t1486_n;
SELECT is(merge_duplicates(0.9), 1::bigint, 'merge_duplicates marks the one pair at >= 0.9');
SELECT is((SELECT duplicate_of FROM incidents WHERE incident_id = (SELECT id FROM ids WHERE k = 'dupB/1')),
          (SELECT id FROM ids WHERE k = 'dupA/1'), 'the later row points at the earlier');
SELECT is(merge_duplicates(0.9), 0::bigint, 'a second run finds nothing new');
SELECT is((SELECT incidents FROM incidents_by_month WHERE month = '2024-03-01'), (SELECT month_n - 1 FROM before),
          'incidents_by_month counts the merged incident once');
SELECT is((SELECT incidents FROM incidents_by_technique WHERE technique = 'T1486'), (SELECT t1486_n - 1 FROM before),
          'incidents_by_technique counts it once');
SELECT is((SELECT count(*)::int FROM incident_overview WHERE source LIKE 'dup_'), 5,
          'incident_overview leaves the duplicate row out');

SELECT * FROM finish();
ROLLBACK;
