// SPDX-License-Identifier: GPL-2.0
/*
 * The --devid and --backend-domid options of the device commands (apart
 * from xs_util.c: xtraild links that without the CLI's parse_uint()).
 */
#include "cli.h"
#include "xs_util.h"
#include "xtrail_genl.h"

int xt_dev_opt(const char *cmd, int opt, const char *arg,
	       unsigned int *devid, unsigned int *bdom)
{
	switch (opt) {
	case 'n':
		return parse_uint(cmd, "device id", arg, 0, XT_DEVID_MAX,
				  devid) ? -1 : 1;
	case 'b':
		return parse_uint(cmd, "backend domid", arg, 0, XTRAIL_DOMID_MAX,
				  bdom) ? -1 : 1;
	default:
		return 0;
	}
}
