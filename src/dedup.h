/*
 * dedup.h
 *		Words of victim names and incident texts for duplicate detection:
 *		the normaliser (dedup_words.c) and the comparisons and SQL
 *		functions that use it (dedup.c).
 */
#ifndef IA_DEDUP_H
#define IA_DEDUP_H

#include "postgres.h"

#define DUP_MAX_WORDS	64		/* words kept per name or text */
#define DUP_MAX_WORDLEN 48		/* bytes kept per word */
#define DUP_TEXT_BYTES	400		/* bytes of a title + summary compared */

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

/* Split a name (is_name) or a text into normalised words. */
extern void dup_split_words(const char *s, int len, bool is_name, DupWords *out);

/*
 * The distinct words of ws (kinds too when with_kinds, only kinds when
 * only_kinds), sorted; returns how many.
 */
extern int	dup_sorted_words(const DupWords *ws, const char **out, bool with_kinds, bool only_kinds);

/* qsort comparators: bytes, and C strings through pointers */
extern int	dup_char_cmp(const void *a, const void *b);
extern int	dup_cstr_cmp(const void *a, const void *b);

#endif							/* IA_DEDUP_H */
