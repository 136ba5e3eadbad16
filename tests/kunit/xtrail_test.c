// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for xtrail's kernel code that only runs in a kernel: the
 * probe-side encoder filling records from the current task, the guest's
 * producer ring, and dom0's consumer over a ring the test allocates itself
 * (well-behaved, full, and hostile).
 *
 * The module sources are compiled into this file, so the tests exercise the
 * very code the modules run, statics included.
 */
#include "kunit_oot.h"
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/sched.h>
#include <linux/cred.h>
#include <linux/net.h>
#include <net/net_namespace.h>
#include <net/tcp_states.h>

#include <linux/binfmts.h>

#include "../../common/clock.c"
#include "../../common/argv0.c"
#include "../../common/record.c"
#include "../../domu-module/ring.c"
#include "../../dom0-module/consumer.c"

#define T_ORDER XTRAIL_RING_ORDER_MIN

/* ---- the encoder ---------------------------------------------------------- */

/*
 * An exec of @name (no interpreter, no file) by the current task, encoded
 * by the probe's encoder; returns the record's length.
 */
static u32 xt_exec(void *rec, const char *name, const void __user *argv,
		   unsigned long argv_size, int argc)
{
	struct linux_binprm b = {
		.filename = name, .interp = name, .argc = argc,
	};

	return xtrail_exec_encode(rec, &b, task_pid_nr(current), argv,
				  argv_size, XTRAIL_ARGV_MAX);
}

static void xt_hdr_current_test(struct kunit *test)
{
	struct xtrail_rec_hdr *h = kunit_kzalloc(test, XTRAIL_REC_MAX,
						 GFP_KERNEL);
	u16 flags = 0;
	u64 before, after;
	int cpu;

	KUNIT_ASSERT_NOT_NULL(test, h);
	memset(h, 0xa5, sizeof(*h));
	preempt_disable();
	before = xtrail_clock_ns(&flags);
	xtrail_hdr_fill_current(h);
	after = xtrail_clock_ns(&flags);
	cpu = smp_processor_id();
	preempt_enable();

	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->pid), (u32)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->tgid), (u32)task_tgid_nr(current));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->ppid),
			(u32)task_tgid_nr(current->real_parent));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->uid),
			from_kuid(&init_user_ns, current_uid()));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->euid),
			from_kuid(&init_user_ns, current_euid()));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->gid),
			from_kgid(&init_user_ns, current_gid()));
	/* A kernel thread never logged in: both audit ids are unset. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->loginuid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->sessionid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->vcpu), (u16)cpu);
	KUNIT_EXPECT_EQ(test, strncmp(h->comm, current->comm, sizeof(h->comm)),
			0);
	/* Fields the producer and dom0 own start at zero. */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(h->seq), 0ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(h->recv_ns), 0ull);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->domid), 0);
	KUNIT_EXPECT_GE(test, le64_to_cpu(h->ts_ns), before);
	KUNIT_EXPECT_LE(test, le64_to_cpu(h->ts_ns), after);
	KUNIT_EXPECT_EQ(test, !!(le16_to_cpu(h->flags) & XTRAIL_RF_TS_XEN),
			xtrail_clock_is_xen());
}

static void xt_exec_fault_test(struct kunit *test)
{
	void *rec = kunit_kzalloc(test, XTRAIL_REC_MAX, GFP_KERNEL);
	struct xtrail_exec *e = xtrail_exec_body(rec);
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	xtrail_hdr_fill_current(rec);
	/* A kernel thread has no user memory: the argv read must fault. */
	len = xt_exec(rec, "/usr/bin/mail", (const void __user *)0x10000, 40,
		      4);
	/* body version 2: the kthread's cwd is "/", no exe, no argv0 */
	KUNIT_EXPECT_EQ(test, len,
			xtrail_rec_align(XTRAIL_EXEC_V2_STR_OFF + 13 + 1));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(e->filename_len), 13);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)rec + XTRAIL_EXEC_V2_STR_OFF,
				     "/usr/bin/mail/", 14), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(xtrail_exec_v2_body(rec)->cwd_len),
			1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(xtrail_exec_v2_body(rec)->exe_len),
			0);
	KUNIT_EXPECT_EQ(test,
			le16_to_cpu(xtrail_exec_v2_body(rec)->argv0_len), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(e->flags),
			XTRAIL_EXEC_V2 | XTRAIL_EXEC_ARGV_FAULT);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(e->argv_len), 0u);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(e->argc), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(e->argc_total), 4u);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);
}

