-- Type attack_technique: a MITRE ATT&CK technique id (src/technique.c).

CREATE TYPE @extschema@.attack_technique;

CREATE FUNCTION @extschema@.attack_technique_in(cstring) RETURNS @extschema@.attack_technique
  AS 'MODULE_PATHNAME', 'attack_technique_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.attack_technique_out(@extschema@.attack_technique) RETURNS cstring
  AS 'MODULE_PATHNAME', 'attack_technique_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.attack_technique_recv(internal) RETURNS @extschema@.attack_technique
  AS 'MODULE_PATHNAME', 'attack_technique_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.attack_technique_send(@extschema@.attack_technique) RETURNS bytea
  AS 'MODULE_PATHNAME', 'attack_technique_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.attack_technique (
  INPUT = @extschema@.attack_technique_in,
  OUTPUT = @extschema@.attack_technique_out,
  RECEIVE = @extschema@.attack_technique_recv,
  SEND = @extschema@.attack_technique_send,
  INTERNALLENGTH = 4,
  PASSEDBYVALUE,
  ALIGNMENT = int4,
  STORAGE = plain
);
COMMENT ON TYPE @extschema@.attack_technique IS
  'MITRE ATT&CK technique id: T + 4 digits, optionally . + 3 digits (T1486, T1566.001, ICS T0880); ordered numerically, a parent before its sub-techniques';
COMMENT ON FUNCTION @extschema@.attack_technique_in(cstring) IS 'text input of attack_technique';
COMMENT ON FUNCTION @extschema@.attack_technique_out(@extschema@.attack_technique) IS 'text output of attack_technique';
COMMENT ON FUNCTION @extschema@.attack_technique_recv(internal) IS 'binary input of attack_technique';
COMMENT ON FUNCTION @extschema@.attack_technique_send(@extschema@.attack_technique) IS 'binary output of attack_technique';

CREATE FUNCTION @extschema@.attack_technique_cmp(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS integer
  AS 'MODULE_PATHNAME', 'attack_technique_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attack_technique_cmp(@extschema@.attack_technique, @extschema@.attack_technique) IS 'btree comparison support for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_eq(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_eq(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of = for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_ne(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_ne(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of <> for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_lt(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_lt(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of < for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_le(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_le(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of <= for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_gt(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_gt(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of > for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_ge(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.attack_technique_ge(@extschema@.attack_technique, @extschema@.attack_technique) IS 'implementation of >= for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_hash(@extschema@.attack_technique) RETURNS integer
  AS 'MODULE_PATHNAME', 'attack_technique_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attack_technique_hash(@extschema@.attack_technique) IS 'hash support for attack_technique';
CREATE FUNCTION @extschema@.attack_technique_hash_extended(@extschema@.attack_technique, bigint) RETURNS bigint
  AS 'MODULE_PATHNAME', 'attack_technique_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attack_technique_hash_extended(@extschema@.attack_technique, bigint) IS 'seeded hash support for attack_technique';

CREATE FUNCTION @extschema@.technique_parent(@extschema@.attack_technique) RETURNS @extschema@.attack_technique
  AS 'MODULE_PATHNAME', 'technique_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.technique_parent(@extschema@.attack_technique) IS
  'parent technique of a sub-technique (T1566.001 -> T1566); a parent technique itself';
CREATE FUNCTION @extschema@.is_subtechnique(@extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'is_subtechnique' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_subtechnique(@extschema@.attack_technique) IS
  'true for a sub-technique such as T1566.001';
CREATE FUNCTION @extschema@.attack_technique_contained(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attack_technique_contained(@extschema@.attack_technique, @extschema@.attack_technique) IS
  'a <@ b: a is b or a sub-technique of b';
CREATE FUNCTION @extschema@.attack_technique_contains(@extschema@.attack_technique, @extschema@.attack_technique) RETURNS boolean
  AS 'MODULE_PATHNAME', 'attack_technique_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.attack_technique_contains(@extschema@.attack_technique, @extschema@.attack_technique) IS
  'a @> b: b is a or a sub-technique of a';

CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR @extschema@.<@ (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_contained,
  COMMUTATOR = OPERATOR(@extschema@.@>), RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.@> (
  LEFTARG = @extschema@.attack_technique, RIGHTARG = @extschema@.attack_technique,
  PROCEDURE = @extschema@.attack_technique_contains,
  COMMUTATOR = OPERATOR(@extschema@.<@), RESTRICT = contsel, JOIN = contjoinsel);

COMMENT ON OPERATOR @extschema@.= (@extschema@.attack_technique, @extschema@.attack_technique) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.attack_technique, @extschema@.attack_technique) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.attack_technique, @extschema@.attack_technique) IS 'less than';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.attack_technique, @extschema@.attack_technique) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.attack_technique, @extschema@.attack_technique) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.attack_technique, @extschema@.attack_technique) IS 'greater than or equal';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.attack_technique, @extschema@.attack_technique) IS 'is the technique or one of its sub-techniques';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.attack_technique, @extschema@.attack_technique) IS 'has as itself or as a sub-technique';

CREATE OPERATOR CLASS @extschema@.attack_technique_ops DEFAULT FOR TYPE @extschema@.attack_technique USING btree AS
  OPERATOR 1 @extschema@.<,
  OPERATOR 2 @extschema@.<=,
  OPERATOR 3 @extschema@.=,
  OPERATOR 4 @extschema@.>=,
  OPERATOR 5 @extschema@.>,
  FUNCTION 1 @extschema@.attack_technique_cmp(@extschema@.attack_technique, @extschema@.attack_technique);
COMMENT ON OPERATOR CLASS @extschema@.attack_technique_ops USING btree IS 'btree ordering of attack_technique';
CREATE OPERATOR CLASS @extschema@.attack_technique_hash_ops DEFAULT FOR TYPE @extschema@.attack_technique USING hash AS
  OPERATOR 1 @extschema@.=,
  FUNCTION 1 @extschema@.attack_technique_hash(@extschema@.attack_technique),
  FUNCTION 2 @extschema@.attack_technique_hash_extended(@extschema@.attack_technique, bigint);
COMMENT ON OPERATOR CLASS @extschema@.attack_technique_hash_ops USING hash IS 'hash equality of attack_technique';

CREATE CAST (text AS @extschema@.attack_technique) WITH INOUT;
CREATE CAST (@extschema@.attack_technique AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS @extschema@.attack_technique) IS 'parse a technique id';
COMMENT ON CAST (@extschema@.attack_technique AS text) IS 'format a technique id';
