// SPDX-License-Identifier: GPL-2.0
/*
 * The twins (issue 20): the operations a task can do by another call than
 * the one the probes first recorded, recorded as that one is.
 *  - The fd-based file calls (fchmod, fchown, ftruncate, fsetxattr,
 *    fremovexattr): a FILE record with the path of the file the descriptor
 *    names, as an open's (xtrail_proto.h, "Twins"); the xattr calls, fd-
 *    or path-based, carry the attribute's name as the second path.
 *  - The batch send, sendmmsg(2): each message it sent is a datagram with
 *    its own destination; probes.c records each as a sendto, from the
 *    message read here (64-bit or compat layout).
 *  - The syscall class by the i386 road: the SYSCALL record of the x86-64
 *    twin, flagged COMPAT.
 * What they cost: nothing on the other syscalls (probes.c's bitmaps);
 * sendmmsg reads each sent message's header once, bounded by what the
 * kernel sent (at most UIO_MAXIOV).
 */
#include <linux/compat.h>
#include <linux/socket.h>
#include <linux/uaccess.h>
#include <linux/xattr.h>
#include <net/compat.h>

#include "xtrail_encode.h"
#include "record.h"
#include "twins.h"

u32 xtrail_twin_file_encode(void *rec, long nr, const unsigned long *args,
			    long ret, int name_arg)
{
	struct xtrail_file *f = xtrail_file_body(rec);
	char *path = (char *)rec + XTRAIL_FILE_PATH_OFF;
	u32 flags = XTRAIL_FILE_RESOLVED, p1 = 0, p2 = 0;
	unsigned int i;
	int n;

	f->nr = cpu_to_le32(nr);
	f->ret = cpu_to_le64(ret);
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		f->args[i] = cpu_to_le64(args[i]);
	n = (long)args[0] < 0 || args[0] > INT_MAX ? -EBADF :
	    xtrail_fd_path(path, XTRAIL_PATH_MAX, args[0]);
	if (n < 0)
		flags = XTRAIL_FILE_PATH_FAULT;
	else
		p1 = n;
	if (name_arg >= 0)
		p2 = xtrail_file_path2(path + p1, args[name_arg],
				       XATTR_NAME_MAX, &flags);
	f->flags = cpu_to_le32(flags);
	return xtrail_file_finish(rec, p1, p2);
}

bool xtrail_twin_mmsg(unsigned long uvec, unsigned int i, bool compat,
		      unsigned long *args, long *len)
{
	struct compat_mmsghdr cm;
	struct mmsghdr m;

	if (compat) {
		if (copy_from_user_nofault(&cm, (void __user *)uvec +
					   i * sizeof(cm), sizeof(cm)))
			return false;
		args[4] = cm.msg_hdr.msg_name;
		args[5] = (u32)cm.msg_hdr.msg_namelen;
		*len = cm.msg_len;
		return true;
	}
	if (copy_from_user_nofault(&m, (void __user *)uvec + i * sizeof(m),
				   sizeof(m)))
		return false;
	args[4] = (unsigned long)m.msg_hdr.msg_name;
	args[5] = (u32)m.msg_hdr.msg_namelen;
	*len = m.msg_len;
	return true;
}

u32 xtrail_twin_syscall_encode(void *rec, long nr, const unsigned long *args,
			       long ret)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_syscall *sc = (void *)(h + 1);
	unsigned int i;

	sc->nr = cpu_to_le32(nr);
	sc->flags = cpu_to_le32(XTRAIL_SYSCALL_COMPAT);
	sc->ret = cpu_to_le64(ret);
	for (i = 0; i < XTRAIL_SYSCALL_ARGS; i++)
		sc->args[i] = cpu_to_le64(args[i]);
	h->len = cpu_to_le32(sizeof(*h) + sizeof(*sc));
	h->type = cpu_to_le16(XTRAIL_REC_SYSCALL);
	return sizeof(*h) + sizeof(*sc);
}
