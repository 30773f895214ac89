#!/usr/bin/env bash
# bench/rls_cost.sh: the per-row cost of TLP row-level security on incidents.
#
#   bench/rls_cost.sh [N]          (default N 200000; PG* environment of a cluster
#                                   where incident_analytics is installed)
#
# Generates N incidents (bench/generate.sql), spreads them over 20
# organisations (reported_by, two recipients each, 4 communities, clients),
# and times SELECT count(*) FROM incidents (median of BENCH_K runs, default 5)
#   - as the owner (row-level security bypassed): the scan alone, and with
#     WHERE num_nonnulls(tlp, reported_by, shared_with) >= 0 (reading the
#     columns the policy reads, one call per row: the floor of any policy);
#   - as a reader acting for one organisation, under three policy sets:
#       c_function   the shipped policies (tlp_visible() per row, memberships
#                    read once per statement);
#       initplan     the 1.0.0 policies (visible_orgs() in scalar sub-selects,
#                    one InitPlan each per statement), refused by Citus;
#       sql_per_row  the same rules without sub-selects, as SQL functions called
#                    per row (what a sub-select-free rewrite in SQL costs); on
#                    the first min(N, BENCH_SUBSET=2000) rows, scaled to N.
# The per-row cost is (reader - owner) / N.  Writes the table to stdout and,
# with BENCH_OUT=file, to that file.  Drops its database at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
k=${BENCH_K:-5}
subset=${BENCH_SUBSET:-2000}
[ "$subset" -gt "$n" ] && subset=$n
db=ia_bench_rls
P() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
dropdb --if-exists $db >/dev/null 2>&1 || true
createdb $db
trap 'dropdb --if-exists $db >/dev/null 2>&1 || true; psql -X -q -d postgres -c "DROP ROLE IF EXISTS ia_bench_reader" >/dev/null 2>&1 || true' EXIT
P -c 'CREATE EXTENSION incident_analytics'
psql -X -q -v ON_ERROR_STOP=1 -d $db -v n="$n" -f bench/generate.sql >/dev/null
P <<'SQL'
SET search_path = incident_analytics, public;
INSERT INTO organisations (org, community)
  SELECT 'org' || i, 'c' || (i % 4) FROM generate_series(0, 19) i;
UPDATE organisations SET client_of = 'org' || ((substr(org, 4)::int + 1) % 20)
 WHERE substr(org, 4)::int % 5 = 0;
UPDATE incidents SET reported_by = 'org' || (incident_id % 20),
       shared_with = ARRAY['org' || ((incident_id * 7) % 20), 'org' || ((incident_id * 13 + 3) % 20)];
SET client_min_messages = warning;
DROP ROLE IF EXISTS ia_bench_reader;
CREATE ROLE ia_bench_reader;
GRANT incident_reader TO ia_bench_reader;
INSERT INTO org_members (role_name, org) VALUES ('ia_bench_reader', 'org3');
-- The two policy sets measured besides the shipped one.
CREATE SCHEMA bench_rls;
CREATE FUNCTION bench_rls.visible_sql(level tlp, rb text, sw text[]) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE
RETURN level = 'clear'
    OR rb = ANY (visible_orgs('amber+strict'))
    OR (level = 'green' AND rb = ANY (visible_orgs('green')))
    OR (level = 'amber' AND sw && visible_orgs('amber'))
    OR (level IN ('amber+strict', 'red') AND sw && visible_orgs('amber+strict'));
GRANT USAGE ON SCHEMA bench_rls TO ia_bench_reader;
VACUUM ANALYZE incidents;
SQL

owner_policies=$(P -c "SELECT count(*) FROM pg_policies WHERE tablename = 'incidents'")
[ "$owner_policies" -ge 4 ] || { echo "expected the incidents policies"; exit 1; }

# median of k timings (ms) of count(*) as role $1 (empty: owner); prints "ms count"
measure() {
  local role=$1 rows=$2 setrole="" where="${3:-}"
  [ -n "$role" ] && setrole="SET ROLE $role;"
  [ "$rows" != all ] && where="WHERE incident_id < $((minid + rows))"
  python3 - "$db" "$k" "$setrole" "$where" <<'PY'
import subprocess, sys, re, statistics
db, k, setrole, where = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sql = "SET max_parallel_workers_per_gather = 0;\n%s\n\\timing on\n" % setrole
q = "SELECT count(*) FROM incident_analytics.incidents %s;\n" % where
sql += q * (k + 1)
out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql,
                     capture_output=True, text=True, check=True).stdout
times = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)][1:]
counts = [l for l in out.splitlines() if l.isdigit()]
print("%.1f %s" % (statistics.median(times), counts[-1]))
PY
}

set_policies() {   # c_function | initplan | sql_per_row
  local read own admin
  case $1 in
    c_function)
      read='incident_analytics.tlp_visible(tlp, reported_by, shared_with)'
      own='incident_analytics_internal.tlp_acts_for(reported_by)'
      admin='incident_analytics_internal.tlp_admin()' ;;
    initplan)
      read="tlp = 'clear'::incident_analytics.tlp
        OR reported_by = ANY ((SELECT incident_analytics.visible_orgs('amber+strict'))::text[])
        OR (tlp = 'green' AND reported_by = ANY ((SELECT incident_analytics.visible_orgs('green'))::text[]))
        OR (tlp = 'amber' AND shared_with && (SELECT incident_analytics.visible_orgs('amber')))
        OR (tlp = 'amber+strict' AND shared_with && (SELECT incident_analytics.visible_orgs('amber+strict')))
        OR (tlp = 'red' AND shared_with && (SELECT incident_analytics.visible_orgs('red')))"
      own="reported_by = ANY ((SELECT incident_analytics.visible_orgs('amber+strict'))::text[])"
      admin='(SELECT incident_analytics.tlp_is_admin())' ;;
    sql_per_row)
      read='bench_rls.visible_sql(tlp, reported_by, shared_with)'
      own="reported_by = ANY (incident_analytics.visible_orgs('amber+strict'))"
      admin='incident_analytics.tlp_is_admin()' ;;
  esac
  P <<SQL
ALTER POLICY incidents_tlp_read ON incident_analytics.incidents USING ($read);
ALTER POLICY incidents_own_insert ON incident_analytics.incidents WITH CHECK ($own);
ALTER POLICY incidents_own_update ON incident_analytics.incidents USING ($own) WITH CHECK ($own);
ALTER POLICY incidents_admin ON incident_analytics.incidents USING ($admin) WITH CHECK ($admin);
SQL
}

minid=$(P -c 'SELECT min(incident_id) FROM incident_analytics.incidents')
read -r owner_ms total < <(measure "" all)
read -r owner_sub_ms _ < <(measure "" "$subset")
# the owner reading the three columns the policy reads, with one call per row
read -r deform_ms _ < <(measure "" all "WHERE pg_catalog.num_nonnulls(tlp, reported_by, shared_with) >= 0")
declare -A ms cnt
for pol in c_function initplan sql_per_row; do
  set_policies $pol
  if [ $pol = sql_per_row ]; then
    read -r t c < <(measure ia_bench_reader "$subset")
    # scale the RLS overhead measured on the subset to N rows
    ms[$pol]=$(python3 -c "print('%.1f' % ($owner_ms + ($t - $owner_sub_ms) * $n / $subset))")
    cnt[$pol]="$c of $subset"
  else
    read -r t c < <(measure ia_bench_reader all)
    ms[$pol]=$t; cnt[$pol]=$c
  fi
done
set_policies c_function

{
  echo "# TLP row-level security: count(*) at $n incidents"
  echo
  echo "PostgreSQL $(P -c 'SHOW server_version'), $(nproc) cores, no parallel workers, median of $k runs after a warm-up;"
  echo "reader acts for 1 of 20 organisations (4 communities); $(date -u +%Y-%m-%d)."
  echo
  echo "| policies | ms | rows seen | RLS ns per row | x owner |"
  echo "|---|---:|---:|---:|---:|"
  echo "| owner (no RLS) | $owner_ms | $total | 0 | 1.0 |"
  python3 -c "print('| owner, reading tlp, reported_by, shared_with | %.1f | $total | %.0f | %.1f |' % ($deform_ms, ($deform_ms - $owner_ms) * 1e6 / $n, $deform_ms / $owner_ms))"
  for pol in c_function initplan sql_per_row; do
    python3 -c "
n=$n; o=$owner_ms; t=${ms[$pol]}
print('| %s | %.1f | %s | %.0f | %.1f |' % ('$pol', t, '${cnt[$pol]}', (t - o) * 1e6 / n, t / o))"
  done
  echo
  echo "c_function: shipped (tlp_visible per row, memberships once per statement); initplan: 1.0.0 (sub-selects, refused on Citus shards);"
  echo "sql_per_row: the rules as SQL functions without sub-selects, measured on $subset rows and scaled to $n."
} | tee ${BENCH_OUT:-/dev/null}
