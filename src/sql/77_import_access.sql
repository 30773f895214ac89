-- Who may read and write the import log, the rejects and the staged lines:
-- marking functions, policies, grants and the staging guard triggers.

-- ---------------------------------------------------------------------------
-- Who may read and write the import log, the rejects and the staged lines
-- ---------------------------------------------------------------------------
-- The access model (visible_orgs, tlp_is_admin, current_org, the roles) is
-- defined by the security fragment, which runs after this one; the policies
-- below reach it through PL/pgSQL wrappers, resolved when first called.
CREATE FUNCTION incident_analytics_internal.marking_visible(level @extschema@.tlp, reported_by text, shared_with text[],
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
COMMENT ON FUNCTION incident_analytics_internal.marking_visible(@extschema@.tlp, text, text[], text) IS
  'whether the current user may read something marked (level, reported_by, shared_with) by the incidents TLP rule; always for the importer role and incident_admin members; never for anybody else when level is NULL';

CREATE FUNCTION incident_analytics_internal.marking_admin()
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  RETURN @extschema@.tlp_is_admin();
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.marking_admin() IS 'tlp_is_admin() of the current user, for the import log policies';

-- The grants below need the analyst role before the security fragment
-- creates the roles; it is created the same way (NOLOGIN, kept by DROP EXTENSION).
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'incident_analyst') THEN
    CREATE ROLE incident_analyst NOLOGIN;
  END IF;
END
$roles$;

-- Analysts import: they write the log (row-level security keeps each to its
-- own runs) and INSERT into the staging tables (\copy; the staging functions
-- above do the rest).  Readers get SELECT on every table from the security
-- fragment: the policies decide which log rows they see, and the security
-- fragment revokes it again on the staging tables.
GRANT INSERT ON @extschema@.veris_staging, @extschema@.incidents_csv_staging TO incident_analyst;
GRANT INSERT, UPDATE ON @extschema@.imports TO incident_analyst;
GRANT INSERT ON @extschema@.import_rejects TO incident_analyst;

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
CREATE FUNCTION incident_analytics_internal.import_staging_guard()
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
COMMENT ON FUNCTION incident_analytics_internal.import_staging_guard() IS
  'BEFORE INSERT trigger of the staging tables: a line belongs to the role (staged_by must be the current user) and the session that stages it, and to no run yet';
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.veris_staging
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.import_staging_guard();
CREATE TRIGGER staging_guard BEFORE INSERT ON @extschema@.incidents_csv_staging
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.import_staging_guard();
