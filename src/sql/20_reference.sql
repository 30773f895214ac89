-- Reference tables: ATT&CK tactics and techniques, UN M49 regions, countries,
-- ISO 3166-2 subdivisions, NAICS sectors.  Shipped rows carry origin =
-- 'shipped' and come from the generated files in data/ (tools/dev/gen_reference.py);
-- every row a user adds or changes carries origin = 'user' (triggers force
-- it) and is what pg_dump keeps (pg_extension_config_dump with WHERE origin
-- <> 'shipped').

CREATE TYPE @extschema@.attack_domain AS ENUM ('enterprise', 'ics', 'mobile');
COMMENT ON TYPE @extschema@.attack_domain IS 'ATT&CK matrix: enterprise, ics or mobile';

CREATE TABLE @extschema@.attack_tactics (
  tactic_id   text PRIMARY KEY CHECK (tactic_id ~ '^TA[0-9]{4}$'),
  shortname   text NOT NULL CHECK (shortname <> ''),
  name        text NOT NULL CHECK (name <> ''),
  domain      @extschema@.attack_domain NOT NULL,
  ordinal     integer NOT NULL CHECK (ordinal > 0),
  deprecated  boolean NOT NULL DEFAULT false,
  origin      text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user')),
  progression smallint CHECK (progression BETWEEN 0 AND 100),
  UNIQUE (domain, shortname)
);
COMMENT ON TABLE @extschema@.attack_tactics IS
  'MITRE ATT&CK tactics of the Enterprise, ICS and Mobile matrices. © The MITRE Corporation; reproduced and distributed with the permission of The MITRE Corporation (see data/ATTACK-LICENSE.txt)';
COMMENT ON COLUMN @extschema@.attack_tactics.tactic_id IS 'ATT&CK tactic id, TA0001 ...';
COMMENT ON COLUMN @extschema@.attack_tactics.shortname IS 'kill-chain phase name used by techniques (initial-access ...)';
COMMENT ON COLUMN @extschema@.attack_tactics.name IS 'tactic name';
COMMENT ON COLUMN @extschema@.attack_tactics.domain IS 'matrix the tactic belongs to';
COMMENT ON COLUMN @extschema@.attack_tactics.ordinal IS 'position of the tactic in its matrix, 1 = first; tactics only in a deprecated matrix follow the active ones';
COMMENT ON COLUMN @extschema@.attack_tactics.deprecated IS 'true when ATT&CK deprecated or revoked the tactic (Mobile TA0038 Network Effects, TA0039 Remote Service Effects)';
COMMENT ON COLUMN @extschema@.attack_tactics.origin IS 'shipped with the extension, or added/refreshed by a user (kept by pg_dump)';
COMMENT ON COLUMN @extschema@.attack_tactics.progression IS 'ISM-1 attack progression P (0-100) of a technique serving this tactic, the ladder of docs/severity-model.md; NULL = the tactic does not raise P';

CREATE TABLE @extschema@.attack_techniques (
  technique        @extschema@.attack_technique NOT NULL,
  domain           @extschema@.attack_domain NOT NULL,
  name             text NOT NULL CHECK (name <> ''),
  tactics          text[] NOT NULL DEFAULT '{}',
  is_subtechnique  boolean NOT NULL,
  deprecated       boolean NOT NULL DEFAULT false,
  revoked          boolean NOT NULL DEFAULT false,
  revoked_by       @extschema@.attack_technique,
  impact_type      text CHECK (impact_type IN ('confidentiality', 'integrity', 'availability')),
  attack_version   text,
  origin           text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user')),
  PRIMARY KEY (technique, domain),
  CHECK (revoked_by IS NULL OR revoked),
  CHECK (is_subtechnique = @extschema@.is_subtechnique(technique))
);
COMMENT ON TABLE @extschema@.attack_techniques IS
  'MITRE ATT&CK techniques and sub-techniques of the Enterprise, ICS and Mobile matrices, with retired ones. © The MITRE Corporation; reproduced and distributed with the permission of The MITRE Corporation (see data/ATTACK-LICENSE.txt)';
