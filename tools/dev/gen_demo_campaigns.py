#!/usr/bin/env python3
"""Write data/demo_campaigns.csv: the campaigns of MITRE ATT&CK as incidents.

Developer tool. The demo (tools/demo) loads the file with tools/import-csv, so
that a clone of the repository alone shows real incidents.

    python3 tools/dev/gen_demo_campaigns.py [ATTACK_DIR] [--out FILE]

ATTACK_DIR holds enterprise-attack.json.gz and ics-attack.json.gz (default:
../shared/data/attack beside the repository); FILE defaults to
data/demo_campaigns.csv. The output is deterministic (sorted by ATT&CK id).

One row per campaign (STIX type `campaign`, not revoked, not deprecated), the
union over both bundles:
  source        'mitre-attack-campaign'; source_id the ATT&CK id (C0015)
  title         the campaign's name ("ATT&CK campaign C0015" when the name is the id)
  summary       MITRE's description without citations and links, then when
                the campaign was first and last seen
  occurred_on   first_seen; precision 'month' when it is the first of a month
                (how ATT&CK records campaign dates), else 'day'
  techniques    the attack-patterns the campaign `uses` (MITRE's observations;
                revoked or deprecated relationships left out)
  sources       the campaign's page on attack.mitre.org
  tlp           clear
  victim, country, sector, motives, actor_types, actor_countries: only where
                the description states them (CODED below, each with the words
                it rests on); everything else is unknown (empty).
MITRE's notice and license: data/ATTACK-LICENSE.txt.
"""
import argparse
import csv
import gzip
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

# What each description states, coded by hand.  Countries: ISO 3166 alpha-2,
# set only when the description names one country as the place of the
# victims.  Sectors: NAICS codes of the sectors table, only when one sector is
# named.  Motives and actor types: only when the description says so.
CODED = {
    "C0002": dict(actor_countries=["CN"], motives=["espionage"]),           # "cyber espionage campaign"; "a threat group based in China"
    "C0005": dict(country="CO"),                                            # "targeted Colombian government organizations and private companies"
    "C0010": dict(country="IL", motives=["espionage"]),                     # "cyber espionage campaign ... that targeted Israeli shipping, government ..."
    "C0011": dict(country="IN", sector="611"),                              # "targeted students at universities and colleges in India"
    "C0012": dict(motives=["espionage"]),                                   # "a cyber espionage campaign targeting technology and manufacturing companies"
    "C0013": dict(motives=["espionage"]),                                   # "a global cyber espionage campaign"
    "C0014": dict(motives=["espionage"]),                                   # "a cyber espionage campaign that targeted organizations around the world"
    "C0016": dict(motives=["espionage"]),                                   # "persistent cyber espionage campaign"
    "C0017": dict(country="US", sector="92"),                               # "compromised at least six U.S. state government networks"
    "C0022": dict(motives=["espionage"]),                                   # "a cyber espionage operation"
    "C0023": dict(sector="928"),                                            # "operations against ministries of foreign affairs in Europe and the Washington, D.C. embassy"
    "C0024": dict(victim="SolarWinds", actor_types=["nation_state"],        # "inject malicious code into the SolarWinds Orion software build process";
                  actor_countries=["RU"]),                                  # "attributed ... to Russia's Foreign Intelligence Service (SVR)"
    "C0025": dict(country="UA", sector="221"),                              # "disrupt distribution substations within the Ukrainian power grid"
    "C0026": dict(country="UA"),                                            # "to previous ANDROMEDA malware victims in Ukraine"
    "C0027": dict(motives=["financial"]),                                   # "a financially-motivated campaign"
    "C0028": dict(country="UA", sector="221"),                              # "disrupt transmission and distribution substations within the Ukrainian power grid"
    "C0030": dict(sector="325"),                                            # "against a petrochemical organization"
    "C0034": dict(country="UA", sector="221"),                              # "to gain access to a Ukrainian electric utility"
    "C0038": dict(victim="Albanian government", country="AL", sector="92",  # "against Albanian government networks";
                  actor_types=["nation_state"], actor_countries=["IR"]),    # "conducted by Iranian state cyber actors"
    "C0041": dict(country="UA", sector="2213"),                             # "against a municipal district heating company in Ukraine" (NAICS 221330 steam supply)
    "C0042": dict(country="IL"),                                            # "to target Israeli organizations"
    "C0043": dict(country="IN", actor_countries=["CN"]),                    # "Indian electric utility entities and logistics firms"; "linked to People's Republic of China (PRC) threat actors"
    "C0044": dict(country="IL"),                                            # "targeted Israeli organizations"
    "C0046": dict(actor_types=["state_affiliated"]),                        # "assessed to be a state-sponsored campaign"
    "C0049": dict(country="AU"),                                            # "long-term intrusions against victims in Australia"
    "C0052": dict(actor_countries=["CN"]),                                  # "enabled China-nexus cyber threat actors"
    "C0053": dict(actor_countries=["CN"], motives=["espionage"]),           # "China-nexus actors ... conduct espionage campaigns"
    "C0055": dict(actor_countries=["CN"]),                                  # "various China-affiliated threat actors have used"
    "C0057": dict(victim="3CX"),                                            # "access to the 3CX environment"
    "C0059": dict(motives=["financial"]),                                   # "financially-motivated threat actor UNC6040"
}