static void xt_exec_long_name_test(struct kunit *test)
{
	void *rec = kunit_kzalloc(test, XTRAIL_REC_MAX, GFP_KERNEL);
	char *name = kunit_kzalloc(test, 5001, GFP_KERNEL);
	struct xtrail_exec *e = xtrail_exec_body(rec);
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'a', 5000);
	xtrail_hdr_fill_current(rec);
	len = xt_exec(rec, name, NULL, 0, 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(e->filename_len), XTRAIL_PATH_MAX);
	KUNIT_EXPECT_TRUE(test, le32_to_cpu(e->flags) &
			  XTRAIL_EXEC_FILENAME_TRUNC);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);
}

/*
 * argv0.c's table: an argv[0] is taken once, by its task with its thread
 * id; a failed exec (drop) or an unreadable argv at the entry forgets it;
 * a full table gives its slots over in turn.
 */
static void xt_argv0_test(struct kunit *test)
{
	struct xtrail_argv0_slot *slot;
	pid_t pid = task_pid_nr(current);
	struct pt_regs regs = {};
	char buf[XTRAIL_ARGV0_MAX];
	unsigned int i;
	bool trunc;

	memset(xtrail_argv0_tab, 0, sizeof(xtrail_argv0_tab));
	xtrail_argv0_next = 0;
	KUNIT_EXPECT_EQ(test, xtrail_argv0_take(buf, pid, &trunc), 0u);
	/* Every slot another task's: the first goes, then the second. */
	for (i = 0; i < XTRAIL_ARGV0_SLOTS; i++)
		xtrail_argv0_tab[i].task = (void *)(unsigned long)(i + 1);
	spin_lock(&xtrail_argv0_lock);
	KUNIT_EXPECT_PTR_EQ(test, xtrail_argv0_free(), &xtrail_argv0_tab[0]);
	KUNIT_EXPECT_PTR_EQ(test, xtrail_argv0_free(), &xtrail_argv0_tab[1]);
	spin_unlock(&xtrail_argv0_lock);
	slot = &xtrail_argv0_tab[1];
	slot->task = current;
	slot->pid = pid;
	slot->len = 3;
	slot->trunc = true;
	memcpy(slot->s, "abc", 3);
	/* Another thread id (not this exec's): nothing, and forgotten. */
	KUNIT_EXPECT_EQ(test, xtrail_argv0_take(buf, pid + 1, &trunc), 0u);
	KUNIT_EXPECT_NULL(test, slot->task);
	slot->task = current;
	KUNIT_EXPECT_EQ(test, xtrail_argv0_take(buf, pid, &trunc), 3u);
	KUNIT_EXPECT_TRUE(test, trunc);
	KUNIT_EXPECT_EQ(test, memcmp(buf, "abc", 3), 0);
	KUNIT_EXPECT_EQ(test, xtrail_argv0_take(buf, pid, &trunc), 0u);
	/* A failed exec's exit forgets it. */
	slot->task = current;
	xtrail_argv0_drop();
	KUNIT_EXPECT_NULL(test, slot->task);
	/* An entry whose argv cannot be read (NULL) forgets an earlier one. */
	slot->task = current;
	xtrail_argv0_enter(&regs, false);
	KUNIT_EXPECT_NULL(test, slot->task);
	memset(xtrail_argv0_tab, 0, sizeof(xtrail_argv0_tab));
}

/*
 * A TCP state change of a socket owned by uid 4321: in softirq the header
 * names that owner and no task; in task context, the task. Both carry
 * the socket's inode number and owner in the body (version 2).
 */
