-- MISP events (MISP core format, {"Event": {...}}) read into incident
-- columns.  docs/interchange.md describes the mapping; test/pgtap/94_misp.sql
-- checks it.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

-- NAICS code for a value of the MISP sector galaxy (misp-galaxy:sector),
-- resolved to a code of the sectors table; NULL where no code fits.
CREATE FUNCTION incident_analytics_internal.misp_sector(value text)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT @extschema@.resolve_sector(m.naics)
    FROM (VALUES ('health', '62'), ('healthcare', '62'), ('hospitals', '622'), ('biomedical', '3254'),
                 ('pharmacy', '3254'), ('pharmaceutical', '3254'), ('finance', '52'), ('financial', '52'),
                 ('banks', '522'), ('investment', '523'), ('insurance', '524'), ('energy', '22'),
                 ('electric', '2211'), ('water', '2213'), ('oil', '211'), ('gas', '211'),
                 ('education', '61'), ('academia - university', '6113'), ('government, administrations', '92'),
                 ('government', '92'), ('defense', '928'), ('military', '928'), ('telecoms', '517'),
                 ('telecommunications', '517'), ('it', '5415'), ('manufacturing', '31-33'),
                 ('automotive', '3361'), ('chemical', '325'), ('retail', '44-45'), ('transport', '48-49'),
                 ('logistic', '48-49'), ('maritime', '483'), ('aviation', '481'), ('media', '51'),
                 ('construction', '23'), ('agriculture', '11'), ('mining', '21'), ('hotels', '7211'),
                 ('legal', '5411'), ('accounting', '5412'), ('entertainment', '71'), ('food', '311')) AS m(name, naics)
   WHERE m.name OPERATOR(pg_catalog.=) pg_catalog.lower(pg_catalog.btrim(value));
END;
COMMENT ON FUNCTION incident_analytics_internal.misp_sector(text) IS
  'internal: NAICS code (of the sectors table) for a MISP sector galaxy value such as Health, Finance, Energy; NULL when none fits';

