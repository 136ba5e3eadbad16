/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * dom0's flow observation settings (what dom0 sees of every guest's
 * traffic on its vifs: FLOW and FLOW_LOST records, xtrail_proto.h) as one
 * structure, with their text form, shared by the dom0 module (its module
 * parameters flow_classes and flow_ports, and the control plane's
 * XTRAIL_A_FLOW_CONFIG: checked, applied and logged in that text form) and
 * the CLI ("xtrail config set all KEY=VALUE": parsed and checked before it
 * is sent, printed by "config get all").
 *
 * Text forms (the CLI's KEY=VALUE):
 *   flow         "off", or "tcp", "udp" joined by ',' (default tcp,udp)
 *   flow-ports   "all" (default), or up to XTRAIL_FLOWCFG_PORTS_MAX ports
 *                1..65535 joined by ',': a packet is observed when either
 *                of its ports is listed
 *   flow-cap     flows tracked per guest, 1..XTRAIL_FLOWCFG_CAP_MAX
 *   flow-idle    seconds without packets that end a flow,
 *                1..XTRAIL_FLOWCFG_SECONDS_MAX
 *   flow-update  seconds between a long flow's UPDATE records,
 *                1..XTRAIL_FLOWCFG_SECONDS_MAX
 * Numbers are canonical decimal (digits only). Parsing is strict: a value
 * is taken whole or refused, with a static message saying why.
 *
 * Everything here is pure: no allocation, no locking, no I/O.
 */
#ifndef _XTRAIL_FLOWCFG_H
#define _XTRAIL_FLOWCFG_H

#include "xtrail_cfg.h"

#define XTRAIL_FLOWCFG_TCP		0x1	/* observe TCP */
#define XTRAIL_FLOWCFG_UDP		0x2	/* observe UDP */
#define XTRAIL_FLOWCFG_CLASSES		0x3
#define XTRAIL_FLOWCFG_PORTS_MAX	16
#define XTRAIL_FLOWCFG_CAP_MAX		65536
#define XTRAIL_FLOWCFG_SECONDS_MAX	86400

/* The settings; xtrail_flowcfg_name() has each one's name. */
enum xtrail_flowcfg_key {
	XTRAIL_FLOWCFG_FLOW,
	XTRAIL_FLOWCFG_PORTS,
	XTRAIL_FLOWCFG_CAP,
	XTRAIL_FLOWCFG_IDLE,
	XTRAIL_FLOWCFG_UPDATE,
	XTRAIL_FLOWCFG_NKEYS
};

/* Longest text form: 16 ports of 5 digits and their commas, NUL too. */
#define XTRAIL_FLOWCFG_VALUE_MAX	(XTRAIL_FLOWCFG_PORTS_MAX * 6)

/**
 * struct xtrail_flowcfg - some or all of dom0's flow settings
 * @has:      bit (1 << enum xtrail_flowcfg_key) for each setting present
 * @classes:  XTRAIL_FLOWCFG_TCP | XTRAIL_FLOWCFG_UDP (0: off)
 * @nports:   entries in @ports (0: every port)
 * @cap:      flows per guest
 * @idle_s:   idle timeout
 * @update_s: update period
 * @ports:    the ports observed
 */
struct xtrail_flowcfg {
	__u32 has;
	__u32 classes;
	__u32 nports;
	__u32 cap;
	__u32 idle_s;
	__u32 update_s;
	__u16 ports[XTRAIL_FLOWCFG_PORTS_MAX];
};

/* Setting @key's name (the CLI's KEY), or NULL. */
static inline const char *xtrail_flowcfg_name(unsigned int key)
{
	static const char *const names[XTRAIL_FLOWCFG_NKEYS] = {
		[XTRAIL_FLOWCFG_FLOW] = "flow",
		[XTRAIL_FLOWCFG_PORTS] = "flow-ports",
		[XTRAIL_FLOWCFG_CAP] = "flow-cap",
		[XTRAIL_FLOWCFG_IDLE] = "flow-idle",
		[XTRAIL_FLOWCFG_UPDATE] = "flow-update",
	};

	return key < XTRAIL_FLOWCFG_NKEYS ? names[key] : NULL;
}

/* The key named by the @len bytes at @name, or -1. */
static inline int xtrail_flowcfg_key(const char *name, size_t len)
{
	unsigned int k;

	for (k = 0; k < XTRAIL_FLOWCFG_NKEYS; k++)
		if (strlen(xtrail_flowcfg_name(k)) == len &&
		    !memcmp(xtrail_flowcfg_name(k), name, len))
			return k;
	return -1;
}

#define XTRAIL_FLOWCFG_CAP_BAD \
	"flow-cap: not a number of flows in 1.." \
	XTRAIL_CFG_STR(XTRAIL_FLOWCFG_CAP_MAX)
#define XTRAIL_FLOWCFG_IDLE_BAD \
	"flow-idle: not a number of seconds in 1.." \
	XTRAIL_CFG_STR(XTRAIL_FLOWCFG_SECONDS_MAX)
#define XTRAIL_FLOWCFG_UPDATE_BAD \
	"flow-update: not a number of seconds in 1.." \
	XTRAIL_CFG_STR(XTRAIL_FLOWCFG_SECONDS_MAX)
#define XTRAIL_FLOWCFG_PORTS_TOO_MANY \
	"flow-ports: at most " XTRAIL_CFG_STR(XTRAIL_FLOWCFG_PORTS_MAX) " ports"

/* Is everything @c holds within the limits? NULL, or why not. */
static inline const char *xtrail_flowcfg_check(const struct xtrail_flowcfg *c)
{
	unsigned int i;

	if (c->has & (1u << XTRAIL_FLOWCFG_FLOW) &&
	    c->classes & ~(__u32)XTRAIL_FLOWCFG_CLASSES)
		return "flow: unknown class bit";
	if (c->nports > XTRAIL_FLOWCFG_PORTS_MAX)
		return XTRAIL_FLOWCFG_PORTS_TOO_MANY;
	for (i = 0; i < c->nports; i++)
		if (!c->ports[i])
			return "flow-ports: port 0";
	if (c->has & (1u << XTRAIL_FLOWCFG_CAP) &&
	    (!c->cap || c->cap > XTRAIL_FLOWCFG_CAP_MAX))
		return XTRAIL_FLOWCFG_CAP_BAD;
	if (c->has & (1u << XTRAIL_FLOWCFG_IDLE) &&
	    (!c->idle_s || c->idle_s > XTRAIL_FLOWCFG_SECONDS_MAX))
		return XTRAIL_FLOWCFG_IDLE_BAD;
	if (c->has & (1u << XTRAIL_FLOWCFG_UPDATE) &&
	    (!c->update_s || c->update_s > XTRAIL_FLOWCFG_SECONDS_MAX))
		return XTRAIL_FLOWCFG_UPDATE_BAD;
	return NULL;
}

/* Canonical decimal (no leading zero) in 1..@max into *@out; 0 or -1. */
static inline int xtrail_flowcfg_uint(const char *s, size_t len, __u32 max,
				      __u32 *out)
{
	if (!len || s[0] == '0' || xtrail_cfg_uint(s, len, max, out) ||
	    !*out)
		return -1;
	return 0;
}

/* "tcp", "udp" joined by ',' (each once), or "off". */
static inline const char *xtrail_flowcfg_parse_classes(struct xtrail_flowcfg *c,
						       const char *val)
{
	const char *p = val, *end;
	__u32 bit;
	size_t len;

	c->classes = 0;
	if (!strcmp(val, "off"))
		return NULL;
	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 3 && !memcmp(p, "tcp", 3))
			bit = XTRAIL_FLOWCFG_TCP;
		else if (len == 3 && !memcmp(p, "udp", 3))
			bit = XTRAIL_FLOWCFG_UDP;
		else
			return "flow: off, or tcp and/or udp joined by ','";
		if (c->classes & bit)
			return "flow: a class named twice";
		c->classes |= bit;
		if (!end)
			return NULL;
		p = end + 1;
	}
}

