/*
 * interchange.c
 *		Name-based (version 5, SHA-1) UUIDs of RFC 9562 for the identifiers
 *		of exported objects: stix_bundle() derives every STIX id from the
 *		incident's (source, source_id) or the object's natural key, so a
 *		re-export of the same data gives the same ids and a consumer such as
 *		OpenCTI updates its objects instead of duplicating them.
 */
#include "postgres.h"

#include "common/cryptohash.h"
#include "common/sha1.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

#include "incident_analytics.h"

PG_FUNCTION_INFO_V1(ia_uuid_v5);

/* uuid_v5(namespace uuid, name text) -> uuid */
Datum
ia_uuid_v5(PG_FUNCTION_ARGS)
{
	pg_uuid_t  *ns = PG_GETARG_UUID_P(0);
	text	   *name = PG_GETARG_TEXT_PP(1);
	uint8		digest[SHA1_DIGEST_LENGTH];
	pg_uuid_t  *result;
	pg_cryptohash_ctx *ctx = pg_cryptohash_create(PG_SHA1);

	if (ctx == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	if (pg_cryptohash_init(ctx) < 0 ||
		pg_cryptohash_update(ctx, ns->data, UUID_LEN) < 0 ||
		pg_cryptohash_update(ctx, (const uint8 *) VARDATA_ANY(name),
							 VARSIZE_ANY_EXHDR(name)) < 0 ||
		pg_cryptohash_final(ctx, digest, sizeof(digest)) < 0)
	{
		const char *why = pg_cryptohash_error(ctx);

		pg_cryptohash_free(ctx);
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("SHA-1 failed: %s", why)));
	}
	pg_cryptohash_free(ctx);

	result = palloc(sizeof(pg_uuid_t));
	memcpy(result->data, digest, UUID_LEN);
	result->data[6] = (result->data[6] & 0x0f) | 0x50;	/* version 5 */
	result->data[8] = (result->data[8] & 0x3f) | 0x80;	/* RFC variant */
	PG_RETURN_UUID_P(result);
}
