// SPDX-License-Identifier: GPL-2.0
/*
 * dom0's own view of each guest's traffic (FLOW and FLOW_LOST records,
 * xtrail_proto.h): every IPv4/IPv6 TCP or UDP packet a guest's vif
 * carries, seen by dom0's kernel at two tracepoints, counted in that
 * guest's flow table (flowtable.c).
 *
 * Where: net:netif_receive_skb (netback hands each packet from the guest
 * to the stack on the vif), and net:net_dev_start_xmit (each packet to the
 * guest leaves on the vif). Both fire whatever dom0 then does with the
 * packet (bridge, route, NAT, drop by netfilter), which a netfilter or
 * bridge hook would not see in every setup.
 *
 * Who: the guest is named by the device alone. A vif is a net_device whose
 * parent is netback's xenbus device (bus "xen-backend", device type "vif"):
 * its other end is the guest, its node name gives the vif's device id.
 * Vifs are learnt when they register (a netdevice notifier, process
 * context, which also makes the guest's table); a packet on any other
 * device costs a walk of the (short) list of vifs, a pointer compare each.
 *
 * Costs on the packet path: headers read with skb_header_pointer() into
 * the stack, the guest's spinlock, a hash lookup; a record only at a
 * flow's start. The periodic work (every second) ends idle and closed
 * flows, writes UPDATEs and FLOW_LOST, and applies the settings' changes
 * (a new cap or classes start each table over: its flows FLUSH).
 *
 * Settings: writable module parameters, each write logged as a CONTROL
 * record (control.c): flow_classes (tcp,udp | tcp | udp | off),
 * flow_ports (all, or up to 16 ports: a packet is observed when either of
 * its ports is listed), flow_cap, flow_idle_s, flow_update_s; the same
 * settings through the control plane (netlink.c: xtrail_flowobs_get(),
 * xtrail_flowobs_set(), in the text form of shared/xtrail_flowcfg.h,
 * whose parser the two parameters with a text value use too).
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <net/ip.h>
#include <linux/ipv6.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <xen/xenbus.h>

#include "xtrail_flowcfg.h"
#include "xtrail_proto.h"
#include "clock.h"
#include "control.h"
#include "flowobs.h"
#include "flowtable.h"
#include "merge.h"
#include "tracepoints.h"

#define XTRAIL_FLOW_TCP		XTRAIL_FLOWCFG_TCP
#define XTRAIL_FLOW_UDP		XTRAIL_FLOWCFG_UDP
#define XTRAIL_FLOW_PORTS_MAX	XTRAIL_FLOWCFG_PORTS_MAX
#define XTRAIL_FLOW_LINGER_NS	NSEC_PER_SEC

static_assert(XTRAIL_FLOWCFG_CAP_MAX == XTRAIL_FT_CAP_MAX);

/**
 * struct xtrail_flow_cfg - what is observed (immutable; replaced by RCU)
 * @classes: XTRAIL_FLOW_TCP | XTRAIL_FLOW_UDP
 * @nports:  entries of @ports (0: every port)
 * @ports:   a packet is observed if its source or destination port is one
 * @rcu:     freeing
 */
struct xtrail_flow_cfg {
	u32 classes;
	u32 nports;
	u16 ports[XTRAIL_FLOW_PORTS_MAX];
	struct rcu_head rcu;
};

static struct xtrail_flow_cfg xtrail_flow_cfg_default = {
	.classes = XTRAIL_FLOW_TCP | XTRAIL_FLOW_UDP,
};

static struct xtrail_flow_cfg __rcu *xtrail_flow_cfg = &xtrail_flow_cfg_default;
/* Bumped at each change of the classes or ports: the tables start over. */
static atomic_t xtrail_flow_gen = ATOMIC_INIT(0);

