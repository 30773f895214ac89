-- classify_cia over ATT&CK techniques (own rows, origin 'user') and free text.
BEGIN;
SELECT plan(86);
SET LOCAL search_path = incident_analytics, public;

SELECT has_function('incident_analytics', 'classify_cia', ARRAY['attack_technique[]'], 'classify_cia(attack_technique[]) exists');
SELECT has_function('incident_analytics', 'classify_cia', ARRAY['text'], 'classify_cia(text) exists');
SELECT volatility_is('incident_analytics', 'classify_cia', ARRAY['attack_technique[]'], 'stable', 'technique rule is STABLE (reads attack_techniques)');
SELECT volatility_is('incident_analytics', 'classify_cia', ARRAY['text'], 'immutable', 'text rule is IMMUTABLE');
SELECT is((SELECT bool_and(proisstrict AND proparallel = 's') FROM pg_proc
            WHERE proname = 'classify_cia' AND pronamespace = 'incident_analytics'::regnamespace),
          true, 'both are STRICT and PARALLEL SAFE');

-- our own technique rows, so the test does not depend on shipped data
DELETE FROM attack_techniques WHERE technique IN
  ('T1486','T1489','T1531','T1491','T1565.002','T1657','T1496','T1496.003','T1048','T1005','T1110',
   'T1136.003','T1098','T1556','T1542.001','T1059','T1487','T1561','T0880','T0831','T0882','T0836');
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, impact_type, revoked_by, revoked) VALUES
  ('T1486', 'enterprise', 'Data Encrypted for Impact', '{TA0040}', false, 'availability', NULL, false),
  ('T1489', 'enterprise', 'Service Stop', '{TA0040}', false, 'availability', NULL, false),
  ('T1531', 'enterprise', 'Account Access Removal', '{TA0040}', false, 'availability', NULL, false),
  ('T1491', 'enterprise', 'Defacement', '{TA0040}', false, 'integrity', NULL, false),
  ('T1565.002', 'enterprise', 'Transmitted Data Manipulation', '{TA0040}', true, 'integrity', NULL, false),
  ('T1657', 'enterprise', 'Financial Theft', '{TA0040}', false, 'availability', NULL, false),
  ('T1496', 'enterprise', 'Resource Hijacking', '{TA0040}', false, 'availability', NULL, false),
  ('T1496.003', 'enterprise', 'SMS Pumping', '{TA0040}', true, 'availability', NULL, false),
  ('T1048', 'enterprise', 'Exfiltration Over Alternative Protocol', '{TA0010}', false, NULL, NULL, false),
  ('T1005', 'enterprise', 'Data from Local System', '{TA0009}', false, NULL, NULL, false),
  ('T1110', 'enterprise', 'Brute Force', '{TA0006}', false, NULL, NULL, false),
  ('T1136.003', 'enterprise', 'Cloud Account', '{TA0003}', true, NULL, NULL, false),
  ('T1098', 'enterprise', 'Account Manipulation', '{TA0003,TA0004}', false, NULL, NULL, false),
  ('T1556', 'enterprise', 'Modify Authentication Process', '{TA0006,TA0005,TA0003}', false, NULL, NULL, false),
  ('T1542.001', 'enterprise', 'System Firmware', '{TA0005,TA0003}', true, NULL, NULL, false),
  ('T1059', 'enterprise', 'Command and Scripting Interpreter', '{TA0002}', false, NULL, NULL, false),
  ('T1561', 'enterprise', 'Disk Wipe', '{TA0040}', false, 'availability', NULL, false),
  ('T1487', 'enterprise', 'Disk Structure Wipe', '{TA0040}', false, 'availability', 'T1561', true),
  ('T0880', 'ics', 'Loss of Safety', '{TA0105}', false, NULL, NULL, false),
  ('T0831', 'ics', 'Manipulation of Control', '{TA0105}', false, NULL, NULL, false),
  ('T0882', 'ics', 'Theft of Operational Information', '{TA0105}', false, NULL, NULL, false),
  ('T0836', 'ics', 'Modify Parameter', '{TA0106}', false, NULL, NULL, false);

