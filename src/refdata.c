/*
 * refdata.c
 *		The reference-data cache (refdata.h): sectors, attack_tactics and
 *		attack_techniques read with SPI by one loader into one per-backend
 *		cache in CacheMemoryContext.  A statement-level trigger on each table
 *		(reference_cache_invalidate) sends a relcache invalidation; the cache
 *		is reloaded under the validity rule of incident_analytics.h (data
 *		read under a snapshot older than the last invalidation are never
 *		kept).  Every derived value (current technique, tactics, progression,
 *		CIA contribution) is computed once per load.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "commands/extension.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "incident_analytics.h"
#include "refdata.h"

typedef struct SectorEntry
{
	int32		key;			/* first member (ia_int32_cmp) */
	int16		criticality;
} SectorEntry;

typedef struct TacticEntry
{
	const char *tactic;			/* first member (tactic_cmp) */
	int16		progression;	/* -1: NULL, does not raise P */
} TacticEntry;

typedef struct RefData
{
	RefCacheStamp stamp;		/* validity (incident_analytics.h) */
	Oid			nspid;			/* schema the data were read from */
	MemoryContext cxt;			/* holds everything below */
	SectorEntry *sectors;		/* sorted by key */
	int			nsectors;
	TechniqueEntry *techniques; /* sorted by technique */
	int			ntechniques;
	uint64		facts_stamp;	/* refdata_stamp() of these data */
} RefData;

static RefData refdata;

/* ICS loss of safety (T0880) or loss of control (T0827): P = 100. */
#define TECHNIQUE_LOSS_OF_SAFETY	TECHNIQUE_MAKE(880, 0)
#define TECHNIQUE_LOSS_OF_CONTROL	TECHNIQUE_MAKE(827, 0)
#define LOSS_TECHNIQUE(t) \
	((t) == TECHNIQUE_LOSS_OF_SAFETY || (t) == TECHNIQUE_LOSS_OF_CONTROL)

/* ----------------------------------------------------------------------
 * Sector keys
 * ---------------------------------------------------------------------- */

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
tactic_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* ----------------------------------------------------------------------
 * Loading
 * ---------------------------------------------------------------------- */

/* One attack_techniques row as read. */
typedef struct TechniqueRow
{
	AttackTechnique technique;	/* first member (ia_int32_cmp) */
	int			ord;			/* position in the query (matrix order) */
	AttackTechnique successor;	/* revoked_by, or -1 */
	Cia			cia;			/* rule of the row (no successor only) */
	int			ntactics;
	const char **tactics;
} TechniqueRow;

/* What one id has by itself, before the chains are followed. */
typedef struct TechniqueOwn
{
	AttackTechnique technique;	/* first member (ia_int32_cmp) */
	AttackTechnique successor;	/* first revoked_by in matrix order, or -1 */
	Cia			cia;
	int			progression;
	int			ntactics;
	const char **tactics;		/* of its rows without a successor */
} TechniqueOwn;

static int
technique_row_cmp(const void *a, const void *b)
{
	const TechniqueRow *x = a;
	const TechniqueRow *y = b;
	int			c = ia_int32_cmp(a, b);

	return c != 0 ? c : (x->ord > y->ord) - (x->ord < y->ord);
}

static Oid
refdata_relid(Oid nspid, const char *relname)
{
	Oid			relid = get_relname_relid(relname, nspid);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("reference table %s.%s is missing",
						get_namespace_name(nspid), relname)));
	return relid;
}

static void
refdata_query(const char *sql, const char *table, int natts, const Oid *types)
{
	int			ret = SPI_execute(sql, true, 0);

	if (ret != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("reading reference table %s failed: %s", table,
								 SPI_result_code_string(ret))));
	ia_spi_check_columns(SPI_tuptable->tupdesc, table, natts, types);
}

static Cia
cia_join(Cia a, Cia b)
{
	return CIA_MAKE(cia_level_max(CIA_GET_C(a), CIA_GET_C(b)),
					cia_level_max(CIA_GET_I(a), CIA_GET_I(b)),
					cia_level_max(CIA_GET_A(a), CIA_GET_A(b)));
}