COMMENT ON COLUMN @extschema@.attack_techniques.technique IS 'technique id';
COMMENT ON COLUMN @extschema@.attack_techniques.domain IS 'matrix of this entry (an id may appear in more than one)';
COMMENT ON COLUMN @extschema@.attack_techniques.name IS 'technique name';
COMMENT ON COLUMN @extschema@.attack_techniques.tactics IS 'tactic ids (TA....) the technique serves, from its kill-chain phases';
COMMENT ON COLUMN @extschema@.attack_techniques.is_subtechnique IS 'true for a sub-technique';
COMMENT ON COLUMN @extschema@.attack_techniques.deprecated IS 'true when ATT&CK deprecated the technique';
COMMENT ON COLUMN @extschema@.attack_techniques.revoked IS 'true when ATT&CK revoked the technique (usually in favour of revoked_by)';
COMMENT ON COLUMN @extschema@.attack_techniques.revoked_by IS 'successor when ATT&CK revoked the technique in favour of another (the direct one; it may itself be revoked); NULL otherwise';
COMMENT ON COLUMN @extschema@.attack_techniques.impact_type IS 'x_mitre_impact_type of the STIX object (confidentiality, integrity, availability) or NULL';
COMMENT ON COLUMN @extschema@.attack_techniques.attack_version IS 'ATT&CK release the row comes from';
COMMENT ON COLUMN @extschema@.attack_techniques.origin IS 'shipped with the extension, or added/refreshed by a user (kept by pg_dump)';

CREATE TABLE @extschema@.m49_regions (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{3}$'),
  name         text NOT NULL CHECK (name <> ''),
  level        text NOT NULL CHECK (level IN ('world', 'continent', 'subregion', 'intermediate')),
  parent_code  text REFERENCES @extschema@.m49_regions (code),
  origin       text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user'))
);
COMMENT ON TABLE @extschema@.m49_regions IS 'UN M49 regions: world (001), continents, sub-regions and intermediate regions';
COMMENT ON COLUMN @extschema@.m49_regions.code IS 'three-digit M49 code, zero-padded text (002 Africa, 039 Southern Europe)';
COMMENT ON COLUMN @extschema@.m49_regions.name IS 'English name';
COMMENT ON COLUMN @extschema@.m49_regions.level IS 'world, continent, subregion or intermediate';
COMMENT ON COLUMN @extschema@.m49_regions.parent_code IS 'enclosing region';
COMMENT ON COLUMN @extschema@.m49_regions.origin IS 'shipped with the extension, or added by a user (kept by pg_dump)';

CREATE TABLE @extschema@.countries (
  code            char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  name            text NOT NULL CHECK (name <> ''),
  region_code     text REFERENCES @extschema@.m49_regions (code),
  region_name     text,
  subregion_code  text REFERENCES @extschema@.m49_regions (code),
  subregion_name  text,
  intermediate_code text REFERENCES @extschema@.m49_regions (code),
  origin          text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user'))
);
COMMENT ON TABLE @extschema@.countries IS 'ISO 3166-1 countries with their UN M49 continent and sub-region, plus XK Kosovo (used by VERIS)';
COMMENT ON COLUMN @extschema@.countries.code IS 'ISO 3166-1 alpha-2 code (NA is Namibia)';
COMMENT ON COLUMN @extschema@.countries.name IS 'English short name';
COMMENT ON COLUMN @extschema@.countries.region_code IS 'M49 continent code; NULL where M49 assigns none (Antarctica, Taiwan)';
COMMENT ON COLUMN @extschema@.countries.region_name IS 'M49 continent name';
COMMENT ON COLUMN @extschema@.countries.subregion_code IS 'M49 sub-region code';
COMMENT ON COLUMN @extschema@.countries.subregion_name IS 'M49 sub-region name';
COMMENT ON COLUMN @extschema@.countries.intermediate_code IS 'M49 intermediate region (018 Southern Africa, 005 South America), NULL where the sub-region has none; VERIS regions are region_code || coalesce(intermediate_code, subregion_code)';
COMMENT ON COLUMN @extschema@.countries.origin IS 'shipped with the extension, or added by a user (kept by pg_dump)';

