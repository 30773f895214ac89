/*
 * severity.c
 *		incident_severity_facts / incident_severity_facts_explain: the factors
 *		of the ISM-1 model (severity_model.c) derived from the facts (columns)
 *		of an incident, with the reference data of refdata.c.
 *		incident_severity(incidents) and incident_severity_explain(incidents)
 *		are SQL functions over these (40_severity.sql) that the planner
 *		inlines, so a query passes the columns and never builds a whole row.
 *
 * All arithmetic of the score is exact: the weights are integer per cents and
 * the factors integers, so Base^2 * 10^6 is an integer Q and the score rounded
 * to 0.1 (half away from zero) is found with integer comparisons.
 *
 * The derivation reads sector criticality (sectors) and technique
 * progression (attack_techniques, attack_tactics) from the per-backend
 * reference-data cache (refdata.h), which is reloaded under the validity
 * rule of incident_analytics.h, so a change is seen by the next statement of
 * the same session and by other sessions after commit, whatever snapshot
 * they were in when it arrived.
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
 * Factor derivation from the facts of an incident
 * ---------------------------------------------------------------------- */

/* The incidents columns the derivation reads. */
enum
{
	C_SECTOR, C_TECHNIQUES, C_MOTIVES, C_ACTOR_TYPES,
	C_SAFETY, C_FUNCTIONAL, C_INFORMATION, C_LEAKED, C_RECORDS,
	C_SCOPE, C_PEOPLE, C_RECOVERABILITY, C_DURATION,
	C_LOSS_RATING, C_LOSS_EUR, C_NIS2, NCOLUMNS
};

static const char *const column_name[NCOLUMNS] = {
	"sector", "techniques", "motives", "actor_types",
	"safety_impact", "functional_impact", "information_impact", "data_leaked",
	"records_affected", "scope", "people_affected", "recoverability",
	"outage_duration", "loss_rating", "loss_eur", "nis2_significant"
};

/* Ladders of the enum columns, by label (see 30_incidents.sql). */
typedef struct LadderStep
{
	const char *label;
	int			value;
} LadderStep;

static const LadderStep safety_ladder[] = {
	{"none", 0}, {"safety_systems_touched", 20}, {"degraded_care", 40},
	{"critical_care_disrupted", 70}, {"injury", 85}, {"death", 95},
	{"multiple_deaths", 100}, {NULL, 0}
};
static const LadderStep functional_ladder[] = {
	{"no_impact", 0}, {"no_impact_to_services", 20}, {"minimal_noncritical", 35},
	{"minimal_critical", 40}, {"significant_noncritical", 50},
	{"denial_noncritical", 60}, {"significant_critical", 70},
	{"denial_critical", 100}, {NULL, 0}
};
static const LadderStep information_ladder[] = {
	{"none", 0}, {"suspected", 10}, {"personal", 30}, {"payment_credentials", 40},
	{"internal_secrets", 50}, {"medical_sensitive", 60},
	{"critical_system_data", 70}, {"core_credentials", 80}, {"classified", 90},
	{"critical_data_destroyed", 100}, {NULL, 0}
};
static const LadderStep scope_ladder[] = {
	{"individual", 10}, {"organisation", 25}, {"large_organisation", 40},
	{"few_organisations", 55}, {"many_organisations", 70}, {"national", 85},
	{"multinational", 100}, {NULL, 0}
};
static const LadderStep recoverability_ladder[] = {
	{"regular", 20}, {"supplemented", 40}, {"extended", 60},
	{"not_recoverable", 100}, {NULL, 0}
};
static const LadderStep loss_ladder[] = {
	{"insignificant", 5}, {"distracting", 25}, {"painful", 50},
	{"damaging", 75}, {"catastrophic", 100}, {NULL, 0}
};

static const LadderStep *const column_ladder[NCOLUMNS] = {
	[C_SAFETY] = safety_ladder,
	[C_FUNCTIONAL] = functional_ladder,
	[C_INFORMATION] = information_ladder,
	[C_SCOPE] = scope_ladder,
	[C_RECOVERABILITY] = recoverability_ladder,
	[C_LOSS_RATING] = loss_ladder
};

#define MAX_ENUM_LABELS 32

