#!/usr/bin/env bash
# Import test on real data: the whole VCDB sample (test-only data in
# $IA_SHARED/data/vcdb) through tools/import-veris, checked against values
# computed from the JSON by python (test/scripts/70_import_lib.py), independently
# of the SQL mapping; re-import idempotence; a corrupted file; a JSON array file;
# and a pretty-printed single document.  Needs the PG* environment of a cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${IA_SHARED:-../shared}
[ -d "$shared/data" ] || shared=$shared/..
sample=$shared/data/vcdb/sample.ndjson
[ -f "$sample" ] || { echo "SKIP: $sample not found (set IA_SHARED)"; exit 0; }
lib=test/scripts/70_import_lib.py
db=ia_import70
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
export PGDATABASE=$db
q() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }
q 'CREATE EXTENSION incident_analytics' >/dev/null
fail=0
n=0
check() {   # check NAME GOT WANT
  n=$((n + 1))
  if [ "$2" == "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: got [$2] want [$3]"; fail=1; fi
}
if [ "$(q 'SELECT count(*) FROM incident_analytics.countries')" = 0 ]; then
  echo "# reference data not shipped yet: using a stand-in built from shared/data"
  python3 "$lib" refdata "$shared/data" | psql -X -q -v ON_ERROR_STOP=1 >/dev/null
fi

# 1. whole sample
out=$(tools/import-veris "$sample" -- -At -F' ' 2>"$tmp/warn1")
check "sample: loaded updated rejected total" "$(echo "$out" | cut -d' ' -f2-)" "66 0 0 66"
check "sample: 66 incidents from vcdb" "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'vcdb'")" 66
check "sample: raw keeps every document" "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE raw IS NOT NULL AND raw ? 'victim'")" 66

# 2. field by field against the JSON (python computes the expectations)
q 'SELECT code FROM incident_analytics.sectors' > "$tmp/sectors"
python3 "$lib" expect "$sample" "$tmp/sectors" > "$tmp/expect.json"
q "SELECT json_agg(json_build_object('source_id', source_id, 'country', country, 'sector', sector,
      'on', occurred_on, 'prec', occurred_precision, 'records', records_affected, 'cia', cia::text,
      'summary_len', length(summary), 'raw_summary_len', length(raw->>'summary')))
     FROM incident_analytics.incidents WHERE source = 'vcdb'" > "$tmp/got.json"
python3 - "$tmp/expect.json" "$tmp/got.json" <<'PY' > "$tmp/cmp"
import json, sys, collections
exp = json.load(open(sys.argv[1])); got = {r['source_id']: r for r in json.load(open(sys.argv[2]))}
def date_of(e):
    if e['month'] and e['day']: return ('%04d-%02d-%02d' % (e['year'], e['month'], e['day']), 'day')
    if e['month']: return ('%04d-%02d-01' % (e['year'], e['month']), 'month')
    return ('%04d-01-01' % e['year'], 'year')
bad = []
for e in exp[::5] + exp[-2:]:         # 14 records spread over the file
    g = got.get(e['source_id'])
    if g is None: bad.append('%s missing' % e['source_id']); continue
    for k, want, have in (('country', e['country'], g['country']), ('sector', e['sector'], g['sector']),
                          ('date', date_of(e), (g['on'], g['prec'])), ('records', e['records'], g['records_affected'] if 'records_affected' in g else g['records']),
                          ('cia', e['cia'], g['cia'])):
        if want != have: bad.append('line %d %s: want %r got %r' % (e['line'], k, want, have))
print('fields', 'OK' if not bad else '; '.join(bad))
def cnt(rows, f): return sorted(collections.Counter(f(r) for r in rows).items(), key=str)
gl = list(got.values())
print('country', cnt(exp, lambda r: r['country']) == cnt(gl, lambda r: r['country']))
print('sector2', cnt(exp, lambda r: (r['sector'] or '')[:2]) == cnt(gl, lambda r: (r['sector'] or '')[:2]))
for i, comp in enumerate('CIA'):
    print('cia_' + comp, cnt(exp, lambda r: r['cia'].split('/')[i]) == cnt(gl, lambda r: r['cia'].split('/')[i]))
