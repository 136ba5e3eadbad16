// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A RELP session on librelp (see relp_session.h). librelp is
 * GPL-3.0-or-later: xtraild, which uses it, is distributed under
 * GPL-3.0 as the combination of GPL-2.0-or-later code with it (README).
 * It is loaded (dlopen) only when replication is configured: its
 * dependencies (GnuTLS, OpenSSL, p11-kit) cost every start of xtraild
 * some 20 ms otherwise, which a restart after a crash should not pay.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <librelp.h>

#include "relp_session.h"
#include "say.h"

/* The functions of librelp used here, called through relp.NAME. */
struct relp_api {
	__typeof__(&relpEngineConstruct) relpEngineConstruct;
	__typeof__(&relpEngineDestruct) relpEngineDestruct;
	__typeof__(&relpEngineSetDbgprint) relpEngineSetDbgprint;
	__typeof__(&relpEngineSetOnErr) relpEngineSetOnErr;
	__typeof__(&relpEngineSetOnAuthErr) relpEngineSetOnAuthErr;
	__typeof__(&relpEngineSetOnGenericErr) relpEngineSetOnGenericErr;
	__typeof__(&relpEngineSetEnableCmd) relpEngineSetEnableCmd;
	__typeof__(&relpEngineCltConstruct) relpEngineCltConstruct;
	__typeof__(&relpEngineCltDestruct) relpEngineCltDestruct;
	__typeof__(&relpCltSetUsrPtr) relpCltSetUsrPtr;
	__typeof__(&relpCltSetTimeout) relpCltSetTimeout;
	__typeof__(&relpCltSetConnTimeout) relpCltSetConnTimeout;
	__typeof__(&relpCltSetWindowSize) relpCltSetWindowSize;
	__typeof__(&relpCltEnableTLS) relpCltEnableTLS;
	__typeof__(&relpCltSetCACert) relpCltSetCACert;
	__typeof__(&relpCltSetOwnCert) relpCltSetOwnCert;
	__typeof__(&relpCltSetPrivKey) relpCltSetPrivKey;
	__typeof__(&relpCltSetAuthMode) relpCltSetAuthMode;
	__typeof__(&relpCltAddPermittedPeer) relpCltAddPermittedPeer;
	__typeof__(&relpCltConnect) relpCltConnect;
	__typeof__(&relpCltSendSyslog) relpCltSendSyslog;
};

static struct relp_api relp;

#define SYM(name) { #name, offsetof(struct relp_api, name) }

static const struct {
	const char *name;
	size_t off;
} relp_syms[] = {
	SYM(relpEngineConstruct),
	SYM(relpEngineDestruct),
	SYM(relpEngineSetDbgprint),
	SYM(relpEngineSetOnErr),
	SYM(relpEngineSetOnAuthErr),
	SYM(relpEngineSetOnGenericErr),
	SYM(relpEngineSetEnableCmd),
	SYM(relpEngineCltConstruct),
	SYM(relpEngineCltDestruct),
	SYM(relpCltSetUsrPtr),
	SYM(relpCltSetTimeout),
	SYM(relpCltSetConnTimeout),
	SYM(relpCltSetWindowSize),
	SYM(relpCltEnableTLS),
	SYM(relpCltSetCACert),
	SYM(relpCltSetOwnCert),
	SYM(relpCltSetPrivKey),
	SYM(relpCltSetAuthMode),
	SYM(relpCltAddPermittedPeer),
	SYM(relpCltConnect),
	SYM(relpCltSendSyslog),
};

int relp_load(void)
{
	void *h = dlopen("librelp.so.0", RTLD_NOW | RTLD_LOCAL), *f;
	size_t i;

	if (!h) {
		say(LOG_ERR, "replication needs librelp: %s", dlerror());
		return -1;
	}
	for (i = 0; i < sizeof(relp_syms) / sizeof(relp_syms[0]); i++) {
		f = dlsym(h, relp_syms[i].name);
		if (!f) {
			say(LOG_ERR, "librelp: no %s", relp_syms[i].name);
			return -1;
		}
		memcpy((char *)&relp + relp_syms[i].off, &f, sizeof(f));
	}
	return 0;
}

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

	r = relp.relpCltEnableTLS(s->clt);
	if (!r && o->ca)
		r = relp.relpCltSetCACert(s->clt, (char *)o->ca);
	if (!r && o->cert)
		r = relp.relpCltSetOwnCert(s->clt, (char *)o->cert);
	if (!r && o->key)
		r = relp.relpCltSetPrivKey(s->clt, (char *)o->key);
	if (!r)
		r = relp.relpCltSetAuthMode(s->clt, "name");
	if (!r)
		r = relp.relpCltAddPermittedPeer(s->clt, (char *)(o->peer ? o->peer :
								 o->host));
	return r;
}

static relpRetVal setup(struct relp_session *s, const struct relp_opts *o)
{
	relpRetVal r;

	r = relp.relpEngineConstruct(&s->eng);
	if (!r)
		r = relp.relpEngineSetDbgprint(s->eng, no_debug);
	if (!r)
		r = relp.relpEngineSetOnErr(s->eng, on_err);
	if (!r)
		r = relp.relpEngineSetOnAuthErr(s->eng, (void *)on_err);
	if (!r)
		r = relp.relpEngineSetOnGenericErr(s->eng, on_generic_err);
	if (!r)
		r = relp.relpEngineSetEnableCmd(s->eng, (unsigned char *)"syslog",
					   eRelpCmdState_Required);
	if (!r)
		r = relp.relpEngineCltConstruct(s->eng, &s->clt);
	if (!r)
		r = relp.relpCltSetUsrPtr(s->clt, s);
	if (!r)
		r = relp.relpCltSetTimeout(s->clt, o->timeout);
	if (!r)
		r = relp.relpCltSetConnTimeout(s->clt, o->timeout);
	if (!r)
		r = relp.relpCltSetWindowSize(s->clt, s->window);
	if (!r && o->tls)
		r = setup_tls(s, o);
	if (!r)
		r = relp.relpCltConnect(s->clt, PF_UNSPEC, (unsigned char *)o->port,
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
	if (relp.relpCltSendSyslog(s->clt, (unsigned char *)msg, len))
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
		relp.relpEngineCltDestruct(s->eng, &s->clt);
	if (s->eng)
		relp.relpEngineDestruct(&s->eng);
	free(s);
}
