-- Type cia: confidentiality / integrity / availability impact vector (src/cia.c).

CREATE TYPE @extschema@.cia;

CREATE FUNCTION @extschema@.cia_in(cstring) RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'cia_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cia_out(@extschema@.cia) RETURNS cstring
  AS 'MODULE_PATHNAME', 'cia_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cia_recv(internal) RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'cia_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cia_send(@extschema@.cia) RETURNS bytea
  AS 'MODULE_PATHNAME', 'cia_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.cia (
  INPUT = @extschema@.cia_in,
  OUTPUT = @extschema@.cia_out,
  RECEIVE = @extschema@.cia_recv,
  SEND = @extschema@.cia_send,
  INTERNALLENGTH = 2,
  PASSEDBYVALUE,
  ALIGNMENT = int2,
  STORAGE = plain
);
COMMENT ON TYPE @extschema@.cia IS
  'CIA impact vector C:x/I:x/A:x, each level N (none), L (low), H (high) or X (unknown); ordered lexicographically on C, I, A with X < N < L < H';
COMMENT ON FUNCTION @extschema@.cia_in(cstring) IS 'text input of cia';
COMMENT ON FUNCTION @extschema@.cia_out(@extschema@.cia) IS 'text output of cia';
COMMENT ON FUNCTION @extschema@.cia_recv(internal) IS 'binary input of cia';
COMMENT ON FUNCTION @extschema@.cia_send(@extschema@.cia) IS 'binary output of cia';

CREATE FUNCTION @extschema@.cia(c text, i text, a text) RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'cia_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia(text, text, text) IS
  'build a cia vector from three levels N, L, H or X (case-insensitive)';

CREATE FUNCTION @extschema@.confidentiality(@extschema@.cia) RETURNS text
  AS 'MODULE_PATHNAME', 'cia_confidentiality' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.confidentiality(@extschema@.cia) IS
  'confidentiality level N, L or H; NULL when unknown (X)';
CREATE FUNCTION @extschema@.integrity(@extschema@.cia) RETURNS text
  AS 'MODULE_PATHNAME', 'cia_integrity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.integrity(@extschema@.cia) IS
  'integrity level N, L or H; NULL when unknown (X)';
CREATE FUNCTION @extschema@.availability(@extschema@.cia) RETURNS text
  AS 'MODULE_PATHNAME', 'cia_availability' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.availability(@extschema@.cia) IS
  'availability level N, L or H; NULL when unknown (X)';

CREATE FUNCTION @extschema@.cia_cmp(@extschema@.cia, @extschema@.cia) RETURNS integer
  AS 'MODULE_PATHNAME', 'cia_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_cmp(@extschema@.cia, @extschema@.cia) IS 'btree comparison support for cia';
