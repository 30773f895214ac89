#!/usr/bin/env bash
# Import hardening, with real roles and sessions (no shared data needed):
#  A. who sees the import log, rejects and staged lines (row-level security by
#     the TLP of the record a reject came from; staging only to its role);
#  B. an incident_analyst runs every import path, and what it imports is its
#     organisation's;
#  C. a partial re-import (CSV header source_id,title; a VERIS document with
#     fewer sections) changes only what the input has; TLP never drops
#     without allow_tlp_lowering;
#  D. two sessions importing the same 5,000 records in opposite orders reject
#     nothing (deadlocks are retried, not rejected);
#  E. an import whose backend is terminated mid-run is shown interrupted, is
#     resumed from a new session, or abandoned, with no staged lines left;
#  F. VERIS errors name the JSON path and the value.
# Needs the PG* environment of a cluster where the extension is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ia_import71
roles="ia71_reader ia71_orgreader ia71_analyst ia71_analyst_b ia71_admin"
tmp=$(mktemp -d)
cleanup() {
  for j in $(jobs -p); do kill "$j" 2>/dev/null || true; done
  rm -rf "$tmp"
  dropdb --if-exists "$db" >/dev/null 2>&1 || true
  for r in $roles; do psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT
dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
export PGDATABASE=$db
P() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }
# as ROLE: psql as a login role (password auth works too)
as() { local r=$1; shift; PGPASSWORD=$r PGUSER=$r psql -X -At -v ON_ERROR_STOP=1 "$@"; }
qa() { as "$1" -c "$2"; }
fail=0
n=0
check() {   # check NAME GOT WANT
  n=$((n + 1))
  if [ "$2" == "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: got [$2] want [$3]"; fail=1; fi
}

P -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'
psql -X -q -d postgres >/dev/null <<'SQL'
SET client_min_messages = warning;
DROP ROLE IF EXISTS ia71_reader, ia71_orgreader, ia71_analyst, ia71_analyst_b, ia71_admin;
CREATE ROLE ia71_reader LOGIN PASSWORD 'ia71_reader' IN ROLE incident_reader;
CREATE ROLE ia71_orgreader LOGIN PASSWORD 'ia71_orgreader' IN ROLE incident_reader;
CREATE ROLE ia71_analyst LOGIN PASSWORD 'ia71_analyst' IN ROLE incident_analyst;
CREATE ROLE ia71_analyst_b LOGIN PASSWORD 'ia71_analyst_b' IN ROLE incident_analyst;
CREATE ROLE ia71_admin LOGIN PASSWORD 'ia71_admin' IN ROLE incident_admin;
SQL
P <<'SQL'
INSERT INTO incident_analytics.organisations (org, community) VALUES ('org-a', 'ca'), ('org-b', 'cb'), ('org-c', 'cc');
INSERT INTO incident_analytics.org_members (role_name, org) VALUES
  ('ia71_analyst', 'org-a'), ('ia71_orgreader', 'org-a'), ('ia71_analyst_b', 'org-b');
SQL

# ---------------------------------------------------------------- A + B: VERIS
cat > "$tmp/team.ndjson" <<'EOF'
{"incident_id": "t-1", "summary": "Ransomware at the plant. Production stopped.", "timeline": {"incident": {"year": 2024, "month": 3}}}
{"incident_id": "t-2", "summary": "SECRET-AMBER-DOC phishing of the CFO", "impact": {"overall_rating": "Huge"}}
{"incident_id": "t-3", "summary": "SECRET-TRUNCATED
{"incident_id": "t-4", "summary": "Credential stuffing", "action": {"hacking": {"variety": ["Brute force"]}}}
EOF
out=$(PGPASSWORD=ia71_analyst tools/import-veris --source team-a "$tmp/team.ndjson" -- -At -F' ' -U ia71_analyst 2>"$tmp/err" </dev/null || true)
imp=$(echo "$out" | cut -d' ' -f1)
check "analyst: tools/import-veris runs (loaded updated rejected total)" "$(echo "$out" | cut -d' ' -f2-)" "2 0 2 4"
check "analyst: imported VERIS records are reported by its organisation" \
  "$(q "SELECT string_agg(DISTINCT coalesce(reported_by, 'NULL'), ',') || ' ' || count(*) FROM incident_analytics.incidents WHERE source = 'team-a'")" "org-a 2"
check "rejects carry the record's marking (amber, org-a) or none when undeterminable" \
  "$(q "SELECT string_agg(position || ':' || coalesce(tlp::text, '-') || ':' || coalesce(reported_by, '-'), ' ' ORDER BY position) FROM incident_analytics.import_rejects WHERE import_id = ${imp:-0}")" \
  "2:amber:org-a 3:-:-"
check "reader without organisation: no rejects, no import log, no raw_text" \
  "$(qa ia71_reader "SELECT (SELECT count(*) FROM incident_analytics.import_rejects) || ' ' || (SELECT count(*) FROM incident_analytics.imports) || ' ' || (SELECT count(*) FROM incident_analytics.import_rejects WHERE raw_text LIKE '%SECRET%')")" "0 0 0"
check "reader of org-a: the amber reject of its organisation, not the undeterminable one; the run" \
  "$(qa ia71_orgreader "SELECT (SELECT string_agg(position::text, ',') FROM incident_analytics.import_rejects) || ' ' || (SELECT count(*) FROM incident_analytics.imports)")" "2 1"
check "analyst of org-b: nothing of org-a's run" \
  "$(qa ia71_analyst_b "SELECT (SELECT count(*) FROM incident_analytics.import_rejects) || ' ' || (SELECT count(*) FROM incident_analytics.imports)")" "0 0"
check "the importer and an admin see both rejects" \
  "$(qa ia71_analyst "SELECT count(*) FROM incident_analytics.import_rejects") $(qa ia71_admin "SELECT count(*) FROM incident_analytics.import_rejects")" "2 2"
check "a reject of TLP:CLEAR source (vcdb) is readable by a reader" \
  "$(qa ia71_analyst "SELECT rejected FROM incident_analytics.import_veris_batch(ARRAY['{\"incident_id\": \"v-1\", \"victim\": {\"country\": 1}}'], 'vcdb')" >/dev/null; qa ia71_reader "SELECT count(*) FROM incident_analytics.import_rejects WHERE source = 'vcdb'")" 1
check "a reader cannot write rejects or runs" \
  "$(qa ia71_reader "INSERT INTO incident_analytics.imports (kind) VALUES ('veris')" 2>&1 | grep -c 'permission denied')" 1

# staged lines: only the role that staged them
as ia71_analyst >/dev/null <<'SQL'
INSERT INTO incident_analytics.veris_staging (doc_text) VALUES ('{"incident_id": "s-1", "summary": "STAGED-SECRET"}');
SQL
check "staged lines are unreadable by every other role (reader, other analyst, admin)" \
  "$(for r in ia71_reader ia71_analyst_b ia71_admin ia71_analyst; do qa $r "SELECT count(*) FROM incident_analytics.veris_staging WHERE doc_text LIKE '%SECRET%'" 2>&1 | grep -c 'permission denied'; done | tr '\n' ' ')" "1 1 1 1 "
check "staged lines are not readable through the import functions by another role" \
  "$(qa ia71_analyst_b "SELECT count(*) FROM incident_analytics_internal.import_staging_veris(NULL, 10, 'ia71_analyst')" 2>&1 | grep -c 'caller must be the current role')" 1
check "another analyst cannot stage lines in someone else's name" \
  "$(qa ia71_analyst_b "INSERT INTO incident_analytics.veris_staging (doc_text, staged_by) VALUES ('{}', 'ia71_analyst')" 2>&1 | grep -c 'cannot stage import lines for ia71_analyst')" 1
printf '%s\n' '{"incident_id": "t-5"}' > "$tmp/one.ndjson"
PGPASSWORD=ia71_analyst tools/import-veris --source team-a "$tmp/one.ndjson" -- -At -U ia71_analyst >/dev/null 2>&1 </dev/null
check "the next import sweeps the unclaimed lines of ended sessions" "$(q "SELECT count(*) FROM incident_analytics.veris_staging")" 0

# the other documented paths as the analyst
check "analyst: import_veris, import_veris_batch, CALL import_veris_staged" \
  "$(qa ia71_analyst "SELECT incident_analytics.import_veris('{\"incident_id\": \"t-6\"}', 'team-a') > 0")|$(qa ia71_analyst "SELECT loaded FROM incident_analytics.import_veris_batch(ARRAY['{\"incident_id\": \"t-7\"}'], 'team-a')")|$(as ia71_analyst -c "INSERT INTO incident_analytics.veris_staging (doc_text) VALUES ('{\"incident_id\": \"t-8\"}')" -c "CALL incident_analytics.import_veris_staged(source => 'team-a')" | tail -1 | cut -d'|' -f2-5)" \
  "t|1|1|0|0|1"
printf '%s\n' 'source_id,title,tlp' 'c-1,First,green' 'c-2,Second,' > "$tmp/a.csv"
out=$(PGPASSWORD=ia71_analyst tools/import-csv --source team-csv "$tmp/a.csv" -At -F' ' -U ia71_analyst 2>&1 </dev/null || true)
check "analyst: tools/import-csv runs" "$(echo "$out" | cut -d' ' -f2-)" "2 0 0 2"
check "analyst: CSV rows are reported by its organisation (tlp given or amber)" \
  "$(q "SELECT string_agg(source_id || ':' || tlp || ':' || reported_by, ' ' ORDER BY source_id) FROM incident_analytics.incidents WHERE source = 'team-csv'")" \
  "c-1:green:org-a c-2:amber:org-a"
printf '%s\n' 'source_id,title,reported_by' 'c-3,Not mine,org-b' > "$tmp/b.csv"
out=$(PGPASSWORD=ia71_analyst tools/import-csv --source team-csv "$tmp/b.csv" -At -F' ' -U ia71_analyst 2>&1 </dev/null || true)
check "analyst: a CSV row reported by another organisation is rejected (42501)" \
  "$(echo "$out" | cut -d' ' -f2-)|$(q "SELECT sqlstate FROM incident_analytics.import_rejects WHERE raw_text LIKE '%Not mine%'")" "0 0 1 1|42501"
check "that reject is not shown to org-b (the claim is not a marking)" \
  "$(qa ia71_analyst_b "SELECT count(*) FROM incident_analytics.import_rejects WHERE raw_text LIKE '%Not mine%'")" 0

# ------------------------------------------------------ C: partial re-imports
printf '%s\n' 'source_id,title,tlp,shared_with,safety_impact,scope,records_affected' \
  'r-1,Hospital outage,red,org-c,injury,national,1200' > "$tmp/full.csv"
PGPASSWORD=ia71_analyst tools/import-csv --source part "$tmp/full.csv" -U ia71_analyst >/dev/null 2>&1 </dev/null
before=$(q "SELECT tlp || '|' || reported_by || '|' || shared_with::text || '|' || safety_impact || '|' || scope || '|' || records_affected FROM incident_analytics.incidents WHERE source = 'part'")
printf '%s\n' 'source_id,title' 'r-1,Hospital outage (update)' > "$tmp/partial.csv"
out=$(PGPASSWORD=ia71_analyst tools/import-csv --source part "$tmp/partial.csv" -At -F' ' -U ia71_analyst 2>&1 </dev/null || true)
check "CSV re-import with header source_id,title: 1 updated" "$(echo "$out" | cut -d' ' -f2-)" "0 1 0 1"
check "CSV partial re-import changes the title only (tlp, reported_by, shared_with, facts kept)" \
  "$(q "SELECT title || '#' || tlp || '|' || reported_by || '|' || shared_with::text || '|' || safety_impact || '|' || scope || '|' || records_affected FROM incident_analytics.incidents WHERE source = 'part'")" \
  "Hospital outage (update)#$before"
check "the TLP:RED row stays invisible to org-b" "$(qa ia71_analyst_b "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'part'")" 0
printf '%s\n' 'source_id,tlp' 'r-1,amber' > "$tmp/lower.csv"
out=$(PGPASSWORD=ia71_analyst tools/import-csv --source part "$tmp/lower.csv" -At -F' ' -U ia71_analyst 2>&1 </dev/null || true)
check "a lower tlp without --lower-tlp is rejected (42501), tlp stays red" \
  "$(echo "$out" | cut -d' ' -f2-)|$(q "SELECT tlp FROM incident_analytics.incidents WHERE source = 'part'")" "0 0 1 1|red"
out=$(PGPASSWORD=ia71_analyst tools/import-csv --lower-tlp --source part "$tmp/lower.csv" -At -F' ' -U ia71_analyst 2>&1 </dev/null || true)
check "with --lower-tlp the reporting organisation lowers it" \
  "$(echo "$out" | cut -d' ' -f2-)|$(q "SELECT tlp || ' ' || safety_impact FROM incident_analytics.incidents WHERE source = 'part'")" "0 1 0 1|amber injury"
printf '%s\n' 'source_id,safety_impact,tlp' 'r-1,,red' > "$tmp/blank.csv"
PGPASSWORD=ia71_analyst tools/import-csv --source part "$tmp/blank.csv" -U ia71_analyst >/dev/null 2>&1 </dev/null
check "a column in the file with a blank cell is set to unknown; raising tlp needs no flag" \
  "$(q "SELECT coalesce(safety_impact::text, 'NULL') || ' ' || tlp || ' ' || scope FROM incident_analytics.incidents WHERE source = 'part'")" "NULL red national"
# VERIS: a document with fewer sections keeps what it does not mention
qa ia71_analyst "SELECT incident_analytics.import_veris('{\"incident_id\": \"p-1\", \"summary\": \"Old summary\", \"timeline\": {\"incident\": {\"year\": 2023, \"month\": 5}}, \"attribute\": {\"confidentiality\": {\"data_disclosure\": \"Yes\", \"data_total\": 500, \"data\": [{\"variety\": \"Medical\"}]}}, \"actor\": {\"external\": {\"variety\": [\"Organized crime\"]}}}', 'veris-p')" >/dev/null
q "UPDATE incident_analytics.incidents SET tlp = 'red', shared_with = '{org-c}' WHERE source = 'veris-p'"
qa ia71_analyst "SELECT incident_analytics.import_veris('{\"incident_id\": \"p-1\", \"summary\": \"New summary\"}', 'veris-p')" >/dev/null
check "VERIS partial re-import: summary changed; date, records, cia, actors, TLP and recipients kept; raw merged" \
  "$(q "SELECT summary || '|' || occurred_on || '|' || records_affected || '|' || cia::text || '|' || actor_types::text || '|' || tlp || '|' || shared_with::text || '|' || (raw ? 'attribute') FROM incident_analytics.incidents WHERE source = 'veris-p'")" \
  "New summary|2023-05-01|500|C:H/I:X/A:X|{criminal}|red|{org-c}|true"

# ------------------------------------------------------- D: concurrent imports
python3 - "$tmp" <<'PY'
import json, sys
docs = [json.dumps({"incident_id": "conc-%05d" % i, "summary": "Concurrent record %d" % i,
                    "timeline": {"incident": {"year": 2020 + i % 5, "month": 1 + i % 12}},
                    "action": {"hacking": {"variety": ["Brute force"]}}}) for i in range(5000)]
open(sys.argv[1] + '/fwd.ndjson', 'w').write('\n'.join(docs) + '\n')
open(sys.argv[1] + '/rev.ndjson', 'w').write('\n'.join(reversed(docs)) + '\n')
PY
tools/import-veris --source conc "$tmp/fwd.ndjson" -- -At -F' ' >"$tmp/fwd.out" 2>&1 </dev/null &
p1=$!
tools/import-veris --source conc "$tmp/rev.ndjson" -- -At -F' ' >"$tmp/rev.out" 2>&1 </dev/null &
p2=$!
wait $p1 || true
wait $p2 || true
check "concurrent opposite-order imports: nothing rejected, every record loaded or updated" \
  "$(q "SELECT count(*) FROM incident_analytics.import_rejects WHERE source = 'conc'")|$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'conc'")|$(q "SELECT sum(loaded + updated) || ' ' || sum(rejected) || ' ' || bool_and(status = 'finished') FROM incident_analytics.imports WHERE source = 'conc'")" \
  "0|5000|10000 0 true"
echo "# fwd: $(tail -1 "$tmp/fwd.out"); rev: $(tail -1 "$tmp/rev.out")"

# ---------------------------------------------- E: interrupted, resume, abandon
interrupt() {   # interrupt SOURCE: start an import as the analyst, terminate its backend after a commit
  local src=$1
  PGPASSWORD=ia71_analyst tools/import-veris --source "$src" --batch 100 "$tmp/fwd.ndjson" -- -At -U ia71_analyst >/dev/null 2>&1 </dev/null &
  local job=$! id="" i
  for i in $(seq 1 600); do
    id=$(q "SELECT import_id FROM incident_analytics.imports WHERE source = '$src' AND loaded > 0")
    [ -n "$id" ] && break
    sleep 0.1
  done
  q "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ia71_analyst' AND query LIKE 'CALL incident_analytics.import_veris_staged%'" >/dev/null
  wait $job || true
  echo "$id"
}
id=$(interrupt killed)
check "terminated run: import_status interrupted, finished_at NULL, staged lines kept for it" \
  "$(qa ia71_analyst "SELECT incident_analytics.import_status($id) || ' ' || (finished_at IS NULL) || ' ' || (incident_analytics_internal.import_staging_left($id) > 0) || ' ' || (loaded < 5000) FROM incident_analytics.imports WHERE import_id = $id")" \
  "interrupted true true true"
check "a resume from a new session finishes the run (run totals)" \
  "$(as ia71_analyst -c "CALL incident_analytics.import_resume($id)" | cut -d'|' -f1-4)" "5000|0|0|5000"
check "after resume: finished, no staged lines, 5000 incidents, counts add up" \
  "$(qa ia71_analyst "SELECT status || ' ' || (finished_at IS NOT NULL) || ' ' || incident_analytics_internal.import_staging_left($id) || ' ' || total FROM incident_analytics.imports WHERE import_id = $id") $(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'killed'")" \
  "finished true 0 5000 5000"
