-- veris_attack_map is a reference table like the others (20_reference.sql):
-- pg_dump skips its origin = 'shipped' rows, so every row a user writes must
-- be a user row whatever origin it names, a changed shipped row becomes a user
-- row, and a dumped user row with a shipped row's key replaces that row at
-- restore.  Created after the shipped rows (data/71_veris_attack.sql).
CREATE TRIGGER reference_row_replace BEFORE INSERT ON @extschema@.veris_attack_map
  FOR EACH ROW WHEN (NEW.origin <> 'shipped') EXECUTE FUNCTION @extschema@.reference_row_replace();
CREATE TRIGGER reference_row_origin BEFORE INSERT ON @extschema@.veris_attack_map
  FOR EACH ROW WHEN (NEW.origin <> 'user') EXECUTE FUNCTION @extschema@.reference_row_mark_user();
CREATE TRIGGER reference_row_mark_user BEFORE UPDATE ON @extschema@.veris_attack_map
  FOR EACH ROW WHEN (NEW.origin <> 'user' AND OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION @extschema@.reference_row_mark_user();
COMMENT ON TRIGGER reference_row_replace ON @extschema@.veris_attack_map IS 'a user row with the key of a shipped row replaces it in place';
COMMENT ON TRIGGER reference_row_origin ON @extschema@.veris_attack_map IS 'an inserted row is a user row, whatever origin it names (fires before reference_row_replace)';
COMMENT ON TRIGGER reference_row_mark_user ON @extschema@.veris_attack_map IS 'a row a user changes is a user row, whatever origin the user gave';
