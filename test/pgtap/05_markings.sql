-- Object markings across the whole extension: every object is commented,
-- volatility is explicit, and every non-volatile function is parallel safe.
BEGIN;
SELECT plan(8);

CREATE TEMP VIEW ext_objects AS
SELECT classid, objid FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND e.extname = 'incident_analytics';

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p JOIN ext_objects o ON o.objid = p.oid AND o.classid = 'pg_proc'::regclass
   WHERE obj_description(p.oid, 'pg_proc') IS NULL
$$, 'every function and aggregate has a COMMENT');

SELECT is_empty($$
  SELECT c.oid::regclass::text FROM pg_class c JOIN ext_objects o ON o.objid = c.oid AND o.classid = 'pg_class'::regclass
   WHERE c.relkind IN ('r', 'v', 'm', 'p') AND obj_description(c.oid, 'pg_class') IS NULL
$$, 'every table and view has a COMMENT');

SELECT is_empty($$
  SELECT c.oid::regclass::text || '.' || a.attname FROM pg_class c
    JOIN ext_objects o ON o.objid = c.oid AND o.classid = 'pg_class'::regclass
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE c.relkind IN ('r', 'v', 'm', 'p') AND col_description(c.oid, a.attnum) IS NULL
$$, 'every column of every table and view has a COMMENT');

SELECT is_empty($$
  SELECT t.oid::regtype::text FROM pg_type t JOIN ext_objects o ON o.objid = t.oid AND o.classid = 'pg_type'::regclass
   WHERE obj_description(t.oid, 'pg_type') IS NULL
     -- an array type (a member since 1.1.0, for postgres_fdw) is described by its element type
     AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
$$, 'every type has a COMMENT');

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p JOIN ext_objects o ON o.objid = p.oid AND o.classid = 'pg_proc'::regclass
   WHERE p.provolatile <> 'v' AND p.proparallel <> 's'
$$, 'every immutable or stable function is PARALLEL SAFE');

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p JOIN ext_objects o ON o.objid = p.oid AND o.classid = 'pg_proc'::regclass
   WHERE p.prokind = 'a' AND NOT EXISTS (
     SELECT 1 FROM pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggcombinefn <> 0 AND a.aggtranstype <> 'internal'::regtype)
$$, 'every aggregate has a combine function and a SQL-typed (not internal) state');

SELECT is_empty($$
  SELECT c.oid::regclass::text FROM pg_class c JOIN ext_objects o ON o.objid = c.oid AND o.classid = 'pg_class'::regclass
   WHERE c.relkind = 'v' AND NOT coalesce(c.reloptions @> ARRAY['security_invoker=true'], false)
$$, 'every view is security_invoker');

SELECT is_empty($$
  SELECT p.oid::regprocedure::text FROM pg_proc p JOIN ext_objects o ON o.objid = p.oid AND o.classid = 'pg_proc'::regclass
   WHERE p.prosecdef AND NOT coalesce(p.proconfig::text[] && ARRAY['search_path=pg_catalog, pg_temp', 'search_path=pg_catalog,pg_temp'], false)
$$, 'every SECURITY DEFINER function pins search_path');

SELECT * FROM finish();
ROLLBACK;
