#!/usr/bin/env bash
# Dump and restore: a database with the extension, incidents (the seed
# fixture, a few of our own, the VCDB sample through import_veris when that
# function exists), user reference rows and TLP organisations is dumped with
# pg_dump (custom format -> pg_restore, and plain format -> psql) into fresh
# databases; every table of the extension schema, every view and the
# identity sequence must come back identical.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=ia_dump_src
P() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
fail=0
for db in $src ia_dump_fc ia_dump_plain; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
createdb "$src"
P -d "$src" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'

# Reference rows the seed fixture needs, added as user rows when the shipped
# data does not have them (before the reference data lands), plus user rows
# that must survive in any case.
P -d "$src" <<'SQL'
SET search_path = incident_analytics;
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM countries WHERE code = 'IT') THEN   -- no shipped data yet
    INSERT INTO m49_regions (code, name, level, parent_code) VALUES
      ('001', 'World', 'world', NULL), ('150', 'Europe', 'continent', '001'),
      ('039', 'Southern Europe', 'subregion', '150') ON CONFLICT DO NOTHING;
    INSERT INTO countries (code, name, region_code, region_name, subregion_code, subregion_name) VALUES
      ('IT', 'Italy', '150', 'Europe', '039', 'Southern Europe') ON CONFLICT DO NOTHING;
    INSERT INTO subdivisions (code, country, name, type) VALUES
      ('IT-42', 'IT', 'Liguria', 'Region'), ('IT-62', 'IT', 'Lazio', 'Region') ON CONFLICT DO NOTHING;
    INSERT INTO sectors (code, name, level, criticality) VALUES
      ('62', 'Health Care and Social Assistance', 2, 100),
      ('92', 'Public Administration', 2, 80) ON CONFLICT DO NOTHING;
  END IF;
END $$;
-- a shipped row edited by a user (becomes a user row when the reference triggers exist)
UPDATE countries SET name = name || ' (edited)' WHERE code = 'IT' AND origin = 'shipped';
-- always user rows
INSERT INTO countries (code, name) VALUES ('ZZ', 'Test Country (user)');
INSERT INTO subdivisions (code, country, name, type) VALUES ('ZZ-U1', 'ZZ', 'User subdivision', 'Province');
INSERT INTO sectors (code, name, level, criticality) VALUES ('99', 'User sector', 2, 40);
INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES ('991', 'User subsector', 3, '99', 40);
INSERT INTO attack_tactics (tactic_id, shortname, name, domain, ordinal) VALUES
  ('TA9901', 'user-tactic', 'User tactic', 'enterprise', 99);
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, origin) VALUES
  ('T1999', 'enterprise', 'User technique', '{TA9901}', false, 'user'),
  ('T1999.001', 'enterprise', 'User sub-technique', '{TA9901}', true, 'user');
INSERT INTO organisations (org, community, client_of) VALUES
  ('cert-it', 'eu-csirts', NULL), ('asl5', 'health-it', 'cert-it');
INSERT INTO org_members (role_name, org) VALUES ('some_analyst', 'asl5');
SQL
# ---- reference rows a user labels origin = 'shipped' (issue 10): pg_dump skips
# shipped rows, so such a row must become a user row, or it and every incident
# referencing it are lost on restore.
P -d "$src" <<'SQL'
SET search_path = incident_analytics;
INSERT INTO countries (code, name, origin) VALUES ('ZS', 'Shipped-labelled user country', 'shipped');
INSERT INTO subdivisions (code, country, name, type, origin) VALUES ('ZS-01', 'ZS', 'Shipped-labelled subdivision', 'Province', 'shipped');
INSERT INTO sectors (code, name, level, criticality, origin) VALUES ('98', 'Shipped-labelled sector', 2, 60, 'shipped');
INSERT INTO m49_regions (code, name, level, parent_code, origin) VALUES ('998', 'Shipped-labelled region', 'intermediate', NULL, 'shipped');
INSERT INTO attack_tactics (tactic_id, shortname, name, domain, ordinal, origin) VALUES
  ('TA9902', 'shipped-labelled', 'Shipped-labelled tactic', 'enterprise', 98, 'shipped');
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, origin) VALUES
  ('T1998', 'enterprise', 'Shipped-labelled technique', '{TA9902}', false, 'shipped');
