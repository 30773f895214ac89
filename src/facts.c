/*
 * facts.c
 *		The derived facts stored on each incident (docs/facts.md): severity
 *		score, level, lo, hi, coverage and provisional flag, the effective
 *		CIA with its inferred part and basis, and the technique and tactic
 *		keys of the observed and of the inferred techniques.
 *
 * incident_facts_maintain is a BEFORE INSERT OR UPDATE row trigger on
 * incidents.  It computes every derived column from the row's own columns
 * with the same C code as the SQL functions (incident_severity_facts,
 * effective_cia, technique_rollup, technique_tactics), overwriting whatever
 * the statement wrote into them, and stamps the row with refdata_stamp(),
 * the hash of the reference data the computation read.  An UPDATE that
 * changes none of the columns the facts depend on, of a row whose stamp is
 * current, keeps the old facts without computing them again.
 *
 * incident_facts_stamp() gives the stamp of the reference data the calling
 * query sees.  A row whose derived_stamp differs was computed under other
 * reference data (changed since, in this transaction or a committed one, or
 * an older derivation): readers (incident_overview) then compute its facts
 * live, so a stored value is read only when it equals what the functions
 * give now.  refresh_incident_facts() rewrites the stale rows.  The
 * aggregation views read through incident_severity_stored,
 * incident_severity_firm_stored and effective_cia_stored, which apply the
 * same rule per row.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "nodes/pg_list.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "incident_analytics.h"
#include "refdata.h"
#include "severity.h"

/* The derived columns, in the order of the fragment that adds them. */
enum
{
	D_STAMP, D_SEVERITY, D_LEVEL, D_LO, D_HI, D_COVERAGE, D_PROVISIONAL,
	D_CIA_EFFECTIVE, D_CIA_INFERRED, D_CIA_BASIS,
	D_TECHNIQUE_KEYS, D_TACTIC_KEYS, D_INFERRED_TECHNIQUE_KEYS,
	D_INFERRED_TACTIC_KEYS, NDERIVED
};

static const char *const derived_name[NDERIVED] = {
	"derived_stamp", "derived_severity", "derived_severity_level",
	"derived_severity_lo", "derived_severity_hi", "derived_coverage",
	"derived_provisional", "derived_cia_effective", "derived_cia_inferred",
	"derived_cia_basis", "derived_technique_keys", "derived_tactic_keys",
	"derived_inferred_technique_keys", "derived_inferred_tactic_keys"
};

/* Columns the facts read besides the severity facts. */
enum
{
	S_TECHNIQUES, S_INFERRED, S_CIA, S_SUMMARY, NOTHER
};

static const char *const other_name[NOTHER] = {
	"techniques", "inferred_techniques", "cia", "summary"
};

static const char *const level_label[6] = {
	"baseline", "low", "medium", "high", "severe", "emergency"
};

/* Per statement (the trigger's FmgrInfo): column numbers and callees. */
typedef struct FactsState
{
	Oid			relid;
	Oid			nspid;			/* the extension's schema */
	IncidentCache *severity;
	AttrNumber	fact_att[INCIDENT_FACT_NCOLUMNS];	/* 0-based */
	AttrNumber	other_att[NOTHER];
	AttrNumber	derived_att[NDERIVED];
	AttrNumber	source_att[INCIDENT_FACT_NCOLUMNS + NOTHER];
	int			nsource;
	Oid			level_oid[6];
	FmgrInfo	effective_cia;
	FmgrInfo	rollup;
	FmgrInfo	tactics;
} FactsState;

static AttrNumber
column_number(Relation rel, const char *name)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			k;

	for (k = 0; k < desc->natts; k++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, k);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
			return k;
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("incident_facts_maintain: table %s has no column \"%s\"",
					RelationGetRelationName(rel), name)));
	return -1;					/* keep the compiler quiet */
}

static Oid
column_type(Relation rel, AttrNumber att)
{
	return TupleDescAttr(RelationGetDescr(rel), att)->atttypid;
}

static void
lookup_function(FactsState *st, FmgrInfo *finfo, const char *name, int nargs,
				Oid *argtypes, MemoryContext mcxt)
{
	char	   *schema = get_namespace_name(st->nspid);
	Oid			fn;

	fn = LookupFuncName(list_make2(makeString(schema), makeString(pstrdup(name))),
						nargs, argtypes, false);
	fmgr_info_cxt(fn, finfo, mcxt);
}

