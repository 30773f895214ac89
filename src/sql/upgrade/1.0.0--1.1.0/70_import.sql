-- Import hardening (1.1.0): the import log, rejects and staged lines are
-- readable only by who may see the records (row-level security), analysts
-- can import, re-imports change only what the input has, deadlocks are
-- retried instead of rejected, interrupted runs are visible and resumable,
-- the log is dumped, and VERIS errors name the field and value.

DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'incident_analyst') THEN
    CREATE ROLE incident_analyst NOLOGIN;
  END IF;
END
$roles$;

-- Routines whose signature changes
DROP FUNCTION @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text);
DROP PROCEDURE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint);

-- Tables
ALTER TABLE @extschema@.imports
  ADD COLUMN status text NOT NULL DEFAULT 'running'
      CHECK (status IN ('running', 'interrupted', 'finished', 'abandoned')),
  ADD COLUMN reported_by text,
  ADD COLUMN backend_pid integer;
-- 1.0.0 set finished_at after every batch: a run is taken as finished when it has one
UPDATE @extschema@.imports im
   SET status = CASE WHEN im.finished_at IS NOT NULL THEN 'finished' ELSE 'interrupted' END;

ALTER TABLE @extschema@.import_rejects
  ADD COLUMN imported_by text NOT NULL DEFAULT CURRENT_USER,
  ADD COLUMN tlp @extschema@.tlp,
  ADD COLUMN reported_by text,
  ADD COLUMN shared_with text[];
-- rejects of 1.0.0 have no marking: only their importer and admins see them
UPDATE @extschema@.import_rejects r SET imported_by = im.imported_by
  FROM @extschema@.imports im WHERE im.import_id OPERATOR(pg_catalog.=) r.import_id;

-- staged lines of 1.0.0 belong to no run and cannot be told apart by role: dropped
DELETE FROM @extschema@.veris_staging;
DELETE FROM @extschema@.incidents_csv_staging;
ALTER TABLE @extschema@.veris_staging
  ADD COLUMN import_id bigint REFERENCES @extschema@.imports (import_id) ON DELETE CASCADE,
  ADD COLUMN staged_by text NOT NULL DEFAULT CURRENT_USER,
  ADD COLUMN staged_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp();
CREATE INDEX veris_staging_import_idx ON @extschema@.veris_staging (import_id, position);
ALTER TABLE @extschema@.incidents_csv_staging
  ALTER COLUMN source SET DEFAULT E'\x01',
  ALTER COLUMN source_id SET DEFAULT E'\x01',
  ALTER COLUMN title SET DEFAULT E'\x01',
  ALTER COLUMN victim SET DEFAULT E'\x01',
  ALTER COLUMN summary SET DEFAULT E'\x01',
  ALTER COLUMN occurred_on SET DEFAULT E'\x01',
  ALTER COLUMN occurred_precision SET DEFAULT E'\x01',
  ALTER COLUMN disclosed_on SET DEFAULT E'\x01',
  ALTER COLUMN country SET DEFAULT E'\x01',
  ALTER COLUMN subdivision SET DEFAULT E'\x01',
  ALTER COLUMN region_m49 SET DEFAULT E'\x01',
  ALTER COLUMN sector SET DEFAULT E'\x01',
  ALTER COLUMN cia SET DEFAULT E'\x01',
  ALTER COLUMN techniques SET DEFAULT E'\x01',
  ALTER COLUMN motives SET DEFAULT E'\x01',
  ALTER COLUMN actor_types SET DEFAULT E'\x01',
  ALTER COLUMN actor_countries SET DEFAULT E'\x01',
  ALTER COLUMN safety_impact SET DEFAULT E'\x01',
  ALTER COLUMN functional_impact SET DEFAULT E'\x01',
  ALTER COLUMN information_impact SET DEFAULT E'\x01',
  ALTER COLUMN data_leaked SET DEFAULT E'\x01',
  ALTER COLUMN records_affected SET DEFAULT E'\x01',
  ALTER COLUMN scope SET DEFAULT E'\x01',
  ALTER COLUMN people_affected SET DEFAULT E'\x01',
  ALTER COLUMN recoverability SET DEFAULT E'\x01',
  ALTER COLUMN outage_duration SET DEFAULT E'\x01',
  ALTER COLUMN loss_rating SET DEFAULT E'\x01',
  ALTER COLUMN loss_eur SET DEFAULT E'\x01',
  ALTER COLUMN nis2_significant SET DEFAULT E'\x01',
  ALTER COLUMN tlp SET DEFAULT E'\x01',
  ALTER COLUMN reported_by SET DEFAULT E'\x01',
  ALTER COLUMN shared_with SET DEFAULT E'\x01',
  ALTER COLUMN sources SET DEFAULT E'\x01',
  ADD COLUMN position bigint,
  ADD COLUMN import_id bigint REFERENCES @extschema@.imports (import_id) ON DELETE CASCADE,
  ADD COLUMN staged_by text NOT NULL DEFAULT CURRENT_USER,
  ADD COLUMN staged_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp();
CREATE INDEX incidents_csv_staging_import_idx ON @extschema@.incidents_csv_staging (import_id, position);

COMMENT ON TABLE @extschema@.imports IS 'one row per import run (a file, or a call of import_veris_batch without import_id)';
COMMENT ON COLUMN @extschema@.imports.import_id IS 'run id, referenced by import_rejects';
COMMENT ON COLUMN @extschema@.imports.kind IS 'veris or csv';
COMMENT ON COLUMN @extschema@.imports.source IS 'incidents.source given to the imported rows (csv: the default for rows without one)';
COMMENT ON COLUMN @extschema@.imports.filename IS 'file name given by the loader, if any';
COMMENT ON COLUMN @extschema@.imports.imported_by IS 'role that ran the import';
COMMENT ON COLUMN @extschema@.imports.started_at IS 'when the run started';
COMMENT ON COLUMN @extschema@.imports.finished_at IS 'when the run finished; NULL while running, if it was interrupted, or if it was abandoned';
COMMENT ON COLUMN @extschema@.imports.loaded IS 'records inserted as new incidents';
COMMENT ON COLUMN @extschema@.imports.updated IS 'records that updated an existing incident (same source, source_id)';
COMMENT ON COLUMN @extschema@.imports.rejected IS 'records rejected into import_rejects';
COMMENT ON COLUMN @extschema@.imports.total IS 'records read: loaded + updated + rejected (blank lines are not records)';
COMMENT ON COLUMN @extschema@.imports.status IS
  'running, interrupted, finished or abandoned as last recorded; a running run whose session is gone is shown as interrupted by import_status() and the import_runs view (liveness: the run''s advisory lock)';
COMMENT ON COLUMN @extschema@.imports.reported_by IS
  'organisation of the importing role when the run started (current_org()); its members may read the run';
COMMENT ON COLUMN @extschema@.imports.backend_pid IS 'session that last worked on the run';
COMMENT ON TABLE @extschema@.import_rejects IS 'records an import could not load, with why; fix raw_text and import it again';
COMMENT ON COLUMN @extschema@.import_rejects.reject_id IS 'surrogate key';
COMMENT ON COLUMN @extschema@.import_rejects.import_id IS 'import run';
COMMENT ON COLUMN @extschema@.import_rejects.source IS 'incidents.source the record was meant for';
COMMENT ON COLUMN @extschema@.import_rejects.position IS
  'where the record was in its input: line number (NDJSON, CSV data line counted from 1 after the header), element number (JSON array, from 1), or array index (import_veris_batch)';
COMMENT ON COLUMN @extschema@.import_rejects.raw_text IS 'the record as read (a JSON array element re-serialised; a CSV row as JSON of its columns)';
COMMENT ON COLUMN @extschema@.import_rejects.reason IS 'error message, with detail when there is one';
COMMENT ON COLUMN @extschema@.import_rejects.sqlstate IS 'SQLSTATE of the error (22023 bad value, 22P02 bad literal, 22008 impossible date, ...)';
COMMENT ON COLUMN @extschema@.import_rejects.rejected_at IS 'when the record was rejected';
COMMENT ON COLUMN @extschema@.import_rejects.imported_by IS 'role that ran the import (always sees the reject)';
COMMENT ON COLUMN @extschema@.import_rejects.tlp IS
  'TLP the record would have had if imported (with its reported_by and shared_with: who may read the reject, as for incidents); NULL when it cannot be determined: then only the importer and admins see it';
COMMENT ON COLUMN @extschema@.import_rejects.reported_by IS 'reported_by the record would have had';
COMMENT ON COLUMN @extschema@.import_rejects.shared_with IS 'shared_with the record would have had';
COMMENT ON TABLE @extschema@.veris_staging IS
  'lines of a VERIS file loaded by \copy (FORMAT csv, QUOTE e''\x01'', DELIMITER e''\x02'' to read each line verbatim); claimed by import_veris_staged() of the same session, deleted as their batch commits; visible only to the role that staged them';
COMMENT ON COLUMN @extschema@.veris_staging.line IS 'arrival order (file order within one \copy)';
COMMENT ON COLUMN @extschema@.veris_staging.backend_pid IS 'session that staged the line';
COMMENT ON COLUMN @extschema@.veris_staging.position IS 'position in the input, set by import_veris_staged (line number or array element number)';
COMMENT ON COLUMN @extschema@.veris_staging.doc_text IS 'one line of NDJSON (or a piece of a pretty-printed JSON file)';
COMMENT ON COLUMN @extschema@.veris_staging.import_id IS 'run that claimed the line (NULL until import_veris_staged starts); import_resume / import_abandon finish or drop it';
COMMENT ON COLUMN @extschema@.veris_staging.staged_by IS 'role that staged the line: the only role that sees it';
COMMENT ON COLUMN @extschema@.veris_staging.staged_at IS 'when the line was staged (unclaimed lines of a session that has ended are removed)';
COMMENT ON TABLE @extschema@.incidents_csv_staging IS
  'CSV rows as text, one column per incidents column (header = column names, any subset, any order; \copy ... (FORMAT csv, HEADER match)); a column not in the file keeps its default E''\x01'' (= not given); claimed by import_incidents_csv_staged() of the same session; visible only to the role that staged them';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.line IS 'arrival order (file order within one \copy)';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.backend_pid IS 'session that staged the row';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.position IS 'data line in the file (1 = first line after the header), set when a run claims the row';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.import_id IS 'run that claimed the row (NULL until import_incidents_csv_staged starts)';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.staged_by IS 'role that staged the row: the only role that sees it';
