#!/usr/bin/env bash
# Hostile search_path: an attacker's schema "evil", ahead of everything in
# the database's search_path (evil, pg_catalog, public: pg_catalog listed
# after evil, so even exact look-alikes win), holds look-alike operators (=, <>, ~, <@, &&)
# and functions (lower, upper, left, length, btrim, cardinality,
# array_position, array_to_string, date_part, now, format) for the argument
# types our scripts and functions use.  Each records its call in evil.calls.
# Then: CREATE EXTENSION, ALTER EXTENSION UPDATE (and every older version's
# upgrade path, when there is one), and a non-superuser session that calls
# every function of the extension, reads every view, and inserts and reads
# incidents under row-level security, all with search_path = evil, pg_catalog, public.
# Pass: evil.calls is empty, no extension object depends on an evil object,
# and the extension works.  A control query proves the trap does fire.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ia_hostile
P() { psql -X -q -v ON_ERROR_STOP=1 -d $db "$@"; }
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
dropdb --if-exists $db >/dev/null 2>&1 || true
createdb $db
trap 'for d in $db ${db}_tmpl ${db}_old; do dropdb --if-exists $d >/dev/null 2>&1 || true; done; psql -X -q -d postgres -c "DROP ROLE IF EXISTS ia_hostile_victim" >/dev/null 2>&1 || true' EXIT

# Traps: evil.trap_op(kind, left, right, op) builds a recording operator.
P >/dev/null <<'SQL'
CREATE SCHEMA evil;
CREATE TABLE evil.calls (what text, at timestamptz DEFAULT clock_timestamp());
GRANT USAGE ON SCHEMA evil TO PUBLIC;
GRANT INSERT, SELECT ON evil.calls TO PUBLIC;
CREATE FUNCTION evil.trap_op(op text, l regtype, r regtype, res regtype DEFAULT 'boolean') RETURNS void
LANGUAGE plpgsql AS $f$
DECLARE fn text := format('evil.op_%s', md5(op || l || r));
BEGIN
  EXECUTE format($q$CREATE FUNCTION %s(a %s, b %s) RETURNS %s LANGUAGE plpgsql VOLATILE AS $b$
                   BEGIN INSERT INTO evil.calls (what) VALUES (%L);
                         RETURN a OPERATOR(pg_catalog.%s) b; END $b$ $q$,
                 fn, l, r, res, format('%s(%s,%s)', op, l, r), op);
  EXECUTE format('CREATE OPERATOR evil.%s (LEFTARG = %s, RIGHTARG = %s, PROCEDURE = %s)', op, l, r, fn);
END $f$;
CREATE FUNCTION evil.trap_fn(name text, args text, res text, body text) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
  EXECUTE format($q$CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql VOLATILE AS $b$
                   BEGIN INSERT INTO evil.calls (what) VALUES (%L); RETURN %s; END $b$ $q$,
                 name, args, res, format('%s(%s)', name, args), body);
END $f$;
SELECT evil.trap_op('=', 'text', 'text'), evil.trap_op('=', 'bpchar', 'text'), evil.trap_op('=', 'text', 'bpchar'),
       evil.trap_op('=', 'name', 'text'), evil.trap_op('=', 'bpchar', 'bpchar'), evil.trap_op('<>', 'text', 'text'),
       evil.trap_op('~', 'text', 'text'), evil.trap_op('~', 'bpchar', 'text'), evil.trap_op('<@', 'text[]', 'text[]'),
       evil.trap_op('&&', 'text[]', 'text[]'), evil.trap_op('=', 'integer', 'integer'), evil.trap_op('>=', 'bigint', 'bigint'),
       evil.trap_op('>=', 'interval', 'interval'), evil.trap_op('>=', 'numeric', 'numeric'), evil.trap_op('=', 'jsonb', 'jsonb'),
       evil.trap_op('=', 'double precision', 'double precision'), evil.trap_op('=', 'oid', 'oid');
