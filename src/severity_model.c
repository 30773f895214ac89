/*
 * severity_model.c
 *		The ISM-1 incident severity model (docs/severity-model.md), pure arithmetic:
 *		severity_score, severity_level and severity_explain over the nine
 *		factors S F I K N R P A E.  All arithmetic of the score is exact: the
 *		weights are integer per cents and the factors integers, so Base^2 *
 *		10^6 is an integer Q and the score rounded to 0.1 (half away from
 *		zero) is found with integer comparisons.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/datum.h"
#include "utils/inval.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "incident_analytics.h"
#include "severity.h"

/* ----------------------------------------------------------------------
 * The model
 * ---------------------------------------------------------------------- */


static const char *const factor_key[NFACTORS] = {"s", "f", "i", "k", "n", "r", "p", "a", "e"};
static const char *const factor_title[NFACTORS] = {
	"human safety", "functional impact", "information impact",
	"sector criticality", "scale", "recoverability and duration",
	"attack progression", "actor", "economic loss"
};

/* Weights in per cent: .20 .18 .12 .12 .10 .08 .08 .06 .06 (sum 100). */
static const int factor_weight[NFACTORS] = {20, 18, 12, 12, 10, 8, 8, 6, 6};

/* Priors of unknown factors (S is 40 instead under the safety condition). */
static const int factor_prior[NFACTORS] = {10, 30, 20, 40, 25, 30, 50, 50, 20};
#define S_PRIOR_CRITICAL 40

typedef struct SeverityFloor
{
	int			value;
	const char *rule;
} SeverityFloor;

/* The floors, highest first, so the first one met is the one that counts. */
#define NFLOORS 7
static const SeverityFloor severity_floors[NFLOORS] = {
	{90, "S >= 95"},
	{90, "F = 100 and K = 100 and N >= 85"},
	{75, "S >= 70"},
	{75, "F = 100 and K = 100 and N >= 70"},
	{65, "F >= 70 and K = 100"},
	{65, "P = 100"},
	{50, "NIS2 significance criterion met"}
};

static const char *const level_label[6] = {
	"baseline", "low", "medium", "high", "severe", "emergency"
};


/* Q = 10^6 * sum(w * v^2) with K' = K * max(F, S, I, E) / 100 in place of K. */
static int64
severity_q(const int *v, int64 *term, int *kgated100)
{
	int			m = Max(Max(v[F_F], v[F_S]), Max(v[F_I], v[F_E]));
	int64		q = 0;
	int			f;

	for (f = 0; f < NFACTORS; f++)
	{
		int64		x = (f == F_K) ? (int64) v[F_K] * m : (int64) v[f] * 100;
		int64		t = factor_weight[f] * x * x;

		if (term)
			term[f] = t;
		q += t;
	}
	if (kgated100)
		*kgated100 = v[F_K] * m;
	return q;
}

/* round(sqrt(Q) / 1000, 1) * 10, rounding half away from zero, exactly. */
static int
severity_round10(int64 q)
{
	int64		t = (int64) floor(sqrt((double) q) / 100.0 + 0.5);

	while ((100 * t + 50) * (100 * t + 50) <= q)
		t++;
	while (t > 0 && (100 * t - 50) * (100 * t - 50) > q)
		t--;
	return (int) t;
}

/* Bit mask of the floors met by the given values; known[] says which count. */
static uint32
severity_floors_met(const int *v, const bool *known, bool nis2)
{
	uint32		met = 0;
	bool		s = known[F_S],
				f = known[F_F],
				k = known[F_K],
				n = known[F_N],
				p = known[F_P];

	if (s && v[F_S] >= 95)
		met |= 1 << 0;
	if (f && k && n && v[F_F] == 100 && v[F_K] == 100 && v[F_N] >= 85)
		met |= 1 << 1;
	if (s && v[F_S] >= 70)
		met |= 1 << 2;
	if (f && k && n && v[F_F] == 100 && v[F_K] == 100 && v[F_N] >= 70)
		met |= 1 << 3;
	if (f && k && v[F_F] >= 70 && v[F_K] == 100)
		met |= 1 << 4;
	if (p && v[F_P] == 100)
		met |= 1 << 5;
	if (nis2)
		met |= 1 << 6;
	return met;
}

