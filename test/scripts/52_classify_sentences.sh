#!/usr/bin/env bash
# classify_cia(text) on test/data/classify_sentences.tsv: sentences written for
# this test in the styles of public breach reporting, each in English and in
# Italian with the same content, labelled with the components they state.
# Fails when
#   - a sentence's predicted components (L or H = present) differ from its label,
#   - the English and Italian versions of a sentence disagree on any component,
#   - per language, the targets of docs/classify.md are missed
#     (C precision >= 0.90, recall >= 0.75; A precision >= 0.90, recall >= 0.60;
#     I precision >= 0.80).
# Needs no shared data.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
tsv=$here/test/data/classify_sentences.tsv
db=ia_classify_sentences
dropdb --if-exists "$db" >/dev/null 2>&1
createdb "$db"
trap 'dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT
psql -q -X -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION incident_analytics' \
     -c 'CREATE TABLE s (id text, lang text, c int, i int, a int, t text)'
grep -v '^#' "$tsv" | psql -q -X -v ON_ERROR_STOP=1 -d "$db" -c '\copy s FROM STDIN (FORMAT text)'

psql -X -A -F $'\t' -t -v ON_ERROR_STOP=1 -d "$db" <<'SQL' | python3 -c '
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip()]
fail = False
by_id = collections.defaultdict(dict)
stats = collections.defaultdict(lambda: [0, 0, 0])   # (lang, comp) -> tp, fp, fn
for sid, lang, c, i, a, pc, pi, pa, cia, text in rows:
    want = (c == "1", i == "1", a == "1")
    got = (pc == "t", pi == "t", pa == "t")
    by_id[sid][lang] = got
    for k, comp in enumerate("CIA"):
        st = stats[(lang, comp)]
        if got[k] and want[k]: st[0] += 1
        elif got[k]: st[1] += 1
        elif want[k]: st[2] += 1
    if got != want:
        print(f"FAIL: {sid} {lang}: {cia}, expected C={c} I={i} A={a}: {text}")
        fail = True
for sid, langs in sorted(by_id.items()):
    if set(langs) != {"en", "it"}:
        print(f"FAIL: {sid} lacks a language: {sorted(langs)}")
        fail = True
    elif langs["en"] != langs["it"]:
        print(f"FAIL: {sid}: English and Italian disagree")
        fail = True
targets = {"C": (0.90, 0.75), "I": (0.80, None), "A": (0.90, 0.60)}
print("lang  comp  TP  FP  FN  precision  recall")
for lang in ("en", "it"):
    for comp in "CIA":
        tp, fp, fn = stats[(lang, comp)]
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{lang:4}  {comp:4}  {tp:2}  {fp:2}  {fn:2}  {p:9.2f}  {r:6.2f}")
        pmin, rmin = targets[comp]
        if not (p >= pmin) or (rmin is not None and not (r >= rmin)):
            print(f"FAIL: {lang} {comp} below the target")
            fail = True
print(f"{len(by_id)} sentences in English and Italian")
sys.exit(1 if fail else 0)
'
SELECT id, lang, c, i, a,
       incident_analytics.confidentiality(x.cia) IN ('L', 'H') IS TRUE,
       incident_analytics.integrity(x.cia) IN ('L', 'H') IS TRUE,
       incident_analytics.availability(x.cia) IN ('L', 'H') IS TRUE,
       x.cia, t
  FROM s, LATERAL (SELECT incident_analytics.classify_cia(s.t) AS cia) x
 ORDER BY id, lang;
SQL
