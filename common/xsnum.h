/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_XSNUM_H
#define _XTRAIL_XSNUM_H

#include <linux/types.h>

/* Longest decimal the parser looks at: U64_MAX has 20 digits. */
#define XTRAIL_XS_DIGITS_MAX	20

int xtrail_xs_parse_num(const char *s, u64 max, u64 *out);
int xtrail_xs_read_num(const char *dir, const char *node, u64 min, u64 max,
		       u64 *out, char **raw);

#endif
