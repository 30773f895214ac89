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
#define EVN(p, cls, w, c, i, a)	{p, PK_EVIDENCE, c, i, a, cls, w, CL_NONE}
/* evidence voided by a word of class u earlier in its clause */
#define EVU(p, c, i, a, u)	{p, PK_EVIDENCE, c, i, a, CL_NONE, 0, u}
/* a lost or stolen device, unless the clause is about an intrusion */
#define EVD(p, cls, w)	{p, PK_EVIDENCE, L_, X_, H_, cls, w, CL_CYBER}
#define ANCHOR(cls, p)	{p, PK_ANCHOR, 0, 0, 0, cls, 0}
#define HEDGE(p)		{p, PK_HEDGE, 0, 0, 0, CL_NONE, 0}
#define NEG(p)			{p, PK_NEGATION, 0, 0, 0, CL_NONE, 0}
#define NEUTRAL(p)		{p, PK_NEUTRAL, 0, 0, 0, CL_NONE, 0}
#define SUPPRESS(p)		{p, PK_SUPPRESS, 0, 0, 0, CL_NONE, 0}
#define POSTNEG(p)		{p, PK_POSTNEG, 0, 0, 0, CL_NONE, 0}
#define BREAK(p)		{p, PK_BREAK, 0, 0, 0, CL_NONE, 0}
#define CONJ(p)			{p, PK_CONJ, 0, 0, 0, CL_NONE, 0}

/* Word lists shared by several phrases. */
#define DEVICES "{pieces of mail|mail pieces|package|packages|parcel|parcels|envelope|envelopes|shipment|shipments|invoice|invoices|laptop|laptops|sd card|memory card|cd|cds|dvd|dvds|computer|computers|desktop|desktops|hard drive|hard drives|hard disk|hard disks|usb|flash drive|flash drives|thumb drive|backup tape|backup tapes|tapes|device|devices|smartphone|phone|phones|tablet|tablets|notebook|notebooks|server|servers|disk|disks|drive|drives|backup media|storage media|removable media|briefcase|bag|backpack|paperwork|portatile|portatili|pc|chiavetta|chiavette|disco|dischi|telefono|telefoni|dispositivo|dispositivi|fascicoli|nastro|nastri|nastro di backup|receipts|receipt|printouts|print outs|paper charts|patient charts|paper records|paper files|hard copy|hard copies|filing cabinet|file cabinet|ricevute|cartelle cartacee|documenti cartacei|fascicolo}"
#define SYSTEMS "{files|file|systems|system|servers|server|computers|machines|workstations|documents|databases|database|records|network|networks|devices|endpoints|drives|sistemi|documenti|archivi}"
#define SERVICES "{website|websites|site|sites|systems|system|servers|server|network|networks|services|service|portal|portals|platform|platforms|email|phones|applications|app|apps|sistemi|servizi|servizio|sito|siti|portale|piattaforma|rete|reti|centralino}"
#define CARE "{appointments|appointment|surgeries|surgery|operations|procedures|treatments|treatment|exams|examinations|classes|lessons|flights|visits|chemotherapy|radiotherapy|outpatient|elective|care|appuntamenti|visite|interventi|esami|prestazioni|operazioni|lezioni|voli}"
#define DATA "{data|information|info|records|creds|files|credentials|passwords|documents|details|numbers|emails|databases|database|personal|customer|patient|employee|sensitive|credit|card|cards|payment|bank|financial|intellectual|source code|confidential|dati|informazioni|credenziali|documenti|password|archivi|cartelle}"
#define MALWARE "{malware|skimmer|skimmers|skimming|backdoor|backdoors|keylogger|keyloggers|spyware|virus|trojan|trojans|web shell|webshell|webshells|cryptominer|rootkit|ransomware|malicious code|malicious software}"
#define NEG_EN "{not|n't}"


