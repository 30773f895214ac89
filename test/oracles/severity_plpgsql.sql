-- Test oracle and benchmark baseline: ISM-1 (docs/severity-model.md) in PL/pgSQL, the
-- same model as the C functions, written the way a user would write it in PL/pgSQL.
-- test/pgtap/40_severity_plpgsql.sql compares it with the C functions; bench/run loads
-- it as the W1 baseline.
-- Load after the extension:  psql -f test/oracles/severity_plpgsql.sql
-- It creates schema bench with bench.severity_score(...) (same arguments as
-- incident_analytics.severity_score) and bench.incident_severity(incidents).

DROP SCHEMA IF EXISTS bench CASCADE;
CREATE SCHEMA bench;
COMMENT ON SCHEMA bench IS 'PL/pgSQL baselines for benchmarks';

CREATE FUNCTION bench.severity_score(
  s integer, f integer, i integer, k integer, n integer, r integer,
  p integer, a integer, e integer, nis2_significant boolean DEFAULT false)
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
  vs numeric; vf numeric; vi numeric; vk numeric; vn numeric;
  vr numeric; vp numeric; va numeric; ve numeric;
  kg numeric;
  base numeric;
  floor_value numeric := 0;
BEGIN
  IF s NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor s out of range: %', s USING ERRCODE = '22023'; END IF;
  IF f NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor f out of range: %', f USING ERRCODE = '22023'; END IF;
  IF i NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor i out of range: %', i USING ERRCODE = '22023'; END IF;
  IF k NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor k out of range: %', k USING ERRCODE = '22023'; END IF;
  IF n NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor n out of range: %', n USING ERRCODE = '22023'; END IF;
  IF r NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor r out of range: %', r USING ERRCODE = '22023'; END IF;
  IF p NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor p out of range: %', p USING ERRCODE = '22023'; END IF;
  IF a NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor a out of range: %', a USING ERRCODE = '22023'; END IF;
  IF e NOT BETWEEN 0 AND 100 THEN RAISE EXCEPTION 'factor e out of range: %', e USING ERRCODE = '22023'; END IF;

  -- 1. priors
  vs := coalesce(s, CASE WHEN k = 100 AND f >= 60 THEN 40 ELSE 10 END);
  vf := coalesce(f, 30);
  vi := coalesce(i, 20);
  vk := coalesce(k, 40);
  vn := coalesce(n, 25);
  vr := coalesce(r, 30);
  vp := coalesce(p, 50);
  va := coalesce(a, 50);
  ve := coalesce(e, 20);

  -- 2. sector gate
  kg := vk * greatest(vf, vs, vi, ve) / 100;

  -- 3. weighted quadratic mean
  base := sqrt(0.20 * vs ^ 2 + 0.18 * vf ^ 2 + 0.12 * vi ^ 2 + 0.12 * kg ^ 2
               + 0.10 * vn ^ 2 + 0.08 * vr ^ 2 + 0.08 * vp ^ 2 + 0.06 * va ^ 2
               + 0.06 * ve ^ 2);

  -- 4. floors from known values
  IF s >= 95 OR (f = 100 AND k = 100 AND n >= 85) THEN
    floor_value := 90;
  ELSIF s >= 70 OR (f = 100 AND k = 100 AND n >= 70) THEN
    floor_value := 75;
  ELSIF (f >= 70 AND k = 100) OR p = 100 THEN
    floor_value := 65;
  ELSIF nis2_significant THEN
    floor_value := 50;
  END IF;

  RETURN round(greatest(base, floor_value), 1);
END;
$$;
COMMENT ON FUNCTION bench.severity_score(integer, integer, integer, integer, integer, integer, integer, integer, integer, boolean) IS
  'PL/pgSQL baseline of incident_analytics.severity_score';

CREATE FUNCTION bench.incident_severity(inc incident_analytics.incidents)
RETURNS numeric
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
  s integer; f integer; i integer; k integer; n integer;
  r integer; p integer; a integer; e integer;
  part integer;
  code text;
