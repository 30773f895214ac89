#!/usr/bin/env bash
# tools/report: the HTML report of a fresh database (empty, then with the seed
# incidents and a few generated ones) is well formed, self-contained (no
# script, nothing loaded from the network), escapes user data (a title with
# <script>, a sector name with <img onerror>), shows the views' numbers in its
# charts (sector, region and month bars, the ATT&CK matrix cells, the 20 most
# severe incidents), and follows TLP row-level security (--role); then headless
# Chromium renders it and the screenshot is checked to show the charts (their
# colours cover real areas).  Chromium is installed with apt-get when missing
# (as root); the rendering part is skipped, with a message, when it cannot be.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=ia_report
tmp=$(mktemp -d)
cleanup() { dropdb --if-exists $db >/dev/null 2>&1 || true
            psql -X -q -d postgres -c 'DROP ROLE IF EXISTS ia_rpt_reader' >/dev/null 2>&1 || true
            rm -rf "$tmp"; }
trap cleanup EXIT
cleanup; mkdir -p "$tmp"
P() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
createdb $db
P -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION incident_analytics'
fail=0
ok()  { echo "ok - $*"; }
bad() { echo "not ok - $*"; fail=1; }

# Expected values, read from the views here (independently of tools/report's
# own query) into one file per check: key|count lines.
expect() {
  local d=$1 role=${2:-}
  local set=""; [ -n "$role" ] && set="SET ROLE $role;"
  q() { P -c "SET search_path = incident_analytics; $set $1" > "$d/$2"; }
  mkdir -p "$d"
  q "SELECT count(*) FROM incident_overview" total
  q "SELECT code || '|' || incidents FROM incidents_by_sector WHERE level = 'sector'
     UNION ALL SELECT 'unknown|' || count(*) FROM incident_overview WHERE sector IS NULL HAVING count(*) > 0" sector
  q "SELECT code || '|' || incidents FROM incidents_by_region WHERE level IN ('continent', 'subregion')
     UNION ALL SELECT 'unknown|' || count(*) FROM incident_overview WHERE continent_code IS NULL HAVING count(*) > 0" region
  q "SELECT to_char(month, 'YYYY-MM') || '|' || incidents FROM incidents_by_month WHERE month IS NOT NULL" month
  q "SELECT count(*) FROM incident_overview WHERE occurred_precision = 'year'" year_only
  q "SELECT a.domain || '|' || t.technique || '|' || ta || '|' || t.incidents
       FROM incidents_by_technique t
       JOIN attack_techniques a ON a.technique::text = t.technique
       CROSS JOIN unnest(a.tactics) ta
      WHERE NOT t.is_subtechnique" cells
  q "SELECT incident_id FROM incident_overview ORDER BY severity DESC NULLS LAST, incident_id LIMIT 20" top
  q "SELECT max(tlp::tlp) FROM incident_overview" max_tlp
}

