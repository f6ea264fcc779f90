/* form.c: incident forms: what a form file says (its fields, checked
 * as it is read), field values, a form filled in at a terminal, and the
 * ticket a filled form makes. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "template-int.h"

const char *const tkt_field_types[] = { "text", "number", "date", "email", "choice", NULL };

/* What a form's subject pattern may use; the form's fields besides. */
static const char *const subject_vars[] = {
	"customer.name", "customer.first_name", "customer.email", NULL,
};

/* ---- incident forms -------------------------------------------------- */

static void
read_field(struct tkt_problems *pr, const struct tkt_yaml *node, struct tkt_field_def *fd)
{
	static const char *const keys[] = {
		"name", "label", "type", "required", "choices", "pattern", "help", NULL,
	};
	const char *type;
	size_t i;

	if (node->kind != TKT_YAML_MAP) {
		tkt_tpl_problem(pr, node, "a field must be a mapping (name, label, type...)");
		return;
	}
	tkt_tpl_keys(pr, node, keys);
	fd->name = tkt_tpl_strdup(pr, node, "name", 1);
	fd->label = tkt_tpl_strdup(pr, node, "label", 0);
	fd->help = tkt_tpl_strdup(pr, node, "help", 0);
	fd->required = tkt_tpl_bool(pr, node, "required");
	if (fd->name && (!tkt_word_valid(fd->name) || strchr(fd->name, ':')))
		tkt_tpl_problem(pr, tkt_yaml_get(node, "name"), "bad field name '%s' (a lower-case "
		                "word)", fd->name);
	type = tkt_tpl_scalar(pr, node, "type", 0);
	fd->type = tkt_strdup(type ? type : "text");
	if (tkt_enum_index(tkt_field_types, fd->type) < 0)
		tkt_tpl_problem(pr, tkt_yaml_get(node, "type"), "unknown field type '%s' (text, "
		                "number, date, email, choice)", fd->type);
	fd->choices = tkt_tpl_list(pr, node, "choices", &fd->nchoices);
	if (strcmp(fd->type, "choice") == 0 && fd->nchoices == 0)
		tkt_tpl_problem(pr, node, "field '%s' of type choice has no choices",
		                fd->name ? fd->name : "?");
	if (strcmp(fd->type, "choice") != 0 && fd->nchoices)
		tkt_tpl_problem(pr, tkt_yaml_get(node, "choices"),
		                "choices are for fields of type choice");
	for (i = 0; i < fd->nchoices; i++)
		if (!tkt_line_valid(fd->choices[i]))
			tkt_tpl_problem(pr, tkt_yaml_get(node, "choices"),
			                "a choice must be one line of text");
	if ((fd->pattern = tkt_tpl_strdup(pr, node, "pattern", 0))) {
		int err;
		PCRE2_SIZE off;

		fd->re = pcre2_compile((PCRE2_SPTR)fd->pattern, PCRE2_ZERO_TERMINATED,
		                       PCRE2_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED, &err, &off,
		                       NULL);
		if (!fd->re) {
			PCRE2_UCHAR msg[256];

			pcre2_get_error_message(err, msg, sizeof msg);
			tkt_tpl_problem(pr, tkt_yaml_get(node, "pattern"),
			                "bad pattern '%s': %s at offset %zu", fd->pattern,
			                (const char *)msg, (size_t)off);
		}
	}
}