static void xt_net_state_test(struct kunit *test)
{
	struct xtrail_rec_hdr *h = kunit_kzalloc(test, XTRAIL_REC_MAX,
						 GFP_KERNEL);
	struct xtrail_net *n = (struct xtrail_net *)(h + 1);
	const char zero[XTRAIL_COMM_LEN] = {};
	struct socket *sock;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_EQ(test, sock_create_kern(&init_net, AF_INET, SOCK_STREAM,
					       IPPROTO_TCP, &sock), 0);
	sock->sk->sk_uid = make_kuid(&init_user_ns, 4321);

	xtrail_hdr_fill_current(h);
	len = xtrail_net_state_encode(h, sock->sk, TCP_FIN_WAIT2, TCP_CLOSE,
				      true);
	KUNIT_EXPECT_EQ(test, len, (u32)(sizeof(*h) + sizeof(*n)));
	KUNIT_EXPECT_EQ(test, xtrail_rec_check((u8 *)h, len, 1), XTRAIL_OK);
	KUNIT_EXPECT_TRUE(test, le16_to_cpu(h->flags) & XTRAIL_RF_NO_TASK);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->pid), 0u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->tgid), 0u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->ppid), 0u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->uid), 4321u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->euid), 4321u);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->gid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->egid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->loginuid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->sessionid), 0xffffffffu);
	KUNIT_EXPECT_EQ(test, memcmp(h->comm, zero, sizeof(zero)), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n->kind), (u32)XTRAIL_NET_STATE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n->old_state), (u32)TCP_FIN_WAIT2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n->new_state), (u32)TCP_CLOSE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n->sock_uid), 4321u);
	KUNIT_EXPECT_NE(test, le64_to_cpu(n->sock_ino), 0ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(n->sock_ino),
			(u64)SOCK_INODE(sock)->i_ino);
	KUNIT_EXPECT_EQ(test, n->pad, 0u);

	xtrail_hdr_fill_current(h);
	len = xtrail_net_state_encode(h, sock->sk, TCP_CLOSE, TCP_SYN_SENT,
				      false);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check((u8 *)h, len, 1), XTRAIL_OK);
	KUNIT_EXPECT_FALSE(test, le16_to_cpu(h->flags) & XTRAIL_RF_NO_TASK);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->pid), (u32)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->uid),
			from_kuid(&init_user_ns, current_uid()));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(n->sock_uid), 4321u);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(n->sock_ino),
			(u64)SOCK_INODE(sock)->i_ino);
	sock_release(sock);
}

static void xt_fork_exit_test(struct kunit *test)
{
	void *rec = kunit_kzalloc(test, XTRAIL_REC_MAX, GFP_KERNEL);
	struct xtrail_fork *f = (void *)((u8 *)rec +
					 sizeof(struct xtrail_rec_hdr));
	struct xtrail_exit *e = (void *)f;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	xtrail_hdr_fill_current(rec);
	/* As if the current task had just been forked from itself. */
	len = xtrail_fork_encode(rec, current);
	KUNIT_EXPECT_EQ(test, len, (u32)(sizeof(struct xtrail_rec_hdr) +
					 sizeof(*f)));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(f->child_pid),
			(u32)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(f->flags),
			thread_group_leader(current) ? 0u :
			XTRAIL_FORK_THREAD);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);

	xtrail_hdr_fill_current(rec);
	len = xtrail_exit_encode(rec, current);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(e->code), (u32)current->exit_code);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(((struct xtrail_rec_hdr *)rec)->type),
			XTRAIL_REC_EXIT);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);
}

static void xt_syscall_test(struct kunit *test)
{
	void *rec = kunit_kzalloc(test, XTRAIL_REC_MAX, GFP_KERNEL);
	struct pt_regs *regs = kunit_kzalloc(test, sizeof(*regs), GFP_KERNEL);
	struct xtrail_syscall *sc = (void *)((u8 *)rec +
					     sizeof(struct xtrail_rec_hdr));
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, regs);
	/* setresuid(1000, 1001, 1002) as the x86-64 entry code saves it. */
	regs->orig_ax = __NR_setresuid;
	regs->di = 1000;
	regs->si = 1001;
	regs->dx = 1002;
	regs->r10 = 4;
	regs->r8 = 5;
	regs->r9 = 6;
	xtrail_hdr_fill_current(rec);
	len = xtrail_syscall_encode(rec, regs, -EPERM);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(sc->nr), (u32)__NR_setresuid);
	KUNIT_EXPECT_EQ(test, (s64)le64_to_cpu(sc->ret), (s64)-EPERM);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sc->args[0]), 1000ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sc->args[2]), 1002ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sc->args[3]), 4ull);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(sc->args[5]), 6ull);
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);
}

/* ---- producer and consumer on a ring the test owns -------------------------- */

