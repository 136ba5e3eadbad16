// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail attribute: the cross-check, run by the auditor on the sealed log.
 * Read an F3 log (files or directories, as export does) with the auditor's
 * secret key, hand every record to the cross-check (attribution.h), and
 * print one line per flow dom0 saw: when, which VM, the 5-tuple, the
 * verdict, and the process and program behind it. Exit status 2 when a
 * flow shown is UNATTRIBUTED.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attribution.h"
#include "cli.h"
#include "flow_out.h"
#include "log_reader.h"
#include "record_json.h"
#include "text_safe.h"

#define ATTR_DOMIDS_MAX	16

static void attribute_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE|DIR... [--key auditor.key] [--seal-key K]\n"
		"       [--window SECONDS] [--domid N] [--vm NAME|UUID] [--json]\n"
		"\n"
		"Check every item of the F3 log (files, or every F3 file of a\n"
		"directory, \"-\" for standard input), decrypt it with the auditor's\n"
		"secret key (--key, default $XTRAIL_AUDITOR_KEY), and match each\n"
		"flow dom0 saw on a guest's vif (FLOW records) with the guest's own\n"
		"record of it (its connect, sendto or accept NET record: same\n"
		"5-tuple, within --window seconds of the first packet, default 2).\n"
		"One line per flow: time, VM, 5-tuple, verdict, and the process\n"
		"(pid, uid, login uid, session, comm) with its program's argv:\n"
		"  attributed    the guest recorded the syscall that made it\n"
		"  unattributed  the guest's trail is complete there and has no\n"
		"                record of it: its logger was unloaded, silenced,\n"
		"                filtered, or lied\n"
		"  unknown       the guest's trail has a hole there (lost, seq_gap,\n"
		"                hb_silence, disconnected, dom0_lost, stream)\n"
		"  inbound       initiated from outside (with the accepting\n"
		"                process when the guest recorded the accept)\n"
		"A matched TCP flow whose socket the guest closed shows the\n"
		"guest's payload bytes beside dom0's IP bytes: ok; over (the\n"
		"guest counts more than the wire carried); under (the wire carried\n"
		"more than twice the guest's count, headers taken off); open\n"
		"(dom0's flow not over); udp (shown, not compared).\n"
		"--domid and --vm (name or UUID; each may be repeated) choose the\n"
		"flows shown; the match always uses the whole log. --json writes\n"
		"one JSON object per flow. Exit status: 0, 1 on an error, 2 when a\n"
		"flow shown is unattributed.\n",
		cmd);
}

struct attr_opts {
	const char *key_path;
	const char *seal_path;
	uint64_t window_ns;
	int json;
	unsigned int domids[ATTR_DOMIDS_MAX];
	unsigned int n_domids;
	const char *vms[ATTR_DOMIDS_MAX];
	unsigned int n_vms;
};

/* "2", "0.5": seconds, at most an hour. 0, or -1 after a message. */
static int parse_window(const char *cmd, const char *s, uint64_t *ns)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || *end || !(v >= 0 && v <= 3600)) {
		fprintf(stderr, "%s: bad window '%s' (seconds, 0..3600)\n", cmd,
			s);
		return -1;
	}
	*ns = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

/* Options into @ao: CLI_CONTINUE, or the exit status. */
static int attribute_opts(int argc, char *argv[], struct attr_opts *ao)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "window", required_argument, NULL, 'w' },
		{ "domid", required_argument, NULL, 'D' },
		{ "vm", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'k':
			ao->key_path = optarg;
			break;
		case 's':
			ao->seal_path = optarg;
			break;
		case 'w':
			if (parse_window(cmd, optarg, &ao->window_ns))
				return 1;
			break;
		case 'D':
			if (ao->n_domids == ATTR_DOMIDS_MAX) {
				fprintf(stderr, "%s: at most %d --domid\n",
					cmd, ATTR_DOMIDS_MAX);
				return 1;
			}
			if (parse_uint(cmd, "domid", optarg, 0, 65535,
				       &ao->domids[ao->n_domids]))
				return 1;
			ao->n_domids++;
			break;
		case 'V':
			if (ao->n_vms == ATTR_DOMIDS_MAX) {
				fprintf(stderr, "%s: at most %d --vm\n", cmd,
					ATTR_DOMIDS_MAX);
				return 1;
			}
			ao->vms[ao->n_vms++] = optarg;
			break;
		case 'j':
			ao->json = 1;
			break;
		case 'h':
			attribute_usage(stdout, cmd);
			return 0;
		default:
			attribute_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		attribute_usage(stderr, cmd);
		return 1;
	}
	return CLI_CONTINUE;
}

