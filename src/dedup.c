/*
 * dedup.c
 *		Normalisation of victim names and incident texts for duplicate
 *		detection (find_duplicates, src/sql/93_duplicates.sql).
 *
 *		A name or text is split into words: letters and digits only, lower
 *		case, accents of the Latin-1 and Latin Extended-A letters folded to
 *		ASCII (à -> a, ß -> ss, Ł -> l, ...; no unaccent dictionary needed),
 *		dots inside a word dropped (S.p.A. -> spa, U.S. -> us).  A small
 *		multilingual lexicon then maps each word:
 *		  - organisation kinds to one English word, marked as a kind
 *		    (comune / città / ville / stadt / ayuntamiento -> city,
 *		    ospedale / klinikum / hôpital -> hospital, ...);
 *		  - common words of incident reports to one English word
 *		    (attacco / attaque / angriff -> attack, dati -> data, ...);
 *		  - legal forms (Inc., GmbH, S.p.A., Azienda ...) and function words
 *		    of English, Italian, French, German and Spanish to nothing.
 *		Single letters are dropped; digits are kept (ASL Roma 1 is not ASL
 *		Roma 2).
 *
 *		Names are compared by their distinctive words (those that are not a
 *		kind), with one edit allowed in words of five letters or more, by
 *		their kinds (a city and a hospital of one place are two victims) and
 *		by acronym (the initials of a long name are a word of the short one:
 *		NHS / National Health Service).  Every function here is IMMUTABLE:
 *		the lexicon is compiled in.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define DUP_MAX_WORDS	64		/* words kept per name or text */
#define DUP_MAX_WORDLEN 48		/* bytes kept per word */
#define DUP_TEXT_BYTES	400		/* bytes of a title + summary compared */

typedef enum LexKind
{
	LEX_WORD,					/* translated, kept */
	LEX_KIND,					/* organisation kind, kept and marked */
	LEX_DROP					/* legal form or function word */
} LexKind;

typedef struct LexEntry
{
	const char *word;			/* folded, lower case */
	const char *canon;			/* what it becomes (NULL for LEX_DROP) */
	LexKind		kind;
	bool		name_only;		/* dropped in names, kept in texts */
} LexEntry;

#define K(w, c) {w, c, LEX_KIND, false}
#define W(w, c) {w, c, LEX_WORD, false}
#define D(w)	{w, NULL, LEX_DROP, false}
/* legal forms: dropped from names only ("company" may tell a story) */
#define L(w)	{w, NULL, LEX_DROP, true}