static unsigned int flow_cap = 1024;
module_param_cb(flow_cap, &xtrail_param_ops_uint, &flow_cap, 0644);
MODULE_PARM_DESC(flow_cap,
		 "Flows tracked per guest (1..65536, default 1024); a change starts each table over");

static unsigned int flow_idle_s = 30;
module_param_cb(flow_idle_s, &xtrail_param_ops_uint, &flow_idle_s, 0644);
MODULE_PARM_DESC(flow_idle_s,
		 "A flow without packets this long ends (IDLE), seconds (default 30)");

static unsigned int flow_update_s = 60;
module_param_cb(flow_update_s, &xtrail_param_ops_uint, &flow_update_s,
		0644);
MODULE_PARM_DESC(flow_update_s,
		 "A flow is reported again (UPDATE) this often, seconds (default 60)");

/**
 * struct xtrail_flowguest - one guest's observation
 * @node:   in xtrail_flow_guests
 * @domid:  the guest
 * @vifs:   its vifs in xtrail_flow_vifs
 * @gen:    xtrail_flow_gen its table was made for
 * @lock:   @t (softirq-safe)
 * @t:      its flows
 * @about:  dom0's records about it (the guest's quota)
 */
struct xtrail_flowguest {
	struct list_head node;
	u16 domid;
	unsigned int vifs;
	int gen;
	spinlock_t lock;
	struct xtrail_flowtable t;
	struct xtrail_dom0_src about;
};

/**
 * struct xtrail_flowvif - one vif
 * @node:  in xtrail_flow_vifs (RCU)
 * @dev:   its device
 * @devid: its device id (backend/vif/DOMID/DEVID)
 * @g:     its guest
 * @rcu:   freeing
 */
struct xtrail_flowvif {
	struct list_head node;
	const struct net_device *dev;
	u32 devid;
	struct xtrail_flowguest *g;
	struct rcu_head rcu;
};

/* Guests and vifs change under this mutex (and RTNL for the vifs). */
static DEFINE_MUTEX(xtrail_flow_mutex);
static LIST_HEAD(xtrail_flow_guests);
static LIST_HEAD(xtrail_flow_vifs);
static bool xtrail_flow_unloading;

static void xtrail_flow_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(xtrail_flow_work, xtrail_flow_work_fn);

/* ---- settings ------------------------------------------------------------ */

/*
 * The shared text parser (xtrail_flowcfg.h) for the module parameters: the
 * value as written, without its trailing newline.
 */
static int xtrail_flow_param_parse(const char *val, unsigned int key,
				   struct xtrail_flowcfg *fc)
{
	char buf[XTRAIL_FLOWCFG_VALUE_MAX];
	size_t len = strcspn(val, "\n");

	if (len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, val, len);
	buf[len] = 0;
	return xtrail_flowcfg_parse(fc, key, buf) ? -EINVAL : 0;
}

/*
 * Apply the classes and ports @fc has (checked): a new observed set, the
 * tables start over at the next tick. xtrail_flow_mutex held.
 */
static int xtrail_flow_cfg_apply(const struct xtrail_flowcfg *fc)
{
	struct xtrail_flow_cfg *c, *old;

	lockdep_assert_held(&xtrail_flow_mutex);
	if (!(fc->has & ((1u << XTRAIL_FLOWCFG_FLOW) |
			 (1u << XTRAIL_FLOWCFG_PORTS))))
		return 0;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	old = rcu_dereference_protected(xtrail_flow_cfg,
					lockdep_is_held(&xtrail_flow_mutex));
	*c = *old;
	if (fc->has & (1u << XTRAIL_FLOWCFG_FLOW))
		c->classes = fc->classes;
	if (fc->has & (1u << XTRAIL_FLOWCFG_PORTS)) {
		c->nports = fc->nports;
		memcpy(c->ports, fc->ports, sizeof(c->ports));
	}
	rcu_assign_pointer(xtrail_flow_cfg, c);
	atomic_inc(&xtrail_flow_gen);
	if (old != &xtrail_flow_cfg_default)
		kfree_rcu(old, rcu);
	return 0;
}

