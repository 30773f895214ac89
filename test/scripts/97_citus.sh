#!/usr/bin/env bash
# Scale-out on Citus: the same answers on a coordinator and two workers as on
# one node.  Builds Citus 13.2.2 from $IA_SHARED/vendor into the PostgreSQL of
# pg_config (once: skipped when citus.so is already in pg_config --pkglibdir),
# starts three throw-away clusters of that PostgreSQL with
# shared_preload_libraries = citus (a coordinator and two workers, ports
# IA_CITUS_PORT.. +2, default 5461), creates citus and incident_analytics on
# the coordinator, calls distribute_incidents(), and loads the same data
# there and into a single-node database of the cluster under test (PG*
# environment): the seed incidents, the VCDB sample through import_veris,
# import_veris_batch and the staged path (tools/import-veris, then again:
# re-import must update, not add), and the example CSV (tools/import-csv).
# Then every view, the C aggregates and the incidents rows are compared row
# by row, as the owner and as TLP readers of several organisations.
# Skips with a message when $IA_SHARED (vendor sources, VCDB sample) is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${IA_SHARED:-../shared}
vendor=$shared/vendor
sample=$shared/data/vcdb/sample.ndjson
[ -f "$vendor/citus-13.2.2.tar.gz" ] || { echo "SKIP: $vendor/citus-13.2.2.tar.gz not found (set IA_SHARED)"; exit 0; }
[ -f "$sample" ] || { echo "SKIP: $sample not found (set IA_SHARED)"; exit 0; }
pgc=${PG_CONFIG:-pg_config}
bindir=$("$pgc" --bindir)
libdir=$("$pgc" --pkglibdir)
[ -f "$("$pgc" --sharedir)/extension/incident_analytics.control" ] ||
  { echo "not ok - incident_analytics is not installed in $("$pgc" --sharedir)"; exit 1; }
fail=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
bad() { n=$((n + 1)); echo "not ok $n - $*"; fail=1; }

# 1. Citus, built once into this PostgreSQL.
if [ ! -f "$libdir/citus.so" ]; then
  echo "# building Citus 13.2.2 into $libdir"
  b=$(mktemp -d)
  if ! ( tar -xzf "$vendor/citus-13.2.2.tar.gz" -C "$b" && cd "$b/citus-13.2.2" &&
         patch -s -p1 < "$vendor/citus-13.2.2-pg15.20.patch" &&
         ./configure -q PG_CONFIG="$pgc" --without-libcurl --without-lz4 --without-zstd &&
         make -s -j2 && make -s install ) > "$b/build.log" 2>&1; then
    tail -30 "$b/build.log"; rm -rf "$b"
    echo "not ok - building Citus failed"; exit 1
  fi
  rm -rf "$b"
fi