SELECT evil.trap_fn('lower', 'a text', 'text', 'pg_catalog.lower(a)'),
       evil.trap_fn('upper', 'a text', 'text', 'pg_catalog.upper(a)'),
       evil.trap_fn('left', 'a text, n integer', 'text', 'pg_catalog.left(a, n)'),
       evil.trap_fn('left', 'a bpchar, n integer', 'text', 'pg_catalog.left(a::text, n)'),
       evil.trap_fn('length', 'a text', 'integer', 'pg_catalog.length(a)'),
       evil.trap_fn('btrim', 'a text', 'text', 'pg_catalog.btrim(a)'),
       evil.trap_fn('cardinality', 'a text[]', 'integer', 'pg_catalog.cardinality(a)'),
       evil.trap_fn('cardinality', 'a bpchar[]', 'integer', 'pg_catalog.cardinality(a)'),
       evil.trap_fn('array_position', 'a text[], e text', 'integer', 'pg_catalog.array_position(a, e)'),
       evil.trap_fn('array_to_string', 'a bpchar[], s text', 'text', 'pg_catalog.array_to_string(a, s)'),
       evil.trap_fn('date_part', 'f text, d date', 'double precision', 'pg_catalog.date_part(f, d::timestamp)'),
       evil.trap_fn('now', '', 'timestamptz', 'pg_catalog.now()'),
       evil.trap_fn('format', 'f text', 'text', 'pg_catalog.format(f)');
SQL
P -c "ALTER DATABASE $db SET search_path = evil, pg_catalog, public"

# Control: the trap fires for unqualified code on this search_path.
n=$(P -At -c "SELECT lower('X') = 'x', 'a'::bpchar = 'a'::text; SELECT count(*) FROM evil.calls" | tail -1)
[ "$n" -ge 3 ] && ok "control: unqualified lower() and = are captured by the attacker ($n calls)" || bad "control: trap did not fire"
P -c 'TRUNCATE evil.calls'

# A copy of the trapped database without the extension, for the older versions.
dropdb --if-exists ${db}_tmpl >/dev/null 2>&1 || true; dropdb --if-exists ${db}_old >/dev/null 2>&1 || true
createdb -T $db ${db}_tmpl; createdb -T $db ${db}_old
# Install and update under the hostile search_path.
P -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'
ok "CREATE EXTENSION with search_path = evil, pg_catalog, public"
# Now that our types exist, traps for them too.
type_traps() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" >/dev/null <<'SQL'
SELECT evil.trap_op('=', 'incident_analytics.cia', 'incident_analytics.cia'),
       evil.trap_op('=', 'incident_analytics.attack_technique', 'incident_analytics.attack_technique'),
       evil.trap_op('<@', 'incident_analytics.attack_technique', 'incident_analytics.attack_technique'),
       evil.trap_op('=', 'incident_analytics.tlp', 'incident_analytics.tlp'),
       evil.trap_op('&&', 'incident_analytics.attack_technique[]', 'incident_analytics.attack_technique[]'),
       evil.trap_op('@>', 'incident_analytics.attack_technique[]', 'incident_analytics.attack_technique[]');
SELECT evil.trap_fn('cardinality', 'a incident_analytics.attack_technique[]', 'integer', 'pg_catalog.cardinality(a)'),
       evil.trap_fn('array_position', 'a incident_analytics.attack_technique[], e incident_analytics.attack_technique',
                    'integer', 'pg_catalog.array_position(a, e)'),
       evil.trap_fn('technique_parent', 'a incident_analytics.attack_technique', 'incident_analytics.attack_technique',
                    'incident_analytics.technique_parent(a)'),
       evil.trap_fn('cia_union', 'a incident_analytics.cia', 'incident_analytics.cia', 'a');