print('cia_counts', ' '.join('%s=%s' % kv for kv in cnt(exp, lambda r: r['cia'])))
PY
check "14 records field by field (country, sector, date, records, cia)" "$(grep '^fields' "$tmp/cmp")" "fields OK"
check "counts by country equal the JSON's" "$(grep '^country' "$tmp/cmp")" "country True"
check "counts by 2-digit sector equal the JSON's" "$(grep '^sector2' "$tmp/cmp")" "sector2 True"
for c in C I A; do
  check "counts by CIA component $c equal the JSON's" "$(grep "^cia_$c" "$tmp/cmp")" "cia_$c True"
done
echo "# $(grep '^cia_counts' "$tmp/cmp")"
want=$(python3 -c 'import json,sys; r=[json.loads(l) for l in open(sys.argv[1])]; print("%d|%d|0" % (sum(1 for x in r if not x["summary"].strip()), sum(1 for x in r if x["summary"] != x["summary"].strip())))' "$sample")
check "summaries: blank ones are NULL, surrounding blanks trimmed (raw keeps them)" \
  "$(q "SELECT count(*) FILTER (WHERE summary IS NULL), count(*) FILTER (WHERE raw->>'summary' <> summary), count(*) FILTER (WHERE summary <> btrim(summary, E' \\t\\r\\n')) FROM incident_analytics.incidents WHERE source = 'vcdb'")" "$want"
check "U+007F and \\u escapes survive verbatim in raw" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE raw->>'notes' LIKE '%' || chr(127)")" 1
check "keys are lower-case master_ids (020b67e3... has master_id 9f7ce2fa...)" \
  "$(q "SELECT count(*) FILTER (WHERE source_id <> lower(source_id)), count(*) FILTER (WHERE source_id LIKE '9f7ce2fa%') FROM incident_analytics.incidents")" "0|1"
check "MOVEit campaign: 11 records, all criminal, actor country RU" \
  "$(q "SELECT count(*), bool_and(actor_types = '{criminal}'), bool_and(actor_countries = '{RU}') FROM incident_analytics.incidents WHERE raw#>>'{plus,github}' = '19817'")" "11|t|t"

# 3. re-import: idempotent
ids_before=$(q "SELECT md5(string_agg(incident_id || source_id || cia::text, ',' ORDER BY incident_id)) FROM incident_analytics.incidents")
out=$(tools/import-veris "$sample" -- -At -F' ' 2>/dev/null)
check "re-import: loaded updated rejected total" "$(echo "$out" | cut -d' ' -f2-)" "0 66 0 66"
check "re-import: same ids and values" "$(q "SELECT md5(string_agg(incident_id || source_id || cia::text, ',' ORDER BY incident_id)) FROM incident_analytics.incidents")" "$ids_before"

# 4. corrupted file: every good record loads, each bad one is rejected with reason and SQLSTATE
python3 "$lib" corrupt "$sample" > "$tmp/corrupt.ndjson"
out=$(tools/import-veris --source corrupt --batch 3 "$tmp/corrupt.ndjson" -- -At -F' ' 2>"$tmp/warn")
imp=$(echo "$out" | cut -d' ' -f1)
check "corrupt: loaded updated rejected total (blank line not counted)" "$(echo "$out" | cut -d' ' -f2-)" "4 0 6 10"
check "corrupt: rejects by line and SQLSTATE" \
  "$(q "SELECT string_agg(position || ':' || sqlstate, ' ' ORDER BY position) FROM incident_analytics.import_rejects WHERE import_id = $imp")" \
  "2:22P02 3:22023 4:22008 5:22023 7:22023 10:22023"
check "corrupt: reasons name the JSON path" \
  "$(q "SELECT count(*) FROM incident_analytics.import_rejects WHERE import_id = $imp AND (reason LIKE '%victim.country%' OR reason LIKE '%timeline.incident%' OR reason LIKE '%impact.overall_rating%' OR reason LIKE '%json%' OR reason LIKE '%JSON object%')")" 6