# Checks one report against the expected values in $2; $3: extra checks.
check() {
  python3 - "$1" "$2" "$3" <<'PY'
import html.parser, os, re, sys
path, exp, extra = sys.argv[1], sys.argv[2], sys.argv[3]
doc = open(path, encoding="utf-8").read()
def lines(n):
    with open(os.path.join(exp, n)) as f:
        return [l for l in f.read().split("\n") if l]
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(convert_charrefs=True)
        s.stack, s.errors, s.tags, s.text = [], [], [], []
        s.section, s.bars, s.cells, s.top, s.stats, s.where = None, {}, set(), [], {}, []
    def handle_starttag(s, tag, attrs, closed=False):
        a = dict(attrs)
        s.tags.append((tag, a))
        if tag == "section" or tag == "header" or tag == "footer":
            s.section = a.get("id")
        if tag == "g" and "bar" in (a.get("class") or "").split():
            s.bars.setdefault(s.section, []).append((a["data-key"], int(a["data-count"])))
        if tag == "div" and "cell" in (a.get("class") or "").split():
            dom = [x for t, x in reversed(s.tags) if t == "table" and "data-domain" in x][0]["data-domain"]
            s.cells.add("%s|%s|%s|%s" % (dom, a["data-technique"], a["data-tactic"], a["data-count"]))
        if tag == "tr" and "data-incident" in a:
            s.top.append(a["data-incident"])
        if "data-stat" in a:
            s.where.append(a["data-stat"])
        if tag not in VOID and not closed:
            s.stack.append(tag)
    def handle_startendtag(s, tag, attrs):
        s.handle_starttag(tag, attrs, closed=True)
    def handle_endtag(s, tag):
        if tag in VOID:
            return
        if not s.stack or s.stack[-1] != tag:
            s.errors.append("</%s> closes <%s> at line %d" % (tag, s.stack[-1] if s.stack else "-", s.getpos()[0]))
            if tag in s.stack:
                while s.stack.pop() != tag:
                    pass
        else:
            s.stack.pop()
        if tag in ("section", "header", "footer"):
            s.section = None
    def handle_data(s, d):
        if s.where:
            s.stats[s.where.pop()] = d
        s.text.append(d)
p = P(); p.feed(doc); p.close()
fails = []
def check(cond, msg):
    print(("ok - " if cond else "not ok - ") + msg)
    if not cond:
        fails.append(msg)
check(not p.errors and not p.stack, "well formed: every element closed in order %s" % (p.errors[:3] or p.stack[:3] or ""))
ids = {a.get("id") for t, a in p.tags}
check({"summary", "caveats", "by-sector", "by-region", "by-month", "techniques", "top-incidents", "footer"} <= ids,
      "all sections present")
bad_tags = [t for t, a in p.tags if t in ("script", "iframe", "object", "embed", "link", "img", "base", "form")]
ext = [(t, k, v) for t, a in p.tags for k, v in a.items()
       if k in ("src", "href", "xlink:href", "action", "srcset", "poster") and not (v or "").startswith(("#", "data:"))]
ev = [(t, k) for t, a in p.tags for k in a if k.startswith("on")]
check(not bad_tags and not ext and not ev and "url(" not in doc and "@import" not in doc,
      "self-contained: no script/img/link element, no external reference, no event handler %s" % (bad_tags + ext + ev)[:3])
check("default-src 'none'" in doc, "a Content-Security-Policy forbids loading anything")
text = "".join(p.text)
total = int(lines("total")[0])
check(p.stats.get("incidents") == str(total), "header shows %d incidents (got %s)" % (total, p.stats.get("incidents")))
for sec, name in (("by-sector", "sector"), ("by-region", "region"), ("by-month", "month")):
    got = sorted("%s|%d" % b for b in p.bars.get(sec, []))
    want = sorted(lines(name))
    check(got == want, "%s chart: %d bars with the view's labels and counts%s"
          % (name, len(want), "" if got == want else " (missing %s, extra %s)"
             % (sorted(set(want) - set(got))[:4], sorted(set(got) - set(want))[:4])))
check(p.stats.get("year_only") == lines("year_only")[0], "month note counts the %s year-only incidents" % lines("year_only")[0])
want = set(lines("cells"))
check(p.cells == want, "ATT&CK matrix: %d technique x tactic cells with the view's counts%s"
      % (len(want), "" if p.cells == want else " (missing %s, extra %s)"
         % (sorted(want - p.cells)[:4], sorted(p.cells - want)[:4])))
check(p.top == lines("top"), "the most severe incidents table lists the view's top %d in order" % len(lines("top")))
mt = lines("max_tlp")
if mt:
    m = re.search(r'id="tlp-label" data-tlp="([^"]+)"', doc)
    check(m is not None and m.group(1) == mt[0], "the report is labelled TLP:%s, its most restrictive incident" % mt[0].upper())
for x in filter(None, extra.split(";;")):
    kind, _, s = x.partition(":")
    if kind == "text":
        check(s in text, "shows %r" % s)
    elif kind == "notext":
        check(s not in text, "does not show %r" % s)
    elif kind == "raw":
        check(s in doc, "source contains %r" % s)
    elif kind == "noraw":
        check(s not in doc, "source does not contain %r" % s)
sys.exit(1 if fails else 0)
PY
}

run_report() {  # file, extra tools/report arguments...
  local out=$1; shift
  local t0=$(date +%s%N)
  tools/report $db -o "$out" "$@" 2>"$tmp/report.err" || { cat "$tmp/report.err"; bad "tools/report $* failed"; return 1; }
  echo "# tools/report $db $*: $(( ($(date +%s%N) - t0) / 1000000 )) ms, $(wc -c < "$out") bytes"
}

# 1. an empty database
run_report "$tmp/empty.html" && expect "$tmp/e0" && {
  check "$tmp/empty.html" "$tmp/e0" "text:No incidents.;;text:No incident names an ATT&CK technique." || fail=1; }

