/* page.c: the report as one HTML page for managers, and the same numbers
 * as plain text for the text part of a mail.  The page is self-contained
 * (inline CSS and SVG, no script, nothing fetched) so that it can be
 * mailed and opened offline; it reads in a narrow mail client and on
 * paper.  Its numbers are the report's (metrics.c): the window's tickets
 * are read once for every grouping the page shows, and those of the
 * window of the same length before it once more, for the changes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tkt-int.h"

enum { NOW, DAY, WEEK, AGENT, PRIORITY, NREPORTS };
static const char *const grouping[NREPORTS] = { NULL, "day", "week", "agent", "priority" };

struct qa_score {
	char   *agent;
	double  score;
};

/* A problem of the window, and its incidents. */
struct problem {
	int64_t id, incidents, open;
	char   *subject, *status;
	time_t  first, solved;   /* its first incident opened; solved (0: not) */
};

/* The most problems a page lists. */
#define PROBLEMS_MAX 20

struct tkt_page {
	struct tkt_report_opts o, before_o;
	char          *scope;
	time_t         now;
	tkt_report    *r[NREPORTS], *before;
	struct qa_score *qa;
	size_t         nqa;
	struct problem *problems;
	size_t         nproblems;
	char           title[96];
};

/* The headline tiles, each against the window before. */
static const struct tile {
	const char     *id, *name;
	enum tkt_metric metric;
	int             better;   /* 1: up is good, -1: down is good, 0: neither */
	const char     *what;
} tiles[] = {
	{ "created", "Created", TKT_METRIC_CREATED, 0, "tickets opened" },
	{ "solved", "Solved", TKT_METRIC_SOLVED, 1, "tickets solved" },
	{ "first-reply", "First reply", TKT_METRIC_FIRST_REPLY_MEDIAN, -1,
	  "median time to the first reply" },
	{ "first-reply-within", "Within target", TKT_METRIC_FIRST_REPLY_WITHIN, 1,
	  "first replies within the target" },
	{ "resolution-rate", "Resolution rate", TKT_METRIC_RESOLUTION_RATE, 1,
	  "of the tickets opened, solved" },
	{ "one-touch", "One-touch", TKT_METRIC_ONE_TOUCH_RATE, 1, "solved with one reply" },
	{ "csat", "CSAT", TKT_METRIC_CSAT, 1, "satisfied answers (4 or 5 of 5)" },
	{ "nps", "NPS", TKT_METRIC_NPS, 1, "promoters less detractors" },
	{ "ces", "CES", TKT_METRIC_CES, 1, "mean answer, 1 to 7 (7: easiest)" },
	{ "backlog", "Backlog", TKT_METRIC_BACKLOG, -1, "unsolved at the end" },
};
#define NTILES (sizeof tiles / sizeof tiles[0])

/* First reply times are drawn in these bins (seconds; the last is open). */
static const int64_t edge[] = {
	0, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 259200, 604800,
};
static const char *const bin_label[] = {
	"<15m", "15-30m", "30m-1h", "1-2h", "2-4h", "4-8h", "8h-1d", "1-2d", "2-3d", "3-7d", "7d+",
};
#define NBINS (sizeof bin_label / sizeof bin_label[0])

static const char *const priority_order[] = { "urgent", "high", "normal", "low" };

#define BLUE   "#2f6db5"
#define GREEN  "#2e8540"
#define ORANGE "#b35c00"
#define RED    "#b3261e"
#define PURPLE "#6a3d9a"

int
tkt_page_new(const struct tkt_report_opts *o, const char *scope, time_t now, tkt_page **out)
{
	tkt_page *p = tkt_calloc(1, sizeof *p);
	char a[32], b[32];
	int i, rc = 0;

	*out = NULL;
	p->o = *o;
	p->o.by = p->o.metrics = NULL;
	p->scope = scope && *scope ? tkt_strdup(scope) : NULL;
	p->now = now;
	p->before_o = p->o;
	p->before_o.until = o->since;
	p->before_o.since = o->since - (o->until - o->since);
	for (i = 0; i < NREPORTS && !rc; i++) {
		struct tkt_report_opts g = p->o;

		g.by = grouping[i];
		rc = tkt_report_new(&g, &p->r[i]);
	}
	if (rc || (rc = tkt_report_new(&p->before_o, &p->before))) {
		tkt_page_free(p);
		return rc;
	}
	snprintf(p->title, sizeof p->title, "Help desk report %.10s to %.10s",
	         tkt_time_iso(o->since, a), tkt_time_iso(o->until - 1, b));
	*out = p;
	return 0;
}

void
tkt_page_free(tkt_page *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < NREPORTS; i++)
		tkt_report_free(p->r[i]);
	tkt_report_free(p->before);
	for (i = 0; i < p->nqa; i++)
		free(p->qa[i].agent);
	free(p->qa);
	for (i = 0; i < p->nproblems; i++) {
		free(p->problems[i].subject);
		free(p->problems[i].status);
	}
	free(p->problems);
	free(p->scope);
	free(p);
}

