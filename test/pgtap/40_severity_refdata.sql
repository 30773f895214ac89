-- The reference data behind severity, classify_cia and the roll-ups
-- (src/refdata.c, docs/refdata.md): the progression ladder is the column
-- attack_tactics.progression and severity follows a change of it; one
-- current technique (revocation chain, bounded, cycles ignored) for P, CIA
-- and the roll-ups; the explain document stays valid JSON whatever label
-- reaches it.
BEGIN;
SELECT plan(30);
SET LOCAL search_path = incident_analytics, public;

-- P of a set of techniques, as incident_severity_explain reports it
CREATE FUNCTION pg_temp.p_of(t attack_technique[]) RETURNS jsonb LANGUAGE sql AS $$
  SELECT incident_analytics.incident_severity_facts_explain(1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                            t, NULL, NULL, NULL, NULL, NULL, NULL)->'factors'->'p'
$$;

-- ---- the ladder is data
SELECT col_type_is('incident_analytics', 'attack_tactics', 'progression', 'smallint', 'attack_tactics.progression is a smallint');
SELECT throws_ok($$UPDATE attack_tactics SET progression = 101 WHERE tactic_id = 'TA0001'$$, '23514', NULL,
                 'a progression above 100 is rejected');
SELECT is_empty($$SELECT tactic_id FROM attack_tactics WHERE progression IS NULL$$,
                'every shipped tactic has a progression');
SELECT is((SELECT string_agg(tactic_id || ':' || progression, ' ' ORDER BY domain, ordinal) FROM attack_tactics),
          'TA0043:10 TA0042:10 TA0001:40 TA0002:40 TA0003:40 TA0004:60 TA0005:40 TA0006:60 TA0007:40 TA0008:60 TA0009:80 TA0011:40 TA0010:80 TA0040:80 '
          'TA0108:40 TA0104:40 TA0110:40 TA0111:60 TA0103:40 TA0102:40 TA0109:60 TA0100:80 TA0101:40 TA0107:90 TA0106:90 TA0105:90 '
          'TA0027:40 TA0041:40 TA0028:40 TA0029:60 TA0030:40 TA0031:60 TA0032:40 TA0033:60 TA0035:80 TA0037:40 TA0036:80 TA0034:80 TA0038:80 TA0039:80',
          'the shipped ladder is the one of docs/severity-model.md (Enterprise, ICS, Mobile)');
SELECT is(pg_temp.p_of('{T1486}')->>'value', '80', 'T1486 (Impact) has P 80');
SELECT is(pg_temp.p_of('{T0880}')->>'value', '100', 'T0880 Loss of Safety has P 100');

-- a user changes the ladder: severity follows, in the same transaction
UPDATE attack_tactics SET progression = 30 WHERE tactic_id = 'TA0040';
SELECT is(pg_temp.p_of('{T1486}')->>'value', '30', 'after a change of TA0040''s progression, P of T1486 follows');
SELECT is((SELECT origin FROM attack_tactics WHERE tactic_id = 'TA0040'), 'user', 'the changed tactic is a user row (pg_dump keeps it)');
SELECT is(incident_severity_facts(1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '{T1486}', NULL, NULL, NULL, NULL, NULL, NULL),
          severity_score(NULL, NULL, NULL, NULL, NULL, NULL, 30, NULL, NULL, NULL),
          'the score uses the changed progression');
UPDATE attack_tactics SET progression = NULL WHERE tactic_id = 'TA0040';
SELECT is(pg_temp.p_of('{T1486}')->>'imputed', 'true', 'a tactic with NULL progression raises no P (P unknown, imputed)');
SELECT is(pg_temp.p_of('{T1486,T1566}')->>'value', '40', 'the other techniques still count');
UPDATE attack_tactics SET progression = 80 WHERE tactic_id = 'TA0040';

-- ---- one current technique
-- T1004 is revoked by T1547.004 (persistence, privilege escalation)
SELECT is(pg_temp.p_of('{T1004}')->>'value', pg_temp.p_of('{T1547.004}')->>'value',
          'a revoked technique has the progression of its successor');
