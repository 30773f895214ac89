#!/usr/bin/env bash
# Evaluates classify_cia(text) on the summaries of the VCDB sample (test-only
# data in $IA_SHARED/data/vcdb/sample.ndjson) against the CIA implied by each
# record's coded `attribute` section (the VERIS rule of docs/classify.md):
#   C positive: attribute.confidentiality with data_disclosure Yes or Potentially
#   I positive: attribute.integrity present;  A positive: attribute.availability present
# A component counts as predicted when classify_cia says L or H.  Prints
# precision and recall per component and fails when precision drops below
# the floors measured when the dictionary was written (docs/classify.md),
# or recall below a looser floor.
set -euo pipefail
shared=${IA_SHARED:-../shared}
sample=$shared/data/vcdb/sample.ndjson
if [ ! -f "$sample" ]; then
  echo "SKIP: $sample not found"
  exit 0
fi
db=ia_classify_vcdb
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psql -q -X -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION incident_analytics' \
     -c 'CREATE TABLE vcdb (id text, summary text, c boolean, i boolean, a boolean)'

python3 - "$sample" <<'PY' | psql -q -X -v ON_ERROR_STOP=1 -d "$db" -c '\copy vcdb FROM STDIN (FORMAT csv)'
import csv, json, sys
w = csv.writer(sys.stdout)
for line in open(sys.argv[1], encoding='utf-8'):
    r = json.loads(line)
    at = r.get('attribute') or {}
    conf = at.get('confidentiality')
    c = conf is not None and conf.get('data_disclosure') in ('Yes', 'Potentially')
    i = 'integrity' in at
    a = 'availability' in at
    w.writerow([r.get('plus', {}).get('master_id') or r.get('incident_id'),
                r.get('summary') or '', c, i, a])
PY

psql -X -A -F ' ' -t -v ON_ERROR_STOP=1 -d "$db" <<'SQL' | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
# floors: measured 2026-12 on all 66 records (dev and held-out splits of
# 51_classify_heldout.sh together): precision C 0.98, I 1.00, A 0.94; recall C 0.92,
# I 0.19, A 0.84.  Integrity recall is low by design: VCDB codes ransomware, malware and
# phishing as integrity ("Software installation", "Alter behavior"), while the text
# rules (docs/classify.md) make ransomware evidence of A only and phishing of nothing.
floors = {"C": 0.95, "I": 0.85, "A": 0.85}
recall_floors = {"C": 0.85, "I": 0.12, "A": 0.75}
print("component  truth+  predicted+  TP  FP  FN  precision  recall")
fail = False
for comp, tp, fp, fn, pos, pred in rows:
    tp, fp, fn, pos, pred = map(int, (tp, fp, fn, pos, pred))
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    print(f"{comp:9}  {pos:6}  {pred:10}  {tp:2}  {fp:2}  {fn:2}  {p:9.2f}  {r:6.2f}")
    if not (p >= floors[comp]):
        print(f"FAIL: precision of {comp} {p:.2f} is below the floor {floors[comp]}")
        fail = True
    if not (r >= recall_floors[comp]):
        print(f"FAIL: recall of {comp} {r:.2f} is below the floor {recall_floors[comp]}")
        fail = True
sys.exit(1 if fail else 0)
'
WITH p AS (
  SELECT v.*, incident_analytics.classify_cia(v.summary) AS cia FROM vcdb v
), q AS (
  SELECT c, i, a,
         incident_analytics.confidentiality(cia) IN ('L', 'H') IS TRUE AS pc,
         incident_analytics.integrity(cia) IN ('L', 'H') IS TRUE AS pi,
         incident_analytics.availability(cia) IN ('L', 'H') IS TRUE AS pa
    FROM p
)
SELECT 'C', count(*) FILTER (WHERE c AND pc), count(*) FILTER (WHERE NOT c AND pc),
       count(*) FILTER (WHERE c AND NOT pc), count(*) FILTER (WHERE c), count(*) FILTER (WHERE pc) FROM q
UNION ALL
SELECT 'I', count(*) FILTER (WHERE i AND pi), count(*) FILTER (WHERE NOT i AND pi),
       count(*) FILTER (WHERE i AND NOT pi), count(*) FILTER (WHERE i), count(*) FILTER (WHERE pi) FROM q
UNION ALL
SELECT 'A', count(*) FILTER (WHERE a AND pa), count(*) FILTER (WHERE NOT a AND pa),
       count(*) FILTER (WHERE a AND NOT pa), count(*) FILTER (WHERE a), count(*) FILTER (WHERE pa) FROM q;
SQL
