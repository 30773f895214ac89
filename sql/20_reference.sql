-- Shipped reference data: ATT&CK 18.1, M49 regions, countries, ISO 3166-2
-- subdivisions, NAICS sectors (data/2*_*.sql made by tools/dev/gen_reference.py).
SET search_path = incident_analytics, public;

-- ATT&CK: tactics and techniques per matrix
SELECT domain, count(*) AS tactics, count(*) FILTER (WHERE deprecated) AS deprecated,
       min(ordinal) AS first, max(ordinal) AS last
  FROM attack_tactics GROUP BY domain ORDER BY domain;
SELECT domain, count(*) AS techniques,
       count(*) FILTER (WHERE NOT revoked AND NOT deprecated) AS active,
       count(*) FILTER (WHERE NOT revoked AND NOT deprecated AND NOT is_subtechnique) AS active_parents,
       count(*) FILTER (WHERE revoked) AS revoked,
       count(*) FILTER (WHERE revoked_by IS NOT NULL) AS with_successor,
       count(*) FILTER (WHERE deprecated) AS deprecated,
       count(DISTINCT attack_version) AS versions, min(attack_version) AS version
  FROM attack_techniques GROUP BY domain ORDER BY domain;
-- tactic order of the Enterprise matrix
SELECT string_agg(shortname, ' > ' ORDER BY ordinal) FROM attack_tactics WHERE domain = 'enterprise';
-- Mobile keeps the two tactics of its deprecated Network-Based Effects matrix after the active ones
SELECT tactic_id, shortname, ordinal, deprecated FROM attack_tactics
 WHERE domain = 'mobile' AND ordinal > 11 ORDER BY ordinal;
-- sample techniques
SELECT technique, domain, name, tactics, is_subtechnique, deprecated, revoked, revoked_by, impact_type
  FROM attack_techniques
 WHERE technique IN ('T1486', 'T1566', 'T1566.001', 'T0880', 'T0827', 'T1485', 'T1657', 'T1496')
 ORDER BY technique;
-- impact types that occur, per domain
SELECT domain, impact_type, count(*) FROM attack_techniques
 WHERE impact_type IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2;
-- revoked techniques keep their successor; the successor of T1150 is itself revoked
SELECT t.technique, t.name, t.revoked_by, s.name AS successor, s.revoked AS successor_revoked
  FROM attack_techniques t LEFT JOIN attack_techniques s ON s.technique = t.revoked_by AND s.domain = t.domain
 WHERE t.technique IN ('T1150', 'T1086', 'T1073') ORDER BY t.technique;
-- Mobile T1454 is revoked without a revoked-by relationship in the bundle
SELECT technique, domain, revoked, revoked_by FROM attack_techniques WHERE technique = 'T1454';
-- every tactic id in a technique exists in the same matrix
SELECT count(*) AS dangling_tactics FROM attack_techniques t, unnest(t.tactics) AS u(tactic)
 WHERE NOT EXISTS (SELECT 1 FROM attack_tactics a WHERE a.tactic_id = u.tactic AND a.domain = t.domain);
-- every successor exists
SELECT count(*) AS dangling_successors FROM attack_techniques t
 WHERE revoked_by IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM attack_techniques s WHERE s.technique = t.revoked_by AND s.domain = t.domain);
-- active techniques without tactics: none
SELECT count(*) FROM attack_techniques WHERE NOT revoked AND NOT deprecated AND tactics = '{}';

-- Regions
SELECT level, count(*) FROM m49_regions GROUP BY level
 ORDER BY array_position(ARRAY['world', 'continent', 'subregion', 'intermediate'], level);
SELECT code, name, level, parent_code FROM m49_regions
 WHERE code IN ('001', '002', '150', '039', '202', '018', '419', '005') ORDER BY code;
SELECT count(*) AS countries, count(*) FILTER (WHERE region_code IS NULL) AS without_region FROM countries;
SELECT code, name, region_code, region_name, subregion_code, subregion_name, intermediate_code
  FROM countries WHERE code IN ('NA', 'TW', 'AQ', 'XK', 'IT', 'US', 'BR') ORDER BY code;
-- continents
SELECT region_name, count(*) FROM countries GROUP BY 1 ORDER BY 1;
-- VERIS six-digit regions derived from the country table
SELECT code, region_code || coalesce(intermediate_code, subregion_code) AS veris_region
  FROM countries WHERE code IN ('US', 'NG', 'BR', 'ES', 'IN') ORDER BY code;