CREATE TABLE @extschema@.subdivisions (
  code     text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'),
  country  char(2) NOT NULL REFERENCES @extschema@.countries (code),
  name     text NOT NULL CHECK (name <> ''),
  type     text NOT NULL CHECK (type <> ''),
  parent   text REFERENCES @extschema@.subdivisions (code),
  origin   text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user')),
  CHECK (left(code, 2) = country)
);
COMMENT ON TABLE @extschema@.subdivisions IS 'ISO 3166-2 country subdivisions (Debian iso-codes)';
COMMENT ON COLUMN @extschema@.subdivisions.code IS 'ISO 3166-2 code such as IT-42 or US-MO';
COMMENT ON COLUMN @extschema@.subdivisions.country IS 'ISO 3166-1 alpha-2 country';
COMMENT ON COLUMN @extschema@.subdivisions.name IS 'name';
COMMENT ON COLUMN @extschema@.subdivisions.type IS 'kind of subdivision (Region, Province, State ...)';
COMMENT ON COLUMN @extschema@.subdivisions.parent IS 'enclosing subdivision (a province''s region), if any';
COMMENT ON COLUMN @extschema@.subdivisions.origin IS 'shipped with the extension, or added by a user (kept by pg_dump)';

CREATE TABLE @extschema@.sectors (
  code         text PRIMARY KEY CHECK (code ~ '^([0-9]{2,6}|31-33|44-45|48-49)$'),
  name         text NOT NULL CHECK (name <> ''),
  level        smallint NOT NULL CHECK (level BETWEEN 2 AND 6),
  parent_code  text REFERENCES @extschema@.sectors (code),
  nis2_sector  text,
  criticality  smallint NOT NULL CHECK (criticality IN (25, 40, 60, 80, 100)),
  origin       text NOT NULL DEFAULT 'user' CHECK (origin IN ('shipped', 'user')),
  CHECK ((level = 2) = (parent_code IS NULL) OR code IN ('31', '32', '33', '44', '45', '48', '49'))
);
COMMENT ON TABLE @extschema@.sectors IS
  'NAICS sectors (2-digit, with the ranges 31-33, 44-45, 48-49) and sub-levels, with NIS2 sector and ISM-1 criticality tier';
COMMENT ON COLUMN @extschema@.sectors.code IS 'NAICS code: 2 to 6 digits, or a range 31-33, 44-45, 48-49';
COMMENT ON COLUMN @extschema@.sectors.name IS 'NAICS title';
COMMENT ON COLUMN @extschema@.sectors.level IS 'number of digits (2 for a sector or range)';
COMMENT ON COLUMN @extschema@.sectors.parent_code IS 'next level up; 31, 32, 33 roll up to 31-33, 44 and 45 to 44-45, 48 and 49 to 48-49';
COMMENT ON COLUMN @extschema@.sectors.nis2_sector IS 'NIS2 (Directive (EU) 2022/2555) Annex I/II sector, or NULL when outside NIS2';
COMMENT ON COLUMN @extschema@.sectors.criticality IS 'ISM-1 sector criticality tier K: 100, 80, 60, 40 or 25 (docs/severity-model.md)';
COMMENT ON COLUMN @extschema@.sectors.origin IS 'shipped with the extension, or added by a user (kept by pg_dump)';

-- ---------------------------------------------------------------------------
-- pg_dump: shipped rows come back with CREATE EXTENSION, so only the other
-- rows are dumped.  On restore the dumped user rows are inserted after the
-- shipped ones; reference_row_replace() lets a user row whose key is a
-- shipped row's key replace that row in place (an UPDATE, so foreign keys
-- from incidents stay valid) instead of failing on the primary key.
--
-- origin = 'shipped' must mean "written by the extension script and not
-- changed since", or pg_dump loses a user's row (and then every incident
-- that references it).  So users cannot write 'shipped': the trigger
-- reference_row_mark_user (BEFORE UPDATE) makes every changed row a user
-- row, and reference_row_origin (BEFORE INSERT, created in
-- 24_reference_origin.sql after the shipped data is loaded) makes every
-- inserted row one.  An extension script that inserts or corrects shipped
-- rows later disables both triggers around its statements.

