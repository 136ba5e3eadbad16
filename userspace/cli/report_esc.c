// SPDX-License-Identifier: GPL-2.0
/*
 * Log text made safe for the report's HTML; see report_esc.h.
 */
#include <stdlib.h>
#include <string.h>

#include "report_esc.h"
#include "text_safe.h"

void rep_esc(FILE *out, const char *s)
{
	char *e;
	const char *p;

	if (!s)
		return;
	e = xt_text_escape(s, strlen(s), 0);
	for (p = e ? e : "?"; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*p, out);
		}
	}
	free(e);
}
