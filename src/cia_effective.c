/*
 * cia_effective.c
 *		The effective CIA of an incident: per component the recorded level
 *		when it is known, else the evidence of the observed techniques, else
 *		of the inferred techniques, else of the summary text.  No component is
 *		ever set to N for lack of evidence: what stays unknown stays X.
 *
 *		The evidence comes from the SQL functions classify_cia(attack_technique[])
 *		and classify_cia(text) of the extension's schema, called through fmgr
 *		(looked up once per call site), so the classifiers and their reference
 *		caches stay where they are.  The text classifier, the dearest step, runs
 *		only when a component is still unknown after the techniques.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "nodes/pg_list.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "incident_analytics.h"

/* Where a component's effective level came from. */
typedef enum CiaBasis
{
	BASIS_NONE,					/* still unknown (X) */
	BASIS_RECORDED,				/* the cia column */
	BASIS_OBSERVED,				/* classify_cia(techniques) */
	BASIS_INFERRED,				/* classify_cia(inferred_techniques) */
	BASIS_TEXT					/* classify_cia(summary) */
} CiaBasis;

static const char *const basis_name[] = {"none", "recorded", "observed", "inferred", "text"};

/* The two classifiers, resolved once per call site. */
typedef struct EffectiveCache
{
	FmgrInfo	by_techniques;
	FmgrInfo	by_text;
	TupleDesc	result_desc;
} EffectiveCache;

static EffectiveCache *
effective_cache(FunctionCallInfo fcinfo)
{
	EffectiveCache *cache = (EffectiveCache *) fcinfo->flinfo->fn_extra;
	MemoryContext old;
	Oid		   *argtypes;
	int			nargs;
	Oid			rettype;
	char	   *schema;
	Oid			fn;
	Oid			textarg[1] = {TEXTOID};
	TupleDesc	desc;

	if (cache != NULL)
		return cache;

	schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	if (schema == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema of function %u not found", fcinfo->flinfo->fn_oid)));
	/* argument 2 is attack_technique[]: classify_cia takes the same type */
	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("effective_cia: expected 4 arguments, got %d", nargs)));

	if (get_call_result_type(fcinfo, &rettype, &desc) != TYPEFUNC_COMPOSITE)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("effective_cia: return type must be a row type"),
				 errdetail("The function was called in a context that cannot accept a row.")));

	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cache = palloc0(sizeof(EffectiveCache));
	cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
	fn = LookupFuncName(list_make2(makeString(schema), makeString("classify_cia")),
						1, &argtypes[1], false);
	fmgr_info_cxt(fn, &cache->by_techniques, fcinfo->flinfo->fn_mcxt);
	fn = LookupFuncName(list_make2(makeString(schema), makeString("classify_cia")),
						1, textarg, false);
	fmgr_info_cxt(fn, &cache->by_text, fcinfo->flinfo->fn_mcxt);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/* Fill the unknown components of level[] from evidence, noting the basis. */
static void
fill_from(Cia evidence, int *level, CiaBasis *basis, CiaBasis source)
{
	int			got[3] = {CIA_GET_C(evidence), CIA_GET_I(evidence), CIA_GET_A(evidence)};

	for (int k = 0; k < 3; k++)
		if (level[k] == CIA_X && got[k] != CIA_X)
		{
			level[k] = got[k];
			basis[k] = source;
		}
}

static bool
any_unknown(const int *level)
{
	return level[0] == CIA_X || level[1] == CIA_X || level[2] == CIA_X;
}

/* A techniques argument worth classifying (not NULL, not empty), detoasted once. */
static ArrayType *
techniques_arg(FunctionCallInfo fcinfo, int argno)
{
	ArrayType  *arr;

	if (PG_ARGISNULL(argno))
		return NULL;
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	return ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr)) > 0 ? arr : NULL;
}

/*
 * effective_cia(recorded cia, techniques attack_technique[],
 *               inferred_techniques attack_technique[], summary text)
 *   -> (cia_effective cia, cia_inferred cia, cia_basis text)
 * cia_inferred holds the components that did not come from the recorded
 * value (the others X); cia_basis names the source of each component.
 */
PG_FUNCTION_INFO_V1(effective_cia);
Datum
effective_cia(PG_FUNCTION_ARGS)
{
	EffectiveCache *cache = effective_cache(fcinfo);
	Cia			recorded = PG_ARGISNULL(0) ? CIA_UNKNOWN : PG_GETARG_CIA(0);
	int			level[3] = {CIA_GET_C(recorded), CIA_GET_I(recorded), CIA_GET_A(recorded)};
	CiaBasis	basis[3];
	int			inferred[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	char		buf[64];
	ArrayType  *arr;

	for (int k = 0; k < 3; k++)
		basis[k] = level[k] == CIA_X ? BASIS_NONE : BASIS_RECORDED;

	if (any_unknown(level) && (arr = techniques_arg(fcinfo, 1)) != NULL)
		fill_from(DatumGetCia(FunctionCall1Coll(&cache->by_techniques, InvalidOid, PointerGetDatum(arr))),
				  level, basis, BASIS_OBSERVED);
	if (any_unknown(level) && (arr = techniques_arg(fcinfo, 2)) != NULL)
		fill_from(DatumGetCia(FunctionCall1Coll(&cache->by_techniques, InvalidOid, PointerGetDatum(arr))),
				  level, basis, BASIS_INFERRED);
	if (any_unknown(level) && !PG_ARGISNULL(3))
		fill_from(DatumGetCia(FunctionCall1Coll(&cache->by_text, DEFAULT_COLLATION_OID,
												PointerGetDatum(PG_GETARG_TEXT_PP(3)))),
				  level, basis, BASIS_TEXT);

	for (int k = 0; k < 3; k++)
		inferred[k] = basis[k] == BASIS_RECORDED ? CIA_X : level[k];

	snprintf(buf, sizeof(buf), "C:%s/I:%s/A:%s",
			 basis_name[basis[0]], basis_name[basis[1]], basis_name[basis[2]]);
	values[0] = CiaGetDatum(CIA_MAKE(level[0], level[1], level[2]));
	values[1] = CiaGetDatum(CIA_MAKE(inferred[0], inferred[1], inferred[2]));
	values[2] = CStringGetTextDatum(buf);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->result_desc, values, nulls)));
}
