#!/usr/bin/env bash
# Reference data against its sources, load_attack_stix against the shipped
# rows, and user reference rows through pg_dump / pg_restore.
#   1. per ATT&CK matrix: tactics, techniques, active, revoked, deprecated,
#      successors and impact types computed from the STIX bundles with python3
#      must equal the counts of the shipped tables; same for countries (+XK)
#      and subdivisions;
#   2. each bundle loaded by load_attack_stix into a database whose rows of
#      that matrix were deleted gives back exactly the shipped rows (origin
#      user), and loading it again changes nothing;
#   3. user rows (new, replacing a shipped row, a changed shipped row) and an
#      incident using them survive pg_dump -Fc / pg_restore into a new database.
# Needs the PG* environment of a cluster with the extension installed.  Parts
# 1 and 2 read the source files under IA_SHARED (default ../shared); without
# them they are skipped with a message, and part 3 (shipped data only) runs.
set -euo pipefail
shared=${IA_SHARED:-$(cd "$(dirname "$0")/../../.." && pwd)/shared}
data=$shared/data
have_attack=1; have_regions=1
for f in enterprise ics mobile; do [ -f "$data/attack/$f-attack.json.gz" ] || have_attack=0; done
[ -f "$data/regions/iso3166-m49-all.csv" ] && [ -f "$data/regions/iso_3166-2.json" ] || have_regions=0
db=ia_ref_$$
db2=ia_ref_restored_$$
tmp=$(mktemp -d)
trap 'dropdb --if-exists "$db" >/dev/null 2>&1; dropdb --if-exists "$db2" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fail=0
psqlq() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
check() {  # name expected actual
  if [ "$2" = "$3" ]; then echo "ok - $1"; else echo "not ok - $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}

createdb "$db"
psqlq -d "$db" -c 'CREATE EXTENSION incident_analytics'

# ---- 1. counts from the sources
if [ $have_attack = 1 ] && [ $have_regions = 1 ]; then
python3 - "$data" > "$tmp/expected" <<'PY'
import gzip, json, sys, csv
data = sys.argv[1]
src = ("mitre-attack", "mitre-ics-attack", "mitre-mobile-attack")
for d in ("enterprise", "ics", "mobile"):
    objs = json.load(gzip.open("%s/attack/%s-attack.json.gz" % (data, d)))["objects"]
    ap = [o for o in objs if o["type"] == "attack-pattern"
          and any(r.get("source_name") in src and r.get("external_id") for r in o.get("external_references", []))]
    revoked = {o["id"] for o in ap if o.get("revoked")}
    succ = {r["source_ref"] for r in objs if r["type"] == "relationship"
            and r["relationship_type"] == "revoked-by" and r["source_ref"] in revoked}
    active = [o for o in ap if not o.get("revoked") and not o.get("x_mitre_deprecated")]
    imp = {}
    for o in ap:
        for v in o.get("x_mitre_impact_type") or []:
            imp[v.lower()] = imp.get(v.lower(), 0) + 1
    print("|".join(map(str, [d, sum(o["type"] == "x-mitre-tactic" for o in objs), len(ap), len(active),
                             sum("." not in [r["external_id"] for r in o["external_references"] if r.get("source_name") in src][0] for o in active),
                             len(revoked), sum(bool(o.get("x_mitre_deprecated")) for o in ap), len(succ),
                             ",".join("%s:%d" % kv for kv in sorted(imp.items()))])))
rows = list(csv.DictReader(open("%s/regions/iso3166-m49-all.csv" % data, encoding="utf-8")))
print("countries|%d" % (len(rows) + 1))
print("subdivisions|%d" % len(json.load(open("%s/regions/iso_3166-2.json" % data, encoding="utf-8"))["3166-2"]))
PY
psqlq -d "$db" > "$tmp/actual" <<'SQL'
SET search_path = incident_analytics;
SELECT d, (SELECT count(*) FROM attack_tactics t WHERE t.domain::text = d),
       count(*), count(*) FILTER (WHERE NOT revoked AND NOT deprecated),
       count(*) FILTER (WHERE NOT revoked AND NOT deprecated AND NOT is_subtechnique),
       count(*) FILTER (WHERE revoked), count(*) FILTER (WHERE deprecated),
       count(*) FILTER (WHERE revoked_by IS NOT NULL),
       coalesce((SELECT string_agg(impact_type || ':' || n, ',' ORDER BY impact_type)
                   FROM (SELECT impact_type, count(*) AS n FROM attack_techniques x
                          WHERE x.domain::text = d AND impact_type IS NOT NULL GROUP BY 1) s), '')
  FROM attack_techniques, LATERAL (SELECT domain::text) AS dd(d) GROUP BY d ORDER BY d;
SELECT 'countries', count(*) FROM countries;
SELECT 'subdivisions', count(*) FROM subdivisions;
SQL
check "shipped counts equal the counts computed from the sources" "$(cat "$tmp/expected")" "$(cat "$tmp/actual")"
cat "$tmp/actual" | sed 's/^/    /'
else
  echo "ok - # SKIP counts against the sources: ATT&CK bundles or region files not found under $data (set IA_SHARED)"
fi

# ---- 2. load_attack_stix gives back the shipped rows
if [ $have_attack = 1 ]; then
for d in ics mobile enterprise; do
  zcat "$data/attack/$d-attack.json.gz" | tr -d '\n' > "$tmp/$d.json"
  out=$(psqlq -d "$db" <<SQL
SET search_path = incident_analytics;
CREATE TEMP TABLE bundle (doc jsonb);
\\copy bundle FROM '$tmp/$d.json' WITH (FORMAT csv, QUOTE e'\\x01', DELIMITER e'\\x02')
CREATE TEMP TABLE shipped_tac AS SELECT * FROM attack_tactics WHERE domain = '$d';
CREATE TEMP TABLE shipped_tech AS SELECT * FROM attack_techniques WHERE domain = '$d';
DELETE FROM attack_techniques WHERE domain = '$d';
DELETE FROM attack_tactics WHERE domain = '$d';
SELECT load_attack_stix(doc) - 'objects' FROM bundle;
SELECT count(*) FROM (
  (SELECT tactic_id, shortname, name, domain, ordinal, deprecated FROM shipped_tac
   EXCEPT SELECT tactic_id, shortname, name, domain, ordinal, deprecated FROM attack_tactics)
  UNION ALL
  (SELECT tactic_id, shortname, name, domain, ordinal, deprecated FROM attack_tactics WHERE domain = '$d'
   EXCEPT SELECT tactic_id, shortname, name, domain, ordinal, deprecated FROM shipped_tac)) x;
SELECT count(*) FROM (
  (SELECT technique, name, tactics, is_subtechnique, deprecated, revoked, revoked_by, impact_type, attack_version FROM shipped_tech
   EXCEPT SELECT technique, name, tactics, is_subtechnique, deprecated, revoked, revoked_by, impact_type, attack_version FROM attack_techniques WHERE domain = '$d')
  UNION ALL
  (SELECT technique, name, tactics, is_subtechnique, deprecated, revoked, revoked_by, impact_type, attack_version FROM attack_techniques WHERE domain = '$d'
   EXCEPT SELECT technique, name, tactics, is_subtechnique, deprecated, revoked, revoked_by, impact_type, attack_version FROM shipped_tech)) x;
SELECT string_agg(DISTINCT origin, ',') FROM attack_techniques WHERE domain = '$d';
SELECT load_attack_stix(doc)->'techniques'->>'unchanged' FROM bundle;
SQL
)
  n=$(psqlq -d "$db" -c "SELECT count(*) FROM incident_analytics.attack_techniques WHERE domain = '$d'")
  nt=$(psqlq -d "$db" -c "SELECT count(*) FROM incident_analytics.attack_tactics WHERE domain = '$d'")
  echo "    $d: $(echo "$out" | head -1)"
  check "load_attack_stix($d): inserts every tactic and technique" "1" \
        "$(echo "$out" | head -1 | grep -c "\"inserted\": $n,.*\"inserted\": $nt,\|\"inserted\": $nt,.*\"inserted\": $n," || true)"
  check "load_attack_stix($d): same tactics as shipped" "0" "$(echo "$out" | sed -n 2p)"
  check "load_attack_stix($d): same techniques as shipped" "0" "$(echo "$out" | sed -n 3p)"
  check "load_attack_stix($d): loaded rows are user rows" "user" "$(echo "$out" | sed -n 4p)"
  check "load_attack_stix($d): loading again changes nothing" "$n" "$(echo "$out" | sed -n 5p)"
