/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * xtrail protocol, version 1: the guest -> dom0 ring and the record format.
 *
 * This header is the specification. The guest module (P3), the dom0 module
 * (P2) and the userspace tools all include it; nothing else defines the
 * layout. All multi-byte fields are little-endian, all structures are
 * naturally aligned with explicit padding, and their sizes are asserted.
 *
 * 1. Discovery (xenstore, standard split-driver layout, device type "xtrail")
 *
 *    Backend  /local/domain/0/backend/xtrail/<domid>/<devid>/
 *      frontend, frontend-id, online, state     written by "xtrail attach"
 *      protocol-versions   "1"                  written by the backend
 *      max-ring-page-order decimal, 3..4        written by the backend
 *      max-rings           decimal, 1..64       written by the backend
 *    Frontend /local/domain/<domid>/device/xtrail/<devid>/
 *      backend, backend-id, state               written by "xtrail attach"
 *      protocol-version    "1"                  written by the frontend
 *      ring-page-order     each data area is 2^order pages
 *      num-rings           one ring per vCPU (vCPU n uses ring n % num-rings)
 *      ring-ref<N>         grant ref of ring N's index page, N < num-rings
 *      event-channel       guest -> dom0 notification port, shared by all
 *                          rings
 *
 *    Configuration, written by dom0 only (the guest can read, not write,
 *    the backend directory) and watched by the frontend:
 *      config/events        comma-separated event classes to record, from
 *                           exec, fork, exit, file, net, tty, syscall,
 *                           tcpstate; or "all"; when absent, every class
 *                           but tcpstate (XTRAIL_EV_DEFAULT)
 *      config/flood         "drop" (default): a full ring drops and counts;
 *                           "wait": a producer in task context first waits
 *                           for space, at most config/flood-wait-us
 *      config/flood-wait-us decimal, at most 10000 (default 1000)
 *      config/ignore-uid    comma-separated decimal uids, at most 8: events
 *                           of tasks whose uid is listed are not recorded
 *      config/ignore-comm   comma-separated task names (comm, < 16 bytes
 *                           each), at most 8: events of those tasks are not
 *                           recorded (exec: the name after the exec)
 *      config/ignore-path   comma-separated absolute path prefixes, at most
 *                           4, each < 128 bytes: file events whose path
 *                           starts with one are not recorded
 *      config/ignore-port   comma-separated ports, at most 8: network events
 *                           whose local or remote port is listed are not
 *                           recorded
 *    Every config value is at most XTRAIL_CFG_VALUE_MAX bytes; the guest
 *    reads it once, bounded, and ignores (with a warning) what it cannot
 *    parse. Events left out by a filter are counted in the heartbeat, never
 *    as lost. An empty or absent filter key filters nothing.
 *
 *    Filter details. List items are separated by ',', blanks around an
 *    item are ignored, and so are empty items. An item that does not parse
 *    (not a decimal number, a uid above 4294967294, a port outside
 *    1..65535, a comm of 16 bytes or more, a path that is not absolute or
 *    of 128 bytes or more) is ignored with a warning, as are the items past
 *    the maximum; the others apply. A value longer than
 *    XTRAIL_CFG_VALUE_MAX is ignored whole. The filters apply to the
 *    finished record:
 *      ignore-uid, ignore-comm  compare with the header's uid (the real
 *                           uid) and comm, for every record type made in
 *                           task context (not for those flagged
 *                           XTRAIL_RF_NO_TASK, whose task is a bystander)
 *      ignore-path          byte prefix of the recorded path of FILE and
 *                           CLOSE records ("/tmp" also matches "/tmpx";
 *                           write "/tmp/" for the directory); a relative
 *                           or unreadable path never matches; a FILE
 *                           record with a second path (rename, link,
 *                           symlink) is left out only when both match
 *      ignore-port          sport or dport of NET records (all kinds,
 *                           XTRAIL_RF_NO_TASK ones included)
 *    Heartbeats and LOST records are never filtered.
 *
 *    The grant refs of a ring's data pages are in its index page (ref[]),
 *    as in Xen's flex rings. The frontend writes its keys in one transaction
 *    when the backend is in InitWait, then switches to Connected. The
 *    backend maps the pages, binds the event channel and switches to
 *    Connected. Closing either end tears the rings down; the frontend
 *    reconnects when the backend is back in InitWait.
 *
 *    Numbers in xenstore are canonical decimal: digits only, no sign, no
 *    blank, no leading zero, nothing after, at most 20 digits, and within
 *    the key's range (ring-ref<N> and event-channel: 1..0xfffffffe, refs
 *    from XTRAIL_GREF_MIN; protocol-version: 1; ring-page-order and
 *    num-rings as above). Both ends read them so: a value that is not is
 *    refused, never wrapped or cut.
 *
 *    The backend caps num-rings at the guest's vCPU count as dom0 knows
 *    it: the entries of the toolstack's /local/domain/<domid>/cpu/ (one
 *    per possible vCPU, written by dom0; the guest can read, not write,
 *    them), never what the guest says.
 *
 *    A connect the backend refuses (a value above, a grant it cannot map,
 *    an event channel it cannot bind, a state it does not know) is logged
 *    as a REFUSED record naming the key and the reason, the error node is
 *    written and the backend switches to Closing; it takes a new attempt
 *    when the frontend is back in Initialising (a frontend writes it when
 *    it starts, and after acknowledging a backend's Closing with Closed).
 *
 * 2. The rings (one direction: guest produces, dom0 consumes)
 *
 *    Each vCPU writes to its own ring, so producers never contend: ring n
 *    carries only records whose header says vcpu % num-rings == n, and has
 *    its own sequence numbers. The index page holds struct xtrail_ring_intf.
 *    The data area is
 *    2^order pages of XTRAIL_PAGE_SIZE bytes, mapped contiguously by the
 *    backend. prod and cons are free-running byte counters (mod 2^32);
 *    byte i of the stream lives at data[i & (size - 1)], so a record may
 *    wrap around the end of the data area. The producer writes records,
 *    issues a write barrier, then publishes prod. The consumer reads prod
 *    once, issues a read barrier, copies records out, then publishes cons.
 *    The consumer sets cons_event to ask for a notification: the producer
 *    notifies when the prod it publishes passes cons_event (the classic
 *    Xen ring "event" scheme). dom0 asks for an event once a quarter of the
 *    ring has filled and polls the rings for the rest (every 200 ms by
 *    default), so logging costs no event per record.
 *
 *    The consumer trusts nothing in the ring: prod - cons must not exceed
 *    the ring size, every record is copied out of the shared pages before
 *    any field of it is examined, and lengths are checked on the copy.
 *    A ring that breaks a rule is a protocol violation: the backend
 *    disconnects that guest and logs the reason.
 *
 * 3. Records
 *
 *    Every record starts with struct xtrail_rec_hdr. len covers the header,
 *    the body and the padding; it is a multiple of 8, at least the header
 *    size and at most XTRAIL_REC_MAX. seq is the producer's sequence number:
 *    every record the producer generates takes the next one, including the
 *    records it had to drop, so that delivered + lost == generated. ts_ns is
 *    the producer's timestamp: Xen system time in ns when XTRAIL_RF_TS_XEN
 *    is set, otherwise the producer's monotonic raw clock. domid and
 *    recv_ns are written by dom0 (the backend overwrites whatever the guest
 *    put there: the guest's identity comes from xenbus, never from the
 *    guest) and recv_ns is dom0's own Xen system time at receipt.
 *
 *    Strings in bodies are counted (a length field), are not NUL
 *    terminated unless said otherwise, and carry a truncation flag.
 *
 *    Record types below XTRAIL_REC_DOM0_FIRST may come from a guest; types
 *    from XTRAIL_REC_DOM0_FIRST on are made by dom0 only and are a protocol
 *    violation in a guest's ring; types from XTRAIL_REC_DAEMON_FIRST on
 *    are made by the writer daemon, in F3 only (never in a ring or in the
 *    stream of /dev/xtrail).
 *
 * 4. dom0 -> userspace: read() on /dev/xtrail returns one or more whole
 *    records, each checked with xtrail_rec_check(), with domid and recv_ns
 *    filled in. A buffer too small for the next record gets -EMSGSIZE.
 *    Stream numbers and acknowledgement: shared/xtrail_dev.h.
 *
 *    The merge. dom0 merges every source (each guest, dom0's own events,
 *    dom0's CONNECT/DISCONNECT/VIOLATION/CLOCK records) into one stream.
 *    recv_ns is stamped as a record enters the merge, from dom0's clock,
 *    never going backwards. A guest's ts_ns is comparable across domains
 *    only when it is Xen system time (XTRAIL_RF_TS_XEN; without a stable
 *    TSC, as in nested or emulated labs, it is each domain's own monotonic
 *    raw clock), so the stream is ordered by this key (xtrail_merge_key()):
 *      - when dom0's clock is Xen system time (the CLOCK record's
 *        merge_flags has XTRAIL_MERGE_XEN) and the record has
 *        XTRAIL_RF_TS_XEN: ts_ns, clamped into [recv_ns - W, recv_ns];
 *      - otherwise recv_ns, dom0's receipt time (dom0's own records too);
 *    W being the reordering window (CLOCK's merge_window_ns, module
 *    parameter merge_window_ms). A record is held until key + W has
 *    passed, then until the next multiple of the batch interval B of
 *    dom0's clock (module parameter merge_batch_ms, so that records leave
 *    together), never longer than W + B after its receipt, whatever the
 *    other sources do; records leave in key order (ties: arrival order). So in
 *    the stream, and in an F3 log written from it, the key never
 *    decreases: checkable from the exported ts_ns, ts_xen, recv_ns and the
 *    latest CLOCK's merge fields.
 *
 * 5. Versioning: XTRAIL_PROTO_VERSION is negotiated through xenstore. A new
 *    record type or a field appended at the end of a body keeps the version;
 *    anything else bumps it.
 */