# 2. the seeds and generated incidents, with hostile text, an unknown technique and TLP-restricted rows
P -f test/fixtures/seed_incidents.sql >/dev/null
P <<'SQL' >/dev/null
SET search_path = incident_analytics;
INSERT INTO sectors (code, name, level, criticality) VALUES ('98', 'Test <img src=x onerror=alert(1)> & co', 2, 40);
INSERT INTO organisations (org) VALUES ('rpt_src'), ('rpt_rcp');
INSERT INTO incidents (source, source_id, title, occurred_on, occurred_precision, country, sector, cia, techniques,
                       tlp, reported_by, shared_with)
SELECT 'gen', 'g' || i,
       'generated incident ' || i || CASE WHEN i % 3 = 2 THEN ' (red)' ELSE '' END,
       CASE WHEN i % 7 = 0 THEN date_trunc('year', d)::date WHEN i % 5 = 0 THEN date_trunc('month', d)::date
            WHEN i % 11 = 0 THEN NULL ELSE d END,
       CASE WHEN i % 7 = 0 THEN 'year' WHEN i % 5 = 0 THEN 'month' WHEN i % 11 = 0 THEN NULL ELSE 'day' END::date_precision,
       (ARRAY['DE','FR','US','BR','JP','KE','AU','IT'])[i % 8 + 1],
       (ARRAY['62','621','92','61','33','44-45',NULL,'98','52'])[i % 9 + 1],
       (ARRAY['C:H/I:N/A:N','C:N/I:L/A:H',NULL,'C:X/I:X/A:H'])[i % 4 + 1]::cia,
       (ARRAY['{T1486,T1490}','{T1566.001,T1078}','{T1190}','{T0831,T0828}',NULL,'{T1566.002,T1486}'])[i % 6 + 1]::attack_technique[],
       (ARRAY['clear','amber','red'])[i % 3 + 1]::tlp,
       CASE WHEN i % 3 = 0 THEN NULL ELSE 'rpt_src' END,
       CASE i % 3 WHEN 1 THEN '{rpt_rcp}'::text[] WHEN 2 THEN '{rpt_src}'::text[] END
  FROM generate_series(1, 40) i, LATERAL (SELECT date '2022-01-03' + (i * 37) % 900 AS d) x;
-- a severe incident whose title is markup
INSERT INTO incidents (source, source_id, title, victim, occurred_on, occurred_precision, country, sector, cia,
                       techniques, safety_impact, functional_impact, information_impact, scope, recoverability,
                       loss_rating, tlp)
VALUES ('gen', 'xss', '<script>alert("pwned")</script> & <b>bold</b>', 'Victim "quoted" <i>x</i>',
        '2023-05-04', 'day', 'DE', '62', 'C:H/I:H/A:H', '{T1486}', 'death', 'denial_critical',
        'medical_sensitive', 'national', 'not_recoverable', 'catastrophic', 'clear'),
-- a technique id that the ATT&CK data does not know: listed under the matrix, in no cell
       ('gen', 'unknown-technique', 'unknown technique', NULL, NULL, NULL, NULL, NULL, NULL, '{T1999}',
        NULL, NULL, NULL, NULL, NULL, NULL, 'clear');
CREATE ROLE ia_rpt_reader;
GRANT incident_reader TO ia_rpt_reader;
INSERT INTO org_members (role_name, org) VALUES ('ia_rpt_reader', 'rpt_rcp');
SQL
xss='<script>alert("pwned")</script> & <b>bold</b>'
rank=$(P -c "SELECT r FROM (SELECT source_id, row_number() OVER (ORDER BY severity DESC NULLS LAST, incident_id) r
                              FROM incident_analytics.incident_overview) s WHERE source_id = 'xss'")
[ "$rank" -le 20 ] && ok "the incident with a markup title ranks $rank, so the table shows it" \
  || bad "the markup-title incident ranks $rank, outside the table"
run_report "$tmp/report.html" && expect "$tmp/e1" && {
  check "$tmp/report.html" "$tmp/e1" "text:$xss;;raw:&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;;;noraw:<b>bold</b>;;text:Victim \"quoted\" <i>x</i>;;raw:98 Test &lt;img src=x onerror=alert(1)&gt;;;text:generated incident 2 (red);;text:this report shows every incident;;raw:<span class=\"unplaced\" data-technique=\"T1999\" data-count=\"1\">" || fail=1; }

