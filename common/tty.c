// SPDX-License-Identifier: GPL-2.0
/*
 * Terminal capture, after XenKamera: what is typed into and printed by
 * terminal sessions, recorded with its timing so that a session can be
 * replayed from outside the guest.
 *
 * No tracepoint sees terminal data, so this uses kprobes: pty_write()
 * carries both directions of a pseudo-terminal (the master side writes the
 * session's input, the slave side its output), hvc_write() the Xen
 * console's output, and tty_ldisc_receive_buf() what every terminal
 * receives on its way to the line discipline, of which we keep the
 * terminals that are not ptys (the Xen console hvc0, serial lines: console
 * input; a pty's input is already seen at its master's pty_write()).
 * Console input is pushed to the line discipline by a kernel worker, so
 * its records are flagged XTRAIL_RF_NO_TASK. Each terminal's capture is
 * bounded (XTRAIL_TTY_MAX bytes per record) and rate-limited (tty_rate
 * bytes per second; what is dropped is counted in the next record).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_ldisc.h>
#include <linux/jiffies.h>
#include <linux/atomic.h>

#include "xtrail_ring.h"
#include "fault.h"
#include "record.h"
#include "submit.h"
#include "tty.h"

static unsigned int tty_rate = 65536;
module_param(tty_rate, uint, 0);
MODULE_PARM_DESC(tty_rate, "terminal bytes recorded per second and terminal (0: no terminal capture)");

/* Rate-limit state, per terminal (hashed; sharing a bucket only tightens). */
#define XTRAIL_TTY_BUCKETS 64
static struct xtrail_tty_bucket {
	atomic_long_t window;	/* jiffies at the start of the window */
	atomic_t bytes;		/* recorded in this window */
	atomic_t dropped;	/* dropped since the last record */
} xtrail_tty_buckets[XTRAIL_TTY_BUCKETS];

static struct xtrail_tty_bucket *xtrail_tty_bucket(const struct tty_struct *t)
{
	unsigned int key = t->driver->major * 31 + t->driver->minor_start +
			   t->index;

	return &xtrail_tty_buckets[key % XTRAIL_TTY_BUCKETS];
}

/* May @count bytes of this terminal be recorded now? Approximate, lock-free. */
static bool xtrail_tty_admit(struct xtrail_tty_bucket *b, int count)
{
	unsigned long now = jiffies, start = atomic_long_read(&b->window);

	if (time_after(now, start + HZ) &&
	    atomic_long_cmpxchg(&b->window, start, now) == start)
		atomic_set(&b->bytes, 0);
	if (atomic_add_return(count, &b->bytes) > tty_rate) {
		atomic_add(count, &b->dropped);
		return false;
	}
	return true;
}

static void xtrail_tty_record(const struct tty_struct *session, u32 flags,
			      const u8 *buf, int count)
{
	struct xtrail_tty_bucket *b;
	struct xtrail_rec_hdr *h;
	struct xtrail_tty *t;
	u32 n, used, len;

	if (count <= 0 || !session || !xtrail_event_on(XTRAIL_EV_TTY))
		return;
	b = xtrail_tty_bucket(session);
	if (!xtrail_tty_admit(b, count))
		return;
	h = xtrail_scratch_get();
	xtrail_hdr_fill_current(h);
	if (!in_task() || current->flags & PF_KTHREAD)
		h->flags |= cpu_to_le16(XTRAIL_RF_NO_TASK);
	t = (struct xtrail_tty *)(h + 1);
	n = min_t(u32, count, XTRAIL_TTY_MAX);
	if (n < count)
		flags |= XTRAIL_TTY_TRUNC;
	t->flags = cpu_to_le32(flags);
	t->len = cpu_to_le32(n);
	t->count = cpu_to_le32(count);
	t->dropped = cpu_to_le32(atomic_xchg(&b->dropped, 0));
	strscpy_pad(t->tty, session->name, sizeof(t->tty));
	memcpy(t + 1, buf, n);
	used = sizeof(*h) + sizeof(*t) + n;
	len = xtrail_rec_align(used);
	memset((u8 *)h + used, 0, len - used);
	h->len = cpu_to_le32(len);
	h->type = cpu_to_le16(XTRAIL_REC_TTY);
	xtrail_submit(h, len);
}

/* pty_write(struct tty_struct *tty, const u8 *buf, int c) */
static int xtrail_kp_pty_write(struct kprobe *p, struct pt_regs *regs)
{
	struct tty_struct *tty = (struct tty_struct *)regs->di;
	bool master = tty->driver->subtype == PTY_TYPE_MASTER;

	/* Name the session after its slave side, as ps and who do. */
	xtrail_tty_record(master ? tty->link : tty,
			  master ? XTRAIL_TTY_INPUT : 0,
			  (const u8 *)regs->si, (int)regs->dx);
	return 0;
}

/* hvc_write(struct tty_struct *tty, const u8 *buf, int count) */
static int xtrail_kp_hvc_write(struct kprobe *p, struct pt_regs *regs)
{
	xtrail_tty_record((struct tty_struct *)regs->di, XTRAIL_TTY_CONSOLE,
			  (const u8 *)regs->si, (int)regs->dx);
	return 0;
}

/*
 * tty_ldisc_receive_buf(struct tty_ldisc *ld, const u8 *p, const char *f,
 *			 int count)
 */
static int xtrail_kp_ldisc_receive(struct kprobe *p, struct pt_regs *regs)
{
	struct tty_ldisc *ld = (struct tty_ldisc *)regs->di;
	struct tty_struct *tty = ld ? ld->tty : NULL;

	if (!tty || !tty->driver || tty->driver->type == TTY_DRIVER_TYPE_PTY)
		return 0;
	xtrail_tty_record(tty, XTRAIL_TTY_CONSOLE | XTRAIL_TTY_INPUT,
			  (const u8 *)regs->si, (int)regs->cx);
	return 0;
}

static struct kprobe xtrail_tty_kps[] = {
	{ .symbol_name = "pty_write", .pre_handler = xtrail_kp_pty_write },
	{ .symbol_name = "hvc_write", .pre_handler = xtrail_kp_hvc_write },
	{ .symbol_name = "tty_ldisc_receive_buf",
	  .pre_handler = xtrail_kp_ldisc_receive },
};

static unsigned int xtrail_tty_nr;

int xtrail_tty_init(void)
{
	unsigned int i;
	int ret;

	xtrail_tty_nr = 0;
	if (!tty_rate)
		return 0;
	for (i = 0; i < ARRAY_SIZE(xtrail_tty_kps); i++) {
		ret = xtrail_fault(xtrail_tty_kps[i].symbol_name) ?:
		      register_kprobe(&xtrail_tty_kps[i]);
		if (ret) {
			pr_err("cannot probe %s: %d\n",
			       xtrail_tty_kps[i].symbol_name, ret);
			goto err_unregister;
		}
		xtrail_tty_nr++;
	}
	return 0;

err_unregister:
	xtrail_tty_uninit();
	return ret;
}

void xtrail_tty_uninit(void)
{
	while (xtrail_tty_nr)
		unregister_kprobe(&xtrail_tty_kps[--xtrail_tty_nr]);
}
