// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xenstore helpers shared by "xtrail attach", "xtrail detach" and
 * xtraild's auto-attach.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xtrail_proto.h"
#include "xs_util.h"

/* Commits that lose a race before we give up. */
#define XT_TXN_TRIES	100

const char *xt_xs_state_name(int state)
{
	static const char *const names[] = {
		[XT_XB_UNKNOWN]		= "Unknown",
		[XT_XB_INITIALISING]	= "Initialising",
		[XT_XB_INITWAIT]	= "InitWait",
		[XT_XB_INITIALISED]	= "Initialised",
		[XT_XB_CONNECTED]	= "Connected",
		[XT_XB_CLOSING]		= "Closing",
		[XT_XB_CLOSED]		= "Closed",
		[XT_XB_RECONFIGURING]	= "Reconfiguring",
		[XT_XB_RECONFIGURED]	= "Reconfigured",
	};

	if (state < 0 || state >= (int)(sizeof(names) / sizeof(names[0])))
		return "invalid";
	return names[state];
}

void xt_xs_dev_init(struct xt_dev *d, unsigned int domid, unsigned int devid,
		    unsigned int bdom)
{
	d->domid = domid;
	d->devid = devid;
	d->bdom = bdom;
	snprintf(d->be, sizeof(d->be), "/local/domain/%u/backend/%s/%u/%u",
		 bdom, XTRAIL_DEVICE_TYPE, domid, devid);
	snprintf(d->fe, sizeof(d->fe), "/local/domain/%u/device/%s/%u",
		 domid, XTRAIL_DEVICE_TYPE, devid);
}

struct xs_handle *xt_xs_open(const char *cmd)
{
	struct xs_handle *h = xs_open(0);

	if (!h)
		fprintf(stderr,
			"%s: cannot connect to xenstore: %s (run this in dom0, with xenstored running)\n",
			cmd, strerror(errno));
	return h;
}

int xt_xs_exists(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	unsigned int len;
	void *v = xs_read(h, t, path, &len);

	if (v) {
		free(v);
		return 1;
	}
	return errno == ENOENT ? 0 : -1;
}

bool xt_xs_printf(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key, const char *fmt, ...)
{
	char path[160], val[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(val) ||
	    snprintf(path, sizeof(path), "%s/%s", dir, key) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return false;
	}
	return xs_write(h, t, path, val, n);
}

int xt_xs_read_int(struct xs_handle *h, xs_transaction_t t, const char *dir,
		   const char *key)
{
	char path[160], *v, *end;
	unsigned int len;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	v = xs_read(h, t, path, &len);
	if (!v)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < 0 || n > INT_MAX) {
		errno = EINVAL;
		n = -1;
	}
	free(v);
	return n;
}

enum xt_txn xt_xs_txn_err(const char *cmd, const char *what, const char *path)
{
	if (errno == EAGAIN)
		return XT_TXN_RETRY;
	fprintf(stderr, "%s: %s %s: %s\n", cmd, what, path, strerror(errno));
	return XT_TXN_FAIL;
}

int xt_xs_transact(struct xs_handle *h, const char *cmd,
		   enum xt_txn (*body)(struct xs_handle *h,
				       xs_transaction_t t, void *arg),
		   void *arg)
{
	xs_transaction_t t;
	enum xt_txn r;
	int tries;

	for (tries = 0; tries < XT_TXN_TRIES; tries++) {
		t = xs_transaction_start(h);
		if (t == XBT_NULL) {
			fprintf(stderr,
				"%s: starting a xenstore transaction: %s\n",
				cmd, strerror(errno));
			return -1;
		}
		r = body(h, t, arg);
		if (r != XT_TXN_OK) {
			xs_transaction_end(h, t, true);
			if (r == XT_TXN_FAIL)
				return -1;
			continue;
		}
		if (xs_transaction_end(h, t, false))
			return 0;
		if (errno != EAGAIN) {
			fprintf(stderr,
				"%s: committing the xenstore transaction: %s\n",
				cmd, strerror(errno));
			return -1;
		}
	}
	fprintf(stderr,
		"%s: xenstore transaction still conflicting after %d tries\n",
		cmd, XT_TXN_TRIES);
	return -1;
}
