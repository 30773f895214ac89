/*
 * classify_phrases.c
 *		The phrase table of classify_cia(text): English and Italian evidence,
 *		negation, suppression, clause-break and co-occurrence phrases, written
 *		normalised (see classify_text.h).  Data only; the automaton is built
 *		from it by classify_automaton.c.
 */
#include "postgres.h"

#include "classify_text.h"

#define X_ CIA_X
#define L_ CIA_L
#define H_ CIA_H
#define EV(p, c, i, a)	{p, PK_EVIDENCE, c, i, a, CL_NONE, 0}
#define EVN(p, cls, w, c, i, a)	{p, PK_EVIDENCE, c, i, a, cls, w}
#define ANCHOR(cls, p)	{p, PK_ANCHOR, 0, 0, 0, cls, 0}
#define NEG(p)			{p, PK_NEGATION, 0, 0, 0, CL_NONE, 0}
#define NEUTRAL(p)		{p, PK_NEUTRAL, 0, 0, 0, CL_NONE, 0}
#define SUPPRESS(p)		{p, PK_SUPPRESS, 0, 0, 0, CL_NONE, 0}
#define POSTNEG(p)		{p, PK_POSTNEG, 0, 0, 0, CL_NONE, 0}
#define BREAK(p)		{p, PK_BREAK, 0, 0, 0, CL_NONE, 0}
#define CONJ(p)			{p, PK_CONJ, 0, 0, 0, CL_NONE, 0}

/* Word lists shared by several phrases. */
#define DEVICES "{laptop|laptops|sd card|memory card|cd|cds|dvd|dvds|computer|computers|desktop|desktops|hard drive|hard drives|hard disk|hard disks|usb|flash drive|flash drives|thumb drive|backup tape|backup tapes|tapes|device|devices|smartphone|phone|phones|tablet|tablets|notebook|notebooks|server|servers|disk|disks|drive|drives|media|briefcase|bag|backpack|paperwork|documents|portatile|portatili|pc|chiavetta|chiavette|disco|dischi|telefono|telefoni|dispositivo|dispositivi|documenti|fascicoli}"
#define SYSTEMS "{files|file|systems|system|servers|server|computers|machines|workstations|documents|databases|database|records|network|networks|devices|endpoints|drives|sistemi|documenti|archivi}"
#define SERVICES "{website|websites|site|sites|systems|system|servers|server|network|networks|services|service|portal|portals|platform|platforms|email|phones|applications|app|apps|sistemi|servizi|servizio|sito|siti|portale|piattaforma|rete|reti|centralino}"
#define CARE "{appointments|appointment|surgeries|surgery|operations|procedures|treatments|treatment|exams|examinations|classes|lessons|flights|visits|chemotherapy|radiotherapy|outpatient|elective|care|appuntamenti|visite|interventi|esami|prestazioni|operazioni|lezioni|voli}"
#define DATA "{data|information|info|records|creds|files|credentials|passwords|documents|details|numbers|emails|databases|database|personal|customer|patient|employee|sensitive|credit|card|cards|payment|bank|financial|intellectual|source code|confidential|dati|informazioni|credenziali|documenti|password|archivi|cartelle}"
#define MALWARE "{malware|skimmer|skimmers|skimming|backdoor|backdoors|keylogger|keyloggers|spyware|virus|trojan|trojans|web shell|webshell|webshells|cryptominer|rootkit|ransomware|malicious code|malicious software}"
#define NEG_EN "{not|n't}"


