#!/usr/bin/env bash
# Per-backend reference caches across sessions (sectors.criticality -> K,
# attack_techniques.tactics -> P and classify_cia, attack_tactics.progression
# -> P).  Two psql sessions run
# side by side (a python3 driver feeds each one statement at a time): session
# A computes, session B changes reference data and commits, then A must see
# the new value in its next transaction, never the old one again, whatever A
# was doing when the change arrived:
#   - A in REPEATABLE READ (keeps the old value inside that transaction, as
#     its snapshot says; afterwards the new one), also after DISCARD ALL;
#   - A's cache loaded for the first time inside such a transaction (the
#     invalidation then arrives during the load);
#   - A in READ COMMITTED (the next statement sees the committed change);
#   - a pg_temp.int4 / pg_temp.text domain in A (the cache must not be built
#     through it, and nothing of it must stay after DROP DOMAIN).
# The expected values come from a fresh backend each time.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ia_cache_sessions
dropdb --if-exists $db >/dev/null 2>&1 || true
createdb $db
trap 'dropdb --if-exists $db >/dev/null 2>&1 || true' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d $db <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION incident_analytics;
SET search_path = incident_analytics, public;
INSERT INTO incidents (source, source_id, sector, functional_impact, techniques, tlp)
VALUES ('cache', 'k', '62', 'denial_critical', '{T1059}', 'clear');
SQL

IA_DB=$db python3 - <<'PY'
import os, subprocess, sys

DB = os.environ["IA_DB"]
failed = 0

def ok(cond, name, detail=""):
    global failed
    print(("ok - " if cond else "not ok - ") + name + ("" if cond else "  # " + detail))
    if not cond:
        failed = 1

class Session:
    """A psql process fed one statement at a time; returns the output lines."""
    n = 0
    def __init__(self):
        self.p = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=0", "-d", DB],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.run("SET search_path = incident_analytics, public")
    def run(self, sql):
        Session.n += 1
        mark = "__done_%d__" % Session.n
        self.p.stdin.write(sql.rstrip().rstrip(";") + ";\n\\echo " + mark + "\n")
        self.p.stdin.flush()
        out = []
        while True:
            line = self.p.stdout.readline()
            if line == "":
                raise SystemExit("session ended unexpectedly: " + "\n".join(out))
            line = line.rstrip("\n")
            if line == mark:
                return out
            out.append(line)
    def one(self, sql):
        out = self.run(sql)
        return out[-1] if out else None
    def close(self):
        self.p.stdin.close()
        self.p.wait()

def fresh(sql):
    """The value a new backend computes (nothing cached)."""
    r = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", DB,
                        "-c", "SET search_path = incident_analytics, public", "-c", sql],
                       check=True, capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1]

SEV = "SELECT incident_severity(i) FROM incidents i WHERE source_id = 'k'"
EXPL_K = "SELECT (incident_severity_explain(i)->'factors'->'k'->>'value') FROM incidents i WHERE source_id = 'k'"
EXPL_P = "SELECT (incident_severity_explain(i)->'factors'->'p'->>'value') FROM incidents i WHERE source_id = 'k'"
CIA = "SELECT classify_cia('{T1059}'::incident_analytics.attack_technique[])::pg_catalog.text"
TAC = "SELECT technique_tactics('{T1059}'::incident_analytics.attack_technique[])::pg_catalog.text"
B = Session()

def set_crit(v):
    B.run("UPDATE sectors SET criticality = %d WHERE code = '62'" % v)

# ---- 1. REPEATABLE READ reader; the change arrives while its snapshot is old
for variant in ("plain", "DISCARD ALL"):
    set_crit(100)
    A = Session()
    old = A.one(SEV)
    ok(old == fresh(SEV), "rr/%s: warm value equals a fresh backend's (%s)" % (variant, old))
    A.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
    ok(A.one(SEV) == old, "rr/%s: same value at the start of the transaction" % variant)
    set_crit(25)
    new = fresh(SEV)
    ok(new != old, "rr/%s: the change moves the score (%s -> %s)" % (variant, old, new))
    # reading sectors takes the invalidation in while the snapshot is old
    A.run("SELECT count(*) FROM sectors")
    ok(A.one(SEV) == old, "rr/%s: inside the old snapshot the old value (%s)" % (variant, old))
    ok(A.one(EXPL_K) == "100", "rr/%s: explain shows the old K inside the snapshot" % variant)
    A.run("COMMIT")
    if variant == "DISCARD ALL":
        A.run("DISCARD ALL")
        A.run("SET search_path = incident_analytics, public")
    for k in (1, 2, 3):
        got = A.one(SEV)
        ok(got == new, "rr/%s: transaction %d after the change sees the new value (%s, got %s)" % (variant, k, new, got))
    ok(A.one(EXPL_K) == "25", "rr/%s: explain shows the new K" % variant)
    A.close()