done
else
  echo "ok - # SKIP load_attack_stix against the real bundles: ATT&CK bundles not found under $data/attack (set IA_SHARED)"
fi

# ---- 3. user reference rows through pg_dump / pg_restore
psqlq -d "$db" <<'SQL'
SET search_path = incident_analytics;
INSERT INTO countries (code, name, origin) VALUES ('ZZ', 'Testland', 'user');
INSERT INTO subdivisions (code, country, name, type, origin) VALUES ('ZZ-01', 'ZZ', 'North Testland', 'Province', 'user');
INSERT INTO sectors (code, name, level, parent_code, nis2_sector, criticality, origin)
VALUES ('622110', 'General Medical and Surgical Hospitals', 6, '622', 'Health', 100, 'user');
INSERT INTO sectors (code, name, level, parent_code, nis2_sector, criticality, origin)
VALUES ('624', 'Social Assistance', 3, '62', 'Health', 100, 'user');      -- replaces the shipped 624
UPDATE countries SET name = 'Kosova' WHERE code = 'XK';                  -- becomes a user row
INSERT INTO incidents (source, source_id, title, country, subdivision, sector)
VALUES ('test', 'dump-1', 'dump test', 'ZZ', 'ZZ-01', '622110'),
       ('test', 'dump-2', 'dump test 2', 'XK', NULL, '624');
