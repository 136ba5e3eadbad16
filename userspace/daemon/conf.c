// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's settings (see conf.h): one table of the keywords of
 * xtraild.conf(5), from which both the config file's parser and the long
 * options of the command line are made, so that the two cannot differ.
 */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "version.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Largest number a setting takes (before its K, M or G). */
#define CONF_NUM_MAX	(1ull << 40)
/* Longest keyword, with its NUL. */
#define CONF_KEY_LEN	32

enum conf_kind {
	KIND_STR,	/* char *, strdup()ed */
	KIND_NUM,	/* unsigned long */
	KIND_SIZE,	/* unsigned long long */
	KIND_YESNO,	/* int; on the command line an option without value */
	KIND_FLUSH,	/* enum flush_mode */
	KIND_ACTION,	/* enum disk_action */
	KIND_BACKLOG,	/* enum backlog_action */
};

struct conf_key {
	const char *name;
	enum conf_kind kind;
	size_t off;		/* in struct xtraild_conf */
};

#define KEY(field, kind) { #field, kind, offsetof(struct xtraild_conf, field) }

/* In the order of the command line's long options (see conf_options()). */
static const struct conf_key conf_keys[] = {
	KEY(output, KIND_STR),
	KEY(device, KIND_STR),
	KEY(auditor_public_key, KIND_STR),
	KEY(seal_key, KIND_STR),
	KEY(keep_seal_key, KIND_YESNO),
	KEY(seal_state, KIND_STR),
	KEY(seal_every_records, KIND_NUM),
	KEY(seal_every_seconds, KIND_NUM),
	KEY(flush, KIND_FLUSH),
	KEY(flush_freq, KIND_NUM),
	KEY(max_segment_size, KIND_SIZE),
	KEY(num_segments, KIND_NUM),
	KEY(max_segment_age, KIND_NUM),
	KEY(disk_full_action, KIND_ACTION),
	KEY(disk_error_action, KIND_ACTION),
	KEY(disk_retry_seconds, KIND_NUM),
	KEY(plaintext, KIND_YESNO),
	KEY(auto_attach, KIND_YESNO),
	KEY(record_frames, KIND_YESNO),
	KEY(replicate_to, KIND_STR),
	KEY(replicate_hostname, KIND_STR),
	KEY(replicate_tls, KIND_YESNO),
	KEY(replicate_ca, KIND_STR),
	KEY(replicate_cert, KIND_STR),
	KEY(replicate_key, KIND_STR),
	KEY(replicate_peer, KIND_STR),
	KEY(replicate_window, KIND_NUM),
	KEY(replicate_timeout, KIND_NUM),
	KEY(replication_backlog_action, KIND_BACKLOG),
};

static const char *const flush_names[] = {
	[FLUSH_NONE] = "none",
	[FLUSH_INCREMENTAL] = "incremental",
	[FLUSH_DATA] = "data",
	[FLUSH_SYNC] = "sync",
};

static const char *const action_names[] = {
	[ACT_SUSPEND] = "suspend",
	[ACT_ROTATE] = "rotate",
	[ACT_KEEP] = "keep",
	[ACT_HALT] = "halt",
};

static const char *const backlog_names[] = {
	[BACKLOG_KEEP] = "keep",
	[BACKLOG_DELETE] = "delete",
};

/* The first is 1: yes. */
static const char *const yesno_names[] = { "yes", "no" };

const char *conf_flush_name(enum flush_mode f)
{
	return flush_names[f];
}

const char *conf_action_name(enum disk_action a)
{
	return action_names[a];
}

const char *conf_backlog_name(enum backlog_action a)
{
	return backlog_names[a];
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: xtraild [-f|--foreground] [-c|--config FILE] [-o|--output FILE]\n"
		"               [-d|--device PATH] [--auditor-public-key FILE]\n"
		"               [--seal-key FILE] [--keep-seal-key] [--seal-state FILE]\n"
		"               [--seal-every-records N] [--seal-every-seconds N]\n"
		"               [--flush none|incremental|data|sync] [--flush-freq N]\n"
		"               [--max-segment-size BYTES] [--num-segments N]\n"
		"               [--max-segment-age SECONDS]\n"
		"               [--disk-full-action suspend|rotate|keep|halt]\n"
		"               [--disk-error-action suspend|rotate|keep|halt]\n"
		"               [--disk-retry-seconds N] [--record-frames]\n"
		"               [--plaintext] [--replicate-to HOST:PORT,...]\n"
		"               [-h|--help] [--version]\n"
		"\n"
		"Append the records of the xtrail device to an F3 log, encrypted\n"
		"to the auditor and sealed with forward-secure MACs.\n"
		"\n"
		"  -f, --foreground   do not detach, log to stderr\n"
		"  -c, --config FILE  configuration (default %s)\n"
		"  -o, --output FILE  F3 file (default %s)\n"
		"  -d, --device PATH  record source (default %s)\n"
		"      --plaintext    allow running without an auditor key\n"
		"      --keep-seal-key  do not erase the initial sealing key file once\n"
		"                     its key is in the sealing state (tests only)\n"
		"      --no-auto-attach  do not attach new guests (default: attach)\n"
		"  -h, --help         show this help\n"
		"      --version      show the version\n"
		"The other options are the keywords of xtraild.conf(5).\n",
		XTRAILD_CONF, XTRAILD_OUT, XTRAILD_DEV);
}

