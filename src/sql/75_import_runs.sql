-- Bulk and staged imports: import_veris_batch, the import runs (liveness,
-- status, sweep, resume, abandon), the staged lines of a session (claim, read,
-- delete) shared by the VERIS and CSV paths, import_veris_staged and
-- import_veris_file.

-- ---------------------------------------------------------------------------
-- Bulk VERIS
-- ---------------------------------------------------------------------------
-- Who may read a reject: the marking (tlp, reported_by, shared_with) the
-- record would have had.  A VERIS document gets the TLP of its source (vcdb:
-- clear, else amber), raised to that of the incident it would update, and the
-- importer's organisation; shared_with only from an incident of that same
-- organisation.  Text that is not a JSON object: NULL (importer and admins only).
CREATE FUNCTION incident_analytics_internal.import_veris_marking(doc_text text, source text,
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
COMMENT ON FUNCTION incident_analytics_internal.import_veris_marking(text, text) IS
  'marking of a rejected VERIS record: the source''s TLP (vcdb clear, else amber) raised to that of the incident it would update, reported_by = the importer''s organisation, shared_with of that incident when it is the same organisation''s; all NULL when the text is not a JSON object';

CREATE FUNCTION incident_analytics_internal.import_veris_docs(docs text[], source text, positions bigint[], run bigint,
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
          mk := incident_analytics_internal.import_veris_marking(txt, source);
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
COMMENT ON FUNCTION incident_analytics_internal.import_veris_docs(text[], text, bigint[], bigint, boolean) IS
  'worker of the bulk paths: each document in its own subtransaction; bad input goes to import_rejects (with the marking of import_veris_marking); a serialization failure or deadlock (40001, 40P01) is retried twice, then either stops the batch (stop_on_conflict: stopped_at = the index to start again from, after a COMMIT) or is raised';

CREATE FUNCTION @extschema@.import_veris_batch(docs text[], source text DEFAULT 'vcdb',
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
  b := incident_analytics_internal.import_veris_docs(docs, source, positions, run, false);
  left_over := incident_analytics_internal.import_staging_left(run) OPERATOR(pg_catalog.>) 0;
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

-- Liveness of a run: the session working on it holds a session-level
-- advisory lock (1769107561, import_id mod 2^31) until the run ends.
CREATE FUNCTION incident_analytics_internal.staged_run_alive(run bigint)
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
COMMENT ON FUNCTION incident_analytics_internal.staged_run_alive(bigint) IS
  'true while another session works on the import run (it holds the run''s advisory lock); a lock left in the calling session by a failed CALL does not count';

CREATE FUNCTION incident_analytics_internal.import_run_unlock(run bigint)
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
COMMENT ON FUNCTION incident_analytics_internal.import_run_unlock(bigint) IS
  'release every hold this session has on the run''s advisory lock';

CREATE FUNCTION @extschema@.import_status(import_id bigint)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN im.status OPERATOR(pg_catalog.=) 'running' AND NOT incident_analytics_internal.staged_run_alive(im.import_id)
              THEN 'interrupted' ELSE im.status END
    FROM @extschema@.imports im
   WHERE im.import_id OPERATOR(pg_catalog.=) import_status.import_id;
END;
COMMENT ON FUNCTION @extschema@.import_status(bigint) IS
  'status of an import run as it is now: running (a live session works on it), interrupted (its session ended before it finished: CALL import_resume(id) or SELECT import_abandon(id)), finished or abandoned; NULL for a run the caller may not see';

-- The staged lines are read and changed only through the SECURITY DEFINER
-- functions below, each limited to the lines its caller staged: COPY FROM
-- (\copy) refuses tables with row-level security, so the staging tables have
-- none; analysts may only INSERT into them, nobody else may read them.
CREATE FUNCTION incident_analytics_internal.import_caller_check(caller name)
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
COMMENT ON FUNCTION incident_analytics_internal.import_caller_check(name) IS
  'raise 42501 unless caller is the session user or a role it is a member of (the caller argument of the staging functions)';

-- Mark the caller's dead runs interrupted, drop its unclaimed staged lines of
-- sessions that have ended.
CREATE FUNCTION @extschema@.import_sweep(caller name DEFAULT CURRENT_USER)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM incident_analytics_internal.import_caller_check(caller);
  UPDATE @extschema@.imports im SET status = 'interrupted'
   WHERE im.status OPERATOR(pg_catalog.=) 'running'
     AND im.imported_by OPERATOR(pg_catalog.=) caller::text
     AND NOT incident_analytics_internal.staged_run_alive(im.import_id);
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

-- This session's unclaimed lines of a kind (veris or csv), staged since the
-- session began: with run NULL, how many (VERIS: not blank); else number them
-- (VERIS: split a JSON array or one pretty-printed document into records) and
-- give them to the run.
CREATE FUNCTION incident_analytics_internal.import_staging_claim(kind text, run bigint, caller name DEFAULT CURRENT_USER)
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
  PERFORM incident_analytics_internal.import_caller_check(caller);
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
COMMENT ON FUNCTION incident_analytics_internal.import_staging_claim(text, bigint, name) IS
  'the calling session''s unclaimed staged lines (veris or csv, staged since the session began, by the caller): with run NULL, how many there are (VERIS: not blank); else number them by file position (VERIS: a JSON array or one JSON document is split into its records) and claim them for the run; returns the count';

CREATE FUNCTION incident_analytics_internal.import_staging_veris(run bigint, n integer, caller name DEFAULT CURRENT_USER)
RETURNS TABLE (line bigint, pos bigint, doc_text text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
  PERFORM incident_analytics_internal.import_caller_check(caller);
  RETURN QUERY SELECT s.line, s.position, s.doc_text FROM @extschema@.veris_staging s
                WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text
                ORDER BY s.position LIMIT n;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_staging_veris(bigint, integer, name) IS
  'the next n staged VERIS lines of a run of the caller, in file order';

CREATE FUNCTION incident_analytics_internal.import_staging_csv(run bigint, n integer, caller name DEFAULT CURRENT_USER)
RETURNS SETOF @extschema@.incidents_csv_staging
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM incident_analytics_internal.import_caller_check(caller);
  RETURN QUERY SELECT s.* FROM @extschema@.incidents_csv_staging s
                WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text
                ORDER BY s.position LIMIT n;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_staging_csv(bigint, integer, name) IS
  'the next n staged CSV rows of a run of the caller, in file order';

CREATE FUNCTION incident_analytics_internal.import_staging_delete(kind text, lines bigint[], caller name DEFAULT CURRENT_USER)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM incident_analytics_internal.import_caller_check(caller);
  IF kind OPERATOR(pg_catalog.=) 'veris' THEN
    DELETE FROM @extschema@.veris_staging s
     WHERE s.line OPERATOR(pg_catalog.=) ANY (lines) AND s.staged_by OPERATOR(pg_catalog.=) caller::text;
  ELSE
    DELETE FROM @extschema@.incidents_csv_staging s
     WHERE s.line OPERATOR(pg_catalog.=) ANY (lines) AND s.staged_by OPERATOR(pg_catalog.=) caller::text;
  END IF;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_staging_delete(text, bigint[], name) IS
  'delete the caller''s staged lines (veris or csv) once their batch is imported';

CREATE FUNCTION incident_analytics_internal.import_staging_left(run bigint, caller name DEFAULT CURRENT_USER)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  PERFORM incident_analytics_internal.import_caller_check(caller);
  RETURN (SELECT pg_catalog.count(*) FROM @extschema@.veris_staging s
           WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text)
       + (SELECT pg_catalog.count(*) FROM @extschema@.incidents_csv_staging s
           WHERE s.import_id OPERATOR(pg_catalog.=) run AND s.staged_by OPERATOR(pg_catalog.=) caller::text);
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.import_staging_left(bigint, name) IS
  'how many staged lines of a run of the caller are still to import';

-- The batch loop of a staged run: used by import_veris_staged and
-- import_incidents_csv_staged, and to resume an interrupted run from any
-- session of the role that staged it.
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
        FROM incident_analytics_internal.import_staging_veris(run, batch_size) q;
      EXIT WHEN lines IS NULL;
      b := incident_analytics_internal.import_veris_docs(docs, r.source, poss, run, true);
      n_loaded := b.loaded; n_updated := b.updated; n_rejected := b.rejected;
      IF b.stopped_at IS NOT NULL THEN
        stopped := true;
        lines := lines[1:b.stopped_at - 1];
      END IF;
      PERFORM incident_analytics_internal.import_staging_delete('veris', lines);
      done := lines;
    ELSE
      done := '{}';
      FOR row_rec IN SELECT * FROM incident_analytics_internal.import_staging_csv(run, batch_size) LOOP
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
              mk := incident_analytics_internal.import_csv_marking(row_rec, r.source);
              INSERT INTO @extschema@.import_rejects (import_id, source, position, raw_text, reason, sqlstate,
                                                      tlp, reported_by, shared_with)
              VALUES (run, r.source, row_rec.position, incident_analytics_internal.csv_row_text(row_rec),
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
      PERFORM incident_analytics_internal.import_staging_delete('csv', done);
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
  PERFORM incident_analytics_internal.import_run_unlock(run);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) IS
  'process the staged lines of an import run, committing every batch_size records, until none is left; resumes an interrupted run from any session of the role that staged it (CALL outside a transaction block); 55P03 while another session works on the run; allow_tlp_lowering as for import_incidents_csv_row; returns the run''s totals';

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
  ELSIF incident_analytics_internal.staged_run_alive(run) THEN
    RAISE EXCEPTION 'import_abandon: import % is running in session %', run, r.backend_pid
      USING ERRCODE = '55006', HINT = 'Cancel that session''s CALL first (pg_cancel_backend).';
  END IF;
  DELETE FROM @extschema@.veris_staging s WHERE s.import_id OPERATOR(pg_catalog.=) run;
  GET DIAGNOSTICS n1 = ROW_COUNT;
  DELETE FROM @extschema@.incidents_csv_staging s WHERE s.import_id OPERATOR(pg_catalog.=) run;
  GET DIAGNOSTICS n2 = ROW_COUNT;
  UPDATE @extschema@.imports im SET status = 'abandoned' WHERE im.import_id OPERATOR(pg_catalog.=) run;
  -- a lock this session kept from a failed CALL of the same run
  PERFORM incident_analytics_internal.import_run_unlock(run);
  RETURN n1 + n2;
END
$$;
COMMENT ON FUNCTION @extschema@.import_abandon(bigint, name) IS
  'give up an interrupted import run (by the role that ran it, or an incident_admin): its staged lines are deleted, status becomes abandoned; what was committed stays; returns the number of staged lines dropped; 55006 while a session works on it';

CREATE PROCEDURE @extschema@.import_veris_staged(batch_size integer DEFAULT 1000,
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
  IF incident_analytics_internal.import_staging_claim('veris', NULL) OPERATOR(pg_catalog.=) 0 AND import_id IS NULL THEN
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
  PERFORM incident_analytics_internal.import_staging_claim('veris', import_id);
  COMMIT;
  CALL @extschema@.import_resume(import_id, batch_size, false, loaded, updated, rejected, total);
END
$$;
COMMENT ON PROCEDURE @extschema@.import_veris_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint) IS
  'import the VERIS lines this session put into veris_staging (NDJSON, a JSON array, or one JSON document), committing every batch_size records; call with CALL outside a transaction block; an interrupted run is finished with CALL import_resume(import_id) from any session of the same role; returns import_id, loaded, updated, rejected, total';

CREATE FUNCTION @extschema@.import_veris_file(path text, source text DEFAULT 'vcdb')
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
REVOKE ALL ON FUNCTION @extschema@.import_veris_file(text, text) FROM PUBLIC;
