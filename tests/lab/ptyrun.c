// SPDX-License-Identifier: GPL-2.0
/*
 * ptyrun: run a shell on a new pseudo-terminal and type a script into it,
 * as a remote login would. Prints everything the session printed.
 *
 *   ptyrun 'echo hello; exit'
 *
 * A lab helper (built static on the host, run in the guest): busybox has
 * no script(1), and a pty session is what terminal capture must record.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	char buf[4096], *slave;
	int master, fd, status;
	ssize_t n;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: ptyrun SCRIPT\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		perror("ptyrun: pty");
		return 1;
	}
	slave = ptsname(master);
	pid = fork();
	if (pid < 0) {
		perror("ptyrun: fork");
		return 1;
	}
	if (pid == 0) {
		setsid();
		fd = open(slave, O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0)
			_exit(127);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(master);
		execl("/bin/bash", "bash", "--norc", "-i", (char *)NULL);
		_exit(127);
	}
	/* Type the script one line at a time, as a person would. */
	for (char *line = strtok(argv[1], "\n"); line;
	     line = strtok(NULL, "\n")) {
		usleep(200000);
		if (write(master, line, strlen(line)) < 0 ||
		    write(master, "\n", 1) < 0)
			break;
	}
	while ((n = read(master, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
