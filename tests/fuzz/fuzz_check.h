/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A second, independent reading of the record rules of xtrail_proto.h,
 * for the fuzzers to hold xtrail_rec_check() against. It shares no code
 * with xtrail_ring.h: fields are read byte by byte at their offsetof()
 * in the spec's structures, the argv area is walked string by string
 * instead of counting NULs, and lengths are compared in 64 bits so that
 * nothing can wrap. It follows the spec's comments, "pad: zero" included.
 * fuzz_record requires both to agree on every input; fuzz_ring and
 * fuzz_f3 require it of every record they are handed.
 *
 * A new record type needs its rules here too: until then fuzz_record
 * stops on the first such record that xtrail_rec_check() accepts.
 */
#ifndef XTRAIL_FUZZ_CHECK_H
#define XTRAIL_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "xtrail_proto.h"

/* Stop the fuzzer on a broken invariant; it saves the input as a crash. */
#define fz_assert(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: invariant broken: %s\n",	\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
} while (0)

static inline uint64_t fz_get(const uint8_t *p, size_t off, size_t n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[off + n];
	return v;
}

#define FZ_FIELD(p, base, type, field) \
	fz_get(p, (base) + offsetof(type, field), \
	       sizeof(((type *)NULL)->field))
#define FZ_HDR(p, field)	FZ_FIELD(p, 0, struct xtrail_rec_hdr, field)
#define FZ_BODY(p, type, field) \
	FZ_FIELD(p, sizeof(struct xtrail_rec_hdr), type, field)

/* The body of @rec takes @used bytes: is @len that, padded with zeroes? */
static inline int fz_padded(const uint8_t *rec, uint64_t len, uint64_t used)
{
	uint64_t i;

	if (used > len || len - used >= XTRAIL_REC_ALIGN)
		return 0;
	for (i = used; i < len; i++)
		if (rec[i])
			return 0;
	return 1;
}

static inline int fz_exec_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t body = sizeof(struct xtrail_rec_hdr) +
			      sizeof(struct xtrail_exec);
	const uint64_t v2 = XTRAIL_EXEC_V2 | XTRAIL_EXEC_CWD_LONG |
			    XTRAIL_EXEC_EXE_LONG | XTRAIL_EXEC_ARGV0_TRUNC |
			    XTRAIL_EXEC_SCRIPT | XTRAIL_EXEC_NO_PATH;
	uint64_t fn_off = body, fn_len, av_len, argc, flags, i, p, n = 0;
	uint64_t cwd = 0, exe = 0, a0 = 0, av_off;

	if (len < fn_off)
		return 0;
	flags = FZ_BODY(rec, struct xtrail_exec, flags);
	if (flags & ~(uint64_t)(XTRAIL_EXEC_FILENAME_TRUNC |
				XTRAIL_EXEC_ARGV_TRUNC |
				XTRAIL_EXEC_ARGV_FAULT | XTRAIL_EXEC_ARG_CUT |
				v2))
		return 0;
	/* version 2's flags only in a version 2 body */
	if ((flags & v2) && !(flags & XTRAIL_EXEC_V2))
		return 0;
	fn_len = FZ_BODY(rec, struct xtrail_exec, filename_len);
	av_len = FZ_BODY(rec, struct xtrail_exec, argv_len);
	argc = FZ_BODY(rec, struct xtrail_exec, argc);
	/* a cut argument only in a truncated argv with an argument */
	if ((flags & XTRAIL_EXEC_ARG_CUT) &&
	    (!(flags & XTRAIL_EXEC_ARGV_TRUNC) || argc == 0))
		return 0;
	if (flags & XTRAIL_EXEC_V2) {
		/* struct xtrail_exec_v2 follows the body */
		if (len < body + sizeof(struct xtrail_exec_v2))
			return 0;
		cwd = FZ_FIELD(rec, body, struct xtrail_exec_v2, cwd_len);
		exe = FZ_FIELD(rec, body, struct xtrail_exec_v2, exe_len);
		a0 = FZ_FIELD(rec, body, struct xtrail_exec_v2, argv0_len);
		if (FZ_FIELD(rec, body, struct xtrail_exec_v2, pad))
			return 0;
		if (cwd > XTRAIL_PATH_MAX || exe > XTRAIL_PATH_MAX ||
		    a0 > XTRAIL_ARGV0_MAX)
			return 0;
		/* "too long" strings are empty; a cut argv0 is at the max */
		if ((flags & XTRAIL_EXEC_CWD_LONG) && cwd != 0)
			return 0;
		if ((flags & XTRAIL_EXEC_EXE_LONG) && exe != 0)
			return 0;
		if ((flags & XTRAIL_EXEC_ARGV0_TRUNC) && a0 != XTRAIL_ARGV0_MAX)
			return 0;
		fn_off += sizeof(struct xtrail_exec_v2);
	}
	if (fn_len > XTRAIL_PATH_MAX || av_len > XTRAIL_ARGV_LIMIT ||
	    !fz_padded(rec, len, fn_off + fn_len + cwd + exe + a0 + av_len))
		return 0;
	/* filename, cwd, exe, argv0: one after the other, no NUL */
	for (i = 0; i < fn_len + cwd + exe + a0; i++)
		if (!rec[fn_off + i])
			return 0;
	av_off = fn_off + fn_len + cwd + exe + a0;
	/* Every argument ends with its NUL inside the area. */
	for (p = av_off; p < av_off + av_len; p++) {
		while (p < av_off + av_len && rec[p])
			p++;
		if (p == av_off + av_len)
			return 0;
		n++;
	}
	return n == argc &&
	       argc <= FZ_BODY(rec, struct xtrail_exec, argc_total);
}

