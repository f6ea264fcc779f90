/* chart.c: charts drawn as SVG by the report itself, for a page that is
 * mailed and opened offline: no script, no font, nothing fetched.  Colours
 * are attributes rather than a style sheet's, so that a mail client that
 * drops <style> still draws them; every chart has a title and a
 * description for screen readers, and every bar or point a tooltip with
 * its exact value. */
#include <math.h>
#include <string.h>

#include "tkt-int.h"

/* The drawing area, in the units of the viewBox; the SVG scales to the
 * width of its container. */
#define W      640.0
#define H      240.0
#define LEFT   46.0
#define RIGHT  10.0
#define TOP    30.0
#define BOTTOM 34.0
#define PLOTW  (W - LEFT - RIGHT)
#define PLOTH  (H - TOP - BOTTOM)
#define INK    "#333333"
#define GRID   "#d0d0d0"

/* Where a chart draws: its value range and the width of each category. */
struct plot {
	double lo, hi, step, slot;
};

static double
ypos(const struct plot *pl, double v)
{
	return TOP + PLOTH - (v - pl->lo) / (pl->hi - pl->lo) * PLOTH;
}

/* Text s at (x, y): attrs are the text element's other attributes. */
static void
text_at(FILE *out, double x, double y, const char *attrs, const char *s)
{
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attrs);
	tkt_out_html(out, s);
	fputs("</text>\n", out);
}

static void
number(FILE *out, double v, int decimals, const char *unit)
{
	fprintf(out, "%.*f%s", decimals, v, unit ? unit : "");
}

/* The tooltip of value v of series se in category i, and the end of the
 * element it belongs to. */
static void
tooltip(FILE *out, const struct tkt_chart *c, const struct tkt_series *se, size_t i, double v,
        const char *element)
{
	fputs("<title>", out);
	tkt_out_html(out, c->tips ? c->tips[i] : c->labels[i]);
	fputs(": ", out);
	tkt_out_html(out, se->name);
	putc(' ', out);
	number(out, v, c->decimals, c->unit);
	fprintf(out, "</title></%s>\n", element);
}

/* A step of 1, 2 or 5 times a power of ten giving at most 5 intervals. */
static double
nice_step(double span)
{
	double raw = span / 5, mag, f;

	if (raw <= 0)
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static int
has_value(const struct tkt_chart *c)
{
	size_t i, s;

	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->n; i++)
			if (!isnan(c->series[s].v[i]) && (c->series[s].v[i] != 0 || c->zero_is_value))
				return 1;
	return 0;
}

/* The range: fixed, else from zero to the largest value, rounded up to a
 * whole step. */
static struct plot
plot_of(const struct tkt_chart *c)
{
	struct plot pl = { isnan(c->ymin) ? 0 : c->ymin, c->ymax, 0, 0 };
	size_t i, s;

	pl.slot = c->n ? PLOTW / (double)c->n : PLOTW;
	if (!isnan(pl.hi)) {
		pl.step = nice_step(pl.hi - pl.lo);
		return pl;
	}
	pl.hi = 0;
	for (s = 0; s < c->nseries; s++)
		for (i = 0; i < c->n; i++)
			if (!isnan(c->series[s].v[i]) && c->series[s].v[i] > pl.hi)
				pl.hi = c->series[s].v[i];
	if (pl.hi <= pl.lo)
		pl.hi = pl.lo + 1;
	pl.step = nice_step(pl.hi - pl.lo);
	if (c->decimals == 0 && pl.step < 1)
		pl.step = 1;
	pl.hi = pl.lo + ceil((pl.hi - pl.lo) / pl.step) * pl.step;
	return pl;
}

/* The grid with its values on the left, the legend when there is more
 * than one series, and at most 12 category labels along the bottom. */
static void
axes(FILE *out, const struct tkt_chart *c, const struct plot *pl)
{
	char attrs[64];
	double x = LEFT, y;
	size_t i, every = c->n > 12 ? (c->n + 11) / 12 : 1;

	for (y = pl->lo; y <= pl->hi + pl->step / 1e6; y += pl->step) {
		int zero = fabs(y) < pl->step / 1e6;

		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
		        " stroke-width=\"%s\"/>", LEFT, W - RIGHT, ypos(pl, y), ypos(pl, y),
		        zero ? INK : GRID, zero ? "1" : "0.5");
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">", LEFT - 4,
		        ypos(pl, y) + 4, INK);
		number(out, y, pl->step < 1 ? 1 : 0, c->axis_unit);
		fputs("</text>\n", out);
	}
	snprintf(attrs, sizeof attrs, "fill=\"%s\"", INK);
	for (i = 0; c->nseries > 1 && i < c->nseries; i++) {
		fprintf(out, "<rect x=\"%.1f\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
		        c->series[i].colour);
		text_at(out, x + 14, 17, attrs, c->series[i].name);
		x += 24 + 6.5 * (double)strlen(c->series[i].name);
	}
	snprintf(attrs, sizeof attrs, "text-anchor=\"middle\" fill=\"%s\"", INK);
	for (i = 0; i < c->n; i += every)
		text_at(out, LEFT + pl->slot * ((double)i + 0.5), H - BOTTOM + 15, attrs, c->labels[i]);
	if (c->xlabel)
		text_at(out, LEFT + PLOTW / 2, H - 4, attrs, c->xlabel);
}