static LexEntry lexicon[] = {
	/* municipalities */
	K("city", "city"), K("comune", "city"), K("citta", "city"), K("municipality", "city"),
	K("municipal", "city"), K("municipio", "city"), K("ville", "city"), K("stadt", "city"),
	K("ayuntamiento", "city"), K("gemeinde", "city"), K("commune", "city"), K("town", "city"),
	K("township", "city"), K("council", "city"), K("mairie", "city"), K("municipalite", "city"),
	K("municipalidad", "city"), K("ajuntament", "city"), K("stadtverwaltung", "city"),
	K("gemeente", "city"), K("kommune", "city"), K("borough", "city"), K("comuna", "city"),
	K("ciudad", "city"), K("cidade", "city"), K("prefeitura", "city"), K("concello", "city"),
	K("landeshauptstadt", "city"), K("hauptstadt", "city"), K("metropolitana", "city"),
	K("citymetropolitan", "city"),
	/* provinces, counties, regions, states */
	K("province", "province"), K("provincia", "province"), K("provinciale", "province"),
	K("provincial", "province"), K("county", "province"), K("contea", "province"),
	K("landkreis", "province"), K("kreis", "province"), K("departement", "province"),
	K("diputacion", "province"), K("region", "region"), K("regione", "region"),
	K("regional", "region"), K("regionale", "region"), K("regio", "region"),
	K("state", "state"), K("stato", "state"), K("etat", "state"), K("estado", "state"),
	/* hospitals and health bodies */
	K("hospital", "hospital"), K("hospitals", "hospital"), K("ospedale", "hospital"),
	K("ospedali", "hospital"), K("ospedaliera", "hospital"), K("ospedaliero", "hospital"),
	K("hopital", "hospital"), K("hopitaux", "hospital"), K("hospitalier", "hospital"),
	K("hospitaliere", "hospital"), K("klinikum", "hospital"), K("klinik", "hospital"),
	K("kliniken", "hospital"), K("krankenhaus", "hospital"), K("clinic", "hospital"),
	K("clinica", "hospital"), K("clinique", "hospital"), K("policlinico", "hospital"),
	K("poliklinik", "hospital"), K("infirmary", "hospital"), K("hospitalario", "hospital"),
	K("ziekenhuis", "hospital"),
	W("sanitaria", "health"), W("sanitario", "health"), W("sanita", "health"),
	W("salute", "health"), W("healthcare", "health"), W("gesundheit", "health"),
	W("sante", "health"), W("salud", "health"), W("saude", "health"),
	W("medical", "medical"), W("medico", "medical"), W("medicale", "medical"),
	W("medizinische", "medical"), W("medica", "medical"),
	W("center", "center"), W("centre", "center"), W("centro", "center"), W("zentrum", "center"),
	/* universities, schools, institutes */
	K("university", "university"), K("universita", "university"),
	K("universitaria", "university"), K("universitario", "university"),
	K("universitat", "university"), K("universite", "university"),
	K("universidad", "university"), K("universidade", "university"),
	K("universitaire", "university"), K("universiteit", "university"),
	K("ateneo", "university"), K("college", "college"), K("collegio", "college"),
	K("school", "school"), K("scuola", "school"), K("ecole", "school"), K("schule", "school"),
	K("escuela", "school"), K("liceo", "school"), K("lycee", "school"), K("gymnasium", "school"),
	K("institute", "institute"), K("istituto", "institute"), K("institut", "institute"),
	K("instituto", "institute"),
	/* government */
	K("ministry", "ministry"), K("ministero", "ministry"), K("ministere", "ministry"),
	K("ministerium", "ministry"), K("ministerio", "ministry"), K("bundesministerium", "ministry"),
	K("government", "government"), K("governo", "government"), K("gouvernement", "government"),
	K("regierung", "government"), K("gobierno", "government"),
	K("agency", "agency"), K("agenzia", "agency"), K("agence", "agency"),
	K("agentur", "agency"), K("agencia", "agency"),
	K("authority", "authority"), K("autorita", "authority"), K("autorite", "authority"),
	K("behorde", "authority"), K("autoridad", "authority"),
	K("court", "court"), K("tribunale", "court"), K("tribunal", "court"), K("gericht", "court"),
	K("police", "police"), K("polizia", "police"), K("polizei", "police"), K("policia", "police"),
	K("bank", "bank"), K("banca", "bank"), K("banco", "bank"), K("banque", "bank"),
	K("banka", "bank"),
	W("nazionale", "national"), W("nationale", "national"), W("nacional", "national"),
	W("nationaal", "national"), W("federale", "federal"), W("bundes", "federal"),
	/* what ministries and agencies are for */
	W("interno", "interior"), W("interieur", "interior"), W("innern", "interior"),
	W("difesa", "defence"), W("defense", "defence"), W("defensa", "defence"),
	W("verteidigung", "defence"), W("giustizia", "justice"), W("justicia", "justice"),
	W("justiz", "justice"), W("esteri", "foreign"), W("exteriores", "foreign"),
	W("etrangeres", "foreign"), W("auswartiges", "foreign"), W("finanze", "finance"),
	W("finances", "finance"), W("finanzas", "finance"), W("finanzen", "finance"),
	W("istruzione", "education"), W("educacion", "education"), W("bildung", "education"),
	W("lavoro", "labour"), W("labor", "labour"), W("trabajo", "labour"), W("travail", "labour"),
	W("arbeit", "labour"), W("trasporti", "transport"), W("transports", "transport"),
	W("transportes", "transport"), W("verkehr", "transport"), W("ambiente", "environment"),
	W("umwelt", "environment"), W("cultura", "culture"), W("kultur", "culture"),
	W("entrate", "revenue"), W("recettes", "revenue"), W("tributaria", "tax"),
	W("fiscale", "tax"), W("steuer", "tax"), W("impots", "tax"), W("studi", "studies"),
	W("etudes", "studies"), W("estudios", "studies"),
	/* words of incident reports */
	W("attacco", "attack"), W("attacchi", "attack"), W("attaque", "attack"),
	W("attaques", "attack"), W("angriff", "attack"), W("angriffe", "attack"),
	W("ataque", "attack"), W("ataques", "attack"), W("attacks", "attack"),
	W("attacked", "attack"), W("cyberattack", "attack"), W("cyberattacco", "attack"),
	W("cyberangriff", "attack"), W("cyberattaque", "attack"), W("ciberataque", "attack"),
	W("cyberattacks", "attack"), W("hackerangriff", "attack"), W("cyberangriffs", "attack"),
	W("informatico", "cyber"), W("informatica", "cyber"), W("informatique", "cyber"),
	W("cibernetico", "cyber"), W("hacker", "hacker"), W("hackers", "hacker"),
	W("hackerato", "hacker"), W("hackeraggio", "hacker"), W("pirates", "hacker"),
	W("dati", "data"), W("donnees", "data"), W("daten", "data"), W("datos", "data"),
	W("violazione", "breach"), W("violation", "breach"), W("brecha", "breach"),
	W("leak", "leak"), W("fuga", "leak"), W("fuite", "leak"), W("leck", "leak"),
	W("leaked", "leak"), W("furto", "theft"), W("vol", "theft"), W("diebstahl", "theft"),
	W("robo", "theft"), W("stolen", "theft"), W("rubati", "theft"), W("sistemi", "system"),
	W("sistema", "system"), W("systems", "system"), W("systeme", "system"),
	W("pazienti", "patient"), W("paziente", "patient"), W("patients", "patient"),
	W("patienten", "patient"), W("pacientes", "patient"), W("servizi", "service"),
	W("servizio", "service"), W("services", "service"), W("dienste", "service"),
	W("servicios", "service"), W("interruzione", "outage"), W("disruption", "outage"),
	W("panne", "outage"), W("ausfall", "outage"), W("disservizio", "outage"),
	W("riscatto", "ransom"), W("rancon", "ransom"), W("losegeld", "ransom"),
	W("rescate", "ransom"), W("colpito", "hit"), W("colpita", "hit"), W("touche", "hit"),
	W("getroffen", "hit"), W("bloccati", "blocked"), W("bloccato", "blocked"),
	W("paralizzato", "blocked"), W("paralysed", "blocked"), W("paralyzed", "blocked"),
	/* legal forms and company words, dropped from names */
	L("inc"), L("incorporated"), L("llc"), L("ltd"), L("limited"), L("corp"),
	L("corporation"), L("co"), L("company"), L("plc"), L("gmbh"), L("ag"), L("sa"),
	L("spa"), L("srl"), L("sas"), L("sarl"), L("nv"), L("bv"), L("ab"), L("oy"), L("oyj"),
	L("kg"), L("ohg"), L("ug"), L("lp"), L("llp"), L("pty"), L("pvt"), L("sl"), L("sau"),
	L("scarl"), L("scrl"), L("onlus"), L("kk"), L("azienda"), L("societa"), L("societe"),
	L("sociedad"), L("gesellschaft"), L("group"), L("gruppo"), L("groupe"), L("gruppe"),
	L("grupo"), L("holding"), L("holdings"), L("trust"), L("ente"), L("aps"), L("ets"),
	L("dba"), L("aka"),
	/* function words */
	D("the"), D("of"), D("and"), D("for"), D("an"), D("in"), D("on"), D("at"), D("to"),
	D("by"), D("with"), D("from"), D("as"), D("is"), D("are"), D("was"), D("were"),
	D("its"), D("their"), D("has"), D("have"), D("had"), D("that"), D("this"), D("after"),
	D("di"), D("del"), D("della"), D("dello"), D("dei"), D("degli"), D("delle"), D("da"),
	D("dal"), D("dalla"), D("ed"), D("il"), D("lo"), D("la"), D("le"), D("gli"), D("un"),
	D("una"), D("uno"), D("per"), D("con"), D("su"), D("sul"), D("sulla"), D("al"),
	D("alla"), D("ai"), D("agli"), D("all"), D("dell"), D("nel"), D("nella"), D("nei"),
	D("sono"), D("stata"), D("de"), D("du"), D("des"), D("les"), D("et"),
	D("au"), D("aux"), D("en"), D("une"), D("pour"), D("sur"), D("par"), D("der"),
	D("die"), D("das"), D("dem"), D("den"), D("und"), D("von"), D("vom"), D("zu"),
	D("zur"), D("zum"), D("im"), D("am"), D("ein"), D("eine"), D("einen"), D("fur"),
	D("auf"), D("el"), D("los"), D("las"), D("para"), D("por"), D("do"),
	D("dos"), D("van"), D("het"), D("presso"), D("chez"), D("bei"), D("contro"),
	D("contre"), D("gegen"), D("against"), D("contra"), D("it"), D("be"), D("been"),
	D("not"), D("also"), D("which"), D("who"), D("into"), D("over"), D("more"), D("ist"),
	D("nach"), D("einem"), D("einer"), D("nur"), D("mit"), D("sich"), D("wird"), D("wurde"),
	D("hat"), D("nicht"), D("auch"), D("noch"), D("als"), D("wie"), D("aus"), D("bis"),
	D("unter"), D("ha"), D("hanno"), D("dopo"), D("tra"), D("fra"), D("non"),
	D("anche"), D("come"), D("piu"), D("stati"), D("est"), D("ont"), D("apres"), D("avec"),
	D("dans"), D("ne"), D("pas"), D("plus"), D("qui"), D("que"), D("ce"), D("cette"),
	D("es"), D("han"), D("tras"), D("sin"), D("como"), D("mas"),
};