/* A new setting of the classes (@ports false) or of the ports. */
static int xtrail_flow_cfg_set(const char *val, const struct kernel_param *kp,
			       bool ports)
{
	struct xtrail_flowcfg fc = {};
	int ret;

	ret = xtrail_flow_param_parse(val, ports ? XTRAIL_FLOWCFG_PORTS :
				      XTRAIL_FLOWCFG_FLOW, &fc);
	if (!ret) {
		mutex_lock(&xtrail_flow_mutex);
		ret = xtrail_flow_cfg_apply(&fc);
		mutex_unlock(&xtrail_flow_mutex);
	}
	xtrail_control_log(XTRAIL_CTL_PARAM, XTRAIL_CTL_ALL, ret, "%s=%.*s",
			   kp->name, (int)strcspn(val, "\n"), val);
	return ret;
}

static int xtrail_flow_classes_set(const char *val,
				   const struct kernel_param *kp)
{
	return xtrail_flow_cfg_set(val, kp, false);
}

static int xtrail_flow_ports_set(const char *val,
				 const struct kernel_param *kp)
{
	return xtrail_flow_cfg_set(val, kp, true);
}

/* dom0's flow settings as they apply now, every one present. */
void xtrail_flowobs_get(struct xtrail_flowcfg *fc)
{
	const struct xtrail_flow_cfg *c;

	memset(fc, 0, sizeof(*fc));
	fc->has = (1u << XTRAIL_FLOWCFG_NKEYS) - 1;
	rcu_read_lock();
	c = rcu_dereference(xtrail_flow_cfg);
	fc->classes = c->classes;
	fc->nports = c->nports;
	memcpy(fc->ports, c->ports, sizeof(fc->ports));
	rcu_read_unlock();
	/* As the periodic work uses them (a parameter may say 0). */
	fc->cap = clamp_t(u32, READ_ONCE(flow_cap), 1, XTRAIL_FT_CAP_MAX);
	fc->idle_s = clamp_t(u32, READ_ONCE(flow_idle_s), 1,
			     XTRAIL_FLOWCFG_SECONDS_MAX);
	fc->update_s = clamp_t(u32, READ_ONCE(flow_update_s), 1,
			       XTRAIL_FLOWCFG_SECONDS_MAX);
}

/*
 * Apply the settings @fc has (checked by xtrail_flowcfg_check()) all at
 * once, as the module parameters apply them (which then show them): a
 * new cap, classes or ports start each table over at the next tick, new
 * times apply from the next tick. 0 or -ENOMEM (then nothing changed).
 */
int xtrail_flowobs_set(const struct xtrail_flowcfg *fc)
{
	int ret;

	mutex_lock(&xtrail_flow_mutex);
	ret = xtrail_flow_cfg_apply(fc);
	if (!ret && fc->has & (1u << XTRAIL_FLOWCFG_CAP))
		WRITE_ONCE(flow_cap, fc->cap);
	if (!ret && fc->has & (1u << XTRAIL_FLOWCFG_IDLE))
		WRITE_ONCE(flow_idle_s, fc->idle_s);
	if (!ret && fc->has & (1u << XTRAIL_FLOWCFG_UPDATE))
		WRITE_ONCE(flow_update_s, fc->update_s);
	mutex_unlock(&xtrail_flow_mutex);
	return ret;
}

static int xtrail_flow_classes_get(char *buf, const struct kernel_param *kp)
{
	struct xtrail_flowcfg fc;
	char val[XTRAIL_FLOWCFG_VALUE_MAX];

	xtrail_flowobs_get(&fc);
	if (xtrail_flowcfg_format(&fc, XTRAIL_FLOWCFG_FLOW, val,
				  sizeof(val)) < 0)
		return -EINVAL;
	return sysfs_emit(buf, "%s\n", val);
}

