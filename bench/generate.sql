-- bench/generate.sql: N synthetic incidents for the benchmarks (and the smoke test).
--
--   psql -v n=100000 [-v seed=0.42] -f bench/generate.sql
--
-- Needs the incident_analytics extension in the current database.  Rows are
-- inserted with source = 'bench' and source_id = 1..N (earlier bench rows are
-- deleted first).  Deterministic: setseed(:seed) and a single-process INSERT
-- plan give the same rows on every run of the same PostgreSQL build.
--
-- Distributions (what the smoke test test/scripts/90_bench_smoke.sh checks):
--   country        ~8% unknown (half of those carry only an M49 sub-region);
--                  ~32% US, ~39% Europe (EU + GB), the rest other countries
--   subdivision    ~35% of rows in countries that have ISO 3166-2 codes
--   sector         ~10% unknown; NAICS codes from the sectors table at 2-6
--                  digits (6 digits most common, as in VCDB; a level the table
--                  lacks falls back to the next shallower one), weighted toward
--                  health care, public administration, education, information
--   techniques     45% none (NULL), else 1-8 distinct ids from attack_techniques,
--                  skewed toward few, common techniques (T1486, T1566 ...) weighted up
--   summary        200-2,000 characters, 70% English, 30% Italian, assembled from
--                  sentence templates: CIA evidence, weak wording, negations
--   cia            35% NULL; components otherwise N/L/H or X
--   severity facts mostly unknown: safety 90% NULL, functional impact 60%,
--                  information impact 55%, records 75%, loss rating 90% ...
-- When the reference tables are still empty (a checkout without data/) a small
-- built-in set of countries, sectors and techniques is added first, origin 'user'.

\if :{?n}
\else
\set n 1000
\endif
\if :{?seed}
\else
\set seed 0.42
\endif
\set ON_ERROR_STOP 1
SET search_path = incident_analytics, public;
SET client_min_messages = warning;

