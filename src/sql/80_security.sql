-- Access control: the group roles incident_reader / incident_analyst /
-- incident_admin, their privileges, and row-level security on incidents by
-- TLP 2.0 (docs/reliability.md explains the model).
--
-- This fragment runs last among the SQL fragments, so its GRANTs and the
-- security_invoker safety net cover every table, view and function defined
-- before it.  An upgrade script that adds objects must grant them itself.
--
-- Roles are cluster-wide: they are created here when missing and are NOT
-- dropped by DROP EXTENSION (other databases of the cluster may use them).

-- Group roles (NOLOGIN).  analyst inherits reader, admin inherits analyst.
DO $roles$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'incident_reader') THEN
    CREATE ROLE incident_reader NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'incident_analyst') THEN
    CREATE ROLE incident_analyst NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname OPERATOR(pg_catalog.=) 'incident_admin') THEN
    CREATE ROLE incident_admin NOLOGIN;
  END IF;
  IF NOT pg_catalog.pg_has_role('incident_analyst', 'incident_reader', 'MEMBER') THEN
    GRANT incident_reader TO incident_analyst;
  END IF;
  IF NOT pg_catalog.pg_has_role('incident_admin', 'incident_analyst', 'MEMBER') THEN
    GRANT incident_analyst TO incident_admin;
  END IF;
END
$roles$;

-- Organisations and who belongs to them.
CREATE TABLE @extschema@.organisations (
  org        text PRIMARY KEY CHECK (org OPERATOR(pg_catalog.<>) ''),
  community  text CHECK (community OPERATOR(pg_catalog.<>) ''),
  client_of  text REFERENCES @extschema@.organisations (org) ON UPDATE CASCADE ON DELETE SET NULL,
  CHECK (client_of OPERATOR(pg_catalog.<>) org)
);
COMMENT ON TABLE @extschema@.organisations IS
  'organisations that report and receive incidents, with their TLP:GREEN community and, for TLP:AMBER, the recipient they are a client of';
COMMENT ON COLUMN @extschema@.organisations.org IS
  'organisation name, as used in incidents.reported_by and incidents.shared_with';
COMMENT ON COLUMN @extschema@.organisations.community IS
  'TLP:GREEN community (sector ISAC, national CSIRT network ...); NULL = in no community';
COMMENT ON COLUMN @extschema@.organisations.client_of IS
  'organisation this one is a client of: it sees TLP:AMBER (not AMBER+STRICT) incidents shared with that organisation';

-- Membership is bound to the role's OID, not only to its name: a row counts
-- only while role_oid AND role_name both match one existing role.  A role that
-- is dropped and re-created under the same name (new OID) gets nothing; a
-- restore into another cluster (other OIDs) leaves the rows inert until an
-- admin re-binds them with rebind_org_members() (docs/reliability.md).
CREATE TABLE @extschema@.org_members (
  role_name  name NOT NULL,
  org        text NOT NULL REFERENCES @extschema@.organisations (org) ON UPDATE CASCADE ON DELETE CASCADE,
  role_oid   oid NOT NULL,
  PRIMARY KEY (role_name, org)
);
COMMENT ON TABLE @extschema@.org_members IS
  'which database roles act for which organisation; a role also acts for the organisations of the roles it is a member of';
COMMENT ON COLUMN @extschema@.org_members.role_name IS
  'database role (a login user or a group role), by name';
COMMENT ON COLUMN @extschema@.org_members.org IS 'organisation the role acts for';
COMMENT ON COLUMN @extschema@.org_members.role_oid IS
  'OID of the role the row was bound to (filled from role_name when left out; 0 = no such role then): the row counts only while this role exists under role_name; rebind_org_members() re-binds';

-- Binds a new row (or a row whose role_name changes) to the OID the role
-- has now.  An explicit role_oid (a restored row) is kept as it is.
CREATE FUNCTION incident_analytics_internal.org_members_bind() RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
  IF NEW.role_oid IS NULL
     OR (TG_OP = 'UPDATE' AND NEW.role_name IS DISTINCT FROM OLD.role_name
         AND NEW.role_oid IS NOT DISTINCT FROM OLD.role_oid) THEN
    NEW.role_oid := coalesce((SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = NEW.role_name), 0);
  END IF;
  RETURN NEW;
