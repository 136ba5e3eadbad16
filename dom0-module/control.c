// SPDX-License-Identifier: GPL-2.0
/*
 * Control records: every operator action on this module, logged as a
 * CONTROL record (xtrail_proto.h, "Control") among dom0's control records.
 * Who acted is the header, filled from the task that acted (uid, euid,
 * loginuid, sessionid, pid, comm); what is the action, its target and a
 * text ("events=exec ignore-uid=1000"); the result is 0 or the errno it
 * was refused with. netlink.c logs its commands, chardev.c the stream's
 * reader, xenbus.c the backends that come and go, and the writable module
 * parameters log their writes through the parameter ops here.
 *
 * xtrail_control_start() draws the module's instance (in every CONTROL
 * record: a new one is a new load) and logs the load with the module's
 * arguments; nothing is logged before it (the parameters given at load
 * are in that record) or after xtrail_control_stop().
 */
#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "xtrail_ring.h"
#include "control.h"
#include "merge.h"
#include "record.h"

static u64 xtrail_instance;
static bool xtrail_control_live;

struct xtrail_control_rec {
	struct xtrail_rec_hdr h;
	struct xtrail_control c;
	char text[XTRAIL_CTL_TEXT_MAX + XTRAIL_REC_ALIGN];
};

/* Process context: the current task is the one that acted. */
void xtrail_control_log(u32 action, u32 target, int err, const char *fmt,
			...)
{
	struct xtrail_control_rec *r;
	va_list ap;
	int i, n;

	if (!READ_ONCE(xtrail_control_live))
		return;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r) {
		pr_warn_ratelimited("no memory for a control record (action %u)\n",
				    action);
		return;
	}
	xtrail_hdr_fill_current(&r->h);
	r->h.type = cpu_to_le16(XTRAIL_REC_CONTROL);
	r->c.action = cpu_to_le32(action);
	r->c.result = cpu_to_le32(err < 0 ? -err : err);
	r->c.target = cpu_to_le32(target);
	r->c.instance = cpu_to_le64(xtrail_instance);
	va_start(ap, fmt);
	n = vsnprintf(r->text, XTRAIL_CTL_TEXT_MAX + 1, fmt, ap);
	va_end(ap);
	if (n > XTRAIL_CTL_TEXT_MAX) {
		n = XTRAIL_CTL_TEXT_MAX;
		r->c.flags = cpu_to_le16(XTRAIL_CTL_TRUNC);
	}
	/* What an operator typed is printable ASCII in the log. */
	for (i = 0; i < n; i++)
		if (r->text[i] < 0x20 || r->text[i] > 0x7e)
			r->text[i] = '?';
	r->text[n] = 0;
	r->c.text_len = cpu_to_le16(n);
	xtrail_stream_push_who(r, xtrail_rec_align(sizeof(r->h) +
						   sizeof(r->c) + n));
	kfree(r);
}

/* A write to module parameter @kp: "name=value" as written, and its result. */
static void xtrail_control_param(const struct kernel_param *kp,
				 const char *val, int ret)
{
	xtrail_control_log(XTRAIL_CTL_PARAM, XTRAIL_CTL_ALL, ret, "%s=%.*s",
			   kp->name, (int)strcspn(val, "\n"), val);
}

static int xtrail_param_set_bool(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_bool(val, kp);

	xtrail_control_param(kp, val, ret);
	return ret;
}

static int xtrail_param_set_uint(const char *val, const struct kernel_param *kp)
{
	int ret = param_set_uint(val, kp);

	xtrail_control_param(kp, val, ret);
	return ret;
}

const struct kernel_param_ops xtrail_param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG,
	.set = xtrail_param_set_bool,
	.get = param_get_bool,
};

const struct kernel_param_ops xtrail_param_ops_uint = {
	.set = xtrail_param_set_uint,
	.get = param_get_uint,
};

/*
 * "name=value ..." of every parameter of the module, as sysfs shows them,
 * into @text of @size bytes (the load's arguments are parsed in place, so
 * mod->args no longer holds them). Returns the length.
 */
static size_t xtrail_control_params(char *text, size_t size)
{
	const struct module *mod = THIS_MODULE;
	char *val = (char *)__get_free_page(GFP_KERNEL);
	size_t off = 0;
	unsigned int i;
	int n;

	text[0] = 0;
	if (!val)
		return 0;
	kernel_param_lock(THIS_MODULE);
	for (i = 0; i < mod->num_kp && off + 1 < size; i++) {
		const struct kernel_param *kp = &mod->kp[i];

		if (!kp->ops->get)
			continue;
		n = kp->ops->get(val, kp);
		if (n < 0)
			continue;
		off += scnprintf(text + off, size - off, "%s%s=%.*s",
				 off ? " " : "", kp->name,
				 (int)strcspn(val, "\n"), val);
	}
	kernel_param_unlock(THIS_MODULE);
	free_page((unsigned long)val);
	return off;
}

/* The module is up: from now on, actions are logged; the load first. */
void xtrail_control_start(void)
{
	char *params = kmalloc(XTRAIL_CTL_TEXT_MAX + 1, GFP_KERNEL);

	do {
		xtrail_instance = get_random_u64();
	} while (!xtrail_instance);
	/* Parameter writes log under the parameters' lock. */
	kernel_param_lock(THIS_MODULE);
	WRITE_ONCE(xtrail_control_live, true);
	kernel_param_unlock(THIS_MODULE);
	if (params)
		xtrail_control_params(params, XTRAIL_CTL_TEXT_MAX + 1);
	xtrail_control_log(XTRAIL_CTL_LOAD, XTRAIL_CTL_ALL, 0,
			   "protocol %u: %s", XTRAIL_PROTO_VERSION,
			   params ? params : "?");
	kfree(params);
	pr_info("control: instance %016llx\n", xtrail_instance);
}

/* Before the stream goes: nothing more is logged. */
void xtrail_control_stop(void)
{
	kernel_param_lock(THIS_MODULE);
	WRITE_ONCE(xtrail_control_live, false);
	kernel_param_unlock(THIS_MODULE);
}
