/*
 * aggregates.c
 *		One-pass aggregates behind the aggregation views: cia_profile(cia)
 *		and severity_summary(numeric); the Wilson score interval used for the
 *		shares the views report; and technique_rollup / technique_tactics,
 *		which give the keys an incident counts under in incidents_by_technique
 *		and incidents_by_tactic.
 *
 * Both aggregates keep their state in a plain bigint[] of fixed length, so
 * parallel query and Citus can ship partial states with the ordinary array
 * send/receive functions (no SERIALFUNC needed) and the combine functions
 * simply add counters.  Transition and combine functions update the state
 * array in place when called as an aggregate (the array then lives in the
 * aggregate memory context, as for the built-in int4_avg_accum), and work
 * on a copy when called directly.  Every state coming in is checked for
 * shape, because a user can call these functions with any bigint[].
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "fmgr.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/syscache.h"

#include "incident_analytics.h"
#include "refdata.h"

/*
 * cia_profile state: [0] rows seen (NULL inputs included), then for each
 * component C, I, A (in that order) four counters indexed by level
 * X, N, L, H.  A NULL cia counts as unknown in all three components.
 */
#define CIA_PROFILE_NSTATE		13
#define CIA_PROFILE_TOTAL		0
#define CIA_PROFILE_SLOT(comp, level)	(1 + (comp) * 4 + (level))
#define CIA_PROFILE_NATTS		16

/*
 * severity_summary state: [0] rows seen (NULL inputs included), [1] scored
 * rows, [2] sum of score * 10, [3] maximum of score * 10 (-1 while none),
 * [4..9] scored rows per band baseline, low, medium, high, severe,
 * emergency.  Scores carry one decimal, so tenths make the sum exact.
 */
#define SEVERITY_NSTATE			10
#define SEVERITY_TOTAL			0
#define SEVERITY_SCORED			1
#define SEVERITY_SUM10			2
#define SEVERITY_MAX10			3
#define SEVERITY_BAND0			4
#define SEVERITY_NBANDS			6
#define SEVERITY_NATTS			11

/* Lower bounds of the bands low .. emergency, in tenths (docs/severity-model.md). */
static const int64 severity_band_floor10[SEVERITY_NBANDS - 1] = {350, 500, 650, 750, 900};

/*
 * Check that a state array has the shape an aggregate expects: one
 * dimension, nelems bigint elements, no NULLs.  Return its counters.
 */
static int64 *
state_counters(ArrayType *state, int nelems, const char *aggname)
{
	if (ARR_ELEMTYPE(state) != INT8OID ||
		ARR_NDIM(state) != 1 ||
		ARR_DIMS(state)[0] != nelems ||
		ARR_HASNULL(state))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid %s state", aggname),
				 errdetail("The state must be a one-dimensional bigint array of %d elements without NULLs.",
						   nelems)));
	return (int64 *) ARR_DATA_PTR(state);
}

