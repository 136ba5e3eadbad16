// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where xtraild's messages go (see say.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "say.h"

static int use_syslog;

void say(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fputs("xtraild: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

int say_detach(void)
{
	if (daemon(0, 0)) {
		fprintf(stderr, "xtraild: daemon: %s\n", strerror(errno));
		return -1;
	}
	openlog("xtraild", LOG_PID, LOG_DAEMON);
	use_syslog = 1;
	return 0;
}
