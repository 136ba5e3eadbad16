// SPDX-License-Identifier: GPL-2.0
/*
 * The report as one HTML page; see report_html.h. One function per
 * section, in the page's order: header, integrity, VMs, findings,
 * timelines, terminal sessions, operator actions.
 */
#include <string.h>

#include "export_msg.h"
#include "report_esc.h"
#include "report_html.h"
#include "report_svg.h"

/* Evidence rows and process chains shown per finding (the JSON has more) */
#define HTML_ROWS	10
#define HTML_CHAINS	2

static const char css[] =
	"body{font:14px/1.4 sans-serif;color:#1b1f24;margin:0 auto;max-width:1100px;padding:1em 2em}\n"
	"h1{font-size:1.6em;border-bottom:3px solid #2c5282;padding-bottom:.2em}\n"
	"h2{font-size:1.3em;color:#2c5282;border-bottom:1px solid #cbd5e0;margin-top:1.6em}\n"
	"h3{font-size:1.1em;margin:1.2em 0 .4em}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0 1em}\n"
	"th,td{border:1px solid #cbd5e0;padding:3px 6px;text-align:left;vertical-align:top}\n"
	"th{background:#edf2f7}\n"
	"td.msg,code,.mono{font-family:monospace;word-break:break-all}\n"
	".ok{background:#c6f6d5;border-left:6px solid #2f855a;padding:.5em 1em}\n"
	".bad{background:#fed7d7;border-left:6px solid #c53030;padding:.5em 1em}\n"
	".note{color:#4a5568}\n"
	".finding{border:1px solid #cbd5e0;border-left:6px solid #d4ac0d;padding:.3em 1em;margin:.8em 0}\n"
	".finding.high,.finding.critical{border-left-color:#c0392b}\n"
	".finding.medium{border-left-color:#e67e22}\n"
	".sev{display:inline-block;padding:0 .5em;border-radius:3px;background:#edf2f7;font-size:.85em}\n"
	"svg.timeline{max-width:100%;height:auto;background:#fff}\n"
	"svg .plot{fill:#f7fafc;stroke:#e2e8f0}\n"
	"svg .bar{fill:#3182ce}\n"
	"svg .axis{stroke:#4a5568}\n"
	"svg .lbl{font:10px sans-serif;fill:#4a5568}\n"
	"nav ol{columns:2}\n"
	"@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}"
	"h2{break-after:avoid}.finding,svg,tr{break-inside:avoid}"
	"a{color:inherit;text-decoration:none}th{background:#eee}}\n";

/* A JSON value as text: null as a dash, a string escaped, else its JSON. */
static void val(FILE *out, struct json_object *v)
{
	if (!v)
		fputs("&#8212;", out);
	else if (json_object_is_type(v, json_type_string))
		rep_esc(out, json_object_get_string(v));
	else
		rep_esc(out, json_object_to_json_string_ext(
			v, JSON_C_TO_STRING_PLAIN));
}

static void key(FILE *out, struct json_object *o, const char *k)
{
	val(out, json_object_object_get(o, k));
}

/* <tr><th>@label</th><td>@o[@k]</td></tr> */
static void row(FILE *out, const char *label, struct json_object *o,
		const char *k)
{
	fprintf(out, "<tr><th>%s</th><td>", label);
	key(out, o, k);
	fputs("</td></tr>\n", out);
}

