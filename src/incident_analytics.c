/*
 * incident_analytics.c
 *		Module entry: the magic block, the extension's version function and
 *		the trigger that keeps the per-backend reference caches current.
 */
#include "postgres.h"

#include "access/transam.h"
#include "access/tupdesc.h"
#include "commands/trigger.h"
#include "fmgr.h"
#include "storage/proc.h"
#include "catalog/namespace.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/inval.h"
#include "utils/snapmgr.h"

#include "incident_analytics.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* ----------------------------------------------------------------------
 * Validity of the reference caches (see incident_analytics.h)
 * ---------------------------------------------------------------------- */

/* Bumped by every invalidation of a watched table; stamps start at 0. */
static uint64 ia_ref_generation = 1;

/*
 * The local transaction (MyProc->lxid) in which this backend last processed
 * an invalidation of reference data.  A transaction starts by taking in the
 * invalidations already queued (after its lxid is set), so a change whose
 * invalidation was processed in an earlier transaction had committed before
 * the current transaction began, and every snapshot of the current
 * transaction sees it.  An invalidation processed during the current
 * transaction may belong to a change its snapshot does not see: data loaded
 * in that transaction serve only their own snapshot.  (The snapshot's own
 * xactCompletionCount cannot tell: the active snapshot is a copy, and copies
 * carry 0, so nothing was ever kept between transactions.)
 */
static LocalTransactionId ia_ref_inval_lxid = InvalidLocalTransactionId;

static inline void
ia_ref_note_inval(void)
{
	if (MyProc != NULL)
		ia_ref_inval_lxid = MyProc->lxid;
}

#define IA_MAX_WATCHED 16
static Oid	ia_ref_watched[IA_MAX_WATCHED];
static int	ia_ref_nwatched = 0;

static void
ia_ref_relcache_callback(Datum arg, Oid relid)
{
	/* until a load has told us the relations, every invalidation counts */
	if (OidIsValid(relid) && ia_ref_nwatched > 0)
	{
		int			k;

		for (k = 0; k < ia_ref_nwatched; k++)
			if (ia_ref_watched[k] == relid)
				break;
		if (k == ia_ref_nwatched)
			return;
	}
	ia_ref_generation++;
	ia_ref_note_inval();
}

void
ia_ref_watch(Oid relid)
{
	int			k;

	for (k = 0; k < ia_ref_nwatched; k++)
		if (ia_ref_watched[k] == relid)
			return;
	if (ia_ref_nwatched == IA_MAX_WATCHED)
	{
		/* a long-lived backend that saw the extension re-created many times */
		memmove(&ia_ref_watched[0], &ia_ref_watched[1], sizeof(Oid) * (IA_MAX_WATCHED - 1));
		ia_ref_nwatched--;
	}
	ia_ref_watched[ia_ref_nwatched++] = relid;
}

/* xmax of the snapshot SPI queries run under now; InvalidTransactionId if none. */
static TransactionId
ia_ref_snapshot_xmax(void)
{
	if (!ActiveSnapshotSet())
		return InvalidTransactionId;
	return GetActiveSnapshot()->xmax;
}

void
ia_ref_load_begin(RefCacheStamp *stamp)
{
	stamp->loaded = false;
	stamp->kept = false;
	stamp->generation = ia_ref_generation;
	stamp->snapshot_xmax = ia_ref_snapshot_xmax();
	stamp->lxid = MyProc->lxid;
}

void
ia_ref_load_end(RefCacheStamp *stamp)
{
	stamp->loaded = true;
	/*
	 * Keep the data only if nothing was invalidated while loading and the
	 * last invalidation was processed in an earlier transaction (see
	 * ia_ref_inval_lxid).
	 */
	stamp->kept = stamp->generation == ia_ref_generation &&
		ia_ref_inval_lxid != MyProc->lxid;
}

/* Snapshot (its xmax and transaction) under which pending invalidations were last taken in. */
static TransactionId ia_ref_checked_xmax = InvalidTransactionId;
static uint32 ia_ref_checked_lxid = 0;

bool
ia_ref_usable(const RefCacheStamp *stamp)
{
	TransactionId now;

	if (!stamp->loaded)
		return false;
	now = ia_ref_snapshot_xmax();
	if (now != ia_ref_checked_xmax || MyProc->lxid != ia_ref_checked_lxid)
	{
		/*
		 * A new snapshot: take in invalidations already queued (what a lock
		 * on the tables would do), so a change committed before it is seen.
		 */
		ia_ref_checked_xmax = now;
		ia_ref_checked_lxid = MyProc->lxid;
		AcceptInvalidationMessages();
	}
	if (stamp->generation != ia_ref_generation)
		return false;
	if (stamp->kept)
		return true;
	/* not kept: only for the snapshot it was loaded under */
	return stamp->lxid == MyProc->lxid && stamp->snapshot_xmax == now;
}

/*
 * The reference queries are fully qualified; this check is a second line:
 * whatever a caller has created, the cache is filled only from columns of
 * the expected types.
 */
void
ia_spi_check_columns(struct TupleDescData *desc, const char *table,
					 int natts, const Oid *types)
{
	int			k;

	if (desc->natts != natts)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("reading reference table %s returned %d columns, expected %d",
						table, desc->natts, natts)));
	for (k = 0; k < natts; k++)
		if (TupleDescAttr(desc, k)->atttypid != types[k])
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("reading reference table %s: column %d has type %s, expected %s",
							table, k + 1, format_type_be(TupleDescAttr(desc, k)->atttypid),
							format_type_be(types[k]))));
}

void
_PG_init(void)
{
	CacheRegisterRelcacheCallback(ia_ref_relcache_callback, (Datum) 0);
	/*
	 * Invalidations processed before the library was loaded were not seen:
	 * assume one just now, so a load under an older snapshot is not kept.
	 */
	ia_ref_note_inval();		/* MyProc is NULL in the postmaster (preload) */
}

/* Version of the loaded shared library, to compare with the SQL objects. */
PG_FUNCTION_INFO_V1(incident_analytics_version);
Datum
incident_analytics_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(IA_VERSION));
}

/*
 * Statement trigger on the reference tables that C code caches per backend
 * (sectors, attack_techniques).  Row changes do not invalidate a relcache
 * entry by themselves, so send one: the caches of severity.c and classify.c
 * listen for it through their relcache callbacks and reload, in this backend
 * at the next command and in the others once the change commits.
 */
PG_FUNCTION_INFO_V1(reference_cache_invalidate);
Datum
reference_cache_invalidate(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("reference_cache_invalidate() must be called as a trigger")));
	CacheInvalidateRelcache(((TriggerData *) fcinfo->context)->tg_relation);
	return PointerGetDatum(NULL);
}

Oid
ia_home_namespace(Oid fn_oid)
{
	static const char suffix[] = "_internal";
	Oid			nspid = get_func_namespace(fn_oid);
	char	   *name;
	size_t		len;

	if (!OidIsValid(nspid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema of function %u not found", fn_oid)));
	name = get_namespace_name(nspid);
	len = name ? strlen(name) : 0;
	if (len > sizeof(suffix) - 1 && strcmp(name + len - (sizeof(suffix) - 1), suffix) == 0)
	{
		char	   *home = pnstrdup(name, len - (sizeof(suffix) - 1));

		nspid = get_namespace_oid(home, false);
		pfree(home);
	}
	return nspid;
}
