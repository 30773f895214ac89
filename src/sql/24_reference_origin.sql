-- Runs after the shipped reference data (data/21_attack.sql, 22_regions.sql,
-- 23_sectors.sql): from here on every row inserted into a reference table is
-- a user row, whatever origin the insert names, so that pg_dump (which skips
-- origin = 'shipped') keeps it.  See 20_reference.sql.

CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.attack_tactics
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.attack_techniques
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.m49_regions
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.countries
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.subdivisions
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.sectors
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();

COMMENT ON TRIGGER reference_row_origin ON @extschema@.attack_tactics IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.attack_techniques IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.m49_regions IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.countries IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.subdivisions IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.sectors IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
