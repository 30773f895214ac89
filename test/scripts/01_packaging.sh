#!/usr/bin/env bash
# Packaging consistency: one version (control file) flows into META.json, the
# generated install script and the loaded library.
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "not ok - $*"; exit 1; }
ver=$(sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\([^']*\)'.*/\1/p" incident_analytics.control)
[ -n "$ver" ] || fail "no default_version in the control file"
meta=$(python3 -c 'import json;m=json.load(open("META.json"));print(m["version"], m["provides"]["incident_analytics"]["version"], m["provides"]["incident_analytics"]["file"])')
[ "$meta" = "$ver $ver incident_analytics--$ver.sql" ] || fail "META.json says '$meta', control says $ver"
[ -f "incident_analytics--$ver.sql" ] || fail "install script incident_analytics--$ver.sql was not generated"
head -2 "incident_analytics--$ver.sql" | grep -q '\\quit' || fail "install script lacks the \\echo ... \\quit guard"
python3 tools/dev/build-readme --check || fail "README.md is not built from docs/ (run tools/dev/build-readme)"
size=$(wc -c < README.md)
[ "$size" -le 50000 ] || fail "README.md is $size bytes, more than 50 KB (move detail to docs/*.md)"
# No pointer to documents the repository does not have (design notes kept elsewhere,
# or documents of the shared test data); paths of data files under ../shared/data are fine.
if git ls-files >/dev/null 2>&1; then files=$(git ls-files | grep -v '^src/sql/frozen/'); else files=$(find . -type f ! -path './.git/*' ! -path './src/sql/frozen/*' | sed 's|^\./||'); fi
stale=$(printf '%s\n' $files | while read -r f; do [ -f "$f" ] && grep -IlE '(SEVERITY|DESIGN|STYLE)\.md|[Tt]he brief|\.\./shared/(data/)?[A-Za-z_-]+\.md' "$f" 2>/dev/null; done | grep -v '^test/scripts/01_packaging.sh$' || true)
[ -z "$stale" ] || fail "references to documents the repository does not have in: $(echo $stale)"
# No merge left half done: conflict markers in any tracked text file.
marked=$(printf '%s\n' $files | while read -r f; do [ -f "$f" ] && grep -IlE '^(<<<<<<< |>>>>>>> )' "$f" 2>/dev/null; done || true)
[ -z "$marked" ] || fail "merge conflict markers in: $(echo $marked)"
if grep -nE 'CREATE[[:space:]]+OR[[:space:]]+REPLACE[[:space:]]+FUNCTION' src/sql/*.sql; then fail "CREATE OR REPLACE in an extension script"; fi
db=ia_packaging
dropdb --if-exists "$db" >/dev/null; createdb "$db"
lib=$(psql -X -At -d "$db" -c 'CREATE EXTENSION incident_analytics' -c 'SELECT incident_analytics.incident_analytics_version()' | tail -1)
dropdb "$db"
[ "$lib" = "$ver" ] || fail "library reports $lib, control says $ver"
echo "ok - version $ver consistent in control, META.json, install script and library"
