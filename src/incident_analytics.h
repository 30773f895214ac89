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

/*
 * The comparator of qsort and bsearch for int32 values, and for structs whose
 * first member is an int32 key (AttackTechnique is one): ascending.
 */
static inline int
ia_int32_cmp(const void *a, const void *b)
{
	int32		x = *(const int32 *) a;
	int32		y = *(const int32 *) b;

	return (x > y) - (x < y);
}

/* Version of the binary send/recv formats; the first byte sent. */
#define IA_BINARY_VERSION	1

/* Parse a cia literal; on bad input report to escontext-free ERROR 22P02. */
extern Cia	cia_parse(const char *str);
/* Format a technique into buf (at least 10 bytes). */
extern void technique_format(AttackTechnique v, char *buf);

/*
 * Per-backend caches of reference tables (sectors, attack_techniques) share
 * one validity rule, implemented in incident_analytics.c:
 *
 *   data loaded under a snapshot older than the last invalidation this
 *   backend has processed for those tables is never kept.
 *
 * A relcache callback bumps ia_ref_generation on every invalidation of a
 * watched table (and remembers how many transactions had completed then).
 * A load records the generation and the load snapshot's completion count
 * before it runs its queries.  The data are kept for later snapshots only
 * when no invalidation arrived during the load and the load's snapshot was
 * taken after the last invalidation; otherwise they serve only the snapshot
 * they were read under (the rest of that REPEATABLE READ transaction, or
 * that READ COMMITTED statement) and the next snapshot reloads.  The first
 * use under each new snapshot also takes in pending invalidations, so a
 * READ COMMITTED statement sees reference data committed before it began.
 */
typedef struct RefCacheStamp
{
	uint64		generation;		/* ia_ref_generation when the load began */
	TransactionId snapshot_xmax;	/* xmax of the load's snapshot, invalid if none */
	uint32		lxid;			/* local transaction of the load */
	bool		loaded;			/* a load finished (stamp filled in) */
	bool		kept;			/* valid for every later snapshot */
} RefCacheStamp;

/* Treat invalidations of this relation as changes of reference data. */
extern void ia_ref_watch(Oid relid);

/*
 * The extension's schema, seen from one of its functions: the function's own
 * schema, or for a function in the private schema <schema>_internal (where
 * the internal helpers live) the public schema it serves.
 */
extern Oid	ia_home_namespace(Oid fn_oid);
/* Call right before a load's queries, and right after they succeeded. */
extern void ia_ref_load_begin(RefCacheStamp *stamp);
extern void ia_ref_load_end(RefCacheStamp *stamp);
/* May data loaded under this stamp be used by the current call? */
extern bool ia_ref_usable(const RefCacheStamp *stamp);

/* Error unless an SPI result has exactly these column types. */
struct TupleDescData;
extern void ia_spi_check_columns(struct TupleDescData *desc, const char *table,
								 int natts, const Oid *types);


#endif							/* INCIDENT_ANALYTICS_H */
