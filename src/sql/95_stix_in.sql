-- STIX 2.1 bundles read into incident columns: stix_incident_fields().
-- A bundle made by stix_bundle() carries every column in the incident's
-- x_incident_analytics property, so it comes back exactly; an incident from
-- another producer is read from the standard objects around it.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

CREATE FUNCTION incident_analytics_internal.stix_incident_fields(bundle jsonb)
RETURNS TABLE (object_no bigint, stix_id text, fields jsonb, error text, error_sqlstate text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  o        record;
  objs     jsonb;
  f        jsonb;
  techs    text[];
  levels   text[];
  place    text[];
  naics    text[];
  ext      text;
BEGIN
  IF bundle IS NULL OR pg_catalog.jsonb_typeof(bundle) OPERATOR(pg_catalog.<>) 'object'
     OR bundle OPERATOR(pg_catalog.->>) 'type' IS DISTINCT FROM 'bundle'
     OR pg_catalog.jsonb_typeof(bundle OPERATOR(pg_catalog.->) 'objects') IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'STIX bundle: expected {"type": "bundle", "objects": [...]}, got %',
      pg_catalog.left(COALESCE(bundle::text, 'NULL'), 80)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  objs := bundle OPERATOR(pg_catalog.->) 'objects';

  FOR o IN SELECT x.value AS obj, x.n
             FROM pg_catalog.jsonb_array_elements(objs) WITH ORDINALITY AS x(value, n)
            WHERE x.value OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'incident'
  LOOP
    object_no := o.n;
    stix_id := o.obj OPERATOR(pg_catalog.->>) 'id';
    error := NULL; error_sqlstate := NULL; fields := NULL;
    BEGIN
      IF stix_id IS NULL OR stix_id OPERATOR(pg_catalog.!~) '^incident--[0-9a-fA-F-]{36}$' THEN
        RAISE EXCEPTION 'STIX incident: id % is not incident--<uuid>', COALESCE((o.obj OPERATOR(pg_catalog.->) 'id')::text, '(missing)')
          USING ERRCODE = 'invalid_parameter_value';
      END IF;
      -- TLP from the marking references (the OASIS TLP 2.0 ids, or markings in the bundle)
      SELECT pg_catalog.array_agg(l) INTO levels FROM (
        SELECT CASE r
                 WHEN 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487' THEN 'clear'
                 WHEN 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9' THEN 'clear'
                 WHEN 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb' THEN 'green'
                 WHEN 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da' THEN 'green'
                 WHEN 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421' THEN 'amber'
                 WHEN 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82' THEN 'amber'
                 WHEN 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003' THEN 'amber+strict'
                 WHEN 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1' THEN 'red'
                 WHEN 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed' THEN 'red'
                 ELSE (SELECT pg_catalog.lower(m OPERATOR(pg_catalog.->) 'extensions'
                                 OPERATOR(pg_catalog.->) 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d'
                                 OPERATOR(pg_catalog.->>) 'tlp_2_0')
                         FROM pg_catalog.jsonb_array_elements(objs) m
                        WHERE m OPERATOR(pg_catalog.->>) 'id' OPERATOR(pg_catalog.=) r LIMIT 1) END AS l
          FROM pg_catalog.jsonb_array_elements_text(
                 CASE pg_catalog.jsonb_typeof(o.obj OPERATOR(pg_catalog.->) 'object_marking_refs')
                   WHEN 'array' THEN o.obj OPERATOR(pg_catalog.->) 'object_marking_refs' ELSE '[]' END) r) s
       WHERE l IS NOT NULL;

      IF pg_catalog.jsonb_typeof(o.obj OPERATOR(pg_catalog.->) 'x_incident_analytics') OPERATOR(pg_catalog.=) 'object' THEN
        -- our own export: the columns as they were
        f := o.obj OPERATOR(pg_catalog.->) 'x_incident_analytics';
      ELSE
        -- another producer's incident: name, description, external references,
        -- and the objects its relationships point at
        SELECT pg_catalog.array_agg(DISTINCT x.eid ORDER BY x.eid) INTO techs
          FROM pg_catalog.jsonb_array_elements(objs) r
          JOIN pg_catalog.jsonb_array_elements(objs) ap
            ON ap OPERATOR(pg_catalog.->>) 'id' OPERATOR(pg_catalog.=) (r OPERATOR(pg_catalog.->>) 'target_ref')
           AND ap OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'attack-pattern'
          CROSS JOIN LATERAL (
            SELECT er OPERATOR(pg_catalog.->>) 'external_id' AS eid
              FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(ap OPERATOR(pg_catalog.->) 'external_references')
                                                     WHEN 'array' THEN ap OPERATOR(pg_catalog.->) 'external_references' ELSE '[]' END) er
             WHERE er OPERATOR(pg_catalog.->>) 'source_name' OPERATOR(pg_catalog.=) 'mitre-attack'
               AND er OPERATOR(pg_catalog.->>) 'external_id' OPERATOR(pg_catalog.~) '^T\d{4}(\.\d{3})?$') x
         WHERE r OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'relationship'
           AND r OPERATOR(pg_catalog.->>) 'source_ref' OPERATOR(pg_catalog.=) stix_id
           AND r OPERATOR(pg_catalog.->>) 'relationship_type' OPERATOR(pg_catalog.=) 'uses';
        -- the victim identity it targets: its NAICS code or STIX sectors; its country location
        SELECT pg_catalog.array_agg(DISTINCT v OPERATOR(pg_catalog.->>) 'x_naics_code') INTO naics
          FROM pg_catalog.jsonb_array_elements(objs) r
          JOIN pg_catalog.jsonb_array_elements(objs) v
            ON v OPERATOR(pg_catalog.->>) 'id' OPERATOR(pg_catalog.=) (r OPERATOR(pg_catalog.->>) 'target_ref')
         WHERE r OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'relationship'
           AND r OPERATOR(pg_catalog.->>) 'source_ref' OPERATOR(pg_catalog.=) stix_id
           AND r OPERATOR(pg_catalog.->>) 'relationship_type' OPERATOR(pg_catalog.=) 'targets'
           AND v OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'identity'
           AND v OPERATOR(pg_catalog.->>) 'x_naics_code' IS NOT NULL;
        SELECT pg_catalog.array_agg(DISTINCT pg_catalog.upper(l OPERATOR(pg_catalog.->>) 'country')) INTO place
          FROM pg_catalog.jsonb_array_elements(objs) r
          JOIN pg_catalog.jsonb_array_elements(objs) l
            ON l OPERATOR(pg_catalog.->>) 'id' OPERATOR(pg_catalog.=) (r OPERATOR(pg_catalog.->>) 'target_ref')
         WHERE r OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'relationship'
           AND l OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'location'
           AND l OPERATOR(pg_catalog.->>) 'country' IS NOT NULL
           AND (r OPERATOR(pg_catalog.->>) 'source_ref' OPERATOR(pg_catalog.=) stix_id
                OR r OPERATOR(pg_catalog.->>) 'source_ref' IN (
                     SELECT t OPERATOR(pg_catalog.->>) 'target_ref' FROM pg_catalog.jsonb_array_elements(objs) t
                      WHERE t OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'relationship'
                        AND t OPERATOR(pg_catalog.->>) 'source_ref' OPERATOR(pg_catalog.=) stix_id
                        AND t OPERATOR(pg_catalog.->>) 'relationship_type' OPERATOR(pg_catalog.=) 'targets'));
        SELECT er OPERATOR(pg_catalog.->>) 'external_id' INTO ext
          FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(o.obj OPERATOR(pg_catalog.->) 'external_references')
                                                 WHEN 'array' THEN o.obj OPERATOR(pg_catalog.->) 'external_references' ELSE '[]' END) er
         WHERE er OPERATOR(pg_catalog.->>) 'external_id' IS NOT NULL LIMIT 1;
        f := pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'source', 'stix',
               'source_id', pg_catalog.substr(stix_id, 11),
               'title', o.obj OPERATOR(pg_catalog.->>) 'name',
               'summary', o.obj OPERATOR(pg_catalog.->>) 'description',
               'techniques', pg_catalog.to_jsonb(techs),
               'sector', CASE WHEN pg_catalog.cardinality(naics) OPERATOR(pg_catalog.=) 1 THEN naics[1] END,
               'country', CASE WHEN pg_catalog.cardinality(place) OPERATOR(pg_catalog.=) 1 THEN place[1] END,
               'sources', (SELECT pg_catalog.jsonb_agg(er OPERATOR(pg_catalog.->>) 'url')
                             FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(o.obj OPERATOR(pg_catalog.->) 'external_references')
                                                                    WHEN 'array' THEN o.obj OPERATOR(pg_catalog.->) 'external_references' ELSE '[]' END) er
                            WHERE er OPERATOR(pg_catalog.->>) 'url' IS NOT NULL),
               'raw', o.obj));
        IF ext IS NOT NULL THEN
          f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('stix_external_id', ext);
        END IF;
      END IF;
      IF levels IS NOT NULL THEN
        f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('tlp',
               (SELECT l FROM pg_catalog.unnest(ARRAY['red', 'amber+strict', 'amber', 'green', 'clear']) WITH ORDINALITY AS w(l, k)
                 WHERE l OPERATOR(pg_catalog.=) ANY (levels) ORDER BY k LIMIT 1));
      END IF;
      fields := f;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS error = MESSAGE_TEXT, error_sqlstate = RETURNED_SQLSTATE;
    END;
    RETURN NEXT;
  END LOOP;
END;
$$;
COMMENT ON FUNCTION incident_analytics_internal.stix_incident_fields(jsonb) IS
  'internal: the incident columns of each incident object of a STIX 2.1 bundle (object_no = its place in objects, from 1; id; fields as jsonb, or the error and its SQLSTATE): stix_bundle output comes back from x_incident_analytics; other incidents give source stix, source_id = the id''s UUID, title, summary, techniques (uses -> attack-pattern), sector (x_naics_code) and country (targets / located-at) when one each, sources (URLs); tlp from the TLP marking references, the most restrictive';

GRANT EXECUTE ON FUNCTION incident_analytics_internal.stix_incident_fields(jsonb) TO incident_reader;
