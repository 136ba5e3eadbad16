// SPDX-License-Identifier: GPL-2.0
/*
 * Attach probes to kernel tracepoints by name. The __tracepoint_* symbols
 * are not exported to modules, so we walk the kernel's tracepoints with
 * for_each_kernel_tracepoint() and register on the ones we want. A
 * tracepoint that is missing is an error: we refuse to load rather than
 * log less than configured.
 */
#include <linux/tracepoint.h>
#include <linux/string.h>

#include "fault.h"
#include "tracepoints.h"

struct xtrail_tp_lookup {
	struct xtrail_tp *tps;
	unsigned int n;
};

static void xtrail_tp_match(struct tracepoint *tp, void *priv)
{
	struct xtrail_tp_lookup *l = priv;
	unsigned int i;

	for (i = 0; i < l->n; i++)
		if (!l->tps[i].tp && !strcmp(tp->name, l->tps[i].name))
			l->tps[i].tp = tp;
}

int xtrail_tp_register(struct xtrail_tp *tps, unsigned int n, void *data)
{
	struct xtrail_tp_lookup l = { .tps = tps, .n = n };
	unsigned int i;
	int ret;

	for (i = 0; i < n; i++)
		tps[i].tp = NULL;
	for_each_kernel_tracepoint(xtrail_tp_match, &l);

	for (i = 0; i < n; i++) {
		if (!tps[i].tp) {
			pr_err("tracepoint %s not found\n", tps[i].name);
			ret = -ENOENT;
			goto err_unregister;
		}
		ret = xtrail_fault(tps[i].name) ?:
		      tracepoint_probe_register(tps[i].tp, tps[i].probe, data);
		if (ret) {
			pr_err("cannot attach to tracepoint %s: %d\n",
			       tps[i].name, ret);
			goto err_unregister;
		}
	}
	return 0;

err_unregister:
	while (i--)
		tracepoint_probe_unregister(tps[i].tp, tps[i].probe, data);
	tracepoint_synchronize_unregister();
	return ret;
}

void xtrail_tp_unregister(struct xtrail_tp *tps, unsigned int n, void *data)
{
	unsigned int i = n;

	while (i--)
		tracepoint_probe_unregister(tps[i].tp, tps[i].probe, data);
	/* No probe runs, or will run, on any CPU after this. */
	tracepoint_synchronize_unregister();
}