/* "all", or ports 1..65535 joined by ','. */
static inline const char *xtrail_flowcfg_parse_ports(struct xtrail_flowcfg *c,
						     const char *val)
{
	const char *p = val, *end;
	size_t len;
	__u32 v;

	c->nports = 0;
	if (!strcmp(val, "all"))
		return NULL;
	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (c->nports == XTRAIL_FLOWCFG_PORTS_MAX)
			return XTRAIL_FLOWCFG_PORTS_TOO_MANY;
		if (xtrail_flowcfg_uint(p, len, 65535, &v))
			return "flow-ports: all, or ports (1..65535) joined by ','";
		c->ports[c->nports++] = v;
		if (!end)
			return NULL;
		p = end + 1;
	}
}

/*
 * Parse @val, the text form of setting @key, into @c (which it replaces
 * there, and marks present). NULL, or what is wrong with it.
 */
static inline const char *xtrail_flowcfg_parse(struct xtrail_flowcfg *c,
					       unsigned int key,
					       const char *val)
{
	size_t len = strlen(val);

	if (key >= XTRAIL_FLOWCFG_NKEYS)
		return "unknown setting";
	if (len >= XTRAIL_FLOWCFG_VALUE_MAX)
		return "value too long";
	c->has |= 1u << key;
	switch (key) {
	case XTRAIL_FLOWCFG_FLOW:
		return xtrail_flowcfg_parse_classes(c, val);
	case XTRAIL_FLOWCFG_PORTS:
		return xtrail_flowcfg_parse_ports(c, val);
	case XTRAIL_FLOWCFG_CAP:
		return xtrail_flowcfg_uint(val, len, XTRAIL_FLOWCFG_CAP_MAX,
					   &c->cap) ?
		       XTRAIL_FLOWCFG_CAP_BAD : NULL;
	case XTRAIL_FLOWCFG_IDLE:
		return xtrail_flowcfg_uint(val, len,
					   XTRAIL_FLOWCFG_SECONDS_MAX,
					   &c->idle_s) ?
		       XTRAIL_FLOWCFG_IDLE_BAD : NULL;
	default:
		return xtrail_flowcfg_uint(val, len,
					   XTRAIL_FLOWCFG_SECONDS_MAX,
					   &c->update_s) ?
		       XTRAIL_FLOWCFG_UPDATE_BAD : NULL;
	}
}