static void
qa_add(const struct tkt_qa_agent *a, void *ctx)
{
	tkt_page *p = ctx;

	if (a->score < 0)
		return;
	p->qa = tkt_realloc(p->qa, (p->nqa + 1) * sizeof *p->qa);
	p->qa[p->nqa].agent = tkt_strdup(a->agent);
	p->qa[p->nqa++].score = a->score;
}

/* The problems of the window, those of the filter with the most incidents
 * first: an incident of theirs opened in it, or they were solved in it. */
static int
problems_read(tkt_page *p, tkt_store *st)
{
	tkt_buf sql = TKT_BUF_INIT;
	tkt_stmt *s;
	int rc, step;

	tkt_buf_puts(&sql,
		"SELECT t.id, t.subject, t.status, count(*),\n"
		"       sum(CASE WHEN i.status IN " TKT_SQL_DONE " THEN 0 ELSE 1 END),\n"
		"       min(i.created_at), t.solved_at\n"
		"  FROM tickets t JOIN customers c ON c.id = t.requester\n"
		"  JOIN tickets i ON i.problem = t.id\n"
		" WHERE ");
	tkt_filter_where(st, p->o.filter, &sql);
	tkt_buf_printf(&sql,
		"\n GROUP BY t.id, t.subject, t.status, t.solved_at\n"
		"HAVING sum(CASE WHEN i.created_at >= :since AND i.created_at < :until THEN 1 ELSE 0 END) > 0\n"
		"    OR (t.solved_at >= :since AND t.solved_at < :until AND t.status IN " TKT_SQL_DONE ")\n"
		" ORDER BY count(*) DESC, t.id\n"
		" LIMIT %d", PROBLEMS_MAX);
	if ((rc = tkt_filter_prepare(st, p->o.filter)) || !(s = db_prepare(st, sql.s))) {
		tkt_buf_release(&sql);
		return rc ? rc : tkt_errcode();
	}
	tkt_buf_release(&sql);
	tkt_filter_bind(p->o.filter, s);
	db_bind_int(s, ":since", (int64_t)p->o.since);
	db_bind_int(s, ":until", (int64_t)p->o.until);
	while ((step = db_step(s)) == DB_ROW) {
		struct problem *pr;

		p->problems = tkt_realloc(p->problems, (p->nproblems + 1) * sizeof *p->problems);
		pr = &p->problems[p->nproblems++];
		pr->id = db_int(s, 0);
		pr->subject = db_dup(s, 1);
		pr->status = db_dup(s, 2);
		pr->incidents = db_int(s, 3);
		pr->open = db_int(s, 4);
		pr->first = (time_t)db_int(s, 5);
		pr->solved = tkt_status_done(pr->status) ? (time_t)db_int(s, 6) : 0;
	}
	rc = step == DB_DONE ? 0 : db_error(st, step, "reading problems");
	db_finalize(s);
	return rc;
}

int
tkt_page_run(tkt_page *p, tkt_store *st, const struct tkt_checklist *cl)
{
	int rc;

	if ((rc = tkt_report_run_all(p->r, NREPORTS, st)) || (rc = tkt_report_run(p->before, st)) ||
	    (rc = problems_read(p, st)))
		return rc;
	return cl ? tkt_qa_by_agent(st, cl, p->o.config, p->o.since, p->o.until, qa_add, p) : 0;
}

/* ---- numbers ---------------------------------------------------------- */

static double
get(tkt_report *r, size_t g, enum tkt_metric m)
{
	double v;

	return tkt_report_get(r, g, m, &v) == 0 ? v : NAN;
}

static void
shown(enum tkt_metric m, double v, char *buf, size_t n)
{
	if (isnan(v))
		snprintf(buf, n, "-");
	else
		tkt_report_format(m, v, TKT_NUMBER_PEOPLE, buf, n);
}

/* A tile as the page and the text show it: its value now and before, the
 * change, and whether that is better or worse. */
enum sense { SAME, BETTER, WORSE };
static const char *const sense_class[] = { "same", "good", "bad" };
static const char *const sense_word[] = { "", " (better)", " (worse)" };
struct tile_view {
	double     v, was;
	char       value[48], before[48], change[64];
	enum sense sense;
};

static void
tile_view(tkt_page *p, const struct tile *t, struct tile_view *tv)
{
	tv->v = get(p->r[NOW], 0, t->metric);
	tv->was = get(p->before, 0, t->metric);
	shown(t->metric, tv->v, tv->value, sizeof tv->value);
	shown(t->metric, tv->was, tv->before, sizeof tv->before);
	tv->sense = SAME;
	if (isnan(tv->v) || isnan(tv->was))
		snprintf(tv->change, sizeof tv->change, "no comparison");
	else if (!tkt_report_format_change(t->metric, tv->v - tv->was, tv->change, sizeof tv->change))
		snprintf(tv->change, sizeof tv->change, "no change");
	else if (t->better)
		tv->sense = (tv->v > tv->was) == (t->better > 0) ? BETTER : WORSE;
}

static size_t
bin_of(int64_t s)
{
	size_t b = NBINS - 1;

	while (b > 0 && s < edge[b])
		b--;
	return b;
}

