/*
 * cia.c
 *		The cia type: a confidentiality / integrity / availability impact
 *		vector such as C:H/I:N/A:L.  Text and binary I/O, constructor,
 *		accessors, comparison and hash support, the | & @> <@ operators,
 *		cia_magnitude and the transition function of cia_union.
 */
#include "postgres.h"

#include <ctype.h>

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "incident_analytics.h"

/* Longest part of a bad literal quoted back in an error message. */
#define CIA_ERROR_QUOTE_MAX 120
/* Room for the longest error detail written by cia_parse_internal. */
#define CIA_DETAIL_MAX 96

static const char cia_component_names[3] = {'C', 'I', 'A'};

/* Quote at most CIA_ERROR_QUOTE_MAX bytes of str, cut at a character boundary. */
static char *
cia_quote_input(const char *str)
{
	int			len = strlen(str);

	if (len <= CIA_ERROR_QUOTE_MAX)
		return (char *) str;
	len = pg_mbcliplen(str, len, CIA_ERROR_QUOTE_MAX);
	return psprintf("%.*s...", len, str);
}

/* Level number of a level letter, or -1. */
static int
cia_level_from_letter(char ch)
{
	switch (ch)
	{
		case 'X':
		case 'x':
			return CIA_X;
		case 'N':
		case 'n':
			return CIA_N;
		case 'L':
		case 'l':
			return CIA_L;
		case 'H':
		case 'h':
			return CIA_H;
	}
	return -1;
}

static inline bool
cia_is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\f' || ch == '\v';
}

/* Index 0, 1, 2 of component letter C, I, A (any case), or -1. */
static inline int
cia_component_index(char ch)
{
	switch (ch)
	{
		case 'C':
		case 'c':
			return 0;
		case 'I':
		case 'i':
			return 1;
		case 'A':
		case 'a':
			return 2;
	}
	return -1;
}

/* Does component letter want start a "X:" pair anywhere in [p, end)? */
static bool
cia_component_appears(const char *p, const char *end, int want)
{
	for (; p + 1 < end; p++)
		if (cia_component_index(*p) == want && p[1] == ':')
			return true;
	return false;
}

/*
 * Parse the text form.  Case-insensitive, surrounding blanks ignored, an
 * optional "CIA:1.0/" prefix, then C, I and A exactly once in that order.
 * Returns true and sets *result, or returns false with a full-sentence
 * error detail in detail (CIA_DETAIL_MAX bytes).  Allocates nothing, runs
 * in time linear in the input.
 */
