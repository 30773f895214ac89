-- MISP core format events read into incident columns (misp_event_fields).
BEGIN;
SELECT plan(12);
SET LOCAL search_path = incident_analytics, incident_analytics_internal, public;

CREATE TEMP TABLE ev AS SELECT $j${"Event": {
  "uuid": "5E6B322A-9F80-4E2F-8EEB-AA8F70A6E0C5", "info": "Ransomware at a hospital", "date": "2024-03-04",
  "Orgc": {"name": "CIRCL"},
  "Tag": [{"name": "tlp:amber"}, {"name": "tlp:green"}, {"name": "misp-galaxy:sector=\"Health\""},
          {"name": "misp-galaxy:country=\"italy\""}],
  "Galaxy": [{"type": "mitre-attack-pattern", "GalaxyCluster": [
     {"value": "Spearphishing Attachment - T1566.001", "meta": {"external_id": ["T1566.001"]}},
     {"value": "Data Encrypted for Impact - T1486",
      "tag_name": "misp-galaxy:mitre-attack-pattern=\"Data Encrypted for Impact - T1486\""}]},
    {"type": "threat-actor", "GalaxyCluster": [{"value": "APT T9999"}]}],
  "Attribute": [{"type": "ip-dst", "value": "192.0.2.1"}]}}$j$::jsonb AS e;
CREATE TEMP TABLE f AS SELECT misp_event_fields(e) AS f FROM ev;

SELECT is((SELECT f->>'source_id' FROM f), '5e6b322a-9f80-4e2f-8eeb-aa8f70a6e0c5', 'Event.uuid is the source id, normalised');
SELECT is((SELECT f->>'title' FROM f), 'Ransomware at a hospital', 'info is the title');
SELECT is((SELECT (f->>'occurred_on') || ' ' || (f->>'occurred_precision') FROM f), '2024-03-04 day', 'date, to the day');
SELECT is((SELECT f->>'tlp' FROM f), 'amber', 'the most restrictive tlp: tag');
SELECT is((SELECT f->'techniques' FROM f), '["T1486", "T1566.001"]'::jsonb,
          'techniques from mitre-attack-pattern clusters only (external_id or the id in the value)');
SELECT is((SELECT (f->>'sector') || ' ' || (f->>'country') FROM f), '62 IT', 'sector and country galaxies');
SELECT is((SELECT f->'raw' FROM f), (SELECT e FROM ev), 'the whole event is kept in raw');
SELECT is(misp_event_fields('{"Event": {"uuid": "5e6b322a-9f80-4e2f-8eeb-aa8f70a6e0c5", "Tag": [{"name": "tlp:white"}, {"name": "tlp:amber+strict"}]}}')->>'tlp',
          'amber+strict', 'tlp:amber+strict beats tlp:white (TLP 1.0 clear)');
SELECT ok(NOT (misp_event_fields('{"Event": {"uuid": "5e6b322a-9f80-4e2f-8eeb-aa8f70a6e0c5"}}') ?| ARRAY['tlp', 'title', 'techniques', 'sector']),
          'what the event does not state is absent, not defaulted');
SELECT throws_ok($$SELECT incident_analytics_internal.misp_event_fields('{"info": "no Event wrapper"}')$$, '22023', NULL,
                 'an object without Event is 22023');
SELECT throws_ok($$SELECT incident_analytics_internal.misp_event_fields('{"Event": {"uuid": "not-a-uuid"}}')$$, '22023',
                 'MISP event: Event.uuid "not-a-uuid" is not a UUID', 'a bad uuid is 22023 naming the field');
SELECT throws_ok($$SELECT incident_analytics_internal.misp_event_fields('{"Event": {"uuid": "5e6b322a-9f80-4e2f-8eeb-aa8f70a6e0c5", "date": "2024-02-30"}}')$$,
                 '22008', 'MISP event: Event.date "2024-02-30" does not exist', 'an impossible date is 22008 naming the field');

SELECT * FROM finish();
ROLLBACK;