SELECT count(DISTINCT region_code || coalesce(intermediate_code, subregion_code)) AS veris_regions FROM countries;

-- Subdivisions
SELECT count(*) AS subdivisions, count(parent) AS with_parent, count(DISTINCT country) AS countries FROM subdivisions;
SELECT s.code, s.name, s.type, s.parent, p.name AS parent_name
  FROM subdivisions s LEFT JOIN subdivisions p ON p.code = s.parent
 WHERE s.code IN ('IT-42', 'IT-GE', 'IT-SP', 'US-MO', 'GB-ABD') ORDER BY s.code;
SELECT count(*) AS liguria_provinces FROM subdivisions WHERE parent = 'IT-42';

-- Sectors
SELECT level, count(*) FROM sectors GROUP BY level ORDER BY level;
SELECT code, name, parent_code, nis2_sector, criticality FROM sectors
 WHERE code = '31-33' OR parent_code = '31-33' ORDER BY code;
SELECT code, name, parent_code FROM sectors WHERE parent_code = '31' ORDER BY code;
-- tiers of the 2-digit sectors and ranges
SELECT code, criticality, nis2_sector FROM sectors WHERE parent_code IS NULL ORDER BY code;
-- sub-levels that override their parent
SELECT c.code, c.name, c.criticality, p.code AS parent, p.criticality AS parent_criticality,
       c.nis2_sector, p.nis2_sector AS parent_nis2
  FROM sectors c JOIN sectors p ON p.code = c.parent_code
 WHERE c.criticality <> p.criticality OR c.nis2_sector IS DISTINCT FROM p.nis2_sector
 ORDER BY c.code;
-- NAICS 2017 codes that VCDB data still uses
SELECT code, name, parent_code, criticality FROM sectors WHERE name LIKE '%(NAICS 2017)' ORDER BY code;
SELECT code, criticality FROM sectors WHERE code IN ('62', '622', '517', '51', '52', '44-45') ORDER BY code;

-- every shipped row says so
SELECT (SELECT count(*) FROM attack_tactics WHERE origin <> 'shipped')
     + (SELECT count(*) FROM attack_techniques WHERE origin <> 'shipped')
     + (SELECT count(*) FROM m49_regions WHERE origin <> 'shipped')
     + (SELECT count(*) FROM countries WHERE origin <> 'shipped')
     + (SELECT count(*) FROM subdivisions WHERE origin <> 'shipped')
     + (SELECT count(*) FROM sectors WHERE origin <> 'shipped') AS non_shipped_rows;
-- pg_dump keeps only rows that are not shipped
SELECT c.relname, d.cond FROM pg_extension e,
       unnest(e.extconfig, e.extcondition) AS d(oid, cond) JOIN pg_class c ON c.oid = d.oid
 WHERE e.extname = 'incident_analytics' AND c.relkind = 'r' AND d.cond <> '' ORDER BY c.relname;

-- A user row with the key of a shipped row replaces it in place
BEGIN;
INSERT INTO sectors (code, name, level, parent_code, nis2_sector, criticality, origin)
VALUES ('622', 'Hospitals (local tier)', 3, '62', 'Health', 80, 'user');
SELECT code, name, criticality, origin FROM sectors WHERE code = '622';
-- a second user row with the same key is a real conflict
INSERT INTO sectors (code, name, level, parent_code, criticality, origin)
VALUES ('622', 'Hospitals again', 3, '62', 80, 'user');
ROLLBACK;
-- changing a shipped row makes it a user row (so pg_dump keeps the change)
BEGIN;
UPDATE countries SET name = 'Kosova' WHERE code = 'XK';
UPDATE countries SET name = name WHERE code = 'IT';
SELECT code, name, origin FROM countries WHERE code IN ('XK', 'IT') ORDER BY code;
ROLLBACK;
-- the replacing trigger also works for the two-column key of attack_techniques
BEGIN;
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, attack_version, origin)
VALUES ('T1486', 'enterprise', 'Data Encrypted for Impact', '{TA0040}', false, 'local', 'user');
SELECT technique, domain, impact_type, attack_version, origin FROM attack_techniques WHERE technique = 'T1486';
ROLLBACK;
