#!/usr/bin/env bash
# Smoke test of the benchmark data generator (bench/generate.sql) at N = 2000:
# row counts, value ranges and the distributions bench/README.md promises
# (NULL rates of the severity facts, share of US and Italian rows, 2-6 digit
# NAICS codes, 0-8 techniques from attack_techniques), determinism of the seed,
# and that the benchmarked functions and views that exist run over the rows.
# Runs in the suite's throw-away cluster (PG* set by tools/dev/run-suite); the
# benchmark itself (bench/run) is too slow for the suite.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ia_bench_smoke
n=2000
psqlq() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"; }
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psqlq -c 'CREATE EXTENSION incident_analytics'

fingerprint() {
  psqlq -c "SELECT md5(string_agg(concat_ws('|', source_id, title, summary, occurred_on, occurred_precision,
                 country, subdivision, region_m49, sector, cia::text, techniques::text, motives::text,
                 safety_impact, functional_impact, information_impact, records_affected, scope,
                 loss_rating, loss_eur, nis2_significant, tlp), E'\n' ORDER BY source_id::int))
              FROM incident_analytics.incidents WHERE source = 'bench'"
}

status=0
psqlq -v n=$n -f bench/generate.sql >/dev/null
first=$(fingerprint)
# A second run replaces the rows with the same ones (same seed).
psqlq -v n=$n -f bench/generate.sql >/dev/null
second=$(fingerprint)
if [ "$first" = "$second" ]; then
  echo "ok - same seed gives the same $n incidents"
else
  echo "not ok - same seed gave different incidents ($first vs $second)"; status=1
fi