/* A fresh all-zero state of nelems counters. */
static ArrayType *
state_new(int nelems)
{
	Datum		zeros[CIA_PROFILE_NSTATE > SEVERITY_NSTATE ? CIA_PROFILE_NSTATE : SEVERITY_NSTATE];
	int			k;

	Assert(nelems <= lengthof(zeros));
	for (k = 0; k < nelems; k++)
		zeros[k] = Int64GetDatum(0);
	return construct_array(zeros, nelems, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * The state argument of a transition or combine function: the array itself
 * when called as an aggregate (it lives in the aggregate context and may be
 * updated in place), otherwise a private copy.
 */
static ArrayType *
state_arg(FunctionCallInfo fcinfo, int argno, int nelems)
{
	if (PG_ARGISNULL(argno))
		return state_new(nelems);
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}

/* Add counter into *acc, reporting overflow cleanly. */
static inline void
counter_add(int64 *acc, int64 add, const char *aggname)
{
	if (unlikely(pg_add_s64_overflow(*acc, add, acc)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s counter out of range", aggname)));
}

/* Build the composite result of a final function from its column values. */
static Datum
build_result(FunctionCallInfo fcinfo, Datum *values, bool *nulls, int natts)
{
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("return type must be a row type")));
	if (tupdesc->natts != natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("result row type has %d columns, expected %d", tupdesc->natts, natts)));
	tupdesc = BlessTupleDesc(tupdesc);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* cia_profile transition: count one cia value (NULL counts as unknown). */
PG_FUNCTION_INFO_V1(cia_profile_transfn);
Datum
cia_profile_transfn(PG_FUNCTION_ARGS)
{
	ArrayType  *state = state_arg(fcinfo, 0, CIA_PROFILE_NSTATE);
	int64	   *v = state_counters(state, CIA_PROFILE_NSTATE, "cia_profile");

	v[CIA_PROFILE_TOTAL]++;
	if (PG_ARGISNULL(1))
	{
		v[CIA_PROFILE_SLOT(0, CIA_X)]++;
		v[CIA_PROFILE_SLOT(1, CIA_X)]++;
		v[CIA_PROFILE_SLOT(2, CIA_X)]++;
	}
	else
	{
		Cia			c = PG_GETARG_CIA(1);

		v[CIA_PROFILE_SLOT(0, CIA_GET_C(c) & 3)]++;
		v[CIA_PROFILE_SLOT(1, CIA_GET_I(c) & 3)]++;
		v[CIA_PROFILE_SLOT(2, CIA_GET_A(c) & 3)]++;
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

/* Shared combine step: add the counters of state 2 into state 1. */
static Datum
counters_combine(FunctionCallInfo fcinfo, int nelems, const char *aggname, int maxslot)
{
	ArrayType  *state1 = state_arg(fcinfo, 0, nelems);
	int64	   *v1 = state_counters(state1, nelems, aggname);
	int64	   *v2;
	int			k;

	if (PG_ARGISNULL(1))
		PG_RETURN_ARRAYTYPE_P(state1);
	v2 = state_counters(PG_GETARG_ARRAYTYPE_P(1), nelems, aggname);
	for (k = 0; k < nelems; k++)
	{
		if (k == maxslot)
			v1[k] = Max(v1[k], v2[k]);
		else
			counter_add(&v1[k], v2[k], aggname);
	}
	PG_RETURN_ARRAYTYPE_P(state1);
}

/* cia_profile combine: add two partial states. */
PG_FUNCTION_INFO_V1(cia_profile_combinefn);
Datum
cia_profile_combinefn(PG_FUNCTION_ARGS)
{
	return counters_combine(fcinfo, CIA_PROFILE_NSTATE, "cia_profile", -1);
}

/* cia_profile final: the cia_profile row of counts. */
PG_FUNCTION_INFO_V1(cia_profile_finalfn);
Datum
cia_profile_finalfn(PG_FUNCTION_ARGS)
{
	int64	   *v = state_counters(PG_GETARG_ARRAYTYPE_P(0), CIA_PROFILE_NSTATE, "cia_profile");
	Datum		values[CIA_PROFILE_NATTS];
	bool		nulls[CIA_PROFILE_NATTS] = {0};
	int			comp;

	/* total, then per component: none, low, high, known, unknown */
	values[0] = Int64GetDatum(v[CIA_PROFILE_TOTAL]);
	for (comp = 0; comp < 3; comp++)
	{
		int64		none = v[CIA_PROFILE_SLOT(comp, CIA_N)];
		int64		low = v[CIA_PROFILE_SLOT(comp, CIA_L)];
		int64		high = v[CIA_PROFILE_SLOT(comp, CIA_H)];
		Datum	   *out = &values[1 + comp * 5];

		out[0] = Int64GetDatum(none);
		out[1] = Int64GetDatum(low);
		out[2] = Int64GetDatum(high);
		out[3] = Int64GetDatum(none + low + high);
		out[4] = Int64GetDatum(v[CIA_PROFILE_SLOT(comp, CIA_X)]);
	}
	return build_result(fcinfo, values, nulls, CIA_PROFILE_NATTS);
}

/* The constant 10 as a numeric, made once per call site. */
static Numeric
numeric_ten(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		fcinfo->flinfo->fn_extra = int64_to_numeric(10);
		MemoryContextSwitchTo(old);
	}
	return (Numeric) fcinfo->flinfo->fn_extra;
}

/* severity_summary transition: count one score (NULL counts as unscored). */
PG_FUNCTION_INFO_V1(severity_summary_transfn);
Datum
severity_summary_transfn(PG_FUNCTION_ARGS)
{
	ArrayType  *state = state_arg(fcinfo, 0, SEVERITY_NSTATE);
	int64	   *v = state_counters(state, SEVERITY_NSTATE, "severity_summary");

	v[SEVERITY_TOTAL]++;
	if (!PG_ARGISNULL(1))
	{
		Numeric		score = PG_GETARG_NUMERIC(1);
		int64		tenths;
		int			band;

		if (numeric_is_nan(score) || numeric_is_inf(score))
			tenths = -1;
		else
			tenths = DatumGetInt64(DirectFunctionCall1(numeric_int8,
													   NumericGetDatum(numeric_mul_opt_error(score, numeric_ten(fcinfo), NULL))));
		if (tenths < 0 || tenths > 1000)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("severity score %s is out of range",
							DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(score)))),
					 errdetail("Severity scores run from 0 to 100.")));
		v[SEVERITY_SCORED]++;
		v[SEVERITY_SUM10] += tenths;
		if (tenths > v[SEVERITY_MAX10])
			v[SEVERITY_MAX10] = tenths;
		for (band = 0; band < SEVERITY_NBANDS - 1; band++)
			if (tenths < severity_band_floor10[band])
				break;
		v[SEVERITY_BAND0 + band]++;
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

/* severity_summary combine: add two partial states (maximum for the max). */
PG_FUNCTION_INFO_V1(severity_summary_combinefn);
Datum
severity_summary_combinefn(PG_FUNCTION_ARGS)
{
	return counters_combine(fcinfo, SEVERITY_NSTATE, "severity_summary", SEVERITY_MAX10);
}

/* A numeric of tenths / (10 * divisor), exact as numeric division allows. */
static Datum
tenths_to_numeric(int64 tenths, int64 divisor)
{
	return NumericGetDatum(numeric_div_opt_error(int64_to_numeric(tenths),
												 int64_to_numeric(divisor * 10), NULL));
}

/* severity_summary final: the severity_summary row. */
PG_FUNCTION_INFO_V1(severity_summary_finalfn);
Datum
severity_summary_finalfn(PG_FUNCTION_ARGS)
{
	int64	   *v = state_counters(PG_GETARG_ARRAYTYPE_P(0), SEVERITY_NSTATE, "severity_summary");
	Datum		values[SEVERITY_NATTS];
	bool		nulls[SEVERITY_NATTS] = {0};
	int			band;

	if (v[SEVERITY_SCORED] < 0 || v[SEVERITY_SCORED] > v[SEVERITY_TOTAL] ||
		v[SEVERITY_MAX10] > 1000 || (v[SEVERITY_SCORED] > 0 && v[SEVERITY_MAX10] < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid severity_summary state"),
				 errdetail("The counters are inconsistent.")));

	/* total, scored, mean, max, six bands, severe_or_worse */
	values[0] = Int64GetDatum(v[SEVERITY_TOTAL]);
	values[1] = Int64GetDatum(v[SEVERITY_SCORED]);
	if (v[SEVERITY_SCORED] > 0)
	{
		Numeric		mean = DatumGetNumeric(tenths_to_numeric(v[SEVERITY_SUM10], v[SEVERITY_SCORED]));

		/* one decimal more than the scores carry is plenty; keep four */
		values[2] = DirectFunctionCall2(numeric_round, NumericGetDatum(mean), Int32GetDatum(4));
		values[3] = DirectFunctionCall2(numeric_round,
										tenths_to_numeric(v[SEVERITY_MAX10], 1), Int32GetDatum(1));
	}
	else
	{
		nulls[2] = true;
		nulls[3] = true;
	}
	for (band = 0; band < SEVERITY_NBANDS; band++)
		values[4 + band] = Int64GetDatum(v[SEVERITY_BAND0 + band]);
	values[10] = Int64GetDatum(v[SEVERITY_BAND0 + 4] + v[SEVERITY_BAND0 + 5]);
	return build_result(fcinfo, values, nulls, SEVERITY_NATTS);
}

/*
 * Wilson score interval for a binomial proportion successes / n at normal
 * quantile z (1.96 for 95%).  Returns (lower, upper), both NULL when n = 0.
 */
PG_FUNCTION_INFO_V1(wilson_interval);
Datum
wilson_interval(PG_FUNCTION_ARGS)
{
	int64		successes = PG_GETARG_INT64(0);
	int64		n = PG_GETARG_INT64(1);
	float8		z = PG_GETARG_FLOAT8(2);
	Datum		values[2];
	bool		nulls[2] = {0};

	if (n < 0 || successes < 0 || successes > n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Wilson interval counts: %lld successes out of %lld",
						(long long) successes, (long long) n),
				 errdetail("Counts must satisfy 0 <= successes <= n.")));
	if (!(z > 0.0) || isinf(z))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Wilson interval quantile: %g", z),
				 errdetail("The normal quantile z must be a positive finite number.")));
	if (n == 0)
	{
		nulls[0] = true;
		nulls[1] = true;
	}
	else
	{
		double		nn = (double) n;
		double		p = (double) successes / nn;
		double		z2 = z * z;
		double		centre;
		double		half;
		double		lower;
		double		upper;

		if (isfinite(z2) && isfinite(z2 / nn))
		{
			double		denom = 1.0 + z2 / nn;

			centre = (p + z2 / (2.0 * nn)) / denom;
			half = z * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
		}
		else
		{
			/*
			 * z^2 overflows: the same formula divided through by z^2 (w =
			 * 1/z^2, 0 here), which tends to centre 1/2, half-width 1/2, so
			 * the interval is (0, 1) to double precision.
			 */
			double		w = 1.0 / z2;
			double		denom = w + 1.0 / nn;

			centre = (p * w + 1.0 / (2.0 * nn)) / denom;
			half = sqrt(p * (1.0 - p) * w / nn + 1.0 / (4.0 * nn * nn)) / denom;
		}
		lower = centre - half;
		upper = centre + half;

		/* exact at the edges, without rounding noise */
		if (successes == 0 || lower < 0.0)
			lower = 0.0;
		if (successes == n || upper > 1.0)
			upper = 1.0;
		values[0] = Float8GetDatum(lower);
		values[1] = Float8GetDatum(upper);
	}
	return build_result(fcinfo, values, nulls, 2);
}

