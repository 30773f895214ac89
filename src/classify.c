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
 *		in TopMemoryContext from the phrase dictionary below.  Negation cues
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

/* ------------------------------------------------------------------------
 * Part 2: free text
 * ------------------------------------------------------------------------
 *
 * Normalised stream.  Every word is sent as a blank followed by its letters
 * (a-z after folding); the end of the text sends a final blank; a clause
 * break sends a blank and '|'.  So " data was stolen " is what "Data WAS
 * stolen!" looks like, and a pattern " down " cannot match inside
 * "downtown".  Patterns are written already normalised: lower-case ASCII
 * letters, single blanks, apostrophes (the contraction n't is its own
 * word), and a final '*' for a word prefix ("exfiltrat*").  {a|b|} lists
 * alternatives, the empty one dropping the word.
 */

/* Symbols of the automaton's alphabet. */
#define SYM_BLANK	0
#define SYM_A		1			/* a..z are 1..26 */
#define SYM_APOS	27
#define SYM_OTHER	28			/* digit, non-Latin letter, '_' */
#define SYM_BAR		29			/* clause break */
#define NSYM		30

typedef enum PhraseKind
{
	PK_EVIDENCE,				/* sets components of the result */
	PK_NEGATION,				/* cancels evidence starting soon after it */
	PK_NEUTRAL,					/* a phrase whose negation word negates nothing */
	PK_SUPPRESS,				/* a phrase in which evidence words are not evidence */
	PK_POSTNEG,					/* a negation right after the evidence */
	PK_BREAK,					/* a word that starts a new clause */
	PK_CONJ,					/* a list conjunction (see the comma rule) */
	PK_ANCHOR					/* marks a word of a co-occurrence class */
} PhraseKind;

/*
 * Co-occurrence classes: an ANCHOR phrase marks where a word of its class
 * was last seen; an evidence phrase with a class counts only when such a
 * word ended at most window words before it in the same clause ("laptop
 * ... was stolen", "encrypted the hospital's files").  This keeps the
 * automaton small where a product of word lists would not be.
 */
enum
{
	CL_NONE, CL_SYSTEMS, CL_ENCRYPT, CL_ENCRYPT_NEXT, CL_SERVICES, CL_CARE,
	CL_CANCEL, CL_DEVICE, CL_LOSS, CL_DATA, CL_STEAL, CL_VIEW, CL_FRAUD,
	CL_MALWARE, CL_INSTALL, NCLASSES
};

typedef struct Phrase
{
	const char *text;
	uint8		kind;
	uint8		c,
				i,
				a;
	uint8		cls;			/* ANCHOR: class marked; EVIDENCE: class needed */
	uint8		window;			/* EVIDENCE with a class: reach in words */
} Phrase;

#define X_ CIA_X
#define L_ CIA_L
#define H_ CIA_H
#define EV(p, c, i, a)	{p, PK_EVIDENCE, c, i, a, CL_NONE, 0}
#define EVN(p, cls, w, c, i, a)	{p, PK_EVIDENCE, c, i, a, cls, w}
#define ANCHOR(cls, p)	{p, PK_ANCHOR, 0, 0, 0, cls, 0}
#define NEG(p)			{p, PK_NEGATION, 0, 0, 0, CL_NONE, 0}
#define NEUTRAL(p)		{p, PK_NEUTRAL, 0, 0, 0, CL_NONE, 0}
#define SUPPRESS(p)		{p, PK_SUPPRESS, 0, 0, 0, CL_NONE, 0}
#define POSTNEG(p)		{p, PK_POSTNEG, 0, 0, 0, CL_NONE, 0}
#define BREAK(p)		{p, PK_BREAK, 0, 0, 0, CL_NONE, 0}
#define CONJ(p)			{p, PK_CONJ, 0, 0, 0, CL_NONE, 0}

/* Word lists shared by several phrases. */
#define DEVICES "{laptop|laptops|sd card|memory card|cd|cds|dvd|dvds|computer|computers|desktop|desktops|hard drive|hard drives|hard disk|hard disks|usb|flash drive|flash drives|thumb drive|backup tape|backup tapes|tapes|device|devices|smartphone|phone|phones|tablet|tablets|notebook|notebooks|server|servers|disk|disks|drive|drives|media|briefcase|bag|backpack|paperwork|documents|portatile|portatili|pc|chiavetta|chiavette|disco|dischi|telefono|telefoni|dispositivo|dispositivi|documenti|fascicoli}"
#define SYSTEMS "{files|file|systems|system|servers|server|computers|machines|workstations|documents|databases|database|records|network|networks|devices|endpoints|drives|sistemi|documenti|archivi}"
#define SERVICES "{website|websites|site|sites|systems|system|servers|server|network|networks|services|service|portal|portals|platform|platforms|email|phones|applications|app|apps|sistemi|servizi|servizio|sito|siti|portale|piattaforma|rete|reti|centralino}"
#define CARE "{appointments|appointment|surgeries|surgery|operations|procedures|treatments|treatment|exams|examinations|classes|lessons|flights|visits|chemotherapy|radiotherapy|outpatient|elective|care|appuntamenti|visite|interventi|esami|prestazioni|operazioni|lezioni|voli}"
#define DATA "{data|information|info|records|creds|files|credentials|passwords|documents|details|numbers|emails|databases|database|personal|customer|patient|employee|sensitive|credit|card|cards|payment|bank|financial|intellectual|source code|confidential|dati|informazioni|credenziali|documenti|password|archivi|cartelle}"
#define MALWARE "{malware|skimmer|skimmers|skimming|backdoor|backdoors|keylogger|keyloggers|spyware|virus|trojan|trojans|web shell|webshell|webshells|cryptominer|rootkit|ransomware|malicious code|malicious software}"
#define NEG_EN "{not|n't}"

