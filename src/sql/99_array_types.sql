-- The array type of every type the extension defines (attack_technique[],
-- cia[], the enums' and the composite result types' arrays) is a member of the
-- extension, like the type itself.  PostgreSQL creates these array types
-- implicitly and does not record them as members; postgres_fdw ships an
-- expression to a remote server only when every type in it is built in or
-- belongs to an extension listed in the server's `extensions` option, so
-- without this `techniques && '{T1486}'` would be evaluated locally after
-- fetching every row.  Runs last, in a fresh install and in the upgrade alike.
DO $array_types$
DECLARE
  t record;
BEGIN
  FOR t IN
    SELECT a.oid::pg_catalog.regtype AS arr
      FROM pg_catalog.pg_depend d
      JOIN pg_catalog.pg_type e ON e.oid OPERATOR(pg_catalog.=) d.objid
      JOIN pg_catalog.pg_type a ON a.oid OPERATOR(pg_catalog.=) e.typarray
     WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
       AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
       AND d.refobjid OPERATOR(pg_catalog.=) (SELECT x.oid FROM pg_catalog.pg_extension x
                                               WHERE x.extname OPERATOR(pg_catalog.=) 'incident_analytics')
       AND d.deptype OPERATOR(pg_catalog.=) 'e'
       AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend m
                        WHERE m.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_type'::pg_catalog.regclass
                          AND m.objid OPERATOR(pg_catalog.=) a.oid
                          AND m.deptype OPERATOR(pg_catalog.=) 'e')
     ORDER BY 1
  LOOP
    EXECUTE pg_catalog.format('ALTER EXTENSION incident_analytics ADD TYPE %s', t.arr);
  END LOOP;
END
$array_types$;
