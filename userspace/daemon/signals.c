// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's signals (see signals.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "signals.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t resume_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void on_resume(int sig)
{
	(void)sig;
	resume_signal = 1;
}

static int setup_stop_signals(sigset_t *waitmask)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;
	size_t i;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		sigaddset(&block, sigs[i]);
		if (sigaction(sigs[i], &sa, NULL))
			return -1;
	}
	/* Blocked but while waiting in ppoll(): a batch is never cut. */
	if (sigprocmask(SIG_BLOCK, &block, waitmask))
		return -1;
	for (i = 0; i < ARRAY_SIZE(sigs); i++)
		sigdelset(waitmask, sigs[i]);
	return 0;
}

/* SIGUSR2 resumes a suspended daemon; delivered only while waiting. */
static int setup_resume_signal(sigset_t *waitmask)
{
	struct sigaction sa = { .sa_handler = on_resume };
	sigset_t block;

	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	if (sigaction(SIGUSR2, &sa, NULL) ||
	    sigprocmask(SIG_BLOCK, &block, NULL))
		return -1;
	sigdelset(waitmask, SIGUSR2);
	return 0;
}

int signals_init(sigset_t *waitmask)
{
	if (setup_stop_signals(waitmask) || setup_resume_signal(waitmask)) {
		fprintf(stderr, "xtraild: signals: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int stop_requested(void)
{
	return stop_signal;
}

int resume_requested(void)
{
	return resume_signal;
}

void resume_reset(void)
{
	resume_signal = 0;
}
