#!/usr/bin/env bash
# Upgrade test.  For every installable older version V of incident_analytics
# (a full script incident_analytics--V.sql plus a chain of upgrade scripts
# incident_analytics--A--B.sql up to default_version): install V, load data,
# ALTER EXTENSION ... UPDATE to the newest version, and compare the catalog
# (every member object with its definition, signature, volatility,
# strictness, parallel safety, privileges and comment; columns, constraints,
# indexes, policies) with a fresh install of the newest version; the rows
# loaded before the update must be unchanged.  With a single version it still
# checks that the install script is self-consistent: it installs, drops
# cleanly (nothing left behind) and re-installs to the same catalog, every
# object in the schema belongs to the extension, and every upgrade script in
# src/sql is guarded and reaches default_version.
set -euo pipefail
cd "$(dirname "$0")/../.."
P() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
ext=incident_analytics
newest=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" $ext.control)
fail=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP ROLE IF EXISTS ia_upg_member" >/dev/null 2>&1; for d in ia_upg_fresh ia_upg_old; do dropdb --if-exists $d >/dev/null 2>&1 || true; done' EXIT

# Catalog fingerprint of the extension: one line per fact, sorted.
catalog() {
  P -At -d "$1" <<'SQL'
SET search_path = pg_catalog;
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'incident_analytics'),
members AS (
  SELECT d.classid, d.objid FROM pg_depend d, ext
   WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e')
SELECT 'member ' || pg_describe_object(classid, objid, 0)
       || coalesce(' -- ' || obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)), '')
  FROM members
UNION ALL
SELECT format('function %s returns %s %s strict=%s parallel=%s secdef=%s leakproof=%s config=%s acl=%s body=%s',
              p.oid::regprocedure, pg_get_function_result(p.oid), p.provolatile, p.proisstrict, p.proparallel,
              p.prosecdef, p.proleakproof, p.proconfig, p.proacl, md5(coalesce(pg_get_functiondef(p.oid), p.prosrc)))
  FROM pg_proc p WHERE p.pronamespace = 'incident_analytics'::regnamespace AND p.prokind <> 'a'
UNION ALL
SELECT format('aggregate %s', p.oid::regprocedure)
  FROM pg_proc p WHERE p.pronamespace = 'incident_analytics'::regnamespace AND p.prokind = 'a'
UNION ALL
SELECT format('operator %s(%s,%s) -> %s via %s', o.oprname, o.oprleft::regtype, o.oprright::regtype,
              o.oprresult::regtype, o.oprcode::regprocedure)
  FROM pg_operator o WHERE o.oprnamespace = 'incident_analytics'::regnamespace
UNION ALL
SELECT format('column %s.%s %s notnull=%s default=%s -- %s', c.relname, a.attname,
              format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid),
              col_description(c.oid, a.attnum))
  FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
 WHERE c.relnamespace = 'incident_analytics'::regnamespace
UNION ALL
SELECT format('relation %s kind=%s rls=%s options=%s acl=%s', c.relname, c.relkind, c.relrowsecurity,
              c.reloptions, c.relacl)
  FROM pg_class c WHERE c.relnamespace = 'incident_analytics'::regnamespace
UNION ALL
SELECT format('constraint %s.%s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
  FROM pg_constraint WHERE connamespace = 'incident_analytics'::regnamespace
UNION ALL
SELECT 'index ' || pg_get_indexdef(indexrelid) FROM pg_index
 WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'incident_analytics'::regnamespace)
UNION ALL
SELECT format('policy %s %s %s roles=%s using=%s check=%s', polrelid::regclass, polname, polcmd, polroles,
              pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid))
  FROM pg_policy WHERE polrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'incident_analytics'::regnamespace)
UNION ALL
SELECT format('view %s %s', c.oid::regclass, md5(pg_get_viewdef(c.oid)))
  FROM pg_class c WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind IN ('v', 'm')
UNION ALL
SELECT format('config %s %s', c.cfg::regclass, extcondition[c.i])
  FROM pg_extension, unnest(extconfig) WITH ORDINALITY AS c(cfg, i) WHERE extname = 'incident_analytics'
