/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xenstore helpers shared by "xtrail attach", "xtrail detach" and
 * xtraild's auto-attach.
 */
#ifndef XTRAIL_XS_UTIL_H
#define XTRAIL_XS_UTIL_H

#include <stdbool.h>
#include <xenstore.h>

/* The largest xenbus device id (xenstore's device/xtrail/DEVID). */
#define XT_DEVID_MAX	0xffff

/* XenbusState values (xen/io/xenbus.h). */
enum xt_xenbus_state {
	XT_XB_UNKNOWN		= 0,
	XT_XB_INITIALISING	= 1,
	XT_XB_INITWAIT		= 2,
	XT_XB_INITIALISED	= 3,
	XT_XB_CONNECTED		= 4,
	XT_XB_CLOSING		= 5,
	XT_XB_CLOSED		= 6,
	XT_XB_RECONFIGURING	= 7,
	XT_XB_RECONFIGURED	= 8,
};

const char *xt_xs_state_name(int state);

/**
 * struct xt_dev - one xtrail device and its two xenstore directories
 * @domid: the guest (frontend) domain
 * @devid: device number
 * @bdom:  the backend domain
 * @be:    /local/domain/<bdom>/backend/xtrail/<domid>/<devid>
 * @fe:    /local/domain/<domid>/device/xtrail/<devid>
 */
struct xt_dev {
	unsigned int domid;
	unsigned int devid;
	unsigned int bdom;
	char be[96];
	char fe[96];
};

void xt_xs_dev_init(struct xt_dev *d, unsigned int domid, unsigned int devid,
		    unsigned int bdom);

/* xs_open(0), with a message on stderr on failure. */
struct xs_handle *xt_xs_open(const char *cmd);

/* Does @path exist? 1, 0, or -1 with errno set. */
int xt_xs_exists(struct xs_handle *h, xs_transaction_t t, const char *path);

/* Write "@dir/@key" = printf(@fmt, ...). true on success. */
bool xt_xs_printf(struct xs_handle *h, xs_transaction_t t, const char *dir,
		  const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Read "@dir/@key" as a non-negative decimal. Returns it, or -1 with errno
 * ENOENT (absent), EINVAL (not a number) or another xs_read() error.
 */
int xt_xs_read_int(struct xs_handle *h, xs_transaction_t t, const char *dir,
		   const char *key);

/* What a transaction body returns. */
enum xt_txn {
	XT_TXN_OK,	/* commit */
	XT_TXN_RETRY,	/* abort and start again (EAGAIN) */
	XT_TXN_FAIL,	/* abort; the body printed why */
};

/*
 * After a failed xs_*() call in a transaction body: XT_TXN_RETRY for
 * EAGAIN, otherwise print "@cmd: @what @path: strerror" and XT_TXN_FAIL.
 */
enum xt_txn xt_xs_txn_err(const char *cmd, const char *what, const char *path);

/*
 * Run @body in a transaction, again as long as the body or the commit
 * fails with EAGAIN (bounded). Returns 0, or -1 after a message.
 */
int xt_xs_transact(struct xs_handle *h, const char *cmd,
		   enum xt_txn (*body)(struct xs_handle *h,
				       xs_transaction_t t, void *arg),
		   void *arg);

/*
 * Create device @d's backend and frontend directories in one transaction
 * (xs_attach.c). Fails, after a message on stderr prefixed with @cmd, when
 * either domain is missing or the device exists. Returns 0 or -1.
 */
int xt_xs_attach_dev(struct xs_handle *h, const char *cmd,
		     const struct xt_dev *d);

#endif /* XTRAIL_XS_UTIL_H */
