#!/usr/bin/env bash
# The reference tables of the README (docs/reference.md) list every public
# function, aggregate, procedure and view of the extension, as the catalog has
# them.  Not public: functions whose COMMENT starts with "internal:", the
# support functions of the types and aggregates (I/O, btree/hash support,
# transition/combine/final functions) and the functions behind operators (the
# operators are listed instead).
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "not ok - $*"; exit 1; }
ref=docs/reference.md
[ -f "$ref" ] || fail "$ref is missing"
db=ia_docs_reference
dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
names=$(psql -X -q -At -d "$db" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION incident_analytics' -c "
  SELECT DISTINCT p.proname
    FROM pg_catalog.pg_proc p
   WHERE p.pronamespace = 'incident_analytics'::regnamespace
     AND coalesce(pg_catalog.obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'internal:%'
     AND p.proname !~ '_(in|out|recv|send|cmp|hash|hash_extended|transfn|combinefn|finalfn)\$'
     AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_operator o WHERE o.oprcode = p.oid)
  UNION
  SELECT c.relname FROM pg_catalog.pg_class c
   WHERE c.relnamespace = 'incident_analytics'::regnamespace AND c.relkind = 'v'
  ORDER BY 1")
[ -n "$names" ] || fail "no public objects found in the catalog"
missing=()
count=0
for n in $names; do
  count=$((count + 1))
  # named in code font: `name`, `name(...`, `name ...` or `CALL name(...`
  grep -qE "\`(CALL )?$n(\`|\\(| )" "$ref" || missing+=("$n")
done
[ ${#missing[@]} -eq 0 ] || fail "$ref does not list: ${missing[*]}"
echo "ok - $ref lists all $count public functions, aggregates, procedures and views"
