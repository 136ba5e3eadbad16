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
 * The fd-based twins (fchmod, fchown, ftruncate, the xattr calls) map as
 * the others; sendmsg's and sendmmsg's struct msghdr is the compat layout
 * (struct compat_msghdr, 32-bit words): sendmsg's destination is read
 * here and the call recorded as a sendto to it, sendmmsg's array is read
 * by probes.c (xtrail_twin_mmsg(), twins.c). The syscall class (setuid
 * family, capset, ptrace, module loading: the defaults of the syscalls
 * parameter) maps too, 16-bit uid calls to the same twin; an x86-64
 * number given to that parameter beyond the defaults has no i386 twin
 * here.
 *
 * The read and write family (read, write, their vector and positioned
 * forms, sendfile, splice, copy_file_range, the socket sends and
 * receives, socketcall's included) maps too: no record of its own, its
 * bytes counted for the CLOSE records (fileio.c).
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
	case 3:		return __NR_read;
	case 4:		return __NR_write;
	case 5:		return __NR_open;
	case 8:		return __NR_creat;
	case 9:		return __NR_link;
	case 10:	return __NR_unlink;
	case 15:	return __NR_chmod;
	case 16:	return __NR_lchown;	/* lchown16 */
	case 23:	return __NR_setuid;	/* setuid16 */
	case 26:	return __NR_ptrace;
	case 38:	return __NR_rename;
	case 39:	return __NR_mkdir;
	case 40:	return __NR_rmdir;
	case 46:	return __NR_setgid;	/* setgid16 */
	case 70:	return __NR_setreuid;	/* setreuid16 */
	case 71:	return __NR_setregid;	/* setregid16 */
	case 83:	return __NR_symlink;
	case 92:	return __NR_truncate;
	case 93:	return __NR_ftruncate;
	case 94:	return __NR_fchmod;
	case 95:	return __NR_fchown;	/* fchown16 */
	case 102:	return XTRAIL_NR_SOCKETCALL;
	case 128:	return __NR_init_module;
	case 129:	return __NR_delete_module;
	case 138:	return __NR_setfsuid;	/* setfsuid16 */
	case 139:	return __NR_setfsgid;	/* setfsgid16 */
	case 145:	return __NR_readv;
	case 146:	return __NR_writev;
	case 164:	return __NR_setresuid;	/* setresuid16 */
	case 170:	return __NR_setresgid;	/* setresgid16 */
	case 180:	return __NR_pread64;
	case 181:	return __NR_pwrite64;
	case 182:	return __NR_chown;	/* chown16 */
	case 185:	return __NR_capset;
	case 187:	return __NR_sendfile;
	case 193:	return __NR_truncate;	/* truncate64 */
	case 194:	return __NR_ftruncate;	/* ftruncate64 */
	case 198:	return __NR_lchown;	/* lchown32 */
	case 203:	return __NR_setreuid;	/* setreuid32 */
	case 204:	return __NR_setregid;	/* setregid32 */
	case 207:	return __NR_fchown;	/* fchown32 */
	case 208:	return __NR_setresuid;	/* setresuid32 */
	case 210:	return __NR_setresgid;	/* setresgid32 */
	case 212:	return __NR_chown;	/* chown32 */
	case 213:	return __NR_setuid;	/* setuid32 */
	case 214:	return __NR_setgid;	/* setgid32 */
	case 215:	return __NR_setfsuid;	/* setfsuid32 */
	case 216:	return __NR_setfsgid;	/* setfsgid32 */
	case 226:	return __NR_setxattr;
	case 227:	return __NR_lsetxattr;
	case 228:	return __NR_fsetxattr;
	case 235:	return __NR_removexattr;
	case 236:	return __NR_lremovexattr;
	case 237:	return __NR_fremovexattr;
	case 239:	return __NR_sendfile;	/* sendfile64 */
	case 295:	return __NR_openat;
	case 296:	return __NR_mkdirat;
	case 298:	return __NR_fchownat;
	case 301:	return __NR_unlinkat;
	case 302:	return __NR_renameat;
	case 303:	return __NR_linkat;
	case 304:	return __NR_symlinkat;
	case 306:	return __NR_fchmodat;
	case 313:	return __NR_splice;
	case 333:	return __NR_preadv;
	case 334:	return __NR_pwritev;
	case 337:	return __NR_recvmmsg;	/* recvmmsg_time32 */
	case 345:	return __NR_sendmmsg;
	case 350:	return __NR_finit_module;
	case 353:	return __NR_renameat2;
	case 361:	return __NR_bind;
	case 362:	return __NR_connect;
	case 363:	return __NR_listen;
	case 364:	return __NR_accept4;
	case 369:	return __NR_sendto;
	case 370:	return XTRAIL_NR_SENDMSG32;
	case 371:	return __NR_recvfrom;
	case 372:	return __NR_recvmsg;
	case 377:	return __NR_copy_file_range;
	case 378:	return __NR_preadv2;
	case 379:	return __NR_pwritev2;
	case 417:	return __NR_recvmmsg;	/* recvmmsg_time64 */
	case 437:	return __NR_openat2;
	default:	return -1;
	}
}

