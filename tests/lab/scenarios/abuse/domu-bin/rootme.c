// SPDX-License-Identifier: GPL-2.0
/*
 * abuse scenario: a setuid-root helper (the guest makes it so: chmod 4755)
 * that makes its caller root for good (setgid(0), setuid(0)) and runs
 * argv[1] with the rest of argv, as a planted backdoor would.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	if (argc < 2) {
		fprintf(stderr, "usage: rootme PROGRAM [ARG...]\n");
		return 2;
	}
	if (setgid(0) || setuid(0)) {
		perror("rootme");
		return 1;
	}
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