void
tkt_form_read(struct tkt_problems *pr, const struct tkt_yaml *root, struct tkt_form *f)
{
	static const char *const keys[] = {
		"name", "title", "description", "subject", "priority", "type", "group", "tags",
		"fields", "ack", "ack_always", NULL,
	};
	const struct tkt_yaml *fields = tkt_yaml_get(root, "fields"), *subject;
	size_t i, j;

	tkt_tpl_keys(pr, root, keys);
	f->name = tkt_tpl_strdup(pr, root, "name", 1);
	f->title = tkt_tpl_strdup(pr, root, "title", 1);
	f->description = tkt_tpl_strdup(pr, root, "description", 0);
	f->subject = tkt_tpl_strdup(pr, root, "subject", 1);
	f->priority = tkt_tpl_strdup(pr, root, "priority", 0);
	f->type = tkt_tpl_strdup(pr, root, "type", 0);
	f->group = tkt_tpl_strdup(pr, root, "group", 0);
	f->ack = tkt_tpl_strdup(pr, root, "ack", 0);
	f->ack_always = tkt_tpl_bool(pr, root, "ack_always");
	f->tags = tkt_tpl_list(pr, root, "tags", &f->ntags);
	if (f->name && !tkt_template_name_valid(f->name))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "name"), "bad template name '%s'", f->name);
	if (f->priority && tkt_enum_index(tkt_priorities, f->priority) < 0)
		tkt_tpl_problem(pr, tkt_yaml_get(root, "priority"), "bad priority '%s' (low, normal, "
		                "high, urgent)", f->priority);
	if (f->type && !tkt_word_valid(f->type))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "type"), "bad type '%s' (a lower-case word)",
		                f->type);
	if (f->group && !tkt_word_valid(f->group))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "group"), "bad group '%s' (a lower-case word)",
		                f->group);
	for (i = 0; i < f->ntags; i++)
		if (!tkt_word_valid(f->tags[i]))
			tkt_tpl_problem(pr, tkt_yaml_get(root, "tags"), "bad tag '%s' (a lower-case "
			                "word)", f->tags[i]);
	if (f->ack && !tkt_template_name_valid(f->ack))
		tkt_tpl_problem(pr, tkt_yaml_get(root, "ack"), "bad reply template name '%s'",
		                f->ack);
	if (f->ack_always && !f->ack)
		tkt_tpl_problem(pr, tkt_yaml_get(root, "ack_always"),
		                "ack_always needs ack (a reply template)");
	if (fields && fields->kind != TKT_YAML_SEQ) {
		tkt_tpl_problem(pr, fields, "'fields' must be a list");
	} else if (fields) {
		f->fields = tkt_calloc(fields->n + 1, sizeof *f->fields);
		for (i = 0; i < fields->n; i++) {
			read_field(pr, fields->items[i], &f->fields[f->nfields]);
			for (j = 0; j < f->nfields; j++)
				if (f->fields[f->nfields].name && f->fields[j].name &&
				    strcmp(f->fields[j].name, f->fields[f->nfields].name) == 0)
					tkt_tpl_problem(pr, fields->items[i],
					                "field '%s' is defined twice", f->fields[j].name);
			f->nfields++;
		}
	}
	if ((subject = tkt_yaml_get(root, "subject")) && subject->kind == TKT_YAML_SCALAR) {
		char **names = tkt_calloc(f->nfields + 1, sizeof *names);

		for (i = 0; i < f->nfields; i++)
			names[i] = f->fields[i].name ? f->fields[i].name : "";
		tkt_tpl_vars_check(pr, subject, subject_vars, names, f->nfields, 0);
		free(names);
	}
}

void
tkt_form_free(struct tkt_form *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nfields; i++) {
		struct tkt_field_def *fd = &f->fields[i];

		free(fd->name);
		free(fd->label);
		free(fd->type);
		free(fd->help);
		free(fd->pattern);
		pcre2_code_free(fd->re);
		tkt_strv_free(fd->choices);
	}
	free(f->fields);
	tkt_strv_free(f->tags);
	free(f->name);
	free(f->path);
	free(f->title);
	free(f->description);
	free(f->subject);
	free(f->priority);
	free(f->type);
	free(f->group);
	free(f->ack);
	free(f);
}

/* ---- field values ---------------------------------------------------- */