check "corrupt: raw text of the truncated line is kept verbatim" \
  "$(q "SELECT raw_text = \$\$$(sed -n 2p "$tmp/corrupt.ndjson" | sed 's/\$\$/$ $/g')\$\$ FROM incident_analytics.import_rejects WHERE import_id = $imp AND position = 2")" t
check "corrupt: data_total above 2^31 kept as bigint" \
  "$(q "SELECT records_affected FROM incident_analytics.incidents WHERE source = 'corrupt' AND records_affected > 2147483647")" 3000000000
check "corrupt: invalid region 019201 -> NULL with a warning, record kept" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'corrupt' AND country IS NULL AND region_m49 IS NULL")|$(grep -c '019201' "$tmp/warn")" "1|1"
check "imports row adds up" \
  "$(q "SELECT loaded, updated, rejected, total, finished_at IS NOT NULL FROM incident_analytics.imports WHERE import_id = $imp")" "4|0|6|10|t"

# 5. a JSON array file (pretty-printed over many lines) and a single pretty-printed document
python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1])], indent=2, ensure_ascii=False))' "$sample" > "$tmp/array.JSON"
out=$(tools/import-veris --source arr "$tmp/array.JSON" -- -At -F' ' 2>/dev/null)
check "JSON array file (.JSON, pretty-printed): 66 loaded" "$(echo "$out" | cut -d' ' -f2-)" "66 0 0 66"
check "JSON array file: same CIA as the NDJSON import" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents a JOIN incident_analytics.incidents b USING (source_id) WHERE a.source = 'arr' AND b.source = 'vcdb' AND a.cia::text = b.cia::text AND a.country IS NOT DISTINCT FROM b.country")" 66
mkdir "$tmp/dir"
head -1 "$sample" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), indent=4))' > "$tmp/dir/0001AA7F-C601-424A-B2B8-BE6C9F5164E7.JSON"
sed -n 2p "$sample" > "$tmp/dir/00088c89.json"
out=$(tools/import-veris --source dir "$tmp/dir" -- -At -F' ' 2>/dev/null | cut -d' ' -f2- | tr '\n' ' ')
check "directory of per-incident files (.JSON and .json)" "$out" "1 0 0 1 1 0 0 1 "

# 6. flat CSV: the example file, re-import, and a file with bad rows
out=$(tools/import-csv test/fixtures/incidents_example.csv -At -F' ' 2>/dev/null)
check "CSV example: 5 loaded" "$(echo "$out" | cut -d' ' -f2-)" "5 0 0 5"
out=$(tools/import-csv test/fixtures/incidents_example.csv -At -F' ' 2>/dev/null)
check "CSV example re-import: 5 updated" "$(echo "$out" | cut -d' ' -f2-)" "0 5 0 5"
printf '%s\n' 'source_id,occurred_on,country,cia,techniques' 'g1,2024-02-29,IT,C:H/I:N/A:N,T1486' \
  'b1,2023-02-29,IT,,' 'b2,2024,ZZ,,' 'b3,,,C:H,' 'g2,2023,,,"{T1566,T1078}"' > "$tmp/bad.csv"
out=$(tools/import-csv --source csvbad "$tmp/bad.csv" -At -F' ' 2>/dev/null)
imp=$(echo "$out" | cut -d' ' -f1)
check "CSV with bad rows: 2 loaded, 3 rejected" "$(echo "$out" | cut -d' ' -f2-)" "2 0 3 5"
check "CSV rejects: data line and SQLSTATE (bad date, unknown country FK, bad cia)" \
  "$(q "SELECT string_agg(position || ':' || sqlstate, ' ' ORDER BY position) FROM incident_analytics.import_rejects WHERE import_id = $imp")" \
  "2:22008 3:23503 4:22P02"

# 7. staging leaves nothing behind
check "staging tables empty after the runs" "$(q 'SELECT (SELECT count(*) FROM incident_analytics.veris_staging) + (SELECT count(*) FROM incident_analytics.incidents_csv_staging)')" 0
echo "1..$n"
exit $fail
