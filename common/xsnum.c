// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers read from xenstore, strictly: both ends read values the other
 * end (or a guest) wrote, and "%u" (sscanf, xenbus_read_unsigned()) takes
 * a sign, blanks, trailing garbage and wraps at 2^32 or 2^64 without a
 * word: "4294967299" reads as 3. Here a number is canonical decimal only:
 * one or more digits, no sign, no blank, no prefix, no leading zero (but
 * "0" itself), nothing after, at most XTRAIL_XS_DIGITS_MAX digits, and it
 * is range-checked as it is read, so it never wraps.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <xen/xenbus.h>

#include "xsnum.h"

/**
 * xtrail_xs_parse_num - a canonical decimal in [0, @max]
 * @s:   NUL-terminated text
 * @out: the value, set only on success
 *
 * Returns 0, -EINVAL (not a canonical decimal) or -ERANGE (above @max).
 */
int xtrail_xs_parse_num(const char *s, u64 max, u64 *out)
{
	bool over = false;
	u64 v = 0;
	size_t i;

	if (!s[0] || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		unsigned int d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = s[i] - '0';
		/* v * 10 + d <= max, without computing it: it could wrap */
		if (over || i >= XTRAIL_XS_DIGITS_MAX || d > max ||
		    v > (max - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over)
		return -ERANGE;
	*out = v;
	return 0;
}

/**
 * xtrail_xs_read_num - read @dir/@node as a number in [@min, @max]
 * @out: the value, set only on success
 * @raw: if not NULL, set to the text read (kfree() it), or NULL when
 *       absent; it is the caller's also on error, to say what was wrong
 *
 * Returns 0, -ENOENT (absent), -EINVAL (not a canonical decimal),
 * -ERANGE (out of range) or another xenstore error.
 */
int xtrail_xs_read_num(const char *dir, const char *node, u64 min, u64 max,
		       u64 *out, char **raw)
{
	char *s;
	u64 v;
	int err;

	if (raw)
		*raw = NULL;
	s = xenbus_read(XBT_NIL, dir, node, NULL);
	if (IS_ERR(s))
		return PTR_ERR(s);
	err = xtrail_xs_parse_num(s, max, &v);
	if (!err && v < min)
		err = -ERANGE;
	if (!err)
		*out = v;
	if (raw)
		*raw = s;
	else
		kfree(s);
	return err;
}