const struct tkt_field_def *
tkt_form_field(const struct tkt_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

int
tkt_field_check(const struct tkt_field_def *fd, const char *value, char **norm)
{
	const char *what = fd->label ? fd->label : fd->name;
	size_t i;

	*norm = NULL;
	if (!*value)
		return tkt_error(EX_DATAERR, "field '%s' (%s) is empty", fd->name, what);
	if (strlen(value) > 4096 || tkt_utf8_check(value, strlen(value)) >= 0)
		return tkt_error(EX_DATAERR, "field '%s': not UTF-8 text of at most 4096 bytes",
		                 fd->name);
	if (strcmp(fd->type, "number") == 0) {
		char *end;

		(void)strtod(value, &end);
		if (end == value || *end || isspace((unsigned char)value[0]))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be a number, not '%s'",
			                 fd->name, what, value);
	} else if (strcmp(fd->type, "date") == 0) {
		time_t t;

		if (strlen(value) != 10 || tkt_time_parse(value, 0, &t, NULL))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be a date like 2026-11-23, "
			                 "not '%s'", fd->name, what, value);
	} else if (strcmp(fd->type, "email") == 0) {
		if (!tkt_email_valid(value))
			return tkt_error(EX_DATAERR, "field '%s' (%s) must be an email address, not '%s'",
			                 fd->name, what, value);
	} else if (strcmp(fd->type, "choice") == 0) {
		for (i = 0; i < fd->nchoices; i++)
			if (strcmp(fd->choices[i], value) == 0)
				break;
		if (i == fd->nchoices) {
			tkt_buf b = TKT_BUF_INIT;

			for (i = 0; i < fd->nchoices; i++)
				tkt_buf_printf(&b, "%s%s", i ? ", " : "", fd->choices[i]);
			tkt_error(EX_DATAERR, "field '%s' (%s) must be one of: %s; not '%s'", fd->name,
			          what, b.s, value);
			tkt_buf_release(&b);
			return EX_DATAERR;
		}
	} else if (!tkt_line_valid(value)) {
		return tkt_error(EX_DATAERR, "field '%s' (%s) must be one line of text", fd->name,
		                 what);
	}
	if (fd->re) {
		pcre2_match_data *md = pcre2_match_data_create_from_pattern(fd->re, NULL);
		int m = pcre2_match(fd->re, (PCRE2_SPTR)value, strlen(value), 0, 0, md, NULL);

		pcre2_match_data_free(md);
		if (m < 0)
			return tkt_error(EX_DATAERR, "field '%s' (%s): '%s' does not match the pattern %s%s%s",
			                 fd->name, what, value, fd->pattern, fd->help ? "; " : "",
			                 fd->help ? fd->help : "");
	}
	*norm = tkt_strdup(value);
	return 0;
}

/* ---- forms filled in at a terminal ----------------------------------- */

int
tkt_form_prompt(const struct tkt_form *f, const struct tkt_field_def *fd, FILE *in,
                FILE *out, char **value)
{
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t len;
	int rc;

	*value = NULL;
	for (;;) {
		fprintf(out, "%s%s", fd->label ? fd->label : fd->name, fd->required ? "" : " (optional)");
		if (fd->help)
			fprintf(out, " - %s", fd->help);
		fputc('\n', out);
		for (i = 0; i < fd->nchoices; i++)
			fprintf(out, "  %zu) %s\n", i + 1, fd->choices[i]);
		fprintf(out, "%s> ", fd->name);
		fflush(out);
		if ((len = getline(&line, &cap, in)) < 0) {
			free(line);
			return tkt_error(EX_DATAERR, "form '%s': no value for field '%s'", f->name,
			                 fd->name);
		}
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!*line && !fd->required)
			break;
		/* A choice may be given by its number. */
		if (fd->nchoices) {
			char *end;
			long k = strtol(line, &end, 10);

			if (*line && !*end && k >= 1 && (size_t)k <= fd->nchoices) {
				free(line);
				line = tkt_strdup(fd->choices[k - 1]);
				cap = strlen(line) + 1;
			}
		}
		if ((rc = tkt_field_check(fd, line, value)) == 0)
			break;
		fprintf(out, "%s\n", tkt_errmsg());
	}
	free(line);
	return 0;
}

/* ---- a form makes a ticket ------------------------------------------- */

void
tkt_filled_release(struct tkt_filled *h)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		free(h->fields[i]);
	free(h->fields);
	free(h->tags);            /* the strings belong to the form and t */
	free(h->subject);
	memset(h, 0, sizeof *h);
}

struct subject_ctx {
	const struct tkt_form *f;
	char                 **values;
	struct tkt_person     *who;
};