-- ---------------------------------------------------------------- fallback reference rows
DO $fallback$
BEGIN
  IF NOT EXISTS (SELECT FROM m49_regions) THEN
    INSERT INTO m49_regions (code, name, level, parent_code) VALUES
      ('001', 'World', 'world', NULL), ('002', 'Africa', 'continent', '001'),
      ('019', 'Americas', 'continent', '001'), ('142', 'Asia', 'continent', '001'),
      ('150', 'Europe', 'continent', '001'), ('009', 'Oceania', 'continent', '001'),
      ('021', 'Northern America', 'subregion', '019'), ('419', 'Latin America and the Caribbean', 'subregion', '019'),
      ('155', 'Western Europe', 'subregion', '150'), ('039', 'Southern Europe', 'subregion', '150'),
      ('154', 'Northern Europe', 'subregion', '150'), ('151', 'Eastern Europe', 'subregion', '150'),
      ('030', 'Eastern Asia', 'subregion', '142'), ('034', 'Southern Asia', 'subregion', '142'),
      ('035', 'South-eastern Asia', 'subregion', '142'), ('145', 'Western Asia', 'subregion', '142'),
      ('053', 'Australia and New Zealand', 'subregion', '009'), ('202', 'Sub-Saharan Africa', 'subregion', '002');
  END IF;
  IF NOT EXISTS (SELECT FROM countries) THEN
    INSERT INTO countries (code, name, region_code, region_name, subregion_code, subregion_name)
    SELECT c.code, c.name, r.code, r.name, s.code, s.name
      FROM (VALUES ('US', 'United States of America', '021'), ('CA', 'Canada', '021'),
                   ('GB', 'United Kingdom', '154'), ('IE', 'Ireland', '154'), ('SE', 'Sweden', '154'),
                   ('DK', 'Denmark', '154'), ('FI', 'Finland', '154'), ('DE', 'Germany', '155'),
                   ('FR', 'France', '155'), ('NL', 'Netherlands', '155'), ('BE', 'Belgium', '155'),
                   ('AT', 'Austria', '155'), ('IT', 'Italy', '039'), ('ES', 'Spain', '039'),
                   ('PT', 'Portugal', '039'), ('GR', 'Greece', '039'), ('PL', 'Poland', '151'),
                   ('CZ', 'Czechia', '151'), ('RO', 'Romania', '151'), ('UA', 'Ukraine', '151'),
                   ('RU', 'Russian Federation', '151'), ('BR', 'Brazil', '419'), ('MX', 'Mexico', '419'),
                   ('JP', 'Japan', '030'), ('KR', 'Korea, Republic of', '030'), ('CN', 'China', '030'),
                   ('KP', 'Korea, Democratic People''s Republic of', '030'), ('IN', 'India', '034'),
                   ('IR', 'Iran', '034'), ('SG', 'Singapore', '035'), ('IL', 'Israel', '145'),
                   ('AU', 'Australia', '053'), ('ZA', 'South Africa', '202'), ('NG', 'Nigeria', '202'))
             AS c(code, name, sub)
      JOIN m49_regions s ON s.code = c.sub
      JOIN m49_regions r ON r.code = s.parent_code;
  END IF;
  IF NOT EXISTS (SELECT FROM subdivisions) THEN
    INSERT INTO subdivisions (code, country, name, type) VALUES
      ('US-CA', 'US', 'California', 'State'), ('US-NY', 'US', 'New York', 'State'),
      ('US-TX', 'US', 'Texas', 'State'), ('US-MO', 'US', 'Missouri', 'State'),
      ('IT-25', 'IT', 'Lombardia', 'Region'), ('IT-62', 'IT', 'Lazio', 'Region'),
      ('IT-72', 'IT', 'Campania', 'Region'), ('DE-BY', 'DE', 'Bayern', 'Land'),
      ('FR-IDF', 'FR', 'Île-de-France', 'Metropolitan region'), ('ES-MD', 'ES', 'Madrid, Comunidad de', 'Autonomous community')
    ON CONFLICT DO NOTHING;
  END IF;
  IF NOT EXISTS (SELECT FROM sectors) THEN
    INSERT INTO sectors (code, name, level, parent_code, nis2_sector, criticality) VALUES
      ('11', 'Agriculture, Forestry, Fishing and Hunting', 2, NULL, NULL, 60),
      ('21', 'Mining, Quarrying, and Oil and Gas Extraction', 2, NULL, NULL, 40),
      ('22', 'Utilities', 2, NULL, 'energy', 100), ('23', 'Construction', 2, NULL, NULL, 40),
      ('31-33', 'Manufacturing', 2, NULL, NULL, 60), ('42', 'Wholesale Trade', 2, NULL, NULL, 40),
      ('44-45', 'Retail Trade', 2, NULL, NULL, 25), ('48-49', 'Transportation and Warehousing', 2, NULL, 'transport', 100),
      ('51', 'Information', 2, NULL, NULL, 60), ('52', 'Finance and Insurance', 2, NULL, 'banking', 80),
      ('53', 'Real Estate and Rental and Leasing', 2, NULL, NULL, 25),
      ('54', 'Professional, Scientific, and Technical Services', 2, NULL, NULL, 40),
      ('55', 'Management of Companies and Enterprises', 2, NULL, NULL, 40),
      ('56', 'Administrative and Support and Waste Management and Remediation Services', 2, NULL, NULL, 40),
      ('61', 'Educational Services', 2, NULL, NULL, 60), ('62', 'Health Care and Social Assistance', 2, NULL, 'health', 100),
      ('71', 'Arts, Entertainment, and Recreation', 2, NULL, NULL, 25),
      ('72', 'Accommodation and Food Services', 2, NULL, NULL, 25),
      ('81', 'Other Services (except Public Administration)', 2, NULL, NULL, 25),
      ('92', 'Public Administration', 2, NULL, 'public administration', 80);
    INSERT INTO sectors (code, name, level, parent_code, nis2_sector, criticality) VALUES
      ('31', 'Manufacturing', 2, '31-33', NULL, 60), ('32', 'Manufacturing', 2, '31-33', NULL, 60),
      ('33', 'Manufacturing', 2, '31-33', NULL, 60), ('44', 'Retail Trade', 2, '44-45', NULL, 25),
      ('45', 'Retail Trade', 2, '44-45', NULL, 25), ('48', 'Transportation', 2, '48-49', 'transport', 100),
      ('49', 'Warehousing', 2, '48-49', 'transport', 100),
      ('622', 'Hospitals', 3, '62', 'health', 100), ('6221', 'General Medical and Surgical Hospitals', 4, '622', 'health', 100),
      ('62211', 'General Medical and Surgical Hospitals', 5, '6221', 'health', 100),
      ('622110', 'General Medical and Surgical Hospitals', 6, '62211', 'health', 100),
      ('621', 'Ambulatory Health Care Services', 3, '62', 'health', 100),
      ('621111', 'Offices of Physicians', 6, '621', 'health', 100),
      ('921', 'Executive, Legislative, and Other General Government Support', 3, '92', 'public administration', 80),
      ('9211', 'Executive, Legislative, and Other General Government Support', 4, '921', 'public administration', 80),
      ('92111', 'Executive Offices', 5, '9211', 'public administration', 80),
      ('921110', 'Executive Offices', 6, '92111', 'public administration', 80),
      ('921190', 'Other General Government Support', 6, '9211', 'public administration', 80),
      ('611', 'Educational Services', 3, '61', NULL, 60), ('611310', 'Colleges, Universities, and Professional Schools', 6, '611', NULL, 60),
      ('611110', 'Elementary and Secondary Schools', 6, '611', NULL, 60),
      ('518', 'Data Processing, Hosting, and Related Services', 3, '51', 'digital infrastructure', 100),
      ('518210', 'Data Processing, Hosting, and Related Services', 6, '518', 'digital infrastructure', 100),
      ('522', 'Credit Intermediation and Related Activities', 3, '52', 'banking', 80),
      ('522110', 'Commercial Banking', 6, '522', 'banking', 80),
      ('221', 'Utilities', 3, '22', 'energy', 100), ('221122', 'Electric Power Distribution', 6, '221', 'energy', 100),
      ('541', 'Professional, Scientific, and Technical Services', 3, '54', NULL, 40),
      ('541511', 'Custom Computer Programming Services', 6, '541', 'ICT service management', 60),
      ('325', 'Chemical Manufacturing', 3, '32', 'chemicals', 80),
      ('325412', 'Pharmaceutical Preparation Manufacturing', 6, '325', 'health', 80),
      ('722', 'Food Services and Drinking Places', 3, '72', NULL, 25),
      ('722511', 'Full-Service Restaurants', 6, '722', NULL, 25);
  END IF;
  IF NOT EXISTS (SELECT FROM attack_tactics) THEN
    INSERT INTO attack_tactics (tactic_id, shortname, name, domain, ordinal) VALUES
      ('TA0043', 'reconnaissance', 'Reconnaissance', 'enterprise', 1),
      ('TA0042', 'resource-development', 'Resource Development', 'enterprise', 2),
      ('TA0001', 'initial-access', 'Initial Access', 'enterprise', 3),
      ('TA0002', 'execution', 'Execution', 'enterprise', 4),
      ('TA0003', 'persistence', 'Persistence', 'enterprise', 5),
      ('TA0004', 'privilege-escalation', 'Privilege Escalation', 'enterprise', 6),
      ('TA0005', 'defense-evasion', 'Defense Evasion', 'enterprise', 7),
      ('TA0006', 'credential-access', 'Credential Access', 'enterprise', 8),
      ('TA0007', 'discovery', 'Discovery', 'enterprise', 9),
      ('TA0008', 'lateral-movement', 'Lateral Movement', 'enterprise', 10),
      ('TA0009', 'collection', 'Collection', 'enterprise', 11),
      ('TA0011', 'command-and-control', 'Command and Control', 'enterprise', 12),
      ('TA0010', 'exfiltration', 'Exfiltration', 'enterprise', 13),
      ('TA0040', 'impact', 'Impact', 'enterprise', 14);
  END IF;
  IF NOT EXISTS (SELECT FROM attack_techniques) THEN
    INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, impact_type)
    SELECT t::attack_technique, 'enterprise', n, tac, t LIKE '%.%', imp
      FROM (VALUES
        ('T1486', 'Data Encrypted for Impact', '{TA0040}'::text[], 'availability'),
        ('T1490', 'Inhibit System Recovery', '{TA0040}', 'availability'),
        ('T1485', 'Data Destruction', '{TA0040}', 'availability'),
        ('T1498', 'Network Denial of Service', '{TA0040}', 'availability'),
        ('T1499', 'Endpoint Denial of Service', '{TA0040}', 'availability'),
        ('T1491', 'Defacement', '{TA0040}', 'integrity'),
        ('T1491.001', 'Internal Defacement', '{TA0040}', 'integrity'),
        ('T1565', 'Data Manipulation', '{TA0040}', 'integrity'),
        ('T1657', 'Financial Theft', '{TA0040}', 'integrity'),
        ('T1566', 'Phishing', '{TA0001}', NULL),
        ('T1566.001', 'Spearphishing Attachment', '{TA0001}', NULL),
        ('T1566.002', 'Spearphishing Link', '{TA0001}', NULL),
        ('T1190', 'Exploit Public-Facing Application', '{TA0001}', NULL),
        ('T1133', 'External Remote Services', '{TA0001,TA0003}', NULL),
        ('T1078', 'Valid Accounts', '{TA0001,TA0003,TA0004,TA0005}', NULL),
        ('T1059', 'Command and Scripting Interpreter', '{TA0002}', NULL),
        ('T1059.001', 'PowerShell', '{TA0002}', NULL),
        ('T1105', 'Ingress Tool Transfer', '{TA0011}', NULL),
        ('T1071', 'Application Layer Protocol', '{TA0011}', NULL),
        ('T1021', 'Remote Services', '{TA0008}', NULL),
        ('T1021.001', 'Remote Desktop Protocol', '{TA0008}', NULL),
        ('T1003', 'OS Credential Dumping', '{TA0006}', NULL),
        ('T1110', 'Brute Force', '{TA0006}', NULL),
        ('T1041', 'Exfiltration Over C2 Channel', '{TA0010}', NULL),
        ('T1567', 'Exfiltration Over Web Service', '{TA0010}', NULL),
        ('T1005', 'Data from Local System', '{TA0009}', NULL),
        ('T1136', 'Create Account', '{TA0003}', NULL),
        ('T1098', 'Account Manipulation', '{TA0003,TA0004}', NULL),
        ('T1027', 'Obfuscated Files or Information', '{TA0005}', NULL),
        ('T1082', 'System Information Discovery', '{TA0007}', NULL),
        ('T1595', 'Active Scanning', '{TA0043}', NULL),
        ('T1583', 'Acquire Infrastructure', '{TA0042}', NULL)) AS v(t, n, tac, imp);
  END IF;
