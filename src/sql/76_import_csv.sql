-- Flat CSV of the incidents columns: one staged row -> one incidents row
-- (import_incidents_csv_row) and the staged procedure.  The row path is shared
-- by the STIX and MISP imports (96_interchange_import.sql).

-- ---------------------------------------------------------------------------
-- Flat CSV of the incidents columns
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.csv_list(value text)
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE
  WHEN pg_catalog.btrim(value) ~ '^\{.*\}$' THEN
    NULLIF(ARRAY(SELECT pg_catalog.btrim(x) FROM pg_catalog.unnest(pg_catalog.btrim(value)::text[]) x
                  WHERE pg_catalog.btrim(x) <> ''), '{}')
  ELSE
    NULLIF(ARRAY(SELECT pg_catalog.btrim(x) FROM pg_catalog.regexp_split_to_table(value, ';') x
                  WHERE pg_catalog.btrim(x) <> ''), '{}')
  END;
COMMENT ON FUNCTION @extschema@.csv_list(text) IS
  'a CSV list cell as text[]: a;b;c or an array literal {a,b,c}; items trimmed, empty items dropped, NULL when none';

CREATE FUNCTION incident_analytics_internal.csv_row_text(r @extschema@.incidents_csv_staging)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(pg_catalog.jsonb_object_agg(e.key, e.value), '{}'::jsonb)::text
    FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-)
                               '{line,backend_pid,position,import_id,staged_by,staged_at}'::text[]) e
   WHERE e.value OPERATOR(pg_catalog.<>) '"\u0001"'::jsonb;
END;
COMMENT ON FUNCTION incident_analytics_internal.csv_row_text(@extschema@.incidents_csv_staging) IS
  'a staged CSV row as JSON text of the columns the file has (the raw_text of a reject)';

-- Marking of a rejected CSV row: the tlp, reported_by and shared_with it
-- would have had.  An unreadable tlp, or a reported_by the caller may not
-- report for, leaves it undetermined (NULL: importer and admins only).
CREATE FUNCTION incident_analytics_internal.import_csv_marking(r @extschema@.incidents_csv_staging, default_source text,
                                               OUT tlp @extschema@.tlp, OUT reported_by text,
                                               OUT shared_with text[])
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  src text := NULLIF(pg_catalog.btrim(r.source), '');
  sid text := NULLIF(pg_catalog.btrim(r.source_id), '');
  t text := NULLIF(pg_catalog.btrim(r.tlp), '');
  rb text := NULLIF(pg_catalog.btrim(r.reported_by), '');
  sw text := r.shared_with;
  org text := @extschema@.current_org();
  cell_tlp @extschema@.tlp;
  e_found boolean := false;
  e_tlp @extschema@.tlp;
  e_rb text;
  e_sw text[];
BEGIN
  IF src IS NULL OR src OPERATOR(pg_catalog.=) E'\x01' THEN src := default_source; END IF;
  IF sid OPERATOR(pg_catalog.=) E'\x01' THEN sid := NULL; END IF;
  IF t OPERATOR(pg_catalog.=) E'\x01' THEN t := NULL; END IF;
  IF rb OPERATOR(pg_catalog.=) E'\x01' THEN rb := NULL; END IF;
  BEGIN
    cell_tlp := t::@extschema@.tlp;
  EXCEPTION WHEN OTHERS THEN
    RETURN;
  END;
  IF rb IS NOT NULL AND NOT @extschema@.tlp_is_admin()
     AND NOT rb OPERATOR(pg_catalog.=) ANY (coalesce(@extschema@.visible_orgs('amber+strict'), '{}'::text[])) THEN
    RETURN;
  END IF;
  IF sid IS NOT NULL THEN
    SELECT true, i.tlp, i.reported_by, i.shared_with INTO e_found, e_tlp, e_rb, e_sw
      FROM @extschema@.incidents i
     WHERE i.source OPERATOR(pg_catalog.=) src AND i.source_id OPERATOR(pg_catalog.=) sid;
  END IF;
  IF e_found THEN
    tlp := GREATEST(cell_tlp, e_tlp);
  ELSE
    tlp := coalesce(cell_tlp, 'amber');
  END IF;
  reported_by := coalesce(rb, org);
  IF sw IS NOT NULL AND sw OPERATOR(pg_catalog.<>) E'\x01' THEN
    shared_with := @extschema@.csv_list(sw);
  ELSIF e_found AND e_rb OPERATOR(pg_catalog.=) reported_by THEN
    shared_with := e_sw;
  END IF;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_csv_marking(@extschema@.incidents_csv_staging, text) IS
  'marking of a rejected CSV row: its tlp (default amber) raised to that of the incident it would update, its reported_by (default the importer''s organisation), its shared_with (default that of the incident when the same organisation reports it); all NULL when the tlp cell is unreadable or reported_by names an organisation the caller does not act for';