# 2. Three clusters, as the postgres user when run as root.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port0=${IA_CITUS_PORT:-5461}
ports="$port0 $((port0 + 1)) $((port0 + 2))"
tmp=$(mktemp -d)
chmod 755 "$tmp"
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
single=ia_citus_single
cleanup() {
  for p in $ports; do
    [ -f "$tmp/n$p/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$tmp/n$p" -m immediate -w stop >/dev/null 2>&1
  done
  [ -n "${IA_CITUS_KEEP:-}" ] && echo "# kept $tmp" || rm -rf "$tmp"
  dropdb --if-exists $single >/dev/null 2>&1 || true
  psql -X -q -d postgres -c "DROP ROLE IF EXISTS ia_ct_a, ia_ct_b, ia_ct_c" >/dev/null 2>&1 || true
}
trap cleanup EXIT
for p in $ports; do
  as_pg "$bindir/initdb" -D "$tmp/n$p" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$tmp/n$p/postgresql.conf" <<CONF
shared_preload_libraries = 'citus'
listen_addresses = 'localhost'
port = $p
unix_socket_directories = '$tmp'
max_connections = 60
shared_buffers = 32MB
fsync = off
citus.max_adaptive_executor_pool_size = 4
CONF
  as_pg "$bindir/pg_ctl" -D "$tmp/n$p" -l "$tmp/n$p.log" -w start >/dev/null ||
    { cat "$tmp/n$p.log"; echo "not ok - cluster on port $p did not start"; exit 1; }
done
C() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$port0" -U postgres -d postgres "$@"; }
S() { psql -X -q -At -v ON_ERROR_STOP=1 -d $single "$@"; }
C -c 'CREATE EXTENSION citus' -c "SELECT citus_set_coordinator_host('localhost', $port0)" >/dev/null
for p in $ports; do
  [ "$p" = "$port0" ] && continue
  psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$p" -U postgres -d postgres -c 'CREATE EXTENSION citus' >/dev/null
  C -c "SELECT citus_add_node('localhost', $p)" >/dev/null
done
C -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'
dropdb --if-exists $single >/dev/null 2>&1 || true
createdb $single
S -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'

# 3. Refusals, then distribution.
got=$(S -c 'SELECT incident_analytics.distribute_incidents()' 2>&1 || true)
case $got in *"needs the Citus extension"*) ok "without Citus: refused";; *) bad "without Citus: $got";; esac
got=$(C -c 'SELECT incident_analytics.distribute_incidents(0)' 2>&1 || true)
case $got in *"invalid shard_count: 0"*) ok "shard_count 0: refused";; *) bad "shard_count 0: $got";; esac
C -c "INSERT INTO incident_analytics.incidents (source, title) VALUES ('local', 'no source id')"
got=$(C -c 'SELECT incident_analytics.distribute_incidents(8)' 2>&1 || true)
case $got in *"1 row(s) have no source_id"*) ok "rows without source_id: refused";; *) bad "rows without source_id: $got";; esac
C -c "DELETE FROM incident_analytics.incidents"
# the same on the single node, so both identity sequences stand at the same value
S -c "INSERT INTO incident_analytics.incidents (source, title) VALUES ('local', 'no source id')" \
  -c "DELETE FROM incident_analytics.incidents"
start=$SECONDS
got=$(C -c 'SET client_min_messages = warning' -c 'SELECT incident_analytics.distribute_incidents(8)' 2>&1) &&
  ok "distribute_incidents(8): $got ($((SECONDS - start)) s)" || { bad "distribute_incidents: $got"; exit 1; }
got=$(C -c "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'incident_analytics.incidents'::regclass")
[ "$got" = 8 ] && ok "incidents has 8 shards" || bad "incidents shards: $got"
got=$(C -c 'SELECT incident_analytics.distribute_incidents()' 2>&1 || true)
case $got in *"already distributed in 8 shards; distribute_incidents cannot change the shard count to 32"*) ok "second call with another shard count: refused";;
  *) bad "second call with another shard count: $got";; esac
got=$(C -c '\set VERBOSITY verbose' -c 'SELECT incident_analytics.distribute_incidents(16)' 2>&1 || true)
case $got in *0A000*) ok "another shard count: SQLSTATE 0A000";; *) bad "another shard count: $got";; esac
got=$(C -c 'SELECT incident_analytics.distribute_incidents(8)' 2>&1 || true)
case $got in *"already distributed in 8 shards; workers: localhost:$((port0 + 1)) worker: identity range from 281474976710657; localhost:$((port0 + 2)) worker: identity range from 562949953421313")
  ok "second call with the same shard count: workers already prepared, identity ranges by group";;
  *) bad "second call with the same shard count: $got";; esac