/* Series s as bars, side by side with the others' in each category. */
static void
bars(FILE *out, const struct tkt_chart *c, const struct plot *pl, size_t s)
{
	const struct tkt_series *se = &c->series[s];
	double bw = pl->slot * 0.8 / (double)c->nseries;
	double base = ypos(pl, pl->lo < 0 && pl->hi > 0 ? 0 : pl->lo);
	size_t i;

	for (i = 0; i < c->n; i++) {
		double v = se->v[i], py = ypos(pl, v);

		if (isnan(v))
			continue;
		fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" stroke=\"none\">",
		        LEFT + pl->slot * (double)i + pl->slot * 0.1 + bw * (double)s,
		        py < base ? py : base, bw > 1 ? bw - 0.5 : bw,
		        fabs(base - py) < 0.5 && v != 0 ? 0.5 : fabs(base - py));
		tooltip(out, c, se, i, v, "rect");
	}
}

/* Series s as a line through its points, broken where a category has
 * none, and the points. */
static void
line(FILE *out, const struct tkt_chart *c, const struct plot *pl, size_t s)
{
	const struct tkt_series *se = &c->series[s];
	size_t i;
	int open = 0;

	for (i = 0; i < c->n; i++) {
		if (isnan(se->v[i])) {
			if (open)
				fputs("\"/>\n", out);
			open = 0;
			continue;
		}
		if (!open)
			fputs("<polyline fill=\"none\" stroke-width=\"2\" points=\"", out);
		fprintf(out, "%s%.2f,%.2f", open ? " " : "", LEFT + pl->slot * ((double)i + 0.5),
		        ypos(pl, se->v[i]));
		open = 1;
	}
	if (open)
		fputs("\"/>\n", out);
	for (i = 0; i < c->n; i++) {
		if (isnan(se->v[i]))
			continue;
		fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%s\" stroke=\"none\">",
		        LEFT + pl->slot * ((double)i + 0.5), ypos(pl, se->v[i]), c->n > 60 ? "1.5" : "3");
		tooltip(out, c, se, i, se->v[i], "circle");
	}
}

void
tkt_chart_svg(FILE *out, const struct tkt_chart *c)
{
	struct plot pl = plot_of(c);
	char attrs[128];
	size_t i, s;

	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %.0f %.0f\""
	        " width=\"100%%\" aria-labelledby=\"%s-title %s-desc\" id=\"%s\""
	        " font-family=\"sans-serif\" font-size=\"12\">\n", W, H, c->id, c->id, c->id);
	fprintf(out, "<title id=\"%s-title\">", c->id);
	tkt_out_html(out, c->title);
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", c->id);
	tkt_out_html(out, c->desc);
	fputs("</desc>\n", out);
	axes(out, c, &pl);
	if (!has_value(c)) {
		snprintf(attrs, sizeof attrs, "text-anchor=\"middle\" fill=\"%s\" font-size=\"14\"", INK);
		text_at(out, LEFT + PLOTW / 2, TOP + PLOTH / 2, attrs,
		        c->empty ? c->empty : "nothing in this window");
	} else {
		for (s = 0; s < c->nseries; s++) {
			fprintf(out, "<g fill=\"%s\" stroke=\"%s\">\n", c->series[s].colour,
			        c->series[s].colour);
			(c->kind == TKT_CHART_BARS ? bars : line)(out, c, &pl, s);
			fputs("</g>\n", out);
		}
	}
	/* Marks across the categories: a target, say; their labels with a
	 * white halo, readable over a bar. */
	for (i = 0; i < c->nmarks; i++) {
		double x = LEFT + pl.slot * c->marks[i].at;

		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\""
		        " stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", x, x, TOP - 2, TOP + PLOTH);
		snprintf(attrs, sizeof attrs, "fill=\"#b3261e\" text-anchor=\"%s\" stroke=\"#ffffff\""
		         " stroke-width=\"3\" paint-order=\"stroke\"", x > W / 2 ? "end" : "start");
		text_at(out, x + (x > W / 2 ? -3 : 3), TOP + 10 + 12 * (double)i, attrs,
		        c->marks[i].label);
	}
	fputs("</svg>\n", out);
}