static int xtrail_flow_ports_get(char *buf, const struct kernel_param *kp)
{
	struct xtrail_flowcfg fc;
	char val[XTRAIL_FLOWCFG_VALUE_MAX];

	xtrail_flowobs_get(&fc);
	if (xtrail_flowcfg_format(&fc, XTRAIL_FLOWCFG_PORTS, val,
				  sizeof(val)) < 0)
		return -EINVAL;
	return sysfs_emit(buf, "%s\n", val);
}

static const struct kernel_param_ops xtrail_flow_classes_ops = {
	.set = xtrail_flow_classes_set,
	.get = xtrail_flow_classes_get,
};

static const struct kernel_param_ops xtrail_flow_ports_ops = {
	.set = xtrail_flow_ports_set,
	.get = xtrail_flow_ports_get,
};

module_param_cb(flow_classes, &xtrail_flow_classes_ops, NULL, 0644);
MODULE_PARM_DESC(flow_classes,
		 "Flows observed on the guests' vifs: tcp,udp (default), tcp, udp or off");
module_param_cb(flow_ports, &xtrail_flow_ports_ops, NULL, 0644);
MODULE_PARM_DESC(flow_ports,
		 "Ports observed: all (default), or up to 16 ports joined by ','");

/* ---- records ------------------------------------------------------------- */

struct xtrail_flow_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_flow f;
};

struct xtrail_flow_lost_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_flow_lost l;
};

/* The emit function of the guest's table: g->lock held. */
static void xtrail_flow_emit(void *ctx, u32 event,
			     const struct xtrail_flow_entry *e)
{
	struct xtrail_flowguest *g = ctx;
	struct xtrail_flow_rec r = {};

	if (xtrail_flow_unloading)
		return;
	r.h.type = cpu_to_le16(XTRAIL_REC_FLOW);
	r.h.flags = cpu_to_le16(XTRAIL_RF_NO_TASK);
	r.h.domid = cpu_to_le16(g->domid);
	r.f.event = cpu_to_le32(event);
	r.f.flags = cpu_to_le32(e->from_guest ? XTRAIL_FLOW_FROM_GUEST : 0);
	r.f.vif = cpu_to_le32(e->vif);
	r.f.family = cpu_to_le16(e->key.family);
	r.f.protocol = e->key.protocol;
	r.f.sport = cpu_to_le16(e->key.sport);
	r.f.dport = cpu_to_le16(e->key.dport);
	r.f.tcp_fwd = e->tcp[0];
	r.f.tcp_rev = e->tcp[1];
	r.f.flow_id = cpu_to_le64(e->id);
	r.f.first_ns = cpu_to_le64(e->first_ns);
	r.f.last_ns = cpu_to_le64(e->last_ns);
	r.f.pkts_fwd = cpu_to_le64(e->pkts[0]);
	r.f.bytes_fwd = cpu_to_le64(e->bytes[0]);
	r.f.pkts_rev = cpu_to_le64(e->pkts[1]);
	r.f.bytes_rev = cpu_to_le64(e->bytes[1]);
	memcpy(r.f.saddr, e->key.saddr, sizeof(r.f.saddr));
	memcpy(r.f.daddr, e->key.daddr, sizeof(r.f.daddr));
	/* A guest makes flows at will: its records leave room for others. */
	xtrail_dom0_push(&g->about, &r, sizeof(r), XTRAIL_MPUSH_SPARE);
}

