/*
 * severity.c
 *		The ISM-1 incident severity model of docs/severity.md: severity_score,
 *		severity_level and severity_explain over the nine factors S F I K N R
 *		P A E, and incident_severity_facts / incident_severity_facts_explain,
 *		which derive those factors from the facts (columns) of an incident.
 *		incident_severity(incidents) and incident_severity_explain(incidents)
 *		are SQL functions over these (40_severity.sql) that the planner
 *		inlines, so a query passes the columns and never builds a whole row.
 *
 * All arithmetic of the score is exact: the weights are integer per cents and
 * the factors integers, so Base^2 * 10^6 is an integer Q and the score rounded
 * to 0.1 (half away from zero) is found with integer comparisons.
 *
 * The derivation reads two reference tables, sectors (criticality) and
 * attack_techniques (tactics), through a per-backend cache loaded once with
 * SPI into CacheMemoryContext.  A statement-level trigger on both tables sends
 * a relcache invalidation; the cache is reloaded under the validity rule of
 * incident_analytics.h (data read under a snapshot older than the last
 * invalidation are never kept), so a change is seen by the next statement of
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

/* ----------------------------------------------------------------------
 * The model
 * ---------------------------------------------------------------------- */

enum
{
	F_S, F_F, F_I, F_K, F_N, F_R, F_P, F_A, F_E, NFACTORS
};

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

/* The facts of one score: each factor's value and whether it is known. */
typedef struct SeverityFactors
{
	int			v[NFACTORS];
	bool		known[NFACTORS];
	bool		nis2;
} SeverityFactors;

/* Everything the score and its explanation need. */
typedef struct SeverityOutcome
{
	int			used[NFACTORS];	/* value used: known, else prior */
	int64		term[NFACTORS]; /* w * v^2 scaled so that sum = Q */
	int64		q;				/* Base^2 * 10^6 */
	int			kgated100;		/* K' * 100 = K * max(F, S, I, E) */
	int			base10;			/* Base rounded, times 10 */
	int			floor_rule;		/* index of the floor that counts, or -1 */
	uint32		floors_met;		/* bit per floor met (known values) */
	int			score10;
	int			lo10;
	int			hi10;
	int			coverage;		/* per cent */
} SeverityOutcome;

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
static void
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

static int
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

static inline Datum
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

/*
 * Extra explanation of one factor, supplied by the incident derivation:
 * a JSON object text (without braces) appended to the factor's object.
 */
typedef struct FactorNotes
{
	StringInfoData text[NFACTORS];
} FactorNotes;

/* The severity_explain document. */
static Datum
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
	appendStringInfoString(&buf, "{\"model\": \"ISM-1\", \"score\": ");
	append_score10(&buf, out.score10);
	appendStringInfo(&buf, ", \"level\": \"%s\", \"base\": ",
					 level_label[severity_level_index10(out.score10)]);
	append_score10(&buf, out.base10);
	appendStringInfoString(&buf, ", \"floor\": ");
	if (out.floor_rule >= 0)
		appendStringInfo(&buf, "{\"rule\": \"%s\", \"value\": %d}",
						 severity_floors[out.floor_rule].rule,
						 severity_floors[out.floor_rule].value);
	else
		appendStringInfoString(&buf, "null");
	appendStringInfoString(&buf, ", \"floors_met\": [");
	for (g = 0, f = 0; f < NFLOORS; f++)
		if (out.floors_met & (1 << f))
			appendStringInfo(&buf, "%s{\"rule\": \"%s\", \"value\": %d}",
							 g++ ? ", " : "", severity_floors[f].rule,
							 severity_floors[f].value);
	appendStringInfoString(&buf, "], \"lo\": ");
	append_score10(&buf, out.lo10);
	appendStringInfoString(&buf, ", \"hi\": ");
	append_score10(&buf, out.hi10);
	appendStringInfo(&buf, ", \"coverage\": %d.%02d, \"provisional\": %s",
					 out.coverage / 100, out.coverage % 100,
					 out.coverage < 50 ? "true" : "false");
	appendStringInfo(&buf, ", \"nis2_significant\": %s",
					 nis2_null ? "null" : (in->nis2 ? "true" : "false"));
	appendStringInfoString(&buf, ", \"factors\": {");
	for (f = 0; f < NFACTORS; f++)
	{
		appendStringInfo(&buf, "%s\"%s\": {\"name\": \"%s\", \"value\": %d, \"imputed\": %s, \"weight\": 0.%02d, \"contribution\": ",
						 f ? ", " : "", factor_key[f], factor_title[f],
						 out.used[f], in->known[f] ? "false" : "true",
						 factor_weight[f]);
		append_share(&buf, out.term[f], out.q);
		if (f == F_K)
			appendStringInfo(&buf, ", \"gated\": %d.%02d",
							 out.kgated100 / 100, out.kgated100 % 100);
		if (notes && notes->text[f].len > 0)
			appendStringInfo(&buf, ", %s", notes->text[f].data);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "}, \"top_contributors\": [");
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
		appendStringInfo(&buf, "%s{\"factor\": \"%s\", \"contribution\": ",
						 ntop++ ? ", " : "", factor_key[order[f]]);
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

