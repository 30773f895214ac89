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