ORDER BY 1;
SQL
}
data_fp() {
  P -At -d "$1" -c "SELECT count(*) || ' ' || md5(coalesce(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s|%s', incident_id, source, source_id, title, cia, techniques, tlp, reported_by, shared_with), E'\n' ORDER BY incident_id), ''))
                      FROM incident_analytics.incidents WHERE source <> 'upg-veris'"
}
# Rows per table of the extension's schema, one line each.
table_counts() {
  P -At -d "$1" <<'SQL'
DO $$ DECLARE r record; n bigint; BEGIN
  CREATE TEMP TABLE counts (t text, n bigint);
  FOR r IN SELECT c.relname FROM pg_catalog.pg_class c
            WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'r' LOOP
    EXECUTE format('SELECT count(*) FROM incident_analytics.%I', r.relname) INTO n;
    INSERT INTO counts VALUES (r.relname, n);
  END LOOP; END $$;
SELECT t || ' ' || n FROM counts ORDER BY t;
SQL
}
load_data() {
  psql -X -q -d "$1" -c "DROP ROLE IF EXISTS ia_upg_member" >/dev/null 2>&1 || true
  P -d "$1" <<'SQL'
INSERT INTO incident_analytics.incidents (source, source_id, title, cia, techniques, tlp, motives)
VALUES ('upg', '1', 'before update', 'C:H/I:N/A:L', '{T1486,T1566.001}', 'green', '{financial}'),
       ('upg', '2', NULL, NULL, NULL, 'red', NULL);
-- an array stored out of line
INSERT INTO incident_analytics.incidents (source, source_id, title, techniques, tlp)
SELECT 'upg', '3', 'long list', array_agg('T1486'::incident_analytics.attack_technique), 'clear'
  FROM generate_series(1, 2000);
INSERT INTO incident_analytics.sectors (code, name, level, criticality) VALUES ('99', 'User sector', 2, 40)
  ON CONFLICT DO NOTHING;
SQL
  # 1.0.0 only: an organisation member (1.0.0 binds it by role name) and an import with a reject
  [ "${2:-}" = old ] || return 0
  P -d "$1" >/dev/null <<'SQL'
CREATE ROLE ia_upg_member NOLOGIN;
INSERT INTO incident_analytics.organisations (org) VALUES ('UPG-CERT');
INSERT INTO incident_analytics.org_members (role_name, org) VALUES ('ia_upg_member', 'UPG-CERT');
INSERT INTO incident_analytics.veris_attack_map VALUES ('action.upg.variety.mislabelled', 'T1486', 'enterprise', 'upg', 'shipped');
SELECT * FROM incident_analytics.import_veris_batch(ARRAY['{"incident_id": "upg-1", "schema_version": "1.3.4", "timeline": {"incident": {"year": 2020}}}', '{"not": "veris"']);
-- a VERIS record as 1.0.0 imported it (every CTID-related technique in
-- techniques), plus a technique an analyst added afterwards
SELECT incident_analytics.import_veris('{"incident_id": "upg-v1", "action": {"malware": {"variety": ["Ransomware"]}, "social": {"variety": ["Phishing"]}, "hacking": {"variety": ["Unknown"]}}}', 'upg-veris');
UPDATE incident_analytics.incidents SET techniques = techniques || 'T1999'::incident_analytics.attack_technique WHERE source = 'upg-veris';
SQL
}
# 1. Upgrade scripts in the source tree: guarded, and each reaches default_version.
shopt -s nullglob
scripts=($ext--*--*.sql)
for s in "${scripts[@]}"; do
  head -5 "$s" | grep -q '\\quit' && ok "$s has a \\echo ... \\quit guard" || bad "$s lacks a \\quit guard"
done
echo "# default_version $newest; ${#scripts[@]} upgrade script(s)"

# 1b. The library keeps every C entry point that an older install script names
# (a 1.0.0 database runs the new library until ALTER EXTENSION UPDATE).
lib=$(pg_config --pkglibdir)/$ext.so
syms=$(nm -D --defined-only "$lib" | awk '{print $NF}')
for f in src/sql/frozen/$ext--*.sql; do
  missing=$(grep -o "'MODULE_PATHNAME', '[A-Za-z_0-9]*'" "$f" | sed "s/.*, '\(.*\)'/\1/" | sort -u |
            while read -r sym; do grep -qx "$sym" <<<"$syms" || echo "$sym"; done)
  n=$(grep -o "'MODULE_PATHNAME', '[A-Za-z_0-9]*'" "$f" | sort -u | wc -l)
  [ -z "$missing" ] && ok "$(basename "$f"): all $n C entry points are in the library" \
    || bad "$(basename "$f"): the library lacks $missing"
done

# 2. Fresh install of the newest version.
dropdb --if-exists ia_upg_fresh >/dev/null 2>&1 || true
createdb ia_upg_fresh
P -d ia_upg_fresh -c 'SET client_min_messages = warning' -c "CREATE EXTENSION $ext"
catalog ia_upg_fresh > "$tmp/fresh"
ok "fresh install of $newest: $(grep -c '^member ' "$tmp/fresh") member objects"

