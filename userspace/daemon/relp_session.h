/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One RELP session to a collector (librelp, TLS as rsyslog's imrelp serves
 * it), and what its acknowledgements tell: librelp keeps at most @window
 * messages unacknowledged, and a send returns only once there is room, so
 * when message k of a session has been sent, every message up to k - window
 * was acknowledged by the collector (RELP answers in order). The session
 * counts its messages; the caller keeps what each one stood for.
 */
#ifndef XTRAILD_RELP_SESSION_H
#define XTRAILD_RELP_SESSION_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct relp_opts - where and how to connect
 * @host, @port: the collector
 * @tls:        TLS on; @ca, @cert, @key: PEM files; @peer: the name the
 *              collector's certificate must carry (default @host)
 * @window:     most messages unacknowledged (at least 2)
 * @timeout:    seconds a connect or a full window may take
 */
struct relp_opts {
	const char *host;
	const char *port;
	int tls;
	const char *ca;
	const char *cert;
	const char *key;
	const char *peer;
	unsigned int window;
	unsigned int timeout;
};

struct relp_session;

/* Load librelp (once, before any session). 0, or -1 after a message. */
int relp_load(void);

/* Connect. The session, or NULL after a message (@name: the collector's). */
struct relp_session *relp_open(const struct relp_opts *o, const char *name);

/* Send one message of @len bytes. 0, or -1: the session is broken. */
int relp_send(struct relp_session *s, const char *msg, size_t len);

/* Messages sent on the session; those up to relp_acked() were acknowledged. */
uint64_t relp_sent(const struct relp_session *s);
uint64_t relp_acked(const struct relp_session *s);

/* Close (politely if it still works) and free. */
void relp_close(struct relp_session *s);

#endif /* XTRAILD_RELP_SESSION_H */