END
$fn$;
COMMENT ON FUNCTION incident_analytics_internal.org_members_bind() IS
  'trigger of org_members: binds a row whose role_oid is left out, or whose role_name changes, to the OID of the role of that name (0 when there is none)';
CREATE TRIGGER org_members_bind BEFORE INSERT OR UPDATE ON @extschema@.org_members
  FOR EACH ROW EXECUTE FUNCTION incident_analytics_internal.org_members_bind();
COMMENT ON TRIGGER org_members_bind ON @extschema@.org_members IS
  'binds each membership to the OID of its role';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.organisations', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.org_members', '');

-- The organisations a role acts for.  SECURITY DEFINER so that callers need
-- no privilege on org_members; it answers only for the caller (or a role the
-- session user may become), so it cannot be used to map other roles.
CREATE FUNCTION @extschema@.member_orgs(caller name DEFAULT CURRENT_USER)
RETURNS text[]
LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  -- the role and every role it is a member of, directly or indirectly (from
  -- pg_auth_members, not pg_has_role: a superuser would be "member" of all)
  WITH RECURSIVE roles(oid) AS (
    SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) caller
    UNION
    SELECT a.roleid FROM pg_catalog.pg_auth_members a JOIN roles ON a.member OPERATOR(pg_catalog.=) roles.oid
  )
  SELECT pg_catalog.array_agg(DISTINCT m.org ORDER BY m.org)
    FROM @extschema@.org_members m
    JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) m.role_oid
                               AND r.rolname OPERATOR(pg_catalog.=) m.role_name
   WHERE (caller OPERATOR(pg_catalog.=) SESSION_USER
          OR pg_catalog.pg_has_role(SESSION_USER, caller, 'MEMBER'))
     AND r.oid OPERATOR(pg_catalog.=) ANY (SELECT oid FROM roles);
END;
COMMENT ON FUNCTION @extschema@.member_orgs(name) IS
  'organisations the role (default: current user) acts for, directly or through a group role in org_members (rows bound to the OID the role has now); NULL for none';

-- The caller's single organisation, used as the default of incidents.reported_by.
CREATE FUNCTION @extschema@.current_org()
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT CASE WHEN pg_catalog.cardinality(o) OPERATOR(pg_catalog.=) 1 THEN o[1] END
    FROM (SELECT @extschema@.member_orgs(CURRENT_USER) AS o) s;
END;
COMMENT ON FUNCTION @extschema@.current_org() IS
  'the organisation the current user acts for when it is exactly one; NULL otherwise (default of incidents.reported_by)';

-- Per TLP level, the organisation names that grant the caller access:
--   green        -> source organisations of the caller's communities (compare with reported_by)
--   amber        -> caller's organisations and those it is a client of (compare with shared_with)
--   amber+strict -> caller's organisations (compare with shared_with, and with reported_by)
--   red          -> caller's organisations (compare with shared_with)
-- Only organisation names are ever returned, never role names: a role named
-- like an organisation gains nothing.  TLP:RED for one person goes to an
-- organisation of that person alone (by convention 'role:<name>').
--   clear        -> NULL (everyone sees CLEAR)
-- Read once per statement by the policies' C functions (tlp_visible below).
CREATE FUNCTION @extschema@.visible_orgs(level @extschema@.tlp, caller name DEFAULT CURRENT_USER)
RETURNS text[]
LANGUAGE sql STABLE STRICT SECURITY DEFINER PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH mine AS (
    SELECT pg_catalog.unnest(@extschema@.member_orgs(caller)) AS org
  )
  SELECT CASE
    WHEN level OPERATOR(pg_catalog.=) 'green'::@extschema@.tlp THEN
      (SELECT pg_catalog.array_agg(DISTINCT o.org ORDER BY o.org)
         FROM @extschema@.organisations o
        WHERE o.community OPERATOR(pg_catalog.=) ANY (
                SELECT c.community FROM @extschema@.organisations c
                 WHERE c.org OPERATOR(pg_catalog.=) ANY (SELECT org FROM mine)))
    WHEN level OPERATOR(pg_catalog.=) 'amber'::@extschema@.tlp THEN
      (SELECT pg_catalog.array_agg(DISTINCT x ORDER BY x)
         FROM (SELECT org AS x FROM mine
               UNION
               SELECT c.client_of FROM @extschema@.organisations c
                WHERE c.org OPERATOR(pg_catalog.=) ANY (SELECT org FROM mine)
                  AND c.client_of IS NOT NULL) s)
    WHEN level OPERATOR(pg_catalog.=) 'amber+strict'::@extschema@.tlp THEN
      (SELECT pg_catalog.array_agg(org ORDER BY org) FROM mine)
    WHEN level OPERATOR(pg_catalog.=) 'red'::@extschema@.tlp THEN
      (SELECT pg_catalog.array_agg(org ORDER BY org) FROM mine)
  END;
