#!/usr/bin/env python3
"""Fuzz driver for incident_analytics (python3 stdlib + psql).

Creates scratch databases (UTF8, and SQL_ASCII so that parsers also see
bytes that are not valid UTF-8), installs the extension and the in-database
fuzz engine (test/fuzz/fuzz.sql), discovers the targets from the catalog
(every type input function of the extension and every extension function
taking text, jsonb or an array) and runs N cases per target argument, each
target in its own psql session; then N cases of stored values (every array
column and summary, short, compressed in the row, out of line, out of line
and compressed) through every C function and view, checked against the
same elements stored short.  After each target it checks that the
session ended normally and that the postmaster was not restarted (a crashed
backend makes the postmaster reinitialise: pg_postmaster_start_time
changes).  Rejections must carry an expected SQLSTATE (classes 22, 23, 54).

  test/fuzz/fuzz.py [--cases N] [--seed S] [--only REGEX] [--keep]

Uses the PG* environment (PGHOST, PGPORT, PGUSER).  Exit status 0 when no
crash and no unexpected SQLSTATE; 1 otherwise.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def psql(db, sql, check=True):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db],
                       input=sql, capture_output=True, text=True, errors="replace")
    if check and p.returncode != 0:
        raise RuntimeError("psql failed (%d): %s" % (p.returncode, p.stderr.strip()))
    return p


def sql_lit(s):
    return "'" + s.replace("'", "''") + "'"


def shared_dir():
    d = os.environ.get("IA_SHARED") or os.path.join(os.path.dirname(ROOT), "shared")
    return d if os.path.isdir(d) else None


def seed_rows():
    """Valid starting points: literals of our types, real summaries, VCDB documents."""
    rows = [("incident_analytics.cia", v) for v in
            ("C:H/I:N/A:L", "c:x/i:x/a:x", "CIA:1.0/C:N/I:L/A:H", "  C:L/I:L/A:L  ")]
    rows += [("incident_analytics.attack_technique", v) for v in
             ("T1486", "T1566.001", "t0880", "T1059.003", "T9999.999")]
    sh = shared_dir()
    if sh:
        seeds = os.path.join(sh, "seeds")
        if os.path.isdir(seeds):
            for name in sorted(os.listdir(seeds)):
                if name.endswith(".txt"):
                    with open(os.path.join(seeds, name), encoding="utf-8", errors="replace") as f:
                        text = f.read().replace("\x00", "")
                    for para in [p.strip() for p in text.split("\n\n") if 40 < len(p.strip()) < 2000][:20]:
                        rows.append(("text", para))
        # Small STIX 2.1 bundles cut from the ICS ATT&CK release (for load_attack_stix).
        ics = os.path.join(sh, "data", "attack", "ics-attack.json.gz")
        if os.path.isfile(ics):
            import gzip
            with gzip.open(ics, "rt", encoding="utf-8") as f:
                bundle = json.load(f)
            objs = bundle.get("objects", [])
            head = [o for o in objs if o.get("type") in ("x-mitre-collection", "identity", "marking-definition")][:3]
            tactics = [o for o in objs if o.get("type") == "x-mitre-tactic"][:3]
            techs = [o for o in objs if o.get("type") == "attack-pattern"]
            for k in range(3):
                small = dict(bundle, objects=head + tactics + techs[k * 8:(k + 1) * 8])
                rows.append(("jsonb", json.dumps(small), "load_attack_stix"))
        vcdb = os.path.join(sh, "data", "vcdb", "sample.ndjson")
        if os.path.isfile(vcdb):
            with open(vcdb, encoding="utf-8") as f:
                for line in f:
                    line = line.strip()
                    if line:
                        rows.append(("jsonb", line, "import_"))
    return rows


def setup_db(db, encoding):
    subprocess.run(["dropdb", "--if-exists", db], capture_output=True)
    subprocess.run(["createdb", "-T", "template0", "-E", encoding, "--locale=C", db], check=True)
    psql(db, "SET client_min_messages = warning; CREATE EXTENSION incident_analytics;")
    with open(os.path.join(HERE, "fuzz.sql")) as f:
        psql(db, f.read())
    rows = seed_rows()
    if encoding != "UTF8":
        # no non-ASCII text, and no \u escapes (jsonb cannot convert them to SQL_ASCII)
        rows = [r for r in rows if r[1].isascii() and (r[0] != "jsonb" or "\\u" not in r[1])]
    values = ",\n".join("(%s, %s, %s)" % (sql_lit(r[0]), sql_lit(r[1]), sql_lit(r[2]) if len(r) > 2 else "NULL")
                         for r in rows)
    psql(db, "INSERT INTO ia_fuzz.seeds (typ, val, target) VALUES %s;" % values)


def postmaster_start(db):
    return psql(db, "SELECT pg_postmaster_start_time();").stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=2000, help="cases per target argument and database")
    ap.add_argument("--seed", type=float, default=None, help="random seed in [-1, 1] (default: from the clock)")
    ap.add_argument("--only", default=None, help="regex on the target signature")
    ap.add_argument("--encodings", default="UTF8,SQL_ASCII")
    ap.add_argument("--budget", type=int, default=None, help="at most this many seconds per target (cases run are reported)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch databases")
    a = ap.parse_args()
    seed = a.seed if a.seed is not None else (time.time() % 1000) / 1000.0
    print("# fuzz: %d cases per target per database, seed %.6f" % (a.cases, seed))
    failures = 0
    total = 0
    for enc in a.encodings.split(","):
        db = "ia_fuzz_%s_%d" % (enc.lower(), os.getpid())
        setup_db(db, enc)
        before = postmaster_start(db)
        targets = psql(db, "SELECT fn::text || '|' || argpos || '|' || kind FROM ia_fuzz.targets();").stdout.split()
        targets = [t.split("|") for t in targets if t]
        for fn, argpos, kind in targets:
            if a.only and not re.search(a.only, fn):
                continue
            t0 = time.time()
            q = ("SELECT row_to_json(r) FROM ia_fuzz.run(%s::regprocedure, %s, %s, %d, %f, %s) r;"
                 % (sql_lit(fn), argpos, sql_lit(kind), a.cases, seed,
                    "interval '%d seconds'" % a.budget if a.budget else "NULL"))
            # each target in its own transaction, rolled back (import functions write)
            p = psql(db, "BEGIN;\n" + q + "\nROLLBACK;\n", check=False)
            dt = time.time() - t0
            label = "%s arg %s [%s] (%s)" % (fn, argpos, kind, enc)
            if p.returncode != 0:
                failures += 1
                print("not ok - %s: session died or failed: %s" % (label, p.stderr.strip()[:500]))
                continue
            rows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
            n = sum(r["cases"] for r in rows)
            total += n
            bad = [r for r in rows if not r["expected"]]
            summary = ", ".join("%s %d" % (r["outcome"], r["cases"]) for r in rows)
            if bad:
                failures += 1
                print("not ok - %s: %d cases in %.1fs: %s" % (label, n, dt, summary))
                for r in bad:
                    print("#   unexpected %s, e.g. %s" % (r["outcome"], json.dumps(r["samples"])[:600]))
            else:
                print("ok - %s: %d cases in %.1fs: %s" % (label, n, dt, summary))
        # stored values: short, compressed and out-of-line column values
        if not a.only or re.search(a.only, "stored"):
            t0 = time.time()
            q = ("SELECT row_to_json(r) FROM ia_fuzz.run_stored(%d, %f, %s) r;"
                 % (a.cases, seed, "interval '%d seconds'" % a.budget if a.budget else "NULL"))
            p = psql(db, "BEGIN;\n" + q + "\nROLLBACK;\n", check=False)
            dt = time.time() - t0
            label = "stored array and text columns (short, inline compressed, out of line) (%s)" % enc
            if p.returncode != 0:
                failures += 1
                print("not ok - %s: session died or failed: %s" % (label, p.stderr.strip()[:500]))
            else:
                rows = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
                n = sum(r["cases"] for r in rows)
                total += n
                summary = ", ".join("%s %d" % (r["outcome"], r["cases"]) for r in rows)
                bad = [r for r in rows if not r["expected"]]
                print("%s - %s: %d cases in %.1fs: %s" % ("not ok" if bad or n == 0 else "ok", label, n, dt, summary))
                for r in bad:
                    print("#   unexpected %s, e.g. %s" % (r["outcome"], json.dumps(r["samples"])[:600]))
                if bad or n == 0:
                    failures += 1
        after = postmaster_start(db)
        if after != before:
            failures += 1
            print("not ok - postmaster restarted during the run (%s -> %s): a backend crashed" % (before, after))
        else:
            print("ok - no backend crash in %s (postmaster up since %s)" % (db, before))
        canary = psql(db, "SELECT 'C:H/I:N/A:L'::incident_analytics.cia::text;", check=False)
        if canary.returncode != 0 or canary.stdout.strip() != "C:H/I:N/A:L":
            failures += 1
            print("not ok - canary query failed after the run")
        if not a.keep:
            subprocess.run(["dropdb", "--if-exists", db], capture_output=True)
    print("# %d cases in total, %d failing checks" % (total, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