/* Where a duration falls on the histogram, in bins from the left. */
static double
bin_at(int64_t s)
{
	size_t b = bin_of(s);

	if (b == NBINS - 1)
		return (double)b + 0.5;
	return (double)b + (double)(s - edge[b]) / (double)(edge[b + 1] - edge[b]);
}

/* A target as people say it: 4h, 1d, 90m. */
static void
target_text(int64_t s, char *buf, size_t n)
{
	if (s && s % 86400 == 0)
		snprintf(buf, n, "%lldd", (long long)(s / 86400));
	else if (s && s % 3600 == 0)
		snprintf(buf, n, "%lldh", (long long)(s / 3600));
	else
		snprintf(buf, n, "%lldm", (long long)(s / 60));
}

/* ---- the page ---------------------------------------------------------- */

static const char style[] =
	"body{margin:0;padding:16px;background:#fff;color:#1a1a1a;"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
	"main{max-width:780px;margin:0 auto}\n"
	"h1{font-size:22px;margin:0 0 4px}\n"
	"h2{font-size:17px;margin:28px 0 6px;padding-bottom:3px;border-bottom:1px solid #c8c8c8}\n"
	"p{margin:4px 0}\n"
	".sub{color:#444;font-size:14px}\n"
	".tiles{display:flex;flex-wrap:wrap;margin:12px -4px 0}\n"
	".tile{flex:1 1 150px;margin:4px;padding:8px 10px;border:1px solid #c8c8c8;border-radius:6px;"
	"min-width:130px}\n"
	".tile .name{font-size:13px;color:#444;margin:0}\n"
	".tile .value{font-size:24px;font-weight:bold;margin:0}\n"
	".tile .what,.tile .was{font-size:12px;color:#555;margin:0}\n"
	".change{font-size:13px;margin:0}\n"
	".good{color:#1b7f3b}.bad{color:#b3261e}.same{color:#555}\n"
	"figure{margin:8px 0 0;break-inside:avoid;page-break-inside:avoid}\n"
	"figcaption{font-size:13px;color:#444}\n"
	"svg{display:block;max-width:100%;height:auto}\n"
	"table{border-collapse:collapse;width:100%;font-size:14px}\n"
	"th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:right;white-space:nowrap}\n"
	"th:first-child,td:first-child{text-align:left;white-space:normal}\n"
	"thead th{border-bottom:2px solid #999;white-space:normal;vertical-align:bottom}\n"
	".scroll{overflow-x:auto}\n"
	"footer{margin-top:28px;font-size:12px;color:#555}\n"
	"@media (max-width:480px){body{padding:8px}table{font-size:13px}th,td{padding:3px}"
	".tile{flex-basis:120px;min-width:110px}.tile .value{font-size:20px}}\n"
	"@media print{body{padding:0;font-size:12px}.tile{border-color:#888}"
	"h2{break-after:avoid;page-break-after:avoid}}\n";

static void
header(tkt_page *p, FILE *out)
{
	char a[32], b[32], c[32], d[32];

	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\"/>\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
	      "<meta name=\"generator\" content=\"tkt-report\"/>\n<title>", out);
	tkt_out_html(out, p->title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n"
	        "<h1>Help desk report</h1>\n<p class=\"sub\" id=\"window\" data-since=\"%s\""
	        " data-until=\"%s\">From %s to %s%s", style, tkt_time_iso(p->o.since, a),
	        tkt_time_iso(p->o.until, b), a, b, p->o.business ? ", durations in business hours" : "");
	if (p->scope) {
		fputs(", tickets matching <code>", out);
		tkt_out_html(out, p->scope);
		fputs("</code>", out);
	}
	fprintf(out, ".<br/>Changes are against the window before: %s to %s.</p>\n</header>\n",
	        tkt_time_iso(p->before_o.since, c), tkt_time_iso(p->before_o.until, d));
}

static void
tiles_html(tkt_page *p, FILE *out)
{
	size_t i;

	fputs("<section aria-labelledby=\"h-headline\">\n<h2 id=\"h-headline\">Headline</h2>\n"
	      "<div class=\"tiles\">\n", out);
	for (i = 0; i < NTILES; i++) {
		const struct tile *t = &tiles[i];
		struct tile_view tv;
		char raw[48];

		tile_view(p, t, &tv);
		fprintf(out, "<div class=\"tile\" id=\"tile-%s\" data-metric=\"%s\"", t->id,
		        tkt_metric_names[t->metric]);
		if (!isnan(tv.v)) {
			tkt_report_format(t->metric, tv.v, TKT_NUMBER_ROUNDED, raw, sizeof raw);
			fprintf(out, " data-value=\"%s\"", raw);
		}
		if (!isnan(tv.was)) {
			tkt_report_format(t->metric, tv.was, TKT_NUMBER_ROUNDED, raw, sizeof raw);
			fprintf(out, " data-before=\"%s\"", raw);
		}
		fprintf(out, ">\n<p class=\"name\">%s</p>\n<p class=\"value\">", t->name);
		tkt_out_html(out, tv.value);
		fprintf(out, "</p>\n<p class=\"what\">%s</p>\n<p class=\"change %s\">", t->what,
		        sense_class[tv.sense]);
		if (tv.change[0] == '+' || tv.change[0] == '-')
			fprintf(out, "<span aria-hidden=\"true\">%s</span> ",
			        tv.change[0] == '+' ? "&#9650;" : "&#9660;");
		tkt_out_html(out, tv.change);
		fprintf(out, "%s</p>\n<p class=\"was\">before: ", sense_word[tv.sense]);
		tkt_out_html(out, tv.before);
		fputs("</p>\n</div>\n", out);
	}
	fputs("</div>\n</section>\n", out);
}