END;
COMMENT ON FUNCTION @extschema@.visible_orgs(@extschema@.tlp, name) IS
  'names that open an incident of the given TLP level to the role (default: current user): green = source organisations of its communities; amber = its organisations and those it is a client of; amber+strict = its organisations; red = its organisations (never a role name); NULL for clear';

CREATE FUNCTION @extschema@.tlp_is_admin(caller name DEFAULT CURRENT_USER)
RETURNS boolean
LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT pg_catalog.pg_has_role(caller, 'incident_admin', 'MEMBER');
END;
COMMENT ON FUNCTION @extschema@.tlp_is_admin(name) IS
  'true when the role (default: current user) is a member of incident_admin and so sees and changes every incident';

-- Re-binds memberships to the roles that now carry their names: after a
-- restore into another cluster, or for a role created after its rows.  Only
-- for an admin to run deliberately (docs/reliability.md).
CREATE FUNCTION @extschema@.rebind_org_members(roles name[] DEFAULT NULL)
RETURNS TABLE (role_name name, org text, old_oid oid, new_oid oid)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
  WITH cur AS (
    SELECT m.role_name, m.org, m.role_oid AS old_oid,
           coalesce((SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) m.role_name), 0::oid) AS new_oid
      FROM @extschema@.org_members m
     WHERE roles IS NULL OR m.role_name OPERATOR(pg_catalog.=) ANY (roles)),
  upd AS (
    UPDATE @extschema@.org_members m SET role_oid = cur.new_oid
      FROM cur
     WHERE m.role_name OPERATOR(pg_catalog.=) cur.role_name AND m.org OPERATOR(pg_catalog.=) cur.org
       AND m.role_oid OPERATOR(pg_catalog.<>) cur.new_oid
    RETURNING m.role_name, m.org, cur.old_oid, cur.new_oid)
  SELECT upd.role_name, upd.org, upd.old_oid, upd.new_oid FROM upd ORDER BY 1, 2;
END;
COMMENT ON FUNCTION @extschema@.rebind_org_members(name[]) IS
  'admin: binds the org_members rows of the given roles (default: all) to the OID the role of that name has now (0 when none); returns the rows changed';

-- Incidents a user reports default to the user's organisation.
ALTER TABLE @extschema@.incidents ALTER COLUMN reported_by SET DEFAULT @extschema@.current_org();

