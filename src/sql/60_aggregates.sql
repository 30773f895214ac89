-- One-pass aggregates for the aggregation views (src/aggregates.c):
-- cia_profile(cia), severity_summary(numeric) and wilson_interval().
-- States are plain bigint[] arrays with combine functions, so the aggregates
-- run in parallel query and Citus can split them without a serialisation
-- function.

CREATE TYPE @extschema@.cia_profile AS (
  total       bigint,
  c_none      bigint,
  c_low       bigint,
  c_high      bigint,
  c_known     bigint,
  c_unknown   bigint,
  i_none      bigint,
  i_low       bigint,
  i_high      bigint,
  i_known     bigint,
  i_unknown   bigint,
  a_none      bigint,
  a_low       bigint,
  a_high      bigint,
  a_known     bigint,
  a_unknown   bigint
);
COMMENT ON TYPE @extschema@.cia_profile IS
  'result of the cia_profile aggregate: per component C, I, A the rows at N, L, H, known (N+L+H) and unknown (X or NULL cia)';
COMMENT ON COLUMN @extschema@.cia_profile.total IS 'rows aggregated, NULL cia included';
COMMENT ON COLUMN @extschema@.cia_profile.c_none IS 'rows with confidentiality N';
COMMENT ON COLUMN @extschema@.cia_profile.c_low IS 'rows with confidentiality L';
COMMENT ON COLUMN @extschema@.cia_profile.c_high IS 'rows with confidentiality H';
COMMENT ON COLUMN @extschema@.cia_profile.c_known IS 'rows with confidentiality known (N, L or H)';
COMMENT ON COLUMN @extschema@.cia_profile.c_unknown IS 'rows with confidentiality X or a NULL cia';
COMMENT ON COLUMN @extschema@.cia_profile.i_none IS 'rows with integrity N';
COMMENT ON COLUMN @extschema@.cia_profile.i_low IS 'rows with integrity L';
COMMENT ON COLUMN @extschema@.cia_profile.i_high IS 'rows with integrity H';
COMMENT ON COLUMN @extschema@.cia_profile.i_known IS 'rows with integrity known (N, L or H)';
COMMENT ON COLUMN @extschema@.cia_profile.i_unknown IS 'rows with integrity X or a NULL cia';
COMMENT ON COLUMN @extschema@.cia_profile.a_none IS 'rows with availability N';
COMMENT ON COLUMN @extschema@.cia_profile.a_low IS 'rows with availability L';
COMMENT ON COLUMN @extschema@.cia_profile.a_high IS 'rows with availability H';
COMMENT ON COLUMN @extschema@.cia_profile.a_known IS 'rows with availability known (N, L or H)';
COMMENT ON COLUMN @extschema@.cia_profile.a_unknown IS 'rows with availability X or a NULL cia';

CREATE FUNCTION @extschema@.cia_profile_transfn(bigint[], @extschema@.cia) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'cia_profile_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_profile_transfn(bigint[], @extschema@.cia) IS
  'transition function of cia_profile: state [rows, then C, I, A counters at X, N, L, H]; a NULL cia counts as unknown';
CREATE FUNCTION @extschema@.cia_profile_combinefn(bigint[], bigint[]) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'cia_profile_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_profile_combinefn(bigint[], bigint[]) IS
  'combine function of cia_profile: adds two partial states';
CREATE FUNCTION @extschema@.cia_profile_finalfn(bigint[]) RETURNS @extschema@.cia_profile
  AS 'MODULE_PATHNAME', 'cia_profile_finalfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cia_profile_finalfn(bigint[]) IS
  'final function of cia_profile: builds the cia_profile row';