static void
figure(FILE *out, const char *heading, const char *id, const struct tkt_chart *c,
       const char *caption)
{
	fprintf(out, "<section aria-labelledby=\"h-%s\">\n<h2 id=\"h-%s\">%s</h2>\n<figure>\n",
	        id, id, heading);
	tkt_chart_svg(out, c);
	fputs("<figcaption>", out);
	tkt_out_html(out, caption);
	fputs("</figcaption>\n</figure>\n</section>\n", out);
}

/* Created and solved per day, and the backlog at each day's end. */
static void
days_html(tkt_page *p, FILE *out)
{
	tkt_report *r = p->r[DAY];
	size_t n = tkt_report_groups(r), i, top = 0;
	double *created = tkt_calloc(n + 1, sizeof *created), *solved = tkt_calloc(n + 1, sizeof *solved);
	double *backlog = tkt_calloc(n + 1, sizeof *backlog), tc = 0, ts = 0, hi = 0;
	const char **label = tkt_calloc(n + 1, sizeof *label), **tip = tkt_calloc(n + 1, sizeof *tip);
	struct tkt_series s[2] = { { "Created", created, BLUE }, { "Solved", solved, GREEN } };
	struct tkt_series b = { "Backlog", backlog, ORANGE };
	struct tkt_chart c;
	tkt_buf desc = TKT_BUF_INIT, cap = TKT_BUF_INIT;

	for (i = 0; i < n; i++) {
		tip[i] = tkt_report_label(r, i, 0);
		label[i] = strlen(tip[i]) == 10 ? tip[i] + 5 : tip[i];
		created[i] = get(r, i, TKT_METRIC_CREATED);
		solved[i] = get(r, i, TKT_METRIC_SOLVED);
		backlog[i] = get(r, i, TKT_METRIC_BACKLOG);
		tc += created[i];
		ts += solved[i];
		if (created[i] > created[top])
			top = i;
		if (backlog[i] > hi)
			hi = backlog[i];
	}
	tkt_buf_printf(&desc, "Tickets created and solved on each of %zu days: %.0f created, "
	               "%.0f solved", n, tc, ts);
	if (tc > 0)
		tkt_buf_printf(&desc, "; the busiest day %s with %.0f created", tip[top], created[top]);
	tkt_buf_puts(&desc, ".");
	c = (struct tkt_chart){
		.id = "chart-daily", .title = "Tickets created and solved per day",
		.desc = desc.s, .kind = TKT_CHART_BARS, .labels = label, .tips = tip, .n = n,
		.series = s, .nseries = 2, .ymin = NAN, .ymax = NAN,
		.empty = "no tickets created or solved",
	};
	tkt_buf_printf(&cap, "Per day (local time): %.0f created, %.0f solved.", tc, ts);
	figure(out, "Created and solved per day", "daily", &c, cap.s);

	tkt_buf_release(&desc);
	tkt_buf_release(&cap);
	tkt_buf_printf(&desc, "Unsolved tickets at the end of each of %zu days", n);
	if (n)
		tkt_buf_printf(&desc, ": %.0f at the end of %s, %.0f at the end of %s, at most %.0f",
		               backlog[0], tip[0], backlog[n - 1], tip[n - 1], hi);
	tkt_buf_puts(&desc, ".");
	c = (struct tkt_chart){
		.id = "chart-backlog", .title = "Backlog at the end of each day",
		.desc = desc.s, .kind = TKT_CHART_LINE, .labels = label, .tips = tip, .n = n,
		.series = &b, .nseries = 1, .ymin = NAN, .ymax = NAN, .zero_is_value = 1,
		.empty = "no backlog",
	};
	tkt_buf_printf(&cap, "Tickets not solved or closed at the end of each day; %.0f at the end "
	               "of the window.", n ? backlog[n - 1] : 0.0);
	figure(out, "Backlog over time", "backlog", &c, cap.s);
	tkt_buf_release(&desc);
	tkt_buf_release(&cap);
	free(created);
	free(solved);
	free(backlog);
	free(label);
	free(tip);
}