/* FLOW_LOST, if the guest's table turned flows away. g->lock held. */
static void xtrail_flow_lost_emit(struct xtrail_flowguest *g)
{
	struct xtrail_flow_lost_rec r = {};
	u64 count, pkts, first, last;

	if (xtrail_flow_unloading ||
	    !xtrail_ft_lost_take(&g->t, &count, &pkts, &first, &last))
		return;
	r.h.type = cpu_to_le16(XTRAIL_REC_FLOW_LOST);
	r.h.flags = cpu_to_le16(XTRAIL_RF_NO_TASK);
	r.h.domid = cpu_to_le16(g->domid);
	r.l.count = cpu_to_le64(count);
	r.l.total = cpu_to_le64(g->t.lost_total);
	r.l.packets = cpu_to_le64(pkts);
	r.l.first_ns = cpu_to_le64(first);
	r.l.last_ns = cpu_to_le64(last);
	r.l.cap = cpu_to_le32(g->t.s.cap);
	r.l.in_use = cpu_to_le32(g->t.in_use);
	xtrail_dom0_push(&g->about, &r, sizeof(r), 0);
}

/* ---- the packet path ----------------------------------------------------- */

/*
 * Parse the IP packet at @off of @skb (ethertype @proto) into @p. False:
 * not a packet observed (not IP, not TCP or UDP, a later fragment, cut
 * headers, a class or port not observed).
 */
static bool xtrail_flow_parse(const struct sk_buff *skb, int off,
			      __be16 proto, const struct xtrail_flow_cfg *c,
			      struct xtrail_flow_pkt *p)
{
	union {
		struct iphdr v4;
		struct ipv6hdr v6;
	} ip;
	union {
		struct tcphdr tcp;
		struct udphdr udp;
	} l4;
	unsigned int ipbytes, avail, l4off, hdrs, gso;
	const struct iphdr *v4;
	const struct ipv6hdr *v6;
	const void *h;
	u32 i;

	if (off < 0 || skb->len <= off)
		return false;
	avail = skb->len - off;
	if (proto == htons(ETH_P_IP)) {
		v4 = skb_header_pointer(skb, off, sizeof(ip.v4), &ip.v4);
		if (!v4 || v4->version != 4 || v4->ihl < 5 ||
		    (v4->frag_off & htons(IP_OFFSET)))
			return false;
		p->key.family = AF_INET;
		p->key.protocol = v4->protocol;
		memcpy(p->key.saddr, &v4->saddr, 4);
		memcpy(p->key.daddr, &v4->daddr, 4);
		l4off = off + v4->ihl * 4;
		ipbytes = ntohs(v4->tot_len);
	} else if (proto == htons(ETH_P_IPV6)) {
		v6 = skb_header_pointer(skb, off, sizeof(ip.v6), &ip.v6);
		if (!v6 || v6->version != 6)
			return false;
		p->key.family = AF_INET6;
		p->key.protocol = v6->nexthdr;
		memcpy(p->key.saddr, &v6->saddr, 16);
		memcpy(p->key.daddr, &v6->daddr, 16);
		l4off = off + sizeof(*v6);
		ipbytes = sizeof(*v6) + ntohs(v6->payload_len);
	} else {
		return false;
	}
	if (p->key.protocol == IPPROTO_TCP) {
		if (!(c->classes & XTRAIL_FLOW_TCP))
			return false;
		h = skb_header_pointer(skb, l4off, sizeof(l4.tcp), &l4.tcp);
		if (!h)
			return false;
		p->key.sport = ntohs(((const struct tcphdr *)h)->source);
		p->key.dport = ntohs(((const struct tcphdr *)h)->dest);
		p->tcp_flags = ((const u8 *)h)[13];
		hdrs = l4off - off + ((const struct tcphdr *)h)->doff * 4;
	} else if (p->key.protocol == IPPROTO_UDP) {
		if (!(c->classes & XTRAIL_FLOW_UDP))
			return false;
		h = skb_header_pointer(skb, l4off, sizeof(l4.udp), &l4.udp);
		if (!h)
			return false;
		p->key.sport = ntohs(((const struct udphdr *)h)->source);
		p->key.dport = ntohs(((const struct udphdr *)h)->dest);
		hdrs = l4off - off + sizeof(struct udphdr);
	} else {
		return false;
	}
	for (i = 0; i < c->nports; i++)
		if (c->ports[i] == p->key.sport || c->ports[i] == p->key.dport)
			break;
	if (c->nports && i == c->nports)
		return false;
	/* A GSO packet: the IP packets it will be cut into. */
	gso = skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : 0;
	if (gso && avail > hdrs) {
		p->bytes = avail;
		p->pkts = DIV_ROUND_UP(avail - hdrs, gso);
		p->bytes += (p->pkts - 1) * hdrs;
	} else {
		p->bytes = min(ipbytes, avail);
		p->pkts = 1;
	}
	return true;
}

