/*
 * visibility.c
 *		TLP 2.0 row-level security without sub-selects: the policies on
 *		incidents call these functions once per row, and the caller's
 *		memberships (what visible_orgs() and tlp_is_admin() answer) are read
 *		once per statement and kept in a one-entry cache.
 *
 * The cache entry belongs to one role under one snapshot of one local
 * transaction (user OID, lxid, and the active snapshot's xmin, xmax, command
 * id and completion count).  So SET ROLE, SECURITY DEFINER functions, a
 * membership changed earlier in the same transaction (a later command id), a
 * change committed by another session (a later READ COMMITTED snapshot) and
 * a new transaction each load again; within one statement, every row of
 * every shard scan uses one load.  Under REPEATABLE READ the snapshot stays,
 * and so do the memberships, as the snapshot says.
 *
 * The memberships come from the SQL functions visible_orgs() and
 * tlp_is_admin() themselves, called through SPI, so the rule is written once
 * (80_security.sql).  On a Citus worker those functions read reference
 * tables from inside a query on a shard; the load then allows Citus's nested
 * execution for itself only (the reference tables are local on every node).
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/arrayaccess.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "incident_analytics.h"

typedef struct OrgSet
{
	int			n;
	char	  **name;
	int		   *len;
} OrgSet;

typedef struct VisibilityCache
{
	bool		valid;
	/* key */
	Oid			userid;
	LocalTransactionId lxid;
	TransactionId xmin;
	TransactionId xmax;
	CommandId	curcid;
	uint64		completion;
	Oid			tlp_type;
	/* the caller's memberships */
	bool		admin;
	OrgSet		mine;			/* visible_orgs('amber+strict') = ('red') */
	OrgSet		green;			/* visible_orgs('green') */
	OrgSet		amber;			/* visible_orgs('amber') */
	/* enum value OIDs of tlp */
	Oid			tlp_clear;
	Oid			tlp_green;
	Oid			tlp_amber;
	Oid			tlp_amber_strict;
	Oid			tlp_red;
} VisibilityCache;

static VisibilityCache vcache;
static MemoryContext vcache_cxt = NULL;

static Oid
tlp_label_oid(Oid typoid, const char *label)
{
	Oid			oid;

	oid = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
						  ObjectIdGetDatum(typoid), CStringGetDatum(label));
	if (!OidIsValid(oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type %s has no value \"%s\"", format_type_be(typoid), label)));
	return oid;
}

/* Copy a text[] result column (NULL = empty) into set, in vcache_cxt. */
static void
orgset_fill(OrgSet *set, Datum d, bool isnull)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			k;
	MemoryContext old;

	set->n = 0;
	set->name = NULL;
	set->len = NULL;
	if (isnull)
		return;
	arr = DatumGetArrayTypeP(d);
	if (ARR_ELEMTYPE(arr) != TEXTOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("visible_orgs() returned %s, expected text[]",
						format_type_be(ARR_ELEMTYPE(arr)))));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	old = MemoryContextSwitchTo(vcache_cxt);
	set->name = palloc(sizeof(char *) * Max(n, 1));
	set->len = palloc(sizeof(int) * Max(n, 1));
	for (k = 0; k < n; k++)
	{
		text	   *t;

		if (nulls[k])
			continue;
		t = DatumGetTextPP(elems[k]);
		set->len[set->n] = VARSIZE_ANY_EXHDR(t);
		set->name[set->n] = pnstrdup(VARDATA_ANY(t), set->len[set->n]);
		set->n++;
	}
	MemoryContextSwitchTo(old);
}

static inline bool
orgset_has(const OrgSet *set, const char *s, int len)
{
	int			k;

	for (k = 0; k < set->n; k++)
		if (set->len[k] == len && memcmp(set->name[k], s, len) == 0)
			return true;
	return false;
}

/* Does the text[] datum share an element with set? */
static bool
orgset_overlaps(const OrgSet *set, Datum arrd)
{
	ArrayType  *arr;
	array_iter	it;
	int			n;
	int			k;

	if (set->n == 0)
		return false;
	arr = DatumGetArrayTypeP(arrd);
	if (ARR_ELEMTYPE(arr) != TEXTOID)
		return false;
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	array_iter_setup(&it, (AnyArrayType *) arr);
	for (k = 0; k < n; k++)
	{
		bool		isnull;
		Datum		e = array_iter_next(&it, &isnull, k, -1, false, TYPALIGN_INT);
		text	   *t;

		if (isnull)
			continue;
		t = DatumGetTextPP(e);
		if (orgset_has(set, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)))
			return true;
	}
	return false;
}