/* How long customers waited for a first reply, with the targets. */
static void
first_reply_html(tkt_page *p, FILE *out)
{
	const struct tkt_config *cfg = p->o.config;
	size_t n, i, nmarks = 0;
	int j, k;
	const uint32_t *d = tkt_report_durations(p->r[NOW], 0, TKT_METRIC_FIRST_REPLY_MEDIAN, &n);
	double count[NBINS] = { 0 }, unanswered = get(p->r[NOW], 0, TKT_METRIC_UNANSWERED);
	struct tkt_series s = { "Tickets", count, BLUE };
	struct tkt_chart_mark marks[4];
	char mlabel[4][24], median[48];
	struct tkt_chart c;
	tkt_buf desc = TKT_BUF_INIT, cap = TKT_BUF_INIT, targets = TKT_BUF_INIT;

	for (i = 0; i < n; i++)
		count[bin_of(d[i])]++;
	/* A line for each target, from the most urgent; the caption names
	 * the priorities that have it. */
	for (k = 3; k >= 0; k--) {
		int64_t t = cfg->sla[k].first_reply;

		for (j = 3; j > k && cfg->sla[j].first_reply != t; j--)
			;
		if (j > k)
			continue;
		target_text(t, mlabel[nmarks], sizeof mlabel[nmarks]);
		tkt_buf_printf(&targets, "%s %s", nmarks ? ";" : "", mlabel[nmarks]);
		for (j = k; j >= 0; j--)
			if (cfg->sla[j].first_reply == t)
				tkt_buf_printf(&targets, "%s%s", j == k ? " for " : ", ", tkt_priorities[j]);
		marks[nmarks].at = bin_at(t);
		marks[nmarks].label = mlabel[nmarks];
		nmarks++;
	}
	shown(TKT_METRIC_FIRST_REPLY_MEDIAN, get(p->r[NOW], 0, TKT_METRIC_FIRST_REPLY_MEDIAN), median,
	      sizeof median);
	tkt_buf_printf(&desc, "First reply times of the %zu tickets created in the window and "
	               "answered, in %zu bins from under 15 minutes to over 7 days:", n, NBINS);
	for (i = 0; i < NBINS; i++)
		tkt_buf_printf(&desc, "%s %s: %.0f", i ? "," : "", bin_label[i], count[i]);
	tkt_buf_printf(&desc, ". Median %s; %.0f not answered yet. Targets:%s.", median, unanswered,
	               targets.s);
	c = (struct tkt_chart){
		.id = "chart-first-reply", .title = "First reply time distribution",
		.desc = desc.s, .kind = TKT_CHART_BARS, .labels = bin_label, .n = NBINS,
		.series = &s, .nseries = 1, .ymin = NAN, .ymax = NAN,
		.xlabel = "time to the first reply", .empty = "no first replies",
		.marks = marks, .nmarks = nmarks,
	};
	tkt_buf_printf(&cap, "%zu first replies, median %s; %.0f tickets not answered yet. "
	               "Dashed lines, the targets:%s.", n, median, unanswered, targets.s);
	figure(out, "First reply time", "first-reply", &c, cap.s);
	tkt_buf_release(&targets);
	tkt_buf_release(&desc);
	tkt_buf_release(&cap);
}

/* CSAT and NPS per week, where customers answered. */
static void
weeks_html(tkt_page *p, FILE *out)
{
	tkt_report *r = p->r[WEEK];
	size_t n = tkt_report_groups(r), i;
	double *csat = tkt_calloc(n + 1, sizeof *csat), *nps = tkt_calloc(n + 1, sizeof *nps);
	const char **label = tkt_calloc(n + 1, sizeof *label);
	struct tkt_series s[2] = { { "CSAT %", csat, GREEN }, { "NPS", nps, PURPLE } };
	struct tkt_chart c;
	tkt_buf desc = TKT_BUF_INIT;

	tkt_buf_puts(&desc, "CSAT (the share of satisfied answers, in percent) and NPS "
	             "(promoters less detractors, -100 to 100) in each week:");
	for (i = 0; i < n; i++) {
		char a[48], b[48];

		label[i] = tkt_report_label(r, i, 0);
		csat[i] = get(r, i, TKT_METRIC_CSAT);
		nps[i] = get(r, i, TKT_METRIC_NPS);
		shown(TKT_METRIC_CSAT, csat[i], a, sizeof a);
		shown(TKT_METRIC_NPS, nps[i], b, sizeof b);
		tkt_buf_printf(&desc, "%s %s: CSAT %s of %.0f answers, NPS %s of %.0f answers", i ? ";" : "",
		               label[i], a, get(r, i, TKT_METRIC_CSAT_COUNT), b,
		               get(r, i, TKT_METRIC_NPS_COUNT));
	}
	tkt_buf_puts(&desc, ".");
	c = (struct tkt_chart){
		.id = "chart-satisfaction", .title = "CSAT and NPS per week", .desc = desc.s,
		.kind = TKT_CHART_BARS, .labels = label, .n = n, .series = s, .nseries = 2,
		.ymin = -100, .ymax = 100, .decimals = 1, .zero_is_value = 1,
		.empty = "no survey answers",
	};
	figure(out, "Satisfaction per week", "satisfaction", &c,
	       "CSAT in percent and NPS from -100 to 100, by ISO week; a week without answers "
	       "has no bar.");
	tkt_buf_release(&desc);
	free(csat);
	free(nps);
	free(label);
}

