/* reply-template.c: reply templates: what a reply template file says
 * (its variables, checked as it is read), and a reply template meeting a
 * ticket: its variables' values, the body rendered and posted. */
#include <stdlib.h>
#include <string.h>

#include "template-int.h"

/* The variables every reply template may use; field.NAME besides. */
static const char *const reply_vars[] = {
	"customer.name", "customer.first_name", "customer.email", "ticket.id",
	"ticket.subject", "ticket.status", "ticket.priority", "ticket.type", "agent.name",
	"due", NULL,
};

/* ---- reply templates ------------------------------------------------- */

void
tkt_reply_read(struct tkt_problems *pr, const struct tkt_yaml *root, struct tkt_reply *r)
{
	static const char *const keys[] = {
		"name", "title", "description", "body", "status", "due", "variables", NULL,
	};
	static const char *const var_keys[] = { "name", "help", "default", NULL };
	const struct tkt_yaml *vars = tkt_yaml_get(root, "variables"), *body;
	const char *due;
	size_t i;

	tkt_tpl_keys(pr, root, keys);
	r->name = tkt_tpl_strdup(pr, root, "name", 1);
	r->title = tkt_tpl_strdup(pr, root, "title", 1);
	r->description = tkt_tpl_strdup(pr, root, "description", 0);
	r->body = tkt_tpl_strdup(pr, root, "body", 1);
	r->status = tkt_tpl_strdup(pr, root, "status", 0);
	if (r->name && !tkt_template_name_valid(r->name))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "name"), "bad template name '%s'", r->name);
	if (r->status && tkt_enum_index(tkt_statuses, r->status) < 0)
		tkt_tpl_problem(pr, tkt_yaml_get(root, "status"), "bad status '%s' (%s)", r->status,
		                tkt_status_names());
	if ((due = tkt_tpl_scalar(pr, root, "due", 0)) && tkt_duration_parse(due, &r->due))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "due"), "bad due '%s' (a duration like 24h)",
		                due);
	if (vars && vars->kind != TKT_YAML_SEQ) {
		tkt_tpl_problem(pr, vars, "'variables' must be a list");
	} else if (vars) {
		r->vars = tkt_calloc(vars->n + 1, sizeof *r->vars);
		for (i = 0; i < vars->n; i++) {
			const struct tkt_yaml *v = vars->items[i];
			struct tkt_var_def *d = &r->vars[r->nvars];

			if (v->kind != TKT_YAML_MAP) {
				tkt_tpl_problem(pr, v, "a variable must be a mapping (name, help, "
				                "default)");
				continue;
			}
			tkt_tpl_keys(pr, v, var_keys);
			d->name = tkt_tpl_strdup(pr, v, "name", 1);
			d->help = tkt_tpl_strdup(pr, v, "help", 0);
			d->def = tkt_tpl_strdup(pr, v, "default", 0);
			if (d->name && (!tkt_word_valid(d->name) || strchr(d->name, '.') ||
			                tkt_enum_index(reply_vars, d->name) >= 0))
				tkt_tpl_problem(pr, tkt_yaml_get(v, "name"), "bad variable name '%s' (a "
				                "lower-case word without '.', not a built-in one)", d->name);
			r->nvars++;
		}
	}
	if ((body = tkt_yaml_get(root, "body")) && body->kind == TKT_YAML_SCALAR) {
		char **names = tkt_calloc(r->nvars + 1, sizeof *names);

		if (!tkt_line_valid(body->value) && !strchr(body->value, '\n'))
			tkt_tpl_problem(pr, body, "the body is empty");
		for (i = 0; i < r->nvars; i++)
			names[i] = r->vars[i].name ? r->vars[i].name : "";
		tkt_tpl_vars_check(pr, body, reply_vars, names, r->nvars, 1);
		free(names);
	}
}

void
tkt_reply_free(struct tkt_reply *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nvars; i++) {
		free(r->vars[i].name);
		free(r->vars[i].help);
		free(r->vars[i].def);
	}
	free(r->vars);
	free(r->name);
	free(r->path);
	free(r->title);
	free(r->description);
	free(r->body);
	free(r->status);
	free(r);
}

/* ---- a reply template meets a ticket --------------------------------- */

struct reply_ctx {
	tkt_store                *st;
	const struct tkt_reply   *r;
	const struct tkt_config  *config;
	int64_t                   id;
	const char               *agent;
	time_t                    now;
	const char *const        *vars;
	size_t                    nvars;
};

static const char *
given(const char *const *vars, size_t n, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; i < n; i++)
		if (strncmp(vars[i], name, len) == 0 && vars[i][len] == '=')
			return vars[i] + len + 1;
	return NULL;
}

int
tkt_reply_vars_check(const struct tkt_reply *r, const char *const *vars, size_t nvars)
{
	size_t i, k, len;

	for (i = 0; i < nvars; i++) {
		const char *eq = strchr(vars[i], '=');

		if (!eq || eq == vars[i])
			return tkt_error(EX_USAGE, "bad variable '%s' (like name=value)", vars[i]);
		len = (size_t)(eq - vars[i]);
		if (len == 3 && strncmp(vars[i], "due", 3) == 0)
			continue;
		for (k = 0; k < r->nvars; k++)
			if (strlen(r->vars[k].name) == len && strncmp(r->vars[k].name, vars[i], len) == 0)
				break;
		if (k == r->nvars)
			return tkt_error(EX_USAGE, "template '%s' has no variable '%.*s'", r->name,
			                 (int)len, vars[i]);
		if (tkt_utf8_check(eq + 1, strlen(eq + 1)) >= 0)
			return tkt_error(EX_DATAERR, "variable '%.*s' is not UTF-8", (int)len, vars[i]);
	}
	return 0;
}