/* ----------------------------------------------------------------------
 * Reference cache: sector criticality and technique progression
 * ---------------------------------------------------------------------- */

typedef struct SectorEntry
{
	int32		key;
	int16		criticality;
} SectorEntry;

typedef struct TechniqueEntry
{
	int32		technique;
	int16		progression;
} TechniqueEntry;

typedef struct ReferenceCache
{
	RefCacheStamp stamp;		/* validity (incident_analytics.h) */
	MemoryContext cxt;
	SectorEntry *sectors;
	int			nsectors;
	TechniqueEntry *techniques;
	int			ntechniques;
} ReferenceCache;

static ReferenceCache refcache;

/* Key of a NAICS code: len * 10^6 + number; ranges 31-33 ... at 9 * 10^6. */
#define SECTOR_KEY_RANGE 9000000
static int32
sector_key(const char *s, int len)
{
	int32		num = 0;
	int			k;

	if (len == 5 && s[2] == '-')
	{
		if (memcmp(s, "31-33", 5) == 0)
			return SECTOR_KEY_RANGE + 31;
		if (memcmp(s, "44-45", 5) == 0)
			return SECTOR_KEY_RANGE + 44;
		if (memcmp(s, "48-49", 5) == 0)
			return SECTOR_KEY_RANGE + 48;
		return -1;
	}
	if (len < 2 || len > 6)
		return -1;
	for (k = 0; k < len; k++)
	{
		if (s[k] < '0' || s[k] > '9')
			return -1;
		num = num * 10 + (s[k] - '0');
	}
	return len * 1000000 + num;
}

static int
sector_entry_cmp(const void *a, const void *b)
{
	int32		x = ((const SectorEntry *) a)->key;
	int32		y = ((const SectorEntry *) b)->key;

	return (x > y) - (x < y);
}

static int
technique_entry_cmp(const void *a, const void *b)
{
	int32		x = ((const TechniqueEntry *) a)->technique;
	int32		y = ((const TechniqueEntry *) b)->technique;

	return (x > y) - (x < y);
}

/*
 * Progression P of an ATT&CK tactic id (TAnnnn), or -1 when the tactic does
 * not raise P.  Tactic ids are permanent in ATT&CK; the ICS tactics that act
 * on process control (Inhibit Response Function, Impair Process Control,
 * Impact) are 90.
 */
