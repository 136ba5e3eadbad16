/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail report": text written into the HTML page and its SVG pictures.
 * Every string that comes from a log (a guest controls argv, comm, paths,
 * terminal names; a customer names its VM) goes through rep_esc(): first
 * its display form (text_safe.h: no control, C1 or bidi character left),
 * then HTML's escapes for & < > " and ', so that it is text in an element
 * or an attribute value, never markup.
 */
#ifndef XTRAIL_CLI_REPORT_ESC_H
#define XTRAIL_CLI_REPORT_ESC_H

#include <stdio.h>

/* @s (NULL: nothing) escaped as above. */
void rep_esc(FILE *out, const char *s);

#endif /* XTRAIL_CLI_REPORT_ESC_H */
