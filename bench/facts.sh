#!/usr/bin/env bash
# bench/facts.sh: what the stored derived facts of incidents (docs/facts.md)
# cost at write time and save at read time, in one run on one data set.
#
#   bench/facts.sh [N]        (default N 200000; PG* environment of a cluster
#                              where incident_analytics is installed)
#
# Generates N incidents (bench/generate.sql; the trigger sets their facts),
# VACUUM ANALYZE, then measures (median of BENCH_K runs after a warm-up,
# default 5, psql \timing, one session per query; the table is read by a
# sequential scan, index scans off, as in bench/run):
#   R1 floor      SELECT count(*) FROM incidents
#   R2 overview   SELECT severity_level, count(*) FROM incident_overview GROUP BY 1
#                 - stored: the shipped view, facts current (what users get);
#                 - stale:  the same view with every row stale (a sectors row
#                   no incident uses is added, so the stamp changes but no
#                   value does): the facts are computed live, per row;
#                 - 1.1 before facts: the view as it was before this change
#                   (bench/facts_live_overview.sql), computing severity,
#                   coverage and effective CIA in FROM;
#                 each serial and with 2 parallel workers.
#   W1 bulk insert of BENCH_INSERT rows (default 50000, generated rows copied
#                 from a staging table) into incidents, into incidents with the
#                 facts trigger disabled, and into a trigger-less copy
#                 (CREATE TABLE ... (LIKE incidents INCLUDING ALL): same
#                 columns, defaults, checks and indexes; no triggers, no
#                 foreign keys); median of BENCH_INSERT_K runs (default 3),
#                 the rows deleted and the table vacuumed between runs.
#                 A third copy has the foreign keys of incidents, to tell
#                 their cost (checked by triggers too) from that of the facts.
#   W2 single-row insert latency: pgbench, one client, BENCH_LATENCY_T
#                 transactions (default 2000) of one INSERT each, with
#                 synchronous_commit off (so the WAL flush does not hide the
#                 rest), into incidents and into the copy.
#   C  checks: the overview (every column, ORDER BY incident_id) is identical
#                 with 0 and 2 parallel workers, stored and stale, and equal to
#                 the 1.1-before-facts view; verify_incident_facts() is empty.
# Writes the table to stdout and, with BENCH_OUT=file, to that file.  Drops
# its database at the end (BENCH_KEEP=1 keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200000}
k=${BENCH_K:-5}
ins=${BENCH_INSERT:-50000}
ins_k=${BENCH_INSERT_K:-3}
lat_t=${BENCH_LATENCY_T:-2000}
db=ia_bench_facts
P() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
dropdb --if-exists $db >/dev/null 2>&1 || true
createdb $db
[ "${BENCH_KEEP:-}" = 1 ] || trap 'dropdb --if-exists $db >/dev/null 2>&1 || true' EXIT
P -c 'CREATE EXTENSION incident_analytics'

start=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 -d $db -v n="$n" -f bench/generate.sql >/dev/null
gen_s=$(python3 -c "import time; print('%.1f' % (time.time() - $start))")

P <<SQL
SET search_path = incident_analytics, public;
CREATE SCHEMA bench_facts;
\i bench/facts_live_overview.sql
-- the rows of the insert workloads: generated incidents, other source ids
CREATE TABLE bench_facts.src AS
  SELECT * FROM incidents ORDER BY incident_id LIMIT $ins;
ALTER TABLE bench_facts.src DROP COLUMN incident_id;
UPDATE bench_facts.src SET source = 'bench-insert';
ALTER TABLE bench_facts.src ADD COLUMN bench_n integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY;
CREATE TABLE bench_facts.incidents_copy (LIKE incidents INCLUDING ALL);
CREATE TABLE bench_facts.incidents_copy_fk (LIKE incidents INCLUDING ALL);
-- the copy with the foreign keys of incidents (the self-reference to itself)
DO \$\$
DECLARE c record;
BEGIN
  FOR c IN SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
            WHERE conrelid = 'incident_analytics.incidents'::regclass AND contype = 'f' LOOP
    EXECUTE 'ALTER TABLE bench_facts.incidents_copy_fk ADD ' ||
            replace(c.def, 'incident_analytics.incidents(', 'bench_facts.incidents_copy_fk(');
  END LOOP;
END
\$\$;
CREATE SEQUENCE bench_facts.latency_seq;
VACUUM ANALYZE incidents;
VACUUM ANALYZE bench_facts.src;
SQL
cols=$(P -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
              WHERE attrelid = 'bench_facts.src'::regclass AND attnum > 0 AND NOT attisdropped
                AND attname NOT LIKE 'derived\_%' AND attname <> 'bench_n'")

SEQ="SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off;"
PAR0="SET max_parallel_workers_per_gather = 0;"
PAR2="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;"

# median ms of k runs (after one warm-up) of query $2 after settings $1
measure() {
  python3 - "$db" "$k" "$1" "$2" <<'PY'
import subprocess, sys, re, statistics
db, k, settings, q = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
sql = "SET search_path = incident_analytics, public;\n%s\n\\timing on\n" % settings
sql += (q.rstrip(';') + ";\n") * (k + 1)
out = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db], input=sql,
                     capture_output=True, text=True, check=True).stdout
