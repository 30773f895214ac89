/*
 * refdata.h
 *		The reference data the C code reads (docs/refdata.md, "How the C
 *		functions read the reference tables"): one per-backend cache of the
 *		tables sectors, attack_tactics and attack_techniques, loaded with SPI
 *		by one loader and kept under the one validity rule of
 *		incident_analytics.h.  Severity (sector criticality K, attack
 *		progression P), the ATT&CK rule of classify_cia and the roll-up
 *		functions of the views read it only through this interface.
 *
 * The current technique.  A technique whose row names a successor
 * (attack_techniques.revoked_by; with rows in several matrices, the first
 * row in matrix order enterprise, ics, mobile that names one) counts as that
 * successor, which may itself be revoked: the chain is followed up to
 * REFDATA_MAX_HOPS successors to a technique that names none, its current
 * technique.  A chain that comes back to a technique it passed (a cycle) or
 * is longer than that bound is ignored: the technique counts as itself.  A
 * technique not in the table is its own current technique.
 *
 * The data of a technique, all taken over the chain from the technique to
 * its current one: its tactics (sorted, distinct), its CIA contribution (the
 * ATT&CK rule applied to each row without a successor, joined) and its
 * attack progression (the highest attack_tactics.progression of those
 * tactics; 100 for ICS Loss of Safety T0880 and Loss of Control T0827).
 */
#ifndef IA_REFDATA_H
#define IA_REFDATA_H

#include "postgres.h"
#include "fmgr.h"

#include "incident_analytics.h"

#define REFDATA_MAX_HOPS 16

/* What the cache knows of one technique id (an id of attack_techniques). */
typedef struct TechniqueEntry
{
	AttackTechnique technique;	/* key: first member (ia_int32_cmp) */
	AttackTechnique current;	/* the technique it counts as */
	Cia			cia;			/* CIA contribution (ATT&CK rule) */
	int16		progression;	/* attack progression P, -1 none */
	int16		ntactics;
	const char *const *tactics; /* tactic ids, sorted (strcmp), distinct */
} TechniqueEntry;

/*
 * Make the cache usable for the calling function (fn_oid: its schema is the
 * extension's): load it on first use, after a change of one of the tables
 * (in any session) and under a new snapshot when the rule says so.  Call it
 * once per function call before the lookups below.
 */
extern void refdata_ensure(Oid fn_oid);
/* The same for the extension's schema nspid (ia_home_namespace). */
extern void refdata_ensure_namespace(Oid nspid);

/*
 * The stamp of the loaded data (after refdata_ensure): a hash of all that
 * the derived facts of an incident read from them (facts.c) and of the
 * version of the derivation, REFDATA_FACTS_MODEL, which must be raised
 * whenever a release changes how a stored fact is derived.  Stored facts
 * carry the stamp they were computed under; a different stamp means stale.
 */
#define REFDATA_FACTS_MODEL 1
extern uint64 refdata_stamp(void);

/* The entry of a technique id, or NULL when attack_techniques lacks it. */
extern const TechniqueEntry *technique_entry(AttackTechnique t);

/* The current technique of t (t itself when it has none). */
extern AttackTechnique technique_current(AttackTechnique t);

/* Attack progression P of a technique, -1 when it raises none. */
extern int	technique_progression(AttackTechnique t);

/* CIA contribution of a technique (X/X/X when it has none). */
extern Cia	technique_cia(AttackTechnique t);

/*
 * Criticality K of a NAICS code: the longest of the code and its prefixes
 * (down to 2 digits) present in sectors; a 2-digit sector inside a range
 * (31, 32, 33, 44, 45, 48, 49) falls back to the range.  -1 when none;
 * *matched gets the key of the row found (sector_key_format prints it).
 */
extern int	sector_criticality(const char *s, int len, int32 *matched);
extern void sector_key_format(int32 key, char *buf);	/* buf: 8 bytes */

/*
 * The ATT&CK CIA rule for one attack_techniques row without a successor
 * (docs/classify.md); defined with the classification in classify.c and
 * applied by the loader.
 */
extern Cia	cia_technique_row_rule(AttackTechnique t, const char *impact_type,
								   const char *const *tactics, int ntactics);

#endif							/* IA_REFDATA_H */