/* CES per week, on its scale of 1 to 7. */
static void
effort_html(tkt_page *p, FILE *out)
{
	tkt_report *r = p->r[WEEK];
	size_t n = tkt_report_groups(r), i;
	double *ces = tkt_calloc(n + 1, sizeof *ces);
	const char **label = tkt_calloc(n + 1, sizeof *label);
	struct tkt_series s = { "CES", ces, BLUE };
	struct tkt_chart c;
	tkt_buf desc = TKT_BUF_INIT;

	tkt_buf_puts(&desc, "CES (the mean effort answer, 1 to 7, 7 the easiest) in each week:");
	for (i = 0; i < n; i++) {
		char a[48];

		label[i] = tkt_report_label(r, i, 0);
		ces[i] = get(r, i, TKT_METRIC_CES);
		shown(TKT_METRIC_CES, ces[i], a, sizeof a);
		tkt_buf_printf(&desc, "%s %s: CES %s of %.0f answers", i ? ";" : "", label[i], a,
		               get(r, i, TKT_METRIC_CES_COUNT));
	}
	tkt_buf_puts(&desc, ".");
	c = (struct tkt_chart){
		.id = "chart-effort", .title = "CES per week", .desc = desc.s,
		.kind = TKT_CHART_BARS, .labels = label, .n = n, .series = &s, .nseries = 1,
		.ymin = 1, .ymax = 7, .decimals = 1, .empty = "no effort answers",
	};
	figure(out, "Effort per week", "effort", &c,
	       "CES, the mean answer from 1 to 7 (7: the company made it easy to handle the "
	       "issue), by ISO week; a week without answers has no bar.");
	tkt_buf_release(&desc);
	free(ces);
	free(label);
}

struct agent_row {
	const char *name;
	size_t      g;
	double      replies, solved;
};

static int
cmp_row(const void *x, const void *y)
{
	const struct agent_row *a = x, *b = y;

	if (a->replies != b->replies)
		return a->replies > b->replies ? -1 : 1;
	if (a->solved != b->solved)
		return a->solved > b->solved ? -1 : 1;
	return strcmp(a->name, b->name);
}

static const struct qa_score *
qa_of(const tkt_page *p, const char *agent)
{
	size_t i;

	for (i = 0; i < p->nqa; i++)
		if (strcmp(p->qa[i].agent, agent) == 0)
			return &p->qa[i];
	return NULL;
}

/* The agents who replied, solved or were rated in the window, busiest
 * first. */
static size_t
agent_rows(tkt_page *p, struct agent_row **out)
{
	tkt_report *r = p->r[AGENT];
	size_t n = tkt_report_groups(r), i, k = 0;
	struct agent_row *rows = tkt_calloc(n + 1, sizeof *rows);

	for (i = 0; i < n; i++) {
		const char *name = tkt_report_label(r, i, 0);
		double replies = get(r, i, TKT_METRIC_REPLIES), solved = get(r, i, TKT_METRIC_SOLVED);

		if (!replies && !solved && !get(r, i, TKT_METRIC_CSAT_COUNT) && !qa_of(p, name))
			continue;
		rows[k].name = name;
		rows[k].g = i;
		rows[k].replies = replies;
		rows[k++].solved = solved;
	}
	qsort(rows, k, sizeof *rows, cmp_row);
	*out = rows;
	return k;
}

static void
cell(FILE *out, tkt_report *r, size_t g, enum tkt_metric m)
{
	double v = get(r, g, m);
	char buf[48];

	if (isnan(v)) {
		fprintf(out, "<td data-metric=\"%s\">-</td>", tkt_metric_names[m]);
		return;
	}
	tkt_report_format(m, v, TKT_NUMBER_ROUNDED, buf, sizeof buf);
	fprintf(out, "<td data-metric=\"%s\" data-value=\"%s\">", tkt_metric_names[m], buf);
	tkt_report_format(m, v, TKT_NUMBER_PEOPLE, buf, sizeof buf);
	tkt_out_html(out, buf);
	fputs("</td>", out);
}

static void
agents_html(tkt_page *p, FILE *out)
{
	struct agent_row *rows;
	size_t n = agent_rows(p, &rows), i;
	int qa = p->nqa > 0;

	fputs("<section aria-labelledby=\"h-agents\">\n<h2 id=\"h-agents\">Agents</h2>\n", out);
	if (!n) {
		fputs("<p id=\"agents-none\">No agent replied, solved a ticket or was rated in this "
		      "window.</p>\n</section>\n", out);
		free(rows);
		return;
	}
	fprintf(out, "<div class=\"scroll\"><table id=\"agents\">\n<caption class=\"sub\">"
	        "By replies in the window%s.</caption>\n<thead><tr><th scope=\"col\">Agent</th>"
	        "<th scope=\"col\">Replies</th><th scope=\"col\">Solved</th>"
	        "<th scope=\"col\">First reply (median)</th><th scope=\"col\">CSAT</th>%s</tr></thead>\n"
	        "<tbody>\n", qa ? "; QA score from the reviews of the window" : "",
	        qa ? "<th scope=\"col\">QA score</th>" : "");
	for (i = 0; i < n; i++) {
		const struct qa_score *q = qa_of(p, rows[i].name);
		tkt_report *r = p->r[AGENT];

		fputs("<tr data-agent=\"", out);
		tkt_out_html(out, rows[i].name);
		fputs("\"><th scope=\"row\">", out);
		tkt_out_html(out, strcmp(rows[i].name, "-") ? rows[i].name : "(nobody)");
		fputs("</th>", out);
		cell(out, r, rows[i].g, TKT_METRIC_REPLIES);
		cell(out, r, rows[i].g, TKT_METRIC_SOLVED);
		cell(out, r, rows[i].g, TKT_METRIC_FIRST_REPLY_MEDIAN);
		cell(out, r, rows[i].g, TKT_METRIC_CSAT);
		if (qa && q)
			fprintf(out, "<td data-metric=\"qa\" data-value=\"%.0f\">%.0f</td>", q->score, q->score);
		else if (qa)
			fputs("<td data-metric=\"qa\">-</td>", out);
		fputs("</tr>\n", out);
	}
	fputs("</tbody>\n</table></div>\n</section>\n", out);
	free(rows);
}

