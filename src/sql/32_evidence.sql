-- Provenance of the evidence on an incident (docs/incidents.md, docs/views.md):
-- techniques holds what the source or an analyst states (observed);
-- inferred_techniques what a precise mapping suggests (import_veris writes it
-- from veris_actions, the source's own vocabulary).  effective_cia() fills
-- the unknown CIA components from that evidence, once per incident, for
-- incident_overview and the aggregation views (65_views.sql).

ALTER TABLE @extschema@.incidents
  ADD COLUMN inferred_techniques @extschema@.attack_technique[],
  ADD COLUMN veris_actions text[],
  ADD CONSTRAINT incidents_inferred_techniques_check
    CHECK (pg_catalog.cardinality(inferred_techniques) OPERATOR(pg_catalog.>) 0
           AND pg_catalog.array_position(inferred_techniques, NULL) IS NULL),
  ADD CONSTRAINT incidents_veris_actions_check
    CHECK (pg_catalog.cardinality(veris_actions) OPERATOR(pg_catalog.>) 0
           AND pg_catalog.array_position(veris_actions, NULL) IS NULL
           AND pg_catalog.array_to_string(veris_actions, E'\x01')
               OPERATOR(pg_catalog.~) '^[a-z]+\.[^\x01.][^\x01]*(\x01[a-z]+\.[^\x01.][^\x01]*)*$');
COMMENT ON COLUMN @extschema@.incidents.inferred_techniques IS
  'ATT&CK techniques a precise mapping suggests but no source states (import_veris: from veris_actions by veris_inferred_techniques); the views count them apart from techniques';
COMMENT ON COLUMN @extschema@.incidents.veris_actions IS
  'VERIS action varieties as category.Variety (malware.Ransomware, error.Misdelivery, hacking.Use of stolen creds); category.Unknown for an action category recorded without a variety';

CREATE FUNCTION @extschema@.effective_cia(
  recorded @extschema@.cia, techniques @extschema@.attack_technique[],
  inferred_techniques @extschema@.attack_technique[], summary text,
  OUT cia_effective @extschema@.cia, OUT cia_inferred @extschema@.cia, OUT cia_basis text)
  AS 'MODULE_PATHNAME', 'effective_cia'
  LANGUAGE C STABLE PARALLEL SAFE
  COST 200;
COMMENT ON FUNCTION @extschema@.effective_cia(@extschema@.cia, @extschema@.attack_technique[], @extschema@.attack_technique[], text) IS
  'effective CIA of an incident: per component the recorded level when known (not X), else classify_cia(techniques), else classify_cia(inferred_techniques), else classify_cia(summary); what none of them shows stays X (never N for lack of evidence). cia_inferred has the components that did not come from the recorded value (the others X); cia_basis names each component''s source, C:<b>/I:<b>/A:<b> with <b> recorded, observed, inferred, text or none';

-- The keys an incident counts under in incidents_by_action: each category
-- once and each category.Variety once.
CREATE FUNCTION incident_analytics_internal.veris_action_keys(actions text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
  SELECT pg_catalog.array_agg(DISTINCT k.key)
    FROM pg_catalog.unnest(actions) AS a(action)
   CROSS JOIN LATERAL (VALUES (pg_catalog.split_part(a.action, '.', 1)), (a.action)) AS k(key)
   WHERE a.action IS NOT NULL;
END;
COMMENT ON FUNCTION incident_analytics_internal.veris_action_keys(text[]) IS
  'internal: the distinct keys incidents_by_action counts an incident under, each category of veris_actions (hacking) and each action (hacking.Brute force)';
