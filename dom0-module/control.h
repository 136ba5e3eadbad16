/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CONTROL_H
#define _XTRAIL_CONTROL_H

#include <linux/moduleparam.h>
#include <linux/types.h>

#include "xtrail_proto.h"

void xtrail_control_start(void);
void xtrail_control_stop(void);

__printf(4, 5)
void xtrail_control_log(u32 action, u32 target, int err, const char *fmt,
			...);

/* Writable module parameters whose writes are logged (XTRAIL_CTL_PARAM). */
extern const struct kernel_param_ops xtrail_param_ops_bool;
extern const struct kernel_param_ops xtrail_param_ops_uint;

#endif