/*
 * technique_rollup and technique_tactics read the revocation chains and the
 * tactics of the techniques from the reference-data cache (refdata.h).
 */

static int
cstring_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The non-NULL elements of a one-dimensional attack_technique array. */
static AttackTechnique *
technique_elements(ArrayType *arr, int *nelems)
{
	Datum	   *datums;
	bool	   *nulls;
	int			n;
	int			k;
	int			count = 0;
	AttackTechnique *out;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("array of techniques must be one-dimensional")));
	deconstruct_array(arr, ARR_ELEMTYPE(arr), sizeof(int32), true, TYPALIGN_INT,
					  &datums, &nulls, &n);
	out = palloc(sizeof(AttackTechnique) * Max(n, 1));
	for (k = 0; k < n; k++)
		if (!nulls[k])
			out[count++] = DatumGetAttackTechnique(datums[k]);
	*nelems = count;
	return out;
}

/* technique_rollup: the distinct techniques an incident counts under. */
PG_FUNCTION_INFO_V1(technique_rollup);
Datum
technique_rollup(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Oid			elemtype = ARR_ELEMTYPE(arr);
	AttackTechnique *in;
	AttackTechnique *keys;
	Datum	   *out;
	int			n;
	int			nkeys = 0;
	int			nout = 0;
	int			k;

	in = technique_elements(arr, &n);
	refdata_ensure(fcinfo->flinfo->fn_oid);
	keys = palloc(sizeof(AttackTechnique) * Max(2 * n, 1));
	for (k = 0; k < n; k++)
	{
		AttackTechnique t = technique_current(in[k]);

		keys[nkeys++] = t;
		if (TECHNIQUE_SUB(t) != 0)
			keys[nkeys++] = TECHNIQUE_PARENT(t);
	}
	qsort(keys, nkeys, sizeof(AttackTechnique), ia_int32_cmp);
	out = palloc(sizeof(Datum) * Max(nkeys, 1));
	for (k = 0; k < nkeys; k++)
		if (k == 0 || keys[k] != keys[k - 1])
			out[nout++] = AttackTechniqueGetDatum(keys[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, nout, elemtype, sizeof(int32), true, TYPALIGN_INT));
}

