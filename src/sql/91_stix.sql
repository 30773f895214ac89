-- STIX 2.1 export: stix_bundle().  docs/interchange.md describes the objects;
-- test/pgtap/91_stix.sql checks them against the STIX 2.1 rules.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

CREATE FUNCTION incident_analytics_internal.uuid_v5(namespace uuid, name text)
  RETURNS uuid
  AS 'MODULE_PATHNAME', 'ia_uuid_v5' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.uuid_v5(uuid, text) IS
  'internal: name-based UUID, version 5 (SHA-1) of RFC 9562, of a name in a namespace';

-- The STIX id of an object of the given type with the given natural key, in
-- the extension's own UUID namespace (5d0baa43-533a-5978-b92b-43341141b454 =
-- uuid5(URL, https://github.com/incident-analytics/incident_analytics/stix)).
CREATE FUNCTION incident_analytics_internal.stix_id(kind text, natural_key text)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN kind OPERATOR(pg_catalog.||) '--' OPERATOR(pg_catalog.||)
       incident_analytics_internal.uuid_v5('5d0baa43-533a-5978-b92b-43341141b454'::uuid,
                           kind OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) natural_key)::text;
COMMENT ON FUNCTION incident_analytics_internal.stix_id(text, text) IS
  'internal: deterministic STIX identifier type--uuid5 of an object type and its natural key';

-- TLP 2.0 marking definitions as published by OASIS (cti-stix-common-objects,
-- extension definition 60a3c5c5-0d10-413e-aab3-9e08dde9e88d).
CREATE FUNCTION incident_analytics_internal.stix_tlp_marking(level @extschema@.tlp)
RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.jsonb_build_object(
  'type', 'marking-definition',
  'spec_version', '2.1',
  'id', 'marking-definition--' OPERATOR(pg_catalog.||) CASE level::text
          WHEN 'clear' THEN '94868c89-83c2-464b-929b-a1a8aa3c8487'
          WHEN 'green' THEN 'bab4a63c-aed9-4cf5-a766-dfca5abac2bb'
          WHEN 'amber' THEN '55d920b0-5e8b-4f79-9ee9-91f868d9b421'
          WHEN 'amber+strict' THEN '939a9414-2ddd-4d32-a0cd-375ea402b003'
          WHEN 'red' THEN 'e828b379-4e03-4974-9ac4-e53a884c97c1' END,
  'created', '2022-10-01T00:00:00.000Z',
  'name', 'TLP:' OPERATOR(pg_catalog.||) pg_catalog.upper(level::text),
  'extensions', pg_catalog.jsonb_build_object(
    'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d',
    pg_catalog.jsonb_build_object('extension_type', 'property-extension', 'tlp_2_0', level::text)));
COMMENT ON FUNCTION incident_analytics_internal.stix_tlp_marking(@extschema@.tlp) IS
  'internal: the OASIS TLP 2.0 marking-definition object of a TLP level';