static inline int fz_lost_ok(const uint8_t *rec, uint64_t len)
{
	uint64_t count, first, last;

	if (len != sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_lost))
		return 0;
	count = FZ_BODY(rec, struct xtrail_lost, count);
	first = FZ_BODY(rec, struct xtrail_lost, first_seq);
	last = FZ_BODY(rec, struct xtrail_lost, last_seq);
	/* count records numbered first..last, mod 2^64 */
	return count && first + (count - 1) == last;
}

static inline int fz_file_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t p_off = sizeof(struct xtrail_rec_hdr) +
			       sizeof(struct xtrail_file);
	uint64_t p1, p2, i;

	if (len < p_off ||
	    (FZ_BODY(rec, struct xtrail_file, flags) &
	     ~(uint64_t)(XTRAIL_FILE_PATH_TRUNC | XTRAIL_FILE_PATH2_TRUNC |
			 XTRAIL_FILE_PATH_FAULT | XTRAIL_FILE_PATH2_FAULT |
			 XTRAIL_FILE_RESOLVED | XTRAIL_FILE_UNTRACKED |
			 XTRAIL_FILE_COMPAT | XTRAIL_FILE_IO_URING)) ||
	    FZ_BODY(rec, struct xtrail_file, pad))
		return 0;
	/* one road at most */
	if ((FZ_BODY(rec, struct xtrail_file, flags) & XTRAIL_FILE_COMPAT) &&
	    (FZ_BODY(rec, struct xtrail_file, flags) & XTRAIL_FILE_IO_URING))
		return 0;
	p1 = FZ_BODY(rec, struct xtrail_file, path_len);
	p2 = FZ_BODY(rec, struct xtrail_file, path2_len);
	if (p1 > XTRAIL_PATH_MAX || p2 > XTRAIL_PATH_MAX ||
	    !fz_padded(rec, len, p_off + p1 + p2))
		return 0;
	/* Both paths are counted: no NUL in either. */
	for (i = p_off; i < p_off + p1 + p2; i++)
		if (!rec[i])
			return 0;
	return 1;
}

static inline int fz_tty_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t d_off = sizeof(struct xtrail_rec_hdr) +
			       sizeof(struct xtrail_tty);
	const uint64_t name = sizeof(struct xtrail_rec_hdr) +
			      offsetof(struct xtrail_tty, tty);
	uint64_t n, i;

	if (len < d_off ||
	    (FZ_BODY(rec, struct xtrail_tty, flags) &
	     ~(uint64_t)(XTRAIL_TTY_INPUT | XTRAIL_TTY_CONSOLE |
			 XTRAIL_TTY_TRUNC)))
		return 0;
	/* len of the count bytes written are kept, at most XTRAIL_TTY_MAX */
	n = FZ_BODY(rec, struct xtrail_tty, len);
	if (n > XTRAIL_TTY_MAX || n > FZ_BODY(rec, struct xtrail_tty, count) ||
	    !fz_padded(rec, len, d_off + n))
		return 0;
	/* the terminal's name ends within its field */
	for (i = 0; i < XTRAIL_TTY_NAME; i++)
		if (!rec[name + i])
			return 1;
	return 0;
}

