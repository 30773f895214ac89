/*
 * dedup.c
 *		Comparisons of victim names and incident texts for duplicate
 *		detection (find_duplicates, src/sql/93_duplicates.sql), over the
 *		words of the normaliser (dedup_words.c).
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

#include "dedup.h"

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
	int			n = dup_sorted_words(ws, w, false, false);

	if (n == 0)
		n = dup_sorted_words(ws, w, true, false);
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

	dup_split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), true, ws);
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

	dup_split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), is_name, ws);
	n = dup_sorted_words(ws, w, true, false);
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

	dup_split_words(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), true, ws);
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
	n = dup_sorted_words(ws, w, false, false);
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
				qsort(sorted[k], strlen(sorted[k]), 1, dup_char_cmp);
			sw[k] = sorted[k];
		}
		qsort(sw, ns, sizeof(char *), dup_cstr_cmp);
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
	nl = dup_sorted_words(s, lw, true, false);
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
			nlw = dup_sorted_words(l, longw, true, false);
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

	dup_split_words(VARDATA_ANY(ta), VARSIZE_ANY_EXHDR(ta), true, a);
	dup_split_words(VARDATA_ANY(tb), VARSIZE_ANY_EXHDR(tb), true, b);
	if (a->n == 0 || b->n == 0)
		PG_RETURN_NULL();

	/* all words equal? */
	na = dup_sorted_words(a, wa, true, false);
	nb = dup_sorted_words(b, wb, true, false);
	if (na != nb)
		same = false;
	for (k = 0; same && k < na; k++)
		if (strcmp(wa[k], wb[k]) != 0)
			same = false;
	if (same)
		PG_RETURN_TEXT_P(cstring_to_text("same"));

	if (acronym_of(a, b) || acronym_of(b, a))
		PG_RETURN_TEXT_P(cstring_to_text("acronym"));

	nka = dup_sorted_words(a, ka, false, true);
	nkb = dup_sorted_words(b, kb, false, true);
	kinds_clash = nka > 0 && nkb > 0 && count_matched(ka, nka, kb, nkb) == 0;

	na = dup_sorted_words(a, wa, false, false);
	nb = dup_sorted_words(b, wb, false, false);
	if (na == 0 || nb == 0)
	{
		/* names made of kinds only ("Hospital"): compare all words */
		na = dup_sorted_words(a, wa, true, false);
		nb = dup_sorted_words(b, wb, true, false);
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

	dup_split_words(VARDATA_ANY(ta), Min(VARSIZE_ANY_EXHDR(ta), DUP_TEXT_BYTES), false, a);
	dup_split_words(VARDATA_ANY(tb), Min(VARSIZE_ANY_EXHDR(tb), DUP_TEXT_BYTES), false, b);
	na = dup_sorted_words(a, wa, true, false);
	nb = dup_sorted_words(b, wb, true, false);
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