-- STIX 2.1 industry-sector-ov values of a NAICS code, by longest matching
-- prefix; NULL where the vocabulary has no clear counterpart (the exact code
-- is always exported as x_naics_code).
CREATE FUNCTION incident_analytics_internal.stix_sectors(naics text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT m.sectors
    FROM (VALUES ('11', ARRAY['agriculture']), ('21', ARRAY['mining']), ('22', ARRAY['utilities']),
                 ('23', ARRAY['construction']), ('31-33', ARRAY['manufacturing']),
                 ('31', ARRAY['manufacturing']), ('32', ARRAY['manufacturing']), ('33', ARRAY['manufacturing']),
                 ('325', ARRAY['chemical']), ('3254', ARRAY['pharmaceuticals']),
                 ('3361', ARRAY['automotive']), ('3364', ARRAY['aerospace']),
                 ('44-45', ARRAY['retail']), ('44', ARRAY['retail']), ('45', ARRAY['retail']),
                 ('48-49', ARRAY['transportation']), ('48', ARRAY['transportation']), ('49', ARRAY['transportation']),
                 ('51', ARRAY['communications']), ('517', ARRAY['telecommunications']),
                 ('518', ARRAY['technology']), ('5415', ARRAY['technology']),
                 ('52', ARRAY['financial-services']), ('524', ARRAY['insurance']),
                 ('61', ARRAY['education']), ('62', ARRAY['healthcare']),
                 ('71', ARRAY['entertainment']), ('72', ARRAY['hospitality-leisure']),
                 ('813', ARRAY['non-profit']), ('92', ARRAY['government']),
                 ('928', ARRAY['defense'])) AS m(prefix, sectors)
   WHERE naics OPERATOR(pg_catalog.=) m.prefix
      OR pg_catalog.starts_with(naics, m.prefix) AND m.prefix OPERATOR(pg_catalog.!~) '-'
   ORDER BY pg_catalog.length(m.prefix) DESC
   LIMIT 1;
END;
COMMENT ON FUNCTION incident_analytics_internal.stix_sectors(text) IS
  'internal: STIX 2.1 industry-sector-ov values of a NAICS code (longest matching prefix), NULL when none fits';

CREATE FUNCTION incident_analytics_internal.stix_timestamp(t timestamptz)
RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
COMMENT ON FUNCTION incident_analytics_internal.stix_timestamp(timestamptz) IS
  'internal: a timestamp in the STIX 2.1 form (UTC, milliseconds, Z)';

CREATE FUNCTION @extschema@.stix_bundle(incident_ids bigint[] DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  objects jsonb;
BEGIN
  WITH inc AS (
    SELECT i.*,
           incident_analytics_internal.stix_id('incident', i.source OPERATOR(pg_catalog.||) '/'
                               OPERATOR(pg_catalog.||) COALESCE(i.source_id, i.incident_id::text)) AS sid,
           (incident_analytics_internal.stix_tlp_marking(i.tlp))->>'id' AS marking,
           incident_analytics_internal.stix_timestamp(i.created_at) AS created,
           incident_analytics_internal.stix_timestamp(GREATEST(i.created_at, i.updated_at)) AS modified,
           @extschema@.incident_severity(i) AS severity
      FROM @extschema@.incidents i
     WHERE incident_ids IS NULL OR i.incident_id OPERATOR(pg_catalog.=) ANY (incident_ids)
  ),
  -- the victim: one identity per named victim and TLP level (its name is
  -- under the incident's marking), or per incident when only its sector or
  -- country is known
  victim AS (
    SELECT inc.*,
           CASE WHEN inc.victim IS NOT NULL
                THEN incident_analytics_internal.stix_id('identity', 'victim/' OPERATOR(pg_catalog.||) inc.tlp::text
                                         OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) inc.victim)
                WHEN inc.sector IS NOT NULL OR inc.country IS NOT NULL
                THEN incident_analytics_internal.stix_id('identity', 'victim-of/' OPERATOR(pg_catalog.||) inc.sid) END AS vid,
           CASE WHEN inc.country IS NOT NULL THEN incident_analytics_internal.stix_id('location', 'country/' OPERATOR(pg_catalog.||) inc.country) END AS lid
      FROM inc
  ),
  obj AS (
    -- incidents
    SELECT v.sid AS id, pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
             'type', 'incident', 'spec_version', '2.1', 'id', v.sid,
             'created', v.created, 'modified', v.modified,
             'name', COALESCE(v.title, v.source OPERATOR(pg_catalog.||) ' incident ' OPERATOR(pg_catalog.||) COALESCE(v.source_id, v.incident_id::text)),
             'description', v.summary,
             'object_marking_refs', pg_catalog.jsonb_build_array(v.marking),
             'external_references', (
                SELECT pg_catalog.jsonb_agg(e ORDER BY o)
                  FROM (SELECT 0 AS o, pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('source_name', v.source, 'external_id', v.source_id)) AS e
                        UNION ALL
                        SELECT u.n, pg_catalog.jsonb_build_object('source_name', 'report', 'url', u.url)
                          FROM pg_catalog.unnest(v.sources) WITH ORDINALITY AS u(url, n)) r),
             'x_first_seen', CASE WHEN v.occurred_on IS NOT NULL THEN incident_analytics_internal.stix_timestamp(v.occurred_on::timestamp AT TIME ZONE 'UTC') END,
             'x_incident_analytics', pg_catalog.to_jsonb(v) OPERATOR(pg_catalog.-) ARRAY['incident_id', 'created_at', 'updated_at',
                                        'sid', 'marking', 'created', 'modified', 'severity', 'vid', 'lid'],
             'x_severity', v.severity,
             'x_cia', v.cia::text)) AS o
      FROM victim v
    UNION ALL
    -- victims
    (SELECT DISTINCT ON (v.vid) v.vid, pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
             'type', 'identity', 'spec_version', '2.1', 'id', v.vid,
             'created', v.created, 'modified', v.modified,
             'name', COALESCE(v.victim, 'Unnamed victim of ' OPERATOR(pg_catalog.||) v.source OPERATOR(pg_catalog.||) ' incident '
                                        OPERATOR(pg_catalog.||) COALESCE(v.source_id, v.incident_id::text)),
             'identity_class', 'organization',
             'sectors', pg_catalog.to_jsonb(incident_analytics_internal.stix_sectors(v.sector)),
             'x_naics_code', v.sector,
             'object_marking_refs', pg_catalog.jsonb_build_array(v.marking)))
      FROM victim v WHERE v.vid IS NOT NULL
     ORDER BY v.vid, v.created_at, v.incident_id)
    UNION ALL
    -- countries (public facts: no marking)
    SELECT DISTINCT ON (v.lid) v.lid, pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
             'type', 'location', 'spec_version', '2.1', 'id', v.lid,
             'created', '2020-01-01T00:00:00.000Z', 'modified', '2020-01-01T00:00:00.000Z',
             'name', c.name, 'country', v.country::text))
      FROM victim v LEFT JOIN @extschema@.countries c ON c.code OPERATOR(pg_catalog.=) v.country
     WHERE v.lid IS NOT NULL
    UNION ALL
    -- ATT&CK techniques (public: no marking)
    SELECT DISTINCT ON (t.technique::text)
           incident_analytics_internal.stix_id('attack-pattern', t.technique::text),
           pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
             'type', 'attack-pattern', 'spec_version', '2.1',
             'id', incident_analytics_internal.stix_id('attack-pattern', t.technique::text),
             'created', '2020-01-01T00:00:00.000Z', 'modified', '2020-01-01T00:00:00.000Z',
             'name', COALESCE((SELECT a.name FROM @extschema@.attack_techniques a
                                WHERE a.technique OPERATOR(@extschema@.=) t.technique ORDER BY a.domain LIMIT 1),
                              t.technique::text),
             'external_references', pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
               'source_name', 'mitre-attack', 'external_id', t.technique::text,
               'url', 'https://attack.mitre.org/techniques/' OPERATOR(pg_catalog.||) pg_catalog.replace(t.technique::text, '.', '/') OPERATOR(pg_catalog.||) '/'))))
      FROM victim v CROSS JOIN LATERAL pg_catalog.unnest(v.techniques) AS t(technique)
    UNION ALL
    -- relationships, under the marking of the incident they describe
    SELECT r.rid, pg_catalog.jsonb_build_object(
             'type', 'relationship', 'spec_version', '2.1', 'id', r.rid,
             'created', r.created, 'modified', r.modified,
             'relationship_type', r.kind, 'source_ref', r.src, 'target_ref', r.dst,
             'object_marking_refs', pg_catalog.jsonb_build_array(r.marking))
      FROM (SELECT DISTINCT ON (x.src, x.kind, x.dst)
                   incident_analytics_internal.stix_id('relationship', x.src OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) x.kind
                                       OPERATOR(pg_catalog.||) '/' OPERATOR(pg_catalog.||) x.dst) AS rid, x.*
              FROM (SELECT v.sid AS src, 'targets' AS kind, v.vid AS dst, v.created, v.modified, v.marking
                      FROM victim v WHERE v.vid IS NOT NULL
                    UNION ALL
                    SELECT v.vid, 'located-at', v.lid, v.created, v.modified, v.marking
                      FROM victim v WHERE v.vid IS NOT NULL AND v.lid IS NOT NULL
                    UNION ALL
                    SELECT v.sid, 'uses', incident_analytics_internal.stix_id('attack-pattern', t.technique::text), v.created, v.modified, v.marking
                      FROM victim v CROSS JOIN LATERAL pg_catalog.unnest(v.techniques) AS t(technique)) x
             ORDER BY x.src, x.kind, x.dst) r
    UNION ALL
    -- the TLP marking definitions used
    SELECT DISTINCT ON (v.tlp) v.marking, incident_analytics_internal.stix_tlp_marking(v.tlp)
      FROM victim v
  )
  SELECT pg_catalog.jsonb_agg(obj.o ORDER BY obj.o->>'type', obj.id) INTO objects FROM obj;

  RETURN pg_catalog.jsonb_build_object(
    'type', 'bundle',
    'id', incident_analytics_internal.stix_id('bundle', COALESCE(
            (SELECT pg_catalog.string_agg(x->>'id', ',' ORDER BY x->>'id') FROM pg_catalog.jsonb_array_elements(objects) x), '')),
    'objects', COALESCE(objects, '[]'::jsonb));
END;
$$;
COMMENT ON FUNCTION @extschema@.stix_bundle(bigint[]) IS
  'STIX 2.1 bundle of the incidents the caller may see (NULL = all, else those ids): one incident each (with every column in x_incident_analytics), the victim as identity with its sectors and country location, attack-pattern objects with their ATT&CK ids, relationships (targets, located-at, uses) and the TLP 2.0 marking-definitions; ids are UUIDv5 of natural keys, so a re-export is stable';

GRANT EXECUTE ON FUNCTION @extschema@.stix_bundle(bigint[]), incident_analytics_internal.uuid_v5(uuid, text),
                          incident_analytics_internal.stix_id(text, text), incident_analytics_internal.stix_tlp_marking(@extschema@.tlp),
                          incident_analytics_internal.stix_sectors(text), incident_analytics_internal.stix_timestamp(timestamptz)
   TO incident_reader;
