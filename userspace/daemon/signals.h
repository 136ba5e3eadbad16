/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's signals. SIGTERM, SIGINT and SIGHUP stop it, SIGUSR2 resumes
 * it after a disk failure (disk.c); all four are blocked except while it
 * waits (in ppoll() with the wait mask), so that a batch is never cut.
 */
#ifndef XTRAILD_SIGNALS_H
#define XTRAILD_SIGNALS_H

#include <signal.h>

/*
 * Install the handlers and block the signals; @waitmask is the mask to
 * wait with. 0, or -1 after a message.
 */
int signals_init(sigset_t *waitmask);

/* The stop signal received (SIGTERM, ...), or 0. */
int stop_requested(void);

/* Whether SIGUSR2 came since the last resume_reset(). */
int resume_requested(void);
void resume_reset(void);

#endif /* XTRAILD_SIGNALS_H */
