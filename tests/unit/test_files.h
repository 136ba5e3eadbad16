/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File helpers for the unit tests that run the programs (daemon, xenstore).
 * Include after <cmocka.h>.
 */
#ifndef XTRAIL_TEST_FILES_H
#define XTRAIL_TEST_FILES_H

#include <stdio.h>
#include <string.h>

/* Contents of @path as a string (a static buffer, overwritten by each call). */
static inline const char *slurp(const char *path)
{
	static char text[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = 0;
	return text;
}

static inline void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" not in:\n%s", needle, hay);
}

#endif /* XTRAIL_TEST_FILES_H */
