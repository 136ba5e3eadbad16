// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail detach: close an xtrail device and remove its xenstore
 * directories, the way libxl removes a split-driver device: set the
 * backend offline and Closing, give the frontend a bounded time to reach
 * Closed, then remove both directories in one transaction.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "xs_util.h"
#include "xtrail_genl.h"

#define DETACH_TIMEOUT_S	10
#define DETACH_TIMEOUT_MAX_S	3600
#define DETACH_WATCH_TOKEN	"xtrail-detach"

struct detach_ctx {
	const char *cmd;
	struct xt_dev d;
	unsigned int timeout;	/* seconds */
	int be_found;
	int fe_found;
};

static void detach_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s DOMID [--devid N] [--backend-domid N]\n"
		"                     [--timeout SEC]\n"
		"\n"
		"Close xtrail device N (default 0) of guest DOMID: set its\n"
		"backend offline and Closing, wait up to SEC seconds\n"
		"(default %d) for the guest's frontend to reach Closed,\n"
		"then remove both xenstore directories. Must run in dom0.\n",
		cmd, DETACH_TIMEOUT_S);
}

static enum xt_txn close_txn(struct xs_handle *h, xs_transaction_t t,
			     void *arg)
{
	struct detach_ctx *c = arg;
	int e;

	e = xt_xs_exists(h, t, c->d.be);
	if (e < 0)
		return xt_xs_txn_err(c->cmd, "reading", c->d.be);
	c->be_found = e;
	e = xt_xs_exists(h, t, c->d.fe);
	if (e < 0)
		return xt_xs_txn_err(c->cmd, "reading", c->d.fe);
	c->fe_found = e;
	if (!c->be_found)
		return XT_TXN_OK;
	if (!xt_xs_printf(h, t, c->d.be, "online", "0") ||
	    !xt_xs_printf(h, t, c->d.be, "state", "%d", XT_XB_CLOSING))
		return xt_xs_txn_err(c->cmd, "writing to", c->d.be);
	return XT_TXN_OK;
}

/* Remove @path; an absent node is fine. */
static enum xt_txn rm_node(struct xs_handle *h, xs_transaction_t t,
			   const char *cmd, const char *path)
{
	if (!xs_rm(h, t, path) && errno != ENOENT)
		return xt_xs_txn_err(cmd, "removing", path);
	return XT_TXN_OK;
}

/* Remove the directory @path if it exists and has no children. */
static enum xt_txn rm_if_empty(struct xs_handle *h, xs_transaction_t t,
			       const char *cmd, const char *path)
{
	unsigned int num;
	char **ents = xs_directory(h, t, path, &num);

	if (!ents)
		return errno == ENOENT ? XT_TXN_OK :
		       xt_xs_txn_err(cmd, "listing", path);
	free(ents);
	return num ? XT_TXN_OK : rm_node(h, t, cmd, path);
}