/* A body of fixed @size: the record is the header, that, and padding. */
static inline int fz_fixed_ok(const uint8_t *rec, uint64_t len, uint64_t size)
{
	return fz_padded(rec, len, sizeof(struct xtrail_rec_hdr) + size);
}

/*
 * EXEC_DIGEST: known flags, pad zero; BUSY or ERROR alone, nothing hashed,
 * no digest; else hashed <= size, and PARTIAL when fewer (unless CHANGED)
 */
static inline int fz_exec_digest_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t b = sizeof(struct xtrail_rec_hdr);
	uint64_t flags, size, hashed, i, nz = 0;

	if (!fz_fixed_ok(rec, len, sizeof(struct xtrail_exec_digest)))
		return 0;
	flags = FZ_BODY(rec, struct xtrail_exec_digest, flags);
	size = FZ_BODY(rec, struct xtrail_exec_digest, size);
	hashed = FZ_BODY(rec, struct xtrail_exec_digest, hashed);
	for (i = 0; i < XTRAIL_SHA256_LEN; i++)
		nz |= rec[b + offsetof(struct xtrail_exec_digest, sha256) + i];
	if ((flags & ~(uint64_t)XTRAIL_DIGEST_FLAGS) ||
	    FZ_BODY(rec, struct xtrail_exec_digest, pad))
		return 0;
	if (flags & (XTRAIL_DIGEST_BUSY | XTRAIL_DIGEST_ERROR))
		return (flags == XTRAIL_DIGEST_BUSY ||
			flags == XTRAIL_DIGEST_ERROR) && !hashed && !nz;
	if (hashed > size)
		return 0;
	return (flags & XTRAIL_DIGEST_CHANGED) ||
	       !(flags & XTRAIL_DIGEST_PARTIAL) == !(hashed < size);
}

/* VM_IDENTITY: why 1..2, nics <= 8, known flags, pads zero */
static inline int fz_vm_identity_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t b = sizeof(struct xtrail_rec_hdr);
	uint64_t i, nic;

	if (!fz_fixed_ok(rec, len, sizeof(struct xtrail_vm_identity)))
		return 0;
	if (FZ_BODY(rec, struct xtrail_vm_identity, why) < XTRAIL_VM_CONNECT ||
	    FZ_BODY(rec, struct xtrail_vm_identity, why) > XTRAIL_VM_CHANGE ||
	    FZ_BODY(rec, struct xtrail_vm_identity, nics) > XTRAIL_VM_NICS_MAX ||
	    FZ_BODY(rec, struct xtrail_vm_identity, pad) ||
	    (FZ_BODY(rec, struct xtrail_vm_identity, flags) &
	     ~(uint64_t)(XTRAIL_VM_UUID_BAD | XTRAIL_VM_NAME_BAD |
			 XTRAIL_VM_NICS_TRUNC)))
		return 0;
	for (i = 0; i < XTRAIL_VM_NICS_MAX; i++) {
		nic = b + offsetof(struct xtrail_vm_identity, nic) +
		      i * sizeof(struct xtrail_vm_nic);
		if (FZ_FIELD(rec, nic, struct xtrail_vm_nic, flags) &
		    ~(uint64_t)(XTRAIL_VM_NIC_MAC_BAD | XTRAIL_VM_NIC_IP_BAD))
			return 0;
		if (fz_get(rec, nic + offsetof(struct xtrail_vm_nic, pad), 2))
			return 0;
	}
	return 1;
}

static inline int fz_close_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t p_off = sizeof(struct xtrail_rec_hdr) +
			       sizeof(struct xtrail_close);
	uint64_t n, i;

	if (len < p_off ||
	    (FZ_BODY(rec, struct xtrail_close, flags) &
	     ~(uint64_t)(XTRAIL_CLOSE_LAST | XTRAIL_CLOSE_PATH_TRUNC |
			 XTRAIL_CLOSE_PATH_FAULT)))
		return 0;
	if (FZ_BODY(rec, struct xtrail_close, pad[0]) ||
	    FZ_BODY(rec, struct xtrail_close, pad[1]) ||
	    FZ_BODY(rec, struct xtrail_close, pad[2]))
		return 0;
	n = FZ_BODY(rec, struct xtrail_close, path_len);
	if (n > XTRAIL_PATH_MAX || !fz_padded(rec, len, p_off + n))
		return 0;
	for (i = p_off; i < p_off + n; i++)
		if (!rec[i])
			return 0;
	return 1;
}