static TechniqueOwn *
own_lookup(TechniqueOwn *own, int n, AttackTechnique t)
{
	return bsearch(&t, own, n, sizeof(TechniqueOwn), ia_int32_cmp);
}

/* The techniques: rows -> one TechniqueOwn per id -> entries. */
static TechniqueEntry *
refdata_build_techniques(MemoryContext cxt, TechniqueRow *rows, int nrows,
						 TacticEntry *tactics, int ntactics, int *nentries)
{
	TechniqueOwn *own = palloc0(sizeof(TechniqueOwn) * Max(nrows, 1));
	TechniqueEntry *entries;
	int			n = 0;
	int			k;

	/* rows of an id together, in matrix order */
	qsort(rows, nrows, sizeof(TechniqueRow), technique_row_cmp);
	for (k = 0; k < nrows; k++)
	{
		TechniqueRow *r = &rows[k];
		TechniqueOwn *o;

		if (n == 0 || own[n - 1].technique != r->technique)
		{
			o = &own[n++];
			o->technique = r->technique;
			o->successor = -1;
			o->cia = CIA_UNKNOWN;
			o->progression = -1;
			o->tactics = palloc(sizeof(char *) * Max(r->ntactics, 1));
		}
		o = &own[n - 1];
		if (r->successor >= 0)
		{
			if (o->successor < 0)
				o->successor = r->successor;
			continue;
		}
		o->cia = cia_join(o->cia, r->cia);
		if (r->ntactics > 0)
		{
			o->tactics = repalloc(o->tactics, sizeof(char *) * (o->ntactics + r->ntactics));
			memcpy(o->tactics + o->ntactics, r->tactics, sizeof(char *) * r->ntactics);
			o->ntactics += r->ntactics;
		}
	}
	for (k = 0; k < n; k++)
	{
		TechniqueOwn *o = &own[k];

		for (int j = 0; j < o->ntactics; j++)
		{
			TacticEntry *te = bsearch(&o->tactics[j], tactics, ntactics,
									  sizeof(TacticEntry), tactic_cmp);

			if (te != NULL)
				o->progression = Max(o->progression, te->progression);
		}
		if (LOSS_TECHNIQUE(o->technique))
			o->progression = 100;
	}

	/* follow each chain; the entry joins the data of every step */
	entries = MemoryContextAllocZero(cxt, sizeof(TechniqueEntry) * Max(n, 1));
	for (k = 0; k < n; k++)
	{
		TechniqueOwn *chain[REFDATA_MAX_HOPS + 1];
		int			nchain = 1;
		AttackTechnique current = own[k].technique;
		TechniqueEntry *e = &entries[k];
		const char **tac;
		int			ntac = 0;
		int			j;

		chain[0] = &own[k];
		if (own[k].successor >= 0)
		{
			AttackTechnique next = own[k].successor;
			bool		ended = false;

			for (int hop = 0; hop < REFDATA_MAX_HOPS && !ended; hop++)
			{
				TechniqueOwn *s = own_lookup(own, n, next);
				bool		seen = false;

				for (j = 0; j < nchain; j++)
					seen |= chain[j]->technique == next;
				if (seen)
					break;		/* a cycle */
				if (s == NULL)
				{
					current = next; /* not in the table: counts as itself */
					ended = true;
				}
				else
				{
					chain[nchain++] = s;
					if (s->successor < 0)
					{
						current = next;
						ended = true;
					}
					else
						next = s->successor;
				}
			}
			if (!ended)
				nchain = 1;		/* a cycle or too long: ignored */
		}

		e->technique = own[k].technique;
		e->current = current;
		e->cia = CIA_UNKNOWN;
		e->progression = -1;
		for (j = 0; j < nchain; j++)
			ntac += chain[j]->ntactics;
		tac = MemoryContextAlloc(cxt, sizeof(char *) * Max(ntac, 1));
		ntac = 0;
		for (j = 0; j < nchain; j++)
		{
			e->cia = cia_join(e->cia, chain[j]->cia);
			e->progression = Max(e->progression, chain[j]->progression);
			memcpy(tac + ntac, chain[j]->tactics, sizeof(char *) * chain[j]->ntactics);
			ntac += chain[j]->ntactics;
		}
		if (LOSS_TECHNIQUE(current))
			e->progression = 100;
		qsort(tac, ntac, sizeof(char *), tactic_cmp);
		e->ntactics = 0;
		for (j = 0; j < ntac; j++)
			if (e->ntactics == 0 || strcmp(tac[e->ntactics - 1], tac[j]) != 0)
				tac[e->ntactics++] = tac[j];
		e->tactics = tac;
	}
	*nentries = n;
	return entries;
}

