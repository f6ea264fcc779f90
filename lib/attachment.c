/* attachment.c: files kept with a message: read from a file (tkt-reply
 * -a), stored, and read back, from the store or from where incoming mail
 * saved them, whole and byte for byte. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tkt-int.h"

/* The types of the files sent most, by extension. */
static const struct {
	const char *ext, *type;
} types[] = {
	{ "7z", "application/x-7z-compressed" }, { "bmp", "image/bmp" },
	{ "csv", "text/csv" }, { "doc", "application/msword" },
	{ "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
	{ "gif", "image/gif" }, { "gz", "application/gzip" }, { "heic", "image/heic" },
	{ "htm", "text/html" }, { "html", "text/html" }, { "ics", "text/calendar" },
	{ "jpeg", "image/jpeg" }, { "jpg", "image/jpeg" }, { "json", "application/json" },
	{ "log", "text/plain" }, { "md", "text/markdown" }, { "mov", "video/quicktime" },
	{ "mp3", "audio/mpeg" }, { "mp4", "video/mp4" }, { "odp", "application/vnd.oasis.opendocument.presentation" },
	{ "ods", "application/vnd.oasis.opendocument.spreadsheet" },
	{ "odt", "application/vnd.oasis.opendocument.text" }, { "pdf", "application/pdf" },
	{ "png", "image/png" }, { "ppt", "application/vnd.ms-powerpoint" },
	{ "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
	{ "svg", "image/svg+xml" }, { "tar", "application/x-tar" }, { "tif", "image/tiff" },
	{ "tiff", "image/tiff" }, { "txt", "text/plain" }, { "wav", "audio/wav" },
	{ "webp", "image/webp" }, { "xls", "application/vnd.ms-excel" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ "xml", "application/xml" }, { "yaml", "application/yaml" }, { "yml", "application/yaml" },
	{ "zip", "application/zip" },
};

const char *
tkt_attachment_type(const char *name, const void *data, size_t n)
{
	const char *dot = name ? strrchr(name, '.') : NULL;
	size_t i;

	if (dot && dot != name)
		for (i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcasecmp(dot + 1, types[i].ext) == 0)
				return types[i].type;
	/* Text: UTF-8 with no control characters but tab, CR, LF and FF. */
	for (i = 0; i < n; i++) {
		unsigned char c = ((const unsigned char *)data)[i];

		if ((c < 0x20 && !strchr("\t\r\n\f", c)) || c == 0x7f)
			return "application/octet-stream";
	}
	return tkt_utf8_check(data, n) < 0 ? "text/plain" : "application/octet-stream";
}

/* All of the file open on fd, which fstat said is size bytes; *data is
 * allocated (at least one byte).  0, or EX_IOERR naming path. */
static int
read_fd(int fd, const char *path, size_t size, unsigned char **data, size_t *n)
{
	size_t cap = size + 1;
	ssize_t r;

	*data = tkt_malloc(cap);
	*n = 0;
	/* A file that grows while it is read is read as it was. */
	while (*n < size && (r = read(fd, *data + *n, size - *n)) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(*data);
			*data = NULL;
			return tkt_error(EX_IOERR, "cannot read '%s': %s", path, strerror(errno));
		}
		*n += (size_t)r;
	}
	return 0;
}

int
tkt_attachment_read(const char *path, size_t room, struct tkt_attachment *a)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	unsigned char *data;
	struct stat sb;
	size_t n;
	int fd, rc;

	memset(a, 0, sizeof *a);
	if (!*base || !tkt_line_valid(base) || strchr(base, '\t'))
		return tkt_error(EX_DATAERR, "attachment '%s': its name must be one line of UTF-8 text",
		                 path);
	/* Not blocking on a FIFO: only a file is read. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return tkt_error(errno == ENOENT || errno == EACCES || errno == ENOTDIR || errno == ELOOP
		                 ? EX_NOINPUT : EX_IOERR, "cannot read attachment '%s': %s", path,
		                 strerror(errno));
	if (fstat(fd, &sb) != 0)
		rc = tkt_error(EX_IOERR, "cannot read attachment '%s': %s", path, strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		rc = tkt_error(EX_NOINPUT, "cannot read attachment '%s': not a file", path);
	else if ((unsigned long long)sb.st_size > room)
		rc = tkt_error(EX_DATAERR, "attachment '%s' is too large: a message's attachments "
		               "may hold %u MiB together", path, TKT_ATTACH_MAX >> 20);
	else
		rc = 0;
	if (rc) {
		close(fd);
		return rc;
	}
	rc = read_fd(fd, path, (size_t)sb.st_size, &data, &n);
	close(fd);
	if (rc)
		return rc;
	a->name = tkt_strdup(base);
	a->type = tkt_strdup(tkt_attachment_type(base, data, n));
	a->data = data;
	a->size = n;
	return 0;
}

void
tkt_attachment_release(struct tkt_attachment *a)
{
	free(a->name);
	free(a->type);
	free(a->data);
	memset(a, 0, sizeof *a);
}

int
tkt_attachment_store(tkt_store *st, int64_t message, const struct tkt_attachment *a,
                     const char *path)
{
	static const char sql[] =
		"INSERT INTO attachments (message, name, type, size, data, path)\n"
		"     VALUES (:message, :name, :type, :size, :data, :path)";
	tkt_stmt *s = db_stmt(st, sql);

	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":message", message);
	db_bind_text(s, ":name", a->name);
	db_bind_text(s, ":type", a->type);
	db_bind_int(s, ":size", (int64_t)a->size);
	db_bind_blob(s, ":data", path ? NULL : a->data, a->size);
	db_bind_text(s, ":path", path);
	return db_exec(st, s);
}

/* The attachment of the row of s (name, type, size, hex data, path): its
 * data decoded, or read from the file it was saved as. */
static int
row_read(tkt_stmt *s, struct tkt_attachment *a)
{
	const char *hex = db_text(s, 3), *path = db_text(s, 4);
	size_t n;
	int fd, rc;

	memset(a, 0, sizeof *a);
	a->name = db_dup(s, 0);
	a->type = db_dup(s, 1);
	if (hex) {
		n = strlen(hex) / 2;
		a->data = tkt_malloc(n + 1);
		a->size = n;
		if (tkt_hex_decode(hex, n, a->data))
			return tkt_error(EX_SOFTWARE, "the store gave an attachment's data not in hex");
		return 0;
	}
	if (!path)
		return tkt_error(EX_DATAERR, "attachment '%s' has neither data nor a file",
		                 a->name ? a->name : "(no name)");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return tkt_error(errno == ENOENT ? EX_NOINPUT : EX_IOERR, "cannot read attachment "
		                 "'%s', saved as '%s': %s", a->name ? a->name : "(no name)", path,
		                 strerror(errno));
	/* As many bytes as were saved: the size the store recorded. */
	rc = read_fd(fd, path, (size_t)db_int(s, 2), (unsigned char **)&a->data, &a->size);
	close(fd);
	if (!rc && a->size != (size_t)db_int(s, 2))
		rc = tkt_error(EX_DATAERR, "attachment '%s', saved as '%s', is shorter than its %lld "
		               "bytes", a->name ? a->name : "(no name)", path, (long long)db_int(s, 2));
	return rc;
}

/* The select of attachments (name, type, size, hex data, path) of the
 * messages of ticket t, each in its place, by condition where. */
static tkt_stmt *
select_attachments(tkt_store *st, const char *where, const char *tail)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;

	tkt_buf_puts(&sql, "SELECT a.name, a.type, a.size, ");
	tkt_buf_puts(&sql, db_sql(st, SQL_HEX));
	tkt_buf_puts(&sql, ", a.path\n"
	                   "  FROM attachments a JOIN messages m ON m.id = a.message\n WHERE ");
	tkt_buf_puts(&sql, where);
	tkt_buf_puts(&sql, "\n ORDER BY m.created_at, m.id, a.id");
	tkt_buf_puts(&sql, tail);
	s = db_prepare(st, sql.s);
	tkt_buf_release(&sql);
	return s;
}