id2=$(interrupt killed2)
check "another role cannot resume it" \
  "$(qa ia71_analyst_b "CALL incident_analytics.import_resume($id2)" 2>&1 | grep -c -E 'only that role can resume|does not exist')" 1
check "import_abandon from a new session drops the staged lines, status abandoned" \
  "$(qa ia71_analyst "SELECT incident_analytics.import_abandon($id2) > 0")|$(qa ia71_analyst "SELECT incident_analytics.import_status($id2)") $(q "SELECT count(*) FROM incident_analytics.veris_staging")" \
  "t|abandoned 0"
check "no staged lines are left anywhere" \
  "$(q 'SELECT (SELECT count(*) FROM incident_analytics.veris_staging) + (SELECT count(*) FROM incident_analytics.incidents_csv_staging)')" 0

# ------------------------------------------------ F: errors name path and value
err() { psql -X -At -v VERBOSITY=verbose -c "SELECT incident_analytics.import_veris('$1')" 2>&1 | grep -m1 '^ERROR' || true; }
check "day 1e10: path, value, 22008" "$(err '{"incident_id": "f1", "timeline": {"incident": {"year": 2020, "month": 2, "day": 1e10}}}')" \
  "ERROR:  22008: invalid VERIS date at timeline.incident.day: 1e+10 is out of range (1 to 31)"
check "month 0: path, value, 22008" "$(err '{"incident_id": "f2", "timeline": {"incident": {"year": 2020, "month": 0}}}')" \
  "ERROR:  22008: invalid VERIS date at timeline.incident.month: 0 is out of range (1 to 12)"
check "duration 1e300: path, value, 22008" "$(err '{"incident_id": "f3", "attribute": {"availability": {"variety": ["Loss"], "duration": {"unit": "Days", "value": 1e300}}}}')" \
  "ERROR:  22008: invalid VERIS value at attribute.availability.duration.value: 1e+300 days is out of range"
check "data_total 1e300: path, value" "$(err '{"incident_id": "f4", "attribute": {"confidentiality": {"data_total": 1e300}}}')" \
  "ERROR:  22023: invalid VERIS value at attribute.confidentiality.data_total: 1e+300 is not an integer in the range 0 to 2^63-1"
check "overall_amount 1e300: path, value" "$(err '{"incident_id": "f5", "impact": {"overall_amount": 1e300, "iso_currency_code": "EUR"}}')" \
  "ERROR:  22003: invalid VERIS value at impact.overall_amount: 1e+300 is out of range (below 1e16)"
echo "1..$n"
exit $fail
