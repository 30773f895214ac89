/*
 * incident_analytics.h
 *		Shared definitions of the incident_analytics extension: the in-memory
 *		representation of the cia and attack_technique types and the helpers
 *		every capability uses to read and build them.
 */
#ifndef INCIDENT_ANALYTICS_H
#define INCIDENT_ANALYTICS_H

#include "postgres.h"
#include "fmgr.h"

/*
 * cia: a confidentiality / integrity / availability impact vector.
 *
 * Stored as an int16 passed by value: four bits per component, C in bits
 * 8-11, I in bits 4-7, A in bits 0-3; bits 12-15 are reserved and zero.
 * Component levels are ordered X < N < L < H, so comparing the packed
 * integers gives the documented total order (lexicographic on C, I, A).
 */
typedef int16 Cia;

#define CIA_X	0					/* unknown */
#define CIA_N	1					/* none */
#define CIA_L	2					/* low */
#define CIA_H	3					/* high */

#define CIA_MAKE(c, i, a)	((Cia) (((c) << 8) | ((i) << 4) | (a)))
#define CIA_GET_C(v)		(((v) >> 8) & 0x0F)
#define CIA_GET_I(v)		(((v) >> 4) & 0x0F)
#define CIA_GET_A(v)		((v) & 0x0F)
#define CIA_UNKNOWN			CIA_MAKE(CIA_X, CIA_X, CIA_X)
#define CIA_VALID(v)		(((v) & ~0x0333) == 0)

#define DatumGetCia(d)		((Cia) DatumGetInt16(d))
#define CiaGetDatum(v)		Int16GetDatum(v)
#define PG_GETARG_CIA(n)	DatumGetCia(PG_GETARG_DATUM(n))
#define PG_RETURN_CIA(v)	return CiaGetDatum(v)

/* Letter of a component level: 'X', 'N', 'L' or 'H'. */
static inline char
cia_level_letter(int level)
{
	return "XNLH"[level & 3];
}

/* Component-wise maximum where X is the identity (X | v = v). */
static inline int
cia_level_max(int a, int b)
{
	return a > b ? a : b;
}

/*
 * attack_technique: a MITRE ATT&CK technique id, stored as int4:
 * technique number * 1000 + sub-technique number (0 for a parent).
 * T1566 = 1566000, T1566.001 = 1566001, T0880 = 880000.
 */
typedef int32 AttackTechnique;

#define TECHNIQUE_MAKE(t, s)		((AttackTechnique) ((t) * 1000 + (s)))
#define TECHNIQUE_NUMBER(v)			((v) / 1000)
#define TECHNIQUE_SUB(v)			((v) % 1000)
#define TECHNIQUE_PARENT(v)			((v) - TECHNIQUE_SUB(v))
#define TECHNIQUE_VALID(v)			((v) >= 0 && (v) <= 9999999)

#define DatumGetAttackTechnique(d)	((AttackTechnique) DatumGetInt32(d))
#define AttackTechniqueGetDatum(v)	Int32GetDatum(v)
#define PG_GETARG_TECHNIQUE(n)		DatumGetAttackTechnique(PG_GETARG_DATUM(n))
#define PG_RETURN_TECHNIQUE(v)		return AttackTechniqueGetDatum(v)

/* Version of the binary send/recv formats; the first byte sent. */
#define IA_BINARY_VERSION	1

/* Parse a cia literal; on bad input report to escontext-free ERROR 22P02. */
extern Cia	cia_parse(const char *str);
/* Format a technique into buf (at least 10 bytes). */
extern void technique_format(AttackTechnique v, char *buf);

#endif							/* INCIDENT_ANALYTICS_H */