-- The per-row form of the rules above, for the policies: C functions that
-- read the caller's visible_orgs() and tlp_is_admin() once per statement (a
-- cache keyed by role, transaction and snapshot, src/visibility.c) and then
-- compare each row's values in memory.  No sub-select in any policy, so the
-- policies also hold where sub-selects are refused (Citus shards).
CREATE FUNCTION @extschema@.tlp_visible(level @extschema@.tlp, reported_by text, shared_with text[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_visible'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tlp_visible(@extschema@.tlp, text, text[]) IS
  'may the current user read an incident with this TLP level, reporting organisation and recipients (the rules of visible_orgs; incident_admin sees everything); the read policy of incidents';

CREATE FUNCTION incident_analytics_internal.tlp_acts_for(org text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_acts_for'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.tlp_acts_for(text) IS
  'internal: true when the current user acts for the organisation (it is in visible_orgs(''amber+strict'')); the insert and update policies of incidents';

CREATE FUNCTION incident_analytics_internal.tlp_admin()
RETURNS boolean
AS 'MODULE_PATHNAME', 'tlp_admin'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION incident_analytics_internal.tlp_admin() IS
  'internal: tlp_is_admin() of the current user, read once per statement; the admin policy of incidents';

-- Row-level security.  Not FORCEd: the owner (the installing superuser)
-- bypasses it anyway; every other role is filtered.  The policies call the
-- C functions above once per row; they read the memberships once per
-- statement.
ALTER TABLE @extschema@.incidents ENABLE ROW LEVEL SECURITY;

CREATE POLICY incidents_tlp_read ON @extschema@.incidents FOR SELECT USING (
  @extschema@.tlp_visible(tlp, reported_by, shared_with));
COMMENT ON POLICY incidents_tlp_read ON @extschema@.incidents IS
  'TLP 2.0: clear to everyone; green to the source''s community; amber to recipients and their clients; amber+strict to recipients; red to named recipients; always to the source organisation';

CREATE POLICY incidents_own_insert ON @extschema@.incidents FOR INSERT WITH CHECK (
  incident_analytics_internal.tlp_acts_for(reported_by));
COMMENT ON POLICY incidents_own_insert ON @extschema@.incidents IS
  'a user may insert incidents reported by an organisation it acts for';

CREATE POLICY incidents_own_update ON @extschema@.incidents FOR UPDATE
  USING (incident_analytics_internal.tlp_acts_for(reported_by))
  WITH CHECK (incident_analytics_internal.tlp_acts_for(reported_by));
COMMENT ON POLICY incidents_own_update ON @extschema@.incidents IS
  'a user may update only incidents reported by an organisation it acts for, and may not hand them to another';

CREATE POLICY incidents_admin ON @extschema@.incidents FOR ALL
  USING (incident_analytics_internal.tlp_admin())
  WITH CHECK (incident_analytics_internal.tlp_admin());
COMMENT ON POLICY incidents_admin ON @extschema@.incidents IS
  'members of incident_admin see and change every incident (BYPASSRLS is not inherited through group roles)';

-- Privileges.
GRANT USAGE ON SCHEMA @extschema@ TO incident_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA @extschema@ TO incident_reader;
GRANT USAGE ON SCHEMA incident_analytics_internal TO incident_reader;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA incident_analytics_internal TO incident_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA @extschema@ TO incident_reader;
REVOKE SELECT ON @extschema@.organisations, @extschema@.org_members FROM incident_reader;
GRANT INSERT, UPDATE ON @extschema@.incidents TO incident_analyst;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA @extschema@ TO incident_analyst;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA @extschema@ TO incident_admin;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA @extschema@ TO incident_admin;
-- Staged import lines are read only through the import functions (COPY cannot write a table with RLS).
REVOKE ALL ON @extschema@.veris_staging, @extschema@.incidents_csv_staging FROM incident_reader, incident_admin;
-- rebind_org_members changes memberships: admins only.
REVOKE EXECUTE ON FUNCTION @extschema@.rebind_org_members(name[]) FROM PUBLIC, incident_reader;
GRANT EXECUTE ON FUNCTION @extschema@.rebind_org_members(name[]) TO incident_admin;

-- Views must be security_invoker so that row-level security
-- applies to the caller; make sure of it for every view defined so far.
DO $grants$
DECLARE
  obj record;
BEGIN
  FOR obj IN
    SELECT c.oid::pg_catalog.regclass AS rel
      FROM pg_catalog.pg_class c
     WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
       AND c.relkind OPERATOR(pg_catalog.=) 'v'::pg_catalog."char"
  LOOP
    EXECUTE pg_catalog.format('ALTER VIEW %s SET (security_invoker = true)', obj.rel);
  END LOOP;

  -- import_* functions write incidents: analysts only.  load_* functions
  -- refresh reference data: admins only.
  FOR obj IN
    SELECT p.oid::pg_catalog.regprocedure AS fn, p.proname
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@'::pg_catalog.regnamespace,
                                                          'incident_analytics_internal'::pg_catalog.regnamespace]::pg_catalog.oid[])
       AND (p.proname OPERATOR(pg_catalog.~) '^import_' OR p.proname OPERATOR(pg_catalog.~) '^load_')
  LOOP
    EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC, incident_reader', obj.fn);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ROUTINE %s TO %I', obj.fn,
      CASE WHEN obj.proname OPERATOR(pg_catalog.~) '^import_' THEN 'incident_analyst' ELSE 'incident_admin' END);
  END LOOP;
END
$grants$;