static FactsState *
facts_state(FunctionCallInfo fcinfo, Relation rel)
{
	FactsState *st = (FactsState *) fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	MemoryContext old;
	Oid			types[INCIDENT_FACT_NCOLUMNS];
	Oid			argtypes[4];
	Oid			level_type;
	int			k;

	if (st != NULL && st->relid == RelationGetRelid(rel))
		return st;

	old = MemoryContextSwitchTo(mcxt);
	st = palloc0(sizeof(FactsState));
	st->relid = RelationGetRelid(rel);
	st->nspid = ia_home_namespace(fcinfo->flinfo->fn_oid);
	for (k = 0; k < INCIDENT_FACT_NCOLUMNS; k++)
	{
		st->fact_att[k] = column_number(rel, incident_severity_fact_columns[k]);
		types[k] = column_type(rel, st->fact_att[k]);
		st->source_att[st->nsource++] = st->fact_att[k];
	}
	for (k = 0; k < NOTHER; k++)
	{
		st->other_att[k] = column_number(rel, other_name[k]);
		if (k != S_TECHNIQUES)	/* already a severity fact */
			st->source_att[st->nsource++] = st->other_att[k];
	}
	for (k = 0; k < NDERIVED; k++)
		st->derived_att[k] = column_number(rel, derived_name[k]);
	st->severity = incident_severity_cache_create(mcxt, fcinfo->flinfo->fn_oid, types);

	level_type = column_type(rel, st->derived_att[D_LEVEL]);
	for (k = 0; k < 6; k++)
	{
		HeapTuple	tup = SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(level_type),
										  CStringGetDatum(level_label[k]));

		if (!HeapTupleIsValid(tup))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("type of column derived_severity_level has no label \"%s\"",
							level_label[k])));
		st->level_oid[k] = ((Form_pg_enum) GETSTRUCT(tup))->oid;
		ReleaseSysCache(tup);
	}

	argtypes[0] = column_type(rel, st->other_att[S_CIA]);
	argtypes[1] = column_type(rel, st->other_att[S_TECHNIQUES]);
	argtypes[2] = column_type(rel, st->other_att[S_INFERRED]);
	argtypes[3] = column_type(rel, st->other_att[S_SUMMARY]);
	lookup_function(st, &st->effective_cia, "effective_cia", 4, argtypes, mcxt);
	lookup_function(st, &st->rollup, "technique_rollup", 1, &argtypes[1], mcxt);
	lookup_function(st, &st->tactics, "technique_tactics", 1, &argtypes[1], mcxt);
	MemoryContextSwitchTo(old);
	fcinfo->flinfo->fn_extra = st;
	return st;
}

/*
 * effective_cia(cia, techniques, inferred_techniques, summary) through fmgr
 * (the SQL function's own code): its (cia_effective, cia_inferred,
 * cia_basis) tuple.
 */
static HeapTupleHeader
call_effective_cia(FmgrInfo *flinfo, const Datum *args, const bool *argnulls)
{
	LOCAL_FCINFO(ecall, 4);
	Datum		eff;

	InitFunctionCallInfoData(*ecall, flinfo, 4, DEFAULT_COLLATION_OID, NULL, NULL);
	for (int k = 0; k < 4; k++)
	{
		ecall->args[k].isnull = argnulls[k];
		ecall->args[k].value = argnulls[k] ? (Datum) 0 : args[k];
	}
	eff = FunctionCallInvoke(ecall);
	if (ecall->isnull)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("effective_cia returned NULL")));
	return DatumGetHeapTupleHeader(eff);
}