const Phrase phrase_dictionary[] = {
	/* --- availability, high: encryption for impact --- */
	EV("ransomware*", X_, X_, H_),
	EV("{wannacry|notpetya|petya|cryptolocker|lockbit|ryuk|revil|sodinokibi|alphv|rhysida|blacksuit|medusalocker}", X_, X_, H_),
	EV("ransom {note|notes}", X_, X_, H_),
	ANCHOR(CL_SYSTEMS, SYSTEMS),
	ANCHOR(CL_ENCRYPT, "{encrypted|encrypting|encrypts|encrypt} {the|its|their|our|his|her|all|some|many|several|most|thousands|hundreds|over|more|critical}"),
	ANCHOR(CL_ENCRYPT, "{encryption|cifratura|crittografia|criptazione} {of|dei|di|delle|degli}"),
	ANCHOR(CL_ENCRYPT_NEXT, "{encrypted|encrypting}"),
	EVN("encrypted", CL_SYSTEMS, 4, X_, X_, H_),	/* files were encrypted */
	EVN(SYSTEMS, CL_ENCRYPT, 4, X_, X_, H_),	/* encrypted the hospital's files */
	EVN(SYSTEMS, CL_ENCRYPT_NEXT, 1, X_, X_, H_),	/* encrypted files */
	EV("crittografat*", X_, X_, H_),
	EVN("{criptati|cifrati|crittati|criptato|cifrato|crittato}", CL_SYSTEMS, 3, X_, X_, H_),
	/* --- availability, high: denial of service and outages --- */
	EV("{denial of service|ddos*|dos attack|dos attacks|negazione del servizio|negazione di servizio|attacco dos|attacchi dos}", X_, X_, H_),
	EV("{outage*|downtime|offline|off line|unavailable|unreachable|inaccessible|unusable}", X_, X_, H_),
	EV("{went|was|were|is|are|been|be|remain|remains|remained|being|go|goes|going|still} down", X_, X_, H_),
	EV("down for {hours|days|weeks|a|several|more|over|nearly|almost|about}", X_, X_, H_),
	ANCHOR(CL_SERVICES, SERVICES),
	EVN("{down|offline|ko|fermi|spenti|in tilt}", CL_SERVICES, 3, X_, X_, H_),
	EVN("{bloccati|bloccato|bloccata|bloccate|paralizzat*|fermat*}", CL_SERVICES, 3, X_, X_, H_),
	EV("{shut down|shutdown|shutting down|shuts down|shut off|shutting off}", X_, X_, H_),
	EV("{not|n't|no longer} {accessible|reachable|operational|functional|functioning}", X_, X_, H_),
	EV("no longer {available|working}", X_, X_, H_),
	EV("{paralyz*|paralys*|crippled|crippling|cripple|halted|halting|halt|crashed|locked out|held hostage|standstill}", X_, X_, H_),
	EV("{interrupt*|interruzion*|interrott*}", X_, X_, H_),
	ANCHOR(CL_CARE, CARE),
	ANCHOR(CL_CANCEL, "{cancelled|canceled|cancelling|canceling|cancel|cancels|cancellation|cancellations|postponed|postponing|postpone|rescheduled|rescheduling|suspended|suspend|delayed}"),
	EVN("{cancelled|canceled|postponed|rescheduled|suspended}", CL_CARE, 4, X_, X_, H_),
	EVN(CARE, CL_CANCEL, 4, X_, X_, H_),
	EV("{cancellazion*|cancellat*|annullat*|annullament*|disservizi*|indisponibil*|irraggiungibil*|inaccessibil*|inutilizzabil*|paralisi|fuori uso|fuori servizio|blackout}", X_, X_, H_),
	EV("non {disponibil*|raggiungibil*|accessibil*|funzionant*|operativ*|utilizzabil*}", X_, X_, H_),
	EV("non piu {disponibil*|raggiungibil*|accessibil*|funzionant*|operativ*}", X_, X_, H_),
	EV("{blocco|fermo} {dei|di|delle|del} {sistemi|servizi|server|computer|attivita|reti|sistema|servizio}", X_, X_, H_),
	EV("{ambulance|ambulances} {were|was|being|had to be|} {diverted|rerouted|redirected}", X_, X_, H_),
	EV("{diverted|diverting|divert|rerouting|rerouted} {ambulances|patients|emergency}", X_, X_, H_),
	EV("{ambulance diversion*|ambulanze dirottate|ambulanze deviate|pronto soccorso chiuso}", X_, X_, H_),
	EV("{manual|paper|pen and paper|paper based|downtime} {procedures|processes|charting|charts|workarounds|operations|mode}", X_, X_, H_),
	EV("{reverted|revert|reverting|resorted|resort|resorting|returned|switched|fell back|forced back} to {paper|manual|pen and paper}", X_, X_, H_),
	EV("{carta e penna|procedure manuali|modalita manuale|gestione manuale}", X_, X_, H_),
	EV("{wiped|wiper|wiping|erased|destroyed|data destruction|destruction of data|destruction of records|distrutt*}", X_, X_, H_),
	EV("{data loss|loss of data|perdita di dati|perdita dei dati}", L_, X_, L_),
	EV("lost {access|all data|data|files|records|their data|its data}", X_, X_, H_),
	/* lost or stolen equipment: VERIS availability Loss, possible disclosure */
	ANCHOR(CL_DEVICE, DEVICES),
	ANCHOR(CL_LOSS, "{stolen|lost|misplaced|missing|theft|loss|stole|steal|stealing|lose|losing|furto|smarrimento|perdita|smarrito|smarriti|smarrita|rubato|rubati|rubata|rubate|rubano|rubare|sottratto|sottratti|perso|persi|persa}"),
	EVN("{stolen|lost|misplaced|missing|rubato|rubati|rubata|rubate|smarrito|smarriti|smarrita|smarrite|perso|persi|persa|perse|sottratto|sottratti}", CL_DEVICE, 8, L_, X_, H_),
	EVN(DEVICES, CL_LOSS, 4, L_, X_, H_),
	/* --- availability, low --- */
	EV("{disrupt*|degraded|degradation|slowdown*|slowed|slow down|rallentament*|rallentat*|rinviat*|sospes*|deleted|not working|n't working|intermittent}", X_, X_, L_),
	EV("{unable to|could not|couldn n't|cannot|can n't} {access|use|log in|login|reach|connect}", X_, X_, L_),
	EV("{impossibile|impossibilita di} {accedere|collegarsi|utilizzare|usare}", X_, X_, L_),
	EV("{cryptominer*|cryptojacking|cryptomining|coin miner*|resource hijacking}", X_, L_, L_),

	/* --- confidentiality, high --- */
	EV("{exfiltrat*|esfiltra*|trafugat*|sottratt*|leak*|doxx*|doxing|data dump|dumped online|data theft|identity theft}", H_, X_, X_),
	ANCHOR(CL_DATA, DATA),
	ANCHOR(CL_STEAL, "{stole|steal|steals|stealing|stolen|theft of|rubato|rubati|rubare|rubano|furto di|sottrazione di|fuga di|diffusione di|pubblicazione di|furto dei|furto delle|sottrazione dei|sottrazione delle|fuga dei|fuga delle|diffusione dei|pubblicazione dei}"),
	EVN("{stolen|rubati|rubate|rubato|rubata|compromised}", CL_DATA, 4, H_, X_, X_),
	EVN(DATA, CL_STEAL, 3, H_, X_, X_),
	EV("{stole|steal|steals|stealing|stolen|theft|rubat*}", L_, X_, X_),
	EVN("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate|divulgato|divulgata|messi online|messe online|resi pubblici|in vendita|for sale|sold online}", CL_DATA, 4, H_, X_, X_),
	EV("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate} {online|in rete|sul web}", H_, X_, X_),
	EV("{on|in|onto|sul|nel|to} {the|a|} {dark web|darkweb|dark net|darknet|deep web|hacker forum|hacker forums|hacking forum|hacking forums}", H_, X_, X_),
	EV("{skimm*|carding}", H_, H_, X_),
	/* --- confidentiality, low --- */
	EV("{accessed|accedut*|expos*|espost*|esposizion*|snoop*|scraped|scraping|espionage|spionaggio|keylogger*|spyware|infostealer*|info stealer|misdirected|misdelivered|misaddressed|dumpster|dumpsters|discarded|improper disposal|improperly disposed}", L_, X_, X_),
	EV("{unauthorized|unauthorised|improper|improperly|illegal|illegitimate|unlawful|inappropriate|inappropriately|illicit} {access|accessing|accessed|viewing|viewed|disclosure|disclosures|release|sharing}", L_, X_, X_),
	EV("{gained|gain|gaining|obtained|obtain|obtaining|got} {unauthorized|unauthorised|} access", L_, X_, X_),
	EV("{accesso|accessi} {non autorizzat*|abusiv*|illecit*|illegittim*|indebit*}", L_, X_, X_),
	EV("{hanno avuto|ha avuto|avere} accesso", L_, X_, X_),
	EV("{violazione|violazioni} {dei|di|della} {dati|dato|privacy|sicurezza}", L_, X_, X_),
	EV("{data breach*|privacy breach*|compromised}", L_, X_, X_),
	EV("{publicly|openly} {accessible|available|visible|viewable|readable}", L_, X_, X_),
	EV("{unsecured|unprotected|misconfigured|unencrypted} {database|databases|server|servers|bucket|buckets|cloud|storage|elasticsearch|mongodb|instance|folder|share|ftp}", L_, X_, X_),
	EV("{inadvertently|improperly|accidentally|mistakenly|wrongly|unintentionally|erroneously|inappropriately} {disclosed|sent|emailed|mailed|posted|published|shared|released|faxed|made|uploaded|forwarded|disposed}", L_, X_, X_),
	EV("{sent|mailed|emailed|faxed|delivered|addressed|forwarded} to {the wrong|wrong|an incorrect|incorrect|the incorrect|unintended|an unintended}", L_, X_, X_),
	EV("{wrong|incorrect|unintended} {recipient|recipients|address|addresses|person|patient|patients|customer|customers}", L_, X_, X_),
	ANCHOR(CL_VIEW, "{compromise of|viewed|looked at|looked up|browsed|peeked at|copied|downloaded|took|emailed|forwarded|transferred|printed|harvested|harvesting|captured|capturing|consultato|consultati|copiato|copiati|scaricato|scaricati}"),
	EVN(DATA, CL_VIEW, 3, L_, X_, X_),

	/* --- integrity, high --- */
	EV("{defac*|defacciat*|deturpat*|altered|alteration|alterations|altering|alterat*|alterazion*|manipulat*|manipolat*|manipolazion*|tamper*|manomess*|manomission*|modified|modifying|modificat*|falsif*|embezzl*|misappropriat*|appropriazione indebita}", X_, H_, X_),
	ANCHOR(CL_FRAUD, "{unauthorized|unauthorised|fraudulent|illicit|bogus|fake|fraudulently|fraudolent*|illecit*}"),
	EVN("{transaction|transactions|transfer|transfers|wire|wires|payment|payments|purchase|purchases|charge|charges|withdrawal|withdrawals|refund|refunds|invoice|invoices|claim|claims|loan|loans|changes|change|modification|modifications|orders}", CL_FRAUD, 2, X_, H_, X_),
	EV("{transazioni|transazione|bonifici|bonifico|pagamenti|pagamento|prelievi|modifiche} {fraudolent*|non autorizzat*|illecit*|illegittim*}", X_, H_, X_),
	ANCHOR(CL_MALWARE, MALWARE),
	ANCHOR(CL_INSTALL, "{installed|planted|deployed|dropped|injected|implanted|placed|inserted|installing|installato|installati|installata}"),
	EVN("{installed|planted|deployed|placed|inserted|installato|installata|installati}", CL_MALWARE, 4, X_, H_, X_),
	EVN(MALWARE, CL_INSTALL, 3, X_, H_, X_),
	/* --- integrity, low --- */
	EV("{malware|virus|viruses|trojan|trojans|backdoor*|infect*|infett*|infezion*|web shell*|webshell*|rootkit*|hijack*|injected|fraud|frode|truffa|business email compromise|counterfeit|contraffatt*}", X_, L_, X_),
	EV("{changed|reset|altered|changing|modified} {passwords|the password|the passwords|password|credentials|bank details|banking details|payroll|direct deposit|account details|permissions|privileges}", X_, L_, X_),

	/* --- negation cues: cancel evidence that starts within a few words after --- */
	NEG("{no|not|n't|never|without|nor|neither|nothing|none|nobody|no one|cannot}"),
	NEG("{ruled out|rules out|rule out|ruling out|denied|denies|deny|denying|free of|absence of|lack of}"),
	NEG("{non|nessun|nessuna|nessuno|senza|mai|escluso|esclusa|esclude|escludono|escludere|negato|nega|negano|smenti*|assenza di}"),
	/* ... and phrases where the negation word negates nothing */
	NEUTRAL(NEG_EN " {encrypted|password protected|protected|secured|encrypted and}"),
	NEUTRAL("non {cifrat*|crittografat*|criptat*|protett*}"),
	NEUTRAL("{no longer|not only|not just|non solo|non soltanto|not least|no doubt|non ancora chiaro}"),
	NEUTRAL(NEG_EN " {clear|known|yet known|yet clear|immediately clear|immediately known|disclosed|yet disclosed|specified|revealed|said|say|disclose|reveal|confirm|specify|state} {how|when|who|what|why|which|where|the number|the extent|the scope}"),
	NEUTRAL("non {e|ha|hanno|sono} {chiaro|noto|ancora chiaro|ancora noto|specificato|reso noto|detto|precisato} {come|quando|chi|quanti|quante|quali|quale|cosa}"),
	/* negation right after the evidence ("ransomware was not involved") */
	POSTNEG(NEG_EN " {involved|affected|impacted|detected|found|confirmed|observed|identified|deployed|used|present|responsible|occur|happen|happened|occurred|the case}"),
	POSTNEG("{unaffected|unfounded|was false|were false|ruled out|did not take place}"),
	POSTNEG("non {e|sono|risulta|risultano} {stato|stata|stati|state|} {coinvolt*|rilevat*|confermat*|interessat*|avvenut*}"),
	/* phrases in which an evidence word is no evidence */
	SUPPRESS("{unavailable|not available|n't available|inaccessible} {for|to} {comment|comments|reach}"),
	SUPPRESS("{gas|water|memory|oil|fuel|roof|pipe} leak*"),
	SUPPRESS("{anti|against} {malware|virus|viruses|ransomware|ddos|spyware|fraud|skimming}"),
	SUPPRESS("{offline|off line} {backup|backups|copy|copies|storage|media|tapes}"),
	SUPPRESS("{backup|backups|copia|copie} {offline|off line}"),
	SUPPRESS("{kept|stored|held} {offline|off line}"),
	SUPPRESS("{data loss|data leak|data leakage} {prevention|protection}"),
	SUPPRESS("{exposed|esposti|esposto|esposta|esposte} {to|a} {risk|risks|attack|attacks|threats|threat|vulnerabilities|rischi|rischio|attacchi}"),
	SUPPRESS("{shares|stock|stocks|price|prices|revenue|revenues|sales|profits|market} {went|were|was|are|is} down"),
	SUPPRESS("{shut down|took down|taken down|dismantled} {the|a|an|} {botnet|forum|marketplace|market|scheme|ring|group}"),
	SUPPRESS("{modified|modificato|modificata} {date|version}"),
	SUPPRESS("{encrypted|cifrati|crittografati} {at rest|in transit}"),
	/* clause breaks in words (punctuation breaks clauses too) */
	BREAK("{but|however|although|though|whereas|while|after|afterwards|subsequently|meanwhile|instead|because|since|then|ma|pero|tuttavia|mentre|dopo|sebbene|benche|nonostante|invece|poiche|perche|quindi|pertanto}"),
	CONJ("{and|e|ed|as well as}"),
	{"{or|nor|o|od|oppure}", PK_CONJ, 0, 0, 0, 1, 0},	/* may follow the comma */
};

const int	phrase_dictionary_len = lengthof(phrase_dictionary);
