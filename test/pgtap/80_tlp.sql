-- TLP 2.0 row-level security on incidents, the three group roles and their
-- privileges.  pg_prove runs as a superuser, which bypasses row-level
-- security, so every check runs its query under SET SESSION AUTHORIZATION to a non-superuser
-- role created here (and rolled back at the end).
BEGIN;
SELECT plan(71);
SET LOCAL search_path = incident_analytics, public;

-- Organisations: src reports; rcp is the recipient; cli is a client of rcp;
-- com shares src's community; out is unrelated.
INSERT INTO organisations (org, community, client_of) VALUES
  ('src', 'health', NULL), ('rcp', 'energy', NULL), ('cli', 'retail', 'rcp'),
  ('com', 'health', NULL), ('out', 'other', NULL);

CREATE ROLE tlp_u_src LOGIN;  GRANT incident_analyst TO tlp_u_src;
CREATE ROLE tlp_u_rcp LOGIN;  GRANT incident_analyst TO tlp_u_rcp;
CREATE ROLE tlp_u_cli LOGIN;  GRANT incident_reader  TO tlp_u_cli;
CREATE ROLE tlp_u_com LOGIN;  GRANT incident_reader  TO tlp_u_com;
CREATE ROLE tlp_u_out LOGIN;  GRANT incident_reader  TO tlp_u_out;
CREATE ROLE tlp_u_adm LOGIN;  GRANT incident_admin   TO tlp_u_adm;
CREATE ROLE tlp_u_none LOGIN; GRANT incident_reader  TO tlp_u_none;   -- in no organisation
CREATE ROLE tlp_g_rcp NOLOGIN;                                        -- group role of rcp staff
CREATE ROLE tlp_u_grp LOGIN;  GRANT tlp_g_rcp TO tlp_u_grp; GRANT incident_reader TO tlp_u_grp;
-- TLP:RED for one person goes to an organisation of that person alone.
INSERT INTO organisations (org) VALUES ('role:tlp_u_out');
INSERT INTO org_members (role_name, org) VALUES
  ('tlp_u_src', 'src'), ('tlp_u_rcp', 'rcp'), ('tlp_u_cli', 'cli'), ('tlp_u_com', 'com'),
  ('tlp_u_out', 'out'), ('tlp_g_rcp', 'rcp'), ('tlp_u_out', 'role:tlp_u_out');