/* Compute every derived column of a row (values/nulls by attribute). */
static void
facts_compute(FactsState *st, uint64 stamp, Datum *values, bool *nulls,
			  Datum *out, bool *outnull)
{
	Datum		fv[INCIDENT_FACT_NCOLUMNS];
	bool		fn[INCIDENT_FACT_NCOLUMNS];
	SeverityOutcome so;
	AttrNumber	tech = st->other_att[S_TECHNIQUES];
	AttrNumber	inferred = st->other_att[S_INFERRED];
	Datum		eargs[4];
	bool		enulls[4];
	HeapTupleHeader eff_tuple;
	bool		isnull;
	int			k;

	for (k = 0; k < NDERIVED; k++)
		outnull[k] = false;

	/* severity: P reads the observed techniques, else the inferred ones */
	for (k = 0; k < INCIDENT_FACT_NCOLUMNS; k++)
	{
		AttrNumber	a = st->fact_att[k];

		if (a == tech && nulls[tech])
			a = inferred;
		fv[k] = values[a];
		fn[k] = nulls[a];
	}
	incident_severity_outcome(st->severity, fv, fn, &so, true);
	out[D_STAMP] = Int64GetDatum((int64) stamp);
	out[D_SEVERITY] = score10_datum(so.score10);
	out[D_LEVEL] = ObjectIdGetDatum(st->level_oid[severity_level_index10(so.score10)]);
	out[D_LO] = score10_datum(so.lo10);
	out[D_HI] = score10_datum(so.hi10);
	out[D_COVERAGE] = NumericGetDatum(int64_div_fast_to_numeric(so.coverage, 2));
	out[D_PROVISIONAL] = BoolGetDatum(so.coverage < 50);

	/* effective CIA */
	eargs[0] = values[st->other_att[S_CIA]];
	enulls[0] = nulls[st->other_att[S_CIA]];
	eargs[1] = values[tech];
	enulls[1] = nulls[tech];
	eargs[2] = values[inferred];
	enulls[2] = nulls[inferred];
	eargs[3] = values[st->other_att[S_SUMMARY]];
	enulls[3] = nulls[st->other_att[S_SUMMARY]];
	eff_tuple = call_effective_cia(&st->effective_cia, eargs, enulls);
	out[D_CIA_EFFECTIVE] = GetAttributeByNum(eff_tuple, 1, &outnull[D_CIA_EFFECTIVE]);
	out[D_CIA_INFERRED] = GetAttributeByNum(eff_tuple, 2, &outnull[D_CIA_INFERRED]);
	out[D_CIA_BASIS] = GetAttributeByNum(eff_tuple, 3, &isnull);
	outnull[D_CIA_BASIS] = isnull;

	/* keys (the functions are STRICT: NULL lists have NULL keys) */
	outnull[D_TECHNIQUE_KEYS] = outnull[D_TACTIC_KEYS] = nulls[tech];
	if (!nulls[tech])
	{
		out[D_TECHNIQUE_KEYS] = FunctionCall1(&st->rollup, values[tech]);
		out[D_TACTIC_KEYS] = FunctionCall1(&st->tactics, values[tech]);
	}
	outnull[D_INFERRED_TECHNIQUE_KEYS] = outnull[D_INFERRED_TACTIC_KEYS] = nulls[inferred];
	if (!nulls[inferred])
	{
		out[D_INFERRED_TECHNIQUE_KEYS] = FunctionCall1(&st->rollup, values[inferred]);
		out[D_INFERRED_TACTIC_KEYS] = FunctionCall1(&st->tactics, values[inferred]);
	}
}

/* Are two versions of a column bitwise the same value? */
static bool
column_same(TupleDesc desc, AttrNumber a, HeapTuple x, HeapTuple y)
{
	Form_pg_attribute att = TupleDescAttr(desc, a);
	bool		xnull,
				ynull;
	Datum		xv = heap_getattr(x, a + 1, desc, &xnull);
	Datum		yv = heap_getattr(y, a + 1, desc, &ynull);

	if (xnull || ynull)
		return xnull && ynull;
	return datumIsEqual(xv, yv, att->attbyval, att->attlen);
}

/*
 * BEFORE INSERT OR UPDATE row trigger on incidents: set the derived
 * columns from the row (see the head of this file).
 */