/* include/uapi/linux/net.h's calls; argument counts of net/socket.c */
static const struct {
	u8 call;
	u8 nargs;
	s16 nr;
} xtrail_socketcalls[] = {
	{ SYS_BIND, 3, __NR_bind },	{ SYS_CONNECT, 3, __NR_connect },
	{ SYS_LISTEN, 2, __NR_listen },	{ SYS_ACCEPT, 3, __NR_accept },
	{ SYS_ACCEPT4, 4, __NR_accept4 }, { SYS_SENDTO, 6, __NR_sendto },
	{ SYS_SENDMSG, 3, XTRAIL_NR_SENDMSG32 },
	{ SYS_SENDMMSG, 4, __NR_sendmmsg },
	/* Counted, not recorded: send and recv are sendto and recvfrom */
	{ SYS_SEND, 4, __NR_sendto },	{ SYS_RECV, 4, __NR_recvfrom },
	{ SYS_RECVFROM, 6, __NR_recvfrom }, { SYS_RECVMSG, 3, __NR_recvmsg },
	{ SYS_RECVMMSG, 5, __NR_recvmmsg },
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

/*
 * The i386 sendmsg(fd, msg, flags) as sendto(fd, -, -, flags, name,
 * namelen): its struct compat_msghdr starts with the 32-bit msg_name and
 * msg_namelen, read once. -1 when it cannot be read.
 */
static long xtrail_road32_sendmsg(unsigned long *args)
{
	u32 m[2];

	if (copy_from_user_nofault(m, (const void __user *)args[1],
				   sizeof(m)))
		return -1;
	args[1] = 0;
	args[2] = 0;
	args[4] = m[0];
	args[5] = m[1];
	return __NR_sendto;
}

long xtrail_road32_args(long nr, unsigned long *args)
{
	u32 a[XTRAIL_SYSCALL_ARGS] = {};
	unsigned int i, n;

	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		args[i] = (u32)args[i];
	if (nr == XTRAIL_NR_SENDMSG32)
		return xtrail_road32_sendmsg(args);
	if (nr != XTRAIL_NR_SOCKETCALL)
		return nr;
	nr = xtrail_socketcall_nr(args[0], &n);
	/*
	 * The array is read at the exit, like every argument in user memory:
	 * another thread of the task could have changed it since the call.
	 */
	if (nr == -1 || copy_from_user_nofault(a, (const void __user *)args[1],
					       n * sizeof(a[0])))
		return -1;
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		args[i] = a[i];
	return nr == XTRAIL_NR_SENDMSG32 ? xtrail_road32_sendmsg(args) : nr;
}
