// SPDX-License-Identifier: GPL-2.0
/*
 * xtload: exact, known workloads for the lab guest (busybox cannot make
 * them: its tools connect UDP sockets, and shell loops are too slow for
 * a million operations).
 *
 *   xtload udp ADDR PORT:N [PORT:N...]   one UDP socket; N datagrams with
 *                                        sendto() to ADDR:PORT, in order
 *   xtload openclose N PATH              N times open(PATH) and close()
 *   xtload connect ADDR PORT N           N TCP connections, each closed
 *   xtload udpscan ADDR PORT N           one UDP socket; one datagram
 *                                        to each of PORT..PORT+N-1
 *   xtload scan ADDR PORT N              a port scan: one TCP connect to
 *                                        each of PORT..PORT+N-1, each of
 *                                        which must be refused (closed)
 *   xtload serve PORT                    accept TCP connections on
 *                                        127.0.0.1:PORT and close them,
 *                                        forever
 *   xtload getppid N                     N getppid() calls: a syscall
 *                                        that nothing records
 *   xtload forkexit N                    N times fork(), the child exits
 *                                        at once, the parent waits
 *   xtload flood SECONDS PATH            open(PATH) and close() as fast as
 *                                        it goes for SECONDS; prints the
 *                                        pairs made, not the time
 *   xtload paced RATE SECONDS PATH       RATE open/close pairs a second
 *                                        for SECONDS, in bursts every
 *                                        10 ms (no catching up after a
 *                                        late tick); prints the pairs made
 *
 * Prints the elapsed time in microseconds on stdout; exits non-zero on the
 * first failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long parse(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 0) {
		fprintf(stderr, "xtload: bad number \"%s\"\n", s);
		exit(2);
	}
	return v;
}

static struct sockaddr_in addr_of(const char *host, long port)
{
	struct sockaddr_in a;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "xtload: bad IPv4 address \"%s\"\n", host);
		exit(2);
	}
	return a;
}

static int udp(int argc, char **argv)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), i;
	struct sockaddr_in a;
	long port, n, j;
	char *colon;

	if (fd < 0 || argc < 2)
		return 1;
	for (i = 1; i < argc; i++) {
		colon = strchr(argv[i], ':');
		if (!colon) {
			fprintf(stderr, "xtload: want PORT:N, not %s\n", argv[i]);
			return 2;
		}
		*colon = 0;
		port = parse(argv[i]);
		n = parse(colon + 1);
		a = addr_of(argv[0], port);
		for (j = 0; j < n; j++)
			if (sendto(fd, "x", 1, 0, (struct sockaddr *)&a,
				   sizeof(a)) != 1) {
				perror("xtload: sendto");
				return 1;
			}
	}
	return close(fd) ? 1 : 0;
}

static int openclose(long n, const char *path)
{
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0 || close(fd)) {
			perror("xtload: open/close");
			return 1;
		}
	}
	return 0;
}

static int tcp_connect(const char *host, long port, long n)
{
	struct sockaddr_in a = addr_of(host, port);
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
			perror("xtload: connect");
			return 1;
		}
		close(fd);
	}
	return 0;
}

static int udpscan(const char *host, long port, long n)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a;
	long i;

	if (fd < 0)
		return 1;
	for (i = 0; i < n; i++) {
		a = addr_of(host, port + i);
		if (sendto(fd, "x", 1, 0, (struct sockaddr *)&a,
			   sizeof(a)) != 1) {
			perror("xtload: sendto");
			return 1;
		}
	}
	return close(fd) ? 1 : 0;
}

static int scan(const char *host, long port, long n)
{
	struct sockaddr_in a;
	long i;
	int fd;

	for (i = 0; i < n; i++) {
		a = addr_of(host, port + i);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return 1;
		if (!connect(fd, (struct sockaddr *)&a, sizeof(a)) ||
		    errno != ECONNREFUSED) {
			fprintf(stderr, "xtload: port %ld not refused\n",
				port + i);
			return 1;
		}
		close(fd);
	}
	return 0;
}

static int getppid_loop(long n)
{
	long i;

	/* syscall(): libc may not call the kernel for getppid() every time. */
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}