/*
 * NET: body version 1 (72 bytes) or 2 (88, pad zero) exactly, kinds up to
 * STATE, flags DEDUP and DEDUP_EVICT; or version 3 (112 and more): pad and
 * pad2 zero, kinds up to CLOSE, flags up to IO_URING (one road at most:
 * COMPAT or IO_URING), bytes only in a
 * CLOSE, a name (at most 108 bytes) only of an AF_UNIX (1) CONNECT, BIND or
 * SENDTO, PATH_ABSTRACT only with a name, a pathname without NUL, then
 * zero padding.
 */
static inline int fz_net_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t hdr = sizeof(struct xtrail_rec_hdr);
	const uint64_t p_off = hdr + sizeof(struct xtrail_net);
	uint64_t kind, flags, n, fam, i;

	if (len < hdr + XTRAIL_NET_V1_SIZE)
		return 0;
	kind = FZ_BODY(rec, struct xtrail_net, kind);
	flags = FZ_BODY(rec, struct xtrail_net, flags);
	if (len == hdr + XTRAIL_NET_V1_SIZE || len == hdr + XTRAIL_NET_V2_SIZE)
		return (len == hdr + XTRAIL_NET_V1_SIZE ||
			!FZ_BODY(rec, struct xtrail_net, pad)) &&
		       kind >= 1 && kind <= 6 && !(flags & ~(uint64_t)3);
	/* flags up to IO_URING (0x20); one road at most: COMPAT or IO_URING */
	if (len < p_off || kind < 1 || kind > 7 || (flags & ~(uint64_t)0x3f) ||
	    ((flags & 0x10) && (flags & 0x20)))
		return 0;
	if (FZ_BODY(rec, struct xtrail_net, pad) ||
	    FZ_BODY(rec, struct xtrail_net, pad2[0]) ||
	    FZ_BODY(rec, struct xtrail_net, pad2[1]) ||
	    FZ_BODY(rec, struct xtrail_net, pad2[2]))
		return 0;
	if (kind != 7 && (FZ_BODY(rec, struct xtrail_net, bytes_sent) ||
			  FZ_BODY(rec, struct xtrail_net, bytes_rcvd)))
		return 0;
	n = FZ_BODY(rec, struct xtrail_net, path_len);
	fam = FZ_BODY(rec, struct xtrail_net, family);
	if (n > 108 || (n && (fam != 1 || (kind != 1 && kind != 2 &&
					   kind != 5))))
		return 0;
	if ((flags & 8) && !n)
		return 0;
	if (!fz_padded(rec, len, p_off + n))
		return 0;
	for (i = p_off; !(flags & 8) && i < p_off + n; i++)
		if (!rec[i])
			return 0;
	return 1;
}

/* CONTROL: counted text of at most XTRAIL_CTL_TEXT_MAX bytes (any bytes) */
static inline int fz_control_ok(const uint8_t *rec, uint64_t len)
{
	const uint64_t t_off = sizeof(struct xtrail_rec_hdr) +
			       sizeof(struct xtrail_control);
	uint64_t n;

	if (len < t_off ||
	    (FZ_BODY(rec, struct xtrail_control, flags) &
	     ~(uint64_t)XTRAIL_CTL_TRUNC))
		return 0;
	n = FZ_BODY(rec, struct xtrail_control, text_len);
	return n <= XTRAIL_CTL_TEXT_MAX && fz_padded(rec, len, t_off + n);
}