times = [float(m) for m in re.findall(r"Time: ([0-9.]+) ms", out)][1:]
print("%.1f" % statistics.median(times))
PY
}
# md5 of a query's output under settings $1
digest() {
  printf '%s\n' "SET search_path = incident_analytics, public; $1" "$2" | psql -X -q -At -v ON_ERROR_STOP=1 -d $db | md5sum | cut -c1-12
}

GROUP="SELECT severity_level, count(*) FROM incident_overview GROUP BY 1"
GROUP_LIVE="SELECT severity_level, count(*) FROM bench_facts.incident_overview_live GROUP BY 1"
ALL="SELECT * FROM incident_overview ORDER BY incident_id"
ALL_LIVE="SELECT * FROM bench_facts.incident_overview_live ORDER BY incident_id"
STALE_ON="INSERT INTO incident_analytics.sectors (code, name, level, criticality) VALUES ('99', 'bench: a sector no incident has', 2, 25)"
STALE_OFF="DELETE FROM incident_analytics.sectors WHERE code = '99'"

declare -A ms
ms[floor0]=$(measure "$SEQ $PAR0" "SELECT count(*) FROM incidents")
ms[floor2]=$(measure "$SEQ $PAR2" "SELECT count(*) FROM incidents")
ms[stored0]=$(measure "$SEQ $PAR0" "$GROUP")
ms[stored2]=$(measure "$SEQ $PAR2" "$GROUP")
ms[before0]=$(measure "$SEQ $PAR0" "$GROUP_LIVE")
ms[before2]=$(measure "$SEQ $PAR2" "$GROUP_LIVE")
d_stored0=$(digest "$SEQ $PAR0" "$ALL")
d_stored2=$(digest "$SEQ $PAR2" "$ALL")
d_before0=$(digest "$SEQ $PAR0" "$ALL_LIVE")
d_group0=$(digest "$SEQ $PAR0" "$GROUP ORDER BY 1")
d_group2=$(digest "$SEQ $PAR2" "$GROUP ORDER BY 1")
verify=$(P -c "SELECT count(*) FROM incident_analytics.verify_incident_facts()")
stale_before=$(P -c "SELECT count(*) FROM incident_analytics.incidents WHERE derived_stamp IS DISTINCT FROM incident_analytics_internal.incident_facts_stamp()")

P -c "$STALE_ON"
stale_now=$(P -c "SELECT count(*) FROM incident_analytics.incidents WHERE derived_stamp IS DISTINCT FROM incident_analytics_internal.incident_facts_stamp()")
ms[stale0]=$(measure "$SEQ $PAR0" "$GROUP")
ms[stale2]=$(measure "$SEQ $PAR2" "$GROUP")
d_stale0=$(digest "$SEQ $PAR0" "$ALL")
d_stale2=$(digest "$SEQ $PAR2" "$ALL")
d_sgroup2=$(digest "$SEQ $PAR2" "$GROUP ORDER BY 1")
P -c "$STALE_OFF"

# W1: bulk insert, median of ins_k runs, the rows removed between runs
insert_ms() {   # $1 target table, $2 setup
  local t out all=()
  for r in $(seq 1 "$ins_k"); do
    out=$(printf '%s\n' "SET search_path = incident_analytics, public; $2" '\timing on' \
            "INSERT INTO $1 ($cols) SELECT $cols FROM bench_facts.src;" | psql -X -q -At -v ON_ERROR_STOP=1 -d $db)
    t=$(printf '%s\n' "$out" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)
    all+=("$t")
    P -c "DELETE FROM $1 WHERE source = 'bench-insert'" -c "VACUUM $1"
  done
  python3 -c "import statistics, sys; print('%.1f' % statistics.median(float(x) for x in sys.argv[1:]))" "${all[@]}"
}
ms[ins_facts]=$(insert_ms incident_analytics.incidents "")
P -c "ALTER TABLE incident_analytics.incidents DISABLE TRIGGER zz_incident_facts"
ms[ins_nofacts]=$(insert_ms incident_analytics.incidents "")
P -c "ALTER TABLE incident_analytics.incidents ENABLE TRIGGER zz_incident_facts"
ms[ins_copy]=$(insert_ms bench_facts.incidents_copy "")
ms[ins_copy_fk]=$(insert_ms bench_facts.incidents_copy_fk "")

