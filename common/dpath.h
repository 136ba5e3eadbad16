/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_DPATH_H
#define _XTRAIL_DPATH_H

struct path;

/*
 * d_path() of @path into @buf (@buflen bytes, the name built at its end):
 * the same string, or the same error, at less cost in the common case
 * (dpath.c). Returns the name's start or an ERR_PTR().
 */
char *xtrail_d_path(const struct path *path, char *buf, int buflen);

#endif
