// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile guest, for the lab only: the real guest module (its ring code
 * is compiled into this file, so its state is at hand), plus a parameter
 * that breaks the ring protocol on demand, the way a guest that lies would:
 *
 *   echo index > /sys/module/xtrail_hostile/parameters/break
 *	publish a producer index beyond the ring
 *   echo length > ...	publish a record whose length is impossible
 *   echo type > ...	publish a record of a type only dom0 may make
 *			(committed like our own: numbered and counted, so
 *			that the accounting still holds; dropped when the
 *			ring is full, like any)
 *   echo flow > ...	the same with a well-formed FLOW record, as dom0
 *			makes them (no task, START of a flow from the
 *			guest, 10.99.0.2:40000 -> 10.99.0.1:25, TCP): a
 *			guest that would put traffic on dom0's record
 *   echo rewrite > ...	publish a valid FORK record in ring 0, then rewrite
 *			its padding (non-zero) after publishing it
 *   echo race > ...	a kthread publishes valid FORK records in ring 0 and
 *			flips each one's padding between zero and non-zero
 *			in a tight loop until dom0 has taken it, racing the
 *			consumer, until dom0 catches one (at most 30 s)
 *   echo storm > ...	a kthread notifies dom0's event channel in a tight
 *			loop for storm_ms
 *   echo gap > ...	skip 5 sequence numbers in ring 0 (no LOST record)
 *   echo gapflood > ...	a kthread publishes valid FORK records in ring 0,
 *			one every flood_us (0: as fast as dom0 takes them),
 *			each one after a skipped sequence number, until
 *			flood_ms after it began (writing 0 ends it): dom0
 *			makes a SEQ_GAP record per record
 *   echo silence > ...	stop sending heartbeats
 *   echo heartbeat > ...	send them again
 *   echo nonet > ...	record no NET record from now on: each is dropped
 *			before it is numbered or counted (submit.c), so the
 *			trail shows no LOST, no gap and no silence, and
 *			nothing says it was filtered; net_hidden counts them
 *   echo net > ...	record them again
 *
 * For index, length, type, flow, rewrite and race, dom0 must log a VIOLATION
 * naming the fault, disconnect this guest, and carry on. For gap and
 * silence it logs evidence (SEQ_GAP, HEARTBEAT_SILENCE) and keeps logging;
 * for gapflood too, within this guest's quota for such records (what does
 * not fit is counted in DOM0_LOST records), never another guest's.
 * For nonet dom0 sees nothing wrong in the ring: only its own FLOW records
 * show the guest's connections, which "xtrail attribute" then finds
 * without a guest record (unattributed).
 * For storm it must stay responsive: the lateeoi spurious flag throttles
 * the events.
 *
 * Why rewrite and race end the same way every time: dom0 validates and
 * uses only the private copy it takes of a record, once. Whatever bytes the
 * guest writes, and whenever, that copy is either the valid record (padding
 * zero: logged as such) or not (padding non-zero: a VIOLATION "non-zero
 * padding" at that record). The flipped field is an aligned 32-bit word,
 * which no copy can tear, and nothing dom0 uses is read from the shared
 * page a second time. rewrite with dom0 paused is always caught; race ends
 * caught after a few records, each taken one logged intact.
 *
 * The kthreads hold a reference on the module while they run: rmmod waits
 * for them to end.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/in.h>
#include <linux/socket.h>
#include <xen/events.h>

#include "../../../domu-module/ring.c"
#include "record.h"
#include "hostile.h"

#define HOSTILE_MARK	0x5ace	/* child pid of the hostile FORK records */
#define HOSTILE_FORK	(sizeof(struct xtrail_rec_hdr) + \
			 sizeof(struct xtrail_fork))
#define HOSTILE_RACE_S	30

struct hostile_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_fork f;
};

static unsigned int storm_ms = 5000;
module_param(storm_ms, uint, 0644);
MODULE_PARM_DESC(storm_ms, "how long a storm lasts (ms)");

static unsigned long storm_sent;
module_param(storm_sent, ulong, 0444);
MODULE_PARM_DESC(storm_sent, "notifications the last storm sent");

