/*
 * incident_analytics.c
 *		Module entry: the magic block, the extension's version function and
 *		the trigger that keeps the per-backend reference caches current.
 */
#include "postgres.h"

#include "commands/trigger.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/inval.h"

#include "incident_analytics.h"

PG_MODULE_MAGIC;

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