SQL
}
type_traps $db
P -c 'SET client_min_messages = warning' -c 'ALTER EXTENSION incident_analytics UPDATE'
ok "ALTER EXTENSION UPDATE with search_path = evil, pg_catalog, public"
# Older versions' update paths, when there are any: each in a copy of the
# trapped database made before CREATE EXTENSION (the type traps depend on the
# extension's types, so the old version is installed, trapped, then updated).
for v in $(P -At -c "SELECT version FROM pg_catalog.pg_available_extension_versions
                      WHERE name = 'incident_analytics' AND version OPERATOR(pg_catalog.<>) (SELECT default_version FROM pg_catalog.pg_available_extensions WHERE name = 'incident_analytics')"); do
  psql -X -q -v ON_ERROR_STOP=1 -d ${db}_old -c 'SET client_min_messages = warning' \
    -c "CREATE EXTENSION incident_analytics VERSION '$v'"
  type_traps ${db}_old
  psql -X -q -v ON_ERROR_STOP=1 -d ${db}_old -c 'SET client_min_messages = warning' -c 'ALTER EXTENSION incident_analytics UPDATE'
  n=$(psql -X -At -d ${db}_old -c 'SELECT count(*) FROM evil.calls')
  [ "$n" = 0 ] && ok "update from $v with search_path = evil, pg_catalog, public: no trap fired" \
    || bad "update from $v: $n trap calls: $(psql -X -At -d ${db}_old -c 'SELECT string_agg(DISTINCT what, \', \') FROM evil.calls')"
  dropdb ${db}_old; createdb -T ${db}_tmpl ${db}_old
done

# Use it as an ordinary analyst under the hostile search_path.
psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS ia_hostile_victim" -c "CREATE ROLE ia_hostile_victim LOGIN PASSWORD 'ia_hostile_victim' IN ROLE incident_analyst" >/dev/null
P <<'SQL'
INSERT INTO incident_analytics.organisations (org, community) VALUES ('victim-org', 'c1');
INSERT INTO incident_analytics.org_members VALUES ('ia_hostile_victim', 'victim-org');
SQL
out=$(PGPASSWORD=ia_hostile_victim psql -X -q -At -v ON_ERROR_STOP=1 -U ia_hostile_victim -d $db <<'SQL' 2>&1
SHOW search_path;
INSERT INTO incident_analytics.incidents (source, source_id, title, occurred_on, occurred_precision, cia,
       techniques, motives, actor_types, tlp, shared_with, sources, outage_duration, records_affected)
VALUES ('hostile', '1', 'x', DATE '2024-05-01', 'month', 'C:H/I:N/A:L', '{T1486,T1566.001}', '{financial}',
        '{criminal}', 'amber', '{other-org}', '{https://example.org}', interval '1 day', 10);
SELECT count(*) AS visible FROM incident_analytics.incidents;
UPDATE incident_analytics.incidents SET title = 'y' WHERE source_id OPERATOR(pg_catalog.=) '1';
-- Every function of the extension, with a valid value for each argument.
DO $$
DECLARE f record; args text; n int := 0; failed int := 0;
BEGIN
  FOR f IN SELECT p.oid, p.oid::pg_catalog.regprocedure AS sig,
                  pg_catalog.array_agg(t.typ ORDER BY t.pos) FILTER (WHERE t.typ IS NOT NULL) AS argtypes
             FROM pg_catalog.pg_proc p
             LEFT JOIN LATERAL pg_catalog.unnest(p.proargtypes::oid[]) WITH ORDINALITY t(typ, pos) ON true
            WHERE p.pronamespace OPERATOR(pg_catalog.=) ANY (ARRAY['incident_analytics'::pg_catalog.regnamespace, 'incident_analytics_internal'::pg_catalog.regnamespace]::pg_catalog.oid[])
              AND p.prokind OPERATOR(pg_catalog.=) 'f'
              AND p.prorettype OPERATOR(pg_catalog.<>) 'pg_catalog.trigger'::pg_catalog.regtype
            GROUP BY p.oid
  LOOP
    SELECT pg_catalog.string_agg(CASE
             WHEN ty OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.internal'::pg_catalog.regtype, 'pg_catalog.cstring'::pg_catalog.regtype]) THEN NULL
             WHEN ty::pg_catalog.regtype::text OPERATOR(pg_catalog.~) 'cia$' THEN '''C:H/I:N/A:L''::incident_analytics.cia'
             WHEN ty::pg_catalog.regtype::text OPERATOR(pg_catalog.~) 'attack_technique$' THEN '''T1566.001''::incident_analytics.attack_technique'
             WHEN ty::pg_catalog.regtype::text OPERATOR(pg_catalog.~) 'attack_technique\[\]$' THEN '''{T1486,T1566.001}''::incident_analytics.attack_technique[]'
             WHEN ty OPERATOR(pg_catalog.=) 'pg_catalog.text'::pg_catalog.regtype THEN '''ransomware encrypted the servers; data stolen'''
             WHEN ty OPERATOR(pg_catalog.=) 'pg_catalog.jsonb'::pg_catalog.regtype THEN '''{}''::jsonb'
             WHEN ty OPERATOR(pg_catalog.=) ANY (ARRAY['pg_catalog.int4'::pg_catalog.regtype, 'pg_catalog.int8'::pg_catalog.regtype, 'pg_catalog.numeric'::pg_catalog.regtype, 'pg_catalog.float8'::pg_catalog.regtype]) THEN '50'
             WHEN ty OPERATOR(pg_catalog.=) 'pg_catalog.bool'::pg_catalog.regtype THEN 'true'
             WHEN ty OPERATOR(pg_catalog.=) 'pg_catalog.name'::pg_catalog.regtype THEN 'CURRENT_USER'
             WHEN ty::pg_catalog.regtype::text OPERATOR(pg_catalog.=) 'incident_analytics.incidents' THEN '(SELECT i FROM incident_analytics.incidents i LIMIT 1)'
             ELSE pg_catalog.format('NULL::%s', ty::pg_catalog.regtype) END, ', ' ORDER BY ord)
      INTO args FROM pg_catalog.unnest(f.argtypes) WITH ORDINALITY u(ty, ord);
    CONTINUE WHEN f.argtypes IS NOT NULL AND args IS NULL;
    IF f.argtypes IS NOT NULL AND pg_catalog.array_position(f.argtypes, 'pg_catalog.internal'::pg_catalog.regtype) IS NOT NULL THEN CONTINUE; END IF;
    IF f.argtypes IS NOT NULL AND pg_catalog.array_position(f.argtypes, 'pg_catalog.cstring'::pg_catalog.regtype) IS NOT NULL THEN CONTINUE; END IF;
    BEGIN
      EXECUTE pg_catalog.format('SELECT %s(%s)', f.oid::pg_catalog.regproc, coalesce(args, ''));
      n := n OPERATOR(pg_catalog.+) 1;
    EXCEPTION WHEN insufficient_privilege OR data_exception THEN n := n OPERATOR(pg_catalog.+) 1;  -- a clean refusal of our sample value
              WHEN OTHERS THEN failed := failed OPERATOR(pg_catalog.+) 1;
                               RAISE WARNING 'call % failed: % %', f.sig, SQLSTATE, SQLERRM;
    END;
  END LOOP;
  RAISE NOTICE 'called % functions (% failed)', n, failed;
END $$;
-- Every view, and the aggregate.
DO $$
DECLARE v record;
BEGIN
  FOR v IN SELECT c.oid::pg_catalog.regclass AS rel FROM pg_catalog.pg_class c
            WHERE c.relnamespace OPERATOR(pg_catalog.=) 'incident_analytics'::pg_catalog.regnamespace
              AND c.relkind OPERATOR(pg_catalog.=) 'v' LOOP
    EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM (SELECT * FROM %s) s', v.rel);
  END LOOP;
END $$;
SELECT incident_analytics.cia_union(cia)::text AS folded FROM incident_analytics.incidents;
SQL
) || { bad "using the extension as an analyst under the hostile search_path failed"; echo "$out"; }
echo "$out" | sed 's/^/# /'
echo "$out" | grep -q 'WARNING' && bad "some calls failed under the hostile search_path"

# pg_temp look-alikes in the caller's own session: domains named like every
# type the C queries and the SQL bodies use, temp tables named like the
# reference tables, and functions and operators in pg_temp (pg_temp listed
# first, so even they would be found if anything looked them up by name).
# Severity, explanation, classification, rollups and every view must give
# the values of a clean session, under the poison and after it is dropped
# (nothing poisoned may stay in a cache).
probe() {
  cat <<'SQL'
SELECT 'fn ' || pg_catalog.concat_ws(' | ', incident_analytics.incident_severity(i),
         incident_analytics.incident_severity_explain(i), incident_analytics.classify_cia(i.techniques),
         incident_analytics.classify_cia(i.summary), incident_analytics.technique_tactics(i.techniques),
         incident_analytics.technique_rollup(i.techniques),
         incident_analytics.severity_level(incident_analytics.incident_severity(i)))
  FROM incident_analytics.incidents i WHERE i.source OPERATOR(pg_catalog.=) 'hostile';
SELECT 'view ' || c.relname || ' ' || v.h
  FROM pg_catalog.pg_class c
  CROSS JOIN LATERAL (SELECT pg_catalog.md5(pg_catalog.string_agg(x, ',' ORDER BY x)) AS h
                        FROM pg_catalog.query_to_xml(pg_catalog.format('SELECT * FROM incident_analytics.%I', c.relname),
                                                     false, false, '') q,
                             LATERAL pg_catalog.unnest(pg_catalog.xpath('/table/row', q)::pg_catalog.text[]) x) v
 WHERE c.relnamespace OPERATOR(pg_catalog.=) 'incident_analytics'::pg_catalog.regnamespace
   AND c.relkind OPERATOR(pg_catalog.=) 'v'
 ORDER BY c.relname;
SQL
}
P -c "UPDATE incident_analytics.incidents SET summary = 'Ransomware encrypted the servers; data was stolen.', sector = '62', functional_impact = 'denial_critical' WHERE source OPERATOR(pg_catalog.=) 'hostile'"
clean=$(probe | P -At 2>&1) || true
poisoned=$( { cat <<'SQL'
SET search_path = pg_temp, evil, pg_catalog, public;
CREATE FUNCTION pg_temp.trap_eq(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.bool LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.=(text,text)'); RETURN false; END $b$;
CREATE FUNCTION pg_temp.trap_eq4(a pg_catalog.int4, b pg_catalog.int4) RETURNS pg_catalog.bool LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.=(int4,int4)'); RETURN false; END $b$;
CREATE OPERATOR pg_temp.= (LEFTARG = pg_catalog.text, RIGHTARG = pg_catalog.text, PROCEDURE = pg_temp.trap_eq);
CREATE OPERATOR pg_temp.= (LEFTARG = pg_catalog.int4, RIGHTARG = pg_catalog.int4, PROCEDURE = pg_temp.trap_eq4);
CREATE FUNCTION pg_temp.unnest(a pg_catalog.text[]) RETURNS SETOF pg_catalog.text LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.unnest'); RETURN NEXT 'TA0001'; END $b$;
CREATE FUNCTION pg_temp.num_nonnulls(VARIADIC a pg_catalog.text[]) RETURNS pg_catalog.int4 LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.num_nonnulls'); RETURN 0; END $b$;
CREATE FUNCTION pg_temp.round(a pg_catalog.numeric, n pg_catalog.int4) RETURNS pg_catalog.numeric LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.round'); RETURN 42; END $b$;
CREATE FUNCTION pg_temp.left(a pg_catalog.text, n pg_catalog.int4) RETURNS pg_catalog.text LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.left'); RETURN 'xx'; END $b$;
CREATE FUNCTION pg_temp.array_agg_sfunc(s pg_catalog.text[], v pg_catalog.text) RETURNS pg_catalog.text[] LANGUAGE plpgsql AS
  $b$ BEGIN INSERT INTO evil.calls (what) VALUES ('pg_temp.array_agg'); RETURN s; END $b$;
CREATE AGGREGATE pg_temp.array_agg(pg_catalog.text) (SFUNC = pg_temp.array_agg_sfunc, STYPE = pg_catalog.text[]);
CREATE TEMP TABLE sectors (code pg_catalog.text, criticality pg_catalog.int4);
INSERT INTO sectors VALUES ('62', 25);
CREATE TEMP TABLE attack_techniques (technique pg_catalog.text, tactics pg_catalog.text[], impact_type pg_catalog.text,
                                     revoked_by pg_catalog.text, domain pg_catalog.text);
INSERT INTO attack_techniques VALUES ('T1486', '{TA0001}', 'confidentiality', NULL, 'enterprise');
CREATE DOMAIN pg_temp.int4 AS pg_catalog.numeric;
CREATE DOMAIN pg_temp.int2 AS pg_catalog.numeric;
CREATE DOMAIN pg_temp.int8 AS pg_catalog.numeric;
CREATE DOMAIN pg_temp.numeric AS pg_catalog.float8;
CREATE DOMAIN pg_temp.float8 AS pg_catalog.numeric;
CREATE DOMAIN pg_temp.text AS pg_catalog.varchar(2);
CREATE DOMAIN pg_temp.bool AS pg_catalog.int4;
CREATE DOMAIN pg_temp.date AS pg_catalog.text;
CREATE DOMAIN pg_temp.jsonb AS pg_catalog.text;
CREATE DOMAIN pg_temp.attack_technique AS pg_catalog.int8;
CREATE DOMAIN pg_temp.cia AS pg_catalog.int4;
CREATE DOMAIN pg_temp.tlp AS pg_catalog.text;
SQL
  probe
  echo "DISCARD TEMP;"
  probe
} | P -At 2>&1 ) || true
clean_n=$(echo "$clean" | grep -c . || true)
if [ "$clean_n" -ge 7 ] && [ "$(echo "$poisoned" | grep -v '^\(fn\|view\) ' | grep -c . || true)" = 0 ] \
   && [ "$(printf '%s\n%s\n' "$clean" "$clean")" = "$poisoned" ]; then
  ok "pg_temp domains, temp tables, functions and operators change no value ($clean_n probes), and nothing stays after DISCARD TEMP"
else
  bad "pg_temp look-alikes changed results"
  diff <(printf '%s\n%s\n' "$clean" "$clean") <(echo "$poisoned") | head -20 | sed 's/^/# /'
fi

calls=$(P -At -c "SELECT pg_catalog.count(*) FROM evil.calls")
if [ "$calls" = 0 ]; then ok "no attacker object was ever called"
else bad "attacker objects were called:"; P -c "SELECT what, pg_catalog.count(*) FROM evil.calls GROUP BY 1"; fi
deps=$(P -At -c "SELECT pg_catalog.count(*) FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_depend e ON e.classid OPERATOR(pg_catalog.=) d.classid AND e.objid OPERATOR(pg_catalog.=) d.objid
   AND e.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass AND e.deptype OPERATOR(pg_catalog.=) 'e'
 WHERE (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
        AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_proc WHERE pronamespace OPERATOR(pg_catalog.=) 'evil'::pg_catalog.regnamespace))
    OR (d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::pg_catalog.regclass
        AND d.refobjid IN (SELECT oid FROM pg_catalog.pg_operator WHERE oprnamespace OPERATOR(pg_catalog.=) 'evil'::pg_catalog.regnamespace))")
[ "$deps" = 0 ] && ok "no object of the extension depends on an attacker object" || bad "$deps extension objects depend on attacker objects"
exit $fail
