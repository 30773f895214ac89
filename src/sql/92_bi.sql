-- SQL that BI tools generate against the raw table: text comparisons and
-- LIKE on the custom types, min/max, upper/lower; the incident x technique
-- bridge view and the data dictionary (for clients that never read
-- pg_description: ODBC, Cube).  docs/interchange.md lists what works.
--
-- This fragment runs after 80_security.sql, so it grants its own privileges.

-- cia and attack_technique against text (clients such as pgJDBC and Npgsql
-- send string parameters typed text/varchar).  Each is an inlinable SQL
-- function that reads the text as the type, so a bad value raises the type's
-- own 22P02 and the comparison is the type's (C:H/I:N/A:N = c:h/i:n/a:n).
DO $ops$
DECLARE
  t   text;
  op  record;
BEGIN
  FOREACH t IN ARRAY ARRAY['cia', 'attack_technique'] LOOP
    FOR op IN SELECT * FROM (VALUES ('=', 'eq', '<>', '='), ('<>', 'ne', '=', '<>'), ('<', 'lt', '>=', '>'),
                                    ('<=', 'le', '>', '>='), ('>', 'gt', '<=', '<'), ('>=', 'ge', '<', '<='))
                              AS v(sym, nm, negator, commutator)
    LOOP
      EXECUTE pg_catalog.format(
        'CREATE FUNCTION incident_analytics_internal.%1$s_%2$s_text(a @extschema@.%1$s, b text) RETURNS boolean
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           RETURN a OPERATOR(@extschema@.%3$s) b::@extschema@.%1$s', t, op.nm, op.sym);
      EXECUTE pg_catalog.format(
        'CREATE FUNCTION incident_analytics_internal.text_%2$s_%1$s(a text, b @extschema@.%1$s) RETURNS boolean
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           RETURN a::@extschema@.%1$s OPERATOR(@extschema@.%3$s) b', t, op.nm, op.sym);
      EXECUTE pg_catalog.format(
        'COMMENT ON FUNCTION incident_analytics_internal.%1$s_%2$s_text(@extschema@.%1$s, text) IS %3$L', t, op.nm,
        pg_catalog.format('internal: %s %s text (the text read as %s)', t, op.sym, t));
      EXECUTE pg_catalog.format(
        'COMMENT ON FUNCTION incident_analytics_internal.text_%2$s_%1$s(text, @extschema@.%1$s) IS %3$L', t, op.nm,
        pg_catalog.format('internal: text %s %s (the text read as %s)', op.sym, t, t));
    END LOOP;
    -- operators after all functions exist (negator/commutator refer to each other)
    FOR op IN SELECT * FROM (VALUES ('=', 'eq', '<>', '=', 'eqsel', 'eqjoinsel'), ('<>', 'ne', '=', '<>', 'neqsel', 'neqjoinsel'),
                                    ('<', 'lt', '>=', '>', 'scalarltsel', 'scalarltjoinsel'),
                                    ('<=', 'le', '>', '>=', 'scalarlesel', 'scalarlejoinsel'),
                                    ('>', 'gt', '<=', '<', 'scalargtsel', 'scalargtjoinsel'),
                                    ('>=', 'ge', '<', '<=', 'scalargesel', 'scalargejoinsel'))
                              AS v(sym, nm, negator, commutator, rsel, jsel)
    LOOP
      EXECUTE pg_catalog.format(
        'CREATE OPERATOR @extschema@.%2$s (LEFTARG = @extschema@.%1$s, RIGHTARG = text,
           FUNCTION = incident_analytics_internal.%1$s_%3$s_text, COMMUTATOR = OPERATOR(@extschema@.%4$s),
           NEGATOR = OPERATOR(@extschema@.%5$s), RESTRICT = %6$s, JOIN = %7$s)',
        t, op.sym, op.nm, op.commutator, op.negator, op.rsel, op.jsel);
      EXECUTE pg_catalog.format(
        'CREATE OPERATOR @extschema@.%2$s (LEFTARG = text, RIGHTARG = @extschema@.%1$s,
           FUNCTION = incident_analytics_internal.text_%3$s_%1$s, COMMUTATOR = OPERATOR(@extschema@.%4$s),
           NEGATOR = OPERATOR(@extschema@.%5$s), RESTRICT = %6$s, JOIN = %7$s)',
        t, op.sym, op.nm, op.commutator, op.negator, op.rsel, op.jsel);
      EXECUTE pg_catalog.format('COMMENT ON OPERATOR @extschema@.%s (@extschema@.%s, text) IS %L', op.sym, t,
        pg_catalog.format('%s %s text: the text is read as %s (for clients that send parameters as text)', t, op.sym, t));
      EXECUTE pg_catalog.format('COMMENT ON OPERATOR @extschema@.%s (text, @extschema@.%s) IS %L', op.sym, t,
        pg_catalog.format('text %s %s: the text is read as %s (for clients that send parameters as text)', op.sym, t, t));
    END LOOP;
  END LOOP;
