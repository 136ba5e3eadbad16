// SPDX-License-Identifier: GPL-2.0
/*
 * mkstream FILE FIRST N: append records FIRST..FIRST+N-1 of a test record
 * stream (the unit tests' builders: exec and lost records) to FILE, the
 * input "xtraild -d FILE" reads in the tamper campaign (run.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_util.h"

static struct rec_buf r;

int main(int argc, char *argv[])
{
	unsigned long first, n, i;
	uint32_t len;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: mkstream FILE FIRST N\n");
		return 1;
	}
	first = strtoul(argv[2], NULL, 10);
	n = strtoul(argv[3], NULL, 10);
	fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = first; i < first + n; i++) {
		len = i % 4 == 2 ? build_lost(&r, i, 1000 + i) : build_spam(&r);
		hdr_of(&r)->seq = xt_cpu64(i);
		if (write(fd, r.b, len) != (ssize_t)len) {
			perror(argv[1]);
			return 1;
		}
	}
	return close(fd) ? 1 : 0;
}
