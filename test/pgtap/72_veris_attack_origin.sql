-- veris_attack_map keeps what users write through pg_dump: an inserted row is
-- a user row whatever origin it names, a changed shipped row becomes a user
-- row, a user row with a shipped row's key replaces that row in place.
BEGIN;
SELECT plan(5);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO veris_attack_map (capability_id, technique, domain, source, origin)
VALUES ('action.test.variety.labelled shipped', 'T1486', 'enterprise', 'local', 'shipped');
SELECT is((SELECT origin FROM veris_attack_map WHERE capability_id = 'action.test.variety.labelled shipped'), 'user',
          'a row inserted with origin shipped is stored as a user row (pg_dump keeps it)');

CREATE TEMP TABLE one AS SELECT capability_id, technique, domain FROM veris_attack_map WHERE origin = 'shipped' LIMIT 1;
UPDATE veris_attack_map v SET source = 'corrected locally'
  FROM one WHERE (v.capability_id, v.technique, v.domain) = (one.capability_id, one.technique, one.domain);
SELECT is((SELECT v.origin FROM veris_attack_map v JOIN one USING (capability_id, technique, domain)), 'user',
          'a shipped row a user changes becomes a user row');
UPDATE veris_attack_map v SET origin = 'shipped'
  FROM one WHERE (v.capability_id, v.technique, v.domain) = (one.capability_id, one.technique, one.domain);
SELECT is((SELECT v.origin FROM veris_attack_map v JOIN one USING (capability_id, technique, domain)), 'user',
          'setting origin back to shipped keeps it a user row');

CREATE TEMP TABLE two AS SELECT capability_id, technique, domain FROM veris_attack_map WHERE origin = 'shipped' LIMIT 1;
CREATE TEMP TABLE n0 AS SELECT count(*) AS n FROM veris_attack_map;
INSERT INTO veris_attack_map (capability_id, technique, domain, source)
SELECT capability_id, technique, domain, 'restored user row' FROM two;
SELECT is((SELECT count(*) FROM veris_attack_map), (SELECT n FROM n0),
          'a user row with the key of a shipped row replaces it (how a dump comes back)');
SELECT is((SELECT v.source || ' ' || v.origin FROM veris_attack_map v JOIN two USING (capability_id, technique, domain)),
          'restored user row user', 'with the user''s values');

SELECT * FROM finish();
ROLLBACK;