/* An enum column's labels: OID -> ladder value (-1 = none). */
typedef struct EnumLadder
{
	int			n;
	Oid			oid[MAX_ENUM_LABELS];
	int			value[MAX_ENUM_LABELS];
	char		label[MAX_ENUM_LABELS][NAMEDATALEN];
} EnumLadder;

static void
enum_ladder_load(EnumLadder *el, Oid enumtypid, const LadderStep *steps)
{
	CatCList   *list;
	int			k;

	list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(enumtypid));
	el->n = 0;
	for (k = 0; k < list->n_members && el->n < MAX_ENUM_LABELS; k++)
	{
		Form_pg_enum e = (Form_pg_enum) GETSTRUCT(&list->members[k]->tuple);
		const char *label = NameStr(e->enumlabel);
		const LadderStep *s;

		el->oid[el->n] = e->oid;
		el->value[el->n] = -1;
		strlcpy(el->label[el->n], label, NAMEDATALEN);
		for (s = steps; s->label; s++)
			if (strcmp(s->label, label) == 0)
				el->value[el->n] = s->value;
		el->n++;
	}
	ReleaseSysCacheList(list);
}

static int
enum_ladder_value(const EnumLadder *el, Oid label, const char **name)
{
	int			k;

	for (k = 0; k < el->n; k++)
		if (el->oid[k] == label)
		{
			if (name)
				*name = el->label[k];
			return el->value[k];
		}
	return -1;
}

/*
 * Arguments of incident_severity_facts / incident_severity_facts_explain:
 * incident_id, then the facts in this order.
 */
#define FACTS_NARGS (1 + NCOLUMNS)
static const int facts_arg_column[NCOLUMNS] = {
	C_SAFETY, C_FUNCTIONAL, C_INFORMATION, C_LEAKED, C_RECORDS, C_SCOPE,
	C_PEOPLE, C_RECOVERABILITY, C_DURATION, C_TECHNIQUES, C_ACTOR_TYPES,
	C_MOTIVES, C_LOSS_RATING, C_LOSS_EUR, C_SECTOR, C_NIS2
};

/*
 * Per call site (a function's FmgrInfo, or a statement's trigger): the enum
 * maps, the function whose schema holds the reference tables, and a buffer
 * for short-header arrays.
 */
struct IncidentCache
{
	EnumLadder	ladder[NCOLUMNS];
	Oid			fn_oid;			/* for refdata_ensure */
	MemoryContext mcxt;			/* lives as long as the cache */
	char	   *arraybuf;		/* aligned copy of short-header arrays */
	Size		arraybuf_size;
};

/* The incidents columns of the facts arguments, in argument order. */
const char *const incident_severity_fact_columns[INCIDENT_FACT_NCOLUMNS] = {
	"safety_impact", "functional_impact", "information_impact", "data_leaked",
	"records_affected", "scope", "people_affected", "recoverability",
	"outage_duration", "techniques", "actor_types", "motives", "loss_rating",
	"loss_eur", "sector", "nis2_significant"
};

/*
 * A derivation cache for the facts in argument order whose types are
 * types[] (the enum arguments must be enums); fn_oid is a function of the
 * extension (its schema locates the reference tables).
 */
IncidentCache *
incident_severity_cache_create(MemoryContext mcxt, Oid fn_oid, const Oid *types)
{
	IncidentCache *cache = MemoryContextAllocZero(mcxt, sizeof(IncidentCache));
	int			k;

	StaticAssertStmt(INCIDENT_FACT_NCOLUMNS == NCOLUMNS,
					 "facts arguments and columns differ");
	cache->fn_oid = fn_oid;
	cache->mcxt = mcxt;
	for (k = 0; k < NCOLUMNS; k++)
	{
		int			c = facts_arg_column[k];

		if (!column_ladder[c])
			continue;
		if (!type_is_enum(types[k]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
					 errmsg("argument %s of incident severity function %u is not an enum",
							column_name[c], fn_oid)));
		enum_ladder_load(&cache->ladder[c], types[k], column_ladder[c]);
	}
	return cache;
}

/* The facts of one incident, by column. */
typedef struct IncidentFacts
{
	Datum		values[NCOLUMNS];
	bool		nulls[NCOLUMNS];
} IncidentFacts;