static int
tactic_progression(const char *id, int len)
{
	int			n = 0;
	int			k;

	if (len != 6 || id[0] != 'T' || id[1] != 'A')
		return -1;
	for (k = 2; k < 6; k++)
	{
		if (id[k] < '0' || id[k] > '9')
			return -1;
		n = n * 10 + (id[k] - '0');
	}
	switch (n)
	{
			/* Enterprise */
		case 43:				/* Reconnaissance */
		case 42:				/* Resource Development */
			return 10;
		case 1:					/* Initial Access */
		case 2:					/* Execution */
		case 3:					/* Persistence */
		case 5:					/* Defense Evasion */
		case 7:					/* Discovery */
		case 11:				/* Command and Control */
			return 40;
		case 6:					/* Credential Access */
		case 4:					/* Privilege Escalation */
		case 8:					/* Lateral Movement */
			return 60;
		case 9:					/* Collection */
		case 10:				/* Exfiltration */
		case 40:				/* Impact */
			return 80;
			/* Mobile */
		case 27:				/* Initial Access */
		case 41:				/* Execution */
		case 28:				/* Persistence */
		case 30:				/* Defense Evasion */
		case 32:				/* Discovery */
		case 37:				/* Command and Control */
			return 40;
		case 31:				/* Credential Access */
		case 29:				/* Privilege Escalation */
		case 33:				/* Lateral Movement */
			return 60;
		case 35:				/* Collection */
		case 36:				/* Exfiltration */
		case 34:				/* Impact */
		case 38:				/* Network Effects (retired) */
		case 39:				/* Remote Service Effects (retired) */
			return 80;
			/* ICS */
		case 108:				/* Initial Access */
		case 104:				/* Execution */
		case 110:				/* Persistence */
		case 103:				/* Evasion */
		case 102:				/* Discovery */
		case 101:				/* Command and Control */
			return 40;
		case 111:				/* Privilege Escalation */
		case 109:				/* Lateral Movement */
			return 60;
		case 100:				/* Collection */
			return 80;
		case 107:				/* Inhibit Response Function */
		case 106:				/* Impair Process Control */
		case 105:				/* Impact */
			return 90;
	}
	return -1;
}

/* ICS loss of safety (T0880) or loss of control (T0827): P = 100. */
#define TECHNIQUE_LOSS_OF_SAFETY	TECHNIQUE_MAKE(880, 0)
#define TECHNIQUE_LOSS_OF_CONTROL	TECHNIQUE_MAKE(827, 0)

static Oid
refcache_relid(Oid nspid, const char *relname)
{
	Oid			relid = get_relname_relid(relname, nspid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("reference table %s.%s is missing",
			 get_namespace_name(nspid), relname)));
	return relid;
}

/*
 * Load both maps with SPI; called on first use and whenever the data loaded
 * before may not be used (ia_ref_usable).  Every name in the queries is
 * schema-qualified and the result types are checked, so nothing a caller
 * creates (in pg_temp or on its search_path) can change what is cached.
 */