# 3. the same database as a reader of one organisation: TLP row-level security
n_all=$(cat "$tmp/e1/total"); n_rd=$(P -c 'SET ROLE ia_rpt_reader' -c 'SELECT count(*) FROM incident_analytics.incident_overview')
[ "$n_rd" -gt 0 ] && [ "$n_rd" -lt "$n_all" ] && ok "the reader sees $n_rd of $n_all incidents" || bad "reader sees $n_rd of $n_all"
run_report "$tmp/reader.html" --role ia_rpt_reader && expect "$tmp/e2" ia_rpt_reader && {
  check "$tmp/reader.html" "$tmp/e2" "notext:(red);;text:ia_rpt_reader;;text:this report shows only the incidents that role may see;;raw:data-tlp=\"amber\"" || fail=1; }

# 4. headless Chromium renders the report; the screenshot shows the charts
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "# installing chromium (Debian package) for the screenshot"
  { DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends chromium ||
    { DEBIAN_FRONTEND=noninteractive timeout 300 apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -qq --no-install-recommends chromium; }; } >/dev/null 2>&1 || true
  chromium=$(command -v chromium || true)
fi
if [ -z "$chromium" ]; then
  echo "ok - # SKIP screenshot: chromium is not installed and could not be (apt-get install chromium)"
  exit $fail
fi
W=1400 H=2600
flags=(--headless --disable-gpu --hide-scrollbars --force-color-profile=srgb --no-first-run
       --disable-background-networking --disable-component-update --disable-sync --disable-extensions
       --user-data-dir="$tmp/profile" --window-size=$W,$H --screenshot="$tmp/shot.png")
[ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)
t0=$(date +%s%N)
if ! HOME="$tmp" XDG_CONFIG_HOME="$tmp" XDG_CACHE_HOME="$tmp" timeout 180 "$chromium" "${flags[@]}" "file://$tmp/report.html" >"$tmp/chromium.log" 2>&1 || [ ! -s "$tmp/shot.png" ]; then
  if [ ! -s "$tmp/shot.png" ]; then
    echo "ok - # SKIP screenshot: chromium could not render here: $(grep -v dbus "$tmp/chromium.log" | tail -2 | tr '\n' ' ')"
    exit $fail
  fi
fi
echo "# chromium screenshot: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
[ -n "${IA_REPORT_KEEP:-}" ] && cp "$tmp/report.html" "$tmp/shot.png" "$IA_REPORT_KEEP"/
python3 - "$tmp/shot.png" $W $H <<'PY' || fail=1
import struct, sys, zlib
from collections import Counter
path, W, H = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, hdr = 8, [], None
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        hdr = struct.unpack(">IIBBBBB", body)
    elif typ == b"IDAT":
        idat.append(body)
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = hdr
bpp = {2: 3, 6: 4}.get(ctype)
fails = []
def check(c, m):
    print(("ok - " if c else "not ok - ") + m)
    if not c: fails.append(m)
check((w, h) == (W, H), "screenshot is %dx%d" % (w, h))
if bpp is None or depth != 8 or interlace:
    sys.exit("not ok - unexpected PNG format: colour type %d, depth %d, interlace %d" % (ctype, depth, interlace))
raw = zlib.decompress(b"".join(idat))
stride = w * bpp
prev = bytearray(stride)
counts = Counter()
nonwhite = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride):
            line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 2 == 0:   # every other row and column is enough for a histogram
        px = bytes(line)
        counts.update(px[i:i + 3] for i in range(0, stride, 2 * bpp))
sample = sum(counts.values())
white = counts[b"\xff\xff\xff"]
check(len(counts) >= 50, "%d distinct colours (text, charts, matrix)" % len(counts))
check((sample - white) / sample > 0.10, "%.0f%% of the page is not white" % (100 * (sample - white) / sample))
def px(hexc): return counts[bytes.fromhex(hexc[1:])] * 4
for name, col, least in (("sector bars", "#3b6ea8", 1500), ("continent bars", "#2f7d5b", 1500),
                         ("sub-region bars", "#8cc2a5", 500), ("month bars", "#6a51a3", 300),
                         ("darkest matrix cells", "#b30000", 1000)):
    check(px(col) >= least, "%s (%s) cover %d pixels" % (name, col, px(col)))
heat = ["#fee8c8", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"]   # tools/report's HEAT
shown = [c for c in heat if px(c) >= 1000]
check(len(shown) >= 3, "the matrix shows %d shades of its scale (%s)" % (len(shown), " ".join(shown)))
sys.exit(1 if fails else 0)
PY
exit $fail
