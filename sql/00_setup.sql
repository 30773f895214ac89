-- Installs the extension into the regression database; later files rely on it.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS incident_analytics;
RESET client_min_messages;
SELECT extname, extversion, nspname
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 WHERE extname = 'incident_analytics';
SELECT incident_analytics.incident_analytics_version() =
       (SELECT extversion FROM pg_extension WHERE extname = 'incident_analytics') AS library_matches_sql;
