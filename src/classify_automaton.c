/*
 * classify_automaton.c
 *		The Aho-Corasick automaton of classify_cia(text): every variant of the
 *		phrase table (classify_phrases.c) is added to a trie over the
 *		normalised alphabet, then failure and dictionary links are computed;
 *		built once per backend in TopMemoryContext.
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
#include "classify_text.h"


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
	for (int k = 0; k < phrase_dictionary_len; k++)
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

const Automaton *
get_text_automaton(void)
{
	if (text_automaton == NULL)
		text_automaton = automaton_build();
	return text_automaton;
}