SELECT is(classify_cia('{T1486}'::attack_technique[]), 'C:X/I:X/A:H'::cia, 'availability impact type -> A:H');
SELECT is(classify_cia('{T1489,T1531}'::attack_technique[]), 'C:X/I:X/A:H'::cia, 'service stop, account access removal -> A:H');
SELECT is(classify_cia('{T1491}'::attack_technique[]), 'C:X/I:H/A:X'::cia, 'integrity impact type -> I:H');
SELECT is(classify_cia('{T1565.002}'::attack_technique[]), 'C:X/I:H/A:X'::cia, 'sub-technique with integrity impact type -> I:H');
SELECT is(classify_cia('{T1657}'::attack_technique[]), 'C:X/I:H/A:X'::cia, 'T1657 Financial Theft counts as integrity');
SELECT is(classify_cia('{T1496}'::attack_technique[]), 'C:X/I:X/A:L'::cia, 'T1496 Resource Hijacking -> A:L');
SELECT is(classify_cia('{T1496.003}'::attack_technique[]), 'C:X/I:X/A:L'::cia, 'T1496 sub-technique -> A:L');
SELECT is(classify_cia('{T1048}'::attack_technique[]), 'C:H/I:X/A:X'::cia, 'exfiltration tactic -> C:H');
SELECT is(classify_cia('{T1005}'::attack_technique[]), 'C:L/I:X/A:X'::cia, 'collection tactic -> C:L');
SELECT is(classify_cia('{T1110}'::attack_technique[]), 'C:L/I:X/A:X'::cia, 'credential access tactic -> C:L');
SELECT is(classify_cia('{T1136.003}'::attack_technique[]), 'C:X/I:L/A:X'::cia, 'T1136 sub-technique -> I:L');
SELECT is(classify_cia('{T1098}'::attack_technique[]), 'C:X/I:L/A:X'::cia, 'T1098 -> I:L');
SELECT is(classify_cia('{T1556}'::attack_technique[]), 'C:L/I:L/A:X'::cia, 'T1556 -> I:L, plus C:L from credential access');
SELECT is(classify_cia('{T1542.001}'::attack_technique[]), 'C:X/I:L/A:X'::cia, 'T1542 sub-technique -> I:L');
SELECT is(classify_cia('{T1059}'::attack_technique[]), 'C:X/I:X/A:X'::cia, 'execution tactic sets nothing');
SELECT is(classify_cia('{T1487}'::attack_technique[]), 'C:X/I:X/A:H'::cia, 'revoked technique counts as its successor');
SELECT is(classify_cia('{T0880}'::attack_technique[]), 'C:X/I:X/A:H'::cia, 'ICS T0880 -> A:H');
SELECT is(classify_cia('{T0831}'::attack_technique[]), 'C:X/I:H/A:X'::cia, 'ICS T0831 -> I:H');
SELECT is(classify_cia('{T0882}'::attack_technique[]), 'C:H/I:X/A:X'::cia, 'ICS T0882 -> C:H');
SELECT is(classify_cia('{T0836}'::attack_technique[]), 'C:X/I:X/A:X'::cia, 'other ICS technique sets nothing');
SELECT is(classify_cia('{T9998,T1059.999}'::attack_technique[]), 'C:X/I:X/A:X'::cia, 'unknown techniques contribute nothing');
SELECT is(classify_cia('{}'::attack_technique[]), 'C:X/I:X/A:X'::cia, 'empty array -> X/X/X');
SELECT is(classify_cia(NULL::attack_technique[]), NULL, 'NULL -> NULL');
SELECT is(classify_cia('{T1048,T1491,T1496,T1486}'::attack_technique[]), 'C:H/I:H/A:H'::cia, 'components are maxima over techniques');
SELECT is(classify_cia('{T1110,T1048}'::attack_technique[]), 'C:H/I:X/A:X'::cia, 'H beats L');
SELECT is(integrity(classify_cia('{T1048}'::attack_technique[])), NULL, 'no evidence is unknown (X), never N');
UPDATE attack_techniques SET tactics = '{TA0010}' WHERE technique = 'T1059';
SELECT is(classify_cia('{T1059}'::attack_technique[]), 'C:H/I:X/A:X'::cia, 'cache sees an update in the same transaction');