static void
refcache_load(Oid fn_oid)
{
	Oid			nspid = get_func_namespace(fn_oid);
	const char *nsp = quote_identifier(get_namespace_name(nspid));
	Oid			technique_type;
	MemoryContext cxt;
	MemoryContext oldcxt;
	SectorEntry *sectors;
	TechniqueEntry *techniques;
	int			nsectors = 0;
	int			ntechniques = 0;
	uint64		row;
	int			ret;

	ia_ref_watch(refcache_relid(nspid, "sectors"));
	ia_ref_watch(refcache_relid(nspid, "attack_techniques"));
	technique_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									 CStringGetDatum("attack_technique"),
									 ObjectIdGetDatum(nspid));
	/* before the queries: an invalidation they let in is noticed */
	ia_ref_load_begin(&refcache.stamp);

	cxt = AllocSetContextCreate(CacheMemoryContext,
								"incident_analytics severity reference cache",
								ALLOCSET_SMALL_SIZES);
	PG_TRY();
	{
		if ((ret = SPI_connect()) != SPI_OK_CONNECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("SPI_connect failed: %s", SPI_result_code_string(ret))));

		ret = SPI_execute(psprintf("SELECT s.code, s.criticality::pg_catalog.int4 FROM %s.sectors s", nsp),
						  true, 0);
		if (ret != SPI_OK_SELECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("reading %s.sectors failed: %s", nsp, SPI_result_code_string(ret))));
		{
			Oid			want[2] = {TEXTOID, INT4OID};

			ia_spi_check_columns(SPI_tuptable->tupdesc, "sectors", 2, want);
		}
		sectors = MemoryContextAlloc(cxt, sizeof(SectorEntry) * (SPI_processed + 1));
		for (row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tup = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull1,
						isnull2;
			Datum		code = SPI_getbinval(tup, desc, 1, &isnull1);
			Datum		crit = SPI_getbinval(tup, desc, 2, &isnull2);
			text	   *t;
			int32		key;

			if (isnull1 || isnull2)
				continue;
			t = DatumGetTextPP(code);
			key = sector_key(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
			if (key < 0)
				continue;
			sectors[nsectors].key = key;
			sectors[nsectors].criticality = (int16) DatumGetInt32(crit);
			nsectors++;
		}

		ret = SPI_execute(psprintf("SELECT a.technique, a.tactics FROM %s.attack_techniques a", nsp),
						  true, 0);
		if (ret != SPI_OK_SELECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("reading %s.attack_techniques failed: %s", nsp,
									 SPI_result_code_string(ret))));
		{
			Oid			want[2] = {technique_type, TEXTARRAYOID};

			ia_spi_check_columns(SPI_tuptable->tupdesc, "attack_techniques", 2, want);
		}
		techniques = MemoryContextAlloc(cxt, sizeof(TechniqueEntry) * (SPI_processed + 1));
		for (row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tup = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull1,
						isnull2;
			Datum		tech = SPI_getbinval(tup, desc, 1, &isnull1);
			Datum		tactics = SPI_getbinval(tup, desc, 2, &isnull2);
			int			best = -1;

			if (isnull1)
				continue;
			if (!isnull2)
			{
				ArrayType  *arr = DatumGetArrayTypeP(tactics);
				Datum	   *elems;
				bool	   *nulls;
				int			nelems,
							k;

				deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT,
								  &elems, &nulls, &nelems);
				for (k = 0; k < nelems; k++)
				{
					text	   *t;

					if (nulls[k])
						continue;
					t = DatumGetTextPP(elems[k]);
					best = Max(best, tactic_progression(VARDATA_ANY(t),
														VARSIZE_ANY_EXHDR(t)));
				}
			}
			if (best < 0)
				continue;
			techniques[ntechniques].technique = DatumGetAttackTechnique(tech);
			techniques[ntechniques].progression = (int16) best;
			ntechniques++;
		}
		SPI_finish();
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	/* sort; merge duplicates (a technique in several domains) by maximum */
	qsort(sectors, nsectors, sizeof(SectorEntry), sector_entry_cmp);
	qsort(techniques, ntechniques, sizeof(TechniqueEntry), technique_entry_cmp);
	if (ntechniques > 1)
	{
		int			w = 0,
					k;

		for (k = 1; k < ntechniques; k++)
		{
			if (techniques[k].technique == techniques[w].technique)
				techniques[w].progression = Max(techniques[w].progression,
												techniques[k].progression);
			else
				techniques[++w] = techniques[k];
		}
		ntechniques = w + 1;
	}

	oldcxt = refcache.cxt;
	refcache.cxt = cxt;
	refcache.sectors = sectors;
	refcache.nsectors = nsectors;
	refcache.techniques = techniques;
	refcache.ntechniques = ntechniques;
	if (oldcxt)
		MemoryContextDelete(oldcxt);
	ia_ref_load_end(&refcache.stamp);
}

