-- Schema of the extension: it is installed in schema incident_analytics, as documented.
BEGIN;
SELECT plan(3);
SELECT has_schema('incident_analytics');
SELECT has_extension('incident_analytics');
SELECT has_table('incident_analytics', 'incidents', 'incidents table exists');
SELECT * FROM finish();
ROLLBACK;
