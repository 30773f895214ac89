-- load_attack_stix(bundle jsonb): refresh the ATT&CK tactics and techniques
-- of one matrix from a (newer) MITRE ATT&CK STIX 2.x bundle, as published in
-- mitre-attack/attack-stix-data or mitre/cti.  Rows it inserts or changes get
-- origin = 'user', so pg_dump keeps them; rows absent from the bundle are
-- left alone (ATT&CK revokes or deprecates, it does not delete).  The
-- progression of an existing tactic is never changed (it is the user's); a
-- new tactic takes that of the same-named tactics of the other matrices.  It writes
-- only rows of the bundle's own matrix: ids that the tables hold for another
-- matrix are left out and reported.  Members of the wrong JSON type or shape
-- are rejected (22023), never converted to text.

CREATE FUNCTION @extschema@.load_attack_stix(bundle jsonb)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $fn$
DECLARE
  objs        jsonb;
  bad         record;
  v_domains   text[];
  v_domain    @extschema@.attack_domain;
  v_version   text;
  n_objects   integer;
  result      jsonb;
  tech        jsonb;
  skipped_tactics     text[];
  skipped_techniques  text[];
  id_sources  CONSTANT text[] := ARRAY['mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack'];
BEGIN
  -- shape of the bundle
  IF jsonb_typeof(bundle) IS DISTINCT FROM 'object' OR bundle->'type' IS DISTINCT FROM '"bundle"'::jsonb THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: not a STIX bundle'
      USING ERRCODE = '22023',
            DETAIL = format('The value must be a JSON object with "type": "bundle"; got a JSON %s%s.',
                            jsonb_typeof(bundle),
                            CASE WHEN jsonb_typeof(bundle) = 'object'
                                 THEN format(' with type %s', coalesce(bundle->>'type', 'missing')) ELSE '' END);
  END IF;
  objs := bundle->'objects';
  IF jsonb_typeof(objs) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: "objects" is missing or not an array'
      USING ERRCODE = '22023';
  END IF;
  n_objects := jsonb_array_length(objs);
  IF n_objects = 0 THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: no objects'
      USING ERRCODE = '22023', DETAIL = 'The "objects" array is empty.';
  END IF;

  -- every object is a JSON object with a string type and id
  SELECT o.ord, jsonb_typeof(o.v) AS t INTO bad
    FROM jsonb_array_elements(objs) WITH ORDINALITY AS o(v, ord)
   WHERE jsonb_typeof(o.v) <> 'object'
      OR jsonb_typeof(o.v->'type') IS DISTINCT FROM 'string'
      OR jsonb_typeof(o.v->'id') IS DISTINCT FROM 'string'
   ORDER BY o.ord LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: object % has no string "type" and "id"', bad.ord
      USING ERRCODE = '22023',
            DETAIL = 'Every element of "objects" must be a STIX object (a JSON object with string members type and id).';
  END IF;

  -- the members this loader reads have the JSON types STIX gives them
  SELECT o->>'id' AS id, f.field, f.want, o->f.field AS val INTO bad
    FROM jsonb_array_elements(objs) AS o
    JOIN (VALUES
            ('x-mitre-collection', 'x_mitre_version',   '{string}'::text[],         false),
            ('x-mitre-collection', 'modified',          '{string}',                 false),
            ('x-mitre-matrix',  'tactic_refs',          '{array}',                  true),
            ('x-mitre-matrix',  'external_references',  '{array}',                  true),
            ('x-mitre-matrix',  'revoked',              '{boolean}',                false),
            ('x-mitre-matrix',  'x_mitre_deprecated',   '{boolean}',                false),
            ('x-mitre-tactic',  'external_references',  '{array}',                  true),
            ('x-mitre-tactic',  'x_mitre_shortname',    '{string}',                 true),
            ('x-mitre-tactic',  'name',                 '{string}',                 true),
            ('x-mitre-tactic',  'revoked',              '{boolean}',                false),
            ('x-mitre-tactic',  'x_mitre_deprecated',   '{boolean}',                false),
            ('attack-pattern',  'external_references',  '{array}',                  false),
            ('attack-pattern',  'name',                 '{string}',                 true),
            ('attack-pattern',  'kill_chain_phases',    '{array}',                  false),
            ('attack-pattern',  'x_mitre_impact_type',  '{array,string,null}',      false),
            ('attack-pattern',  'revoked',              '{boolean}',                false),
            ('attack-pattern',  'x_mitre_deprecated',   '{boolean}',                false),
            ('attack-pattern',  'x_mitre_domains',      '{array}',                  false),
            ('relationship',    'relationship_type',    '{string}',                 true),
            ('relationship',    'source_ref',           '{string}',                 true),
            ('relationship',    'target_ref',           '{string}',                 true),
            ('relationship',    'revoked',              '{boolean}',                false),
            ('relationship',    'x_mitre_deprecated',   '{boolean}',                false)
         ) AS f(otype, field, want, required)
      ON o->>'type' = f.otype
   WHERE CASE WHEN o ? f.field THEN NOT jsonb_typeof(o->f.field) = ANY (f.want) ELSE f.required END
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: object % has a missing or wrong "%"', bad.id, bad.field
      USING ERRCODE = '22023',
            DETAIL = format('Expected a JSON %s; got %s.', array_to_string(bad.want, ' or '),
                            coalesce(left(bad.val::text, 200), 'nothing'));
  END IF;

  -- a STIX id is <type>--<uuid>: an object read as one type must say so in its id
  SELECT o->>'id' AS id, o->>'type' AS otype INTO bad
    FROM jsonb_array_elements(objs) AS o
   WHERE o->>'type' IN ('x-mitre-collection', 'x-mitre-matrix', 'x-mitre-tactic', 'attack-pattern', 'relationship')
     AND NOT starts_with(o->>'id', (o->>'type') || '--')
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: object "%" of type % has an id of another type', bad.id, bad.otype
      USING ERRCODE = '22023',
            DETAIL = format('A STIX id is the object''s type, "--" and a UUID: expected "%s--...".', bad.otype);
  END IF;

  -- elements of the arrays this loader reads: objects with string members,
  -- or strings; nothing of another JSON type is ever turned into text
  SELECT o->>'id' AS id, f.field, e.ord, e.v AS val, f.want INTO bad
    FROM jsonb_array_elements(objs) AS o
    JOIN (VALUES
            ('x-mitre-matrix', 'external_references', 'reference'),
            ('x-mitre-tactic', 'external_references', 'reference'),
            ('attack-pattern', 'external_references', 'reference'),
            ('attack-pattern', 'kill_chain_phases',   'phase'),
            ('attack-pattern', 'x_mitre_impact_type', 'string'),
            ('attack-pattern', 'x_mitre_domains',     'string'),
            ('x-mitre-matrix', 'tactic_refs',         'string')
         ) AS f(otype, field, want)
      ON o->>'type' = f.otype AND jsonb_typeof(o->f.field) = 'array'
    CROSS JOIN LATERAL jsonb_array_elements(o->f.field) WITH ORDINALITY AS e(v, ord)
   WHERE CASE f.want
           WHEN 'string' THEN jsonb_typeof(e.v) <> 'string'
           WHEN 'reference' THEN jsonb_typeof(e.v) <> 'object'
                OR jsonb_typeof(e.v->'source_name') IS DISTINCT FROM 'string'
                OR (e.v ? 'external_id' AND jsonb_typeof(e.v->'external_id') <> 'string')
           WHEN 'phase' THEN jsonb_typeof(e.v) <> 'object'
                OR jsonb_typeof(e.v->'kill_chain_name') IS DISTINCT FROM 'string'
                OR jsonb_typeof(e.v->'phase_name') IS DISTINCT FROM 'string'
         END
   ORDER BY 1, 2, 3
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: object % has a wrong element % in "%"', bad.id, bad.ord, bad.field
      USING ERRCODE = '22023',
            DETAIL = format('Expected %s; got %s.',
                            CASE bad.want WHEN 'string' THEN 'a JSON string'
                                          WHEN 'reference' THEN 'an external reference: a JSON object with a string source_name (and a string external_id, if any)'
                                          ELSE 'a kill-chain phase: a JSON object with string kill_chain_name and phase_name' END,
                            left(bad.val::text, 200));
  END IF;

  -- which matrix: the ATT&CK id of its x-mitre-matrix objects, else the
  -- x_mitre_domains of its techniques
  SELECT array_agg(DISTINCT r->>'external_id') INTO v_domains
    FROM jsonb_array_elements(objs) AS o, jsonb_array_elements(o->'external_references') AS r
   WHERE o->>'type' = 'x-mitre-matrix' AND r->>'source_name' = ANY (id_sources)
     AND r->>'external_id' IN ('enterprise-attack', 'ics-attack', 'mobile-attack');
  IF v_domains IS NULL THEN
    SELECT array_agg(DISTINCT d) INTO v_domains
      FROM jsonb_array_elements(objs) AS o, jsonb_array_elements_text(o->'x_mitre_domains') AS d
     WHERE o->>'type' = 'attack-pattern' AND d IN ('enterprise-attack', 'ics-attack', 'mobile-attack');
  END IF;
  IF cardinality(v_domains) IS DISTINCT FROM 1 THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: cannot tell its ATT&CK domain'
      USING ERRCODE = '22023',
            DETAIL = CASE WHEN v_domains IS NULL
                          THEN 'The bundle has no x-mitre-matrix object and no technique with x_mitre_domains.'
                          ELSE format('The bundle mixes the domains %s; load one matrix at a time.', array_to_string(v_domains, ', ')) END;
  END IF;
  v_domain := split_part(v_domains[1], '-', 1)::@extschema@.attack_domain;

  SELECT o->>'x_mitre_version' INTO v_version
    FROM jsonb_array_elements(objs) AS o
   WHERE o->>'type' = 'x-mitre-collection'
   ORDER BY o->>'modified' DESC NULLS LAST LIMIT 1;

  -- tactics of the bundle, ordered as in the active matrix, then deprecated ones.
  -- An ATT&CK id belongs to one matrix: a tactic id that attack_tactics holds
  -- for another matrix is left out (reported under "other_domain"), so that a
  -- bundle can never move or rewrite another matrix's rows.
  CREATE TEMP TABLE pg_temp.ia_stix_tactics ON COMMIT DROP AS
  WITH tac AS (
    SELECT o->>'id' AS stix_id,
           (SELECT r->>'external_id' FROM jsonb_array_elements(o->'external_references') AS r
             WHERE r->>'source_name' = ANY (id_sources) AND r ? 'external_id' LIMIT 1) AS tactic_id,
           o->>'x_mitre_shortname' AS shortname,
           o->>'name' AS name,
           coalesce(o->'x_mitre_deprecated' = 'true', false) OR coalesce(o->'revoked' = 'true', false) AS deprecated
      FROM jsonb_array_elements(objs) AS o
     WHERE o->>'type' = 'x-mitre-tactic'),
  mat AS (
    SELECT o->>'id' AS id,
           coalesce(o->'x_mitre_deprecated' = 'true', false) OR coalesce(o->'revoked' = 'true', false) AS deprecated,
           o->'tactic_refs' AS refs
      FROM jsonb_array_elements(objs) AS o
     WHERE o->>'type' = 'x-mitre-matrix'),
  pos AS (
    SELECT ref, min(array[m.rank, r.ord]) AS p
      FROM (SELECT mat.*, row_number() OVER (ORDER BY deprecated, id) AS rank FROM mat) AS m,
           jsonb_array_elements_text(m.refs) WITH ORDINALITY AS r(ref, ord)
     GROUP BY ref)
  SELECT tac.stix_id, tac.tactic_id, tac.shortname, tac.name, tac.deprecated, pos.p,
         EXISTS (SELECT 1 FROM @extschema@.attack_tactics AS t
                  WHERE t.tactic_id = tac.tactic_id AND t.domain <> v_domain) AS other_domain,
         NULL::integer AS ordinal
    FROM tac LEFT JOIN pos ON pos.ref = tac.stix_id
   WHERE tac.tactic_id IS NOT NULL;

  SELECT * INTO bad FROM pg_temp.ia_stix_tactics
   WHERE tactic_id !~ '^TA[0-9]{4}$' OR shortname = '' OR name = '' LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: tactic % (%) is not a valid tactic', bad.tactic_id, bad.stix_id
      USING ERRCODE = '22023', DETAIL = 'A tactic needs an id TA + 4 digits, a shortname and a name.';
  END IF;
  SELECT tactic_id, count(*) AS n INTO bad FROM pg_temp.ia_stix_tactics
   GROUP BY tactic_id HAVING count(*) > 1 ORDER BY tactic_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: tactic % appears % times', bad.tactic_id, bad.n
      USING ERRCODE = '22023';
  END IF;

  SELECT array_agg(tactic_id ORDER BY tactic_id) INTO skipped_tactics
    FROM pg_temp.ia_stix_tactics WHERE other_domain;
  DELETE FROM pg_temp.ia_stix_tactics WHERE other_domain;
  UPDATE pg_temp.ia_stix_tactics AS s SET ordinal = r.n
    FROM (SELECT tactic_id, row_number() OVER (ORDER BY p NULLS LAST, tactic_id)::integer AS n
            FROM pg_temp.ia_stix_tactics) AS r
   WHERE r.tactic_id = s.tactic_id;

  -- a shortname names one tactic of a matrix
  SELECT s.shortname, s.tactic_id, t.tactic_id AS other INTO bad
    FROM pg_temp.ia_stix_tactics AS s
    JOIN (SELECT tactic_id, shortname FROM pg_temp.ia_stix_tactics
          UNION ALL
          SELECT t.tactic_id, t.shortname FROM @extschema@.attack_tactics AS t
           WHERE t.domain = v_domain
             AND NOT EXISTS (SELECT 1 FROM pg_temp.ia_stix_tactics AS x WHERE x.tactic_id = t.tactic_id)) AS t
      ON t.shortname = s.shortname AND t.tactic_id <> s.tactic_id
   ORDER BY s.tactic_id LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: tactics % and % of the % matrix share the shortname "%"',
                    bad.tactic_id, bad.other, v_domain, bad.shortname
      USING ERRCODE = '22023';
  END IF;

  -- techniques of the bundle
  CREATE TEMP TABLE pg_temp.ia_stix_techniques ON COMMIT DROP AS
  WITH ap AS (
    SELECT o,
           (SELECT r->>'external_id' FROM jsonb_array_elements(coalesce(o->'external_references', '[]')) AS r
             WHERE r->>'source_name' = ANY (id_sources) AND r ? 'external_id' LIMIT 1) AS tid
      FROM jsonb_array_elements(objs) AS o
     WHERE o->>'type' = 'attack-pattern'),
  successor AS (
    SELECT rel->>'source_ref' AS stix_id, min(t.tid) AS tid
      FROM jsonb_array_elements(objs) AS rel
      JOIN ap AS t ON t.o->>'id' = rel->>'target_ref'
     WHERE rel->>'type' = 'relationship' AND rel->>'relationship_type' = 'revoked-by'
       AND coalesce(rel->'revoked' = 'true', false) = false
       AND coalesce(rel->'x_mitre_deprecated' = 'true', false) = false
       AND t.tid IS NOT NULL
     GROUP BY 1)
  SELECT ap.o->>'id' AS stix_id,
         ap.tid,
         ap.o->>'name' AS name,
         coalesce((SELECT array_agg(q.tactic_id ORDER BY q.tactic_id COLLATE "C")
                     FROM (SELECT DISTINCT coalesce(st.tactic_id, t.tactic_id, '?' || (k->>'phase_name')) AS tactic_id
                             FROM jsonb_array_elements(coalesce(ap.o->'kill_chain_phases', '[]')) AS k
                             LEFT JOIN pg_temp.ia_stix_tactics AS st ON st.shortname = k->>'phase_name'
                             LEFT JOIN @extschema@.attack_tactics AS t
                                    ON t.domain = v_domain AND t.shortname = k->>'phase_name'
                            WHERE k->>'kill_chain_name' IN ('mitre-attack', 'mitre-ics-attack', 'mitre-mobile-attack')) AS q),
                  '{}') AS tactics,
         coalesce(ap.o->'x_mitre_deprecated' = 'true', false) AS deprecated,
         coalesce(ap.o->'revoked' = 'true', false) AS revoked,
         CASE WHEN coalesce(ap.o->'revoked' = 'true', false) THEN successor.tid END AS revoked_by,
         (SELECT lower(btrim(i)) FROM jsonb_array_elements_text(
                   CASE jsonb_typeof(ap.o->'x_mitre_impact_type')
                        WHEN 'array' THEN ap.o->'x_mitre_impact_type'
                        WHEN 'string' THEN jsonb_build_array(ap.o->'x_mitre_impact_type')
                        ELSE '[]' END) WITH ORDINALITY AS x(i, ord)
           WHERE lower(btrim(i)) IN ('confidentiality', 'integrity', 'availability')
           ORDER BY ord LIMIT 1) AS impact_type
    FROM ap LEFT JOIN successor ON successor.stix_id = ap.o->>'id'
   WHERE ap.tid IS NOT NULL;

  SELECT * INTO bad FROM pg_temp.ia_stix_techniques
   WHERE tid !~ '^T[0-9]{4}(\.[0-9]{3})?$' OR name = '' LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: technique "%" (%) is not a valid technique', bad.tid, bad.stix_id
      USING ERRCODE = '22023', DETAIL = 'A technique needs an id T + 4 digits (+ . + 3 digits) and a name.';
  END IF;
  SELECT tid, count(*) AS n INTO bad FROM pg_temp.ia_stix_techniques GROUP BY tid HAVING count(*) > 1 ORDER BY tid LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: technique % appears % times', bad.tid, bad.n
      USING ERRCODE = '22023';
  END IF;
  -- a technique id that attack_techniques holds only for other matrices is
  -- theirs: left out, as for tactics (the readers of classify_cia and
  -- incident_severity merge the rows of an id over all matrices)
  SELECT array_agg(s.tid ORDER BY s.tid) INTO skipped_techniques
    FROM pg_temp.ia_stix_techniques AS s
   WHERE EXISTS (SELECT 1 FROM @extschema@.attack_techniques AS t
                  WHERE t.technique = s.tid::@extschema@.attack_technique AND t.domain <> v_domain)
     AND NOT EXISTS (SELECT 1 FROM @extschema@.attack_techniques AS t
                      WHERE t.technique = s.tid::@extschema@.attack_technique AND t.domain = v_domain);
  DELETE FROM pg_temp.ia_stix_techniques WHERE tid = ANY (skipped_techniques);

  SELECT s.tid, u.t INTO bad FROM pg_temp.ia_stix_techniques AS s, unnest(s.tactics) AS u(t)
   WHERE u.t LIKE '?%' ORDER BY s.tid LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'invalid ATT&CK bundle: technique % names the kill-chain phase "%", which is no % tactic',
                    bad.tid, substr(bad.t, 2), v_domain
      USING ERRCODE = '22023';
  END IF;

  WITH src AS (
    SELECT tactic_id, shortname, name, v_domain AS domain, ordinal, deprecated FROM pg_temp.ia_stix_tactics),
  upd AS (
    UPDATE @extschema@.attack_tactics AS t
       SET shortname = s.shortname, name = s.name, ordinal = s.ordinal,
           deprecated = s.deprecated, origin = 'user'
      FROM src AS s
     WHERE t.tactic_id = s.tactic_id AND t.domain = s.domain
       AND (t.shortname, t.name, t.ordinal, t.deprecated)
           IS DISTINCT FROM (s.shortname, s.name, s.ordinal, s.deprecated)
    RETURNING t.tactic_id),
  ins AS (
    -- a new tactic's progression: that of the tactics with its shortname in
    -- the other matrices (the highest), else NULL (docs/refdata.md)
    INSERT INTO @extschema@.attack_tactics (tactic_id, shortname, name, domain, ordinal, deprecated, origin,
                                           progression)
    SELECT s.tactic_id, s.shortname, s.name, s.domain, s.ordinal, s.deprecated, 'user',
           (SELECT max(o.progression) FROM @extschema@.attack_tactics AS o
             WHERE o.shortname = s.shortname AND o.domain <> s.domain)
      FROM src AS s
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.attack_tactics AS t WHERE t.tactic_id = s.tactic_id)
    RETURNING tactic_id)
  SELECT jsonb_build_object(
           'in_bundle', (SELECT count(*) FROM src),
           'inserted', (SELECT count(*) FROM ins),
           'updated', (SELECT count(*) FROM upd),
           'unchanged', (SELECT count(*) FROM src) - (SELECT count(*) FROM ins) - (SELECT count(*) FROM upd),
           'deprecated', (SELECT count(*) FROM src WHERE deprecated))
    INTO result;
  result := jsonb_build_object('domain', v_domain, 'attack_version', v_version, 'objects', n_objects,
                               'tactics', result);

  WITH src AS (
    SELECT s.tid::@extschema@.attack_technique AS technique, v_domain AS domain, s.name, s.tactics,
           strpos(s.tid, '.') > 0 AS is_subtechnique, s.deprecated, s.revoked,
           s.revoked_by::@extschema@.attack_technique AS revoked_by, s.impact_type, v_version AS attack_version
      FROM pg_temp.ia_stix_techniques AS s),
  old AS (
    SELECT t.technique, t.revoked, t.deprecated
      FROM @extschema@.attack_techniques AS t WHERE t.domain = v_domain),
  upd AS (
    UPDATE @extschema@.attack_techniques AS t
       SET name = s.name, tactics = s.tactics, is_subtechnique = s.is_subtechnique,
           deprecated = s.deprecated, revoked = s.revoked, revoked_by = s.revoked_by,
           impact_type = s.impact_type, attack_version = s.attack_version, origin = 'user'
      FROM src AS s
     -- the extension's operator named (and revoked_by compared as text):
     -- Citus sends this UPDATE of a reference table to the workers as text,
     -- parsed there without this function's search_path
     WHERE t.technique OPERATOR(@extschema@.=) s.technique AND t.domain = s.domain
       AND (t.name, t.tactics, t.deprecated, t.revoked, t.revoked_by::text, t.impact_type, t.attack_version)
           IS DISTINCT FROM
           (s.name, s.tactics, s.deprecated, s.revoked, s.revoked_by::text, s.impact_type, s.attack_version)
    RETURNING t.technique),
  ins AS (
    INSERT INTO @extschema@.attack_techniques (technique, domain, name, tactics, is_subtechnique, deprecated,
                                              revoked, revoked_by, impact_type, attack_version, origin)
    SELECT s.technique, s.domain, s.name, s.tactics, s.is_subtechnique, s.deprecated,
           s.revoked, s.revoked_by, s.impact_type, s.attack_version, 'user'
      FROM src AS s
     WHERE NOT EXISTS (SELECT 1 FROM old WHERE old.technique = s.technique)
    RETURNING technique)
  SELECT jsonb_build_object(
           'in_bundle', (SELECT count(*) FROM src),
           'inserted', (SELECT count(*) FROM ins),
           'updated', (SELECT count(*) FROM upd),
           'unchanged', (SELECT count(*) FROM src) - (SELECT count(*) FROM ins) - (SELECT count(*) FROM upd),
           'revoked', (SELECT count(*) FROM src WHERE revoked),
           'deprecated', (SELECT count(*) FROM src WHERE deprecated),
           'newly_revoked', (SELECT count(*) FROM src JOIN old USING (technique) WHERE src.revoked AND NOT old.revoked),
           'newly_deprecated', (SELECT count(*) FROM src JOIN old USING (technique) WHERE src.deprecated AND NOT old.deprecated),
           'not_in_bundle', (SELECT count(*) FROM old WHERE NOT EXISTS (SELECT 1 FROM src WHERE src.technique = old.technique)))
    INTO tech;
  result := result || jsonb_build_object('techniques', tech);
  IF skipped_tactics IS NOT NULL OR skipped_techniques IS NOT NULL THEN
    result := result || jsonb_build_object('other_domain', jsonb_build_object(
                'tactics', to_jsonb(coalesce(skipped_tactics, '{}')),
                'techniques', to_jsonb(coalesce(skipped_techniques, '{}'))));
    RAISE WARNING 'load_attack_stix: % left out ids of other ATT&CK matrices: tactics %, techniques %',
                  v_domain, coalesce(skipped_tactics, '{}'), coalesce(skipped_techniques, '{}')
      USING DETAIL = 'An ATT&CK id belongs to one matrix; a bundle changes only the rows of its own.';
  END IF;

  DROP TABLE pg_temp.ia_stix_tactics;
  DROP TABLE pg_temp.ia_stix_techniques;
  -- the stored facts of incidents computed under the old rows (41_facts.sql);
  -- NULL for a caller who may not update incidents (reads stay right anyway)
  result := result || jsonb_build_object('incidents_refreshed',
              CASE WHEN pg_catalog.has_table_privilege(pg_catalog.format('%I.incidents', '@extschema@'), 'UPDATE')
                   THEN @extschema@.refresh_incident_facts() END);
  RETURN result;
END
$fn$;
COMMENT ON FUNCTION @extschema@.load_attack_stix(jsonb) IS
  'refresh attack_tactics and attack_techniques of one ATT&CK matrix from a STIX 2.x bundle (revoked, deprecated and successors kept; changed or new rows get origin user); returns counts per table as jsonb, and as incidents_refreshed the incidents whose stored derived facts it recomputed (refresh_incident_facts; NULL when the caller may not update incidents)';