SELECT pg_catalog.pg_extension_config_dump('@extschema@.attack_tactics', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.attack_techniques', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.m49_regions', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.countries', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.subdivisions', 'WHERE origin <> ''shipped''');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sectors', 'WHERE origin <> ''shipped''');

CREATE FUNCTION @extschema@.reference_row_replace() RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $fn$
DECLARE
  cols   text;
  keys   text;
  n      bigint;
BEGIN
  SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum)
    INTO cols
    FROM pg_attribute a
   WHERE a.attrelid = TG_RELID AND a.attnum > 0 AND NOT a.attisdropped;
  SELECT string_agg(format('t.%1$I = ($1).%1$I', a.attname), ' AND ' ORDER BY a.attnum)
    INTO keys
    FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
   WHERE c.conrelid = TG_RELID AND c.contype = 'p';
  EXECUTE format('UPDATE %s AS t SET (%s) = (SELECT %s FROM (SELECT ($1).*) AS n) WHERE %s AND t.origin = ''shipped''',
                 TG_RELID::regclass, cols, cols, keys)
    USING NEW;
  GET DIAGNOSTICS n = ROW_COUNT;
  IF n > 0 THEN
    RETURN NULL;                -- the shipped row now holds the user's values
  END IF;
  RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION @extschema@.reference_row_replace() IS
  'trigger of the reference tables: a non-shipped row inserted with the key of a shipped row replaces that row in place (how pg_dump''s user rows come back after CREATE EXTENSION)';

CREATE FUNCTION @extschema@.reference_row_mark_user() RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  NEW.origin := 'user';
  RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION @extschema@.reference_row_mark_user() IS
  'trigger of the reference tables: a row a user writes is origin user, whatever origin the user gave, so pg_dump keeps it';

CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.attack_tactics
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.attack_techniques
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.m49_regions
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.countries
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.subdivisions
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.sectors
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();

CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.attack_tactics
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.attack_techniques
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.m49_regions
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.countries
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.subdivisions
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.sectors
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();

COMMENT ON TRIGGER reference_row_replace ON @extschema@.attack_tactics IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_replace ON @extschema@.attack_techniques IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_replace ON @extschema@.m49_regions IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_replace ON @extschema@.countries IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_replace ON @extschema@.subdivisions IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_replace ON @extschema@.sectors IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.attack_tactics IS 'a row a user changes is a user row, whatever origin the user gave';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.attack_techniques IS 'a row a user changes is a user row, whatever origin the user gave';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.m49_regions IS 'a row a user changes is a user row, whatever origin the user gave';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.countries IS 'a row a user changes is a user row, whatever origin the user gave';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.subdivisions IS 'a row a user changes is a user row, whatever origin the user gave';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.sectors IS 'a row a user changes is a user row, whatever origin the user gave';

-- The reference-data cache of the C code (src/refdata.c: sector criticality,
-- tactic progression, technique successors, tactics, progression and CIA
-- contributions) holds these tables per backend; one statement trigger per
-- table sends the relcache invalidation it listens for.
CREATE FUNCTION @extschema@.reference_cache_invalidate() RETURNS trigger
  AS 'MODULE_PATHNAME', 'reference_cache_invalidate'
  LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.reference_cache_invalidate() IS
  'trigger: tells every backend that a cached reference table changed, so the severity and classify_cia caches reload';
CREATE TRIGGER reference_cache_invalidate
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.attack_tactics
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.reference_cache_invalidate();
COMMENT ON TRIGGER reference_cache_invalidate ON @extschema@.attack_tactics IS
  'keeps the per-backend cache of tactic progression (incident_severity) current';
CREATE TRIGGER reference_cache_invalidate
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sectors
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.reference_cache_invalidate();
COMMENT ON TRIGGER reference_cache_invalidate ON @extschema@.sectors IS
  'keeps the per-backend cache of sector criticality (incident_severity) current';
CREATE TRIGGER reference_cache_invalidate
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.attack_techniques
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.reference_cache_invalidate();
COMMENT ON TRIGGER reference_cache_invalidate ON @extschema@.attack_techniques IS
  'keeps the per-backend technique caches (incident_severity, classify_cia) current';