/* Load the caller's memberships, unless the entry already holds them. */
static VisibilityCache *
visibility_get(FunctionCallInfo fcinfo)
{
	Oid			userid = GetUserId();
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
	Oid			fn_ns;
	char	   *ns;
	StringInfoData q;
	int			save_nestlevel;
	int			rc;
	bool		isnull;

	if (vcache.valid && snap != NULL &&
		vcache.userid == userid &&
		vcache.lxid == MyProc->lxid &&
		vcache.xmin == snap->xmin &&
		vcache.xmax == snap->xmax &&
		vcache.curcid == snap->curcid &&
		vcache.completion == snap->snapXactCompletionCount)
		return &vcache;

	vcache.valid = false;
	if (vcache_cxt == NULL)
		vcache_cxt = AllocSetContextCreate(TopMemoryContext, "incident_analytics TLP visibility",
										   ALLOCSET_SMALL_SIZES);
	MemoryContextReset(vcache_cxt);

	/* the functions live in this function's schema (the extension's) */
	fn_ns = ia_home_namespace(fcinfo->flinfo->fn_oid);
	ns = get_namespace_name(fn_ns);
	if (ns == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema of function %u not found", fcinfo->flinfo->fn_oid)));
	ns = pstrdup(quote_identifier(ns));
	vcache.tlp_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									  CStringGetDatum("tlp"), ObjectIdGetDatum(fn_ns));
	if (!OidIsValid(vcache.tlp_type))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type tlp not found in the schema of function %u", fcinfo->flinfo->fn_oid)));
	vcache.tlp_clear = tlp_label_oid(vcache.tlp_type, "clear");
	vcache.tlp_green = tlp_label_oid(vcache.tlp_type, "green");
	vcache.tlp_amber = tlp_label_oid(vcache.tlp_type, "amber");
	vcache.tlp_amber_strict = tlp_label_oid(vcache.tlp_type, "amber+strict");
	vcache.tlp_red = tlp_label_oid(vcache.tlp_type, "red");

	initStringInfo(&q);
	appendStringInfo(&q,
					 "SELECT %s.visible_orgs('amber+strict'::%s.tlp, CURRENT_USER),"
					 " %s.visible_orgs('green'::%s.tlp, CURRENT_USER),"
					 " %s.visible_orgs('amber'::%s.tlp, CURRENT_USER),"
					 " %s.tlp_is_admin(CURRENT_USER)",
					 ns, ns, ns, ns, ns, ns, ns);

	save_nestlevel = NewGUCNestLevel();
	if (GetConfigOption("citus.allow_nested_distributed_execution", true, false) != NULL)
		(void) set_config_option("citus.allow_nested_distributed_execution", "on",
								 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE,
								 true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("SPI_connect failed while reading the caller's TLP memberships")));
	rc = SPI_execute(q.data, true, 1);
	if (rc != SPI_OK_SELECT || SPI_processed != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg("reading the caller's TLP memberships failed: %s", SPI_result_code_string(rc))));
	{
		Oid			types[4] = {TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, BOOLOID};
		HeapTuple	tup = SPI_tuptable->vals[0];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		Datum		d;

		ia_spi_check_columns(desc, "visible_orgs", 4, types);
		d = SPI_getbinval(tup, desc, 1, &isnull);
		orgset_fill(&vcache.mine, d, isnull);
		d = SPI_getbinval(tup, desc, 2, &isnull);
		orgset_fill(&vcache.green, d, isnull);
		d = SPI_getbinval(tup, desc, 3, &isnull);
		orgset_fill(&vcache.amber, d, isnull);
		d = SPI_getbinval(tup, desc, 4, &isnull);
		vcache.admin = !isnull && DatumGetBool(d);
	}
	SPI_finish();
	AtEOXact_GUC(true, save_nestlevel);
	pfree(q.data);

	vcache.userid = userid;
	vcache.lxid = MyProc->lxid;
	if (snap != NULL)
	{
		vcache.xmin = snap->xmin;
		vcache.xmax = snap->xmax;
		vcache.curcid = snap->curcid;
		vcache.completion = snap->snapXactCompletionCount;
		vcache.valid = true;
	}
	return &vcache;
}

/*
 * tlp_visible(level tlp, reported_by text, shared_with text[]) -> boolean:
 * may the current user read an incident with these values (the read policy
 * of incidents, plus incident_admin, who sees everything)?
 */
PG_FUNCTION_INFO_V1(tlp_visible);
Datum
tlp_visible(PG_FUNCTION_ARGS)
{
	VisibilityCache *c = visibility_get(fcinfo);
	Oid			level;

	if (c->admin)
		PG_RETURN_BOOL(true);
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	level = PG_GETARG_OID(0);
	if (level == c->tlp_clear)
		PG_RETURN_BOOL(true);
	if (!PG_ARGISNULL(1))
	{
		text	   *rb = PG_GETARG_TEXT_PP(1);
		const char *s = VARDATA_ANY(rb);
		int			len = VARSIZE_ANY_EXHDR(rb);

		/* the source organisation always sees its rows */
		if (orgset_has(&c->mine, s, len))
			PG_RETURN_BOOL(true);
		if (level == c->tlp_green && orgset_has(&c->green, s, len))
			PG_RETURN_BOOL(true);
	}
	if (PG_ARGISNULL(2))
		PG_RETURN_BOOL(false);
	if (level == c->tlp_amber)
		PG_RETURN_BOOL(orgset_overlaps(&c->amber, PG_GETARG_DATUM(2)));
	if (level == c->tlp_amber_strict || level == c->tlp_red)
		PG_RETURN_BOOL(orgset_overlaps(&c->mine, PG_GETARG_DATUM(2)));
	PG_RETURN_BOOL(false);
}

/*
 * tlp_acts_for(org text) -> boolean: does the current user act for org
 * (org is one of visible_orgs('amber+strict'))?  The insert and update
 * policies.
 */
PG_FUNCTION_INFO_V1(tlp_acts_for);
Datum
tlp_acts_for(PG_FUNCTION_ARGS)
{
	VisibilityCache *c = visibility_get(fcinfo);
	text	   *org;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	org = PG_GETARG_TEXT_PP(0);
	PG_RETURN_BOOL(orgset_has(&c->mine, VARDATA_ANY(org), VARSIZE_ANY_EXHDR(org)));
}

/* tlp_admin() -> boolean: tlp_is_admin() of the current user, cached. */
PG_FUNCTION_INFO_V1(tlp_admin);
Datum
tlp_admin(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(visibility_get(fcinfo)->admin);
}
