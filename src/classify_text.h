/*
 * classify_text.h
 *		Shared by the parts of classify_cia(text): the phrase table
 *		(classify_phrases.c, data), the Aho-Corasick automaton built from it
 *		(classify_automaton.c) and the scanner that feeds it a normalised
 *		summary (classify_text.c).
 */
#ifndef IA_CLASSIFY_TEXT_H
#define IA_CLASSIFY_TEXT_H

#include "postgres.h"
#include "incident_analytics.h"

/*
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
	PK_ANCHOR,					/* marks a word of a co-occurrence class */
	PK_HEDGE					/* caps evidence starting soon after it at L */
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
	CL_MALWARE, CL_INSTALL, CL_RECIP, CL_WRONG, CL_POST, CL_LEAKDATA,
	CL_SITE, CL_HACKED, CL_BIN, CL_HOST, CL_INTRUDE, CL_DISPOSE,
	CL_PUTV, CL_REPL, CL_CYBER, CL_CHANGE, CL_TRICK, CL_CROOK, CL_HANDED, CL_LEFT, CL_OWN, CL_STAFF,
	NCLASSES
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
	uint8		unless;			/* EVIDENCE: a class that, seen earlier in
								 * the clause, voids it (0: none) */
} Phrase;


/* Number of words before an evidence phrase a negation cue reaches. */
#define NEG_WINDOW		10
/* Number of words before an evidence phrase a hedge cue reaches. */
#define HEDGE_WINDOW	8
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

/* classify_phrases.c: the phrase table */
extern const Phrase phrase_dictionary[];
extern const int phrase_dictionary_len;

/* classify_automaton.c: the automaton of the table, built once per backend */
extern const Automaton *get_text_automaton(void);

#endif							/* IA_CLASSIFY_TEXT_H */