# ---- 2. the first load happens inside an old snapshot (invalidation during the load)
set_crit(100)
A = Session()
A.run("SELECT 1")            # library loaded, cache empty
A.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
A.run("SELECT count(*) FROM incidents")   # snapshot taken
old = fresh(SEV)
set_crit(40)
new = fresh(SEV)
got = A.one(SEV)
ok(got == old, "load in old snapshot: the transaction's own snapshot gives %s (got %s)" % (old, got))
A.run("COMMIT")
for k in (1, 2):
    got = A.one(SEV)
    ok(got == new, "load in old snapshot: later transaction %d sees %s (got %s)" % (k, new, got))
A.close()

# the same for attack_techniques: classify_cia, technique_tactics and factor P
B.run("UPDATE attack_techniques SET tactics = '{TA0002}' WHERE technique = 'T1059'")
for what, q in (("classify_cia", CIA), ("technique_tactics", TAC), ("P", EXPL_P)):
    A = Session()
    A.run("SELECT 1")
    A.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
    A.run("SELECT count(*) FROM incidents")
    old = fresh(q)
    B.run("UPDATE attack_techniques SET tactics = '{TA0002,TA0010}' WHERE technique = 'T1059'")
    new = fresh(q)
    ok(old != new, "%s: the tactics change moves it (%s -> %s)" % (what, old, new))
    ok(A.one(q) == old, "%s: load in old snapshot gives the snapshot's value %s" % (what, old))
    A.run("COMMIT")
    got = A.one(q)
    ok(got == new, "%s: next transaction sees %s (got %s)" % (what, new, got))
    # and back, with A warm and in REPEATABLE READ when it changes
    A.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
    A.one(q)
    B.run("UPDATE attack_techniques SET tactics = '{TA0002}' WHERE technique = 'T1059'")
    A.run("SELECT count(*) FROM attack_techniques")
    ok(A.one(q) == new, "%s: warm cache, old snapshot keeps %s" % (what, new))
    A.run("COMMIT")
    A.run("DISCARD ALL")
    A.run("SET search_path = incident_analytics, public")
    got = A.one(q)
    ok(got == old, "%s: after COMMIT and DISCARD ALL back to %s (got %s)" % (what, old, got))
    A.close()

# the same for attack_tactics.progression (the ladder behind factor P)
A = Session()
old = A.one(EXPL_P)
ok(old == "40", "progression: T1059 (execution) has P 40 (got %s)" % old)
A.run("BEGIN ISOLATION LEVEL REPEATABLE READ")
ok(A.one(EXPL_P) == old, "progression: warm cache in a REPEATABLE READ snapshot")
B.run("UPDATE attack_tactics SET progression = 25 WHERE tactic_id = 'TA0002'")
new = fresh(EXPL_P)
ok(new == "25", "progression: a fresh backend sees the changed ladder (got %s)" % new)
A.run("SELECT count(*) FROM attack_tactics")
ok(A.one(EXPL_P) == old, "progression: the old snapshot keeps %s" % old)
A.run("COMMIT")
got = A.one(EXPL_P)
ok(got == new, "progression: next transaction sees %s (got %s)" % (new, got))
A.run("BEGIN")
A.one(EXPL_P)
B.run("UPDATE attack_tactics SET progression = 40 WHERE tactic_id = 'TA0002'")
got = A.one(EXPL_P)
ok(got == old, "progression: read committed, the next statement sees %s again (got %s)" % (old, got))
A.run("COMMIT")
A.close()

# ---- 3. READ COMMITTED: the next statement sees the committed change
set_crit(100)
A = Session()
A.run("BEGIN")
old = A.one(SEV)
set_crit(60)
new = fresh(SEV)
got = A.one(SEV)
ok(got == new, "read committed: next statement in the same transaction sees %s (got %s, was %s)" % (new, got, old))
A.run("COMMIT")
ok(A.one(SEV) == new, "read committed: and after it")
A.close()

# ---- 4. pg_temp look-alikes of the types the cache queries use
set_crit(100)
want = fresh(SEV)
want_cia = fresh(CIA)
A = Session()
A.run("CREATE DOMAIN pg_temp.int4 AS numeric")
A.run("CREATE DOMAIN pg_temp.text AS varchar(1)")
A.run("CREATE DOMAIN pg_temp.attack_technique AS numeric")
got = A.one(SEV)
ok(got == want, "pg_temp domains: severity unchanged (%s, got %s)" % (want, got))
ok(A.one(CIA) == want_cia, "pg_temp domains: classify_cia unchanged")
A.run("DROP DOMAIN pg_temp.int4")
A.run("DROP DOMAIN pg_temp.text")
A.run("DROP DOMAIN pg_temp.attack_technique")
ok(A.one(SEV) == want, "pg_temp domains: after DROP DOMAIN still %s" % want)
A.close()

B.close()
sys.exit(failed)
PY
