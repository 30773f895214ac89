-- classify_cia: CIA from ATT&CK techniques and from free text (src/classify.c).
SET search_path = incident_analytics, public;

-- Techniques: rows of our own (origin 'user'), independent of shipped data.
BEGIN;
DELETE FROM attack_techniques
 WHERE technique IN ('T1486','T1485','T1565','T1565.001','T1491.002','T1657','T1496','T1496.001',
                     'T1041','T1003','T1560','T1136','T1136.001','T1098','T1556.003','T1542',
                     'T1566','T1492','T0880','T0826','T0813','T0815','T0829','T0827','T0837',
                     'T0828','T0879','T0831','T0832','T0882','T0801','T1636','T1533');
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, impact_type, revoked_by, revoked) VALUES
  ('T1486', 'enterprise', 'Data Encrypted for Impact', '{TA0040}', false, 'availability', NULL, false),
  ('T1485', 'enterprise', 'Data Destruction', '{TA0040}', false, 'availability', NULL, false),
  ('T1565', 'enterprise', 'Data Manipulation', '{TA0040}', false, 'integrity', NULL, false),
  ('T1565.001', 'enterprise', 'Stored Data Manipulation', '{TA0040}', true, 'integrity', NULL, false),
  ('T1491.002', 'enterprise', 'External Defacement', '{TA0040}', true, 'integrity', NULL, false),
  ('T1657', 'enterprise', 'Financial Theft', '{TA0040}', false, 'availability', NULL, false),
  ('T1496', 'enterprise', 'Resource Hijacking', '{TA0040}', false, 'availability', NULL, false),
  ('T1496.001', 'enterprise', 'Compute Hijacking', '{TA0040}', true, 'availability', NULL, false),
  ('T1041', 'enterprise', 'Exfiltration Over C2 Channel', '{TA0010}', false, NULL, NULL, false),
  ('T1003', 'enterprise', 'OS Credential Dumping', '{TA0006}', false, NULL, NULL, false),
  ('T1560', 'enterprise', 'Archive Collected Data', '{TA0009}', false, NULL, NULL, false),
  ('T1136', 'enterprise', 'Create Account', '{TA0003}', false, NULL, NULL, false),
  ('T1136.001', 'enterprise', 'Local Account', '{TA0003}', true, NULL, NULL, false),
  ('T1098', 'enterprise', 'Account Manipulation', '{TA0003,TA0004}', false, NULL, NULL, false),
  ('T1556.003', 'enterprise', 'Pluggable Authentication Modules', '{TA0006,TA0005,TA0003}', true, NULL, NULL, false),
  ('T1542', 'enterprise', 'Pre-OS Boot', '{TA0005,TA0003}', false, NULL, NULL, false),
  ('T1566', 'enterprise', 'Phishing', '{TA0001}', false, NULL, NULL, false),
  ('T1492', 'enterprise', 'Stored Data Manipulation (revoked)', '{TA0040}', false, NULL, 'T1565.001', true),
  ('T0880', 'ics', 'Loss of Safety', '{TA0105}', false, NULL, NULL, false),
  ('T0826', 'ics', 'Loss of Availability', '{TA0105}', false, NULL, NULL, false),
  ('T0813', 'ics', 'Denial of Control', '{TA0105}', false, NULL, NULL, false),
  ('T0815', 'ics', 'Denial of View', '{TA0105}', false, NULL, NULL, false),
  ('T0829', 'ics', 'Loss of View', '{TA0105}', false, NULL, NULL, false),
  ('T0827', 'ics', 'Loss of Control', '{TA0105}', false, NULL, NULL, false),
  ('T0837', 'ics', 'Loss of Protection', '{TA0105}', false, NULL, NULL, false),
  ('T0828', 'ics', 'Loss of Productivity and Revenue', '{TA0105}', false, NULL, NULL, false),
  ('T0879', 'ics', 'Damage to Property', '{TA0105}', false, NULL, NULL, false),
  ('T0831', 'ics', 'Manipulation of Control', '{TA0105}', false, NULL, NULL, false),
  ('T0832', 'ics', 'Manipulation of View', '{TA0105}', false, NULL, NULL, false),
  ('T0882', 'ics', 'Theft of Operational Information', '{TA0105}', false, NULL, NULL, false),
  ('T0801', 'ics', 'Monitor Process State', '{TA0100}', false, NULL, NULL, false),
  ('T1636', 'mobile', 'Protected User Data', '{TA0035}', false, NULL, NULL, false),
  ('T1533', 'mobile', 'Data from Local System', '{TA0035}', false, NULL, NULL, false);

SELECT t AS techniques, classify_cia(t::attack_technique[]) AS cia
  FROM (VALUES ('{T1486}'), ('{T1485}'), ('{T1565}'), ('{T1565.001}'), ('{T1491.002}'),
               ('{T1657}'), ('{T1496}'), ('{T1496.001}'), ('{T1041}'), ('{T1003}'), ('{T1560}'),
               ('{T1136}'), ('{T1136.001}'), ('{T1098}'), ('{T1556.003}'), ('{T1542}'),
               ('{T1566}'), ('{T1492}'), ('{T0880}'), ('{T0826}'), ('{T0813}'), ('{T0815}'),
               ('{T0829}'), ('{T0827}'), ('{T0837}'), ('{T0828}'), ('{T0879}'), ('{T0831}'),
               ('{T0832}'), ('{T0882}'), ('{T0801}'), ('{T1636}'),
               ('{T9999}'), ('{T1566.001}'), ('{}'), ('{NULL}'),
               ('{T1486,T1041}'), ('{T1496,T1485}'), ('{T1003,T1041,T1565,T1486}'),
               ('{{T1486,T1041},{T1003,NULL}}')) v(t);