static struct xtrail_flowvif *xtrail_flow_vif(const struct net_device *dev)
{
	struct xtrail_flowvif *v;

	list_for_each_entry_rcu(v, &xtrail_flow_vifs, node)
		if (v->dev == dev)
			return v;
	return NULL;
}

/*
 * A packet on @dev: from the guest (@skb->data at the IP header, which
 * @skb->protocol names) or to it (@skb->data at the Ethernet header).
 */
static void xtrail_flow_packet(const struct net_device *dev,
			       const struct sk_buff *skb, bool from_guest)
{
	const struct xtrail_flow_cfg *c;
	struct xtrail_flow_pkt p = {};
	struct xtrail_flowvif *v;
	__be16 proto, *type, buf;
	int off = 0;
	u16 tsf;
	u64 now;

	rcu_read_lock();
	v = xtrail_flow_vif(dev);
	if (likely(!v))
		goto out;
	c = rcu_dereference(xtrail_flow_cfg);
	if (!c->classes)
		goto out;
	proto = skb->protocol;
	if (!from_guest) {
		type = skb_header_pointer(skb, offsetof(struct ethhdr, h_proto),
					  sizeof(buf), &buf);
		if (!type)
			goto out;
		proto = *type;
		off = ETH_HLEN;
	}
	if (!xtrail_flow_parse(skb, off, proto, c, &p))
		goto out;
	p.vif = v->devid;
	p.from_guest = from_guest;
	spin_lock_bh(&v->g->lock);
	now = xtrail_clock_ns(&tsf);
	xtrail_ft_packet(&v->g->t, &p, now, xtrail_flow_emit, v->g);
	spin_unlock_bh(&v->g->lock);
out:
	rcu_read_unlock();
}

static void xtrail_flow_rx(void *data, struct sk_buff *skb)
{
	xtrail_flow_packet(skb->dev, skb, true);
}

static void xtrail_flow_tx(void *data, const struct sk_buff *skb,
			   const struct net_device *dev)
{
	xtrail_flow_packet(dev, skb, false);
}

static struct xtrail_tp xtrail_flow_tps[] = {
	{ .name = "netif_receive_skb", .probe = xtrail_flow_rx },
	{ .name = "net_dev_start_xmit", .probe = xtrail_flow_tx },
};

/* ---- guests and vifs ----------------------------------------------------- */

/* The table's size, in the kernel log (the benchmark reads it). */
static void xtrail_flow_table_info(const struct xtrail_flowguest *g)
{
	const struct xtrail_ft_store *s = &g->t.s;

	pr_info("flows of domain %u: a table of %u flows, %zu bytes each, %u buckets: %zu KiB\n",
		g->domid, s->cap, sizeof(*s->pool), s->mask + 1,
		(s->cap * sizeof(*s->pool) +
		 (s->mask + 1) * sizeof(*s->buckets)) >> 10);
}

static struct xtrail_flowguest *xtrail_flow_guest_get(u16 domid)
{
	struct xtrail_ft_store s;
	struct xtrail_flowguest *g;