/* Whether the flow @f is one the options ask for. */
static int attr_wanted(const struct attr_opts *ao,
		       const struct xt_attr_flow *f)
{
	char uuid[37];
	unsigned int i;
	int ok = !ao->n_domids;

	for (i = 0; i < ao->n_domids; i++)
		ok |= ao->domids[i] == f->domid;
	if (!ok || !ao->n_vms)
		return ok;
	if (!f->has_vm)
		return 0;
	flow_uuid_str(uuid, f->uuid);
	for (i = 0; i < ao->n_vms; i++)
		if (!strcmp(ao->vms[i], f->name) ||
		    !strcasecmp(ao->vms[i], uuid))
			return 1;
	return 0;
}

/* One flow as a line of JSON; 0, or -1 when memory runs out. */
static int print_json(FILE *out, const struct xt_attr_flow *f)
{
	struct json_object *o = flow_json(f);
	char *line = o ? xt_json_line(o) : NULL;

	json_object_put(o);
	if (!line)
		return -1;
	fprintf(out, "%s\n", line);
	free(line);
	return 0;
}

static int attribute_rec(void *ctx, const void *rec, uint32_t len)
{
	if (xt_attr_add(ctx, rec, len)) {
		fprintf(stderr, "xtrail attribute: out of memory\n");
		return 1;
	}
	return 0;
}

/* Print the flows asked for. 0, 2 (one unattributed), or 1. */
static int attribute_print(const char *cmd, const struct attr_opts *ao,
			   struct xt_attr *a)
{
	unsigned long n[XT_ATTR_INBOUND + 1] = { 0 };
	const struct xt_attr_flow *f;
	size_t i;

	for (i = 0; i < xt_attr_count(a); i++) {
		f = xt_attr_get(a, i);
		if (!attr_wanted(ao, f))
			continue;
		n[f->verdict]++;
		if (!ao->json) {
			flow_print_text(stdout, f);
		} else if (print_json(stdout, f)) {
			fprintf(stderr, "%s: out of memory\n", cmd);
			return 1;
		}
	}
	if (fflush(stdout)) {
		perror(cmd);
		return 1;
	}
	fprintf(stderr,
		"%s: %lu flows: %lu attributed, %lu unattributed, %lu unknown, %lu inbound\n",
		cmd, n[XT_ATTR_ATTRIBUTED] + n[XT_ATTR_UNATTRIBUTED] +
		n[XT_ATTR_UNKNOWN] + n[XT_ATTR_INBOUND], n[XT_ATTR_ATTRIBUTED],
		n[XT_ATTR_UNATTRIBUTED], n[XT_ATTR_UNKNOWN],
		n[XT_ATTR_INBOUND]);
	return n[XT_ATTR_UNATTRIBUTED] ? 2 : 0;
}

int cmd_attribute(int argc, char *argv[])
{
	struct attr_opts ao = { .window_ns = XT_ATTR_WINDOW_DEF };
	struct log_reader lr = { .cmd = argv[0] };
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	struct xt_attr *a = NULL;
	int have_sk = 0, ret;

	ret = attribute_opts(argc, argv, &ao);
	if (ret != CLI_CONTINUE)
		return ret;
	if (xt_f3_sodium_init() ||
	    load_auditor_key(lr.cmd, ao.key_path, sk, &have_sk) ||
	    (ao.seal_path && load_key(lr.cmd, ao.seal_path, seal)))
		return 1;
	lr.require_start = 1;
	lr.auditor_sk = have_sk ? sk : NULL;
	lr.seal_key = ao.seal_path ? seal : NULL;
	a = xt_attr_new(ao.window_ns);
	if (!a) {
		fprintf(stderr, "%s: out of memory\n", lr.cmd);
		ret = 1;
	} else {
		ret = log_reader_open(&lr, argv + optind, argc - optind);
	}
	if (!ret)
		ret = log_reader_read(&lr, attribute_rec, a);
	if (!ret && xt_attr_finish(a)) {
		fprintf(stderr, "%s: out of memory\n", lr.cmd);
		ret = 1;
	}
	if (!ret)
		ret = attribute_print(lr.cmd, &ao, a);
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(seal, sizeof(seal));
	log_reader_close(&lr);
	xt_attr_free(a);
	return ret;
}
