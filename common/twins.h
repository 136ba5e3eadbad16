/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_TWINS_H
#define _XTRAIL_TWINS_H

#include <linux/types.h>

/* probes.c's file table: the path is that of the descriptor args[0]. */
#define XTRAIL_TWIN_FD	(-2)

/*
 * A FILE record of fd-based call @nr (fchmod, fchown, ftruncate,
 * fsetxattr, fremovexattr) at its exit: the path of the file args[0]
 * names, and the attribute's name at args[@name_arg] (-1: none) as the
 * second path. @rec's header filled. Returns the record length.
 */
u32 xtrail_twin_file_encode(void *rec, long nr, const unsigned long *args,
			    long ret, int name_arg);

/*
 * Message @i of the sendmmsg() array at @uvec (struct mmsghdr, or struct
 * compat_mmsghdr when @compat), read once: its destination into args[4]
 * (msg_name) and args[5] (msg_namelen), as a sendto's, and the bytes it
 * sent into *@len. False when it cannot be read.
 */
bool xtrail_twin_mmsg(unsigned long uvec, unsigned int i, bool compat,
		      unsigned long *args, long *len);

/*
 * The SYSCALL record of an i386 call whose x86-64 twin is @nr, with its
 * 32-bit @args, flagged XTRAIL_SYSCALL_COMPAT. Returns the length.
 */
u32 xtrail_twin_syscall_encode(void *rec, long nr, const unsigned long *args,
			       long ret);

#endif