static bool
cia_parse_internal(const char *str, Cia *result, char *detail)
{
	const char *p = str;
	const char *end;
	int			levels[3];
	int			k;

	while (cia_is_blank(*p))
		p++;
	end = p + strlen(p);
	while (end > p && cia_is_blank(end[-1]))
		end--;
	if (p == end)
	{
		strlcpy(detail, "The value is empty.", CIA_DETAIL_MAX);
		return false;
	}
	if (end - p >= 8 && pg_strncasecmp(p, "CIA:1.0/", 8) == 0)
		p += 8;
	else if (end - p >= 4 && pg_strncasecmp(p, "CIA:", 4) == 0)
	{
		strlcpy(detail, "The only prefix accepted is \"CIA:1.0/\".", CIA_DETAIL_MAX);
		return false;
	}

	for (k = 0; k < 3; k++)
	{
		char		want = cia_component_names[k];
		int			got;

		if (p == end)
		{
			snprintf(detail, CIA_DETAIL_MAX, "Component %c is missing.", want);
			return false;
		}
		if (cia_is_blank(*p))
			goto blank_inside;
		got = cia_component_index(*p);
		if (got != k)
		{
			if (got >= 0 && got < k)
				snprintf(detail, CIA_DETAIL_MAX, "Component %c appears twice.",
						 cia_component_names[got]);
			else if (got > k && !cia_component_appears(p, end, k))
				snprintf(detail, CIA_DETAIL_MAX, "Component %c is missing.", want);
			else if (got > k)
				snprintf(detail, CIA_DETAIL_MAX,
						 "Component %c comes before %c; components go in the order C, I, A.",
						 cia_component_names[got], want);
			else
				snprintf(detail, CIA_DETAIL_MAX, "Expected component %c.", want);
			return false;
		}
		p++;
		if (p == end || *p != ':')
		{
			if (p < end && cia_is_blank(*p))
				goto blank_inside;
			snprintf(detail, CIA_DETAIL_MAX,
					 "Component %c must be followed by \":\".", want);
			return false;
		}
		p++;
		levels[k] = p < end ? cia_level_from_letter(*p) : -1;
		if (levels[k] < 0)
		{
			if (p < end && cia_is_blank(*p))
				goto blank_inside;
			snprintf(detail, CIA_DETAIL_MAX,
					 "The level of component %c is not one of N, L, H, X.", want);
			return false;
		}
		p++;
		if (k < 2)
		{
			if (p == end)
			{
				snprintf(detail, CIA_DETAIL_MAX, "Component %c is missing.",
						 cia_component_names[k + 1]);
				return false;
			}
			if (*p != '/')
			{
				if (cia_is_blank(*p))
					goto blank_inside;
				snprintf(detail, CIA_DETAIL_MAX,
						 "Expected \"/\" after the level of component %c.", want);
				return false;
			}
			p++;
		}
	}
	if (p != end)
	{
		strlcpy(detail, "Unexpected characters follow the value.", CIA_DETAIL_MAX);
		return false;
	}
	*result = CIA_MAKE(levels[0], levels[1], levels[2]);
	return true;

blank_inside:
	strlcpy(detail, "The value contains blanks inside it.", CIA_DETAIL_MAX);
	return false;
}

#define CIA_SYNTAX_ERROR_FIELDS(str, detail) \
	errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
	errmsg("invalid input syntax for type cia: \"%s\"", cia_quote_input(str)), \
	errdetail("%s", (detail)), \
	errhint("A cia value looks like C:H/I:N/A:L; each level is N, L, H or X.")

/* Parse a cia literal; bad input raises ERROR 22P02 naming the input. */
Cia
cia_parse(const char *str)
{
	Cia			v = CIA_UNKNOWN;
	char		detail[CIA_DETAIL_MAX];

	if (!cia_parse_internal(str, &v, detail))
		ereport(ERROR, (CIA_SYNTAX_ERROR_FIELDS(str, detail)));
	return v;
}

/* Text input: C:H/I:N/A:L (soft errors for pg_input_is_valid on PG 16+). */
PG_FUNCTION_INFO_V1(cia_in);
Datum
cia_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	Cia			v = CIA_UNKNOWN;
	char		detail[CIA_DETAIL_MAX];

	if (!cia_parse_internal(str, &v, detail))
	{
#if PG_VERSION_NUM >= 160000
		ereturn(fcinfo->context, (Datum) 0, (CIA_SYNTAX_ERROR_FIELDS(str, detail)));
#else
		ereport(ERROR, (CIA_SYNTAX_ERROR_FIELDS(str, detail)));
#endif
	}
	PG_RETURN_CIA(v);
}

/* Text output: canonical upper-case C:x/I:x/A:x. */
PG_FUNCTION_INFO_V1(cia_out);
Datum
cia_out(PG_FUNCTION_ARGS)
{
	Cia			v = PG_GETARG_CIA(0);
	char	   *out = palloc(12);

	out[0] = 'C';
	out[1] = ':';
	out[2] = cia_level_letter(CIA_GET_C(v));
	out[3] = '/';
	out[4] = 'I';
	out[5] = ':';
	out[6] = cia_level_letter(CIA_GET_I(v));
	out[7] = '/';
	out[8] = 'A';
	out[9] = ':';
	out[10] = cia_level_letter(CIA_GET_A(v));
	out[11] = '\0';
	PG_RETURN_CSTRING(out);
}

