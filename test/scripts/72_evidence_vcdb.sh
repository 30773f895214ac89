#!/usr/bin/env bash
# Provenance on real data: the VCDB sample (test-only data in
# $IA_SHARED/data/vcdb) imported with import_veris_staged.  Checks that no
# technique is written into incidents.techniques, that the inferred techniques
# stay few (a bound on the average per record, measured 0.39 with the shipped
# rule), and that incidents_by_action equals a count of the action varieties
# made by python straight from the JSON.  Needs the PG* environment of a cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${IA_SHARED:-../shared}
[ -d "$shared/data" ] || shared=$shared/..
sample=$shared/data/vcdb/sample.ndjson
[ -f "$sample" ] || { echo "SKIP: $sample not found (set IA_SHARED)"; exit 0; }
db=ia_evid72
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
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
\copy incident_analytics.veris_staging (doc_text) FROM '$sample' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
CALL incident_analytics.import_veris_staged();
SQL
check "sample imported" "$(q 'SELECT count(*) FROM incident_analytics.incidents')" 66
check "no technique in incidents.techniques" "$(q 'SELECT count(*) FROM incident_analytics.incidents WHERE techniques IS NOT NULL')" 0
check "incidents_by_technique.incidents all 0 (nothing observed)" \
  "$(q 'SELECT coalesce(sum(incidents), 0) FROM incident_analytics.incidents_by_technique')" 0
avg=$(q 'SELECT round(avg(coalesce(cardinality(inferred_techniques), 0)), 3) FROM incident_analytics.incidents')
echo "# inferred techniques per record: $avg (max $(q 'SELECT max(cardinality(inferred_techniques)) FROM incident_analytics.incidents'))"
check "inferred techniques per record on average <= 0.5" "$(q "SELECT $avg <= 0.5")" t
check "at most 2 inferred techniques on any record" \
  "$(q 'SELECT coalesce(max(cardinality(inferred_techniques)), 0) <= 2 FROM incident_analytics.incidents')" t
check "every record keeps its actions" "$(q 'SELECT count(veris_actions) FROM incident_analytics.incidents')" 66

# incidents_by_action against python over the JSON: per record each category
# (the keys of action whose value is an object) once, each variety once, a
# category without a string variety as Unknown
python3 - "$sample" > "$tmp/want" <<'PY'
import collections, json, sys
cnt = collections.Counter()
for line in open(sys.argv[1], encoding='utf-8'):
    doc = json.loads(line)
    keys = set()
    for cat, sec in (doc.get('action') or {}).items():
        if not isinstance(sec, dict):
            continue
        var = sec.get('variety')
        if isinstance(var, str):
            var = [var]
        vals = {v.strip() for v in (var or []) if isinstance(v, str) and v.strip()} or {'Unknown'}
        keys.add((cat.lower(), ''))
        keys.update((cat.lower(), v) for v in vals)
    cnt.update(keys)
for (cat, var), k in sorted(cnt.items()):
    print('%s|%s|%d' % (cat, var, k))
PY
q "SELECT category || '|' || coalesce(variety, '') || '|' || incidents FROM incident_analytics.incidents_by_action" | LC_ALL=C sort > "$tmp/got"
LC_ALL=C sort -o "$tmp/want" "$tmp/want"
if diff "$tmp/want" "$tmp/got" > "$tmp/diff"; then
  check "incidents_by_action equals the count of the JSON ($(wc -l < "$tmp/want") rows)" same same
else
  check "incidents_by_action equals the count of the JSON" "$(head -20 "$tmp/diff" | tr '\n' ' ')" ""
fi
check "a category row for each of the $(grep -c '||' "$tmp/want") categories" \
  "$(q 'SELECT count(*) FROM incident_analytics.incidents_by_action WHERE variety IS NULL')" "$(grep -c '||' "$tmp/want")"
echo "1..$n"
exit $fail