int
tkt_attachments_of(tkt_store *st, int64_t message, struct tkt_attachment **att, size_t *n)
{
	tkt_stmt *s = select_attachments(st, "a.message = :message", "");
	int rc = 0, step;

	*att = NULL;
	*n = 0;
	if (!s)
		return tkt_errcode();
	db_bind_int(s, ":message", message);
	while (!rc && (step = db_step(s)) == DB_ROW) {
		*att = tkt_realloc(*att, (*n + 1) * sizeof **att);
		rc = row_read(s, &(*att)[(*n)++]);
	}
	if (!rc && step != DB_DONE)
		rc = db_error(st, step, "reading attachments");
	db_finalize(s);
	if (rc) {
		while (*n)
			tkt_attachment_release(&(*att)[--*n]);
		free(*att);
		*att = NULL;
	}
	return rc;
}

int
tkt_attachment_nth(tkt_store *st, int64_t ticket, int64_t n, struct tkt_attachment *a)
{
	static const char sql_count[] =
		"SELECT count(*) FROM attachments a JOIN messages m ON m.id = a.message\n"
		" WHERE m.ticket = :ticket";
	tkt_stmt *s;
	int64_t count = 0;
	int rc;

	memset(a, 0, sizeof *a);
	if (!(s = db_stmt(st, sql_count)))
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	if ((rc = db_id(st, s, &count, "counting attachments")))
		return rc;
	if (n < 1 || n > count) {
		char has[32] = "none";

		if (count)
			snprintf(has, sizeof has, "%lld", (long long)count);
		return tkt_error(EX_NOINPUT, "ticket %lld has no attachment %lld (it has %s)",
		                 (long long)ticket, (long long)n, has);
	}
	if (!(s = select_attachments(st, "m.ticket = :ticket", "\n LIMIT 1 OFFSET :skip")))
		return tkt_errcode();
	db_bind_int(s, ":ticket", ticket);
	db_bind_int(s, ":skip", n - 1);
	if ((rc = db_step(s)) == DB_ROW)
		rc = row_read(s, a);
	else if (rc == DB_DONE)
		rc = tkt_error(EX_NOINPUT, "ticket %lld has no attachment %lld", (long long)ticket,
		               (long long)n);
	else
		rc = db_error(st, rc, "reading an attachment");
	db_finalize(s);
	if (rc)
		tkt_attachment_release(a);
	return rc;
}