static IncidentCache *
incident_cache_get(FunctionCallInfo fcinfo)
{
	IncidentCache *cache = (IncidentCache *) fcinfo->flinfo->fn_extra;
	Oid		   *argtypes;
	int			nargs;

	if (cache)
		return cache;

	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != FACTS_NARGS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("incident severity function %u takes %d arguments, expected %d",
			 fcinfo->flinfo->fn_oid, nargs, FACTS_NARGS)));
	cache = incident_severity_cache_create(fcinfo->flinfo->fn_mcxt,
										   fcinfo->flinfo->fn_oid, argtypes + 1);
	pfree(argtypes);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/* The facts from the arguments; false when incident_id is NULL. */
static bool
incident_facts_read(FunctionCallInfo fcinfo, IncidentFacts *facts)
{
	int			k;

	if (PG_ARGISNULL(0))
		return false;
	for (k = 0; k < NCOLUMNS; k++)
	{
		int			c = facts_arg_column[k];

		facts->nulls[c] = PG_ARGISNULL(k + 1);
		facts->values[c] = facts->nulls[c] ? (Datum) 0 : PG_GETARG_DATUM(k + 1);
	}
	return true;
}

/*
 * An array datum ready for array_iter, without a per-row palloc when the
 * datum is already plain in the row.  Anything toasted (external, which
 * also has a 1-byte header, or compressed, inline or out of line) and
 * expanded arrays go through DatumGetAnyArrayP; only a plain short-header
 * (1-byte header, inline, uncompressed) array is copied into the call
 * site's buffer to give it the aligned 4-byte header array code expects.
 */
static AnyArrayType *
incident_array(IncidentCache *cache, Datum d)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(d);

	if (VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v))
		return DatumGetAnyArrayP(d);
	if (VARATT_IS_SHORT(v))
	{
		Size		len = VARSIZE_SHORT(v) - VARHDRSZ_SHORT;

		if (cache->arraybuf_size < len + VARHDRSZ)
		{
			Size		want = Max(len + VARHDRSZ, 256);

			cache->arraybuf = MemoryContextAlloc(cache->mcxt, want);
			cache->arraybuf_size = want;
		}
		SET_VARSIZE(cache->arraybuf, len + VARHDRSZ);
		memcpy(cache->arraybuf + VARHDRSZ, VARDATA_SHORT(v), len);
		return (AnyArrayType *) cache->arraybuf;
	}
	return (AnyArrayType *) v;
}

static inline bool
text_equals(Datum d, const char *s, int len)
{
	text	   *t = (text *) DatumGetPointer(d);

	return VARSIZE_ANY_EXHDR(t) == len && memcmp(VARDATA_ANY(t), s, len) == 0;
}

#define TEXT_IS(d, lit) text_equals(d, lit, sizeof(lit) - 1)

/* round(x) half away from zero, clamped to 0..100 */
static int
clamp_round(double x)
{
	if (!(x > 0))
		return 0;
	if (x >= 100)
		return 100;
	return (int) floor(x + 0.5);
}

/* 12.5 * log10(count), 0 for counts of 0 or 1 */
static int
volume_value(int64 count)
{
	if (count <= 1)
		return 0;
	return clamp_round(12.5 * log10((double) count));
}

/* Duration ladder on PostgreSQL's interval order (30-day months). */
static int
duration_value(const Interval *iv)
{
	const double hour = (double) USECS_PER_HOUR;
	const double day = (double) USECS_PER_DAY;
	double		span = (double) iv->month * DAYS_PER_MONTH * day +
		(double) iv->day * day + (double) iv->time;

	if (span < hour)
		return 10;
	if (span < day)
		return 25;
	if (span <= 7 * day)
		return 50;
	if (span <= 28 * day)
		return 70;
	if (span < 12 * DAYS_PER_MONTH * day)
		return 85;
	return 100;
}

/* Parts of the derivation kept for the explanation. */
typedef struct DerivationDetail
{
	const char *label[NCOLUMNS];	/* enum label of each enum column */
	int			part_a[NFACTORS];	/* first part (ladder), -1 unknown */
	int			part_b[NFACTORS];	/* second part (volume/duration/amount) */
	int32		sector_matched;
	AttackTechnique top_technique;
	int			techniques_counted;
	const char *top_actor;
	bool		leaked;
} DerivationDetail;

static inline int
max_known(int a, int b)
{
	return a > b ? a : b;
}