#undef K
#undef W
#undef D
#undef L

static bool lexicon_sorted = false;

static int
lex_cmp(const void *a, const void *b)
{
	return strcmp(((const LexEntry *) a)->word, ((const LexEntry *) b)->word);
}

static const LexEntry *
lex_lookup(const char *w)
{
	LexEntry	key;

	if (!lexicon_sorted)
	{
		/* sorted once per backend; duplicates keep an arbitrary one */
		qsort(lexicon, lengthof(lexicon), sizeof(LexEntry), lex_cmp);
		lexicon_sorted = true;
	}
	key.word = w;
	return (const LexEntry *) bsearch(&key, lexicon, lengthof(lexicon), sizeof(LexEntry), lex_cmp);
}

/*
 * ASCII for a Latin-1 Supplement or Latin Extended-A letter (U+00C0 ..
 * U+017F, and the Romanian comma letters); NULL when cp is no letter there.
 */
static const char *
fold_latin(uint32 cp)
{
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y"
	};
	/* U+0100 .. U+017F by ranges of the same base letter */
	static const struct
	{
		uint16		last;
		const char *ascii;
	}			exta[] = {
		{0x0105, "a"}, {0x010D, "c"}, {0x0111, "d"}, {0x011B, "e"}, {0x0123, "g"},
		{0x0127, "h"}, {0x0131, "i"}, {0x0133, "ij"}, {0x0135, "j"}, {0x0138, "k"},
		{0x0142, "l"}, {0x014B, "n"}, {0x0151, "o"}, {0x0153, "oe"}, {0x0159, "r"},
		{0x0161, "s"}, {0x0167, "t"}, {0x0173, "u"}, {0x0175, "w"}, {0x0178, "y"},
		{0x017E, "z"}, {0x017F, "s"}
	};
	int			k;

	if (cp >= 0x00C0 && cp <= 0x00FF)
		return latin1[cp - 0x00C0];
	if (cp >= 0x0100 && cp <= 0x017F)
	{
		for (k = 0; k < lengthof(exta); k++)
			if (cp <= exta[k].last)
				return exta[k].ascii;
	}
	if (cp == 0x0218 || cp == 0x0219)
		return "s";
	if (cp == 0x021A || cp == 0x021B)
		return "t";
	return NULL;
}

