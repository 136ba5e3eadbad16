/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where xtraild's messages go: stderr ("xtraild: ..."), then syslog once
 * the daemon has detached from its terminal.
 */
#ifndef XTRAILD_SAY_H
#define XTRAILD_SAY_H

#include <syslog.h>

/* One message of syslog priority @prio (LOG_ERR, ...), without newline. */
void say(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Detach (daemon(3)) and log to syslog from now on. 0 or -1. */
int say_detach(void);

#endif /* XTRAILD_SAY_H */
