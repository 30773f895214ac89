-- Importing MISP events and STIX 2.1 bundles through the CSV row path
-- (import_incidents_csv_row: a re-import changes exactly the columns the
-- record states, never lowers TLP, reports as the importer's organisation),
-- with runs in imports and bad records in import_rejects like the other
-- imports.  docs/interchange.md describes both.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

ALTER TABLE @extschema@.imports DROP CONSTRAINT imports_kind_check,
  ADD CONSTRAINT imports_kind_check CHECK (kind IN ('veris', 'csv', 'misp', 'stix'));
COMMENT ON COLUMN @extschema@.imports.kind IS 'veris, csv, misp or stix';

-- One record given as jsonb of incident columns (only the keys it states;
-- arrays as JSON arrays, raw as any JSON) through import_incidents_csv_row.
CREATE FUNCTION incident_analytics_internal.import_fields(fields jsonb, default_source text,
                                          OUT incident_id bigint, OUT inserted boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  given jsonb;
  r     @extschema@.incidents_csv_staging;
  res   record;
  n     bigint;
BEGIN
  -- every incident column of the staging table not stated stays E'\x01' (not given)
  SELECT pg_catalog.jsonb_object_agg(a.attname, CASE
           WHEN NOT fields ? a.attname::text THEN E'\x01'
           WHEN pg_catalog.jsonb_typeof(fields OPERATOR(pg_catalog.->) a.attname::text) OPERATOR(pg_catalog.=) 'array'
             THEN (SELECT pg_catalog.array_agg(x)::text
                     FROM pg_catalog.jsonb_array_elements_text(fields OPERATOR(pg_catalog.->) a.attname::text) x)
           ELSE fields OPERATOR(pg_catalog.->>) a.attname::text END)
    INTO given
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid OPERATOR(pg_catalog.=) '@extschema@.incidents_csv_staging'::pg_catalog.regclass
     AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
     AND a.atttypid OPERATOR(pg_catalog.=) 'pg_catalog.text'::pg_catalog.regtype
     AND a.attname OPERATOR(pg_catalog.<>) 'staged_by';
  r := pg_catalog.jsonb_populate_record(NULL::@extschema@.incidents_csv_staging, given);
  res := @extschema@.import_incidents_csv_row(r, default_source);
  incident_id := res.incident_id;
  inserted := res.inserted;
  IF fields ? 'raw' THEN
    UPDATE @extschema@.incidents i SET raw = fields OPERATOR(pg_catalog.->) 'raw'
     WHERE i.incident_id OPERATOR(pg_catalog.=) res.incident_id
       AND i.raw IS DISTINCT FROM fields OPERATOR(pg_catalog.->) 'raw';
  END IF;
  -- the provenance columns (32_evidence.sql), which the CSV row does not carry
  IF fields ? 'inferred_techniques' OR fields ? 'veris_actions' THEN
    UPDATE @extschema@.incidents i
       SET inferred_techniques = CASE WHEN fields ? 'inferred_techniques' THEN
             (SELECT pg_catalog.array_agg(x::@extschema@.attack_technique ORDER BY n)
                FROM pg_catalog.jsonb_array_elements_text(CASE pg_catalog.jsonb_typeof(fields OPERATOR(pg_catalog.->) 'inferred_techniques')
                       WHEN 'array' THEN fields OPERATOR(pg_catalog.->) 'inferred_techniques' ELSE '[]' END) WITH ORDINALITY AS e(x, n))
             ELSE i.inferred_techniques END,
           veris_actions = CASE WHEN fields ? 'veris_actions' THEN
             (SELECT pg_catalog.array_agg(x ORDER BY n)
                FROM pg_catalog.jsonb_array_elements_text(CASE pg_catalog.jsonb_typeof(fields OPERATOR(pg_catalog.->) 'veris_actions')
                       WHEN 'array' THEN fields OPERATOR(pg_catalog.->) 'veris_actions' ELSE '[]' END) WITH ORDINALITY AS e(x, n))
             ELSE i.veris_actions END
     WHERE i.incident_id OPERATOR(pg_catalog.=) res.incident_id;
  END IF;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_fields(jsonb, text) IS
  'internal: import one record given as jsonb of incident columns (the keys it states; arrays as JSON arrays) through import_incidents_csv_row, then keep raw, inferred_techniques and veris_actions; returns the incident id and whether it was new';

-- The marking of a rejected record: its TLP when it states one (else none:
-- only the importer and admins see the reject), the importer's organisation.
CREATE FUNCTION incident_analytics_internal.import_reject(run bigint, source text, pos bigint, raw_text text,
                                          reason text, err_state text, level text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  t @extschema@.tlp;
BEGIN
  BEGIN
    t := level::@extschema@.tlp;
  EXCEPTION WHEN OTHERS THEN
    t := NULL;
  END;
  INSERT INTO @extschema@.import_rejects (import_id, source, position, raw_text, reason, sqlstate,
                                          tlp, reported_by, shared_with)
  VALUES (run, source, pos, raw_text, reason, err_state, t,
          CASE WHEN t IS NOT NULL THEN @extschema@.current_org() END, NULL);
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_reject(bigint, text, bigint, text, text, text, text) IS
  'internal: record a rejected MISP or STIX record in import_rejects, marked with the TLP it states (none: visible to the importer and admins only) and the importer''s organisation';

CREATE FUNCTION incident_analytics_internal.import_misp_fields(event jsonb)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  f jsonb := incident_analytics_internal.misp_event_fields(event);
BEGIN
  -- Orgc is the reporting organisation when the importer acts for it;
  -- otherwise the event is reported as the importer's (Orgc stays in raw)
  IF f OPERATOR(pg_catalog.->>) 'misp_creator_org' OPERATOR(pg_catalog.=)
       ANY (COALESCE(@extschema@.visible_orgs('amber+strict'), '{}'::text[])) THEN
    f := f OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('reported_by', f OPERATOR(pg_catalog.->>) 'misp_creator_org');
  END IF;
  RETURN f OPERATOR(pg_catalog.-) 'misp_creator_org';
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_misp_fields(jsonb) IS
  'internal: misp_event_fields of an event, with reported_by = Orgc.name when the importer acts for that organisation';

CREATE FUNCTION @extschema@.import_misp_event(event jsonb)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN (incident_analytics_internal.import_fields(incident_analytics_internal.import_misp_fields(event), 'misp')).incident_id;
END
$$;
COMMENT ON FUNCTION @extschema@.import_misp_event(jsonb) IS
  'import one MISP event ({"Event": {...}}, MISP core format) as incident (source misp, source_id = Event.uuid; see docs: info, date, tlp: tags, mitre-attack-pattern clusters, sector/country galaxies, raw = the event); a re-import updates the same incident, changing only what the event states; returns incident_id; bad input raises 22023/22007/22008 naming the field';

-- Records of a batch, one subtransaction each, deadlocks retried: the shared
-- loop of import_misp_events and import_stix.
CREATE FUNCTION incident_analytics_internal.import_interchange_run(kind text, source text, records jsonb,
                                                   OUT import_id bigint, OUT loaded bigint, OUT updated bigint,
                                                   OUT rejected bigint, OUT total bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  rec   record;
  res   record;
  f     jsonb;
  msg   text;
  det   text;
  st    text;
  tries integer;
BEGIN
  IF kind IS NULL OR NOT kind OPERATOR(pg_catalog.=) ANY (ARRAY['misp', 'stix']) THEN
    RAISE EXCEPTION 'import_interchange_run: kind % is not misp or stix', COALESCE(pg_catalog.quote_literal(kind), 'NULL')
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  INSERT INTO @extschema@.imports (kind, source, reported_by, backend_pid)
  VALUES (kind, source, @extschema@.current_org(), pg_catalog.pg_backend_pid())
  RETURNING imports.import_id INTO import_id;
  loaded := 0; updated := 0; rejected := 0;
  -- records: [{position, record, fields | error, sqlstate, tlp}]
  FOR rec IN SELECT x OPERATOR(pg_catalog.->>) 'error' AS error, x OPERATOR(pg_catalog.->>) 'sqlstate' AS sqlstate,
                    (x OPERATOR(pg_catalog.->>) 'position')::bigint AS pos, x OPERATOR(pg_catalog.->) 'record' AS raw_record,
                    x OPERATOR(pg_catalog.->) 'fields' AS fields, x OPERATOR(pg_catalog.->>) 'tlp' AS tlp
               FROM pg_catalog.jsonb_array_elements(records) x
  LOOP
    IF rec.error IS NOT NULL THEN
      PERFORM incident_analytics_internal.import_reject(import_id, source, rec.pos, rec.raw_record::text, rec.error,
                                        COALESCE(rec.sqlstate, '22023'), rec.tlp);
      rejected := rejected + 1;
      CONTINUE;
    END IF;
    tries := 0;
    LOOP
      BEGIN
        f := CASE kind WHEN 'misp' THEN incident_analytics_internal.import_misp_fields(rec.raw_record) ELSE rec.fields END;
        res := incident_analytics_internal.import_fields(f, source);
        IF res.inserted THEN loaded := loaded + 1; ELSE updated := updated + 1; END IF;
        EXIT;
      EXCEPTION
        WHEN serialization_failure OR deadlock_detected THEN
          tries := tries + 1;
          IF tries OPERATOR(pg_catalog.>=) 3 THEN RAISE; END IF;
          PERFORM pg_catalog.pg_sleep(0.02 * tries);
        WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
          PERFORM incident_analytics_internal.import_reject(import_id, source, rec.pos, rec.raw_record::text,
                    msg || CASE WHEN det IS NOT NULL AND det OPERATOR(pg_catalog.<>) '' THEN ' (' || det || ')' ELSE '' END,
                    st, COALESCE(f OPERATOR(pg_catalog.->>) 'tlp', rec.tlp));
          rejected := rejected + 1;
          EXIT;
      END;
    END LOOP;
  END LOOP;
  total := loaded + updated + rejected;
  UPDATE @extschema@.imports im
     SET loaded = im.loaded + loaded, updated = im.updated + updated, rejected = im.rejected + rejected,
         status = 'finished', finished_at = pg_catalog.clock_timestamp()
   WHERE im.import_id OPERATOR(pg_catalog.=) import_id;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_interchange_run(text, text, jsonb) IS
  'internal: one imports run over prepared MISP or STIX records, each in its own subtransaction (deadlocks and serialization failures retried), bad ones to import_rejects';

CREATE FUNCTION @extschema@.import_misp_events(export jsonb)
RETURNS TABLE (import_id bigint, loaded bigint, updated bigint, rejected bigint, total bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  events jsonb;
BEGIN
  -- a MISP JSON export: {"response": [{"Event": ...}, ...]}, [{"Event": ...}, ...] or one {"Event": ...}
  events := CASE
    WHEN pg_catalog.jsonb_typeof(export) OPERATOR(pg_catalog.=) 'array' THEN export
    WHEN pg_catalog.jsonb_typeof(export OPERATOR(pg_catalog.->) 'response') OPERATOR(pg_catalog.=) 'array'
      THEN export OPERATOR(pg_catalog.->) 'response'
    WHEN export ? 'Event' THEN pg_catalog.jsonb_build_array(export) END;
  IF events IS NULL THEN
    RAISE EXCEPTION 'import_misp_events: expected a MISP export ({"response": [...]}, an array of {"Event": ...} or one event), got %',
      pg_catalog.left(COALESCE(export::text, 'NULL'), 80)
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN QUERY
  SELECT r.import_id, r.loaded, r.updated, r.rejected, r.total
    FROM incident_analytics_internal.import_interchange_run('misp', 'misp',
           (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                      'position', e.n, 'record', e.value,
                      'tlp', (SELECT pg_catalog.lower(pg_catalog.substr(t OPERATOR(pg_catalog.->>) 'name', 5))
                                FROM pg_catalog.jsonb_array_elements(
                                       CASE pg_catalog.jsonb_typeof(e.value OPERATOR(pg_catalog.->) 'Event' OPERATOR(pg_catalog.->) 'Tag')
                                         WHEN 'array' THEN e.value OPERATOR(pg_catalog.->) 'Event' OPERATOR(pg_catalog.->) 'Tag'
                                         ELSE '[]' END) t
                               WHERE t OPERATOR(pg_catalog.->>) 'name' OPERATOR(pg_catalog.~*) '^tlp:(clear|green|amber|amber\+strict|red)$'
                               ORDER BY pg_catalog.array_position(ARRAY['tlp:red', 'tlp:amber+strict', 'tlp:amber', 'tlp:green', 'tlp:clear'],
                                                                  pg_catalog.lower(t OPERATOR(pg_catalog.->>) 'name'))
                               LIMIT 1)) ORDER BY e.n), '[]'::jsonb)
              FROM pg_catalog.jsonb_array_elements(events) WITH ORDINALITY AS e(value, n))) r;
END
$$;
COMMENT ON FUNCTION @extschema@.import_misp_events(jsonb) IS
  'import a MISP JSON export ({"response": [{"Event": ...}]}, an array of events, or one event): each event as import_misp_event in its own subtransaction, bad ones to import_rejects with their reason (marked with the event''s TLP tag); returns the imports run with loaded, updated, rejected and total';

CREATE FUNCTION @extschema@.import_stix(bundle jsonb)
RETURNS TABLE (import_id bigint, loaded bigint, updated bigint, rejected bigint, total bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN QUERY
  SELECT r.import_id, r.loaded, r.updated, r.rejected, r.total
    FROM incident_analytics_internal.import_interchange_run('stix', 'stix',
           (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                      'position', s.object_no,
                      'record', bundle OPERATOR(pg_catalog.->) 'objects' OPERATOR(pg_catalog.->) (s.object_no::integer - 1),
                      'fields', s.fields, 'error', s.error, 'sqlstate', s.error_sqlstate,
                      'tlp', s.fields OPERATOR(pg_catalog.->>) 'tlp') ORDER BY s.object_no), '[]'::jsonb)
              FROM incident_analytics_internal.stix_incident_fields(bundle) s)) r;
END
$$;
COMMENT ON FUNCTION @extschema@.import_stix(jsonb) IS
  'import the incidents of a STIX 2.1 bundle: a stix_bundle export comes back as it was (same source, source_id and columns); other producers'' incidents get source stix and what the bundle states (see docs); each in its own subtransaction, bad ones to import_rejects; returns the imports run with loaded, updated, rejected and total';

DO $grants$
DECLARE
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['incident_analytics_internal.import_fields(jsonb, text)',
                            'incident_analytics_internal.import_reject(bigint, text, bigint, text, text, text, text)',
                            'incident_analytics_internal.import_misp_fields(jsonb)', '@extschema@.import_misp_event(jsonb)',
                            'incident_analytics_internal.import_interchange_run(text, text, jsonb)',
                            '@extschema@.import_misp_events(jsonb)', '@extschema@.import_stix(jsonb)'] LOOP
    EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', fn);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION %s TO incident_analyst', fn);
  END LOOP;
END
$grants$;
