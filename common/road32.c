// SPDX-License-Identifier: GPL-2.0
/*
 * The i386 road: a process (32-bit, or 64-bit through int $0x80) makes the
 * file and socket syscalls with the i386 numbers, which raw_syscalls
 * reports at the same tracepoint as the 64-bit ones, with TS_COMPAT set.
 * Here: which x86-64 syscall each i386 number does, so that probes.c
 * records it as that one (flagged COMPAT, xtrail_proto.h "Roads"), and the
 * decoding of socketcall(2), whose call number and argument array (in the
 * task's memory, 32-bit words) stand for connect, bind, accept...
 *
 * Not decoded here, and so not recorded by this road: the i386 sendmsg
 * (its struct msghdr is the compat layout), and the read and write family
 * (their bytes are not counted for the CLOSE records).
 */
#include <linux/kernel.h>
#include <linux/net.h>
#include <linux/uaccess.h>
#include <asm/unistd.h>

#include "xtrail_proto.h"
#include "road32.h"

long xtrail_road32_nr(long nr32)
{
	/* The numbers of arch/x86/entry/syscalls/syscall_32.tbl */
	switch (nr32) {
	case 5:		return __NR_open;
	case 8:		return __NR_creat;
	case 9:		return __NR_link;
	case 10:	return __NR_unlink;
	case 15:	return __NR_chmod;
	case 16:	return __NR_lchown;	/* lchown16 */
	case 38:	return __NR_rename;
	case 39:	return __NR_mkdir;
	case 40:	return __NR_rmdir;
	case 83:	return __NR_symlink;
	case 92:	return __NR_truncate;
	case 102:	return XTRAIL_NR_SOCKETCALL;
	case 182:	return __NR_chown;	/* chown16 */
	case 193:	return __NR_truncate;	/* truncate64 */
	case 198:	return __NR_lchown;	/* lchown32 */
	case 212:	return __NR_chown;	/* chown32 */
	case 295:	return __NR_openat;
	case 296:	return __NR_mkdirat;
	case 298:	return __NR_fchownat;
	case 301:	return __NR_unlinkat;
	case 302:	return __NR_renameat;
	case 303:	return __NR_linkat;
	case 304:	return __NR_symlinkat;
	case 306:	return __NR_fchmodat;
	case 353:	return __NR_renameat2;
	case 361:	return __NR_bind;
	case 362:	return __NR_connect;
	case 363:	return __NR_listen;
	case 364:	return __NR_accept4;
	case 369:	return __NR_sendto;
	case 437:	return __NR_openat2;
	default:	return -1;
	}
}

/* include/uapi/linux/net.h's calls; argument counts of net/socket.c */
static const struct {
	u8 call;
	u8 nargs;
	u16 nr;
} xtrail_socketcalls[] = {
	{ SYS_BIND, 3, __NR_bind },	{ SYS_CONNECT, 3, __NR_connect },
	{ SYS_LISTEN, 2, __NR_listen },	{ SYS_ACCEPT, 3, __NR_accept },
	{ SYS_ACCEPT4, 4, __NR_accept4 }, { SYS_SENDTO, 6, __NR_sendto },
};

long xtrail_socketcall_nr(unsigned long call, unsigned int *nargs)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xtrail_socketcalls); i++) {
		if (xtrail_socketcalls[i].call == call) {
			*nargs = xtrail_socketcalls[i].nargs;
			return xtrail_socketcalls[i].nr;
		}
	}
	return -1;
}

long xtrail_road32_args(long nr, unsigned long *args)
{
	u32 a[XTRAIL_SYSCALL_ARGS] = {};
	unsigned int i, n;

	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		args[i] = (u32)args[i];
	if (nr != XTRAIL_NR_SOCKETCALL)
		return nr;
	nr = xtrail_socketcall_nr(args[0], &n);
	/*
	 * The array is read at the exit, like every argument in user memory:
	 * another thread of the task could have changed it since the call.
	 */
	if (nr < 0 || copy_from_user_nofault(a, (const void __user *)args[1],
					     n * sizeof(a[0])))
		return -1;
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		args[i] = a[i];
	return nr;
}
