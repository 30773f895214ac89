/*
 * technique.c
 *		The attack_technique type: a MITRE ATT&CK technique id such as T1486,
 *		T1566.001 or the ICS T0880, stored as an int4 passed by value.  Text
 *		and binary I/O, comparison and hash support, technique_parent,
 *		is_subtechnique and the <@ / @> family relation.
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "incident_analytics.h"

/* Longest part of a bad literal quoted back in an error message. */
#define TECHNIQUE_ERROR_QUOTE_MAX 120

/* Quote at most TECHNIQUE_ERROR_QUOTE_MAX bytes of str, cut at a character boundary. */
static const char *
technique_quote_input(const char *str)
{
	int			len = strlen(str);

	if (len <= TECHNIQUE_ERROR_QUOTE_MAX)
		return str;
	return psprintf("%.*s...", pg_mbcliplen(str, len, TECHNIQUE_ERROR_QUOTE_MAX), str);
}

#define TECHNIQUE_SYNTAX_ERROR_FIELDS(str, detail) \
	errcode(ERRCODE_INVALID_TEXT_REPRESENTATION), \
	errmsg("invalid input syntax for type attack_technique: \"%s\"", \
		   technique_quote_input(str)), \
	errdetail("%s", (detail)), \
	errhint("An ATT&CK technique id is T followed by four digits, optionally a dot and three digits, as in T1566.001.")

static inline bool
technique_is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\f' || ch == '\v';
}

static inline bool
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * Parse T + 4 digits [+ . + 3 digits], case-insensitive, nothing else (no
 * blanks).  Returns NULL and sets *result, or returns the error detail.
 */
static const char *
technique_parse_internal(const char *str, AttackTechnique *result)
{
	const char *p = str;
	int			number = 0;
	int			sub = 0;
	int			k;

	if (*p == '\0')
		return "The value is empty.";
	if (technique_is_blank(*p))
		return "Blanks around a technique id are not allowed.";
	if (*p != 'T' && *p != 't')
		return "A technique id starts with T.";
	p++;
	for (k = 0; k < 4; k++, p++)
	{
		if (!is_digit(*p))
			return "T must be followed by exactly four digits.";
		number = number * 10 + (*p - '0');
	}
	if (*p == '.')
	{
		p++;
		for (k = 0; k < 3; k++, p++)
		{
			if (!is_digit(*p))
				return "A sub-technique number has exactly three digits.";
			sub = sub * 10 + (*p - '0');
		}
		if (is_digit(*p))
			return "A sub-technique number has exactly three digits.";
		if (sub == 0)
			return "Sub-technique numbers run from .001 to .999.";
	}
	if (*p != '\0' && technique_is_blank(*p))
	{
		while (technique_is_blank(*p))
			p++;
		if (*p == '\0')
			return "Blanks around a technique id are not allowed.";
	}
	if (*p != '\0')
		return is_digit(*p) ? "T must be followed by exactly four digits." :
			"Unexpected characters follow the technique id.";
	*result = TECHNIQUE_MAKE(number, sub);
	return NULL;
}

/* Format a technique as T1566 or T1566.001 into buf (at least 10 bytes). */
void
technique_format(AttackTechnique v, char *buf)
{
	if (TECHNIQUE_SUB(v) != 0)
		snprintf(buf, 10, "T%04d.%03d", TECHNIQUE_NUMBER(v), TECHNIQUE_SUB(v));
	else
		snprintf(buf, 10, "T%04d", TECHNIQUE_NUMBER(v));
}

/* Text input: T1486, t1566.001 (soft errors for pg_input_is_valid on PG 16+). */
PG_FUNCTION_INFO_V1(attack_technique_in);
Datum
attack_technique_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	AttackTechnique v = 0;
	const char *detail = technique_parse_internal(str, &v);

	if (detail != NULL)
	{
#if PG_VERSION_NUM >= 160000
		ereturn(fcinfo->context, (Datum) 0, (TECHNIQUE_SYNTAX_ERROR_FIELDS(str, detail)));
#else
		ereport(ERROR, (TECHNIQUE_SYNTAX_ERROR_FIELDS(str, detail)));
#endif
	}
	PG_RETURN_TECHNIQUE(v);
}