	lockdep_assert_held(&xtrail_flow_mutex);
	list_for_each_entry(g, &xtrail_flow_guests, node)
		if (g->domid == domid)
			return g;
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return NULL;
	if (xtrail_ft_store_alloc(&s, READ_ONCE(flow_cap)))
		goto err_free;
	g->domid = domid;
	g->gen = atomic_read(&xtrail_flow_gen);
	spin_lock_init(&g->lock);
	xtrail_ft_init(&g->t, &s, get_random_u32());
	xtrail_dom0_src_init(&g->about);
	if (xtrail_dom0_src_open(&g->about, domid))
		goto err_store;
	list_add(&g->node, &xtrail_flow_guests);
	xtrail_flow_table_info(g);
	return g;

err_store:
	xtrail_ft_store_free(&g->t.s);
err_free:
	kfree(g);
	return NULL;
}

/* The guest's last vif went (no packet path can see it any more). */
static void xtrail_flow_guest_put(struct xtrail_flowguest *g)
{
	lockdep_assert_held(&xtrail_flow_mutex);
	if (--g->vifs)
		return;
	list_del(&g->node);
	spin_lock_bh(&g->lock);
	xtrail_ft_flush(&g->t, xtrail_flow_emit, g);
	xtrail_flow_lost_emit(g);
	spin_unlock_bh(&g->lock);
	xtrail_dom0_src_close(&g->about);
	xtrail_ft_store_free(&g->t.s);
	kfree(g);
}

/* @dev's guest and vif id, if @dev is a vif of netback. */
static bool xtrail_flow_is_vif(const struct net_device *dev, u16 *domid,
			       u32 *devid)
{
	struct device *parent = dev->dev.parent;
	const struct xenbus_device *xdev;
	const char *id;

	if (!parent || !parent->bus || !parent->bus->name ||
	    strcmp(parent->bus->name, "xen-backend"))
		return false;
	xdev = to_xenbus_device(parent);
	if (!xdev->devicetype || strcmp(xdev->devicetype, "vif") ||
	    !xdev->nodename)
		return false;
	id = strrchr(xdev->nodename, '/');
	if (!id || kstrtou32(id + 1, 10, devid))
		return false;
	*domid = xdev->otherend_id;
	return *domid != 0;
}

static void xtrail_flow_vif_add(struct net_device *dev)
{
	struct xtrail_flowvif *v;
	u32 devid;
	u16 domid;

	if (!xtrail_flow_is_vif(dev, &domid, &devid))
		return;
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		goto err;
	mutex_lock(&xtrail_flow_mutex);
	v->g = xtrail_flow_guest_get(domid);
	if (!v->g) {
		mutex_unlock(&xtrail_flow_mutex);
		kfree(v);
		goto err;
	}
	v->g->vifs++;
	v->dev = dev;
	v->devid = devid;
	list_add_rcu(&v->node, &xtrail_flow_vifs);
	mutex_unlock(&xtrail_flow_mutex);
	netdev_info(dev, "flows of domain %u, vif %u observed\n", domid,
		    devid);
	return;
err:
	netdev_warn(dev, "no memory to observe the flows of this vif\n");
}

static void xtrail_flow_vif_del(const struct net_device *dev)
{
	struct xtrail_flowvif *v;

	mutex_lock(&xtrail_flow_mutex);
	list_for_each_entry(v, &xtrail_flow_vifs, node)
		if (v->dev == dev)
			break;
	if (list_entry_is_head(v, &xtrail_flow_vifs, node)) {
		mutex_unlock(&xtrail_flow_mutex);
		return;
	}
	list_del_rcu(&v->node);
	synchronize_rcu();
	xtrail_flow_guest_put(v->g);
	mutex_unlock(&xtrail_flow_mutex);
	kfree(v);
}

static int xtrail_flow_netdev_event(struct notifier_block *nb,
				    unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	if (event == NETDEV_REGISTER)
		xtrail_flow_vif_add(dev);
	else if (event == NETDEV_UNREGISTER)
		xtrail_flow_vif_del(dev);
	return NOTIFY_DONE;
}

