-- ATT&CK Navigator layers (layer format 4.5) over the incidents the caller may
-- see.  docs/interchange.md describes the output; test/pgtap/90_navigator.sql
-- checks it against the layer format's rules.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

-- The domain argument: 'enterprise', 'ics', 'mobile', or the Navigator's own
-- names 'enterprise-attack', 'ics-attack', 'mobile-attack'; any other value is
-- a bad argument (22023) that names itself.
CREATE FUNCTION incident_analytics_internal.navigator_domain(domain text)
RETURNS @extschema@.attack_domain
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  d text := pg_catalog.lower(pg_catalog.btrim(domain));
BEGIN
  IF d OPERATOR(pg_catalog.~) '-attack$' THEN
    d := pg_catalog.left(d, -7);
  END IF;
  IF d OPERATOR(pg_catalog.=) ANY (ARRAY['enterprise', 'ics', 'mobile']) THEN
    RETURN d::@extschema@.attack_domain;
  END IF;
  RAISE EXCEPTION 'navigator_layer: domain "%" is not an ATT&CK domain', domain
    USING ERRCODE = 'invalid_parameter_value',
          HINT = 'Use enterprise, ics or mobile (or enterprise-attack, ics-attack, mobile-attack).';
END;
$$;
COMMENT ON FUNCTION incident_analytics_internal.navigator_domain(text) IS
  'internal: the attack_domain named by a navigator_layer domain argument (enterprise, ics, mobile, or enterprise-attack ...); 22023 otherwise';

