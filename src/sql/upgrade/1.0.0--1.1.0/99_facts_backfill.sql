-- The stored derived facts of the incidents loaded before the update
-- (35_facts.sql adds the columns, 41_facts.sql the trigger): computed last,
-- under the reference data the update leaves, by the trigger of each row.
SELECT @extschema@.refresh_incident_facts();