/* The problems of the window with their incidents. */
static void
problems_html(tkt_page *p, FILE *out)
{
	char a[32], b[32];
	size_t i;

	fputs("<section aria-labelledby=\"h-problems\">\n<h2 id=\"h-problems\">Problems</h2>\n",
	      out);
	if (!p->nproblems) {
		fputs("<p id=\"problems-none\">No problem had an incident opened, or was solved, in "
		      "this window.</p>\n</section>\n", out);
		return;
	}
	fprintf(out, "<div class=\"scroll\"><table id=\"problems\">\n<caption class=\"sub\">"
	        "Faults behind many tickets (tkt-link) that had an incident opened, or were "
	        "solved, in the window; the most incidents first%s.</caption>\n<thead><tr>"
	        "<th scope=\"col\">Problem</th><th scope=\"col\">Status</th>"
	        "<th scope=\"col\">Incidents</th><th scope=\"col\">Open</th>"
	        "<th scope=\"col\">First incident</th><th scope=\"col\">Solved</th></tr></thead>\n"
	        "<tbody>\n", p->nproblems == PROBLEMS_MAX ? " (the first " TKT_STR(PROBLEMS_MAX) ")"
	                                                    : "");
	for (i = 0; i < p->nproblems; i++) {
		const struct problem *pr = &p->problems[i];

		fprintf(out, "<tr data-problem=\"%lld\"><th scope=\"row\">#%lld ", (long long)pr->id,
		        (long long)pr->id);
		tkt_out_html(out, pr->subject);
		fprintf(out, "</th><td>%s</td><td data-metric=\"incidents\" data-value=\"%lld\">%lld</td>"
		        "<td data-metric=\"open\" data-value=\"%lld\">%lld</td><td>%.16s</td><td>%.16s</td>"
		        "</tr>\n", pr->status, (long long)pr->incidents, (long long)pr->incidents,
		        (long long)pr->open, (long long)pr->open, tkt_time_iso(pr->first, a),
		        pr->solved ? tkt_time_iso(pr->solved, b) : "-");
	}
	fputs("</tbody>\n</table></div>\n</section>\n", out);
}

static const char *const target_name[TKT_NBREACHES] = {
	[TKT_BREACH_FIRST_REPLY] = "First reply", [TKT_BREACH_NEXT_REPLY] = "Next reply",
	[TKT_BREACH_RESOLUTION] = "Resolution",
};

/* The breaches of each target (first reply, next reply, resolution) for
 * each priority, the most urgent first; returns their total. */
static double
breaches(tkt_page *p, double v[TKT_NBREACHES][4])
{
	tkt_report *r = p->r[PRIORITY];
	size_t n = tkt_report_groups(r), i, k;
	double total = 0;
	int j;

	memset(v, 0, TKT_NBREACHES * sizeof *v);
	for (i = 0; i < n; i++)
		for (k = 0; k < 4; k++)
			if (strcmp(tkt_report_label(r, i, 0), priority_order[k]) == 0)
				for (j = 0; j < TKT_NBREACHES; j++)
					total += v[j][k] = (double)tkt_report_breaches(r, i, (enum tkt_breach)j);
	return total;
}

/* Tickets past their targets, by priority. */
static void
breaches_html(tkt_page *p, FILE *out)
{
	double v[TKT_NBREACHES][4], total = breaches(p, v);
	struct tkt_series s[3] = {
		{ target_name[0], v[0], BLUE }, { target_name[1], v[1], ORANGE },
		{ target_name[2], v[2], RED },
	};
	struct tkt_chart c;
	tkt_buf desc = TKT_BUF_INIT, cap = TKT_BUF_INIT;
	size_t k;

	tkt_buf_puts(&desc, "Tickets past their first reply, next reply and resolution targets, "
	             "by priority:");
	for (k = 0; k < 4; k++)
		tkt_buf_printf(&desc, "%s %s: %.0f, %.0f and %.0f", k ? ";" : "", priority_order[k],
		               v[0][k], v[1][k], v[2][k]);
	tkt_buf_puts(&desc, ".");
	c = (struct tkt_chart){
		.id = "chart-breaches", .title = "SLA breaches by priority", .desc = desc.s,
		.kind = TKT_CHART_BARS, .labels = priority_order, .n = 4, .series = s,
		.nseries = 3, .ymin = NAN, .ymax = NAN, .empty = "no target missed",
	};
	tkt_buf_printf(&cap, "%.0f breaches: replies and resolutions past their targets (the "
	               "configuration's, by priority), and tickets still waiting past them at the "
	               "window's end.", total);
	figure(out, "SLA breaches by priority", "breaches", &c, cap.s);
	tkt_buf_release(&desc);
	tkt_buf_release(&cap);
}

