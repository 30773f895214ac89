/* No-op gettext domain binding: works around a start-up deadlock of a
 * preloaded ASan runtime inside glibc bindtextdomain(). Messages stay English. */
char *bindtextdomain(const char *domainname, const char *dirname) { (void) domainname; return (char *) dirname; }
char *bind_textdomain_codeset(const char *domainname, const char *codeset) { (void) domainname; return (char *) codeset; }
char *textdomain(const char *domainname) { return (char *) (domainname ? domainname : "messages"); }