PG_FUNCTION_INFO_V1(incident_facts_maintain);
Datum
incident_facts_maintain(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Relation	rel;
	TupleDesc	desc;
	FactsState *st;
	HeapTuple	newtuple;
	uint64		stamp;
	Datum		out[NDERIVED];
	bool		outnull[NDERIVED];
	int			cols[NDERIVED];
	int			k;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("incident_facts_maintain() must be called as a trigger")));
	if (!TRIGGER_FIRED_BEFORE(td->tg_event) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) ||
		!(TRIGGER_FIRED_BY_INSERT(td->tg_event) || TRIGGER_FIRED_BY_UPDATE(td->tg_event)))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("incident_facts_maintain() must be a BEFORE INSERT OR UPDATE row trigger")));

	rel = td->tg_relation;
	desc = RelationGetDescr(rel);
	st = facts_state(fcinfo, rel);
	newtuple = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;

	refdata_ensure_namespace(st->nspid);
	stamp = refdata_stamp();

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	oldtuple = td->tg_trigtuple;
		bool		isnull;
		Datum		oldstamp = heap_getattr(oldtuple, st->derived_att[D_STAMP] + 1, desc, &isnull);
		bool		same = !isnull && (uint64) DatumGetInt64(oldstamp) == stamp;

		for (k = 0; same && k < st->nsource; k++)
			same = column_same(desc, st->source_att[k], oldtuple, newtuple);
		if (same)
		{
			/* current facts of unchanged sources: keep them */
			bool		unchanged = true;

			for (k = 0; unchanged && k < NDERIVED; k++)
				unchanged = column_same(desc, st->derived_att[k], oldtuple, newtuple);
			if (unchanged)
				return PointerGetDatum(newtuple);
			for (k = 0; k < NDERIVED; k++)
			{
				cols[k] = st->derived_att[k] + 1;
				out[k] = heap_getattr(oldtuple, cols[k], desc, &outnull[k]);
			}
			return PointerGetDatum(heap_modify_tuple_by_cols(newtuple, desc, NDERIVED,
															 cols, out, outnull));
		}
	}

	{
		Datum	   *values = palloc(sizeof(Datum) * desc->natts);
		bool	   *nulls = palloc(sizeof(bool) * desc->natts);

		heap_deform_tuple(newtuple, desc, values, nulls);
		facts_compute(st, stamp, values, nulls, out, outnull);
	}
	for (k = 0; k < NDERIVED; k++)
		cols[k] = st->derived_att[k] + 1;
	return PointerGetDatum(heap_modify_tuple_by_cols(newtuple, desc, NDERIVED,
													 cols, out, outnull));
}

/*
 * incident_facts_stamp(): the stamp of the reference data the calling
 * statement sees; stored facts with this derived_stamp are current.
 */
PG_FUNCTION_INFO_V1(incident_facts_stamp);
Datum
incident_facts_stamp(PG_FUNCTION_ARGS)
{
	Oid		   *nspid = (Oid *) fcinfo->flinfo->fn_extra;

	if (nspid == NULL)
	{
		nspid = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Oid));
		*nspid = ia_home_namespace(fcinfo->flinfo->fn_oid);
		fcinfo->flinfo->fn_extra = nspid;
	}
	refdata_ensure_namespace(*nspid);
	PG_RETURN_INT64((int64) refdata_stamp());
}

/* ----------------------------------------------------------------------
 * Readers for the aggregation views: the stored value when its stamp is
 * current, else the function of the row.  Functions in FROM over columns,
 * so a distributed planner can push them down like the live ones.
 * ---------------------------------------------------------------------- */

/* Is a stored stamp (argument argno) the one of the data the call sees? */
static bool
stamp_current(FunctionCallInfo fcinfo, int argno, Oid nspid)
{
	if (PG_ARGISNULL(argno))
		return false;
	refdata_ensure_namespace(nspid);
	return (uint64) PG_GETARG_INT64(argno) == refdata_stamp();
}

typedef struct StoredSeverityCache
{
	Oid			nspid;
	IncidentCache *severity;
} StoredSeverityCache;

/* The cache of a reader whose facts arguments follow incident_id at idarg. */
static StoredSeverityCache *
stored_severity_cache(FunctionCallInfo fcinfo, int idarg)
{
	StoredSeverityCache *cache = (StoredSeverityCache *) fcinfo->flinfo->fn_extra;
	Oid		   *argtypes;
	int			nargs;

	if (cache != NULL)
		return cache;
	get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
	if (nargs != idarg + 1 + INCIDENT_FACT_NCOLUMNS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
				 errmsg("stored severity function %u takes %d arguments, expected %d",
						fcinfo->flinfo->fn_oid, nargs, idarg + 1 + INCIDENT_FACT_NCOLUMNS)));
	cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(StoredSeverityCache));
	cache->nspid = ia_home_namespace(fcinfo->flinfo->fn_oid);
	cache->severity = incident_severity_cache_create(fcinfo->flinfo->fn_mcxt,
													 fcinfo->flinfo->fn_oid,
													 argtypes + idarg + 1);
	pfree(argtypes);
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

/* The live outcome of the facts arguments after incident_id at idarg. */
static void
stored_severity_live(FunctionCallInfo fcinfo, StoredSeverityCache *cache, int idarg,
					 SeverityOutcome *out)
{
	Datum		values[INCIDENT_FACT_NCOLUMNS];
	bool		nulls[INCIDENT_FACT_NCOLUMNS];
	int			k;

	for (k = 0; k < INCIDENT_FACT_NCOLUMNS; k++)
	{
		nulls[k] = PG_ARGISNULL(idarg + 1 + k);
		values[k] = nulls[k] ? (Datum) 0 : PG_GETARG_DATUM(idarg + 1 + k);
	}
	incident_severity_outcome(cache->severity, values, nulls, out, false);
}