CREATE FUNCTION @extschema@.navigator_layer(incident_ids bigint[] DEFAULT NULL,
                                            domain text DEFAULT 'enterprise',
                                            score text DEFAULT 'incidents',
                                            name text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  dom       @extschema@.attack_domain;
  mode      text := pg_catalog.lower(pg_catalog.btrim(score));
  version   text;
  counted   bigint;
  entries   jsonb;
  top       numeric;
BEGIN
  IF domain IS NULL THEN
    RAISE EXCEPTION 'navigator_layer: domain must not be NULL' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  dom := incident_analytics_internal.navigator_domain(domain);
  IF mode IS NULL OR NOT mode OPERATOR(pg_catalog.=) ANY (ARRAY['incidents', 'severity']) THEN
    RAISE EXCEPTION 'navigator_layer: score "%" is not a layer score', score
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use incidents (distinct incidents per technique) or severity (their mean severity).';
  END IF;

  SELECT pg_catalog.max(a.attack_version) INTO version
    FROM @extschema@.attack_techniques a
   WHERE a.domain OPERATOR(pg_catalog.=) dom AND a.attack_version IS NOT NULL;

  -- One entry per technique of the domain and tactic it serves there.  The
  -- techniques an incident counts under are those of incidents_by_technique
  -- (technique_rollup: a revoked technique under its successor, every
  -- sub-technique also under its parent), so the counts are that view's.
  WITH picked AS (
    SELECT i.incident_id, i.techniques, @extschema@.incident_severity(i) AS severity
      FROM @extschema@.incidents i
     WHERE i.techniques IS NOT NULL AND i.duplicate_of IS NULL
       AND (incident_ids IS NULL OR i.incident_id OPERATOR(pg_catalog.=) ANY (incident_ids))
  ),
  per_technique AS (
    SELECT k.technique,
           pg_catalog.count(*) AS incidents,
           pg_catalog.round(pg_catalog.avg(p.severity), 1) AS mean_severity,
           pg_catalog.max(p.severity) AS max_severity
      FROM picked p
     CROSS JOIN LATERAL pg_catalog.unnest(@extschema@.technique_rollup(p.techniques)) AS k(technique)
     GROUP BY k.technique
  ),
  placed AS (
    SELECT t.technique, t.incidents, t.mean_severity, t.max_severity, a.name, ta.shortname,
           ta.ordinal,
           CASE mode WHEN 'incidents' THEN t.incidents::numeric ELSE t.mean_severity END AS value
      FROM per_technique t
      JOIN @extschema@.attack_techniques a
        ON a.technique OPERATOR(@extschema@.=) t.technique AND a.domain OPERATOR(pg_catalog.=) dom
       AND NOT a.revoked
     CROSS JOIN LATERAL pg_catalog.unnest(a.tactics) AS x(tactic_id)
      JOIN @extschema@.attack_tactics ta
        ON ta.tactic_id OPERATOR(pg_catalog.=) x.tactic_id AND ta.domain OPERATOR(pg_catalog.=) dom
  )
  SELECT pg_catalog.jsonb_agg(
           pg_catalog.jsonb_build_object(
             'techniqueID', p.technique::text,
             'tactic', p.shortname,
             'score', p.value,
             'comment', pg_catalog.format('%s: %s incident(s), mean severity %s, max %s',
                                          p.name, p.incidents, p.mean_severity, p.max_severity),
             'enabled', true,
             'metadata', pg_catalog.jsonb_build_array(
               pg_catalog.jsonb_build_object('name', 'incidents', 'value', p.incidents::text),
               pg_catalog.jsonb_build_object('name', 'mean severity', 'value', p.mean_severity::text),
               pg_catalog.jsonb_build_object('name', 'max severity', 'value', p.max_severity::text),
               pg_catalog.jsonb_build_object('name', 'basis',
                 'value', 'techniques recorded on the incident (observed); sub-techniques also count under their parent')))
           ORDER BY p.ordinal, p.technique::text),
         pg_catalog.max(p.value)
    INTO entries, top
    FROM placed p;

  SELECT pg_catalog.count(*) INTO counted
    FROM @extschema@.incidents i
   WHERE i.techniques IS NOT NULL AND i.duplicate_of IS NULL
     AND (incident_ids IS NULL OR i.incident_id OPERATOR(pg_catalog.=) ANY (incident_ids));

  RETURN pg_catalog.jsonb_build_object(
    'name', COALESCE(name,
              CASE mode WHEN 'incidents' THEN 'Incidents per technique'
                        ELSE 'Mean severity per technique' END),
    'versions', pg_catalog.jsonb_build_object(
                  'attack', pg_catalog.split_part(COALESCE(version, ''), '.', 1),
                  'navigator', '5.2.0',
                  'layer', '4.5'),
    'domain', dom::text || '-attack',
    'description', pg_catalog.format(
                     '%s incident(s) with techniques that the exporting user may see%s; score = %s; ATT&CK %s data loaded',
                     counted,
                     CASE WHEN incident_ids IS NULL THEN '' ELSE ' among the requested ids' END,
                     CASE mode WHEN 'incidents' THEN 'distinct incidents naming the technique (or a sub-technique of it)'
                               ELSE 'mean severity (ISM-1, 0-100) of those incidents' END,
                     COALESCE(version, 'no')),
    'sorting', 3,
    'layout', pg_catalog.jsonb_build_object('layout', 'side', 'showID', true, 'showName', true,
                                            'showAggregateScores', false, 'expandedSubtechniques', 'annotated'),
    'hideDisabled', false,
    'techniques', COALESCE(entries, '[]'::jsonb),
    'gradient', pg_catalog.jsonb_build_object(
                  'colors', pg_catalog.jsonb_build_array('#ffffff', '#ff6666'),
                  'minValue', 0,
                  'maxValue', CASE mode WHEN 'severity' THEN 100
                                        ELSE GREATEST(COALESCE(top, 1), 1) END),
    'legendItems', pg_catalog.jsonb_build_array(
                     pg_catalog.jsonb_build_object('label', CASE mode WHEN 'incidents' THEN '0 incidents' ELSE 'severity 0' END,
                                                   'color', '#ffffff'),
                     pg_catalog.jsonb_build_object('label',
                       CASE mode WHEN 'incidents' THEN GREATEST(COALESCE(top, 1), 1)::text || ' incident(s)'
                                 ELSE 'severity 100' END,
                       'color', '#ff6666')),
    'metadata', pg_catalog.jsonb_build_array(
                  pg_catalog.jsonb_build_object('name', 'generated by', 'value', 'incident_analytics ' || @extschema@.incident_analytics_version()),
                  pg_catalog.jsonb_build_object('name', 'incidents', 'value', counted::text),
                  pg_catalog.jsonb_build_object('name', 'ATT&CK data', 'value', COALESCE(version, 'none loaded'))));
END;
$$;
COMMENT ON FUNCTION @extschema@.navigator_layer(bigint[], text, text, text) IS
  'ATT&CK Navigator layer (format 4.5) over the incidents the caller may see (NULL ids = all, else those ids): one entry per technique and tactic of the domain; score incidents = distinct incidents as in incidents_by_technique, or severity = their mean severity; ATT&CK version from the loaded data';

GRANT EXECUTE ON FUNCTION @extschema@.navigator_layer(bigint[], text, text, text),
                          incident_analytics_internal.navigator_domain(text) TO incident_reader;