#ifndef _XTRAIL_PROTO_H
#define _XTRAIL_PROTO_H

#include <linux/types.h>

#define XTRAIL_PROTO_VERSION	1
#define XTRAIL_DEVICE_TYPE	"xtrail"

/* xenstore keys */
#define XTRAIL_XS_VERSIONS	"protocol-versions"
#define XTRAIL_XS_MAX_ORDER	"max-ring-page-order"
#define XTRAIL_XS_MAX_RINGS	"max-rings"
#define XTRAIL_XS_VERSION	"protocol-version"
#define XTRAIL_XS_RING_ORDER	"ring-page-order"
#define XTRAIL_XS_NUM_RINGS	"num-rings"
#define XTRAIL_XS_RING_REF	"ring-ref%u"
#define XTRAIL_XS_EVTCHN	"event-channel"

#define XTRAIL_XS_CONFIG	"config"
#define XTRAIL_XS_EVENTS	"config/events"
#define XTRAIL_XS_FLOOD		"config/flood"
#define XTRAIL_XS_FLOOD_WAIT	"config/flood-wait-us"
#define XTRAIL_FLOOD_WAIT_MAX	10000	/* us */
#define XTRAIL_FLOOD_WAIT_DEF	1000	/* us */
#define XTRAIL_XS_IGNORE_UID	"config/ignore-uid"
#define XTRAIL_XS_IGNORE_COMM	"config/ignore-comm"
#define XTRAIL_XS_IGNORE_PATH	"config/ignore-path"
#define XTRAIL_XS_IGNORE_PORT	"config/ignore-port"
#define XTRAIL_CFG_VALUE_MAX	600	/* bytes of one config/ value */
#define XTRAIL_IGNORE_UID_MAX	8
#define XTRAIL_IGNORE_COMM_MAX	8
#define XTRAIL_IGNORE_PATH_MAX	4
#define XTRAIL_IGNORE_PATH_LEN	128	/* bytes, with the NUL */
#define XTRAIL_IGNORE_PORT_MAX	8

/* Event classes (config/events) */
#define XTRAIL_EV_EXEC		0x0001
#define XTRAIL_EV_FORK		0x0002
#define XTRAIL_EV_EXIT		0x0004
#define XTRAIL_EV_FILE		0x0008
#define XTRAIL_EV_NET		0x0010
#define XTRAIL_EV_TTY		0x0020
#define XTRAIL_EV_SYSCALL	0x0040
/*
 * Every TCP state change of a socket (NET STATE records: about ten per
 * connection, both ends' handshake and teardown). Not recorded by
 * default: CONNECT, ACCEPT and CLOSE (with the bytes) say who connected
 * where, when, how much moved and when it ended; an investigator turns
 * this on for the detail ("xtrail config set DOMID events=all").
 */
#define XTRAIL_EV_TCPSTATE	0x0080
#define XTRAIL_EV_ALL		0x00ff
/* What a guest records while config/events is absent. */
#define XTRAIL_EV_DEFAULT	(XTRAIL_EV_ALL & ~XTRAIL_EV_TCPSTATE)

/* Xen grants are always 4 KiB, whatever the kernel's page size. */
#define XTRAIL_PAGE_SIZE	4096u
/* The backend maps the data area with one xenbus_map_ring_valloc(). */
#define XTRAIL_RING_ORDER_MIN	3
#define XTRAIL_RING_ORDER_MAX	4
#define XTRAIL_RING_ORDER_DEF	4
#define XTRAIL_DATA_PAGES_MAX	(1u << XTRAIL_RING_ORDER_MAX)
#define XTRAIL_RINGS_MAX	64
/* Grant refs 0..7 are reserved (GNTTAB_NR_RESERVED_ENTRIES), ~0 invalid. */
#define XTRAIL_GREF_MIN		8u
#define XTRAIL_GREF_MAX		0xfffffffeu
#define XTRAIL_EVTCHN_MAX	0xfffffffeu

#define XTRAIL_RING_MAGIC	0x4c525458u	/* "XTRL" */

/**
 * struct xtrail_ring_intf - the index page
 * @magic:      XTRAIL_RING_MAGIC, written by the frontend before granting
 * @version:    XTRAIL_PROTO_VERSION
 * @ring_order: copy of ring-page-order (informative; xenstore is used)
 * @prod:       bytes produced, written by the frontend only
 * @cons:       bytes consumed, written by the backend only
 * @cons_event: the frontend notifies when prod moves past this value
 * @ref:        grant refs of the 2^ring_order data pages
 *
 * prod and cons sit in separate cache lines.
 */
struct xtrail_ring_intf {
	__le32 magic;
	__le32 version;
	__le32 ring_order;
	__le32 pad0;
	__le32 prod;
	__u8 pad1[60];
	__le32 cons;
	__le32 cons_event;
	__u8 pad2[56];
	__le32 ref[XTRAIL_DATA_PAGES_MAX];
};

_Static_assert(sizeof(struct xtrail_ring_intf) == 208, "ring intf size");
_Static_assert(sizeof(struct xtrail_ring_intf) <= XTRAIL_PAGE_SIZE,
	       "ring intf fits the index page");

/* Record types */
enum xtrail_rec_type {
	XTRAIL_REC_EXEC		= 1,	/* struct xtrail_exec */
	XTRAIL_REC_LOST		= 2,	/* struct xtrail_lost */
	XTRAIL_REC_FORK		= 3,	/* struct xtrail_fork */
	XTRAIL_REC_EXIT		= 4,	/* struct xtrail_exit */
	XTRAIL_REC_SYSCALL	= 5,	/* struct xtrail_syscall */
	XTRAIL_REC_HEARTBEAT	= 6,	/* struct xtrail_heartbeat */
	XTRAIL_REC_FILE		= 7,	/* struct xtrail_file */
	XTRAIL_REC_NET		= 8,	/* struct xtrail_net */
	XTRAIL_REC_TTY		= 9,	/* struct xtrail_tty */
	XTRAIL_REC_CLOSE	= 10,	/* struct xtrail_close */
	XTRAIL_REC_EXEC_DIGEST	= 11,	/* struct xtrail_exec_digest */

	XTRAIL_REC_DOM0_FIRST	= 0x100,
	XTRAIL_REC_CONNECT	= 0x100, /* struct xtrail_source */
	XTRAIL_REC_DISCONNECT	= 0x101, /* struct xtrail_source */
	XTRAIL_REC_VIOLATION	= 0x102, /* struct xtrail_violation */
	XTRAIL_REC_CLOCK	= 0x103, /* struct xtrail_clock */
	XTRAIL_REC_SEQ_GAP	= 0x104, /* struct xtrail_seq_gap */
	XTRAIL_REC_HB_SILENCE	= 0x105, /* struct xtrail_hb_silence */
	XTRAIL_REC_REFUSED	= 0x106, /* struct xtrail_refused */
	XTRAIL_REC_DOM0_LOST	= 0x107, /* struct xtrail_dom0_lost */
	XTRAIL_REC_CONTROL	= 0x108, /* struct xtrail_control */
	XTRAIL_REC_VM_IDENTITY	= 0x109, /* struct xtrail_vm_identity */
	XTRAIL_REC_FLOW		= 0x10a, /* struct xtrail_flow */
	XTRAIL_REC_FLOW_LOST	= 0x10b, /* struct xtrail_flow_lost */
	/* 0x10c..0x10f: reserved for more of dom0's records */

	/*
	 * Made by the writer daemon (xtraild), never in the kernel's stream:
	 * what it saw of the stream itself. Only F3 holds them.
	 */
	XTRAIL_REC_DAEMON_FIRST	= 0x200,
	XTRAIL_REC_STREAM_JUMP	= 0x200, /* struct xtrail_stream_jump */
	XTRAIL_REC_STREAM_END	= 0x201, /* struct xtrail_stream_end */
	/* 0x202..0x2ff: reserved for more of xtraild's records */
};

/* Record header flags */
/*
 * XTRAIL_RF_NO_TASK: made outside task context (softirq...): no task
 * caused it, and the header's task fields say nothing about one. A guest
 * that knows whose the object is writes that owner instead: a NET record
 * (body version 2) carries the socket's owner, see "NO_TASK network
 * records" below. Readers (the export) show pid, tgid, ppid, gid, egid,
 * loginuid, sessionid and comm of every NO_TASK record as unknown (null),
 * and uid and euid too, except in a NET record of body version 2. Records
 * of earlier guests (NET body version 1, TTY) hold the interrupted task's
 * fields there.
 */
#define XTRAIL_RF_TS_XEN	0x0001	/* ts_ns is Xen system time */
#define XTRAIL_RF_NO_TASK	0x0002
#define XTRAIL_RF_MASK		0x0003

#define XTRAIL_COMM_LEN		16
#define XTRAIL_REC_ALIGN	8
#define XTRAIL_REC_MAX		16384	/* largest record, header included */

/**
 * struct xtrail_rec_hdr - common record header
 * @len:       whole record in bytes, multiple of 8
 * @type:      enum xtrail_rec_type
 * @flags:     XTRAIL_RF_*
 * @seq:       producer sequence number (see "Records" above)
 * @ts_ns:     producer timestamp
 * @recv_ns:   dom0's Xen system time at receipt (dom0 writes it)
 * @domid:     source domain (dom0 writes it from xenbus)
 * @vcpu:      vCPU the event happened on
 * @pid:       thread id (as seen in the source domain's init namespace)
 * @tgid:      process id
 * @ppid:      parent's process id
 * @uid:       real uid
 * @gid:       real gid
 * @euid:      effective uid
 * @egid:      effective gid
 * @loginuid:  audit login uid (0xffffffff when unset)
 * @sessionid: audit session id (0xffffffff when unset)
 * @comm:      task name, NUL padded, not necessarily NUL terminated
 */
