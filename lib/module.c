/* module.c: loading the modules (tkt/mime.so, tkt/pg.so), and what the
 * library lends them.  A module links nothing of libtkt: it calls the
 * host's functions through a table it is given when loaded, as SQLite
 * hands its loadable extensions sqlite3_api.  So libtkt.so hides every
 * symbol but its API, and a tool needs export none of its own. */
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

#include "tkt-int.h"

const struct tkt_host tkt_host = {
	TKT_HOST_VERSION,
	tkt_malloc, tkt_calloc, tkt_realloc, tkt_strdup, tkt_strndup, tkt_asprintf,
	tkt_error, tkt_errcode,
	tkt_buf_add, tkt_buf_puts, tkt_buf_putc, tkt_buf_printf, tkt_buf_detach, tkt_buf_release,
	tkt_utf8_check, tkt_line_valid, tkt_email_valid, tkt_html_text, tkt_mail_split,
	tkt_mail_release, db_busy_timeout,
};

/* tkt/NAME in the library directory of where tkt is (as installed and in
 * the build tree), else where it was built for. */
const void *
tkt_module(const char *name, const char *symbol, const char *what, int version)
{
	char *dir = tkt_installed("lib"), *path;
	const char *why = "not found";
	const struct tkt_module_head *mod = NULL;
	void *h = NULL;

	path = tkt_asprintf("%s/tkt/%s", dir, name);
	if (access(path, F_OK) == 0 && !(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
		why = dlerror();
	free(path);
	free(dir);
	path = tkt_asprintf("%s/tkt/%s", TKT_LIBDIR, name);
	if (!h && access(path, F_OK) == 0 && !(h = dlopen(path, RTLD_NOW | RTLD_LOCAL)))
		why = dlerror();
	free(path);
	if (h && (mod = dlsym(h, symbol)) && mod->version != version)
		mod = NULL, why = "a module of another version";
	if (!mod)
		return tkt_error(EX_UNAVAILABLE, "cannot load %s tkt/%s: %s", what, name, why), NULL;
	*mod->host = &tkt_host;
	return mod;
}
