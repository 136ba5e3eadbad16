// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A RELP session on librelp (see relp_session.h). librelp is
 * GPL-3.0-or-later: xtraild, which links it, is distributed under
 * GPL-3.0 as the combination of GPL-2.0-or-later code with it (README).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <librelp.h>

#include "relp_session.h"
#include "say.h"

struct relp_session {
	relpEngine_t *eng;
	relpClt_t *clt;
	unsigned int window;
	uint64_t sent;
	char name[128];
};

static void on_err(void *usr, char *obj, char *msg, relpRetVal code)
{
	struct relp_session *s = usr;

	say(LOG_WARNING, "collector %s: relp: %s: %s (%d)",
	    s ? s->name : "?", obj ? obj : "", msg ? msg : "", code);
}

static void __attribute__((format(printf, 1, 2))) no_debug(char *fmt, ...)
{
	(void)fmt;
}

static void on_generic_err(char *obj, char *msg, relpRetVal code)
{
	on_err(NULL, obj, msg, code);
}

/* TLS: the CA, our certificate and key, the collector's name. */
static relpRetVal setup_tls(struct relp_session *s, const struct relp_opts *o)
{
	relpRetVal r;

	r = relpCltEnableTLS(s->clt);
	if (!r && o->ca)
		r = relpCltSetCACert(s->clt, (char *)o->ca);
	if (!r && o->cert)
		r = relpCltSetOwnCert(s->clt, (char *)o->cert);
	if (!r && o->key)
		r = relpCltSetPrivKey(s->clt, (char *)o->key);
	if (!r)
		r = relpCltSetAuthMode(s->clt, "name");
	if (!r)
		r = relpCltAddPermittedPeer(s->clt, (char *)(o->peer ? o->peer :
								 o->host));
	return r;
}

static relpRetVal setup(struct relp_session *s, const struct relp_opts *o)
{
	relpRetVal r;

	r = relpEngineConstruct(&s->eng);
	if (!r)
		r = relpEngineSetDbgprint(s->eng, no_debug);
	if (!r)
		r = relpEngineSetOnErr(s->eng, on_err);
	if (!r)
		r = relpEngineSetOnAuthErr(s->eng, (void *)on_err);
	if (!r)
		r = relpEngineSetOnGenericErr(s->eng, on_generic_err);
	if (!r)
		r = relpEngineSetEnableCmd(s->eng, (unsigned char *)"syslog",
					   eRelpCmdState_Required);
	if (!r)
		r = relpEngineCltConstruct(s->eng, &s->clt);
	if (!r)
		r = relpCltSetUsrPtr(s->clt, s);
	if (!r)
		r = relpCltSetTimeout(s->clt, o->timeout);
	if (!r)
		r = relpCltSetConnTimeout(s->clt, o->timeout);
	if (!r)
		r = relpCltSetWindowSize(s->clt, s->window);
	if (!r && o->tls)
		r = setup_tls(s, o);
	if (!r)
		r = relpCltConnect(s->clt, PF_UNSPEC, (unsigned char *)o->port,
				   (unsigned char *)o->host);
	return r;
}

struct relp_session *relp_open(const struct relp_opts *o, const char *name)
{
	struct relp_session *s = calloc(1, sizeof(*s));
	relpRetVal r;

	if (!s)
		return NULL;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->window = o->window < 2 ? 2 : o->window;
	r = setup(s, o);
	if (!r)
		return s;
	say(LOG_WARNING, "collector %s: cannot connect (relp error %d)",
	    name, r);
	relp_close(s);
	return NULL;
}

int relp_send(struct relp_session *s, const char *msg, size_t len)
{
	if (relpCltSendSyslog(s->clt, (unsigned char *)msg, len))
		return -1;
	s->sent++;
	return 0;
}

uint64_t relp_sent(const struct relp_session *s)
{
	return s->sent;
}

uint64_t relp_acked(const struct relp_session *s)
{
	return s->sent > s->window ? s->sent - s->window : 0;
}

void relp_close(struct relp_session *s)
{
	if (!s)
		return;
	if (s->clt)
		relpEngineCltDestruct(s->eng, &s->clt);
	if (s->eng)
		relpEngineDestruct(&s->eng);
	free(s);
}
