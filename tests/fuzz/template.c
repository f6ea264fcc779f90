/* template.c: incident forms and reply templates as YAML: checked, loaded
 * by name from a scratch template directory, each field's pattern tried on
 * a few values, and the text rendered. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static int
lookup(const char *name, char **value, void *ctx)
{
	(void)ctx;
	*value = strcmp(name, "customer.name") == 0 ? NULL : strdup("value");
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const values[] = { "", "x", "42", "2026-11-23", "a@example.com", "Ünïcode" };
	struct tkt_form *f;
	struct tkt_reply *r;
	char *problems = NULL, *text, *out;
	const char *path;
	size_t i, k;

	setenv("TKT_TEMPLATES", fuzz_dir(), 1);
	fuzz_file("incident/fuzz.yaml", data, size);
	path = fuzz_file("reply/fuzz.yaml", data, size);
	(void)tkt_template_check(path, &problems);
	free(problems);
	if (tkt_form_load("fuzz", &f) == 0) {
		for (i = 0; i < f->nfields; i++)
			for (k = 0; k < sizeof values / sizeof *values; k++) {
				char *norm = NULL;

				if (tkt_field_check(&f->fields[i], values[k], &norm) == 0 && !norm)
					abort();
				free(norm);
			}
		tkt_form_free(f);
	}
	if (tkt_reply_load("fuzz", &r) == 0)
		tkt_reply_free(r);
	text = fuzz_str(data, size);
	if (tkt_render("fuzz", text, lookup, NULL, &out) == 0)
		free(out);
	free(text);
	return 0;
}