/* Binary input: a version byte, then the packed int16; anything else is 22P03. */
PG_FUNCTION_INFO_V1(cia_recv);
Datum
cia_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	Cia			v;

	if (buf->len - buf->cursor < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type cia"),
				 errdetail("The value is empty.")));
	version = pq_getmsgbyte(buf);
	if (version != IA_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type cia", version),
				 errdetail("Only version %d is supported.", IA_BINARY_VERSION)));
	if (buf->len - buf->cursor != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type cia"),
				 errdetail("Expected 2 bytes after the version byte, got %d.",
						   buf->len - buf->cursor)));
	v = (Cia) pq_getmsgint(buf, 2);
	if (!CIA_VALID(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type cia: 0x%04x", (unsigned) (uint16) v)));
	PG_RETURN_CIA(v);
}

/* Binary output: a version byte, then the packed int16. */
PG_FUNCTION_INFO_V1(cia_send);
Datum
cia_send(PG_FUNCTION_ARGS)
{
	Cia			v = PG_GETARG_CIA(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, IA_BINARY_VERSION);
	pq_sendint16(&buf, (uint16) v);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Level of one component given as text ('N', 'L', 'H', 'X', any case). */
static int
cia_level_from_text(text *t, char component)
{
	char	   *s = text_to_cstring(t);
	char	   *p = s;
	char	   *end;
	int			level = -1;

	while (cia_is_blank(*p))
		p++;
	end = p + strlen(p);
	while (end > p && cia_is_blank(end[-1]))
		end--;
	if (end - p == 1)
		level = cia_level_from_letter(*p);
	if (level < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid level for component %c: \"%s\"", component,
						cia_quote_input(s)),
				 errhint("Use N, L, H or X (unknown).")));
	pfree(s);
	return level;
}

/* cia(c, i, a): build a vector from three level letters. */
PG_FUNCTION_INFO_V1(cia_make);
Datum
cia_make(PG_FUNCTION_ARGS)
{
	int			c = cia_level_from_text(PG_GETARG_TEXT_PP(0), 'C');
	int			i = cia_level_from_text(PG_GETARG_TEXT_PP(1), 'I');
	int			a = cia_level_from_text(PG_GETARG_TEXT_PP(2), 'A');

	PG_RETURN_CIA(CIA_MAKE(c, i, a));
}

static Datum
cia_component_datum(int level, FunctionCallInfo fcinfo)
{
	char		letter[2];

	if (level == CIA_X)
		PG_RETURN_NULL();
	letter[0] = cia_level_letter(level);
	letter[1] = '\0';
	PG_RETURN_TEXT_P(cstring_to_text_with_len(letter, 1));
}

/* confidentiality(cia): 'N', 'L', 'H', or NULL when unknown. */
PG_FUNCTION_INFO_V1(cia_confidentiality);
Datum
cia_confidentiality(PG_FUNCTION_ARGS)
{
	return cia_component_datum(CIA_GET_C(PG_GETARG_CIA(0)), fcinfo);
}

/* integrity(cia): 'N', 'L', 'H', or NULL when unknown. */
PG_FUNCTION_INFO_V1(cia_integrity);
Datum
cia_integrity(PG_FUNCTION_ARGS)
{
	return cia_component_datum(CIA_GET_I(PG_GETARG_CIA(0)), fcinfo);
}

/* availability(cia): 'N', 'L', 'H', or NULL when unknown. */
PG_FUNCTION_INFO_V1(cia_availability);
Datum
cia_availability(PG_FUNCTION_ARGS)
{
	return cia_component_datum(CIA_GET_A(PG_GETARG_CIA(0)), fcinfo);
}

/* Comparison support: the packed value orders lexicographically X < N < L < H. */
PG_FUNCTION_INFO_V1(cia_cmp);
Datum
cia_cmp(PG_FUNCTION_ARGS)
{
	Cia			a = PG_GETARG_CIA(0);
	Cia			b = PG_GETARG_CIA(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

#define CIA_COMPARISON(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_CIA(0) op PG_GETARG_CIA(1)); \
}

/* cia = cia, <>, <, <=, >, >= */
CIA_COMPARISON(cia_eq, ==)
CIA_COMPARISON(cia_ne, !=)
CIA_COMPARISON(cia_lt, <)
CIA_COMPARISON(cia_le, <=)
CIA_COMPARISON(cia_gt, >)
CIA_COMPARISON(cia_ge, >=)

/* Hash support for the hash operator class. */
PG_FUNCTION_INFO_V1(cia_hash);
Datum
cia_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) (uint16) PG_GETARG_CIA(0));
}