# Each check: name, measured value, allowed range.  At N = 2000 one standard
# deviation of a share p is sqrt(p(1-p)/2000) <= 0.011; ranges are about 3 sd.
checks=$(psqlq <<'EOF'
SET search_path = incident_analytics, public;
WITH i AS (SELECT * FROM incidents WHERE source = 'bench'),
share AS (
  SELECT count(*) AS n,
         count(DISTINCT source_id) AS ids,
         min(length(summary)) AS min_len, max(length(summary)) AS max_len,
         avg((title LIKE 'Attacco%')::int) AS italian,
         avg((country IS NULL)::int) AS country_null,
         avg((country = 'US')::int) AS us,
         avg((country IN ('GB','DE','FR','IT','ES','NL','PL','SE','BE','AT','IE','DK','FI','PT','CZ','RO','GR'))::int) AS europe,
         avg((sector IS NULL)::int) AS sector_null,
         avg((techniques IS NULL)::int) AS techniques_null,
         min(cardinality(techniques)) AS min_tech, max(cardinality(techniques)) AS max_tech,
         avg((cia IS NULL)::int) AS cia_null,
         avg((safety_impact IS NULL)::int) AS safety_null,
         avg((functional_impact IS NULL)::int) AS functional_null,
         avg((information_impact IS NULL)::int) AS information_null,
         avg((records_affected IS NULL)::int) AS records_null,
         avg((scope IS NULL)::int) AS scope_null,
         avg((people_affected IS NULL)::int) AS people_null,
         avg((loss_rating IS NULL)::int) AS loss_rating_null,
         avg((loss_eur IS NULL)::int) AS loss_eur_null,
         avg((nis2_significant IS NULL)::int) AS nis2_null,
         avg((occurred_on IS NULL)::int) AS occurred_null,
         avg((occurred_precision = 'month')::int) AS month_precision
    FROM i),
checks(name, value, lo, hi) AS (
  SELECT 'rows', n, 2000, 2000 FROM share UNION ALL
  SELECT 'distinct source ids', ids, 2000, 2000 FROM share UNION ALL
  SELECT 'shortest summary', min_len, 200, 2000 FROM share UNION ALL
  SELECT 'longest summary', max_len, 1800, 2000 FROM share UNION ALL
  SELECT 'Italian share', italian, 0.26, 0.34 FROM share UNION ALL
  SELECT 'country unknown', country_null, 0.06, 0.10 FROM share UNION ALL
  SELECT 'US share', us, 0.27, 0.37 FROM share UNION ALL
  SELECT 'European share', europe, 0.33, 0.45 FROM share UNION ALL
  SELECT 'sector unknown', sector_null, 0.08, 0.12 FROM share UNION ALL
  SELECT 'no techniques', techniques_null, 0.41, 0.49 FROM share UNION ALL
  SELECT 'fewest techniques when known', min_tech, 1, 1 FROM share UNION ALL
  SELECT 'most techniques', max_tech, 6, 8 FROM share UNION ALL
  SELECT 'cia unknown', cia_null, 0.31, 0.39 FROM share UNION ALL
  SELECT 'safety_impact unknown', safety_null, 0.88, 0.92 FROM share UNION ALL
  SELECT 'functional_impact unknown', functional_null, 0.56, 0.64 FROM share UNION ALL
  SELECT 'information_impact unknown', information_null, 0.51, 0.59 FROM share UNION ALL
  SELECT 'records_affected unknown', records_null, 0.72, 0.78 FROM share UNION ALL
  SELECT 'scope unknown', scope_null, 0.61, 0.69 FROM share UNION ALL
  SELECT 'people_affected unknown', people_null, 0.83, 0.87 FROM share UNION ALL
  SELECT 'loss_rating unknown', loss_rating_null, 0.88, 0.92 FROM share UNION ALL
  SELECT 'loss_eur unknown', loss_eur_null, 0.91, 0.95 FROM share UNION ALL
  SELECT 'nis2_significant unknown', nis2_null, 0.83, 0.87 FROM share UNION ALL
  SELECT 'occurred_on unknown', occurred_null, 0.03, 0.07 FROM share UNION ALL
  SELECT 'month precision', month_precision, 0.43, 0.52 FROM share UNION ALL
  -- every NAICS level the sectors table has appears, and 6 digits is the most common
  SELECT 'NAICS levels used / present',
         (SELECT count(DISTINCT s.level) FROM i JOIN sectors s ON s.code = i.sector)::numeric
           / (SELECT count(DISTINCT level) FROM sectors), 1, 1 UNION ALL
  SELECT 'deepest NAICS level share of known sectors',
         (SELECT avg((s.level = (SELECT max(level) FROM sectors))::int)
            FROM i JOIN sectors s ON s.code = i.sector), 0.50, 1 UNION ALL
  SELECT 'techniques not in attack_techniques',
         (SELECT count(*) FROM i, unnest(techniques) t
           WHERE NOT EXISTS (SELECT FROM attack_techniques a WHERE a.technique = t)), 0, 0 UNION ALL
  SELECT 'summaries with a negation',
         (SELECT avg((summary ~ '(No data was stolen|There is no evidence|were not disrupted|was not defaced|Nessun dato|Non ci sono prove|non sono stati interrotti|non è stato defacciato)')::int) FROM i),
         0.25, 0.75
)
SELECT name || '|' || round(value, 3) || '|' || lo || '|' || hi || '|' || CASE WHEN value BETWEEN lo AND hi THEN 't' ELSE 'f' END FROM checks;
EOF
)
while IFS='|' read -r name value lo hi ok; do
  if [ "$ok" = t ]; then
    echo "ok - $name: $value in [$lo, $hi]"
  else
    echo "not ok - $name: $value not in [$lo, $hi]"; status=1
  fi
done <<<"$checks"

# The benchmarked functions and views run over the synthetic rows (those that exist yet).
exists() { [ "$(psqlq -c "$1")" = t ]; }
run_if() { # what, existence query, query
  if exists "$2"; then
    if psqlq -c 'SET search_path = incident_analytics, public' -c "$3" >/dev/null; then
      echo "ok - $1 runs over the synthetic incidents"
    else
      echo "not ok - $1 failed over the synthetic incidents"; status=1
    fi
  fi
}
fn() { echo "SELECT EXISTS (SELECT FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'incident_analytics' AND p.proname = '$1')"; }
run_if incident_severity "$(fn incident_severity)" 'SELECT sum(incident_severity(i)) FROM incidents i'
run_if classify_cia "$(fn classify_cia)" 'SELECT sum(cia_magnitude(classify_cia(summary))) FROM incidents'
run_if cia_profile "$(fn cia_profile)" 'SELECT cia_profile(cia) FROM incidents'
run_if severity_summary "$(fn severity_summary)" 'SELECT severity_summary(incident_severity(i)) FROM incidents i'
for v in incident_overview incidents_by_region incidents_by_sector incidents_by_technique incidents_by_tactic incidents_by_month; do
  run_if "$v" "SELECT EXISTS (SELECT FROM pg_views WHERE schemaname = 'incident_analytics' AND viewname = '$v')" \
         "SELECT count(*) FROM (SELECT * FROM $v) v"
done
exit $status
