/* Unit tests: the YAML loader, field checks and {{variable}} rendering. */
#include "unit.h"

static int
yaml(const char *text, struct tkt_yaml **root)
{
	return tkt_yaml_parse("t.yaml", text, strlen(text), root);
}

static void
yaml_tree(void **state)
{
	struct tkt_yaml *root;
	const struct tkt_yaml *v;

	(void)state;
	assert_int_equal(yaml("name: x\nlist: [a, 'b', \"c\"]\nmap:\n  k: v\nblock: |\n  one\n  two\n", &root), 0);
	assert_int_equal(root->kind, TKT_YAML_MAP);
	assert_int_equal(root->n, 4);
	assert_string_equal(tkt_yaml_get(root, "name")->value, "x");
	v = tkt_yaml_get(root, "list");
	assert_int_equal(v->kind, TKT_YAML_SEQ);
	assert_int_equal(v->n, 3);
	assert_string_equal(v->items[1]->value, "b");
	assert_false(v->items[1]->plain);
	assert_true(v->items[0]->plain);
	assert_int_equal(v->line, 2);
	assert_int_equal(v->col, 7);
	assert_string_equal(tkt_yaml_get(tkt_yaml_get(root, "map"), "k")->value, "v");
	v = tkt_yaml_get(root, "block");
	assert_string_equal(v->value, "one\ntwo\n");
	assert_true(v->block);
	assert_null(tkt_yaml_get(root, "missing"));
	assert_null(tkt_yaml_get(v, "x"));
	tkt_yaml_free(root);
}

static void
yaml_refusals(void **state)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "a: [1, 2\n", "t.yaml:2:1: did not find expected ',' or ']'" },
		{ "a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a'" },
		{ "a: &x 1\nb: *x\n", "t.yaml:2:4: aliases (*name) are not supported" },
		{ "? [a]\n: 1\n", "t.yaml:1:3: a key must be a plain scalar" },
		{ "a: 1\n---\nb: 2\n", "t.yaml:2:1: only one YAML document is allowed" },
		{ "", "t.yaml:1:1: empty file" },
		{ "a: \"unterminated\n", "t.yaml:2:1: found unexpected end of stream" },
		{ "\t- a\n", "t.yaml:1:1: found character that cannot start any token" },
	};
	struct tkt_yaml *root;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(yaml(cases[i].text, &root), EX_CONFIG);
		assert_null(root);
		if (strncmp(tkt_errmsg(), cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("'%s': got '%s', expected '%s'", cases[i].text, tkt_errmsg(), cases[i].msg);
	}
}

static void
yaml_limits(void **state)
{
	tkt_buf b = TKT_BUF_INIT;
	struct tkt_yaml *root;
	int i;

	(void)state;
	for (i = 0; i < TKT_YAML_DEPTH_MAX; i++)
		tkt_buf_putc(&b, '[');
	for (i = 0; i < TKT_YAML_DEPTH_MAX; i++)
		tkt_buf_putc(&b, ']');
	assert_int_equal(yaml(b.s, &root), 0);
	tkt_yaml_free(root);
	tkt_buf_release(&b);
	for (i = 0; i <= TKT_YAML_DEPTH_MAX; i++)
		tkt_buf_putc(&b, '[');
	assert_int_equal(yaml(b.s, &root), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "nested too deeply"));
	tkt_buf_release(&b);
	/* Many nodes, each small. */
	tkt_buf_putc(&b, '[');
	for (i = 0; i < 100001; i++)
		tkt_buf_puts(&b, "1,");
	tkt_buf_putc(&b, ']');
	assert_int_equal(yaml(b.s, &root), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "too many nodes"));
	tkt_buf_release(&b);
	assert_int_equal(tkt_yaml_parse("big.yaml", "a: 1", TKT_YAML_MAX + 1, &root), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "too large"));
}

static int
lookup(const char *name, char **value, void *ctx)
{
	(void)ctx;
	*value = NULL;
	if (strcmp(name, "customer.name") == 0)
		*value = tkt_strdup("Ann");
	else if (strcmp(name, "empty") == 0)
		*value = tkt_strdup("");
	else if (strcmp(name, "none") != 0)
		return EX_USAGE;
	return 0;
}