/* Derive the nine factors and NIS2 from the facts of an incident. */
static void
incident_factors(IncidentCache *cache, const IncidentFacts *facts,
				 SeverityFactors *in, DerivationDetail *dd, bool *nis2_null)
{
	int			col_val[NCOLUMNS];
	int			c,
				f;
	int			part_a[NFACTORS],
				part_b[NFACTORS];

#define COLNULL(c) (facts->nulls[c])
#define COLVAL(c) (facts->values[c])

	for (f = 0; f < NFACTORS; f++)
		part_a[f] = part_b[f] = -1;

	/* enum columns -> ladder values */
	for (c = 0; c < NCOLUMNS; c++)
	{
		col_val[c] = -1;
		if (column_ladder[c] && !COLNULL(c))
			col_val[c] = enum_ladder_value(&cache->ladder[c],
										   DatumGetObjectId(COLVAL(c)),
										   dd ? &dd->label[c] : NULL);
	}

	/* S, F: ladders */
	part_a[F_S] = col_val[C_SAFETY];
	part_a[F_F] = col_val[C_FUNCTIONAL];

	/* I: max(type + 10 when leaked, volume) */
	part_a[F_I] = col_val[C_INFORMATION];
	if (dd)
		dd->leaked = !COLNULL(C_LEAKED) && DatumGetBool(COLVAL(C_LEAKED));
	if (!COLNULL(C_LEAKED) && DatumGetBool(COLVAL(C_LEAKED)))
		part_a[F_I] = part_a[F_I] >= 0 ? Min(part_a[F_I] + 10, 100) : 20;
	if (!COLNULL(C_RECORDS))
		part_b[F_I] = volume_value(DatumGetInt64(COLVAL(C_RECORDS)));

	/* N: max(scope, volume of people) */
	part_a[F_N] = col_val[C_SCOPE];
	if (!COLNULL(C_PEOPLE))
		part_b[F_N] = volume_value(DatumGetInt64(COLVAL(C_PEOPLE)));

	/* R: max(recoverability, duration) */
	part_a[F_R] = col_val[C_RECOVERABILITY];
	if (!COLNULL(C_DURATION))
		part_b[F_R] = duration_value(DatumGetIntervalP(COLVAL(C_DURATION)));

	/* E: max(rating, 20 log10(EUR / 1000)) */
	part_a[F_E] = col_val[C_LOSS_RATING];
	if (!COLNULL(C_LOSS_EUR))
	{
		double		eur = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
															 COLVAL(C_LOSS_EUR)));

		/* NaN says nothing; infinity clamps to 100 */
		if (!isnan(eur))
			part_b[F_E] = eur > 1000.0 ? clamp_round(20.0 * log10(eur / 1000.0)) : 0;
	}

	/* K: sector criticality */
	if (dd)
		dd->sector_matched = -1;
	if (!COLNULL(C_SECTOR))
	{
		text	   *t = DatumGetTextPP(COLVAL(C_SECTOR));
		int32		matched;

		refdata_ensure(cache->fn_oid);
		part_a[F_K] = sector_criticality(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t),
										 &matched);
		if (dd)
			dd->sector_matched = matched;
	}

	/* P: highest progression over the techniques */
	if (dd)
	{
		dd->top_technique = -1;
		dd->techniques_counted = 0;
	}
	if (!COLNULL(C_TECHNIQUES))
	{
		AnyArrayType *arr = incident_array(cache, COLVAL(C_TECHNIQUES));
		int			n = ArrayGetNItems(AARR_NDIM(arr), AARR_DIMS(arr));
		array_iter	it;
		int			k;

		refdata_ensure(cache->fn_oid);
		array_iter_setup(&it, arr);
		for (k = 0; k < n; k++)
		{
			bool		isnull;
			Datum		d = array_iter_next(&it, &isnull, k, 4, true, TYPALIGN_INT);
			int			p;

			if (isnull)
				continue;
			p = technique_progression(DatumGetAttackTechnique(d));
			if (p < 0)
				continue;
			if (dd)
			{
				dd->techniques_counted++;
				if (p > part_a[F_P])
					dd->top_technique = DatumGetAttackTechnique(d);
			}
			part_a[F_P] = Max(part_a[F_P], p);
		}
	}

	/* A: highest actor ladder; nation_state with espionage/sabotage 100 */
	if (dd)
		dd->top_actor = NULL;
	if (!COLNULL(C_ACTOR_TYPES))
	{
		AnyArrayType *arr = incident_array(cache, COLVAL(C_ACTOR_TYPES));
		int			n = ArrayGetNItems(AARR_NDIM(arr), AARR_DIMS(arr));
		array_iter	it;
		int			k;
		bool		nation_state = false;

		array_iter_setup(&it, arr);
		for (k = 0; k < n; k++)
		{
			bool		isnull;
			Datum		d = array_iter_next(&it, &isnull, k, -1, false, TYPALIGN_INT);
			int			a = -1;
			const char *name = NULL;

			if (isnull)
				continue;
			if (TEXT_IS(d, "hacktivist"))
				a = 20, name = "hacktivist";
			else if (TEXT_IS(d, "insider_error"))
				a = 30, name = "insider_error";
			else if (TEXT_IS(d, "criminal"))
				a = 40, name = "criminal";
			else if (TEXT_IS(d, "malicious_insider"))
				a = 65, name = "malicious_insider";
			else if (TEXT_IS(d, "state_affiliated"))
				a = 80, name = "state_affiliated";
			else if (TEXT_IS(d, "nation_state"))
				a = 80, name = "nation_state", nation_state = true;
			else if (TEXT_IS(d, "terrorist"))
				a = 80, name = "terrorist";
			if (a > part_a[F_A])
			{
				part_a[F_A] = a;
				if (dd)
					dd->top_actor = name;
			}
		}
		if (nation_state && !COLNULL(C_MOTIVES))
		{
			AnyArrayType *marr;

			/* the actor array's buffer is no longer needed: reuse it */
			marr = incident_array(cache, COLVAL(C_MOTIVES));
			n = ArrayGetNItems(AARR_NDIM(marr), AARR_DIMS(marr));
			array_iter_setup(&it, marr);
			for (k = 0; k < n; k++)
			{
				bool		isnull;
				Datum		d = array_iter_next(&it, &isnull, k, -1, false, TYPALIGN_INT);

				if (!isnull && (TEXT_IS(d, "espionage") || TEXT_IS(d, "sabotage")))
				{
					part_a[F_A] = 100;
					if (dd)
						dd->top_actor = "nation_state with espionage or sabotage motive";
					break;
				}
			}
		}
	}

	for (f = 0; f < NFACTORS; f++)
	{
		int			v = max_known(part_a[f], part_b[f]);

		in->known[f] = (v >= 0);
		in->v[f] = v >= 0 ? v : 0;
		if (dd)
		{
			dd->part_a[f] = part_a[f];
			dd->part_b[f] = part_b[f];
		}
	}
	in->nis2 = !COLNULL(C_NIS2) && DatumGetBool(COLVAL(C_NIS2));
	if (nis2_null)
		*nis2_null = COLNULL(C_NIS2);
