-- Named-parameter calls: a factor left out is unknown, exactly as an explicit NULL.
BEGIN;
SET search_path = public, incident_analytics;
SELECT plan(5);
SELECT is(severity_score(s => 70, f => 100, k => 100, n => 55, r => 60, p => 100, a => 40), 75.0,
          'worked example with I and E left out: 75.0');
SELECT is(severity_score(s => 70, f => 100, k => 100, n => 55, r => 60, p => 100, a => 40),
          severity_score(70, 100, NULL, 100, 55, 60, 100, 40, NULL),
          'an omitted factor equals an explicit NULL');
SELECT is(severity_score(), 27.5, 'nothing known: 27.5');
SELECT is(severity_score(f => 100, k => 100, n => 85) , 90.0, 'F = 100, K = 100, N >= 85 floor: 90');
SELECT is((severity_explain(s => 70, f => 100, k => 100, n => 55, r => 60, p => 100, a => 40) ->> 'coverage')::numeric, 0.82,
          'coverage of the worked example with I and E left out: 0.82');
SELECT * FROM finish();
ROLLBACK;