/*
 * The text form of setting @key of @c (checked) into @buf of @size bytes
 * (XTRAIL_FLOWCFG_VALUE_MAX always suffices). Returns the length, or -1.
 */
static inline int xtrail_flowcfg_format(const struct xtrail_flowcfg *c,
					unsigned int key, char *buf,
					size_t size)
{
	size_t pos = 0;
	unsigned int i;
	int err = 0;

	if (!size)
		return -1;
	buf[0] = '\0';
	switch (key) {
	case XTRAIL_FLOWCFG_FLOW:
		if (!c->classes)
			err = xtrail_cfg_put(buf, size, &pos, "off", 3);
		if (c->classes & XTRAIL_FLOWCFG_TCP)
			err |= xtrail_cfg_put(buf, size, &pos, "tcp", 3);
		if (c->classes == XTRAIL_FLOWCFG_CLASSES)
			err |= xtrail_cfg_put(buf, size, &pos, ",", 1);
		if (c->classes & XTRAIL_FLOWCFG_UDP)
			err |= xtrail_cfg_put(buf, size, &pos, "udp", 3);
		break;
	case XTRAIL_FLOWCFG_PORTS:
		if (!c->nports)
			err = xtrail_cfg_put(buf, size, &pos, "all", 3);
		for (i = 0; i < c->nports; i++) {
			if (i)
				err |= xtrail_cfg_put(buf, size, &pos, ",", 1);
			err |= xtrail_cfg_put_uint(buf, size, &pos,
						   c->ports[i]);
		}
		break;
	case XTRAIL_FLOWCFG_CAP:
		err = xtrail_cfg_put_uint(buf, size, &pos, c->cap);
		break;
	case XTRAIL_FLOWCFG_IDLE:
		err = xtrail_cfg_put_uint(buf, size, &pos, c->idle_s);
		break;
	case XTRAIL_FLOWCFG_UPDATE:
		err = xtrail_cfg_put_uint(buf, size, &pos, c->update_s);
		break;
	default:
		return -1;
	}
	return err ? -1 : (int)pos;
}

#endif /* _XTRAIL_FLOWCFG_H */
