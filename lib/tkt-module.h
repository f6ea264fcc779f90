/* tkt-module.h: included by a module (mime.c, store-pg.c) after
 * tkt-int.h.  The module links nothing of libtkt: the calls below go
 * through the table the host gives it when it loads it (module.c).  The
 * module names the table in the head of its interface (exported):
 *
 *	const struct tkt_mime tkt_mime = { { TKT_MIME_VERSION, &tkt_api }, ... };
 */
#ifndef TKT_MODULE_H
#define TKT_MODULE_H

/* The table, set by the host; a module defines it once (TKT_MODULE_API)
 * and is built with -fvisibility=hidden, so it and every function shared
 * between the module's files stay inside; its interface alone is
 * exported (TKT_MODULE_EXPORT). */
extern const struct tkt_host *tkt_api;
#define TKT_MODULE_API    const struct tkt_host *tkt_api
#define TKT_MODULE_EXPORT __attribute__((visibility("default")))

#define tkt_malloc       (tkt_api->malloc)
#define tkt_calloc       (tkt_api->calloc)
#define tkt_realloc      (tkt_api->realloc)
#define tkt_strdup       (tkt_api->strdup)
#define tkt_strndup      (tkt_api->strndup)
#define tkt_asprintf     (tkt_api->asprintf)
#define tkt_error        (tkt_api->error)
#define tkt_errcode      (tkt_api->errcode)
#define tkt_buf_add      (tkt_api->buf_add)
#define tkt_buf_puts     (tkt_api->buf_puts)
#define tkt_buf_putc     (tkt_api->buf_putc)
#define tkt_buf_printf   (tkt_api->buf_printf)
#define tkt_buf_detach   (tkt_api->buf_detach)
#define tkt_buf_release  (tkt_api->buf_release)
#define tkt_utf8_check   (tkt_api->utf8_check)
#define tkt_line_valid   (tkt_api->line_valid)
#define tkt_email_valid  (tkt_api->email_valid)
#define tkt_html_text    (tkt_api->html_text)
#define tkt_mail_split   (tkt_api->mail_split)
#define tkt_mail_release (tkt_api->mail_release)
#define db_busy_timeout  (tkt_api->busy_timeout)

#endif