END
$ops$;

-- LIKE / ILIKE on the text form (cia LIKE 'C:H%', techniques LIKE '%T1486%').
DO $like$
DECLARE
  t   text;
  op  record;
BEGIN
  FOREACH t IN ARRAY ARRAY['cia', 'attack_technique', 'attack_technique[]'] LOOP
    FOR op IN SELECT * FROM (VALUES ('~~', 'like', '!~~', 'likesel', 'likejoinsel'),
                                    ('!~~', 'notlike', '~~', 'nlikesel', 'nlikejoinsel'),
                                    ('~~*', 'ilike', '!~~*', 'iclikesel', 'iclikejoinsel'),
                                    ('!~~*', 'notilike', '~~*', 'icnlikesel', 'icnlikejoinsel'))
                              AS v(sym, nm, negator, rsel, jsel)
    LOOP
      EXECUTE pg_catalog.format(
        'CREATE FUNCTION incident_analytics_internal.%1$s_%2$s(a @extschema@.%3$s, pattern text) RETURNS boolean
           LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
           RETURN a::text OPERATOR(pg_catalog.%4$s) pattern',
        pg_catalog.replace(t, '[]', 's'), op.nm, t, op.sym);
      EXECUTE pg_catalog.format(
        'COMMENT ON FUNCTION incident_analytics_internal.%1$s_%2$s(@extschema@.%3$s, text) IS %4$L',
        pg_catalog.replace(t, '[]', 's'), op.nm, t,
        pg_catalog.format('internal: %s %s pattern, on the text form', t, pg_catalog.upper(pg_catalog.replace(op.nm, 'not', 'not '))));
    END LOOP;
    FOR op IN SELECT * FROM (VALUES ('~~', 'like', '!~~', 'likesel', 'likejoinsel'),
                                    ('!~~', 'notlike', '~~', 'nlikesel', 'nlikejoinsel'),
                                    ('~~*', 'ilike', '!~~*', 'iclikesel', 'iclikejoinsel'),
                                    ('!~~*', 'notilike', '~~*', 'icnlikesel', 'icnlikejoinsel'))
                              AS v(sym, nm, negator, rsel, jsel)
    LOOP
      EXECUTE pg_catalog.format(
        'CREATE OPERATOR @extschema@.%1$s (LEFTARG = @extschema@.%2$s, RIGHTARG = text,
           FUNCTION = incident_analytics_internal.%3$s_%4$s, NEGATOR = OPERATOR(@extschema@.%5$s), RESTRICT = %6$s, JOIN = %7$s)',
        op.sym, t, pg_catalog.replace(t, '[]', 's'), op.nm, op.negator, op.rsel, op.jsel);
      EXECUTE pg_catalog.format('COMMENT ON OPERATOR @extschema@.%s (@extschema@.%s, text) IS %L', op.sym, t,
        pg_catalog.format('%s %s pattern on the text form (%s)', t,
                          pg_catalog.upper(pg_catalog.replace(op.nm, 'not', 'NOT ')),
                          CASE t WHEN 'cia' THEN 'cia LIKE ''C:H%''' WHEN 'attack_technique' THEN 'technique LIKE ''T1566%'''
                                 ELSE 'techniques LIKE ''%T1486%''' END));
    END LOOP;
  END LOOP;
