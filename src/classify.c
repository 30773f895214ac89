/*
 * classify.c
 *		CIA classification of incidents (docs/classify.md, section "CIA
 *		classification"):
 *
 *		classify_cia(attack_technique[]) applies the ATT&CK rule, reading
 *		impact types, tactics and successors from the reference table
 *		attack_techniques through a per-backend cache (technique -> cia
 *		contribution), loaded with SPI and reloaded under the validity rule
 *		of incident_analytics.h whenever attack_techniques changes.
 *
 *		classify_cia(text) finds phrase evidence in an English or Italian
 *		free-text summary in one pass: the text is normalised on the fly
 *		(ASCII case folding, accented Latin letters folded to their base
 *		letter, words separated by single blanks, clause breaks marked) and
 *		fed byte by byte to an Aho-Corasick automaton built once per backend
 *		in TopMemoryContext from the phrase table (classify_text.c,
 *		classify_automaton.c, classify_phrases.c).  Negation cues
 *		shortly before a phrase in the same clause, and a few negations right
 *		after it, cancel the phrase.  Components without evidence stay X.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "incident_analytics.h"

/* ------------------------------------------------------------------------
 * Part 1: ATT&CK techniques
 * ------------------------------------------------------------------------
 */

typedef struct TechniqueEntry
{
	AttackTechnique technique;
	Cia			own;			/* union of its non-revoked rows */
	AttackTechnique successor;	/* revoked_by of a revoked row, or -1 */
	Cia			contribution;	/* final: own | successor's contribution */
} TechniqueEntry;

static MemoryContext technique_cache_cxt = NULL;
static TechniqueEntry *technique_cache = NULL;
static int	technique_cache_len = 0;
static RefCacheStamp technique_cache_stamp;	/* validity (incident_analytics.h) */

#define T(n)	TECHNIQUE_MAKE(n, 0)

/* ICS techniques with a fixed contribution (docs/classify.md). */
static const AttackTechnique ics_availability_high[] = {
	T(880), T(826), T(813), T(815), T(829), T(827), T(837), T(828), T(879)
};
static const AttackTechnique ics_integrity_high[] = {T(831), T(832)};
static const AttackTechnique ics_confidentiality_high[] = {T(882)};

/* Enterprise families (parent and sub-techniques) that give I:L. */
static const AttackTechnique integrity_low_families[] = {
	T(1136), T(1098), T(1556), T(1542)
};

static bool
technique_in(AttackTechnique t, const AttackTechnique *list, int n)
{
	for (int k = 0; k < n; k++)
		if (list[k] == t)
			return true;
	return false;
}

/* Contribution of one non-revoked attack_techniques row. */
static Cia
technique_row_contribution(AttackTechnique t, const char *impact_type,
						   Datum *tactics, bool *tactic_nulls, int ntactics)
{
	int			c = CIA_X,
				i = CIA_X,
				a = CIA_X;
	AttackTechnique parent = TECHNIQUE_PARENT(t);

	if (impact_type != NULL)
	{
		if (pg_strcasecmp(impact_type, "confidentiality") == 0)
			c = CIA_H;
		else if (pg_strcasecmp(impact_type, "integrity") == 0)
			i = CIA_H;
		else if (pg_strcasecmp(impact_type, "availability") == 0)
			a = CIA_H;
	}

	/* Financial Theft counts as integrity, whatever its impact type says. */
	if (t == T(1657))
	{
		i = CIA_H;
		a = CIA_X;
		c = CIA_X;
	}

	for (int k = 0; k < ntactics; k++)
	{
		char	   *tactic;

		if (tactic_nulls[k])
			continue;
		tactic = TextDatumGetCString(tactics[k]);
		/* Exfiltration: Enterprise TA0010, Mobile TA0036. */
		if (strcmp(tactic, "TA0010") == 0 || strcmp(tactic, "TA0036") == 0)
			c = CIA_H;
		/* Collection and Credential Access: TA0009, TA0006; Mobile TA0035, TA0031. */
		else if (strcmp(tactic, "TA0009") == 0 || strcmp(tactic, "TA0006") == 0 ||
				 strcmp(tactic, "TA0035") == 0 || strcmp(tactic, "TA0031") == 0)
			c = cia_level_max(c, CIA_L);
		pfree(tactic);
	}

	if (technique_in(parent, integrity_low_families, lengthof(integrity_low_families)))
		i = cia_level_max(i, CIA_L);
	if (technique_in(t, ics_availability_high, lengthof(ics_availability_high)))
		a = CIA_H;
	if (technique_in(t, ics_integrity_high, lengthof(ics_integrity_high)))
		i = CIA_H;
	if (technique_in(t, ics_confidentiality_high, lengthof(ics_confidentiality_high)))
		c = CIA_H;

	/* Resource Hijacking and its sub-techniques: A:L, overriding A:H. */
	if (parent == T(1496))
		a = CIA_L;

	return CIA_MAKE(c, i, a);
}

