// SPDX-License-Identifier: GPL-2.0
/*
 * A VM's timeline as inline SVG; see report_svg.h.
 */
#include <inttypes.h>
#include <string.h>

#include "export_msg.h"
#include "report_esc.h"
#include "report_svg.h"

#define W	760	/* the picture */
#define H	150
#define X0	40	/* the plot */
#define X1	740
#define BASE	100	/* the bars' baseline */
#define BAR_H	80	/* the tallest bar */
#define BAND_Y	108	/* findings' bands */
#define BAND_H	14

static const char *sev_colour(const char *sev)
{
	if (sev && (!strcmp(sev, "high") || !strcmp(sev, "critical")))
		return "#c0392b";
	if (sev && !strcmp(sev, "medium"))
		return "#e67e22";
	return "#d4ac0d";
}

/* The x of wall-clock time @t on [@from, @to]. */
static double x_of(int64_t t, int64_t from, int64_t to)
{
	if (to <= from)
		return X0;
	if (t < from)
		t = from;
	if (t > to)
		t = to;
	return X0 + (double)(t - from) * (X1 - X0) / (double)(to - from);
}

static void bars(FILE *out, struct json_object *counts)
{
	size_t i, n = json_object_array_length(counts);
	double w = n ? (double)(X1 - X0) / n : 0, h;
	uint64_t max = 1, c;

	for (i = 0; i < n; i++) {
		c = json_object_get_uint64(json_object_array_get_idx(counts, i));
		if (c > max)
			max = c;
	}
	for (i = 0; i < n; i++) {
		c = json_object_get_uint64(json_object_array_get_idx(counts, i));
		if (!c)
			continue;
		h = (double)c * BAR_H / max;
		if (h < 1)
			h = 1;
		fprintf(out,
			"<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%" PRIu64 " records</title></rect>\n",
			X0 + i * w, BASE - h, w > 1.5 ? w - 1 : w, h, c);
	}
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"end\">%" PRIu64 "</text>\n",
		X0 - 4, BASE - BAR_H + 8, max);
}

static void bands(FILE *out, struct json_object *vm,
		  struct json_object *findings, int64_t from, int64_t to)
{
	const char *uuid = xt_jget_str(vm, "uuid"), *u;
	size_t i, n = findings ? json_object_array_length(findings) : 0;
	struct json_object *fi;
	double a, b;

	for (i = 0; i < n; i++) {
		fi = json_object_array_get_idx(findings, i);
		u = xt_jget_str(fi, "vm_uuid");
		if (!u || !uuid || strcmp(u, uuid))
			continue;
		a = x_of(xt_jget_int(fi, "first_ns"), from, to);
		b = x_of(xt_jget_int(fi, "last_ns"), from, to);
		fprintf(out,
			"<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>",
			a - 1.5, BAND_Y, b - a + 3, BAND_H,
			sev_colour(xt_jget_str(fi, "severity")));
		rep_esc(out, xt_jget_str(fi, "title"));
		fputs("</title></rect>\n", out);
	}
}

void rep_svg_timeline(FILE *out, struct json_object *vm,
		      struct json_object *findings)
{
	struct json_object *tl = json_object_object_get(vm, "timeline");
	int64_t from = xt_jget_int(tl, "from_ns"), to = xt_jget_int(tl, "to_ns");

	if (!tl || from < 0)
		return;
	fprintf(out,
		"<svg class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"records over time\">\n",
		W, H, W, H);
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"plot\"/>\n",
		X0, BASE - BAR_H, X1 - X0, BAR_H);
	bars(out, json_object_object_get(tl, "counts"));
	bands(out, vm, findings, from, to);
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>\n",
		X0, BASE, X1, BASE);
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"lbl\">", X0, H - 8);
	rep_esc(out, xt_jget_str(tl, "from"));
	fprintf(out, "</text>\n<text x=\"%d\" y=\"%d\" class=\"lbl\" text-anchor=\"end\">",
		X1, H - 8);
	rep_esc(out, xt_jget_str(tl, "to"));
	fputs("</text>\n</svg>\n", out);
}