INSERT INTO countries (code, name) VALUES ('ZR', 'User country relabelled later');
UPDATE countries SET origin = 'shipped' WHERE code = 'ZR';
INSERT INTO incidents (source, source_id, title, country, subdivision, sector, region_m49, techniques) VALUES
  ('dumptest', 'shipped-label-1', 'uses shipped-labelled user rows', 'ZS', 'ZS-01', '98', '998', '{T1998}'),
  ('dumptest', 'shipped-label-2', 'uses a relabelled user row', 'ZR', NULL, NULL, NULL, NULL);
SQL
n_label=$(P -At -d "$src" -c "SELECT count(*) FROM (
  SELECT origin FROM incident_analytics.countries WHERE code IN ('ZS', 'ZR') UNION ALL
  SELECT origin FROM incident_analytics.subdivisions WHERE code = 'ZS-01' UNION ALL
  SELECT origin FROM incident_analytics.sectors WHERE code = '98' UNION ALL
  SELECT origin FROM incident_analytics.m49_regions WHERE code = '998' UNION ALL
  SELECT origin FROM incident_analytics.attack_tactics WHERE tactic_id = 'TA9902' UNION ALL
  SELECT origin FROM incident_analytics.attack_techniques WHERE technique OPERATOR(incident_analytics.=) 'T1998'::incident_analytics.attack_technique) s WHERE origin = 'user'")
if [ "$n_label" = 7 ]; then
  echo "ok - rows users write with origin 'shipped' are stored as user rows (7 of 7)"
else
  echo "not ok - rows users write with origin 'shipped' are user rows: $n_label of 7"; fail=1
fi
# ---- end of the origin block

if [ -f test/fixtures/seed_incidents.sql ]; then
  P -d "$src" -f test/fixtures/seed_incidents.sql >/dev/null
fi
P -d "$src" <<'SQL'
SET search_path = incident_analytics;
INSERT INTO incidents (source, source_id, title, victim, summary, occurred_on, occurred_precision,
                       country, subdivision, sector, cia, techniques, motives, actor_types, actor_countries,
                       information_impact, records_affected, scope, outage_duration, loss_eur,
                       tlp, reported_by, shared_with, sources, raw)
VALUES
  ('dumptest', 'd1', 'Quote '' and tab	in title', 'Ünïcødé victim ☃', E'line1\nline2 \\ backslash',
   DATE '2024-03-01', 'month', 'ZZ', 'ZZ-U1', '991', 'C:H/I:X/A:L', '{T1999.001,T1486}',
   '{financial}', '{criminal}', '{RU,KP}', 'personal', 123456789012, 'national', interval '3 days 04:05',
   1234567.89, 'amber+strict', 'asl5', '{cert-it}', '{https://example.org/a?b=c&d}', '{"k": [1, null, "x"]}'),
  ('dumptest', 'd2', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
   NULL, NULL, NULL, NULL, NULL, 'red', NULL, '{someone}', NULL, NULL),
  ('dumptest', 'd3', 'year precision', NULL, NULL, DATE '2019-01-01', 'year', 'IT', NULL, '62',
   'C:X/I:X/A:X', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'clear', NULL, NULL, NULL, NULL);
SQL
# The VCDB sample through the importer, once it exists.
vcdb="${IA_SHARED:-../shared}/data/vcdb/sample.ndjson"
has_import=$(P -At -d "$src" -c "SELECT to_regprocedure('incident_analytics.import_veris(jsonb)') IS NOT NULL")
if [ "$has_import" = t ] && [ -f "$vcdb" ]; then
  python3 - "$vcdb" <<'PY' | P -d "$src" >/dev/null
import sys
print("\\set ON_ERROR_STOP 0")
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.strip()
    if line:
        print("SELECT incident_analytics.import_veris($vcdb$%s$vcdb$::jsonb);" % line)
PY
elif [ ! -f "$vcdb" ]; then
  echo "ok - # SKIP the VCDB sample in the dump: $vcdb not found (set IA_SHARED)"
