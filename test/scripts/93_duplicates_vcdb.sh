#!/usr/bin/env bash
# find_duplicates() on real records: the VCDB sample ($IA_SHARED/data/vcdb,
# test-only data) holds no two reports of one incident but does hold traps
# (the victims of one campaign listed in one article, records of one
# collective report).  No pair may reach the default 0.8.  Then each record
# is re-reported under another source, one day later, with its title only:
# every copy must pair with its original at >= 0.8 and with nothing else.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${IA_SHARED:-../shared}
sample=$shared/data/vcdb/sample.ndjson
if [ ! -f "$sample" ]; then echo "SKIP: $sample not found (the VCDB sample is test data from ../shared)"; exit 0; fi
db=ia_dup_vcdb
dropdb --if-exists "$db" >/dev/null 2>&1 || true
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
P() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
P -c 'CREATE EXTENSION incident_analytics'
PGDATABASE=$db tools/import-veris "$sample" >/dev/null
fail=0
n=$(P -c "SELECT count(*) FROM incident_analytics.incidents")
fp=$(P -c "SELECT count(*) FROM incident_analytics.find_duplicates(0.8)")
echo "# $n VCDB records, $fp pair(s) at >= 0.8"
[ "$fp" = 0 ] && echo "ok - no false duplicate among the VCDB records" || { echo "not ok - $fp false duplicate(s)"; fail=1; }
P <<'SQL'
INSERT INTO incident_analytics.incidents (source, source_id, title, victim, occurred_on, occurred_precision, country, sector, tlp)
SELECT 'rereport', i.source_id, i.title, i.victim, i.occurred_on + 1, i.occurred_precision, i.country, i.sector, 'clear'
  FROM incident_analytics.incidents i
 WHERE i.source = 'vcdb' AND i.victim IS NOT NULL AND i.occurred_precision = 'day';
SQL
read -r copies found wrong <<<"$(P -F' ' <<'SQL'
WITH d AS (SELECT * FROM incident_analytics.find_duplicates(0.8)),
     c AS (SELECT incident_id, source_id FROM incident_analytics.incidents WHERE source = 'rereport')
SELECT (SELECT count(*) FROM c),
       (SELECT count(*) FROM c JOIN d ON d.duplicate_id = c.incident_id
          JOIN incident_analytics.incidents o ON o.incident_id = d.incident_id AND o.source = 'vcdb' AND o.source_id = c.source_id),
       (SELECT count(*) FROM d JOIN incident_analytics.incidents a ON a.incident_id = d.incident_id
          JOIN incident_analytics.incidents b ON b.incident_id = d.duplicate_id
         WHERE a.source_id <> b.source_id)
SQL
)"
echo "# $copies re-reports, $found paired with their original, $wrong pair(s) between different records"
[ "$copies" -gt 0 ] && [ "$found" = "$copies" ] && echo "ok - every re-report is found (recall 1.0 on this shape)" \
  || { echo "not ok - $found of $copies re-reports found"; fail=1; }
[ "$wrong" = 0 ] && echo "ok - no re-report pairs with another record" || { echo "not ok - $wrong wrong pair(s)"; fail=1; }
exit $fail