-- One incident per TLP level, reported by src and shared with rcp, plus a
-- TLP:RED one shared with a single person (tlp_u_out's personal organisation).
INSERT INTO incidents (source, source_id, tlp, reported_by, shared_with, cia) VALUES
  ('tlp', 'clear',        'clear',        'src', '{rcp}', 'C:L/I:N/A:N'),
  ('tlp', 'green',        'green',        'src', '{rcp}', 'C:N/I:L/A:N'),
  ('tlp', 'amber',        'amber',        'src', '{rcp}', 'C:N/I:N/A:L'),
  ('tlp', 'amber+strict', 'amber+strict', 'src', '{rcp}', 'C:N/I:H/A:N'),
  ('tlp', 'red',          'red',          'src', '{rcp}', 'C:H/I:N/A:N'),
  ('tlp', 'red-person',   'red',          'src', '{role:tlp_u_out}', 'C:N/I:N/A:H');

-- Runs a one-column query as role r; returns the sorted values as text[].
CREATE FUNCTION pg_temp.seen_as(r name, q text) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE res text[];
BEGIN
  EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', r);
  EXECUTE format('SELECT coalesce(array_agg(x::text ORDER BY x::text), ''{}'') FROM (%s) s(x)', q) INTO res;
  RESET SESSION AUTHORIZATION;
  RETURN res;
END $$;
-- EXPLAIN output of a query run as role r.
CREATE FUNCTION pg_temp.plan_as(r name, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE res text := ''; line text;
BEGIN
  EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', r);
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP res := res || line || E'\n'; END LOOP;
  RESET SESSION AUTHORIZATION;
  RETURN res;
END $$;
-- Runs a statement as role r; returns 'ok' and the row count, or the SQLSTATE.
CREATE FUNCTION pg_temp.try_as(r name, q text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', r);
  EXECUTE q;
  GET DIAGNOSTICS n = ROW_COUNT;
  RESET SESSION AUTHORIZATION;
  RETURN 'ok ' || n;
EXCEPTION WHEN OTHERS THEN
  RESET SESSION AUTHORIZATION;
  RETURN SQLSTATE;
END $$;

-- Roles
SELECT has_role('incident_reader');
SELECT has_role('incident_analyst');
SELECT has_role('incident_admin');
SELECT is((SELECT count(*)::int FROM pg_roles
            WHERE rolname IN ('incident_reader', 'incident_analyst', 'incident_admin')
              AND NOT rolcanlogin AND NOT rolbypassrls AND NOT rolsuper), 3,
          'the three group roles are NOLOGIN, not superuser, not BYPASSRLS');
SELECT is_member_of('incident_reader', 'incident_analyst');
SELECT is_member_of('incident_analyst', 'incident_admin');

-- The visibility matrix: TLP level x (source, recipient, client of recipient,
-- community member, outsider, no organisation, admin).
SELECT is(pg_temp.seen_as('tlp_u_src', 'SELECT source_id FROM incidents'),
          '{amber,amber+strict,clear,green,red,red-person}', 'source organisation sees all its incidents');
SELECT is(pg_temp.seen_as('tlp_u_rcp', 'SELECT source_id FROM incidents'),
          '{amber,amber+strict,clear,red}', 'recipient sees clear, amber, amber+strict, red (not green: other community)');
SELECT is(pg_temp.seen_as('tlp_u_cli', 'SELECT source_id FROM incidents'),
          '{amber,clear}', 'client of the recipient sees clear and amber only');
SELECT is(pg_temp.seen_as('tlp_u_com', 'SELECT source_id FROM incidents'),
          '{clear,green}', 'community member sees clear and green');
SELECT is(pg_temp.seen_as('tlp_u_out', 'SELECT source_id FROM incidents'),
          '{clear,red-person}', 'outsider sees clear, and the red incident naming them personally');
SELECT is(pg_temp.seen_as('tlp_u_none', 'SELECT source_id FROM incidents'),
          '{clear}', 'a role in no organisation sees clear only');
SELECT is(pg_temp.seen_as('tlp_u_adm', 'SELECT source_id FROM incidents'),
          '{amber,amber+strict,clear,green,red,red-person}', 'incident_admin sees everything');
SELECT is(pg_temp.seen_as('tlp_u_grp', 'SELECT source_id FROM incidents'),
          pg_temp.seen_as('tlp_u_rcp', 'SELECT source_id FROM incidents'),
          'membership through a group role mapped to rcp equals rcp''s view');

-- AMBER+STRICT is strictly narrower than AMBER for the same recipients.
SELECT is((SELECT count(*)::int FROM unnest(ARRAY['tlp_u_src','tlp_u_rcp','tlp_u_cli','tlp_u_com','tlp_u_out','tlp_u_none']::name[]) r
            WHERE 'amber+strict' = ANY (pg_temp.seen_as(r, 'SELECT source_id FROM incidents'))
              AND NOT 'amber' = ANY (pg_temp.seen_as(r, 'SELECT source_id FROM incidents'))), 0,
          'whoever sees an AMBER+STRICT incident also sees the AMBER one with the same recipients');
SELECT cmp_ok((SELECT count(*)::int FROM unnest(ARRAY['tlp_u_src','tlp_u_rcp','tlp_u_cli','tlp_u_com','tlp_u_out','tlp_u_none']::name[]) r
                WHERE 'amber+strict' = ANY (pg_temp.seen_as(r, 'SELECT source_id FROM incidents'))), '<',
              (SELECT count(*)::int FROM unnest(ARRAY['tlp_u_src','tlp_u_rcp','tlp_u_cli','tlp_u_com','tlp_u_out','tlp_u_none']::name[]) r
                WHERE 'amber' = ANY (pg_temp.seen_as(r, 'SELECT source_id FROM incidents'))),
              'fewer roles see AMBER+STRICT than AMBER');
SELECT is(pg_temp.seen_as('tlp_u_cli', $$SELECT source_id FROM incidents WHERE tlp = 'amber+strict'$$),
          '{}', 'client of the recipient does not see AMBER+STRICT');

-- Aggregates count only visible rows.
SELECT is(pg_temp.seen_as('tlp_u_out', 'SELECT count(*) FROM incidents'), '{2}', 'count(*) as outsider');
SELECT is(pg_temp.seen_as('tlp_u_cli', 'SELECT count(*) FROM incidents'), '{2}', 'count(*) as client');
SELECT is(pg_temp.seen_as('tlp_u_src', 'SELECT count(*) FROM incidents'), '{6}', 'count(*) as source');
SELECT is(pg_temp.seen_as('tlp_u_com', 'SELECT cia_union(cia) FROM incidents'), '{C:L/I:L/A:N}',
          'cia_union as community member folds clear and green only');
SELECT is(pg_temp.seen_as('tlp_u_out', 'SELECT cia_union(cia) FROM incidents WHERE tlp = ''red'''), '{C:N/I:N/A:H}',
          'cia_union over red as outsider sees only the incident naming them');
SELECT is((SELECT count(*)::int FROM pg_class
            WHERE relnamespace = 'incident_analytics'::regnamespace AND relkind = 'v'
              AND NOT coalesce('security_invoker=true' = ANY (reloptions), false)), 0,
          'every view of the extension is security_invoker');
SELECT CASE WHEN to_regclass('incident_analytics.incident_overview') IS NULL
            THEN skip('incident_overview not installed')
            ELSE is(pg_temp.seen_as('tlp_u_out', 'SELECT count(*) FROM incident_analytics.incident_overview'), '{2}',
                    'incident_overview as outsider counts visible rows only') END;
SELECT CASE WHEN to_regclass('incident_analytics.incidents_by_month') IS NULL
            THEN skip('incidents_by_month not installed')
            ELSE is(pg_temp.seen_as('tlp_u_cli', 'SELECT sum(incidents) FROM incident_analytics.incidents_by_month'),
                    pg_temp.seen_as('tlp_u_cli', 'SELECT count(*) FROM incidents'),  -- undated rows count under month NULL
                    'incidents_by_month as client sums visible rows only') END;

-- The policy is one C call per row, without sub-selects (which Citus refuses
-- on distributed tables); the memberships are read once per statement.
SELECT ok(pg_temp.plan_as('tlp_u_out', 'SELECT * FROM incidents') ~ 'tlp_visible'
          AND pg_temp.plan_as('tlp_u_out', 'SELECT * FROM incidents') !~ '(InitPlan|SubPlan)',
          'the TLP policy calls tlp_visible() per row, with no sub-plan');
-- The cached memberships follow the caller: a SECURITY DEFINER function
-- owned by an admin counts with the admin's rights inside a statement of
-- the outsider, and the outsider's count around it stays its own.
CREATE FUNCTION pg_temp.count_as_definer() RETURNS bigint
  LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM incident_analytics.incidents';
ALTER FUNCTION pg_temp.count_as_definer() OWNER TO tlp_u_adm;
SELECT is(pg_temp.seen_as('tlp_u_out',
            'SELECT ARRAY[(SELECT count(*) FROM incidents), pg_temp.count_as_definer(), (SELECT count(*) FROM incidents)]::text'),
          '{"{2,6,2}"}', 'one statement: the caller''s rows, the definer''s rows, the caller''s rows again');
-- A membership granted in the middle of a transaction is seen by the next
-- statement of the same role (no stale cache), and its removal too.
CREATE FUNCTION pg_temp.set_member(r name, o text, add boolean) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF add THEN INSERT INTO incident_analytics.org_members (role_name, org) VALUES (r, o);
  ELSE DELETE FROM incident_analytics.org_members WHERE role_name = r AND org = o; END IF;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.set_member(name, text, boolean) TO tlp_u_none;
SELECT is(pg_temp.seen_as('tlp_u_none', $$SELECT x FROM (VALUES
            ((SELECT count(*) FROM incidents)::text),
            ((SELECT pg_temp.set_member('tlp_u_none', 'rcp', true))::text)) v(x)$$),
          '{"",1}', 'tlp_u_none sees 1 row before it joins rcp');
SELECT is(pg_temp.seen_as('tlp_u_none', $$SELECT count(*) FROM incidents$$), '{4}',
          'the next statement, as a member of rcp, sees rcp''s rows');
SELECT is(pg_temp.seen_as('tlp_u_none', $$SELECT x FROM (VALUES
            ((SELECT pg_temp.set_member('tlp_u_none', 'rcp', false))::text),
            ((SELECT 'x'))) v(x)$$),
          '{"",x}', 'tlp_u_none leaves rcp');
SELECT is(pg_temp.seen_as('tlp_u_none', $$SELECT count(*) FROM incidents$$), '{1}',
          'the next statement sees clear only again');

-- Writes.
SELECT is(pg_temp.try_as('tlp_u_src', $$INSERT INTO incidents (source, source_id, tlp) VALUES ('tlp', 'w1', 'red')$$),
          'ok 1', 'analyst inserts an incident; reported_by defaults to its organisation');
SELECT is((SELECT reported_by FROM incidents WHERE source_id = 'w1'), 'src', 'default reported_by is current_org()');
SELECT is(pg_temp.try_as('tlp_u_src', $$INSERT INTO incidents (source, source_id, reported_by) VALUES ('tlp', 'w2', 'rcp')$$),
          '42501', 'analyst cannot insert in another organisation''s name');
SELECT is(pg_temp.try_as('tlp_u_cli', $$INSERT INTO incidents (source, source_id, reported_by) VALUES ('tlp', 'w3', 'cli')$$),
          '42501', 'reader cannot insert');
SELECT is(pg_temp.try_as('tlp_u_rcp', $$UPDATE incidents SET title = 'x' WHERE source = 'tlp'$$),
          'ok 0', 'analyst of the recipient cannot update the source''s incidents (sees them, changes none)');
SELECT is(pg_temp.try_as('tlp_u_src', $$UPDATE incidents SET title = 'checked' WHERE source_id = 'amber'$$),
          'ok 1', 'analyst updates its own organisation''s incident');
SELECT is(pg_temp.try_as('tlp_u_src', $$UPDATE incidents SET reported_by = 'rcp' WHERE source_id = 'amber'$$),
          '42501', 'analyst cannot hand an incident to another organisation');
SELECT is(pg_temp.try_as('tlp_u_src', $$DELETE FROM incidents WHERE source_id = 'amber'$$),
          '42501', 'analyst cannot delete');
SELECT is(pg_temp.try_as('tlp_u_cli', $$UPDATE countries SET name = 'x' WHERE code = 'IT'$$),
          '42501', 'reader cannot change reference tables');
SELECT is(pg_temp.try_as('tlp_u_src', $$INSERT INTO sectors (code, name, level, criticality) VALUES ('99', 'x', 2, 25)$$),
          '42501', 'analyst cannot change reference tables');
SELECT is(pg_temp.try_as('tlp_u_adm', $$INSERT INTO sectors (code, name, level, criticality) VALUES ('99', 'Test sector', 2, 25)$$),
          'ok 1', 'admin adds a reference row');
SELECT is(pg_temp.try_as('tlp_u_adm', $$UPDATE incidents SET title = 'admin' WHERE source = 'tlp'$$),
          'ok 7', 'admin updates every incident');
SELECT is(pg_temp.try_as('tlp_u_adm', $$DELETE FROM incidents WHERE source_id = 'w1'$$),
          'ok 1', 'admin deletes');

-- The membership tables and the mapping are not open to readers.
SELECT is(pg_temp.try_as('tlp_u_out', 'SELECT * FROM org_members'), '42501', 'reader cannot read org_members');
SELECT is(pg_temp.try_as('tlp_u_out', 'SELECT * FROM organisations'), '42501', 'reader cannot read organisations');
SELECT is(pg_temp.seen_as('tlp_u_out', $$SELECT member_orgs('tlp_u_src')$$), '{NULL}',
          'member_orgs() does not reveal another role''s organisations');
SELECT is(pg_temp.seen_as('tlp_u_cli', $$SELECT visible_orgs('amber')$$), '{"{cli,rcp}"}',
          'visible_orgs(amber) of a client: itself and the organisation it is a client of');
SELECT is(pg_temp.seen_as('tlp_u_src', 'SELECT current_org()'), '{src}', 'current_org() of a one-organisation role');
SELECT is(member_orgs(), NULL, 'a superuser in no organisation acts for none (not for every organisation)');

-- Membership is bound to the role, not to its name (OID + name).
SELECT is((SELECT count(*)::int FROM org_members m JOIN pg_roles r ON r.oid = m.role_oid AND r.rolname = m.role_name), 7,
          'every membership row is bound to the OID of its existing role');
CREATE ROLE tlp_u_gone LOGIN; GRANT incident_reader TO tlp_u_gone;
INSERT INTO org_members (role_name, org) VALUES ('tlp_u_gone', 'rcp');
INSERT INTO organisations (org) VALUES ('role:tlp_u_gone');
INSERT INTO org_members (role_name, org) VALUES ('tlp_u_gone', 'role:tlp_u_gone');
INSERT INTO incidents (source, source_id, tlp, reported_by, shared_with) VALUES
  ('tlp', 'red-gone', 'red', 'src', '{role:tlp_u_gone}');
SELECT is(pg_temp.seen_as('tlp_u_gone', $$SELECT source_id FROM incidents WHERE tlp = 'red'$$),
          '{red,red-gone}', 'before: the role sees rcp''s and its personal TLP:RED incidents');
DROP ROLE tlp_u_gone;
CREATE ROLE tlp_u_gone LOGIN; GRANT incident_reader TO tlp_u_gone;
SELECT is(pg_temp.seen_as('tlp_u_gone', 'SELECT source_id FROM incidents'), '{clear}',
          'a role dropped and re-created under the same name sees only clear');
SELECT is(pg_temp.seen_as('tlp_u_gone', $$SELECT member_orgs()$$), '{NULL}',
          're-created role: member_orgs() is NULL');
SELECT is(pg_temp.seen_as('tlp_u_gone', $$SELECT visible_orgs('red')$$), '{NULL}',
          're-created role: visible_orgs(red) is NULL');
SELECT is(pg_temp.seen_as('tlp_u_gone', $$SELECT visible_orgs('amber+strict')$$), '{NULL}',
          're-created role: visible_orgs(amber+strict) is NULL');
SELECT is(pg_temp.try_as('tlp_u_gone', 'SELECT rebind_org_members()'), '42501', 'a reader cannot rebind memberships');
SELECT is((SELECT array_agg(org ORDER BY org) FROM rebind_org_members(ARRAY['tlp_u_gone']::name[])),
          '{rcp,role:tlp_u_gone}', 'rebind_org_members binds the rows of a role to the role that now has the name');
SELECT is(pg_temp.seen_as('tlp_u_gone', $$SELECT source_id FROM incidents WHERE tlp = 'red'$$),
          '{red,red-gone}', 'after an explicit rebind the role acts for its organisations again');
SELECT is((SELECT count(*)::int FROM rebind_org_members()), 0, 'rebinding again changes nothing');

-- A role named like an organisation (or like a personal organisation) gains nothing.
CREATE ROLE rcp LOGIN;                 GRANT incident_reader TO rcp;
CREATE ROLE "role:tlp_u_out" LOGIN;    GRANT incident_reader TO "role:tlp_u_out";
CREATE ROLE src LOGIN;                 GRANT incident_analyst TO src;
SELECT is(pg_temp.seen_as('rcp', 'SELECT source_id FROM incidents'), '{clear}',
          'a role named like an organisation does not see its TLP:RED, AMBER or AMBER+STRICT incidents');
SELECT is(pg_temp.seen_as('rcp', $$SELECT visible_orgs('red')$$), '{NULL}',
          'visible_orgs(red) never returns the caller''s role name');
SELECT is(pg_temp.seen_as('role:tlp_u_out', 'SELECT source_id FROM incidents'), '{clear}',
          'a role named like a personal organisation does not see that person''s TLP:RED incident');
SELECT is(pg_temp.seen_as('src', 'SELECT source_id FROM incidents'), '{clear}',
          'a role named like the source organisation does not see its incidents');
SELECT is(pg_temp.try_as('src', $$INSERT INTO incidents (source, source_id, reported_by) VALUES ('tlp', 'w9', 'src')$$),
          '42501', 'a role named like an organisation cannot report in its name');
SELECT is(pg_temp.seen_as('tlp_u_out', $$SELECT visible_orgs('red')$$), '{"{out,role:tlp_u_out}"}',
          'visible_orgs(red) of a person: its organisations, including its personal one');

-- A membership for a role that does not exist yet stays inert when the role
-- appears; a row with a foreign OID (restored from another cluster) too.
INSERT INTO org_members (role_name, org) VALUES ('tlp_u_later', 'rcp');
CREATE ROLE tlp_u_later LOGIN; GRANT incident_reader TO tlp_u_later;
SELECT is(pg_temp.seen_as('tlp_u_later', 'SELECT source_id FROM incidents'), '{clear}',
          'a role created after its membership row gets nothing until rebound');
INSERT INTO org_members (role_name, org, role_oid) VALUES ('tlp_u_com', 'rcp', 4000000000);
SELECT is(pg_temp.seen_as('tlp_u_com', 'SELECT member_orgs()'), '{"{com}"}',
          'a row whose OID is not the role''s (restored from another cluster) is inert');
SELECT is(pg_temp.seen_as('tlp_u_rcp', $$SELECT tlp_is_admin()$$), '{false}', 'tlp_is_admin of an analyst is false');

-- SECURITY DEFINER functions pin their search_path.
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace IN ('incident_analytics'::regnamespace, 'incident_analytics_internal'::regnamespace) AND prosecdef
              AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (proconfig), false)), 0,
          'every SECURITY DEFINER function sets search_path = pg_catalog, pg_temp');
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE pronamespace IN ('incident_analytics'::regnamespace, 'incident_analytics_internal'::regnamespace) AND proname ~ '^(import_|load_)'
              AND has_function_privilege('incident_reader', oid, 'EXECUTE')), 0,
          'import_* and load_* functions are not executable by readers');

SELECT * FROM finish();
ROLLBACK;