static int forkexit(long n)
{
	long i;
	pid_t pid;
	int st;

	for (i = 0; i < n; i++) {
		pid = fork();
		if (pid < 0) {
			perror("xtload: fork");
			return 1;
		}
		if (!pid)
			_exit(0);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
			perror("xtload: waitpid");
			return 1;
		}
	}
	return 0;
}

static long ns_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000000L + t.tv_nsec - t0->tv_nsec;
}

static int open_close(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		perror("xtload: open");
		return 1;
	}
	return close(fd) ? 1 : 0;
}

/* As many pairs as go in @secs; the count on stdout. */
static int flood(long secs, const char *path)
{
	struct timespec t0;
	long n = 0, i;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (ns_since(&t0) < secs * 1000000000L) {
		for (i = 0; i < 100; i++)
			if (open_close(path))
				return 1;
		n += 100;
	}
	printf("%ld\n", n);
	return 0;
}

/*
 * @rate pairs a second for @secs: rate / 100 of them at each 10 ms tick
 * (absolute ticks; a tick missed because the burst ran late is skipped,
 * so the count printed shows a rate the machine could not make).
 */
static int paced(long rate, long secs, const char *path)
{
	struct timespec t0, next;
	long ticks = secs * 100, burst = rate / 100, n = 0, t, i;

	if (!burst || !ticks) {
		fputs("xtload: RATE must be >= 100 and SECONDS >= 1\n",
		      stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (t = 0; t < ticks; t++) {
		if (ns_since(&t0) > (t + 1) * 10000000L)
			continue;
		for (i = 0; i < burst; i++)
			if (open_close(path))
				return 1;
		n += burst;
		next = t0;
		next.tv_nsec += (t + 1) * 10000000L;
		next.tv_sec += next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	printf("%ld\n", n);
	return 0;
}

static int serve(long port)
{
	struct sockaddr_in a = addr_of("127.0.0.1", port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), c, one = 1;

	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) || listen(fd, 128)) {
		perror("xtload: listen");
		return 1;
	}
	for (;;) {
		c = accept(fd, NULL, NULL);
		if (c >= 0)
			close(c);
	}
}

static const char xtload_usage[] =
	"usage: xtload udp ADDR PORT:N [PORT:N...]\n"
	"       xtload openclose N PATH\n"
	"       xtload connect ADDR PORT N\n"
	"       xtload scan ADDR PORT N\n"
	"       xtload udpscan ADDR PORT N\n"
	"       xtload serve PORT\n"
	"       xtload getppid N\n"
	"       xtload forkexit N\n"
	"       xtload flood SECONDS PATH\n"
	"       xtload paced RATE SECONDS PATH\n";

static int usage(void)
{
	fputs(xtload_usage, stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	int rc;

	if (argc == 3 && !strcmp(argv[1], "serve"))
		return serve(parse(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "flood"))
		return flood(parse(argv[2]), argv[3]);
	if (argc == 5 && !strcmp(argv[1], "paced"))
		return paced(parse(argv[2]), parse(argv[3]), argv[4]);
	if (argc < 2)
		return usage();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!strcmp(argv[1], "udp") && argc >= 4)
		rc = udp(argc - 2, argv + 2);
	else if (!strcmp(argv[1], "openclose") && argc == 4)
		rc = openclose(parse(argv[2]), argv[3]);
	else if (!strcmp(argv[1], "connect") && argc == 5)
		rc = tcp_connect(argv[2], parse(argv[3]), parse(argv[4]));
	else if (!strcmp(argv[1], "udpscan") && argc == 5)
		rc = udpscan(argv[2], parse(argv[3]), parse(argv[4]));
	else if (!strcmp(argv[1], "scan") && argc == 5)
		rc = scan(argv[2], parse(argv[3]), parse(argv[4]));
	else if (!strcmp(argv[1], "getppid") && argc == 3)
		rc = getppid_loop(parse(argv[2]));
	else if (!strcmp(argv[1], "forkexit") && argc == 3)
		rc = forkexit(parse(argv[2]));
	else
		return usage();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%lld\n", (long long)(t1.tv_sec - t0.tv_sec) * 1000000 +
	       (t1.tv_nsec - t0.tv_nsec) / 1000);
	return rc;
}