/* One word of a name or text after the lexicon. */
typedef struct DupWord
{
	char		w[DUP_MAX_WORDLEN + 1];
	bool		kind;			/* an organisation kind (city, hospital ...) */
	bool		upper;			/* written in capitals in the input (ASL, NHS) */
	char		initial;		/* first letter of the word as written, folded */
} DupWord;

typedef struct DupWords
{
	int			n;
	DupWord		words[DUP_MAX_WORDS];
	/* initials of the words as written (function words left out) */
	char		initials[DUP_MAX_WORDS + 1];
	int			ninitials;
} DupWords;

/*
 * German transliterations: ae, oe, ue -> a, o, u in place, so that Fuerth
 * (for Fürth, folded to furth) and Fürth meet.  Applied the same way to
 * every word outside the lexicon; a word it mangles (blue -> blu) is
 * mangled alike on both sides.
 */
static void
fold_digraphs(char *w)
{
	char	   *r = w,
			   *o = w;

	while (*r)
	{
		*o++ = *r;
		if ((r[0] == 'a' || r[0] == 'o' || r[0] == 'u') && r[1] == 'e')
			r += 2;
		else
			r++;
	}
	*o = '\0';
}

/*
 * Ends the word in buf: looks it up and appends it to out (names: legal
 * forms dropped too).
 */
static void
finish_word(DupWords *out, char *buf, int len, bool upper, bool is_name)
{
	const LexEntry *e;
	const char *canon = buf;
	bool		kind = false;
	char		initial;

	if (len == 0)
		return;
	buf[len] = '\0';
	initial = buf[0];
	e = lex_lookup(buf);
	if (e != NULL)
	{
		if (e->kind == LEX_DROP && !e->name_only)
			return;				/* a function word: no word, no initial */
		if (e->kind == LEX_DROP && is_name)
		{
			/* a legal form or company word: no word, but an initial (Azienda Sanitaria Provinciale: ASP) */
			if (out->ninitials < DUP_MAX_WORDS && initial >= 'a' && initial <= 'z')
			{
				out->initials[out->ninitials++] = initial;
			}
			return;
		}
		if (e->kind != LEX_DROP)
		{
			canon = e->canon;
			kind = (e->kind == LEX_KIND);
		}
	}
	else
		fold_digraphs(buf);
	if (out->ninitials < DUP_MAX_WORDS && (initial >= 'a' && initial <= 'z'))
	{
		out->initials[out->ninitials++] = initial;
	}
	/* single letters say nothing; digits do (ASL Roma 1) */
	if (len == 1 && !(buf[0] >= '0' && buf[0] <= '9'))
		return;
	if (out->n >= DUP_MAX_WORDS)
		return;
	strlcpy(out->words[out->n].w, canon, DUP_MAX_WORDLEN + 1);
	if (canon != buf)
		fold_digraphs(out->words[out->n].w);	/* revenue as the word is */
	out->words[out->n].kind = kind;
	out->words[out->n].upper = upper && len >= 2;
	out->words[out->n].initial = initial;
	out->n++;
}