struct xt_ring {
	struct xtrail_ring_intf *intf;
	void *data;
	struct xtrail_consumer c;
	u64 next_seq;		/* expected seq of the next delivery */
	unsigned int got;	/* records delivered */
	unsigned int lost_recs;
	u64 lost;		/* sum of LOST counts */
	int refuse;		/* deliver returns -ENOSPC */
	unsigned int refill;	/* deliveries that produce one more record */
	struct kunit *test;
};

static void xt_produce(unsigned int n);

static struct xt_ring *xt_ring_of(struct xtrail_consumer *c)
{
	return container_of(c, struct xt_ring, c);
}

static int xt_deliver(struct xtrail_consumer *c, void *rec, u32 len)
{
	struct xt_ring *r = xt_ring_of(c);
	struct xtrail_rec_hdr *h = rec;
	struct kunit *test = r->test;

	if (r->refuse)
		return -ENOSPC;
	KUNIT_EXPECT_EQ(test, xtrail_rec_check(rec, len, 1), XTRAIL_OK);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->domid), 7);
	KUNIT_EXPECT_NE(test, le64_to_cpu(h->recv_ns), 0ull);
	if (le16_to_cpu(h->type) == XTRAIL_REC_LOST) {
		struct xtrail_lost *l = (struct xtrail_lost *)(h + 1);

		/* The dropped records took the numbers up to the LOST one. */
		KUNIT_EXPECT_EQ(test, le64_to_cpu(l->first_seq), r->next_seq);
		KUNIT_EXPECT_EQ(test, le64_to_cpu(h->seq),
				le64_to_cpu(l->last_seq) + 1);
		r->lost += le64_to_cpu(l->count);
		r->lost_recs++;
	} else {
		KUNIT_EXPECT_EQ(test, le64_to_cpu(h->seq), r->next_seq);
	}
	r->next_seq = le64_to_cpu(h->seq) + 1;
	r->got++;
	/* A guest that keeps writing while dom0 reads. */
	if (r->refill) {
		r->refill--;
		xt_produce(50);
	}
	return 0;
}

static struct xt_ring *xt_ring_new(struct kunit *test)
{
	struct xt_ring *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->test = test;
	r->intf = kunit_kzalloc(test, XTRAIL_PAGE_SIZE, GFP_KERNEL);
	r->data = vzalloc(xtrail_ring_size(T_ORDER));
	KUNIT_ASSERT_NOT_NULL(test, r->intf);
	KUNIT_ASSERT_NOT_NULL(test, r->data);
	r->intf->magic = cpu_to_le32(XTRAIL_RING_MAGIC);

	/* The producer's state is module-global: start it afresh. */
	KUNIT_ASSERT_EQ(test, xtrail_ring_init(1), 0);
	xtrail_ring_attach(0, r->intf, r->data, T_ORDER, 0);
	KUNIT_ASSERT_EQ(test, xtrail_consumer_init(&r->c, r->intf, r->data,
						   T_ORDER, 7, 0, 1, xt_deliver),
			0);
	return r;
}

static void xt_ring_free(struct xt_ring *r)
{
	xtrail_ring_uninit();
	xtrail_consumer_uninit(&r->c);
	vfree(r->data);
}

/* Produce one exec record whose filename is @n bytes long. */
static void xt_produce(unsigned int n)
{
	static u8 rec[XTRAIL_REC_MAX];
	static char name[300];

	memset(name, 'f', sizeof(name) - 1);
	name[min_t(unsigned int, n, sizeof(name) - 1)] = 0;
	xtrail_hdr_fill_current((struct xtrail_rec_hdr *)rec);
	xtrail_ring_commit(rec, xt_exec(rec, name, NULL, 0, 1));
}