const Phrase phrase_dictionary[] = {
	/* --- availability, high: encryption for impact --- */
	EV("ransomware*", X_, X_, H_),
	EV("{wannacry|notpetya|petya|cryptolocker|lockbit|ryuk|revil|sodinokibi|alphv|rhysida|blacksuit|medusalocker|akira|blackcat|clop|play ransomware|babuk|darkside|netwalker|egregor|avaddon}", X_, X_, H_),
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
	EV("{outage*|downtime|unavailable|unreachable|inaccessible|unusable}", X_, X_, H_),
	/* offline, unless the victim's own staff took it offline (containment) */
	ANCHOR(CL_STAFF, "{techs|technicians|it staff|it staffers|staff|administrators|admins|officials|engineers|employees|investigators|tecnici|amministratori}"),
	EVU("{offline|off line}", X_, X_, H_, CL_STAFF),
	EV("{went|was|were|is|are|been|be|remain|remains|remained|being|go|goes|going|still} down", X_, X_, H_),
	EV("down for {hours|days|weeks|a|several|more|over|nearly|almost|about}", X_, X_, H_),
	ANCHOR(CL_SERVICES, SERVICES),
	{"{down|offline|ko|fermi|spenti|in tilt}", PK_EVIDENCE, X_, X_, H_, CL_SERVICES, 3, CL_STAFF},	/* not when staff took them down */
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
	EV("{data loss|loss of data|perdita di dati|perdita dei dati}", L_, X_, X_),
	EV("lost {access|all data|data|files|records|their data|its data}", X_, X_, H_),
	/* lost or stolen equipment: VERIS availability Loss, possible disclosure */
	ANCHOR(CL_CYBER, "{hacker|hackers|hacked|hacking|breached|attacker|attackers|infected|infection|malware|phishing|accessed|intrusion|intruder|intruders|ransomware|cyberattack|cyber attack|cyber attacks|exploited|exploiting|vulnerability|skimmer|skimmers|keylogger|virus|trojan|remote access|attacco informatico|attacchi informatici|hackerato|hackerati|violato|violati|infettat*}"),
	/* IT staff at work on a system (taking a server offline) are no theft of it */
	ANCHOR(CL_CYBER, "{techs|technicians|it staff|it staffers|administrators|sysadmins|admins|engineers|tecnici|sistemisti}"),
	ANCHOR(CL_DEVICE, DEVICES),
	ANCHOR(CL_LOSS, "{stolen|lost|misplaced|missing|theft|loss|stole|steal|stealing|lose|losing|took|portato via|portati via|portarono via|furto|smarrimento|perdita|smarrito|smarriti|smarrita|rubato|rubati|rubata|rubate|rubano|rubare|sottratto|sottratti|perso|persi|persa}"),
	EVD("{stolen|lost|misplaced|missing|rubato|rubati|rubata|rubate|smarrito|smarriti|smarrita|smarrite|perso|persi|persa|perse|sottratto|sottratti}", CL_DEVICE, 24),
	EVD(DEVICES, CL_LOSS, 6),
	/* --- availability, low --- */
	EV("{disrupt*|degraded|degradation|slowdown*|slowed|slow down|rallentament*|rallentat*|rinviat*|sospes*|deleted|not working|n't working|intermittent}", X_, X_, L_),
	EV("{unable to|could not|couldn n't|cannot|can n't} {access|use|log in|login|reach|connect}", X_, X_, L_),
	EV("{impossibile|impossibilita di} {accedere|collegarsi|utilizzare|usare}", X_, X_, L_),
	EV("{cryptominer*|cryptojacking|cryptomining|coin miner*|resource hijacking}", X_, L_, L_),

	/* --- confidentiality, high --- */
	EV("{exfiltrat*|esfiltra*|trafugat*|sottratt*|leak*|doxx*|doxing|data dump|dumped online|data theft|identity theft}", H_, X_, X_),
	ANCHOR(CL_DATA, DATA),
	ANCHOR(CL_STEAL, "{stole|steal|steals|stealing|stolen|theft of|obtained|obtain|obtaining|acquired|harvested|ottenuto|ottenuti|ottenere|acquisito|acquisiti|rubato|rubati|rubare|rubano|furto di|sottrazione di|fuga di|diffusione di|pubblicazione di|furto dei|furto delle|sottrazione dei|sottrazione delle|fuga dei|fuga delle|diffusione dei|pubblicazione dei}"),
	EVN("{stolen|rubati|rubate|rubato|rubata|compromised|taken|acquired|copied|downloaded|sottratti|sottratte|prelevati|copiati|scaricati}", CL_DATA, 4, H_, X_, X_),
	EVN(DATA, CL_STEAL, 3, H_, X_, X_),
	EV("{stole|steal|steals|stealing|stolen|theft|rubat*}", L_, X_, X_),
	EVN("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate|divulgato|divulgata|messi online|messe online|resi pubblici|in vendita|for sale|sold online}", CL_DATA, 4, H_, X_, X_),
	EV("{pubblicati|pubblicate|pubblicato|pubblicata|diffusi|diffuse|divulgati|divulgate} {online|in rete|sul web}", H_, X_, X_),
	EV("{on|in|onto|sul|nel|to} {the|a|} {dark web|darkweb|dark net|darknet|deep web|hacker forum|hacker forums|hacking forum|hacking forums}", H_, X_, X_),
	EV("{skimm*|skim|skims|carding}", H_, H_, X_),
	/* --- confidentiality, low --- */
	EV("{accessed|accedut*|expos*|espost*|esposizion*|snoop*|scraped|scraping|espionage|spionaggio|keylogger*|spyware|infostealer*|info stealer|misdirected|misdelivered|misaddressed|dumpster|dumpsters|discarded|improper disposal|improperly disposed}", L_, X_, X_),
	EV("{unauthorized|unauthorised|improper|improperly|illegal|illegitimate|unlawful|inappropriate|inappropriately|illicit} {access|accessing|accessed|viewing|viewed|disclosure|disclosures|release|sharing}", L_, X_, X_),
	EV("{gained|gain|gaining|obtained|obtain|obtaining|got} {unauthorized|unauthorised|} access", L_, X_, X_),
	EV("{accesso|accessi} {non autorizzat*|abusiv*|illecit*|illegittim*|indebit*}", L_, X_, X_),
	EV("{hanno avuto|ha avuto|avere} accesso", L_, X_, X_),
	EV("{violazione|violazioni} {dei|di|della} {dati|dato|privacy|sicurezza}", L_, X_, X_),
	EV("{data breach*|privacy breach*}", L_, X_, X_),
	EV("{publicly|openly} {accessible|available|visible|viewable|readable}", L_, X_, X_),
	EV("{unsecured|unprotected|misconfigured|unencrypted} {database|databases|server|servers|bucket|buckets|cloud|storage|elasticsearch|mongodb|instance|folder|share|ftp}", L_, X_, X_),
	EV("{inadvertently|improperly|accidentally|mistakenly|wrongly|unintentionally|erroneously|inappropriately} {disclosed|sent|emailed|mailed|posted|published|shared|released|faxed|made|uploaded|forwarded|disposed|transmitted|provided|delivered|exposed|attached|included}", L_, X_, X_),
	EV("{sent|mailed|emailed|faxed|delivered|addressed|forwarded} to {the wrong|wrong|an incorrect|incorrect|the incorrect|unintended|an unintended}", L_, X_, X_),
	EV("{wrong|incorrect|unintended} {recipient|recipients|address|addresses|person|patient|patients|customer|customers}", L_, X_, X_),
	ANCHOR(CL_VIEW, "{compromise of|viewed|looked at|looked up|browsed|peeked at|copied|downloaded|took|emailed|forwarded|transferred|printed|harvested|harvesting|captured|capturing|consultato|consultati|copiato|copiati|scaricato|scaricati}"),
	EVN(DATA, CL_VIEW, 3, L_, X_, X_),

	/* --- integrity, high --- */
	EV("{defac*|defacciat*|deturpat*|altered|alteration|alterations|altering|alterat*|alterazion*|manipulat*|manipolat*|manipolazion*|tamper*|manomess*|manomission*|modified|modifying|modificat*|falsif*|embezzl*|misappropriat*|appropriazione indebita}", X_, H_, X_),
	ANCHOR(CL_FRAUD, "{unauthorized|unauthorised|fraudulent|illicit|bogus|fake|fraudulently|fraudolent*|illecit*}"),
	EVN("{transaction|transactions|transfer|transfers|wire|wires|payment|payments|withdrawal|withdrawals|refund|refunds|invoice|invoices|changes|change|modification|modifications|orders}", CL_FRAUD, 2, X_, H_, X_),
	EV("{transazioni|transazione|bonifici|bonifico|pagamenti|pagamento|prelievi|modifiche|rimborsi|rimborso|fatture|fattura|ordini|acquisti|addebiti} {falsa|false|falso|falsi|finta|finte|finto|finti|fittizia|fittizie|fittizio|fittizi|fraudolent*|non autorizzat*|illecit*|illegittim*}", X_, H_, X_),
	ANCHOR(CL_MALWARE, MALWARE),
	ANCHOR(CL_INSTALL, "{installed|planted|deployed|dropped|injected|implanted|placed|inserted|installing|installato|installati|installata}"),
	EVN("{installed|planted|deployed|placed|inserted|installato|installata|installati}", CL_MALWARE, 4, X_, H_, X_),
	EVN(MALWARE, CL_INSTALL, 3, X_, H_, X_),
	/* --- integrity, low --- */
	EV("{malware|virus|viruses|trojan|trojans|backdoor*|infect*|infett*|infezion*|web shell*|webshell*|rootkit*|hijack*|injected|business email compromise|counterfeit|contraffatt*}", X_, L_, X_),
	EV("{changed|reset|altered|changing|modified} {passwords|the password|the passwords|password|credentials|bank details|banking details|payroll|direct deposit|account details|permissions|privileges}", X_, L_, X_),
	/* payroll, direct deposit or payment details changed: fraud by altering data */
	ANCHOR(CL_CHANGE, "{changed|altered|changing|modified|redirected|diverted|rerouted|updated|modificat*|dirottat*|deviat*}"),
	EVN("{payroll|direct deposit|bank account|bank accounts|banking details|bank details|payment details|salary|salaries|paychecks|paycheck|deposits|iban|stipendio|stipendi|coordinate bancarie|bonifico|bonifici|pagamento|pagamenti|fondi|conto corrente}", CL_CHANGE, 4, X_, H_, X_),
	/* business email compromise: the victim was made to pay */
	ANCHOR(CL_TRICK, "{tricked|duped|deceived|convinced|persuaded|induced|fooled|conned|scammed|ingannat*|convint*|indott*|raggirat*|truffat*}"),
	EVN("{wire|wiring|wired|transfer|transferring|transferred|pay|paying|paid|send|sending|sent|bonifico|bonifici|pagare|pagato|versare|versato|trasferire|trasferito|inviare|inviato}", CL_TRICK, 5, X_, H_, X_),
	EV("{payment diversion|invoice fraud|ceo fraud|wire fraud|wire transfer fraud|bec scam|bec attack|frode del ceo|truffa del ceo|frode sui pagamenti|conto fraudolento|conti fraudolenti|fraudulent account|fraudulent accounts|fraudulent bank account}", X_, H_, X_),
	/* data handed to a criminal who asked for it: disclosure, not loss */
	ANCHOR(CL_CROOK, "{scammer|scammers|fraudster|fraudsters|criminal|criminals|attacker|attackers|imposter|impostor|imposters|impostors|phisher|phishers|cybercriminal|cybercriminals|truffatore|truffatori|malintenzionato|malintenzionati|impostore|impostori|attaccante|attaccanti}"),
	ANCHOR(CL_HANDED, "{sent|emailed|provided|handed|gave|given|disclosed|forwarded|faxed|released|inviato|inviata|inviati|inviate|consegnato|consegnata|consegnati|consegnate|fornito|fornita|forniti|fornite|trasmesso|trasmessa|trasmessi|trasmesse}"),
	EVN("{scammer|scammers|fraudster|fraudsters|criminal|criminals|attacker|attackers|imposter|impostor|imposters|impostors|phisher|phishers|cybercriminal|cybercriminals|truffatore|truffatori|malintenzionato|malintenzionati|impostore|impostori|attaccante|attaccanti}", CL_HANDED, 3, H_, X_, X_),

	/* lost in the post: VERIS availability Loss, possible disclosure */
	EV("{lost in transit|lost in the mail|lost in the post|lost in shipping|lost during shipping|lost during shipment|lost by the courier|went missing in the mail|never arrived|failed to arrive|never reached|did not arrive|smarrito durante la spedizione|smarrita durante la spedizione|smarriti durante la spedizione|smarrite durante la spedizione|mai arrivato|mai arrivata|mai arrivati|mai arrivate|mai recapitato|mai recapitata|mai recapitati|mai recapitate|non e mai arrivato|non e mai arrivata|non sono mai arrivati}", L_, X_, H_),
	/* a device with data resold: disposal error */
	EVN("{ebay|craigslist|second hand|secondhand|resold|auctioned|mercatino|usato}", CL_DEVICE, 8, L_, X_, X_),
	/* able to reach data */
	EV("{able to|managed to|allowed them to|allowed him to|allowed her to|allowed hackers to|allowed attackers to|allowed an attacker to|riuscito ad|riuscita ad|riusciti ad|riuscite ad} {access|view|download|copy|steal|obtain|exfiltrate|accedere|visualizzare|scaricare|copiare|rubare|sottrarre}", L_, X_, X_),
	/* an actor copied a store of data */
	EV("{obtained|stole|took|made|downloaded|acquired|grabbed|exfiltrated} {a|} {copy|copies} of", H_, X_, X_),
	EV("{ottenuto|sottratto|rubato|scaricato|fatto} {una copia|copia|copie} {di|del|della|dei|delle}", H_, X_, X_),
	EV("{emailed|sent|forwarded|kept|retained|printed|saved|uploaded} {a|} {copy|copies} of", L_, X_, X_),
	EV("{inviato|inoltrato|conservato|trattenuto|stampato|salvato|caricato} {una copia|copia|copie} {di|del|della|dei|delle}", L_, X_, X_),
	/* data used or handled improperly */
	EVN("{inappropriately|improperly|illegally|illicitly|unlawfully|impropriamente|illecitamente|illegalmente|indebitamente}", CL_DATA, 4, L_, X_, X_),
	/* records put out with the rubbish */
	EV("{set out|put out|left out|placed out|put} for {the|} {trash|garbage|rubbish|recycling|collection|pickup|bin}", L_, X_, X_),
	/* insiders moving data to their own accounts and devices */
	ANCHOR(CL_OWN, "{his|her|their} {own|} {personal|private|home}"),
	EVN("{email|e mail|gmail|hotmail|yahoo|computer|computers|laptop|device|devices|phone|account|accounts|usb|drive|hard drive|cloud|storage|address}", CL_OWN, 2, L_, X_, X_),
	EV("{email|casella di posta|computer|pc|account|dispositivo|chiavetta|cellulare|indirizzo email|indirizzo di posta} {personale|privata|privato}", L_, X_, X_),
	/* something left behind in a public place: VERIS availability Loss, possible disclosure */
	ANCHOR(CL_LEFT, "{left|forgot|forgotten|abandoned|dropped|dimenticat*|lasciat*|abbandonat*}"),
	EVN("{on a train|on the train|on a bus|on the bus|in a taxi|in the taxi|in a cab|on a plane|on the plane|in a pub|in a bar|in a restaurant|in a car park|in a parking lot|on the street|in the street|at the station|at a station|on the subway|on the tube|in a cafe|in a shop|sul treno|in treno|sull autobus|in autobus|in taxi|sul taxi|al bar|in un bar|al ristorante|in stazione|per strada|in metropolitana}", CL_LEFT, 12, L_, X_, H_),
	/* fraud against the victim's own transactions: VERIS integrity (fraudulent
	 * transaction).  Bank, wire, card or identity fraud named as a charge is
	 * mostly later misuse of stolen data, not an integrity loss of the
	 * breached organisation, so those are left out */
	EV("{check|cheque|refund|payroll|invoice|procurement|expense|expenses|billing} fraud", X_, L_, X_),
	EV("{frode|frodi|truffa|truffe} {bancaria|bancarie|fiscale|fiscali|assicurativa|assicurative|informatica|informatiche|sui rimborsi|all inps|ai danni}", X_, L_, X_),
	/* --- disclosure by error or misconfiguration (VERIS error.*) --- */
	EV("{misconfigur*|mis configured|mal configurat*|configurazione errata|errata configurazione|configurato in modo errato|configurata in modo errato|configurati in modo errato|configurate in modo errato|configurato male|configurata male|configurati male|configurate male}", L_, X_, X_),
	EV("{bucket|buckets|elasticsearch|kibana|mongodb|open database|database aperto|database esposto}", L_, X_, X_),
	EV("{left|was|were|been|lasciato|lasciata|lasciati|lasciate} {open|exposed|unsecured|unprotected|unsecure|publicly accessible|accessible to anyone|accessible online|indexed|aperto|aperti|aperta|esposto|esposti|esposta|accessibili a chiunque|accessibile a chiunque|senza protezione|senza password}", L_, X_, X_),
	EV("{without|with no|senza} {a password|password|password protection|any password|authentication|autenticazione|alcuna protezione|protezione}", L_, X_, X_),
	EV("{no|nessuna|non protetto da|non protetta da|non protetti da|non protette da} password", L_, X_, X_),
	EV("{cc|cc d|ccd|carbon copied|carbon copy|cc field|cc line|to field|instead of bcc|instead of the bcc|rather than bcc|in copia|copia conoscenza|anziche in copia nascosta|invece che in ccn|invece di ccn}", L_, X_, X_),
	EV("{sent|emailed|mailed|transmitted|faxed|inviato|inviata|inviati|inviate|trasmesso|trasmessa|trasmessi|trasmesse} {unencrypted|unsecured|in clear text|in plain text|in the clear|in chiaro|non cifrat*|senza cifratura}", L_, X_, X_),
	EV("unencrypted {email|emails|e mail|attachment|attachments|spreadsheet|spreadsheets|file|files|fax}", L_, X_, X_),
	ANCHOR(CL_RECIP, "{recipient|recipients|addressee|addressees|address|addresses|fax number|fax|envelope|envelopes|letter|letters|mailing|mailings|mailer|email|emails|e mail|statement|statements|invoice|invoices|package|packet|destinatario|destinatari|indirizzo|indirizzi|lettera|lettere|busta|buste|fax|email|mail|plico|raccomandata}"),
	EVN("{incorrectly|incorrect|wrong|wrongly|mistakenly|erroneously|in error|by mistake|by error|inadvertently|accidentally|accidently|sbagliat*|errat*|erroneamente|per errore|per sbaglio}", CL_RECIP, 6, L_, X_, X_),
	ANCHOR(CL_WRONG, "{wrong|incorrect|wrongly|incorrectly|mistakenly|erroneously|inadvertently|accidentally|accidently|errato|errata|errati|sbagliato|sbagliata|sbagliati|erroneamente|per errore|per sbaglio}"),
	EVN("{copied|copies|copying|sent|mailed|emailed|faxed|delivered|posted|given|handed|provided|shared|forwarded|disclosed|released|included|attached|inviat*|spedit*|consegnat*|recapitat*|trasmess*|inoltrat*|allegat*|inclus*}", CL_WRONG, 4, L_, X_, X_),
	EV("{mis sent|missent|mis mailed|mismailed|mis directed|misdirect*|misdeliver*|mis delivered|misaddress*|mis addressed|mailing error|mailing mistake|clerical error|human error|administrative error|printing error|programming error|processing error|staff error|employee error|errore umano|errore materiale|errore di invio|errore di spedizione|errore di stampa|errore nell invio|errore amministrativo}", L_, X_, X_),
	EV("{given|handed|sent|received|shown|mailed|got|ricevuto|ricevuti|consegnato|consegnata|consegnati|consegnate} {each other s|someone else s|another patient s|another person s|another customer s|another individual s|the wrong|another s|i dati di un altro|i dati di altri|la documentazione di un altro|i documenti di un altro}", L_, X_, X_),
	EV("{accessibile|accessibili} a chiunque", L_, X_, X_),
	EV("{inviato|inviata|inviati|inviate|spedito|spedita|spediti|spedite|trasmesso|trasmessa|trasmessi|trasmesse|inoltrato|inoltrata|inoltrati|inoltrate|consegnato|consegnata|consegnati|consegnate|recapitato|recapitata|recapitati|recapitate|pubblicato|pubblicata|pubblicati|pubblicate|caricato|caricata|caricati|caricate} {per errore|erroneamente|per sbaglio|inavvertitamente|accidentalmente}", L_, X_, X_),
	EV("{sent|emailed|mailed|faxed|delivered|forwarded|posted|published|uploaded|shared|released|disclosed} {in error|by mistake|by error|erroneously|incorrectly|accidentally|accidently|inadvertently|mistakenly|unintentionally}", L_, X_, X_),
	EV("{l uno dell altro|l una dell altra|gli uni degli altri|di un altro paziente|di un altro cliente|di altri pazienti|di altri clienti|destinati ad altri|destinata ad altri|destinato ad altri|destinate ad altri}", L_, X_, X_),
	EV("{appropriato|appropriata|appropriati|appropriate|appropriandosi|appropriatosi|appropriatasi} indebitamente", X_, H_, X_),
	/* improper disposal */
	ANCHOR(CL_DISPOSE, "{disposed|discarded|thrown|tossed|dumped|left|smaltito|smaltita|smaltiti|smaltite|gettato|gettata|gettati|gettate|buttato|buttata|buttati|buttate|abbandonato|abbandonata|abbandonati|abbandonate}"),
	EVN("{improperly|incorrectly|in the trash|in a trash|in the garbage|in a garbage|in the rubbish|in a recycling|in the recycling|in a dumpster|in the dumpster|unshredded|without being shredded|without shredding|impropriamente|in modo improprio|in modo scorretto|nella spazzatura|nei rifiuti|tra i rifiuti|nel cassonetto|nei cassonetti|senza essere distrutti|senza distruggerli}", CL_DISPOSE, 2, L_, X_, X_),
	EV("{unshredded|not shredded|were n't shredded|cassonetto|cassonetti|discarica}", L_, X_, X_),
	ANCHOR(CL_BIN, "{trash|garbage|rubbish|recycling bin|recycle bin|recycling|landfill|curb|curbside|dump|spazzatura|rifiuti|immondizia|cassonetto}"),
	EVN("{found|discovered|recovered|located|ritrovat*|trovat*|rinvenut*|scopert*}", CL_BIN, 5, L_, X_, X_),
	/* publication, by error or by an actor */
	ANCHOR(CL_PUTV, "{post|publish|upload|posted|published|uploaded|displayed|listed|made available|put|placed|left|pubblicato|pubblicata|pubblicati|pubblicate|caricato|caricata|caricati|caricate|messo|messa|messi|messe|resi|reso|resa|resi|rese}"),
	EVN("{online|on line|publicly|on the internet|on the web|on its website|on the website|on a website|on their website|on a public|on social media|on facebook|on twitter|on pastebin|on github|on a forum|on telegram|in rete|sul web|su internet|sul sito|sul portale|su un sito|sui social|su facebook|su telegram|pubblicamente|in chiaro}", CL_PUTV, 1, L_, X_, X_),
	EV("{pastebin|paste site|paste sites|leak site|leak sites|sito di leak|sito dei leak|blog dei leak|data leak site|dedicated leak site|shame site|wall of shame}", H_, X_, X_),
	ANCHOR(CL_LEAKDATA, "{records|databases|database|credentials|passwords|email addresses|personal data|personal information|customer data|user data|patient data|patient information|health information|medical records|names|ssns|social security numbers|card numbers|files|documents|screenshots|samples|dati|documenti|archivi|credenziali|dati personali|dati sanitari|file}"),
	EVN("{posted|published|uploaded|dumped|released|sold|auctioned|advertised|offered|shared|pubblicat*|diffus*|caricat*|vendut*|messi all asta|messi in vendita|rilasciat*|condivis*}", CL_LEAKDATA, 6, H_, X_, X_),
	ANCHOR(CL_POST, "{post|publish|upload|dump|leak|release|posted|posts|posting|published|publishes|publishing|uploaded|uploads|uploading|dumped|dumps|leaked|leaks|leaking|released|releases|releasing|sold|sells|selling|sell|auctioned|auctioning|advertised|advertising|offering|offered|pubblicat*|diffus*|caricat*|vendut*|vendev*|vendere|messo in vendita|messi in vendita|rilasciat*}"),
	EVN("{records|databases|database|credentials|passwords|email addresses|personal data|personal information|customer data|user data|patient data|patient information|health information|medical records|ssns|social security numbers|card numbers|stolen data|the data|data|files|documents|emails|information|details|names|addresses|home addresses|phone numbers|nomi|indirizzi|dati|dati personali|dati sanitari|credenziali|documenti riservati|archivi}", CL_POST, 8, H_, X_, X_),
	EV("{dump|dumps|dumped|dumping|dato in pasto|scaricati in rete}", L_, X_, X_),
	/* intrusion into systems that hold data */
	ANCHOR(CL_HOST, "{network|networks|system|systems|computer system|computer systems|computer network|server|servers|email account|email accounts|e mail account|mailbox|mailboxes|database|databases|computers|it systems|it system|sistema informatico|sistemi informatici|rete informatica|casella di posta|caselle di posta|account di posta}"),
	EVN("{hacked|breached|infiltrated|penetrated|accessed|compromised|compromesso|compromessa|compromessi|hackerato|hackerata|hackerati|violato|violata|violati|violate|bucato|bucati}", CL_HOST, 4, L_, X_, X_),
	ANCHOR(CL_INTRUDE, "{hacked|breached|infiltrated|penetrated|hacking|hacked into|broke into|break into|breaking into|got into|violato|violati|violata|hackerato|intrusione nei|intrusione nel|accesso abusivo ai|accesso abusivo al}"),
	EVN("{network|networks|systems|computer system|computer systems|computer network|servers|email account|email accounts|mailbox|mailboxes|database|databases|computers|it systems|sistemi|sistema informatico|sistemi informatici|rete|server|casella di posta|caselle di posta}", CL_INTRUDE, 5, L_, X_, X_),
	EV("{hackers|hacker|attackers|attacker|intruders|intruder|cybercriminals|criminals} {broke|break|breaks|breaking|broken|got|get|gets|getting} into", L_, X_, X_),
	EV("{mishandling|mishandled|mis handling|mis handled|gestione impropria|trattamento illecito|trattamento non autorizzato}", L_, X_, X_),
	EV("{threw|throws|thrown|throwing|tossed|tosses|tossing} {away|out}", L_, X_, X_),
	EV("{buttato|buttata|buttati|buttate|gettato|gettata|gettati|gettate} via", L_, X_, X_),
	/* breach wording */
	EV("{breached|security breach*|data breach*|privacy breach*|cyber breach*|databreach|violazione di dati}", L_, X_, X_),
	EV("{server|network|system|systems|computer|database|website|web site|email|e mail|it} {breach|breaches|intrusion|intrusions}", L_, X_, X_),
	EV("{envelope window|window envelope|window envelopes|through the envelope|through the window of the envelope|finestra della busta|buste a finestra}", L_, X_, X_),
	EV("breach of {personal|patient|customer|sensitive|protected|health|private|confidential}", L_, X_, X_),
	EV("{had|suffered|experienced|reported|disclosed|announced|discovered|notified of|confirmed} {a|the|} breach", L_, X_, X_),
	/* misuse by insiders: access without a business need */
	EV("{without|with no|senza} {authorization|authorisation|permission|a business need|business need|a business reason|business reason|a legitimate|legitimate|a need to know|need to know|consent|a valid reason|authority|approval|autorizzazione|permesso|motivo|giustificazione|necessita|titolo|averne titolo|consenso}", L_, X_, X_),
	EV("{misuse|misused|misusing|abuse of access|privilege abuse|abuse of privileges|uso improprio|utilizzo improprio|dipendente infedele|dipendenti infedeli}", L_, X_, X_),
	EV("{abused|abusing|used|misused} {his|her|their|its} {access|position|privileges|authority|credentials|login}", L_, X_, X_),
	EV("abuso {di|dei|delle|del} {privilegi|credenziali|accesso|accessi|poteri|ufficio|posizione}", L_, X_, X_),
	EV("{snooped|snooping|pried|prying|peeked|peeking|curiosity|looked up|looking up|look up} {at|into|on|through|}", L_, X_, X_),
	ANCHOR(CL_VIEW, "{queried|query|querying|searched|searching|search|accessing|access|accessed|reviewed|reviewing|sold|selling|sell|shared|sharing|gave|giving|passed|handed|disclosed|disclosing|revealed|revealing|leaked|posted|consultat*|ceduto|ceduti|venduto|venduti|vendeva|passava|passato|divulgat*|rivelat*}"),
	/* defacement */
	ANCHOR(CL_REPL, "{replaced|replacing|replaces|replace|sostituito|sostituita|sostituiti|sostituite}"),
	EVN("{homepage|home page|home|website|web page|webpage|web site|site|page|pages|content|contents|front page|pagina|pagine|sito|contenuti}", CL_REPL, 2, X_, H_, X_),
	ANCHOR(CL_SITE, "{website|websites|homepage|home page|web page|webpage|web site|web server|webserver|site|twitter account|facebook page|social media account|social media accounts|sito|siti|sito web|sito internet|portale|pagina facebook|account twitter|profilo}"),
	EVN("{defaced|hijacked|taken over|defacciat*}", CL_SITE, 4, X_, L_, X_),
	EVN("{hacked|breached|compromised|hackerato|hackerata|violato|violata|bucato}", CL_SITE, 4, L_, X_, X_),
	ANCHOR(CL_HACKED, "{defaced|hijacked|defacciato}"),
	EVN("{website|websites|homepage|home page|web page|webpage|web site|web server|webserver|twitter account|facebook page|social media account|sito|siti|sito web|portale|homepage}", CL_HACKED, 3, X_, L_, X_),
	EV("{propaganda|jihadist|message was posted|messages were posted|messaggio di propaganda|propaganda jihadista}", X_, L_, X_),
	EV("{skimmer|skimmers|skimming device|skimming devices|dispositivo di skimming|lettore clonato}", H_, H_, X_),
	/* devices: more ways of losing them */
	ANCHOR(CL_LOSS, "{burglar|burglars|burglary|burglaries|break in|broke into|broken into|robbery|robbed|thief|thieves|stolen from|went missing|gone missing|cannot be located|could not be located|unaccounted for|left behind|left in|ladri|ladro|scasso|effrazione|rapina|svaligiat*|furto con scasso|scomparso|scomparsi|scomparsa|sparito|spariti|sparita}"),
	EVD("{taken|removed|went missing|gone missing|disappeared|unaccounted for|cannot be located|could not be located|portato via|portati via|scomparso|scomparsi|scomparsa|sparito|spariti|sparita}", CL_DEVICE, 16),
	EVD("{ipad|ipads|iphone|iphones|workstation|workstations|external drive|external hard drive|external hard drives|mobile device|mobile devices|cell phone|cellphone|hard copy|hard copies|binder|binders|paper records|paper files|x rays|backup disk|backup drive|zip drive|pen drive|pendrive|penna usb|chiavetta usb|hard disk esterno|smartphone|cellulare|cellulari|computer portatile|computer portatili|faldoni|faldone|cartelle cliniche cartacee}", CL_LOSS, 6),

	/* --- negation cues: cancel evidence that starts within a few words after --- */
	NEG("{no|not|n't|never|without|nor|neither|nothing|none|nobody|no one|cannot}"),
	NEG("{no evidence|no indication|no indications|no sign|no signs|no proof|nothing suggests|no reason to believe|non ci sono prove|non vi sono prove|non ci sono evidenze|non vi sono evidenze|non ci sono elementi|nessuna prova|nessuna evidenza|nessun elemento|nessun indizio|nessuna traccia|alcun indizio|alcuna prova|alcuna evidenza|alcun elemento|alcuna traccia|non risulta|non risultano}"),
	NEG("{ruled out|rules out|rule out|ruling out|denied|denies|deny|denying|free of|absence of|lack of}"),
	NEG("{non|nessun|nessuna|nessuno|senza|mai|escluso|esclusa|esclude|escludono|escludere|negato|nega|negano|smenti*|assenza di}"),
	/* hedges: evidence soon after them counts at most L (VERIS "Potentially") */
	HEDGE("{may|might|could|can} {have|be|also|possibly|potentially|include|includes|contain|still|well}"),
	HEDGE("{possibly|potentially|probably|likely|presumably|allegedly|supposedly|perhaps|apparently|suspected|suspicious|possible|potential|probable|unconfirmed|purported|purportedly|believed to|thought to|appears to|appear to|appeared to|seems to|seem to|seemed to|is believed|are believed|was believed|were believed}"),
	HEDGE("{cannot|can not|could not|couldn n't|can n't|did not|didn n't|has not|have not|not} {rule out|be ruled out|been ruled out|exclude|be excluded|been excluded}"),
	HEDGE("{not ruled out|non ruled out}"),
	HEDGE("{potrebbe|potrebbero|potrebbe essere|potrebbero essere|possibile|possibili|potenziale|potenziali|potenzialmente|probabilmente|presunt*|sospett*|forse|eventual*|sarebbe|sarebbero|avrebbe|avrebbero|sembra|sembrano|sembrerebbe|sembrerebbero|parrebbe|pare che|si ritiene|si teme|si ipotizza|ipotesi|verosimilmente|non confermat*}"),
	HEDGE("{non si esclude|non e escluso|non e esclusa|non si puo escludere|non possiamo escludere|non e possibile escludere|non si possono escludere|non escludono|non esclude}"),
	/* ... and phrases where the negation word negates nothing */
	NEUTRAL(NEG_EN " {encrypted|password protected|protected|secured|encrypted and}"),
	NEUTRAL("non {cifrat*|crittografat*|criptat*|protett*}"),
	NEUTRAL("{no longer|not only|not just|non solo|non soltanto|not least|no doubt|non ancora chiaro}"),
	NEUTRAL(NEG_EN " {clear|known|yet known|yet clear|immediately clear|immediately known|disclosed|yet disclosed|specified|revealed|said|say|disclose|reveal|confirm|specify|state} {how|when|who|what|why|which|where|the number|the extent|the scope}"),
	NEUTRAL("non {e|ha|hanno|sono} {chiaro|noto|ancora chiaro|ancora noto|specificato|reso noto|detto|precisato} {come|quando|chi|quanti|quante|quali|quale|cosa}"),
	/* negation right after the evidence ("ransomware was not involved") */
	POSTNEG(NEG_EN " {involved|affected|impacted|detected|found|confirmed|observed|identified|deployed|used|present|responsible|occur|happen|happened|occurred|the case}"),
	POSTNEG("{as a precaution|as a precautionary measure|out of caution|out of an abundance of caution|per precauzione|in via precauzionale|precauzionalmente}"),
	POSTNEG("{unaffected|unfounded|was false|were false|ruled out|did not take place|is unlikely|was unlikely|are unlikely|seems unlikely|appears unlikely|unlikely|improbabile|da escludere}"),
	POSTNEG("non {e|sono|risulta|risultano} {stato|stata|stati|state|} {coinvolt*|rilevat*|confermat*|interessat*|avvenut*}"),
	/* phrases in which an evidence word is no evidence */
	SUPPRESS("{unavailable|not available|n't available|inaccessible} {for|to} {comment|comments|reach}"),
	SUPPRESS("{gas|water|memory|oil|fuel|roof|pipe} leak*"),
	SUPPRESS("{anti|against} {malware|virus|viruses|ransomware|ddos|spyware|fraud|skimming}"),
	SUPPRESS("fraud {alert|alerts|monitoring|protection|prevention|department|team|detection|watch|unit|investigators|investigator|hotline}"),
	SUPPRESS("{offline|off line} {backup|backups|copy|copies|storage|media|tapes}"),
	/* containment, not an outage: "took the server offline when officials became aware" */
	SUPPRESS("{was|were|been|being} {taken|brought|pulled|placed} {offline|off line}"),
	SUPPRESS("{decision|decisions|step|steps|action|actions|measure|measures|precaution|precautions|photo|photos|photograph|photographs|picture|pictures|image|images|screenshot|screenshots|video|videos|notes} {was|were|has been|have been|} taken"),
	SUPPRESS("{wiped clean|wipe clean|securely wiped|securely erased|always wiped|properly wiped|were wiped before|was wiped before|routinely wiped|normally wiped}"),
	SUPPRESS("{backup|backups|copia|copie} {offline|off line}"),
	SUPPRESS("{kept|stored|held} {offline|off line}"),
	SUPPRESS("{data loss|data leak|data leakage} {prevention|protection}"),
	SUPPRESS("{exposed|esposti|esposto|esposta|esposte} {to|a} {risk|risks|attack|attacks|threats|threat|vulnerabilities|rischi|rischio|attacchi}"),
	SUPPRESS("{shares|stock|stocks|price|prices|revenue|revenues|sales|profits|market} {went|were|was|are|is} down"),
	SUPPRESS("{shut down|took down|taken down|dismantled} {the|a|an|} {botnet|forum|marketplace|market|scheme|ring|group}"),
	SUPPRESS("{modified|modificato|modificata} {date|version}"),
	/* "stole files from the servers": the device is where data came from, not what was taken */
	SUPPRESS("{from|off} {the|its|their|a|an|} {server|servers|computer|computers|system|systems|network|drive|drives|disk|disks|device|devices|machine|machines|media|desktop|desktops|workstation|workstations|host|hosts}"),
	SUPPRESS("{breach|breaches|violazione} {of|del|della|di} {policy|contract|duty|trust|protocol|the peace|clinic policy|company policy|contratto|fiducia|policy|regolamento}"),
	SUPPRESS("{letter|letters|lettera|lettere|notice|notices|notification|notifications} {were|was|have been|has been|will be|sono state|e stata|sono|verranno} {sent|mailed|inviat*|spedit*}"),
	SUPPRESS("{encrypted|cifrati|crittografati} {at rest|in transit}"),
	/* clause breaks in words (punctuation breaks clauses too) */
	BREAK("{but|however|although|though|whereas|while|after|afterwards|subsequently|meanwhile|instead|because|since|then|ma|pero|tuttavia|mentre|dopo|sebbene|benche|nonostante|invece|poiche|perche|quindi|pertanto}"),
	CONJ("{and|e|ed|as well as}"),
	{"{or|nor|o|od|oppure}", PK_CONJ, 0, 0, 0, 1, 0},	/* may follow the comma */
};

const int	phrase_dictionary_len = lengthof(phrase_dictionary);