/* Splits UTF-8 text into folded, translated words. */
static void
split_words(const char *s, int len, bool is_name, DupWords *out)
{
	char		buf[DUP_MAX_WORDLEN + 8];
	int			blen = 0;
	bool		upper = true;
	int			i = 0;

	out->n = 0;
	out->ninitials = 0;
	while (i < len && out->n < DUP_MAX_WORDS)
	{
		unsigned char c = (unsigned char) s[i];
		uint32		cp;
		int			clen;
		const char *fold = NULL;
		bool		letter = false;

		if (c < 0x80)
		{
			cp = c;
			clen = 1;
		}
		else if ((c & 0xE0) == 0xC0 && i + 1 < len)
		{
			cp = ((c & 0x1F) << 6) | ((unsigned char) s[i + 1] & 0x3F);
			clen = 2;
		}
		else if ((c & 0xF0) == 0xE0 && i + 2 < len)
		{
			cp = ((c & 0x0F) << 12) | (((unsigned char) s[i + 1] & 0x3F) << 6) |
				((unsigned char) s[i + 2] & 0x3F);
			clen = 3;
		}
		else if ((c & 0xF8) == 0xF0 && i + 3 < len)
		{
			cp = 0x10000;		/* beyond the BMP: kept as bytes */
			clen = 4;
		}
		else
		{
			cp = 0xFFFD;
			clen = 1;
		}

		if (cp < 0x80)
		{
			if (cp >= 'a' && cp <= 'z')
			{
				letter = true;
				upper = false;
			}
			else if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
				letter = true;
			else if (cp == '.' && blen > 0 && i + 1 < len && isalnum((unsigned char) s[i + 1]))
			{
				/* a dot inside a word: S.p.A., U.S. */
				i++;
				continue;
			}
		}
		else if ((fold = fold_latin(cp)) != NULL)
		{
			letter = true;
			/* capitals of the two blocks: U+00C0..U+00DE; odd/even pairs after */
			if (!(cp >= 0x00C0 && cp <= 0x00DE) && !(cp >= 0x0100 && (cp & 1) == 0))
				upper = false;
		}
		else if (cp >= 0x0370 && cp != 0xFFFD && !(cp >= 0x2000 && cp <= 0x2BFF) &&
				 !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFE30 && cp <= 0xFE4F) &&
				 !(cp >= 0xFF00 && cp <= 0xFF0F))
			letter = true;		/* Greek, Cyrillic, CJK ...: kept as written */

		if (letter && blen > 0 && cp < 0x80 &&
			((cp >= '0' && cp <= '9') != (buf[blen - 1] >= '0' && buf[blen - 1] <= '9')))
		{
			/* letters and digits make two words: ASL5 -> asl 5 */
			finish_word(out, buf, blen, upper, is_name);
			blen = 0;
			upper = true;
			if (cp >= 'a' && cp <= 'z')
				upper = false;
		}
		if (letter)
		{
			if (fold != NULL)
			{
				int			flen = strlen(fold);

				if (blen + flen <= DUP_MAX_WORDLEN)
				{
					memcpy(buf + blen, fold, flen);
					blen += flen;
				}
			}
			else if (cp < 0x80)
			{
				if (blen < DUP_MAX_WORDLEN)
					buf[blen++] = (char) ((cp >= 'A' && cp <= 'Z') ? cp + ('a' - 'A') : cp);
			}
			else if (blen + clen <= DUP_MAX_WORDLEN)
			{
				memcpy(buf + blen, s + i, clen);
				blen += clen;
			}
		}
		else
		{
			finish_word(out, buf, blen, upper, is_name);
			blen = 0;
			upper = true;
		}
		i += clen;
	}
	finish_word(out, buf, blen, upper, is_name);
	out->initials[out->ninitials] = '\0';
}

static int
char_cmp(const void *a, const void *b)
{
	return *(const unsigned char *) a - *(const unsigned char *) b;
}

static int
cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * The distinct words of ws (kinds too when with_kinds, only kinds when
 * only_kinds), sorted; returns how many.
 */
static int
sorted_words(const DupWords *ws, const char **out, bool with_kinds, bool only_kinds)
{
	int			n = 0,
				k,
				m;

	for (k = 0; k < ws->n; k++)
	{
		if (only_kinds ? !ws->words[k].kind : (ws->words[k].kind && !with_kinds))
			continue;
		out[n++] = ws->words[k].w;
	}
	qsort(out, n, sizeof(char *), cstr_cmp);
	for (k = 0, m = 0; k < n; k++)
		if (m == 0 || strcmp(out[m - 1], out[k]) != 0)
			out[m++] = out[k];
	return m;
}

static text *
join_words(const char **w, int n)
{
	StringInfoData buf;
	int			k;

	initStringInfo(&buf);
	for (k = 0; k < n; k++)
	{
		if (k > 0)
			appendStringInfoChar(&buf, ' ');
		appendStringInfoString(&buf, w[k]);
	}
	return cstring_to_text_with_len(buf.data, buf.len);
}

static ArrayType *
words_array(const char **w, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			k;

	for (k = 0; k < n; k++)
		d[k] = PointerGetDatum(cstring_to_text(w[k]));
	return construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT);
}

/*
 * The blocking key of a name: its distinctive words (no kinds), sorted,
 * joined by blanks; all its words when it has only kinds; 0 words -> NULL.
 */
static int
name_key_words(const DupWords *ws, const char **w)
{
	int			n = sorted_words(ws, w, false, false);

	if (n == 0)
		n = sorted_words(ws, w, true, false);
	return n;
}

