/*
 * incident_analytics.c
 *		Module entry: the magic block and the extension's version function.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"

#include "incident_analytics.h"

PG_MODULE_MAGIC;

/* Version of the loaded shared library, to compare with the SQL objects. */
PG_FUNCTION_INFO_V1(incident_analytics_version);
Datum
incident_analytics_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(IA_VERSION));
}
