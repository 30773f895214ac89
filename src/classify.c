/*
 * classify.c
 *		CIA classification of incidents (docs/classify.md, section "CIA
 *		classification"):
 *
 *		classify_cia(attack_technique[]) applies the ATT&CK rule.  The rule
 *		for one attack_techniques row (its impact type, tactics and id) is
 *		cia_technique_row_rule below; the reference-data cache (refdata.c)
 *		applies it when it loads the table and joins the rows of each
 *		technique along its revocation chain, so this function only reads
 *		each technique's contribution from there.
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

#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "incident_analytics.h"
#include "refdata.h"

/* ------------------------------------------------------------------------
 * ATT&CK techniques
 * ------------------------------------------------------------------------
 */

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

/* Contribution of one attack_techniques row without a successor (refdata.h). */
Cia
cia_technique_row_rule(AttackTechnique t, const char *impact_type,
					   const char *const *tactics, int ntactics)
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
		const char *tactic = tactics[k];

		/* Exfiltration: Enterprise TA0010, Mobile TA0036. */
		if (strcmp(tactic, "TA0010") == 0 || strcmp(tactic, "TA0036") == 0)
			c = CIA_H;
		/* Collection and Credential Access: TA0009, TA0006; Mobile TA0035, TA0031. */
		else if (strcmp(tactic, "TA0009") == 0 || strcmp(tactic, "TA0006") == 0 ||
				 strcmp(tactic, "TA0035") == 0 || strcmp(tactic, "TA0031") == 0)
			c = cia_level_max(c, CIA_L);
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

	refdata_ensure(fcinfo->flinfo->fn_oid);

	for (int k = 0; k < nitems; k++)
	{
		Cia			v;

		if (nulls != NULL && !(nulls[k / 8] & (1 << (k % 8))))
			continue;
		v = technique_cia(items[pos++]);
		c = cia_level_max(c, CIA_GET_C(v));
		i = cia_level_max(i, CIA_GET_I(v));
		a = cia_level_max(a, CIA_GET_A(v));
	}
	PG_RETURN_CIA(CIA_MAKE(c, i, a));
}
