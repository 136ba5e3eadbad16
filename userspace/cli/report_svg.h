/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail report": the timeline picture of a VM, an inline SVG drawn by
 * the tool (no script, no external file): the VM's records per column of
 * time (its activity density) as bars, and below them each finding about
 * the VM as a band from its first to its last record, coloured by
 * severity, with the finding's title as the band's tooltip.
 */
#ifndef XTRAIL_CLI_REPORT_SVG_H
#define XTRAIL_CLI_REPORT_SVG_H

#include <stdio.h>

#include <json.h>

/*
 * Write the picture of the VM section @vm (report_model.h: its
 * "timeline") with the findings in @findings (a JSON array; those of
 * other VMs are skipped). Nothing when the VM has no timeline.
 */
void rep_svg_timeline(FILE *out, struct json_object *vm,
		      struct json_object *findings);

#endif /* XTRAIL_CLI_REPORT_SVG_H */