static const Phrase phrase_dictionary[] = {
	/* --- availability, high: encryption for impact --- */
	EV("ransomware*", X_, X_, H_),
	EV("{wannacry|notpetya|petya|cryptolocker|lockbit|ryuk|revil|sodinokibi|alphv|rhysida|blacksuit|medusalocker}", X_, X_, H_),
	EV("ransom {note|notes}", X_, X_, H_),
	ANCHOR(CL_SYSTEMS, SYSTEMS),
	ANCHOR(CL_ENCRYPT, "{encrypted|encrypting|encrypts|encrypt} {the|its|their|our|his|her|all|some|many|several|most|thousands|hundreds|over|more|critical}"),
	ANCHOR(CL_ENCRYPT, "{encryption|cifratura|crittografia|criptazione} {of|dei|di|delle|degli}"),
	ANCHOR(CL_ENCRYPT_NEXT, "{encrypted|encrypting}"),
	EVN("encrypted", CL_SYSTEMS, 4, X_, X_, H_),	/* files were encrypted */
	EVN(SYSTEMS, CL_ENCRYPT, 4, X_, X_, H_),	/* encrypted the hospital's files */
	EVN(SYSTEMS, CL_ENCRYPT_NEXT, 1, X_, X_, H_),	/* encrypted files */
	EV("crittografat*", X_, X_, H_),
	EVN("{criptati|cifrati|crittati|criptato|cifrato|crittato}", CL_SYSTEMS, 3, X_, X_, H_),
	/* --- availability, high: denial of service and outages --- */
	EV("{denial of service|ddos*|dos attack|dos attacks|negazione del servizio|negazione di servizio|attacco dos|attacchi dos}", X_, X_, H_),
	EV("{outage*|downtime|offline|off line|unavailable|unreachable|inaccessible|unusable}", X_, X_, H_),
	EV("{went|was|were|is|are|been|be|remain|remains|remained|being|go|goes|going|still} down", X_, X_, H_),
	EV("down for {hours|days|weeks|a|several|more|over|nearly|almost|about}", X_, X_, H_),
	ANCHOR(CL_SERVICES, SERVICES),
	EVN("{down|offline|ko|fermi|spenti|in tilt}", CL_SERVICES, 3, X_, X_, H_),
	EVN("{bloccati|bloccato|bloccata|bloccate|paralizzat*|fermat*}", CL_SERVICES, 3, X_, X_, H_),
	EV("{shut down|shutdown|shutting down|shuts down|shut off|shutting off}", X_, X_, H_),
	EV("{not|n't|no longer} {accessible|reachable|operational|functional|functioning}", X_, X_, H_),
	EV("no longer {available|working}", X_, X_, H_),
	EV("{paralyz*|paralys*|crippled|crippling|cripple|halted|halting|halt|crashed|locked out|held hostage|standstill}", X_, X_, H_),
	EV("{interrupt*|interruzion*|interrott*}", X_, X_, H_),
	ANCHOR(CL_CARE, CARE),
	ANCHOR(CL_CANCEL, "{cancelled|canceled|cancelling|canceling|cancel|cancels|cancellation|cancellations|postponed|postponing|postpone|rescheduled|rescheduling|suspended|suspend|delayed}"),
	EVN("{cancelled|canceled|postponed|rescheduled|suspended}", CL_CARE, 4, X_, X_, H_),
	EVN(CARE, CL_CANCEL, 4, X_, X_, H_),
	EV("{cancellazion*|cancellat*|annullat*|annullament*|disservizi*|indisponibil*|irraggiungibil*|inaccessibil*|inutilizzabil*|paralisi|fuori uso|fuori servizio|blackout}", X_, X_, H_),
	EV("non {disponibil*|raggiungibil*|accessibil*|funzionant*|operativ*|utilizzabil*}", X_, X_, H_),
	EV("non piu {disponibil*|raggiungibil*|accessibil*|funzionant*|operativ*}", X_, X_, H_),
	EV("{blocco|fermo} {dei|di|delle|del} {sistemi|servizi|server|computer|attivita|reti|sistema|servizio}", X_, X_, H_),
	EV("{ambulance|ambulances} {were|was|being|had to be|} {diverted|rerouted|redirected}", X_, X_, H_),
	EV("{diverted|diverting|divert|rerouting|rerouted} {ambulances|patients|emergency}", X_, X_, H_),
	EV("{ambulance diversion*|ambulanze dirottate|ambulanze deviate|pronto soccorso chiuso}", X_, X_, H_),
	EV("{manual|paper|pen and paper|paper based|downtime} {procedures|processes|charting|charts|workarounds|operations|mode}", X_, X_, H_),
	EV("{reverted|revert|reverting|resorted|resort|resorting|returned|switched|fell back|forced back} to {paper|manual|pen and paper}", X_, X_, H_),
	EV("{carta e penna|procedure manuali|modalita manuale|gestione manuale}", X_, X_, H_),
	EV("{wiped|wiper|wiping|erased|destroyed|data destruction|destruction of data|destruction of records|distrutt*}", X_, X_, H_),
	EV("{data loss|loss of data|perdita di dati|perdita dei dati}", L_, X_, L_),
	EV("lost {access|all data|data|files|records|their data|its data}", X_, X_, H_),
	/* lost or stolen equipment: VERIS availability Loss, possible disclosure */
	ANCHOR(CL_DEVICE, DEVICES),
	ANCHOR(CL_LOSS, "{stolen|lost|misplaced|missing|theft|loss|stole|steal|stealing|lose|losing|furto|smarrimento|perdita|smarrito|smarriti|smarrita|rubato|rubati|rubata|rubate|rubano|rubare|sottratto|sottratti|perso|persi|persa}"),
	EVN("{stolen|lost|misplaced|missing|rubato|rubati|rubata|rubate|smarrito|smarriti|smarrita|smarrite|perso|persi|persa|perse|sottratto|sottratti}", CL_DEVICE, 8, L_, X_, H_),
	EVN(DEVICES, CL_LOSS, 4, L_, X_, H_),
	/* --- availability, low --- */
	EV("{disrupt*|degraded|degradation|slowdown*|slowed|slow down|rallentament*|rallentat*|rinviat*|sospes*|deleted|not working|n't working|intermittent}", X_, X_, L_),
	EV("{unable to|could not|couldn n't|cannot|can n't} {access|use|log in|login|reach|connect}", X_, X_, L_),
	EV("{impossibile|impossibilita di} {accedere|collegarsi|utilizzare|usare}", X_, X_, L_),
	EV("{cryptominer*|cryptojacking|cryptomining|coin miner*|resource hijacking}", X_, L_, L_),

	/* --- confidentiality, high --- */
	EV("{exfiltrat*|esfiltra*|trafugat*|sottratt*|leak*|doxx*|doxing|data dump|dumped online|data theft|identity theft}", H_, X_, X_),
	ANCHOR(CL_DATA, DATA),
	ANCHOR(CL_STEAL, "{stole|steal|steals|stealing|stolen|theft of|rubato|rubati|rubare|rubano|furto di|sottrazione di|fuga di|diffusione di|pubblicazione di|furto dei|furto delle|sottrazione dei|sottrazione delle|fuga dei|fuga delle|diffusione dei|pubblicazione dei}"),
	EVN("{stolen|rubati|rubate|rubato|rubata|compromised}", CL_DATA, 4, H_, X_, X_),
	EVN(DATA, CL_STEAL, 3, H_, X_, X_),
	EV("{stole|steal|steals|stealing|stolen|theft|rubat*}", L_, X_, X_),
	EVN("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate|divulgato|divulgata|messi online|messe online|resi pubblici|in vendita|for sale|sold online}", CL_DATA, 4, H_, X_, X_),
	EV("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate} {online|in rete|sul web}", H_, X_, X_),
	EV("{on|in|onto|sul|nel|to} {the|a|} {dark web|darkweb|dark net|darknet|deep web|hacker forum|hacker forums|hacking forum|hacking forums}", H_, X_, X_),
	EV("{skimm*|carding}", H_, H_, X_),
	/* --- confidentiality, low --- */
	EV("{accessed|accedut*|expos*|espost*|esposizion*|snoop*|scraped|scraping|espionage|spionaggio|keylogger*|spyware|infostealer*|info stealer|misdirected|misdelivered|misaddressed|dumpster|dumpsters|discarded|improper disposal|improperly disposed}", L_, X_, X_),
	EV("{unauthorized|unauthorised|improper|improperly|illegal|illegitimate|unlawful|inappropriate|inappropriately|illicit} {access|accessing|accessed|viewing|viewed|disclosure|disclosures|release|sharing}", L_, X_, X_),
	EV("{gained|gain|gaining|obtained|obtain|obtaining|got} {unauthorized|unauthorised|} access", L_, X_, X_),
	EV("{accesso|accessi} {non autorizzat*|abusiv*|illecit*|illegittim*|indebit*}", L_, X_, X_),
	EV("{hanno avuto|ha avuto|avere} accesso", L_, X_, X_),
	EV("{violazione|violazioni} {dei|di|della} {dati|dato|privacy|sicurezza}", L_, X_, X_),
	EV("{data breach*|privacy breach*|compromised}", L_, X_, X_),
	EV("{publicly|openly} {accessible|available|visible|viewable|readable}", L_, X_, X_),
	EV("{unsecured|unprotected|misconfigured|unencrypted} {database|databases|server|servers|bucket|buckets|cloud|storage|elasticsearch|mongodb|instance|folder|share|ftp}", L_, X_, X_),
	EV("{inadvertently|improperly|accidentally|mistakenly|wrongly|unintentionally|erroneously|inappropriately} {disclosed|sent|emailed|mailed|posted|published|shared|released|faxed|made|uploaded|forwarded|disposed}", L_, X_, X_),
	EV("{sent|mailed|emailed|faxed|delivered|addressed|forwarded} to {the wrong|wrong|an incorrect|incorrect|the incorrect|unintended|an unintended}", L_, X_, X_),
	EV("{wrong|incorrect|unintended} {recipient|recipients|address|addresses|person|patient|patients|customer|customers}", L_, X_, X_),
	ANCHOR(CL_VIEW, "{compromise of|viewed|looked at|looked up|browsed|peeked at|copied|downloaded|took|emailed|forwarded|transferred|printed|harvested|harvesting|captured|capturing|consultato|consultati|copiato|copiati|scaricato|scaricati}"),
	EVN(DATA, CL_VIEW, 3, L_, X_, X_),

	/* --- integrity, high --- */
	EV("{defac*|defacciat*|deturpat*|altered|alteration|alterations|altering|alterat*|alterazion*|manipulat*|manipolat*|manipolazion*|tamper*|manomess*|manomission*|modified|modifying|modificat*|falsif*|embezzl*|misappropriat*|appropriazione indebita}", X_, H_, X_),
	ANCHOR(CL_FRAUD, "{unauthorized|unauthorised|fraudulent|illicit|bogus|fake|fraudulently|fraudolent*|illecit*}"),
	EVN("{transaction|transactions|transfer|transfers|wire|wires|payment|payments|purchase|purchases|charge|charges|withdrawal|withdrawals|refund|refunds|invoice|invoices|claim|claims|loan|loans|changes|change|modification|modifications|orders}", CL_FRAUD, 2, X_, H_, X_),
	EV("{transazioni|transazione|bonifici|bonifico|pagamenti|pagamento|prelievi|modifiche} {fraudolent*|non autorizzat*|illecit*|illegittim*}", X_, H_, X_),
	ANCHOR(CL_MALWARE, MALWARE),
	ANCHOR(CL_INSTALL, "{installed|planted|deployed|dropped|injected|implanted|placed|inserted|installing|installato|installati|installata}"),
	EVN("{installed|planted|deployed|placed|inserted|installato|installata|installati}", CL_MALWARE, 4, X_, H_, X_),
	EVN(MALWARE, CL_INSTALL, 3, X_, H_, X_),
	/* --- integrity, low --- */
	EV("{malware|virus|viruses|trojan|trojans|backdoor*|infect*|infett*|infezion*|web shell*|webshell*|rootkit*|hijack*|injected|fraud|frode|truffa|business email compromise|counterfeit|contraffatt*}", X_, L_, X_),
	EV("{changed|reset|altered|changing|modified} {passwords|the password|the passwords|password|credentials|bank details|banking details|payroll|direct deposit|account details|permissions|privileges}", X_, L_, X_),

	/* --- negation cues: cancel evidence that starts within a few words after --- */
	NEG("{no|not|n't|never|without|nor|neither|nothing|none|nobody|no one|cannot}"),
	NEG("{ruled out|rules out|rule out|ruling out|denied|denies|deny|denying|free of|absence of|lack of}"),
	NEG("{non|nessun|nessuna|nessuno|senza|mai|escluso|esclusa|esclude|escludono|escludere|negato|nega|negano|smenti*|assenza di}"),
	/* ... and phrases where the negation word negates nothing */
	NEUTRAL(NEG_EN " {encrypted|password protected|protected|secured|encrypted and}"),
	NEUTRAL("non {cifrat*|crittografat*|criptat*|protett*}"),
	NEUTRAL("{no longer|not only|not just|non solo|non soltanto|not least|no doubt|non ancora chiaro}"),
	NEUTRAL(NEG_EN " {clear|known|yet known|yet clear|immediately clear|immediately known|disclosed|yet disclosed|specified|revealed|said|say|disclose|reveal|confirm|specify|state} {how|when|who|what|why|which|where|the number|the extent|the scope}"),
	NEUTRAL("non {e|ha|hanno|sono} {chiaro|noto|ancora chiaro|ancora noto|specificato|reso noto|detto|precisato} {come|quando|chi|quanti|quante|quali|quale|cosa}"),
	/* negation right after the evidence ("ransomware was not involved") */
	POSTNEG(NEG_EN " {involved|affected|impacted|detected|found|confirmed|observed|identified|deployed|used|present|responsible|occur|happen|happened|occurred|the case}"),
	POSTNEG("{unaffected|unfounded|was false|were false|ruled out|did not take place}"),
	POSTNEG("non {e|sono|risulta|risultano} {stato|stata|stati|state|} {coinvolt*|rilevat*|confermat*|interessat*|avvenut*}"),
	/* phrases in which an evidence word is no evidence */
	SUPPRESS("{unavailable|not available|n't available|inaccessible} {for|to} {comment|comments|reach}"),
	SUPPRESS("{gas|water|memory|oil|fuel|roof|pipe} leak*"),
	SUPPRESS("{anti|against} {malware|virus|viruses|ransomware|ddos|spyware|fraud|skimming}"),
	SUPPRESS("{offline|off line} {backup|backups|copy|copies|storage|media|tapes}"),
	SUPPRESS("{backup|backups|copia|copie} {offline|off line}"),
	SUPPRESS("{kept|stored|held} {offline|off line}"),
	SUPPRESS("{data loss|data leak|data leakage} {prevention|protection}"),
	SUPPRESS("{exposed|esposti|esposto|esposta|esposte} {to|a} {risk|risks|attack|attacks|threats|threat|vulnerabilities|rischi|rischio|attacchi}"),
	SUPPRESS("{shares|stock|stocks|price|prices|revenue|revenues|sales|profits|market} {went|were|was|are|is} down"),
	SUPPRESS("{shut down|took down|taken down|dismantled} {the|a|an|} {botnet|forum|marketplace|market|scheme|ring|group}"),
	SUPPRESS("{modified|modificato|modificata} {date|version}"),
	SUPPRESS("{encrypted|cifrati|crittografati} {at rest|in transit}"),
	/* clause breaks in words (punctuation breaks clauses too) */
	BREAK("{but|however|although|though|whereas|while|after|afterwards|subsequently|meanwhile|instead|because|since|then|ma|pero|tuttavia|mentre|dopo|sebbene|benche|nonostante|invece|poiche|perche|quindi|pertanto}"),
	CONJ("{and|e|ed|as well as}"),
	{"{or|nor|o|od|oppure}", PK_CONJ, 0, 0, 0, 1, 0},	/* may follow the comma */
};