# W2: single-row insert latency (pgbench, 1 client, one INSERT per transaction)
latency() {   # $1 target table
  local f
  f=$(mktemp)
  cat > "$f" <<EOF
\set r random(1, $ins)
INSERT INTO $1 ($cols) SELECT $(echo "$cols" | sed "s/\bsource_id\b/'lat-' || nextval('bench_facts.latency_seq')/; s/\bsource\b/'bench-latency'/") FROM bench_facts.src WHERE bench_n = :r;
EOF
  PGOPTIONS='-c synchronous_commit=off' pgbench -n -d $db -c 1 -t "$lat_t" -f "$f" 2>/dev/null | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p'
  rm -f "$f"
  P -c "DELETE FROM $1 WHERE source = 'bench-latency'" -c "VACUUM $1"
}
ms[lat_facts]=$(latency incident_analytics.incidents)
ms[lat_copy]=$(latency bench_facts.incidents_copy)

r() { python3 -c "print('%.2f' % ($1 / $2))"; }
same() { [ "$1" = "$2" ] && echo identical || echo DIFFERENT; }
{
  echo "# Stored derived facts: $n incidents"
  echo
  echo "PostgreSQL $(P -c 'SHOW server_version'), $(nproc) cores, shared_buffers $(P -c 'SHOW shared_buffers'),"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d); median of $k runs after a warm-up (psql \\timing),"
  echo "sequential scans. Generating the $n rows (bench/generate.sql, facts set by the trigger) took $gen_s s."
  echo
  echo "## Reads: incident_overview grouped by severity level"
  echo
  echo "| query | workers | ms | × count(*) |"
  echo "|---|---:|---:|---:|"
  for w in 0 2; do
    echo "| \`SELECT count(*) FROM incidents\` (floor) | $w | ${ms[floor$w]} | 1.00 |"
    echo "| overview by level, stored facts (shipped) | $w | ${ms[stored$w]} | $(r ${ms[stored$w]} ${ms[floor$w]}) |"
    echo "| overview by level, every row stale (computed live) | $w | ${ms[stale$w]} | $(r ${ms[stale$w]} ${ms[floor$w]}) |"
    echo "| overview by level, view before the stored facts | $w | ${ms[before$w]} | $(r ${ms[before$w]} ${ms[floor$w]}) |"
  done
  echo
  echo "Target: stored ≤ 5× count(*): serial $(r ${ms[stored0]} ${ms[floor0]})×, 2 workers $(r ${ms[stored2]} ${ms[floor2]})×."
  echo "Speed-up over the view before the stored facts: serial $(r ${ms[before0]} ${ms[stored0]})×, 2 workers $(r ${ms[before2]} ${ms[stored2]})×."
  echo
  echo "## Writes"
  echo
  echo "| workload | ms | × trigger-less copy |"
  echo "|---|---:|---:|"
  echo "| bulk INSERT … SELECT of $ins rows into incidents (facts trigger) | ${ms[ins_facts]} | $(r ${ms[ins_facts]} ${ms[ins_copy]}) |"
  echo "| the same, facts trigger disabled (foreign keys still checked) | ${ms[ins_nofacts]} | $(r ${ms[ins_nofacts]} ${ms[ins_copy]}) |"
  echo "| the same into a trigger-less copy with the foreign keys of incidents | ${ms[ins_copy_fk]} | $(r ${ms[ins_copy_fk]} ${ms[ins_copy]}) |"
  echo "| the same into a trigger-less copy (LIKE incidents INCLUDING ALL) | ${ms[ins_copy]} | 1.00 |"
  echo "| single-row INSERT latency into incidents (pgbench, 1 client, $lat_t transactions, synchronous_commit off) | ${ms[lat_facts]} | $(r ${ms[lat_facts]} ${ms[lat_copy]}) |"
  echo "| single-row INSERT latency into the copy | ${ms[lat_copy]} | 1.00 |"
  echo
  echo "Target: bulk insert ≤ 3× the copy: $(r ${ms[ins_facts]} ${ms[ins_copy]})× the copy without foreign keys, $(r ${ms[ins_facts]} ${ms[ins_copy_fk]})× the copy with them; per row the trigger adds $(python3 -c "print('%.1f' % ((${ms[ins_facts]} - ${ms[ins_nofacts]}) * 1000 / $ins))") µs."
  echo
  echo "## Checks"
  echo
  echo "| check | result |"
  echo "|---|---|"
  echo "| \`SELECT * FROM incident_overview ORDER BY incident_id\`, 0 vs 2 workers (stored) | $(same $d_stored0 $d_stored2) ($d_stored0) |"
  echo "| the same, every row stale, 0 vs 2 workers | $(same $d_stale0 $d_stale2) ($d_stale0) |"
  echo "| stored vs stale (computed live) | $(same $d_stored0 $d_stale0) |"
  echo "| shipped view vs the view before the stored facts | $(same $d_stored0 $d_before0) |"
  echo "| overview grouped by level: stored 0 vs 2 workers vs stale 2 workers | $(same $d_group0 $d_group2), $(same $d_group0 $d_sgroup2) |"
  echo "| rows stale after generation / after adding an unused sector | $stale_before / $stale_now |"
  echo "| \`verify_incident_facts()\` rows | $verify |"
} | tee ${BENCH_OUT:-/dev/null}