static void xt_roundtrip_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	struct xtrail_prod_stats st;
	unsigned int i, want = 0;
	int ret;

	/* ~200 KiB through a 32 KiB ring: it wraps several times. */
	for (i = 0; i < 1000; i++) {
		xt_produce(i % 251);
		want++;
		if (i % 7 == 6) {
			ret = xtrail_consume(&r->c, UINT_MAX);
			KUNIT_ASSERT_GE(test, ret, 0);
		}
	}
	KUNIT_ASSERT_GE(test, xtrail_consume(&r->c, UINT_MAX), 0);
	xtrail_ring_stats(&st);
	KUNIT_EXPECT_EQ(test, r->got, want);
	KUNIT_EXPECT_EQ(test, st.lost, 0ull);
	KUNIT_EXPECT_EQ(test, st.generated, (u64)want);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->intf->cons),
			le32_to_cpu(r->intf->prod));
	KUNIT_EXPECT_EQ(test, r->c.records, (u64)want);
	/* The consumer asked to be woken when a quarter has filled. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->intf->cons_event),
			le32_to_cpu(r->intf->cons) +
			xtrail_ring_size(T_ORDER) / 4);
	KUNIT_EXPECT_GT(test, le32_to_cpu(r->intf->prod),
			xtrail_ring_size(T_ORDER) * 4);
	xt_ring_free(r);
}

static void xt_loss_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	struct xtrail_prod_stats st;
	unsigned int i;

	/* Nobody consumes: the ring fills and records are dropped. */
	for (i = 0; i < 2000; i++)
		xt_produce(100);
	xtrail_ring_stats(&st);
	KUNIT_EXPECT_GT(test, st.lost, 0ull);
	KUNIT_ASSERT_GE(test, xtrail_consume(&r->c, UINT_MAX), 0);
	KUNIT_EXPECT_EQ(test, r->lost_recs, 0u);

	/* Space is back: the next record is preceded by a LOST record. */
	xt_produce(10);
	KUNIT_ASSERT_GE(test, xtrail_consume(&r->c, UINT_MAX), 0);
	xtrail_ring_stats(&st);
	KUNIT_EXPECT_EQ(test, r->lost_recs, 1u);
	KUNIT_EXPECT_EQ(test, r->lost, st.lost);
	/* delivered + lost == generated, LOST records aside. */
	KUNIT_EXPECT_EQ(test, r->got - r->lost_recs + r->lost, st.generated);
	KUNIT_EXPECT_EQ(test, st.generated, 2001ull);
	xt_ring_free(r);
}

/*
 * dom0 lets go of a ring with records it did not take (a LOST record among
 * them) and the guest reconnects with a new ring: the first LOST record of
 * the new ring reports them, from the first number dom0 did not see, with
 * the drops while disconnected; the counters add up as if they had never
 * been written.
 */
static void xt_detach_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	struct xtrail_ring_intf *intf2;
	struct xtrail_prod_stats st;
	void *data2;
	unsigned int i;

	for (i = 0; i < 10; i++)
		xt_produce(10);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, 4), -EAGAIN);
	/* Fill the ring, drops pending, then a LOST record and one more. */
	for (i = 0; i < 2000; i++)
		xt_produce(100);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, 10), -EAGAIN);
	xt_produce(10);
	xt_produce(10);
	xtrail_ring_stats(&st);
	KUNIT_EXPECT_EQ(test, st.generated, 2012ull);
	/* dom0 is gone; the guest detaches, and drops 5 more meanwhile. */
	xtrail_ring_detach(0);
	for (i = 0; i < 5; i++)
		xt_produce(10);

	intf2 = kunit_kzalloc(test, XTRAIL_PAGE_SIZE, GFP_KERNEL);
	data2 = vzalloc(xtrail_ring_size(T_ORDER));
	KUNIT_ASSERT_NOT_NULL(test, intf2);
	KUNIT_ASSERT_NOT_NULL(test, data2);
	intf2->magic = cpu_to_le32(XTRAIL_RING_MAGIC);
	xtrail_ring_attach(0, intf2, data2, T_ORDER, 0);
	xtrail_consumer_uninit(&r->c);
	KUNIT_ASSERT_EQ(test, xtrail_consumer_init(&r->c, intf2, data2, T_ORDER,
						   7, 0, 1, xt_deliver), 0);
	r->lost_recs = 0;
	r->lost = 0;
	xt_produce(10);
	/* xt_deliver checks that the LOST record starts where dom0 stopped. */
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), 2);
	KUNIT_EXPECT_EQ(test, r->lost_recs, 1u);
	xtrail_ring_stats(&st);
	KUNIT_EXPECT_EQ(test, st.generated, 2018ull);
	/* Delivered: 14 then 1, no LOST record among them; all else lost. */
	KUNIT_EXPECT_EQ(test, st.lost, 2018ull - 15);
	KUNIT_EXPECT_EQ(test, r->lost, st.lost);
	KUNIT_EXPECT_EQ(test, st.written, (u64)r->got);
	xt_ring_free(r);
	vfree(data2);
}