END
$like$;

-- upper/lower/length of the text form, and min/max, as tools apply them to any column.
CREATE FUNCTION @extschema@.upper(v @extschema@.cia) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN pg_catalog.upper(v::text);
CREATE FUNCTION @extschema@.lower(v @extschema@.cia) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN pg_catalog.lower(v::text);
CREATE FUNCTION @extschema@.upper(v @extschema@.attack_technique) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN pg_catalog.upper(v::text);
CREATE FUNCTION @extschema@.lower(v @extschema@.attack_technique) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE RETURN pg_catalog.lower(v::text);
COMMENT ON FUNCTION @extschema@.upper(@extschema@.cia) IS 'the vector as upper-case text (C:H/I:N/A:L)';
COMMENT ON FUNCTION @extschema@.lower(@extschema@.cia) IS 'the vector as lower-case text (c:h/i:n/a:l)';
COMMENT ON FUNCTION @extschema@.upper(@extschema@.attack_technique) IS 'the technique id as upper-case text';
COMMENT ON FUNCTION @extschema@.lower(@extschema@.attack_technique) IS 'the technique id as lower-case text';

CREATE FUNCTION incident_analytics_internal.cia_smaller(a @extschema@.cia, b @extschema@.cia) RETURNS @extschema@.cia
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN a OPERATOR(@extschema@.<=) b THEN a ELSE b END;
CREATE FUNCTION incident_analytics_internal.cia_larger(a @extschema@.cia, b @extschema@.cia) RETURNS @extschema@.cia
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN a OPERATOR(@extschema@.>=) b THEN a ELSE b END;
CREATE FUNCTION incident_analytics_internal.attack_technique_smaller(a @extschema@.attack_technique, b @extschema@.attack_technique)
  RETURNS @extschema@.attack_technique
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN a OPERATOR(@extschema@.<=) b THEN a ELSE b END;
CREATE FUNCTION incident_analytics_internal.attack_technique_larger(a @extschema@.attack_technique, b @extschema@.attack_technique)
  RETURNS @extschema@.attack_technique
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN a OPERATOR(@extschema@.>=) b THEN a ELSE b END;
COMMENT ON FUNCTION incident_analytics_internal.cia_smaller(@extschema@.cia, @extschema@.cia) IS 'internal: the smaller of two vectors (transition of min(cia))';
COMMENT ON FUNCTION incident_analytics_internal.cia_larger(@extschema@.cia, @extschema@.cia) IS 'internal: the larger of two vectors (transition of max(cia))';
COMMENT ON FUNCTION incident_analytics_internal.attack_technique_smaller(@extschema@.attack_technique, @extschema@.attack_technique) IS 'internal: the smaller of two technique ids (transition of min)';
COMMENT ON FUNCTION incident_analytics_internal.attack_technique_larger(@extschema@.attack_technique, @extschema@.attack_technique) IS 'internal: the larger of two technique ids (transition of max)';