/*
 * On a Citus node the rows of the reference tables live in their shards
 * (sectors_102011, ...): a change fires the invalidation trigger of the
 * shard, and its relcache invalidation names the shard, not the table the
 * loader queries (Citus routes that query to the shard).  So watch this
 * node's shards too: Citus names them <table>_<shardid> (pg_dist_shard);
 * they are looked up by name because Citus hides shards from pg_class
 * queries.  Called before ia_ref_load_begin: a change committed before the
 * load's snapshot is read by the load anyway.
 */
static void
refdata_watch_shards(Oid nspid)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1];
	uint64		row;
	int			ret;

	if (!OidIsValid(get_extension_oid("citus", true)))
		return;
	if ((ret = SPI_connect()) != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("SPI_connect failed: %s", SPI_result_code_string(ret))));
	values[0] = ObjectIdGetDatum(nspid);
	ret = SPI_execute_with_args("SELECT (c.relname::pg_catalog.text OPERATOR(pg_catalog.||) '_'"
								" OPERATOR(pg_catalog.||) s.shardid::pg_catalog.text)::pg_catalog.text"
								" FROM pg_catalog.pg_dist_shard s"
								" JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) s.logicalrelid"
								" WHERE c.relnamespace OPERATOR(pg_catalog.=) $1"
								" AND c.relname OPERATOR(pg_catalog.=) ANY ('{sectors,attack_tactics,attack_techniques}'::pg_catalog.name[])",
								1, argtypes, values, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("reading the reference table shards failed: %s", SPI_result_code_string(ret))));
	for (row = 0; row < SPI_processed; row++)
	{
		char	   *name = SPI_getvalue(SPI_tuptable->vals[row], SPI_tuptable->tupdesc, 1);
		Oid			relid = name ? get_relname_relid(name, nspid) : InvalidOid;

		/* InvalidOid: no placement of that shard on this node */
		if (OidIsValid(relid))
			ia_ref_watch(relid);
	}
	SPI_finish();
}

/*
 * The stamp of loaded data: a 64-bit hash of everything a derived fact can
 * read (each sector key with its criticality; each technique with its
 * current technique, CIA contribution, progression and tactics) and of
 * REFDATA_FACTS_MODEL, in a fixed byte order.  Data that differ only where
 * no derivation looks (names, origins, tactics no technique serves) get the
 * same stamp; every node of a cluster with the same reference data computes
 * the same one.
 */
static uint64
refdata_compute_stamp(const SectorEntry *sectors, int nsectors,
					  const TechniqueEntry *techniques, int ntechniques)
{
	StringInfoData buf;
	uint64		h;
	int			k;

#define PUT32(v) do { uint32 v_ = (uint32) (v); \
		appendStringInfoChar(&buf, (char) (v_ >> 24)); appendStringInfoChar(&buf, (char) (v_ >> 16)); \
		appendStringInfoChar(&buf, (char) (v_ >> 8)); appendStringInfoChar(&buf, (char) v_); } while (0)
	initStringInfo(&buf);
	PUT32(REFDATA_FACTS_MODEL);
	PUT32(nsectors);
	for (k = 0; k < nsectors; k++)
	{
		PUT32(sectors[k].key);
		PUT32(sectors[k].criticality);
	}
	PUT32(ntechniques);
	for (k = 0; k < ntechniques; k++)
	{
		const TechniqueEntry *e = &techniques[k];

		PUT32(e->technique);
		PUT32(e->current);
		PUT32(e->cia);
		PUT32(e->progression);
		PUT32(e->ntactics);
		for (int j = 0; j < e->ntactics; j++)
			appendBinaryStringInfo(&buf, e->tactics[j], strlen(e->tactics[j]) + 1);
	}
