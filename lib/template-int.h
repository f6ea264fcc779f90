/*
 * template-int.h: the inside of the templates, shared by template.c (the
 * search path, reading a file, listing and showing), form.c (incident
 * forms), reply-template.c (reply templates) and render.c (their
 * {{variables}}); never installed.
 */
#ifndef TKT_TEMPLATE_INT_H
#define TKT_TEMPLATE_INT_H

#include "tkt-int.h"

/* ---- template.c: the problems of a file being read ---------------------
 * A template is read to the end whatever is wrong with it, each problem
 * noted with its place (file:line:column), so that --check-template can
 * show them all. */
struct tkt_problems;

void tkt_tpl_problem(struct tkt_problems *pr, const struct tkt_yaml *at, const char *fmt, ...)
	TKT_PRINTF(3, 4);
/* The scalar value of key in map, or NULL (a problem when it is there but
 * not a scalar, or missing and required); or the same as a new string. */
const char *tkt_tpl_scalar(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key,
                           int required);
char *tkt_tpl_strdup(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key,
                     int required);
/* true or yes, false or no; missing is false. */
int tkt_tpl_bool(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key);
/* A list of scalars (a single scalar counts as a list of one), *n of them. */
char **tkt_tpl_list(struct tkt_problems *pr, const struct tkt_yaml *map, const char *key,
                    size_t *n);
/* The keys map may have (NULL-ended); any other is a problem. */
void tkt_tpl_keys(struct tkt_problems *pr, const struct tkt_yaml *map, const char *const *keys);

/* ---- form.c, reply-template.c: a template from its file ---------------- */

void tkt_form_read(struct tkt_problems *pr, const struct tkt_yaml *root, struct tkt_form *f);
void tkt_reply_read(struct tkt_problems *pr, const struct tkt_yaml *root, struct tkt_reply *r);

/* ---- render.c: the variables of a template as it is read --------------- */

/* Check the {{variables}} of node, a scalar: the known ones, the extra
 * names (also as field.NAME), and any field.NAME when any_field. */
void tkt_tpl_vars_check(struct tkt_problems *pr, const struct tkt_yaml *node,
                        const char *const *known, char *const *extra, size_t nextra,
                        int any_field);

#endif