CREATE FUNCTION @extschema@.cia_eq(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_eq(@extschema@.cia, @extschema@.cia) IS 'implementation of = for cia';
CREATE FUNCTION @extschema@.cia_ne(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_ne(@extschema@.cia, @extschema@.cia) IS 'implementation of <> for cia';
CREATE FUNCTION @extschema@.cia_lt(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_lt(@extschema@.cia, @extschema@.cia) IS 'implementation of < for cia';
CREATE FUNCTION @extschema@.cia_le(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_le(@extschema@.cia, @extschema@.cia) IS 'implementation of <= for cia';
CREATE FUNCTION @extschema@.cia_gt(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_gt(@extschema@.cia, @extschema@.cia) IS 'implementation of > for cia';
CREATE FUNCTION @extschema@.cia_ge(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.cia_ge(@extschema@.cia, @extschema@.cia) IS 'implementation of >= for cia';
CREATE FUNCTION @extschema@.cia_hash(@extschema@.cia) RETURNS integer
  AS 'MODULE_PATHNAME', 'cia_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_hash(@extschema@.cia) IS 'hash support for cia';
CREATE FUNCTION @extschema@.cia_hash_extended(@extschema@.cia, bigint) RETURNS bigint
  AS 'MODULE_PATHNAME', 'cia_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_hash_extended(@extschema@.cia, bigint) IS 'seeded hash support for cia';

CREATE FUNCTION @extschema@.cia_or(@extschema@.cia, @extschema@.cia) RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'cia_or' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_or(@extschema@.cia, @extschema@.cia) IS
  'component-wise maximum of two cia vectors; X | v = v';
CREATE FUNCTION @extschema@.cia_and(@extschema@.cia, @extschema@.cia) RETURNS @extschema@.cia
  AS 'MODULE_PATHNAME', 'cia_and' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_and(@extschema@.cia, @extschema@.cia) IS
  'component-wise minimum of two cia vectors in the order X < N < L < H; X & v = X';
CREATE FUNCTION @extschema@.cia_contains(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_contains(@extschema@.cia, @extschema@.cia) IS
  'true when every known component of the right operand is known and at least as high on the left';
CREATE FUNCTION @extschema@.cia_contained(@extschema@.cia, @extschema@.cia) RETURNS boolean
  AS 'MODULE_PATHNAME', 'cia_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_contained(@extschema@.cia, @extschema@.cia) IS
  'true when the left operand is dominated by the right (commutator of @>)';
CREATE FUNCTION @extschema@.cia_magnitude(@extschema@.cia) RETURNS double precision
  AS 'MODULE_PATHNAME', 'cia_magnitude' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_magnitude(@extschema@.cia) IS
  '1-(1-c)(1-i)(1-a) with H=0.56, L=0.22, N=0 (CVSS weights); unknown components count 0; NULL when all are unknown';

CREATE OPERATOR @extschema@.= (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_eq,
  COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
  RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_ne,
  COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
  RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_lt,
  COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
  RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_le,
  COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
  RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_gt,
  COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
  RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_ge,
  COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
  RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR @extschema@.| (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_or,
  COMMUTATOR = OPERATOR(@extschema@.|));
CREATE OPERATOR @extschema@.& (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_and,
  COMMUTATOR = OPERATOR(@extschema@.&));
CREATE OPERATOR @extschema@.@> (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_contains,
  COMMUTATOR = OPERATOR(@extschema@.<@), RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.<@ (
  LEFTARG = @extschema@.cia, RIGHTARG = @extschema@.cia, PROCEDURE = @extschema@.cia_contained,
  COMMUTATOR = OPERATOR(@extschema@.@>), RESTRICT = contsel, JOIN = contjoinsel);

COMMENT ON OPERATOR @extschema@.= (@extschema@.cia, @extschema@.cia) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.cia, @extschema@.cia) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.cia, @extschema@.cia) IS 'less than (lexicographic on C, I, A; X < N < L < H)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.cia, @extschema@.cia) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.cia, @extschema@.cia) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.cia, @extschema@.cia) IS 'greater than or equal';
COMMENT ON OPERATOR @extschema@.| (@extschema@.cia, @extschema@.cia) IS 'component-wise maximum, X | v = v';
COMMENT ON OPERATOR @extschema@.& (@extschema@.cia, @extschema@.cia) IS 'component-wise minimum, X & v = X';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.cia, @extschema@.cia) IS 'dominates: every known right component is known and at least as high on the left';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.cia, @extschema@.cia) IS 'is dominated by';

CREATE OPERATOR CLASS @extschema@.cia_ops DEFAULT FOR TYPE @extschema@.cia USING btree AS
  OPERATOR 1 @extschema@.<,
  OPERATOR 2 @extschema@.<=,
  OPERATOR 3 @extschema@.=,
  OPERATOR 4 @extschema@.>=,
  OPERATOR 5 @extschema@.>,
  FUNCTION 1 @extschema@.cia_cmp(@extschema@.cia, @extschema@.cia);
COMMENT ON OPERATOR CLASS @extschema@.cia_ops USING btree IS 'btree ordering of cia (lexicographic on C, I, A; X < N < L < H)';
CREATE OPERATOR CLASS @extschema@.cia_hash_ops DEFAULT FOR TYPE @extschema@.cia USING hash AS
  OPERATOR 1 @extschema@.=,
  FUNCTION 1 @extschema@.cia_hash(@extschema@.cia),
  FUNCTION 2 @extschema@.cia_hash_extended(@extschema@.cia, bigint);
COMMENT ON OPERATOR CLASS @extschema@.cia_hash_ops USING hash IS 'hash equality of cia';

CREATE AGGREGATE @extschema@.cia_union(@extschema@.cia) (
  SFUNC = @extschema@.cia_or,
  STYPE = @extschema@.cia,
  COMBINEFUNC = @extschema@.cia_or,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cia_union(@extschema@.cia) IS
  'component-wise maximum over a set of cia vectors (X | v = v); NULL for an empty or all-NULL set';

CREATE CAST (text AS @extschema@.cia) WITH INOUT;
CREATE CAST (@extschema@.cia AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (text AS @extschema@.cia) IS 'parse a cia vector (22P02 on bad input)';
COMMENT ON CAST (@extschema@.cia AS text) IS 'format a cia vector in canonical form C:x/I:x/A:x';