static void xt_backpressure_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	u32 cons;

	xt_produce(5);
	xt_produce(6);
	r->refuse = 1;
	cons = le32_to_cpu(r->intf->cons);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), -ENOSPC);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->intf->cons), cons);
	r->refuse = 0;
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), 2);
	KUNIT_EXPECT_EQ(test, r->got, 2u);
	xt_ring_free(r);
}

static void xt_budget_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	int i;

	for (i = 0; i < 10; i++)
		xt_produce(1);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, 4), -EAGAIN);
	KUNIT_EXPECT_EQ(test, r->got, 4u);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, 100), 6);
	xt_ring_free(r);
}

/*
 * A guest that writes as fast as dom0 reads: one call reads prod a bounded
 * number of times, so it returns with records left (-EAGAIN) instead of
 * following the guest for as long as it likes.
 */
static void xt_passes_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	unsigned int per_pass = xtrail_ring_size(T_ORDER) /
				sizeof(struct xtrail_rec_hdr);

	xt_produce(50);
	r->refill = 20000;
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), -EAGAIN);
	KUNIT_EXPECT_LE(test, r->got, XTRAIL_CONSUME_PASSES * per_pass);
	KUNIT_EXPECT_GT(test, r->refill, 0u);
	xt_ring_free(r);
}

/*
 * The drain at disconnect takes what was published when it began, and
 * nothing the guest writes meanwhile: a ring's worth at most.
 */
static void xt_drain_bound_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);
	unsigned int i;

	for (i = 0; i < 10; i++)
		xt_produce(50);
	r->refill = 20000;
	KUNIT_EXPECT_EQ(test, xtrail_consume_drain(&r->c), -EAGAIN);
	KUNIT_EXPECT_EQ(test, r->got, 10u);
	KUNIT_EXPECT_EQ(test, r->refill, 20000u - 10);
	/* Nothing more written: the drain empties the ring and says so. */
	r->refill = 0;
	KUNIT_EXPECT_EQ(test, xtrail_consume_drain(&r->c), 10);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(r->intf->cons),
			le32_to_cpu(r->intf->prod));
	xt_ring_free(r);
}

/* ---- a hostile guest ------------------------------------------------------- */

/* Write @len raw bytes into the ring at prod and publish them. */
static void xt_hostile_put(struct xt_ring *r, const void *buf, u32 len,
			   u32 publish)
{
	u32 prod = le32_to_cpu(r->intf->prod);

	xtrail_ring_write(r->data, xtrail_ring_size(T_ORDER), prod, buf, len);
	r->intf->prod = cpu_to_le32(prod + publish);
}

static void xt_expect_violation(struct kunit *test, struct xt_ring *r,
				unsigned int verdict)
{
	u32 cons = r->c.cons;

	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), -EPROTO);
	KUNIT_EXPECT_EQ(test, r->c.bad, verdict);
	KUNIT_EXPECT_EQ(test, r->c.cons, cons);
	KUNIT_EXPECT_EQ(test, r->got, 0u);
	/* A stopped ring stays stopped. */
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), -EPROTO);
}

/* A valid record, built in @rec by the real encoder; returns its length. */
static u32 xt_valid(void *rec)
{
	memset(rec, 0, XTRAIL_REC_MAX);
	xtrail_hdr_fill_current(rec);
	return xt_exec(rec, "/bin/true", NULL, 0, 1);
}

static void xt_hostile_index_test(struct kunit *test)
{
	struct xt_ring *r = xt_ring_new(test);

	r->intf->prod = cpu_to_le32(xtrail_ring_size(T_ORDER) + 8);
	xt_expect_violation(test, r, XTRAIL_BAD_INDEX);
	xt_ring_free(r);

	r = xt_ring_new(test);
	r->intf->prod = cpu_to_le32(12);	/* unaligned */
	xt_expect_violation(test, r, XTRAIL_BAD_INDEX);
	xt_ring_free(r);

	r = xt_ring_new(test);
	r->intf->prod = cpu_to_le32(-8);	/* behind the consumer */
	xt_expect_violation(test, r, XTRAIL_BAD_INDEX);
	xt_ring_free(r);

	/* An unaligned starting cons, published by the guest. */
	r = xt_ring_new(test);
	xtrail_consumer_uninit(&r->c);
	r->intf->cons = cpu_to_le32(4);
	r->intf->prod = cpu_to_le32(4);
	KUNIT_ASSERT_EQ(test, xtrail_consumer_init(&r->c, r->intf, r->data,
						   T_ORDER, 7, 0, 1, xt_deliver),
			0);
	xt_expect_violation(test, r, XTRAIL_BAD_INDEX);
	xt_ring_free(r);
}

