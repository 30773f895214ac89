/*
 * severity_refdata.c
 *		The reference data the severity derivation reads: sector criticality
 *		(sectors) and technique progression (attack_techniques tactics),
 *		through a per-backend cache loaded once with SPI into
 *		CacheMemoryContext.  A statement-level trigger on both tables sends a
 *		relcache invalidation; the cache is reloaded under the validity rule of
 *		incident_analytics.h (data read under a snapshot older than the last
 *		invalidation are never kept).
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

void
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
int
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

void
sector_key_format(int32 key, char *buf)
{
	if (key >= SECTOR_KEY_RANGE)
		snprintf(buf, 8, "%d-%d", key - SECTOR_KEY_RANGE,
				 key - SECTOR_KEY_RANGE + (key == SECTOR_KEY_RANGE + 31 ? 2 : 1));
	else
		snprintf(buf, 8, "%0*d", key / 1000000, key % 1000000);
}

int
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
