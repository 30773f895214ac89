-- The private schema of the extension's internal helpers: operator support
-- functions, import and access-control machinery, format helpers.  They are
-- called by the public functions, views, operators and policies (which refer
-- to them by OID or by this schema's name), not by users, so
-- `\df incident_analytics.*` lists the public API only.  Internal functions
-- are created here directly; each COMMENT starts with "internal:".
CREATE SCHEMA incident_analytics_internal;
COMMENT ON SCHEMA incident_analytics_internal IS
  'internal helpers of the incident_analytics extension (not an API: names and signatures may change between releases)';