static inline void
refcache_ensure(Oid fn_oid)
{
	if (!ia_ref_usable(&refcache.stamp))
		refcache_load(fn_oid);
}

static int
sector_lookup_key(int32 key)
{
	SectorEntry probe;
	SectorEntry *hit;

	probe.key = key;
	hit = bsearch(&probe, refcache.sectors, refcache.nsectors,
				  sizeof(SectorEntry), sector_entry_cmp);
	return hit ? hit->criticality : -1;
}

/*
 * Criticality of a NAICS code: the longest of the code and its prefixes
 * (down to 2 digits) present in sectors; a 2-digit sector inside a range
 * (31, 32, 33, 44, 45, 48, 49) falls back to the range.  *matched gets the
 * key found (for the explanation).
 */
static int
sector_criticality(const char *s, int len, int32 *matched)
{
	int32		key = sector_key(s, len);
	int			c;
	int			two;

	*matched = -1;
	if (key < 0)
		return -1;
	if ((c = sector_lookup_key(key)) >= 0)
	{
		*matched = key;
		return c;
	}
	if (key >= SECTOR_KEY_RANGE)
		return -1;
	for (len = len - 1; len >= 2; len--)
	{
		key = sector_key(s, len);
		if ((c = sector_lookup_key(key)) >= 0)
		{
			*matched = key;
			return c;
		}
	}
	two = (s[0] - '0') * 10 + (s[1] - '0');
	if (two >= 31 && two <= 33)
		key = SECTOR_KEY_RANGE + 31;
	else if (two == 44 || two == 45)
		key = SECTOR_KEY_RANGE + 44;
	else if (two == 48 || two == 49)
		key = SECTOR_KEY_RANGE + 48;
	else
		return -1;
	if ((c = sector_lookup_key(key)) >= 0)
		*matched = key;
	return c;
}

static void
sector_key_format(int32 key, char *buf)
{
	if (key >= SECTOR_KEY_RANGE)
		snprintf(buf, 8, "%d-%d", key - SECTOR_KEY_RANGE,
				 key - SECTOR_KEY_RANGE + (key == SECTOR_KEY_RANGE + 31 ? 2 : 1));
	else
		snprintf(buf, 8, "%0*d", key / 1000000, key % 1000000);
}

static int
technique_progression(AttackTechnique t)
{
	TechniqueEntry probe;
	TechniqueEntry *hit;

	if (t == TECHNIQUE_LOSS_OF_SAFETY || t == TECHNIQUE_LOSS_OF_CONTROL)
		return 100;
	probe.technique = t;
	hit = bsearch(&probe, refcache.techniques, refcache.ntechniques,
				  sizeof(TechniqueEntry), technique_entry_cmp);
	return hit ? hit->progression : -1;
}

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

/* Per call site: the enum maps and a buffer for short-header arrays. */
typedef struct IncidentCache
{
	EnumLadder	ladder[NCOLUMNS];
	char	   *arraybuf;		/* aligned copy of short-header arrays */
	Size		arraybuf_size;
} IncidentCache;

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
	int			k;

	if (cache)
		return cache;

	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != FACTS_NARGS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("incident severity function %u takes %d arguments, expected %d",
			 fcinfo->flinfo->fn_oid, nargs, FACTS_NARGS)));
	cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(IncidentCache));
	for (k = 0; k < NCOLUMNS; k++)
	{
		int			c = facts_arg_column[k];

		if (!column_ladder[c])
			continue;
		if (!type_is_enum(argtypes[k + 1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
					 errmsg("argument %s of incident severity function %u is not an enum",
				 column_name[c], fcinfo->flinfo->fn_oid)));
		enum_ladder_load(&cache->ladder[c], argtypes[k + 1], column_ladder[c]);
	}
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
incident_array(IncidentCache *cache, FunctionCallInfo fcinfo, Datum d)
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

			cache->arraybuf = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, want);
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
incident_factors(FunctionCallInfo fcinfo, const IncidentFacts *facts,
				 SeverityFactors *in, DerivationDetail *dd, bool *nis2_null)
{
	IncidentCache *cache = incident_cache_get(fcinfo);
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

		refcache_ensure(fcinfo->flinfo->fn_oid);
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
		AnyArrayType *arr = incident_array(cache, fcinfo, COLVAL(C_TECHNIQUES));
		int			n = ArrayGetNItems(AARR_NDIM(arr), AARR_DIMS(arr));
		array_iter	it;
		int			k;

		refcache_ensure(fcinfo->flinfo->fn_oid);
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
		AnyArrayType *arr = incident_array(cache, fcinfo, COLVAL(C_ACTOR_TYPES));
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
			marr = incident_array(cache, fcinfo, COLVAL(C_MOTIVES));
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
	incident_factors(fcinfo, &facts, &in, NULL, NULL);
	severity_compute(&in, &out, false);
	PG_RETURN_DATUM(score10_datum(out.score10));
}