CREATE AGGREGATE @extschema@.min(@extschema@.cia) (
  SFUNC = incident_analytics_internal.cia_smaller, STYPE = @extschema@.cia, COMBINEFUNC = incident_analytics_internal.cia_smaller,
  SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.max(@extschema@.cia) (
  SFUNC = incident_analytics_internal.cia_larger, STYPE = @extschema@.cia, COMBINEFUNC = incident_analytics_internal.cia_larger,
  SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.min(@extschema@.attack_technique) (
  SFUNC = incident_analytics_internal.attack_technique_smaller, STYPE = @extschema@.attack_technique,
  COMBINEFUNC = incident_analytics_internal.attack_technique_smaller, SORTOP = OPERATOR(@extschema@.<), PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.max(@extschema@.attack_technique) (
  SFUNC = incident_analytics_internal.attack_technique_larger, STYPE = @extschema@.attack_technique,
  COMBINEFUNC = incident_analytics_internal.attack_technique_larger, SORTOP = OPERATOR(@extschema@.>), PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.cia) IS 'smallest vector in the order of the cia type (C, then I, then A; X < N < L < H)';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.cia) IS 'largest vector in the order of the cia type (C, then I, then A; X < N < L < H)';
COMMENT ON AGGREGATE @extschema@.min(@extschema@.attack_technique) IS 'smallest technique id (numeric order, parent before its sub-techniques)';
COMMENT ON AGGREGATE @extschema@.max(@extschema@.attack_technique) IS 'largest technique id (numeric order, parent before its sub-techniques)';

-- One row per incident and technique it records or is inferred to use: what
-- a drag-and-drop tool joins to incident_overview to count incidents by
-- technique x sector.  An inferred technique that is also observed appears
-- once, as observed.
--
-- One function scan per incident, no UNION (Citus pushes neither a UNION of
-- table functions nor a LIMIT subquery per row down to the shards): the
-- observed list followed by the inferred one, numbered WITH ORDINALITY, so a
-- row is observed when its position is within the observed list; an inferred
-- entry that the observed list also names is filtered out.  The name comes
-- from a join to one row per technique (enterprise first), which Citus runs
-- on each shard against the attack_techniques reference table.  The same
-- definition serves one node and Citus.
CREATE VIEW @extschema@.incident_techniques WITH (security_invoker = true) AS
SELECT i.incident_id,
       t.technique::text AS technique,
       n.name AS technique_name,
       @extschema@.technique_parent(t.technique)::text AS parent_technique,
       @extschema@.is_subtechnique(t.technique) AS is_subtechnique,
       CASE WHEN t.ord OPERATOR(pg_catalog.<=) COALESCE(pg_catalog.cardinality(i.techniques), 0)
            THEN 'observed' ELSE 'inferred' END::text AS basis,
       t.ord OPERATOR(pg_catalog.<=) COALESCE(pg_catalog.cardinality(i.techniques), 0) AS observed
  FROM @extschema@.incidents i
 CROSS JOIN LATERAL pg_catalog.unnest(COALESCE(i.techniques, '{}') OPERATOR(pg_catalog.||) COALESCE(i.inferred_techniques, '{}'))
       WITH ORDINALITY AS t(technique, ord)
  LEFT JOIN (
    SELECT DISTINCT ON (a.technique) a.technique, a.name
      FROM @extschema@.attack_techniques a
     ORDER BY a.technique, a.domain) n ON n.technique OPERATOR(@extschema@.=) t.technique
 WHERE i.duplicate_of IS NULL
   AND (t.ord OPERATOR(pg_catalog.<=) COALESCE(pg_catalog.cardinality(i.techniques), 0)
        OR NOT (t.technique OPERATOR(@extschema@.=) ANY (COALESCE(i.techniques, '{}'))));
COMMENT ON VIEW @extschema@.incident_techniques IS
  'bridge of incidents and the ATT&CK techniques they record (observed) or a precise mapping suggests (inferred), one row each, in plain types: join on incident_id to incident_overview and count(DISTINCT incident_id) by technique or parent_technique, WHERE observed to count as incidents_by_technique.incidents does';
COMMENT ON COLUMN @extschema@.incident_techniques.incident_id IS 'incident (incidents.incident_id, incident_overview.incident_id)';
COMMENT ON COLUMN @extschema@.incident_techniques.technique IS 'ATT&CK technique id as recorded (T1566.001)';
COMMENT ON COLUMN @extschema@.incident_techniques.technique_name IS 'technique name from attack_techniques (enterprise preferred); NULL when unknown';
COMMENT ON COLUMN @extschema@.incident_techniques.parent_technique IS 'parent technique id (the technique itself for a parent): group by it to count sub-techniques under their parent';
COMMENT ON COLUMN @extschema@.incident_techniques.is_subtechnique IS 'true for a sub-technique';
COMMENT ON COLUMN @extschema@.incident_techniques.basis IS 'observed: the technique is stated by the source or an analyst (incidents.techniques); inferred: only a precise mapping suggests it (incidents.inferred_techniques)';
COMMENT ON COLUMN @extschema@.incident_techniques.observed IS 'true when the technique is in incidents.techniques, false when it is only in inferred_techniques';

-- A column type's name as format_type gives it with only pg_catalog and the
-- extension's schema in the path, so that nothing a caller creates in pg_temp
-- changes it (format_type qualifies a name that is shadowed).
CREATE FUNCTION incident_analytics_internal.data_dictionary_type(typ oid, typmod integer)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
RETURN pg_catalog.format_type(typ, typmod);
COMMENT ON FUNCTION incident_analytics_internal.data_dictionary_type(oid, integer) IS
  'internal: format_type of a column type for data_dictionary, with pg_temp searched last';

-- The comments of every table and view of the extension, for clients that
-- do not read pg_description.
CREATE VIEW @extschema@.data_dictionary WITH (security_invoker = true) AS
SELECT c.relname::text AS object,
       CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'table' END AS kind,
       a.attname::text AS "column",
       a.attnum::integer AS position,
       CASE WHEN a.attnum IS NOT NULL THEN incident_analytics_internal.data_dictionary_type(a.atttypid, a.atttypmod) END AS type,
       CASE WHEN a.attnum IS NULL THEN pg_catalog.obj_description(c.oid, 'pg_class')
            ELSE pg_catalog.col_description(c.oid, a.attnum) END AS description
  FROM pg_catalog.pg_class c
  LEFT JOIN LATERAL (
    SELECT NULL::name AS attname, NULL::smallint AS attnum, NULL::oid AS atttypid, NULL::integer AS atttypmod
    UNION ALL
    SELECT x.attname, x.attnum, x.atttypid, x.atttypmod
      FROM pg_catalog.pg_attribute x
     WHERE x.attrelid OPERATOR(pg_catalog.=) c.oid AND x.attnum OPERATOR(pg_catalog.>) 0 AND NOT x.attisdropped) a ON true
 WHERE c.relnamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
   AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'v', 'm', 'p']::"char"[]);
COMMENT ON VIEW @extschema@.data_dictionary IS
  'every table and view of the extension and each of their columns with its type and description (the COMMENTs), for BI and ODBC clients that do not read pg_description; column NULL = the object itself';
COMMENT ON COLUMN @extschema@.data_dictionary.object IS 'table or view name (schema incident_analytics)';
COMMENT ON COLUMN @extschema@.data_dictionary.kind IS 'table, view or materialized view';
COMMENT ON COLUMN @extschema@.data_dictionary."column" IS 'column name; NULL on the row that describes the object itself';
COMMENT ON COLUMN @extschema@.data_dictionary.position IS 'column position (attnum); NULL on the object row';
COMMENT ON COLUMN @extschema@.data_dictionary.type IS 'SQL type of the column, e.g. text, bigint, numeric(5,1)';
COMMENT ON COLUMN @extschema@.data_dictionary.description IS 'the comment of the object or column';

GRANT SELECT ON @extschema@.incident_techniques, @extschema@.data_dictionary TO incident_reader;
GRANT EXECUTE ON FUNCTION incident_analytics_internal.data_dictionary_type(oid, integer) TO incident_reader;