/* A table of the objects of @a: a column for each of @keys, as @heads. */
static void table_max(FILE *out, struct json_object *a, const char *const *keys,
		      const char *const *heads, size_t n, const char *msg_key,
		      size_t max)
{
	size_t i, j, len = a ? json_object_array_length(a) : 0;
	struct json_object *e;

	if (!len) {
		fputs("<p class=\"note\">None.</p>\n", out);
		return;
	}
	fputs("<table><tr>", out);
	for (j = 0; j < n; j++)
		fprintf(out, "<th>%s</th>", heads[j]);
	fputs("</tr>\n", out);
	for (i = 0; i < len && i < max; i++) {
		e = json_object_array_get_idx(a, i);
		fputs("<tr>", out);
		for (j = 0; j < n; j++) {
			fputs(msg_key && !strcmp(keys[j], msg_key) ?
			      "<td class=\"msg\">" : "<td>", out);
			key(out, e, keys[j]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	if (len > max)
		fprintf(out, "<p class=\"note\">%zu more rows in the report's JSON.</p>\n",
			len - max);
}

static void html_table(FILE *out, struct json_object *a,
		       const char *const *keys, const char *const *heads,
		       size_t n, const char *msg_key)
{
	table_max(out, a, keys, heads, n, msg_key, (size_t)-1);
}

static void html_header(FILE *out, struct json_object *root)
{
	struct json_object *log = json_object_object_get(root, "log");
	struct json_object *sc = json_object_object_get(root, "scope");
	struct json_object *ak = json_object_object_get(log, "auditor_key");
	struct json_object *files = json_object_object_get(log, "files");
	size_t i, n = files ? json_object_array_length(files) : 0;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>xtrail report</title>\n<style>\n", out);
	fputs(css, out);
	fputs("</style>\n</head>\n<body>\n<header>\n", out);
	if (sc) {
		fputs("<h1>xtrail transparency report: VM ", out);
		key(out, sc, "vm_uuid");
		fputs("</h1>\n<p>What the provider's accountability log holds about this VM, and nothing about any other customer.</p>\n",
		      out);
	} else {
		fputs("<h1>xtrail report</h1>\n", out);
	}
	fputs("<table>\n", out);
	row(out, "Generated", root, "generated");
	fputs("<tr><th>Where the records are stored</th><td class=\"mono\">", out);
	for (i = 0; i < n; i++) {
		fputs(i ? "<br>" : "", out);
		val(out, json_object_array_get_idx(files, i));
	}
	fputs("</td></tr>\n", out);
	row(out, "Encrypted to (auditor's public key)", ak, "public_key");
	row(out, "Auditor key fingerprint", ak, "fingerprint");
	fputs("</table>\n</header>\n", out);
}

static void html_nav(FILE *out, int scoped)
{
	fputs("<nav><ol>\n<li><a href=\"#integrity\">Integrity of the log</a></li>\n"
	      "<li><a href=\"#vms\">VMs</a></li>\n"
	      "<li><a href=\"#findings\">Findings by CSA threat</a></li>\n"
	      "<li><a href=\"#timelines\">Timelines</a></li>\n"
	      "<li><a href=\"#tty\">Terminal sessions</a></li>\n", out);
	fprintf(out, "<li><a href=\"#operator\">%s</a></li>\n</ol></nav>\n",
		scoped ? "Operator actions on this VM's logging" :
		"Operator actions");
}

static void integrity_vms(FILE *out, struct json_object *vms)
{
	static const char *const k[] = {
		"declared_lost_by_guest", "missing_seen_by_dom0",
		"flows_not_tracked_by_dom0", "violations", "heartbeat_silences",
	};
	size_t i, j, n = vms ? json_object_array_length(vms) : 0;
	struct json_object *v, *l;

	fputs("<h3>Per VM</h3>\n<table><tr><th>VM</th><th>Records declared lost (by the guest)</th>"
	      "<th>Records missing (seen by dom0)</th><th>Flows not tracked (dom0)</th>"
	      "<th>Violations</th><th>Heartbeat silences</th></tr>\n", out);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(vms, i);
		l = json_object_object_get(v, "losses");
		fputs("<tr><td>", out);
		key(out, v, "name");
		fputs(" <span class=\"mono\">", out);
		key(out, v, "uuid");
		fputs("</span></td>", out);
		for (j = 0; j < sizeof(k) / sizeof(k[0]); j++) {
			fputs("<td>", out);
			key(out, l, k[j]);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void html_integrity(FILE *out, struct json_object *root)
{
	struct json_object *in = json_object_object_get(root, "integrity");
	struct json_object *d = json_object_object_get(root, "dom0");
	const char *v = xt_jget_str(in, "verdict");
	static const char *const ek[] = { "time", "by", "detail", "f3_seq" };
	static const char *const eh[] = { "Time", "By", "What", "F3 seq" };

	fputs("<section id=\"integrity\">\n<h2>1. Integrity of the log</h2>\n", out);
	if (v && !strcmp(v, "ok"))
		fputs("<p class=\"ok\"><b>Verified.</b> Structure, CRCs, sequence numbers, the hash chain and the seals are intact; every record decrypted with the auditor's key.</p>\n",
		      out);
	else {
		fputs("<p class=\"bad\"><b>Verification FAILED:</b> ", out);
		key(out, in, "error");
		fputs(". What follows covers the log up to that point only.</p>\n", out);
	}
	fputs("<table>\n", out);
	row(out, "Segments", in, "segments");
	row(out, "Records", in, "records");
	row(out, "Seals", in, "seals");
	row(out, "Seal epochs", in, "epochs");
	row(out, "Seal MACs checked (initial sealing key given)", in, "seal_macs_checked");
	row(out, "Anchor", in, "anchor");
	row(out, "Records after the last seal (not sealed yet)", in, "unsealed_records");
	row(out, "Failure markers (xtraild: disk full or error)", in, "failure_markers");
	row(out, "Retained log (starts at sequence)", in, "retained_from");
	fputs("</table>\n", out);
	integrity_vms(out, json_object_object_get(root, "vms"));
	fputs("<h3>Losses in the whole log (xtraild, dom0)</h3>\n", out);
	html_table(out, json_object_object_get(d, "log_events"), ek, eh, 4, NULL);
	fputs("</section>\n", out);
}

/* "7 (2026-...Z to 2026-...Z, disconnect: violation)" of each period. */
static void periods(FILE *out, struct json_object *ps)
{
	size_t i, n = ps ? json_object_array_length(ps) : 0;
	struct json_object *p;

	for (i = 0; i < n; i++) {
		p = json_object_array_get_idx(ps, i);
		fputs(i ? "<br>" : "", out);
		fputs("<b>", out);
		key(out, p, "domid");
		fputs("</b> ", out);
		key(out, p, "from");
		fputs(" &#8211; ", out);
		key(out, p, "to");
		if (json_object_object_get(p, "disconnect")) {
			fputs(" (disconnect: ", out);
			key(out, p, "disconnect");
			fputs(")", out);
		}
	}
}

/* Every name a VM had, one a line. */
static void names(FILE *out, struct json_object *a)
{
	size_t i, n = a ? json_object_array_length(a) : 0;

	for (i = 0; i < n; i++) {
		fputs(i ? "<br>" : "", out);
		val(out, json_object_array_get_idx(a, i));
	}
}

static void vm_trail(FILE *out, struct json_object *v)
{
	static const char *const k[] = { "time", "kind", "by", "detail", "f3_seq" };
	static const char *const h[] = { "Time", "Event", "By", "What", "F3 seq" };
	struct json_object *t = json_object_object_get(v, "trail_events");

	if (!t || !json_object_array_length(t))
		return;
	fputs("<h3>Holes and abuse in the trail of ", out);
	key(out, v, "name");
	fputs("</h3>\n", out);
	html_table(out, t, k, h, 5, NULL);
}

static void html_vms(FILE *out, struct json_object *root)
{
	struct json_object *a = json_object_object_get(root, "vms"), *v;
	size_t i, n = a ? json_object_array_length(a) : 0;

	fputs("<section id=\"vms\">\n<h2>2. VMs</h2>\n", out);
	if (!n)
		fputs("<p class=\"note\">No VM identity in the log.</p>\n", out);
	else
		fputs("<table><tr><th>Name</th><th>UUID</th><th>domid: from &#8211; to</th>"
		      "<th>Records</th><th>Names it had</th></tr>\n", out);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		fputs("<tr><td>", out);
		key(out, v, "name");
		fputs("</td><td class=\"mono\">", out);
		key(out, v, "uuid");
		fputs("</td><td>", out);
		periods(out, json_object_object_get(v, "periods"));
		fputs("</td><td>", out);
		key(out, v, "records");
		fputs("</td><td>", out);
		names(out, json_object_object_get(v, "names"));
		fputs("</td></tr>\n", out);
	}
	if (n)
		fputs("</table>\n", out);
	for (i = 0; i < n; i++)
		vm_trail(out, json_object_array_get_idx(a, i));
	fputs("</section>\n", out);
}

static void chains(FILE *out, struct json_object *cs)
{
	size_t i, j, n = cs ? json_object_array_length(cs) : 0, m;
	struct json_object *ps, *p;

	if (n > HTML_CHAINS)
		n = HTML_CHAINS;
	for (i = 0; i < n; i++) {
		ps = json_object_object_get(json_object_array_get_idx(cs, i),
					    "processes");
		m = ps ? json_object_array_length(ps) : 0;
		fputs("<p>Process chain (the process first, then its parents):</p>\n<ol class=\"mono\">\n",
		      out);
		for (j = 0; j < m; j++) {
			p = json_object_array_get_idx(ps, j);
			fputs("<li>pid ", out);
			key(out, p, "pid");
			fputs(" uid ", out);
			key(out, p, "uid");
			fputs(" euid ", out);
			key(out, p, "euid");
			fputs(" login uid ", out);
			key(out, p, "loginuid");
			fputs(" session ", out);
			key(out, p, "sessionid");
			fputs(" [", out);
			key(out, p, "comm");
			fputs("] ", out);
			key(out, p, "argv");
			fputs(" <span class=\"note\">exec ", out);
			key(out, p, "exec_time");
			fputs("</span></li>\n", out);
		}
		fputs("</ol>\n", out);
	}
}

static void html_finding(FILE *out, struct json_object *f)
{
	static const char *const k[] = { "time", "f3_seq", "type", "message" };
	static const char *const h[] = { "Time", "F3 seq", "Type", "Record" };
	const char *sev = xt_jget_str(f, "severity");

	fputs("<article class=\"finding ", out);
	rep_esc(out, sev);
	fputs("\">\n<h4>", out);
	key(out, f, "title");
	fputs("</h4>\n<p><span class=\"sev\">", out);
	rep_esc(out, sev);
	fputs("</span> rule <code>", out);
	key(out, f, "rule");
	fputs("</code>; VM ", out);
	key(out, f, "vm_name");
	fputs(" <span class=\"mono\">", out);
	key(out, f, "vm_uuid");
	fputs("</span> (domid ", out);
	key(out, f, "domid");
	fputs("); uid ", out);
	key(out, f, "uid");
	fputs(", login uid ", out);
	key(out, f, "loginuid");
	fputs("; ", out);
	key(out, f, "first");
	fputs(" &#8211; ", out);
	key(out, f, "last");
	fputs("</p>\n<p>", out);
	key(out, f, "summary");
	fputs("</p>\n", out);
	table_max(out, json_object_object_get(f, "evidence"), k, h, 4, "message",
		  HTML_ROWS);
	if (xt_jget_int(f, "evidence_not_listed") > 0) {
		fputs("<p class=\"note\">Records not listed: ", out);
		key(out, f, "evidence_not_listed");
		fputs(" (all are in the finding's JSON: records).</p>\n", out);
	}
	chains(out, json_object_object_get(f, "process_chains"));
	fputs("</article>\n", out);
}

static void html_findings(FILE *out, struct json_object *root)
{
	struct json_object *fs = json_object_object_get(root, "findings");
	struct json_object *gs = json_object_object_get(fs, "by_threat"), *g, *l;
	size_t i, j, n = gs ? json_object_array_length(gs) : 0;

	fputs("<section id=\"findings\">\n<h2>3. Findings by CSA threat</h2>\n<p class=\"note\">Source: ",
	      out);
	key(out, fs, "source");
	fputs(". Each finding names the records behind it by F3 sequence number; each can be checked with xtrail export.</p>\n",
	      out);
	if (!n)
		fputs("<p class=\"note\">No finding.</p>\n", out);
	for (i = 0; i < n; i++) {
		g = json_object_array_get_idx(gs, i);
		l = json_object_object_get(g, "findings");
		fputs("<h3>Threat ", out);
		key(out, g, "threat");
		fputs(": ", out);
		key(out, g, "threat_name");
		fprintf(out, " (%zu)</h3>\n", json_object_array_length(l));
		for (j = 0; j < json_object_array_length(l); j++)
			html_finding(out, json_object_array_get_idx(l, j));
	}
	fputs("</section>\n", out);
}

/* Every finding, whatever its threat: for the timelines. */
static struct json_object *all_findings(struct json_object *root)
{
	struct json_object *gs = json_object_object_get(
		json_object_object_get(root, "findings"), "by_threat");
	struct json_object *all = json_object_new_array(), *l;
	size_t i, j, n = gs ? json_object_array_length(gs) : 0;

	for (i = 0; all && i < n; i++) {
		l = json_object_object_get(json_object_array_get_idx(gs, i),
					   "findings");
		for (j = 0; j < json_object_array_length(l); j++)
			json_object_array_add(all, json_object_get(
				json_object_array_get_idx(l, j)));
	}
	return all;
}

static void html_timelines(FILE *out, struct json_object *root)
{
	struct json_object *a = json_object_object_get(root, "vms"), *v;
	struct json_object *all = all_findings(root);
	size_t i, n = a ? json_object_array_length(a) : 0;

	fputs("<section id=\"timelines\">\n<h2>4. Timelines</h2>\n<p class=\"note\">Blue: the VM's records over time (each bar a sixtieth of its span; the tallest's count at the left). Below: its findings, red high, orange medium, yellow low.</p>\n",
	      out);
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(a, i);
		fputs("<h3>", out);
		key(out, v, "name");
		fputs(" <span class=\"mono\">", out);
		key(out, v, "uuid");
		fputs("</span></h3>\n", out);
		rep_svg_timeline(out, v, all);
	}
	json_object_put(all);
	fputs("</section>\n", out);
}

static void html_sessions(FILE *out, struct json_object *root)
{
	static const char *const k[] = {
		"vm_uuid", "domid", "tty", "first", "last", "records",
		"out_bytes", "in_bytes", "replay",
	};
	static const char *const h[] = {
		"VM", "domid", "Terminal", "First", "Last", "Records",
		"Bytes out", "Bytes in", "Replay it with",
	};

	fputs("<section id=\"tty\">\n<h2>5. Terminal sessions</h2>\n", out);
	html_table(out, json_object_object_get(root, "tty_sessions"), k, h, 9,
		   "replay");
	fputs("</section>\n", out);
}

static void html_operator(FILE *out, struct json_object *root)
{
	static const char *const k[] = {
		"time", "action", "result", "target", "target_vm", "text",
		"uid", "loginuid", "comm", "pid", "f3_seq",
	};
	static const char *const h[] = {
		"Time", "Action", "Result", "Target domid", "Its VM", "Asked",
		"uid", "Login uid", "Program", "pid", "F3 seq",
	};
	struct json_object *a = json_object_object_get(root, "operator_actions");
	struct json_object *vs = json_object_object_get(root, "vms");

	fputs("<section id=\"operator\">\n", out);
	if (json_object_object_get(root, "scope")) {
		fputs("<h2>6. Operator actions on this VM's logging</h2>\n<p class=\"note\">Every action of the host's operators on the logging of this VM (aimed at it, or at every guest), applied or refused, as dom0 recorded it (CONTROL records).</p>\n",
		      out);
		a = json_object_object_get(json_object_array_get_idx(vs, 0),
					   "operator_actions");
	} else {
		fputs("<h2>6. Operator actions</h2>\n<p class=\"note\">Every action on the logging itself (CONTROL records): pause, resume, configuration, attach, detach, the module's loads, the readers of /dev/xtrail.</p>\n",
		      out);
	}
	html_table(out, a, k, h, 11, "text");
	fputs("</section>\n", out);
}

int rep_html_write(FILE *out, struct json_object *root)
{
	html_header(out, root);
	html_nav(out, json_object_object_get(root, "scope") != NULL);
	html_integrity(out, root);
	html_vms(out, root);
	html_findings(out, root);
	html_timelines(out, root);
	html_sessions(out, root);
	html_operator(out, root);
	fputs("<footer><p class=\"note\">Made by xtrail report from the log named above. The same content, for tools: xtrail report --json.</p></footer>\n</body>\n</html>\n",
	      out);
	return ferror(out) ? -1 : 0;
}