int
tkt_page_html(tkt_page *p, FILE *out)
{
	char at[32];

	header(p, out);
	tiles_html(p, out);
	days_html(p, out);
	first_reply_html(p, out);
	weeks_html(p, out);
	effort_html(p, out);
	agents_html(p, out);
	problems_html(p, out);
	breaches_html(p, out);
	fprintf(out, "<footer><p>Made by tkt-report at %s. The metrics are defined in "
	        "tkt-metrics(7).</p></footer>\n</main>\n</body>\n</html>\n", tkt_time_iso(p->now, at));
	return tkt_out_flush(out, "the report");
}

/* ---- the same as text -------------------------------------------------- */

int
tkt_page_text(tkt_page *p, FILE *out)
{
	char a[32], b[32];
	struct agent_row *rows;
	size_t i, n;
	int rc;

	fprintf(out, "%s\n\nWindow %s .. %s%s", p->title, tkt_time_iso(p->o.since, a),
	        tkt_time_iso(p->o.until, b), p->o.business ? " (business hours)" : "");
	if (p->scope)
		fprintf(out, ", tickets matching %s", p->scope);
	fprintf(out, "\nChanges against %s .. %s\n\n", tkt_time_iso(p->before_o.since, a),
	        tkt_time_iso(p->before_o.until, b));
	for (i = 0; i < NTILES; i++) {
		struct tile_view tv;

		tile_view(p, &tiles[i], &tv);
		fprintf(out, "%-18s %12s   %s%s, before %s\n", tiles[i].name, tv.value, tv.change,
		        sense_word[tv.sense], tv.before);
	}
	n = agent_rows(p, &rows);
	fprintf(out, "\n%-20s %8s %8s %14s %8s%s\n", "Agent", "replies", "solved", "first reply",
	        "CSAT", p->nqa ? "       QA" : "");
	for (i = 0; i < n; i++) {
		tkt_report *r = p->r[AGENT];
		const struct qa_score *q = qa_of(p, rows[i].name);
		char fr[48], cs[48];

		shown(TKT_METRIC_FIRST_REPLY_MEDIAN, get(r, rows[i].g, TKT_METRIC_FIRST_REPLY_MEDIAN), fr,
		      sizeof fr);
		shown(TKT_METRIC_CSAT, get(r, rows[i].g, TKT_METRIC_CSAT), cs, sizeof cs);
		fprintf(out, "%-20s %8.0f %8.0f %14s %8s", rows[i].name, rows[i].replies,
		        rows[i].solved, fr, cs);
		if (p->nqa && q)
			fprintf(out, " %8.0f", q->score);
		else if (p->nqa)
			fprintf(out, " %8s", "-");
		putc('\n', out);
	}
	free(rows);
	{
		double v[TKT_NBREACHES][4];
		size_t k;

		breaches(p, v);
		fprintf(out, "\n%-20s %12s %12s %12s\n", "SLA breaches", "first reply", "next reply",
		        "resolution");
		for (k = 0; k < 4; k++)
			fprintf(out, "%-20s %12.0f %12.0f %12.0f\n", priority_order[k], v[0][k], v[1][k],
			        v[2][k]);
	}
	if (p->nproblems)
		fputs("\nProblems (incidents, open, first incident, solved)\n", out);
	for (i = 0; i < p->nproblems; i++) {
		const struct problem *pr = &p->problems[i];

		fprintf(out, "#%-7lld %-8s %6lld %6lld  %.16s  %-16.16s  ", (long long)pr->id,
		        pr->status, (long long)pr->incidents, (long long)pr->open,
		        tkt_time_iso(pr->first, a), pr->solved ? tkt_time_iso(pr->solved, b) : "-");
		tkt_out_field(out, pr->subject);
		putc('\n', out);
	}
	fputs("\nAll the metrics of the window (tkt-metrics(7)):\n\n", out);
	if ((rc = tkt_report_write(p->r[NOW], out, "table")))
		return rc;
	return tkt_out_flush(out, "the report");
}

/* ---- the page as a mail ------------------------------------------------ */

int
tkt_page_mail(tkt_page *p, const struct tkt_config *c, const char *to, const char *subject,
              char **out)
{
	char *html = NULL, *plain = NULL;
	size_t hn = 0, pn = 0;
	FILE *h = open_memstream(&html, &hn), *t = open_memstream(&plain, &pn);
	int rc;

	*out = NULL;
	if (!h || !t)
		rc = tkt_error(EX_OSERR, "cannot make the mail: out of memory");
	else if (!(rc = tkt_page_html(p, h)) && !(rc = tkt_page_text(p, t))) {
		fclose(h);
		fclose(t);
		h = t = NULL;
		rc = tkt_mail_document(c, to, subject ? subject : p->title, plain, html, p->now, out);
	}
	if (h)
		fclose(h);
	if (t)
		fclose(t);
	free(html);
	free(plain);
	return rc;
}
