#!/usr/bin/env bash
# Scaling out with stock PostgreSQL: postgres_fdw, the recipe of
# docs/scaling-fdw.md.  Two "shard" databases each hold part of the incidents;
# a coordinator database reaches them through postgres_fdw servers declared
# with `extensions 'incident_analytics'`.  Checks:
#   - a filter on attack_technique[] (techniques && ...) and on cia is sent to
#     the shard (it is only when the extension's array types are extension
#     members, src/sql/99_array_types.sql);
#   - the shard-side partial states (cia_profile_partial,
#     severity_summary_partial) are computed on the shards, and the
#     coordinator's cia_profile_rollup / severity_summary_rollup over them give
#     exactly the per-country cia_profile / severity_summary of one database
#     holding all the rows.
# All databases live in the suite's throw-away cluster (PG* from tools/dev/run-suite).
set -euo pipefail
cd "$(dirname "$0")/../.."
P() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
dbs="ia_fdw_all ia_fdw_s1 ia_fdw_s2 ia_fdw_co"
cleanup() { for d in $dbs; do dropdb --if-exists "$d" >/dev/null 2>&1 || true; done; }
cleanup
trap cleanup EXIT
if ! [ -f "$(pg_config --sharedir)/extension/postgres_fdw.control" ]; then
  echo "SKIP: postgres_fdw is not installed in $(pg_config --sharedir)"; exit 0
fi
for d in $dbs; do createdb "$d"; P -d "$d" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'; done
status=0
ok()  { echo "ok - $1"; }
bad() { echo "not ok - $1"; status=1; }

# 3,000 generated incidents in one database; odd ids go to shard 1, even to shard 2.
P -d ia_fdw_all -v n=3000 -f bench/generate.sql >/dev/null
P -d ia_fdw_all -c "SELECT count(*) FROM incident_analytics.incidents" | grep -qx 3000 || bad "generated 3000 incidents"
for s in 1 2; do
  # reference rows the generator may have added as user rows travel too
  for t in m49_regions countries subdivisions sectors attack_tactics attack_techniques; do
    P -d ia_fdw_all -c "\\copy (SELECT * FROM incident_analytics.$t WHERE origin = 'user') TO STDOUT" \
      | P -d ia_fdw_s$s -c "\\copy incident_analytics.$t FROM STDIN" 2>/dev/null || true
  done
  P -d ia_fdw_all -c "\\copy (SELECT * FROM incident_analytics.incidents WHERE incident_id % 2 = $((s % 2))) TO STDOUT" \
    | P -d ia_fdw_s$s -c "\\copy incident_analytics.incidents FROM STDIN"
done
n1=$(P -d ia_fdw_s1 -c "SELECT count(*) FROM incident_analytics.incidents")
n2=$(P -d ia_fdw_s2 -c "SELECT count(*) FROM incident_analytics.incidents")
[ $((n1 + n2)) -eq 3000 ] && [ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] \
  && ok "shards hold $n1 + $n2 incidents" || bad "shards hold $n1 + $n2 incidents, expected 3000"

# The throw-away cluster of tools/test (pg_virtualenv) connects over TCP with a
# password (PGPASSWORD); the user mapping then needs it too.
pw=""
[ -n "${PGPASSWORD:-}" ] && pw=", password '${PGPASSWORD//\'/\'\'}'"
# The recipe: on each shard a view of partial states per finest key; on the
# coordinator one server per shard and the shard tables and views as foreign tables.
for s in 1 2; do
  P -d ia_fdw_s$s <<'SQL'
CREATE SCHEMA fed;
CREATE VIEW fed.country_partial AS
  SELECT i.country,
         incident_analytics.cia_profile_partial(i.cia) AS cia_state,
         incident_analytics.severity_summary_partial(incident_analytics.incident_severity(i)) AS severity_state
    FROM incident_analytics.incidents i
   WHERE i.duplicate_of IS NULL
   GROUP BY i.country;
SQL
  P -d ia_fdw_co <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
