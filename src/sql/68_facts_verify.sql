-- verify_incident_facts (docs/facts.md): every stored derived fact of a row
-- whose stamp is current, compared with what the SQL functions compute from
-- the row now.  It returns nothing when the stored facts are right; a row
-- is a stored fact that differs (a bug, or a row written with the trigger
-- disabled).  After 65_views.sql, which defines technique_rollup.

-- One row per incident with the stored and the computed facts side by side,
-- then unnested: functions over columns in FROM and a stamp computed once,
-- so that Citus can run it on the shards (no whole-row function, no
-- parameterised SQL function, no FROM-less subquery).
CREATE FUNCTION @extschema@.verify_incident_facts(include_stale boolean DEFAULT false)
RETURNS TABLE (incident_id bigint, fact text, stored text, computed text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  v_now bigint := incident_analytics_internal.incident_facts_stamp();
BEGIN
  IF include_stale IS NULL THEN
    RAISE EXCEPTION 'verify_incident_facts: include_stale must not be NULL' USING ERRCODE = '22023';
  END IF;
  RETURN QUERY EXECUTE pg_catalog.format($q$
  SELECT x.incident_id,
         (ARRAY['stamp', 'severity', 'severity_level', 'severity_lo', 'severity_hi', 'coverage',
                'provisional', 'cia_effective', 'cia_inferred', 'cia_basis', 'technique_keys',
                'tactic_keys', 'inferred_technique_keys', 'inferred_tactic_keys'])[g.k],
         x.s[g.k], x.c[g.k]
    FROM (SELECT i.incident_id,
                 ARRAY[i.derived_stamp::text, i.derived_severity::text, i.derived_severity_level::text,
                       i.derived_severity_lo::text, i.derived_severity_hi::text, i.derived_coverage::text,
                       i.derived_provisional::text, i.derived_cia_effective::text, i.derived_cia_inferred::text,
                       i.derived_cia_basis, i.derived_technique_keys::text, i.derived_tactic_keys::text,
                       i.derived_inferred_technique_keys::text, i.derived_inferred_tactic_keys::text] AS s,
                 ARRAY[%1$L::text, sc.score::text, @extschema@.severity_level(sc.score)::text,
                       ex.x OPERATOR(pg_catalog.->>) 'lo', ex.x OPERATOR(pg_catalog.->>) 'hi', cv.coverage::text,
                       (cv.coverage OPERATOR(pg_catalog.<) 0.5)::text, e.cia_effective::text, e.cia_inferred::text,
                       e.cia_basis, tk.keys::text, tt.keys::text, itk.keys::text, itt.keys::text] AS c
            FROM @extschema@.incidents i
           CROSS JOIN LATERAL @extschema@.effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
           CROSS JOIN LATERAL @extschema@.incident_severity_facts(%3$s) AS sc(score)
           CROSS JOIN LATERAL incident_analytics_internal.incident_severity_facts_coverage(%3$s) AS cv(coverage)
           CROSS JOIN LATERAL @extschema@.incident_severity_facts_explain(%3$s) AS ex(x)
           CROSS JOIN LATERAL @extschema@.technique_rollup(i.techniques) AS tk(keys)
           CROSS JOIN LATERAL @extschema@.technique_tactics(i.techniques) AS tt(keys)
           CROSS JOIN LATERAL @extschema@.technique_rollup(i.inferred_techniques) AS itk(keys)
           CROSS JOIN LATERAL @extschema@.technique_tactics(i.inferred_techniques) AS itt(keys)
           WHERE %2$L::boolean OR i.derived_stamp IS NOT DISTINCT FROM %1$L::bigint) x
   CROSS JOIN LATERAL pg_catalog.generate_series(1, 14) AS g(k)
   WHERE x.s[g.k] IS DISTINCT FROM x.c[g.k]
   ORDER BY 1, 2
  $q$, v_now, include_stale, 'i.incident_id, i.safety_impact, i.functional_impact, i.information_impact, i.data_leaked, i.records_affected, i.scope, i.people_affected, i.recoverability, i.outage_duration, COALESCE(i.techniques, i.inferred_techniques), i.actor_types, i.motives, i.loss_rating, i.loss_eur, i.sector, i.nis2_significant');
END
$fn$;
COMMENT ON FUNCTION @extschema@.verify_incident_facts(boolean) IS
  'the stored derived facts (incidents.derived_*) that differ from what incident_severity(i), incident_severity_coverage(i), incident_severity_explain(i), effective_cia() and technique_rollup()/technique_tactics() compute now: one row per incident and fact with both values as text; empty when all agree. By default only rows whose stamp is current (the ones readers use); include_stale => true also lists stale rows (fact stamp) and their outdated values, what refresh_incident_facts() would rewrite';
