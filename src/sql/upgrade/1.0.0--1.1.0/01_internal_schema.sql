-- 1.1.0 keeps its internal helpers in the private schema
-- incident_analytics_internal (src/sql/01_internal_schema.sql).  The helpers
-- 1.0.0 created in the public schema move there first, so that every later
-- fragment of this update names them in their new schema.
CREATE SCHEMA incident_analytics_internal;
COMMENT ON SCHEMA incident_analytics_internal IS
  'internal helpers of the incident_analytics extension (not an API: names and signatures may change between releases)';
DO $move$
DECLARE
  f record;
BEGIN
  FOR f IN
    SELECT p.oid::pg_catalog.regprocedure AS fn, p.prokind
      FROM pg_catalog.pg_proc p
     WHERE p.pronamespace OPERATOR(pg_catalog.=) '@extschema@'::pg_catalog.regnamespace
       AND p.proname OPERATOR(pg_catalog.=) ANY (ARRAY[
      'attack_technique_eq_text', 'attack_technique_ge_text', 'attack_technique_gt_text', 'attack_technique_ilike', 'attack_technique_larger', 'attack_technique_le_text',
      'attack_technique_like', 'attack_technique_lt_text', 'attack_technique_ne_text', 'attack_technique_notilike', 'attack_technique_notlike', 'attack_technique_smaller',
      'attack_techniques_ilike', 'attack_techniques_like', 'attack_techniques_notilike', 'attack_techniques_notlike', 'cia_eq_text', 'cia_ge_text',
      'cia_gt_text', 'cia_ilike', 'cia_larger', 'cia_le_text', 'cia_like', 'cia_lt_text',
      'cia_ne_text', 'cia_notilike', 'cia_notlike', 'cia_smaller', 'csv_row_text', 'data_dictionary_type',
      'duplicate_jaccard', 'duplicate_overlap', 'duplicate_words', 'import_caller_check', 'import_csv_marking', 'import_fields',
      'import_interchange_run', 'import_misp_fields', 'import_reject', 'import_run_unlock', 'import_staging_claim', 'import_staging_csv',
      'import_staging_delete', 'import_staging_guard', 'import_staging_left', 'import_staging_veris', 'import_veris_docs', 'import_veris_marking',
      'incident_severity_facts_coverage', 'incident_severity_facts_firm', 'jsonb_merge', 'marking_admin', 'marking_visible', 'misp_event_fields',
      'misp_sector', 'navigator_domain', 'org_members_bind', 'staged_run_alive', 'stix_id', 'stix_incident_fields',
      'stix_sectors', 'stix_timestamp', 'stix_tlp_marking', 'text_eq_attack_technique', 'text_eq_cia', 'text_ge_attack_technique',
      'text_ge_cia', 'text_gt_attack_technique', 'text_gt_cia', 'text_le_attack_technique', 'text_le_cia', 'text_lt_attack_technique',
      'text_lt_cia', 'text_ne_attack_technique', 'text_ne_cia', 'tlp_acts_for', 'tlp_admin', 'uuid_v5',
      'veris_action_keys', 'veris_get_date_part', 'veris_value_text', 'view_measures']::name[])
  LOOP
    EXECUTE pg_catalog.format('ALTER %s %s SET SCHEMA incident_analytics_internal',
                              CASE f.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, f.fn);
  END LOOP;
END
$move$;