/* Number of words before an evidence phrase a negation cue reaches. */
#define NEG_WINDOW		8
/* Number of words after an evidence phrase a post-negation reaches. */
#define POSTNEG_WINDOW	3
/* Evidence waits this many words for a suppressor or post-negation. */
#define PENDING_DELAY	4
#define NEG_RING		8
#define PENDING_RING	32

typedef struct Automaton
{
	int			nstates;
	uint16	   *delta;			/* nstates * NSYM transitions */
	int32	   *first_output;	/* per state: first pattern index or -1 */
	int32	   *dict_link;		/* per state: next state on the failure
								 * chain with an output, or -1 */
	int			npatterns;
	int32	   *pattern_next;	/* next pattern ending in the same state */
	uint8	   *pattern_kind;
	uint8	   *pattern_words;	/* number of words in the pattern */
	Cia		   *pattern_cia;
	const Phrase **pattern_phrase;	/* dictionary entry */
} Automaton;

static Automaton *text_automaton = NULL;

/* Symbol of a normalised pattern byte. */
static int
pattern_symbol(char ch)
{
	if (ch == ' ')
		return SYM_BLANK;
	if (ch >= 'a' && ch <= 'z')
		return SYM_A + (ch - 'a');
	if (ch == '\'')
		return SYM_APOS;
	if (ch == '*')
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("classify_cia: misplaced '*' in phrase dictionary")));
	ereport(ERROR,
			(errcode(ERRCODE_INTERNAL_ERROR),
			 errmsg_internal("classify_cia: bad character '%c' in phrase dictionary", ch)));
	return SYM_OTHER;			/* keep compiler quiet */
}

