-- VERIS load: import_veris_upsert (one VERIS document -> one incidents row,
-- keyed by (source, source_id), the document kept in raw) and import_veris.
-- Extraction helpers: 73_veris_extract.sql; inferred techniques and actions:
-- 72_veris_evidence.sql.

-- ---------------------------------------------------------------------------
-- import_veris
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.import_veris_upsert(doc jsonb, source text,
                                                OUT incident_id bigint, OUT inserted boolean)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, @extschema@, pg_temp
AS $$
#variable_conflict use_column
DECLARE
  sid text;
  v_country char(2);
  v_region text;
  v_subdivision text;
  v_sector text;
  v_on date;
  v_prec @extschema@.date_precision;
  v_disclosed date;
  v_summary text;
  v_title text;
  v_victim text;
  v_sources text[];
  v_actor_types text[];
  v_motives text[];
  v_actor_countries text[];
  v_cia @extschema@.cia;
  v_actions text[];
  v_inferred @extschema@.attack_technique[];
  v_info @extschema@.information_impact;
  v_leaked boolean;
  v_records bigint;
  v_rating @extschema@.loss_rating;
  v_loss numeric;
  v_outage interval;
  v_recover @extschema@.recoverability;
  v_tlp @extschema@.tlp;
  arr text[];
  x text;
  r text;
  s text;
  y bigint;
  m bigint;
  d bigint;
  kind text;
  disclosure text;
  data_vars text[];
  unit text;
  amount numeric;
  k text;
  p_summary boolean; p_victim boolean; p_place boolean; p_sector boolean; p_on boolean;
  p_disclosed boolean; p_reference boolean; p_actor boolean; p_action boolean; p_attribute boolean;
  p_conf boolean; p_duration boolean; p_rating boolean; p_amount boolean;
