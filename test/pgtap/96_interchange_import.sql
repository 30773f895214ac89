-- import_misp_event / import_misp_events / import_stix: who may import, what a
-- re-import changes, rejects with their reason and marking.
BEGIN;
SELECT plan(15);
SET LOCAL search_path = incident_analytics, public;

INSERT INTO organisations (org) VALUES ('mispcert');
CREATE ROLE misp_analyst LOGIN; GRANT incident_analyst TO misp_analyst;
CREATE ROLE misp_reader LOGIN;  GRANT incident_reader TO misp_reader;
INSERT INTO org_members (role_name, org) VALUES ('misp_analyst', 'mispcert');

CREATE FUNCTION pg_temp.as_role(r name, q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE res text;
BEGIN
  EXECUTE format('SET LOCAL SESSION AUTHORIZATION %I', r);
  BEGIN
    EXECUTE q INTO res;
  EXCEPTION WHEN OTHERS THEN res := 'ERROR ' || SQLSTATE;
  END;
  RESET SESSION AUTHORIZATION;
  RETURN res;
END $$;

SELECT is(pg_temp.as_role('misp_reader', $$SELECT incident_analytics.import_misp_event('{"Event": {"uuid": "11111111-2222-3333-4444-555555555555"}}')::text$$),
          'ERROR 42501', 'a reader may not import');
SELECT ok(pg_temp.as_role('misp_analyst', $$SELECT incident_analytics.import_misp_event(
  '{"Event": {"uuid": "11111111-2222-3333-4444-555555555555", "info": "Phishing wave", "date": "2025-01-10",
              "Orgc": {"name": "mispcert"}, "Tag": [{"name": "tlp:amber"}],
              "Galaxy": [{"type": "mitre-attack-pattern", "GalaxyCluster": [{"value": "Phishing - T1566"}]}]}}')::text$$) ~ '^\d+$',
   'an analyst imports a MISP event');
SELECT is((SELECT title || ' ' || tlp || ' ' || reported_by || ' ' || techniques::text FROM incidents WHERE source = 'misp'),
          'Phishing wave amber mispcert {T1566}', 'title, TLP, reporting organisation (Orgc, which the analyst acts for), techniques');
SELECT is((SELECT raw->'Event'->>'info' FROM incidents WHERE source = 'misp'), 'Phishing wave', 'the event is kept in raw');

-- re-import: only what the event states changes; a lower TLP tag is refused, not applied
SELECT matches(pg_temp.as_role('misp_analyst', $$SELECT incident_analytics.import_misp_event(
  '{"Event": {"uuid": "11111111-2222-3333-4444-555555555555", "info": "Phishing wave", "Tag": [{"name": "tlp:clear"}]}}')::text$$),
   '^ERROR 42501$', 'a re-import with a lower TLP tag is refused (42501, as for CSV)');
SELECT ok(pg_temp.as_role('misp_analyst', $$SELECT incident_analytics.import_misp_event(
  '{"Event": {"uuid": "11111111-2222-3333-4444-555555555555", "info": "Phishing wave (update)"}}')::text$$) ~ '^\d+$',
   're-import of the same uuid without TLP tag');
SELECT is((SELECT count(*)::int FROM incidents WHERE source = 'misp'), 1, 'the same incident is updated');
SELECT is((SELECT title || ' ' || tlp || ' ' || occurred_on || ' ' || techniques::text FROM incidents WHERE source = 'misp'),
          'Phishing wave (update) amber 2025-01-10 {T1566}', 'title changed; TLP, date and techniques kept');

-- batch with rejects
SELECT is(pg_temp.as_role('misp_analyst', $$SELECT loaded || ' ' || updated || ' ' || rejected FROM incident_analytics.import_misp_events(
  '{"response": [{"Event": {"uuid": "aaaaaaaa-2222-3333-4444-555555555555", "info": "New one", "Tag": [{"name": "tlp:amber"}]}},
                 {"Event": {"uuid": "not-a-uuid", "info": "Secret", "Tag": [{"name": "tlp:amber"}]}},
                 {"Event": {"uuid": "bbbbbbbb-2222-3333-4444-555555555555", "date": "2025-02-30"}}]}')$$),
   '1 0 2', 'a MISP export: good events kept, bad ones rejected');
SELECT is((SELECT array_agg(sqlstate || ' ' || reason ORDER BY position) FROM import_rejects WHERE source = 'misp'),
          ARRAY['22023 MISP event: Event.uuid "not-a-uuid" is not a UUID',
                '22008 MISP event: Event.date "2025-02-30" does not exist'], 'each reject says why, with its SQLSTATE');
SELECT is(pg_temp.as_role('misp_reader', $$SELECT count(*)::text FROM incident_analytics.import_rejects WHERE source = 'misp'$$),
          '0', 'a reader outside the organisation sees none of the rejects (one is TLP:AMBER, one unmarked)');
SELECT is(pg_temp.as_role('misp_analyst', $$SELECT count(*)::text FROM incident_analytics.import_rejects WHERE source = 'misp'$$),
          '2', 'the importer sees its rejects');
SELECT throws_ok($$SELECT * FROM incident_analytics.import_misp_events('{"foo": 1}')$$, '22023', NULL,
                 'not a MISP export: 22023');

-- STIX: a foreign incident
SELECT is((SELECT loaded FROM import_stix('{"type": "bundle", "id": "bundle--0c1a3f4e-8e1a-4b9e-9d7e-0d9c0a1e2b3c", "objects": [
  {"type": "incident", "spec_version": "2.1", "id": "incident--6a2c1c1e-5f7c-4d6e-9a51-3c6f0f1b2a10", "created": "2025-01-01T00:00:00.000Z",
   "modified": "2025-01-01T00:00:00.000Z", "name": "Wiper at a utility", "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]},
  {"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--7b3d2d2f-6a8d-4e7f-8b62-4d7a1a2c3b21", "created": "2025-01-01T00:00:00.000Z",
   "modified": "2025-01-01T00:00:00.000Z", "name": "Disk Wipe", "external_references": [{"source_name": "mitre-attack", "external_id": "T1561"}]},
  {"type": "relationship", "spec_version": "2.1", "id": "relationship--8c4e3e3a-7b9e-4f8a-9c73-5e8b2b3d4c32", "created": "2025-01-01T00:00:00.000Z",
   "modified": "2025-01-01T00:00:00.000Z", "relationship_type": "uses",
   "source_ref": "incident--6a2c1c1e-5f7c-4d6e-9a51-3c6f0f1b2a10", "target_ref": "attack-pattern--7b3d2d2f-6a8d-4e7f-8b62-4d7a1a2c3b21"}]}')),
   1::bigint, 'a STIX incident from another producer is imported');
SELECT is((SELECT title || ' ' || tlp || ' ' || techniques::text FROM incidents
            WHERE source = 'stix' AND source_id = '6a2c1c1e-5f7c-4d6e-9a51-3c6f0f1b2a10'),
          'Wiper at a utility red {T1561}', 'its name, TLP:RED marking and the technique it uses');

SELECT * FROM finish();
ROLLBACK;