-- free text: evidence
SELECT is(classify_cia('Ransomware hit the hospital.'), 'C:X/I:X/A:H'::cia, 'ransomware -> A:H only (no integrity claim)');
SELECT is(classify_cia('Files were encrypted by the attackers.'), 'C:X/I:X/A:H'::cia, 'files were encrypted -> A:H');
SELECT is(classify_cia('A DDoS attack knocked the site offline for hours.'), 'C:X/I:X/A:H'::cia, 'DDoS, offline -> A:H');
SELECT is(classify_cia('Elective surgeries were postponed.'), 'C:X/I:X/A:H'::cia, 'postponed surgeries -> A:H');
SELECT is(classify_cia('The hackers exfiltrated 2 TB of data.'), 'C:H/I:X/A:X'::cia, 'exfiltrated -> C:H');
SELECT is(classify_cia('Personal details were leaked online.'), 'C:H/I:X/A:X'::cia, 'leaked -> C:H');
SELECT is(classify_cia('The website was defaced.'), 'C:X/I:H/A:X'::cia, 'defaced -> I:H');
SELECT is(classify_cia('Records were manipulated and tampered with.'), 'C:X/I:H/A:X'::cia, 'manipulated, tampered -> I:H');
SELECT is(classify_cia('An intruder accessed the mailbox.'), 'C:L/I:X/A:X'::cia, 'accessed -> C:L');
SELECT is(classify_cia('The attack disrupted phone lines.'), 'C:X/I:X/A:L'::cia, 'disrupted -> A:L');
SELECT is(classify_cia('Dati crittografati e pubblicati sul dark web.'), 'C:H/I:X/A:H'::cia, 'Italian: crittografati, dark web');
SELECT is(classify_cia('Servizi non disponibili per tre giorni.'), 'C:X/I:X/A:H'::cia, 'Italian: servizi non disponibili -> A:H despite "non"');
SELECT is(classify_cia('Il portale è stato alterato.'), 'C:X/I:H/A:X'::cia, 'Italian: alterato -> I:H');
SELECT is(classify_cia('Accesso non autorizzato ai sistemi.'), 'C:L/I:X/A:X'::cia, 'Italian: accesso non autorizzato -> C:L');
SELECT is(classify_cia('CANCELLAZIONE DI TUTTE LE VISITE'), 'C:X/I:X/A:H'::cia, 'Italian upper case: cancellazione -> A:H');
-- free text: negation and non-evidence
SELECT is(classify_cia('No data was stolen.'), 'C:X/I:X/A:X'::cia, 'no data was stolen');
SELECT is(classify_cia('Systems were restored without data loss.'), 'C:X/I:X/A:X'::cia, 'without data loss');
SELECT is(classify_cia('Nessun dato è stato sottratto.'), 'C:X/I:X/A:X'::cia, 'nessun dato è stato sottratto');
SELECT is(classify_cia('I dati non sono stati esfiltrati.'), 'C:X/I:X/A:X'::cia, 'non sono stati esfiltrati');
SELECT is(classify_cia('There is no evidence of exfiltration.'), 'C:X/I:X/A:X'::cia, 'no evidence of exfiltration');
SELECT is(classify_cia('Customer data were not accessed.'), 'C:X/I:X/A:X'::cia, 'data were not accessed');
SELECT is(classify_cia('Patient records have not been touched.'), 'C:X/I:X/A:X'::cia, 'have not been touched');
SELECT is(classify_cia('Hackers didn''t steal any records.'), 'C:X/I:X/A:X'::cia, 'n''t negates');
SELECT is(classify_cia('The server in downtown Milan was upgraded.'), 'C:X/I:X/A:X'::cia, 'downtown is not down');
SELECT is(classify_cia('Services were down, but no data was exfiltrated.'), 'C:X/I:X/A:H'::cia, 'negation does not reach back over "but"');
SELECT is(classify_cia('No ransom was paid. Files were encrypted.'), 'C:X/I:X/A:H'::cia, 'negation stops at the sentence end');
-- negation cues of reporting style, and hedges (issue 11)
SELECT is(classify_cia('There is no evidence that data was taken.'), 'C:X/I:X/A:X'::cia, 'no evidence that data was taken: no C');
SELECT is(classify_cia('The investigation found no indication that personal information was accessed or exfiltrated.'), 'C:X/I:X/A:X'::cia, 'no indication that ... accessed or exfiltrated');
SELECT is(classify_cia('L''indagine non ha trovato alcun indizio che i dati personali siano stati consultati o esfiltrati.'), 'C:X/I:X/A:X'::cia, 'Italian: alcun indizio che ... esfiltrati (reach counts from the end of the cue)');
SELECT is(classify_cia('Non ci sono prove che i dati siano stati sottratti.'), 'C:X/I:X/A:X'::cia, 'Italian: non ci sono prove che ... sottratti');
SELECT is(classify_cia('The company denied that any records had been leaked.'), 'C:X/I:X/A:X'::cia, 'denied that ... leaked');
SELECT is(classify_cia('The clinic believes a breach of patient data is unlikely.'), 'C:X/I:X/A:X'::cia, 'post-negation: ... is unlikely');
SELECT is(classify_cia('Names and addresses may have been accessed.'), 'C:L/I:X/A:X'::cia, 'may have been accessed -> C:L');
SELECT is(classify_cia('Patient data may have been exfiltrated.'), 'C:L/I:X/A:X'::cia, 'hedge caps exfiltrated at L');
SELECT is(classify_cia('Patient data was exfiltrated.'), 'C:H/I:X/A:X'::cia, 'the same without hedge stays H');
SELECT is(classify_cia('The hospital cannot rule out that patient data was exfiltrated.'), 'C:L/I:X/A:X'::cia, 'cannot rule out: a hedge, not a negation');
SELECT is(classify_cia('I dati dei pazienti potrebbero essere stati esfiltrati.'), 'C:L/I:X/A:X'::cia, 'Italian hedge: potrebbero essere stati esfiltrati -> C:L');
SELECT is(classify_cia('L''ospedale non esclude che i dati siano stati esfiltrati.'), 'C:L/I:X/A:X'::cia, 'Italian: non esclude che -> C:L, not negated');
SELECT is(classify_cia('The outage was possibly caused by ransomware.'), 'C:X/I:X/A:H'::cia, 'a hedge reaches forward only: the outage is asserted');
SELECT is(classify_cia('Possibly a ransomware attack.'), 'C:X/I:X/A:L'::cia, 'possibly ransomware -> A:L');
SELECT is(classify_cia('A possible ransomware attack, however, took the network offline.'), 'C:X/I:X/A:H'::cia, 'a hedge does not reach over "however"');
SELECT is(classify_cia('In May the laptop was stolen.'), 'C:L/I:X/A:H'::cia, 'the month May is no hedge');
-- wording families: disclosure by error, publication, dumps, devices, misuse
SELECT is(classify_cia('A letter with a diagnosis was mailed to the wrong address.'), 'C:L/I:X/A:X'::cia, 'misdirected letter -> C:L');
SELECT is(classify_cia('Boxes of medical records were found in a dumpster.'), 'C:L/I:X/A:X'::cia, 'improper disposal -> C:L');
SELECT is(classify_cia('A misconfigured storage bucket exposed passports.'), 'C:L/I:X/A:X'::cia, 'misconfiguration -> C:L');
SELECT is(classify_cia('Hackers dumped the customer database on a forum.'), 'C:H/I:X/A:X'::cia, 'dumped database -> C:H');
SELECT is(classify_cia('Burglars broke into the office and took two desktop computers.'), 'C:L/I:X/A:H'::cia, 'burglary of computers -> A:H, C:L');
SELECT is(classify_cia('Hackers breached the server and customer data was stolen.'), 'C:H/I:X/A:X'::cia, 'data stolen from a hacked server is no device loss');
SELECT is(classify_cia('A nurse accessed patient records without a business need.'), 'C:L/I:X/A:X'::cia, 'misuse without a business need -> C:L');
SELECT is(classify_cia('Un dipendente ha venduto le informazioni dei clienti.'), 'C:L/I:X/A:X'::cia, 'Italian: ha venduto le informazioni -> C:L');
SELECT is(classify_cia(''), 'C:X/I:X/A:X'::cia, 'empty text -> X/X/X');
SELECT is(classify_cia(NULL::text), NULL, 'NULL text -> NULL');
SELECT is(classify_cia(E'ransomware \u00e0\u00e8\u00ec \U0001F600 ' || chr(255) || chr(8217) || 's'), 'C:X/I:X/A:H'::cia, 'characters above 0x7F are safe');

-- 1 MB of text is classified in one quick pass
SELECT ok(clock_timestamp() - t0 < interval '2 seconds', '1 MB of text in under 2 seconds')
  FROM (SELECT clock_timestamp() AS t0,
               classify_cia(repeat('The board discussed the budget, nothing was stolen. ', 20000) || 'Outage.') AS v) s
 WHERE v = 'C:X/I:X/A:H'::cia;

SELECT * FROM finish();
ROLLBACK;
