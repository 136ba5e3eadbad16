// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail config DOMID [KEY=VALUE...]: show or change what a guest records.
 *
 * The settings live in the backend's xenstore directory (config/, see
 * shared/xtrail_proto.h), which the guest can read but not write; its
 * frontend watches them and applies changes at once.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xtrail_proto.h"
#include "common.h"
#include "xs_util.h"

static const char *const config_classes[] = {
	"exec", "fork", "exit", "file", "net", "tty", "syscall", "all",
};

static void config_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DOMID [--devid N] [--backend-domid D] [KEY=VALUE...]\n"
		"Show, or set, what the guest DOMID records:\n"
		"  events=CLASS[,CLASS...]  from exec, fork, exit, file, net, tty,\n"
		"                           syscall, all\n"
		"  flood=drop|wait          a full ring drops (and counts), or the\n"
		"                           writer first waits for space\n"
		"  flood-wait-us=N          the longest wait, 0..%u\n",
		cmd, XTRAIL_FLOOD_WAIT_MAX);
}

/* Is every name in the comma-separated @list an event class? */
static int config_events_ok(const char *cmd, const char *list)
{
	char *copy = strdup(list), *save = NULL, *name;
	size_t i;
	int ok = copy != NULL;

	for (name = copy ? strtok_r(copy, ",", &save) : NULL; name && ok;
	     name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(config_classes) /
			    sizeof(config_classes[0]); i++)
			if (!strcmp(name, config_classes[i]))
				break;
		if (i == sizeof(config_classes) / sizeof(config_classes[0])) {
			fprintf(stderr, "%s: unknown event class '%s'\n", cmd,
				name);
			ok = 0;
		}
	}
	free(copy);
	return ok;
}

/* Check one KEY=VALUE; returns the xenstore key under the backend, or NULL. */
static const char *config_key(const char *cmd, const char *arg,
			      const char **val)
{
	const char *eq = strchr(arg, '=');
	unsigned int us;

	if (!eq || eq == arg) {
		fprintf(stderr, "%s: '%s' is not KEY=VALUE\n", cmd, arg);
		return NULL;
	}
	*val = eq + 1;
	if (!strncmp(arg, "events=", 7))
		return config_events_ok(cmd, *val) ? XTRAIL_XS_EVENTS : NULL;
	if (!strncmp(arg, "flood=", 6)) {
		if (strcmp(*val, "drop") && strcmp(*val, "wait")) {
			fprintf(stderr, "%s: flood is drop or wait, not '%s'\n",
				cmd, *val);
			return NULL;
		}
		return XTRAIL_XS_FLOOD;
	}
	if (!strncmp(arg, "flood-wait-us=", 14))
		return parse_uint(cmd, "flood-wait-us", *val, 0,
				  XTRAIL_FLOOD_WAIT_MAX, &us) ? NULL :
		       XTRAIL_XS_FLOOD_WAIT;
	fprintf(stderr, "%s: unknown setting '%.*s'\n", cmd,
		(int)(eq - arg), arg);
	return NULL;
}

static void config_show(struct xs_handle *h, const struct xt_dev *d)
{
	static const char *const keys[] = {
		XTRAIL_XS_EVENTS, XTRAIL_XS_FLOOD, XTRAIL_XS_FLOOD_WAIT,
	};
	static const char *const dflt[] = { "all", "drop", "1000" };
	char path[160];
	unsigned int len;
	size_t i;
	char *v;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", d->be, keys[i]);
		v = xs_read(h, XBT_NULL, path, &len);
		printf("%s=%s%s\n", keys[i] + strlen(XTRAIL_XS_CONFIG "/"),
		       v ? v : dflt[i], v ? "" : " (default)");
		free(v);
	}
}

struct config_ctx {
	const char *cmd;
	const struct xt_dev *d;
	char **set;		/* KEY=VALUE arguments, already checked */
	int nset;
};

/* Write every setting in one transaction: the guest sees all or none. */
static enum xt_txn config_txn(struct xs_handle *h, xs_transaction_t t,
			      void *arg)
{
	struct config_ctx *c = arg;
	const char *key, *val;
	char path[160];
	int i;

	for (i = 0; i < c->nset; i++) {
		key = config_key(c->cmd, c->set[i], &val);
		snprintf(path, sizeof(path), "%s/%s", c->d->be, key);
		if (!xs_write(h, t, path, val, strlen(val)))
			return xt_txn_err(c->cmd, "write", path);
	}
	return XT_TXN_OK;
}

int cmd_config(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "devid", required_argument, NULL, 'n' },
		{ "backend-domid", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *val;
	unsigned int domid, devid = 0, bdom = 0;
	struct config_ctx c;
	struct xs_handle *h;
	struct xt_dev d;
	int dev, o, i, ret = 1;

	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		dev = xt_dev_opt(cmd, o, optarg, &devid, &bdom);
		if (dev < 0)
			return 1;
		if (dev)
			continue;
		switch (o) {
		case 'h':
			config_usage(stdout, cmd);
			return 0;
		default:
			config_usage(stderr, cmd);
			return 1;
		}
	}
	if (optind >= argc) {
		config_usage(stderr, cmd);
		return 1;
	}
	if (parse_uint(cmd, "domid", argv[optind], 0, XT_DOMID_MAX, &domid))
		return 1;
	/* Check every setting before writing any. */
	for (i = optind + 1; i < argc; i++)
		if (!config_key(cmd, argv[i], &val))
			return 1;

	xt_dev_init(&d, domid, devid, bdom);
	h = xt_xs_open(cmd);
	if (!h)
		return 1;
	if (xt_xs_exists(h, XBT_NULL, d.be) != 1) {
		fprintf(stderr, "%s: domain %u has no xtrail device %u (attach it first)\n",
			cmd, domid, devid);
		goto out;
	}
	c.cmd = cmd;
	c.d = &d;
	c.set = argv + optind + 1;
	c.nset = argc - optind - 1;
	if (c.nset && xt_xs_transact(h, cmd, config_txn, &c))
		goto out;
	if (!c.nset)
		config_show(h, &d);
	ret = 0;
out:
	xs_close(h);
	return ret;
}
