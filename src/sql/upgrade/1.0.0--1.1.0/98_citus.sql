-- 1.0.0 -> 1.1.0, scale-out on Citus (src/sql/98_citus.sql).

CREATE FUNCTION @extschema@.distribute_incidents(shard_count integer DEFAULT 32)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  s text := '@extschema@';
  t text;
  n bigint;
  coordinator boolean;
  refs text[] := ARRAY['m49_regions', 'countries', 'subdivisions', 'sectors', 'attack_tactics',
                       'attack_techniques', 'veris_attack_map', 'organisations', 'org_members'];
  made text[] := '{}';
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'citus') THEN
    RAISE EXCEPTION 'distribute_incidents needs the Citus extension, which is not installed in database %',
      pg_catalog.current_database()
      USING ERRCODE = '0A000', HINT = 'On a Citus coordinator: CREATE EXTENSION citus (before incident_analytics), add the workers, then call distribute_incidents().';
  END IF;
  IF shard_count IS NULL OR shard_count OPERATOR(pg_catalog.<) 1 OR shard_count OPERATOR(pg_catalog.>) 64000 THEN
    RAISE EXCEPTION 'invalid shard_count: %', coalesce(shard_count::text, 'NULL')
      USING ERRCODE = '22023', DETAIL = 'shard_count must be between 1 and 64000.';
  END IF;
  EXECUTE 'SELECT pg_catalog.citus_is_coordinator()' INTO STRICT coordinator;
  IF NOT coordinator THEN
    RAISE EXCEPTION 'distribute_incidents must run on the Citus coordinator'
      USING ERRCODE = '0A000';
  END IF;
  IF EXISTS (SELECT FROM pg_catalog.pg_dist_partition
              WHERE logicalrelid OPERATOR(pg_catalog.=) pg_catalog.format('%I.incidents', s)::pg_catalog.regclass) THEN
    RAISE EXCEPTION 'incidents is already distributed'
      USING ERRCODE = '22023';
  END IF;
  EXECUTE pg_catalog.format('SELECT count(*) FROM %I.incidents WHERE source_id IS NULL', s) INTO n;
  IF n OPERATOR(pg_catalog.>) 0 THEN
    RAISE EXCEPTION 'cannot distribute incidents: % row(s) have no source_id', n
      USING ERRCODE = '22023',
            DETAIL = 'source_id is the distribution column and must not be NULL.',
            HINT = 'Give them one first, for example UPDATE incidents SET source_id = ''local-'' || incident_id WHERE source_id IS NULL.';
  END IF;
  SELECT pg_catalog.string_agg(c.conrelid::pg_catalog.regclass::text, ', ') INTO t
    FROM pg_catalog.pg_constraint c
   WHERE c.contype OPERATOR(pg_catalog.=) 'f'
     AND c.confrelid OPERATOR(pg_catalog.=) pg_catalog.format('%I.incidents', s)::pg_catalog.regclass
     AND c.conrelid OPERATOR(pg_catalog.<>) c.confrelid;
  IF t IS NOT NULL THEN
    RAISE EXCEPTION 'cannot distribute incidents: tables % have foreign keys to it', t
      USING ERRCODE = '22023',
            HINT = 'Drop those foreign keys (or the tables) first; Citus needs them to contain the distribution column source_id.';
  END IF;

  -- The reference tables carry triggers (origin marks, cache invalidation)
  -- and self-referencing foreign keys.
  PERFORM pg_catalog.set_config('citus.enable_unsafe_triggers', 'on', true);
  PERFORM pg_catalog.set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
  FOREACH t IN ARRAY refs LOOP
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_dist_partition
                    WHERE logicalrelid OPERATOR(pg_catalog.=) pg_catalog.format('%I.%I', s, t)::pg_catalog.regclass) THEN
      PERFORM pg_catalog.create_reference_table(pg_catalog.format('%I.%I', s, t)::pg_catalog.regclass);
      made := made OPERATOR(pg_catalog.||) t;
    END IF;
  END LOOP;

  EXECUTE pg_catalog.format('ALTER TABLE %I.incidents DROP CONSTRAINT IF EXISTS incidents_duplicate_of_fkey', s);
  EXECUTE pg_catalog.format('ALTER TABLE %I.incidents DROP CONSTRAINT incidents_pkey', s);
  EXECUTE pg_catalog.format($$ALTER TABLE %I.incidents ALTER COLUMN source_id SET DEFAULT ('local-' OPERATOR(pg_catalog.||) pg_catalog.gen_random_uuid())$$, s);
  EXECUTE pg_catalog.format('ALTER TABLE %I.incidents ADD CONSTRAINT incidents_pkey PRIMARY KEY (source_id, incident_id)', s);
  PERFORM pg_catalog.create_distributed_table(pg_catalog.format('%I.incidents', s)::pg_catalog.regclass,
                                              'source_id', shard_count => shard_count);

  -- Settings the extension needs on every node, for new sessions: triggers
  -- of the reference tables, and the C functions that read reference tables
  -- (SPI) from inside a query on a shard.
  EXECUTE pg_catalog.format('ALTER DATABASE %I SET citus.enable_unsafe_triggers = on', pg_catalog.current_database());
  EXECUTE pg_catalog.format('ALTER DATABASE %I SET citus.allow_nested_distributed_execution = on', pg_catalog.current_database());

  RETURN pg_catalog.format('incidents distributed by source_id in %s shards; reference tables: %s',
                           shard_count, coalesce(pg_catalog.array_to_string(made, ', '), ''));
END
$fn$;
COMMENT ON FUNCTION @extschema@.distribute_incidents(integer) IS
  'on a Citus coordinator: make the reference tables Citus reference tables and hash-distribute incidents by source_id in shard_count shards (primary key becomes (source_id, incident_id), the duplicate_of foreign key is dropped, source_id gets a local-<uuid> default), and set the database settings the extension needs; 0A000 without Citus, 22023 for a bad shard_count or rows without source_id';
REVOKE EXECUTE ON FUNCTION @extschema@.distribute_incidents(integer) FROM PUBLIC;
