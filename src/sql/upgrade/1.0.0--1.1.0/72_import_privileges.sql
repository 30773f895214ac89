-- 1.0.0 -> 1.1.0, import: privileges of the functions of 71_import.replace (as the
-- install fragment grants them), then the import tables' privileges, policies and
-- the staging guard.
GRANT EXECUTE ON ROUTINE incident_analytics_internal.veris_value_text(jsonb) TO incident_reader;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.veris_get_date_part(jsonb, text[], integer) TO incident_reader;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.jsonb_merge(jsonb, jsonb) TO incident_reader;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_veris_marking(text, text) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_veris_marking(text, text) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_veris_docs(text[], text, bigint[], bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_veris_docs(text[], text, bigint[], bigint, boolean) TO incident_analyst;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.staged_run_alive(bigint) TO incident_reader;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_run_unlock(bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_run_unlock(bigint) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_status(bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_status(bigint) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_caller_check(name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_caller_check(name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_sweep(name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_sweep(name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_staging_claim(text, bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_staging_claim(text, bigint, name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_staging_veris(bigint, integer, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_staging_veris(bigint, integer, name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_staging_csv(bigint, integer, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_staging_csv(bigint, integer, name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_staging_delete(text, bigint[], name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_staging_delete(text, bigint[], name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_staging_left(bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_staging_left(bigint, name) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_resume(bigint, integer, boolean, bigint, bigint, bigint, bigint) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_abandon(bigint, name) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_abandon(bigint, name) TO incident_analyst;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.csv_row_text(@extschema@.incidents_csv_staging) TO incident_reader;
REVOKE EXECUTE ON ROUTINE incident_analytics_internal.import_csv_marking(@extschema@.incidents_csv_staging, text) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.import_csv_marking(@extschema@.incidents_csv_staging, text) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_incidents_csv_row(@extschema@.incidents_csv_staging, text, boolean) TO incident_analyst;
REVOKE EXECUTE ON ROUTINE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) FROM PUBLIC;
GRANT EXECUTE ON ROUTINE @extschema@.import_incidents_csv_staged(integer, text, text, bigint, bigint, bigint, bigint, bigint, boolean) TO incident_analyst;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.marking_visible(@extschema@.tlp, text, text[], text) TO incident_reader;
GRANT EXECUTE ON ROUTINE incident_analytics_internal.marking_admin() TO incident_reader;


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
  USING (incident_analytics_internal.marking_visible('amber+strict'::@extschema@.tlp, reported_by, NULL::text[], imported_by));
COMMENT ON POLICY imports_read ON @extschema@.imports IS
  'a run is seen by the role that ran it, by the members of the organisation it ran for, and by admins';
CREATE POLICY imports_own_insert ON @extschema@.imports FOR INSERT
  WITH CHECK (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text);
COMMENT ON POLICY imports_own_insert ON @extschema@.imports IS 'a run is logged under the role that runs it';
CREATE POLICY imports_own_update ON @extschema@.imports FOR UPDATE
  USING (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text OR incident_analytics_internal.marking_admin())
  WITH CHECK (imported_by OPERATOR(pg_catalog.=) CURRENT_USER::text OR incident_analytics_internal.marking_admin());
COMMENT ON POLICY imports_own_update ON @extschema@.imports IS 'only the role that ran it (or an admin) updates a run';
CREATE POLICY imports_admin_delete ON @extschema@.imports FOR DELETE USING (incident_analytics_internal.marking_admin());
COMMENT ON POLICY imports_admin_delete ON @extschema@.imports IS 'admins may delete runs (with their rejects)';

CREATE POLICY import_rejects_read ON @extschema@.import_rejects FOR SELECT
  USING (incident_analytics_internal.marking_visible(tlp, reported_by, shared_with, imported_by));
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
  USING (incident_analytics_internal.marking_admin()) WITH CHECK (incident_analytics_internal.marking_admin());
COMMENT ON POLICY import_rejects_admin ON @extschema@.import_rejects IS 'only admins change rejects';
CREATE POLICY import_rejects_admin_delete ON @extschema@.import_rejects FOR DELETE USING (incident_analytics_internal.marking_admin());
COMMENT ON POLICY import_rejects_admin_delete ON @extschema@.import_rejects IS 'only admins delete rejects';

-- Lines are staged under the role and session that insert them: no role can
-- stage in another's name or into a run (only the staging functions, running
-- as the owner, set import_id).
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.veris_staging
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.import_staging_guard();
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.incidents_csv_staging
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.import_staging_guard();
REVOKE EXECUTE ON FUNCTION incident_analytics_internal.import_staging_guard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION incident_analytics_internal.import_staging_guard() TO incident_analyst;
