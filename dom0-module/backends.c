// SPDX-License-Identifier: GPL-2.0
/*
 * The list of backends, one per probed xenbus device, in probe order.
 *
 * xenbus.c adds and removes them, interface.c marks them connected and
 * asks whether they are paused. The merge calls back here when the daemon
 * acknowledged records (room again): every connected backend's work runs,
 * to resume the rings that stalled on their source's cap.
 *
 * The control plane (netlink.c) reads, finds and pauses backends only
 * through the accessors at the end, which hold xtrail_backs_ctl so that
 * the backend is not removed during the call; it hears about connects,
 * disconnects, violations and records through the watch it sets.
 */
#include <linux/module.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <xen/xenbus.h>

#include "xtrail_ring.h"
#include "backends.h"
#include "control.h"
#include "merge.h"

static bool paused;
/* A write is an operator action: logged (control.c). */
module_param_cb(paused, &xtrail_param_ops_bool, &paused, 0644);
MODULE_PARM_DESC(paused, "stop taking records from the guests' rings (they fill, then count losses)");

static LIST_HEAD(xtrail_backs);
static DEFINE_SPINLOCK(xtrail_backs_lock);
/* Held by control commands using a backend, and to take one off the list. */
static DEFINE_MUTEX(xtrail_backs_ctl);

static const struct xtrail_back_watch *xtrail_back_watch;

/* The merge has room again: resume rings that stalled on their cap. */
static void xtrail_backs_kick_all(void)
{
	struct xtrail_back *be;

	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (READ_ONCE(be->connected))
			queue_work(system_unbound_wq, &be->work);
	spin_unlock(&xtrail_backs_lock);
}

void xtrail_backs_init(void)
{
	xtrail_merge_set_space_cb(&xtrail_stream, xtrail_backs_kick_all);
}

void xtrail_backs_uninit(void)
{
	xtrail_merge_set_space_cb(&xtrail_stream, NULL);
}

void xtrail_backs_add(struct xtrail_back *be)
{
	spin_lock(&xtrail_backs_lock);
	list_add_tail(&be->node, &xtrail_backs);
	spin_unlock(&xtrail_backs_lock);
}

void xtrail_backs_del(struct xtrail_back *be)
{
	mutex_lock(&xtrail_backs_ctl);	/* no control command uses it now */
	spin_lock(&xtrail_backs_lock);
	list_del(&be->node);
	spin_unlock(&xtrail_backs_lock);
	mutex_unlock(&xtrail_backs_ctl);
}

/* Kicks (and so consumer work) reach a backend only while connected. */
void xtrail_back_set_connected(struct xtrail_back *be, bool connected)
{
	spin_lock(&xtrail_backs_lock);
	be->connected = connected;
	spin_unlock(&xtrail_backs_lock);
}

/* Not to be consumed now: all guests paused, or this one. */
bool xtrail_back_paused(struct xtrail_back *be)
{
	return READ_ONCE(paused) || READ_ONCE(be->paused);
}

void xtrail_back_totals(struct xtrail_back *be, u64 *records, u64 *bytes)
{
	unsigned int i;

	*records = 0;
	*bytes = 0;
	for (i = 0; be->rings && i < be->nr_rings; i++) {
		*records += be->rings[i].cons.records;
		*bytes += be->rings[i].cons.bytes;
	}
}

/* ---- the watch (netlink.c) ----------------------------------------------- */

/* @w: the control plane's, or NULL when it goes away. */
void xtrail_back_set_watch(const struct xtrail_back_watch *w)
{
	WRITE_ONCE(xtrail_back_watch, w);
}

void xtrail_back_event(u8 event, int domid, u32 reason)
{
	const struct xtrail_back_watch *w = READ_ONCE(xtrail_back_watch);

	if (w)
		w->event(event, domid, reason);
}

void xtrail_back_record(u16 domid, const void *rec, u32 len)
{
	const struct xtrail_back_watch *w = READ_ONCE(xtrail_back_watch);

	if (w)
		w->record(domid, rec, len);
}

/* ---- the control plane's view of the backends (netlink.c) ---------------- */

