#!/usr/bin/env python3
"""Helpers for test/scripts/70_import_vcdb.sh (not a test by itself).

  70_import_lib.py refdata SHARED        SQL that fills m49_regions, countries and
                                         sectors (2-digit + NAICS 2022 subsectors)
                                         from ../shared/data: a stand-in used only
                                         when the shipped reference data is absent
  70_import_lib.py expect SAMPLE SECTORS_FILE
                                         JSON with the expected per-record values and
                                         counts, computed from the VERIS JSON alone
  70_import_lib.py corrupt SAMPLE        a corrupted NDJSON file on stdout
  70_import_lib.py bigfile SAMPLE N      N records made from the sample with new master_ids
"""
import csv
import json
import sys
import uuid


def q(s):
    return 'NULL' if s is None else "'" + str(s).replace("'", "''") + "'"


def refdata(shared):
    out = []
    regions = {'001': ('World', 'world', None)}
    countries = []
    with open(shared + '/regions/iso3166-m49-all.csv', encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            rc, sc, ic = r['region-code'], r['sub-region-code'], r['intermediate-region-code']
            if rc:
                regions.setdefault(rc, (r['region'], 'continent', '001'))
            if sc:
                regions.setdefault(sc, (r['sub-region'], 'subregion', rc))
            if ic:
                regions.setdefault(ic, (r['intermediate-region'], 'intermediate', sc))
            countries.append((r['alpha-2'], r['name'], rc or None, r['region'] or None, sc or None, r['sub-region'] or None))
    order = {'world': 0, 'continent': 1, 'subregion': 2, 'intermediate': 3}
    for code, (name, level, parent) in sorted(regions.items(), key=lambda kv: order[kv[1][1]]):
        out.append('INSERT INTO incident_analytics.m49_regions (code, name, level, parent_code) VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING;'
                   % (q(code), q(name), q(level), q(parent)))
    for c in countries:
        out.append('INSERT INTO incident_analytics.countries (code, name, region_code, region_name, subregion_code, subregion_name) '
                   'VALUES (%s) ON CONFLICT DO NOTHING;' % ', '.join(q(x) for x in c))
    two = ['11', '21', '22', '23', '31-33', '42', '44-45', '48-49', '51', '52', '53', '54', '55', '56',
           '61', '62', '71', '72', '81', '92']
    for c in two:
        out.append("INSERT INTO incident_analytics.sectors (code, name, level, criticality) VALUES (%s, %s, 2, 60) ON CONFLICT DO NOTHING;"
                   % (q(c), q('sector ' + c)))
    rng = {'31': '31-33', '32': '31-33', '33': '31-33', '44': '44-45', '45': '44-45', '48': '48-49', '49': '48-49'}
    with open(shared + '/naics/2022_subsectors.csv', encoding='utf-8', newline='') as f:
        for r in csv.DictReader(f):
            c = r['code']
            out.append("INSERT INTO incident_analytics.sectors (code, name, level, parent_code, criticality) VALUES (%s, %s, 3, %s, 60) ON CONFLICT DO NOTHING;"
                       % (q(c), q(r['title']), q(rng.get(c[:2], c[:2]))))
    print('\n'.join(out))


SENSITIVE = {'medical', 'sensitive personal', 'classified', 'secrets', 'payment', 'bank', 'credentials'}


def cia_of(doc):
    """The VERIS rule of docs/classify.md, written independently of the SQL."""
    att = doc.get('attribute') or {}
    c = i = a = 'X'
    conf = att.get('confidentiality')
    if isinstance(conf, dict):
        disc = str(conf.get('data_disclosure', '')).lower()
        sens = any(str(d.get('variety', '')).lower() in SENSITIVE for d in conf.get('data') or [])
        tot = conf.get('data_total') or 0
        if disc == 'yes' and (sens or tot >= 10000):
            c = 'H'
        elif disc in ('yes', 'potentially'):
            c = 'L'
        elif disc == 'no':
            c = 'N'
    integ = att.get('integrity')
    if isinstance(integ, dict):
        v = {x.lower() for x in integ.get('variety') or []}
        i = 'H' if v & {'modify data', 'fraudulent transaction', 'software installation', 'hardware tampering'} else 'L'
    av = att.get('availability')
    if isinstance(av, dict):
        v = {x.lower() for x in av.get('variety') or []}
        if v & {'destruction', 'loss', 'interruption', 'obscuration'}:
            unit = str((av.get('duration') or {}).get('unit', '')).lower()
            a = 'L' if unit in ('seconds', 'minutes') else 'H'
        else:
            a = 'L'
    return 'C:%s/I:%s/A:%s' % (c, i, a)


def sector_of(ind, known):
    if not ind or ind.startswith('00'):
        return None
    for n in (6, 5, 4, 3, 2):
        if len(ind) >= n and ind[:n] in known:
            return ind[:n]
    rng = {'31': '31-33', '32': '31-33', '33': '31-33', '44': '44-45', '45': '44-45', '48': '48-49', '49': '48-49'}
    r = rng.get(ind[:2])
    return r if r in known else None


def expect(sample, sectors_file):
    known = set(l.strip() for l in open(sectors_file) if l.strip())
    recs = []
    for n, line in enumerate(open(sample, encoding='utf-8'), 1):
        d = json.loads(line)
        sid = (d.get('plus', {}).get('master_id') or d['incident_id']).lower()
        country = next((c for c in d['victim'].get('country', []) if c not in ('Unknown', 'Other')), None)
        t = d['timeline']['incident']
        ind = d['victim'].get('industry')
        recs.append({
            'line': n, 'source_id': sid, 'country': country,
            'sector': sector_of(ind, known),
            'year': t.get('year'), 'month': t.get('month'), 'day': t.get('day') if t.get('month') else None,
            'records': (d.get('attribute', {}).get('confidentiality') or {}).get('data_total'),
            'cia': cia_of(d),
        })
    print(json.dumps(recs))


def corrupt(sample):
    lines = open(sample, encoding='utf-8').read().splitlines()
    good = [json.loads(l) for l in lines[:6]]
    out = []
    out.append(lines[0])                                   # good
    out.append(lines[1][:-40])                             # bad JSON (truncated)
    d = json.loads(lines[2]); d['victim']['country'] = 840; out.append(json.dumps(d))          # wrong type
    d = json.loads(lines[3]); d['timeline']['incident'] = {'year': 2019, 'month': 2, 'day': 30}; out.append(json.dumps(d))  # impossible date
    d = json.loads(lines[4]); d.setdefault('impact', {})['overall_rating'] = 'Huge'; out.append(json.dumps(d))  # unknown enum
    out.append('')                                         # blank line: not a record
    d = json.loads(lines[5]); d['timeline']['incident']['year'] = '2015'; out.append(json.dumps(d))  # year as string
    out.append(lines[6])                                   # good
    d = json.loads(lines[7]); d['attribute']['confidentiality'] = {'data_disclosure': 'Yes', 'data_total': 3000000000}
    out.append(json.dumps(d))                              # good, records > 2^31
    out.append('[1, 2]')                                   # not an object
    d = json.loads(lines[8]); d['victim']['region'] = ['019201']; d['victim']['country'] = ['Unknown']
    out.append(json.dumps(d))                              # good, invalid region -> NULL + warning
    print('\n'.join(out))


def bigfile(sample, n):
    lines = [json.loads(l) for l in open(sample, encoding='utf-8')]
    for k in range(n):
        d = lines[k % len(lines)]
        d.setdefault('plus', {})['master_id'] = str(uuid.UUID(int=k + 1))
        sys.stdout.write(json.dumps(d, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'refdata':
        refdata(sys.argv[2])
    elif cmd == 'expect':
        expect(sys.argv[2], sys.argv[3])
    elif cmd == 'corrupt':
        corrupt(sys.argv[2])
    elif cmd == 'bigfile':
        bigfile(sys.argv[2], int(sys.argv[3]))
