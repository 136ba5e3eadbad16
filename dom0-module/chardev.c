// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/xtrail: the hand-off from the merge (merge.c) to the writer daemon.
 *
 * Backends push validated guest records, dom0's probes its own events and
 * this module its control records (connect, disconnect, violation, clock)
 * into the merge, each as its own source with its own memory cap; a
 * refused guest record stays in the guest's ring (nothing is dropped in
 * dom0: if the daemon falls behind, the guest rings fill and the guests
 * count their losses in-band). An acknowledgement that frees records
 * tells the merge, which tells the backends.
 *
 * One reader at a time. read() returns whole records of the merged stream,
 * in order; they stay in memory until the reader acknowledges them with
 * XTRAIL_IOC_ACK, and a new open() delivers the unacknowledged ones again
 * (shared/xtrail_dev.h). Each open starts with a CLOCK record, and another
 * follows at least every XTRAIL_CLOCK_PERIOD so that timestamps map to wall
 * time. Who opens and closes it is logged (control.c), a close by the next
 * open: another reader than xtraild could read and acknowledge records the
 * log never gets.
 */
#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "xtrail_ring.h"
#include "xtrail_dev.h"
#include "chardev.h"
#include "clock.h"
#include "control.h"
#include "merge.h"

#define XTRAIL_CLOCK_PERIOD	(60ull * NSEC_PER_SEC)

/* Who closed the device last, logged at the next open (xtrail_release()). */
struct xtrail_closer {
	bool valid;
	pid_t pid;
	u32 uid;
	u32 loginuid;
	u64 ack;
	u64 time_ns;
	char comm[TASK_COMM_LEN];
};

static struct {
	struct mutex read_lock;		/* the reader */
	unsigned long busy;		/* bit 0: opened */
	u64 last_clock;
	struct xtrail_closer closer;	/* written by a release, read by */
					/* the next open: busy orders them */
} xtrail_reader;

static u64 xtrail_chardev_now(void)
{
	u16 flags = 0;

	return xtrail_clock_ns(&flags);
}

static void xtrail_chardev_clock(void)
{
	struct {
		struct xtrail_rec_hdr h;
		struct xtrail_clock c;
	} r = {};
	u16 flags = 0;

	r.h.type = cpu_to_le16(XTRAIL_REC_CLOCK);
	r.c.realtime_ns = cpu_to_le64(ktime_get_real_ns());
	r.c.merge_window_ns = cpu_to_le64(xtrail_stream.window_ns);
	r.c.merge_flags = cpu_to_le32(xtrail_stream.xen ? XTRAIL_MERGE_XEN : 0);
	xtrail_reader.last_clock = xtrail_clock_ns(&flags);
	strscpy_pad(r.h.comm, "xtrail", sizeof(r.h.comm));
	xtrail_stream_push_dom0(&r, sizeof(r));
}

static bool xtrail_ready(void)
{
	return xtrail_merge_emit(&xtrail_stream, xtrail_chardev_now());
}

static ssize_t xtrail_read(struct file *file, char __user *ubuf, size_t count,
			   loff_t *ppos)
{
	ssize_t ret;

	if (mutex_lock_interruptible(&xtrail_reader.read_lock))
		return -ERESTARTSYS;

	if (xtrail_chardev_now() - xtrail_reader.last_clock >
	    XTRAIL_CLOCK_PERIOD)
		xtrail_chardev_clock();

	while (!xtrail_ready()) {
		if (file->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		mutex_unlock(&xtrail_reader.read_lock);
		if (wait_event_interruptible(xtrail_stream.wait,
					     xtrail_ready()))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&xtrail_reader.read_lock))
			return -ERESTARTSYS;
	}
	ret = xtrail_merge_read(&xtrail_stream, ubuf, count, NULL);
out:
	mutex_unlock(&xtrail_reader.read_lock);
	return ret;
}