static void xt_hostile_len_test(struct kunit *test)
{
	static u8 rec[XTRAIL_REC_MAX];
	struct xtrail_rec_hdr *h = (void *)rec;
	static const u32 bad_lens[] = { 0, 8, 92, XTRAIL_REC_MAX + 8 };
	struct xt_ring *r;
	unsigned int i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(bad_lens); i++) {
		r = xt_ring_new(test);
		len = xt_valid(rec);
		h->len = cpu_to_le32(bad_lens[i]);
		xt_hostile_put(r, rec, len, len);
		xt_expect_violation(test, r, XTRAIL_BAD_LEN);
		xt_ring_free(r);
	}

	/* A record longer than what was published. */
	r = xt_ring_new(test);
	len = xt_valid(rec);
	xt_hostile_put(r, rec, len, len - 8);
	xt_expect_violation(test, r, XTRAIL_BAD_SHORT);
	xt_ring_free(r);

	/* Fewer bytes published than a header. */
	r = xt_ring_new(test);
	xt_hostile_put(r, rec, len, 16);
	xt_expect_violation(test, r, XTRAIL_BAD_SHORT);
	xt_ring_free(r);
}

static void xt_hostile_body_test(struct kunit *test)
{
	static u8 rec[XTRAIL_REC_MAX];
	struct xtrail_rec_hdr *h = (void *)rec;
	struct xtrail_exec *e = xtrail_exec_body(rec);
	struct xt_ring *r;
	u32 len;

	/* dom0-only record type from a guest. */
	r = xt_ring_new(test);
	len = xt_valid(rec);
	h->type = cpu_to_le16(XTRAIL_REC_CONNECT);
	xt_hostile_put(r, rec, len, len);
	xt_expect_violation(test, r, XTRAIL_BAD_TYPE);
	xt_ring_free(r);

	/* Filename length beyond the record. */
	r = xt_ring_new(test);
	len = xt_valid(rec);
	e->filename_len = cpu_to_le16(200);
	xt_hostile_put(r, rec, len, len);
	xt_expect_violation(test, r, XTRAIL_BAD_BODY);
	xt_ring_free(r);

	/* argc that does not match the argv area. */
	r = xt_ring_new(test);
	len = xt_valid(rec);
	e->argc = cpu_to_le16(3);
	xt_hostile_put(r, rec, len, len);
	xt_expect_violation(test, r, XTRAIL_BAD_STRING);
	xt_ring_free(r);

	/* Garbage in the padding. */
	r = xt_ring_new(test);
	len = xt_valid(rec);
	rec[len - 1] = 0x41;
	xt_hostile_put(r, rec, len, len);
	xt_expect_violation(test, r, XTRAIL_BAD_PADDING);
	xt_ring_free(r);
}

static void xt_hostile_ring_test(struct kunit *test)
{
	static u8 rec[XTRAIL_REC_MAX];
	struct xtrail_rec_hdr *h = (void *)rec;
	struct xt_ring *r = xt_ring_new(test);
	u32 len;

	/* Ring 0 of 2 carries even vCPUs only: vCPU 3's record is a lie. */
	r->c.nr_rings = 2;
	len = xt_valid(rec);
	h->vcpu = cpu_to_le16(3);
	xt_hostile_put(r, rec, len, len);
	xt_expect_violation(test, r, XTRAIL_BAD_RING);
	xt_ring_free(r);
}

static void xt_hostile_after_good_test(struct kunit *test)
{
	static u8 rec[XTRAIL_REC_MAX];
	struct xtrail_rec_hdr *h = (void *)rec;
	struct xt_ring *r = xt_ring_new(test);
	u32 len;

	/* Two good records, then garbage: the good ones are delivered. */
	xt_produce(3);
	xt_produce(4);
	len = xt_valid(rec);
	h->type = cpu_to_le16(0x77);
	xt_hostile_put(r, rec, len, len);
	KUNIT_EXPECT_EQ(test, xtrail_consume(&r->c, UINT_MAX), -EPROTO);
	KUNIT_EXPECT_EQ(test, r->c.bad, (unsigned int)XTRAIL_BAD_TYPE);
	KUNIT_EXPECT_EQ(test, r->got, 2u);
	KUNIT_EXPECT_EQ(test, r->c.records, 2ull);
	xt_ring_free(r);
}

