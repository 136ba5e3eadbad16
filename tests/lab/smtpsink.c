// SPDX-License-Identifier: GPL-2.0
/*
 * smtpsink: the lab's mail server, in dom0 on the lab network (10.99.0.1:25).
 *
 *   smtpsink ADDR PORT DIR
 *
 * Accepts SMTP connections on ADDR:PORT, one at a time, and speaks what an
 * SMTP client such as msmtp needs to hand over a message: EHLO/HELO, MAIL
 * FROM, RCPT TO, DATA, RSET, NOOP, QUIT (RFC 5321). Every message accepted
 * is stored, with its envelope, as DIR/msg.N (N = 1, 2, ...):
 *
 *   X-Sink-Peer: 10.99.0.2:40123      the client's address and port
 *   X-Sink-Helo: guest                what it said in EHLO/HELO
 *   X-Sink-Mail-From: winai@guest     MAIL FROM:<...>
 *   X-Sink-Rcpt-To: a@b               one line per RCPT TO:<...>
 *   (blank line)
 *   the message as sent, dot-unstuffed, lines ending in \n
 *
 * The file appears (renamed from msg.N.tmp) only once the message is whole;
 * a message cut or refused leaves nothing. One line per message or
 * connection on stdout.
 *
 * Why not a real MTA (exim, postfix): the lab's dom0 is a busybox initramfs;
 * an MTA would need its users, spool, queue runner, configuration and many
 * libraries, and would try to deliver the mail onward (DNS, retries). The
 * lab needs only the receiving end of the wire, storing exactly what
 * arrived so that a check can compare it; this is small enough to read
 * whole.
 *
 * Bounded and robust against any client: a command line is at most
 * LINE_MAX_LEN bytes (longer ones are refused and skipped), a message at most
 * MSG_MAX_BYTES (a larger one is read to its end and refused), at most
 * RCPT_MAX recipients and MSGS_MAX messages in all; addresses must be
 * printable ASCII; a client silent for IDLE_SECONDS is dropped. Nothing is
 * allocated per client; a client that goes away is only logged.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define LINE_MAX_LEN	1000	/* RFC 5321 4.5.3.1.6, with the CRLF */
#define ADDR_MAX_LEN	256	/* RFC 5321 4.5.3.1.3: a path, 256 octets */
#define MSG_MAX_BYTES	(1024 * 1024)
#define RCPT_MAX	100	/* RFC 5321 4.5.3.1.8: at least 100 */
#define MSGS_MAX	1000
#define IDLE_SECONDS	60
#define PATH_LEN	4096

struct conn {
	int fd;
	char buf[4096];		/* bytes read, not yet taken as lines */
	size_t len;
	size_t off;
	char peer[64];
	char helo[ADDR_MAX_LEN + 1];
	char from[ADDR_MAX_LEN + 1];
	char rcpt[RCPT_MAX][ADDR_MAX_LEN + 1];
	int nrcpt;
	int has_from;
};

static const char *spool;
static unsigned int msgs;

