-- Comments of the measure columns the aggregation views (65_views.sql) share:
-- the same text in every view.  The 1.0.0 -> 1.1.0 update runs this fragment
-- too (a link in src/sql/upgrade/1.0.0--1.1.0/), after re-creating the views.
DO $comments$
DECLARE
  v text;
  c record;
BEGIN
  FOREACH v IN ARRAY ARRAY['incidents_by_region', 'incidents_by_sector', 'incidents_by_technique',
                           'incidents_by_tactic', 'incidents_by_month', 'incidents_by_action'] LOOP
    FOR c IN SELECT * FROM (VALUES
      ('c_incidents', 'incidents with effective confidentiality impact above N (L or H): recorded, else from techniques or text (effective_cia); c_inferred of them not recorded'),
      ('i_incidents', 'incidents with effective integrity impact above N (L or H): recorded, else from techniques or text (effective_cia); i_inferred of them not recorded'),
      ('a_incidents', 'incidents with effective availability impact above N (L or H): recorded, else from techniques or text (effective_cia); a_inferred of them not recorded'),
      ('c_known', 'incidents whose effective confidentiality impact is known (N, L or H; not X)'),
      ('i_known', 'incidents whose effective integrity impact is known (N, L or H; not X)'),
      ('a_known', 'incidents whose effective availability impact is known (N, L or H; not X)'),
      ('c_share', 'c_incidents / c_known: share of incidents with confidentiality above N among those where confidentiality is known (the denominator excludes unknowns); NULL when c_known = 0; 4 decimals'),
      ('c_share_lower', 'lower bound of the 95% Wilson score interval of c_share (denominator c_known, unknowns excluded); NULL when c_known = 0'),
      ('c_share_upper', 'upper bound of the 95% Wilson score interval of c_share (denominator c_known, unknowns excluded); NULL when c_known = 0'),
      ('i_share', 'i_incidents / i_known: share of incidents with integrity above N among those where integrity is known (the denominator excludes unknowns); NULL when i_known = 0; 4 decimals'),
      ('i_share_lower', 'lower bound of the 95% Wilson score interval of i_share (denominator i_known, unknowns excluded); NULL when i_known = 0'),
      ('i_share_upper', 'upper bound of the 95% Wilson score interval of i_share (denominator i_known, unknowns excluded); NULL when i_known = 0'),
      ('a_share', 'a_incidents / a_known: share of incidents with availability above N among those where availability is known (the denominator excludes unknowns); NULL when a_known = 0; 4 decimals'),
      ('a_share_lower', 'lower bound of the 95% Wilson score interval of a_share (denominator a_known, unknowns excluded); NULL when a_known = 0'),
      ('a_share_upper', 'upper bound of the 95% Wilson score interval of a_share (denominator a_known, unknowns excluded); NULL when a_known = 0'),
      ('mean_severity', 'mean ISM-1 severity score (incident_severity) of the incidents, exact, rounded to 2 decimals; NULL when none is scored'),
      ('max_severity', 'highest ISM-1 severity score of the incidents'),
      ('severe_or_worse', 'incidents with severity level severe or emergency (score 75 or more)'),
      ('scored_incidents', 'incidents whose severity is firm, not provisional: the known factors weigh 0.5 or more (incident_firm_severity)'),
      ('mean_severity_scored', 'mean ISM-1 severity of the scored_incidents only (firm scores), exact, rounded to 2 decimals; NULL when none; mean_severity includes the provisional scores that rest mostly on priors'),
      ('c_inferred', 'of c_incidents, those whose confidentiality is not recorded (cia X or NULL) but comes from the observed techniques, the inferred techniques or the summary text (effective_cia basis observed, inferred or text)'),
      ('i_inferred', 'of i_incidents, those whose integrity is not recorded (cia X or NULL) but comes from the observed techniques, the inferred techniques or the summary text (effective_cia basis observed, inferred or text)'),
      ('a_inferred', 'of a_incidents, those whose availability is not recorded (cia X or NULL) but comes from the observed techniques, the inferred techniques or the summary text (effective_cia basis observed, inferred or text)')
    ) AS t(col, txt) LOOP
      EXECUTE pg_catalog.format('COMMENT ON COLUMN @extschema@.%I.%I IS %L', v, c.col, c.txt);
    END LOOP;
  END LOOP;
END
$comments$;