/* The header's ids and comm: what from_kuid_munged(), strscpy_pad() give. */
static void xt_hdr_ids_comm_test(struct kunit *test)
{
	static const u32 ids[] = { 0, 1, 1000, 65534, 65535, 0x7fffffff,
				   0xfffffffe, 0xffffffff };
	static const char *const comms[] = {
		"", "a", "1234567", "12345678", "123456789", "123456789abcde",
		"123456789abcdef", "123456789abcdefXYZ",
	};
	char src[TASK_COMM_LEN], a[TASK_COMM_LEN], b[TASK_COMM_LEN];
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		KUNIT_EXPECT_EQ(test, xtrail_init_uid(KUIDT_INIT(ids[i])),
				(u32)from_kuid_munged(&init_user_ns,
						      KUIDT_INIT(ids[i])));
		KUNIT_EXPECT_EQ(test, xtrail_init_gid(KGIDT_INIT(ids[i])),
				(u32)from_kgid_munged(&init_user_ns,
						      KGIDT_INIT(ids[i])));
	}
	for (i = 0; i < ARRAY_SIZE(comms); i++) {
		/* Garbage after the NUL, as a comm written over may have. */
		memset(src, 'z', sizeof(src));
		memcpy(src, comms[i], min(strlen(comms[i]) + 1, sizeof(src)));
		for (j = 0; j < 2; j++) {
			memset(a, 0x5a, sizeof(a));
			memset(b, 0xa5, sizeof(b));
			xtrail_comm_copy(a, src);
			strscpy_pad(b, src, sizeof(b));
			KUNIT_EXPECT_EQ_MSG(test, memcmp(a, b, sizeof(a)), 0,
					    "comm \"%s\"", comms[i]);
			/* A NUL-padded source too. */
			strscpy_pad(src, comms[i], sizeof(src));
		}
	}
}

static struct kunit_case xt_encoder_cases[] = {
	KUNIT_CASE(xt_hdr_current_test),
	KUNIT_CASE(xt_hdr_ids_comm_test),
	KUNIT_CASE(xt_exec_fault_test),
	KUNIT_CASE(xt_exec_long_name_test),
	KUNIT_CASE(xt_argv0_test),
	KUNIT_CASE(xt_net_state_test),
	KUNIT_CASE(xt_fork_exit_test),
	KUNIT_CASE(xt_syscall_test),
	{}
};

static struct kunit_case xt_ring_cases[] = {
	KUNIT_CASE(xt_roundtrip_test),
	KUNIT_CASE(xt_loss_test),
	KUNIT_CASE(xt_detach_test),
	KUNIT_CASE(xt_backpressure_test),
	KUNIT_CASE(xt_budget_test),
	KUNIT_CASE(xt_passes_test),
	KUNIT_CASE(xt_drain_bound_test),
	{}
};

static struct kunit_case xt_hostile_cases[] = {
	KUNIT_CASE(xt_hostile_index_test),
	KUNIT_CASE(xt_hostile_len_test),
	KUNIT_CASE(xt_hostile_body_test),
	KUNIT_CASE(xt_hostile_ring_test),
	KUNIT_CASE(xt_hostile_after_good_test),
	{}
};

static int xt_suite_init(struct kunit_suite *suite)
{
	return xtrail_clock_init();
}

static struct kunit_suite xt_encoder_suite = {
	.name = "xtrail_encoder",
	.suite_init = xt_suite_init,
	.test_cases = xt_encoder_cases,
};

static struct kunit_suite xt_ring_suite = {
	.name = "xtrail_ring",
	.suite_init = xt_suite_init,
	.test_cases = xt_ring_cases,
};

static struct kunit_suite xt_hostile_suite = {
	.name = "xtrail_hostile_ring",
	.suite_init = xt_suite_init,
	.test_cases = xt_hostile_cases,
};

xtrail_kunit_test_suites(&xt_encoder_suite, &xt_ring_suite, &xt_hostile_suite);
