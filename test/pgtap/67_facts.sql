-- Stored derived facts (docs/facts.md): the trigger sets them on insert and
-- update, users cannot write them, and what incident_overview reads always
-- equals the functions of the row: after inserts and updates, after a change
-- of sectors, attack_tactics and attack_techniques and after load_attack_stix,
-- in the same transaction, after refresh_incident_facts() and after a
-- rollback.  verify_incident_facts() is empty whenever they agree.
BEGIN;
SELECT plan(59);
SET LOCAL search_path = incident_analytics, public;

-- objects
SELECT has_column('incident_analytics', 'incidents', c, 'incidents.' || c || ' exists')
  FROM unnest(ARRAY['derived_stamp', 'derived_severity', 'derived_severity_level', 'derived_severity_lo',
                    'derived_severity_hi', 'derived_coverage', 'derived_provisional', 'derived_cia_effective',
                    'derived_cia_inferred', 'derived_cia_basis', 'derived_technique_keys', 'derived_tactic_keys',
                    'derived_inferred_technique_keys', 'derived_inferred_tactic_keys']) c;
SELECT has_trigger('incident_analytics', 'incidents', 'zz_incident_facts', 'the facts trigger exists');
SELECT volatility_is('incident_analytics', 'verify_incident_facts', ARRAY['boolean'], 'stable', 'verify_incident_facts is stable');
SELECT volatility_is('incident_analytics', 'refresh_incident_facts', ARRAY[]::text[], 'volatile', 'refresh_incident_facts is volatile');

-- what a reader sees against what the functions compute, per incident
CREATE TEMP VIEW facts_check AS
SELECT i.incident_id,
       (o.severity, o.severity_level, o.coverage, o.provisional, o.cia_effective, o.cia_basis)::text AS shown,
       (incident_severity(i)::numeric(4,1), severity_level(incident_severity(i))::text,
        incident_severity_coverage(i)::numeric(3,2), incident_severity_coverage(i) < 0.5,
        e.cia_effective::text, e.cia_basis)::text AS computed,
       i.derived_stamp = incident_analytics_internal.incident_facts_stamp() AS current
  FROM incidents i
  JOIN incident_overview o USING (incident_id)
 CROSS JOIN LATERAL effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
 WHERE i.source = 'facts';
CREATE FUNCTION pg_temp.disagreeing() RETURNS bigint LANGUAGE sql
  AS $$SELECT count(*) FROM facts_check WHERE shown IS DISTINCT FROM computed$$;
CREATE FUNCTION pg_temp.stale() RETURNS bigint LANGUAGE sql
  AS $$SELECT count(*) FROM facts_check WHERE current IS NOT TRUE$$;

-- inserts, with derived values supplied by the statement (overwritten)
INSERT INTO incidents (source, source_id, title, sector, functional_impact, safety_impact, techniques,
                       inferred_techniques, cia, summary, derived_severity, derived_severity_level,
                       derived_cia_basis, derived_stamp)
