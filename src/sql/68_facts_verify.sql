-- verify_incident_facts (docs/facts.md): every stored derived fact of a row
-- whose stamp is current, compared with what the SQL functions compute from
-- the row now.  It returns nothing when the stored facts are right; a row
-- is a stored fact that differs (a bug, or a row written with the trigger
-- disabled).  After 65_views.sql, which defines technique_rollup.

CREATE FUNCTION @extschema@.verify_incident_facts(include_stale boolean DEFAULT false)
RETURNS TABLE (incident_id bigint, fact text, stored text, computed text)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT i.incident_id, f.fact, f.stored, f.computed
    FROM @extschema@.incidents i
   CROSS JOIN LATERAL (SELECT incident_analytics_internal.incident_facts_stamp() AS now) s
   CROSS JOIN LATERAL @extschema@.effective_cia(i.cia, i.techniques, i.inferred_techniques, i.summary) e
   CROSS JOIN LATERAL (SELECT @extschema@.incident_severity(i) AS score,
                              @extschema@.incident_severity_coverage(i) AS coverage,
                              @extschema@.incident_severity_explain(i) AS x) v
   CROSS JOIN LATERAL (VALUES
     ('stamp', i.derived_stamp::pg_catalog.text, s.now::pg_catalog.text),
     ('severity', i.derived_severity::pg_catalog.text, v.score::pg_catalog.text),
     ('severity_level', i.derived_severity_level::pg_catalog.text, @extschema@.severity_level(v.score)::pg_catalog.text),
     ('severity_lo', i.derived_severity_lo::pg_catalog.text, v.x OPERATOR(pg_catalog.->>) 'lo'),
     ('severity_hi', i.derived_severity_hi::pg_catalog.text, v.x OPERATOR(pg_catalog.->>) 'hi'),
     ('coverage', i.derived_coverage::pg_catalog.text, v.coverage::pg_catalog.text),
     ('provisional', i.derived_provisional::pg_catalog.text, (v.coverage OPERATOR(pg_catalog.<) 0.5)::pg_catalog.text),
     ('cia_effective', i.derived_cia_effective::pg_catalog.text, e.cia_effective::pg_catalog.text),
     ('cia_inferred', i.derived_cia_inferred::pg_catalog.text, e.cia_inferred::pg_catalog.text),
     ('cia_basis', i.derived_cia_basis, e.cia_basis),
     ('technique_keys', i.derived_technique_keys::pg_catalog.text, @extschema@.technique_rollup(i.techniques)::pg_catalog.text),
     ('tactic_keys', i.derived_tactic_keys::pg_catalog.text, @extschema@.technique_tactics(i.techniques)::pg_catalog.text),
     ('inferred_technique_keys', i.derived_inferred_technique_keys::pg_catalog.text,
      @extschema@.technique_rollup(i.inferred_techniques)::pg_catalog.text),
     ('inferred_tactic_keys', i.derived_inferred_tactic_keys::pg_catalog.text,
      @extschema@.technique_tactics(i.inferred_techniques)::pg_catalog.text)
   ) AS f(fact, stored, computed)
   WHERE (include_stale OR i.derived_stamp IS NOT DISTINCT FROM s.now)
     AND f.stored IS DISTINCT FROM f.computed
   ORDER BY i.incident_id, f.fact;
END;
COMMENT ON FUNCTION @extschema@.verify_incident_facts(boolean) IS
  'the stored derived facts (incidents.derived_*) that differ from what incident_severity(i), incident_severity_coverage(i), incident_severity_explain(i), effective_cia() and technique_rollup()/technique_tactics() compute now: one row per incident and fact with both values as text; empty when all agree. By default only rows whose stamp is current (the ones readers use); include_stale => true also lists stale rows (fact stamp) and their outdated values, what refresh_incident_facts() would rewrite';