CREATE AGGREGATE @extschema@.cia_profile(@extschema@.cia) (
  SFUNC = @extschema@.cia_profile_transfn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.cia_profile_combinefn,
  FINALFUNC = @extschema@.cia_profile_finalfn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cia_profile(@extschema@.cia) IS
  'one-pass CIA profile of a set of cia values: rows, and per component the rows at N, L, H, known and unknown (NULL cia counts as unknown); all zeros for an empty set';

CREATE TYPE @extschema@.severity_summary AS (
  total            bigint,
  scored           bigint,
  mean             numeric,
  max              numeric,
  baseline         bigint,
  low              bigint,
  medium           bigint,
  high             bigint,
  severe           bigint,
  emergency        bigint,
  severe_or_worse  bigint
);
COMMENT ON TYPE @extschema@.severity_summary IS
  'result of the severity_summary aggregate: counts, exact mean, maximum and rows per ISM-1 band';
COMMENT ON COLUMN @extschema@.severity_summary.total IS 'rows aggregated, NULL scores included';
COMMENT ON COLUMN @extschema@.severity_summary.scored IS 'rows with a score (not NULL)';
COMMENT ON COLUMN @extschema@.severity_summary.mean IS 'exact mean of the scores (summed in tenths), rounded to 4 decimals; NULL when nothing is scored';
COMMENT ON COLUMN @extschema@.severity_summary.max IS 'highest score; NULL when nothing is scored';
COMMENT ON COLUMN @extschema@.severity_summary.baseline IS 'scores below 35';
COMMENT ON COLUMN @extschema@.severity_summary.low IS 'scores from 35 to below 50';
COMMENT ON COLUMN @extschema@.severity_summary.medium IS 'scores from 50 to below 65';
COMMENT ON COLUMN @extschema@.severity_summary.high IS 'scores from 65 to below 75';
COMMENT ON COLUMN @extschema@.severity_summary.severe IS 'scores from 75 to below 90';
COMMENT ON COLUMN @extschema@.severity_summary.emergency IS 'scores of 90 and above';
COMMENT ON COLUMN @extschema@.severity_summary.severe_or_worse IS 'scores of 75 and above (severe + emergency)';

CREATE FUNCTION @extschema@.severity_summary_transfn(bigint[], numeric) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'severity_summary_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_summary_transfn(bigint[], numeric) IS
  'transition function of severity_summary: state [rows, scored, sum of tenths, max tenths, six band counters]; scores are rounded to 0.1 and must lie in 0..100';
CREATE FUNCTION @extschema@.severity_summary_combinefn(bigint[], bigint[]) RETURNS bigint[]
  AS 'MODULE_PATHNAME', 'severity_summary_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_summary_combinefn(bigint[], bigint[]) IS
  'combine function of severity_summary: adds two partial states';
CREATE FUNCTION @extschema@.severity_summary_finalfn(bigint[]) RETURNS @extschema@.severity_summary
  AS 'MODULE_PATHNAME', 'severity_summary_finalfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.severity_summary_finalfn(bigint[]) IS
  'final function of severity_summary: builds the severity_summary row';

CREATE AGGREGATE @extschema@.severity_summary(numeric) (
  SFUNC = @extschema@.severity_summary_transfn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,-1,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.severity_summary_combinefn,
  FINALFUNC = @extschema@.severity_summary_finalfn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.severity_summary(numeric) IS
  'one-pass summary of severity scores (0-100, rounded to 0.1): rows, scored rows, exact mean, max, rows per band baseline .. emergency and severe or worse; NULL scores count in total only';

CREATE FUNCTION @extschema@.wilson_interval(successes bigint, n bigint, z double precision DEFAULT 1.96,
                                            OUT lower double precision, OUT upper double precision)
  AS 'MODULE_PATHNAME', 'wilson_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.wilson_interval(bigint, bigint, double precision) IS
  'Wilson score interval (lower, upper) for the proportion successes / n at normal quantile z (1.96 = 95%); both NULL when n = 0; 22023 unless 0 <= successes <= n and z > 0';

-- Two-stage forms for the aggregation views: *_partial aggregates a set of
-- rows into the state array (no final function), *_rollup adds such states
-- and finishes them.  cia_profile_rollup(cia_profile_partial(x)) over any
-- split of the rows equals cia_profile(x), so a view can aggregate once per
-- finest key and roll the few resulting states up to coarser levels without
-- scanning the rows again.
CREATE AGGREGATE @extschema@.cia_profile_partial(@extschema@.cia) (
  SFUNC = @extschema@.cia_profile_transfn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.cia_profile_combinefn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cia_profile_partial(@extschema@.cia) IS
  'state of cia_profile over a set of cia values, unfinished (the bigint[] counters); feed such states to cia_profile_rollup to combine them';

CREATE AGGREGATE @extschema@.cia_profile_rollup(bigint[]) (
  SFUNC = @extschema@.cia_profile_combinefn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.cia_profile_combinefn,
  FINALFUNC = @extschema@.cia_profile_finalfn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.cia_profile_rollup(bigint[]) IS
  'cia_profile of the union of sets given as cia_profile_partial states: adds the states and finishes them; all zeros for an empty set; 22023 on a malformed state';

CREATE AGGREGATE @extschema@.severity_summary_partial(numeric) (
  SFUNC = @extschema@.severity_summary_transfn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,-1,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.severity_summary_combinefn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.severity_summary_partial(numeric) IS
  'state of severity_summary over a set of scores, unfinished (the bigint[] counters, sum and max in tenths); feed such states to severity_summary_rollup to combine them';

CREATE AGGREGATE @extschema@.severity_summary_rollup(bigint[]) (
  SFUNC = @extschema@.severity_summary_combinefn,
  STYPE = bigint[],
  INITCOND = '{0,0,0,-1,0,0,0,0,0,0}',
  COMBINEFUNC = @extschema@.severity_summary_combinefn,
  FINALFUNC = @extschema@.severity_summary_finalfn,
  PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.severity_summary_rollup(bigint[]) IS
  'severity_summary of the union of sets given as severity_summary_partial states: adds the counters, keeps the highest maximum and finishes; 22023 on a malformed state';