struct xtrail_rec_hdr {
	__le32 len;
	__le16 type;
	__le16 flags;
	__le64 seq;
	__le64 ts_ns;
	__le64 recv_ns;
	__le16 domid;
	__le16 vcpu;
	__le32 pid;
	__le32 tgid;
	__le32 ppid;
	__le32 uid;
	__le32 gid;
	__le32 euid;
	__le32 egid;
	__le32 loginuid;
	__le32 sessionid;
	char comm[XTRAIL_COMM_LEN];
};

_Static_assert(sizeof(struct xtrail_rec_hdr) == 88, "record header size");
_Static_assert(sizeof(struct xtrail_rec_hdr) % XTRAIL_REC_ALIGN == 0,
	       "record header alignment");

/* Exec flags */
#define XTRAIL_EXEC_FILENAME_TRUNC	0x0001
#define XTRAIL_EXEC_ARGV_TRUNC		0x0002	/* argv cut at the limit */
#define XTRAIL_EXEC_ARGV_FAULT		0x0004	/* argv not readable */
/*
 * The last recorded argument is cut: only its start is there (the limit
 * fell inside it, or the task's argv area did not end in NUL). Set only
 * with XTRAIL_EXEC_ARGV_TRUNC and at least one argument recorded.
 */
#define XTRAIL_EXEC_ARG_CUT		0x0008
/* Body version 2: struct xtrail_exec_v2 follows, see below. */
#define XTRAIL_EXEC_V2			0x0010
/* Version 2 only: */
#define XTRAIL_EXEC_CWD_LONG		0x0020	/* cwd too long: not kept */
#define XTRAIL_EXEC_EXE_LONG		0x0040	/* exe too long: not kept */
#define XTRAIL_EXEC_ARGV0_TRUNC		0x0080	/* argv0 passed: start kept */
#define XTRAIL_EXEC_SCRIPT		0x0100	/* ran through an interpreter */
/*
 * The file the kernel loaded (exe) has no path that reaches it: it was
 * deleted (unlinked after it was opened), or it lives on a mount of the
 * kernel's own (a memfd_create() or shared memory file), and exe is then
 * the name the kernel gives it ("/memfd:NAME (deleted)"), which a real
 * file could mimic: the flag, set by the kernel, cannot be.
 */
#define XTRAIL_EXEC_NO_PATH		0x0200
#define XTRAIL_EXEC_V1_FLAGS		0x000f
#define XTRAIL_EXEC_FLAGS		0x03ff

#define XTRAIL_PATH_MAX		4096	/* filename bytes kept */
#define XTRAIL_ARGV_MAX		8192	/* argv bytes kept by default */
/* The most argv bytes an exec record can carry beside a full filename. */
#define XTRAIL_ARGV_LIMIT	12184
/* The most bytes of the argv[0] the caller passed (body version 2). */
#define XTRAIL_ARGV0_MAX	256

/**
 * struct xtrail_exec - body of XTRAIL_REC_EXEC
 * @flags:        XTRAIL_EXEC_*
 * @filename_len: bytes of filename that follow the body, no NUL
 * @argc:         arguments recorded in the argv area
 * @argv_len:     bytes of the argv area; every argument is followed by NUL
 * @argc_total:   the process's argc (more than @argc when truncated)
 *
 * Followed by filename[filename_len], argv[argv_len], then zero padding to
 * the record's length.
 *
 * The argv kept is the start of the process's argument area, at most the
 * guest module's argv_max parameter bytes (default XTRAIL_ARGV_MAX; at most
 * XTRAIL_ARGV_LIMIT, what a record holds beside a filename of
 * XTRAIL_PATH_MAX: a larger value is refused when the module loads). When
 * the area is longer, XTRAIL_EXEC_ARGV_TRUNC is set and @argc_total says
 * how many arguments there were; the arguments recorded are whole, except
 * the last when XTRAIL_EXEC_ARG_CUT is set (its NUL takes the place of its
 * last byte kept). A dom0 that predates XTRAIL_EXEC_ARG_CUT and the limit
 * refuses such records (a protocol violation): raise argv_max only with a
 * dom0 of this version.
 *
 * Body version 2 (XTRAIL_EXEC_V2 set; a reader accepts both versions, and
 * the flag, not the length, tells them apart, since strings follow the
 * body) is struct xtrail_exec, then struct xtrail_exec_v2, then the
 * strings filename, cwd, exe, argv0, argv, in that order, each of the
 * length its field gives (only argv holds NULs), then zero padding. The
 * flags of version 2 (XTRAIL_EXEC_CWD_LONG and above) are set only with
 * XTRAIL_EXEC_V2. A dom0 that predates version 2 refuses its records.
 */
struct xtrail_exec {
	__le32 flags;
	__le16 filename_len;
	__le16 argc;
	__le32 argv_len;
	__le32 argc_total;
};

_Static_assert(sizeof(struct xtrail_exec) == 16, "exec body size");

/**
 * struct xtrail_exec_v2 - what body version 2 of an exec record adds
 * @cwd_len:   bytes of cwd: the task's working directory at the exec, an
 *             absolute path resolved by the kernel (d_path of its pwd; a
 *             deleted one ends in " (deleted)"). 0: unknown, or longer
 *             than XTRAIL_PATH_MAX (then XTRAIL_EXEC_CWD_LONG is set).
 * @exe_len:   bytes of exe: the resolved absolute path of the file the
 *             kernel loaded (d_path of bprm->file). For a #! script or a
 *             binfmt_misc program (XTRAIL_EXEC_SCRIPT) that is the
 *             interpreter: the kernel has let go of the script's own file
 *             by the time it reports the exec, so the script is known by
 *             its filename as passed (relative to cwd when not absolute;
 *             symlinks in it unresolved) and, as the kernel rewrote the
 *             argv, by argv[0] the interpreter as the #! line names it.
 *             0: unknown, or longer than XTRAIL_PATH_MAX (then
 *             XTRAIL_EXEC_EXE_LONG is set).
 * @argv0_len: bytes of argv0: the argv[0] the caller passed to execve() or
 *             execveat(), read at the syscall's entry, before a script's
 *             interpreter takes its place (and what the caller passed even
 *             when the new program rewrites its argv); at most
 *             XTRAIL_ARGV0_MAX bytes, cut to that with
 *             XTRAIL_EXEC_ARGV0_TRUNC (and then exactly that long).
 *             0: not known (not readable at the entry, a compat syscall,
 *             more execs at once than the guest keeps room for, or an
 *             empty argv[0]).
 * @pad:       zero
 *
 * Sharing XTRAIL_REC_MAX. filename, cwd and exe are bounded by
 * XTRAIL_PATH_MAX each and argv0 by XTRAIL_ARGV0_MAX, so that they always
 * fit whole; argv, last, gets what is left of the record, at most the
 * module's argv_max (and XTRAIL_ARGV_LIMIT): it is argv that shrinks first
 * (XTRAIL_EXEC_ARGV_TRUNC and @argc_total as in version 1), never below
 * XTRAIL_EXEC_V2_ARGV_MIN bytes.
 */
struct xtrail_exec_v2 {
	__le16 cwd_len;
	__le16 exe_len;
	__le16 argv0_len;
	__le16 pad;
};

_Static_assert(sizeof(struct xtrail_exec_v2) == 8, "exec v2 body size");

/* The argv bytes a version 2 record has room for, at the least. */
#define XTRAIL_EXEC_V2_ARGV_MIN						\
	(XTRAIL_REC_MAX - sizeof(struct xtrail_rec_hdr) -		\
	 sizeof(struct xtrail_exec) - sizeof(struct xtrail_exec_v2) -	\
	 3 * XTRAIL_PATH_MAX - XTRAIL_ARGV0_MAX)
_Static_assert(XTRAIL_EXEC_V2_ARGV_MIN >= 2048,
	       "a version 2 exec record keeps 2 KiB of argv at the least");
_Static_assert(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_exec) +
	       XTRAIL_PATH_MAX + XTRAIL_ARGV_LIMIT == XTRAIL_REC_MAX,
	       "largest exec record fits, exactly");
_Static_assert(XTRAIL_ARGV_LIMIT % XTRAIL_REC_ALIGN == 0, "argv limit");
_Static_assert(2 * XTRAIL_REC_MAX <= (XTRAIL_PAGE_SIZE << XTRAIL_RING_ORDER_MIN),
	       "smallest ring holds two largest records");

/**
 * struct xtrail_lost - body of XTRAIL_REC_LOST
 * @count:     records dropped (the ring full, or no ring), or written to
 *             a ring dom0 let go of without taking them
 * @first_seq: sequence number of the first dropped record
 * @last_seq:  sequence number of the last dropped record
 */
struct xtrail_lost {
	__le64 count;
	__le64 first_seq;
	__le64 last_seq;
};

_Static_assert(sizeof(struct xtrail_lost) == 24, "lost body size");

/**
 * struct xtrail_fork - body of XTRAIL_REC_FORK (the header is the parent's)
 * @child_pid:  the new task's thread id
 * @child_tgid: the new task's process id (== the parent's for a thread)
 * @flags:      XTRAIL_FORK_*
 * @pad:        zero
 */
struct xtrail_fork {
	__le32 child_pid;
	__le32 child_tgid;
	__le32 flags;
	__le32 pad;
};

#define XTRAIL_FORK_THREAD	0x0001	/* a thread, not a process */

_Static_assert(sizeof(struct xtrail_fork) == 16, "fork body size");

/**
 * struct xtrail_exit - body of XTRAIL_REC_EXIT (the header is the task's)
 * @code:  exit status as wait(2) reports it: (status << 8) | signal
 * @flags: XTRAIL_EXIT_*
 */
struct xtrail_exit {
	__le32 code;
	__le32 flags;
};

#define XTRAIL_EXIT_THREAD	0x0001	/* a thread other than the leader */

_Static_assert(sizeof(struct xtrail_exit) == 8, "exit body size");

#define XTRAIL_SYSCALL_ARGS	6