/* Is the record of @len bytes at @rec well formed? */
static inline int fz_rec_ok(const uint8_t *rec, uint64_t len, int from_guest)
{
	const uint64_t hdr = sizeof(struct xtrail_rec_hdr);

	if (len < hdr || len > XTRAIL_REC_MAX || len % XTRAIL_REC_ALIGN ||
	    FZ_HDR(rec, len) != len ||
	    (FZ_HDR(rec, flags) &
	     ~(uint64_t)(XTRAIL_RF_TS_XEN | XTRAIL_RF_NO_TASK)))
		return 0;
	switch (FZ_HDR(rec, type)) {
	case XTRAIL_REC_EXEC:
		return fz_exec_ok(rec, len);
	case XTRAIL_REC_LOST:
		return fz_lost_ok(rec, len);
	case XTRAIL_REC_FORK:
		return fz_fixed_ok(rec, len, sizeof(struct xtrail_fork)) &&
		       !(FZ_BODY(rec, struct xtrail_fork, flags) &
			 ~(uint64_t)XTRAIL_FORK_THREAD) &&
		       !FZ_BODY(rec, struct xtrail_fork, pad);
	case XTRAIL_REC_EXIT:
		return fz_fixed_ok(rec, len, sizeof(struct xtrail_exit)) &&
		       !(FZ_BODY(rec, struct xtrail_exit, flags) &
			 ~(uint64_t)XTRAIL_EXIT_THREAD);
	case XTRAIL_REC_SYSCALL:
		return fz_fixed_ok(rec, len, sizeof(struct xtrail_syscall)) &&
		       !(FZ_BODY(rec, struct xtrail_syscall, flags) &
			 ~(uint64_t)XTRAIL_SYSCALL_FLAGS);
	case XTRAIL_REC_HEARTBEAT:
		/* body version 1 (32 bytes) or 2 (48) */
		return (fz_fixed_ok(rec, len, sizeof(struct xtrail_heartbeat)) ||
			fz_fixed_ok(rec, len, XTRAIL_HEARTBEAT_V1_SIZE)) &&
		       !FZ_BODY(rec, struct xtrail_heartbeat, pad);
	case XTRAIL_REC_CLOSE:
		return fz_close_ok(rec, len);
	case XTRAIL_REC_EXEC_DIGEST:
		return fz_exec_digest_ok(rec, len);
	case XTRAIL_REC_FILE:
		return fz_file_ok(rec, len);
	case XTRAIL_REC_NET:
		return fz_net_ok(rec, len);
	case XTRAIL_REC_TTY:
		return fz_tty_ok(rec, len);
	case XTRAIL_REC_CONNECT:
	case XTRAIL_REC_DISCONNECT:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_source));
	case XTRAIL_REC_VIOLATION:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_violation));
	case XTRAIL_REC_CLOCK:
		/* with or without the merge fields appended */
		return !from_guest &&
		       (fz_fixed_ok(rec, len, XTRAIL_CLOCK_MIN) ||
			fz_fixed_ok(rec, len, sizeof(struct xtrail_clock)));
	case XTRAIL_REC_SEQ_GAP:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_seq_gap));
	case XTRAIL_REC_HB_SILENCE:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_hb_silence));
	case XTRAIL_REC_REFUSED:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_refused));
	case XTRAIL_REC_DOM0_LOST:
		/* body version 1 (64 bytes) or 2 (96) */
		return !from_guest &&
		       (fz_fixed_ok(rec, len, sizeof(struct xtrail_dom0_lost)) ||
			fz_fixed_ok(rec, len, XTRAIL_DOM0_LOST_V1_SIZE));
	case XTRAIL_REC_VM_IDENTITY:
		return !from_guest && fz_vm_identity_ok(rec, len);
	case XTRAIL_REC_FLOW:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_flow)) &&
		       FZ_BODY(rec, struct xtrail_flow, event) >=
		       XTRAIL_FLOW_START &&
		       FZ_BODY(rec, struct xtrail_flow, event) <=
		       XTRAIL_FLOW_FLUSH &&
		       !(FZ_BODY(rec, struct xtrail_flow, flags) &
			 ~(uint64_t)XTRAIL_FLOW_FROM_GUEST) &&
		       !FZ_BODY(rec, struct xtrail_flow, pad0) &&
		       !FZ_BODY(rec, struct xtrail_flow, pad1);
	case XTRAIL_REC_FLOW_LOST:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_flow_lost));
	case XTRAIL_REC_CONTROL:
		return !from_guest && fz_control_ok(rec, len);
	case XTRAIL_REC_STREAM_JUMP:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_stream_jump));
	case XTRAIL_REC_STREAM_END:
		return !from_guest &&
		       fz_fixed_ok(rec, len, sizeof(struct xtrail_stream_end));
	default:
		return 0;
	}
}

#endif /* XTRAIL_FUZZ_CHECK_H */