static int
technique_entry_cmp(const void *x, const void *y)
{
	AttackTechnique a = ((const TechniqueEntry *) x)->technique;
	AttackTechnique b = ((const TechniqueEntry *) y)->technique;

	return (a > b) - (a < b);
}

static TechniqueEntry *
technique_lookup(TechniqueEntry *entries, int n, AttackTechnique t)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (entries[mid].technique == t)
			return &entries[mid];
		if (entries[mid].technique < t)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Load every row of attack_techniques and compute each technique's contribution. */
static void
technique_cache_load(Oid nsp)
{
	StringInfoData query;
	MemoryContext newcxt;
	MemoryContext oldcxt;
	/* assigned inside PG_TRY and read after it: volatile, so longjmp cannot clobber them */
	TechniqueEntry *volatile entries = NULL;
	volatile int n = 0;
	Oid			relid;
	Oid			technique_type;
	uint64		nrows;

	relid = get_relname_relid("attack_techniques", nsp);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table attack_techniques of extension incident_analytics is missing")));
	ia_ref_watch(relid);
	technique_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									 CStringGetDatum("attack_technique"),
									 ObjectIdGetDatum(nsp));

	/* every name qualified: nothing in pg_temp or on search_path can change it */
	initStringInfo(&query);
	appendStringInfo(&query,
					 "SELECT a.technique, a.impact_type, a.tactics, a.revoked_by FROM %s.attack_techniques a",
					 quote_identifier(get_namespace_name(nsp)));

	/* before the query: an invalidation it lets in is noticed */
	ia_ref_load_begin(&technique_cache_stamp);

	newcxt = AllocSetContextCreate(CacheMemoryContext,
								   "incident_analytics technique cache",
								   ALLOCSET_SMALL_SIZES);

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("SPI_connect failed")));
	PG_TRY();
	{
		if (SPI_execute(query.data, true, 0) != SPI_OK_SELECT)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("SPI_execute failed: %s", query.data)));
		{
			Oid			want[4] = {technique_type, TEXTOID, TEXTARRAYOID, technique_type};

			ia_spi_check_columns(SPI_tuptable->tupdesc, "attack_techniques", 4, want);
		}
		nrows = SPI_processed;
		entries = MemoryContextAllocZero(newcxt,
										 sizeof(TechniqueEntry) * Max(nrows, 1));

		for (uint64 r = 0; r < nrows; r++)
		{
			HeapTuple	tup = SPI_tuptable->vals[r];
			TupleDesc	desc = SPI_tuptable->tupdesc;
			bool		isnull;
			Datum		d;
			AttackTechnique t;
			AttackTechnique successor = -1;
			Cia			own = CIA_UNKNOWN;

			d = SPI_getbinval(tup, desc, 1, &isnull);
			if (isnull)
				continue;
			t = DatumGetAttackTechnique(d);
			d = SPI_getbinval(tup, desc, 4, &isnull);
			if (!isnull)
				successor = DatumGetAttackTechnique(d);
			else
			{
				char	   *impact = SPI_getvalue(tup, desc, 2);
				Datum	   *tactics = NULL;
				bool	   *tnulls = NULL;
				int			ntactics = 0;

				d = SPI_getbinval(tup, desc, 3, &isnull);
				if (!isnull)
					deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false,
									  TYPALIGN_INT, &tactics, &tnulls, &ntactics);
				own = technique_row_contribution(t, impact, tactics, tnulls, ntactics);
			}
			entries[n].technique = t;
			entries[n].own = own;
			entries[n].successor = successor;
			n++;
		}
	}
	PG_CATCH();
	{
		SPI_finish();
		MemoryContextDelete(newcxt);
		PG_RE_THROW();
	}
	PG_END_TRY();
	SPI_finish();

	/* Merge rows of the same technique (an id may be in several domains). */
	qsort(entries, n, sizeof(TechniqueEntry), technique_entry_cmp);
	{
		int			m = 0;

		for (int k = 0; k < n; k++)
		{
			if (m > 0 && entries[m - 1].technique == entries[k].technique)
			{
				TechniqueEntry *e = &entries[m - 1];

				e->own = CIA_MAKE(cia_level_max(CIA_GET_C(e->own), CIA_GET_C(entries[k].own)),
								  cia_level_max(CIA_GET_I(e->own), CIA_GET_I(entries[k].own)),
								  cia_level_max(CIA_GET_A(e->own), CIA_GET_A(entries[k].own)));
				if (e->successor < 0)
					e->successor = entries[k].successor;
			}
			else
				entries[m++] = entries[k];
		}
		n = m;
	}

	/* Revoked techniques count as their successor (following a short chain). */
	for (int k = 0; k < n; k++)
	{
		Cia			v = entries[k].own;
		AttackTechnique next = entries[k].successor;

		for (int hop = 0; hop < 8 && next >= 0 && next != entries[k].technique; hop++)
		{
			TechniqueEntry *s = technique_lookup(entries, n, next);

			if (s == NULL)
				break;
			v = CIA_MAKE(cia_level_max(CIA_GET_C(v), CIA_GET_C(s->own)),
						 cia_level_max(CIA_GET_I(v), CIA_GET_I(s->own)),
						 cia_level_max(CIA_GET_A(v), CIA_GET_A(s->own)));
			next = s->successor;
		}
		entries[k].contribution = v;
	}

	/* Swap in the new cache only now that it is complete. */
	oldcxt = technique_cache_cxt;
	technique_cache_cxt = newcxt;
	technique_cache = entries;
	technique_cache_len = n;
	if (oldcxt != NULL)
		MemoryContextDelete(oldcxt);
	pfree(query.data);
	/* after the swap: kept only under the rule of incident_analytics.h */
	ia_ref_load_end(&technique_cache_stamp);
}

