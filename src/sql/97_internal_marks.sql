-- Helpers of the import and access-control machinery that users do not call
-- directly: their comments start with "internal:", as every internal object's
-- does, so docs/reference.md (checked by test/scripts/02_docs_reference.sh)
-- and \df+ tell the public API apart.  Runs after the fragments that define
-- them, in a fresh install and in the upgrade alike.
DO $internal$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT p.oid, pg_catalog.obj_description(p.oid, 'pg_proc') AS c
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace OPERATOR(pg_catalog.=) 'incident_analytics_internal'::pg_catalog.regnamespace
       AND p.proname OPERATOR(pg_catalog.=) ANY (ARRAY[
             'csv_row_text', 'import_caller_check', 'import_csv_marking', 'import_run_unlock',
             'import_staging_claim', 'import_staging_csv', 'import_staging_delete', 'import_staging_guard',
             'import_staging_left', 'import_staging_veris', 'import_veris_docs', 'import_veris_marking',
             'jsonb_merge', 'marking_admin', 'marking_visible', 'org_members_bind', 'staged_run_alive',
             'veris_get_date_part', 'veris_value_text']::name[])
       AND pg_catalog.obj_description(p.oid, 'pg_proc') OPERATOR(pg_catalog.!~) '^internal:'
  LOOP
    EXECUTE pg_catalog.format('COMMENT ON FUNCTION %s IS %L', f.oid::pg_catalog.regprocedure, 'internal: ' || f.c);
  END LOOP;
END
$internal$;
