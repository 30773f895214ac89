-- In-database fuzz engine for incident_analytics (driven by test/fuzz/fuzz.py).
-- Installs schema ia_fuzz into a scratch database: a random/mutational input
-- generator and a runner that calls one target function in a PL/pgSQL loop,
-- catching every error and recording its SQLSTATE.  Targets are discovered
-- from the catalog (ia_fuzz.targets()), so new functions are picked up.

CREATE SCHEMA ia_fuzz;

-- Allowed SQLSTATEs for a rejection: data exceptions (22xxx), integrity
-- violations (23xxx: a writing function refusing a row), program limits
-- (54xxx: stack depth / too long).  Everything else (XX000 internal error,
-- P0001 bare RAISE, 42xxx from dynamic SQL ...) is a finding.
CREATE FUNCTION ia_fuzz.sqlstate_ok(st text) RETURNS boolean
LANGUAGE sql IMMUTABLE
RETURN left(st, 2) IN ('22', '23', '54');

-- A random character: mostly ASCII (printable and control), sometimes any
-- Unicode scalar (UTF8 database) or any byte 1..255 (SQL_ASCII database).
CREATE FUNCTION ia_fuzz.rchar() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE r float8 := random(); cp int;
BEGIN
  IF r < 0.55 THEN RETURN chr(32 + floor(random() * 95)::int);
  ELSIF r < 0.65 THEN RETURN chr(1 + floor(random() * 31)::int);
  ELSIF r < 0.80 THEN RETURN (ARRAY[':', '/', '.', '-', ' ', 'C', 'I', 'A', 'N', 'L', 'H', 'X', 'T',
                                    '0', '9', '1', 'x', 'c', 't', E'\t', E'\n', '%', '\', '''', '"'])[1 + floor(random() * 25)::int];
  ELSIF current_setting('server_encoding') <> 'UTF8' THEN RETURN chr(128 + floor(random() * 128)::int);
  ELSE
    LOOP
      cp := CASE WHEN random() < 0.5 THEN 128 + floor(random() * 1920)::int
                 ELSE 128 + floor(random() * (1114111 - 128))::int END;
      EXIT WHEN cp < 55296 OR cp > 57343;
    END LOOP;
    RETURN chr(cp);
  END IF;
END $$;

CREATE FUNCTION ia_fuzz.rstring(maxlen int) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE n int := floor(random() * (maxlen + 1))::int; s text := '';
BEGIN
  FOR k IN 1 .. n LOOP s := s || ia_fuzz.rchar(); END LOOP;
  RETURN s;
END $$;

-- One mutation of s.
CREATE FUNCTION ia_fuzz.mutate1(s text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n int := length(s);
  p int := 1 + floor(random() * (length(s) + 1))::int;   -- 1 .. n+1
  q int;
  op int := floor(random() * 14)::int;
BEGIN
  CASE op
  WHEN 0 THEN RETURN overlay(s PLACING ia_fuzz.rchar() FROM p FOR 1);          -- flip
  WHEN 1 THEN RETURN overlay(s PLACING ia_fuzz.rstring(3) FROM p FOR 0);       -- insert
  WHEN 2 THEN RETURN overlay(s PLACING '' FROM p FOR 1 + floor(random() * 3)::int);  -- delete
  WHEN 3 THEN RETURN left(s, p - 1);                                           -- truncate
  WHEN 4 THEN q := 1 + floor(random() * (n + 1))::int;                         -- duplicate a segment
              RETURN overlay(s PLACING substr(s, least(p, q), abs(q - p) + 1) FROM p FOR 0);
  WHEN 5 THEN RETURN CASE WHEN random() < 0.5 THEN upper(s) ELSE lower(s) END;
  WHEN 6 THEN RETURN overlay(s PLACING (ARRAY['CIA:1.0/', 'C:', '/I:', '/A:', 'T', '.001', '.', '/', ':',
                                               'x', '  ', E'\t', '999999999999999999999', '-1', '+',
                                               '%s%n', '\x', '''', '\u0000', 'NaN', 'Infinity', '0x7fffffff',
                                               'C:H/I:H/A:H', 'T1566.001'])[1 + floor(random() * 24)::int]
                          FROM p FOR 0);
  WHEN 7 THEN RETURN repeat(s, 2 + floor(random() * 200)::int);               -- long
  WHEN 8 THEN RETURN ia_fuzz.rstring(40);                                      -- random
  WHEN 9 THEN RETURN repeat(' ', floor(random() * 5)::int) || s || repeat(E'\t', floor(random() * 3)::int);
  WHEN 10 THEN RETURN overlay(s PLACING repeat((ARRAY['9', '0', 'A', 'é', 'x'])[1 + floor(random() * 5)::int],
                                                20 + floor(random() * 400)::int) FROM p FOR 0);
  WHEN 11 THEN RETURN '';
  WHEN 12 THEN RETURN reverse(s);
  ELSE RETURN s || s;
  END CASE;