# 4. The same data on both.  Stop at the first failing load: what follows
# would compare nothing useful.
load() {   # load NAME CMD... (runs CMD with the coordinator's, then the single node's PG*)
  local name=$1; shift
  local out1 out2
  if ! out1=$(PGHOST=$tmp PGPORT=$port0 PGUSER=postgres PGDATABASE=postgres "$@" 2>&1); then
    bad "load $name on Citus: $(echo "$out1" | tail -3)"; return 1; fi
  if ! out2=$(PGDATABASE=$single "$@" 2>&1); then
    bad "load $name single node: $(echo "$out2" | tail -3)"; return 1; fi
  out1=$(echo "$out1" | sed -E 's/^[0-9]+ //'); out2=$(echo "$out2" | sed -E 's/^[0-9]+ //')
  [ "$out1" = "$out2" ] && ok "load $name: same result ($(echo "$out1" | tr '\n' ' ' | cut -c1-60))" ||
    bad "load $name: Citus [$out1] single [$out2]"
}
psqlf() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
head -20 "$sample" > "$tmp/first20.ndjson"
load seeds psqlf -f test/fixtures/seed_incidents.sql || true
load "import_veris (one document)" psqlf -c "SELECT incident_analytics.import_veris(\$\$$(head -1 "$sample")\$\$::jsonb, 'vcdb') IS NOT NULL" || true
cat > "$tmp/batch.sql" <<SQL
\\set content \`cat $tmp/first20.ndjson\`
SELECT count(*) FROM incident_analytics.import_veris_batch(
  (SELECT array_agg(l) FROM regexp_split_to_table(:'content', E'\\n') l WHERE l <> ''), 'vcdb');
SQL
load "import_veris_batch (20 documents)" psqlf -f "$tmp/batch.sql" || true
load "tools/import-veris (staged, 66)" tools/import-veris "$sample" -- -At -F' ' || true
load "tools/import-veris again (re-import updates)" tools/import-veris "$sample" -- -At -F' ' || true
load "tools/import-csv" tools/import-csv test/fixtures/incidents_example.csv -At -F' ' || true
load "tools/import-csv again (re-import updates)" tools/import-csv test/fixtures/incidents_example.csv -At -F' ' || true

# 5. Sharing: organisations, roles and TLP labels, the same on both.
share_sql="SET client_min_messages = warning;
SET search_path = incident_analytics, public;
INSERT INTO organisations (org, community) VALUES ('oa', 'h'), ('ob', 'h'), ('oc', 'e');
UPDATE organisations SET client_of = 'oa' WHERE org = 'oc';
DROP ROLE IF EXISTS ia_ct_a, ia_ct_b, ia_ct_c;
CREATE ROLE ia_ct_a LOGIN; CREATE ROLE ia_ct_b LOGIN; CREATE ROLE ia_ct_c LOGIN;   -- Citus logs in as the user on the workers
GRANT incident_reader TO ia_ct_a, ia_ct_b, ia_ct_c;
INSERT INTO org_members (role_name, org) VALUES ('ia_ct_a', 'oa'), ('ia_ct_b', 'ob'), ('ia_ct_c', 'oc');
-- Searched CASE, not (ARRAY[...])[i] (crashes the Citus 13.2.2 coordinator,
-- signal 11) nor CASE x WHEN (deparsed for the shards as integer = boolean).
UPDATE incidents SET
  tlp = CASE WHEN abs(hashtext(source_id)) % 5 = 0 THEN 'clear' WHEN abs(hashtext(source_id)) % 5 = 1 THEN 'green'
             WHEN abs(hashtext(source_id)) % 5 = 2 THEN 'amber' WHEN abs(hashtext(source_id)) % 5 = 3 THEN 'amber+strict'
             ELSE 'red' END::tlp,
  reported_by = CASE WHEN abs(hashtext(source_id || 'r')) % 3 = 0 THEN 'oa'
                     WHEN abs(hashtext(source_id || 'r')) % 3 = 1 THEN 'ob' ELSE 'oc' END,
  shared_with = CASE WHEN abs(hashtext(source_id || 's')) % 3 = 0 THEN '{oa}'
                     WHEN abs(hashtext(source_id || 's')) % 3 = 1 THEN '{ob}' ELSE '{oc}' END::text[];"
load "organisations, roles, TLP labels" psqlf -c "$share_sql" || true

# 6. Row-by-row comparison.
views=$(S -c "SELECT relname FROM pg_class WHERE relnamespace = 'incident_analytics'::regnamespace AND relkind = 'v' ORDER BY 1")
rows_of() {   # rows_of REL : every column but timestamps (sorted by compare)
  echo "SELECT $(S -c "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)
      FROM pg_attribute WHERE attrelid = 'incident_analytics.$1'::regclass AND attnum > 0 AND NOT attisdropped
       AND atttypid <> 'timestamptz'::regtype") FROM incident_analytics.$1"
}
rows() {   # one line per row (newlines inside values become spaces), sorted
  psql -X -q -At -v ON_ERROR_STOP=1 -F '|' -R $'\x1e' "$@" | tr '\n\036' ' \n' | sed 's/ *$//' | LC_ALL=C sort
}
compare() {   # compare NAME SQL [ROLE]
  local name=$1 sql=$2 role=${3:-} pre=""
  [ -n "$role" ] && pre="SET ROLE $role;"
  local a b
  if ! a=$(rows -h "$tmp" -p "$port0" -U postgres -d "${cdb:-postgres}" -c "$pre" -c "$sql" 2>&1); then
    bad "$name on Citus: $(echo "$a" | tail -2)"; return
  fi
  b=$(rows -d $single -c "$pre" -c "$sql" 2>&1) || { bad "$name single node: $(echo "$b" | tail -2)"; return; }
  if [ "$a" = "$b" ]; then
    ok "$name: $(echo "$b" | grep -c . || true) rows identical"
  else
    local f=$tmp/diff.$((n + 1))
    diff <(echo "$b") <(echo "$a") > "$f" || true
    bad "$name differs: $(grep -c '^<' "$f" || true) single-node rows not on Citus, $(grep -c '^>' "$f" || true) Citus rows not on single node"
    head -4 "$f" | cut -c1-300 | sed 's/^/# /'
  fi
}
compare "incidents" "$(rows_of incidents)"
for v in $views; do compare "view $v" "$(rows_of "$v")"; done
# The bridge view has both kinds of rows in this data, so the comparison above
# covers the observed/inferred split, and it runs on the shards.
got=$(C -c "SELECT string_agg(basis || '=' || n, ' ' ORDER BY basis) FROM (SELECT basis, count(*) n FROM incident_analytics.incident_techniques GROUP BY 1) x")
case $got in inferred=[1-9]*" "observed=[1-9]*) ok "incident_techniques on Citus: $got";; *) bad "incident_techniques by basis on Citus: $got";; esac
explain=$(C -c "EXPLAIN (COSTS OFF) SELECT * FROM incident_analytics.incident_techniques" 2>&1 || true)
case $explain in *"Custom Scan (Citus Adaptive)"*"Task Count: 8"*) ok "incident_techniques runs on the 8 shards";;
  *) echo "$explain" | sed 's/^/# /' | head -10; bad "incident_techniques is not pushed down to the shards";; esac
aggs="SELECT incident_analytics.cia_union(cia)::text, incident_analytics.cia_profile(cia)::text,
             incident_analytics.severity_summary(incident_analytics.incident_severity(i))::text
        FROM incident_analytics.incidents i"
compare "C aggregates over all incidents" "$aggs"
compare "C aggregates by country" "SELECT country, incident_analytics.cia_union(cia)::text, incident_analytics.cia_profile(cia)::text, count(*)
   FROM incident_analytics.incidents GROUP BY 1 ORDER BY 1"
explain=$(C -c "EXPLAIN (VERBOSE, COSTS OFF) SELECT country, incident_analytics.cia_profile(cia) FROM incident_analytics.incidents GROUP BY 1" 2>&1 || true)
case $explain in *cia_profile_partial*|*"worker_partial_agg"*|*"partial_agg"*) ok "cia_profile runs as worker partial + coordinator combine";;
  *) echo "$explain" | sed 's/^/# /' | head -20; bad "cia_profile is not split into partial and combine";; esac
# The technique aggregation with severity from columns (incident_severity_facts)
# instead of the whole row: the form the views need on Citus.
sev_cols="incident_analytics.incident_severity_facts(i.incident_id, i.safety_impact, i.functional_impact,
  i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability,
  i.outage_duration, i.techniques, i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant)"
compare "severity by technique, column form" "SELECT k.technique::text, incident_analytics.severity_summary($sev_cols)::text, count(*)
   FROM incident_analytics.incidents i
  CROSS JOIN LATERAL unnest(incident_analytics.technique_rollup(i.techniques)) AS k(technique)
  WHERE i.duplicate_of IS NULL GROUP BY 1"
# Reference caches on the workers: session A runs a query whose C functions
# read reference data on the workers (its pooled worker backends load their
# caches; one connection per worker), then session B changes a reference
# table, and A's next statement must see it.  The change reaches the workers
# as a change of the reference table's shard (sectors_102011), whose trigger
# invalidates the shard, not the table the caches read (src/refdata.c).
cache_check() {   # cache_check QUERY CHANGE-SQL-FILE PSQL-ARGS... : prints A's results before and after
  local before after q=$1 change=$2; shift 2
  coproc CA { psql -X -q -At "$@" 2>&1; }
  echo "SET citus.max_adaptive_executor_pool_size = 1; $q" >&"${CA[1]}"
  read -r before <&"${CA[0]}"
  psql -X -q -At -v ON_ERROR_STOP=1 "$@" -f "$change" >/dev/null
  echo "$q" >&"${CA[1]}"
  read -r after <&"${CA[0]}"
  eval "exec ${CA[1]}>&-"
  wait "$CA_PID" || true
  echo "before|$before after|$after"
}
cache_case() {   # cache_case NAME QUERY CHANGE-SQL-FILE
  local a b
  a=$(cache_check "$2" "$3" -h "$tmp" -p "$port0" -U postgres -d postgres 2>&1) || true
  b=$(cache_check "$2" "$3" -d $single 2>&1) || true
  if [ "$a" = "$b" ] && [ "${b%% *}" != "before|${b##*after|}" ]; then
    ok "$1 by another session reaches the workers' caches ($(echo "$a" | tr '\n' ' '))"
  else
    bad "$1 and worker caches: Citus [$(echo "$a" | tr '\n' ' ')] single [$(echo "$b" | tr '\n' ' ')]"
  fi
}
echo "UPDATE incident_analytics.sectors SET criticality = 25 WHERE code LIKE '92%' OR code LIKE '62%';" > "$tmp/sectors.sql"
cache_case "a sectors change" "SELECT round(sum($sev_cols), 4) FROM incident_analytics.incidents i;" "$tmp/sectors.sql"
# load_attack_stix: an ICS bundle that revokes T0880 in favour of T0999; the
# roll-up (evaluated per row on the shards) follows the successor.
cat > "$tmp/bundle.json" <<'JSON'
{"type": "bundle", "id": "bundle--ia-citus", "objects": [
 {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "99.0", "modified": "2030-01-01T00:00:00Z"},
 {"type": "x-mitre-matrix", "id": "x-mitre-matrix--1", "tactic_refs": ["x-mitre-tactic--1", "x-mitre-tactic--2"],
  "external_references": [{"source_name": "mitre-attack", "external_id": "ics-attack"}]},
 {"type": "x-mitre-tactic", "id": "x-mitre-tactic--1", "name": "Impact", "x_mitre_shortname": "impact",
  "external_references": [{"source_name": "mitre-attack", "external_id": "TA0105"}]},
 {"type": "x-mitre-tactic", "id": "x-mitre-tactic--2", "name": "Inhibit Response Function", "x_mitre_shortname": "inhibit-response-function",
  "external_references": [{"source_name": "mitre-attack", "external_id": "TA0107"}]},
 {"type": "attack-pattern", "id": "attack-pattern--a", "name": "Loss of Safety", "revoked": true,
  "external_references": [{"source_name": "mitre-attack", "external_id": "T0880"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
 {"type": "attack-pattern", "id": "attack-pattern--b", "name": "Loss of Safety and Control",
  "external_references": [{"source_name": "mitre-attack", "external_id": "T0999"}],
  "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
 {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
  "source_ref": "attack-pattern--a", "target_ref": "attack-pattern--b"}]}
JSON
printf '%s\n' "\\set b \`cat $tmp/bundle.json\`" "SELECT incident_analytics.load_attack_stix(:'b'::jsonb);" > "$tmp/stix.sql"
cache_case "load_attack_stix" "SELECT string_agg(DISTINCT incident_analytics.technique_rollup(CASE WHEN i.incident_id > 0 THEN '{T0880}'::incident_analytics.attack_technique[] END)::text, ',') FROM incident_analytics.incidents i;" "$tmp/stix.sql"
# The stored facts on the shards agree with what the functions compute there
# (verify_incident_facts runs distributed), and no row is left stale.
got=$(C -c "SELECT count(*) || ' differences, ' || (SELECT count(*) FROM incident_analytics.verify_incident_facts(true)) || ' with stale rows' FROM incident_analytics.verify_incident_facts()" 2>&1)
if [ "$got" = "0 differences, 0 with stale rows" ]; then ok "verify_incident_facts on Citus: $got"
else bad "verify_incident_facts on Citus: $got"; fi
for r in ia_ct_a ia_ct_b ia_ct_c; do
  compare "as $r: incidents" "$(rows_of incidents)" $r
  for v in incident_overview incidents_by_sector incidents_by_technique incident_techniques; do
    compare "as $r: view $v" "$(rows_of $v)" $r
  done
done
# More shards later (docs/scaling.md): alter_distributed_table refuses the
# extension's table, so each shard is split in two, one split per
# transaction (psql \gexec), each half on the node of the original; the rows
# stay the single node's, and distribute_incidents(16) then sees 16 shards.
cat > "$tmp/split.sql" <<'SQL'
SELECT pg_catalog.format('SELECT pg_catalog.citus_split_shard_by_split_points(%s, ARRAY[%L], ARRAY[%s, %s], %L)',
         s.shardid, ((s.shardminvalue::bigint + s.shardmaxvalue::bigint) / 2)::text, n.nodeid, n.nodeid, 'block_writes')
  FROM pg_catalog.pg_dist_shard s
  JOIN pg_catalog.pg_dist_placement p USING (shardid)
  JOIN pg_catalog.pg_dist_node n USING (groupid)
 WHERE s.logicalrelid = 'incident_analytics.incidents'::pg_catalog.regclass
\gexec
SQL
got=$(C -c "SELECT alter_distributed_table('incident_analytics.incidents', shard_count := 16)" 2>&1 || true)
case $got in *"extension depends on it"*) ok "alter_distributed_table refuses the extension's table (as documented)";;
  *) bad "alter_distributed_table: $got";; esac
if out=$(C -f "$tmp/split.sql" 2>&1); then
  got=$(C -c "SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = 'incident_analytics.incidents'::regclass")
  [ "$got" = 16 ] && ok "each shard split in two: 16 shards" || bad "after the splits: $got shards"
  compare "after the splits: incidents" "$(rows_of incidents)"
  compare "after the splits: view incidents_by_sector" "$(rows_of incidents_by_sector)"
  got=$(C -c 'SELECT incident_analytics.distribute_incidents(16)' 2>&1 || true)
  case $got in *"already distributed in 16 shards"*) ok "distribute_incidents(16) after the splits: workers prepared";;
    *) bad "distribute_incidents(16) after the splits: $got";; esac
else bad "splitting the shards: $(echo "$out" | tail -2)"; fi

# Dump and restore (docs/scaling.md): pg_dump of the coordinator reads the
# distributed rows through it; the dump goes into a new database of the
# same three nodes, with citus and the nodes set up first, then
# distribute_incidents().  The views and the TLP readers' rows must be the
# single node's again.
out=$( {
  "$bindir/pg_dump" -h "$tmp" -p "$port0" -U postgres -Fc -d postgres -f "$tmp/coordinator.dump" &&
  for p in $ports; do
    psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$p" -U postgres -d postgres -c 'SET client_min_messages = warning' -c 'CREATE DATABASE ia_restored' &&
    psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -p "$p" -U postgres -d ia_restored -c 'CREATE EXTENSION citus' || exit 1
  done &&
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$port0" -U postgres -d ia_restored -c "SELECT citus_set_coordinator_host('localhost', $port0)" >/dev/null &&
  for p in $ports; do
    [ "$p" = "$port0" ] || psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$port0" -U postgres -d ia_restored -c "SELECT citus_add_node('localhost', $p)" >/dev/null || exit 1
  done &&
  "$bindir/pg_restore" -h "$tmp" -p "$port0" -U postgres -d ia_restored --exit-on-error "$tmp/coordinator.dump" &&
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$port0" -U postgres -d ia_restored -c 'SET client_min_messages = warning' -c 'SELECT incident_analytics.distribute_incidents(8)' &&
  psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$port0" -U postgres -d ia_restored -c 'SELECT incident_analytics.distribute_incidents(8)'
} 2>&1 ) && ok "pg_dump of the coordinator restored into a new Citus database, distributed again" ||
  bad "dump and restore: $(echo "$out" | tail -3)"
# The restored org_members reach the workers with the coordinator's role
# OIDs: the first call says so, the second binds them on each worker.
case $out in *"org_members has 3 row(s)"*"Call distribute_incidents(8) again"*"already distributed in 8 shards"*"3 membership(s) bound"*"3 membership(s) bound"*)
  ok "restored memberships: warned, then bound on both workers";;
  *) bad "restored memberships: $(echo "$out" | tr '\n' ' ' | cut -c1-400)";; esac
cdb=ia_restored compare "restored: incidents" "$(rows_of incidents)"
for v in incident_overview incidents_by_sector incidents_by_technique incident_techniques; do
  cdb=ia_restored compare "restored: view $v" "$(rows_of $v)"
done
for r in ia_ct_a ia_ct_c; do
  cdb=ia_restored compare "restored, as $r: view incident_overview" "$(rows_of incident_overview)" $r
done

# A CSV row without source_id (after the comparisons: one node imports it):
# on Citus it is rejected with its reason and the other rows load; one node
# imports both.
printf 'source_id,title,country\n,row without an id,IT\nnoid-2,row with an id,IT\n' > "$tmp/noid.csv"
got=$(PGHOST=$tmp PGPORT=$port0 PGUSER=postgres PGDATABASE=postgres tools/import-csv "$tmp/noid.csv" -At -F' ' 2>&1 | sed -E 's/^[0-9]+ //')
why=$(C -c "SELECT sqlstate || ' ' || reason FROM incident_analytics.import_rejects WHERE raw_text LIKE '%row without an id%'")
if [ "$got" = "1 0 1 2" ] && [[ $why == "22004 invalid CSV row: source_id is empty, and incidents requires one in this database ("*distribution\ column* ]]; then
  ok "CSV row without source_id on Citus: rejected ($why), the other row loaded"
else bad "CSV row without source_id on Citus: [$got] [$why]"; fi
got=$(PGDATABASE=$single tools/import-csv "$tmp/noid.csv" -At -F' ' 2>&1 | sed -E 's/^[0-9]+ //')
[ "$got" = "2 0 0 2" ] && ok "CSV row without source_id on one node: imported ($got)" || bad "CSV row without source_id on one node: [$got]"

# Identity values drawn on every node (last: the coordinator's sequence then
# runs ahead of the single node's).  A worker's INSERT takes the defaults of
# its own copy of the table: its identity range (group g from g * 2^48 + 1)
# and the local-<uuid> source_id.
idsql() { echo "INSERT INTO incident_analytics.incidents (source, source_id, title) VALUES ('node-$1', 'a', 'on node $1'), ('node-$1', 'b', 'on node $1');
  INSERT INTO incident_analytics.incidents (source, title) VALUES ('node-$1', 'on node $1, no source_id');"; }
inserted=0
for p in $ports; do
  if out=$(psql -X -q -At -v ON_ERROR_STOP=1 -h "$tmp" -p "$p" -U postgres -d postgres -c "$(idsql "$p")" 2>&1); then
    inserted=$((inserted + 1))
  else bad "INSERT through node $p: $(echo "$out" | tail -2)"; fi
done
[ $inserted = 3 ] && ok "INSERT through the coordinator and through each worker"
got=$(C -c "SELECT count(*) || ' rows ' || count(DISTINCT incident_id) || ' ids' FROM incident_analytics.incidents")
case $got in "$(C -c 'SELECT count(*) FROM incident_analytics.incidents') rows $(C -c 'SELECT count(*) FROM incident_analytics.incidents') ids") ok "incident_id unique after inserts on every node: $got";;
  *) bad "incident_id not unique after inserts on every node: $got";; esac
got=$(C -c "SELECT string_agg(source || ':' || g || ':' || n || ':' || l, ' ' ORDER BY source) FROM (
  SELECT source, string_agg(DISTINCT (incident_id >> 48)::text, ',') g, count(DISTINCT incident_id) n,
         count(*) FILTER (WHERE source_id LIKE 'local-%') l
    FROM incident_analytics.incidents WHERE source LIKE 'node-%' GROUP BY 1) x")
want="node-$port0:0:3:1 node-$((port0 + 1)):1:3:1 node-$((port0 + 2)):2:3:1"
[ "$got" = "$want" ] && ok "ids drawn in each node's range, source_id default on every node ($got)" ||
  bad "ids by node (source:incident_id>>48:ids:local-ids): got [$got] want [$want]"
echo "1..$n"
exit $fail