static enum xt_txn remove_txn(struct xs_handle *h, xs_transaction_t t,
			      void *arg)
{
	struct detach_ctx *c = arg;
	char parent[96];
	enum xt_txn r;

	r = rm_node(h, t, c->cmd, c->d.fe);
	if (r == XT_TXN_OK)
		r = rm_node(h, t, c->cmd, c->d.be);
	if (r != XT_TXN_OK)
		return r;
	/* .../backend/xtrail/DOMID and .../device/xtrail when now empty */
	snprintf(parent, sizeof(parent), "/local/domain/%u/backend/xtrail/%u",
		 c->d.bdom, c->d.domid);
	r = rm_if_empty(h, t, c->cmd, parent);
	if (r != XT_TXN_OK)
		return r;
	snprintf(parent, sizeof(parent), "/local/domain/%u/device/xtrail",
		 c->d.domid);
	return rm_if_empty(h, t, c->cmd, parent);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* fe_state() besides a XenbusState */
#define FE_GONE		(-1)	/* no state node */
#define FE_BAD		(-2)	/* unreadable, or not a number */

static int fe_state(struct xs_handle *h, const struct xt_dev *d)
{
	int s = xt_xs_read_int(h, XBT_NULL, d->fe, "state");

	if (s < 0)
		return errno == ENOENT ? FE_GONE : FE_BAD;
	return s;
}

/* The frontend needs no waiting for: gone, never connected, or closed. */
static int fe_settled(int state)
{
	return state == FE_GONE || state == XT_XB_UNKNOWN ||
	       state == XT_XB_INITIALISING || state == XT_XB_CLOSED;
}

/*
 * Wait until the frontend state settles or @timeout_ms passes. Returns 0
 * when it settled, else -1. *@state is the last state seen.
 */
static int wait_frontend(struct xs_handle *h, const struct xt_dev *d,
			 long long timeout_ms, int *state)
{
	long long deadline = now_ms() + timeout_ms, left;
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	char path[128], **ev;
	bool watching;

	snprintf(path, sizeof(path), "%s/state", d->fe);
	watching = xs_watch(h, path, DETACH_WATCH_TOKEN);
	if (watching)
		pfd.fd = xs_fileno(h);
	for (;;) {
		*state = fe_state(h, d);
		if (fe_settled(*state))
			break;
		left = deadline - now_ms();
		if (left <= 0)
			break;
		/* Re-read at least every 100 ms in case a watch is lost. */
		poll(&pfd, pfd.fd >= 0 ? 1 : 0, left < 100 ? left : 100);
		while (pfd.fd >= 0 && (ev = xs_check_watch(h)))
			free(ev);
	}
	if (watching)
		xs_unwatch(h, path, DETACH_WATCH_TOKEN);
	return fe_settled(*state) ? 0 : -1;
}

/* Options and DOMID into @c: CLI_CONTINUE, or the exit status. */
static int detach_opts(int argc, char *argv[], struct detach_ctx *c)
{
	static const struct option opts[] = {
		{ "devid", required_argument, NULL, 'n' },
		{ "backend-domid", required_argument, NULL, 'b' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned int domid, devid = 0, bdom = 0;
	int dev, o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		dev = dev_opt(c->cmd, o, optarg, &devid, &bdom);
		if (dev < 0)
			return 1;
		if (dev)
			continue;
		switch (o) {
		case 't':
			if (parse_uint(c->cmd, "timeout", optarg, 0,
				       DETACH_TIMEOUT_MAX_S, &c->timeout))
				return 1;
			break;
		case 'h':
			detach_usage(stdout, c->cmd);
			return 0;
		default:
			detach_usage(stderr, c->cmd);
			return 1;
		}
	}
	if (argc - optind != 1) {
		detach_usage(stderr, c->cmd);
		return 1;
	}
	if (parse_uint(c->cmd, "domid", argv[optind], 0, XTRAIL_DOMID_MAX,
		       &domid))
		return 1;
	if (domid == 0 || domid == bdom) {
		fprintf(stderr,
			"%s: domain %u cannot have an xtrail frontend\n",
			c->cmd, domid);
		return 1;
	}
	xt_xs_dev_init(&c->d, domid, devid, bdom);
	return CLI_CONTINUE;
}

/* Close the device, wait for the frontend, remove it. 0, or 1. */
static int detach_dev(struct xs_handle *h, struct detach_ctx *c)
{
	int state = fe_state(h, &c->d);

	if (xt_xs_transact(h, c->cmd, close_txn, c))
		return 1;
	if (!c->be_found && !c->fe_found) {
		fprintf(stderr, "%s: domain %u has no xtrail device %u\n",
			c->cmd, c->d.domid, c->d.devid);
		return 1;
	}
	if (c->be_found && !fe_settled(state) &&
	    wait_frontend(h, &c->d, c->timeout * 1000LL, &state))
		fprintf(stderr,
			"%s: the frontend of domain %u is still %s after %u s; removing the device anyway\n",
			c->cmd, c->d.domid, state == FE_BAD ? "unreadable" :
			xt_xs_state_name(state), c->timeout);
	if (xt_xs_transact(h, c->cmd, remove_txn, c))
		return 1;
	printf("detached xtrail device %u of domain %u\n", c->d.devid,
	       c->d.domid);
	return 0;
}

int cmd_detach(int argc, char *argv[])
{
	struct detach_ctx c = { .cmd = argv[0], .timeout = DETACH_TIMEOUT_S };
	struct xs_handle *h;
	int ret;

	ret = detach_opts(argc, argv, &c);
	if (ret != CLI_CONTINUE)
		return ret;
	h = xt_xs_open(c.cmd);
	if (!h)
		return 1;
	ret = detach_dev(h, &c);
	xs_close(h);
	return ret;
}