static int
subject_var(const char *name, char **value, void *arg)
{
	struct subject_ctx *c = arg;
	size_t i;

	*value = NULL;
	if (strncmp(name, "field.", 6) == 0) {
		for (i = 0; i < c->f->nfields; i++)
			if (strcmp(c->f->fields[i].name, name + 6) == 0) {
				*value = tkt_strdup(c->values[i]);
				return 0;
			}
		return EX_USAGE;
	}
	if (strcmp(name, "customer.name") == 0)
		*value = tkt_strdup(c->who->name);
	else if (strcmp(name, "customer.first_name") == 0)
		*value = c->who->name ? tkt_strndup(c->who->name, strcspn(c->who->name, " ")) : NULL;
	else if (strcmp(name, "customer.email") == 0)
		*value = tkt_strdup(c->who->email);
	else
		return EX_USAGE;
	return 0;
}

int
tkt_form_fill(const struct tkt_form *f, const char *const *words, size_t nwords,
              FILE *in, FILE *out, struct tkt_ticket_new *t, struct tkt_filled *h)
{
	char **values = tkt_calloc(f->nfields + 1, sizeof *values);
	struct tkt_person who = { 0 };
	size_t i, k;
	int rc = 0;

	memset(h, 0, sizeof *h);
	for (i = 0; i < nwords && !rc; i++) {
		const char *eq = strchr(words[i], '=');
		char *name = eq ? tkt_strndup(words[i], (size_t)(eq - words[i])) : NULL;
		const struct tkt_field_def *fd = name ? tkt_form_field(f, name) : NULL;

		if (!eq)
			rc = tkt_error(EX_USAGE, "bad field '%s' (like name=value)", words[i]);
		else if (!fd)
			rc = tkt_error(EX_DATAERR, "form '%s' has no field '%s'", f->name, name);
		else if (values[fd - f->fields])
			rc = tkt_error(EX_USAGE, "field '%s' is given twice", name);
		else
			rc = tkt_field_check(fd, eq + 1, &values[fd - f->fields]);
		free(name);
	}
	for (i = 0; i < f->nfields && !rc; i++) {
		if (values[i] || !f->fields[i].required)
			continue;
		if (in && out)
			rc = tkt_form_prompt(f, &f->fields[i], in, out, &values[i]);
		else
			rc = tkt_error(EX_DATAERR, "form '%s': field '%s' (%s) is required; give it "
			               "with -f %s=VALUE", f->name, f->fields[i].name,
			               f->fields[i].label ? f->fields[i].label : f->fields[i].name,
			               f->fields[i].name);
	}
	if (!rc && !t->subject) {
		struct subject_ctx c = { f, values, &who };

		if (t->requester && (rc = tkt_person_parse(t->requester, &who)))
			goto out;
		rc = tkt_render(f->name, f->subject, subject_var, &c, &h->subject);
		if (!rc && !tkt_line_valid(h->subject))
			rc = tkt_error(EX_DATAERR, "form '%s': the subject came out empty", f->name);
		t->subject = h->subject;
	}
	if (rc)
		goto out;
	h->fields = tkt_calloc(f->nfields + 1, sizeof *h->fields);
	for (i = 0; i < f->nfields; i++)
		if (values[i])
			h->fields[h->nfields++] = tkt_asprintf("%s=%s", f->fields[i].name, values[i]);
	/* The form's tags, then the ones given, each once. */
	h->tags = tkt_calloc(f->ntags + t->ntags + 1, sizeof *h->tags);
	for (i = 0; i < f->ntags + t->ntags; i++) {
		char *tag = i < f->ntags ? f->tags[i] : (char *)t->tags[i - f->ntags];

		for (k = 0; k < h->ntags && strcmp(h->tags[k], tag) != 0; k++)
			;
		if (k == h->ntags)
			h->tags[h->ntags++] = tag;
	}
	t->fields = (const char *const *)h->fields;
	t->nfields = h->nfields;
	t->tags = (const char *const *)h->tags;
	t->ntags = h->ntags;
	if (!t->priority)
		t->priority = f->priority;
	if (!t->type)
		t->type = f->type;
	if (!t->group)
		t->group = f->group;
	t->template_name = f->name;
out:
	for (i = 0; i < f->nfields; i++)
		free(values[i]);
	free(values);
	tkt_person_release(&who);
	return rc;
}