/**
 * struct xtrail_syscall - body of XTRAIL_REC_SYSCALL: one of the syscalls
 * configured for recording, with its raw arguments and return value
 * @nr:    syscall number (native x86-64 numbering)
 * @flags: XTRAIL_SYSCALL_* (zero in producers that predate them: the
 *         field was padding)
 * @ret:   return value (negative: -errno)
 * @args:  the six argument registers at entry
 *
 * The road (struct xtrail_file, "Roads"): an i386 call of the default set
 * (setuid family, capset, ptrace, module loading) is recorded with the
 * x86-64 twin's @nr (setuid16 and setuid32 are setuid), its @args
 * zero-extended from 32 bits, flagged XTRAIL_SYSCALL_COMPAT. A dom0 older
 * than this version refuses records with the flag.
 */
struct xtrail_syscall {
	__le32 nr;
	__le32 flags;
	__le64 ret;
	__le64 args[XTRAIL_SYSCALL_ARGS];
};

#define XTRAIL_SYSCALL_COMPAT	0x0001	/* an i386 syscall (int $0x80...) */
#define XTRAIL_SYSCALL_FLAGS	0x0001

_Static_assert(sizeof(struct xtrail_syscall) == 64, "syscall body size");

/**
 * struct xtrail_heartbeat - body of XTRAIL_REC_HEARTBEAT: the producer's
 * counters for the ring it is written to (the header's vcpu names that
 * ring), sent every @period_ms so that dom0 notices a silenced guest
 * @generated: records generated for this ring since the module loaded
 * @written:   records written to this ring, LOST records included, but
 *             not those dom0 never took before it let go of a ring
 *             (counted in @lost instead)
 * @lost:      records dropped
 * @period_ms: heartbeat period
 * @pad:       zero
 * @filtered:  events of this ring's vCPUs left out by the config/ignore-*
 *             filters since the module loaded (not records: never in
 *             @generated, never lost)
 * @untracked: files opened on this ring's vCPUs whose byte counts could not
 *             be kept (the table of open files was full; their open
 *             record carries XTRAIL_FILE_UNTRACKED), and NET records of
 *             sockets that could not be entered in it for the same reason
 *             (flagged XTRAIL_NET_UNTRACKED)
 *
 * Body version 1 ended at @pad (XTRAIL_HEARTBEAT_V1_SIZE bytes); version 2
 * appends @filtered and @untracked. A reader accepts both sizes.
 */
struct xtrail_heartbeat {
	__le64 generated;
	__le64 written;
	__le64 lost;
	__le32 period_ms;
	__le32 pad;
	__le64 filtered;
	__le64 untracked;
};

#define XTRAIL_HEARTBEAT_V1_SIZE	32
_Static_assert(sizeof(struct xtrail_heartbeat) == 48, "heartbeat body size");
_Static_assert(__builtin_offsetof(struct xtrail_heartbeat, filtered) ==
	       XTRAIL_HEARTBEAT_V1_SIZE, "heartbeat v2 appends to v1");

/* File record flags */
#define XTRAIL_FILE_PATH_TRUNC	0x0001
#define XTRAIL_FILE_PATH2_TRUNC	0x0002
#define XTRAIL_FILE_PATH_FAULT	0x0004	/* path not readable */
#define XTRAIL_FILE_PATH2_FAULT	0x0008
#define XTRAIL_FILE_RESOLVED	0x0010	/* path: the opened file's full path */
/*
 * A successful open whose byte counts are not kept: the guest's table of
 * open files was full, so no CLOSE record will follow for this file.
 */
#define XTRAIL_FILE_UNTRACKED	0x0020
/*
 * The road the operation came by (FILE and NET records alike, see "Roads"
 * below): neither flag is the 64-bit syscall, at most one is set.
 */
#define XTRAIL_FILE_COMPAT	0x0040	/* an i386 syscall (int $0x80...) */
#define XTRAIL_FILE_IO_URING	0x0080	/* an io_uring request */
#define XTRAIL_FILE_FLAGS	0x00ff

/**
 * struct xtrail_file - body of XTRAIL_REC_FILE: a file syscall (open family,
 * unlink, rename, link, symlink, mkdir, rmdir, chmod, chown, truncate, and
 * their fd-based twins and the extended attributes: see "Twins" below)
 * @nr:        syscall number (x86-64)
 * @flags:     XTRAIL_FILE_*
 * @ret:       return value (an open's fd, or -errno)
 * @args:      the six argument registers (dirfds, flags, modes, owners...)
 * @path_len:  bytes of the first path that follow, no NUL
 * @path2_len: bytes of the second path (rename, link, symlink) after it
 * @pad:       zero
 *
 * The paths are what the task passed, read from its memory at syscall exit,
 * except that a successful open records the opened file's absolute path
 * (XTRAIL_FILE_RESOLVED).
 *
 * Roads. The same operation can reach the kernel by three roads, and the
 * record says which (XTRAIL_FILE_COMPAT, XTRAIL_FILE_IO_URING; NET records:
 * XTRAIL_NET_COMPAT, XTRAIL_NET_IO_URING; neither: the 64-bit syscall).
 * @nr is always the x86-64 number of the operation, whatever the road:
 *  - compat: an i386 syscall of a 32-bit or 64-bit process (int $0x80,
 *    sysenter): @nr is the x86-64 twin of the i386 number (open 5 is
 *    open 2); @args are the i386 call's six arguments, zero-extended; a
 *    socketcall(2) is recorded as the call it multiplexes, its @args those
 *    read from the array it points to;
 *  - io_uring: a request of an io_uring submission queue, however it is
 *    run (inline in io_uring_enter(), an io-wq worker, the SQPOLL thread):
 *    @nr is openat, unlinkat, mkdirat, renameat2 or connect, @args[0] the
 *    request's dirfd (FILE) and the others 0, @ret 0 for an open that
 *    succeeded (the descriptor, maybe a fixed-file slot, is io_uring's to
 *    give after) or -errno; a NET record's @fd is -1 and @ret the first
 *    attempt's (a non-blocking connect: -EINPROGRESS, then io_uring waits).
 *    IORING_OP_SETXATTR and _FSETXATTR are recorded as setxattr, their
 *    path that of the file within its filesystem (the absolute path when
 *    the filesystem is mounted at /: the kernel function both reach has
 *    the dentry, not the mount), @path2 the attribute's name.
 * A dom0 older than this version refuses records with either flag.
 *
 * Twins. An operation done through a descriptor is recorded as its
 * path-based twin is, with the path of the file the descriptor names:
 * fchmod, fchown, ftruncate, fsetxattr and fremovexattr have @nr their
 * own, @args[0] the descriptor and the path the file's absolute path
 * (XTRAIL_FILE_RESOLVED; XTRAIL_FILE_PATH_FAULT when the descriptor names
 * no file), as has fchownat(fd, "", ..., AT_EMPTY_PATH). The extended attributes (setxattr, lsetxattr, fsetxattr,
 * removexattr, lremovexattr, fremovexattr) carry the attribute's name
 * (at most 255 bytes) as the second path (@path2_len; not a path: the
 * config/ignore-path filter never matches it). fchmodat2 (x86-64 452) is
 * recorded as fchmodat is, on a kernel that has it (Linux 6.6 on).
 */
struct xtrail_file {
	__le32 nr;
	__le32 flags;
	__le64 ret;
	__le64 args[XTRAIL_SYSCALL_ARGS];
	__le16 path_len;
	__le16 path2_len;
	__le32 pad;
};

_Static_assert(sizeof(struct xtrail_file) == 72, "file body size");
_Static_assert(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_file) +
	       2 * XTRAIL_PATH_MAX + XTRAIL_REC_ALIGN <= XTRAIL_REC_MAX,
	       "largest file record fits");

/* Close record flags */
#define XTRAIL_CLOSE_LAST	0x0001	/* last descriptor: counts are final */
#define XTRAIL_CLOSE_PATH_TRUNC	0x0002	/* path too long: left out, */
						/* with _PATH_FAULT */
#define XTRAIL_CLOSE_PATH_FAULT	0x0004	/* path not available */
#define XTRAIL_CLOSE_FLAGS	0x0007

/**
 * struct xtrail_close - body of XTRAIL_REC_CLOSE: a descriptor of a file
 * opened by the open family was closed (close(2), close_range(2), dup2(2)
 * over it, close-on-exec, or the process's exit), with the bytes moved
 * through that open file, so that a file transfer can be reconstructed
 * @flags:         XTRAIL_CLOSE_*
 * @fd:            the descriptor, when closed by close(2); -1 otherwise
 * @bytes_read:    bytes read through the open file since it was opened
 *                 (read, pread64, readv, preadv, preadv2, and the input
 *                 side of sendfile, copy_file_range and splice), by every
 *                 descriptor and process that shares it
 * @bytes_written: the same for writing (write, pwrite64, writev, pwritev,
 *                 pwritev2, and the output side of the above)
 * @path_len:      bytes of the file's absolute path that follow, no NUL
 * @pad:           zero
 *
 * Without XTRAIL_CLOSE_LAST other descriptors (dup, fork) still refer to
 * the file: the counts so far, and another CLOSE record follows. Memory
 * mappings are not counted. A descriptor closed while no byte has been
 * read or written through the file makes no CLOSE record (unless the
 * guest module's close_empty parameter is set): a successful open without
 * XTRAIL_FILE_UNTRACKED and without a CLOSE record moved no byte.
 */
struct xtrail_close {
	__le32 flags;
	__le32 fd;
	__le64 bytes_read;
	__le64 bytes_written;
	__le16 path_len;
	__le16 pad[3];
};

_Static_assert(sizeof(struct xtrail_close) == 32, "close body size");
_Static_assert(sizeof(struct xtrail_rec_hdr) + sizeof(struct xtrail_close) +
	       XTRAIL_PATH_MAX + XTRAIL_REC_ALIGN <= XTRAIL_REC_MAX,
	       "largest close record fits");

