-- VERIS extraction: JSON access with type checks (the error names the JSON
-- path) and the small mapping helpers that turn one VERIS section into
-- incidents columns (resolve_sector, veris_actor_types, veris_cia,
-- veris_information_impact), each testable on its own.  The tables are in
-- 70_import_tables.sql; the upsert that uses these is in 74_veris_load.sql.

-- ---------------------------------------------------------------------------
-- JSON access with type checks: the error names the JSON path.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.veris_type_error(path text[], expected text, got jsonb)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'invalid VERIS value at %: expected %, got %',
      pg_catalog.array_to_string(path, '.'), expected, pg_catalog.jsonb_typeof(got)
    USING ERRCODE = '22023',
          DETAIL = pg_catalog.format('The value is %s.', pg_catalog.left(got::text, 200));
END
$$;
COMMENT ON FUNCTION @extschema@.veris_type_error(text[], text, jsonb) IS
  'raise 22023 for a VERIS value of the wrong JSON type, naming its path';

CREATE FUNCTION @extschema@.veris_enum_error(path text[], value text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
BEGIN
  RAISE EXCEPTION 'invalid VERIS value at %: "%" is not a known value',
      pg_catalog.array_to_string(path, '.'), pg_catalog.left(value, 200)
    USING ERRCODE = '22023',
          HINT = 'Use a value of the VERIS 1.3-1.4 enumerations (verisc-enum.json).';
END
$$;
COMMENT ON FUNCTION @extschema@.veris_enum_error(text[], text) IS
  'raise 22023 for a value outside the VERIS enumeration of a mapped field, naming its path';

CREATE FUNCTION incident_analytics_internal.veris_value_text(v jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE
  WHEN v IS NULL THEN 'NULL'
  WHEN pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'number'
       AND pg_catalog.length(v::text) OPERATOR(pg_catalog.>) 10 THEN
    pg_catalog.regexp_replace(pg_catalog.btrim(pg_catalog.to_char((v OPERATOR(pg_catalog.#>>) '{}')::numeric, '9.999999EEEE')),
                              '\.?0*e', 'e')
  WHEN pg_catalog.length(v::text) OPERATOR(pg_catalog.>) 100 THEN pg_catalog.left(v::text, 100) || '…'
  ELSE v::text END;
COMMENT ON FUNCTION incident_analytics_internal.veris_value_text(jsonb) IS
  'a JSON value as short text for an error message: long numbers in scientific notation (1e+300), other values cut at 100 characters';

CREATE FUNCTION @extschema@.veris_get_text(doc jsonb, path text[])
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v jsonb := doc #> path;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) <> 'string' THEN
    PERFORM @extschema@.veris_type_error(path, 'a string', v);
  END IF;
  RETURN v #>> '{}';
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_text(jsonb, text[]) IS
  'string at a JSON path; NULL when absent or null; 22023 naming the path when not a string';

CREATE FUNCTION @extschema@.veris_get_bigint(doc jsonb, path text[], min_value bigint DEFAULT 0,
                                             max_value bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v jsonb := doc #> path;
  n numeric;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) <> 'number' THEN
    PERFORM @extschema@.veris_type_error(path, 'an integer', v);
  END IF;
  n := (v #>> '{}')::numeric;
  IF n <> pg_catalog.trunc(n) OR n < min_value OR (max_value IS NOT NULL AND n > max_value)
     OR n > 9223372036854775807 THEN
    RAISE EXCEPTION 'invalid VERIS value at %: % is not an integer in the range % to %',
        pg_catalog.array_to_string(path, '.'), incident_analytics_internal.veris_value_text(v), min_value,
        coalesce(max_value::text, '2^63-1')
      USING ERRCODE = '22023';
  END IF;
  RETURN n::bigint;
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_bigint(jsonb, text[], bigint, bigint) IS
  'integer at a JSON path within [min_value, max_value]; NULL when absent; 22023 naming the path otherwise';

CREATE FUNCTION incident_analytics_internal.veris_get_date_part(doc jsonb, path text[], max_value integer)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  v jsonb := doc OPERATOR(pg_catalog.#>) path;
  n numeric;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.=) 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) OPERATOR(pg_catalog.<>) 'number' THEN
    PERFORM @extschema@.veris_type_error(path, 'an integer', v);
  END IF;
  n := (v OPERATOR(pg_catalog.#>>) '{}')::numeric;
  IF n OPERATOR(pg_catalog.<>) pg_catalog.trunc(n) OR n OPERATOR(pg_catalog.<) 1
     OR n OPERATOR(pg_catalog.>) max_value THEN
    RAISE EXCEPTION 'invalid VERIS date at %: % is out of range (1 to %)',
        pg_catalog.array_to_string(path, '.'), incident_analytics_internal.veris_value_text(v), max_value
      USING ERRCODE = '22008';
  END IF;
  RETURN n::integer;
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.veris_get_date_part(jsonb, text[], integer) IS
  'month or day at a JSON path: an integer 1 to max_value; NULL when absent; 22023 for a wrong JSON type, 22008 naming the path and value when out of range';

CREATE FUNCTION @extschema@.veris_get_number(doc jsonb, path text[])
RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v jsonb := doc #> path;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) <> 'number' OR (v #>> '{}')::numeric < 0 THEN
    PERFORM @extschema@.veris_type_error(path, 'a number >= 0', v);
  END IF;
  RETURN (v #>> '{}')::numeric;
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_number(jsonb, text[]) IS
  'non-negative number at a JSON path; NULL when absent; 22023 naming the path otherwise';

CREATE FUNCTION @extschema@.veris_get_text_array(doc jsonb, path text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v jsonb := doc #> path;
  e jsonb;
  out text[] := '{}';
  i integer := 0;
BEGIN
  IF v IS NULL OR pg_catalog.jsonb_typeof(v) = 'null' THEN
    RETURN NULL;
  ELSIF pg_catalog.jsonb_typeof(v) = 'string' THEN   -- VERIS 1.2 style scalar
    RETURN ARRAY[v #>> '{}'];
  ELSIF pg_catalog.jsonb_typeof(v) <> 'array' THEN
    PERFORM @extschema@.veris_type_error(path, 'an array of strings', v);
  END IF;
  FOR e IN SELECT x FROM pg_catalog.jsonb_array_elements(v) AS x LOOP
    IF pg_catalog.jsonb_typeof(e) <> 'string' THEN
      PERFORM @extschema@.veris_type_error(path || ('[' || i || ']'), 'a string', e);
    END IF;
    out := out || (e #>> '{}');
    i := i + 1;
  END LOOP;
  RETURN out;
END
$$;
COMMENT ON FUNCTION @extschema@.veris_get_text_array(jsonb, text[]) IS
  'array of strings at a JSON path (a lone string is taken as a one-element array); NULL when absent; 22023 naming the path otherwise';

CREATE FUNCTION @extschema@.veris_check_enum(vals text[], allowed text[], path text[])
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  v text;
BEGIN
  IF vals IS NULL THEN
    RETURN NULL;
  END IF;
  FOREACH v IN ARRAY vals LOOP
    IF NOT pg_catalog.lower(v) = ANY (allowed) THEN
      PERFORM @extschema@.veris_enum_error(path, v);
    END IF;
  END LOOP;
  RETURN (SELECT pg_catalog.array_agg(pg_catalog.lower(x)) FROM pg_catalog.unnest(vals) AS x);
END
$$;
COMMENT ON FUNCTION @extschema@.veris_check_enum(text[], text[], text[]) IS
  'lower-case the values, raising 22023 naming the path for a value not in allowed (lower-case list)';

-- ---------------------------------------------------------------------------
-- Mapping helpers
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.resolve_sector(naics text)
RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  c text := pg_catalog.btrim(naics);
  found text;
BEGIN
  IF c = '' OR c ~ '^0+$' OR c ~ '^00' THEN
    RETURN NULL;                                  -- VERIS 00 / 000: unknown
  END IF;
  IF c ~ '^[0-9]{2}-[0-9]{2}$' THEN            -- a range: itself, else its first sector
    SELECT s.code INTO found FROM @extschema@.sectors s WHERE s.code = c;
    IF found IS NOT NULL THEN
      RETURN found;
    END IF;
    c := pg_catalog.left(c, 2);
  END IF;
  IF c !~ '^[0-9]{2,6}$' THEN
    RAISE EXCEPTION 'invalid NAICS code: "%"', pg_catalog.left(naics, 100)
      USING ERRCODE = '22023',
            HINT = 'A NAICS code has 2 to 6 digits, or is one of the ranges 31-33, 44-45, 48-49.';
  END IF;
  SELECT s.code INTO found
    FROM @extschema@.sectors s
   WHERE s.code IN (pg_catalog.left(c, 6), pg_catalog.left(c, 5), pg_catalog.left(c, 4),
                    pg_catalog.left(c, 3), pg_catalog.left(c, 2))
   ORDER BY pg_catalog.length(s.code) DESC
   LIMIT 1;
  IF found IS NULL THEN
    SELECT s.code INTO found
      FROM @extschema@.sectors s
     WHERE s.code = CASE pg_catalog.left(c, 2)
                      WHEN '31' THEN '31-33' WHEN '32' THEN '31-33' WHEN '33' THEN '31-33'
                      WHEN '44' THEN '44-45' WHEN '45' THEN '44-45'
                      WHEN '48' THEN '48-49' WHEN '49' THEN '48-49' END;
  END IF;
  RETURN found;
END
$$;
COMMENT ON FUNCTION @extschema@.resolve_sector(text) IS
  'the sectors code for a NAICS code: itself if in sectors, else its longest prefix there (31/32/33, 44/45, 48/49 fall back to their range); NULL for unknown (00, 000) or a sector not in the table; 22023 for a malformed code';

CREATE FUNCTION @extschema@.veris_actor_types(actor jsonb, action jsonb)
RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  out text[] := '{}';
  kind text;
  varieties text[];
  motives text[];
  malicious boolean;
  erring boolean;
  has_error boolean := action ? 'error';
  has_misuse boolean := action ? 'misuse';
BEGIN
  IF actor IS NULL OR pg_catalog.jsonb_typeof(actor) <> 'object' THEN
    RETURN NULL;
  END IF;
  FOREACH kind IN ARRAY ARRAY['external', 'internal', 'partner'] LOOP
    CONTINUE WHEN NOT actor ? kind;
    varieties := (SELECT pg_catalog.array_agg(pg_catalog.lower(x))
                    FROM pg_catalog.jsonb_array_elements_text(
                           CASE pg_catalog.jsonb_typeof(actor -> kind -> 'variety')
                             WHEN 'array' THEN actor -> kind -> 'variety' ELSE '[]' END) AS x);
    motives := (SELECT pg_catalog.array_agg(pg_catalog.lower(x))
                  FROM pg_catalog.jsonb_array_elements_text(
                         CASE pg_catalog.jsonb_typeof(actor -> kind -> 'motive')
                           WHEN 'array' THEN actor -> kind -> 'motive' ELSE '[]' END) AS x);
    varieties := coalesce(varieties, '{}');
    motives := coalesce(motives, '{}');
    IF kind = 'external' THEN
      IF 'activist' = ANY (varieties) THEN out := out || 'hacktivist'::text; END IF;
      IF varieties && ARRAY['organized crime', 'unaffiliated', 'acquaintance', 'customer', 'former employee'] THEN
        out := out || 'criminal'::text;
      END IF;
      IF 'nation-state' = ANY (varieties) THEN out := out || 'nation_state'::text; END IF;
      IF 'state-affiliated' = ANY (varieties) THEN out := out || 'state_affiliated'::text; END IF;
      IF 'terrorist' = ANY (varieties) THEN out := out || 'terrorist'::text; END IF;
      IF 'competitor' = ANY (varieties) THEN out := out || 'competitor'::text; END IF;
      IF varieties && ARRAY['auditor', 'force majeure', 'other'] THEN out := out || 'other'::text; END IF;
      -- variety unknown or absent: a financial motive still says criminal,
      -- an ideological one hacktivist
      IF NOT varieties && ARRAY['activist', 'organized crime', 'unaffiliated', 'acquaintance', 'customer',
                                'former employee', 'nation-state', 'state-affiliated', 'terrorist',
                                'competitor', 'auditor', 'force majeure', 'other'] THEN
        IF 'financial' = ANY (motives) THEN out := out || 'criminal'::text; END IF;
        IF 'ideology' = ANY (motives) THEN out := out || 'hacktivist'::text; END IF;
      END IF;
    ELSE
      -- internal and partner: insiders with trusted access
      malicious := motives && ARRAY['financial', 'grudge', 'espionage', 'fun', 'ideology', 'secondary', 'other'];
      erring := motives && ARRAY['na', 'convenience', 'fear'];
      IF NOT malicious AND NOT erring THEN        -- motive unknown: judge by the actions
        malicious := has_misuse;
        erring := has_error;
      END IF;
      IF malicious THEN out := out || 'malicious_insider'::text; END IF;
      IF erring THEN out := out || 'insider_error'::text; END IF;
    END IF;
  END LOOP;
  RETURN (SELECT pg_catalog.array_agg(DISTINCT x ORDER BY x) FROM pg_catalog.unnest(out) AS x);
END
$$;
COMMENT ON FUNCTION @extschema@.veris_actor_types(jsonb, jsonb) IS
  'actor_types of a VERIS actor section (see docs/import.md for the table): external Activist -> hacktivist; Organized crime, Unaffiliated, Acquaintance, Customer, Former employee -> criminal; Nation-state, State-affiliated, Terrorist, Competitor -> themselves; Auditor, Force majeure, Other -> other; Unknown with Financial motive -> criminal, with Ideology -> hacktivist; internal or partner with Financial, Grudge, Espionage, Fun, Ideology, Secondary, Other -> malicious_insider, with NA, Convenience, Fear -> insider_error, motive unknown -> by action misuse / error; NULL when none';

CREATE FUNCTION @extschema@.veris_cia(attribute jsonb)
RETURNS @extschema@.cia
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
DECLARE
  c text := 'X';
  i text := 'X';
  a text := 'X';
  conf jsonb := attribute -> 'confidentiality';
  integ jsonb := attribute -> 'integrity';
  avail jsonb := attribute -> 'availability';
  disclosure text;
  sensitive boolean;
  total numeric;
  vars text[];
BEGIN
  IF pg_catalog.jsonb_typeof(conf) = 'object' THEN
    disclosure := pg_catalog.lower(conf ->> 'data_disclosure');
    sensitive := EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(
                           CASE pg_catalog.jsonb_typeof(conf -> 'data') WHEN 'array' THEN conf -> 'data' ELSE '[]' END) d
                          WHERE pg_catalog.lower(d ->> 'variety') IN
                                ('medical', 'sensitive personal', 'classified', 'secrets', 'payment', 'bank', 'credentials'));
    total := CASE pg_catalog.jsonb_typeof(conf -> 'data_total') WHEN 'number' THEN (conf ->> 'data_total')::numeric END;
    c := CASE
           WHEN disclosure = 'yes' AND (sensitive OR total >= 10000) THEN 'H'
           WHEN disclosure IN ('yes', 'potentially') THEN 'L'
           WHEN disclosure = 'no' THEN 'N'
           ELSE 'X' END;
  END IF;
  IF pg_catalog.jsonb_typeof(integ) = 'object' THEN
    vars := ARRAY(SELECT pg_catalog.lower(x) FROM pg_catalog.jsonb_array_elements_text(
                    CASE pg_catalog.jsonb_typeof(integ -> 'variety') WHEN 'array' THEN integ -> 'variety' ELSE '[]' END) x);
    i := CASE WHEN vars && ARRAY['modify data', 'fraudulent transaction', 'software installation', 'hardware tampering']
              THEN 'H' ELSE 'L' END;
  END IF;
  IF pg_catalog.jsonb_typeof(avail) = 'object' THEN
    vars := ARRAY(SELECT pg_catalog.lower(x) FROM pg_catalog.jsonb_array_elements_text(
                    CASE pg_catalog.jsonb_typeof(avail -> 'variety') WHEN 'array' THEN avail -> 'variety' ELSE '[]' END) x);
    a := CASE
           WHEN vars && ARRAY['destruction', 'loss', 'interruption', 'obscuration']
                AND pg_catalog.lower(avail #>> '{duration,unit}') IN ('seconds', 'minutes') THEN 'L'
           WHEN vars && ARRAY['destruction', 'loss', 'interruption', 'obscuration'] THEN 'H'
           ELSE 'L' END;
  END IF;
  RETURN @extschema@.cia(c, i, a);
END
$$;
COMMENT ON FUNCTION @extschema@.veris_cia(jsonb) IS
  'cia of a VERIS attribute section by the VERIS rules of docs/classify.md: C:H for disclosure Yes with a sensitive variety or data_total >= 10000, C:L other Yes/Potentially, C:N No, X Unknown; I:H for Modify data, Fraudulent transaction, Software installation, Hardware tampering, else I:L; A:H for Destruction, Loss, Interruption, Obscuration (A:L when lasting seconds or minutes), else A:L; an absent section is X';

CREATE FUNCTION @extschema@.veris_information_impact(data_varieties text[], disclosure text)
RETURNS @extschema@.information_impact
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(
  (SELECT pg_catalog.max(CASE pg_catalog.lower(v)
            WHEN 'medical' THEN 'medical_sensitive'
            WHEN 'sensitive personal' THEN 'medical_sensitive'
            WHEN 'payment' THEN 'payment_credentials'
            WHEN 'bank' THEN 'payment_credentials'
            WHEN 'credentials' THEN 'payment_credentials'
            WHEN 'api key' THEN 'payment_credentials'
            WHEN 'session key' THEN 'payment_credentials'
            WHEN 'multi-factor credential' THEN 'payment_credentials'
            WHEN 'virtual currency' THEN 'payment_credentials'
            WHEN 'internal' THEN 'internal_secrets'
            WHEN 'secrets' THEN 'internal_secrets'
            WHEN 'system' THEN 'internal_secrets'
            WHEN 'source code' THEN 'internal_secrets'
            WHEN 'copyrighted' THEN 'internal_secrets'
            WHEN 'digital certificate' THEN 'internal_secrets'
            WHEN 'classified' THEN 'classified'
            WHEN 'personal' THEN 'personal'
          END::@extschema@.information_impact)
     FROM pg_catalog.unnest(data_varieties) AS v),
  CASE pg_catalog.lower(disclosure)
    WHEN 'no' THEN 'none'::@extschema@.information_impact
    WHEN 'potentially' THEN 'suspected'::@extschema@.information_impact
  END);
COMMENT ON FUNCTION @extschema@.veris_information_impact(text[], text) IS
  'ISM-1 information type from VERIS data varieties (most severe wins): Medical, Sensitive Personal -> medical_sensitive; Payment, Bank, Credentials, API key, Session key, Multi-factor credential, Virtual currency -> payment_credentials; Internal, Secrets, System, Source code, Copyrighted, Digital certificate -> internal_secrets; Classified -> classified; Personal -> personal; no such variety: disclosure No -> none, Potentially -> suspected, else NULL';

CREATE FUNCTION incident_analytics_internal.jsonb_merge(old jsonb, new jsonb)
RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
  IF old IS NULL OR new IS NULL
     OR pg_catalog.jsonb_typeof(old) OPERATOR(pg_catalog.<>) 'object'
     OR pg_catalog.jsonb_typeof(new) OPERATOR(pg_catalog.<>) 'object' THEN
    RETURN coalesce(new, old);
  END IF;
  RETURN (SELECT pg_catalog.jsonb_object_agg(coalesce(n.key, o.key),
                   CASE WHEN n.key IS NULL THEN o.value WHEN o.key IS NULL THEN n.value
                        ELSE incident_analytics_internal.jsonb_merge(o.value, n.value) END)
            FROM pg_catalog.jsonb_each(old) o FULL JOIN pg_catalog.jsonb_each(new) n
                 ON n.key OPERATOR(pg_catalog.=) o.key);
END
$$;
COMMENT ON FUNCTION incident_analytics_internal.jsonb_merge(jsonb, jsonb) IS
  'deep merge of two JSON objects: keys of new win, objects present in both are merged, keys only in old are kept; a non-object replaces (the raw document of a VERIS re-import)';