END
$fallback$;

-- ---------------------------------------------------------------- pools to draw from
DROP TABLE IF EXISTS pg_temp.bench_pool, pg_temp.bench_subdiv;
CREATE TEMP TABLE bench_pool AS
WITH cw(code, w) AS (
  VALUES ('US', 37), ('GB', 7), ('DE', 6), ('FR', 5), ('IT', 6), ('ES', 4), ('NL', 3), ('PL', 2),
         ('SE', 2), ('BE', 2), ('AT', 1), ('IE', 1), ('DK', 1), ('FI', 1), ('PT', 1), ('CZ', 1),
         ('RO', 1), ('GR', 1), ('CA', 4), ('AU', 3), ('JP', 2), ('IN', 3), ('BR', 2), ('KR', 1),
         ('IL', 1), ('UA', 2), ('CN', 1), ('ZA', 1), ('MX', 1), ('SG', 1)),
countries_w AS (
  SELECT array_agg(c.code::text ORDER BY c.code, g) AS a
    FROM cw JOIN countries c ON c.code = cw.code, generate_series(1, cw.w) g),
-- plus about 3% spread over every other country
countries_rest AS (
  SELECT array_agg(code::text ORDER BY code) AS a FROM countries
   WHERE code NOT IN (SELECT code FROM cw) AND region_code IS NOT NULL),