COMMENT ON COLUMN @extschema@.incidents_csv_staging.staged_at IS 'when the row was staged (unclaimed rows of a session that has ended are removed)';

DO $$
DECLARE
  c text;
BEGIN
  FOREACH c IN ARRAY ARRAY['source', 'source_id', 'title', 'victim', 'summary', 'occurred_on',
    'occurred_precision', 'disclosed_on', 'country', 'subdivision', 'region_m49', 'sector', 'cia',
    'techniques', 'motives', 'actor_types', 'actor_countries', 'safety_impact', 'functional_impact',
    'information_impact', 'data_leaked', 'records_affected', 'scope', 'people_affected', 'recoverability',
    'outage_duration', 'loss_rating', 'loss_eur', 'nis2_significant', 'tlp', 'reported_by', 'shared_with',
    'sources'] LOOP
    EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.incidents_csv_staging.%I IS %L', c,
      'text of incidents.' || c || CASE WHEN c OPERATOR(pg_catalog.=) ANY (ARRAY['techniques', 'motives', 'actor_types',
                                                   'actor_countries', 'shared_with', 'sources'])
                                        THEN ' (list: a;b;c, or an array literal {a,b,c})' ELSE '' END
      || '; E''\x01'' (the default) = column not in the file');
  END LOOP;
END
$$;

SELECT pg_catalog.pg_extension_config_dump('@extschema@.imports', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.imports_import_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.import_rejects', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.import_rejects_reject_id_seq', '');