CREATE FUNCTION @extschema@.import_incidents_csv_row(r @extschema@.incidents_csv_staging, default_source text,
                                                     allow_tlp_lowering boolean DEFAULT false,
                                                     OUT incident_id bigint, OUT inserted boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  f jsonb := pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-)
             '{line,backend_pid,position,import_id,staged_by,staged_at}'::text[];
  g jsonb;
  nr @extschema@.incidents;
  e @extschema@.incidents;
  on_text text;
  fld text;
  msg text;
  st text;
  det text;
  hnt text;
  is_admin boolean := @extschema@.tlp_is_admin();
  mine text[] := coalesce(@extschema@.visible_orgs('amber+strict'), '{}'::text[]);
  attempt integer := 0;
BEGIN
  -- the columns the file has (not the E'\x01' mark); blanks are unknown (NULL), never ''
  SELECT coalesce(pg_catalog.jsonb_object_agg(k, NULLIF(pg_catalog.btrim(v), '')), '{}'::jsonb) INTO g
    FROM pg_catalog.jsonb_each_text(f) AS x(k, v)
   WHERE v IS DISTINCT FROM E'\x01';
  BEGIN
    fld := 'source';
    nr.source := coalesce(g OPERATOR(pg_catalog.->>) 'source', default_source);
    nr.source_id := g OPERATOR(pg_catalog.->>) 'source_id';
    nr.title := g OPERATOR(pg_catalog.->>) 'title';
    nr.victim := g OPERATOR(pg_catalog.->>) 'victim';
    nr.summary := g OPERATOR(pg_catalog.->>) 'summary';
    fld := 'occurred_precision';
    on_text := g OPERATOR(pg_catalog.->>) 'occurred_on';
    nr.occurred_precision := (g OPERATOR(pg_catalog.->>) 'occurred_precision')::@extschema@.date_precision;
    fld := 'occurred_on';
    IF on_text OPERATOR(pg_catalog.~) '^[0-9]{4}$' THEN
      nr.occurred_on := pg_catalog.make_date(on_text::integer, 1, 1);
      nr.occurred_precision := coalesce(nr.occurred_precision, 'year');
    ELSIF on_text OPERATOR(pg_catalog.~) '^[0-9]{4}-[0-9]{1,2}$' THEN
      nr.occurred_on := (on_text || '-01')::date;
      nr.occurred_precision := coalesce(nr.occurred_precision, 'month');
    ELSIF on_text IS NOT NULL THEN
      nr.occurred_on := on_text::date;
      nr.occurred_precision := coalesce(nr.occurred_precision, 'day');
    END IF;
    IF nr.occurred_on IS NOT NULL THEN
      nr.occurred_on := CASE nr.occurred_precision
                          WHEN 'year' THEN pg_catalog.date_trunc('year', nr.occurred_on)::date
                          WHEN 'month' THEN pg_catalog.date_trunc('month', nr.occurred_on)::date
                          ELSE nr.occurred_on END;
    ELSIF nr.occurred_precision IS NOT NULL THEN
      RAISE EXCEPTION 'invalid CSV row: occurred_precision is given without occurred_on' USING ERRCODE = '22023';
    END IF;
    fld := 'disclosed_on';
    nr.disclosed_on := (g OPERATOR(pg_catalog.->>) 'disclosed_on')::date;
    nr.country := pg_catalog.upper(g OPERATOR(pg_catalog.->>) 'country');
    nr.subdivision := pg_catalog.upper(g OPERATOR(pg_catalog.->>) 'subdivision');
    nr.region_m49 := g OPERATOR(pg_catalog.->>) 'region_m49';
    fld := 'sector';
    IF g OPERATOR(pg_catalog.->>) 'sector' IS NOT NULL THEN
      nr.sector := @extschema@.resolve_sector(g OPERATOR(pg_catalog.->>) 'sector');
      IF nr.sector IS NULL THEN
        RAISE EXCEPTION 'invalid CSV row: sector "%" is not in the sectors table', g OPERATOR(pg_catalog.->>) 'sector'
          USING ERRCODE = '22023';
      END IF;
    END IF;
    fld := 'cia';
    nr.cia := (g OPERATOR(pg_catalog.->>) 'cia')::@extschema@.cia;
    fld := 'techniques';
    nr.techniques := @extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'techniques')::@extschema@.attack_technique[];
    nr.motives := (SELECT pg_catalog.array_agg(pg_catalog.lower(x))
                     FROM pg_catalog.unnest(@extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'motives')) x);
    nr.actor_types := (SELECT pg_catalog.array_agg(pg_catalog.lower(x))
                         FROM pg_catalog.unnest(@extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'actor_types')) x);
    fld := 'actor_countries';
    nr.actor_countries := (SELECT pg_catalog.array_agg(pg_catalog.upper(x))
                             FROM pg_catalog.unnest(@extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'actor_countries')) x)::char(2)[];
    fld := 'safety_impact';
    nr.safety_impact := (g OPERATOR(pg_catalog.->>) 'safety_impact')::@extschema@.safety_impact;
    fld := 'functional_impact';
    nr.functional_impact := (g OPERATOR(pg_catalog.->>) 'functional_impact')::@extschema@.functional_impact;
    fld := 'information_impact';
    nr.information_impact := (g OPERATOR(pg_catalog.->>) 'information_impact')::@extschema@.information_impact;
    fld := 'data_leaked';
    nr.data_leaked := (g OPERATOR(pg_catalog.->>) 'data_leaked')::boolean;
    fld := 'records_affected';
    nr.records_affected := (g OPERATOR(pg_catalog.->>) 'records_affected')::bigint;
    fld := 'scope';
    nr.scope := (g OPERATOR(pg_catalog.->>) 'scope')::@extschema@.incident_scope;
    fld := 'people_affected';
    nr.people_affected := (g OPERATOR(pg_catalog.->>) 'people_affected')::bigint;
    fld := 'recoverability';
    nr.recoverability := (g OPERATOR(pg_catalog.->>) 'recoverability')::@extschema@.recoverability;
    fld := 'outage_duration';
    nr.outage_duration := (g OPERATOR(pg_catalog.->>) 'outage_duration')::interval;
    fld := 'loss_rating';
    nr.loss_rating := (g OPERATOR(pg_catalog.->>) 'loss_rating')::@extschema@.loss_rating;
    fld := 'loss_eur';
    nr.loss_eur := (g OPERATOR(pg_catalog.->>) 'loss_eur')::numeric;
    fld := 'nis2_significant';
    nr.nis2_significant := (g OPERATOR(pg_catalog.->>) 'nis2_significant')::boolean;
    fld := 'tlp';
    nr.tlp := (g OPERATOR(pg_catalog.->>) 'tlp')::@extschema@.tlp;
    nr.reported_by := g OPERATOR(pg_catalog.->>) 'reported_by';
    nr.shared_with := @extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'shared_with');
    nr.sources := @extschema@.csv_list(g OPERATOR(pg_catalog.->>) 'sources');
  EXCEPTION WHEN data_exception THEN
    GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL,
                            hnt = PG_EXCEPTION_HINT;
    IF coalesce(det, '') OPERATOR(pg_catalog.=) '' AND coalesce(hnt, '') OPERATOR(pg_catalog.=) '' THEN
      RAISE EXCEPTION 'invalid CSV value in column %: %', fld, msg USING ERRCODE = st;
    ELSIF coalesce(hnt, '') OPERATOR(pg_catalog.=) '' THEN
      RAISE EXCEPTION 'invalid CSV value in column %: %', fld, msg USING ERRCODE = st, DETAIL = det;
    ELSIF coalesce(det, '') OPERATOR(pg_catalog.=) '' THEN
      RAISE EXCEPTION 'invalid CSV value in column %: %', fld, msg USING ERRCODE = st, HINT = hnt;
    ELSE
      RAISE EXCEPTION 'invalid CSV value in column %: %', fld, msg USING ERRCODE = st, DETAIL = det, HINT = hnt;
    END IF;
  END;
  IF nr.reported_by IS NOT NULL AND NOT is_admin AND NOT nr.reported_by OPERATOR(pg_catalog.=) ANY (mine) THEN
    RAISE EXCEPTION 'invalid CSV row: reported_by "%" is not an organisation % acts for', nr.reported_by, CURRENT_USER
      USING ERRCODE = '42501';
  END IF;

  -- Where source_id is NOT NULL (distribute_incidents makes it the Citus
  -- distribution column) a row without one is refused, with the reason in the
  -- rejects; on one node it is imported as a new incident each time.
  IF nr.source_id IS NULL AND (SELECT a.attnotnull FROM pg_catalog.pg_attribute a
                                WHERE a.attrelid OPERATOR(pg_catalog.=) '@extschema@.incidents'::pg_catalog.regclass
                                  AND a.attname OPERATOR(pg_catalog.=) 'source_id') THEN
    RAISE EXCEPTION 'invalid CSV row: source_id is empty, and incidents requires one in this database'
      USING ERRCODE = '22004',
            DETAIL = 'incidents.source_id is NOT NULL here: distribute_incidents() makes it the distribution column on Citus.',
            HINT = 'Give every row a stable source_id (its id in your own register); it is also what makes a re-import update the incident instead of adding it again.';
  END IF;
  LOOP
    attempt := attempt + 1;
    e := NULL;
    IF nr.source_id IS NOT NULL THEN
      SELECT i.* INTO e FROM @extschema@.incidents i
       WHERE i.source OPERATOR(pg_catalog.=) nr.source AND i.source_id OPERATOR(pg_catalog.=) nr.source_id
         FOR UPDATE;
    END IF;
    IF e.incident_id IS NULL THEN
      -- a new incident: absent columns take the table defaults
      IF NOT (g OPERATOR(pg_catalog.?) 'reported_by') OR nr.reported_by IS NULL THEN
        nr.reported_by := @extschema@.current_org();
        IF nr.reported_by IS NULL AND NOT is_admin THEN
          RAISE EXCEPTION 'invalid CSV row: % acts for no single organisation, so reported_by must be given', CURRENT_USER
            USING ERRCODE = '42501';
        END IF;
      END IF;
      INSERT INTO @extschema@.incidents AS i (
          source, source_id, title, victim, summary, occurred_on, occurred_precision, disclosed_on,
          country, subdivision, region_m49, sector, cia, techniques, motives, actor_types, actor_countries,
          safety_impact, functional_impact, information_impact, data_leaked, records_affected, scope,
          people_affected, recoverability, outage_duration, loss_rating, loss_eur, nis2_significant,
          tlp, reported_by, shared_with, sources)
      VALUES (
          nr.source, nr.source_id, nr.title, nr.victim, nr.summary, nr.occurred_on, nr.occurred_precision,
          nr.disclosed_on, nr.country, nr.subdivision, nr.region_m49, nr.sector, nr.cia, nr.techniques,
          nr.motives, nr.actor_types, nr.actor_countries, nr.safety_impact, nr.functional_impact,
          nr.information_impact, nr.data_leaked, nr.records_affected, nr.scope, nr.people_affected,
          nr.recoverability, nr.outage_duration, nr.loss_rating, nr.loss_eur, nr.nis2_significant,
          coalesce(nr.tlp, 'amber'), nr.reported_by, nr.shared_with, nr.sources)
      ON CONFLICT (source, source_id) DO NOTHING
      RETURNING i.incident_id INTO incident_id;
      IF incident_id IS NOT NULL THEN
        inserted := true;
        RETURN;
      END IF;
      -- someone else inserted it meanwhile: update it, if we may
      IF attempt OPERATOR(pg_catalog.>=) 2 THEN
        RAISE EXCEPTION 'invalid CSV row: incident (%, %) exists and % may not change it', nr.source, nr.source_id, CURRENT_USER
          USING ERRCODE = '42501';
      END IF;
      CONTINUE;
    END IF;

    -- re-import: change exactly the columns the file has
    IF g OPERATOR(pg_catalog.?) 'tlp' AND nr.tlp IS NOT NULL AND nr.tlp OPERATOR(pg_catalog.<) e.tlp THEN
      IF NOT allow_tlp_lowering THEN
        RAISE EXCEPTION 'invalid CSV row: tlp % would lower incident %''s tlp %', nr.tlp, e.incident_id, e.tlp
          USING ERRCODE = '42501',
                HINT = 'Lowering a TLP must be explicit: allow_tlp_lowering => true (tools/import-csv --lower-tlp), by the reporting organisation or an admin.';
      ELSIF NOT is_admin AND NOT e.reported_by OPERATOR(pg_catalog.=) ANY (mine) THEN
        RAISE EXCEPTION 'invalid CSV row: only the reporting organisation or an admin may lower the tlp of incident %', e.incident_id
          USING ERRCODE = '42501';
      END IF;
    END IF;
    UPDATE @extschema@.incidents AS i SET
        title = CASE WHEN g OPERATOR(pg_catalog.?) 'title' THEN nr.title ELSE i.title END,
        victim = CASE WHEN g OPERATOR(pg_catalog.?) 'victim' THEN nr.victim ELSE i.victim END,
        summary = CASE WHEN g OPERATOR(pg_catalog.?) 'summary' THEN nr.summary ELSE i.summary END,
        occurred_on = CASE WHEN g OPERATOR(pg_catalog.?) 'occurred_on' THEN nr.occurred_on ELSE i.occurred_on END,
        occurred_precision = CASE WHEN g OPERATOR(pg_catalog.?) 'occurred_on' THEN nr.occurred_precision
                                  ELSE i.occurred_precision END,
        disclosed_on = CASE WHEN g OPERATOR(pg_catalog.?) 'disclosed_on' THEN nr.disclosed_on ELSE i.disclosed_on END,
        country = CASE WHEN g OPERATOR(pg_catalog.?) 'country' THEN nr.country ELSE i.country END,
        subdivision = CASE WHEN g OPERATOR(pg_catalog.?) 'subdivision' THEN nr.subdivision ELSE i.subdivision END,
        region_m49 = CASE WHEN g OPERATOR(pg_catalog.?) 'region_m49' THEN nr.region_m49 ELSE i.region_m49 END,
        sector = CASE WHEN g OPERATOR(pg_catalog.?) 'sector' THEN nr.sector ELSE i.sector END,
        cia = CASE WHEN g OPERATOR(pg_catalog.?) 'cia' THEN nr.cia ELSE i.cia END,
        techniques = CASE WHEN g OPERATOR(pg_catalog.?) 'techniques' THEN nr.techniques ELSE i.techniques END,
        motives = CASE WHEN g OPERATOR(pg_catalog.?) 'motives' THEN nr.motives ELSE i.motives END,
        actor_types = CASE WHEN g OPERATOR(pg_catalog.?) 'actor_types' THEN nr.actor_types ELSE i.actor_types END,
        actor_countries = CASE WHEN g OPERATOR(pg_catalog.?) 'actor_countries' THEN nr.actor_countries
                               ELSE i.actor_countries END,
        safety_impact = CASE WHEN g OPERATOR(pg_catalog.?) 'safety_impact' THEN nr.safety_impact ELSE i.safety_impact END,
        functional_impact = CASE WHEN g OPERATOR(pg_catalog.?) 'functional_impact' THEN nr.functional_impact
                                 ELSE i.functional_impact END,
        information_impact = CASE WHEN g OPERATOR(pg_catalog.?) 'information_impact' THEN nr.information_impact
                                  ELSE i.information_impact END,
        data_leaked = CASE WHEN g OPERATOR(pg_catalog.?) 'data_leaked' THEN nr.data_leaked ELSE i.data_leaked END,
        records_affected = CASE WHEN g OPERATOR(pg_catalog.?) 'records_affected' THEN nr.records_affected
                                ELSE i.records_affected END,
        scope = CASE WHEN g OPERATOR(pg_catalog.?) 'scope' THEN nr.scope ELSE i.scope END,
        people_affected = CASE WHEN g OPERATOR(pg_catalog.?) 'people_affected' THEN nr.people_affected
                               ELSE i.people_affected END,
        recoverability = CASE WHEN g OPERATOR(pg_catalog.?) 'recoverability' THEN nr.recoverability
                              ELSE i.recoverability END,
        outage_duration = CASE WHEN g OPERATOR(pg_catalog.?) 'outage_duration' THEN nr.outage_duration
                               ELSE i.outage_duration END,
        loss_rating = CASE WHEN g OPERATOR(pg_catalog.?) 'loss_rating' THEN nr.loss_rating ELSE i.loss_rating END,
        loss_eur = CASE WHEN g OPERATOR(pg_catalog.?) 'loss_eur' THEN nr.loss_eur ELSE i.loss_eur END,
        nis2_significant = CASE WHEN g OPERATOR(pg_catalog.?) 'nis2_significant' THEN nr.nis2_significant
                                ELSE i.nis2_significant END,
        tlp = coalesce(nr.tlp, i.tlp),
        reported_by = coalesce(nr.reported_by, i.reported_by),
        shared_with = CASE WHEN g OPERATOR(pg_catalog.?) 'shared_with' THEN nr.shared_with ELSE i.shared_with END,
        sources = CASE WHEN g OPERATOR(pg_catalog.?) 'sources' THEN nr.sources ELSE i.sources END,
        updated_at = pg_catalog.now()
     WHERE i.incident_id OPERATOR(pg_catalog.=) e.incident_id
    RETURNING i.incident_id INTO incident_id;
    inserted := false;
    RETURN;
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text, boolean) IS
  'cast one staged CSV row into incidents (source defaults to default_source); blanks are NULL; occurred_on may be YYYY, YYYY-MM or a date (precision inferred); sector resolved by resolve_sector; a new row takes the defaults for columns the file lacks (tlp amber, reported_by = current_org()); an existing (source, source_id) gets exactly the columns the file has, except that a blank tlp or reported_by keeps the old value, a lower tlp needs allow_tlp_lowering (and the reporting organisation or an admin), and reported_by must be an organisation the caller acts for (admins: any); cast errors name the column and keep their SQLSTATE (22P02, 22007, 22008, 22023, ...), permission problems are 42501';