# Dates the bundle gets wrong against its own description.
FIRST_SEEN_FIX = {
    # first_seen 2004-10 in ATT&CK 18.1; the description: "began in October 2024"
    "C0059": "2024-10-01",
}

COLUMNS = ["source", "source_id", "title", "victim", "summary", "occurred_on", "occurred_precision",
           "country", "sector", "techniques", "motives", "actor_types", "actor_countries", "tlp", "sources"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def ext_id(obj):
    for r in obj.get("external_references", []):
        if r.get("source_name") in ("mitre-attack", "mitre-ics-attack", "mitre-mobile-attack") and r.get("external_id"):
            return r["external_id"], r.get("url")
    return None, None


def clean(text):
    text = re.sub(r"\(Citation:[^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)          # [name](url) -> name
    text = re.sub(r"</?code>", "", text)
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def month_text(day):
    y, m, d = day.split("-")
    return "%s %s" % (MONTHS[int(m) - 1], y) if d == "01" else day


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("attack", nargs="?", default=os.path.join(REPO, "..", "shared", "data", "attack"))
    ap.add_argument("--out", default=os.path.join(REPO, "data", "demo_campaigns.csv"))
    a = ap.parse_args()
    campaigns, patterns, uses = {}, {}, []
    for name in ("enterprise-attack.json.gz", "ics-attack.json.gz"):
        path = os.path.join(a.attack, name)
        if not os.path.exists(path):
            sys.exit("gen_demo_campaigns: %s not found" % path)
        with gzip.open(path, "rt", encoding="utf-8") as f:
            objects = json.load(f)["objects"]
        for o in objects:
            if o.get("revoked") or o.get("x_mitre_deprecated"):
                continue
            if o["type"] == "campaign":
                campaigns.setdefault(o["id"], o)
            elif o["type"] == "attack-pattern":
                tid, _ = ext_id(o)
                if tid:
                    patterns[o["id"]] = tid
            elif o["type"] == "relationship" and o.get("relationship_type") == "uses" \
                    and o["source_ref"].startswith("campaign--") and o["target_ref"].startswith("attack-pattern--"):
                uses.append((o["source_ref"], o["target_ref"]))
    techniques = {}
    for src, dst in uses:
        if dst in patterns:
            techniques.setdefault(src, set()).add(patterns[dst])
    unknown = set(CODED) | set(FIRST_SEEN_FIX)
    rows = []
    for stix_id, c in campaigns.items():
        cid, url = ext_id(c)
        if not cid:
            continue
        unknown.discard(cid)
        coded = CODED.get(cid, {})
        first = FIRST_SEEN_FIX.get(cid, c.get("first_seen", "")[:10])
        last = c.get("last_seen", "")[:10]
        summary = clean(c.get("description", ""))
        if first:
            summary += " (ATT&CK: first seen %s%s.)" % (
                month_text(first), ", last seen %s" % month_text(last) if last and last != first else "")
        rows.append({
            "source": "mitre-attack-campaign",
            "source_id": cid,
            "title": c["name"] if c["name"] != cid else "ATT&CK campaign %s" % cid,
            "victim": coded.get("victim", ""),
            "summary": summary,
            "occurred_on": first,
            "occurred_precision": ("month" if first.endswith("-01") else "day") if first else "",
            "country": coded.get("country", ""),
            "sector": coded.get("sector", ""),
            "techniques": ";".join(sorted(techniques.get(stix_id, ()))),
            "motives": ";".join(coded.get("motives", [])),
            "actor_types": ";".join(coded.get("actor_types", [])),
            "actor_countries": ";".join(coded.get("actor_countries", [])),
            "tlp": "clear",
            "sources": url or "",
        })
    if unknown:
        sys.exit("gen_demo_campaigns: coded campaigns not in the bundles: %s" % ", ".join(sorted(unknown)))
    rows.sort(key=lambda r: r["source_id"])
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("wrote %s (%d campaigns, %d with techniques)"
          % (a.out, len(rows), sum(1 for r in rows if r["techniques"])))


if __name__ == "__main__":
    main()