# 3. Self-consistency of the install script.
stray=$(P -At -d ia_upg_fresh <<'SQL'
SELECT string_agg(pg_describe_object('pg_class'::regclass, c.oid, 0), ', ')
  FROM pg_class c
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p', 'c')
   AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i', 'a', 'n'))
SQL
)
[ -z "$stray" ] && ok "every relation in the schema belongs to the extension" || bad "relations not owned by the extension: $stray"
stray=$(P -At -d ia_upg_fresh -c "SELECT string_agg(p.oid::regprocedure::text, ', ') FROM pg_proc p
   WHERE p.pronamespace = 'incident_analytics'::regnamespace
     AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')")
[ -z "$stray" ] && ok "every function in the schema belongs to the extension" || bad "functions not owned by the extension: $stray"
P -d ia_upg_fresh -c 'SET client_min_messages = warning' -c "ALTER EXTENSION $ext UPDATE" \
  && ok "ALTER EXTENSION UPDATE at the newest version is a no-op" || bad "ALTER EXTENSION UPDATE at the newest version failed"
load_data ia_upg_fresh
P -d ia_upg_fresh -c "DROP EXTENSION $ext" \
  && ok "DROP EXTENSION succeeds with data loaded" || bad "DROP EXTENSION failed"
# The schema itself was created by CREATE EXTENSION from the control file and
# is not a member: PostgreSQL leaves it (empty) behind.
left=$(P -At -d ia_upg_fresh -c "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace = n.oid)
                                      + (SELECT count(*) FROM pg_proc WHERE pronamespace = n.oid)
                                      + (SELECT count(*) FROM pg_type WHERE typnamespace = n.oid)
                                      + (SELECT count(*) FROM pg_operator WHERE oprnamespace = n.oid)
                                   FROM pg_namespace n WHERE nspname = 'incident_analytics'")
[ "${left:-0}" = 0 ] && ok "DROP EXTENSION leaves nothing behind in the schema" || bad "$left objects survived DROP EXTENSION"
roles=$(P -At -d ia_upg_fresh -c "SELECT count(*) FROM pg_roles WHERE rolname IN ('incident_reader', 'incident_analyst', 'incident_admin')")
[ "$roles" = 3 ] && ok "the cluster-wide roles survive DROP EXTENSION (documented)" || bad "roles missing after DROP EXTENSION"
P -d ia_upg_fresh -c 'SET client_min_messages = warning' -c "CREATE EXTENSION $ext"
catalog ia_upg_fresh > "$tmp/again"
if diff -u "$tmp/fresh" "$tmp/again" > "$tmp/diff"; then ok "re-install after DROP gives the same catalog"
else bad "re-install differs"; head -40 "$tmp/diff"; fi

# 4. Every installable older version, walked up to the newest.
versions=$(P -At -d ia_upg_fresh -c "SELECT version FROM pg_available_extension_versions
  WHERE name = '$ext' AND version <> '$newest' ORDER BY version")
for v in $versions; do
  path=$(P -At -d ia_upg_fresh -c "SELECT path FROM pg_extension_update_paths('$ext') WHERE source = '$v' AND target = '$newest'")
  if [ -z "$path" ]; then bad "no update path from $v to $newest"; continue; fi
  dropdb --if-exists ia_upg_old >/dev/null 2>&1 || true
  createdb ia_upg_old
  P -d ia_upg_old -c 'SET client_min_messages = warning' -c "CREATE EXTENSION $ext VERSION '$v'"
  load_data ia_upg_old old
  before=$(data_fp ia_upg_old); counts_before=$(table_counts ia_upg_old)
  nb=$(P -At -d ia_upg_old -c "SELECT cardinality(techniques) FROM incident_analytics.incidents WHERE source = 'upg-veris'")
  [ "${nb:-0}" -gt 10 ] && ok "$v: the VERIS row has $nb techniques before the update (broad mapping)" \
    || bad "$v: the VERIS row has ${nb:-no} techniques before the update"
  P -d ia_upg_old -c 'SET client_min_messages = warning' -c "ALTER EXTENSION $ext UPDATE TO '$newest'"
  after=$(data_fp ia_upg_old); counts_after=$(table_counts ia_upg_old)
  # VERIS rows carried over: the broad 1.0.0 techniques leave techniques, the
  # analyst's stays; actions and precise inferred techniques from raw
  va=$(P -At -d ia_upg_old -c "SELECT techniques::text || ' ' || inferred_techniques::text || ' ' || veris_actions::text FROM incident_analytics.incidents WHERE source = 'upg-veris'")
  [ "$va" = "{T1999} {T1486,T1566} {hacking.Unknown,malware.Ransomware,social.Phishing}" ] \
    && ok "$v -> $newest: a VERIS row's broad techniques move out, actions and precise inferred techniques are derived from raw" \
    || bad "$v -> $newest: VERIS row after update: $va"
  o=$(P -At -d ia_upg_old -c "SELECT origin FROM incident_analytics.veris_attack_map WHERE capability_id = 'action.upg.variety.mislabelled'")
  [ "$o" = user ] && ok "$v -> $newest: a user's veris_attack_map row labelled shipped becomes a user row (pg_dump keeps it)" \
    || bad "$v -> $newest: the mislabelled veris_attack_map row is '$o'"
  lost=$(comm -23 <(echo "$counts_before") <(echo "$counts_after"))
  [ -z "$lost" ] && ok "$v -> $newest: every table keeps its rows ($(echo "$counts_before" | wc -l) tables)" \
    || bad "$v -> $newest: row counts changed: $lost"
  [ "$before" = "$after" ] && ok "$v -> $newest ($path): data unchanged ($before)" || bad "$v -> $newest: data changed"
  catalog ia_upg_old > "$tmp/upgraded"
  if diff -u "$tmp/fresh" "$tmp/upgraded" > "$tmp/diff"; then ok "$v -> $newest: catalog identical to a fresh install"
  else bad "$v -> $newest: catalog differs from a fresh install"; head -60 "$tmp/diff"; fi
done
[ -z "$versions" ] && ok "single version $newest: no older version to walk (install script checked above)"
exit $fail