static struct notifier_block xtrail_flow_nb = {
	.notifier_call = xtrail_flow_netdev_event,
};

/* ---- the periodic work --------------------------------------------------- */

/* A changed cap or classes: the guest's table starts over. */
static void xtrail_flow_renew(struct xtrail_flowguest *g, int gen, u32 cap)
{
	struct xtrail_ft_store s;

	if (xtrail_ft_store_alloc(&s, cap))
		return; /* tried again at the next tick */
	spin_lock_bh(&g->lock);
	xtrail_ft_swap(&g->t, &s, xtrail_flow_emit, g);
	g->gen = gen;
	spin_unlock_bh(&g->lock);
	xtrail_ft_store_free(&s);
	xtrail_flow_table_info(g);
}

static void xtrail_flow_work_fn(struct work_struct *work)
{
	struct xtrail_ft_times tm = {
		.idle_ns = (u64)max(READ_ONCE(flow_idle_s), 1u) * NSEC_PER_SEC,
		.update_ns = (u64)max(READ_ONCE(flow_update_s), 1u) *
			     NSEC_PER_SEC,
		.linger_ns = XTRAIL_FLOW_LINGER_NS,
	};
	u32 cap = clamp_t(u32, READ_ONCE(flow_cap), 1, XTRAIL_FT_CAP_MAX);
	int gen = atomic_read(&xtrail_flow_gen);
	struct xtrail_flowguest *g;
	u16 tsf;

	mutex_lock(&xtrail_flow_mutex);
	list_for_each_entry(g, &xtrail_flow_guests, node) {
		if (g->gen != gen || g->t.s.cap != cap)
			xtrail_flow_renew(g, gen, cap);
		spin_lock_bh(&g->lock);
		xtrail_ft_sweep(&g->t, &tm, xtrail_clock_ns(&tsf),
				xtrail_flow_emit, g);
		xtrail_flow_lost_emit(g);
		spin_unlock_bh(&g->lock);
	}
	mutex_unlock(&xtrail_flow_mutex);
	schedule_delayed_work(&xtrail_flow_work, HZ);
}

/* ---- init ---------------------------------------------------------------- */

int xtrail_flowobs_init(void)
{
	int ret;

	xtrail_flow_unloading = false;
	ret = register_netdevice_notifier(&xtrail_flow_nb);
	if (ret)
		return ret;
	ret = xtrail_tp_register(xtrail_flow_tps, ARRAY_SIZE(xtrail_flow_tps),
				 NULL);
	if (ret) {
		unregister_netdevice_notifier(&xtrail_flow_nb);
		return ret;
	}
	schedule_delayed_work(&xtrail_flow_work, HZ);
	pr_info("flows: observed on the guests' vifs, %u per guest\n",
		flow_cap);
	return 0;
}

/*
 * No record at unload: no reader can take one (the device is closed), as
 * for control records (main.c).
 */
void xtrail_flowobs_uninit(void)
{
	struct xtrail_flowvif *v, *tmp;
	struct xtrail_flow_cfg *c;

	xtrail_tp_unregister(xtrail_flow_tps, ARRAY_SIZE(xtrail_flow_tps),
			     NULL);
	cancel_delayed_work_sync(&xtrail_flow_work);
	WRITE_ONCE(xtrail_flow_unloading, true);
	unregister_netdevice_notifier(&xtrail_flow_nb);
	/* Vifs the notifier did not replay (other namespaces). */
	rtnl_lock();
	list_for_each_entry_safe(v, tmp, &xtrail_flow_vifs, node)
		xtrail_flow_vif_del(v->dev);
	rtnl_unlock();
	c = rcu_dereference_protected(xtrail_flow_cfg, true);
	if (c != &xtrail_flow_cfg_default) {
		rcu_assign_pointer(xtrail_flow_cfg, &xtrail_flow_cfg_default);
		synchronize_rcu();
		kfree(c);
	}
}
