/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * A guest's settings (the backend's config/ keys of xtrail_proto.h) as one
 * structure, with their text form, shared by the dom0 module (netlink: it
 * checks what it is asked to write and formats it for xenstore, and parses
 * xenstore back for "config get") and the CLI (it parses KEY=VALUE, checks
 * before it sends, and prints).
 *
 * Text forms (the xenstore values, and the CLI's VALUEs):
 *   events         "all" or classes joined by ',' (exec, fork, exit, file,
 *                  net, tty, syscall, tcpstate), at least one
 *   flood          "drop" or "wait"
 *   flood-wait-us  decimal, 0..XTRAIL_FLOOD_WAIT_MAX
 *   ignore-uid     decimal uids joined by ',' (not 4294967295), or empty
 *   ignore-comm    task names joined by ',' (1..15 printable bytes, no ',')
 *   ignore-path    absolute path prefixes joined by ',' (< 128 bytes, no
 *                  ',', printable)
 *   ignore-port    ports 1..65535 joined by ','
 * An empty list clears a filter. The maximum counts are in xtrail_proto.h.
 *
 * Two ways to parse a value: xtrail_cfg_parse() takes it whole or refuses
 * it (dom0 and the CLI: what they write must be right), and
 * xtrail_cfg_parse_lenient() takes what it can of a list, item by item
 * (the guest: it reads what dom0 wrote and applies what it can).
 *
 * Everything here is pure: no allocation, no locking, no I/O. Errors are
 * returned as a static message for the caller to show (an extack message
 * in the kernel, stderr in the CLI).
 */
#ifndef _XTRAIL_CFG_H
#define _XTRAIL_CFG_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#else
#include <stddef.h>
#include <string.h>
#include <linux/types.h>
#endif

#include "xtrail_proto.h"
#include "xtrail_genl.h"

/*
 * The settings; xtrail_cfg_key_info() has each one's name and netlink
 * attribute (enum xtrail_cfg_attr).
 */
enum xtrail_cfg_key {
	XTRAIL_CFG_EVENTS,
	XTRAIL_CFG_FLOOD,
	XTRAIL_CFG_FLOOD_WAIT,
	XTRAIL_CFG_IGNORE_UID,
	XTRAIL_CFG_IGNORE_COMM,
	XTRAIL_CFG_IGNORE_PATH,
	XTRAIL_CFG_IGNORE_PORT,
	XTRAIL_CFG_NKEYS
};

#define XTRAIL_CFG_COMM_MAX	15	/* bytes of a task name, no NUL */
#define XTRAIL_CFG_CLASSES	8	/* event classes: bits of XTRAIL_EV_ALL */

_Static_assert(XTRAIL_COMM_LEN - 1 == XTRAIL_CFG_COMM_MAX,
	       "a task name and its NUL fill a comm");
_Static_assert(XTRAIL_EV_ALL == (1u << XTRAIL_CFG_CLASSES) - 1,
	       "one name per event class");
/* (uid_t)-1, "no uid": never a task's, so never in ignore-uid. */
#define XTRAIL_CFG_UID_INVALID	0xffffffffu

/* A limit of xtrail_proto.h (a plain number) inside a message. */
#define XTRAIL_CFG_STR_(x)	#x
#define XTRAIL_CFG_STR(x)	XTRAIL_CFG_STR_(x)

/**
 * struct xtrail_cfg - some or all of a guest's settings
 * @has:           bit (1 << enum xtrail_cfg_key) for each setting present
 * @events:        XTRAIL_EV_* mask
 * @flood:         enum xtrail_flood
 * @flood_wait_us: the longest wait
 * @n_uid, @n_comm, @n_path, @n_port: entries in each list
 * @uid, @comm, @path, @port: the lists (strings NUL terminated)
 */
struct xtrail_cfg {
	__u32 has;
	__u32 events;
	__u32 flood;
	__u32 flood_wait_us;
	__u32 n_uid;
	__u32 n_comm;
	__u32 n_path;
	__u32 n_port;
	__u32 uid[XTRAIL_IGNORE_UID_MAX];
	__u16 port[XTRAIL_IGNORE_PORT_MAX];
	char comm[XTRAIL_IGNORE_COMM_MAX][XTRAIL_COMM_LEN];
	char path[XTRAIL_IGNORE_PATH_MAX][XTRAIL_IGNORE_PATH_LEN];
};

/**
 * struct xtrail_cfg_key_info - what names a setting
 * @name: the CLI's KEY, xenstore's config/KEY
 * @attr: its attribute in an XTRAIL_A_CONFIG nest (enum xtrail_cfg_attr)
 */
struct xtrail_cfg_key_info {
	const char *name;
	__u16 attr;
};

/* Setting @key's name and attribute, or NULL. */
static inline const struct xtrail_cfg_key_info *
xtrail_cfg_key_info(unsigned int key)
{
	static const struct xtrail_cfg_key_info keys[XTRAIL_CFG_NKEYS] = {
		[XTRAIL_CFG_EVENTS] = { "events", XTRAIL_CFG_A_EVENTS },
		[XTRAIL_CFG_FLOOD] = { "flood", XTRAIL_CFG_A_FLOOD },
		[XTRAIL_CFG_FLOOD_WAIT] = { "flood-wait-us",
					    XTRAIL_CFG_A_FLOOD_WAIT_US },
		[XTRAIL_CFG_IGNORE_UID] = { "ignore-uid",
					    XTRAIL_CFG_A_IGNORE_UID },
		[XTRAIL_CFG_IGNORE_COMM] = { "ignore-comm",
					     XTRAIL_CFG_A_IGNORE_COMM },
		[XTRAIL_CFG_IGNORE_PATH] = { "ignore-path",
					     XTRAIL_CFG_A_IGNORE_PATH },
		[XTRAIL_CFG_IGNORE_PORT] = { "ignore-port",
					     XTRAIL_CFG_A_IGNORE_PORT },
	};

	return key < XTRAIL_CFG_NKEYS ? &keys[key] : NULL;
}

/* The setting's name (the CLI's KEY, xenstore's config/KEY), or NULL. */
static inline const char *xtrail_cfg_name(unsigned int key)
{
	return key < XTRAIL_CFG_NKEYS ? xtrail_cfg_key_info(key)->name : NULL;
}

/* The setting's attribute in an XTRAIL_A_CONFIG nest (0: none). */
static inline unsigned int xtrail_cfg_attr(unsigned int key)
{
	return key < XTRAIL_CFG_NKEYS ? xtrail_cfg_key_info(key)->attr : 0;
}

/* The key named by the @len bytes at @name, or -1. */
static inline int xtrail_cfg_key(const char *name, size_t len)
{
	unsigned int k;

	for (k = 0; k < XTRAIL_CFG_NKEYS; k++)
		if (strlen(xtrail_cfg_name(k)) == len &&
		    !memcmp(xtrail_cfg_name(k), name, len))
			return k;
	return -1;
}

/* Event class @bit's name (bit 0 = exec ... 6 = syscall). */
static inline const char *xtrail_cfg_class(unsigned int bit)
{
	static const char *const names[XTRAIL_CFG_CLASSES] = {
		"exec", "fork", "exit", "file", "net", "tty", "syscall",
		"tcpstate",
	};

	return bit < XTRAIL_CFG_CLASSES ? names[bit] : NULL;
}

/* A task name for ignore-comm: 1..15 printable bytes, no ','. */
static inline const char *xtrail_cfg_comm_check(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return "ignore-comm: empty task name";
	if (len > XTRAIL_CFG_COMM_MAX)
		return "ignore-comm: task name longer than "
		       XTRAIL_CFG_STR(XTRAIL_CFG_COMM_MAX) " bytes";
	for (i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e || s[i] == ',')
			return "ignore-comm: task name with a space, ',' or a non-printable byte";
	return NULL;
}

/* A path prefix for ignore-path: absolute, < 128 bytes, printable, no ','. */
static inline const char *xtrail_cfg_path_check(const char *s, size_t len)
{
	size_t i;

	if (!len || s[0] != '/')
		return "ignore-path: not an absolute path";
	if (len >= XTRAIL_IGNORE_PATH_LEN)
		return "ignore-path: path of "
		       XTRAIL_CFG_STR(XTRAIL_IGNORE_PATH_LEN) " bytes or more";
	for (i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == ',')
			return "ignore-path: path with ',' or a non-printable byte";
	return NULL;
}

#define XTRAIL_CFG_UID_TOO_MANY \
	"ignore-uid: at most " XTRAIL_CFG_STR(XTRAIL_IGNORE_UID_MAX) " uids"
#define XTRAIL_CFG_COMM_TOO_MANY \
	"ignore-comm: at most " XTRAIL_CFG_STR(XTRAIL_IGNORE_COMM_MAX) " names"
#define XTRAIL_CFG_PATH_TOO_MANY \
	"ignore-path: at most " XTRAIL_CFG_STR(XTRAIL_IGNORE_PATH_MAX) " paths"
#define XTRAIL_CFG_PORT_TOO_MANY \
	"ignore-port: at most " XTRAIL_CFG_STR(XTRAIL_IGNORE_PORT_MAX) " ports"

/* Is everything @c holds within the limits? NULL, or why not. */
static inline const char *xtrail_cfg_check(const struct xtrail_cfg *c)
{
	const char *err;
	unsigned int i;

	if (c->has & (1u << XTRAIL_CFG_EVENTS)) {
		if (!c->events)
			return "events: at least one class";
		if (c->events & ~(__u32)XTRAIL_EV_ALL)
			return "events: unknown class bit";
	}
	if ((c->has & (1u << XTRAIL_CFG_FLOOD)) &&
	    c->flood != XTRAIL_FLOOD_DROP && c->flood != XTRAIL_FLOOD_WAIT)
		return "flood: drop or wait";
	if ((c->has & (1u << XTRAIL_CFG_FLOOD_WAIT)) &&
	    c->flood_wait_us > XTRAIL_FLOOD_WAIT_MAX)
		return "flood-wait-us: at most "
		       XTRAIL_CFG_STR(XTRAIL_FLOOD_WAIT_MAX);
	if (c->n_uid > XTRAIL_IGNORE_UID_MAX)
		return XTRAIL_CFG_UID_TOO_MANY;
	if (c->n_comm > XTRAIL_IGNORE_COMM_MAX)
		return XTRAIL_CFG_COMM_TOO_MANY;
	if (c->n_path > XTRAIL_IGNORE_PATH_MAX)
		return XTRAIL_CFG_PATH_TOO_MANY;
	if (c->n_port > XTRAIL_IGNORE_PORT_MAX)
		return XTRAIL_CFG_PORT_TOO_MANY;
	for (i = 0; i < c->n_uid; i++)
		if (c->uid[i] == XTRAIL_CFG_UID_INVALID)
			return "ignore-uid: 4294967295 is not a uid";
	for (i = 0; i < c->n_comm; i++) {
		err = xtrail_cfg_comm_check(c->comm[i],
					    strnlen(c->comm[i], XTRAIL_COMM_LEN));
		if (err)
			return err;
	}
	for (i = 0; i < c->n_path; i++) {
		err = xtrail_cfg_path_check(c->path[i],
					    strnlen(c->path[i],
						    XTRAIL_IGNORE_PATH_LEN));
		if (err)
			return err;
	}
	for (i = 0; i < c->n_port; i++)
		if (!c->port[i])
			return "ignore-port: port 0";
	return NULL;
}

/* Decimal @s[0..@len) in [0, @max] into *@out; 0 or -1. */
static inline int xtrail_cfg_uint(const char *s, size_t len, __u32 max,
				  __u32 *out)
{
	__u64 v = 0;
	size_t i;

	if (!len || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* Append @len bytes of @s to @buf (@size, used @*pos); -1 when full. */
static inline int xtrail_cfg_put(char *buf, size_t size, size_t *pos,
				 const char *s, size_t len)
{
	if (*pos + len + 1 > size)
		return -1;
	memcpy(buf + *pos, s, len);
	*pos += len;
	buf[*pos] = '\0';
	return 0;
}

static inline int xtrail_cfg_put_uint(char *buf, size_t size, size_t *pos,
				      __u32 v)
{
	char d[10];
	size_t n = 0, i;
	char tmp[10];

	do {
		d[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		tmp[i] = d[n - 1 - i];
	return xtrail_cfg_put(buf, size, pos, tmp, n);
}

/*
 * The text form of setting @key of @c (checked) into @buf of @size bytes
 * (XTRAIL_CFG_VALUE_MAX + 1 always suffices). Returns the length, or -1.
 */
static inline int xtrail_cfg_format(const struct xtrail_cfg *c,
				    unsigned int key, char *buf, size_t size)
{
	size_t pos = 0;
	unsigned int i, n = 0;
	int err = 0;

	if (!size)
		return -1;
	buf[0] = '\0';
	switch (key) {
	case XTRAIL_CFG_EVENTS:
		if (c->events == XTRAIL_EV_ALL)
			return xtrail_cfg_put(buf, size, &pos, "all", 3) ?
			       -1 : (int)pos;
		for (i = 0; xtrail_cfg_class(i); i++)
			if (c->events & (1u << i)) {
				if (n++)
					err |= xtrail_cfg_put(buf, size, &pos,
							      ",", 1);
				err |= xtrail_cfg_put(buf, size, &pos,
						      xtrail_cfg_class(i),
						      strlen(xtrail_cfg_class(i)));
			}
		break;
	case XTRAIL_CFG_FLOOD:
		err = c->flood == XTRAIL_FLOOD_WAIT ?
		      xtrail_cfg_put(buf, size, &pos, "wait", 4) :
		      xtrail_cfg_put(buf, size, &pos, "drop", 4);
		break;
	case XTRAIL_CFG_FLOOD_WAIT:
		err = xtrail_cfg_put_uint(buf, size, &pos, c->flood_wait_us);
		break;
	case XTRAIL_CFG_IGNORE_UID:
	case XTRAIL_CFG_IGNORE_PORT:
		n = key == XTRAIL_CFG_IGNORE_UID ? c->n_uid : c->n_port;
		for (i = 0; i < n; i++) {
			if (i)
				err |= xtrail_cfg_put(buf, size, &pos, ",", 1);
			err |= xtrail_cfg_put_uint(buf, size, &pos,
						   key == XTRAIL_CFG_IGNORE_UID ?
						   c->uid[i] : c->port[i]);
		}
		break;
	case XTRAIL_CFG_IGNORE_COMM:
		for (i = 0; i < c->n_comm; i++) {
			if (i)
				err |= xtrail_cfg_put(buf, size, &pos, ",", 1);
			err |= xtrail_cfg_put(buf, size, &pos, c->comm[i],
					      strnlen(c->comm[i],
						      XTRAIL_COMM_LEN));
		}
		break;
	case XTRAIL_CFG_IGNORE_PATH:
		for (i = 0; i < c->n_path; i++) {
			if (i)
				err |= xtrail_cfg_put(buf, size, &pos, ",", 1);
			err |= xtrail_cfg_put(buf, size, &pos, c->path[i],
					      strnlen(c->path[i],
						      XTRAIL_IGNORE_PATH_LEN));
		}
		break;
	default:
		return -1;
	}
	return err ? -1 : (int)pos;
}

/* One element of setting @key's list (or its one value) into @c. */
static inline const char *xtrail_cfg_parse_one(struct xtrail_cfg *c,
					       unsigned int key,
					       const char *s, size_t len)
{
	__u32 v;
	int i;

	switch (key) {
	case XTRAIL_CFG_EVENTS:
		if (len == 3 && !memcmp(s, "all", 3)) {
			c->events |= XTRAIL_EV_ALL;
			return NULL;
		}
		for (i = 0; xtrail_cfg_class(i); i++)
			if (strlen(xtrail_cfg_class(i)) == len &&
			    !memcmp(xtrail_cfg_class(i), s, len)) {
				c->events |= 1u << i;
				return NULL;
			}
		return "events: unknown class (exec, fork, exit, file, net, tty, syscall, tcpstate, all)";
	case XTRAIL_CFG_IGNORE_UID:
		if (c->n_uid == XTRAIL_IGNORE_UID_MAX)
			return XTRAIL_CFG_UID_TOO_MANY;
		if (xtrail_cfg_uint(s, len, XTRAIL_CFG_UID_INVALID - 1, &v))
			return "ignore-uid: not a uid (0..4294967294)";
		c->uid[c->n_uid++] = v;
		return NULL;
	case XTRAIL_CFG_IGNORE_PORT:
		if (c->n_port == XTRAIL_IGNORE_PORT_MAX)
			return XTRAIL_CFG_PORT_TOO_MANY;
		if (xtrail_cfg_uint(s, len, 65535, &v) || !v)
			return "ignore-port: not a port (1..65535)";
		c->port[c->n_port++] = v;
		return NULL;
	case XTRAIL_CFG_IGNORE_COMM:
		if (c->n_comm == XTRAIL_IGNORE_COMM_MAX)
			return XTRAIL_CFG_COMM_TOO_MANY;
		if (xtrail_cfg_comm_check(s, len))
			return xtrail_cfg_comm_check(s, len);
		memset(c->comm[c->n_comm], 0, XTRAIL_COMM_LEN);
		memcpy(c->comm[c->n_comm++], s, len);
		return NULL;
	case XTRAIL_CFG_IGNORE_PATH:
		if (c->n_path == XTRAIL_IGNORE_PATH_MAX)
			return XTRAIL_CFG_PATH_TOO_MANY;
		if (xtrail_cfg_path_check(s, len))
			return xtrail_cfg_path_check(s, len);
		memset(c->path[c->n_path], 0, XTRAIL_IGNORE_PATH_LEN);
		memcpy(c->path[c->n_path++], s, len);
		return NULL;
	default:
		return "unknown setting";
	}
}

/*
 * Empty list setting @key of @c (events: no class), before its items are
 * parsed into it. 0, or -1 when @key is not a list.
 */
static inline int xtrail_cfg_list_clear(struct xtrail_cfg *c, unsigned int key)
{
	switch (key) {
	case XTRAIL_CFG_EVENTS:
		c->events = 0;
		return 0;
	case XTRAIL_CFG_IGNORE_UID:
		c->n_uid = 0;
		return 0;
	case XTRAIL_CFG_IGNORE_COMM:
		c->n_comm = 0;
		return 0;
	case XTRAIL_CFG_IGNORE_PATH:
		c->n_path = 0;
		return 0;
	case XTRAIL_CFG_IGNORE_PORT:
		c->n_port = 0;
		return 0;
	default:
		return -1;
	}
}

/*
 * Parse @val, the text form of setting @key, into @c (which it replaces
 * there, and marks present). NULL, or what is wrong with it.
 */
static inline const char *xtrail_cfg_parse(struct xtrail_cfg *c,
					   unsigned int key, const char *val)
{
	size_t len = strlen(val);
	const char *p, *end, *err;
	__u32 v;

	if (key >= XTRAIL_CFG_NKEYS)
		return "unknown setting";
	if (len > XTRAIL_CFG_VALUE_MAX)
		return "value longer than "
		       XTRAIL_CFG_STR(XTRAIL_CFG_VALUE_MAX) " bytes";
	c->has |= 1u << key;
	xtrail_cfg_list_clear(c, key);	/* -1 for the settings below */
	switch (key) {
	case XTRAIL_CFG_FLOOD:
		if (!strcmp(val, "drop"))
			c->flood = XTRAIL_FLOOD_DROP;
		else if (!strcmp(val, "wait"))
			c->flood = XTRAIL_FLOOD_WAIT;
		else
			return "flood: drop or wait";
		return NULL;
	case XTRAIL_CFG_FLOOD_WAIT:
		if (xtrail_cfg_uint(val, len, XTRAIL_FLOOD_WAIT_MAX, &v))
			return "flood-wait-us: not a number of us in 0.."
			       XTRAIL_CFG_STR(XTRAIL_FLOOD_WAIT_MAX);
		c->flood_wait_us = v;
		return NULL;
	case XTRAIL_CFG_EVENTS:
		if (!len)
			return "events: at least one class";
		break;
	}
	/* A list: empty, or elements joined by ','. */
	for (p = val; len; p = end + 1) {
		end = strchr(p, ',');
		if (!end)
			end = val + len;
		err = xtrail_cfg_parse_one(c, key, p, end - p);
		if (err)
			return err;
		if (!*end)
			break;
	}
	return NULL;
}

/* A blank the lenient parser trims around an item (isspace() in ASCII). */
static inline int xtrail_cfg_blank(char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

/**
 * xtrail_cfg_parse_lenient() - take what can be taken of a list
 * @c:        where the list goes (it replaces setting @key there, and
 *            marks it present)
 * @key:      a list setting: XTRAIL_CFG_EVENTS or an ignore-* one
 * @val:      its text form, at most XTRAIL_CFG_VALUE_MAX bytes
 * @left_out: told of each item left out (@item is not NUL terminated),
 *            with why; may be NULL
 *
 * The guest's reading of its config/ keys: the items are those of
 * xtrail_cfg_parse(), but blanks around each are trimmed, empty items are
 * passed over, and an item that does not parse (or does not fit) is left
 * out rather than the whole value. An empty events list is no class.
 * Returns the number of items left out (a setting that is not a list: 1,
 * and @c is untouched).
 */
static inline unsigned int
xtrail_cfg_parse_lenient(struct xtrail_cfg *c, unsigned int key,
			 const char *val,
			 void (*left_out)(unsigned int key, const char *item,
					  size_t len, const char *why))
{
	unsigned int skipped = 0;
	const char *p, *end, *err;
	size_t len;

	if (xtrail_cfg_list_clear(c, key)) {
		if (left_out)
			left_out(key, val, strlen(val), "not a list");
		return 1;
	}
	c->has |= 1u << key;
	for (p = val;; p = end + 1) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		len = end - p;
		while (len && xtrail_cfg_blank(*p)) {
			p++;
			len--;
		}
		while (len && xtrail_cfg_blank(p[len - 1]))
			len--;
		if (len) {
			err = xtrail_cfg_parse_one(c, key, p, len);
			if (err) {
				skipped++;
				if (left_out)
					left_out(key, p, len, err);
			}
		}
		if (!*end)
			break;
	}
	return skipped;
}

#endif /* _XTRAIL_CFG_H */
