/*
 * severity.h
 *		Shared between the parts of the ISM-1 severity code: the model
 *		(severity_model.c: pure arithmetic over nine factors, the explain
 *		document) and the derivation of factors from an incident's columns
 *		(severity.c), which reads sector criticality and technique
 *		progression from the reference-data cache (refdata.h).
 */
#ifndef IA_SEVERITY_H
#define IA_SEVERITY_H

#include "postgres.h"
#include "fmgr.h"
#include "incident_analytics.h"
#include "refdata.h"

enum
{
	F_S, F_F, F_I, F_K, F_N, F_R, F_P, F_A, F_E, NFACTORS
};

/* The facts of one score: each factor's value and whether it is known. */
typedef struct SeverityFactors
{
	int			v[NFACTORS];
	bool		known[NFACTORS];
	bool		nis2;
} SeverityFactors;

/* Everything the score and its explanation need. */
typedef struct SeverityOutcome
{
	int			used[NFACTORS];	/* value used: known, else prior */
	int64		term[NFACTORS]; /* w * v^2 scaled so that sum = Q */
	int64		q;				/* Base^2 * 10^6 */
	int			kgated100;		/* K' * 100 = K * max(F, S, I, E) */
	int			base10;			/* Base rounded, times 10 */
	int			floor_rule;		/* index of the floor that counts, or -1 */
	uint32		floors_met;		/* bit per floor met (known values) */
	int			score10;
	int			lo10;
	int			hi10;
	int			coverage;		/* per cent */
} SeverityOutcome;

#include "lib/stringinfo.h"

/*
 * Extra explanation of the factors, supplied by the incident derivation:
 * per factor, members added to the factor's object of the explain document.
 * Initialise with factor_notes_init and add members with factor_note_int /
 * factor_note_text / factor_note_bool (keys and strings are escaped).
 */
typedef struct FactorNotes
{
	StringInfoData text[NFACTORS];	/* members, comma-separated JSON */
} FactorNotes;

/* severity_model.c */
extern void severity_compute(const SeverityFactors *in, SeverityOutcome *out, bool bounds);
extern Datum severity_explain_jsonb(const SeverityFactors *in, bool nis2_null,
									const FactorNotes *notes);
extern int	severity_level_index10(int score10);
extern Datum score10_datum(int score10);
extern void factor_notes_init(FactorNotes *notes);
extern void factor_note_int(FactorNotes *notes, int factor, const char *key, int value);
extern void factor_note_text(FactorNotes *notes, int factor, const char *key, const char *value);
extern void factor_note_bool(FactorNotes *notes, int factor, const char *key, bool value);

/*
 * severity.c: the derivation of the factors from an incident's facts, for
 * callers other than the SQL functions (the stored facts, facts.c).  The
 * facts come in the order of the arguments of incident_severity_facts after
 * incident_id; incident_severity_fact_columns names their incidents columns
 * ("techniques" stands for COALESCE(techniques, inferred_techniques)).
 */
#define INCIDENT_FACT_NCOLUMNS 16
typedef struct IncidentCache IncidentCache;
extern const char *const incident_severity_fact_columns[INCIDENT_FACT_NCOLUMNS];
extern IncidentCache *incident_severity_cache_create(MemoryContext mcxt, Oid fn_oid,
													 const Oid *types);
extern void incident_severity_outcome(IncidentCache *cache, const Datum *values,
									  const bool *nulls, SeverityOutcome *out, bool bounds);

#endif							/* IA_SEVERITY_H */
