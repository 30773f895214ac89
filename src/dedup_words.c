/*
 * dedup_words.c
 *		The normaliser of victim names and incident texts for duplicate
 *		detection (dedup.c, src/sql/93_duplicates.sql).
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
 *		Roma 2).  The lexicon is compiled in.
 */
#include "postgres.h"

#include "dedup.h"

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
void
dup_split_words(const char *s, int len, bool is_name, DupWords *out)
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

int
dup_char_cmp(const void *a, const void *b)
{
	return *(const unsigned char *) a - *(const unsigned char *) b;
}

int
dup_cstr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/*
 * The distinct words of ws (kinds too when with_kinds, only kinds when
 * only_kinds), sorted; returns how many.
 */
int
dup_sorted_words(const DupWords *ws, const char **out, bool with_kinds, bool only_kinds)
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
	qsort(out, n, sizeof(char *), dup_cstr_cmp);
	for (k = 0, m = 0; k < n; k++)
		if (m == 0 || strcmp(out[m - 1], out[k]) != 0)
			out[m++] = out[k];
	return m;
}