CREATE PROCEDURE @extschema@.import_incidents_csv_staged(batch_size integer DEFAULT 1000,
                                                         source text DEFAULT 'csv',
                                                         filename text DEFAULT NULL,
                                                         INOUT import_id bigint DEFAULT NULL,
                                                         INOUT loaded bigint DEFAULT NULL,
                                                         INOUT updated bigint DEFAULT NULL,
                                                         INOUT rejected bigint DEFAULT NULL,
                                                         INOUT total bigint DEFAULT NULL,
                                                         allow_tlp_lowering boolean DEFAULT false)
LANGUAGE plpgsql
AS $$
#variable_conflict use_variable
DECLARE
  pid integer := pg_catalog.pg_backend_pid();
BEGIN
  -- a procedure that COMMITs cannot have SET search_path: pin it in each transaction
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 THEN
    RAISE EXCEPTION 'invalid batch_size: %', batch_size USING ERRCODE = '22023',
      HINT = 'Give a positive number of records per transaction.';
  END IF;
  loaded := 0; updated := 0; rejected := 0; total := 0;
  PERFORM @extschema@.import_sweep();
  IF incident_analytics_internal.import_staging_claim('csv', NULL) OPERATOR(pg_catalog.=) 0 AND import_id IS NULL THEN
    RETURN;
  END IF;
  IF import_id IS NULL THEN
    INSERT INTO @extschema@.imports (kind, source, filename, reported_by, backend_pid)
    VALUES ('csv', source, filename, @extschema@.current_org(), pid)
    RETURNING imports.import_id INTO import_id;
  ELSIF NOT EXISTS (SELECT FROM @extschema@.imports im
                     WHERE im.import_id OPERATOR(pg_catalog.=) import_incidents_csv_staged.import_id
                       AND im.kind OPERATOR(pg_catalog.=) 'csv') THEN
    RAISE EXCEPTION 'import_incidents_csv_staged: import % does not exist or is not a CSV import', import_id
      USING ERRCODE = '22023';
  END IF;
  IF NOT pg_catalog.pg_try_advisory_lock(1769107561, (import_id OPERATOR(pg_catalog.%) 2147483648)::integer) THEN
    RAISE EXCEPTION 'import_incidents_csv_staged: import % is running in another session', import_id
      USING ERRCODE = '55P03';
  END IF;
  PERFORM incident_analytics_internal.import_staging_claim('csv', import_id);
  COMMIT;
  CALL @extschema@.import_resume(import_id, batch_size, allow_tlp_lowering, loaded, updated, rejected, total);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) IS
  'import the CSV rows this session put into incidents_csv_staging, one subtransaction per row, committing every batch_size rows; bad rows go to import_rejects (position = data line, 1 = first line after the header); a re-import changes only the columns the file has (see import_incidents_csv_row; allow_tlp_lowering to lower a TLP); call with CALL outside a transaction block; an interrupted run is finished with CALL import_resume(import_id, allow_tlp_lowering => ...); returns import_id, loaded, updated, rejected, total';
