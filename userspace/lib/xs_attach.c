// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Attach an xtrail device: create its two xenstore directories, the way
 * libxl does for a split driver, so that the guest's frontend and the
 * backend find each other. Used by "xtrail attach" and by xtraild's
 * auto-attach.
 */
#include <errno.h>
#include <stdio.h>

#include "xs_util.h"

struct attach_ctx {
	const char *cmd;
	struct xt_dev d;
};

/* Fail unless /local/domain/@domid exists. */
static enum xt_txn need_domain(struct xs_handle *h, xs_transaction_t t,
			       const char *cmd, unsigned int domid)
{
	char path[32];
	int e;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	e = xt_xs_exists(h, t, path);
	if (e < 0)
		return xt_xs_txn_err(cmd, "reading", path);
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
		return xt_xs_txn_err(c->cmd, "reading", d->be);
	if (e) {
		fprintf(stderr,
			"%s: domain %u already has xtrail device %u (%s exists); run 'xtrail detach %u --devid %u' first\n",
			c->cmd, d->domid, d->devid, d->be, d->domid,
			d->devid);
		return XT_TXN_FAIL;
	}
	e = xt_xs_exists(h, t, d->fe);
	if (e < 0)
		return xt_xs_txn_err(c->cmd, "reading", d->fe);
	if (e) {
		fprintf(stderr,
			"%s: %s exists without a backend directory; run 'xtrail detach %u --devid %u' to clean it up\n",
			c->cmd, d->fe, d->domid, d->devid);
		return XT_TXN_FAIL;
	}

	/* Backend first: dom0's xenbus sees a complete device either way. */
	if (!xs_mkdir(h, t, d->be))
		return xt_xs_txn_err(c->cmd, "creating", d->be);
	if (!xs_set_permissions(h, t, d->be, be_perms, 2))
		return xt_xs_txn_err(c->cmd, "setting permissions of", d->be);
	if (!xt_xs_printf(h, t, d->be, "frontend", "%s", d->fe) ||
	    !xt_xs_printf(h, t, d->be, "frontend-id", "%u", d->domid) ||
	    !xt_xs_printf(h, t, d->be, "online", "1") ||
	    !xt_xs_printf(h, t, d->be, "state", "%d", XT_XB_INITIALISING))
		return xt_xs_txn_err(c->cmd, "writing to", d->be);

	if (!xs_mkdir(h, t, d->fe))
		return xt_xs_txn_err(c->cmd, "creating", d->fe);
	if (!xs_set_permissions(h, t, d->fe, fe_perms, 2))
		return xt_xs_txn_err(c->cmd, "setting permissions of", d->fe);
	if (!xt_xs_printf(h, t, d->fe, "backend", "%s", d->be) ||
	    !xt_xs_printf(h, t, d->fe, "backend-id", "%u", d->bdom) ||
	    !xt_xs_printf(h, t, d->fe, "state", "%d", XT_XB_INITIALISING))
		return xt_xs_txn_err(c->cmd, "writing to", d->fe);
	return XT_TXN_OK;
}

int xt_xs_attach_dev(struct xs_handle *h, const char *cmd,
		     const struct xt_dev *d)
{
	struct attach_ctx c = { .cmd = cmd, .d = *d };

	return xt_xs_transact(h, cmd, attach_txn, &c);
}