enum xtrail_net_kind {
	XTRAIL_NET_CONNECT	= 1,	/* address: the destination asked for */
	XTRAIL_NET_BIND		= 2,	/* address: the local one asked for */
	XTRAIL_NET_LISTEN	= 3,	/* the socket's local address */
	XTRAIL_NET_ACCEPT	= 4,	/* the new socket's local and peer */
	XTRAIL_NET_SENDTO	= 5,	/* a datagram's destination */
	XTRAIL_NET_STATE	= 6,	/* a TCP state change */
	XTRAIL_NET_CLOSE	= 7,	/* a tracked socket's release, with */
					/* its bytes (body version 3) */
	XTRAIL_NET_KIND_MAX	= 7,
};

/**
 * struct xtrail_net - body of XTRAIL_REC_NET
 * @kind:      enum xtrail_net_kind
 * @family:    AF_INET, AF_INET6, or another address family (then no
 *             addresses are recorded)
 * @ret:       the syscall's return value (0 for STATE)
 * @fd:        the socket's file descriptor (-1 for STATE)
 * @protocol:  IPPROTO_* of the socket, when known (0 otherwise)
 * @sport:     local port, host order
 * @dport:     remote port, host order
 * @old_state: TCP state before (STATE only)
 * @new_state: TCP state after (STATE only)
 * @flags:     XTRAIL_NET_* flags (zero in protocol version 1 producers
 *             that predate them: the field was padding)
 * @saddr:     local address (IPv4 in the first 4 bytes), network order
 * @daddr:     remote address, network order
 * @sock_ino:  the socket's inode number (as /proc/<pid>/fd shows it,
 *             "socket:[ino]"): the same in every record of one socket, so
 *             that a STATE record joins the CONNECT or ACCEPT record of
 *             its connection; 0 when the socket had none (a STATE change
 *             before accept() gave it a file, or after its last close)
 * @sock_uid:  the socket's owner, sk->sk_uid: the fsuid of the task that
 *             created it (an accepted socket: that of its listening
 *             socket); 0xffffffff when there was no socket
 * @pad:       zero
 * @bytes_sent: CLOSE: payload bytes the socket's file sent (see "Bytes"
 *             below); 0 in the other kinds
 * @bytes_rcvd: CLOSE: payload bytes it received; 0 in the other kinds
 * @path_len:  bytes of the AF_UNIX name that follow the body (see "AF_UNIX
 *             names"), at most XTRAIL_NET_PATH_MAX; 0 in other families
 * @pad2:      zero
 *
 * Body version 1 ended at @daddr (XTRAIL_NET_V1_SIZE bytes); version 2
 * appends @sock_ino, @sock_uid and @pad (XTRAIL_NET_V2_SIZE bytes);
 * version 3 appends @bytes_sent, @bytes_rcvd, @path_len and @pad2, and is
 * followed by path[path_len] and zero padding to the record's length. A
 * reader accepts all three: a record of exactly the version 1 or 2 size is
 * one of those (kind at most STATE, flags at most XTRAIL_NET_DEDUP_EVICT),
 * any longer one is version 3. A guest of this version writes version 3
 * only; a dom0 older than it refuses version 3 records (a violation).
 *
 * CLOSE, bytes. The guest counts, per socket file, the bytes that the
 * syscalls on it returned as moved: read, readv, write, writev, recvfrom,
 * recvmsg, recvmmsg (each message's msg_len), sendto, sendmsg, sendmmsg,
 * and the socket's side of splice and sendfile. That is the
 * payload the process handed to the kernel or got from it, not what went
 * on the wire: no IP, TCP or UDP header, no retransmission, and bytes
 * still queued at the close are sent after it (dom0's FLOW counts IP
 * packets, headers included). Counting starts at the socket's first NET
 * record (CONNECT, BIND, LISTEN, ACCEPT, SENDTO of an AF_INET, AF_INET6
 * or AF_UNIX socket): the socket is then entered in the guest's table of
 * tracked files (shared with the files' byte counts, bounded); a socket
 * that never gets a NET record (socketpair(), an unbound receiver) is not
 * tracked. When the table is full the record is flagged
 * XTRAIL_NET_UNTRACKED, the heartbeat's @untracked counts it, and no CLOSE
 * record will follow (each later NET record of that socket tries again).
 * The CLOSE record is made when the kernel releases the socket's file
 * (its last descriptor closed and no other reference left), with the
 * socket as it was then (addresses, ports, owner); its header is the task
 * that released it, or flagged XTRAIL_RF_NO_TASK with @sock_uid as above
 * when a kernel thread released it. A tracked socket through which no
 * byte moved makes no CLOSE record (a refused connect, a port scan). @fd
 * is -1, @ret 0.
 *
 * AF_UNIX names. CONNECT, BIND and SENDTO of an AF_UNIX address carry the
 * sun_path the task passed (CONNECT, SENDTO: the peer; BIND: the socket's
 * own name): a pathname up to its first NUL, or an abstract name (sun_path
 * starts with NUL) flagged XTRAIL_NET_PATH_ABSTRACT, its bytes after that
 * NUL as many as the address length says (they may hold NULs). An unnamed
 * address (autobind) has @path_len 0. ACCEPT, LISTEN, STATE and CLOSE
 * carry none. A pathname holds no NUL; the validator checks it.
 *
 * NO_TASK network records. A STATE change made outside task context
 * (softirq: a segment arrived, a timer fired) is flagged XTRAIL_RF_NO_TASK
 * and its header names no task: pid, tgid and ppid are 0, gid, egid,
 * loginuid and sessionid 0xffffffff, comm is all zero, and uid and euid
 * are @sock_uid, the socket's owner. Its vcpu and times are as usual. A
 * STATE change made in task context (connect(), close(), listen()) has
 * the task's header, as other records.
 *
 * SENDTO: an IPv4 or IPv6 datagram that was sent (ret >= 0) is recorded
 * once per socket and destination (address and port): later datagrams of
 * the same socket to the same destination are not recorded. The guest
 * remembers the pairs in a bounded cache; when it is full, remembering a
 * new pair forgets an older one (XTRAIL_NET_DEDUP_EVICT), whose next
 * datagram is then recorded again. Failed sends and other families are
 * recorded every time.
 *
 * Connected sockets (TCP, and UDP after connect()): the connect() is
 * recorded (CONNECT, with the destination and the socket), later writes
 * through the socket (write, send, sendto or sendmsg without an address)
 * are not recorded one by one: they are counted, and a connected UDP
 * socket's traffic is on record as its CONNECT, then its CLOSE with the
 * bytes sent and received (dom0's FLOW records count its packets).
 * sendmmsg() is recorded as a sendto of each message it sent (a failed
 * one: of its first), with that message's destination and length as @ret
 * (and the same once per destination as above); its bytes are counted.
 * The i386 sendmsg and sendmmsg (compat msghdr) likewise, flagged
 * XTRAIL_NET_COMPAT. io_uring's requests (XTRAIL_NET_IO_URING, @fd -1):
 * IORING_OP_CONNECT as CONNECT; IORING_OP_ACCEPT as ACCEPT (@ret 0: the
 * descriptor is io_uring's to give after); IORING_OP_SENDMSG with a
 * destination as SENDTO (@ret the bytes sent); the bytes of SEND,
 * SENDMSG, RECV and RECVMSG are counted in the socket's CLOSE record.
 */
struct xtrail_net {
	__le32 kind;
	__le32 family;
	__le64 ret;
	__le32 fd;
	__le32 protocol;
	__le16 sport;
	__le16 dport;
	__le32 old_state;
	__le32 new_state;
	__le32 flags;
	__u8 saddr[16];
	__u8 daddr[16];
	__le64 sock_ino;
	__le32 sock_uid;
	__le32 pad;
	__le64 bytes_sent;
	__le64 bytes_rcvd;
	__le16 path_len;
	__le16 pad2[3];
};

/* Net record flags */
#define XTRAIL_NET_DEDUP	0x0001	/* SENDTO: the first to there, */
					/* later ones are left out */
#define XTRAIL_NET_DEDUP_EVICT	0x0002	/* SENDTO: the cache was full and */
					/* forgot another destination */
#define XTRAIL_NET_FLAGS_V2	0x0003	/* the flags of body versions 1, 2 */
/*
 * The socket is not tracked (the table is full): no CLOSE record with its
 * bytes will follow. Body version 3.
 */
#define XTRAIL_NET_UNTRACKED	0x0004
#define XTRAIL_NET_PATH_ABSTRACT 0x0008	/* the AF_UNIX name is abstract */
/* The road (struct xtrail_file, "Roads"); body version 3 only. */
#define XTRAIL_NET_COMPAT	0x0010	/* an i386 syscall or socketcall */
#define XTRAIL_NET_IO_URING	0x0020	/* an io_uring request */
#define XTRAIL_NET_FLAGS	0x003f

#define XTRAIL_NET_V1_SIZE	72
#define XTRAIL_NET_V2_SIZE	88
#define XTRAIL_NET_NO_UID	0xffffffffu	/* @sock_uid: no socket */
#define XTRAIL_NET_PATH_MAX	108	/* sizeof(sun_path) */

_Static_assert(sizeof(struct xtrail_net) == 112, "net body size");
_Static_assert(__builtin_offsetof(struct xtrail_net, sock_ino) ==
	       XTRAIL_NET_V1_SIZE, "net v2 appends to v1");
_Static_assert(__builtin_offsetof(struct xtrail_net, bytes_sent) ==
	       XTRAIL_NET_V2_SIZE, "net v3 appends to v2");

/* TTY record flags */
#define XTRAIL_TTY_INPUT	0x0001	/* toward the session (keystrokes) */
#define XTRAIL_TTY_CONSOLE	0x0002	/* not a pty: hvc console, serial */
#define XTRAIL_TTY_TRUNC	0x0004	/* more than XTRAIL_TTY_MAX written */
#define XTRAIL_TTY_FLAGS	0x0007
#define XTRAIL_TTY_MAX		1024
#define XTRAIL_TTY_NAME		16