static int parse_num(const char *what, const char *v, unsigned long long max,
		     unsigned long long *out)
{
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(v, &end, 10);
	if (*v < '0' || *v > '9' || errno || n > max) {
		fprintf(stderr, "xtraild: bad %s '%s'\n", what, v);
		return -1;
	}
	if (*end == 'K' || *end == 'k')
		n <<= 10, end++;
	else if (*end == 'M')
		n <<= 20, end++;
	else if (*end == 'G')
		n <<= 30, end++;
	if (*end) {
		fprintf(stderr, "xtraild: bad %s '%s'\n", what, v);
		return -1;
	}
	*out = n;
	return 0;
}

/*
 * @v as an index into @names, or -1 after "bad KEY 'V' (a, b or c)".
 */
static int pick(const char *k, const char *v, const char *const *names,
		size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v, names[i]))
			return i;
	fprintf(stderr, "xtraild: bad %s '%s' (", k, v);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%s%s", i ? (i + 1 < n ? ", " : " or ") : "",
			names[i]);
	fputs(")\n", stderr);
	return -1;
}

static int set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = strdup(v);
	return *dst ? 0 : -1;
}

/* Setting @k (an entry of conf_keys[]) to @v. 0, or -1 after a message. */
static int conf_set_key(struct xtraild_conf *c, const struct conf_key *k,
			const char *v)
{
	void *p = (char *)c + k->off;
	unsigned long long n;
	int i = 0;

	switch (k->kind) {
	case KIND_STR:
		return set_str(p, v);
	case KIND_NUM:
	case KIND_SIZE:
		if (parse_num(k->name, v, CONF_NUM_MAX, &n))
			return -1;
		if (k->kind == KIND_NUM)
			*(unsigned long *)p = n;
		else
			*(unsigned long long *)p = n;
		return 0;
	case KIND_YESNO:
		i = pick(k->name, v, yesno_names, ARRAY_SIZE(yesno_names));
		if (i >= 0)
			*(int *)p = i == 0;
		break;
	case KIND_FLUSH:
		i = pick(k->name, v, flush_names, ARRAY_SIZE(flush_names));
		if (i >= 0)
			*(enum flush_mode *)p = i;
		break;
	case KIND_ACTION:
		i = pick(k->name, v, action_names, ARRAY_SIZE(action_names));
		if (i >= 0)
			*(enum disk_action *)p = i;
		break;
	case KIND_BACKLOG:
		i = pick(k->name, v, backlog_names, ARRAY_SIZE(backlog_names));
		if (i >= 0)
			*(enum backlog_action *)p = i;
		break;
	}
	return i < 0 ? -1 : 0;
}

/* One setting, from the file or the command line. */
static int conf_set(struct xtraild_conf *c, const char *k, const char *v)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(conf_keys); i++)
		if (!strcmp(k, conf_keys[i].name))
			return conf_set_key(c, &conf_keys[i], v);
	fprintf(stderr, "xtraild: unknown setting '%s'\n", k);
	return -1;
}

/*
 * Read "keyword = value" (or "keyword value") lines; '#' starts a comment.
 * A missing file is fine unless @must.
 */