-- Routines (new, replaced, and the two with a new signature)
CREATE FUNCTION @extschema@.veris_value_text(v jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN v IS NULL THEN 'NULL'
  WHEN pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'number'
       AND pg_catalog.length(v::text) OPERATOR(pg_catalog.>) 10 THEN
    pg_catalog.regexp_replace(pg_catalog.btrim(pg_catalog.to_char((v OPERATOR(pg_catalog.#>>) '{}')::numeric, '9.999999EEEE')),
                              '\.?0*e', 'e')
  WHEN pg_catalog.length(v::text) OPERATOR(pg_catalog.>) 100 THEN pg_catalog.left(v::text, 100) || '…'
  ELSE v::text END;
COMMENT ON FUNCTION @extschema@.veris_value_text(jsonb) IS
  'a JSON value as short text for an error message: long numbers in scientific notation (1e+300), other values cut at 100 characters';

GRANT EXECUTE ON ROUTINE @extschema@.veris_value_text(jsonb) TO incident_reader;

CREATE OR REPLACE FUNCTION @extschema@.veris_get_bigint(doc jsonb, path text[], min_value bigint DEFAULT 0,
                                             max_value bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v jsonb := doc #> path;
  n numeric;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) <> 'number' THEN
    PERFORM @extschema@.veris_type_error(path, 'an integer', v);
  END IF;
  n := (v #>> '{}')::numeric;
  IF n <> pg_catalog.trunc(n) OR n < min_value OR (max_value IS NOT NULL AND n > max_value)
     OR n > 9223372036854775807 THEN
    RAISE EXCEPTION 'invalid VERIS value at %: % is not an integer in the range % to %',
        pg_catalog.array_to_string(path, '.'), @extschema@.veris_value_text(v), min_value,
        coalesce(max_value::text, '2^63-1')
      USING ERRCODE = '22023';
  END IF;
  RETURN n::bigint;
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_bigint(jsonb, text[], bigint, bigint) IS
  'integer at a JSON path within [min_value, max_value]; NULL when absent; 22023 naming the path otherwise';

CREATE FUNCTION @extschema@.veris_get_date_part(doc jsonb, path text[], max_value integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v jsonb := doc OPERATOR(pg_catalog.#>) path;
  n numeric;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'number' THEN
    PERFORM @extschema@.veris_type_error(path, 'an integer', v);
  END IF;
  n := (v OPERATOR(pg_catalog.#>>) '{}')::numeric;
  IF n OPERATOR(pg_catalog.<>) pg_catalog.trunc(n) OR n OPERATOR(pg_catalog.<) 1
     OR n OPERATOR(pg_catalog.>) max_value THEN
    RAISE EXCEPTION 'invalid VERIS date at %: % is out of range (1 to %)',
        pg_catalog.array_to_string(path, '.'), @extschema@.veris_value_text(v), max_value
      USING ERRCODE = '22008';
  END IF;
  RETURN n::integer;
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_date_part(jsonb, text[], integer) IS
  'month or day at a JSON path: an integer 1 to max_value; NULL when absent; 22023 for a wrong JSON type, 22008 naming the path and value when out of range';

GRANT EXECUTE ON ROUTINE @extschema@.veris_get_date_part(jsonb, text[], integer) TO incident_reader;

CREATE FUNCTION @extschema@.jsonb_merge(old jsonb, new jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF old IS NULL OR new IS NULL
     OR pg_catalog.jsonb_typeof(old) OPERATOR(pg_catalog.<>) 'object'
     OR pg_catalog.jsonb_typeof(new) OPERATOR(pg_catalog.<>) 'object' THEN
    RETURN coalesce(new, old);
  END IF;
  RETURN (SELECT pg_catalog.jsonb_object_agg(coalesce(n.key, o.key),
                   CASE WHEN n.key IS NULL THEN o.value WHEN o.key IS NULL THEN n.value
                        ELSE @extschema@.jsonb_merge(o.value, n.value) END)
            FROM pg_catalog.jsonb_each(old) o FULL JOIN pg_catalog.jsonb_each(new) n
                 ON n.key OPERATOR(pg_catalog.=) o.key);
END
$$;
COMMENT ON FUNCTION @extschema@.jsonb_merge(jsonb, jsonb) IS
  'deep merge of two JSON objects: keys of new win, objects present in both are merged, keys only in old are kept; a non-object replaces (the raw document of a VERIS re-import)';

GRANT EXECUTE ON ROUTINE @extschema@.jsonb_merge(jsonb, jsonb) TO incident_reader;

CREATE OR REPLACE FUNCTION @extschema@.import_veris_upsert(doc jsonb, source text,
                                                OUT incident_id bigint, OUT inserted boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  sid text;
  v_country char(2);
  v_region text;
  v_subdivision text;
  v_sector text;
  v_on date;
  v_prec @extschema@.date_precision;
  v_disclosed date;
  v_summary text;
  v_title text;
  v_victim text;
  v_sources text[];
  v_actor_types text[];
  v_motives text[];
  v_actor_countries text[];
  v_cia @extschema@.cia;
  v_techniques @extschema@.attack_technique[];
  v_info @extschema@.information_impact;
  v_leaked boolean;
  v_records bigint;
  v_rating @extschema@.loss_rating;
  v_loss numeric;
  v_outage interval;
  v_recover @extschema@.recoverability;
  v_tlp @extschema@.tlp;
  arr text[];
  x text;
  r text;
  s text;
  y bigint;
  m bigint;
  d bigint;
  kind text;
  disclosure text;
  data_vars text[];
  unit text;
  amount numeric;
  caps text[] := '{}';
  k text;
  p_summary boolean; p_victim boolean; p_place boolean; p_sector boolean; p_on boolean;
  p_disclosed boolean; p_reference boolean; p_actor boolean; p_action boolean; p_attribute boolean;
  p_conf boolean; p_duration boolean; p_rating boolean; p_amount boolean;
BEGIN
  IF doc IS NULL OR pg_catalog.jsonb_typeof(doc) <> 'object' THEN
    RAISE EXCEPTION 'invalid VERIS document: expected a JSON object, got %', coalesce(pg_catalog.jsonb_typeof(doc), 'NULL')
      USING ERRCODE = '22023';
  END IF;
  IF source IS NULL OR source = '' THEN
    RAISE EXCEPTION 'invalid import source: must not be empty' USING ERRCODE = '22023';
  END IF;

  -- key: plus.master_id, else incident_id, lower-cased
  sid := pg_catalog.lower(pg_catalog.btrim(@extschema@.veris_get_text(doc, '{plus,master_id}')));
  IF sid IS NULL OR sid = '' THEN
    sid := pg_catalog.lower(pg_catalog.btrim(@extschema@.veris_get_text(doc, '{incident_id}')));
  END IF;
  IF sid IS NULL OR sid = '' THEN
    RAISE EXCEPTION 'invalid VERIS document: neither plus.master_id nor incident_id is given'
      USING ERRCODE = '22023';
  END IF;

  -- victim country: first real code
  arr := @extschema@.veris_get_text_array(doc, '{victim,country}');
  FOREACH x IN ARRAY coalesce(arr, '{}') LOOP
    x := pg_catalog.upper(pg_catalog.btrim(x));
    CONTINUE WHEN x IN ('UNKNOWN', 'OTHER', '');
    IF x !~ '^[A-Z]{2}$' THEN
      PERFORM @extschema@.veris_enum_error('{victim,country}', x);
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.countries c WHERE c.code = x) THEN
      v_country := x;
      EXIT;
    END IF;
    RAISE WARNING 'VERIS victim.country "%" is not in the countries table; ignored', x;
  END LOOP;

  -- region only when the country is unknown: VERIS region(3) + sub-region(3)
  arr := @extschema@.veris_get_text_array(doc, '{victim,region}');
  IF v_country IS NULL THEN
    FOREACH x IN ARRAY coalesce(arr, '{}') LOOP
      x := pg_catalog.btrim(x);
      CONTINUE WHEN x IN ('000000', '000001', '');
      r := pg_catalog.left(x, 3);
      s := pg_catalog.right(x, 3);
      IF x ~ '^[0-9]{6}$'
         AND EXISTS (SELECT 1 FROM @extschema@.m49_regions g WHERE g.code = r)
         AND (s = '000' OR EXISTS (
               WITH RECURSIVE up(code, parent_code) AS (
                 SELECT g.code, g.parent_code FROM @extschema@.m49_regions g WHERE g.code = s
                 UNION ALL
                 SELECT g.code, g.parent_code FROM @extschema@.m49_regions g JOIN up ON g.code = up.parent_code)
               SELECT 1 FROM up WHERE up.parent_code = r)) THEN
        v_region := CASE WHEN s = '000' THEN r ELSE s END;
        EXIT;
      END IF;
      RAISE WARNING 'VERIS victim.region "%" is not a valid M49 region + sub-region code; ignored', x;
    END LOOP;
  END IF;

  -- subdivision from victim.state ("US-MO", "MO" or a subdivision name)
  x := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{victim,state}'));
  IF v_country IS NOT NULL AND x <> '' THEN
    SELECT sd.code INTO v_subdivision
      FROM @extschema@.subdivisions sd
     WHERE sd.code IN (pg_catalog.upper(x), v_country || '-' || pg_catalog.upper(x)) AND sd.country = v_country
     ORDER BY sd.code LIMIT 1;
    IF v_subdivision IS NULL THEN
      SELECT sd.code INTO v_subdivision
        FROM @extschema@.subdivisions sd
       WHERE sd.country = v_country AND pg_catalog.lower(sd.name) = pg_catalog.lower(x)
       ORDER BY sd.code LIMIT 1;
    END IF;
  END IF;

  -- sector
  x := @extschema@.veris_get_text(doc, '{victim,industry}');
  IF x IS NOT NULL THEN
    BEGIN
      v_sector := @extschema@.resolve_sector(x);
    EXCEPTION WHEN invalid_parameter_value THEN
      RAISE EXCEPTION 'invalid VERIS value at victim.industry: "%" is not a NAICS code', pg_catalog.left(x, 100)
        USING ERRCODE = '22023';
    END;
    IF v_sector IS NULL AND pg_catalog.btrim(x) !~ '^0*$' AND pg_catalog.btrim(x) !~ '^00' THEN
      RAISE WARNING 'VERIS victim.industry "%" has no known sector; ignored', x;
    END IF;
  END IF;

  -- timeline.incident -> occurred_on + precision
  y := @extschema@.veris_get_bigint(doc, '{timeline,incident,year}', 1970, 2100);
  m := @extschema@.veris_get_date_part(doc, '{timeline,incident,month}', 12);
  d := @extschema@.veris_get_date_part(doc, '{timeline,incident,day}', 31);
  IF y IS NOT NULL THEN
    IF m IS NOT NULL AND d IS NOT NULL THEN
      IF d > pg_catalog.date_part('day', pg_catalog.make_date(y::int, m::int, 1)
                                         + interval '1 month' - interval '1 day') THEN
        RAISE EXCEPTION 'invalid VERIS date at timeline.incident: %-%-% does not exist', y,
            pg_catalog.lpad(m::text, 2, '0'), pg_catalog.lpad(d::text, 2, '0')
          USING ERRCODE = '22008';
      END IF;
      v_on := pg_catalog.make_date(y::int, m::int, d::int);
      v_prec := 'day';
    ELSIF m IS NOT NULL THEN
      v_on := pg_catalog.make_date(y::int, m::int, 1);
      v_prec := 'month';
    ELSE
      v_on := pg_catalog.make_date(y::int, 1, 1);
      v_prec := 'year';
    END IF;
  END IF;

  -- disclosure date: VCDB plus.timeline.notification, only when the full day is valid
  BEGIN
    v_disclosed := pg_catalog.make_date((doc #>> '{plus,timeline,notification,year}')::int,
                                        (doc #>> '{plus,timeline,notification,month}')::int,
                                        (doc #>> '{plus,timeline,notification,day}')::int);
  EXCEPTION WHEN OTHERS THEN
    v_disclosed := NULL;
  END;

  -- summary, title, victim, references
  v_summary := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{summary}'), E' \t\r\n');
  IF v_summary = '' THEN v_summary := NULL; END IF;
  v_victim := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{victim,victim_id}'));
  IF v_victim = '' OR pg_catalog.lower(v_victim) IN ('unknown', 'na', 'n/a') THEN v_victim := NULL; END IF;
  IF v_summary IS NOT NULL THEN
    v_title := pg_catalog.btrim(pg_catalog.split_part(v_summary, E'\n', 1));
    IF pg_catalog.strpos(v_title, '. ') BETWEEN 20 AND 120 THEN
      v_title := pg_catalog.left(v_title, pg_catalog.strpos(v_title, '. ') - 1);
    END IF;
    IF pg_catalog.length(v_title) > 120 THEN
      v_title := pg_catalog.rtrim(pg_catalog.left(v_title, 119)) || '…';
    END IF;
  END IF;
  v_title := coalesce(NULLIF(v_title, ''), v_victim);
  x := @extschema@.veris_get_text(doc, '{reference}');
  IF x IS NOT NULL THEN
    SELECT pg_catalog.array_agg(u ORDER BY n) INTO v_sources
      FROM (SELECT DISTINCT ON (u) u, n
              FROM (SELECT pg_catalog.rtrim(t, ',.') AS u, n
                      FROM pg_catalog.regexp_split_to_table(x, '[;[:space:]]+|,(?=[[:space:]]*(https?://|www\.))')
                           WITH ORDINALITY AS p(t, n)) q
             WHERE u ~* '^(https?://|ftp://|www\.)'
             ORDER BY u, n) z;
  END IF;

  -- actors
  IF doc ? 'actor' AND pg_catalog.jsonb_typeof(doc -> 'actor') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{actor}', 'an object', doc -> 'actor');
  END IF;
  v_motives := '{}';
  v_actor_countries := '{}';
  FOREACH kind IN ARRAY ARRAY['external', 'internal', 'partner'] LOOP
    CONTINUE WHEN NOT coalesce(doc -> 'actor' ? kind, false);
    IF kind = 'external' THEN
      PERFORM @extschema@.veris_check_enum(
        @extschema@.veris_get_text_array(doc, '{actor,external,variety}'),
        ARRAY['acquaintance', 'activist', 'auditor', 'competitor', 'customer', 'force majeure',
              'former employee', 'nation-state', 'organized crime', 'state-affiliated', 'terrorist',
              'unaffiliated', 'other', 'unknown'],
        '{actor,external,variety}');
    END IF;
    v_motives := v_motives || @extschema@.veris_check_enum(
      @extschema@.veris_get_text_array(doc, ARRAY['actor', kind, 'motive']),
      ARRAY['convenience', 'espionage', 'fear', 'financial', 'fun', 'grudge', 'ideology', 'na',
            'secondary', 'other', 'unknown'],
      ARRAY['actor', kind, 'motive']);
    FOREACH x IN ARRAY coalesce(@extschema@.veris_get_text_array(doc, ARRAY['actor', kind, 'country']), '{}') LOOP
      x := pg_catalog.upper(pg_catalog.btrim(x));
      CONTINUE WHEN x IN ('UNKNOWN', 'OTHER', '');
      IF x !~ '^[A-Z]{2}$' THEN
        PERFORM @extschema@.veris_enum_error(ARRAY['actor', kind, 'country'], x);
      END IF;
      v_actor_countries := v_actor_countries || x;
    END LOOP;
  END LOOP;
  v_motives := (SELECT pg_catalog.array_agg(DISTINCT mo ORDER BY mo) FROM pg_catalog.unnest(v_motives) mo
                 WHERE mo NOT IN ('unknown', 'na'));
  v_actor_countries := (SELECT pg_catalog.array_agg(DISTINCT ac ORDER BY ac) FROM pg_catalog.unnest(v_actor_countries) ac);
  IF doc ? 'action' AND pg_catalog.jsonb_typeof(doc -> 'action') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{action}', 'an object', doc -> 'action');
  END IF;
  v_actor_types := @extschema@.veris_actor_types(doc -> 'actor', coalesce(doc -> 'action', '{}'));

  -- attributes
  IF doc ? 'attribute' AND pg_catalog.jsonb_typeof(doc -> 'attribute') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{attribute}', 'an object', doc -> 'attribute');
  END IF;
  IF doc #> '{attribute,confidentiality}' IS NOT NULL THEN
    disclosure := @extschema@.veris_get_text(doc, '{attribute,confidentiality,data_disclosure}');
    PERFORM @extschema@.veris_check_enum(ARRAY[disclosure], ARRAY['yes', 'potentially', 'no', 'unknown'],
                                         '{attribute,confidentiality,data_disclosure}')
      WHERE disclosure IS NOT NULL;
    IF doc #> '{attribute,confidentiality,data}' IS NOT NULL
       AND pg_catalog.jsonb_typeof(doc #> '{attribute,confidentiality,data}') <> 'array' THEN
      PERFORM @extschema@.veris_type_error('{attribute,confidentiality,data}', 'an array',
                                           doc #> '{attribute,confidentiality,data}');
    END IF;
    data_vars := '{}';
    FOR k IN SELECT pg_catalog.generate_series(0, pg_catalog.jsonb_array_length(
                      coalesce(doc #> '{attribute,confidentiality,data}', '[]')) - 1) LOOP
      x := @extschema@.veris_get_text(doc, ARRAY['attribute', 'confidentiality', 'data', k, 'variety']);
      IF x IS NOT NULL THEN
        data_vars := data_vars || x;
      END IF;
    END LOOP;
    PERFORM @extschema@.veris_check_enum(data_vars,
      ARRAY['api key', 'bank', 'classified', 'copyrighted', 'credentials', 'digital certificate', 'internal',
            'medical', 'multi-factor credential', 'payment', 'personal', 'sensitive personal', 'secrets',
            'session key', 'source code', 'system', 'virtual currency', 'other', 'unknown'],
      '{attribute,confidentiality,data,variety}');
    v_records := @extschema@.veris_get_bigint(doc, '{attribute,confidentiality,data_total}');
    v_info := @extschema@.veris_information_impact(data_vars, disclosure);
    v_leaked := CASE pg_catalog.lower(disclosure) WHEN 'yes' THEN true WHEN 'no' THEN false END;
  END IF;
  PERFORM @extschema@.veris_check_enum(
    @extschema@.veris_get_text_array(doc, '{attribute,integrity,variety}'),
    ARRAY['alter behavior', 'created account', 'defacement', 'fraudulent transaction', 'hardware tampering',
          'log tampering', 'misappropriation', 'misrepresentation', 'modify authentication',
          'modify configuration', 'modify data', 'modify privileges', 'register mfa device', 'repurpose',
          'software installation', 'other', 'unknown'],
    '{attribute,integrity,variety}');
  PERFORM @extschema@.veris_check_enum(
    @extschema@.veris_get_text_array(doc, '{attribute,availability,variety}'),
    ARRAY['acceleration', 'degradation', 'destruction', 'interruption', 'loss', 'obscuration', 'other', 'unknown'],
    '{attribute,availability,variety}');
  unit := pg_catalog.lower(@extschema@.veris_get_text(doc, '{attribute,availability,duration,unit}'));
  PERFORM @extschema@.veris_check_enum(ARRAY[unit],
    ARRAY['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years', 'never', 'na', 'unknown'],
    '{attribute,availability,duration,unit}') WHERE unit IS NOT NULL;
  amount := @extschema@.veris_get_number(doc, '{attribute,availability,duration,value}');
  IF unit IN ('seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years') THEN
    -- VERIS gives the unit the duration falls in; without a value it is at least one unit
    BEGIN
      v_outage := coalesce(amount, 1) * CASE unit
        WHEN 'seconds' THEN interval '1 second' WHEN 'minutes' THEN interval '1 minute'
        WHEN 'hours' THEN interval '1 hour' WHEN 'days' THEN interval '1 day'
        WHEN 'weeks' THEN interval '7 days' WHEN 'months' THEN interval '30 days'
        ELSE interval '365 days' END;
    EXCEPTION WHEN datetime_field_overflow OR interval_field_overflow OR numeric_value_out_of_range THEN
      RAISE EXCEPTION 'invalid VERIS value at attribute.availability.duration.value: % % is out of range',
          @extschema@.veris_value_text(doc OPERATOR(pg_catalog.#>) '{attribute,availability,duration,value}'), unit
        USING ERRCODE = '22008', HINT = 'An outage duration must fit an interval (less than about 178 million years).';
    END;
  ELSIF unit = 'never' THEN
    v_recover := 'not_recoverable';
  END IF;
  v_cia := @extschema@.veris_cia(doc -> 'attribute');

  -- impact
  x := @extschema@.veris_get_text(doc, '{impact,overall_rating}');
  IF x IS NOT NULL THEN
    PERFORM @extschema@.veris_check_enum(ARRAY[x],
      ARRAY['insignificant', 'distracting', 'painful', 'damaging', 'catastrophic', 'unknown'],
      '{impact,overall_rating}');
    IF pg_catalog.lower(x) <> 'unknown' THEN
      v_rating := pg_catalog.lower(x)::@extschema@.loss_rating;
    END IF;
  END IF;
  amount := @extschema@.veris_get_number(doc, '{impact,overall_amount}');
  IF pg_catalog.upper(@extschema@.veris_get_text(doc, '{impact,iso_currency_code}')) = 'EUR' THEN
    v_loss := pg_catalog.round(amount, 2);     -- other currencies: NULL (no conversion), document keeps it
    IF v_loss OPERATOR(pg_catalog.>=) 1e16 THEN  -- loss_eur is numeric(18, 2)
      RAISE EXCEPTION 'invalid VERIS value at impact.overall_amount: % is out of range (below 1e16)',
          @extschema@.veris_value_text(doc OPERATOR(pg_catalog.#>) '{impact,overall_amount}')
        USING ERRCODE = '22003';
    END IF;
  END IF;

  -- actions -> ATT&CK (Enterprise) through veris_attack_map
  IF pg_catalog.jsonb_typeof(doc -> 'action') = 'object' THEN
    SELECT pg_catalog.array_agg('action.' || pg_catalog.lower(cat.key) || '.' || pg_catalog.lower(f.key) || '.'
                                || pg_catalog.lower(val))
      INTO caps
      FROM pg_catalog.jsonb_each(doc -> 'action') cat,
           pg_catalog.jsonb_each(CASE pg_catalog.jsonb_typeof(cat.value) WHEN 'object' THEN cat.value ELSE '{}' END) f,
           pg_catalog.jsonb_array_elements_text(CASE pg_catalog.jsonb_typeof(f.value) WHEN 'array' THEN f.value ELSE '[]' END) val
     WHERE pg_catalog.jsonb_typeof(f.value) = 'array'
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(f.value) e WHERE pg_catalog.jsonb_typeof(e) <> 'string');
    SELECT pg_catalog.array_agg(DISTINCT vam.technique ORDER BY vam.technique) INTO v_techniques
      FROM @extschema@.veris_attack_map vam
     WHERE vam.capability_id = ANY (caps) AND vam.domain = 'enterprise';
  END IF;

  v_tlp := CASE WHEN source = 'vcdb' THEN 'clear' ELSE 'amber' END;

  -- Re-import changes only the columns whose VERIS fields the document has
  -- (present, even as null or Unknown); tlp, reported_by and shared_with are
  -- never changed by VERIS; raw is merged (the new document wins key by key).
  p_summary := doc OPERATOR(pg_catalog.?) 'summary';
  p_victim := (doc OPERATOR(pg_catalog.#>) '{victim,victim_id}') IS NOT NULL;
  p_place := (doc OPERATOR(pg_catalog.#>) '{victim,country}') IS NOT NULL
             OR (doc OPERATOR(pg_catalog.#>) '{victim,region}') IS NOT NULL
             OR (doc OPERATOR(pg_catalog.#>) '{victim,state}') IS NOT NULL;
  p_sector := (doc OPERATOR(pg_catalog.#>) '{victim,industry}') IS NOT NULL;
  p_on := (doc OPERATOR(pg_catalog.#>) '{timeline,incident}') IS NOT NULL;
  p_disclosed := (doc OPERATOR(pg_catalog.#>) '{plus,timeline,notification}') IS NOT NULL;
  p_reference := doc OPERATOR(pg_catalog.?) 'reference';
  p_actor := doc OPERATOR(pg_catalog.?) 'actor';
  p_action := doc OPERATOR(pg_catalog.?) 'action';
  p_attribute := doc OPERATOR(pg_catalog.?) 'attribute';
  p_conf := (doc OPERATOR(pg_catalog.#>) '{attribute,confidentiality}') IS NOT NULL;
  p_duration := (doc OPERATOR(pg_catalog.#>) '{attribute,availability,duration}') IS NOT NULL;
  p_rating := (doc OPERATOR(pg_catalog.#>) '{impact,overall_rating}') IS NOT NULL;
  p_amount := (doc OPERATOR(pg_catalog.#>) '{impact,overall_amount}') IS NOT NULL
              OR (doc OPERATOR(pg_catalog.#>) '{impact,iso_currency_code}') IS NOT NULL;

  INSERT INTO @extschema@.incidents AS i (
      source, source_id, title, victim, summary, occurred_on, occurred_precision, disclosed_on,
      country, subdivision, region_m49, sector, cia, techniques, motives, actor_types, actor_countries,
      information_impact, data_leaked, records_affected, outage_duration, recoverability,
      loss_rating, loss_eur, tlp, sources, raw)
  VALUES (
      source, sid, v_title, v_victim, v_summary, v_on, v_prec, v_disclosed,
      v_country, v_subdivision, v_region, v_sector, v_cia, NULLIF(v_techniques, '{}'),
      NULLIF(v_motives, '{}'), NULLIF(v_actor_types, '{}'), NULLIF(v_actor_countries, '{}')::char(2)[],
      v_info, v_leaked, v_records, v_outage, v_recover,
      v_rating, v_loss, v_tlp, NULLIF(v_sources, '{}'), doc)
  ON CONFLICT (source, source_id) DO UPDATE SET
      title = CASE WHEN p_summary THEN EXCLUDED.title ELSE coalesce(i.title, EXCLUDED.title) END,
      victim = CASE WHEN p_victim THEN EXCLUDED.victim ELSE i.victim END,
      summary = CASE WHEN p_summary THEN EXCLUDED.summary ELSE i.summary END,
      occurred_on = CASE WHEN p_on THEN EXCLUDED.occurred_on ELSE i.occurred_on END,
      occurred_precision = CASE WHEN p_on THEN EXCLUDED.occurred_precision ELSE i.occurred_precision END,
      disclosed_on = CASE WHEN p_disclosed THEN EXCLUDED.disclosed_on ELSE i.disclosed_on END,
      country = CASE WHEN p_place THEN EXCLUDED.country ELSE i.country END,
      subdivision = CASE WHEN p_place THEN EXCLUDED.subdivision ELSE i.subdivision END,
      region_m49 = CASE WHEN p_place THEN EXCLUDED.region_m49 ELSE i.region_m49 END,
      sector = CASE WHEN p_sector THEN EXCLUDED.sector ELSE i.sector END,
      cia = CASE WHEN p_attribute THEN EXCLUDED.cia ELSE coalesce(i.cia, EXCLUDED.cia) END,
      techniques = CASE WHEN p_action THEN EXCLUDED.techniques ELSE i.techniques END,
      motives = CASE WHEN p_actor THEN EXCLUDED.motives ELSE i.motives END,
      actor_types = CASE WHEN p_actor THEN EXCLUDED.actor_types ELSE i.actor_types END,
      actor_countries = CASE WHEN p_actor THEN EXCLUDED.actor_countries ELSE i.actor_countries END,
      information_impact = CASE WHEN p_conf THEN EXCLUDED.information_impact ELSE i.information_impact END,
      data_leaked = CASE WHEN p_conf THEN EXCLUDED.data_leaked ELSE i.data_leaked END,
      records_affected = CASE WHEN p_conf THEN EXCLUDED.records_affected ELSE i.records_affected END,
      outage_duration = CASE WHEN p_duration THEN EXCLUDED.outage_duration ELSE i.outage_duration END,
      recoverability = coalesce(EXCLUDED.recoverability, i.recoverability),
      loss_rating = CASE WHEN p_rating THEN EXCLUDED.loss_rating ELSE i.loss_rating END,
      loss_eur = CASE WHEN p_amount THEN EXCLUDED.loss_eur ELSE i.loss_eur END,
      sources = CASE WHEN p_reference THEN EXCLUDED.sources ELSE i.sources END,
      raw = @extschema@.jsonb_merge(i.raw, EXCLUDED.raw), updated_at = pg_catalog.now()
  RETURNING i.incident_id, (i.xmax OPERATOR(pg_catalog.=) '0'::xid) INTO incident_id, inserted;
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_upsert(jsonb, text) IS
  'import one VERIS document under the given source, returning the incident id and whether it was new (false: an existing row was updated); the worker behind import_veris and the bulk path';

CREATE FUNCTION @extschema@.import_veris_marking(doc_text text, source text,
                                                 OUT tlp @extschema@.tlp, OUT reported_by text,
                                                 OUT shared_with text[])
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  d jsonb;
  sid text;
  e record;
  org text := @extschema@.current_org();
BEGIN
  BEGIN
    d := doc_text::jsonb;
  EXCEPTION WHEN OTHERS THEN
    RETURN;
  END;
  IF pg_catalog.jsonb_typeof(d) OPERATOR(pg_catalog.<>) 'object' THEN
    RETURN;
  END IF;
  tlp := CASE WHEN source OPERATOR(pg_catalog.=) 'vcdb' THEN 'clear' ELSE 'amber' END;
  reported_by := org;
  IF pg_catalog.jsonb_typeof(d OPERATOR(pg_catalog.#>) '{plus,master_id}') OPERATOR(pg_catalog.=) 'string' THEN
    sid := pg_catalog.lower(pg_catalog.btrim(d OPERATOR(pg_catalog.#>>) '{plus,master_id}'));
  END IF;
  IF (sid IS NULL OR sid OPERATOR(pg_catalog.=) '')
     AND pg_catalog.jsonb_typeof(d OPERATOR(pg_catalog.->) 'incident_id') OPERATOR(pg_catalog.=) 'string' THEN
    sid := pg_catalog.lower(pg_catalog.btrim(d OPERATOR(pg_catalog.->>) 'incident_id'));
  END IF;
  IF sid IS NOT NULL AND sid OPERATOR(pg_catalog.<>) '' THEN
    SELECT i.tlp, i.reported_by, i.shared_with INTO e
      FROM @extschema@.incidents i
     WHERE i.source OPERATOR(pg_catalog.=) source AND i.source_id OPERATOR(pg_catalog.=) sid;
    IF FOUND THEN
      tlp := GREATEST(tlp, e.tlp);
      IF e.reported_by OPERATOR(pg_catalog.=) org THEN
        shared_with := e.shared_with;
      END IF;
    END IF;
  END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_marking(text, text) IS
  'marking of a rejected VERIS record: the source''s TLP (vcdb clear, else amber) raised to that of the incident it would update, reported_by = the importer''s organisation, shared_with of that incident when it is the same organisation''s; all NULL when the text is not a JSON object';

REVOKE EXECUTE ON ROUTINE @extschema@.import_veris_marking(text, text) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_veris_marking(text, text) TO incident_analyst;

CREATE FUNCTION @extschema@.import_veris_docs(docs text[], source text, positions bigint[], run bigint,
                                              stop_on_conflict boolean,
                                              OUT loaded bigint, OUT updated bigint, OUT rejected bigint,
                                              OUT stopped_at integer)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  idx integer;
  txt text;
  res record;
  mk record;
  msg text;
  det text;
  st text;
  tries integer;
BEGIN
  loaded := 0; updated := 0; rejected := 0;
  FOR idx IN 1 .. coalesce(pg_catalog.array_length(docs, 1), 0) LOOP
    txt := docs[idx];
    CONTINUE WHEN txt IS NULL OR txt OPERATOR(pg_catalog.~) '^[[:space:]]*$';
    tries := 0;
    LOOP
      BEGIN
        res := @extschema@.import_veris_upsert(txt::jsonb, source);
        IF res.inserted THEN loaded := loaded + 1; ELSE updated := updated + 1; END IF;
        EXIT;
      EXCEPTION
        WHEN serialization_failure OR deadlock_detected THEN
          -- not bad input: retry in a new subtransaction, then give up the batch
          tries := tries + 1;
          IF tries OPERATOR(pg_catalog.>=) 3 THEN
            IF stop_on_conflict THEN
              stopped_at := idx;
              RETURN;
            END IF;
            RAISE;
          END IF;
          PERFORM pg_catalog.pg_sleep(0.02 * tries);
        WHEN OTHERS THEN
          GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
          mk := @extschema@.import_veris_marking(txt, source);
          INSERT INTO @extschema@.import_rejects (import_id, source, position, raw_text, reason, sqlstate,
                                                  tlp, reported_by, shared_with)
          VALUES (run, source, coalesce(positions[idx], idx), txt,
                  msg || CASE WHEN det IS NOT NULL AND det OPERATOR(pg_catalog.<>) '' THEN ' (' || det || ')' ELSE '' END,
                  st, mk.tlp, mk.reported_by, mk.shared_with);
          rejected := rejected + 1;
          EXIT;
      END;
    END LOOP;
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_docs(text[], text, bigint[], bigint, boolean) IS
  'worker of the bulk paths: each document in its own subtransaction; bad input goes to import_rejects (with the marking of import_veris_marking); a serialization failure or deadlock (40001, 40P01) is retried twice, then either stops the batch (stop_on_conflict: stopped_at = the index to start again from, after a COMMIT) or is raised';

REVOKE EXECUTE ON ROUTINE @extschema@.import_veris_docs(text[], text, bigint[], bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_veris_docs(text[], text, bigint[], bigint, boolean) TO incident_analyst;

CREATE OR REPLACE FUNCTION @extschema@.import_veris_batch(docs text[], source text DEFAULT 'vcdb',
                                               positions bigint[] DEFAULT NULL,
                                               run_id bigint DEFAULT NULL)
RETURNS TABLE (import_id bigint, loaded bigint, updated bigint, rejected bigint, total bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  run bigint := run_id;
  b record;
  left_over boolean;
BEGIN
  IF run IS NULL THEN
    INSERT INTO @extschema@.imports (kind, source, reported_by, backend_pid)
    VALUES ('veris', source, @extschema@.current_org(), pg_catalog.pg_backend_pid())
    RETURNING imports.import_id INTO run;
  ELSIF NOT EXISTS (SELECT FROM @extschema@.imports im
                     WHERE im.import_id OPERATOR(pg_catalog.=) run
                       AND im.imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text) THEN
    RAISE EXCEPTION 'import_veris_batch: import % does not exist or was not run by %', run, CURRENT_USER
      USING ERRCODE = '22023';
  END IF;
  b := @extschema@.import_veris_docs(docs, source, positions, run, false);
  left_over := @extschema@.import_staging_left(run) OPERATOR(pg_catalog.>) 0;
  UPDATE @extschema@.imports im
     SET loaded = im.loaded + b.loaded, updated = im.updated + b.updated, rejected = im.rejected + b.rejected,
         status = CASE WHEN left_over THEN im.status ELSE 'finished' END,
         finished_at = CASE WHEN left_over THEN im.finished_at ELSE pg_catalog.clock_timestamp() END
   WHERE im.import_id OPERATOR(pg_catalog.=) run;
  RETURN QUERY SELECT run, b.loaded, b.updated, b.rejected, b.loaded + b.updated + b.rejected;
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_batch(text[], text, bigint[], bigint) IS
  'import VERIS documents given as JSON texts, each in its own subtransaction: good ones are kept, bad ones go to import_rejects (position = positions[i], or i); blank elements are skipped; a deadlock or serialization failure is retried per record and, if it persists, raised (the caller retries the transaction: nothing is rejected for it); run_id adds to an existing imports row of the caller (NULL: a new one); returns loaded (new), updated, rejected and total = their sum; runs in the caller''s transaction';

CREATE FUNCTION @extschema@.staged_run_alive(run bigint)
RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT EXISTS (
    SELECT FROM pg_catalog.pg_locks l
     WHERE l.locktype OPERATOR(pg_catalog.=) 'advisory'
       AND l.granted
       AND l.database OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
       AND l.classid OPERATOR(pg_catalog.=) 1769107561::pg_catalog.oid
       AND l.objid OPERATOR(pg_catalog.=) (run OPERATOR(pg_catalog.%) 2147483648)::pg_catalog.oid
       AND l.objsubid OPERATOR(pg_catalog.=) 2::pg_catalog.int2
       AND l.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid());
END;
COMMENT ON FUNCTION @extschema@.staged_run_alive(bigint) IS
  'true while another session works on the import run (it holds the run''s advisory lock); a lock left in the calling session by a failed CALL does not count';

GRANT EXECUTE ON ROUTINE @extschema@.staged_run_alive(bigint) TO incident_reader;

CREATE FUNCTION @extschema@.import_run_unlock(run bigint)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  WHILE EXISTS (SELECT FROM pg_catalog.pg_locks l
                 WHERE l.locktype OPERATOR(pg_catalog.=) 'advisory' AND l.granted
                   AND l.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid()
                   AND l.classid OPERATOR(pg_catalog.=) 1769107561::pg_catalog.oid
                   AND l.objid OPERATOR(pg_catalog.=) (run OPERATOR(pg_catalog.%) 2147483648)::pg_catalog.oid
                   AND l.objsubid OPERATOR(pg_catalog.=) 2::pg_catalog.int2) LOOP
    PERFORM pg_catalog.pg_advisory_unlock(1769107561, (run OPERATOR(pg_catalog.%) 2147483648)::integer);
  END LOOP;
END
$$;
COMMENT ON FUNCTION @extschema@.import_run_unlock(bigint) IS
  'release every hold this session has on the run''s advisory lock';

REVOKE EXECUTE ON ROUTINE @extschema@.import_run_unlock(bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_run_unlock(bigint) TO incident_analyst;

CREATE FUNCTION @extschema@.import_status(import_id bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN im.status OPERATOR(pg_catalog.=) 'running' AND NOT @extschema@.staged_run_alive(im.import_id)
              THEN 'interrupted' ELSE im.status END
    FROM @extschema@.imports im
   WHERE im.import_id OPERATOR(pg_catalog.=) import_status.import_id;
END;
COMMENT ON FUNCTION @extschema@.import_status(bigint) IS
  'status of an import run as it is now: running (a live session works on it), interrupted (its session ended before it finished: CALL import_resume(id) or SELECT import_abandon(id)), finished or abandoned; NULL for a run the caller may not see';

REVOKE EXECUTE ON ROUTINE @extschema@.import_status(bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_status(bigint) TO incident_analyst;

CREATE FUNCTION @extschema@.import_caller_check(caller name)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF caller IS NULL OR NOT (caller OPERATOR(pg_catalog.=) SESSION_USER
                            OR pg_catalog.pg_has_role(SESSION_USER, caller, 'MEMBER')) THEN
    RAISE EXCEPTION 'caller must be the current role, not %', caller USING ERRCODE = '42501';
  END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.import_caller_check(name) IS
  'raise 42501 unless caller is the session user or a role it is a member of (the caller argument of the staging functions)';

REVOKE EXECUTE ON ROUTINE @extschema@.import_caller_check(name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_caller_check(name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_sweep(caller name DEFAULT CURRENT_USER)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  UPDATE @extschema@.imports im SET status = 'interrupted'
   WHERE im.status OPERATOR(pg_catalog.=) 'running'
     AND im.imported_by OPERATOR(pg_catalog.=) caller::text
     AND NOT @extschema@.staged_run_alive(im.import_id);
  DELETE FROM @extschema@.veris_staging s
   WHERE s.import_id IS NULL AND s.staged_by OPERATOR(pg_catalog.=) caller::text
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_activity a
                      WHERE a.pid OPERATOR(pg_catalog.=) s.backend_pid
                        AND a.backend_start OPERATOR(pg_catalog.<=) s.staged_at);
  DELETE FROM @extschema@.incidents_csv_staging s
   WHERE s.import_id IS NULL AND s.staged_by OPERATOR(pg_catalog.=) caller::text
     AND NOT EXISTS (SELECT FROM pg_catalog.pg_stat_activity a
                      WHERE a.pid OPERATOR(pg_catalog.=) s.backend_pid
                        AND a.backend_start OPERATOR(pg_catalog.<=) s.staged_at);
END
$$;
COMMENT ON FUNCTION @extschema@.import_sweep(name) IS
  'housekeeping run at the start of every staged import, resume and abandon: the caller''s runs whose session is gone become interrupted; its staged lines that no run claimed and whose session has ended are deleted';

REVOKE EXECUTE ON ROUTINE @extschema@.import_sweep(name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_sweep(name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_staging_claim(kind text, run bigint, caller name DEFAULT CURRENT_USER)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  pid integer := pg_catalog.pg_backend_pid();
  since timestamptz := (SELECT a.backend_start FROM pg_catalog.pg_stat_activity a
                         WHERE a.pid OPERATOR(pg_catalog.=) pg_catalog.pg_backend_pid());
  first_line bigint;
  first_text text;
  whole jsonb;
  parsed boolean := false;
  n bigint;
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  IF kind OPERATOR(pg_catalog.=) 'csv' THEN
    IF run IS NULL THEN
      RETURN (SELECT pg_catalog.count(*) FROM @extschema@.incidents_csv_staging s
               WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
                 AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since);
    END IF;
    SELECT pg_catalog.min(s.line) INTO first_line FROM @extschema@.incidents_csv_staging s
     WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
       AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
    UPDATE @extschema@.incidents_csv_staging s
       SET import_id = run, position = s.line - first_line + 1
     WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
       AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
  ELSIF kind OPERATOR(pg_catalog.<>) 'veris' THEN
    RAISE EXCEPTION 'import_staging_claim: kind must be veris or csv' USING ERRCODE = '22023';
  END IF;
  IF run IS NULL THEN
    RETURN (SELECT pg_catalog.count(*) FROM @extschema@.veris_staging s
             WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
               AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since
               AND s.doc_text OPERATOR(pg_catalog.!~) '^[[:space:]]*$');
  END IF;
  -- position = line in the file
  SELECT pg_catalog.min(s.line) INTO first_line FROM @extschema@.veris_staging s
   WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
     AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
  UPDATE @extschema@.veris_staging s
     SET position = s.line - first_line + 1
   WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
     AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
  -- a JSON array, or one pretty-printed document, instead of NDJSON?
  SELECT pg_catalog.btrim(s.doc_text, E' \t\r\n') INTO first_text
    FROM @extschema@.veris_staging s
   WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
     AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since
     AND s.doc_text OPERATOR(pg_catalog.!~) '^[[:space:]]*$'
   ORDER BY s.position LIMIT 1;
  IF pg_catalog.left(first_text, 1) OPERATOR(pg_catalog.=) '['
     OR pg_catalog.right(first_text, 1) OPERATOR(pg_catalog.<>) '}' THEN
    BEGIN
      SELECT pg_catalog.string_agg(coalesce(s.doc_text, ''), E'\n' ORDER BY s.position)::jsonb INTO whole
        FROM @extschema@.veris_staging s
       WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
         AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
      parsed := true;
    EXCEPTION WHEN OTHERS THEN
      parsed := false;      -- not one JSON value: take it line by line
    END;
    IF parsed THEN
      DELETE FROM @extschema@.veris_staging s
       WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
         AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
      IF pg_catalog.jsonb_typeof(whole) OPERATOR(pg_catalog.=) 'array' THEN
        INSERT INTO @extschema@.veris_staging (backend_pid, position, doc_text, import_id, staged_by)
        SELECT pid, e.n, e.elem::text, run, caller
          FROM pg_catalog.jsonb_array_elements(whole) WITH ORDINALITY AS e(elem, n);
      ELSE
        INSERT INTO @extschema@.veris_staging (backend_pid, position, doc_text, import_id, staged_by)
        VALUES (pid, 1, whole::text, run, caller);
      END IF;
    END IF;
  END IF;
  UPDATE @extschema@.veris_staging s SET import_id = run
   WHERE s.backend_pid OPERATOR(pg_catalog.=) pid AND s.import_id IS NULL
     AND s.staged_by OPERATOR(pg_catalog.=) caller::text AND s.staged_at OPERATOR(pg_catalog.>=) since;
  RETURN (SELECT pg_catalog.count(*) FROM @extschema@.veris_staging s WHERE s.import_id OPERATOR(pg_catalog.=) run);
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_claim(text, bigint, name) IS
  'the calling session''s unclaimed staged lines (veris or csv, staged since the session began, by the caller): with run NULL, how many there are (VERIS: not blank); else number them by file position (VERIS: a JSON array or one JSON document is split into its records) and claim them for the run; returns the count';

REVOKE EXECUTE ON ROUTINE @extschema@.import_staging_claim(text, bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_staging_claim(text, bigint, name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_staging_veris(run bigint, n integer, caller name DEFAULT CURRENT_USER)
RETURNS TABLE (line bigint, pos bigint, doc_text text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  RETURN QUERY SELECT s.line, s.position, s.doc_text FROM @extschema@.veris_staging s
                WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text
                ORDER BY s.position LIMIT n;
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_veris(bigint, integer, name) IS
  'the next n staged VERIS lines of a run of the caller, in file order';

REVOKE EXECUTE ON ROUTINE @extschema@.import_staging_veris(bigint, integer, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_staging_veris(bigint, integer, name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_staging_csv(run bigint, n integer, caller name DEFAULT CURRENT_USER)
RETURNS SETOF @extschema@.incidents_csv_staging
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  RETURN QUERY SELECT s.* FROM @extschema@.incidents_csv_staging s
                WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text
                ORDER BY s.position LIMIT n;
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_csv(bigint, integer, name) IS
  'the next n staged CSV rows of a run of the caller, in file order';

REVOKE EXECUTE ON ROUTINE @extschema@.import_staging_csv(bigint, integer, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_staging_csv(bigint, integer, name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_staging_delete(kind text, lines bigint[], caller name DEFAULT CURRENT_USER)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  IF kind OPERATOR(pg_catalog.=) 'veris' THEN
    DELETE FROM @extschema@.veris_staging s
     WHERE s.line OPERATOR(pg_catalog.=) ANY (lines) AND s.staged_by OPERATOR(pg_catalog.=) caller::text;
  ELSE
    DELETE FROM @extschema@.incidents_csv_staging s
     WHERE s.line OPERATOR(pg_catalog.=) ANY (lines) AND s.staged_by OPERATOR(pg_catalog.=) caller::text;
  END IF;
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_delete(text, bigint[], name) IS
  'delete the caller''s staged lines (veris or csv) once their batch is imported';

REVOKE EXECUTE ON ROUTINE @extschema@.import_staging_delete(text, bigint[], name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_staging_delete(text, bigint[], name) TO incident_analyst;

CREATE FUNCTION @extschema@.import_staging_left(run bigint, caller name DEFAULT CURRENT_USER)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM @extschema@.import_caller_check(caller);
  RETURN (SELECT pg_catalog.count(*) FROM @extschema@.veris_staging s
           WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text)
       + (SELECT pg_catalog.count(*) FROM @extschema@.incidents_csv_staging s
           WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text);
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_left(bigint, name) IS
  'how many staged lines of a run of the caller are still to import';

REVOKE EXECUTE ON ROUTINE @extschema@.import_staging_left(bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_staging_left(bigint, name) TO incident_analyst;

CREATE PROCEDURE @extschema@.import_resume(import_id bigint,
                                           batch_size integer DEFAULT 1000,
                                           allow_tlp_lowering boolean DEFAULT false,
                                           INOUT loaded bigint DEFAULT NULL,
                                           INOUT updated bigint DEFAULT NULL,
                                           INOUT rejected bigint DEFAULT NULL,
                                           INOUT total bigint DEFAULT NULL)
LANGUAGE plpgsql
AS $$
#variable_conflict use_variable
DECLARE
  run bigint := import_id;
  r record;
  docs text[];
  poss bigint[];
  lines bigint[];
  done bigint[];
  b record;
  row_rec @extschema@.incidents_csv_staging;
  res record;
  mk record;
  msg text;
  det text;
  st text;
  tries integer;
  stopped boolean;
  n_loaded bigint;
  n_updated bigint;
  n_rejected bigint;
  stalls integer := 0;
BEGIN
  -- a procedure that COMMITs cannot have SET search_path: pin it in each transaction
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  IF batch_size IS NULL OR batch_size OPERATOR(pg_catalog.<) 1 THEN
    RAISE EXCEPTION 'invalid batch_size: %', batch_size USING ERRCODE = '22023',
      HINT = 'Give a positive number of records per transaction.';
  END IF;
  PERFORM @extschema@.import_sweep();
  SELECT im.* INTO r FROM @extschema@.imports im WHERE im.import_id OPERATOR(pg_catalog.=) run;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'import_resume: import % does not exist', run USING ERRCODE = '22023';
  ELSIF r.imported_by OPERATOR(pg_catalog.<>) CURRENT_USER::text THEN
    RAISE EXCEPTION 'import_resume: import % was run by %, only that role can resume it', run, r.imported_by
      USING ERRCODE = '42501', HINT = 'An admin can drop it with import_abandon().';
  ELSIF r.status OPERATOR(pg_catalog.=) ANY ('{finished,abandoned}'::text[]) THEN
    RAISE EXCEPTION 'import_resume: import % is already %', run, r.status USING ERRCODE = '55000';
  ELSIF NOT pg_catalog.pg_try_advisory_lock(1769107561, (run OPERATOR(pg_catalog.%) 2147483648)::integer) THEN
    RAISE EXCEPTION 'import_resume: import % is running in another session (pid %)', run, r.backend_pid
      USING ERRCODE = '55P03';
  END IF;
  UPDATE @extschema@.imports im SET status = 'running', backend_pid = pg_catalog.pg_backend_pid(), finished_at = NULL
   WHERE im.import_id OPERATOR(pg_catalog.=) run;
  COMMIT;
  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  LOOP
    n_loaded := 0; n_updated := 0; n_rejected := 0; stopped := false;
    IF r.kind OPERATOR(pg_catalog.=) 'veris' THEN
      SELECT pg_catalog.array_agg(q.doc_text ORDER BY q.pos), pg_catalog.array_agg(q.pos ORDER BY q.pos),
             pg_catalog.array_agg(q.line ORDER BY q.pos)
        INTO docs, poss, lines
        FROM @extschema@.import_staging_veris(run, batch_size) q;
      EXIT WHEN lines IS NULL;
      b := @extschema@.import_veris_docs(docs, r.source, poss, run, true);
      n_loaded := b.loaded; n_updated := b.updated; n_rejected := b.rejected;
      IF b.stopped_at IS NOT NULL THEN
        stopped := true;
        lines := lines[1:b.stopped_at - 1];
      END IF;
      PERFORM @extschema@.import_staging_delete('veris', lines);
      done := lines;
    ELSE
      done := '{}';
      FOR row_rec IN SELECT * FROM @extschema@.import_staging_csv(run, batch_size) LOOP
        tries := 0;
        LOOP
          BEGIN
            res := @extschema@.import_incidents_csv_row(row_rec, r.source, allow_tlp_lowering);
            IF res.inserted THEN n_loaded := n_loaded + 1; ELSE n_updated := n_updated + 1; END IF;
            EXIT;
          EXCEPTION
            WHEN serialization_failure OR deadlock_detected THEN
              tries := tries + 1;
              IF tries OPERATOR(pg_catalog.>=) 3 THEN
                stopped := true;
                EXIT;
              END IF;
              PERFORM pg_catalog.pg_sleep(0.02 * tries);
            WHEN OTHERS THEN
              GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, st = RETURNED_SQLSTATE;
              mk := @extschema@.import_csv_marking(row_rec, r.source);
              INSERT INTO @extschema@.import_rejects (import_id, source, position, raw_text, reason, sqlstate,
                                                      tlp, reported_by, shared_with)
              VALUES (run, r.source, row_rec.position, @extschema@.csv_row_text(row_rec),
                      msg || CASE WHEN det IS NOT NULL AND det OPERATOR(pg_catalog.<>) '' THEN ' (' || det || ')' ELSE '' END,
                      st, mk.tlp, mk.reported_by, mk.shared_with);
              n_rejected := n_rejected + 1;
              EXIT;
          END;
        END LOOP;
        EXIT WHEN stopped;
        done := done || row_rec.line;
      END LOOP;
      EXIT WHEN NOT stopped AND pg_catalog.cardinality(done) OPERATOR(pg_catalog.=) 0;
      PERFORM @extschema@.import_staging_delete('csv', done);
    END IF;
    UPDATE @extschema@.imports im
       SET loaded = im.loaded + n_loaded, updated = im.updated + n_updated, rejected = im.rejected + n_rejected
     WHERE im.import_id OPERATOR(pg_catalog.=) run;
    -- a conflict with a concurrent import: COMMIT what is done (releasing our
    -- locks lets the other session go on), then start again from that record
    IF stopped AND coalesce(pg_catalog.cardinality(done), 0) OPERATOR(pg_catalog.=) 0 THEN
      stalls := stalls + 1;
      IF stalls OPERATOR(pg_catalog.>) 20 THEN
        RAISE EXCEPTION 'import %: a record keeps failing with a deadlock or serialization failure', run
          USING ERRCODE = '40P01', HINT = pg_catalog.format('Nothing was rejected for it; CALL import_resume(%s) to go on.', run);
      END IF;
    ELSE
      stalls := 0;
    END IF;
    COMMIT;
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
  END LOOP;
  UPDATE @extschema@.imports im SET status = 'finished', finished_at = pg_catalog.clock_timestamp()
   WHERE im.import_id OPERATOR(pg_catalog.=) run
  RETURNING im.loaded, im.updated, im.rejected, im.total INTO loaded, updated, rejected, total;
  COMMIT;
  PERFORM @extschema@.import_run_unlock(run);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) IS
  'process the staged lines of an import run, committing every batch_size records, until none is left; resumes an interrupted run from any session of the role that staged it (CALL outside a transaction block); 55P03 while another session works on the run; allow_tlp_lowering as for import_incidents_csv_row; returns the run''s totals';

REVOKE EXECUTE ON ROUTINE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) TO incident_analyst;

CREATE FUNCTION @extschema@.import_abandon(import_id bigint, caller name DEFAULT CURRENT_USER)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
  run bigint := import_id;
  r record;
  n1 bigint;
  n2 bigint;
BEGIN
  IF caller IS NULL OR NOT (caller OPERATOR(pg_catalog.=) SESSION_USER
                            OR pg_catalog.pg_has_role(SESSION_USER, caller, 'MEMBER')) THEN
    RAISE EXCEPTION 'import_abandon: caller must be the current role' USING ERRCODE = '42501';
  END IF;
  SELECT im.* INTO r FROM @extschema@.imports im WHERE im.import_id OPERATOR(pg_catalog.=) run FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'import_abandon: import % does not exist', run USING ERRCODE = '22023';
  ELSIF r.imported_by OPERATOR(pg_catalog.<>) caller::text AND NOT @extschema@.tlp_is_admin(caller) THEN
    RAISE EXCEPTION 'import_abandon: import % was run by %', run, r.imported_by
      USING ERRCODE = '42501', HINT = 'Only that role or an incident_admin can abandon it.';
  ELSIF r.status OPERATOR(pg_catalog.=) ANY ('{finished,abandoned}'::text[]) THEN
    RAISE EXCEPTION 'import_abandon: import % is already %', run, r.status USING ERRCODE = '55000';
  ELSIF @extschema@.staged_run_alive(run) THEN
    RAISE EXCEPTION 'import_abandon: import % is running in session %', run, r.backend_pid
      USING ERRCODE = '55006', HINT = 'Cancel that session''s CALL first (pg_cancel_backend).';
  END IF;
  DELETE FROM @extschema@.veris_staging s WHERE s.import_id OPERATOR(pg_catalog.=) run;
  GET DIAGNOSTICS n1 = ROW_COUNT;
  DELETE FROM @extschema@.incidents_csv_staging s WHERE s.import_id OPERATOR(pg_catalog.=) run;
  GET DIAGNOSTICS n2 = ROW_COUNT;
  UPDATE @extschema@.imports im SET status = 'abandoned' WHERE im.import_id OPERATOR(pg_catalog.=) run;
  -- a lock this session kept from a failed CALL of the same run
  PERFORM @extschema@.import_run_unlock(run);
  RETURN n1 + n2;
END
$$;
COMMENT ON FUNCTION @extschema@.import_abandon(bigint, name) IS
  'give up an interrupted import run (by the role that ran it, or an incident_admin): its staged lines are deleted, status becomes abandoned; what was committed stays; returns the number of staged lines dropped; 55006 while a session works on it';

REVOKE EXECUTE ON ROUTINE @extschema@.import_abandon(bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_abandon(bigint, name) TO incident_analyst;

CREATE OR REPLACE PROCEDURE @extschema@.import_veris_staged(batch_size integer DEFAULT 1000,
                                                 source text DEFAULT 'vcdb',
                                                 filename text DEFAULT NULL,
                                                 INOUT import_id bigint DEFAULT NULL,
                                                 INOUT loaded bigint DEFAULT NULL,
                                                 INOUT updated bigint DEFAULT NULL,
                                                 INOUT rejected bigint DEFAULT NULL,
                                                 INOUT total bigint DEFAULT NULL)
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
  IF @extschema@.import_staging_claim('veris', NULL) OPERATOR(pg_catalog.=) 0 AND import_id IS NULL THEN
    RETURN;
  END IF;
  IF import_id IS NULL THEN
    INSERT INTO @extschema@.imports (kind, source, filename, reported_by, backend_pid)
    VALUES ('veris', source, filename, @extschema@.current_org(), pid)
    RETURNING imports.import_id INTO import_id;
  ELSIF NOT EXISTS (SELECT FROM @extschema@.imports im
                     WHERE im.import_id OPERATOR(pg_catalog.=) import_veris_staged.import_id
                       AND im.kind OPERATOR(pg_catalog.=) 'veris') THEN
    RAISE EXCEPTION 'import_veris_staged: import % does not exist or is not a VERIS import', import_id
      USING ERRCODE = '22023';
  END IF;
  -- hold the run from now on (released when it ends; a dead session releases it too)
  IF NOT pg_catalog.pg_try_advisory_lock(1769107561, (import_id OPERATOR(pg_catalog.%) 2147483648)::integer) THEN
    RAISE EXCEPTION 'import_veris_staged: import % is running in another session', import_id USING ERRCODE = '55P03';
  END IF;
  PERFORM @extschema@.import_staging_claim('veris', import_id);
  COMMIT;
  CALL @extschema@.import_resume(import_id, batch_size, false, loaded, updated, rejected, total);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_veris_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint) IS
  'import the VERIS lines this session put into veris_staging (NDJSON, a JSON array, or one JSON document), committing every batch_size records; call with CALL outside a transaction block; an interrupted run is finished with CALL import_resume(import_id) from any session of the same role; returns import_id, loaded, updated, rejected, total';

CREATE OR REPLACE FUNCTION @extschema@.import_veris_file(path text, source text DEFAULT 'vcdb')
RETURNS TABLE (import_id bigint, loaded bigint, updated bigint, rejected bigint, total bigint)
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  content text;
  whole jsonb;
  docs text[];
  run bigint;
BEGIN
  IF pg_catalog.btrim(path, E' \t\r\n') = '' THEN
    RAISE EXCEPTION 'import_veris_file: path is empty' USING ERRCODE = '22023';
  ELSIF pg_catalog.octet_length(path) > 1023 THEN
    RAISE EXCEPTION 'import_veris_file: path is too long (% bytes, at most 1023)', pg_catalog.octet_length(path)
      USING ERRCODE = '22023';
  END IF;
  content := pg_catalog.replace(pg_catalog.pg_read_file(path), E'\r\n', E'\n');
  IF pg_catalog.ltrim(content, E' \t\r\n') ~ '^\[' THEN
    BEGIN
      whole := content::jsonb;
    EXCEPTION WHEN OTHERS THEN
      whole := NULL;
    END;
  END IF;
  IF pg_catalog.jsonb_typeof(whole) = 'array' THEN
    docs := ARRAY(SELECT e::text FROM pg_catalog.jsonb_array_elements(whole) e);
  ELSE
    docs := pg_catalog.string_to_array(content, E'\n');
  END IF;
  INSERT INTO @extschema@.imports (kind, source, filename, reported_by, backend_pid)
  VALUES ('veris', source, path, @extschema@.current_org(), pg_catalog.pg_backend_pid())
  RETURNING imports.import_id INTO run;
  RETURN QUERY SELECT * FROM @extschema@.import_veris_batch(docs, source, NULL, run);
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_file(text, text) IS
  'import a server-side NDJSON or JSON-array VERIS file (pg_read_file: superuser or pg_read_server_files) in the current transaction, one subtransaction per record; returns import_id, loaded, updated, rejected, total';

CREATE FUNCTION @extschema@.csv_row_text(r @extschema@.incidents_csv_staging)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT coalesce(pg_catalog.jsonb_object_agg(e.key, e.value), '{}'::jsonb)::text
    FROM pg_catalog.jsonb_each(pg_catalog.to_jsonb(r) OPERATOR(pg_catalog.-)
                               '{line,backend_pid,position,import_id,staged_by,staged_at}'::text[]) e
   WHERE e.value OPERATOR(pg_catalog.<>) '"\u0001"'::jsonb;
END;
COMMENT ON FUNCTION @extschema@.csv_row_text(@extschema@.incidents_csv_staging) IS
  'a staged CSV row as JSON text of the columns the file has (the raw_text of a reject)';

GRANT EXECUTE ON ROUTINE @extschema@.csv_row_text(@extschema@.incidents_csv_staging) TO incident_reader;

CREATE FUNCTION @extschema@.import_csv_marking(r @extschema@.incidents_csv_staging, default_source text,
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
COMMENT ON FUNCTION @extschema@.import_csv_marking(@extschema@.incidents_csv_staging, text) IS
  'marking of a rejected CSV row: its tlp (default amber) raised to that of the incident it would update, its reported_by (default the importer''s organisation), its shared_with (default that of the incident when the same organisation reports it); all NULL when the tlp cell is unreadable or reported_by names an organisation the caller does not act for';

REVOKE EXECUTE ON ROUTINE @extschema@.import_csv_marking(@extschema@.incidents_csv_staging, text) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_csv_marking(@extschema@.incidents_csv_staging, text) TO incident_analyst;

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

REVOKE EXECUTE ON ROUTINE @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text, boolean) TO incident_analyst;

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
  IF @extschema@.import_staging_claim('csv', NULL) OPERATOR(pg_catalog.=) 0 AND import_id IS NULL THEN
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
  PERFORM @extschema@.import_staging_claim('csv', import_id);
  COMMIT;
  CALL @extschema@.import_resume(import_id, batch_size, allow_tlp_lowering, loaded, updated, rejected, total);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) IS
  'import the CSV rows this session put into incidents_csv_staging, one subtransaction per row, committing every batch_size rows; bad rows go to import_rejects (position = data line, 1 = first line after the header); a re-import changes only the columns the file has (see import_incidents_csv_row; allow_tlp_lowering to lower a TLP); call with CALL outside a transaction block; an interrupted run is finished with CALL import_resume(import_id, allow_tlp_lowering => ...); returns import_id, loaded, updated, rejected, total';

REVOKE EXECUTE ON ROUTINE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) TO incident_analyst;

CREATE FUNCTION @extschema@.marking_visible(level @extschema@.tlp, reported_by text, shared_with text[],
                                            importer text DEFAULT NULL)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF importer OPERATOR(pg_catalog.=) CURRENT_USER::text OR @extschema@.tlp_is_admin() THEN
    RETURN true;
  ELSIF level IS NULL THEN
    RETURN false;                       -- undetermined: importer and admins only
  END IF;
  RETURN coalesce(
       level OPERATOR(pg_catalog.=) 'clear'::@extschema@.tlp
    OR reported_by OPERATOR(pg_catalog.=) ANY (@extschema@.visible_orgs('amber+strict'))
    OR (level OPERATOR(pg_catalog.=) 'green'::@extschema@.tlp
        AND reported_by OPERATOR(pg_catalog.=) ANY (@extschema@.visible_orgs('green')))
    OR (level OPERATOR(pg_catalog.=) 'amber'::@extschema@.tlp
        AND shared_with OPERATOR(pg_catalog.&&) @extschema@.visible_orgs('amber'))
    OR (level OPERATOR(pg_catalog.=) 'amber+strict'::@extschema@.tlp
        AND shared_with OPERATOR(pg_catalog.&&) @extschema@.visible_orgs('amber+strict'))
    OR (level OPERATOR(pg_catalog.=) 'red'::@extschema@.tlp
        AND shared_with OPERATOR(pg_catalog.&&) @extschema@.visible_orgs('red')),
    false);
END
$$;
COMMENT ON FUNCTION @extschema@.marking_visible(@extschema@.tlp, text, text[], text) IS
  'whether the current user may read something marked (level, reported_by, shared_with) by the incidents TLP rule; always for the importer role and incident_admin members; never for anybody else when level is NULL';

GRANT EXECUTE ON ROUTINE @extschema@.marking_visible(@extschema@.tlp, text, text[], text) TO incident_reader;

CREATE FUNCTION @extschema@.marking_admin()
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN @extschema@.tlp_is_admin();
END
$$;
COMMENT ON FUNCTION @extschema@.marking_admin() IS 'tlp_is_admin() of the current user, for the import log policies';

GRANT EXECUTE ON ROUTINE @extschema@.marking_admin() TO incident_reader;


-- Privileges, in the order a fresh install grants them (analyst from the
-- import fragment, then reader and admin from the security fragment, which
-- takes them back on the staging tables)
REVOKE ALL ON @extschema@.imports, @extschema@.import_rejects, @extschema@.veris_staging,
              @extschema@.incidents_csv_staging FROM incident_reader, incident_admin;
GRANT INSERT ON @extschema@.veris_staging, @extschema@.incidents_csv_staging TO incident_analyst;
GRANT INSERT, UPDATE ON @extschema@.imports TO incident_analyst;
GRANT INSERT ON @extschema@.import_rejects TO incident_analyst;
GRANT SELECT ON @extschema@.imports, @extschema@.import_rejects TO incident_reader;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON @extschema@.imports, @extschema@.import_rejects TO incident_admin;

ALTER TABLE @extschema@.imports ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.import_rejects ENABLE ROW LEVEL SECURITY;

CREATE POLICY imports_read ON @extschema@.imports FOR SELECT
  USING (@extschema@.marking_visible('amber+strict'::@extschema@.tlp, reported_by, NULL::text[], imported_by));
COMMENT ON POLICY imports_read ON @extschema@.imports IS
  'a run is seen by the role that ran it, by the members of the organisation it ran for, and by admins';
CREATE POLICY imports_own_insert ON @extschema@.imports FOR INSERT
  WITH CHECK (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text);
COMMENT ON POLICY imports_own_insert ON @extschema@.imports IS 'a run is logged under the role that runs it';
CREATE POLICY imports_own_update ON @extschema@.imports FOR UPDATE
  USING (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text OR @extschema@.marking_admin())
  WITH CHECK (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text OR @extschema@.marking_admin());
COMMENT ON POLICY imports_own_update ON @extschema@.imports IS 'only the role that ran it (or an admin) updates a run';
CREATE POLICY imports_admin_delete ON @extschema@.imports FOR DELETE USING (@extschema@.marking_admin());
COMMENT ON POLICY imports_admin_delete ON @extschema@.imports IS 'admins may delete runs (with their rejects)';

CREATE POLICY import_rejects_read ON @extschema@.import_rejects FOR SELECT
  USING (@extschema@.marking_visible(tlp, reported_by, shared_with, imported_by));
COMMENT ON POLICY import_rejects_read ON @extschema@.import_rejects IS
  'a reject is seen by whoever may see the record it came from (its tlp, reported_by, shared_with, by the incidents rule), by the role that ran the import, and by admins; one whose TLP is undetermined only by the latter two';
CREATE POLICY import_rejects_own_insert ON @extschema@.import_rejects FOR INSERT
  WITH CHECK (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text
              AND EXISTS (SELECT FROM @extschema@.imports im
                           WHERE im.import_id OPERATOR(pg_catalog.=) import_rejects.import_id
                             AND im.imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text));
COMMENT ON POLICY import_rejects_own_insert ON @extschema@.import_rejects IS
  'rejects are written by the role that runs the import, into its own run';
CREATE POLICY import_rejects_admin ON @extschema@.import_rejects FOR UPDATE
  USING (@extschema@.marking_admin()) WITH CHECK (@extschema@.marking_admin());
COMMENT ON POLICY import_rejects_admin ON @extschema@.import_rejects IS 'only admins change rejects';
CREATE POLICY import_rejects_admin_delete ON @extschema@.import_rejects FOR DELETE USING (@extschema@.marking_admin());
COMMENT ON POLICY import_rejects_admin_delete ON @extschema@.import_rejects IS 'only admins delete rejects';

-- Lines are staged under the role and session that insert them: no role can
-- stage in another's name or into a run (only the staging functions, running
-- as the owner, set import_id).
CREATE FUNCTION @extschema@.import_staging_guard()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF NOT pg_catalog.pg_has_role(CURRENT_USER,
           (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid OPERATOR(pg_catalog.=) TG_RELID), 'USAGE') THEN
    IF NEW.staged_by IS DISTINCT FROM CURRENT_USER::text THEN
      RAISE EXCEPTION 'cannot stage import lines for %: staged_by must be %', NEW.staged_by, CURRENT_USER
        USING ERRCODE = '42501';
    END IF;
    NEW.backend_pid := pg_catalog.pg_backend_pid();
    NEW.import_id := NULL;
    NEW.position := NULL;
    NEW.staged_at := pg_catalog.clock_timestamp();
  END IF;
  RETURN NEW;
END
$$;
COMMENT ON FUNCTION @extschema@.import_staging_guard() IS
  'BEFORE INSERT trigger of the staging tables: a line belongs to the role (staged_by must be the current user) and the session that stages it, and to no run yet';
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.veris_staging
  FOR EACH ROW EXECUTE FUNCTION @extschema@.import_staging_guard();
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.incidents_csv_staging
  FOR EACH ROW EXECUTE FUNCTION @extschema@.import_staging_guard();
REVOKE EXECUTE ON FUNCTION @extschema@.import_staging_guard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.import_staging_guard() TO incident_analyst;