#undef COLNULL
#undef COLVAL
}

/*
 * The outcome (score, coverage, and with bounds lo and hi) of the facts
 * values[] / nulls[] in argument order (incident_severity_fact_columns), as
 * incident_severity_facts computes it; for the stored facts of incidents
 * (facts.c).
 */
void
incident_severity_outcome(IncidentCache *cache, const Datum *values,
						  const bool *nulls, SeverityOutcome *out, bool bounds)
{
	IncidentFacts facts;
	SeverityFactors in;
	int			k;

	for (k = 0; k < NCOLUMNS; k++)
	{
		int			c = facts_arg_column[k];

		facts.nulls[c] = nulls[k];
		facts.values[c] = nulls[k] ? (Datum) 0 : values[k];
	}
	incident_factors(cache, &facts, &in, NULL, NULL);
	severity_compute(&in, out, bounds);
}

/* ISM-1 severity of an incident from its facts (NULL when incident_id is). */
PG_FUNCTION_INFO_V1(incident_severity_facts);
Datum
incident_severity_facts(PG_FUNCTION_ARGS)
{
	IncidentFacts facts;
	SeverityFactors in;
	SeverityOutcome out;

	if (!incident_facts_read(fcinfo, &facts))
		PG_RETURN_NULL();
	incident_factors(incident_cache_get(fcinfo), &facts, &in, NULL, NULL);
	severity_compute(&in, &out, false);
	PG_RETURN_DATUM(score10_datum(out.score10));
}

/* A ladder part of a factor, when known. */
static void
note_part(FactorNotes *notes, int f, const char *name, int v)
{
	if (v >= 0)
		factor_note_int(notes, f, name, v);
}