static void say(struct conn *c, const char *fmt, ...)
{
	char out[512];
	va_list ap;
	size_t n, done = 0;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(out, sizeof(out) - 2, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	n = (size_t)len < sizeof(out) - 2 ? (size_t)len : sizeof(out) - 3;
	out[n++] = '\r';
	out[n++] = '\n';
	while (done < n) {
		ssize_t w = send(c->fd, out + done, n - done, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;	/* the client is gone: the next read says so */
		done += (size_t)w;
	}
}

/*
 * Read one line into LINE (without its CRLF or LF, NUL-terminated).
 * Returns its length, -1 at end of input or on an error or timeout, or -2
 * for a line longer than LINE_MAX_LEN (read to its end and dropped).
 */
static int read_line(struct conn *c, char *line)
{
	size_t n = 0;
	int too_long = 0;

	for (;;) {
		char ch;

		if (c->off == c->len) {
			ssize_t r = read(c->fd, c->buf, sizeof(c->buf));

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return -1;
			c->len = (size_t)r;
			c->off = 0;
		}
		ch = c->buf[c->off++];
		if (ch == '\n')
			break;
		if (n < LINE_MAX_LEN - 2)
			line[n++] = ch;
		else
			too_long = 1;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return too_long ? -2 : (int)n;
}

/* Does LINE start with the command WORD (any case)? */
static int is_cmd(const char *line, const char *word)
{
	size_t n = strlen(word);

	return strncasecmp(line, word, n) == 0 &&
	       (line[n] == '\0' || line[n] == ' ' || line[n] == ':');
}

/*
 * Take the address of "MAIL FROM:<a>" or "RCPT TO:<a>" (PREFIX is the part
 * before '<') into OUT. Parameters after '>' are ignored. 0 on success.
 */
static int take_path(const char *line, const char *prefix, char *out)
{
	size_t n = strlen(prefix), i;
	const char *p, *end;

	if (strncasecmp(line, prefix, n) != 0)
		return -1;
	p = line + n;
	while (*p == ' ')
		p++;
	if (*p++ != '<')
		return -1;
	end = strchr(p, '>');
	if (!end || (size_t)(end - p) > ADDR_MAX_LEN)
		return -1;
	for (i = 0; p + i < end; i++) {
		if (p[i] <= ' ' || p[i] > '~')
			return -1;
		out[i] = p[i];
	}
	out[i] = '\0';
	return 0;
}

static void reset(struct conn *c)
{
	c->nrcpt = 0;
	c->has_from = 0;
	c->from[0] = '\0';
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int write_header(int fd, const char *name, const char *value)
{
	char h[ADDR_MAX_LEN + 64];
	int n = snprintf(h, sizeof(h), "X-Sink-%s: %s\n", name, value);

	if (n < 0 || (size_t)n >= sizeof(h))
		return -1;
	return write_all(fd, h, (size_t)n);
}

/*
 * DATA: read the message up to its "." line into DIR/msg.N.tmp and rename
 * it to msg.N. Returns -1 if the client went away, else 0 (the reply sent).
 */
static int take_data(struct conn *c, char *line)
{
	char tmp[PATH_LEN], final[PATH_LEN];
	size_t bytes = 0;
	int fd, i, len, ok = 1;

	snprintf(tmp, sizeof(tmp), "%s/msg.%u.tmp", spool, msgs + 1);
	snprintf(final, sizeof(final), "%s/msg.%u", spool, msgs + 1);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		say(c, "451 cannot store the message");
		return 0;
	}
	ok = write_header(fd, "Peer", c->peer) == 0 &&
	     write_header(fd, "Helo", c->helo) == 0 &&
	     write_header(fd, "Mail-From", c->from) == 0;
	for (i = 0; ok && i < c->nrcpt; i++)
		ok = write_header(fd, "Rcpt-To", c->rcpt[i]) == 0;
	ok = ok && write_all(fd, "\n", 1) == 0;
	say(c, "354 end with <CRLF>.<CRLF>");
	for (;;) {
		const char *s = line;

		len = read_line(c, line);
		if (len == -1) {
			close(fd);
			unlink(tmp);
			printf("smtpsink: %s: gone during DATA\n", c->peer);
			return -1;
		}
		if (len == -2) {
			ok = 0;	/* a line longer than RFC 5321 allows */
			continue;
		}
		if (strcmp(line, ".") == 0)
			break;
		if (s[0] == '.')
			s++;	/* dot-unstuffing (RFC 5321 4.5.2) */
		bytes += strlen(s) + 1;
		if (bytes > MSG_MAX_BYTES)
			ok = 0;
		if (ok)
			ok = write_all(fd, s, strlen(s)) == 0 &&
			     write_all(fd, "\n", 1) == 0;
	}
	if (close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, final) != 0) {
		unlink(tmp);
		say(c, "552 message refused (too large, a line too long, or not stored)");
		printf("smtpsink: %s: message refused (%zu bytes)\n", c->peer, bytes);
	} else {
		msgs++;
		say(c, "250 stored as msg.%u", msgs);
		printf("smtpsink: msg.%u from <%s> to %d recipient(s), %zu bytes, peer %s\n",
		       msgs, c->from, c->nrcpt, bytes, c->peer);
	}
	reset(c);
	return 0;
}

/* One SMTP session, until QUIT, the client's end, or an idle timeout. */
static void session(struct conn *c)
{
	char line[LINE_MAX_LEN];
	int len;

	say(c, "220 lab-sink ESMTP smtpsink");
	for (;;) {
		len = read_line(c, line);
		if (len == -1)
			break;
		if (len == -2) {
			say(c, "500 line too long");
			continue;
		}
		if (is_cmd(line, "QUIT")) {
			say(c, "221 bye");
			break;
		}
		if (is_cmd(line, "EHLO") || is_cmd(line, "HELO")) {
			const char *arg = line[4] == ' ' ? line + 5 : "";

			for (len = 0; arg[len] && len < ADDR_MAX_LEN; len++)
				c->helo[len] = arg[len] < ' ' || arg[len] > '~' ?
					       '?' : arg[len];
			c->helo[len] = '\0';
			reset(c);
			if ((line[0] | 0x20) == 'e') {
				say(c, "250-lab-sink");
				say(c, "250-8BITMIME");
				say(c, "250 SIZE %d", MSG_MAX_BYTES);
			} else {
				say(c, "250 lab-sink");
			}
		} else if (is_cmd(line, "MAIL")) {
			if (c->has_from)
				say(c, "503 nested MAIL command");
			else if (take_path(line, "MAIL FROM:", c->from) != 0)
				say(c, "501 syntax: MAIL FROM:<address>");
			else if (msgs >= MSGS_MAX)
				say(c, "452 too many messages stored");
			else {
				c->has_from = 1;
				say(c, "250 sender ok");
			}
		} else if (is_cmd(line, "RCPT")) {
			if (!c->has_from)
				say(c, "503 need MAIL first");
			else if (c->nrcpt >= RCPT_MAX)
				say(c, "452 too many recipients");
			else if (take_path(line, "RCPT TO:", c->rcpt[c->nrcpt]) != 0 ||
				 !c->rcpt[c->nrcpt][0])
				say(c, "501 syntax: RCPT TO:<address>");
			else {
				c->nrcpt++;
				say(c, "250 recipient ok");
			}
		} else if (is_cmd(line, "DATA")) {
			if (!c->has_from || c->nrcpt == 0)
				say(c, "503 need MAIL and RCPT first");
			else if (take_data(c, line) != 0)
				break;
		} else if (is_cmd(line, "RSET")) {
			reset(c);
			say(c, "250 reset");
		} else if (is_cmd(line, "NOOP")) {
			say(c, "250 ok");
		} else {
			say(c, "502 command not implemented");
		}
	}
}

int main(int argc, char **argv)
{
	static struct conn c;
	struct sockaddr_in a;
	struct timeval idle = { .tv_sec = IDLE_SECONDS };
	int s, one = 1;
	long port;
	char *end;

	if (argc != 4) {
		fprintf(stderr, "usage: smtpsink ADDR PORT DIR\n");
		return 2;
	}
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	port = strtol(argv[2], &end, 10);
	if (*end || port < 1 || port > 65535 ||
	    inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
		fprintf(stderr, "smtpsink: bad address %s:%s\n", argv[1], argv[2]);
		return 2;
	}
	a.sin_port = htons((unsigned short)port);
	spool = argv[3];
	if (strlen(spool) > PATH_LEN - 32) {
		fprintf(stderr, "smtpsink: directory name too long\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 16)) {
		perror("smtpsink: listen");
		return 1;
	}
	printf("smtpsink: listening on %s:%ld, messages in %s\n", argv[1], port, spool);
	for (;;) {
		struct sockaddr_in p;
		socklen_t plen = sizeof(p);
		char ip[INET_ADDRSTRLEN];

		memset(&c, 0, sizeof(c));
		c.fd = accept(s, (struct sockaddr *)&p, &plen);
		if (c.fd < 0)
			continue;	/* EINTR, ECONNABORTED...: the next one */
		setsockopt(c.fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof(idle));
		setsockopt(c.fd, SOL_SOCKET, SO_SNDTIMEO, &idle, sizeof(idle));
		if (!inet_ntop(AF_INET, &p.sin_addr, ip, sizeof(ip)))
			strcpy(ip, "?");
		snprintf(c.peer, sizeof(c.peer), "%s:%u", ip, ntohs(p.sin_port));
		session(&c);
		close(c.fd);
	}
}