/* Build-time trie with growable arrays. */
typedef struct TrieBuild
{
	int			nstates;
	int			capacity;
	int32	   *go;				/* nstates * NSYM, -1 = none */
	int32	   *first_output;
	int			npatterns;
	int			pcapacity;
	int32	   *pattern_next;
	uint8	   *pattern_kind;
	uint8	   *pattern_words;
	Cia		   *pattern_cia;
	const Phrase **pattern_phrase;
} TrieBuild;

static int
trie_new_state(TrieBuild *tb)
{
	if (tb->nstates == tb->capacity)
	{
		tb->capacity *= 2;
		tb->go = repalloc(tb->go, sizeof(int32) * NSYM * tb->capacity);
		tb->first_output = repalloc(tb->first_output, sizeof(int32) * tb->capacity);
	}
	for (int s = 0; s < NSYM; s++)
		tb->go[tb->nstates * NSYM + s] = -1;
	tb->first_output[tb->nstates] = -1;
	return tb->nstates++;
}

/* Add one fully expanded, normalised pattern ("data was stolen", "leak*"). */
static void
trie_add(TrieBuild *tb, const char *text, const Phrase *ph)
{
	int			len = strlen(text);
	bool		prefix = (len > 0 && text[len - 1] == '*');
	int			state = 0;
	int			words = 1;
	int			p;

	if (prefix)
		len--;
	if (memchr(text, '*', len) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("classify_cia: a word prefix must end the phrase \"%s\"", ph->text)));
	if (len == 0)
		return;
	/* leading blank, the words, and a trailing blank unless a prefix */
	state = tb->go[0 * NSYM + SYM_BLANK];
	for (int k = 0; k <= len; k++)
	{
		int			sym;
		int			next;

		if (k == len)
		{
			if (prefix)
				break;
			sym = SYM_BLANK;
		}
		else
		{
			sym = pattern_symbol(text[k]);
			if (sym == SYM_BLANK)
				words++;
		}
		next = tb->go[state * NSYM + sym];
		if (next < 0)
		{
			next = trie_new_state(tb);
			tb->go[state * NSYM + sym] = next;
		}
		state = next;
	}

	if (tb->npatterns == tb->pcapacity)
	{
		tb->pcapacity *= 2;
		tb->pattern_next = repalloc(tb->pattern_next, sizeof(int32) * tb->pcapacity);
		tb->pattern_kind = repalloc(tb->pattern_kind, tb->pcapacity);
		tb->pattern_words = repalloc(tb->pattern_words, tb->pcapacity);
		tb->pattern_cia = repalloc(tb->pattern_cia, sizeof(Cia) * tb->pcapacity);
		tb->pattern_phrase = repalloc(tb->pattern_phrase, sizeof(Phrase *) * tb->pcapacity);
	}
	p = tb->npatterns++;
	tb->pattern_kind[p] = ph->kind;
	tb->pattern_words[p] = Min(words, 255);
	tb->pattern_cia[p] = CIA_MAKE(ph->c, ph->i, ph->a);
	tb->pattern_phrase[p] = ph;
	tb->pattern_next[p] = tb->first_output[state];
	tb->first_output[state] = p;
}

