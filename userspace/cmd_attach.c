// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail attach: create the xenstore directories of an xtrail device, the
 * way libxl does for a split driver, so that the guest's frontend and
 * dom0's backend find each other.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "xs_util.h"

struct attach_ctx {
	const char *cmd;
	struct xt_dev d;
};

static void attach_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DOMID [--devid N] [--backend-domid N]\n"
		"\n"
		"Create xtrail device N (default 0) of guest DOMID in\n"
		"xenstore so that the guest's xtrail frontend connects to\n"
		"the backend in domain --backend-domid (default 0).\n"
		"Must run in dom0.\n",
		cmd);
}

/* Fail unless /local/domain/@domid exists. */
static enum xt_txn need_domain(struct xs_handle *h, xs_transaction_t t,
			       const char *cmd, unsigned int domid)
{
	char path[32];
	int e;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	e = xt_xs_exists(h, t, path);
	if (e < 0)
		return xt_txn_err(cmd, "reading", path);
	if (!e) {
		fprintf(stderr,
			"%s: domain %u does not exist (no %s in xenstore)\n",
			cmd, domid, path);
		return XT_TXN_FAIL;
	}
	return XT_TXN_OK;
}

static enum xt_txn attach_txn(struct xs_handle *h, xs_transaction_t t,
			      void *arg)
{
	struct attach_ctx *c = arg;
	const struct xt_dev *d = &c->d;
	struct xs_permissions be_perms[2] = {
		{ .id = d->bdom, .perms = XS_PERM_NONE },
		{ .id = d->domid, .perms = XS_PERM_READ },
	};
	struct xs_permissions fe_perms[2] = {
		{ .id = d->domid, .perms = XS_PERM_NONE },
		{ .id = d->bdom, .perms = XS_PERM_READ },
	};
	enum xt_txn r;
	int e;

	r = need_domain(h, t, c->cmd, d->domid);
	if (r == XT_TXN_OK)
		r = need_domain(h, t, c->cmd, d->bdom);
	if (r != XT_TXN_OK)
		return r;

	e = xt_xs_exists(h, t, d->be);
	if (e < 0)
		return xt_txn_err(c->cmd, "reading", d->be);
	if (e) {
		fprintf(stderr,
			"%s: domain %u already has xtrail device %u (%s exists); run '%s detach %u --devid %u' first\n",
			c->cmd, d->domid, d->devid, d->be, PROG_NAME, d->domid,
			d->devid);
		return XT_TXN_FAIL;
	}
	e = xt_xs_exists(h, t, d->fe);
	if (e < 0)
		return xt_txn_err(c->cmd, "reading", d->fe);
	if (e) {
		fprintf(stderr,
			"%s: %s exists without a backend directory; run '%s detach %u --devid %u' to clean it up\n",
			c->cmd, d->fe, PROG_NAME, d->domid, d->devid);
		return XT_TXN_FAIL;
	}

	/* Backend first: dom0's xenbus sees a complete device either way. */
	if (!xs_mkdir(h, t, d->be))
		return xt_txn_err(c->cmd, "creating", d->be);
	if (!xs_set_permissions(h, t, d->be, be_perms, 2))
		return xt_txn_err(c->cmd, "setting permissions of", d->be);
	if (!xt_xs_printf(h, t, d->be, "frontend", "%s", d->fe) ||
	    !xt_xs_printf(h, t, d->be, "frontend-id", "%u", d->domid) ||
	    !xt_xs_printf(h, t, d->be, "online", "1") ||
	    !xt_xs_printf(h, t, d->be, "state", "%d", XT_XB_INITIALISING))
		return xt_txn_err(c->cmd, "writing to", d->be);

	if (!xs_mkdir(h, t, d->fe))
		return xt_txn_err(c->cmd, "creating", d->fe);
	if (!xs_set_permissions(h, t, d->fe, fe_perms, 2))
		return xt_txn_err(c->cmd, "setting permissions of", d->fe);
	if (!xt_xs_printf(h, t, d->fe, "backend", "%s", d->be) ||
	    !xt_xs_printf(h, t, d->fe, "backend-id", "%u", d->bdom) ||
	    !xt_xs_printf(h, t, d->fe, "state", "%d", XT_XB_INITIALISING))
		return xt_txn_err(c->cmd, "writing to", d->fe);
	return XT_TXN_OK;
}

int cmd_attach(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "devid", required_argument, NULL, 'n' },
		{ "backend-domid", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0];
	unsigned int domid, devid = 0, bdom = 0;
	struct attach_ctx c = { .cmd = cmd };
	struct xs_handle *h;
	int dev, o, ret;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		dev = xt_dev_opt(cmd, o, optarg, &devid, &bdom);
		if (dev < 0)
			return 1;
		if (dev)
			continue;
		switch (o) {
		case 'h':
			attach_usage(stdout, cmd);
			return 0;
		default:
			attach_usage(stderr, cmd);
			return 1;
		}
	}
	if (argc - optind != 1) {
		attach_usage(stderr, cmd);
		return 1;
	}
	if (parse_uint(cmd, "domid", argv[optind], 0, XT_DOMID_MAX, &domid))
		return 1;
	if (domid == 0) {
		fprintf(stderr,
			"%s: refusing domain 0: dom0 runs the backend, attach a guest domain\n",
			cmd);
		return 1;
	}
	if (domid == bdom) {
		fprintf(stderr,
			"%s: domain %u is the backend domain; attach a guest\n",
			cmd, domid);
		return 1;
	}

	xt_dev_init(&c.d, domid, devid, bdom);
	h = xt_xs_open(cmd);
	if (!h)
		return 1;
	ret = xt_xs_transact(h, cmd, attach_txn, &c);
	xs_close(h);
	if (ret)
		return 1;
	printf("attached xtrail device %u of domain %u (backend: domain %u)\n",
	       devid, domid, bdom);
	return 0;
}