sw(prefix, w) AS (
  VALUES ('62', 12), ('92', 10), ('61', 8), ('51', 8), ('52', 8), ('54', 6), ('31', 2), ('32', 2),
         ('33', 2), ('44', 3), ('45', 2), ('22', 4), ('48', 2), ('49', 1), ('72', 3), ('56', 3),
         ('81', 3), ('23', 2), ('53', 2), ('71', 2), ('42', 2), ('21', 1), ('11', 1), ('55', 1)),
sectors_w AS (
  SELECT s.level, array_agg(s.code ORDER BY s.code, g) AS a
    FROM sectors s JOIN sw ON sw.prefix = left(s.code, 2), generate_series(1, sw.w) g
   GROUP BY s.level),
common(t) AS (
  VALUES ('T1486'), ('T1566'), ('T1566.001'), ('T1190'), ('T1078'), ('T1133'), ('T1059'), ('T1105'),
         ('T1490'), ('T1041'), ('T1567'), ('T1485'), ('T1498'), ('T1499'), ('T1491'), ('T1021'),
         ('T1003'), ('T1110'), ('T1071'), ('T1027')),
techniques_w AS (
  SELECT array_agg(t.technique ORDER BY t.technique, g) AS a
    FROM (SELECT DISTINCT technique FROM attack_techniques
           WHERE NOT deprecated AND revoked_by IS NULL AND domain IN ('enterprise', 'ics')) t,
         generate_series(1, CASE WHEN t.technique::text IN (SELECT t FROM common) THEN 25 ELSE 1 END) g)