/*
 * Expand the {a|b|} groups of a dictionary entry and add every variant:
 * done is the text expanded so far, rest what remains.
 */
static void
phrase_expand(TrieBuild *tb, const Phrase *ph, StringInfo done, const char *rest)
{
	const char *open = strchr(rest, '{');
	int			mark = done->len;

	if (open == NULL)
	{
		/* collapse the double blanks an empty alternative leaves; trim */
		StringInfoData clean;
		const char *src;

		appendStringInfoString(done, rest);
		initStringInfo(&clean);
		for (src = done->data; *src; src++)
		{
			if (*src == ' ' && (clean.len == 0 || clean.data[clean.len - 1] == ' '))
				continue;
			appendStringInfoChar(&clean, *src);
		}
		while (clean.len > 0 && clean.data[clean.len - 1] == ' ')
			clean.data[--clean.len] = '\0';
		trie_add(tb, clean.data, ph);
		pfree(clean.data);
	}
	else
	{
		const char *close = strchr(open, '}');
		const char *alt = open + 1;

		if (close == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INTERNAL_ERROR),
					 errmsg_internal("classify_cia: unbalanced braces in phrase \"%s\"", ph->text)));
		appendBinaryStringInfo(done, rest, open - rest);
		for (;;)
		{
			const char *end = alt;
			int			mark2 = done->len;

			while (end < close && *end != '|')
				end++;
			appendBinaryStringInfo(done, alt, end - alt);
			phrase_expand(tb, ph, done, close + 1);
			done->len = mark2;
			done->data[mark2] = '\0';
			if (end >= close)
				break;
			alt = end + 1;
		}
	}
	done->len = mark;
	done->data[mark] = '\0';
}