/* Text output, upper-case. */
PG_FUNCTION_INFO_V1(attack_technique_out);
Datum
attack_technique_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(10);

	technique_format(PG_GETARG_TECHNIQUE(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: a version byte, then the int4; anything else is 22P03. */
PG_FUNCTION_INFO_V1(attack_technique_recv);
Datum
attack_technique_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	AttackTechnique v;

	if (buf->len - buf->cursor < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type attack_technique"),
				 errdetail("The value is empty.")));
	version = pq_getmsgbyte(buf);
	if (version != IA_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type attack_technique", version),
				 errdetail("Only version %d is supported.", IA_BINARY_VERSION)));
	if (buf->len - buf->cursor != 4)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary data for type attack_technique"),
				 errdetail("Expected 4 bytes after the version byte, got %d.",
						   buf->len - buf->cursor)));
	v = (AttackTechnique) pq_getmsgint(buf, 4);
	if (!TECHNIQUE_VALID(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type attack_technique: %d", v),
				 errdetail("The value must lie between 0 (T0000) and 9999999 (T9999.999).")));
	PG_RETURN_TECHNIQUE(v);
}

/* Binary output: a version byte, then the int4. */
PG_FUNCTION_INFO_V1(attack_technique_send);
Datum
attack_technique_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, IA_BINARY_VERSION);
	pq_sendint32(&buf, (uint32) PG_GETARG_TECHNIQUE(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison support: numeric order, a parent before its sub-techniques. */
PG_FUNCTION_INFO_V1(attack_technique_cmp);
Datum
attack_technique_cmp(PG_FUNCTION_ARGS)
{
	AttackTechnique a = PG_GETARG_TECHNIQUE(0);
	AttackTechnique b = PG_GETARG_TECHNIQUE(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

#define TECHNIQUE_COMPARISON(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_TECHNIQUE(0) op PG_GETARG_TECHNIQUE(1)); \
}

/* attack_technique = <> < <= > >= */
TECHNIQUE_COMPARISON(attack_technique_eq, ==)
TECHNIQUE_COMPARISON(attack_technique_ne, !=)
TECHNIQUE_COMPARISON(attack_technique_lt, <)
TECHNIQUE_COMPARISON(attack_technique_le, <=)
TECHNIQUE_COMPARISON(attack_technique_gt, >)
TECHNIQUE_COMPARISON(attack_technique_ge, >=)

/* Hash support for the hash operator class. */
PG_FUNCTION_INFO_V1(attack_technique_hash);
Datum
attack_technique_hash(PG_FUNCTION_ARGS)
{
	return hash_uint32((uint32) PG_GETARG_TECHNIQUE(0));
}

/* Extended (seeded) hash support. */
PG_FUNCTION_INFO_V1(attack_technique_hash_extended);
Datum
attack_technique_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_uint32_extended((uint32) PG_GETARG_TECHNIQUE(0), PG_GETARG_INT64(1));
}

/* technique_parent(t): the parent technique, or t itself for a parent. */
PG_FUNCTION_INFO_V1(technique_parent);
Datum
technique_parent(PG_FUNCTION_ARGS)
{
	PG_RETURN_TECHNIQUE(TECHNIQUE_PARENT(PG_GETARG_TECHNIQUE(0)));
}

/* is_subtechnique(t): true for T1566.001, false for T1566. */
PG_FUNCTION_INFO_V1(is_subtechnique);
Datum
is_subtechnique(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(TECHNIQUE_SUB(PG_GETARG_TECHNIQUE(0)) != 0);
}

static inline bool
technique_within(AttackTechnique a, AttackTechnique b)
{
	return a == b || (TECHNIQUE_SUB(b) == 0 && TECHNIQUE_PARENT(a) == b);
}

/* a <@ b: a is b, or a sub-technique of the parent b. */
PG_FUNCTION_INFO_V1(attack_technique_contained);
Datum
attack_technique_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(technique_within(PG_GETARG_TECHNIQUE(0), PG_GETARG_TECHNIQUE(1)));
}

/* a @> b: commutator of <@. */
PG_FUNCTION_INFO_V1(attack_technique_contains);
Datum
attack_technique_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(technique_within(PG_GETARG_TECHNIQUE(1), PG_GETARG_TECHNIQUE(0)));
}
