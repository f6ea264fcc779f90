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
#define INK    "#333333"
#define GRID   "#d0d0d0"

static void
number(FILE *out, double v, int decimals, const char *unit)
{
	fprintf(out, "%.*f%s", decimals, v, unit ? unit : "");
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

void
tkt_chart_svg(FILE *out, const struct tkt_chart *c)
{
	double lo = c->ymin, hi = c->ymax, step, y, slot, plotw = W - LEFT - RIGHT;
	double ploth = H - TOP - BOTTOM, base;
	size_t i, s, every;
	int any = has_value(c);

	/* The range: fixed, else from zero to the largest value, rounded up
	 * to a whole step. */
	if (isnan(lo))
		lo = 0;
	if (isnan(hi)) {
		hi = 0;
		for (s = 0; s < c->nseries; s++)
			for (i = 0; i < c->n; i++)
				if (!isnan(c->series[s].v[i]) && c->series[s].v[i] > hi)
					hi = c->series[s].v[i];
		if (hi <= lo)
			hi = lo + 1;
		step = nice_step(hi - lo);
		if (c->decimals == 0 && step < 1)
			step = 1;
		hi = lo + ceil((hi - lo) / step) * step;
	} else {
		step = nice_step(hi - lo);
	}
#define YPOS(v) (TOP + ploth - ((v) - lo) / (hi - lo) * ploth)

	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 %.0f %.0f\""
	        " width=\"100%%\" aria-labelledby=\"%s-title %s-desc\" id=\"%s\""
	        " font-family=\"sans-serif\" font-size=\"12\">\n", W, H, c->id, c->id, c->id);
	fprintf(out, "<title id=\"%s-title\">", c->id);
	tkt_out_html(out, c->title);
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", c->id);
	tkt_out_html(out, c->desc);
	fputs("</desc>\n", out);

	/* The grid and the values on the left. */
	for (y = lo; y <= hi + step / 1e6; y += step) {
		double py = YPOS(y);

		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
		        " stroke-width=\"%s\"/>", LEFT, W - RIGHT, py, py, fabs(y) < step / 1e6 ? INK : GRID,
		        fabs(y) < step / 1e6 ? "1" : "0.5");
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">", LEFT - 4,
		        py + 4, INK);
		number(out, y, step < 1 ? 1 : 0, c->axis_unit);
		fputs("</text>\n", out);
	}

	/* The legend, when there is more than one series. */
	if (c->nseries > 1) {
		double x = LEFT;

		for (s = 0; s < c->nseries; s++) {
			fprintf(out, "<rect x=\"%.1f\" y=\"8\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			        "<text x=\"%.1f\" y=\"17\" fill=\"%s\">", x, c->series[s].colour, x + 14, INK);
			tkt_out_html(out, c->series[s].name);
			fputs("</text>\n", out);
			x += 24 + 6.5 * (double)strlen(c->series[s].name);
		}
	}

	/* The categories: at most 12 labels along the bottom, evenly
	 * spaced. */
	slot = c->n ? plotw / (double)c->n : plotw;
	every = c->n > 12 ? (c->n + 11) / 12 : 1;
	for (i = 0; i < c->n; i += every) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">",
		        LEFT + slot * ((double)i + 0.5), H - BOTTOM + 15, INK);
		tkt_out_html(out, c->labels[i]);
		fputs("</text>\n", out);
	}
	if (c->xlabel) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\">",
		        LEFT + plotw / 2, H - 4, INK);
		tkt_out_html(out, c->xlabel);
		fputs("</text>\n", out);
	}

	if (!any) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\""
		        " font-size=\"14\">", LEFT + plotw / 2, TOP + ploth / 2, INK);
		tkt_out_html(out, c->empty ? c->empty : "nothing in this window");
		fputs("</text>\n", out);
	}

	/* The values: bars side by side in each slot, or a line through
	 * points (broken where a category has none). */
	base = YPOS(lo < 0 && hi > 0 ? 0 : lo);
	for (s = 0; s < c->nseries && any; s++) {
		const struct tkt_series *se = &c->series[s];
		double bw = slot * 0.8 / (double)c->nseries;
		int open = 0;

		fprintf(out, "<g fill=\"%s\" stroke=\"%s\">\n", se->colour, se->colour);
		for (i = 0; i < c->n; i++) {
			double v = se->v[i], x, py;

			if (isnan(v)) {
				if (open)
					fputs("\"/>\n", out);
				open = 0;
				continue;
			}
			py = YPOS(v);
			if (c->kind == TKT_CHART_BARS) {
				x = LEFT + slot * (double)i + slot * 0.1 + bw * (double)s;
				fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
				        " stroke=\"none\"><title>", x, py < base ? py : base, bw > 1 ? bw - 0.5 : bw,
				        fabs(base - py) < 0.5 && v != 0 ? 0.5 : fabs(base - py));
			} else {
				x = LEFT + slot * ((double)i + 0.5);
				if (!open)
					fprintf(out, "<polyline fill=\"none\" stroke-width=\"2\" points=\"");
				fprintf(out, "%s%.2f,%.2f", open ? " " : "", x, py);
				open = 1;
				continue;
			}
			tkt_out_html(out, c->tips ? c->tips[i] : c->labels[i]);
			fputs(": ", out);
			tkt_out_html(out, se->name);
			fputs(" ", out);
			number(out, v, c->decimals, c->unit);
			fputs("</title></rect>\n", out);
		}
		if (open)
			fputs("\"/>\n", out);
		if (c->kind == TKT_CHART_LINE) {
			/* The points, each with its value. */
			for (i = 0; i < c->n; i++) {
				if (isnan(se->v[i]))
					continue;
				fprintf(out, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%s\" stroke=\"none\"><title>",
				        LEFT + slot * ((double)i + 0.5), YPOS(se->v[i]), c->n > 60 ? "1.5" : "3");
				tkt_out_html(out, c->tips ? c->tips[i] : c->labels[i]);
				fputs(": ", out);
				tkt_out_html(out, se->name);
				fputs(" ", out);
				number(out, se->v[i], c->decimals, c->unit);
				fputs("</title></circle>\n", out);
			}
		}
		fputs("</g>\n", out);
	}

	/* Marks across the categories: a target, say; their labels with a
	 * white halo, readable over a bar. */
	for (i = 0; i < c->nmarks; i++) {
		double x = LEFT + slot * c->marks[i].at;

		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b3261e\""
		        " stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>", x, x, TOP - 2, TOP + ploth);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#b3261e\" text-anchor=\"%s\""
		        " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">",
		        x + (x > W / 2 ? -3 : 3), TOP + 10 + 12 * (double)i, x > W / 2 ? "end" : "start");
		tkt_out_html(out, c->marks[i].label);
		fputs("</text>\n", out);
	}
	fputs("</svg>\n", out);
#undef YPOS
}