/**
 * struct xtrail_tty - body of XTRAIL_REC_TTY: bytes that crossed a terminal
 * (XenKamera: a session can be replayed from these with their timing)
 * @flags:   XTRAIL_TTY_*
 * @len:     bytes that follow (<= XTRAIL_TTY_MAX)
 * @count:   bytes written in this call (more than @len when truncated)
 * @dropped: bytes of this terminal dropped by the rate limit since its
 *           previous record
 * @tty:     the session's terminal, e.g. "pts0" or "hvc0", NUL padded
 */
struct xtrail_tty {
	__le32 flags;
	__le32 len;
	__le32 count;
	__le32 dropped;
	char tty[XTRAIL_TTY_NAME];
};

_Static_assert(sizeof(struct xtrail_tty) == 32, "tty body size");

/**
 * struct xtrail_source - body of XTRAIL_REC_CONNECT and _DISCONNECT (dom0)
 * @reason:     enum xtrail_disconnect_reason (0 for CONNECT)
 * @ring_order: the ring's page order
 * @records:    records taken from this source so far
 * @bytes:      bytes taken from this source so far
 */
struct xtrail_source {
	__le32 reason;
	__le32 ring_order;
	__le64 records;
	__le64 bytes;
};

_Static_assert(sizeof(struct xtrail_source) == 24, "source body size");

enum xtrail_disconnect_reason {
	XTRAIL_DISC_NONE	= 0,
	XTRAIL_DISC_FRONTEND	= 1,	/* the guest closed (unload, shutdown) */
	XTRAIL_DISC_BACKEND	= 2,	/* dom0's module is going away */
	XTRAIL_DISC_VIOLATION	= 3,	/* see the preceding VIOLATION record */
};

/**
 * struct xtrail_violation - body of XTRAIL_REC_VIOLATION (dom0)
 * @reason:  enum xtrail_verdict
 * @ring:    the ring (vCPU) where it happened
 * @prod:    producer index the guest published
 * @cons:    consumer index at the time
 * @rec_len: length field of the offending record, if any
 * @rec_type: type field of the offending record, if any
 */
struct xtrail_violation {
	__le32 reason;
	__le32 ring;
	__le32 prod;
	__le32 cons;
	__le32 rec_len;
	__le32 rec_type;
};

_Static_assert(sizeof(struct xtrail_violation) == 24, "violation body size");

/**
 * struct xtrail_clock - body of XTRAIL_REC_CLOCK (dom0)
 * @realtime_ns:     dom0's CLOCK_REALTIME (ns since the Unix epoch) taken at
 *                   the same moment as the header's ts_ns
 * @merge_window_ns: the merge's reordering window (appended: absent in
 *                   records of earlier modules, whose body is 8 bytes)
 * @merge_flags:     XTRAIL_MERGE_* (xtrail_dev.h), appended likewise
 * @pad:             zero
 *
 * dom0 emits one when /dev/xtrail is opened and then at least once a
 * minute, so that any ts_ns in the stream can be turned into wall-clock
 * time: realtime_ns + (ts_ns - clock record's ts_ns). The merge fields say
 * how the stream that follows is ordered (see "The merge" above).
 */
struct xtrail_clock {
	__le64 realtime_ns;
	__le64 merge_window_ns;
	__le32 merge_flags;
	__le32 pad;
};

#define XTRAIL_CLOCK_MIN	8	/* body bytes a CLOCK record has at least */

_Static_assert(sizeof(struct xtrail_clock) == 24, "clock body size");

/*
 * Evidence (dom0): what dom0 notices about a guest without it being a
 * protocol violation. The guest keeps logging; these records say where the
 * trail it left is incomplete or suspicious.
 */

enum xtrail_gap_kind {
	XTRAIL_GAP_MISSING	= 1,	/* sequence numbers skipped */
	XTRAIL_GAP_BACKWARDS	= 2,	/* a number at or below one seen */
};

/**
 * struct xtrail_seq_gap - body of XTRAIL_REC_SEQ_GAP (dom0)
 * @ring:     the ring (vCPU) whose sequence broke
 * @kind:     enum xtrail_gap_kind
 * @expected: the sequence number dom0 expected next
 * @got:      the one it got instead (a LOST record's first_seq when the
 *            gap ends where its range starts)
 * @missing:  records neither delivered nor reported lost: got - expected
 *            for XTRAIL_GAP_MISSING (the range [expected, got - 1]), 0 for
 *            XTRAIL_GAP_BACKWARDS
 *
 * Each ring's sequence numbers are continuous, across reconnects too: after
 * record n comes n + 1, or a LOST record whose range starts at n + 1 and
 * whose own number follows the range; only a new load of the guest module
 * starts over at 0. dom0 checks every record it takes against that rule
 * (the backend's first record sets the start; after a reconnect, a first
 * record numbered 0, or a LOST range from 0, starts anew) and logs a
 * SEQ_GAP record, ahead of the record that revealed it, for each break.
 * The rule then continues from the record that broke it.
 */
struct xtrail_seq_gap {
	__le32 ring;
	__le32 kind;
	__le64 expected;
	__le64 got;
	__le64 missing;
};

_Static_assert(sizeof(struct xtrail_seq_gap) == 32, "seq gap body size");

enum xtrail_hb_state {
	XTRAIL_HB_STOPPED	= 1,	/* no heartbeat for limit_ms */
	XTRAIL_HB_RESUMED	= 2,	/* a heartbeat again after STOPPED */
};

/**
 * struct xtrail_hb_silence - body of XTRAIL_REC_HB_SILENCE (dom0)
 * @state:     enum xtrail_hb_state
 * @period_ms: the heartbeat period dom0 expects: the guest's latest
 *             heartbeat's period_ms, bounded by dom0 (before the first
 *             heartbeat of a connection, dom0's default)
 * @limit_ms:  the silence dom0 tolerates: a multiple of @period_ms
 * @pad:       zero
 * @silent_ns: STOPPED: time since the last heartbeat (or the connection)
 *             when dom0 noticed; RESUMED: how long the silence lasted
 *
 * While a guest is connected dom0 expects a heartbeat at least every
 * limit_ms. It logs STOPPED once when one is overdue, and RESUMED with the
 * next heartbeat. Time during which dom0 itself did not drain the rings
 * (paused, or the queue to userspace full) does not count as silence.
 */
struct xtrail_hb_silence {
	__le32 state;
	__le32 period_ms;
	__le32 limit_ms;
	__le32 pad;
	__le64 silent_ns;
};

_Static_assert(sizeof(struct xtrail_hb_silence) == 24,
	       "heartbeat silence body size");

enum xtrail_refused_kind {
	XTRAIL_REFUSED_ABSENT	= 1,	/* a key the connect needs is missing */
	XTRAIL_REFUSED_SYNTAX	= 2,	/* not a canonical decimal */
	XTRAIL_REFUSED_RANGE	= 3,	/* a number outside the key's range */
	XTRAIL_REFUSED_VCPUS	= 4,	/* more rings than the guest has vCPUs */
	XTRAIL_REFUSED_MAP	= 5,	/* a grant dom0 could not map, or an */
					/* index page without the magic */
	XTRAIL_REFUSED_EVTCHN	= 6,	/* the event channel could not be bound */
	XTRAIL_REFUSED_STATE	= 7,	/* the frontend's state is no xenbus */
					/* state (or the node went away) */
	XTRAIL_REFUSED_DOM0	= 8,	/* dom0 could not take it (memory...) */
};

/* REFUSED flags */
#define XTRAIL_REFUSED_TRUNC	0x0001	/* @value is the start of a longer one */
#define XTRAIL_REFUSED_NOVALUE	0x0002	/* the key was absent: no @value */

#define XTRAIL_REFUSED_KEY_LEN		32
#define XTRAIL_REFUSED_VALUE_LEN	64

/**
 * struct xtrail_refused - body of XTRAIL_REC_REFUSED (dom0): a connect the
 * backend refused; the header's domid names the guest
 * @reason:    enum xtrail_verdict: XTRAIL_BAD_XENSTORE, or XTRAIL_OK when
 *             the guest is not to blame (@kind XTRAIL_REFUSED_DOM0)
 * @kind:      enum xtrail_refused_kind
 * @err:       the errno (positive) of the step that failed, 0 if none
 * @value_len: bytes of @value used (<= XTRAIL_REFUSED_VALUE_LEN)
 * @flags:     XTRAIL_REFUSED_*
 * @limit:     the bound the value broke (RANGE: the largest value allowed;
 *             VCPUS: the vCPU count), 0 when none
 * @key:       the frontend's key, relative to its directory ("num-rings",
 *             "ring-ref3", "state"), NUL padded
 * @value:     its value as dom0 read it, at most XTRAIL_REFUSED_VALUE_LEN
 *             bytes, each byte outside 0x20..0x7e replaced with '?', NUL
 *             padded
 *
 * A frontend that is refused may try again: every attempt makes one.
 */
struct xtrail_refused {
	__le32 reason;
	__le32 kind;
	__le32 err;
	__le16 value_len;
	__le16 flags;
	__le64 limit;
	char key[XTRAIL_REFUSED_KEY_LEN];
	char value[XTRAIL_REFUSED_VALUE_LEN];
};

_Static_assert(sizeof(struct xtrail_refused) == 120, "refused body size");
_Static_assert(sizeof(struct xtrail_refused) % XTRAIL_REC_ALIGN == 0,
	       "refused body alignment");
/*
 * Types DOM0_LOST counts one by one: XTRAIL_REC_DOM0_FIRST + 0..15 (body
 * version 1 counted 0..7 and was XTRAIL_DOM0_LOST_V1_SIZE bytes long; a
 * reader accepts both sizes)
 */