/* {{due}}: r->due after now on the clock of the ticket's priority (its
 * business hours, or the calendar's), in the configuration's zone. */
static int
reply_due(struct reply_ctx *c, char **value)
{
	static const char sql[] = "SELECT priority FROM tickets WHERE id = :id";
	const struct tkt_sla *sla;
	tkt_clock *k;
	tkt_stmt *s;
	char buf[64];
	time_t due;
	int rc, p = -1;

	if (!c->config)
		return tkt_error(EX_SOFTWARE, "{{due}} needs the configuration");
	if (!(s = db_stmt(c->st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", c->id);
	if ((rc = db_step(s)) == DB_ROW)
		p = tkt_enum_index(tkt_priorities, db_text(s, 0));
	db_reset(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)c->id)
		                     : db_error(c->st, rc, "reading a ticket");
	sla = &c->config->sla[p < 0 ? 1 : p];
	k = tkt_clock_new(c->config);
	due = sla->business ? tkt_clock_add(k, c->now, c->r->due) : c->now + (time_t)c->r->due;
	*value = tkt_strdup(tkt_clock_format(k, due, buf));
	tkt_clock_free(k);
	return 0;
}

static int
reply_var(const char *name, char **value, void *arg)
{
	static const char sql[] =
		"SELECT c.name, c.email, t.id, t.subject, t.status, t.priority, t.type\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester WHERE t.id = :id";
	static const char sql_field[] =
		"SELECT value FROM fields WHERE ticket = :id AND name = :name";
	static const char *const cols[] = {
		"customer.name", "customer.email", "ticket.id", "ticket.subject", "ticket.status",
		"ticket.priority", "ticket.type",
	};
	struct reply_ctx *c = arg;
	const char *v;
	tkt_stmt *s;
	size_t i;
	int rc, col = -1;

	*value = NULL;
	if ((v = given(c->vars, c->nvars, name))) {
		*value = tkt_strdup(v);
		return 0;
	}
	if (strcmp(name, "agent.name") == 0) {
		*value = tkt_strdup(c->agent);
		return 0;
	}
	if (strcmp(name, "due") == 0)
		return c->r->due ? reply_due(c, value) : 0;
	for (i = 0; i < c->r->nvars; i++)
		if (strcmp(c->r->vars[i].name, name) == 0) {
			*value = tkt_strdup(c->r->vars[i].def);
			return 0;
		}
	if (strncmp(name, "field.", 6) == 0) {
		if (!(s = db_stmt(c->st, sql_field)))
			return tkt_errcode();
		db_bind_int(s, ":id", c->id);
		db_bind_text(s, ":name", name + 6);
		rc = db_step(s);
		if (rc == DB_ROW)
			*value = db_dup(s, 0);
		db_reset(s);
		return rc == DB_ROW || rc == DB_DONE ? 0 : db_error(c->st, rc, "reading fields");
	}
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (strcmp(cols[i], name) == 0)
			col = (int)i;
	if (strcmp(name, "customer.first_name") == 0)
		col = 0;
	if (col < 0)
		return EX_USAGE;
	if (!(s = db_stmt(c->st, sql)))
		return tkt_errcode();
	db_bind_int(s, ":id", c->id);
	if ((rc = db_step(s)) == DB_ROW) {
		*value = db_dup(s, col);
		if (*value && strcmp(name, "customer.first_name") == 0)
			(*value)[strcspn(*value, " ")] = '\0';
	}
	db_reset(s);
	if (rc == DB_DONE)
		return tkt_error(EX_NOINPUT, "no such ticket '%lld'", (long long)c->id);
	return rc == DB_ROW ? 0 : db_error(c->st, rc, "reading a ticket");
}

int
tkt_reply_render(tkt_store *st, const struct tkt_reply *r, const struct tkt_config *config,
                 int64_t id, const char *agent, time_t now, const char *const *vars,
                 size_t nvars, char **body)
{
	struct reply_ctx c = { st, r, config, id, agent, now, vars, nvars };
	char *text, *trimmed_body;
	int rc;

	*body = NULL;
	if ((rc = tkt_ticket_check(st, id, now)))
		return rc;
	if ((rc = tkt_render(r->name, r->body, reply_var, &c, &text)))
		return rc;
	rc = tkt_body_check("the rendered reply", text, strlen(text), &trimmed_body);
	free(text);
	*body = trimmed_body;
	return rc;
}

int
tkt_reply_post(tkt_store *st, const struct tkt_reply *r, const struct tkt_config *config,
               const struct tkt_message_new *m, const char *const *vars, size_t nvars,
               const char *status, int64_t *id)
{
	struct tkt_message_new msg = *m;
	char *text;
	int rc;

	if ((rc = tkt_reply_render(st, r, config, m->ticket, m->author, m->at, vars, nvars, &text)))
		return rc;
	msg.body = text;
	rc = tkt_message_add(st, &msg, id);
	free(text);
	if (!status)
		status = r->status;
	if (!rc && status)
		rc = tkt_ticket_set(st, m->ticket, "status", status, m->author, m->at);
	return rc;
}