SELECT (SELECT a FROM countries_w) AS countries,
       coalesce((SELECT a FROM countries_rest), (SELECT a FROM countries_w)) AS countries_rest,
       (SELECT array_agg(code ORDER BY code) FROM m49_regions WHERE level = 'subregion') AS subregions,
       -- a level the sectors table does not have falls back to the next shallower one
       (SELECT a FROM sectors_w WHERE level = 2) AS sec2,
       coalesce((SELECT a FROM sectors_w WHERE level = 3), (SELECT a FROM sectors_w WHERE level = 2)) AS sec3,
       (SELECT a FROM sectors_w WHERE level <= 4 ORDER BY level DESC LIMIT 1) AS sec4,
       (SELECT a FROM sectors_w WHERE level <= 5 ORDER BY level DESC LIMIT 1) AS sec5,
       (SELECT a FROM sectors_w WHERE level <= 6 ORDER BY level DESC LIMIT 1) AS sec6,
       (SELECT a FROM techniques_w) AS techniques,
       enum_range(NULL::safety_impact) AS e_safety,
       enum_range(NULL::functional_impact) AS e_functional,
       enum_range(NULL::information_impact) AS e_information,
       enum_range(NULL::incident_scope) AS e_scope,
       enum_range(NULL::recoverability) AS e_recover,
       enum_range(NULL::loss_rating) AS e_loss,
       ARRAY['Azienda Sanitaria', 'Ospedale', 'Comune di', 'Università di', 'Regione', 'ASL',
             'Banca Popolare di', 'Acquedotto di', 'Istituto Comprensivo di', 'Tribunale di'] AS it_org,
       ARRAY['Verona', 'Napoli', 'Torino', 'Bari', 'Padova', 'Trento', 'Parma', 'Lecce', 'Pisa', 'Cagliari'] AS it_place,
       ARRAY['County Hospital', 'City of', 'State University of', 'Regional Water Authority of',
             'First National Bank of', 'School District of', 'Medical Center of', 'Port Authority of',
             'Power Cooperative of', 'Public Library of'] AS en_org,
       ARRAY['Springfield', 'Riverside', 'Fairview', 'Lakewood', 'Georgetown', 'Franklin', 'Salem',
             'Madison', 'Clinton', 'Ashland'] AS en_place,
       -- English sentences: {v} victim, {n} a number.  Evidence (strong, weak, negated) ...
       ARRAY[
         'A ransomware attack encrypted files on the servers of {v}.',
         'Attackers deployed ransomware and demanded a payment in bitcoin from {v}.',
         'Systems at {v} were taken offline after the attack and remained down for {n} hours.',
         'A distributed denial of service attack made the public website of {v} unreachable.',
         'Patient appointments were cancelled and ambulances were diverted to other hospitals.',
         'The outage affected online services for about {n} thousand residents.',
         'The attackers claim to have stolen {n} gigabytes of data, including personnel records.',
         'Personal data of {n} thousand customers was exfiltrated and later leaked on a dark web forum.',
         'The group published samples of the stolen documents on its leak site.',
         'The home page of {v} was defaced with political messages.',
         'Invoices in the accounting system were altered to redirect payments.',
         'An unauthorised party accessed an email account belonging to an employee of {v}.',
         'A misconfigured storage bucket exposed records of {n} thousand people.',
         'Some internal services were briefly disrupted while the incident was contained.',
         'No data was stolen, according to a statement by {v}.',
         'There is no evidence that personal information was exfiltrated.',
         'The website was not defaced and no records were altered.',
         '{v} said that operations were not disrupted and no systems were encrypted.'] AS en_ev,
       -- ... and filler without CIA evidence
       ARRAY[
         '{v} notified the national CERT and law enforcement.',
         'An investigation with external forensic experts is ongoing.',
         'The incident was disclosed to the public {n} days after it was detected.',
         'Employees were asked to reset their passwords as a precaution.',
         'Phishing emails impersonating a supplier were used to obtain initial access.',
         'The intrusion began through a vulnerable VPN appliance that had not been patched.',
         'Backups were used to restore the affected systems.',
         '{v} is working with its insurer and has not commented on a ransom.',
         'Security researchers attributed the campaign to a financially motivated group.',
         'Local media reported the incident on the following day.',
         'The organisation employs about {n} hundred people across several sites.',
         'A spokesperson declined to give further details while the investigation continues.',
         'The attack was detected by the security operations centre during the night.',
         'Regulators were informed within the deadline set by the applicable rules.',
         'The same group has targeted similar organisations in recent months.',
         'A helpline has been set up for people who have questions about the incident.',
         'The board met on the same day to discuss the response.',
         'The incident response plan was activated and an emergency team was formed.'] AS en_fill,
       ARRAY[
         'Un attacco ransomware ha crittografato i file sui server di {v}.',
         'I dati crittografati non sono più accessibili e i criminali chiedono un riscatto a {v}.',
         'I sistemi di {v} sono stati messi offline e sono rimasti fermi per {n} ore.',
         'Un attacco DDoS ha reso irraggiungibile il sito istituzionale di {v}.',
         'Le prenotazioni delle visite sono state annullate e il pronto soccorso ha lavorato su carta.',
         'Il disservizio ha colpito circa {n} mila cittadini.',
         'Gli aggressori affermano di aver trafugato {n} gigabyte di dati, tra cui documenti del personale.',
         'I dati personali di {n} mila pazienti sono stati esfiltrati e pubblicati nel dark web.',
         'Il gruppo ha pubblicato sul proprio sito alcuni campioni dei dati rubati.',
         'La home page di {v} è stata defacciata con messaggi politici.',
         'Alcune fatture nel sistema contabile sono state alterate per dirottare i pagamenti.',
         'Un soggetto non autorizzato ha avuto accesso alla casella di posta di un dipendente di {v}.',
         'Un server configurato male ha esposto i dati di {n} mila persone.',
         'Alcuni servizi interni sono stati temporaneamente interrotti durante il contenimento.',
         'Nessun dato è stato trafugato, secondo una nota di {v}.',
         'Non ci sono prove che i dati personali siano stati esfiltrati.',
         'Il sito non è stato defacciato e nessun dato è stato alterato.',
         '{v} ha dichiarato che i servizi non sono stati interrotti.'] AS it_ev,
       ARRAY[
         '{v} ha informato l''Agenzia per la Cybersicurezza Nazionale e la Polizia Postale.',
         'Sono in corso le indagini con il supporto di esperti esterni.',
         'L''incidente è stato reso pubblico {n} giorni dopo la scoperta.',
         'Ai dipendenti è stato chiesto di cambiare la password per precauzione.',
         'L''accesso iniziale è avvenuto tramite email di phishing che imitavano un fornitore.',
         'Gli aggressori hanno sfruttato una VPN non aggiornata.',
         'I sistemi sono stati ripristinati dai backup.',
         'La notizia è stata riportata dalla stampa locale il giorno seguente.',
         'L''ente conta circa {n} centinaia di dipendenti distribuiti su più sedi.',
         'Un portavoce non ha voluto aggiungere dettagli mentre le indagini proseguono.',
         'L''attacco è stato rilevato durante la notte dal centro operativo di sicurezza.',
         'Il Garante per la protezione dei dati personali è stato informato nei termini previsti.',
         'Lo stesso gruppo ha colpito enti simili negli ultimi mesi.',
         'È stato attivato un numero verde per le domande dei cittadini.',
         'È stata convocata una riunione urgente per coordinare la risposta.',
         'È stato attivato il piano di risposta agli incidenti con una squadra dedicata.'] AS it_fill;

