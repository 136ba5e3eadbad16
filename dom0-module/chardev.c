// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xtrail: the hand-off from the backends to the writer daemon.
 *
 * Records wait in one FIFO (a byte queue of whole records). Backends push
 * into it under a spinlock; a full queue refuses guest records with -ENOSPC
 * and the backend leaves them in the guest's ring (nothing is dropped in
 * dom0: if the daemon falls behind, the guest rings fill and the guests
 * count their losses in-band). The last XTRAIL_SINK_RESERVE bytes are kept
 * for dom0's own records (connect, disconnect, violation, clock), which
 * are evidence and must not be crowded out by a flooding guest.
 *
 * One reader at a time. read() returns whole records only; poll() reports
 * readability. Each open starts with a CLOCK record, and another follows at
 * least every XTRAIL_CLOCK_PERIOD so that timestamps map to wall time.
 */
#include <linux/fs.h>
#include <linux/kfifo.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "xtrail_ring.h"
#include "chardev.h"
#include "clock.h"
#include "xenbus.h"

#define XTRAIL_SINK_SIZE	(4u << 20)	/* power of two */
#define XTRAIL_SINK_RESERVE	(64u << 10)
#define XTRAIL_CLOCK_PERIOD	(60ull * NSEC_PER_SEC)

static struct {
	struct kfifo fifo;
	void *buf;
	spinlock_t lock;		/* writers */
	struct mutex read_lock;		/* the reader */
	wait_queue_head_t wait;
	unsigned long busy;		/* bit 0: opened */
	u64 last_clock;
	u64 refused;			/* pushes refused: queue full */
} xtrail_sink;

static int xtrail_sink_put(const void *rec, u32 len, u32 reserve)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&xtrail_sink.lock, flags);
	if (kfifo_avail(&xtrail_sink.fifo) < len + reserve) {
		xtrail_sink.refused++;
		ret = -ENOSPC;
	} else {
		kfifo_in(&xtrail_sink.fifo, rec, len);
	}
	spin_unlock_irqrestore(&xtrail_sink.lock, flags);
	if (!ret)
		wake_up_interruptible(&xtrail_sink.wait);
	return ret;
}

/* A validated guest record. -ENOSPC: leave it in the guest's ring. */
int xtrail_sink_push(const void *rec, u32 len)
{
	return xtrail_sink_put(rec, len, XTRAIL_SINK_RESERVE);
}

/* A record made by dom0 itself; @rec's header is completed here. */
int xtrail_sink_push_dom0(void *rec, u32 len)
{
	struct xtrail_rec_hdr *h = rec;
	u16 flags = 0;
	u64 now = xtrail_clock_ns(&flags);

	h->len = cpu_to_le32(len);
	h->flags = cpu_to_le16(flags);
	/* Made by the kernel, for no login session. */
	h->loginuid = cpu_to_le32(0xffffffff);
	h->sessionid = cpu_to_le32(0xffffffff);
	h->ts_ns = cpu_to_le64(now);
	h->recv_ns = cpu_to_le64(now);
	if (xtrail_sink_put(rec, len, 0)) {
		pr_err_ratelimited("queue full, dom0 record type %#x lost\n",
				   le16_to_cpu(h->type));
		return -ENOSPC;
	}
	return 0;
}

static void xtrail_sink_clock(void)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_clock c;
	} r = {};
	u16 flags = 0;

	r.h.type = cpu_to_le16(XTRAIL_REC_CLOCK);
	r.c.realtime_ns = cpu_to_le64(ktime_get_real_ns());
	xtrail_sink.last_clock = xtrail_clock_ns(&flags);
	strscpy_pad(r.h.comm, "xtrail", sizeof(r.h.comm));
	xtrail_sink_push_dom0(&r, sizeof(r));
}

static ssize_t xtrail_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	size_t done = 0;
	u16 flags = 0;
	int ret;

	if (mutex_lock_interruptible(&xtrail_sink.read_lock))
		return -ERESTARTSYS;

	if (xtrail_clock_ns(&flags) - xtrail_sink.last_clock >
	    XTRAIL_CLOCK_PERIOD)
		xtrail_sink_clock();

	while (kfifo_is_empty(&xtrail_sink.fifo)) {
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		mutex_unlock(&xtrail_sink.read_lock);
		if (wait_event_interruptible(xtrail_sink.wait,
				!kfifo_is_empty(&xtrail_sink.fifo)))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&xtrail_sink.read_lock))
			return -ERESTARTSYS;
	}

	/* Only this reader removes from the queue: a peeked length holds. */
	while (!kfifo_is_empty(&xtrail_sink.fifo)) {
		__le32 len_le;
		unsigned int copied;
		u32 len;

		if (kfifo_out_peek(&xtrail_sink.fifo, &len_le,
				   sizeof(len_le)) != sizeof(len_le))
			break;
		len = le32_to_cpu(len_le);
		if (len > count - done) {
			if (!done) {
				ret = -EMSGSIZE;
				goto out;
			}
			break;
		}
		ret = kfifo_to_user(&xtrail_sink.fifo, ubuf + done, len,
				    &copied);
		if (ret)
			goto out;
		done += copied;
	}
	ret = done;
out:
	mutex_unlock(&xtrail_sink.read_lock);
	if (done)
		xtrail_back_kick_all();	/* rings stalled on a full queue */
	return ret;
}

static __poll_t xtrail_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &xtrail_sink.wait, wait);
	return kfifo_is_empty(&xtrail_sink.fifo) ? 0 : EPOLLIN | EPOLLRDNORM;
}

static int xtrail_open(struct inode *inode, struct file *file)
{
	if (test_and_set_bit(0, &xtrail_sink.busy))
		return -EBUSY;
	mutex_lock(&xtrail_sink.read_lock);
	xtrail_sink_clock();
	mutex_unlock(&xtrail_sink.read_lock);
	return stream_open(inode, file);
}

static int xtrail_release(struct inode *inode, struct file *file)
{
	clear_bit(0, &xtrail_sink.busy);
	return 0;
}

static const struct file_operations xtrail_fops = {
	.owner = THIS_MODULE,
	.open = xtrail_open,
	.release = xtrail_release,
	.read = xtrail_read,
	.poll = xtrail_poll,
};

static struct miscdevice xtrail_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xtrail",
	.fops = &xtrail_fops,
	.mode = 0600,
};

int xtrail_chardev_init(void)
{
	int ret;

	spin_lock_init(&xtrail_sink.lock);
	mutex_init(&xtrail_sink.read_lock);
	init_waitqueue_head(&xtrail_sink.wait);
	xtrail_sink.buf = vmalloc(XTRAIL_SINK_SIZE);
	if (!xtrail_sink.buf)
		return -ENOMEM;
	ret = kfifo_init(&xtrail_sink.fifo, xtrail_sink.buf, XTRAIL_SINK_SIZE);
	if (ret)
		goto err_free;
	ret = misc_register(&xtrail_misc);
	if (ret)
		goto err_free;
	return 0;

err_free:
	vfree(xtrail_sink.buf);
	return ret;
}

void xtrail_chardev_uninit(void)
{
	misc_deregister(&xtrail_misc);
	if (!kfifo_is_empty(&xtrail_sink.fifo))
		pr_warn("unloading with %u bytes of records not read\n",
			kfifo_len(&xtrail_sink.fifo));
	vfree(xtrail_sink.buf);
}