static void
rendering(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(tkt_render("t", "Hello {{customer.name}}, hi {{ customer.name }}!", lookup, NULL, &out), 0);
	assert_string_equal(out, "Hello Ann, hi Ann!");
	free(out);
	assert_int_equal(tkt_render("t", "Hello {{none|there}} {{empty | you }}.", lookup, NULL, &out), 0);
	assert_string_equal(out, "Hello there you.");
	free(out);
	assert_int_equal(tkt_render("t", "no variables { } }} here", lookup, NULL, &out), 0);
	assert_string_equal(out, "no variables { } }} here");
	free(out);
	assert_int_equal(tkt_render("t", "Hello {{none}}", lookup, NULL, &out), EX_DATAERR);
	assert_null(out);
	assert_string_equal(tkt_errmsg(), "template 't': variable 'none' has no value "
	                     "(give it with -v, or write {{none|fallback}})");
	assert_int_equal(tkt_render("t", "Hello {{nope}}", lookup, NULL, &out), EX_CONFIG);
	assert_string_equal(tkt_errmsg(), "template 't': unknown variable 'nope'");
	assert_int_equal(tkt_render("t", "Hello {{customer.name", lookup, NULL, &out), EX_CONFIG);
	assert_non_null(strstr(tkt_errmsg(), "'{{' without its '}}' at byte 6"));
}

static void
field_checks(void **state)
{
	char *choices[] = { "router", "modem", NULL };
	struct tkt_field_def text = { "order", "Order number", "text", NULL, NULL, 1, NULL, 0, NULL };
	struct tkt_field_def num = { "amount", NULL, "number", NULL, NULL, 0, NULL, 0, NULL };
	struct tkt_field_def date = { "since", NULL, "date", NULL, NULL, 0, NULL, 0, NULL };
	struct tkt_field_def mail = { "contact", NULL, "email", NULL, NULL, 0, NULL, 0, NULL };
	struct tkt_field_def pick = { "product", NULL, "choice", NULL, NULL, 0, choices, 2, NULL };
	char *v;

	(void)state;
	assert_int_equal(tkt_field_check(&text, "100234", &v), 0);
	assert_string_equal(v, "100234");
	free(v);
	assert_int_equal(tkt_field_check(&text, "", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&text, "a\nb", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&num, "49.90", &v), 0);
	free(v);
	assert_int_equal(tkt_field_check(&num, "12e", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&num, " 12", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&date, "2028-02-29", &v), 0);
	free(v);
	assert_int_equal(tkt_field_check(&date, "2026-02-29", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&date, "2026-11-23T10:00", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&mail, "ann@example.com", &v), 0);
	free(v);
	assert_int_equal(tkt_field_check(&mail, "ann", &v), EX_DATAERR);
	assert_int_equal(tkt_field_check(&pick, "modem", &v), 0);
	free(v);
	assert_int_equal(tkt_field_check(&pick, "Modem", &v), EX_DATAERR);
	assert_string_equal(tkt_errmsg(), "field 'product' (product) must be one of: router, modem; not 'Modem'");
}

static void
names(void **state)
{
	(void)state;
	assert_true(tkt_template_name_valid("defect"));
	assert_true(tkt_template_name_valid("progress-update"));
	assert_true(tkt_template_name_valid("v2_form"));
	assert_false(tkt_template_name_valid(""));
	assert_false(tkt_template_name_valid(".."));
	assert_false(tkt_template_name_valid("../x"));
	assert_false(tkt_template_name_valid("a/b"));
	assert_false(tkt_template_name_valid("Defect"));
	assert_false(tkt_template_name_valid("-x"));
	assert_false(tkt_template_name_valid("x.yaml"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yaml_tree),
		cmocka_unit_test(yaml_refusals),
		cmocka_unit_test(yaml_limits),
		cmocka_unit_test(rendering),
		cmocka_unit_test(field_checks),
		cmocka_unit_test(names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