BEGIN
  IF doc IS NULL OR pg_catalog.jsonb_typeof(doc) <> 'object' THEN
    RAISE EXCEPTION 'invalid VERIS document: expected a JSON object, got %', coalesce(pg_catalog.jsonb_typeof(doc), 'NULL')
      USING ERRCODE = '22023';
  END IF;
  IF source IS NULL OR source = '' THEN
    RAISE EXCEPTION 'invalid import source: must not be empty' USING ERRCODE = '22023';
  END IF;

  -- key: plus.master_id, else incident_id, lower-cased
  sid := pg_catalog.lower(pg_catalog.btrim(@extschema@.veris_get_text(doc, '{plus,master_id}')));
  IF sid IS NULL OR sid = '' THEN
    sid := pg_catalog.lower(pg_catalog.btrim(@extschema@.veris_get_text(doc, '{incident_id}')));
  END IF;
  IF sid IS NULL OR sid = '' THEN
    RAISE EXCEPTION 'invalid VERIS document: neither plus.master_id nor incident_id is given'
      USING ERRCODE = '22023';
  END IF;

  -- victim country: first real code
  arr := @extschema@.veris_get_text_array(doc, '{victim,country}');
  FOREACH x IN ARRAY coalesce(arr, '{}') LOOP
    x := pg_catalog.upper(pg_catalog.btrim(x));
    CONTINUE WHEN x IN ('UNKNOWN', 'OTHER', '');
    IF x !~ '^[A-Z]{2}$' THEN
      PERFORM @extschema@.veris_enum_error('{victim,country}', x);
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.countries c WHERE c.code = x) THEN
      v_country := x;
      EXIT;
    END IF;
    RAISE WARNING 'VERIS victim.country "%" is not in the countries table; ignored', x;
  END LOOP;

  -- region only when the country is unknown: VERIS region(3) + sub-region(3)
  arr := @extschema@.veris_get_text_array(doc, '{victim,region}');
  IF v_country IS NULL THEN
    FOREACH x IN ARRAY coalesce(arr, '{}') LOOP
      x := pg_catalog.btrim(x);
      CONTINUE WHEN x IN ('000000', '000001', '');
      r := pg_catalog.left(x, 3);
      s := pg_catalog.right(x, 3);
      IF x ~ '^[0-9]{6}$'
         AND EXISTS (SELECT 1 FROM @extschema@.m49_regions g WHERE g.code = r)
         AND (s = '000' OR EXISTS (
               WITH RECURSIVE up(code, parent_code) AS (
                 SELECT g.code, g.parent_code FROM @extschema@.m49_regions g WHERE g.code = s
                 UNION ALL
                 SELECT g.code, g.parent_code FROM @extschema@.m49_regions g JOIN up ON g.code = up.parent_code)
               SELECT 1 FROM up WHERE up.parent_code = r)) THEN
        v_region := CASE WHEN s = '000' THEN r ELSE s END;
        EXIT;
      END IF;
      RAISE WARNING 'VERIS victim.region "%" is not a valid M49 region + sub-region code; ignored', x;
    END LOOP;
  END IF;

  -- subdivision from victim.state ("US-MO", "MO" or a subdivision name)
  x := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{victim,state}'));
  IF v_country IS NOT NULL AND x <> '' THEN
    SELECT sd.code INTO v_subdivision
      FROM @extschema@.subdivisions sd
     WHERE sd.code IN (pg_catalog.upper(x), v_country || '-' || pg_catalog.upper(x)) AND sd.country = v_country
     ORDER BY sd.code LIMIT 1;
    IF v_subdivision IS NULL THEN
      SELECT sd.code INTO v_subdivision
        FROM @extschema@.subdivisions sd
       WHERE sd.country = v_country AND pg_catalog.lower(sd.name) = pg_catalog.lower(x)
       ORDER BY sd.code LIMIT 1;
    END IF;
  END IF;

  -- sector
  x := @extschema@.veris_get_text(doc, '{victim,industry}');
  IF x IS NOT NULL THEN
    BEGIN
      v_sector := @extschema@.resolve_sector(x);
    EXCEPTION WHEN invalid_parameter_value THEN
      RAISE EXCEPTION 'invalid VERIS value at victim.industry: "%" is not a NAICS code', pg_catalog.left(x, 100)
        USING ERRCODE = '22023';
    END;
    IF v_sector IS NULL AND pg_catalog.btrim(x) !~ '^0*$' AND pg_catalog.btrim(x) !~ '^00' THEN
      RAISE WARNING 'VERIS victim.industry "%" has no known sector; ignored', x;
    END IF;
  END IF;

  -- timeline.incident -> occurred_on + precision
  y := @extschema@.veris_get_bigint(doc, '{timeline,incident,year}', 1970, 2100);
  m := incident_analytics_internal.veris_get_date_part(doc, '{timeline,incident,month}', 12);
  d := incident_analytics_internal.veris_get_date_part(doc, '{timeline,incident,day}', 31);
  IF y IS NOT NULL THEN
    IF m IS NOT NULL AND d IS NOT NULL THEN
      IF d > pg_catalog.date_part('day', pg_catalog.make_date(y::int, m::int, 1)
                                         + interval '1 month' - interval '1 day') THEN
        RAISE EXCEPTION 'invalid VERIS date at timeline.incident: %-%-% does not exist', y,
            pg_catalog.lpad(m::text, 2, '0'), pg_catalog.lpad(d::text, 2, '0')
          USING ERRCODE = '22008';
      END IF;
      v_on := pg_catalog.make_date(y::int, m::int, d::int);
      v_prec := 'day';
    ELSIF m IS NOT NULL THEN
      v_on := pg_catalog.make_date(y::int, m::int, 1);
      v_prec := 'month';
    ELSE
      v_on := pg_catalog.make_date(y::int, 1, 1);
      v_prec := 'year';
    END IF;
  END IF;

  -- disclosure date: VCDB plus.timeline.notification, only when the full day is valid
  BEGIN
    v_disclosed := pg_catalog.make_date((doc #>> '{plus,timeline,notification,year}')::int,
                                        (doc #>> '{plus,timeline,notification,month}')::int,
                                        (doc #>> '{plus,timeline,notification,day}')::int);
  EXCEPTION WHEN OTHERS THEN
    v_disclosed := NULL;
  END;

  -- summary, title, victim, references
  v_summary := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{summary}'), E' \t\r\n');
  IF v_summary = '' THEN v_summary := NULL; END IF;
  v_victim := pg_catalog.btrim(@extschema@.veris_get_text(doc, '{victim,victim_id}'));
  IF v_victim = '' OR pg_catalog.lower(v_victim) IN ('unknown', 'na', 'n/a') THEN v_victim := NULL; END IF;
  IF v_summary IS NOT NULL THEN
    v_title := pg_catalog.btrim(pg_catalog.split_part(v_summary, E'\n', 1));
    IF pg_catalog.strpos(v_title, '. ') BETWEEN 20 AND 120 THEN
      v_title := pg_catalog.left(v_title, pg_catalog.strpos(v_title, '. ') - 1);
    END IF;
    IF pg_catalog.length(v_title) > 120 THEN
      v_title := pg_catalog.rtrim(pg_catalog.left(v_title, 119)) || '…';
    END IF;
  END IF;
  v_title := coalesce(NULLIF(v_title, ''), v_victim);
  x := @extschema@.veris_get_text(doc, '{reference}');
  IF x IS NOT NULL THEN
    SELECT pg_catalog.array_agg(u ORDER BY n) INTO v_sources
      FROM (SELECT DISTINCT ON (u) u, n
              FROM (SELECT pg_catalog.rtrim(t, ',.') AS u, n
                      FROM pg_catalog.regexp_split_to_table(x, '[;[:space:]]+|,(?=[[:space:]]*(https?://|www\.))')
                           WITH ORDINALITY AS p(t, n)) q
             WHERE u ~* '^(https?://|ftp://|www\.)'
             ORDER BY u, n) z;
  END IF;

  -- actors
  IF doc ? 'actor' AND pg_catalog.jsonb_typeof(doc -> 'actor') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{actor}', 'an object', doc -> 'actor');
  END IF;
  v_motives := '{}';
  v_actor_countries := '{}';
  FOREACH kind IN ARRAY ARRAY['external', 'internal', 'partner'] LOOP
    CONTINUE WHEN NOT coalesce(doc -> 'actor' ? kind, false);
    IF kind = 'external' THEN
      PERFORM @extschema@.veris_check_enum(
        @extschema@.veris_get_text_array(doc, '{actor,external,variety}'),
        ARRAY['acquaintance', 'activist', 'auditor', 'competitor', 'customer', 'force majeure',
              'former employee', 'nation-state', 'organized crime', 'state-affiliated', 'terrorist',
              'unaffiliated', 'other', 'unknown'],
        '{actor,external,variety}');
    END IF;
    v_motives := v_motives || @extschema@.veris_check_enum(
      @extschema@.veris_get_text_array(doc, ARRAY['actor', kind, 'motive']),
      ARRAY['convenience', 'espionage', 'fear', 'financial', 'fun', 'grudge', 'ideology', 'na',
            'secondary', 'other', 'unknown'],
      ARRAY['actor', kind, 'motive']);
    FOREACH x IN ARRAY coalesce(@extschema@.veris_get_text_array(doc, ARRAY['actor', kind, 'country']), '{}') LOOP
      x := pg_catalog.upper(pg_catalog.btrim(x));
      CONTINUE WHEN x IN ('UNKNOWN', 'OTHER', '');
      IF x !~ '^[A-Z]{2}$' THEN
        PERFORM @extschema@.veris_enum_error(ARRAY['actor', kind, 'country'], x);
      END IF;
      v_actor_countries := v_actor_countries || x;
    END LOOP;
  END LOOP;
  v_motives := (SELECT pg_catalog.array_agg(DISTINCT mo ORDER BY mo) FROM pg_catalog.unnest(v_motives) mo
                 WHERE mo NOT IN ('unknown', 'na'));
  v_actor_countries := (SELECT pg_catalog.array_agg(DISTINCT ac ORDER BY ac) FROM pg_catalog.unnest(v_actor_countries) ac);
  IF doc ? 'action' AND pg_catalog.jsonb_typeof(doc -> 'action') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{action}', 'an object', doc -> 'action');
  END IF;
  v_actor_types := @extschema@.veris_actor_types(doc -> 'actor', coalesce(doc -> 'action', '{}'));

  -- attributes
  IF doc ? 'attribute' AND pg_catalog.jsonb_typeof(doc -> 'attribute') <> 'object' THEN
    PERFORM @extschema@.veris_type_error('{attribute}', 'an object', doc -> 'attribute');
  END IF;
  IF doc #> '{attribute,confidentiality}' IS NOT NULL THEN
    disclosure := @extschema@.veris_get_text(doc, '{attribute,confidentiality,data_disclosure}');
    PERFORM @extschema@.veris_check_enum(ARRAY[disclosure], ARRAY['yes', 'potentially', 'no', 'unknown'],
                                         '{attribute,confidentiality,data_disclosure}')
      WHERE disclosure IS NOT NULL;
    IF doc #> '{attribute,confidentiality,data}' IS NOT NULL
       AND pg_catalog.jsonb_typeof(doc #> '{attribute,confidentiality,data}') <> 'array' THEN
      PERFORM @extschema@.veris_type_error('{attribute,confidentiality,data}', 'an array',
                                           doc #> '{attribute,confidentiality,data}');
    END IF;
    data_vars := '{}';
    FOR k IN SELECT pg_catalog.generate_series(0, pg_catalog.jsonb_array_length(
                      coalesce(doc #> '{attribute,confidentiality,data}', '[]')) - 1) LOOP
      x := @extschema@.veris_get_text(doc, ARRAY['attribute', 'confidentiality', 'data', k, 'variety']);
      IF x IS NOT NULL THEN
        data_vars := data_vars || x;
      END IF;
    END LOOP;
    PERFORM @extschema@.veris_check_enum(data_vars,
      ARRAY['api key', 'bank', 'classified', 'copyrighted', 'credentials', 'digital certificate', 'internal',
            'medical', 'multi-factor credential', 'payment', 'personal', 'sensitive personal', 'secrets',
            'session key', 'source code', 'system', 'virtual currency', 'other', 'unknown'],
      '{attribute,confidentiality,data,variety}');
    v_records := @extschema@.veris_get_bigint(doc, '{attribute,confidentiality,data_total}');
    v_info := @extschema@.veris_information_impact(data_vars, disclosure);
    v_leaked := CASE pg_catalog.lower(disclosure) WHEN 'yes' THEN true WHEN 'no' THEN false END;
  END IF;
  PERFORM @extschema@.veris_check_enum(
    @extschema@.veris_get_text_array(doc, '{attribute,integrity,variety}'),
    ARRAY['alter behavior', 'created account', 'defacement', 'fraudulent transaction', 'hardware tampering',
          'log tampering', 'misappropriation', 'misrepresentation', 'modify authentication',
          'modify configuration', 'modify data', 'modify privileges', 'register mfa device', 'repurpose',
          'software installation', 'other', 'unknown'],
    '{attribute,integrity,variety}');
  PERFORM @extschema@.veris_check_enum(
    @extschema@.veris_get_text_array(doc, '{attribute,availability,variety}'),
    ARRAY['acceleration', 'degradation', 'destruction', 'interruption', 'loss', 'obscuration', 'other', 'unknown'],
    '{attribute,availability,variety}');
  unit := pg_catalog.lower(@extschema@.veris_get_text(doc, '{attribute,availability,duration,unit}'));
  PERFORM @extschema@.veris_check_enum(ARRAY[unit],
    ARRAY['seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years', 'never', 'na', 'unknown'],
    '{attribute,availability,duration,unit}') WHERE unit IS NOT NULL;
  amount := @extschema@.veris_get_number(doc, '{attribute,availability,duration,value}');
  IF unit IN ('seconds', 'minutes', 'hours', 'days', 'weeks', 'months', 'years') THEN
    -- VERIS gives the unit the duration falls in; without a value it is at least one unit
    BEGIN
      v_outage := coalesce(amount, 1) * CASE unit
        WHEN 'seconds' THEN interval '1 second' WHEN 'minutes' THEN interval '1 minute'
        WHEN 'hours' THEN interval '1 hour' WHEN 'days' THEN interval '1 day'
        WHEN 'weeks' THEN interval '7 days' WHEN 'months' THEN interval '30 days'
        ELSE interval '365 days' END;
    EXCEPTION WHEN datetime_field_overflow OR interval_field_overflow OR numeric_value_out_of_range THEN
      RAISE EXCEPTION 'invalid VERIS value at attribute.availability.duration.value: % % is out of range',
          incident_analytics_internal.veris_value_text(doc OPERATOR(pg_catalog.#>) '{attribute,availability,duration,value}'), unit
        USING ERRCODE = '22008', HINT = 'An outage duration must fit an interval (less than about 178 million years).';
    END;
  ELSIF unit = 'never' THEN
    v_recover := 'not_recoverable';
  END IF;
  v_cia := @extschema@.veris_cia(doc -> 'attribute');

  -- impact
  x := @extschema@.veris_get_text(doc, '{impact,overall_rating}');
  IF x IS NOT NULL THEN
    PERFORM @extschema@.veris_check_enum(ARRAY[x],
      ARRAY['insignificant', 'distracting', 'painful', 'damaging', 'catastrophic', 'unknown'],
      '{impact,overall_rating}');
    IF pg_catalog.lower(x) <> 'unknown' THEN
      v_rating := pg_catalog.lower(x)::@extschema@.loss_rating;
    END IF;
  END IF;
  amount := @extschema@.veris_get_number(doc, '{impact,overall_amount}');
  IF pg_catalog.upper(@extschema@.veris_get_text(doc, '{impact,iso_currency_code}')) = 'EUR' THEN
    v_loss := pg_catalog.round(amount, 2);     -- other currencies: NULL (no conversion), document keeps it
    IF v_loss OPERATOR(pg_catalog.>=) 1e16 THEN  -- loss_eur is numeric(18, 2)
      RAISE EXCEPTION 'invalid VERIS value at impact.overall_amount: % is out of range (below 1e16)',
          incident_analytics_internal.veris_value_text(doc OPERATOR(pg_catalog.#>) '{impact,overall_amount}')
        USING ERRCODE = '22003';
    END IF;
  END IF;

  -- actions: the varieties in VERIS terms, and the techniques they precisely
  -- suggest (inferred; techniques stays what a source or analyst states)
  IF pg_catalog.jsonb_typeof(doc -> 'action') = 'object' THEN
    v_actions := @extschema@.veris_action_varieties(doc -> 'action');
    v_inferred := @extschema@.veris_inferred_techniques(v_actions);
  END IF;

  v_tlp := CASE WHEN source = 'vcdb' THEN 'clear' ELSE 'amber' END;

  -- Re-import changes only the columns whose VERIS fields the document has
  -- (present, even as null or Unknown); tlp, reported_by and shared_with are
  -- never changed by VERIS; raw is merged (the new document wins key by key).
  p_summary := doc OPERATOR(pg_catalog.?) 'summary';
  p_victim := (doc OPERATOR(pg_catalog.#>) '{victim,victim_id}') IS NOT NULL;
  p_place := (doc OPERATOR(pg_catalog.#>) '{victim,country}') IS NOT NULL
             OR (doc OPERATOR(pg_catalog.#>) '{victim,region}') IS NOT NULL
             OR (doc OPERATOR(pg_catalog.#>) '{victim,state}') IS NOT NULL;
  p_sector := (doc OPERATOR(pg_catalog.#>) '{victim,industry}') IS NOT NULL;
  p_on := (doc OPERATOR(pg_catalog.#>) '{timeline,incident}') IS NOT NULL;
  p_disclosed := (doc OPERATOR(pg_catalog.#>) '{plus,timeline,notification}') IS NOT NULL;
  p_reference := doc OPERATOR(pg_catalog.?) 'reference';
  p_actor := doc OPERATOR(pg_catalog.?) 'actor';
  p_action := doc OPERATOR(pg_catalog.?) 'action';
  p_attribute := doc OPERATOR(pg_catalog.?) 'attribute';
  p_conf := (doc OPERATOR(pg_catalog.#>) '{attribute,confidentiality}') IS NOT NULL;
  p_duration := (doc OPERATOR(pg_catalog.#>) '{attribute,availability,duration}') IS NOT NULL;
  p_rating := (doc OPERATOR(pg_catalog.#>) '{impact,overall_rating}') IS NOT NULL;
  p_amount := (doc OPERATOR(pg_catalog.#>) '{impact,overall_amount}') IS NOT NULL
              OR (doc OPERATOR(pg_catalog.#>) '{impact,iso_currency_code}') IS NOT NULL;

  INSERT INTO @extschema@.incidents AS i (
      source, source_id, title, victim, summary, occurred_on, occurred_precision, disclosed_on,
      country, subdivision, region_m49, sector, cia, veris_actions, inferred_techniques, motives, actor_types,
      actor_countries, information_impact, data_leaked, records_affected, outage_duration, recoverability,
      loss_rating, loss_eur, tlp, sources, raw)
  VALUES (
      source, sid, v_title, v_victim, v_summary, v_on, v_prec, v_disclosed,
      v_country, v_subdivision, v_region, v_sector, v_cia, v_actions, v_inferred,
      NULLIF(v_motives, '{}'), NULLIF(v_actor_types, '{}'), NULLIF(v_actor_countries, '{}')::char(2)[],
      v_info, v_leaked, v_records, v_outage, v_recover,
      v_rating, v_loss, v_tlp, NULLIF(v_sources, '{}'), doc)
  ON CONFLICT (source, source_id) DO UPDATE SET
      title = CASE WHEN p_summary THEN EXCLUDED.title ELSE coalesce(i.title, EXCLUDED.title) END,
      victim = CASE WHEN p_victim THEN EXCLUDED.victim ELSE i.victim END,
      summary = CASE WHEN p_summary THEN EXCLUDED.summary ELSE i.summary END,
      occurred_on = CASE WHEN p_on THEN EXCLUDED.occurred_on ELSE i.occurred_on END,
      occurred_precision = CASE WHEN p_on THEN EXCLUDED.occurred_precision ELSE i.occurred_precision END,
      disclosed_on = CASE WHEN p_disclosed THEN EXCLUDED.disclosed_on ELSE i.disclosed_on END,
      country = CASE WHEN p_place THEN EXCLUDED.country ELSE i.country END,
      subdivision = CASE WHEN p_place THEN EXCLUDED.subdivision ELSE i.subdivision END,
      region_m49 = CASE WHEN p_place THEN EXCLUDED.region_m49 ELSE i.region_m49 END,
      sector = CASE WHEN p_sector THEN EXCLUDED.sector ELSE i.sector END,
      cia = CASE WHEN p_attribute THEN EXCLUDED.cia ELSE coalesce(i.cia, EXCLUDED.cia) END,
      veris_actions = CASE WHEN p_action THEN EXCLUDED.veris_actions ELSE i.veris_actions END,
      inferred_techniques = CASE WHEN p_action THEN EXCLUDED.inferred_techniques ELSE i.inferred_techniques END,
      motives = CASE WHEN p_actor THEN EXCLUDED.motives ELSE i.motives END,
      actor_types = CASE WHEN p_actor THEN EXCLUDED.actor_types ELSE i.actor_types END,
      actor_countries = CASE WHEN p_actor THEN EXCLUDED.actor_countries ELSE i.actor_countries END,
      information_impact = CASE WHEN p_conf THEN EXCLUDED.information_impact ELSE i.information_impact END,
      data_leaked = CASE WHEN p_conf THEN EXCLUDED.data_leaked ELSE i.data_leaked END,
      records_affected = CASE WHEN p_conf THEN EXCLUDED.records_affected ELSE i.records_affected END,
      outage_duration = CASE WHEN p_duration THEN EXCLUDED.outage_duration ELSE i.outage_duration END,
      recoverability = coalesce(EXCLUDED.recoverability, i.recoverability),
      loss_rating = CASE WHEN p_rating THEN EXCLUDED.loss_rating ELSE i.loss_rating END,
      loss_eur = CASE WHEN p_amount THEN EXCLUDED.loss_eur ELSE i.loss_eur END,
      sources = CASE WHEN p_reference THEN EXCLUDED.sources ELSE i.sources END,
      raw = incident_analytics_internal.jsonb_merge(i.raw, EXCLUDED.raw), updated_at = EXCLUDED.updated_at
  RETURNING i.incident_id, (i.xmax OPERATOR(pg_catalog.=) '0'::xid) INTO incident_id, inserted;
END
$$;
COMMENT ON FUNCTION @extschema@.import_veris_upsert(jsonb, text) IS
  'import one VERIS document under the given source, returning the incident id and whether it was new (false: an existing row was updated); the worker behind import_veris and the bulk path';

CREATE FUNCTION @extschema@.import_veris(doc jsonb, source text)
RETURNS bigint
LANGUAGE sql VOLATILE
RETURN (@extschema@.import_veris_upsert(doc, source)).incident_id;
COMMENT ON FUNCTION @extschema@.import_veris(jsonb, text) IS
  'import one VERIS 1.3-1.4 document as incidents row (source, lower(plus.master_id or incident_id)); re-import updates the same row; returns incident_id; bad types or unknown enum values of mapped fields raise 22023 naming the JSON path, impossible dates 22008';

CREATE FUNCTION @extschema@.import_veris(doc jsonb)
RETURNS bigint
LANGUAGE sql VOLATILE
RETURN (@extschema@.import_veris_upsert(doc, 'vcdb')).incident_id;
COMMENT ON FUNCTION @extschema@.import_veris(jsonb) IS
  'import one VERIS document with source vcdb (TLP:CLEAR); see import_veris(jsonb, text)';