#define XTRAIL_DOM0_LOST_TYPES	16
#define XTRAIL_DOM0_LOST_V1_SIZE	64

/**
 * struct xtrail_dom0_lost - body of XTRAIL_REC_DOM0_LOST (dom0): records
 * dom0 made but could not keep (the memory it holds for them was full)
 * @count:      records lost since the previous DOM0_LOST record of the same
 *              domid (the first of this module: since it loaded)
 * @total:      records lost about that domid since the module loaded,
 *              @count included
 * @first_ns:   dom0's clock (as a header's ts_ns) when the first of @count
 *              was lost
 * @last_ns:    ... and the last
 * @by_type:    @count by record type: by_type[i] counts type
 *              XTRAIL_REC_DOM0_FIRST + i (saturating at 2^32 - 1)
 *
 * The header's domid is the guest the lost records were about (0: dom0's
 * records about no guest, such as CLOCK). dom0 holds the records it makes
 * about each guest (CONNECT, DISCONNECT, VIOLATION, SEQ_GAP, HB_SILENCE,
 * DOM0_LOST) in that guest's own quota (module parameter
 * evidence_cap_kb), so that one guest cannot crowd out the records about
 * another; SEQ_GAP records, which a guest can cause at will, leave the last
 * quarter of the quota to the others. A record that finds the quota full
 * is dropped and counted, and a DOM0_LOST record reports the count ahead of
 * the next record dom0 keeps about that guest, or when the guest's backend
 * goes away (then among dom0's control records). So no record dom0 makes
 * is lost without a trace in the stream: the DOM0_LOST records of a domid
 * add up to its losses.
 */
struct xtrail_dom0_lost {
	__le64 count;
	__le64 total;
	__le64 first_ns;
	__le64 last_ns;
	__le32 by_type[XTRAIL_DOM0_LOST_TYPES];
};

_Static_assert(sizeof(struct xtrail_dom0_lost) == 96, "dom0 lost body size");
_Static_assert(__builtin_offsetof(struct xtrail_dom0_lost, by_type) + 8 * 4 ==
	       XTRAIL_DOM0_LOST_V1_SIZE, "dom0 lost v2 appends to v1");

/*
 * Control: what dom0's operators did to the logging itself. Every action
 * on the dom0 module leaves a CONTROL record in the stream, applied or
 * refused; the header says who, from the task that acted (uid, gid, euid,
 * egid, loginuid, sessionid, pid, tgid, ppid, comm, as a guest's record
 * has them; domid 0), and when (ts_ns and recv_ns: dom0's clock, as every
 * record dom0 makes). A request refused for want of privilege (generic
 * netlink's CAP_NET_ADMIN check, sysfs's file mode) never reaches the
 * module and leaves none: an unprivileged user cannot fill the log.
 */
enum xtrail_ctl_action {
	XTRAIL_CTL_LOAD		= 1,	/* the module loaded: a new @instance; */
					/* text: its parameters */
	XTRAIL_CTL_PAUSE	= 2,	/* netlink PAUSE; @target or ALL */
	XTRAIL_CTL_RESUME	= 3,	/* netlink RESUME; @target or ALL */
	XTRAIL_CTL_CONFIG	= 4,	/* netlink SET_CONFIG; text: the */
					/* settings, "key=value" each */
	XTRAIL_CTL_PARAM	= 5,	/* a write to a module parameter */
					/* (sysfs); text: "name=value" */
	XTRAIL_CTL_ATTACH	= 6,	/* a backend appeared (xenstore: the */
					/* toolstack's "xtrail attach") */
	XTRAIL_CTL_DETACH	= 7,	/* ... and went away */
	XTRAIL_CTL_OPEN		= 8,	/* /dev/xtrail opened by a reader; */
					/* text: the stream's position */
	XTRAIL_CTL_CLOSE	= 9,	/* ... and closed: logged by the */
					/* next open; text: the closer */
	XTRAIL_CTL_MAX		= 9,
};

/* @target of an action on no guest in particular, or on every guest */
#define XTRAIL_CTL_ALL		0xffffffffu
#define XTRAIL_CTL_TRUNC	0x0001	/* the text was cut */
#define XTRAIL_CTL_TEXT_MAX	1024	/* bytes of text kept */

/**
 * struct xtrail_control - body of XTRAIL_REC_CONTROL (dom0): one operator
 * action (see "Control" above)
 * @action:   enum xtrail_ctl_action
 * @result:   0: applied; else the positive errno it was refused with
 * @target:   the guest's domid, or XTRAIL_CTL_ALL
 * @text_len: bytes of text that follow the body, no NUL (<=
 *            XTRAIL_CTL_TEXT_MAX); printable ASCII, what was asked, as
 *            the command names it ("events=exec,fork ignore-uid=1000")
 * @flags:    XTRAIL_CTL_*
 * @instance: the module's instance: drawn at random when it loads, the
 *            same in all its records; a new one means the module was
 *            unloaded and loaded again (the unload itself cannot be
 *            logged: the module cannot go while xtraild reads it, and
 *            xtraild's STREAM_JUMP record marks the new stream)
 */
struct xtrail_control {
	__le32 action;
	__le32 result;
	__le32 target;
	__le16 text_len;
	__le16 flags;
	__le64 instance;
};

_Static_assert(sizeof(struct xtrail_control) == 24, "control body size");

/*
 * VM identity (dom0). A domid names a VM only while it runs: Xen gives it
 * to another VM once this one is destroyed. dom0 records what names the
 * VM for good, read from the parts of xenstore only dom0 can write (the
 * toolstack creates them; the guest can read, not write, them):
 *   /local/domain/<domid>/vm    "/vm/<uuid>": the VM's UUID, 36 characters
 *   /local/domain/<domid>/name  the VM's name given by the toolstack
 *   /local/domain/0/backend/vif/<domid>/<devid>/mac, ip
 *                               each virtual NIC's MAC, and its IP
 *                               addresses when the toolstack set them
 * and never from the guest's own tree (/local/domain/<domid>/device/...,
 * data/..., which the guest writes). libxl makes /local/domain/<domid>
 * dom0's with read access for the guest ("n0,r<domid>", which name and vm
 * inherit) and a backend's directory the backend domain's; the lab
 * (vm-reuse) shows the guest's root refused by xenstore on name, vm and a
 * NIC's mac and ip, and able to write its own data/. Every value is read once, bounded
 * and checked: a value that does not parse sets a flag and is left out
 * (zeroed), never cut into shape.
 *
 * A VM_IDENTITY record is made when a guest connects, ahead of its
 * CONNECT record, and again whenever one of those values changes (a
 * rename, a NIC added or removed) while it is connected. The header's
 * domid is the guest's; readers attribute every record of that domid up
 * to its DISCONNECT to this identity.
 */
enum xtrail_vm_why {
	XTRAIL_VM_CONNECT	= 1,	/* the guest connects */
	XTRAIL_VM_CHANGE	= 2,	/* a value changed while connected */
};

#define XTRAIL_VM_NAME_MAX	64	/* name bytes kept, NUL padded */
#define XTRAIL_VM_NICS_MAX	8	/* NICs recorded */
#define XTRAIL_VM_IP_MAX	48	/* ip bytes kept, NUL padded */

/* VM identity flags */
#define XTRAIL_VM_UUID_BAD	0x0001	/* vm absent or not /vm/<uuid> */
#define XTRAIL_VM_NAME_BAD	0x0002	/* name absent, too long or not */
					/* printable ASCII: left out */
#define XTRAIL_VM_NICS_TRUNC	0x0004	/* more NICs than recorded */
#define XTRAIL_VM_FLAGS		0x0007

/* NIC flags */
#define XTRAIL_VM_NIC_MAC_BAD	0x0001	/* mac absent or not xx:xx:..: */
					/* left out (zero) */
#define XTRAIL_VM_NIC_IP_BAD	0x0002	/* ip too long or not made of */
					/* [0-9a-fA-F.:/ ]: left out */
#define XTRAIL_VM_NIC_FLAGS	0x0003

/**
 * struct xtrail_vm_nic - one virtual NIC of a VM, as dom0's backend knows it
 * @devid: the vif's device id (vif<domid>.<devid> in dom0)
 * @flags: XTRAIL_VM_NIC_*
 * @mac:   its MAC address
 * @pad:   zero
 * @ip:    the toolstack's ip value (addresses separated by blanks), NUL
 *         padded; empty when it set none
 */
struct xtrail_vm_nic {
	__le32 devid;
	__le32 flags;
	__u8 mac[6];
	__u8 pad[2];
	char ip[XTRAIL_VM_IP_MAX];
};

_Static_assert(sizeof(struct xtrail_vm_nic) == 64, "vm nic size");

/**
 * struct xtrail_vm_identity - body of XTRAIL_REC_VM_IDENTITY (dom0)
 * @why:   enum xtrail_vm_why
 * @flags: XTRAIL_VM_*
 * @nics:  entries of @nic in use (<= XTRAIL_VM_NICS_MAX), by devid
 * @pad:   zero
 * @uuid:  the VM's UUID, in the byte order it is written (RFC 4122)
 * @name:  the VM's name, printable ASCII, NUL padded
 * @nic:   its NICs; the entries past @nics are zero
 */
struct xtrail_vm_identity {
	__le32 why;
	__le32 flags;
	__le32 nics;
	__le32 pad;
	__u8 uuid[16];
	char name[XTRAIL_VM_NAME_MAX];
	struct xtrail_vm_nic nic[XTRAIL_VM_NICS_MAX];
};

_Static_assert(sizeof(struct xtrail_vm_identity) == 608,
	       "vm identity body size");

