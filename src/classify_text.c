/*
 * classify_text.c
 *		classify_cia(text): the summary is normalised on the fly (ASCII case
 *		folding, accented Latin letters folded to their base letter, words
 *		separated by single blanks, clause breaks marked) and fed byte by byte
 *		to the automaton of classify_automaton.c in one pass.  Negation cues
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
#include "classify_text.h"


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
	int32		hedge[NEG_RING];	/* word index of recent hedge cues */
	int			nhedge;
	int32		block_word;		/* a phrase ending at this word ... */
	int32		block_start;	/* ... voids negation cues starting here or later */
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
	sc->nhedge = 0;
	sc->soft_break = -1;
	sc->last_conj = -1;
	sc->last_conj_or = -1;
	for (int k = 0; k < NCLASSES; k++)
		sc->anchor_end[k] = -1;
}

/* Does a cue of ring[0..n) reach evidence beginning at word start? */
static bool
scanner_cue_reaches(const Scanner *sc, const int32 *ring, int n, int window, int32 start)
{
	for (int k = 0; k < n; k++)
	{
		int32		p = ring[k];

		if (p >= start || p < start - window)
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

/* Is evidence beginning at word start negated by a cue before it? */
static inline bool
scanner_negated(const Scanner *sc, int32 start)
{
	return scanner_cue_reaches(sc, sc->neg, sc->nneg, NEG_WINDOW, start);
}

/* Is it hedged ("may have been", "possibly", "potrebbero")? */
static inline bool
scanner_hedged(const Scanner *sc, int32 start)
{
	return scanner_cue_reaches(sc, sc->hedge, sc->nhedge, HEDGE_WINDOW, start);
}

/*
 * Forget the negation cues inside a phrase that has its own meaning, and
 * ignore those that end together with it (found later on the same step).
 */
static void
scanner_drop_cues_from(Scanner *sc, int32 start)
{
	int			keep = 0;

	for (int k = 0; k < sc->nneg; k++)
		if (sc->neg[k] < start)
			sc->neg[keep++] = sc->neg[k];
	sc->nneg = keep;
	sc->block_word = sc->word;
	sc->block_start = start;
}

/* Remember a cue in a ring, dropping the oldest when full. */
static inline void
ring_push(int32 *ring, int *n, int32 start)
{
	if (*n == NEG_RING)
	{
		memmove(&ring[0], &ring[1], sizeof(int32) * (NEG_RING - 1));
		(*n)--;
	}
	ring[(*n)++] = start;
}

/* Cap every component of a vector at L (hedged evidence). */
static Cia
cia_cap_low(Cia v)
{
	int			c = CIA_GET_C(v),
				i = CIA_GET_I(v),
				a = CIA_GET_A(v);

	return CIA_MAKE(c == CIA_H ? CIA_L : c, i == CIA_H ? CIA_L : i, a == CIA_H ? CIA_L : a);
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
			if (ph->unless != CL_NONE && sc->anchor_end[ph->unless] >= 0 &&
				sc->anchor_end[ph->unless] < start)
				break;			/* "hackers breached the server ... data was stolen" */
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
				sc->pending[sc->npending].cia = scanner_hedged(sc, start) ?
					cia_cap_low(am->pattern_cia[pattern]) : am->pattern_cia[pattern];
				sc->npending++;
			}
			scanner_drop_cues_from(sc, start);
			break;
		case PK_NEGATION:
			if (sc->block_word == sc->word && start >= sc->block_start)
				break;			/* part of a longer neutral phrase or hedge */
			ring_push(sc->neg, &sc->nneg, sc->word);	/* reach counts from its end */
			break;
		case PK_HEDGE:
			/* "cannot rule out": the negation inside negates nothing */
			scanner_drop_cues_from(sc, start);
			ring_push(sc->hedge, &sc->nhedge, start);
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
	sc.block_word = -2;
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


/* CIA evidence found in a free-text incident summary (English, Italian). */
PG_FUNCTION_INFO_V1(classify_cia_text);
Datum
classify_cia_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);

	PG_RETURN_CIA(classify_text(get_text_automaton(), VARDATA_ANY(t),
								VARSIZE_ANY_EXHDR(t), GetDatabaseEncoding()));
}