fi
# Bump the sequence past the rows so that "next id" is part of the check.
P -d "$src" -c "SELECT nextval('incident_analytics.incidents_incident_id_seq')" >/dev/null

# A fingerprint of everything a user would check: each table and view of
# the schema (md5 of its rows as text, sorted), and the sequence state.
fingerprint() {
  P -At -d "$1" <<'SQL'
SET search_path = pg_catalog;
SELECT format('%s %s %s', c.relkind, c.relname,
              (xpath('/row/x/text()',
                     query_to_xml(format('SELECT count(*) || '':'' || md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) AS x FROM %s t',
                                         c.oid::regclass), false, true, '')))[1]::text)
  FROM pg_class c
 WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind IN ('r', 'v', 'm')
 ORDER BY c.relname;
SELECT 'sequence ' || last_value || ' ' || is_called FROM incident_analytics.incidents_incident_id_seq;
SELECT 'extension ' || extversion FROM pg_extension WHERE extname = 'incident_analytics';
SQL
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fingerprint "$src" > "$tmp/src"
n_inc=$(P -At -d "$src" -c 'SELECT count(*) FROM incident_analytics.incidents')
n_user=$(P -At -d "$src" -c "SELECT (SELECT count(*) FROM incident_analytics.countries WHERE origin = 'user')
  + (SELECT count(*) FROM incident_analytics.subdivisions WHERE origin = 'user')
  + (SELECT count(*) FROM incident_analytics.sectors WHERE origin = 'user')
  + (SELECT count(*) FROM incident_analytics.attack_techniques WHERE origin = 'user')
  + (SELECT count(*) FROM incident_analytics.attack_tactics WHERE origin = 'user')")

pg_dump -Fc -f "$tmp/dump.fc" "$src" 2>"$tmp/dump.err" || { cat "$tmp/dump.err"; exit 1; }
pg_dump -Fp -f "$tmp/dump.sql" "$src" 2>"$tmp/dump.err" || { cat "$tmp/dump.err"; exit 1; }
createdb ia_dump_fc
pg_restore --exit-on-error -d ia_dump_fc "$tmp/dump.fc"
createdb ia_dump_plain
P -d ia_dump_plain -f "$tmp/dump.sql" >/dev/null

for db in ia_dump_fc ia_dump_plain; do
  fingerprint "$db" > "$tmp/$db"
  if diff -u "$tmp/src" "$tmp/$db"; then
    echo "ok - $db: $n_inc incidents, $n_user user reference rows, $(grep -c '^v ' "$tmp/src" || true) views and all tables identical after dump/restore"
  else
    echo "not ok - $db differs from the source database"; fail=1
  fi
  # The restored database keeps working: a new incident gets a fresh id.
  if P -d "$db" -c "INSERT INTO incident_analytics.incidents (source, source_id) VALUES ('dumptest', 'after-restore')" >/dev/null; then
    echo "ok - $db: inserting after restore does not collide with restored ids"
  else
    echo "not ok - $db: insert after restore failed"; fail=1
  fi
done
# ---- 1.0.0 databases: rows a user wrote there with origin 'shipped' become
# user rows on ALTER EXTENSION UPDATE, so the next dump keeps them and the
# incidents using them (1.0.0 lost every incident: the incidents COPY failed).
if [ -f "$(pg_config --sharedir)/extension/incident_analytics--1.0.0.sql" ]; then
  for db in ia_dump_old ia_dump_old_r; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
  createdb ia_dump_old
  P -d ia_dump_old <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION incident_analytics VERSION '1.0.0';
SET search_path = incident_analytics;
INSERT INTO countries (code, name, origin) VALUES ('ZS', 'Shipped-labelled user country', 'shipped');
UPDATE countries SET name = 'Italia' WHERE code = 'IT';
UPDATE countries SET origin = 'shipped' WHERE code = 'IT';
INSERT INTO incidents (source, source_id, country) VALUES ('old', 'o1', 'ZS'), ('old', 'o2', 'IT'), ('old', 'o3', 'FR');
ALTER EXTENSION incident_analytics UPDATE;
SQL
  pg_dump -Fc -f "$tmp/old.fc" ia_dump_old 2>"$tmp/dump.err" || { cat "$tmp/dump.err"; exit 1; }
  createdb ia_dump_old_r
  pg_restore -d ia_dump_old_r "$tmp/old.fc" 2>"$tmp/restore.err" || true
  q="SELECT string_agg(i.source_id || ':' || c.code || ':' || c.name, ',' ORDER BY i.source_id)
       FROM incident_analytics.incidents i JOIN incident_analytics.countries c ON c.code = i.country"
  want=$(P -At -d ia_dump_old -c "$q")
  got=$(P -At -d ia_dump_old_r -c "$q")
  if [ "$want" = "o1:ZS:Shipped-labelled user country,o2:IT:Italia,o3:FR:France" ] && [ "$got" = "$want" ]; then
    echo "ok - 1.0.0 rows labelled 'shipped' by a user survive upgrade + dump/restore, with their incidents"
  else
    echo "not ok - 1.0.0 rows labelled 'shipped' after upgrade + dump/restore: want '$want', got '$got'"
    head -5 "$tmp/restore.err"; fail=1
  fi
  for db in ia_dump_old ia_dump_old_r; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
else
  echo "ok - # SKIP no installed 1.0.0 script for the upgrade case"
fi
# ---- end of the 1.0.0 origin block

# Sanity: the check can fail (user rows really are in the dump).
if grep -q 'User sub-technique' "$tmp/dump.sql" && grep -q 'Ünïcødé victim' "$tmp/dump.sql"; then
  echo "ok - the plain dump contains the user reference rows and the incidents"
else
  echo "not ok - user rows or incidents missing from the dump"; fail=1
fi

# ---- import log (imports, import_rejects): user data, kept by pg_dump ----
# (the import part of this test; staging tables are transient and not dumped)
P -d "$src" >/dev/null <<'SQL'
SELECT * FROM incident_analytics.import_veris_batch(
  ARRAY['{"incident_id": "dump-imp-1"}', '{"incident_id": "dump-imp-2", "victim": {"country": 7}}', '{broken'], 'dumpimp');
SQL
imp_fp() {
  P -At -d "$1" -c "SELECT (SELECT count(*) || ':' || md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s', import_id, kind, source, loaded, rejected, status, finished_at), ',' ORDER BY import_id)) FROM incident_analytics.imports)
                     || ' ' || (SELECT count(*) || ':' || md5(string_agg(format('%s|%s|%s|%s|%s|%s|%s', reject_id, import_id, position, raw_text, sqlstate, tlp, imported_by), ',' ORDER BY reject_id)) FROM incident_analytics.import_rejects)
                     || ' ' || (SELECT last_value FROM incident_analytics.imports_import_id_seq)"
}
want=$(imp_fp "$src")
pg_dump -Fc -f "$tmp/dump2.fc" "$src" 2>"$tmp/dump.err" || { cat "$tmp/dump.err"; exit 1; }
pg_dump -Fp -f "$tmp/dump2.sql" "$src" 2>"$tmp/dump.err" || { cat "$tmp/dump.err"; exit 1; }
for db in ia_dump_fc ia_dump_plain; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; createdb "$db"; done
pg_restore --exit-on-error -d ia_dump_fc "$tmp/dump2.fc"
P -d ia_dump_plain -f "$tmp/dump2.sql" >/dev/null
for db in ia_dump_fc ia_dump_plain; do
  got=$(imp_fp "$db")
  if [ "$got" = "$want" ] && [ "${want%% *}" != "0:" ]; then
    echo "ok - $db: import log and rejects restored ($want)"
  else
    echo "not ok - $db: import log differs after restore: got [$got] want [$want]"; fail=1
  fi
  if P -At -d "$db" -c "SELECT import_id FROM incident_analytics.import_veris_batch(ARRAY['{\"incident_id\": \"after\"}'], 'dumpimp')" >/dev/null; then
    echo "ok - $db: a new import after restore gets a fresh import_id"
  else
    echo "not ok - $db: import after restore failed"; fail=1
  fi
done
for db in $src ia_dump_fc ia_dump_plain; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
exit $fail