SQL
snapshot() {
  psqlq -d "$1" <<'SQL'
SET search_path = incident_analytics;
SELECT 'tactics', count(*), count(*) FILTER (WHERE origin = 'user') FROM attack_tactics;
SELECT 'techniques', count(*), count(*) FILTER (WHERE origin = 'user') FROM attack_techniques;
SELECT 'regions', count(*), count(*) FILTER (WHERE origin = 'user') FROM m49_regions;
SELECT 'countries', count(*), count(*) FILTER (WHERE origin = 'user') FROM countries;
SELECT 'subdivisions', count(*), count(*) FILTER (WHERE origin = 'user') FROM subdivisions;
SELECT 'sectors', count(*), count(*) FILTER (WHERE origin = 'user') FROM sectors;
SELECT code, name, origin FROM countries WHERE code IN ('XK', 'ZZ') ORDER BY code;
SELECT code, criticality, nis2_sector, origin FROM sectors WHERE code IN ('622110', '624') ORDER BY code;
SELECT source_id, country, subdivision, sector FROM incidents ORDER BY source_id;
SQL
}
snapshot "$db" > "$tmp/before"
pg_dump -Fc -d "$db" -f "$tmp/dump"
createdb "$db2"
if pg_restore -d "$db2" --exit-on-error "$tmp/dump" 2> "$tmp/restore.err"; then
  check "pg_restore succeeds" "0" "0"
else
  check "pg_restore succeeds" "no error" "$(head -5 "$tmp/restore.err")"
fi
snapshot "$db2" > "$tmp/after"
check "user reference rows and incidents survive pg_dump/pg_restore" "$(cat "$tmp/before")" "$(cat "$tmp/after")"
sed 's/^/    /' "$tmp/after"
check "user rows present before the dump" "countries|251|2" "$(grep '^countries|' "$tmp/before")"

exit $fail