static long xtrail_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct xtrail_dev_pos __user *up = (void __user *)arg;
	struct xtrail_dev_pos pos;
	long ret;

	if (cmd != XTRAIL_IOC_POS && cmd != XTRAIL_IOC_ACK)
		return -ENOTTY;
	if (cmd == XTRAIL_IOC_ACK && copy_from_user(&pos, up, sizeof(pos)))
		return -EFAULT;
	if (mutex_lock_interruptible(&xtrail_reader.read_lock))
		return -ERESTARTSYS;
	if (cmd == XTRAIL_IOC_POS) {
		pos.stream_id = cpu_to_le64(xtrail_stream.stream_id);
		pos.seq = cpu_to_le64(xtrail_merge_read_seq(&xtrail_stream));
		/* How long a record may be held: the window and a batch. */
		pos.window_ns = cpu_to_le64(xtrail_stream.window_ns +
					    xtrail_stream.batch_ns);
		ret = copy_to_user(up, &pos, sizeof(pos)) ? -EFAULT : 0;
	} else if (le64_to_cpu(pos.stream_id) != xtrail_stream.stream_id) {
		ret = -ESTALE;
	} else {
		ret = xtrail_merge_ack(&xtrail_stream, le64_to_cpu(pos.seq));
	}
	mutex_unlock(&xtrail_reader.read_lock);
	if (ret > 0) {
		/* Room again for the rings stalled on their cap. */
		xtrail_merge_space_freed(&xtrail_stream);
		ret = 0;
	}
	return ret;
}

static __poll_t xtrail_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, &xtrail_stream.wait, wait);
	return xtrail_ready() ? EPOLLIN | EPOLLRDNORM : 0;
}

static int xtrail_open(struct inode *inode, struct file *file)
{
	struct xtrail_closer *c = &xtrail_reader.closer;
	u64 seq;

	if (test_and_set_bit(0, &xtrail_reader.busy)) {
		xtrail_control_log(XTRAIL_CTL_OPEN, XTRAIL_CTL_ALL, -EBUSY,
				   "stream %016llx", xtrail_stream.stream_id);
		return -EBUSY;
	}
	mutex_lock(&xtrail_reader.read_lock);
	if (c->valid) {
		xtrail_control_log(XTRAIL_CTL_CLOSE, XTRAIL_CTL_ALL, 0,
				   "stream %016llx: pid %d (%s) uid %u loginuid %u closed it at %llu ns, acknowledged below record %llu",
				   xtrail_stream.stream_id, c->pid, c->comm,
				   c->uid, c->loginuid, c->time_ns, c->ack);
		c->valid = false;
	}
	/* What the previous reader did not acknowledge comes again. */
	xtrail_merge_rewind(&xtrail_stream);
	seq = xtrail_merge_read_seq(&xtrail_stream);
	xtrail_control_log(XTRAIL_CTL_OPEN, XTRAIL_CTL_ALL, 0,
			   "stream %016llx from record %llu",
			   xtrail_stream.stream_id, seq);
	xtrail_chardev_clock();
	mutex_unlock(&xtrail_reader.read_lock);
	return stream_open(inode, file);
}

/*
 * The close is logged by the next open (its record's header names the
 * opener, its text the closer): logged now, no reader could take it before
 * then, and if the module is unloaded next (it cannot be while the device
 * is open), it would only be counted as not acknowledged. xtraild writes
 * STREAM_END at a clean stop.
 */
static int xtrail_release(struct inode *inode, struct file *file)
{
	struct xtrail_closer *c = &xtrail_reader.closer;
	u16 flags = 0;

	c->pid = task_tgid_vnr(current);
	c->uid = from_kuid_munged(&init_user_ns, current_uid());
	c->loginuid = from_kuid(&init_user_ns, audit_get_loginuid(current));
	c->ack = READ_ONCE(xtrail_stream.ack_seq);
	c->time_ns = xtrail_clock_ns(&flags);
	get_task_comm(c->comm, current);
	c->valid = true;
	/* Orders the above before the next open's test_and_set_bit(). */
	clear_bit_unlock(0, &xtrail_reader.busy);
	return 0;
}

static const struct file_operations xtrail_fops = {
	.owner = THIS_MODULE,
	.open = xtrail_open,
	.release = xtrail_release,
	.read = xtrail_read,
	.poll = xtrail_poll,
	.unlocked_ioctl = xtrail_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
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

	mutex_init(&xtrail_reader.read_lock);
	ret = xtrail_merge_src_open(&xtrail_stream, XTRAIL_MSRC_CONTROL);
	if (ret)
		return ret;
	ret = misc_register(&xtrail_misc);
	if (ret)
		goto err_src;
	return 0;

err_src:
	xtrail_merge_src_close(&xtrail_stream, XTRAIL_MSRC_CONTROL);
	return ret;
}

void xtrail_chardev_uninit(void)
{
	misc_deregister(&xtrail_misc);
	xtrail_merge_src_close(&xtrail_stream, XTRAIL_MSRC_CONTROL);
}