CREATE SERVER shard$s FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '${PGHOST:-/var/run/postgresql}', port '${PGPORT:-5432}', dbname 'ia_fdw_s$s',
           extensions 'incident_analytics');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard$s OPTIONS (user '${PGUSER:-postgres}'$pw);
CREATE SCHEMA shard$s;
IMPORT FOREIGN SCHEMA incident_analytics LIMIT TO (incidents) FROM SERVER shard$s INTO shard$s;
IMPORT FOREIGN SCHEMA fed LIMIT TO (country_partial) FROM SERVER shard$s INTO shard$s;
SQL
done

plan=$(P -d ia_fdw_co -c "SET search_path = incident_analytics, public" \
         -c "EXPLAIN (VERBOSE) SELECT count(*) FROM shard1.incidents WHERE techniques && '{T1486}'::attack_technique[] AND cia OPERATOR(incident_analytics.>=) 'C:H/I:X/A:X'::cia")
if echo "$plan" | grep -q "Remote SQL:.*techniques &&"; then
  ok "a filter on attack_technique[] runs on the shard"
else
  bad "a filter on attack_technique[] is not sent to the shard"; echo "$plan" | sed 's/^/# /'
fi
plan=$(P -d ia_fdw_co -c "EXPLAIN (VERBOSE) SELECT country, incident_analytics.cia_profile_partial(cia) FROM shard1.incidents GROUP BY country")
if echo "$plan" | grep -q "Remote SQL: SELECT country, incident_analytics.cia_profile_partial(cia) .*GROUP BY"; then
  ok "cia_profile_partial is computed on the shard"
else
  bad "cia_profile_partial is not pushed to the shard"; echo "$plan" | sed 's/^/# /'
fi
hits_local=$(P -d ia_fdw_all -c "SELECT count(*) FROM incident_analytics.incidents WHERE techniques OPERATOR(pg_catalog.&&) '{T1486}'::incident_analytics.attack_technique[]")
hits_fed=$(P -d ia_fdw_co -c "SELECT (SELECT count(*) FROM shard1.incidents WHERE techniques OPERATOR(pg_catalog.&&) '{T1486}'::incident_analytics.attack_technique[]) + (SELECT count(*) FROM shard2.incidents WHERE techniques OPERATOR(pg_catalog.&&) '{T1486}'::incident_analytics.attack_technique[])")
[ "$hits_local" = "$hits_fed" ] && [ "$hits_local" -gt 0 ] && ok "T1486 incidents: $hits_fed on the shards, $hits_local in one database" \
  || bad "T1486 incidents: $hits_fed on the shards, $hits_local in one database"

# Coordinator roll-up of the shards' partial states = one database over all rows.
P -d ia_fdw_all -c "SELECT country, (incident_analytics.cia_profile(i.cia))::text, (incident_analytics.severity_summary(incident_analytics.incident_severity(i)))::text
                      FROM incident_analytics.incidents i WHERE i.duplicate_of IS NULL
                     GROUP BY country ORDER BY country NULLS FIRST" > /tmp/ia_fdw_single.$$
P -d ia_fdw_co -c "SELECT country, (incident_analytics.cia_profile_rollup(cia_state))::text, (incident_analytics.severity_summary_rollup(severity_state))::text
                     FROM (SELECT * FROM shard1.country_partial UNION ALL SELECT * FROM shard2.country_partial) u
                    GROUP BY country ORDER BY country NULLS FIRST" > /tmp/ia_fdw_fed.$$
groups=$(wc -l < /tmp/ia_fdw_single.$$)
if [ "$groups" -gt 10 ] && cmp -s /tmp/ia_fdw_single.$$ /tmp/ia_fdw_fed.$$; then
  ok "per-country cia_profile and severity_summary from two shards equal one database ($groups countries)"
else
  bad "per-country roll-up from the shards differs from one database"; diff /tmp/ia_fdw_single.$$ /tmp/ia_fdw_fed.$$ | head -20 | sed 's/^/# /'
fi
rm -f /tmp/ia_fdw_single.$$ /tmp/ia_fdw_fed.$$
exit $status
