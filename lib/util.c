/* util.c: the last error, allocation that cannot fail, growable buffers,
 * where tkt is installed. */
#define _GNU_SOURCE             /* dl_iterate_phdr */
#include <link.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tkt-int.h"

/* The last failure, one per thread. */
static _Thread_local char errbuf[1024];
static _Thread_local int  errcode;

int
tkt_error(int code, const char *fmt, ...)
{
	char tmp[sizeof errbuf];     /* the message may quote the last one */
	va_list ap, again;
	int n;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof tmp) {
		/* Too long (it quotes a long input): its start and its end,
		 * which says what is wrong, cut between UTF-8 characters. */
		char *all = malloc((size_t)n + 1);
		size_t head = 200, tail;

		if (all) {
			vsnprintf(all, (size_t)n + 1, fmt, again);
			while (head && (all[head] & 0xc0) == 0x80)
				head--;
			tail = (size_t)n - (sizeof tmp - head - 6);
			while (all[tail] && (all[tail] & 0xc0) == 0x80)
				tail++;
			snprintf(tmp, sizeof tmp, "%.*s ... %s", (int)head, all, all + tail);
			free(all);
		}
	}
	va_end(again);
	memcpy(errbuf, tmp, sizeof errbuf);
	errcode = code;
	return code;
}

const char *
tkt_errmsg(void)
{
	return errbuf;
}

int
tkt_errcode(void)
{
	return errcode ? errcode : EX_SOFTWARE;
}

static void (*oom_handler)(size_t n);

void
tkt_on_oom(void (*fn)(size_t n))
{
	oom_handler = fn;
}

static void
oom(size_t n)
{
	if (oom_handler)
		oom_handler(n);
	fprintf(stderr, "libtkt: out of memory allocating %zu bytes\n", n);
	abort();
}

const char *
tkt_version(void)
{
	return TKT_VERSION;
}

