#!/usr/bin/env bash
# bench/citus.sh: the aggregation views and a TLP reader's count(*) on Citus
# (a coordinator and two workers on this machine) against one node, on the
# same N generated incidents, in the same run.
#
#   bench/citus.sh [N]        (default N 200000; PG_CONFIG/PATH of a PostgreSQL 15
#                              with incident_analytics and Citus installed, e.g.
#                              after IA_SHARED=... test/scripts/97_citus.sh)
#
# Starts four throw-away clusters with the same settings (ports
# BENCH_CITUS_PORT.. +3, default 5471): one node without Citus, and a Citus
# coordinator with two workers (distribute_incidents(BENCH_SHARDS), default
# 32).  Generates N incidents on the single node (bench/generate.sql), spreads
# them over 20 organisations as bench/rls_cost.sh does, and copies the same
# rows to the coordinator.  Then, alternating single node and Citus for each
# query, the median of BENCH_K runs (default 5) after one warm-up:
#   - SELECT * of each aggregation view (as the owner);
#   - count(*) of incidents as the owner and as a reader acting for 1 of the
#     20 organisations (the TLP policies, tlp_visible() per row), whose
#     difference over N is the per-row RLS cost on each.
# Writes a markdown table to stdout and, with BENCH_OUT=file, to that file.
# The numbers depend on the machine and its load: never assert them in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
k=${BENCH_K:-5}
shards=${BENCH_SHARDS:-32}
pgc=${PG_CONFIG:-pg_config}
bindir=$("$pgc" --bindir)
[ -f "$("$pgc" --pkglibdir)/citus.so" ] || { echo "Citus is not installed in $("$pgc" --pkglibdir) (test/scripts/97_citus.sh builds it)"; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
p0=${BENCH_CITUS_PORT:-5471}
ps=$p0 pc=$((p0 + 1)) pw1=$((p0 + 2)) pw2=$((p0 + 3))
tmp=$(mktemp -d)
chmod 755 "$tmp"
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
cleanup() {
  for p in $ps $pc $pw1 $pw2; do
    [ -f "$tmp/n$p/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$tmp/n$p" -m immediate -w stop >/dev/null 2>&1
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
for p in $ps $pc $pw1 $pw2; do
  as_pg "$bindir/initdb" -D "$tmp/n$p" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  {
    [ "$p" != "$ps" ] && echo "shared_preload_libraries = 'citus'"
    cat <<CONF
listen_addresses = 'localhost'
port = $p
unix_socket_directories = '$tmp'
max_connections = 100
shared_buffers = 256MB
work_mem = 64MB
jit = off
fsync = off
autovacuum = off
CONF
  } >> "$tmp/n$p/postgresql.conf"
  as_pg "$bindir/pg_ctl" -D "$tmp/n$p" -l "$tmp/n$p.log" -w start >/dev/null ||
    { cat "$tmp/n$p.log"; echo "cluster on port $p did not start"; exit 1; }
done
on() { local p=$1; shift; psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$p" -U postgres -d postgres "$@"; }
S() { on $ps "$@"; }
C() { on $pc "$@"; }

echo "# setting up: Citus ($shards shards) and one node, N = $n" >&2
C -c 'CREATE EXTENSION citus' -c "SELECT citus_set_coordinator_host('localhost', $pc)" >/dev/null
for p in $pw1 $pw2; do
  on $p -c 'CREATE EXTENSION citus'
  C -c "SELECT citus_add_node('localhost', $p)" >/dev/null
done
C -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics' \
  -c "SELECT incident_analytics.distribute_incidents($shards)" >/dev/null
S -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'
start=$SECONDS
psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p $ps -U postgres -d postgres -v n="$n" -f bench/generate.sql >/dev/null
gen_s=$((SECONDS - start))
orgs="SET client_min_messages = warning;
INSERT INTO incident_analytics.organisations (org, community)
  SELECT 'org' || i, 'c' || (i % 4) FROM generate_series(0, 19) i;
UPDATE incident_analytics.organisations SET client_of = 'org' || ((substr(org, 4)::int + 1) % 20)
 WHERE substr(org, 4)::int % 5 = 0;
"
# roles by plain top-level statements (Citus propagates those to the workers)
for X in S C; do
  $X -c "$orgs" -c 'CREATE ROLE ia_bench_citus_reader LOGIN' -c 'GRANT incident_reader TO ia_bench_citus_reader'
done
S -c "INSERT INTO incident_analytics.org_members (role_name, org) VALUES ('ia_bench_citus_reader', 'org3')"
C -c "INSERT INTO incident_analytics.org_members (role_name, org) VALUES ('ia_bench_citus_reader', 'org3')"
S -c "UPDATE incident_analytics.incidents SET reported_by = 'org' || (incident_id % 20),
       shared_with = ARRAY['org' || ((incident_id * 7) % 20), 'org' || ((incident_id * 13 + 3) % 20)]"
cols=$(S -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
              WHERE attrelid = 'incident_analytics.incidents'::regclass AND attnum > 0 AND NOT attisdropped")
start=$SECONDS
S -c "\\copy (SELECT $cols FROM incident_analytics.incidents) TO STDOUT" |
  C -c "\\copy incident_analytics.incidents ($cols) FROM STDIN"
copy_s=$((SECONDS - start))
S -c 'VACUUM ANALYZE' ; C -c 'VACUUM ANALYZE'
C -c 'SELECT run_command_on_workers($$VACUUM ANALYZE$$)' >/dev/null
S -c 'CHECKPOINT'; C -c 'CHECKPOINT'; C -c 'SELECT run_command_on_workers($$CHECKPOINT$$)' >/dev/null
a=$(S -c 'SELECT count(*) FROM incident_analytics.incidents'); b=$(C -c 'SELECT count(*) FROM incident_analytics.incidents')
[ "$a" = "$b" ] || { echo "row counts differ: one node $a, Citus $b"; exit 1; }

# median of k timings (ms) of one query on one node; prints "ms rows"
measure() {   # measure PORT ROLE SQL
  python3 - "$tmp" "$1" "$k" "$2" "$3" <<'PY'
import subprocess, sys, re, statistics
host, port, k, role, q = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
sql = ("SET ROLE %s;\n" % role if role else "") + "\\timing on\n" + (q + ";\n") * (k + 1)
out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", port,
                      "-U", "postgres", "-d", "postgres"], input=sql,
                     capture_output=True, text=True, check=True).stdout
times = [float(m) for m in re.findall(r"^Time: ([0-9.]+) ms", out, re.M)][1:]
rows = len([l for l in out.splitlines() if l and not l.startswith("Time:") and l != "SET"]) // (k + 1)
print("%.1f %d" % (statistics.median(times), rows))
PY
}
declare -a names sqls roles
add() { names+=("$1"); roles+=("$2"); sqls+=("$3"); }
for v in incidents_by_region incidents_by_sector incidents_by_technique incidents_by_tactic incidents_by_month incidents_by_action; do
  add "$v" "" "SELECT * FROM incident_analytics.$v"
done
add "count(*) incidents, owner" "" "SELECT count(*) FROM incident_analytics.incidents"
add "count(*) incidents, TLP reader" ia_bench_citus_reader "SELECT count(*) FROM incident_analytics.incidents"
add "incidents_by_sector, TLP reader" ia_bench_citus_reader "SELECT * FROM incident_analytics.incidents_by_sector"
declare -a ms1 ms2 rows1 rows2
for i in "${!names[@]}"; do
  echo "# ${names[$i]}" >&2
  read -r ms1[$i] rows1[$i] < <(measure $ps "${roles[$i]}" "${sqls[$i]}")
  read -r ms2[$i] rows2[$i] < <(measure $pc "${roles[$i]}" "${sqls[$i]}")
done
seen=$(on $ps -c "SET ROLE ia_bench_citus_reader" -c "SELECT count(*) FROM incident_analytics.incidents")

out=$(
  echo "# Citus (coordinator + 2 workers, one machine) vs one node: $n incidents"
  echo
  echo "PostgreSQL $(S -c 'SHOW server_version'), Citus $(C -c "SELECT extversion FROM pg_extension WHERE extname = 'citus'"),"
  echo "$(nproc) cores shared by all four clusters (and whatever else runs on the machine);"
  echo "each cluster shared_buffers 256MB, work_mem 64MB, jit off, default parallel settings;"
  echo "distribute_incidents($shards); median of $k runs after a warm-up, single node and Citus alternating"
  echo "per query; $(date -u +%Y-%m-%d). Generating the rows took ${gen_s} s, copying them to Citus ${copy_s} s."
  echo "The TLP reader acts for 1 of 20 organisations and sees $seen of $n incidents."
  echo
  echo "| query | rows | one node ms | Citus ms | Citus / one node |"
  echo "|---|---:|---:|---:|---:|"
  for i in "${!names[@]}"; do
    r=${rows1[$i]}; [ "${rows1[$i]}" = "${rows2[$i]}" ] || r="${rows1[$i]} / ${rows2[$i]}"
    printf '| %s | %s | %s | %s | %s |\n' "${names[$i]}" "$r" "${ms1[$i]}" "${ms2[$i]}" \
      "$(python3 -c "print('%.2f' % (${ms2[$i]} / ${ms1[$i]}))")"
  done
  echo
  # rows 6 and 7 of the arrays: owner and reader count(*)
  o=$((${#names[@]} - 3)); r=$((${#names[@]} - 2))
  echo "Per-row TLP row-level security cost, (reader count(*) - owner count(*)) / N:"
  echo "one node $(python3 -c "print('%.2f' % ((${ms1[$r]} - ${ms1[$o]}) * 1000 / $n))") µs,"
  echo "Citus $(python3 -c "print('%.2f' % ((${ms2[$r]} - ${ms2[$o]}) * 1000 / $n))") µs of wall time"
  echo "(on Citus the shards are scanned in parallel by the workers, so this is elapsed, not CPU, time)."
)
echo "$out"
[ -n "${BENCH_OUT:-}" ] && echo "$out" > "$BENCH_OUT"
exit 0
