-- Scale-out on Citus (docs/scaling.md): one call on a Citus coordinator turns
-- the reference tables into Citus reference tables (a copy on every node) and
-- hash-distributes incidents.  Without Citus the function only refuses.
--
-- Distribution column: source_id.  Re-importing the same (source, source_id)
-- must update the same row, and Citus enforces a unique constraint only when
-- it contains the distribution column: UNIQUE (source, source_id) does, so
-- the imports' ON CONFLICT (source, source_id) works unchanged.  What Citus
-- cannot enforce across shards changes when distributing:
--   - the primary key becomes (source_id, incident_id); source_id becomes
--     NOT NULL, with a generated 'local-<uuid>' default for incidents entered
--     without one;
--   - the foreign key duplicate_of -> incident_id is dropped (a duplicate and
--     its original live on different shards); the column stays;
--   - incident_id stays unique by giving each node's identity sequence its
--     own range: the coordinator draws from 1, worker group g from g * 2^48 + 1
--     (Citus's own worker_adjust_identity_column_seq_ranges, which Citus runs
--     itself only for tables it creates on the workers, not for an
--     extension's).
--
-- The workers create incidents from this extension's script (Citus propagates
-- CREATE EXTENSION), not from the coordinator's definition, so those changes
-- are made on every node by citus_prepare_node(): on the workers through
-- run_command_on_workers, before the coordinator distributes (separate
-- connections that commit at once; the changes are idempotent and harmless if
-- the distribution then fails).  A second call with the same shard_count
-- prepares the nodes again (a worker added since), and changes nothing else.