CREATE TEMP TABLE bench_subdiv (country text PRIMARY KEY, codes text[] NOT NULL);
INSERT INTO bench_subdiv
SELECT country, array_agg(code ORDER BY code) FROM subdivisions
 WHERE country IN (SELECT unnest(countries) FROM bench_pool) GROUP BY country;
ANALYZE bench_subdiv;

-- ---------------------------------------------------------------- the incidents
DELETE FROM incidents WHERE source = 'bench';
SELECT setseed(:seed) AS seeded \gset

INSERT INTO incidents (
  source, source_id, title, victim, summary, occurred_on, occurred_precision, disclosed_on,
  country, subdivision, region_m49, sector, cia, techniques, motives, actor_types, actor_countries,
  safety_impact, functional_impact, information_impact, data_leaked, records_affected, scope,
  people_affected, recoverability, outage_duration, loss_rating, loss_eur, nis2_significant,
  tlp, sources)
SELECT 'bench', r.g::text,
       CASE WHEN r.italian THEN 'Attacco informatico a ' ELSE 'Cyber attack on ' END || r.victim,
       r.victim,
       -- cut at the last full stop before the target length: 200-2,000 characters
       left(t.txt, r.len - strpos(reverse(left(t.txt, r.len)), '.') + 1),
       r.occurred,
       CASE WHEN r.occurred IS NULL THEN NULL
            WHEN r.u_prec < 0.35 THEN 'day' WHEN r.u_prec < 0.85 THEN 'month' ELSE 'year' END::date_precision,
       CASE WHEN r.occurred IS NOT NULL AND r.u_disc < 0.7 THEN r.occurred + (r.u_disc * 280)::int END,
       r.country,
       CASE WHEN r.country IS NOT NULL AND r.u_sub < 0.35 THEN
         (SELECT sd.codes[1 + floor(r.u_sub2 * cardinality(sd.codes))::int]
            FROM bench_subdiv sd WHERE sd.country = r.country) END,
       CASE WHEN r.country IS NULL AND r.u_country < 0.04 THEN
         p.subregions[1 + floor(r.u_sub2 * cardinality(p.subregions))::int] END,
       CASE WHEN r.u_sector < 0.10 THEN NULL
            WHEN r.u_level < 0.15 THEN p.sec2[1 + floor(r.u_sec * cardinality(p.sec2))::int]
            WHEN r.u_level < 0.27 THEN p.sec3[1 + floor(r.u_sec * cardinality(p.sec3))::int]
            WHEN r.u_level < 0.37 THEN p.sec4[1 + floor(r.u_sec * cardinality(p.sec4))::int]
            WHEN r.u_level < 0.45 THEN p.sec5[1 + floor(r.u_sec * cardinality(p.sec5))::int]
            ELSE p.sec6[1 + floor(r.u_sec * cardinality(p.sec6))::int] END,
       CASE WHEN r.u_cia >= 0.35 THEN
         format('C:%s/I:%s/A:%s',
                (ARRAY['X','X','X','N','N','L','L','H','H','H'])[1 + floor(r.u_c * 10)::int],
                (ARRAY['X','X','X','X','N','N','N','L','L','H'])[1 + floor(r.u_i * 10)::int],
                (ARRAY['X','X','X','N','N','L','L','H','H','H'])[1 + floor(r.u_a * 10)::int])::cia END,
       tq.techniques,
       CASE WHEN r.u_motive < 0.50 THEN NULL
            WHEN r.u_motive < 0.80 THEN '{financial}'::text[]
            WHEN r.u_motive < 0.87 THEN '{espionage}'::text[]
            WHEN r.u_motive < 0.92 THEN '{ideology}'::text[]
            WHEN r.u_motive < 0.95 THEN '{sabotage}'::text[]
            WHEN r.u_motive < 0.97 THEN '{grudge}'::text[]
            ELSE '{financial,espionage}'::text[] END,
       CASE WHEN r.u_actor >= 0.45 THEN
         (ARRAY['criminal', 'criminal', 'criminal', 'criminal', 'hacktivist', 'insider_error',
                'malicious_insider', 'state_affiliated', 'nation_state', 'other'])
           [1 + floor((r.u_actor - 0.45) / 0.55 * 10)::int : 1 + floor((r.u_actor - 0.45) / 0.55 * 10)::int] END,
       CASE WHEN r.u_actor >= 0.85 THEN
         (ARRAY['RU', 'CN', 'KP', 'IR', 'RU'])[1 + floor((r.u_actor - 0.85) / 0.15 * 5)::int : 1 + floor((r.u_actor - 0.85) / 0.15 * 5)::int]::char(2)[] END,
       -- severity facts: most are unknown
       CASE WHEN r.f1 < 0.10 THEN p.e_safety[1 + floor(r.f1 / 0.10 * 7)::int] END,
       CASE WHEN r.f2 < 0.40 THEN p.e_functional[1 + floor(r.f2 / 0.40 * 8)::int] END,
       CASE WHEN r.f3 < 0.45 THEN p.e_information[1 + floor(r.f3 / 0.45 * 10)::int] END,
       CASE WHEN r.f4 < 0.30 THEN r.f4 < 0.12 END,
       CASE WHEN r.f5 < 0.25 THEN floor(power(10, r.f5 / 0.25 * 7))::bigint END,
       CASE WHEN r.f6 < 0.35 THEN p.e_scope[1 + floor(power(r.f6 / 0.35, 1.5) * 7)::int] END,
       CASE WHEN r.f7 < 0.15 THEN floor(power(10, r.f7 / 0.15 * 6.5))::bigint END,
       CASE WHEN r.f8 < 0.20 THEN p.e_recover[1 + floor(r.f8 / 0.20 * 4)::int] END,
       CASE WHEN r.f9 < 0.20 THEN make_interval(hours => floor(power(10, r.f9 / 0.20 * 4))::int) END,
       CASE WHEN r.f10 < 0.10 THEN p.e_loss[1 + floor(r.f10 / 0.10 * 5)::int] END,
       CASE WHEN r.f11 < 0.07 THEN round(power(10, 3 + r.f11 / 0.07 * 5)::numeric, 2) END,
       CASE WHEN r.f12 < 0.15 THEN r.f12 < 0.04 END,
       (ARRAY['clear', 'green', 'green', 'amber', 'amber', 'amber', 'amber', 'amber+strict', 'red', 'clear'])
         [1 + floor(r.u_tlp * 10)::int]::tlp,
       CASE WHEN r.u_tlp < 0.8 THEN ARRAY['https://example.org/incidents/' || r.g] END
  FROM bench_pool p,
       LATERAL (
         SELECT s.*,
                CASE WHEN s.italian THEN p.it_org[1 + floor(s.u_v1 * 10)::int] || ' ' || p.it_place[1 + floor(s.u_v2 * 10)::int]
                     ELSE p.en_org[1 + floor(s.u_v1 * 10)::int] || ' ' || p.en_place[1 + floor(s.u_v2 * 10)::int] END
                  || ' #' || s.g AS victim,
                CASE WHEN s.u_country < 0.08 THEN NULL
                     WHEN s.u_country < 0.11 THEN p.countries_rest[1 + floor(s.u_c2 * cardinality(p.countries_rest))::int]
                     ELSE p.countries[1 + floor(s.u_c2 * cardinality(p.countries))::int] END AS country,
                CASE WHEN s.u_date >= 0.05 THEN date '2010-01-01' + floor(s.u_date2 * 5844)::int END AS occurred0
           FROM (SELECT g, random() < 0.30 AS italian,
                        350 + floor(random() * 1651)::int AS len,
                        random() AS u_v1, random() AS u_v2, random() AS u_country, random() AS u_c2,
                        random() AS u_sub, random() AS u_sub2, random() AS u_sector, random() AS u_level,
                        random() AS u_sec, random() AS u_cia, random() AS u_c, random() AS u_i, random() AS u_a,
                        random() AS u_tech, random() AS u_ntech, random() AS u_motive, random() AS u_actor,
                        random() AS u_date, random() AS u_date2, random() AS u_prec, random() AS u_disc,
                        random() AS f1, random() AS f2, random() AS f3, random() AS f4, random() AS f5,
                        random() AS f6, random() AS f7, random() AS f8, random() AS f9, random() AS f10,
                        random() AS f11, random() AS f12, random() AS u_tlp
                   FROM generate_series(1, :n) g OFFSET 0) s) r0
       CROSS JOIN LATERAL (
         SELECT r0.*,
                CASE WHEN r0.occurred0 IS NULL THEN NULL
                     WHEN r0.u_prec < 0.35 THEN r0.occurred0
                     WHEN r0.u_prec < 0.85 THEN date_trunc('month', r0.occurred0)::date
                     ELSE date_trunc('year', r0.occurred0)::date END AS occurred) r
       CROSS JOIN LATERAL (
         -- the lead sentence is strong evidence; then 1 in 4 sentences is evidence, the rest filler
         SELECT string_agg(
                  replace(replace(
                    CASE WHEN k = 1 OR random() < 0.25 THEN
                           CASE WHEN r.italian THEN p.it_ev[1 + floor(random() * CASE WHEN k = 1 THEN 11 ELSE cardinality(p.it_ev) END)::int]
                                ELSE p.en_ev[1 + floor(random() * CASE WHEN k = 1 THEN 11 ELSE cardinality(p.en_ev) END)::int] END
                         WHEN r.italian THEN p.it_fill[1 + floor(random() * cardinality(p.it_fill))::int]
                         ELSE p.en_fill[1 + floor(random() * cardinality(p.en_fill))::int] END,
                    '{v}', r.victim), '{n}', (2 + floor(random() * 98))::text),
                  ' ' ORDER BY k) AS txt
           FROM generate_series(1, r.len / 60 + 2) k) t
       CROSS JOIN LATERAL (
         SELECT CASE WHEN r.u_tech < 0.45 THEN NULL ELSE
                  (SELECT array_agg(DISTINCT x) FROM
                     (SELECT p.techniques[1 + floor(random() * cardinality(p.techniques))::int] AS x
                        FROM generate_series(1, 1 + floor(8 * r.u_ntech * r.u_ntech)::int)) d) END AS techniques) tq;

VACUUM (ANALYZE) incidents;