/*
 * incident_severity_stored(stamp, stored severity, incident_id, facts...):
 * the stored severity while the stamp is current, else
 * incident_severity_facts(incident_id, facts...).
 */
PG_FUNCTION_INFO_V1(incident_severity_stored);
Datum
incident_severity_stored(PG_FUNCTION_ARGS)
{
	StoredSeverityCache *cache = stored_severity_cache(fcinfo, 2);
	SeverityOutcome out;

	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1) && stamp_current(fcinfo, 0, cache->nspid))
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	stored_severity_live(fcinfo, cache, 2, &out);
	PG_RETURN_DATUM(score10_datum(out.score10));
}

/*
 * incident_severity_firm_stored(stamp, stored severity, stored provisional,
 * incident_id, facts...): the stored severity unless provisional while the
 * stamp is current, else incident_severity_facts_firm(incident_id, facts...).
 */
PG_FUNCTION_INFO_V1(incident_severity_firm_stored);
Datum
incident_severity_firm_stored(PG_FUNCTION_ARGS)
{
	StoredSeverityCache *cache = stored_severity_cache(fcinfo, 3);
	SeverityOutcome out;

	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2) && stamp_current(fcinfo, 0, cache->nspid))
	{
		if (PG_GETARG_BOOL(2))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(1));
	}
	stored_severity_live(fcinfo, cache, 3, &out);
	if (out.coverage < 50)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(score10_datum(out.score10));
}

typedef struct StoredCiaCache
{
	Oid			nspid;
	FmgrInfo	effective_cia;
	TupleDesc	desc;
} StoredCiaCache;

/*
 * effective_cia_stored(stamp, stored cia_effective, stored cia_inferred,
 * stored cia_basis, cia, techniques, inferred_techniques, summary): the
 * stored effective CIA while the stamp is current, else effective_cia(cia,
 * techniques, inferred_techniques, summary).
 */
PG_FUNCTION_INFO_V1(effective_cia_stored);
Datum
effective_cia_stored(PG_FUNCTION_ARGS)
{
	StoredCiaCache *cache = (StoredCiaCache *) fcinfo->flinfo->fn_extra;
	Datum		values[3];
	bool		nulls[3];
	int			k;

	if (cache == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		Oid		   *argtypes;
		int			nargs;
		TupleDesc	desc;
		Oid			rettype;
		Oid			fn;

		if (get_call_result_type(fcinfo, &rettype, &desc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("effective_cia_stored: return type must be a row type")));
		get_func_signature(fcinfo->flinfo->fn_oid, &argtypes, &nargs);
		if (nargs != 8)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_FUNCTION_DEFINITION),
					 errmsg("effective_cia_stored: expected 8 arguments, got %d", nargs)));
		cache = palloc0(sizeof(StoredCiaCache));
		cache->nspid = ia_home_namespace(fcinfo->flinfo->fn_oid);
		cache->desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		fn = LookupFuncName(list_make2(makeString(get_namespace_name(cache->nspid)),
									   makeString(pstrdup("effective_cia"))),
							4, argtypes + 4, false);
		fmgr_info_cxt(fn, &cache->effective_cia, fcinfo->flinfo->fn_mcxt);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cache;
	}

	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2) && !PG_ARGISNULL(3) &&
		stamp_current(fcinfo, 0, cache->nspid))
	{
		for (k = 0; k < 3; k++)
		{
			values[k] = PG_GETARG_DATUM(k + 1);
			nulls[k] = false;
		}
	}
	else
	{
		Datum		eargs[4];
		bool		enulls[4];
		HeapTupleHeader tuple;

		for (k = 0; k < 4; k++)
		{
			enulls[k] = PG_ARGISNULL(k + 4);
			eargs[k] = enulls[k] ? (Datum) 0 : PG_GETARG_DATUM(k + 4);
		}
		tuple = call_effective_cia(&cache->effective_cia, eargs, enulls);
		for (k = 0; k < 3; k++)
			values[k] = GetAttributeByNum(tuple, k + 1, &nulls[k]);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->desc, values, nulls)));
}
