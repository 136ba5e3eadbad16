/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_ROAD32_H
#define _XTRAIL_ROAD32_H

#include <linux/types.h>

/* The i386 socketcall(2): its calls are recorded as the x86-64 twins. */
#define XTRAIL_NR_SOCKETCALL	(-2)
/* The i386 sendmsg(2) (compat msghdr): recorded as a sendto. */
#define XTRAIL_NR_SENDMSG32	(-3)

/*
 * The x86-64 number of the file or socket syscall that i386 syscall @nr32
 * does (open 5 is open 2; the syscall class's and the read and write
 * family's too), XTRAIL_NR_SOCKETCALL for socketcall(2), or -1 for the
 * syscalls the probes neither record nor count by this road.
 */
long xtrail_road32_nr(long nr32);

/*
 * socketcall(@call, args): the x86-64 number of the call it multiplexes,
 * (XTRAIL_NR_SENDMSG32 for sendmsg) and in *@nargs how many 32-bit
 * arguments its array holds; -1 for the calls not recorded (socket,
 * getsockname, shutdown...).
 */
long xtrail_socketcall_nr(unsigned long call, unsigned int *nargs);

/*
 * At the exit of an i386 syscall whose x86-64 twin is @nr (from
 * xtrail_road32_nr()): @args, as syscall_get_arguments() gave them, cut
 * to 32 bits; a socketcall's replaced by the ones its array held (read
 * once, without faulting), @nr by its call's; a sendmsg's by those of a
 * sendto to the destination its compat msghdr names (args[4], args[5]).
 * Returns the x86-64 number, or -1 when the call is not recorded or its
 * array or msghdr not readable. A sendmmsg's array is left to the caller
 * (its msghdrs are the compat layout, xtrail_twin_mmsg()).
 */
long xtrail_road32_args(long nr, unsigned long *args);

#endif
