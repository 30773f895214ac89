-- VERIS actions as evidence (docs/import.md, "Techniques: observed and
-- inferred"): the action varieties of a VERIS document in the source's own
-- vocabulary, and the ATT&CK techniques they suggest when the mapping is
-- precise.  import_veris (74_veris_load.sql) stores the first in
-- incidents.veris_actions and the second in incidents.inferred_techniques;
-- it never writes VERIS-derived techniques into incidents.techniques.

-- action.<category>.variety of a VERIS action section as 'category.Variety':
-- the category lower-case (hacking, malware, social, misuse, physical, error,
-- environmental, unknown), the variety as the document spells it (trimmed);
-- a category given without a variety is 'category.Unknown'.
CREATE FUNCTION @extschema@.veris_action_varieties(action jsonb)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT pg_catalog.array_agg(DISTINCT (pg_catalog.lower(c.key) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) v.variety)
                              COLLATE "C" ORDER BY (pg_catalog.lower(c.key) OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) v.variety) COLLATE "C")
    FROM pg_catalog.jsonb_each(CASE pg_catalog.jsonb_typeof(action) WHEN 'object' THEN action ELSE '{}'::jsonb END) AS c(key, value)
   CROSS JOIN LATERAL pg_catalog.unnest(COALESCE(
     (SELECT pg_catalog.array_agg(pg_catalog.btrim(e OPERATOR(pg_catalog.#>>) '{}'))
        FROM pg_catalog.jsonb_array_elements(
               CASE pg_catalog.jsonb_typeof(c.value OPERATOR(pg_catalog.->) 'variety')
                 WHEN 'array' THEN c.value OPERATOR(pg_catalog.->) 'variety'
                 WHEN 'string' THEN pg_catalog.jsonb_build_array(c.value OPERATOR(pg_catalog.->) 'variety')
                 ELSE '[]'::jsonb END) AS e
       WHERE pg_catalog.jsonb_typeof(e) OPERATOR(pg_catalog.=) 'string'
         AND pg_catalog.btrim(e OPERATOR(pg_catalog.#>>) '{}') OPERATOR(pg_catalog.<>) ''),
     ARRAY['Unknown'])) AS v(variety)
   WHERE pg_catalog.jsonb_typeof(c.value) OPERATOR(pg_catalog.=) 'object'
     AND c.key OPERATOR(pg_catalog.~) '^[A-Za-z]+$';
END;
COMMENT ON FUNCTION @extschema@.veris_action_varieties(jsonb) IS
  'the action varieties of a VERIS action section as category.Variety, sorted and distinct: category lower-cased, variety as the document spells it; a category object without a variety list gives category.Unknown; NULL when there is none';

-- The curated part of the precise mapping.  An entry wins over the CTID
-- mapping for its action; an entry with no technique marks a CTID mapping of
-- 1-2 techniques as not precise (its techniques do not describe the action).
CREATE FUNCTION @extschema@.veris_precise_actions()
RETURNS TABLE (action text, techniques @extschema@.attack_technique[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT v.action, v.techniques::@extschema@.attack_technique[]
    FROM (VALUES
      ('hacking.brute force', '{T1110}'),
      ('hacking.credential stuffing', '{T1110.004}'),
      ('hacking.offline cracking', '{T1110.002}'),
      ('hacking.use of stolen creds', '{T1078}'),
      ('hacking.pass-the-hash', '{T1550.002}'),
      ('hacking.dos', '{T1498,T1499}'),
      ('hacking.sqli', '{T1190}'),
      ('hacking.mitm', '{T1557}'),
      ('hacking.scan network', '{T1046}'),
      ('hacking.disable controls', '{T1562}'),
      ('malware.ransomware', '{T1486}'),
      ('malware.spyware/keylogger', '{T1056.001}'),
      ('malware.password dumper', '{T1003}'),
      ('malware.downloader', '{T1105}'),
      ('malware.destroy data', '{T1485}'),
      ('malware.disable controls', '{T1562}'),
      ('malware.export data', '{T1041}'),
      ('malware.capture stored data', '{T1005}'),
      ('malware.scan network', '{T1046}'),
      ('malware.packet sniffer', '{T1040}'),
      ('malware.modify data', '{T1565.001}'),
      ('malware.brute force', '{T1110}'),
      ('malware.dos', '{T1498,T1499}'),
      ('malware.pass-the-hash', '{T1550.002}'),
      ('malware.cryptocurrency mining', '{T1496}'),
      ('social.phishing', '{T1566}'),
      ('social.pretexting', '{T1656}'),
      -- CTID rows of 1-2 techniques that do not describe the action
      ('hacking.buffer overflow', '{}'),
      ('hacking.cache poisoning', '{}'),
      ('hacking.cryptanalysis', '{}'),
      ('hacking.format string attack', '{}'),
      ('hacking.fuzz testing', '{}'),
      ('hacking.http request smuggling', '{}'),
      ('hacking.http request splitting', '{}'),
      ('hacking.http response smuggling', '{}'),
      ('hacking.http response splitting', '{}'),
      ('hacking.insecure deserialization', '{}'),
      ('hacking.integer overflows', '{}'),
      ('hacking.ldap injection', '{}'),
      ('hacking.null byte injection', '{}'),
      ('hacking.session fixation', '{}'),
      ('hacking.session prediction', '{}'),
      ('hacking.session replay', '{}'),
      ('hacking.xml external entities', '{}'),
      ('hacking.xml injection', '{}'),
      ('hacking.xpath injection', '{}'),
      ('malware.adware', '{}'),
      ('malware.click fraud', '{}'),
      ('malware.rat', '{}'),
      ('malware.worm', '{}'),
      ('social.forgery', '{}')) AS v(action, techniques);
END;
COMMENT ON FUNCTION @extschema@.veris_precise_actions() IS
  'curated part of the precise VERIS action -> ATT&CK rule (docs/import.md): action as lower-case category.variety and the techniques it stands for; an empty list marks a CTID mapping of the action as not precise';

CREATE FUNCTION @extschema@.veris_inferred_techniques(actions text[])
RETURNS @extschema@.attack_technique[]
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
  SELECT pg_catalog.array_agg(DISTINCT t.technique ORDER BY t.technique)
    FROM (SELECT pg_catalog.lower(a) AS action,
                 pg_catalog.split_part(pg_catalog.lower(a), '.', 1) AS category,
                 pg_catalog.substr(pg_catalog.lower(a), pg_catalog.strpos(pg_catalog.lower(a), '.') OPERATOR(pg_catalog.+) 1) AS variety
            FROM pg_catalog.unnest(actions) AS a) x
   CROSS JOIN LATERAL (
     SELECT pg_catalog.unnest(p.techniques)
       FROM @extschema@.veris_precise_actions() p
      WHERE p.action OPERATOR(pg_catalog.=) x.action
     UNION ALL
     SELECT m.technique
       FROM @extschema@.veris_attack_map m
      WHERE m.capability_id OPERATOR(pg_catalog.=)
              ('action.' OPERATOR(pg_catalog.||) x.category OPERATOR(pg_catalog.||) '.variety.' OPERATOR(pg_catalog.||) x.variety)
        AND m.domain OPERATOR(pg_catalog.=) 'enterprise'
        AND NOT EXISTS (SELECT FROM @extschema@.veris_precise_actions() p WHERE p.action OPERATOR(pg_catalog.=) x.action)
        AND (SELECT pg_catalog.count(*) FROM @extschema@.veris_attack_map m2
              WHERE m2.capability_id OPERATOR(pg_catalog.=) m.capability_id
                AND m2.domain OPERATOR(pg_catalog.=) 'enterprise') OPERATOR(pg_catalog.<=) 2
   ) AS t(technique)
   WHERE x.category OPERATOR(pg_catalog.<>) 'unknown'
     AND x.variety OPERATOR(pg_catalog.<>) ALL (ARRAY['unknown', 'other']);
END;
COMMENT ON FUNCTION @extschema@.veris_inferred_techniques(text[]) IS
  'ATT&CK techniques that VERIS action varieties (category.Variety, as in incidents.veris_actions) precisely suggest: the veris_precise_actions entry of a variety when there is one, else its enterprise rows in veris_attack_map (action.<category>.variety.<variety>) when there are at most 2; never for Unknown or Other, the unknown category, vectors or attributes; sorted, distinct; NULL when none';
