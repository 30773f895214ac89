-- 1.0.0 -> 1.1.0, access control (src/sql/80_security.sql).
--
-- Membership is bound to role OIDs: org_members gets role_oid, filled here
-- from the roles that exist now.  Rows for roles that do not exist get 0 and
-- stay inert (kept, so that an admin can bind them with rebind_org_members()
-- once the role exists).
ALTER TABLE @extschema@.org_members ADD COLUMN role_oid oid;
UPDATE @extschema@.org_members m
   SET role_oid = coalesce((SELECT r.oid FROM pg_catalog.pg_roles r
                             WHERE r.rolname OPERATOR(pg_catalog.=) m.role_name), 0::oid);
ALTER TABLE @extschema@.org_members ALTER COLUMN role_oid SET NOT NULL;
COMMENT ON COLUMN @extschema@.org_members.role_name IS
  'database role (a login user or a group role), by name';
COMMENT ON COLUMN @extschema@.org_members.role_oid IS
  'OID of the role the row was bound to (filled from role_name when left out; 0 = no such role then): the row counts only while this role exists under role_name; rebind_org_members() re-binds';

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
GRANT EXECUTE ON FUNCTION incident_analytics_internal.org_members_bind() TO incident_reader;

CREATE OR REPLACE FUNCTION @extschema@.member_orgs(caller name DEFAULT CURRENT_USER)
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

CREATE OR REPLACE FUNCTION @extschema@.visible_orgs(level @extschema@.tlp, caller name DEFAULT CURRENT_USER)
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
REVOKE EXECUTE ON FUNCTION @extschema@.rebind_org_members(name[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION @extschema@.rebind_org_members(name[]) TO incident_admin;

-- TLP:RED for a person: 1.0.0 compared the caller's role name with
-- shared_with, so a role named like an organisation saw its RED incidents.
-- visible_orgs() now returns organisation names only.  A RED incident of
-- 1.0.0 shared with a person (an element of shared_with that is no
-- organisation but the name of an existing role) keeps reaching that person:
-- the element becomes the personal organisation 'role:<name>', bound to the
-- role's OID.  Elements naming neither stay as they are (they open nothing).
INSERT INTO @extschema@.organisations (org)
SELECT DISTINCT 'role:' OPERATOR(pg_catalog.||) r.rolname
  FROM @extschema@.incidents i, pg_catalog.unnest(i.shared_with) AS e(name)
  JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) e.name
 WHERE i.tlp OPERATOR(pg_catalog.=) 'red'::@extschema@.tlp
   AND NOT EXISTS (SELECT 1 FROM @extschema@.organisations o WHERE o.org OPERATOR(pg_catalog.=) e.name)
ON CONFLICT (org) DO NOTHING;
INSERT INTO @extschema@.org_members (role_name, org, role_oid)
SELECT DISTINCT r.rolname, 'role:' OPERATOR(pg_catalog.||) r.rolname, r.oid
  FROM @extschema@.incidents i, pg_catalog.unnest(i.shared_with) AS e(name)
  JOIN pg_catalog.pg_roles r ON r.rolname OPERATOR(pg_catalog.=) e.name
 WHERE i.tlp OPERATOR(pg_catalog.=) 'red'::@extschema@.tlp
   AND NOT EXISTS (SELECT 1 FROM @extschema@.organisations o
                    WHERE o.org OPERATOR(pg_catalog.=) e.name)
ON CONFLICT (role_name, org) DO NOTHING;
UPDATE @extschema@.incidents i
   SET shared_with = (SELECT pg_catalog.array_agg(
                               CASE WHEN NOT EXISTS (SELECT 1 FROM @extschema@.organisations o
                                                      WHERE o.org OPERATOR(pg_catalog.=) e.name)
                                         AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                                                      WHERE r.rolname OPERATOR(pg_catalog.=) e.name)
                                    THEN 'role:' OPERATOR(pg_catalog.||) e.name ELSE e.name END ORDER BY e.ord)
                        FROM pg_catalog.unnest(i.shared_with) WITH ORDINALITY AS e(name, ord))
 WHERE i.tlp OPERATOR(pg_catalog.=) 'red'::@extschema@.tlp
   AND EXISTS (SELECT 1 FROM pg_catalog.unnest(i.shared_with) AS e(name)
                WHERE NOT EXISTS (SELECT 1 FROM @extschema@.organisations o WHERE o.org OPERATOR(pg_catalog.=) e.name)
                  AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) e.name));