void *
tkt_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
tkt_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *
tkt_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *
tkt_strndup(const char *s, size_t n)
{
	char *p = tkt_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
tkt_strdup(const char *s)
{
	return s ? tkt_strndup(s, strlen(s)) : NULL;
}

char *
tkt_asprintf(const char *fmt, ...)
{
	va_list ap;
	tkt_buf b = TKT_BUF_INIT;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	b.cap = (size_t)n + 1;
	b.s = tkt_malloc(b.cap);
	va_start(ap, fmt);
	vsnprintf(b.s, b.cap, fmt, ap);
	va_end(ap);
	return b.s;
}

static void
grow(tkt_buf *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = tkt_realloc(b->s, b->cap);
}

void
tkt_buf_add(tkt_buf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
tkt_buf_puts(tkt_buf *b, const char *s)
{
	tkt_buf_add(b, s, strlen(s));
}

void
tkt_buf_putc(tkt_buf *b, int c)
{
	char ch = (char)c;

	tkt_buf_add(b, &ch, 1);
}

void
tkt_buf_printf(tkt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *
tkt_buf_str(const tkt_buf *b)
{
	return b->s ? b->s : "";
}

char *
tkt_buf_detach(tkt_buf *b)
{
	char *s = b->s ? b->s : tkt_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

void
tkt_buf_release(tkt_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

const char *
tkt_home(void)
{
	const char *e = getenv("HOME");
	struct passwd *pw;

	if (e && *e == '/')
		return e;
	/* Without HOME (cron, a mail server's delivery agent): the home
	 * the password database gives, never the current directory. */
	if ((pw = getpwuid(getuid())) && pw->pw_dir && *pw->pw_dir == '/')
		return pw->pw_dir;
	return NULL;
}

char *
tkt_xdg_path(const char *xdg, const char *fallback, const char *name)
{
	const char *e = getenv(xdg);

	if (e && *e == '/')
		return tkt_asprintf("%s/tkt/%s", e, name);
	if ((e = tkt_home()))
		return tkt_asprintf("%s/%s/tkt/%s", e, fallback, name);
	return NULL;
}

static int
same_letter(char x, char y)
{
	return tolower((unsigned char)x) == tolower((unsigned char)y);
}

size_t
tkt_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t rows[3][256], *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t, i, j, x;

	if (la > 255 || lb > 255)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			x = prev[j - 1] + !same_letter(a[i - 1], b[j - 1]);
			if (prev[j] + 1 < x)
				x = prev[j] + 1;
			if (cur[j - 1] + 1 < x)
				x = cur[j - 1] + 1;
			if (i > 1 && j > 1 && same_letter(a[i - 1], b[j - 2]) &&
			    same_letter(a[i - 2], b[j - 1]) && prev2[j - 2] + 1 < x)
				x = prev2[j - 2] + 1;
			cur[j] = x;
		}
		t = prev2, prev2 = prev, prev = cur, cur = t;
	}
	return prev[lb];
}

const char *
tkt_nearest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, d, bestd = (size_t)-1, near = strlen(word) / 3;

	if (near < 2)
		near = 2;
	for (i = 0; i < n; i++)
		if (cands[i] && (d = tkt_distance(word, strlen(word), cands[i], strlen(cands[i]))) <= near && d < bestd) {
			best = cands[i];
			bestd = d;
		}
	return best;
}

static int
hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	     : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int
tkt_hex_decode(const char *hex, size_t n, unsigned char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hexval((unsigned char)hex[2 * i]), lo = hi < 0 ? -1 : hexval((unsigned char)hex[2 * i + 1]);

		if (lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
tkt_mkdirs(const char *dir, int last)
{
	char *d = tkt_strdup(dir), *p, c;
	int rc = 0;

	for (p = d + 1; !rc; p++) {
		if (*p && *p != '/')
			continue;
		if (!*p && !last)
			break;
		c = *p;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST)
			rc = tkt_error(errno == EACCES || errno == EROFS ? EX_CANTCREAT : EX_IOERR,
			               "cannot create directory '%s': %s", d, strerror(errno));
		if (!(*p = c))
			break;
	}
	free(d);
	return rc;
}

/* ---- where tkt is installed ------------------------------------------ */

#ifndef TKT_BINDIR_REL
#define TKT_BINDIR_REL  "bin"
#define TKT_LIBDIR_REL  "lib"
#define TKT_DATADIR_REL "share/tkt"
#endif
#ifndef TKT_LIBDIR
#define TKT_LIBDIR  "/usr/local/lib"
#define TKT_DATADIR "/usr/local/share/tkt"
#endif

static const char anchor;       /* a byte of the object that holds this code */

struct finding {
	const void *addr;
	char       *path;
};

static int
holder(struct dl_phdr_info *info, size_t size, void *data)
{
	struct finding *f = data;
	ElfW(Addr) a = (ElfW(Addr))f->addr;
	int i;

	(void)size;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		ElfW(Addr) lo = info->dlpi_addr + ph->p_vaddr;

		if (ph->p_type == PT_LOAD && a >= lo && a < lo + ph->p_memsz) {
			/* The program itself has no name here. */
			f->path = info->dlpi_name && *info->dlpi_name ? tkt_strdup(info->dlpi_name) : NULL;
			return 1;
		}
	}
	return 0;
}

/* The directory of the program or library that holds libtkt, resolved;
 * NULL when it cannot be told. */
static char *
home(void)
{
	struct finding f = { &anchor, NULL };
	char path[PATH_MAX], *slash;
	ssize_t n;

	if (dl_iterate_phdr(holder, &f) && f.path) {
		char *real = realpath(f.path, path);

		free(f.path);
		if (!real)
			return NULL;
	} else if ((n = readlink("/proc/self/exe", path, sizeof path - 1)) > 0) {
		path[n] = '\0';
	} else {
		return NULL;
	}
	if (!(slash = strrchr(path, '/')))
		return NULL;
	*slash = '\0';
	return tkt_strdup(path);
}

/* prefix (its first n bytes)/rel, when it is there, else NULL. */
static char *
there(const char *prefix, size_t n, const char *rel)
{
	char *path = tkt_asprintf("%.*s/%s", (int)n, prefix, rel);

	if (access(path, F_OK) == 0)
		return path;
	free(path);
	return NULL;
}

char *
tkt_installed(const char *what)
{
	static const char *const homes[] = { TKT_BINDIR_REL, TKT_LIBDIR_REL };
	const char *rel = strcmp(what, "lib") == 0 ? TKT_LIBDIR_REL : TKT_DATADIR_REL;
	const char *built = strcmp(what, "lib") == 0 ? TKT_LIBDIR : TKT_DATADIR, *slash;
	char *dir = rel[0] != '/' ? home() : NULL, *path = NULL;
	size_t i, d, h;

	/* This program or library is in the BINDIR or LIBDIR of a prefix,
	 * else in some directory of one: the other directory is under the
	 * same prefix, if it is there (else this is not tkt's own program). */
	for (i = 0; dir && !path && i < sizeof homes / sizeof homes[0]; i++) {
		d = strlen(dir);
		h = strlen(homes[i]);
		if (homes[i][0] != '/' && d > h && dir[d - h - 1] == '/' &&
		    strcmp(dir + d - h, homes[i]) == 0)
			path = there(dir, d - h - 1, rel);
	}
	if (dir && !path && (slash = strrchr(dir, '/')) && slash > dir)
		path = there(dir, (size_t)(slash - dir), rel);
	free(dir);
	return path ? path : tkt_strdup(built);
}

int
tkt_file_read(const char *path, char **data, size_t *len)
{
	tkt_buf b = TKT_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");
	int rc = 0;

	*data = NULL;
	*len = 0;
	if (!fp)
		return tkt_error(errno == ENOENT ? EX_NOINPUT : EX_IOERR, "cannot open '%s': %s", path,
		                 strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		tkt_buf_add(&b, chunk, n);
	if (ferror(fp))
		rc = tkt_error(EX_IOERR, "cannot read '%s': %s", path, strerror(errno));
	fclose(fp);
	if (rc) {
		tkt_buf_release(&b);
		return rc;
	}
	*len = b.len;
	*data = b.len ? tkt_buf_detach(&b) : tkt_strdup("");
	return 0;
}
