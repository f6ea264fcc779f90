/* Unit tests: text escaped for HTML, and the SVG charts of the report's
 * page: bars, lines broken where a value is missing, the axis, marks, and
 * a chart with nothing to draw. */
#include <math.h>

#include "unit.h"

/* What fn writes, as a string to free. */
static char *
written(void (*fn)(FILE *, const void *), const void *arg)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	assert_non_null(fp);
	fn(fp, arg);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void
html_of(FILE *fp, const void *s)
{
	tkt_out_html(fp, s);
}

static void
chart_of(FILE *fp, const void *c)
{
	tkt_chart_svg(fp, c);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static void
html_escape(void **state)
{
	char *out;

	(void)state;
	out = written(html_of, "<a href=\"x\">Tom & Jerry's</a>");
	assert_string_equal(out, "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
	free(out);
	out = written(html_of, "tab\there\x01\x7f new\nline");
	assert_string_equal(out, "tab\there   new\nline");
	free(out);
	out = written(html_of, "caf\xe9 \xc3\xa9t\xc3\xa9 \xff");
	assert_string_equal(out, "caf\xef\xbf\xbd \xc3\xa9t\xc3\xa9 \xef\xbf\xbd");
	free(out);
	out = written(html_of, NULL);
	assert_string_equal(out, "");
	free(out);
}

static const char *const labels[] = { "mon", "tue", "wed", "thu" };

static void
bars(void **state)
{
	double v[] = { 1, 3, NAN, 0 };
	struct tkt_series s = { "Tickets & co", v, "#2f6db5" };
	struct tkt_chart c = {
		.id = "c1", .title = "A <title>", .desc = "What it shows", .kind = TKT_CHART_BARS,
		.labels = labels, .n = 4, .series = &s, .nseries = 1, .ymin = NAN, .ymax = NAN,
	};
	char *out;

	(void)state;
	out = written(chart_of, &c);
	assert_int_equal(count(out, "<svg "), 1);
	assert_int_equal(count(out, "</svg>"), 1);
	assert_non_null(strstr(out, "role=\"img\""));
	assert_non_null(strstr(out, "aria-labelledby=\"c1-title c1-desc\""));
	assert_non_null(strstr(out, "<title id=\"c1-title\">A &lt;title&gt;</title>"));
	assert_non_null(strstr(out, "<desc id=\"c1-desc\">What it shows</desc>"));
	/* A bar for each value, none for the missing one, each titled. */
	assert_int_equal(count(out, "<rect "), 3);
	assert_non_null(strstr(out, "<title>mon: Tickets &amp; co 1</title>"));
	assert_non_null(strstr(out, "<title>tue: Tickets &amp; co 3</title>"));
	assert_non_null(strstr(out, "<title>thu: Tickets &amp; co 0</title>"));
	assert_null(strstr(out, "wed: "));
	/* The axis from 0 to 3 in whole steps: 3 is its top. */
	assert_non_null(strstr(out, ">3</text>"));
	assert_null(strstr(out, ">4</text>"));
	assert_null(strstr(out, ">0.5</text>"));
	/* One series: no legend. */
	assert_null(strstr(out, "height=\"10\""));
	assert_null(strstr(out, "nan"));
	free(out);
}

static void
lines(void **state)
{
	double a[] = { 1, NAN, 2, 3 }, b[] = { 0, 0, 0, 0 };
	struct tkt_series s[2] = { { "one", a, "#000001" }, { "two", b, "#000002" } };
	struct tkt_chart c = {
		.id = "c2", .title = "t", .desc = "d", .kind = TKT_CHART_LINE, .labels = labels,
		.n = 4, .series = s, .nseries = 2, .ymin = NAN, .ymax = NAN, .zero_is_value = 1,
	};
	char *out;

	(void)state;
	out = written(chart_of, &c);
	/* The first series broken at its missing value: two lines, three
	 * points; the second one line of four points, zeros drawn. */
	assert_int_equal(count(out, "<polyline "), 3);
	assert_int_equal(count(out, "<circle "), 7);
	assert_non_null(strstr(out, "<title>thu: one 3</title>"));
	assert_non_null(strstr(out, "<title>wed: two 0</title>"));
	/* Two series: a legend naming both. */
	assert_int_equal(count(out, "height=\"10\""), 2);
	assert_non_null(strstr(out, ">one</text>"));
	assert_non_null(strstr(out, ">two</text>"));
	free(out);
}

static void
range_and_marks(void **state)
{
	double v[] = { 75, -25, NAN, 50 };
	struct tkt_series s = { "NPS", v, "#6a3d9a" };
	struct tkt_chart_mark m[] = { { 1.5, "4h" }, { 3, "1d" } };
	struct tkt_chart c = {
		.id = "c3", .title = "t", .desc = "d", .kind = TKT_CHART_BARS, .labels = labels,
		.n = 4, .series = &s, .nseries = 1, .ymin = -100, .ymax = 100, .decimals = 1,
		.unit = "%", .marks = m, .nmarks = 2,
	};
	char *out;

	(void)state;
	out = written(chart_of, &c);
	assert_non_null(strstr(out, ">-100</text>"));
	assert_non_null(strstr(out, ">100</text>"));
	assert_non_null(strstr(out, "<title>tue: NPS -25.0%</title>"));
	/* A dashed line and a haloed label for each mark. */
	assert_int_equal(count(out, "stroke-dasharray"), 2);
	assert_int_equal(count(out, "paint-order=\"stroke\""), 2);
	assert_non_null(strstr(out, ">4h</text>"));
	assert_non_null(strstr(out, ">1d</text>"));
	free(out);
}

static void
nothing(void **state)
{
	double v[] = { 0, 0, NAN, 0 };
	struct tkt_series s = { "x", v, "#2f6db5" };
	struct tkt_chart c = {
		.id = "c4", .title = "t", .desc = "d", .kind = TKT_CHART_BARS, .labels = labels,
		.n = 4, .series = &s, .nseries = 1, .ymin = NAN, .ymax = NAN,
		.empty = "no tickets",
	};
	char *out;

	(void)state;
	out = written(chart_of, &c);
	assert_non_null(strstr(out, ">no tickets</text>"));
	assert_int_equal(count(out, "<rect "), 0);
	assert_non_null(strstr(out, ">mon</text>"));     /* the axis is still there */
	free(out);
	/* No categories at all. */
	c.n = 0;
	out = written(chart_of, &c);
	assert_non_null(strstr(out, ">no tickets</text>"));
	assert_int_equal(count(out, "</svg>"), 1);
	free(out);
}

static void
many_categories(void **state)
{
	static const char *many[100];
	double v[100];
	char names[100][8];
	struct tkt_series s = { "x", v, "#2f6db5" };
	struct tkt_chart c = {
		.id = "c5", .title = "t", .desc = "d", .kind = TKT_CHART_BARS, .labels = many,
		.n = 100, .series = &s, .nseries = 1, .ymin = NAN, .ymax = NAN,
	};
	char *out;
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		snprintf(names[i], sizeof names[i], "d%02d", i);
		many[i] = names[i];
		v[i] = i;
	}
	out = written(chart_of, &c);
	/* Every value a bar, but at most 12 labels along the bottom. */
	assert_int_equal(count(out, "<rect "), 100);
	assert_int_equal(count(out, "text-anchor=\"middle\""), 12);
	assert_non_null(strstr(out, ">100</text>"));    /* 99, rounded up to a step */
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escape),
		cmocka_unit_test(bars),
		cmocka_unit_test(lines),
		cmocka_unit_test(range_and_marks),
		cmocka_unit_test(nothing),
		cmocka_unit_test(many_categories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