static void
note_part(StringInfo s, const char *name, int v)
{
	if (v >= 0)
		appendStringInfo(s, "%s\"%s\": %d", s->len ? ", " : "", name, v);
}

static void
note_label(StringInfo s, const char *column, const char *label)
{
	if (label)
		appendStringInfo(s, "%s\"%s\": \"%s\"", s->len ? ", " : "", column, label);
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
	int			f;

	if (!incident_facts_read(fcinfo, &facts))
		PG_RETURN_NULL();
	memset(&dd, 0, sizeof(dd));
	incident_factors(fcinfo, &facts, &in, &dd, &nis2_null);
	for (f = 0; f < NFACTORS; f++)
		initStringInfo(&notes.text[f]);

	note_label(&notes.text[F_S], "safety_impact", dd.label[C_SAFETY]);
	note_label(&notes.text[F_F], "functional_impact", dd.label[C_FUNCTIONAL]);
	note_label(&notes.text[F_I], "information_impact", dd.label[C_INFORMATION]);
	if (dd.leaked)
		appendStringInfo(&notes.text[F_I], "%s\"data_leaked\": true",
						 notes.text[F_I].len ? ", " : "");
	note_part(&notes.text[F_I], "type", dd.part_a[F_I]);
	note_part(&notes.text[F_I], "volume", dd.part_b[F_I]);
	note_label(&notes.text[F_N], "scope", dd.label[C_SCOPE]);
	note_part(&notes.text[F_N], "scope_value", dd.part_a[F_N]);
	note_part(&notes.text[F_N], "people", dd.part_b[F_N]);
	note_label(&notes.text[F_R], "recoverability", dd.label[C_RECOVERABILITY]);
	note_part(&notes.text[F_R], "recoverability_value", dd.part_a[F_R]);
	note_part(&notes.text[F_R], "duration", dd.part_b[F_R]);
	note_label(&notes.text[F_E], "loss_rating", dd.label[C_LOSS_RATING]);
	note_part(&notes.text[F_E], "rating", dd.part_a[F_E]);
	note_part(&notes.text[F_E], "amount", dd.part_b[F_E]);
	if (dd.sector_matched >= 0)
	{
		char		code[8];

		sector_key_format(dd.sector_matched, code);
		appendStringInfo(&notes.text[F_K], "\"sector\": \"%s\"", code);
	}
	if (dd.top_technique >= 0)
	{
		char		tbuf[16];

		technique_format(dd.top_technique, tbuf);
		appendStringInfo(&notes.text[F_P], "\"technique\": \"%s\", \"techniques_counted\": %d",
						 tbuf, dd.techniques_counted);
	}
	if (dd.top_actor)
		appendStringInfo(&notes.text[F_A], "\"actor\": \"%s\"", dd.top_actor);

	PG_RETURN_DATUM(severity_explain_jsonb(&in, nis2_null, &notes));
}