/* Build the Aho-Corasick automaton of the phrase dictionary. */
static Automaton *
automaton_build(void)
{
	MemoryContext buildcxt;
	MemoryContext oldcxt;
	TrieBuild	tb;
	int32	   *fail;
	int32	   *queue;
	int			head = 0,
				tail = 0;
	Automaton  *am;
	StringInfoData buf;

	buildcxt = AllocSetContextCreate(CurrentMemoryContext,
									 "classify_cia automaton build",
									 ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(buildcxt);

	tb.capacity = 4096;
	tb.nstates = 0;
	tb.go = palloc(sizeof(int32) * NSYM * tb.capacity);
	tb.first_output = palloc(sizeof(int32) * tb.capacity);
	tb.pcapacity = 1024;
	tb.npatterns = 0;
	tb.pattern_next = palloc(sizeof(int32) * tb.pcapacity);
	tb.pattern_kind = palloc(tb.pcapacity);
	tb.pattern_words = palloc(tb.pcapacity);
	tb.pattern_cia = palloc(sizeof(Cia) * tb.pcapacity);
	tb.pattern_phrase = palloc(sizeof(Phrase *) * tb.pcapacity);
	trie_new_state(&tb);		/* root */
	tb.go[SYM_BLANK] = trie_new_state(&tb); /* every pattern starts blank */

	initStringInfo(&buf);
	for (int k = 0; k < lengthof(phrase_dictionary); k++)
	{
		resetStringInfo(&buf);
		phrase_expand(&tb, &phrase_dictionary[k], &buf, phrase_dictionary[k].text);
	}
	if (tb.nstates > PG_UINT16_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INTERNAL_ERROR),
				 errmsg_internal("classify_cia: phrase dictionary too large (%d states)", tb.nstates)));

	/* breadth-first: failure links, dictionary links, full transition table */
	MemoryContextSwitchTo(TopMemoryContext);
	am = palloc0(sizeof(Automaton));
	am->nstates = tb.nstates;
	am->delta = palloc(sizeof(uint16) * NSYM * tb.nstates);
	am->first_output = palloc(sizeof(int32) * tb.nstates);
	am->dict_link = palloc(sizeof(int32) * tb.nstates);
	am->npatterns = tb.npatterns;
	am->pattern_next = palloc(sizeof(int32) * tb.npatterns);
	am->pattern_kind = palloc(tb.npatterns);
	am->pattern_words = palloc(tb.npatterns);
	am->pattern_cia = palloc(sizeof(Cia) * tb.npatterns);
	am->pattern_phrase = palloc(sizeof(Phrase *) * tb.npatterns);
	memcpy(am->first_output, tb.first_output, sizeof(int32) * tb.nstates);
	memcpy(am->pattern_next, tb.pattern_next, sizeof(int32) * tb.npatterns);
	memcpy(am->pattern_kind, tb.pattern_kind, tb.npatterns);
	memcpy(am->pattern_words, tb.pattern_words, tb.npatterns);
	memcpy(am->pattern_cia, tb.pattern_cia, sizeof(Cia) * tb.npatterns);
	memcpy(am->pattern_phrase, tb.pattern_phrase, sizeof(Phrase *) * tb.npatterns);
	MemoryContextSwitchTo(buildcxt);

	fail = palloc(sizeof(int32) * tb.nstates);
	queue = palloc(sizeof(int32) * tb.nstates);
	fail[0] = 0;
	am->dict_link[0] = -1;
	for (int s = 0; s < NSYM; s++)
	{
		int32		next = tb.go[s];

		if (next < 0)
			am->delta[s] = 0;
		else
		{
			am->delta[s] = next;
			fail[next] = 0;
			am->dict_link[next] = -1;
			queue[tail++] = next;
		}
	}
	while (head < tail)
	{
		int32		state = queue[head++];

		for (int s = 0; s < NSYM; s++)
		{
			int32		next = tb.go[state * NSYM + s];

			if (next < 0)
				am->delta[state * NSYM + s] = am->delta[fail[state] * NSYM + s];
			else
			{
				int32		f = am->delta[fail[state] * NSYM + s];

				am->delta[state * NSYM + s] = next;
				fail[next] = f;
				am->dict_link[next] = (am->first_output[f] >= 0) ? f : am->dict_link[f];
				queue[tail++] = next;
			}
		}
	}

	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(buildcxt);
	return am;
}

/* Scanner state of one classify_cia(text) call. */
typedef struct Pending
{
	int32		start;			/* first word of the evidence */
	int32		end;			/* last word */
	Cia			cia;
} Pending;

typedef struct Scanner
{
	const Automaton *am;
	int32		state;
	int32		word;			/* index of the current (last begun) word */
	bool		in_word;
	int			word_len;		/* letters of the current word so far */
	char		word_head[4];	/* its first letters */
	char		last_letter;	/* its last letter ('#' when not a-z) */
	int32		neg[NEG_RING];	/* word index of recent negation cues */
	int			nneg;
	int32		soft_break;		/* first word after the last comma, or -1 */
	int32		last_conj;		/* last list conjunction, or -1 */
	int32		last_conj_or;	/* last "or"-like conjunction, or -1 */
	int32		anchor_end[NCLASSES];	/* last word of each class, or -1 */
	Pending		pending[PENDING_RING];
	int			npending;
	int			c,
				i,
				a;
} Scanner;

static inline void
scanner_commit(Scanner *sc, const Pending *p)
{
	sc->c = cia_level_max(sc->c, CIA_GET_C(p->cia));
	sc->i = cia_level_max(sc->i, CIA_GET_I(p->cia));
	sc->a = cia_level_max(sc->a, CIA_GET_A(p->cia));
}

/* Commit pending evidence that no later phrase can cancel any more. */
static void
scanner_commit_pending(Scanner *sc, bool all)
{
	int			keep = 0;

	for (int k = 0; k < sc->npending; k++)
	{
		if (all || sc->pending[k].end + PENDING_DELAY < sc->word)
			scanner_commit(sc, &sc->pending[k]);
		else
			sc->pending[keep++] = sc->pending[k];
	}
	sc->npending = keep;
}

/* A clause ends: negation does not reach past it. */
static void
scanner_clause_break(Scanner *sc)
{
	scanner_commit_pending(sc, true);
	sc->nneg = 0;
	sc->soft_break = -1;
	sc->last_conj = -1;
	sc->last_conj_or = -1;
	for (int k = 0; k < NCLASSES; k++)
		sc->anchor_end[k] = -1;
}

/* Is evidence beginning at word start negated by a cue before it? */
static bool
scanner_negated(const Scanner *sc, int32 start)
{
	for (int k = 0; k < sc->nneg; k++)
	{
		int32		p = sc->neg[k];

		if (p >= start || p < start - NEG_WINDOW)
			continue;
		/* a comma between cue and evidence ends the cue's reach, unless a list goes on */
		if (sc->soft_break > p && sc->soft_break <= start &&
			!(sc->last_conj > sc->soft_break && sc->last_conj < start) &&
			!(sc->last_conj_or >= sc->soft_break && sc->last_conj_or < start))
			continue;
		return true;
	}
	return false;
}

/* Forget the negation cues inside a phrase that has its own meaning. */
static void
scanner_drop_cues_from(Scanner *sc, int32 start)
{
	int			keep = 0;

	for (int k = 0; k < sc->nneg; k++)
		if (sc->neg[k] < start)
			sc->neg[keep++] = sc->neg[k];
	sc->nneg = keep;
}