static unsigned int race_rounds;
module_param(race_rounds, uint, 0444);
MODULE_PARM_DESC(race_rounds, "records the last race published (the last one caught)");

static unsigned int flood_ms = 8000;
module_param(flood_ms, uint, 0644);
MODULE_PARM_DESC(flood_ms, "how long a gapflood lasts (ms)");

static unsigned int flood_us;
module_param(flood_us, uint, 0644);
MODULE_PARM_DESC(flood_us, "a gapflood's pause between records (us; 0: none)");

static unsigned long flood_sent;
module_param(flood_sent, ulong, 0444);
MODULE_PARM_DESC(flood_sent, "records the last gapflood published (each after a gap)");

static atomic_t hostile_busy = ATOMIC_INIT(0);

static void hostile_publish(struct xtrail_prod *p, const void *rec, u32 len,
			    u32 advance)
{
	xtrail_ring_write(p->data, p->size, p->prod, rec, len);
	p->prod += advance;
	/* The bytes before the index that covers them, as the real producer. */
	virt_wmb();
	WRITE_ONCE(p->intf->prod, cpu_to_le32(p->prod));
	notify_remote_via_evtchn(p->evtchn);
}

/* A valid FORK record for ring 0 from the current task. */
static void hostile_fork(void *rec)
{
	struct xtrail_rec_hdr *h = rec;
	struct xtrail_fork *f = (void *)(h + 1);

	memset(rec, 0, HOSTILE_FORK);
	xtrail_hdr_fill_current(h);
	h->len = cpu_to_le32(HOSTILE_FORK);
	h->type = cpu_to_le16(XTRAIL_REC_FORK);
	h->vcpu = 0;
	f->child_pid = cpu_to_le32(HOSTILE_MARK);
	f->child_tgid = cpu_to_le32(HOSTILE_MARK);
}

/*
 * Publish @rec in ring 0 as the real producer would, with the next
 * sequence number (lock held). Returns its stream index in *@at.
 */
static int hostile_commit(struct xtrail_prod *p, void *rec, u32 *at)
{
	struct xtrail_rec_hdr *h = rec;

	if (xtrail_ring_free_space(p, p->intf) < HOSTILE_FORK)
		return -ENOSPC;
	p->st.generated++;
	p->st.written++;
	p->st.bytes += HOSTILE_FORK;
	h->seq = cpu_to_le64(p->seq++);
	*at = p->prod;
	hostile_publish(p, rec, HOSTILE_FORK, HOSTILE_FORK);
	return 0;
}

/* The padding word of the FORK record at stream index @at, in the ring. */
static __le32 *hostile_pad(struct xtrail_prod *p, u32 at)
{
	u32 off = at + sizeof(struct xtrail_rec_hdr) +
		  offsetof(struct xtrail_fork, pad);

	return (__le32 *)((u8 *)p->data + (off & (p->size - 1)));
}

static int hostile_race(void *unused)
{
	struct xtrail_prod *p = &xtrail_rings[0];
	unsigned long deadline = jiffies + HOSTILE_RACE_S * HZ;
	struct hostile_rec rec;
	unsigned long flips = 0;
	bool caught = false;
	unsigned long flags;
	void *intf;
	u32 at, cons;
	int err;

	race_rounds = 0;
	hostile_fork(&rec);
	while (!caught && time_before(jiffies, deadline)) {
		raw_spin_lock_irqsave(&p->lock, flags);
		intf = p->intf;
		err = intf ? hostile_commit(p, &rec, &at) : -ENOTCONN;
		raw_spin_unlock_irqrestore(&p->lock, flags);
		if (err == -ENOTCONN)
			break;
		if (err) {
			msleep(20);
			continue;
		}
		race_rounds++;
		for (;;) {
			raw_spin_lock_irqsave(&p->lock, flags);
			if (p->intf != intf) {
				/* dom0 disconnected us: it caught one. */
				raw_spin_unlock_irqrestore(&p->lock, flags);
				caught = true;
				break;
			}
			cons = le32_to_cpu(READ_ONCE(p->intf->cons));
			if ((s32)(cons - (at + HOSTILE_FORK)) >= 0) {
				/* Taken; it no longer belongs to us to touch. */
				raw_spin_unlock_irqrestore(&p->lock, flags);
				break;
			}
			WRITE_ONCE(*hostile_pad(p, at),
				   flips++ & 1 ? cpu_to_le32(0xbad) : 0);
			raw_spin_unlock_irqrestore(&p->lock, flags);
			if (!(flips & 1023))
				cond_resched();
			if (time_after(jiffies, deadline))
				break;
		}
	}
	pr_info("race: %u records published, %lu rewrites, %s\n", race_rounds,
		flips, caught ? "caught by dom0" : "never caught");
	atomic_set(&hostile_busy, 0);
	module_put_and_kthread_exit(0);
}

