/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's settings: the config file (xtraild.conf(5), "keyword = value"
 * lines), then the command line over it (each keyword is also an option,
 * with '-' for '_'), then the defaults that depend on them.
 */
#ifndef XTRAILD_CONF_H
#define XTRAILD_CONF_H

#define XTRAILD_DEV		"/dev/xtrail"
#define XTRAILD_OUT		"/var/log/xtrail/f3.log"
#define XTRAILD_CONF		"/etc/xtrail/xtraild.conf"
/* disk_retry_seconds, also when it is set to 0 */
#define XTRAILD_RETRY_SECONDS	10

enum flush_mode { FLUSH_NONE, FLUSH_INCREMENTAL, FLUSH_DATA, FLUSH_SYNC };

enum disk_action { ACT_SUSPEND, ACT_ROTATE, ACT_KEEP, ACT_HALT };

/* replication_backlog_action: what retention does with unreplicated files */
enum backlog_action { BACKLOG_KEEP, BACKLOG_DELETE };

struct xtraild_conf {
	char *output;
	char *device;
	char *auditor_public_key;
	char *seal_key;
	int keep_seal_key;	/* do not erase seal_key once in seal_state */
	char *seal_state;	/* the sealing key's state file */
	unsigned long seal_every_records;
	unsigned long seal_every_seconds;
	enum flush_mode flush;
	unsigned long flush_freq;
	unsigned long long max_segment_size;
	unsigned long num_segments;
	unsigned long max_segment_age;
	enum disk_action disk_full_action;
	enum disk_action disk_error_action;
	unsigned long disk_retry_seconds;
	int record_frames;
	int plaintext;
	int auto_attach;	/* attach new guests (autoattach.c) */
	/* replicate.c: the collectors ("host:port,..."), TLS, the window */
	char *replicate_to;
	char *replicate_hostname;
	int replicate_tls;
	char *replicate_ca;
	char *replicate_cert;
	char *replicate_key;
	char *replicate_peer;
	unsigned long replicate_window;
	unsigned long replicate_timeout;
	enum backlog_action replication_backlog_action;
	int foreground;		/* command line only: do not detach */
};

/*
 * The defaults, the config file, then the command line. Returns 0 to run,
 * 1 when done (--help, --version), -1 after a message (exit status 1).
 * conf_uninit() in every case.
 */
int conf_init(struct xtraild_conf *c, int argc, char *argv[]);
void conf_uninit(struct xtraild_conf *c);

const char *conf_flush_name(enum flush_mode f);
const char *conf_action_name(enum disk_action a);
const char *conf_backlog_name(enum backlog_action a);

#endif /* XTRAILD_CONF_H */
