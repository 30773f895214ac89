#!/usr/bin/env bash
# The demo on what the repository ships (no ../shared): tools/demo-session in
# the suite's cluster with IA_SHARED pointing nowhere loads the two seeds and
# the 54 ATT&CK campaigns of data/demo_campaigns.csv through tools/import-csv,
# runs every query of tools/demo.sql, and --shell leaves psql on ia_demo.
# When the ATT&CK bundles are there, data/demo_campaigns.csv must be what
# tools/dev/gen_demo_campaigns.py makes of them.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=0; bad=0
check() { n=$((n + 1)); if [ "$2" = "$3" ]; then echo "ok $n - $1"; else echo "not ok $n - $1: got '$2', want '$3'"; bad=1; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; dropdb --if-exists ia_demo >/dev/null 2>&1 || true' EXIT
dropdb --if-exists ia_demo >/dev/null 2>&1 || true
echo "SELECT 'shell:' || count(*) FROM incidents;" | IA_SHARED="$tmp/none" tools/demo-session --shell >"$tmp/out" 2>&1 \
  || { sed 's/^/# /' "$tmp/out" | tail -30; check "demo-session runs without ../shared" fail ok; exit 1; }
check "demo-session runs without ../shared" ok ok
check "the VCDB sample is skipped, saying so" "$(grep -c 'not found: skipping the VCDB sample' "$tmp/out")" 1
check "every demo section printed (13)" "$(grep -c "^== [0-9]*\. " "$tmp/out")" 13
check "--shell leaves psql on ia_demo (it answered the query on stdin: 56 incidents)" \
  "$(grep -o 'shell:[0-9]*' "$tmp/out")" shell:56
q() { psql -X -q -At -d ia_demo -v ON_ERROR_STOP=1 -c "$1"; }
check "incidents by source" "$(q "SELECT string_agg(source || ' ' || n, ', ' ORDER BY source) FROM (SELECT source, count(*) n FROM incident_analytics.incidents GROUP BY 1) s")" \
  "mitre-attack-campaign 54, seed 2"
check "campaign ids, TLP clear, one attack.mitre.org source each" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'mitre-attack-campaign'
          AND source_id ~ '^C[0-9]{4}\$' AND tlp = 'clear'
          AND sources = ARRAY['https://attack.mitre.org/campaigns/' || source_id]")" 54
check "the import run is logged, nothing rejected" \
  "$(q "SELECT kind || ' ' || loaded || ' ' || rejected FROM incident_analytics.imports WHERE source = 'mitre-attack-campaign'")" "csv 54 0"
check "unknowns stay unknown: no campaign has impacts, losses or people coded" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'mitre-attack-campaign'
          AND num_nonnulls(safety_impact, functional_impact, information_impact, data_leaked, records_affected,
                           scope, people_affected, recoverability, outage_duration, loss_rating, loss_eur, subdivision) > 0")" 0
check "month precision where ATT&CK gives the first of a month" \
  "$(q "SELECT count(*) FROM incident_analytics.incidents WHERE source = 'mitre-attack-campaign'
          AND occurred_precision IS DISTINCT FROM (CASE WHEN extract(day FROM occurred_on) = 1 THEN 'month' ELSE 'day' END)::incident_analytics.date_precision")" 0
shared=${IA_SHARED:-../shared}
if [ -f "$shared/data/attack/enterprise-attack.json.gz" ] && [ -f "$shared/data/attack/ics-attack.json.gz" ]; then
  python3 tools/dev/gen_demo_campaigns.py "$shared/data/attack" --out "$tmp/gen.csv" >/dev/null
  check "data/demo_campaigns.csv is what the generator makes of the bundles" "$(cmp -s "$tmp/gen.csv" data/demo_campaigns.csv && echo same || echo differs)" same
else
  echo "ok - # SKIP generator check: ATT&CK bundles not found under $shared/data/attack"
fi
exit $bad