-- This node's part of distributing incidents (idempotent): the shell table's
-- keys and source_id default as on the coordinator, and on a worker its
-- identity range.  DDL propagation is off: each node changes only itself.
-- With bound (a JSON array of [role_name, org] pairs: the org_members rows
-- whose binding holds on the coordinator) a worker also binds its copy of
-- org_members to its own role OIDs: those rows to the OID its role of that
-- name has here, every other row to 0 (no role), as org_members_bind and
-- rebind_org_members would on one node.  create_reference_table copies the
-- coordinator's OIDs, which mean nothing on a worker.
CREATE FUNCTION incident_analytics_internal.citus_prepare_node(bound jsonb DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
  rel pg_catalog.regclass := '@extschema@.incidents'::pg_catalog.regclass;
  coordinator boolean;
  pk pg_catalog.int2[];
  want pg_catalog.int2[];
  shard text;
  n bigint;
  done text[] := '{}';
  ddl text := pg_catalog.current_setting('citus.enable_ddl_propagation', true);
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname OPERATOR(pg_catalog.=) 'citus') THEN
    RAISE EXCEPTION 'citus_prepare_node needs the Citus extension, which is not installed in database %',
      pg_catalog.current_database()
      USING ERRCODE = '0A000';
  END IF;
  EXECUTE 'SELECT pg_catalog.citus_is_coordinator()' INTO STRICT coordinator;
  PERFORM pg_catalog.set_config('citus.enable_ddl_propagation', 'off', true);
  IF EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conrelid OPERATOR(pg_catalog.=) rel
                AND conname OPERATOR(pg_catalog.=) 'incidents_duplicate_of_fkey') THEN
    ALTER TABLE @extschema@.incidents DROP CONSTRAINT incidents_duplicate_of_fkey;
    done := done OPERATOR(pg_catalog.||) 'duplicate_of foreign key dropped'::text;
  END IF;
  SELECT c.conkey INTO pk FROM pg_catalog.pg_constraint c
   WHERE c.conrelid OPERATOR(pg_catalog.=) rel AND c.contype OPERATOR(pg_catalog.=) 'p';
  SELECT pg_catalog.array_agg(a.attnum ORDER BY n.ord) INTO want
    FROM pg_catalog.unnest(ARRAY['source_id', 'incident_id']::name[]) WITH ORDINALITY AS n(attname, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) n.attname;
  IF pk IS DISTINCT FROM want THEN
    ALTER TABLE @extschema@.incidents DROP CONSTRAINT IF EXISTS incidents_pkey;
    ALTER TABLE @extschema@.incidents ADD CONSTRAINT incidents_pkey PRIMARY KEY (source_id, incident_id);
    done := done OPERATOR(pg_catalog.||) 'primary key (source_id, incident_id)'::text;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a
                     ON a.attrelid OPERATOR(pg_catalog.=) d.adrelid AND a.attnum OPERATOR(pg_catalog.=) d.adnum
                  WHERE d.adrelid OPERATOR(pg_catalog.=) rel AND a.attname OPERATOR(pg_catalog.=) 'source_id') THEN
    ALTER TABLE @extschema@.incidents ALTER COLUMN source_id
      SET DEFAULT ('local-' OPERATOR(pg_catalog.||) pg_catalog.gen_random_uuid());
    done := done OPERATOR(pg_catalog.||) 'source_id default'::text;
  END IF;
  PERFORM pg_catalog.set_config('citus.enable_ddl_propagation', ddl, true);
  IF NOT coordinator AND bound IS NOT NULL THEN
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname OPERATOR(pg_catalog.||) '_' OPERATOR(pg_catalog.||) d.shardid)
      INTO shard
      FROM pg_catalog.pg_dist_shard d
      JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) d.logicalrelid
      JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace
     WHERE d.logicalrelid OPERATOR(pg_catalog.=) '@extschema@.org_members'::pg_catalog.regclass;
    IF shard IS NOT NULL AND pg_catalog.to_regclass(shard) IS NOT NULL THEN
      PERFORM pg_catalog.set_config('citus.enable_manual_changes_to_shards', 'on', true);
      EXECUTE pg_catalog.format(
        'UPDATE %s AS m SET role_oid = b.oid
           FROM (SELECT x.role_name, x.org,
                        CASE WHEN EXISTS (SELECT FROM pg_catalog.jsonb_array_elements($1) AS e(v)
                                           WHERE e.v OPERATOR(pg_catalog.->>) 0 OPERATOR(pg_catalog.=) x.role_name::text
                                             AND e.v OPERATOR(pg_catalog.->>) 1 OPERATOR(pg_catalog.=) x.org)
                             THEN COALESCE((SELECT r.oid FROM pg_catalog.pg_roles r
                                             WHERE r.rolname OPERATOR(pg_catalog.=) x.role_name), 0)
                             ELSE 0 END AS oid
                   FROM %s AS x) AS b
          WHERE b.role_name OPERATOR(pg_catalog.=) m.role_name AND b.org OPERATOR(pg_catalog.=) m.org
            AND m.role_oid OPERATOR(pg_catalog.<>) b.oid', shard, shard) USING bound;
      GET DIAGNOSTICS n = ROW_COUNT;
      IF n OPERATOR(pg_catalog.>) 0 THEN
        done := done OPERATOR(pg_catalog.||) pg_catalog.format('%s membership(s) bound', n);
      END IF;
    END IF;
  END IF;
  IF NOT coordinator THEN
    -- Citus's function: minvalue/start g * 2^48 + 1, maxvalue (g + 1) * 2^48 + 1
    -- for worker group g; it changes (and restarts) the sequence only when
    -- the range differs, so a second call keeps the values drawn.
    EXECUTE 'SELECT pg_catalog.worker_adjust_identity_column_seq_ranges($1)' USING rel;
    done := done OPERATOR(pg_catalog.||) pg_catalog.format('identity range from %s',
              (SELECT s.seqmin FROM pg_catalog.pg_sequence s
                WHERE s.seqrelid OPERATOR(pg_catalog.=) pg_catalog.pg_get_serial_sequence(rel::text, 'incident_id')::pg_catalog.regclass));
  END IF;
  RETURN CASE WHEN coordinator THEN 'coordinator' ELSE 'worker' END OPERATOR(pg_catalog.||) ': '
         OPERATOR(pg_catalog.||) COALESCE(NULLIF(pg_catalog.array_to_string(done, ', '), ''), 'already prepared');
END
$fn$;
COMMENT ON FUNCTION incident_analytics_internal.citus_prepare_node(jsonb) IS
  'internal: this Citus node''s part of distribute_incidents (incidents keys and source_id default as on the coordinator; on a worker the identity range of its group and, given the [role_name, org] pairs bound on the coordinator, its copy of org_members bound to its own role OIDs); idempotent; 0A000 without Citus';
REVOKE EXECUTE ON FUNCTION incident_analytics_internal.citus_prepare_node(jsonb) FROM PUBLIC;

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
  nodes text;
  bad text;
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
    SELECT pg_catalog.count(*) INTO n FROM pg_catalog.pg_dist_shard
     WHERE logicalrelid OPERATOR(pg_catalog.=) pg_catalog.format('%I.incidents', s)::pg_catalog.regclass;
    IF n OPERATOR(pg_catalog.<>) shard_count THEN
      RAISE EXCEPTION 'incidents is already distributed in % shards; distribute_incidents cannot change the shard count to %', n, shard_count
        USING ERRCODE = '0A000',
              DETAIL = 'Citus''s alter_distributed_table and undistribute_table refuse tables an extension owns and tables with an identity column.',
              HINT = pg_catalog.format('Call distribute_incidents(%s) to prepare workers added since; docs/scaling.md describes how to change the shard count (citus_split_shard_by_split_points, or dump and reload).', n);
    END IF;
    SELECT pg_catalog.string_agg(r.nodename OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) r.nodeport OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) r.result, '; ' ORDER BY r.nodename, r.nodeport),
           pg_catalog.string_agg(r.nodename OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) r.nodeport OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) r.result, '; ') FILTER (WHERE NOT r.success)
      INTO nodes, bad
      FROM pg_catalog.run_command_on_workers(pg_catalog.format('SELECT incident_analytics_internal.citus_prepare_node(%L)',
             (SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(m.role_name, m.org)), '[]')
                FROM @extschema@.org_members m
                JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) m.role_oid
                                          AND r.rolname OPERATOR(pg_catalog.=) m.role_name))) r;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION 'preparing the workers failed: %', bad USING ERRCODE = '55000';
    END IF;
    RETURN pg_catalog.format('incidents is already distributed in %s shards; workers: %s', n, coalesce(nodes, 'none'));
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

  -- The workers first, on their own connections (see the top of this file).
  SELECT pg_catalog.string_agg(r.nodename OPERATOR(pg_catalog.||) ':' OPERATOR(pg_catalog.||) r.nodeport OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) r.result, '; ') FILTER (WHERE NOT r.success)
    INTO bad
    FROM pg_catalog.run_command_on_workers('SELECT incident_analytics_internal.citus_prepare_node()') r;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'preparing the workers failed: %', bad USING ERRCODE = '55000',
      HINT = 'Every worker needs incident_analytics of the same version (Citus creates it there when the node is added).';
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

  PERFORM incident_analytics_internal.citus_prepare_node();
  PERFORM pg_catalog.create_distributed_table(pg_catalog.format('%I.incidents', s)::pg_catalog.regclass,
                                              'source_id', shard_count => shard_count);

  -- Settings the extension needs on every node, for new sessions: triggers
  -- of the reference tables, and the C functions that read reference tables
  -- (SPI) from inside a query on a shard.
  EXECUTE pg_catalog.format('ALTER DATABASE %I SET citus.enable_unsafe_triggers = on', pg_catalog.current_database());
  EXECUTE pg_catalog.format('ALTER DATABASE %I SET citus.allow_nested_distributed_execution = on', pg_catalog.current_database());

  EXECUTE pg_catalog.format('SELECT count(*) FROM %I.org_members', s) INTO n;
  IF n OPERATOR(pg_catalog.>) 0 THEN
    RAISE WARNING 'org_members has % row(s), copied to the workers with the coordinator''s role OIDs', n
      USING HINT = pg_catalog.format('Call distribute_incidents(%s) again (after this transaction commits) to bind them on the workers.', shard_count);
  END IF;
  RETURN pg_catalog.format('incidents distributed by source_id in %s shards; reference tables: %s',
                           shard_count, coalesce(pg_catalog.array_to_string(made, ', '), ''));
END
$fn$;
COMMENT ON FUNCTION @extschema@.distribute_incidents(integer) IS
  'on a Citus coordinator: make the reference tables Citus reference tables and hash-distribute incidents by source_id in shard_count shards (primary key becomes (source_id, incident_id), the duplicate_of foreign key is dropped, source_id gets a local-<uuid> default, each worker''s identity sequence its own range), and set the database settings the extension needs; called again with the current shard count it prepares workers added since; 0A000 without Citus or for another shard count, 22023 for a bad shard_count or rows without source_id';
REVOKE EXECUTE ON FUNCTION @extschema@.distribute_incidents(integer) FROM PUBLIC;
