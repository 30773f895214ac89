-- Schema-wide objects: the module version function.
-- Every object of the extension lives in @extschema@ (incident_analytics);
-- scripts qualify names so that a hostile search_path cannot hijack them.

COMMENT ON SCHEMA @extschema@ IS
  'incident_analytics: cyber incident storage, CIA impact and ATT&CK types, ISM-1 severity scoring and aggregation views';

CREATE FUNCTION @extschema@.incident_analytics_version()
RETURNS text
AS 'MODULE_PATHNAME', 'incident_analytics_version'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.incident_analytics_version() IS
  'version of the loaded incident_analytics shared library';