/* The enum label an incident column had, when set. */
static void
note_label(FactorNotes *notes, int f, const char *column, const char *label)
{
	if (label)
		factor_note_text(notes, f, column, label);
}

/*
 * The coverage of an incident's severity, 0-1 with two decimals: the summed
 * weights of the factors its facts make known (NULL when incident_id is).
 * incident_overview derives coverage and provisional from it without building
 * the jsonb explanation.
 */
PG_FUNCTION_INFO_V1(incident_severity_facts_coverage);
Datum
incident_severity_facts_coverage(PG_FUNCTION_ARGS)
{
	IncidentFacts facts;
	SeverityFactors in;
	SeverityOutcome out;

	if (!incident_facts_read(fcinfo, &facts))
		PG_RETURN_NULL();
	incident_factors(incident_cache_get(fcinfo), &facts, &in, NULL, NULL);
	severity_compute(&in, &out, false);
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(out.coverage, 2));
}

/*
 * The severity of an incident's facts when it is firm, NULL when it is
 * provisional (the known factors weigh less than half: the score rests mostly
 * on priors) or when incident_id is NULL.  The aggregation views report it
 * beside the all-incidents measures (scored_incidents, mean_severity_scored).
 */
PG_FUNCTION_INFO_V1(incident_severity_facts_firm);
Datum
incident_severity_facts_firm(PG_FUNCTION_ARGS)
{
	IncidentFacts facts;
	SeverityFactors in;
	SeverityOutcome out;

	if (!incident_facts_read(fcinfo, &facts))
		PG_RETURN_NULL();
	incident_factors(incident_cache_get(fcinfo), &facts, &in, NULL, NULL);
	severity_compute(&in, &out, false);
	if (out.coverage < 50)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(score10_datum(out.score10));
}

/* severity_explain of an incident's facts, with where each factor came from. */
PG_FUNCTION_INFO_V1(incident_severity_facts_explain);
Datum
incident_severity_facts_explain(PG_FUNCTION_ARGS)
{
	IncidentFacts facts;
	SeverityFactors in;
	DerivationDetail dd;
	FactorNotes notes;
	bool		nis2_null;

	if (!incident_facts_read(fcinfo, &facts))
		PG_RETURN_NULL();
	memset(&dd, 0, sizeof(dd));
	incident_factors(incident_cache_get(fcinfo), &facts, &in, &dd, &nis2_null);
	factor_notes_init(&notes);

	note_label(&notes, F_S, "safety_impact", dd.label[C_SAFETY]);
	note_label(&notes, F_F, "functional_impact", dd.label[C_FUNCTIONAL]);
	note_label(&notes, F_I, "information_impact", dd.label[C_INFORMATION]);
	if (dd.leaked)
		factor_note_bool(&notes, F_I, "data_leaked", true);
	note_part(&notes, F_I, "type", dd.part_a[F_I]);
	note_part(&notes, F_I, "volume", dd.part_b[F_I]);
	note_label(&notes, F_N, "scope", dd.label[C_SCOPE]);
	note_part(&notes, F_N, "scope_value", dd.part_a[F_N]);
	note_part(&notes, F_N, "people", dd.part_b[F_N]);
	note_label(&notes, F_R, "recoverability", dd.label[C_RECOVERABILITY]);
	note_part(&notes, F_R, "recoverability_value", dd.part_a[F_R]);
	note_part(&notes, F_R, "duration", dd.part_b[F_R]);
	note_label(&notes, F_E, "loss_rating", dd.label[C_LOSS_RATING]);
	note_part(&notes, F_E, "rating", dd.part_a[F_E]);
	note_part(&notes, F_E, "amount", dd.part_b[F_E]);
	if (dd.sector_matched >= 0)
	{
		char		code[8];

		sector_key_format(dd.sector_matched, code);
		factor_note_text(&notes, F_K, "sector", code);
	}
	if (dd.top_technique >= 0)
	{
		char		tbuf[16];

		technique_format(dd.top_technique, tbuf);
		factor_note_text(&notes, F_P, "technique", tbuf);
		factor_note_int(&notes, F_P, "techniques_counted", dd.techniques_counted);
	}
	if (dd.top_actor)
		factor_note_text(&notes, F_A, "actor", dd.top_actor);

	PG_RETURN_DATUM(severity_explain_jsonb(&in, nis2_null, &notes));
}
