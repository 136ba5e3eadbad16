/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_RECORD_H
#define _XTRAIL_RECORD_H

#include <linux/types.h>
#include <linux/compiler_types.h>

struct xtrail_rec_hdr;

void xtrail_hdr_fill_current(struct xtrail_rec_hdr *h);
u32 xtrail_exec_encode(void *rec, const char *filename,
		       const void __user *argv, unsigned long argv_size,
		       u32 argc);

#endif