SELECT is(pg_temp.p_of('{T1004}')->>'value', '60', 'T1004 counts as T1547.004: P 60 (privilege escalation)');
-- T1150 -> T1547.011, itself revoked: the chain is followed to its end
SELECT is(technique_rollup('{T1150}'), technique_rollup(ARRAY[(SELECT revoked_by FROM attack_techniques WHERE technique = 'T1547.011')]),
          'a two-step chain ends at the same technique for technique_rollup');
SELECT is(pg_temp.p_of('{T1150}')->>'value',
          pg_temp.p_of(ARRAY[(SELECT revoked_by FROM attack_techniques WHERE technique = 'T1547.011')])->>'value',
          'and for P');

-- user data: a successor with its own impact type and tactics
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, revoked, revoked_by) VALUES
  ('T9200', 'enterprise', 'old', '{TA0001}', false, true, 'T9201');
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, impact_type) VALUES
  ('T9201', 'enterprise', 'new', '{TA0010}', false, 'integrity');
SELECT is(classify_cia('{T9200}'::attack_technique[]), classify_cia('{T9201}'::attack_technique[]),
          'classify_cia: a revoked technique counts as its successor');
SELECT is(classify_cia('{T9200}'::attack_technique[])::text, 'C:H/I:H/A:X', 'its CIA is the successor''s (exfiltration, integrity)');
SELECT is(technique_tactics('{T9200}'), '{TA0010}'::text[], 'technique_tactics: the successor''s tactics');
SELECT is(technique_rollup('{T9200}'), '{T9201}'::attack_technique[], 'technique_rollup: the successor');
SELECT is(pg_temp.p_of('{T9200}')->>'value', '80', 'P: the successor''s (exfiltration 80, not initial access 40)');

-- a cycle is ignored: each technique counts as itself, with no data of its own
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique, revoked, revoked_by) VALUES
  ('T9300', 'enterprise', 'a', '{TA0040}', false, true, 'T9301'),
  ('T9301', 'enterprise', 'b', '{TA0040}', false, true, 'T9300');
SELECT is(technique_rollup('{T9300}'), '{T9300}'::attack_technique[], 'a revocation cycle: technique_rollup keeps the technique');
SELECT is(technique_rollup('{T9301}'), '{T9301}'::attack_technique[], 'the same from the other end');
SELECT is(classify_cia('{T9300}'::attack_technique[])::text, 'C:X/I:X/A:X', 'a cycle gives no CIA');

-- a chain longer than 16 successors is ignored; 16 are followed
INSERT INTO attack_techniques (technique, domain, name, is_subtechnique, revoked, revoked_by)
SELECT ('T' || (9400 + k))::attack_technique, 'enterprise', 'chain ' || k, false, true, ('T' || (9401 + k))::attack_technique
  FROM generate_series(0, 16) AS k;
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique) VALUES
  ('T9417', 'enterprise', 'end of the chain', '{TA0040}', false);
SELECT is(technique_rollup('{T9401}'), '{T9417}'::attack_technique[], '16 successors are followed');
SELECT is(technique_rollup('{T9400}'), '{T9400}'::attack_technique[], 'a chain of 17 successors is ignored');
SELECT is(pg_temp.p_of('{T9401}')->>'value', '80', 'P over 16 successors: the end''s');
SELECT is(pg_temp.p_of('{T9400}')->>'imputed', 'true', 'P over 17 successors: none');

-- ---- the explain document is JSON whatever label reaches it
ALTER TYPE safety_impact RENAME VALUE 'injury' TO 'in"ju\ry, "x": 1';
SELECT lives_ok($$SELECT incident_severity_facts_explain(1, 'in"ju\ry, "x": 1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                                         NULL, NULL, NULL, NULL, NULL, NULL, NULL)$$,
                'an enum label with quotes and backslashes gives a valid explain document');
SELECT is(incident_severity_facts_explain(1, 'in"ju\ry, "x": 1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL, NULL, NULL, NULL, NULL, NULL, NULL)->'factors'->'s'->>'safety_impact',
          'in"ju\ry, "x": 1', 'the label is reported as it is');
SELECT is(incident_severity_facts_explain(1, 'in"ju\ry, "x": 1', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                          NULL, NULL, NULL, NULL, NULL, NULL, NULL)->'factors'->'s' ? 'x',
          false, 'and cannot add members of its own');

SELECT * FROM finish();
ROLLBACK;
