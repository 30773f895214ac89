-- 1.0.0 -> 1.1.0, the reference-data module (src/refdata.c): the tactic ->
-- attack progression ladder, a switch in the 1.0.0 C code, is the column
-- attack_tactics.progression (src/sql/20_reference.sql), and the per-backend
-- cache also listens to changes of attack_tactics.
--
-- Every row gets the value 1.0.0 gave its tactic id, shipped and user rows
-- alike, so severities do not change; a tactic id 1.0.0 did not know keeps
-- NULL (it did not raise P then either).  Shipped rows stay shipped: the
-- trigger that turns a changed row into a user row is off for this UPDATE.
ALTER TABLE @extschema@.attack_tactics
  ADD COLUMN progression smallint CHECK (progression BETWEEN 0 AND 100);
COMMENT ON COLUMN @extschema@.attack_tactics.progression IS 'ISM-1 attack progression P (0-100) of a technique serving this tactic, the ladder of docs/severity-model.md; NULL = the tactic does not raise P';

ALTER TABLE @extschema@.attack_tactics DISABLE TRIGGER reference_row_mark_user;
UPDATE @extschema@.attack_tactics AS t
   SET progression = l.p
  FROM (VALUES
    -- Enterprise
    ('TA0043', 10), ('TA0042', 10),
    ('TA0001', 40), ('TA0002', 40), ('TA0003', 40), ('TA0005', 40), ('TA0007', 40), ('TA0011', 40),
    ('TA0006', 60), ('TA0004', 60), ('TA0008', 60),
    ('TA0009', 80), ('TA0010', 80), ('TA0040', 80),
    -- Mobile
    ('TA0027', 40), ('TA0041', 40), ('TA0028', 40), ('TA0030', 40), ('TA0032', 40), ('TA0037', 40),
    ('TA0031', 60), ('TA0029', 60), ('TA0033', 60),
    ('TA0035', 80), ('TA0036', 80), ('TA0034', 80), ('TA0038', 80), ('TA0039', 80),
    -- ICS
    ('TA0108', 40), ('TA0104', 40), ('TA0110', 40), ('TA0103', 40), ('TA0102', 40), ('TA0101', 40),
    ('TA0111', 60), ('TA0109', 60),
    ('TA0100', 80),
    ('TA0107', 90), ('TA0106', 90), ('TA0105', 90)
  ) AS l(tactic_id, p)
 WHERE t.tactic_id OPERATOR(pg_catalog.=) l.tactic_id;
ALTER TABLE @extschema@.attack_tactics ENABLE TRIGGER reference_row_mark_user;

CREATE TRIGGER reference_cache_invalidate
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.attack_tactics
  FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.reference_cache_invalidate();
COMMENT ON TRIGGER reference_cache_invalidate ON @extschema@.attack_tactics IS
  'keeps the per-backend cache of tactic progression (incident_severity) current';
