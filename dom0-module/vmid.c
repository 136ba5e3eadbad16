// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's VM identity: what names the VM for good, where its domid
 * names it only while it runs (Xen gives a domid to another VM once this
 * one is gone). See "VM identity" in xtrail_proto.h.
 *
 * Read, in process context, from the keys the toolstack writes and the
 * guest can read but not write (its domain directory is dom0's, and so
 * is dom0's backend tree; checked in the lab, hostile-xenstore):
 *   /local/domain/<domid>/vm      "/vm/<uuid>"
 *   /local/domain/<domid>/name
 *   /local/domain/0/backend/vif/<domid>/<devid>/mac, ip
 * Never from the guest's own device/, data/ or control/ trees. Each value
 * is read once, bounded and parsed strictly: one that does not parse is
 * left out (zero) and flagged, never cut into shape.
 *
 * xtrail_vmid_connect() records the identity (why CONNECT) ahead of the
 * guest's CONNECT record and watches those keys; a watch queues the work,
 * which reads them again and records the identity (why CHANGE) when it
 * differs from the last one recorded: a rename, a NIC added or removed.
 * When the domain's vm key is gone (the domain is being destroyed) nothing
 * is recorded: the DISCONNECT follows.
 */
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <xen/xenbus.h>

#include "xsnum.h"
#include "vmid.h"
#include "vmid_parse.h"

#define XTRAIL_VMID_DIR_LEN	48
#define XTRAIL_VMID_DEVID_MAX	0xffffu	/* a vif's devid, as netback's */

/* A key's value, or NULL when absent or unreadable. */
static char *xtrail_vmid_read_key(const char *dir, const char *node)
{
	char *v = xenbus_read(XBT_NIL, dir, node, NULL);

	return IS_ERR(v) ? NULL : v;
}

static void xtrail_vmid_read_nic(u16 domid, u32 devid,
				 struct xtrail_vm_nic *nic)
{
	char dir[XTRAIL_VMID_DIR_LEN], *v;
	u32 flags = 0;

	snprintf(dir, sizeof(dir), "/local/domain/0/backend/vif/%u/%u",
		 domid, devid);
	nic->devid = cpu_to_le32(devid);
	v = xtrail_vmid_read_key(dir, "mac");
	if (!v || xtrail_vmid_parse_mac(v, nic->mac))
		flags |= XTRAIL_VM_NIC_MAC_BAD;
	kfree(v);
	v = xtrail_vmid_read_key(dir, "ip");
	if (v && xtrail_vmid_parse_ip(v, nic->ip))
		flags |= XTRAIL_VM_NIC_IP_BAD;
	kfree(v);
	nic->flags = cpu_to_le32(flags);
}

/*
 * The guest's vifs in dom0's backend tree: the XTRAIL_VM_NICS_MAX lowest
 * devids, ascending; *@more when there are others.
 */
static unsigned int xtrail_vmid_devids(u16 domid,
				       u32 ids[XTRAIL_VM_NICS_MAX], bool *more)
{
	unsigned int i, j, n, nr = 0;
	char dir[XTRAIL_VMID_DIR_LEN];
	char **names;
	u64 id;

	*more = false;
	snprintf(dir, sizeof(dir), "/local/domain/0/backend/vif/%u", domid);
	names = xenbus_directory(XBT_NIL, dir, "", &n);
	if (IS_ERR(names))
		return 0;
	for (i = 0; i < n; i++) {
		if (xtrail_xs_parse_num(names[i], XTRAIL_VMID_DEVID_MAX, &id))
			continue;
		/* Insert in order; the largest falls off the end. */
		for (j = nr; j > 0 && ids[j - 1] > id; j--)
			if (j < XTRAIL_VM_NICS_MAX)
				ids[j] = ids[j - 1];
		if (j < XTRAIL_VM_NICS_MAX)
			ids[j] = id;
		if (nr < XTRAIL_VM_NICS_MAX)
			nr++;
		else
			*more = true;
	}
	kfree(names);
	return nr;
}

/*
 * Read @domid's identity into @v (zeroed first). Returns -ENOENT when its
 * vm key is absent (the domain is going away), else 0.
 */
static int xtrail_vmid_read(u16 domid, struct xtrail_vm_identity *v)
{
	u32 ids[XTRAIL_VM_NICS_MAX], flags = 0;
	char dir[XTRAIL_VMID_DIR_LEN], *s;
	unsigned int i, nr;
	bool more;
	int ret = 0;

	memset(v, 0, sizeof(*v));
	snprintf(dir, sizeof(dir), "/local/domain/%u", domid);
	s = xtrail_vmid_read_key(dir, "vm");
	if (!s)
		ret = -ENOENT;
	if (!s || xtrail_vmid_parse_uuid(s, v->uuid))
		flags |= XTRAIL_VM_UUID_BAD;
	kfree(s);
	s = xtrail_vmid_read_key(dir, "name");
	if (!s || xtrail_vmid_parse_name(s, v->name))
		flags |= XTRAIL_VM_NAME_BAD;
	kfree(s);
	nr = xtrail_vmid_devids(domid, ids, &more);
	for (i = 0; i < nr; i++)
		xtrail_vmid_read_nic(domid, ids[i], &v->nic[i]);
	if (more)
		flags |= XTRAIL_VM_NICS_TRUNC;
	v->nics = cpu_to_le32(nr);
	v->flags = cpu_to_le32(flags);
	return ret;
}

/* Called with vm->lock held: record vm->next's body, why @why. */
static void xtrail_vmid_emit(struct xtrail_vmid *vm, u32 why)
{
	struct xtrail_vmid_rec *r = &vm->next;

	memset(&r->h, 0, sizeof(r->h));
	r->h.type = cpu_to_le16(XTRAIL_REC_VM_IDENTITY);
	r->h.domid = cpu_to_le16(vm->domid);
	r->v.why = cpu_to_le32(why);
	vm->cur = r->v;
	vm->cur.why = 0;
	vm->push(vm, r, sizeof(*r));
}

static void xtrail_vmid_work(struct work_struct *work)
{
	struct xtrail_vmid *vm = container_of(work, struct xtrail_vmid, work);

	mutex_lock(&vm->lock);
	if (vm->active && !xtrail_vmid_read(vm->domid, &vm->next.v) &&
	    memcmp(&vm->next.v, &vm->cur, sizeof(vm->cur)))
		xtrail_vmid_emit(vm, XTRAIL_VM_CHANGE);
	mutex_unlock(&vm->lock);
}

static void xtrail_vmid_fired(struct xenbus_watch *w, const char *path,
			      const char *token)
{
	struct xtrail_vmid *vm = container_of(w, struct xtrail_vmid_watch,
					      w)->vm;

	schedule_work(&vm->work);
}

void xtrail_vmid_init(struct xtrail_vmid *vm, xtrail_vmid_push_t push)
{
	memset(vm, 0, sizeof(*vm));
	vm->push = push;
	mutex_init(&vm->lock);
	INIT_WORK(&vm->work, xtrail_vmid_work);
}

static void xtrail_vmid_unwatch(struct xtrail_vmid *vm)
{
	unsigned int i;

	for (i = 0; i < XTRAIL_VMID_WATCHES; i++) {
		struct xenbus_watch *w = &vm->watch[i].w;

		if (!w->node)
			continue;
		unregister_xenbus_watch(w);
		kfree(w->node);
		w->node = NULL;
	}
}

/*
 * Watch the keys (once per backend: kept across reconnects, the domid
 * does not change). Each fires once when set: a change since the read is
 * caught.
 */
static int xtrail_vmid_watch(struct xtrail_vmid *vm)
{
	static const char * const fmt[XTRAIL_VMID_WATCHES] = {
		"/local/domain/%u/name", "/local/domain/%u/vm",
		"/local/domain/0/backend/vif/%u",
	};
	unsigned int i;
	char *node;

	for (i = 0; i < XTRAIL_VMID_WATCHES; i++) {
		if (vm->watch[i].w.node)
			continue;
		node = kasprintf(GFP_KERNEL, fmt[i], vm->domid);
		if (!node)
			return -ENOMEM;
		vm->watch[i].vm = vm;
		vm->watch[i].w.node = node;
		vm->watch[i].w.callback = xtrail_vmid_fired;
		if (register_xenbus_watch(&vm->watch[i].w)) {
			vm->watch[i].w.node = NULL;
			kfree(node);
			return -EIO;
		}
	}
	return 0;
}

/*
 * The guest connects: record its identity (before its CONNECT record, which
 * the caller makes next) and watch for changes. A watch that cannot be set
 * is said, and the identity is still recorded at this connect.
 */
void xtrail_vmid_connect(struct xtrail_vmid *vm, u16 domid)
{
	mutex_lock(&vm->lock);
	vm->domid = domid;
	xtrail_vmid_read(domid, &vm->next.v);
	xtrail_vmid_emit(vm, XTRAIL_VM_CONNECT);
	vm->active = true;
	mutex_unlock(&vm->lock);
	if (xtrail_vmid_watch(vm))
		pr_warn("domain %u: cannot watch its identity, changes not recorded\n",
			domid);
}

/*
 * Before the guest's DISCONNECT record: no CHANGE after it. The watches
 * stay (a watch is not taken down under the backend's lock, which the
 * xenwatch thread may be waiting for): they fire into nothing until the
 * guest connects again or the backend goes.
 */
void xtrail_vmid_disconnect(struct xtrail_vmid *vm)
{
	mutex_lock(&vm->lock);
	vm->active = false;
	mutex_unlock(&vm->lock);
	cancel_work_sync(&vm->work);
}

/* The backend goes (not under its lock). */
void xtrail_vmid_uninit(struct xtrail_vmid *vm)
{
	xtrail_vmid_disconnect(vm);
	xtrail_vmid_unwatch(vm);
	cancel_work_sync(&vm->work);
}