static u32 xtrail_back_devid(struct xtrail_back *be)
{
	const char *p = strrchr(be->dev->nodename, '/');
	unsigned int devid = 0;

	return p && !kstrtouint(p + 1, 10, &devid) ? devid : 0;
}

/* The backend of (@domid, @devid), devid < 0: the first. Ctl lock held. */
static struct xtrail_back *xtrail_back_find(u16 domid, s64 devid)
{
	struct xtrail_back *be, *found = NULL;

	lockdep_assert_held(&xtrail_backs_ctl);
	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (be->dev->otherend_id == domid &&
		    (devid < 0 || xtrail_back_devid(be) == devid)) {
			found = be;
			break;
		}
	spin_unlock(&xtrail_backs_lock);
	return found;
}

/* Fill @info for the @pos'th backend; -ENOENT past the last. */
int xtrail_back_get_info(unsigned int pos, struct xtrail_back_info *info)
{
	struct xtrail_back *be, *found = NULL;
	unsigned int i;

	memset(info, 0, sizeof(*info));
	mutex_lock(&xtrail_backs_ctl);
	spin_lock(&xtrail_backs_lock);
	list_for_each_entry(be, &xtrail_backs, node)
		if (!pos--) {
			found = be;
			break;
		}
	spin_unlock(&xtrail_backs_lock);
	if (!found) {
		mutex_unlock(&xtrail_backs_ctl);
		return -ENOENT;
	}
	be = found;
	mutex_lock(&be->lock);
	info->domid = be->dev->otherend_id;
	info->devid = xtrail_back_devid(be);
	strscpy(info->name, be->name, sizeof(info->name));
	info->paused = xtrail_back_paused(be);
	info->reason = be->reason;
	info->violations = READ_ONCE(be->violations);
	if (be->rings) {
		info->state = XTRAIL_SRC_CONNECTED;
		info->nr_rings = be->nr_rings;
		xtrail_back_totals(be, &info->records, &info->bytes);
		for (i = 0; i < be->nr_rings; i++) {
			struct xtrail_back_ring *r = &be->rings[i];
			u32 prod = le32_to_cpu(READ_ONCE(r->cons.intf->prod));
			u32 used = prod - READ_ONCE(r->cons.cons);

			/* The guest's prod is a claim, bounded here. */
			info->ring_used += min(used, r->cons.size);
			info->ring_size += r->cons.size;
			info->lost += READ_ONCE(r->lost);
		}
	} else if (be->dev->state == XenbusStateInitWait) {
		info->state = XTRAIL_SRC_WAITING;
	} else {
		info->state = XTRAIL_SRC_DISCONNECTED;
	}
	mutex_unlock(&be->lock);
	mutex_unlock(&xtrail_backs_ctl);
	return 0;
}

/* The xenstore directory of (@domid, @devid) into @dir, its devid. */
int xtrail_back_dir(u16 domid, s64 devid, char *dir, size_t size, u32 *id)
{
	struct xtrail_back *be;
	int ret = -ENOENT;

	mutex_lock(&xtrail_backs_ctl);
	be = xtrail_back_find(domid, devid);
	if (be) {
		*id = xtrail_back_devid(be);
		ret = strscpy(dir, be->dev->nodename, size) < 0 ? -E2BIG : 0;
	}
	mutex_unlock(&xtrail_backs_ctl);
	return ret;
}

/* Stop (@pause) or resume taking records from one guest. */
int xtrail_back_pause(u16 domid, s64 devid, bool pause)
{
	struct xtrail_back *be;
	int ret = -ENOENT;

	mutex_lock(&xtrail_backs_ctl);
	be = xtrail_back_find(domid, devid);
	if (be) {
		WRITE_ONCE(be->paused, pause);
		spin_lock(&xtrail_backs_lock);
		if (!pause && be->connected)
			queue_work(system_unbound_wq, &be->work);
		spin_unlock(&xtrail_backs_lock);
		ret = 0;
	}
	mutex_unlock(&xtrail_backs_ctl);
	return ret;
}

/* The same for every guest: the module parameter "paused". */
void xtrail_back_pause_all(bool pause)
{
	WRITE_ONCE(paused, pause);
	if (!pause)
		xtrail_backs_kick_all();
}