static int conf_load(struct xtraild_conf *c, const char *path, int must)
{
	char line[1024], *k, *v, *e;
	unsigned int ln = 0;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f) {
		if (errno == ENOENT && !must)
			return 0;
		fprintf(stderr, "xtraild: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		ln++;
		e = strchr(line, '#');
		if (e)
			*e = 0;
		k = line + strspn(line, " \t\r\n");
		if (!*k)
			continue;
		v = k + strcspn(k, " \t=\r\n");
		e = v;
		v += strspn(v, " \t");
		if (*v == '=')
			v++;
		*e = 0;
		v += strspn(v, " \t");
		e = v + strlen(v);
		while (e > v && strchr(" \t\r\n", e[-1]))
			*--e = 0;
		if (!*v) {
			fprintf(stderr, "xtraild: %s:%u: '%s' has no value\n",
				path, ln, k);
			ret = -1;
			break;
		}
		if (conf_set(c, k, v)) {
			fprintf(stderr, "xtraild: %s:%u: in this line\n", path,
				ln);
			ret = -1;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* getopt_long() values; OPT_KEY + i is conf_keys[i]. */
enum {
	OPT_VERSION = 0x100,
	OPT_NO_AUTO_ATTACH,
	OPT_KEY,
};

#define SHORT_OPTS	"fc:o:d:h"

/* The options that are not keywords, before and after the keywords. */
static const struct option opts_first[] = {
	{ "foreground", no_argument, NULL, 'f' },
	{ "config", required_argument, NULL, 'c' },
};

static const struct option opts_last[] = {
	{ "no-auto-attach", no_argument, NULL, OPT_NO_AUTO_ATTACH },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

#define NOPTS	(ARRAY_SIZE(opts_first) + ARRAY_SIZE(conf_keys) + \
		 ARRAY_SIZE(opts_last))

/* The long options: each keyword with '-' for '_' (a yes/no one: "yes"). */
static void conf_options(struct option *opts, char names[][CONF_KEY_LEN])
{
	const struct conf_key *k;
	size_t i, n = 0;
	char *s;

	for (i = 0; i < ARRAY_SIZE(opts_first); i++)
		opts[n++] = opts_first[i];
	for (i = 0; i < ARRAY_SIZE(conf_keys); i++) {
		k = &conf_keys[i];
		snprintf(names[i], CONF_KEY_LEN, "%s", k->name);
		for (s = names[i]; (s = strchr(s, '_')); s++)
			*s = '-';
		opts[n].name = names[i];
		opts[n].has_arg = k->kind == KIND_YESNO ? no_argument :
							  required_argument;
		opts[n].flag = NULL;
		opts[n++].val = OPT_KEY + i;
	}
	for (i = 0; i < ARRAY_SIZE(opts_last); i++)
		opts[n++] = opts_last[i];
}

/* Pass 2: the command line over the file. 0, 1 (done) or -1. */
static int conf_args(struct xtraild_conf *c, int argc, char *argv[],
		     const struct option *opts)
{
	const struct conf_key *k;
	int o;

	while ((o = getopt_long(argc, argv, SHORT_OPTS, opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			c->foreground = 1;
			break;
		case 'c':
			break;
		case 'o':
			if (conf_set(c, "output", optarg))
				return -1;
			break;
		case 'd':
			if (conf_set(c, "device", optarg))
				return -1;
			break;
		case OPT_NO_AUTO_ATTACH:
			c->auto_attach = 0;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("xtraild %s\n", XTRAIL_VERSION);
			return 1;
		default:
			if (o < OPT_KEY || o >= OPT_KEY + (int)ARRAY_SIZE(conf_keys)) {
				usage(stderr);
				return -1;
			}
			k = &conf_keys[o - OPT_KEY];
			if (conf_set_key(c, k, k->kind == KIND_YESNO ?
					 yesno_names[0] : optarg))
				return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "xtraild: unexpected argument '%s'\n",
			argv[optind]);
		usage(stderr);
		return -1;
	}
	return 0;
}

int conf_init(struct xtraild_conf *c, int argc, char *argv[])
{
	struct option opts[NOPTS];
	char names[ARRAY_SIZE(conf_keys)][CONF_KEY_LEN];
	const char *conf = XTRAILD_CONF;
	int o, conf_must = 0, ret;

	*c = (struct xtraild_conf){
		.seal_every_records = 10000,
		.seal_every_seconds = 10,
		.flush = FLUSH_DATA,
		.flush_freq = 1000,
		.max_segment_size = 64ull << 20,
		.auto_attach = 1,
		.disk_retry_seconds = XTRAILD_RETRY_SECONDS,
		.replicate_tls = 1,
		.replicate_window = 8,
		.replicate_timeout = 10,
	};
	conf_options(opts, names);
	/* Pass 1: where the config file is. */
	opterr = 0;
	while ((o = getopt_long(argc, argv, SHORT_OPTS, opts, NULL)) != -1)
		if (o == 'c') {
			conf = optarg;
			conf_must = 1;
		}
	opterr = 1;
	optind = 1;
	if (conf_load(c, conf, conf_must))
		return -1;
	ret = conf_args(c, argc, argv, opts);
	if (ret)
		return ret;
	if ((!c->output && set_str(&c->output, XTRAILD_OUT)) ||
	    (!c->device && set_str(&c->device, XTRAILD_DEV)))
		return -1;
	if (!c->seal_state &&
	    asprintf(&c->seal_state, "%s.sealstate", c->output) < 0)
		return -1;
	return 0;
}

void conf_uninit(struct xtraild_conf *c)
{
	free(c->output);
	free(c->device);
	free(c->auditor_public_key);
	free(c->seal_key);
	free(c->seal_state);
	free(c->replicate_to);
	free(c->replicate_hostname);
	free(c->replicate_ca);
	free(c->replicate_cert);
	free(c->replicate_key);
	free(c->replicate_peer);
}
