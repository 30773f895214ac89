-- 1.1.0 carries the VERIS rows of 1.0.0 over to the provenance columns.
-- 1.0.0's import_veris (whatever source name it was given) stored the whole
-- VERIS document in raw and wrote into techniques every technique the CTID
-- mapping relates to any action value.  Those techniques leave techniques
-- (techniques an analyst added since stay); veris_actions and
-- inferred_techniques are derived from the stored document as import_veris
-- does now.  Rows without a VERIS action section in raw are not touched: their
-- techniques were stated by a source or an analyst.
WITH veris AS (
  SELECT i.incident_id,
         @extschema@.veris_action_varieties(i.raw OPERATOR(pg_catalog.->) 'action') AS actions,
         (SELECT pg_catalog.array_agg(DISTINCT vam.technique)
            FROM pg_catalog.jsonb_each(i.raw OPERATOR(pg_catalog.->) 'action') cat,
                 pg_catalog.jsonb_each(CASE pg_catalog.jsonb_typeof(cat.value) WHEN 'object' THEN cat.value ELSE '{}' END) f,
                 pg_catalog.jsonb_array_elements_text(CASE pg_catalog.jsonb_typeof(f.value) WHEN 'array' THEN f.value ELSE '[]' END) val,
                 @extschema@.veris_attack_map vam
           WHERE vam.capability_id OPERATOR(pg_catalog.=) ('action.' OPERATOR(pg_catalog.||) pg_catalog.lower(cat.key)
                   OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) pg_catalog.lower(f.key)
                   OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) pg_catalog.lower(val))
             AND vam.domain OPERATOR(pg_catalog.=) 'enterprise') AS broad
    FROM @extschema@.incidents i
   WHERE pg_catalog.jsonb_typeof(i.raw OPERATOR(pg_catalog.->) 'action') OPERATOR(pg_catalog.=) 'object'
)
UPDATE @extschema@.incidents i
   SET veris_actions = v.actions,
       inferred_techniques = @extschema@.veris_inferred_techniques(v.actions),
       techniques = (SELECT pg_catalog.array_agg(t.technique ORDER BY t.n)
                       FROM pg_catalog.unnest(i.techniques) WITH ORDINALITY AS t(technique, n)
                      WHERE NOT (t.technique OPERATOR(@extschema@.=) ANY (COALESCE(v.broad, '{}'))))
  FROM veris v
 WHERE i.incident_id OPERATOR(pg_catalog.=) v.incident_id;