static int
severity_first_floor(uint32 met)
{
	int			r;

	for (r = 0; r < NFLOORS; r++)
		if (met & (1 << r))
			return r;
	return -1;
}

/* Score of the given values: max(Base, floors) rounded, times 10. */
static int
severity_bound10(const int *v, uint32 met)
{
	int			score10 = severity_round10(severity_q(v, NULL, NULL));
	int			r = severity_first_floor(met);

	if (r >= 0 && severity_floors[r].value * 10 > score10)
		score10 = severity_floors[r].value * 10;
	return score10;
}

/* The whole model on one factor vector. */
void
severity_compute(const SeverityFactors *in, SeverityOutcome *out, bool bounds)
{
	int			f;
	int			r;
	bool		all_known[NFACTORS];
	int			v_lo[NFACTORS];
	int			v_hi[NFACTORS];

	out->coverage = 0;
	for (f = 0; f < NFACTORS; f++)
	{
		if (in->known[f])
		{
			out->used[f] = in->v[f];
			out->coverage += factor_weight[f];
		}
		else
			out->used[f] = factor_prior[f];
		all_known[f] = true;
		v_lo[f] = in->known[f] ? in->v[f] : 0;
		v_hi[f] = in->known[f] ? in->v[f] : 100;
	}
	if (!in->known[F_S] && in->known[F_K] && in->v[F_K] == 100 &&
		in->known[F_F] && in->v[F_F] >= 60)
		out->used[F_S] = S_PRIOR_CRITICAL;

	out->q = severity_q(out->used, out->term, &out->kgated100);
	out->base10 = severity_round10(out->q);
	out->floors_met = severity_floors_met(in->v, in->known, in->nis2);
	r = severity_first_floor(out->floors_met);
	out->score10 = out->base10;
	out->floor_rule = -1;
	if (r >= 0 && severity_floors[r].value * 10 > out->base10)
	{
		out->score10 = severity_floors[r].value * 10;
		out->floor_rule = r;
	}
	if (bounds)
	{
		out->lo10 = severity_bound10(v_lo, out->floors_met);
		out->hi10 = severity_bound10(v_hi,
									 severity_floors_met(v_hi, all_known, in->nis2));
	}
}

int
severity_level_index10(int score10)
{
	if (score10 < 350)
		return 0;
	if (score10 < 500)
		return 1;
	if (score10 < 650)
		return 2;
	if (score10 < 750)
		return 3;
	if (score10 < 900)
		return 4;
	return 5;
}

/* Read the ten arguments of severity_score / severity_explain. */
static void
severity_read_args(FunctionCallInfo fcinfo, SeverityFactors *in)
{
	int			f;

	for (f = 0; f < NFACTORS; f++)
	{
		if (PG_ARGISNULL(f))
		{
			in->known[f] = false;
			in->v[f] = 0;
			continue;
		}
		in->v[f] = PG_GETARG_INT32(f);
		in->known[f] = true;
		if (in->v[f] < 0 || in->v[f] > 100)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("severity factor %s (%s) is out of range: %d",
							factor_key[f], factor_title[f], in->v[f]),
					 errdetail("Each factor is a value from 0 to 100, or NULL when unknown.")));
	}
	in->nis2 = (PG_NARGS() > NFACTORS && !PG_ARGISNULL(NFACTORS)) ?
		PG_GETARG_BOOL(NFACTORS) : false;
}

Datum
score10_datum(int score10)
{
	return NumericGetDatum(int64_div_fast_to_numeric(score10, 1));
}

static void
append_score10(StringInfo buf, int score10)
{
	appendStringInfo(buf, "%d.%d", score10 / 10, score10 % 10);
}

static void
append_share(StringInfo buf, int64 term, int64 q)
{
	if (q <= 0)
		appendStringInfoString(buf, "null");
	else
		appendStringInfo(buf, "%.3f", (double) term / (double) q);
}


/* ----------------------------------------------------------------------
 * Factor notes (severity.h)
 * ---------------------------------------------------------------------- */

void
factor_notes_init(FactorNotes *notes)
{
	for (int f = 0; f < NFACTORS; f++)
		initStringInfo(&notes->text[f]);
}

