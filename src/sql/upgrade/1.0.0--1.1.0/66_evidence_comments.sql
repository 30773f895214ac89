-- 1.1.0: privileges of incidents_by_action and the evidence functions, as a
-- fresh install gives them (there 80_security.sql grants on every table and
-- function).  The view's column comments come with it (65_views.replace), the
-- shared measure-column comments from 66_view_comments.sql (a link).
GRANT SELECT ON @extschema@.incidents_by_action TO incident_reader;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON @extschema@.incidents_by_action TO incident_admin;
GRANT EXECUTE ON FUNCTION @extschema@.effective_cia(@extschema@.cia, @extschema@.attack_technique[], @extschema@.attack_technique[], text),
  @extschema@.veris_action_varieties(jsonb), @extschema@.veris_precise_actions(),
  @extschema@.veris_inferred_techniques(text[]), incident_analytics_internal.veris_action_keys(text[]) TO incident_reader;