/* dup_name_key(text) -> text: the blocking key of a victim name */
PG_FUNCTION_INFO_V1(dup_name_key);
Datum
dup_name_key(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	DupWords   *ws = palloc(sizeof(DupWords));
	const char *w[DUP_MAX_WORDS];
	int			n;

	split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), true, ws);
	n = name_key_words(ws, w);
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(join_words(w, n));
}

/* dup_words(text, is_name boolean) -> text[]: the sorted distinct words */
PG_FUNCTION_INFO_V1(dup_words);
Datum
dup_words(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	bool		is_name = PG_GETARG_BOOL(1);
	DupWords   *ws = palloc(sizeof(DupWords));
	const char *w[DUP_MAX_WORDS];
	int			n;

	split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), is_name, ws);
	n = sorted_words(ws, w, true, false);
	if (n == 0)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(words_array(w, n));
}

/*
 * The acronyms a name may go by: the prefixes of three letters or more of
 * the initials of its words (function words left out, legal forms in: ASP =
 * Azienda Sanitaria Provinciale), and the words it writes in capitals (2 to
 * 8 letters), the initials first (*ninitials of them).
 */
static int
name_acronyms(const DupWords *ws, char out[][DUP_MAX_WORDLEN + 1], int max, int *ninitials)
{
	int			n = 0,
				k,
				len;

	/* prefixes of the initials: National Health Service Dumfries -> nhs, nhsd */
	for (len = 3; len <= ws->ninitials && len <= DUP_MAX_WORDLEN && n < max - 2; len++)
	{
		memcpy(out[n], ws->initials, len);
		out[n][len] = '\0';
		n++;
	}
	*ninitials = n;
	for (k = 0; k < ws->n && n < max; k++)
	{
		const DupWord *d = &ws->words[k];

		len = strlen(d->w);
		if (d->upper && !d->kind && len >= 2 && len <= 8 && !(d->w[0] >= '0' && d->w[0] <= '9'))
			strlcpy(out[n++], d->w, DUP_MAX_WORDLEN + 1);
	}
	return n;
}

/*
 * dup_block_keys(text) -> text[]: the blocking keys of a victim name:
 * 'n:' + its key, 'a:' + each prefix of its initials and 'A:' + each word
 * it writes in capitals (see name_acronyms: find_duplicates pairs an 'a:'
 * key only with an 'A:' one, a long name with a short one),
 * 't:' + each distinctive word of four letters or more, 'p:' + the first five
 * letters of each of six letters or more (numbers neither), and 's:' + its key
 * with the letters of each word sorted (typos that swap two letters).
 */