/* The separator and the escaped key of a new member of a factor's notes. */
static StringInfo
factor_note_key(FactorNotes *notes, int factor, const char *key)
{
	StringInfo	s;

	Assert(factor >= 0 && factor < NFACTORS);
	s = &notes->text[factor];
	if (s->len > 0)
		appendStringInfoString(s, ", ");
	escape_json(s, key);
	appendStringInfoString(s, ": ");
	return s;
}

void
factor_note_int(FactorNotes *notes, int factor, const char *key, int value)
{
	appendStringInfo(factor_note_key(notes, factor, key), "%d", value);
}

void
factor_note_text(FactorNotes *notes, int factor, const char *key, const char *value)
{
	escape_json(factor_note_key(notes, factor, key), value);
}

void
factor_note_bool(FactorNotes *notes, int factor, const char *key, bool value)
{
	appendStringInfoString(factor_note_key(notes, factor, key), value ? "true" : "false");
}

/* ----------------------------------------------------------------------
 * The explain document
 * ---------------------------------------------------------------------- */

/* ", " (unless first), then "key": */
static void
append_key(StringInfo buf, bool first, const char *key)
{
	if (!first)
		appendStringInfoString(buf, ", ");
	escape_json(buf, key);
	appendStringInfoString(buf, ": ");
}

static void
append_floor(StringInfo buf, int rule)
{
	appendStringInfoChar(buf, '{');
	append_key(buf, true, "rule");
	escape_json(buf, severity_floors[rule].rule);
	append_key(buf, false, "value");
	appendStringInfo(buf, "%d}", severity_floors[rule].value);
}

/*
 * The severity_explain document.  Built as JSON text, every string through
 * escape_json, and parsed to jsonb once.
 */