/* technique_tactics: the distinct tactic ids an incident's techniques serve. */
PG_FUNCTION_INFO_V1(technique_tactics);
Datum
technique_tactics(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	AttackTechnique *in;
	const char **names;
	Datum	   *out;
	int			n;
	int			nnames = 0;
	int			cap = 8;
	int			nout = 0;
	int			k;

	in = technique_elements(arr, &n);
	refdata_ensure(fcinfo->flinfo->fn_oid);
	names = palloc(sizeof(char *) * cap);
	for (k = 0; k < n; k++)
	{
		const TechniqueEntry *e = technique_entry(in[k]);

		if (e == NULL)
			continue;
		for (int j = 0; j < e->ntactics; j++)
		{
			if (nnames == cap)
			{
				cap *= 2;
				names = repalloc(names, sizeof(char *) * cap);
			}
			names[nnames++] = e->tactics[j];
		}
	}
	qsort(names, nnames, sizeof(char *), cstring_ptr_cmp);
	out = palloc(sizeof(Datum) * Max(nnames, 1));
	for (k = 0; k < nnames; k++)
		if (k == 0 || strcmp(names[k], names[k - 1]) != 0)
			out[nout++] = CStringGetTextDatum(names[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, nout, TEXTOID, -1, false, TYPALIGN_INT));
}