static void
scanner_output(Scanner *sc, int pattern)
{
	const Automaton *am = sc->am;
	const Phrase *ph = am->pattern_phrase[pattern];
	int32		start = sc->word - (am->pattern_words[pattern] - 1);

	switch (am->pattern_kind[pattern])
	{
		case PK_ANCHOR:
			sc->anchor_end[ph->cls] = sc->word;
			break;
		case PK_EVIDENCE:
			if (ph->cls != CL_NONE &&
				(sc->anchor_end[ph->cls] < 0 ||
				 sc->anchor_end[ph->cls] >= start ||
				 sc->anchor_end[ph->cls] < start - ph->window))
				break;			/* its companion word is not there */
			if (!scanner_negated(sc, start))
			{
				if (sc->npending == PENDING_RING)
				{
					scanner_commit(sc, &sc->pending[0]);
					memmove(&sc->pending[0], &sc->pending[1],
							sizeof(Pending) * (PENDING_RING - 1));
					sc->npending--;
				}
				sc->pending[sc->npending].start = start;
				sc->pending[sc->npending].end = sc->word;
				sc->pending[sc->npending].cia = am->pattern_cia[pattern];
				sc->npending++;
			}
			scanner_drop_cues_from(sc, start);
			break;
		case PK_NEGATION:
			if (sc->nneg == NEG_RING)
			{
				memmove(&sc->neg[0], &sc->neg[1], sizeof(int32) * (NEG_RING - 1));
				sc->nneg--;
			}
			sc->neg[sc->nneg++] = start;
			break;
		case PK_NEUTRAL:
			scanner_drop_cues_from(sc, start);
			break;
		case PK_SUPPRESS:
		case PK_POSTNEG:
			{
				int			keep = 0;
				bool		post = am->pattern_kind[pattern] == PK_POSTNEG;

				for (int k = 0; k < sc->npending; k++)
				{
					const Pending *p = &sc->pending[k];
					bool		cancel;

					if (post)
						cancel = p->end < start && p->end >= start - POSTNEG_WINDOW;
					else
						cancel = p->start >= start;
					if (!cancel)
						sc->pending[keep++] = *p;
				}
				sc->npending = keep;
				if (!post)
					scanner_drop_cues_from(sc, start);
			}
			break;
		case PK_BREAK:
			scanner_clause_break(sc);
			break;
		case PK_CONJ:
			if (ph->cls == 1)
				sc->last_conj_or = start;
			else
				sc->last_conj = start;
			break;
	}
}

/* Advance the automaton by one symbol and act on the phrases that end here. */
static inline void
scanner_feed(Scanner *sc, int sym)
{
	const Automaton *am = sc->am;
	int32		s;

	sc->state = am->delta[sc->state * NSYM + sym];
	s = am->first_output[sc->state] >= 0 ? sc->state : am->dict_link[sc->state];
	if (s < 0)
		return;
	/* evidence and anchors first: a cue ending here negates only later words */
	for (int pass = 0; pass < 2; pass++)
	{
		for (int32 t = s; t >= 0; t = am->dict_link[t])
			for (int32 p = am->first_output[t]; p >= 0; p = am->pattern_next[p])
			{
				uint8		kind = am->pattern_kind[p];

				if ((kind == PK_EVIDENCE || kind == PK_ANCHOR) == (pass == 0))
					scanner_output(sc, p);
			}
	}
}

/* A word character (already folded to a symbol). */
static inline void
scanner_letter(Scanner *sc, int sym)
{
	if (!sc->in_word)
	{
		scanner_feed(sc, SYM_BLANK);	/* ends the previous word's phrases */
		sc->word++;
		sc->in_word = true;
		sc->word_len = 0;
		if (sc->npending > 0)
			scanner_commit_pending(sc, false);
	}
	if (sc->word_len < (int) sizeof(sc->word_head))
		sc->word_head[sc->word_len] = (sym >= SYM_A && sym < SYM_A + 26) ? 'a' + sym - SYM_A : '#';
	sc->last_letter = (sym >= SYM_A && sym < SYM_A + 26) ? 'a' + sym - SYM_A : '#';
	sc->word_len++;
	scanner_feed(sc, sym);
}

static inline void
scanner_space(Scanner *sc)
{
	sc->in_word = false;
}

/* Punctuation that ends a clause. */
static inline void
scanner_hard_break(Scanner *sc)
{
	scanner_feed(sc, SYM_BLANK);
	scanner_feed(sc, SYM_BAR);
	sc->in_word = false;
	scanner_clause_break(sc);
}

/* A comma: ends phrases; a negation reaches past it only into a list. */
static inline void
scanner_comma(Scanner *sc)
{
	scanner_feed(sc, SYM_BLANK);
	scanner_feed(sc, SYM_BAR);
	sc->in_word = false;
	scanner_commit_pending(sc, true);
	sc->soft_break = sc->word + 1;
}

static inline bool
current_word_is(const Scanner *sc, const char *w)
{
	int			len = strlen(w);

	return sc->in_word && sc->word_len == len && memcmp(sc->word_head, w, len) == 0;
}

/*
 * Fold a Latin-1 code point U+00C0..U+00FF to a symbol: accented letters to
 * their base letter, the rest to SYM_OTHER (-1 for x and division signs,
 * which separate words).
 */
static int
latin1_symbol(int cp)
{
	static const char fold[] =
		"aaaaaaaceeeeiiiidnooooo-ouuuuyts"	/* C0-DF */
		"aaaaaaaceeeeiiiidnooooo-ouuuuyty";	/* E0-FF */
	char		ch = fold[cp - 0xC0];

	if (ch == '-')
		return -1;
	return SYM_A + (ch - 'a');
}

/* Character classes of the scanner for ASCII bytes. */
enum
{
	CC_SPACE, CC_LETTER, CC_DIGIT, CC_STOP, CC_CLAUSE, CC_COMMA, CC_APOS, CC_HYPHEN, CC_OTHERWORD
};

static inline int
ascii_class(unsigned char ch)
{
	if (ch >= 'a' && ch <= 'z')
		return CC_LETTER;
	if (ch >= 'A' && ch <= 'Z')
		return CC_LETTER;
	if (ch >= '0' && ch <= '9')
		return CC_DIGIT;
	switch (ch)
	{
		case '.':
		case ':':
			return CC_STOP;
		case ';':
		case '!':
		case '?':
		case '(':
		case ')':
		case '[':
		case ']':
		case '|':
			return CC_CLAUSE;
		case ',':
			return CC_COMMA;
		case '\'':
		case '`':
			return CC_APOS;
		case '-':
			return CC_HYPHEN;
		case '_':
			return CC_OTHERWORD;
		default:
			return CC_SPACE;
	}
}