BEGIN
  -- S, F
  s := CASE inc.safety_impact
         WHEN 'none' THEN 0 WHEN 'safety_systems_touched' THEN 20
         WHEN 'degraded_care' THEN 40 WHEN 'critical_care_disrupted' THEN 70
         WHEN 'injury' THEN 85 WHEN 'death' THEN 95 WHEN 'multiple_deaths' THEN 100 END;
  f := CASE inc.functional_impact
         WHEN 'no_impact' THEN 0 WHEN 'no_impact_to_services' THEN 20
         WHEN 'minimal_noncritical' THEN 35 WHEN 'minimal_critical' THEN 40
         WHEN 'significant_noncritical' THEN 50 WHEN 'denial_noncritical' THEN 60
         WHEN 'significant_critical' THEN 70 WHEN 'denial_critical' THEN 100 END;

  -- I
  i := CASE inc.information_impact
         WHEN 'none' THEN 0 WHEN 'suspected' THEN 10 WHEN 'personal' THEN 30
         WHEN 'payment_credentials' THEN 40 WHEN 'internal_secrets' THEN 50
         WHEN 'medical_sensitive' THEN 60 WHEN 'critical_system_data' THEN 70
         WHEN 'core_credentials' THEN 80 WHEN 'classified' THEN 90
         WHEN 'critical_data_destroyed' THEN 100 END;
  IF inc.data_leaked THEN
    i := CASE WHEN i IS NULL THEN 20 ELSE least(i + 10, 100) END;
  END IF;
  IF inc.records_affected IS NOT NULL THEN
    part := CASE WHEN inc.records_affected <= 1 THEN 0
                 ELSE least(100, round(12.5 * log(inc.records_affected::numeric))) END;
    i := greatest(i, part);
  END IF;

  -- K: the sector or its longest prefix; 31, 32, 33 etc. fall back to the range
  IF inc.sector IS NOT NULL THEN
    SELECT sc.criticality INTO k
      FROM incident_analytics.sectors sc
     WHERE sc.code = inc.sector
        OR (inc.sector ~ '^[0-9]+$' AND sc.code ~ '^[0-9]+$' AND starts_with(inc.sector, sc.code))
        OR (inc.sector ~ '^3[1-3]' AND sc.code = '31-33')
        OR (inc.sector ~ '^4[45]' AND sc.code = '44-45')
        OR (inc.sector ~ '^4[89]' AND sc.code = '48-49')
     ORDER BY sc.code = inc.sector DESC, sc.code ~ '-', length(sc.code) DESC
     LIMIT 1;
  END IF;

  -- N
  n := CASE inc.scope
         WHEN 'individual' THEN 10 WHEN 'organisation' THEN 25
         WHEN 'large_organisation' THEN 40 WHEN 'few_organisations' THEN 55
         WHEN 'many_organisations' THEN 70 WHEN 'national' THEN 85
         WHEN 'multinational' THEN 100 END;
  IF inc.people_affected IS NOT NULL THEN
    part := CASE WHEN inc.people_affected <= 1 THEN 0
                 ELSE least(100, round(12.5 * log(inc.people_affected::numeric))) END;
    n := greatest(n, part);
  END IF;

  -- R
  r := CASE inc.recoverability
         WHEN 'regular' THEN 20 WHEN 'supplemented' THEN 40
         WHEN 'extended' THEN 60 WHEN 'not_recoverable' THEN 100 END;
  IF inc.outage_duration IS NOT NULL THEN
    part := CASE WHEN inc.outage_duration < interval '1 hour' THEN 10
                 WHEN inc.outage_duration < interval '1 day' THEN 25
                 WHEN inc.outage_duration <= interval '7 days' THEN 50
                 WHEN inc.outage_duration <= interval '28 days' THEN 70
                 WHEN inc.outage_duration < interval '1 year' THEN 85
                 ELSE 100 END;
    r := greatest(r, part);
  END IF;

  -- P: highest tactic over the techniques
  IF inc.techniques IS NOT NULL THEN
    SELECT max(CASE WHEN t.technique::text IN ('T0880', 'T0827') THEN 100
                    ELSE CASE tac
                      WHEN 'TA0043' THEN 10 WHEN 'TA0042' THEN 10
                      WHEN 'TA0001' THEN 40 WHEN 'TA0002' THEN 40 WHEN 'TA0003' THEN 40
                      WHEN 'TA0005' THEN 40 WHEN 'TA0007' THEN 40 WHEN 'TA0011' THEN 40
                      WHEN 'TA0006' THEN 60 WHEN 'TA0004' THEN 60 WHEN 'TA0008' THEN 60
                      WHEN 'TA0009' THEN 80 WHEN 'TA0010' THEN 80 WHEN 'TA0040' THEN 80
                      WHEN 'TA0027' THEN 40 WHEN 'TA0041' THEN 40 WHEN 'TA0028' THEN 40
                      WHEN 'TA0030' THEN 40 WHEN 'TA0032' THEN 40 WHEN 'TA0037' THEN 40
                      WHEN 'TA0031' THEN 60 WHEN 'TA0029' THEN 60 WHEN 'TA0033' THEN 60
                      WHEN 'TA0035' THEN 80 WHEN 'TA0036' THEN 80 WHEN 'TA0034' THEN 80
                      WHEN 'TA0038' THEN 80 WHEN 'TA0039' THEN 80
                      WHEN 'TA0108' THEN 40 WHEN 'TA0104' THEN 40 WHEN 'TA0110' THEN 40
                      WHEN 'TA0103' THEN 40 WHEN 'TA0102' THEN 40 WHEN 'TA0101' THEN 40
                      WHEN 'TA0111' THEN 60 WHEN 'TA0109' THEN 60
                      WHEN 'TA0100' THEN 80
                      WHEN 'TA0107' THEN 90 WHEN 'TA0106' THEN 90 WHEN 'TA0105' THEN 90
                    END END)
      INTO p
      FROM unnest(inc.techniques) AS t(technique)
      LEFT JOIN incident_analytics.attack_techniques at ON at.technique OPERATOR(incident_analytics.=) t.technique
      LEFT JOIN LATERAL unnest(at.tactics) AS tac ON true;
  END IF;

  -- A
  IF inc.actor_types IS NOT NULL THEN
    SELECT max(CASE x WHEN 'hacktivist' THEN 20 WHEN 'insider_error' THEN 30
                      WHEN 'criminal' THEN 40 WHEN 'malicious_insider' THEN 65
                      WHEN 'state_affiliated' THEN 80 WHEN 'nation_state' THEN 80
                      WHEN 'terrorist' THEN 80 END)
      INTO a FROM unnest(inc.actor_types) AS x;
    IF 'nation_state' = ANY (inc.actor_types)
       AND inc.motives && ARRAY['espionage', 'sabotage'] THEN
      a := 100;
    END IF;
  END IF;

  -- E
  e := CASE inc.loss_rating
         WHEN 'insignificant' THEN 5 WHEN 'distracting' THEN 25 WHEN 'painful' THEN 50
         WHEN 'damaging' THEN 75 WHEN 'catastrophic' THEN 100 END;
  IF inc.loss_eur IS NOT NULL AND inc.loss_eur <> 'NaN' THEN
    part := CASE WHEN inc.loss_eur <= 1000 THEN 0
                 ELSE least(100, round(20 * log(inc.loss_eur / 1000))) END;
    e := greatest(e, part);
  END IF;

  RETURN bench.severity_score(s, f, i, k, n, r, p, a, e,
                              coalesce(inc.nis2_significant, false));
END;
$$;
COMMENT ON FUNCTION bench.incident_severity(incident_analytics.incidents) IS
  'PL/pgSQL baseline of incident_analytics.incident_severity';