/*
 * Flows (dom0): what a guest's virtual NICs carried, seen by dom0's own
 * kernel, not by the guest (the template's P4). A flow is one 5-tuple
 * (family, protocol, addresses, ports) on one vif, both directions; its
 * initiator is the side that sent the first packet dom0 saw. The guest is
 * named by the vif the packets crossed (its backend's xenbus device),
 * never by anything in a packet. dom0 keeps a bounded table of flows per
 * guest and writes:
 *   START   at a flow's first packet (a lone SYN is on record)
 *   UPDATE  every update period while the flow lasts
 *   END     TCP: RST, or FIN seen both ways
 *   IDLE    no packet for the idle timeout
 *   FLUSH   the table let the flow go: the guest's vif went away, the
 *           module unloads, or observation was switched off
 * Counters in UPDATE, END, IDLE and FLUSH are totals since START. A new
 * flow that finds the guest's table full is not tracked: it is counted,
 * and a FLOW_LOST record reports the counts (see below). What is observed
 * is set by the control plane (flow classes and ports).
 */
enum xtrail_flow_event {
	XTRAIL_FLOW_START	= 1,
	XTRAIL_FLOW_UPDATE	= 2,
	XTRAIL_FLOW_END		= 3,
	XTRAIL_FLOW_IDLE	= 4,
	XTRAIL_FLOW_FLUSH	= 5,
	XTRAIL_FLOW_EVENT_MAX	= 5,
};

/* Flow flags */
#define XTRAIL_FLOW_FROM_GUEST	0x0001	/* the guest sent the first packet */
#define XTRAIL_FLOW_FLAGS	0x0001

/**
 * struct xtrail_flow - body of XTRAIL_REC_FLOW (dom0)
 * @event:     enum xtrail_flow_event
 * @flags:     XTRAIL_FLOW_*
 * @vif:       the vif's device id (the guest's NIC, as in VM_IDENTITY)
 * @family:    AF_INET or AF_INET6
 * @protocol:  IPPROTO_TCP or IPPROTO_UDP
 * @pad0:      zero
 * @sport:     the initiator's port, host order
 * @dport:     the responder's port, host order
 * @tcp_fwd:   TCP flags seen from initiator to responder (OR of them)
 * @tcp_rev:   ... and back
 * @pad1:      zero
 * @flow_id:   the flow's number: the same in all its records, unique per
 *             guest and module instance
 * @first_ns:  dom0's clock (as a header's ts_ns) at its first packet
 * @last_ns:   ... at its last packet so far
 * @pkts_fwd:  packets from initiator to responder (IP packets, as IPFIX's
 *             packetDeltaCount summed since START)
 * @bytes_fwd: their bytes, IP header included (octetDeltaCount)
 * @pkts_rev:  packets back
 * @bytes_rev: their bytes
 * @saddr:     initiator's address (IPv4 in the first 4 bytes), network
 *             order
 * @daddr:     responder's address
 *
 * The header is dom0's: domid the guest whose vif carried it, no task
 * fields (XTRAIL_RF_NO_TASK).
 */
struct xtrail_flow {
	__le32 event;
	__le32 flags;
	__le32 vif;
	__le16 family;
	__u8 protocol;
	__u8 pad0;
	__le16 sport;
	__le16 dport;
	__u8 tcp_fwd;
	__u8 tcp_rev;
	__le16 pad1;
	__le64 flow_id;
	__le64 first_ns;
	__le64 last_ns;
	__le64 pkts_fwd;
	__le64 bytes_fwd;
	__le64 pkts_rev;
	__le64 bytes_rev;
	__u8 saddr[16];
	__u8 daddr[16];
};

_Static_assert(sizeof(struct xtrail_flow) == 112, "flow body size");

/**
 * struct xtrail_flow_lost - body of XTRAIL_REC_FLOW_LOST (dom0): flows a
 * guest's table had no room for
 * @count:    new flows not tracked since the previous FLOW_LOST of this
 *            guest (the first: since the vif appeared)
 * @total:    ... since the module loaded, @count included
 * @packets:  packets of untracked flows since the previous FLOW_LOST
 * @first_ns: dom0's clock when the first of @count was not tracked
 * @last_ns:  ... and the last
 * @cap:      the guest's table size (flows)
 * @in_use:   flows in the table when this record was made
 *
 * Made at most once a second per guest while flows are being turned away,
 * and when the guest's table goes away with a count not yet reported.
 */
struct xtrail_flow_lost {
	__le64 count;
	__le64 total;
	__le64 packets;
	__le64 first_ns;
	__le64 last_ns;
	__le32 cap;
	__le32 in_use;
};

_Static_assert(sizeof(struct xtrail_flow_lost) == 48, "flow lost body size");

enum xtrail_jump_kind {
	XTRAIL_JUMP_START	= 1,	/* no stream before in this log */
	XTRAIL_JUMP_NEW		= 2,	/* another stream: the module was */
					/* loaded again */
	XTRAIL_JUMP_SKIP	= 3,	/* the same stream, numbers skipped: */
					/* acknowledged by another reader */
	XTRAIL_JUMP_BACK	= 4,	/* the log holds fewer records than */
					/* the mapping said (they were lost) */
};

/**
 * struct xtrail_stream_jump - body of XTRAIL_REC_STREAM_JUMP (xtraild):
 * the kernel's stream did not go on where the log left it
 * @kind:         enum xtrail_jump_kind
 * @pad:          zero
 * @old_stream:   the stream the log held before (0: none)
 * @old_next:     the number of that stream the log expected next
 * @new_stream:   the stream the next record comes from
 * @new_seq:      its number in that stream
 * @missing:      records of the stream the log never got: new_seq -
 *                old_next (SKIP), new_seq (START, NEW: the stream's
 *                records before it), 0 (BACK)
 *
 * xtraild writes one into F3 ahead of the first record after a jump. Its
 * header: type, len, domid 0, uid, euid, pid... of xtraild, comm
 * "xtraild", and the time fields (flags, ts_ns, recv_ns) of the record
 * that follows, so that the log's order stays the stream's.
 */
struct xtrail_stream_jump {
	__le32 kind;
	__le32 pad;
	__le64 old_stream;
	__le64 old_next;
	__le64 new_stream;
	__le64 new_seq;
	__le64 missing;
};

_Static_assert(sizeof(struct xtrail_stream_jump) == 48,
	       "stream jump body size");

/**
 * struct xtrail_stream_end - body of XTRAIL_REC_STREAM_END (xtraild): it
 * stops reading the stream, cleanly (a crash leaves none)
 * @stream:  the stream it read
 * @next:    the number of the first record of it the log does not hold
 * @signal:  the signal that stopped xtraild (0: none)
 * @pad:     zero
 *
 * The last record of a run of xtraild, after every record it read. The
 * next run goes on at @next of the same stream, or a STREAM_JUMP record
 * says why not (the module was unloaded and loaded again: a new stream,
 * and a CONTROL record LOAD with a new instance). The header is as
 * STREAM_JUMP's, with the time fields of the last record read.
 */
struct xtrail_stream_end {
	__le64 stream;
	__le64 next;
	__le32 signal;
	__le32 pad;
};

_Static_assert(sizeof(struct xtrail_stream_end) == 24,
	       "stream end body size");

/*
 * Exec digest flags. The digest is that of the file the kernel loaded for
 * an exec (bprm->file: the exe of the EXEC record; for a #! script, its
 * interpreter).
 * XTRAIL_DIGEST_CACHED:  taken from the guest's cache: a file of the same
 *                        device, inode, i_version, ctime and size was
 *                        hashed before (made in the exec's own context)
 * XTRAIL_DIGEST_PARTIAL: the file is larger than the guest module's
 *                        digest_max: @sha256 is that of its first @hashed
 *                        bytes
 * XTRAIL_DIGEST_BUSY:    not hashed: every slot of the guest's queue of
 *                        files to hash was taken (an exec storm)
 * XTRAIL_DIGEST_ERROR:   not hashed: the file could not be read
 * XTRAIL_DIGEST_CHANGED: the file changed (or shrank) between the exec and
 *                        its hashing: @sha256 is of what was read then, and
 *                        may not be what ran
 * BUSY and ERROR exclude each other and every other flag, and leave
 * @hashed and @sha256 zero.
 */
#define XTRAIL_DIGEST_CACHED	0x0001
#define XTRAIL_DIGEST_PARTIAL	0x0002
#define XTRAIL_DIGEST_BUSY	0x0004
#define XTRAIL_DIGEST_ERROR	0x0008
#define XTRAIL_DIGEST_CHANGED	0x0010
#define XTRAIL_DIGEST_FLAGS	0x001f
#define XTRAIL_SHA256_LEN	32

/**
 * struct xtrail_exec_digest - body of XTRAIL_REC_EXEC_DIGEST: the sha256
 * of an exec'd program's file, made after the exec
 * @exec_ts_ns: ts_ns of the EXEC record it belongs to: with the domain and
 *              the header's pid, the key that joins the two
 * @size:       the file's size at the exec, in bytes
 * @hashed:     bytes hashed: @size, or less with XTRAIL_DIGEST_PARTIAL (or
 *              XTRAIL_DIGEST_CHANGED); 0 with BUSY or ERROR
 * @flags:      XTRAIL_DIGEST_*
 * @pad:        zero
 * @sha256:     SHA-256 of the file's first @hashed bytes (zero with BUSY
 *              or ERROR)
 *
 * Made by the guest's module after the EXEC record, with the EXEC's header
 * (task fields, comm) but a time of its own: a cache hit in the exec's own
 * context right after the EXEC record; else a kernel worker reads the file
 * through the reference the exec's probe took and hashes it (the guest
 * module's digest, digest_max parameters), and commits the record then,
 * possibly after records of other tasks. One per EXEC record while digests
 * are on; none while they are off.
 */
struct xtrail_exec_digest {
	__le64 exec_ts_ns;
	__le64 size;
	__le64 hashed;
	__le32 flags;
	__le32 pad;
	__u8 sha256[XTRAIL_SHA256_LEN];
};

_Static_assert(sizeof(struct xtrail_exec_digest) == 64,
	       "exec digest body size");

#endif /* _XTRAIL_PROTO_H */