VALUES ('facts', '1', 'hospital ransomware', '622', 'denial_critical', 'critical_care_disrupted', '{T1486,T1565,T1566.001}',
        NULL, 'C:X/I:X/A:H', 'Patient data was stolen.', 99.9, 'emergency', 'forged', 42),
       ('facts', '2', 'plant', '221', 'significant_critical', NULL, '{T0880}', NULL, NULL,
        'Il sito web è stato defacciato.', NULL, NULL, NULL, NULL),
       ('facts', '3', 'text only', NULL, NULL, NULL, NULL, '{T1005}', NULL,
        'Ransomware encrypted the servers; no data was stolen.', 1, 'baseline', NULL, NULL),
       ('facts', '4', 'nothing known', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

SELECT is(pg_temp.stale(), 0::bigint, 'inserted rows are stamped current');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after insert, incident_overview equals the functions of every row');
SELECT is_empty($$SELECT * FROM verify_incident_facts()$$, 'after insert, verify_incident_facts() is empty');
SELECT results_eq($$SELECT derived_severity, derived_severity_level::text, derived_cia_basis
                      FROM incidents WHERE source = 'facts' AND source_id = '1'$$,
                  $$SELECT incident_severity(i)::numeric(4,1), severity_level(incident_severity(i))::text,
                           'C:text/I:observed/A:recorded'::text
                      FROM incidents i WHERE source = 'facts' AND source_id = '1'$$,
                  'values a statement writes into derived columns are replaced by the computed ones');
SELECT results_eq($$SELECT derived_severity_lo::text, derived_severity_hi::text, derived_coverage::text, derived_provisional
                      FROM incidents WHERE source = 'facts' ORDER BY source_id$$,
                  $$SELECT x->>'lo', x->>'hi', x->>'coverage', (x->>'provisional')::boolean
                      FROM incidents i, incident_severity_explain(i) x WHERE source = 'facts' ORDER BY source_id$$,
                  'lo, hi, coverage and provisional equal incident_severity_explain');
SELECT results_eq($$SELECT derived_technique_keys::text, derived_tactic_keys::text,
                           derived_inferred_technique_keys::text, derived_inferred_tactic_keys::text
                      FROM incidents WHERE source = 'facts' ORDER BY source_id$$,
                  $$SELECT technique_rollup(techniques)::text, technique_tactics(techniques)::text,
                           technique_rollup(inferred_techniques)::text, technique_tactics(inferred_techniques)::text
                      FROM incidents WHERE source = 'facts' ORDER BY source_id$$,
                  'technique and tactic keys equal technique_rollup / technique_tactics');
SELECT is((SELECT derived_technique_keys::text FROM incidents WHERE source = 'facts' AND source_id = '1'),
          '{T1486,T1565,T1566,T1566.001}', 'a sub-technique adds its parent to the stored keys');
SELECT is((SELECT derived_cia_basis FROM incidents WHERE source = 'facts' AND source_id = '3'),
          'C:inferred/I:none/A:text', 'the basis of an incident with inferred techniques and a summary');

-- updates: a fact changes, a derived column is written, an unrelated column changes
UPDATE incidents SET functional_impact = 'no_impact', safety_impact = NULL WHERE source = 'facts' AND source_id = '1';
SELECT is((SELECT derived_severity FROM incidents WHERE source = 'facts' AND source_id = '1'),
          (SELECT incident_severity(i)::numeric(4,1) FROM incidents i WHERE source = 'facts' AND source_id = '1'),
          'an update of a fact recomputes the stored severity');
UPDATE incidents SET derived_severity = 100, derived_cia_effective = 'C:H/I:H/A:H', derived_stamp = 7
 WHERE source = 'facts';
SELECT is_empty($$SELECT * FROM verify_incident_facts()$$, 'derived columns written by an UPDATE are restored');
SELECT is(pg_temp.stale(), 0::bigint, 'and stay current');
UPDATE incidents SET title = title || ' (edited)', cia = 'C:N/I:X/A:H' WHERE source = 'facts' AND source_id = '1';
SELECT is((SELECT derived_cia_basis FROM incidents WHERE source = 'facts' AND source_id = '1'),
          'C:recorded/I:observed/A:recorded', 'an update of cia recomputes the effective CIA');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after updates, incident_overview equals the functions');

-- sectors: a change is seen in the same transaction, before and after refresh
SAVEPOINT sectors;
CREATE TEMP TABLE before_change AS
  SELECT incident_id, derived_stamp, derived_severity FROM incidents WHERE source = 'facts';
UPDATE sectors SET criticality = CASE WHEN criticality = 100 THEN 25 ELSE 100 END WHERE code IN ('62', '621', '622', '22', '221');
SELECT ok(pg_temp.stale() >= 2, 'after a sectors change, rows in those sectors are stale (all rows are: the stamp covers the table)');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after a sectors change, incident_overview equals the functions (computed live)');
SELECT ok(EXISTS (SELECT FROM incident_overview o JOIN before_change b USING (incident_id)
                   WHERE o.severity <> b.derived_severity),
          'the severity shown follows the new criticality (not the stored value)');
SELECT is_empty($$SELECT * FROM verify_incident_facts()$$, 'verify_incident_facts() ignores stale rows by default');
SELECT ok((SELECT count(*) FROM verify_incident_facts(true) WHERE fact = 'stamp') >= 4,
          'verify_incident_facts(true) lists the stale rows');
SELECT ok(refresh_incident_facts() >= 4, 'refresh_incident_facts() rewrites the stale rows');
SELECT is(pg_temp.stale(), 0::bigint, 'after refresh, no row is stale');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after refresh, incident_overview (stored values) equals the functions');
SELECT is_empty($$SELECT * FROM verify_incident_facts(true)$$, 'after refresh, verify_incident_facts(true) is empty');
SELECT is(refresh_incident_facts(), 0::bigint, 'a second refresh has nothing to do');
ROLLBACK TO SAVEPOINT sectors;
SELECT is(pg_temp.stale(), 0::bigint, 'after rollback, the old stamp is current again');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after rollback, incident_overview equals the functions');
SELECT is_empty($$SELECT * FROM verify_incident_facts(true)$$, 'after rollback, the stored facts are right');

-- rows written while the reference data differ, then the change rolled back
SAVEPOINT written_under_change;
UPDATE sectors SET criticality = 25 WHERE code = '621';
INSERT INTO incidents (source, source_id, title, sector, functional_impact)
VALUES ('facts', '5', 'clinic under a changed tier', '621', 'denial_critical');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'a row inserted after a sectors change agrees');
RELEASE SAVEPOINT written_under_change;
UPDATE sectors SET criticality = 100 WHERE code = '621';
SELECT ok(pg_temp.stale() >= 1, 'changing the tier back makes the row written under the other tier stale');
SELECT is(pg_temp.disagreeing(), 0::bigint, 'and incident_overview still equals the functions');
SELECT lives_ok($$SELECT refresh_incident_facts()$$, 'refresh after the change back');