SELECT classify_cia(NULL::attack_technique[]) IS NULL AS null_gives_null;
-- the cache follows changes made in the same transaction
UPDATE attack_techniques SET impact_type = 'confidentiality' WHERE technique = 'T1566';
SELECT classify_cia('{T1566}'::attack_technique[]) AS phishing_after_update;
DELETE FROM attack_techniques WHERE technique = 'T1486';
SELECT classify_cia('{T1486}'::attack_technique[]) AS deleted_technique;
ROLLBACK;
-- and forgets them after a rollback
SELECT classify_cia('{T1566}'::attack_technique[]) AS phishing_after_rollback;

-- Free text: evidence in English and Italian, and negated sentences that must give nothing.
CREATE TEMP TABLE classify_examples (n serial, summary text);
INSERT INTO classify_examples (summary) VALUES
  ('Ransomware encrypted the hospital''s files and appointments were cancelled.'),
  ('The attackers encrypted all servers; a ransom note was left.'),
  ('The city website was down for two days after a DDoS attack.'),
  ('A denial-of-service attack took the portal offline.'),
  ('Systems were unavailable and staff reverted to pen and paper.'),
  ('Hackers stole patient data and leaked it on the dark web.'),
  ('Customer records were exfiltrated.'),
  ('The homepage was defaced with propaganda.'),
  ('Payroll records were altered and fraudulent transfers were made.'),
  ('An employee accessed records without authorization; data were exposed.'),
  ('The outage disrupted operations.'),
  ('A laptop containing patient data was stolen from an employee''s car.'),
  ('Malware was installed on the point-of-sale terminals.'),
  ('Attacco ransomware: dati crittografati, servizi non disponibili.'),
  ('I dati dei pazienti sono stati trafugati e pubblicati sul dark web.'),
  ('Il sito del comune è stato defacciato; alcuni contenuti modificati.'),
  ('Disservizio all''ospedale: visite annullate e interruzione dei servizi.'),
  ('Accesso non autorizzato alla posta elettronica, dati esposti.'),
  ('Rallentamenti nei servizi online della regione.'),
  ('IL SISTEMA È STATO CRITTOGRAFATO E I DATI SOTTRATTI.'),
  -- negations and non-evidence
  ('No data was stolen.'),
  ('The hospital restored its systems without data loss.'),
  ('Nessun dato è stato sottratto.'),
  ('I dati non sono stati esfiltrati.'),
  ('There is no evidence of exfiltration.'),
  ('Patient data were not accessed.'),
  ('The clinical systems have not been touched.'),
  ('No names, addresses or Social Security numbers were exposed.'),
  ('Ransomware was not involved in the incident.'),
  ('The company didn''t find any malware.'),
  ('A spokesperson was unavailable for comment.'),
  ('The downtown office moved.'),
  ('Senza alcuna esfiltrazione di dati.'),
  ('Non-critical systems were encrypted.'),
  ('It is not clear how many records were stolen.'),
  ('Systems were encrypted, but no data was stolen.'),
  ('Neither patient records nor financial data were accessed.'),
  ('The stolen laptop was encrypted.'),
  ('Backups were kept offline and restored.'),
  ('');
SELECT n, classify_cia(summary) AS cia, summary FROM classify_examples ORDER BY n;
SELECT classify_cia(NULL::text) IS NULL AS null_gives_null;

-- bytes >= 0x80: accents fold, other characters are letters of no phrase
SELECT classify_cia(s) AS cia, s
  FROM (VALUES ('DATI ESFILTRATÌ'), ('Ransomware™ → encrypted files'), ('ransomware’s'),
               ('didn’t steal data'), ('データ stolen data 流出'), ('😀😀 outage 😀'),
               (repeat('è', 10) || ' down'), (chr(160) || 'offline' || chr(160)),
               ('naïve système — wiped')) v(s);

-- long text: 1 MB of prose with one piece of evidence at the very end, in one pass
SELECT classify_cia(repeat('The board met on Tuesday and discussed the budget, no issues. ', 17000)
                    || 'Files were encrypted.') AS long_text,
       length(repeat('The board met on Tuesday and discussed the budget, no issues. ', 17000)) AS bytes;
SELECT classify_cia(repeat('no ', 400000)) AS only_negations,
       classify_cia(repeat('outage ', 150000)) AS repeated_evidence;

-- The regular-expression baseline agrees on the examples, except where documented
\set ECHO none
\i test/oracles/classify_regex.sql
\set ECHO all
SELECT n, classify_cia(summary) AS c_version, bench.classify_cia_regex(summary) AS regex_version, summary
  FROM classify_examples
 WHERE classify_cia(summary) IS DISTINCT FROM bench.classify_cia_regex(summary)
 ORDER BY n;
SELECT count(*) AS examples,
       count(*) FILTER (WHERE classify_cia(summary) = bench.classify_cia_regex(summary)) AS agree
  FROM classify_examples;
SET client_min_messages = warning;
DROP SCHEMA bench CASCADE;
RESET client_min_messages;