END $$;

-- 1 to 4 stacked mutations; now and then a huge string (up to ~1 MB).
CREATE FUNCTION ia_fuzz.mutate(s text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE k int := 1 + floor(random() * 4)::int;
BEGIN
  IF random() < 0.002 THEN
    RETURN repeat(coalesce(nullif(s, ''), 'A'), 1 + (1048576 / greatest(length(s), 1)));
  END IF;
  FOR j IN 1 .. k LOOP s := left(ia_fuzz.mutate1(s), 4194304); END LOOP;   -- at most 4M characters
  RETURN s;
END $$;

-- A junk JSON value.
CREATE FUNCTION ia_fuzz.junk_json(orig jsonb) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE r int := floor(random() * 16)::int;
BEGIN
  CASE r
  WHEN 0 THEN RETURN 'null';
  WHEN 1 THEN RETURN '""';
  WHEN 2 THEN RETURN '0';
  WHEN 3 THEN RETURN '-1';
  WHEN 4 THEN RETURN '1e308';
  WHEN 5 THEN RETURN '[]';
  WHEN 6 THEN RETURN '{}';
  WHEN 7 THEN RETURN 'true';
  WHEN 8 THEN RETURN to_jsonb(ia_fuzz.mutate(coalesce(orig #>> '{}', 'x')));
  WHEN 9 THEN RETURN to_jsonb(repeat('A', 10000 + floor(random() * 100000)::int));
  WHEN 10 THEN RETURN (repeat('[', 200) || '1' || repeat(']', 200))::jsonb;
  WHEN 11 THEN RETURN to_jsonb(ARRAY[orig, orig]);
  WHEN 12 THEN RETURN to_jsonb(99999999999999999999999999::numeric);
  WHEN 13 THEN RETURN jsonb_build_object(ia_fuzz.rstring(6), orig);
  WHEN 14 THEN RETURN to_jsonb(ia_fuzz.rstring(20));
  ELSE RETURN to_jsonb(-0.5);
  END CASE;
END $$;

-- Walks a JSON document and replaces, drops or adds members at random
-- (probability p per node).
CREATE FUNCTION ia_fuzz.mutate_json(doc jsonb, p float8) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE res jsonb; kv record; e jsonb;
BEGIN
  IF random() < p THEN RETURN ia_fuzz.junk_json(doc); END IF;
  CASE jsonb_typeof(doc)
  WHEN 'object' THEN
    res := '{}';
    FOR kv IN SELECT key, value FROM jsonb_each(doc) LOOP
      CONTINUE WHEN random() < p / 2;                       -- drop a member
      res := res || jsonb_build_object(kv.key, ia_fuzz.mutate_json(kv.value, p));
    END LOOP;
    IF random() < p THEN res := res || jsonb_build_object(ia_fuzz.rstring(8), ia_fuzz.junk_json(NULL)); END IF;
    RETURN res;
  WHEN 'array' THEN
    res := '[]';
    FOR e IN SELECT value FROM jsonb_array_elements(doc) LOOP
      CONTINUE WHEN random() < p / 2;
      res := res || jsonb_build_array(ia_fuzz.mutate_json(e, p));
    END LOOP;
    RETURN res;
  WHEN 'string' THEN
    IF random() < p THEN RETURN to_jsonb(ia_fuzz.mutate(doc #>> '{}')); END IF;
    RETURN doc;
  ELSE
    RETURN doc;
  END CASE;
END $$;

-- Seed values per argument type (valid inputs that mutation starts from).
-- target: a regex on the function signature the seed is meant for (NULL: any).
CREATE TABLE ia_fuzz.seeds (typ regtype NOT NULL, val text NOT NULL, target text);
INSERT INTO ia_fuzz.seeds (typ, val) VALUES
  ('text', ''), ('text', 'N'), ('text', 'x'), ('text', 'H'), ('text', 'C:H/I:N/A:L'), ('text', 'T1486'),
  ('text', 'Ransomware encrypted the hospital''s servers; patient records were stolen and published.'),
  ('text', 'Attacco ransomware: i server dell''ospedale cifrati, dati dei pazienti pubblicati.'),
  ('text', 'DDoS attack took the ministry website offline for two days.'),
  ('text', 'phishing e-mail led to credential theft and wire fraud'),
  ('text', 'defacement of the municipal web portal by hacktivists');

-- Fuzz targets: every type input function of the extension, and every
-- extension function with an argument of type text, varchar, cstring,
-- jsonb, json or any array.  Aggregates, window functions, procedures,
-- trigger functions and functions reading a server file are left out.
CREATE FUNCTION ia_fuzz.targets(ext_schema text DEFAULT 'incident_analytics')
RETURNS TABLE (fn regprocedure, argpos int, kind text)
LANGUAGE sql STABLE AS $$
  SELECT t.typinput::regprocedure, 1, 'typein'
    FROM pg_type t
   WHERE t.typnamespace = ext_schema::regnamespace AND t.typtype = 'b'
     AND (SELECT pronamespace FROM pg_proc WHERE oid = t.typinput) = ext_schema::regnamespace
  UNION ALL
  SELECT p.oid::regprocedure, a.pos::int,
         CASE WHEN a.typ IN ('jsonb'::regtype, 'json'::regtype) THEN 'json'
              WHEN (SELECT typcategory FROM pg_type WHERE oid = a.typ) = 'A' THEN 'array'
              ELSE 'text' END
    FROM pg_proc p
    CROSS JOIN LATERAL unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(typ, pos)
   WHERE p.pronamespace IN (ext_schema::regnamespace, (ext_schema || '_internal')::regnamespace) AND p.prokind = 'f'
     AND p.prorettype <> 'trigger'::regtype
     -- *_file functions take a server path (superuser only), not data: fuzzing
     -- them would read arbitrary server files; they have their own edge tests
     AND p.proname !~ '_file$'
     -- the Citus-only node helper refuses any input with 0A000 where Citus is
     -- absent (97_citus.sh exercises it on a real cluster)
     AND NOT (p.proname ~ '^citus_' AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus'))
     AND NOT EXISTS (SELECT FROM pg_type t WHERE t.typinput = p.oid OR t.typreceive = p.oid)
     AND (a.typ IN ('text'::regtype, 'varchar'::regtype, 'cstring'::regtype, 'jsonb'::regtype, 'json'::regtype)
          OR (SELECT typcategory FROM pg_type WHERE oid = a.typ) = 'A')
   ORDER BY 1, 2
$$;

-- A valid literal of an argument type for the arguments not being fuzzed.
CREATE FUNCTION ia_fuzz.default_literal(typ regtype) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN typ IN ('text'::regtype, 'varchar'::regtype, 'cstring'::regtype) THEN 'x'
    WHEN typ IN ('jsonb'::regtype, 'json'::regtype) THEN '{}'
    WHEN typ IN ('integer'::regtype, 'bigint'::regtype, 'smallint'::regtype, 'numeric'::regtype,
                 'double precision'::regtype, 'real'::regtype) THEN '1'
    WHEN typ = 'boolean'::regtype THEN 'false'
    WHEN typ = 'name'::regtype THEN current_user
    WHEN typ::text LIKE '%.cia' OR typ::text = 'cia' THEN 'C:H/I:N/A:L'
    WHEN typ::text LIKE '%attack_technique' THEN 'T1486'
    WHEN (SELECT typtype FROM pg_type WHERE oid = typ) = 'e'
      THEN (SELECT enumlabel FROM pg_enum WHERE enumtypid = typ ORDER BY enumsortorder LIMIT 1)
    WHEN (SELECT typcategory FROM pg_type WHERE oid = typ) = 'A' THEN '{}'
    ELSE NULL END
$$;

-- A random array literal for an array argument: valid elements, mutated
-- elements, NULLs, empty, multi-dimensional, non-1 lower bounds, huge.
CREATE FUNCTION ia_fuzz.random_array(elems text[]) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE r int := floor(random() * 8)::int; n int; out text[] := '{}'; e text;
BEGIN
  CASE r
  WHEN 0 THEN RETURN '{}';
  WHEN 1 THEN RETURN '{NULL}';
  WHEN 2 THEN e := quote_ident(elems[1 + floor(random() * cardinality(elems))::int]);
              RETURN format('{{%s,%s},{%s,NULL}}', e, e, e);
  WHEN 3 THEN e := elems[1 + floor(random() * cardinality(elems))::int];
              RETURN format('[5:6]={"%s","%s"}', e, e);
  WHEN 4 THEN n := 1000 + floor(random() * 20000)::int;
              RETURN (SELECT array_agg(elems[1 + (g % cardinality(elems))])::text FROM generate_series(1, n) g);
  ELSE
    n := floor(random() * 6)::int;
    FOR k IN 1 .. n LOOP
      e := elems[1 + floor(random() * cardinality(elems))::int];
      out := out || CASE WHEN random() < 0.15 THEN NULL WHEN random() < 0.4 THEN ia_fuzz.mutate(e) ELSE e END;
    END LOOP;
    RETURN out::text;
  END CASE;
END $$;

-- Runs n cases against one argument of one function.  Returns, per outcome
-- (ok, or the SQLSTATE), the count and up to 3 sample inputs.
CREATE FUNCTION ia_fuzz.run(fn regprocedure, argpos int, kind text, n int, seed float8,
                            budget interval DEFAULT NULL)
RETURNS TABLE (outcome text, cases bigint, expected boolean, samples text[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  argtypes oid[];
  call text;
  args text[] := '{}';
  seeds text[];
  jseeds jsonb[];
  input text;
  st text;
  res text;
  back text;
  counts jsonb := '{}';
  samp jsonb := '{}';
  eltype regtype;
  outfn regprocedure;
BEGIN
  PERFORM setseed(seed);
  SELECT array_agg(t) INTO argtypes FROM pg_proc, unnest(proargtypes::oid[]) t WHERE oid = fn;  -- 1-based
  FOR k IN 1 .. cardinality(argtypes) LOOP
    IF k = argpos THEN
      args := args || format('$1::%s', CASE WHEN kind = 'typein' THEN 'cstring' ELSE argtypes[k]::regtype::text END);
    ELSE
      args := args || format('%L::%s', ia_fuzz.default_literal(argtypes[k]::regtype), argtypes[k]::regtype);
    END IF;
  END LOOP;
  call := format('SELECT %s(%s)::text', fn::oid::regproc, array_to_string(args, ', '));
  IF kind = 'typein' THEN
    SELECT typoutput INTO outfn FROM pg_type WHERE typinput = fn;
    SELECT array_agg(val) INTO seeds FROM ia_fuzz.seeds WHERE typ = (SELECT oid FROM pg_type WHERE typinput = fn);
  ELSIF kind = 'array' THEN
    eltype := (SELECT typelem FROM pg_type WHERE oid = argtypes[argpos]);
    SELECT array_agg(val) INTO seeds FROM ia_fuzz.seeds WHERE typ = eltype;
  ELSIF kind = 'json' THEN
    SELECT array_agg(val::jsonb) INTO jseeds FROM ia_fuzz.seeds
     WHERE typ = 'jsonb'::regtype AND (target IS NULL OR fn::text ~ target);
    jseeds := coalesce(jseeds, '{}') || ARRAY['{}'::jsonb, '[]', 'null', '1', '"x"'];
  END IF;
  IF seeds IS NULL THEN SELECT array_agg(val) INTO seeds FROM ia_fuzz.seeds WHERE typ = 'text'::regtype; END IF;

  FOR i IN 1 .. n LOOP
    EXIT WHEN budget IS NOT NULL AND clock_timestamp() - now() > budget;   -- time budget per target
   BEGIN
    IF kind = 'json' THEN
      input := ia_fuzz.mutate_json(jseeds[1 + floor(random() * cardinality(jseeds))::int],
                                   (ARRAY[0.01, 0.05, 0.2, 0.6])[1 + floor(random() * 4)::int])::text;
    ELSIF kind = 'array' THEN
      input := ia_fuzz.random_array(seeds);
    ELSIF random() < 0.1 THEN
      input := seeds[1 + floor(random() * cardinality(seeds))::int];
    ELSE
      input := ia_fuzz.mutate(seeds[1 + floor(random() * cardinality(seeds))::int]);
    END IF;
   EXCEPTION WHEN OTHERS THEN
    input := NULL;   -- the generator itself hit a limit (a jsonb string over 256 MB ...)
   END;
    IF input IS NULL THEN
      counts := jsonb_set(counts, '{skip}', to_jsonb(coalesce((counts ->> 'skip')::bigint, 0) + 1));
      CONTINUE;
    END IF;
    BEGIN
      EXECUTE call INTO res USING input;
      st := 'ok';
      -- the canonical output of an accepted literal must read back equal
      IF kind = 'typein' AND res IS NOT NULL THEN
        EXECUTE format('SELECT %s(%s($1::cstring))::text', outfn::oid::regproc, fn::oid::regproc) INTO back USING res;
        IF back IS DISTINCT FROM res THEN st := 'roundtrip'; END IF;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      st := SQLSTATE;
      IF st = '22P02' AND kind IN ('array', 'json') AND SQLERRM LIKE 'malformed array literal%' THEN
        st := 'skip';   -- the generator made an invalid array literal: not our parser
      END IF;
    END;
    counts := jsonb_set(counts, ARRAY[st], to_jsonb(coalesce((counts ->> st)::bigint, 0) + 1));
    IF coalesce(jsonb_array_length(samp -> st), 0) < 3 THEN
      samp := jsonb_set(samp, ARRAY[st], coalesce(samp -> st, '[]') || to_jsonb(left(input, 200)));
    END IF;
  END LOOP;
  RETURN QUERY
    SELECT c.key, c.value::text::bigint,
           c.key IN ('ok', 'skip') OR ia_fuzz.sqlstate_ok(c.key),
           ARRAY(SELECT jsonb_array_elements_text(samp -> c.key))
      FROM jsonb_each(counts) c ORDER BY c.key;
END $$;

-- Stored values: the C functions read incidents columns, and a column value
-- in a table can be short (1-byte header), compressed in the row, out of
-- line, or out of line and compressed; literals passed as arguments are
-- never any of these.  Each case picks an array column (or summary), a
-- random set of valid elements and a storage form, stores the set once as
-- a short value (row A) and repeated many times (row B, same distinct
-- elements), and checks that every C function gives B the result it gives
-- A and that every view runs and counts both.  Outcomes: ok, mismatch (a
-- wrong value), or the SQLSTATE of an error.
CREATE FUNCTION ia_fuzz.run_stored(n int, seed float8, budget interval DEFAULT NULL)
RETURNS TABLE (outcome text, cases bigint, expected boolean, samples text[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  cols text[] := ARRAY['techniques', 'motives', 'actor_types', 'actor_countries', 'sources', 'shared_with', 'summary'];
  forms text[] := ARRAY['short', 'external', 'extended', 'main'];
  techs text[];
  col text; form text; reps int; elems text[]; short_v text; long_v text; typ text;
  a bigint; b bigint; ra jsonb; rb jsonb; st text; nviews int;
  counts jsonb := '{}';
  samp jsonb := '{}';
  probe text := $q$
    SELECT jsonb_build_object(
      'severity', incident_analytics.incident_severity(i),
      'explain', incident_analytics.incident_severity_explain(i) #- '{factors,p,techniques_counted}',
      'cia', incident_analytics.classify_cia(i.techniques)::text,
      'cia_text', incident_analytics.classify_cia(i.summary)::text,
      'rollup', incident_analytics.technique_rollup(i.techniques)::text,
      'tactics', incident_analytics.technique_tactics(i.techniques)::text,
      'sets', (SELECT jsonb_agg(DISTINCT x) FROM unnest(i.actor_types || i.motives || i.sources
                                                       || i.shared_with || i.actor_countries::text[]) x))
    FROM incident_analytics.incidents i WHERE i.incident_id = $1 $q$;
BEGIN
  PERFORM setseed(seed);
  SELECT array_agg(technique::text ORDER BY technique) INTO techs FROM incident_analytics.attack_techniques;
  techs := coalesce(techs, '{}') || ARRAY['T9999.999', 'T0001'];
  FOR i IN 1 .. n LOOP
    EXIT WHEN budget IS NOT NULL AND clock_timestamp() - now() > budget;
    col := cols[1 + floor(random() * cardinality(cols))::int];
    form := forms[1 + floor(random() * cardinality(forms))::int];
    reps := (ARRAY[1, 20, 700, 4000, 30000])[1 + floor(random() * 5)::int];
    typ := CASE col WHEN 'techniques' THEN 'incident_analytics.attack_technique[]'
                    WHEN 'actor_countries' THEN 'char(2)[]' WHEN 'summary' THEN 'text' ELSE 'text[]' END;
    elems := CASE col
      WHEN 'techniques' THEN ARRAY(SELECT techs[1 + floor(random() * cardinality(techs))::int]
                                     FROM generate_series(1, 1 + floor(random() * 6)::int))
      WHEN 'actor_types' THEN ARRAY(SELECT x FROM unnest(incident_analytics.actor_type_names()) x
                                     WHERE random() < 0.4 ORDER BY random())
      WHEN 'actor_countries' THEN ARRAY(SELECT chr(65 + floor(random() * 26)::int) || chr(65 + floor(random() * 26)::int)
                                         FROM generate_series(1, 1 + floor(random() * 4)::int))
      WHEN 'motives' THEN ARRAY(SELECT (ARRAY['espionage', 'sabotage', 'financial', 'ideology', 'grudge', 'fun'])
                                         [1 + floor(random() * 6)::int] FROM generate_series(1, 1 + floor(random() * 3)::int))
      WHEN 'summary' THEN ARRAY[(ARRAY['Ransomware encrypted the servers.', 'Data was stolen and published.',
                                       'No data was exfiltrated.', 'The website was down for two days.'])
                                [1 + floor(random() * 4)::int]]
      ELSE ARRAY(SELECT md5(random()::text) FROM generate_series(1, 1 + floor(random() * 4)::int)) END;
    IF cardinality(elems) = 0 THEN elems := ARRAY['nation_state']; END IF;
    IF col = 'summary' THEN
      short_v := elems[1];
      long_v := elems[1] || (SELECT string_agg(' ' || translate(md5(random()::text), 'abcdef', '123456') || '.', '')
                               FROM generate_series(1, reps / 10 + 1));
    ELSE
      short_v := elems::text;
      long_v := (elems || ARRAY(SELECT elems[1 + CASE WHEN random() < 0.5 THEN g % cardinality(elems)
                                                      ELSE floor(random() * cardinality(elems))::int END]
                                  FROM generate_series(1, reps) g))::text;
    END IF;
    BEGIN
      IF form <> 'short' THEN
        EXECUTE format('ALTER TABLE incident_analytics.incidents ALTER COLUMN %I SET STORAGE %s', col, form);
      END IF;
      INSERT INTO incident_analytics.incidents (source, source_id, sector, functional_impact, actor_types, motives, tlp)
        VALUES ('fuzz', 'a' || i, '62', 'significant_critical', '{nation_state}', '{espionage}', 'clear')
        RETURNING incident_id INTO a;
      INSERT INTO incident_analytics.incidents (source, source_id, sector, functional_impact, actor_types, motives, tlp)
        VALUES ('fuzz', 'b' || i, '62', 'significant_critical', '{nation_state}', '{espionage}', 'clear')
        RETURNING incident_id INTO b;
      EXECUTE format('UPDATE incident_analytics.incidents SET %I = $1::%s WHERE incident_id = $2', col, typ) USING short_v, a;
      EXECUTE format('UPDATE incident_analytics.incidents SET %I = $1::%s WHERE incident_id = $2', col, typ)
        USING CASE WHEN form = 'short' THEN short_v ELSE long_v END, b;
      EXECUTE probe INTO ra USING a;
      EXECUTE probe INTO rb USING b;
      SELECT (SELECT sum(incidents) FROM incident_analytics.incidents_by_month)
           + (SELECT count(*) FROM incident_analytics.incident_overview WHERE source = 'fuzz')
           + (SELECT count(*) FROM (SELECT * FROM incident_analytics.incidents_by_technique) t)
           + (SELECT count(*) FROM (SELECT * FROM incident_analytics.incidents_by_tactic) t)
           + (SELECT count(*) FROM (SELECT * FROM incident_analytics.incidents_by_sector) t)
           + (SELECT count(*) FROM (SELECT * FROM incident_analytics.incidents_by_region) t)
        INTO nviews;
      st := CASE WHEN ra IS DISTINCT FROM rb THEN 'mismatch' ELSE 'ok' END;
      EXECUTE format('ALTER TABLE incident_analytics.incidents ALTER COLUMN %I SET STORAGE EXTENDED', col);
      DELETE FROM incident_analytics.incidents WHERE incident_id IN (a, b);
    EXCEPTION WHEN OTHERS THEN
      st := SQLSTATE;
    END;
    counts := jsonb_set(counts, ARRAY[st], to_jsonb(coalesce((counts ->> st)::bigint, 0) + 1));
    IF coalesce(jsonb_array_length(samp -> st), 0) < 3 THEN
      samp := jsonb_set(samp, ARRAY[st], coalesce(samp -> st, '[]')
                        || to_jsonb(format('%s %s x%s %s', col, form, reps, left(short_v, 100))));
    END IF;
  END LOOP;
  RETURN QUERY
    SELECT c.key, c.value::text::bigint, c.key = 'ok',
           ARRAY(SELECT jsonb_array_elements_text(samp -> c.key))
      FROM jsonb_each(counts) c ORDER BY c.key;
END $$;