Datum
severity_explain_jsonb(const SeverityFactors *in, bool nis2_null,
					   const FactorNotes *notes)
{
	SeverityOutcome out;
	StringInfoData buf;
	int			order[NFACTORS];
	int			f,
				g,
				ntop;

	severity_compute(in, &out, true);
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	append_key(&buf, true, "model");
	escape_json(&buf, "ISM-1");
	append_key(&buf, false, "score");
	append_score10(&buf, out.score10);
	append_key(&buf, false, "level");
	escape_json(&buf, level_label[severity_level_index10(out.score10)]);
	append_key(&buf, false, "base");
	append_score10(&buf, out.base10);
	append_key(&buf, false, "floor");
	if (out.floor_rule >= 0)
		append_floor(&buf, out.floor_rule);
	else
		appendStringInfoString(&buf, "null");
	append_key(&buf, false, "floors_met");
	appendStringInfoChar(&buf, '[');
	for (g = 0, f = 0; f < NFLOORS; f++)
		if (out.floors_met & (1 << f))
		{
			if (g++)
				appendStringInfoString(&buf, ", ");
			append_floor(&buf, f);
		}
	appendStringInfoChar(&buf, ']');
	append_key(&buf, false, "lo");
	append_score10(&buf, out.lo10);
	append_key(&buf, false, "hi");
	append_score10(&buf, out.hi10);
	append_key(&buf, false, "coverage");
	appendStringInfo(&buf, "%d.%02d", out.coverage / 100, out.coverage % 100);
	append_key(&buf, false, "provisional");
	appendStringInfoString(&buf, out.coverage < 50 ? "true" : "false");
	append_key(&buf, false, "nis2_significant");
	appendStringInfoString(&buf, nis2_null ? "null" : (in->nis2 ? "true" : "false"));
	append_key(&buf, false, "factors");
	appendStringInfoChar(&buf, '{');
	for (f = 0; f < NFACTORS; f++)
	{
		append_key(&buf, f == 0, factor_key[f]);
		appendStringInfoChar(&buf, '{');
		append_key(&buf, true, "name");
		escape_json(&buf, factor_title[f]);
		append_key(&buf, false, "value");
		appendStringInfo(&buf, "%d", out.used[f]);
		append_key(&buf, false, "imputed");
		appendStringInfoString(&buf, in->known[f] ? "false" : "true");
		append_key(&buf, false, "weight");
		appendStringInfo(&buf, "0.%02d", factor_weight[f]);
		append_key(&buf, false, "contribution");
		append_share(&buf, out.term[f], out.q);
		if (f == F_K)
		{
			append_key(&buf, false, "gated");
			appendStringInfo(&buf, "%d.%02d", out.kgated100 / 100, out.kgated100 % 100);
		}
		if (notes && notes->text[f].len > 0)
			appendStringInfo(&buf, ", %s", notes->text[f].data);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoChar(&buf, '}');
	append_key(&buf, false, "top_contributors");
	appendStringInfoChar(&buf, '[');
	/* factors by contribution, largest first (stable: model order on ties) */
	for (f = 0; f < NFACTORS; f++)
		order[f] = f;
	for (f = 1; f < NFACTORS; f++)
	{
		int			x = order[f];

		for (g = f; g > 0 && out.term[order[g - 1]] < out.term[x]; g--)
			order[g] = order[g - 1];
		order[g] = x;
	}
	ntop = 0;
	for (f = 0; f < NFACTORS && ntop < 3 && out.q > 0; f++)
	{
		if (out.term[order[f]] == 0)
			break;
		if (ntop++)
			appendStringInfoString(&buf, ", ");
		appendStringInfoChar(&buf, '{');
		append_key(&buf, true, "factor");
		escape_json(&buf, factor_key[order[f]]);
		append_key(&buf, false, "contribution");
		append_share(&buf, out.term[order[f]], out.q);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "]}");
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* ISM-1 score of nine factors (NULL = unknown), rounded to 0.1. */
PG_FUNCTION_INFO_V1(severity_score);
Datum
severity_score(PG_FUNCTION_ARGS)
{
	SeverityFactors in;
	SeverityOutcome out;

	severity_read_args(fcinfo, &in);
	severity_compute(&in, &out, false);
	PG_RETURN_DATUM(score10_datum(out.score10));
}

/* The score with its base, floors, bounds, coverage and factor shares. */
PG_FUNCTION_INFO_V1(severity_explain);
Datum
severity_explain(PG_FUNCTION_ARGS)
{
	SeverityFactors in;

	severity_read_args(fcinfo, &in);
	PG_RETURN_DATUM(severity_explain_jsonb(&in,
										   PG_NARGS() > NFACTORS && PG_ARGISNULL(NFACTORS),
										   NULL));
}

/* OIDs of the severity_level labels, cached per call site. */
typedef struct LevelCache
{
	Oid			label_oid[6];
} LevelCache;

static Oid
enum_label_oid(Oid enumtypid, const char *label)
{
	HeapTuple	tup;
	Oid			result;

	tup = SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(enumtypid),
						  CStringGetDatum(label));
	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("enum %u has no label \"%s\"", enumtypid, label)));
	result = ((Form_pg_enum) GETSTRUCT(tup))->oid;
	ReleaseSysCache(tup);
	return result;
}

/* NCISS band of a 0-100 score as a severity_level. */
PG_FUNCTION_INFO_V1(severity_level);
Datum
severity_level(PG_FUNCTION_ARGS)
{
	Datum		score = NumericGetDatum(PG_GETARG_NUMERIC(0));
	LevelCache *cache = (LevelCache *) fcinfo->flinfo->fn_extra;
	static const int bounds[5] = {35, 50, 65, 75, 90};
	int			idx;

	if (cache == NULL)
	{
		Oid			typid = get_func_rettype(fcinfo->flinfo->fn_oid);

		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(LevelCache));
		for (idx = 0; idx < 6; idx++)
			cache->label_oid[idx] = enum_label_oid(typid, level_label[idx]);
		fcinfo->flinfo->fn_extra = cache;
	}

	if (numeric_is_nan(DatumGetNumeric(score)) ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, score,
										  NumericGetDatum(int64_to_numeric(0)))) < 0 ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, score,
										  NumericGetDatum(int64_to_numeric(100)))) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("severity score is out of range: %s",
						DatumGetCString(DirectFunctionCall1(numeric_out, score))),
				 errdetail("A severity score runs from 0 to 100.")));

	for (idx = 0; idx < 5; idx++)
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, score,
											  NumericGetDatum(int64_to_numeric(bounds[idx])))) < 0)
			break;
	PG_RETURN_OID(cache->label_oid[idx]);
}