-- every view, from stored facts and from the live functions: the same rows
CREATE FUNCTION pg_temp.views_digest() RETURNS text LANGUAGE sql AS $$
  SELECT md5(string_agg(t, E'\n' ORDER BY t)) FROM (
    SELECT 'o' || o::text FROM incident_overview o
    UNION ALL SELECT 'r' || v::text FROM incidents_by_region v
    UNION ALL SELECT 's' || v::text FROM incidents_by_sector v
    UNION ALL SELECT 't' || v::text FROM incidents_by_technique v
    UNION ALL SELECT 'a' || v::text FROM incidents_by_tactic v
    UNION ALL SELECT 'm' || v::text FROM incidents_by_month v
    UNION ALL SELECT 'v' || v::text FROM incidents_by_action v) x(t) $$;
UPDATE incidents SET veris_actions = '{malware.Ransomware,hacking.Unknown}' WHERE source = 'facts' AND source_id IN ('1', '3');
SAVEPOINT paths;
CREATE TEMP TABLE digest_stored AS SELECT pg_temp.views_digest() AS d;
INSERT INTO sectors (code, name, level, criticality) VALUES ('99', 'test: a sector no incident has', 2, 25);
SELECT is(pg_temp.stale(), (SELECT count(*) FROM incidents WHERE source = 'facts'),
          'a sectors row no incident uses makes every row stale');
SELECT is(pg_temp.views_digest(), (SELECT d FROM digest_stored),
          'every view gives the same rows from the stored facts and from the live functions');
ROLLBACK TO SAVEPOINT paths;

-- attack_techniques and attack_tactics
SAVEPOINT techniques;
UPDATE attack_techniques SET tactics = '{TA0010}' WHERE technique = 'T1566.001';
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after an attack_techniques change, incident_overview equals the functions');
SELECT is((SELECT o.cia_basis FROM incident_overview o JOIN incidents i USING (incident_id)
            WHERE i.source = 'facts' AND i.source_id = '1'),
          'C:recorded/I:observed/A:recorded', 'the overview of a stale row is computed live');
SELECT ok(refresh_incident_facts() >= 1, 'refresh after an attack_techniques change');
SELECT is((SELECT derived_tactic_keys::text FROM incidents WHERE source = 'facts' AND source_id = '1'),
          (SELECT technique_tactics(techniques)::text FROM incidents WHERE source = 'facts' AND source_id = '1'),
          'the stored tactics follow the changed technique');
UPDATE attack_tactics SET progression = 5 WHERE tactic_id = 'TA0040';
SELECT is(pg_temp.disagreeing(), 0::bigint, 'after an attack_tactics change, incident_overview equals the functions');
ROLLBACK TO SAVEPOINT techniques;
SELECT is_empty($$SELECT * FROM verify_incident_facts(true)$$, 'after rolling the technique changes back, the stored facts are right');

-- load_attack_stix refreshes the facts it makes stale
CREATE TEMP TABLE stix AS SELECT load_attack_stix($${"type": "bundle", "id": "bundle--facts", "objects": [
  {"type": "x-mitre-collection", "id": "x-mitre-collection--1", "x_mitre_version": "99.0", "modified": "2030-01-01T00:00:00Z"},
  {"type": "attack-pattern", "id": "attack-pattern--a", "name": "Loss of Safety", "revoked": true,
   "x_mitre_domains": ["ics-attack"], "external_references": [{"source_name": "mitre-attack", "external_id": "T0880"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"}]},
  {"type": "attack-pattern", "id": "attack-pattern--b", "name": "Loss of Safety and Control",
   "x_mitre_impact_type": ["Availability"], "x_mitre_domains": ["ics-attack"],
   "external_references": [{"source_name": "mitre-attack", "external_id": "T0999"}],
   "kill_chain_phases": [{"kill_chain_name": "mitre-ics-attack", "phase_name": "impact"},
                         {"kill_chain_name": "mitre-ics-attack", "phase_name": "inhibit-response-function"}]},
  {"type": "relationship", "id": "relationship--1", "relationship_type": "revoked-by",
   "source_ref": "attack-pattern--a", "target_ref": "attack-pattern--b"}]}$$::jsonb) AS r;
SELECT ok((SELECT (r->>'incidents_refreshed')::int FROM stix) >= 1, 'load_attack_stix reports the incidents it refreshed');
SELECT is((SELECT derived_technique_keys::text FROM incidents WHERE source = 'facts' AND source_id = '2'),
          '{T0999}', 'after load_attack_stix the stored keys follow the successor');
SELECT is(pg_temp.stale(), 0::bigint, 'after load_attack_stix no row is stale');
SELECT is_empty($$SELECT * FROM verify_incident_facts(true)$$, 'after load_attack_stix, the stored facts are right');

SELECT * FROM finish();
ROLLBACK;