/* CIA impact implied by a set of ATT&CK techniques (the ATT&CK rule of docs/classify.md). */
PG_FUNCTION_INFO_V1(classify_cia_techniques);
Datum
classify_cia_techniques(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int			nitems = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	bits8	   *nulls = ARR_NULLBITMAP(arr);
	const int32 *items = (const int32 *) ARR_DATA_PTR(arr);
	int			c = CIA_X,
				i = CIA_X,
				a = CIA_X;
	int			pos = 0;

	if (nitems == 0)
		PG_RETURN_CIA(CIA_UNKNOWN);

	if (!ia_ref_usable(&technique_cache_stamp))
		technique_cache_load(get_func_namespace(fcinfo->flinfo->fn_oid));

	for (int k = 0; k < nitems; k++)
	{
		TechniqueEntry *e;

		if (nulls != NULL && !(nulls[k / 8] & (1 << (k % 8))))
			continue;
		e = technique_lookup(technique_cache, technique_cache_len, items[pos++]);
		if (e == NULL)
			continue;
		c = cia_level_max(c, CIA_GET_C(e->contribution));
		i = cia_level_max(i, CIA_GET_I(e->contribution));
		a = cia_level_max(a, CIA_GET_A(e->contribution));
	}
	PG_RETURN_CIA(CIA_MAKE(c, i, a));
}