static int hostile_storm(void *unused)
{
	struct xtrail_prod *p = &xtrail_rings[0];
	unsigned long end = jiffies + msecs_to_jiffies(READ_ONCE(storm_ms));
	unsigned long flags, n = 0;

	while (time_before(jiffies, end)) {
		raw_spin_lock_irqsave(&p->lock, flags);
		if (p->intf && p->evtchn) {
			notify_remote_via_evtchn(p->evtchn);
			n++;
		}
		raw_spin_unlock_irqrestore(&p->lock, flags);
		cond_resched();
	}
	storm_sent = n;
	pr_info("storm: %lu notifications in %u ms\n", n, storm_ms);
	atomic_set(&hostile_busy, 0);
	module_put_and_kthread_exit(0);
}

static int hostile_gapflood(void *unused)
{
	struct xtrail_prod *p = &xtrail_rings[0];
	unsigned long start = jiffies;
	struct hostile_rec rec;
	unsigned long flags, n = 0;
	unsigned int us;
	u32 at;
	int err;

	hostile_fork(&rec);
	while (time_before(jiffies,
			   start + msecs_to_jiffies(READ_ONCE(flood_ms)))) {
		raw_spin_lock_irqsave(&p->lock, flags);
		err = p->intf ? hostile_commit(p, &rec, &at) : -ENOTCONN;
		if (!err) {
			p->seq++;	/* the next one comes after a gap */
			n++;
		}
		raw_spin_unlock_irqrestore(&p->lock, flags);
		if (err == -ENOTCONN)
			break;
		us = READ_ONCE(flood_us);
		if (err)
			usleep_range(500, 1000);	/* ring full */
		else if (us)
			usleep_range(us, us + 100);
		else if (!(n & 63))
			cond_resched();
	}
	flood_sent = n;
	pr_info("gapflood: %lu records, each after a gap, in %u ms\n", n,
		jiffies_to_msecs(jiffies - start));
	atomic_set(&hostile_busy, 0);
	module_put_and_kthread_exit(0);
}

static int hostile_thread(int (*fn)(void *), const char *name)
{
	struct task_struct *t;

	if (atomic_cmpxchg(&hostile_busy, 0, 1))
		return -EBUSY;
	__module_get(THIS_MODULE);
	t = kthread_run(fn, NULL, "xtrail-%s", name);
	if (IS_ERR(t)) {
		module_put(THIS_MODULE);
		atomic_set(&hostile_busy, 0);
		return PTR_ERR(t);
	}
	return 0;
}

/*
 * A record of a type only dom0 may make, in ring 0, committed like any of
 * ours: numbered, counted, after the LOST record of pending drops.
 */
static int hostile_type(void)
{
	struct xtrail_rec_hdr h = {};

	if (!READ_ONCE(xtrail_rings[0].intf))
		return -ENOTCONN;
	h.len = cpu_to_le32(sizeof(h));
	h.type = cpu_to_le16(XTRAIL_REC_CONNECT);
	xtrail_ring_commit(&h, sizeof(h));
	return 0;
}

/*
 * A FLOW record as dom0 makes them, in ring 0, committed like
 * hostile_type()'s: only its type tells that it is not the guest's to make.
 */