-- The incident columns a MISP event states, as jsonb (only the keys it
-- states).  Errors name the JSON path and the value.
CREATE FUNCTION incident_analytics_internal.misp_event_fields(event jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  e        jsonb;
  uuid_txt text;
  d        date;
  tags     text[];
  levels   text[];
  techs    text[];
  sectors  text[];
  places   text[];
  f        jsonb;
BEGIN
  IF event IS NULL OR pg_catalog.jsonb_typeof(event) OPERATOR(pg_catalog.<>) 'object'
     OR pg_catalog.jsonb_typeof(event OPERATOR(pg_catalog.->) 'Event') IS DISTINCT FROM 'object' THEN
    RAISE EXCEPTION 'MISP event: expected an object {"Event": {...}}, got %',
      pg_catalog.left(COALESCE(event::text, 'NULL'), 80)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  e := event OPERATOR(pg_catalog.->) 'Event';

  uuid_txt := e OPERATOR(pg_catalog.->>) 'uuid';
  IF pg_catalog.jsonb_typeof(e OPERATOR(pg_catalog.->) 'uuid') IS DISTINCT FROM 'string'
     OR uuid_txt OPERATOR(pg_catalog.!~*) '^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$' THEN
    RAISE EXCEPTION 'MISP event: Event.uuid % is not a UUID', COALESCE((e OPERATOR(pg_catalog.->) 'uuid')::text, 'is missing and')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF e ? 'info' AND pg_catalog.jsonb_typeof(e OPERATOR(pg_catalog.->) 'info') NOT IN ('string', 'null') THEN
    RAISE EXCEPTION 'MISP event: Event.info % is not a string', e OPERATOR(pg_catalog.->) 'info'
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF e OPERATOR(pg_catalog.->>) 'date' IS NOT NULL THEN
    IF e OPERATOR(pg_catalog.->>) 'date' OPERATOR(pg_catalog.!~) '^\d{4}-\d{2}-\d{2}$' THEN
      RAISE EXCEPTION 'MISP event: Event.date "%" is not a date YYYY-MM-DD', e OPERATOR(pg_catalog.->>) 'date'
        USING ERRCODE = 'invalid_datetime_format';
    END IF;
    BEGIN
      d := (e OPERATOR(pg_catalog.->>) 'date')::date;
    EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
      RAISE EXCEPTION 'MISP event: Event.date "%" does not exist', e OPERATOR(pg_catalog.->>) 'date'
        USING ERRCODE = 'datetime_field_overflow';
    END;
  END IF;

  -- every tag name: the event's, its attributes', and the galaxy clusters' tag_name
  SELECT pg_catalog.array_agg(DISTINCT t) INTO tags FROM (
    SELECT x OPERATOR(pg_catalog.->>) 'name' AS t
      FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(e OPERATOR(pg_catalog.->) 'Tag')
                                             WHEN 'array' THEN e OPERATOR(pg_catalog.->) 'Tag' ELSE '[]' END) x
    UNION ALL
    SELECT c OPERATOR(pg_catalog.->>) 'tag_name'
      FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(e OPERATOR(pg_catalog.->) 'Galaxy')
                                             WHEN 'array' THEN e OPERATOR(pg_catalog.->) 'Galaxy' ELSE '[]' END) g,
           pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(g OPERATOR(pg_catalog.->) 'GalaxyCluster')
                                             WHEN 'array' THEN g OPERATOR(pg_catalog.->) 'GalaxyCluster' ELSE '[]' END) c
  ) s WHERE t IS NOT NULL;

  -- TLP: the most restrictive tlp: tag (tlp:white is TLP 1.0's clear)
  SELECT pg_catalog.array_agg(DISTINCT CASE l WHEN 'white' THEN 'clear' ELSE l END) INTO levels
    FROM (SELECT pg_catalog.lower(pg_catalog.substr(t, 5)) AS l FROM pg_catalog.unnest(tags) t
           WHERE pg_catalog.lower(t) OPERATOR(pg_catalog.~) '^tlp:') s
   WHERE l OPERATOR(pg_catalog.=) ANY (ARRAY['clear', 'white', 'green', 'amber', 'amber+strict', 'red']);

  -- ATT&CK techniques: cluster meta.external_id, else the id in the cluster value or tag
  SELECT pg_catalog.array_agg(DISTINCT pg_catalog.upper(x) ORDER BY pg_catalog.upper(x)) INTO techs FROM (
    SELECT COALESCE(
             (SELECT i FROM pg_catalog.jsonb_array_elements_text(
                        CASE pg_catalog.jsonb_typeof(c OPERATOR(pg_catalog.->) 'meta' OPERATOR(pg_catalog.->) 'external_id')
                          WHEN 'array' THEN c OPERATOR(pg_catalog.->) 'meta' OPERATOR(pg_catalog.->) 'external_id'
                          WHEN 'string' THEN pg_catalog.jsonb_build_array(c OPERATOR(pg_catalog.->) 'meta' OPERATOR(pg_catalog.->) 'external_id')
                          ELSE '[]' END) i
               WHERE i OPERATOR(pg_catalog.~*) '^T\d{4}(\.\d{3})?$' LIMIT 1),
             pg_catalog.substring(c OPERATOR(pg_catalog.->>) 'value', '(T\d{4}(?:\.\d{3})?)\s*$')) AS x
      FROM pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(e OPERATOR(pg_catalog.->) 'Galaxy')
                                             WHEN 'array' THEN e OPERATOR(pg_catalog.->) 'Galaxy' ELSE '[]' END) g,
           pg_catalog.jsonb_array_elements(CASE pg_catalog.jsonb_typeof(g OPERATOR(pg_catalog.->) 'GalaxyCluster')
                                             WHEN 'array' THEN g OPERATOR(pg_catalog.->) 'GalaxyCluster' ELSE '[]' END) c
     WHERE g OPERATOR(pg_catalog.->>) 'type' OPERATOR(pg_catalog.=) 'mitre-attack-pattern'
    UNION
    SELECT pg_catalog.substring(t, '(T\d{4}(?:\.\d{3})?)"?\s*$')
      FROM pg_catalog.unnest(tags) t WHERE t OPERATOR(pg_catalog.~) '^misp-galaxy:mitre-attack-pattern='
  ) s WHERE x IS NOT NULL;

  -- sector and country galaxies: misp-galaxy:sector="Health", misp-galaxy:country="italy"
  SELECT pg_catalog.array_agg(DISTINCT incident_analytics_internal.misp_sector(v)) FILTER (WHERE incident_analytics_internal.misp_sector(v) IS NOT NULL)
    INTO sectors
    FROM (SELECT pg_catalog.substring(t, '^misp-galaxy:sector="(.*)"$') AS v FROM pg_catalog.unnest(tags) t) s
   WHERE v IS NOT NULL;
  SELECT pg_catalog.array_agg(DISTINCT c.code::text) INTO places
    FROM (SELECT pg_catalog.substring(t, '^misp-galaxy:country="(.*)"$') AS v FROM pg_catalog.unnest(tags) t) s
    JOIN @extschema@.countries c
      ON pg_catalog.lower(c.name) OPERATOR(pg_catalog.=) pg_catalog.lower(s.v)
      OR c.code::text OPERATOR(pg_catalog.=) pg_catalog.upper(s.v)
   WHERE s.v IS NOT NULL;

  f := pg_catalog.jsonb_build_object('source', 'misp', 'source_id', uuid_txt::uuid::text, 'raw', event);
  IF e OPERATOR(pg_catalog.->>) 'info' IS NOT NULL THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('title', e OPERATOR(pg_catalog.->>) 'info');
  END IF;
  IF d IS NOT NULL THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('occurred_on', d, 'occurred_precision', 'day');
  END IF;
  IF levels IS NOT NULL THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('tlp',
           (SELECT l FROM pg_catalog.unnest(ARRAY['red', 'amber+strict', 'amber', 'green', 'clear']) WITH ORDINALITY AS o(l, n)
             WHERE l OPERATOR(pg_catalog.=) ANY (levels) ORDER BY n LIMIT 1));
  END IF;
  IF techs IS NOT NULL THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('techniques', techs);
  END IF;
  -- one sector / country only when the event names exactly one
  IF pg_catalog.cardinality(sectors) OPERATOR(pg_catalog.=) 1 THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('sector', sectors[1]);
  END IF;
  IF pg_catalog.cardinality(places) OPERATOR(pg_catalog.=) 1 THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('country', places[1]);
  END IF;
  IF e OPERATOR(pg_catalog.->) 'Orgc' OPERATOR(pg_catalog.->>) 'name' IS NOT NULL THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('misp_creator_org', e OPERATOR(pg_catalog.->) 'Orgc' OPERATOR(pg_catalog.->>) 'name');
  END IF;
  RETURN f;
END;
$$;
COMMENT ON FUNCTION incident_analytics_internal.misp_event_fields(jsonb) IS
  'internal: incident columns stated by a MISP event (source misp, source_id = Event.uuid, title = info, occurred_on = date, tlp from tlp: tags, techniques from mitre-attack-pattern clusters, sector/country from their galaxies when one each, raw = the event, misp_creator_org = Orgc.name); 22023/22007/22008 naming the field';

GRANT EXECUTE ON FUNCTION incident_analytics_internal.misp_event_fields(jsonb), incident_analytics_internal.misp_sector(text) TO incident_reader;
