/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail report": the report's JSON object (report_model.h, the schema in
 * doc/report.schema.json) shown as one self-contained HTML page: inline
 * CSS (with a print style) and inline SVG (report_svg.h), no script, no
 * external file, no network (its Content-Security-Policy forbids both), so
 * that it opens offline in any browser and can be handed over as it is.
 * Every string of the log is escaped (report_esc.h).
 */
#ifndef XTRAIL_CLI_REPORT_HTML_H
#define XTRAIL_CLI_REPORT_HTML_H

#include <stdio.h>

#include <json.h>

/* Write the page of @root to @out. 0, or -1 on a write error. */
int rep_html_write(FILE *out, struct json_object *root);

#endif /* XTRAIL_CLI_REPORT_HTML_H */
