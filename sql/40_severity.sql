-- ISM-1 severity: the worked examples of docs/severity-model.md, floors, bands, bounds,
-- invalid arguments and the derivation from incident rows.
SET search_path = incident_analytics, public;

-- Worked example: hospital ransomware, radiotherapy cancelled
SELECT severity_score(s => 70, f => 100, i => NULL, k => 100, n => 55, r => 60,
                      p => 100, a => 40, e => NULL) AS score;
SELECT x->>'score' AS score, x->>'level' AS level, x->>'base' AS base, x->'floor' AS floor,
       x->>'lo' AS lo, x->>'hi' AS hi, x->>'coverage' AS coverage, x->>'provisional' AS provisional
  FROM severity_explain(s => 70, f => 100, i => NULL, k => 100, n => 55, r => 60,
                        p => 100, a => 40, e => NULL) x;
SELECT k AS factor, v->>'value' AS value, v->>'imputed' AS imputed, v->>'weight' AS weight,
       v->>'contribution' AS contribution
  FROM jsonb_each(severity_explain(s => 70, f => 100, i => NULL, k => 100, n => 55, r => 60,
                                   p => 100, a => 40, e => NULL)->'factors') e(k, v)
 ORDER BY (v->>'contribution')::numeric DESC, k;

-- Nothing known
SELECT x->>'score' AS score, x->>'level' AS level, x->>'lo' AS lo, x->>'hi' AS hi,
       x->>'coverage' AS coverage, x->>'provisional' AS provisional
  FROM severity_explain(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL) x;

-- Every floor (other factors known at 0)
SELECT rule, severity_score(s, f, 0, k, n, 0, p, 0, 0, nis2) AS score
  FROM (VALUES ('S >= 95', 95, 0, 0, 0, 0, false), ('F = 100, K = 100, N >= 85', 0, 100, 100, 85, 0, false),
               ('S >= 70', 70, 0, 0, 0, 0, false), ('F = 100, K = 100, N >= 70', 0, 100, 100, 70, 0, false),
               ('F >= 70, K = 100', 0, 70, 100, 0, 0, false), ('P = 100', 0, 0, 0, 0, 100, false),
               ('NIS2', 0, 0, 0, 0, 0, true), ('none', 0, 0, 0, 0, 0, false)) v(rule, s, f, k, n, p, nis2);
-- imputed values fire no floor: N unknown (prior 25), S unknown (prior 40 here)
SELECT severity_explain(s => NULL, f => 100, i => NULL, k => 100, n => NULL, r => NULL,
                        p => NULL, a => NULL, e => NULL)->'floors_met' AS floors_met;

-- Bands
SELECT x AS score, severity_level(x) AS level
  FROM unnest('{0,34.9,35.0,49.9,50.0,64.9,65.0,74.9,75.0,89.9,90.0,100}'::numeric[]) x;
SELECT severity_level(NULL) IS NULL AS null_in_null_out;

-- Unknown is not zero
SELECT severity_score(NULL, 50, 50, 50, 50, 50, 50, 50, 50) AS s_unknown,
       severity_score(0, 50, 50, 50, 50, 50, 50, 50, 50) AS s_zero;

-- Invalid arguments
SELECT severity_score(-1, 0, 0, 0, 0, 0, 0, 0, 0);
SELECT severity_score(s => 0, f => 0, i => 0, k => 0, n => 0, r => 101, p => 0, a => 0, e => 0);
SELECT severity_explain(0, 0, 0, 0, 0, 0, 0, 0, 101);
SELECT severity_level(100.1);
SELECT severity_level(-0.1);
SELECT severity_level('NaN'::numeric);

-- Derivation from incident rows
INSERT INTO sectors (code, name, level, parent_code, criticality) VALUES
  ('99', 'Health care (test)', 2, NULL, 100),
  ('991', 'Hospitals (test)', 3, '99', 100);
INSERT INTO attack_techniques (technique, domain, name, tactics, is_subtechnique) VALUES
  ('T9566', 'enterprise', 'Phishing (test)', '{TA0001}', false),
  ('T9486', 'enterprise', 'Data Encrypted for Impact (test)', '{TA0040}', false);
INSERT INTO incidents (source, source_id, title, sector, techniques, actor_types, safety_impact,
                       functional_impact, scope, recoverability, outage_duration, information_impact,
                       data_leaked, records_affected, loss_eur, nis2_significant)
VALUES ('regress', '1', 'hospital ransomware', '991', '{T9566,T9486}', '{criminal}',
        'critical_care_disrupted', 'denial_critical', 'few_organisations', 'extended', '9 days',
        'medical_sensitive', true, 120000, 2500000, true),
       ('regress', '2', 'nothing known', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL);
SELECT title, incident_severity(i) AS severity, severity_level(incident_severity(i)) AS level
  FROM incidents i WHERE source = 'regress' ORDER BY source_id;
SELECT k AS factor, v - 'name' - 'weight' - 'contribution' AS derivation
  FROM incidents i, jsonb_each(incident_severity_explain(i)->'factors') e(k, v)
 WHERE source = 'regress' AND source_id = '1' ORDER BY k;
-- a changed criticality is seen by the next statement
UPDATE sectors SET criticality = 60 WHERE code = '991';
SELECT incident_severity_explain(i)->'factors'->'k'->>'value' AS k, incident_severity(i) AS severity
  FROM incidents i WHERE source = 'regress' AND source_id = '1';
DELETE FROM incidents WHERE source = 'regress';
DELETE FROM attack_techniques WHERE name LIKE '%(test)';
DELETE FROM sectors WHERE name LIKE '%(test)';
RESET search_path;