PG_FUNCTION_INFO_V1(dup_block_keys);
Datum
dup_block_keys(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	DupWords   *ws = palloc(sizeof(DupWords));
	const char *w[DUP_MAX_WORDS];
	char		acr[12][DUP_MAX_WORDLEN + 1];
	Datum		keys[2 + 12 + 2 * DUP_MAX_WORDS];
	int			ninitials;
	int			nkeys = 0,
				n,
				na,
				k;

	split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), true, ws);
	n = name_key_words(ws, w);
	if (n == 0)
		PG_RETURN_NULL();
	{
		text	   *key = join_words(w, n);
		char	   *s = psprintf("n:%s", text_to_cstring(key));

		keys[nkeys++] = PointerGetDatum(cstring_to_text(s));
	}
	na = name_acronyms(ws, acr, lengthof(acr), &ninitials);
	for (k = 0; k < na; k++)
		keys[nkeys++] = PointerGetDatum(cstring_to_text(psprintf(k < ninitials ? "a:%s" : "A:%s", acr[k])));
	n = sorted_words(ws, w, false, false);
	for (k = 0; k < n; k++)
	{
		/* numbers stay in the name key only: #100123 shares no word with #100124 */
		if (w[k][0] >= '0' && w[k][0] <= '9')
			continue;
		if (strlen(w[k]) >= 4)
			keys[nkeys++] = PointerGetDatum(cstring_to_text(psprintf("t:%s", w[k])));
		/* the first five letters of a longer word: Sevilla / Seville */
		if (strlen(w[k]) >= 6 && nkeys < lengthof(keys))
			keys[nkeys++] = PointerGetDatum(cstring_to_text(psprintf("p:%.5s", w[k])));
	}
	/* the letters of each word sorted: a transposition keeps the key */
	{
		const char *sw[DUP_MAX_WORDS];
		char		sorted[DUP_MAX_WORDS][DUP_MAX_WORDLEN + 1];
		int			ns = name_key_words(ws, sw);

		for (k = 0; k < ns; k++)
		{
			strlcpy(sorted[k], sw[k], DUP_MAX_WORDLEN + 1);
			/* numbers stay as written: #12345 is not #21354 */
			if (!(sorted[k][0] >= '0' && sorted[k][0] <= '9'))
				qsort(sorted[k], strlen(sorted[k]), 1, char_cmp);
			sw[k] = sorted[k];
		}
		qsort(sw, ns, sizeof(char *), cstr_cmp);
		keys[nkeys++] = PointerGetDatum(cstring_to_text(psprintf("s:%s", text_to_cstring(join_words(sw, ns)))));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(keys, nkeys, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * Edit distance of two short words (insertions, deletions, substitutions
 * and transpositions of neighbours: "souhtern" is one edit from
 * "southern"), capped: returns cap + 1 when over.
 */
static int
word_distance(const char *a, const char *b, int cap)
{
	int			la = strlen(a),
				lb = strlen(b);
	int			rows[3][DUP_MAX_WORDLEN + 2];
	int		   *pp = rows[0],
			   *prev = rows[1],
			   *cur = rows[2];
	int			i,
				j;

	if (abs(la - lb) > cap)
		return cap + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++)
	{
		int			rowmin;
		int		   *t;

		cur[0] = i;
		rowmin = i;
		for (j = 1; j <= lb; j++)
		{
			int			v = prev[j - 1] + (a[i - 1] != b[j - 1]);

			v = Min(v, prev[j] + 1);
			v = Min(v, cur[j - 1] + 1);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				v = Min(v, pp[j - 2] + 1);
			cur[j] = v;
			rowmin = Min(rowmin, v);
		}
		if (rowmin > cap)
			return cap + 1;
		t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

/* Do two words match: equal, or one edit apart when both have 5+ letters? */
static bool
words_match(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true;
	if (strlen(a) < 5 || strlen(b) < 5)
		return false;
	return word_distance(a, b, 1) <= 1;
}

/* How many words of x match a word of y. */
static int
count_matched(const char **x, int nx, const char **y, int ny)
{
	int			k,
				j,
				hits = 0;

	for (k = 0; k < nx; k++)
		for (j = 0; j < ny; j++)
			if (words_match(x[k], y[j]))
			{
				hits++;
				break;
			}
	return hits;
}

/* Is one of acr (the acronyms of s) a word of l, the other words of s all in l? */
static bool
acronym_of(const DupWords *s, const DupWords *l)
{
	char		acr[12][DUP_MAX_WORDLEN + 1];
	const char *lw[DUP_MAX_WORDS];
	int			na,
				nl,
				k,
				j;

	/* the long name's acronyms against the short name's capitals */
	na = name_acronyms(l, acr, lengthof(acr), &k);
	nl = sorted_words(s, lw, true, false);
	for (k = 0; k < na; k++)
	{
		bool		found = false;

		if (strlen(acr[k]) < 2)
			continue;
		for (j = 0; j < s->n; j++)
			if (strcmp(s->words[j].w, acr[k]) == 0)
				found = true;
		if (found)
		{
			/* every other word of the short name must be in the long one */
			const char *others[DUP_MAX_WORDS];
			const char *longw[DUP_MAX_WORDS];
			int			no = 0,
						nlw;

			for (j = 0; j < nl; j++)
				if (strcmp(lw[j], acr[k]) != 0)
					others[no++] = lw[j];
			nlw = sorted_words(l, longw, true, false);
			if (count_matched(others, no, longw, nlw) == no)
				return true;
		}
	}
	return false;
}

/* Do both names carry numbers, none in common (ASL Roma 1 / ASL Roma 2)? */
static bool
numbers_clash(const DupWords *a, const DupWords *b)
{
	bool		any_a = false,
				any_b = false;
	int			i,
				j;

	for (i = 0; i < a->n; i++)
	{
		if (!(a->words[i].w[0] >= '0' && a->words[i].w[0] <= '9'))
			continue;
		any_a = true;
		for (j = 0; j < b->n; j++)
			if (strcmp(a->words[i].w, b->words[j].w) == 0)
				return false;
	}
	for (j = 0; j < b->n && !any_b; j++)
		any_b = (b->words[j].w[0] >= '0' && b->words[j].w[0] <= '9');
	return any_a && any_b;
}

/*
 * dup_name_level(a text, b text) -> text: how two victim names agree:
 *   same       the same words after normalisation
 *   acronym    one is the acronym of the other (NHS / National Health Service)
 *   variant    the distinctive words of one are all in the other, most of
 *              them shared (Comune di Palermo / Palermo), kinds not in conflict
 *   partial    two distinctive words shared, or two thirds of the shorter
 *              name's, kinds not in conflict
 *   weak       one word shared, each name with words of its own (Pitt
 *              Community College / Coastal Carolina Community College)
 *   other_org  the same place or name words, two different kinds of
 *              organisation (Comune di Palermo / Ospedale di Palermo) or
 *              other numbers (ASL Roma 1 / ASL Roma 2)
 *   different  no distinctive word in common
 */
PG_FUNCTION_INFO_V1(dup_name_level);
Datum
dup_name_level(PG_FUNCTION_ARGS)
{
	text	   *ta = PG_GETARG_TEXT_PP(0);
	text	   *tb = PG_GETARG_TEXT_PP(1);
	DupWords   *a = palloc(sizeof(DupWords));
	DupWords   *b = palloc(sizeof(DupWords));
	const char *wa[DUP_MAX_WORDS],
			   *wb[DUP_MAX_WORDS],
			   *ka[DUP_MAX_WORDS],
			   *kb[DUP_MAX_WORDS];
	int			na,
				nb,
				nka,
				nkb,
				hits,
				k;
	bool		same = true;
	bool		kinds_clash;
	const char *level;

	split_words(VARDATA_ANY(ta), VARSIZE_ANY_EXHDR(ta), true, a);
	split_words(VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(tb), true, b);
	if (a->n == 0 || b->n == 0)
		PG_RETURN_NULL();

	/* all words equal? */
	na = sorted_words(a, wa, true, false);
	nb = sorted_words(b, wb, true, false);
	if (na != nb)
		same = false;
	for (k = 0; same && k < na; k++)
		if (strcmp(wa[k], wb[k]) != 0)
			same = false;
	if (same)
		PG_RETURN_TEXT_P(cstring_to_text("same"));

	if (acronym_of(a, b) || acronym_of(b, a))
		PG_RETURN_TEXT_P(cstring_to_text("acronym"));

	nka = sorted_words(a, ka, false, true);
	nkb = sorted_words(b, kb, false, true);
	kinds_clash = nka > 0 && nkb > 0 && count_matched(ka, nka, kb, nkb) == 0;

	na = sorted_words(a, wa, false, false);
	nb = sorted_words(b, wb, false, false);
	if (na == 0 || nb == 0)
	{
		/* names made of kinds only ("Hospital"): compare all words */
		na = sorted_words(a, wa, true, false);
		nb = sorted_words(b, wb, true, false);
	}
	if (na <= nb)
		hits = count_matched(wa, na, wb, nb);
	else
		hits = count_matched(wb, nb, wa, na);

	if (hits == 0)
		level = "different";
	else if (kinds_clash || numbers_clash(a, b))
		level = "other_org";
	else if (hits == Min(na, nb) && (Min(na, nb) >= 2 || 2 * hits >= Max(na, nb)))
		level = "variant";
	else if (hits >= 2 || 3 * hits >= 2 * Min(na, nb))
		level = "partial";
	else
		level = "weak";
	PG_RETURN_TEXT_P(cstring_to_text(level));
}

/*
 * Word overlap of two texts: the share of the shorter text's words
 * (normalised and translated, function words left out) found in the longer
 * one, and the shorter text's word count; false when either has fewer than
 * three words.
 */
static bool
text_overlap(text *ta, text *tb, double *sim, int *shorter)
{
	DupWords   *a = palloc(sizeof(DupWords));
	DupWords   *b = palloc(sizeof(DupWords));
	const char *wa[DUP_MAX_WORDS],
			   *wb[DUP_MAX_WORDS];
	int			na,
				nb,
				i = 0,
				j = 0,
				hits = 0;

	split_words(VARDATA_ANY(ta), Min(VARSIZE_ANY_EXHDR(ta), DUP_TEXT_BYTES), false, a);
	split_words(VARDATA_ANY(tb), Min(VARSIZE_ANY_EXHDR(tb), DUP_TEXT_BYTES), false, b);
	na = sorted_words(a, wa, true, false);
	nb = sorted_words(b, wb, true, false);
	if (na < 3 || nb < 3)
		return false;
	/* both sorted: merge */
	while (i < na && j < nb)
	{
		int			c = strcmp(wa[i], wb[j]);

		if (c == 0)
		{
			hits++;
			i++;
			j++;
		}
		else if (c < 0)
			i++;
		else
			j++;
	}
	*shorter = Min(na, nb);
	*sim = (double) hits / *shorter;
	return true;
}

/*
 * dup_text_similarity(a text, b text) -> float8: the word overlap of two
 * texts (text_overlap); NULL when either has fewer than three words.
 */
PG_FUNCTION_INFO_V1(dup_text_similarity);
Datum
dup_text_similarity(PG_FUNCTION_ARGS)
{
	double		sim;
	int			shorter;

	if (!text_overlap(PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), &sim, &shorter))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(sim);
}

/*
 * dup_text_level(a text, b text) -> text: how two titles/summaries agree:
 * high (half of the shorter text's words or more in the longer), medium (a
 * quarter or more), unrelated (less, both texts of six words or more: two
 * stories), low (less, a text too short to tell); NULL when either has
 * fewer than three words.
 */
PG_FUNCTION_INFO_V1(dup_text_level);
Datum
dup_text_level(PG_FUNCTION_ARGS)
{
	double		sim;
	int			shorter;

	if (!text_overlap(PG_GETARG_TEXT_PP(0), PG_GETARG_TEXT_PP(1), &sim, &shorter))
		PG_RETURN_NULL();
	if (sim >= 0.5)
		PG_RETURN_TEXT_P(cstring_to_text("high"));
	if (sim >= 0.25)
		PG_RETURN_TEXT_P(cstring_to_text("medium"));
	if (shorter >= 6)
		PG_RETURN_TEXT_P(cstring_to_text("unrelated"));
	PG_RETURN_TEXT_P(cstring_to_text("low"));
}
