#!/usr/bin/env bash
# bench/duplicates.sh: find_duplicates() at scale.
#
#   bench/duplicates.sh [N]        (default N 1000000; PG* environment of a cluster
#                                   where incident_analytics is installed)
#
# Generates N incidents (bench/generate.sql: victims "<organisation> <place>
# #<n>", one per row), re-reports 1% of them under another source (the name
# in capitals or with a legal form, the date a day later, the title only),
# VACUUM ANALYZE, then times (median of BENCH_K runs, default 3):
#   - the blocking keys alone (dup_block_keys over every victim);
#   - SELECT count(*) FROM find_duplicates(0.8);
#   - one victim's rows through the expression index on dup_name_key(victim).
# Prints a markdown table (and writes it to BENCH_OUT when set) with the
# number of candidate pairs and how many re-reports were found.  Drops its
# database at the end (BENCH_KEEP=1 keeps it).  At 1M a find_duplicates run takes
# minutes on a small machine (bench/results/2026-12-duplicates-1000000.md): BENCH_K=1.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
k=${BENCH_K:-3}
db=ia_bench_dup
P() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
dropdb --if-exists $db >/dev/null 2>&1 || true
createdb $db
[ -n "${BENCH_KEEP:-}" ] || trap 'dropdb --if-exists $db >/dev/null 2>&1 || true' EXIT
P -c 'CREATE EXTENSION incident_analytics'
t0=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d $db -v n="$n" -f bench/generate.sql >/dev/null
gen_s=$(echo "$(date +%s.%N) - $t0" | bc)
P <<'SQL'
INSERT INTO incident_analytics.incidents (source, source_id, title, victim, occurred_on, occurred_precision, country, sector, tlp)
SELECT 'bench-rereport', i.source_id,
       'Re-report: ' || i.victim,
       CASE WHEN i.incident_id % 2 = 0 THEN upper(i.victim) ELSE i.victim || ' S.p.A.' END,
       CASE WHEN i.occurred_precision = 'day' THEN i.occurred_on + 1 ELSE i.occurred_on END, i.occurred_precision,
       i.country, i.sector, 'clear'
  FROM incident_analytics.incidents i
 WHERE i.source = 'bench' AND i.incident_id % 100 = 7 AND i.victim IS NOT NULL AND i.occurred_on IS NOT NULL;
SQL
P -c 'VACUUM ANALYZE incident_analytics.incidents'
rows=$(P -c 'SELECT count(*) FROM incident_analytics.incidents')
rr=$(P -c "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'bench-rereport'")
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timeit() {  # $1 = SQL; prints the median ms of k runs (after one warm-up)
  local sql=$1 i
  P -c "$sql" >/dev/null
  for i in $(seq "$k"); do
    P -c '\timing on' -c "$sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
  done | median
}
keys_ms=$(timeit "SELECT count(*) FROM (SELECT unnest(incident_analytics_internal.dup_block_keys(victim)) FROM incident_analytics.incidents) s")
fd_ms=$(timeit "SELECT count(*) FROM incident_analytics.find_duplicates(0.8)")
pairs=$(P -c "SELECT count(*) FROM incident_analytics.find_duplicates(0.0)")
found=$(P <<'SQL'
SELECT count(*) FROM incident_analytics.find_duplicates(0.8) d
  JOIN incident_analytics.incidents a ON a.incident_id = d.incident_id
  JOIN incident_analytics.incidents b ON b.incident_id = d.duplicate_id
 WHERE b.source = 'bench-rereport' AND a.source = 'bench' AND a.source_id = b.source_id
SQL
)
wrong=$(P -c "SELECT count(*) FROM incident_analytics.find_duplicates(0.8) d JOIN incident_analytics.incidents a ON a.incident_id = d.incident_id JOIN incident_analytics.incidents b ON b.incident_id = d.duplicate_id WHERE a.source_id <> b.source_id")
victim=$(P -c "SELECT victim FROM incident_analytics.incidents WHERE source = 'bench-rereport' LIMIT 1")
idx_plan=$(P -c "EXPLAIN (COSTS OFF) SELECT incident_id FROM incident_analytics.incidents WHERE incident_analytics_internal.dup_name_key(victim) = incident_analytics_internal.dup_name_key('$victim')" | head -1)
idx_ms=$(timeit "SELECT count(*) FROM incident_analytics.incidents WHERE incident_analytics_internal.dup_name_key(victim) = incident_analytics_internal.dup_name_key('$victim')")
cores=$(nproc)
out=$(cat <<EOF2
# find_duplicates at $rows incidents ($(date -u +%Y-%m-%d), PostgreSQL $(P -c 'SHOW server_version'), $cores cores, shared_buffers $(P -c 'SHOW shared_buffers'))

| what | value |
|---|---|
| incidents (bench/generate.sql N=$n + 1% re-reports) | $rows ($rr re-reports) |
| generating the N rows (with the name-key index maintained) | $(printf '%.0f' "$gen_s") s |
| blocking keys of every victim (dup_block_keys) | $(printf '%.0f' "$keys_ms") ms |
| find_duplicates(0.8), median of $k | $(printf '%.0f' "$fd_ms") ms |
| candidate pairs scored (find_duplicates(0.0) rows) | $pairs |
| re-reports found at 0.8 / pairs between different records | $found of $rr / $wrong |
| one victim's rows by the index on dup_name_key(victim) | $(printf '%.2f' "$idx_ms") ms ($idx_plan) |
EOF2
)
echo "$out"
[ -z "${BENCH_OUT:-}" ] || echo "$out" > "$BENCH_OUT"