static inline bool
byte_is_wordish(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		(ch >= '0' && ch <= '9') || ch >= 0x80;
}

/* An apostrophe: "n't" becomes a word of its own, otherwise it separates. */
static void
scanner_apostrophe(Scanner *sc, const unsigned char *s, int len, int *pos, int after)
{
	/* after = index just past the apostrophe */
	if (sc->in_word && sc->word_len > 1 && sc->last_letter == 'n' &&
		after < len && (s[after] == 't' || s[after] == 'T') &&
		(after + 1 >= len || !byte_is_wordish(s[after + 1])))
	{
		scanner_space(sc);
		scanner_letter(sc, SYM_A + ('n' - 'a'));
		scanner_feed(sc, SYM_APOS);
		scanner_letter(sc, SYM_A + ('t' - 'a'));
		*pos = after + 1;
		return;
	}
	scanner_space(sc);
	*pos = after;
}

/* Scan a text and return the CIA evidence it holds. */
static Cia
classify_text(const Automaton *am, const char *text, int len, int encoding)
{
	const unsigned char *s = (const unsigned char *) text;
	Scanner		sc;
	int			pos = 0;
	bool		utf8 = (encoding == PG_UTF8);
	bool		latin = (encoding == PG_LATIN1 || encoding == PG_LATIN9 ||
						 encoding == PG_WIN1252);

	memset(&sc, 0, sizeof(sc));
	sc.am = am;
	sc.word = -1;
	scanner_clause_break(&sc);
	sc.c = sc.i = sc.a = CIA_X;

	while (pos < len)
	{
		unsigned char ch = s[pos];

		if (ch < 0x80)
		{
			switch (ascii_class(ch))
			{
				case CC_LETTER:
					scanner_letter(&sc, SYM_A + ((ch | 0x20) - 'a'));
					break;
				case CC_DIGIT:
				case CC_OTHERWORD:
					scanner_letter(&sc, SYM_OTHER);
					break;
				case CC_STOP:
					/* "3.5", "U.S.A", "10:30" do not end a clause */
					if (pos + 1 < len && byte_is_wordish(s[pos + 1]))
						scanner_space(&sc);
					else
						scanner_hard_break(&sc);
					break;
				case CC_CLAUSE:
					scanner_hard_break(&sc);
					break;
				case CC_COMMA:
					if (pos + 1 < len && pos > 0 && s[pos - 1] >= '0' && s[pos - 1] <= '9' &&
						s[pos + 1] >= '0' && s[pos + 1] <= '9')
						scanner_space(&sc);
					else
						scanner_comma(&sc);
					break;
				case CC_APOS:
					scanner_apostrophe(&sc, s, len, &pos, pos + 1);
					continue;
				case CC_HYPHEN:
					if (sc.in_word && pos + 1 < len && byte_is_wordish(s[pos + 1]))
					{
						/* "non-critical": a prefix, not a negation */
						if (current_word_is(&sc, "non") || current_word_is(&sc, "no"))
							scanner_letter(&sc, SYM_OTHER);
						scanner_space(&sc);
					}
					else if (!sc.in_word && pos + 1 < len && byte_is_wordish(s[pos + 1]))
						scanner_space(&sc);
					else
						scanner_hard_break(&sc);	/* " - " between clauses */
					break;
				default:
					scanner_space(&sc);
					break;
			}
			pos++;
		}
		else if (utf8)
		{
			int			cp;
			int			n = pg_utf_mblen(&s[pos]);
			bool		ok = (n >= 2 && n <= 4 && pos + n <= len);

			for (int k = 1; ok && k < n; k++)
				if ((s[pos + k] & 0xC0) != 0x80)
					ok = false;
			if (!ok)
			{
				/* not valid UTF-8 (cannot come from a UTF8 database): one opaque byte */
				scanner_letter(&sc, SYM_OTHER);
				pos++;
				continue;
			}
			cp = utf8_to_unicode(&s[pos]);
			pos += n;
			if (cp >= 0xC0 && cp <= 0xFF)
			{
				int			sym = latin1_symbol(cp);

				if (sym < 0)
					scanner_space(&sc);
				else
					scanner_letter(&sc, sym);
			}
			else if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC)
				scanner_apostrophe(&sc, s, len, &pos, pos);
			else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2026)
				scanner_hard_break(&sc);	/* en dash, em dash, ellipsis */
			else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF)
				scanner_space(&sc); /* Latin-1 punctuation, NBSP, general punctuation */
			else
				scanner_letter(&sc, SYM_OTHER);
		}
		else if (latin)
		{
			if (ch >= 0xC0)
			{
				int			sym = latin1_symbol(ch);

				if (sym < 0)
					scanner_space(&sc);
				else
					scanner_letter(&sc, sym);
			}
			else if (encoding == PG_WIN1252 && ch == 0x92)
			{
				scanner_apostrophe(&sc, s, len, &pos, pos + 1);
				continue;
			}
			else
				scanner_space(&sc);
			pos++;
		}
		else
		{
			scanner_letter(&sc, SYM_OTHER);
			pos++;
		}
	}
	/* end of text: finish the last word's phrases */
	scanner_feed(&sc, SYM_BLANK);
	sc.word++;
	scanner_commit_pending(&sc, true);
	return CIA_MAKE(sc.c, sc.i, sc.a);
}

static const Automaton *
get_text_automaton(void)
{
	if (text_automaton == NULL)
		text_automaton = automaton_build();
	return text_automaton;
}

/* CIA evidence found in a free-text incident summary (English, Italian). */
PG_FUNCTION_INFO_V1(classify_cia_text);
Datum
classify_cia_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_CIA(classify_text(get_text_automaton(), VARDATA_ANY(t),
								VARSIZE_ANY_EXHDR(t), GetDatabaseEncoding()));
}