/* Extended (seeded) hash support for the hash operator class. */
PG_FUNCTION_INFO_V1(cia_hash_extended);
Datum
cia_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) (uint16) PG_GETARG_CIA(0),
								PG_GETARG_INT64(1));
}

/* Component-wise maximum; X is the identity (X | v = v). */
static inline Cia
cia_or_internal(Cia a, Cia b)
{
	return CIA_MAKE(cia_level_max(CIA_GET_C(a), CIA_GET_C(b)),
					cia_level_max(CIA_GET_I(a), CIA_GET_I(b)),
					cia_level_max(CIA_GET_A(a), CIA_GET_A(b)));
}

/* cia | cia: component-wise maximum, X | v = v; also cia_union's step. */
PG_FUNCTION_INFO_V1(cia_or);
Datum
cia_or(PG_FUNCTION_ARGS)
{
	PG_RETURN_CIA(cia_or_internal(PG_GETARG_CIA(0), PG_GETARG_CIA(1)));
}

/* Component-wise minimum in the order X < N < L < H, so X & v = X. */
static inline Cia
cia_and_internal(Cia a, Cia b)
{
	return CIA_MAKE(Min(CIA_GET_C(a), CIA_GET_C(b)),
					Min(CIA_GET_I(a), CIA_GET_I(b)),
					Min(CIA_GET_A(a), CIA_GET_A(b)));
}

/* cia & cia: component-wise minimum, X & v = X (the meet of the dominance lattice). */
PG_FUNCTION_INFO_V1(cia_and);
Datum
cia_and(PG_FUNCTION_ARGS)
{
	PG_RETURN_CIA(cia_and_internal(PG_GETARG_CIA(0), PG_GETARG_CIA(1)));
}

/*
 * Does a dominate b?  Every component of a is at least that of b in the
 * order X < N < L < H: an unknown component of b is dominated by anything,
 * an unknown component of a dominates only X.  Equivalent to (a | b) = a.
 */
static inline bool
cia_dominates(Cia a, Cia b)
{
	return CIA_GET_C(a) >= CIA_GET_C(b) &&
		CIA_GET_I(a) >= CIA_GET_I(b) &&
		CIA_GET_A(a) >= CIA_GET_A(b);
}

/* cia @> cia: every known component of the right is matched or exceeded on the left. */
PG_FUNCTION_INFO_V1(cia_contains);
Datum
cia_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cia_dominates(PG_GETARG_CIA(0), PG_GETARG_CIA(1)));
}

/* cia <@ cia: commutator of @>. */
PG_FUNCTION_INFO_V1(cia_contained);
Datum
cia_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(cia_dominates(PG_GETARG_CIA(1), PG_GETARG_CIA(0)));
}

/* CVSS-style weight of a level in hundredths: H 56, L 22, N and X 0. */
static inline int
cia_level_weight_pct(int level)
{
	return level == CIA_H ? 56 : (level == CIA_L ? 22 : 0);
}

/*
 * cia_magnitude(cia): 1-(1-c)(1-i)(1-a); NULL when all components are unknown.
 * Computed exactly in integers (millionths) and divided once, so the result is
 * the double nearest the exact decimal: C:H/I:H/A:H gives 0.914816.
 */
PG_FUNCTION_INFO_V1(cia_magnitude);
Datum
cia_magnitude(PG_FUNCTION_ARGS)
{
	Cia			v = PG_GETARG_CIA(0);
	int32		residual;

	if (v == CIA_UNKNOWN)
		PG_RETURN_NULL();
	residual = (100 - cia_level_weight_pct(CIA_GET_C(v))) *
		(100 - cia_level_weight_pct(CIA_GET_I(v))) *
		(100 - cia_level_weight_pct(CIA_GET_A(v)));
	PG_RETURN_FLOAT8((double) (1000000 - residual) / 1000000.0);
}