#undef PUT32
	h = hash_bytes_extended((const unsigned char *) buf.data, buf.len, 0);
	pfree(buf.data);
	return h;
}

/*
 * Load the three tables; called on first use and whenever the data loaded
 * before may not be used (ia_ref_usable).  Every name in the queries is
 * schema-qualified and the result types are checked, so nothing a caller
 * creates (in pg_temp or on its search_path) can change what is cached.
 */
static void
refdata_load(Oid nspid)
{
	char	   *nspname = get_namespace_name(nspid);
	const char *nsp;
	Oid			technique_type;
	MemoryContext cxt;
	MemoryContext oldcxt;
	SectorEntry *volatile sectors = NULL;
	TechniqueEntry *volatile techniques = NULL;
	volatile int nsectors = 0;
	volatile int ntechniques = 0;

	if (nspname == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("schema %u of the reference tables not found", nspid)));
	nsp = quote_identifier(nspname);
	ia_ref_watch(refdata_relid(nspid, "sectors"));
	ia_ref_watch(refdata_relid(nspid, "attack_tactics"));
	ia_ref_watch(refdata_relid(nspid, "attack_techniques"));
	refdata_watch_shards(nspid);
	technique_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									 CStringGetDatum("attack_technique"),
									 ObjectIdGetDatum(nspid));
	/* before the queries: an invalidation they let in is noticed */
	ia_ref_load_begin(&refdata.stamp);

	cxt = AllocSetContextCreate(CacheMemoryContext,
								"incident_analytics reference data",
								ALLOCSET_SMALL_SIZES);
	PG_TRY();
	{
		TacticEntry *tactics;
		int			nentries;
		int			ntactics = 0;
		TechniqueRow *rows;
		int			nrows = 0;
		uint64		row;
		int			ret;

		if ((ret = SPI_connect()) != SPI_OK_CONNECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("SPI_connect failed: %s", SPI_result_code_string(ret))));

		/* sectors */
		{
			Oid			want[2] = {TEXTOID, INT4OID};

			refdata_query(psprintf("SELECT s.code, s.criticality::pg_catalog.int4 FROM %s.sectors s", nsp),
						  "sectors", 2, want);
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
		qsort(sectors, nsectors, sizeof(SectorEntry), ia_int32_cmp);

		/* tactics: id -> progression (work data, in the SPI context) */
		{
			Oid			want[2] = {TEXTOID, INT4OID};

			refdata_query(psprintf("SELECT t.tactic_id, t.progression::pg_catalog.int4 FROM %s.attack_tactics t", nsp),
						  "attack_tactics", 2, want);
		}
		tactics = palloc(sizeof(TacticEntry) * (SPI_processed + 1));
		for (row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tup = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			Datum		id = SPI_getbinval(tup, desc, 1, &isnull);
			Datum		p;

			if (isnull)
				continue;
			tactics[ntactics].tactic = TextDatumGetCString(id);
			p = SPI_getbinval(tup, desc, 2, &isnull);
			tactics[ntactics].progression = isnull ? -1 : (int16) DatumGetInt32(p);
			ntactics++;
		}
		qsort(tactics, ntactics, sizeof(TacticEntry), tactic_cmp);

		/* techniques, in matrix order per id (the enum's order) */
		{
			Oid			want[4] = {technique_type, TEXTOID, TEXTARRAYOID, technique_type};

			refdata_query(psprintf("SELECT a.technique, a.impact_type, a.tactics, a.revoked_by"
								   " FROM %s.attack_techniques a ORDER BY a.domain", nsp),
						  "attack_techniques", 4, want);
		}
		rows = palloc(sizeof(TechniqueRow) * (SPI_processed + 1));
		for (row = 0; row < SPI_processed; row++)
		{
			HeapTuple	tup = SPI_tuptable->vals[row];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			TechniqueRow *r = &rows[nrows];
			bool		isnull;
			Datum		d;
			char	   *impact = NULL;

			d = SPI_getbinval(tup, desc, 1, &isnull);
			if (isnull)
				continue;
			r->technique = DatumGetAttackTechnique(d);
			r->ord = nrows;
			r->successor = -1;
			r->ntactics = 0;
			r->tactics = NULL;
			r->cia = CIA_UNKNOWN;
			d = SPI_getbinval(tup, desc, 4, &isnull);
			if (!isnull)
				r->successor = DatumGetAttackTechnique(d);
			else
			{
				Datum	   *elems;
				bool	   *nulls;
				int			nelems;

				d = SPI_getbinval(tup, desc, 2, &isnull);
				if (!isnull)
					impact = TextDatumGetCString(d);
				d = SPI_getbinval(tup, desc, 3, &isnull);
				if (!isnull)
				{
					deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false,
									  TYPALIGN_INT, &elems, &nulls, &nelems);
					r->tactics = palloc(sizeof(char *) * Max(nelems, 1));
					for (int k = 0; k < nelems; k++)
						if (!nulls[k])
							r->tactics[r->ntactics++] =
								MemoryContextStrdup(cxt, TextDatumGetCString(elems[k]));
				}
				r->cia = cia_technique_row_rule(r->technique, impact,
												r->tactics, r->ntactics);
			}
			nrows++;
		}
		techniques = refdata_build_techniques(cxt, rows, nrows, tactics, ntactics, &nentries);
		ntechniques = nentries;
		SPI_finish();
	}
	PG_CATCH();
	{
		MemoryContextDelete(cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	/* swap in the new data only now that they are complete */
	oldcxt = refdata.cxt;
	refdata.cxt = cxt;
	refdata.nspid = nspid;
	refdata.sectors = sectors;
	refdata.nsectors = nsectors;
	refdata.techniques = techniques;
	refdata.ntechniques = ntechniques;
	refdata.facts_stamp = refdata_compute_stamp(sectors, nsectors, techniques, ntechniques);
	if (oldcxt)
		MemoryContextDelete(oldcxt);
	/* after the swap: kept only under the rule of incident_analytics.h */
	ia_ref_load_end(&refdata.stamp);
}

void
refdata_ensure(Oid fn_oid)
{
	refdata_ensure_namespace(ia_home_namespace(fn_oid));
}

void
refdata_ensure_namespace(Oid nspid)
{
	if (!ia_ref_usable(&refdata.stamp) || refdata.nspid != nspid)
		refdata_load(nspid);
}

uint64
refdata_stamp(void)
{
	return refdata.facts_stamp;
}

/* ----------------------------------------------------------------------
 * Lookups (after refdata_ensure)
 * ---------------------------------------------------------------------- */

const TechniqueEntry *
technique_entry(AttackTechnique t)
{
	if (refdata.ntechniques == 0)
		return NULL;
	return bsearch(&t, refdata.techniques, refdata.ntechniques,
				   sizeof(TechniqueEntry), ia_int32_cmp);
}

AttackTechnique
technique_current(AttackTechnique t)
{
	const TechniqueEntry *e = technique_entry(t);

	return e ? e->current : t;
}

int
technique_progression(AttackTechnique t)
{
	const TechniqueEntry *e = technique_entry(t);

	if (e != NULL)
		return e->progression;
	return LOSS_TECHNIQUE(t) ? 100 : -1;
}

Cia
technique_cia(AttackTechnique t)
{
	const TechniqueEntry *e = technique_entry(t);

	return e ? e->cia : CIA_UNKNOWN;
}

static int
sector_lookup_key(int32 key)
{
	SectorEntry *hit;

	if (refdata.nsectors == 0)
		return -1;
	hit = bsearch(&key, refdata.sectors, refdata.nsectors,
				  sizeof(SectorEntry), ia_int32_cmp);
	return hit ? hit->criticality : -1;
}

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