static int hostile_flow(void)
{
	static const u8 guest[4] = { 10, 99, 0, 2 }, dom0[4] = { 10, 99, 0, 1 };
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_flow f;
	} r = {};

	if (!READ_ONCE(xtrail_rings[0].intf))
		return -ENOTCONN;
	r.h.len = cpu_to_le32(sizeof(r));
	r.h.type = cpu_to_le16(XTRAIL_REC_FLOW);
	r.h.flags = cpu_to_le16(XTRAIL_RF_NO_TASK);
	r.f.event = cpu_to_le32(XTRAIL_FLOW_START);
	r.f.flags = cpu_to_le32(XTRAIL_FLOW_FROM_GUEST);
	r.f.family = cpu_to_le16(AF_INET);
	r.f.protocol = IPPROTO_TCP;
	r.f.sport = cpu_to_le16(40000);
	r.f.dport = cpu_to_le16(25);
	r.f.tcp_fwd = 0x02;	/* SYN */
	r.f.pkts_fwd = cpu_to_le64(1);
	r.f.bytes_fwd = cpu_to_le64(60);
	memcpy(r.f.saddr, guest, sizeof(guest));
	memcpy(r.f.daddr, dom0, sizeof(dom0));
	xtrail_ring_commit(&r, sizeof(r));
	return 0;
}

/* Lies told with ring 0's lock held. */
static int hostile_lie(struct xtrail_prod *p, const char *val)
{
	struct xtrail_rec_hdr h = {};
	struct hostile_rec rec;
	u32 at;
	int ret;

	if (!p->intf)
		return -ENOTCONN;
	if (sysfs_streq(val, "index")) {
		p->prod += 2 * p->size;
		WRITE_ONCE(p->intf->prod, cpu_to_le32(p->prod));
		notify_remote_via_evtchn(p->evtchn);
	} else if (sysfs_streq(val, "length")) {
		h.len = cpu_to_le32(12);	/* shorter than a header */
		h.type = cpu_to_le16(XTRAIL_REC_EXEC);
		hostile_publish(p, &h, sizeof(h), sizeof(h));
	} else if (sysfs_streq(val, "rewrite")) {
		hostile_fork(&rec);
		ret = hostile_commit(p, &rec, &at);
		if (ret)
			return ret;
		/* Published: now change it. */
		WRITE_ONCE(*hostile_pad(p, at), cpu_to_le32(0xbad));
		pr_info("rewrote the record at %u (seq %llu)\n", at,
			le64_to_cpu(rec.h.seq));
	} else if (sysfs_streq(val, "gap")) {
		pr_info("ring 0 skips sequence numbers %llu..%llu\n", p->seq,
			p->seq + 4);
		p->seq += 5;
	} else {
		return -EINVAL;
	}
	return 0;
}

static int hostile_break(const char *val, const struct kernel_param *kp)
{
	struct xtrail_prod *p = &xtrail_rings[0];
	unsigned long flags;
	int ret;

	if (sysfs_streq(val, "silence")) {
		hostile_heartbeat(false);
		ret = 0;
	} else if (sysfs_streq(val, "heartbeat")) {
		hostile_heartbeat(true);
		ret = 0;
	} else if (sysfs_streq(val, "nonet")) {
		hostile_net(false);
		ret = 0;
	} else if (sysfs_streq(val, "net")) {
		hostile_net(true);
		ret = 0;
	} else if (sysfs_streq(val, "storm")) {
		ret = hostile_thread(hostile_storm, "storm");
	} else if (sysfs_streq(val, "race")) {
		ret = hostile_thread(hostile_race, "race");
	} else if (sysfs_streq(val, "gapflood")) {
		ret = hostile_thread(hostile_gapflood, "gapflood");
	} else if (sysfs_streq(val, "type")) {
		ret = hostile_type();
	} else if (sysfs_streq(val, "flow")) {
		ret = hostile_flow();
	} else {
		raw_spin_lock_irqsave(&p->lock, flags);
		ret = hostile_lie(p, val);
		raw_spin_unlock_irqrestore(&p->lock, flags);
	}
	if (!ret)
		pr_info("broke the ring protocol: %s", val);
	return ret;
}

static const struct kernel_param_ops hostile_ops = {
	.set = hostile_break,
};

module_param_cb(break, &hostile_ops, NULL, 0200);
MODULE_PARM_DESC(break, "index | length | type | flow | rewrite | race | storm | gap | gapflood | silence | heartbeat | nonet | net: break the ring protocol");
