/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h: the one place for differences between kernel versions.
 *
 * The modules are built and tested against Debian 12's 6.1 kernel only
 * (6.1.y with Debian's patches). What changed upstream after 6.1 in the
 * APIs they use, and how each change is met:
 *
 *  - struct xenbus_driver.remove returns void since 6.2 ("xen: make remove
 *    callback of xen driver void returned"), and in the 6.1.y stable
 *    kernels that took that change (Debian 12's has), int before: a
 *    version number cannot tell, so XTRAIL_XENBUS_REMOVE() picks by the
 *    type the headers declare.
 *  - no_llseek is gone since 6.12: /dev/xtrail has no .llseek and its
 *    open() calls stream_open(), which makes lseek fail with -ESPIPE on
 *    every version.
 *  - pty_write() and hvc_write() (kprobed for terminal records) take a
 *    size_t count since 6.6, an int before: the probes read the arguments
 *    from the same registers either way.
 *  - A tracepoint that gains trailing arguments needs no change (the probes
 *    use leading ones); one that is renamed or removed makes the module
 *    refuse to load, naming it (tracepoints.c).
 *
 * The modules use no class_create(), genetlink or other interface whose
 * signature changed after 6.1. Kernels older than 6.1 are not supported
 * (xenbus .not_essential, used by the guest module, came in 5.16).
 */
#ifndef XTRAIL_COMPAT_H
#define XTRAIL_COMPAT_H

#include <linux/compiler.h>
#include <xen/xenbus.h>

/*
 * XTRAIL_XENBUS_REMOVE(fn) is the .remove of a struct xenbus_driver for
 * "static void fn(struct xenbus_device *)": fn itself where .remove
 * returns void, else fn_int, an int-returning wrapper that
 * XTRAIL_XENBUS_REMOVE_WRAPPER(fn) defines (put it after fn).
 */
#define XTRAIL_XENBUS_REMOVE_WRAPPER(fn)				\
	static int __maybe_unused fn##_int(struct xenbus_device *dev)	\
	{								\
		fn(dev);						\
		return 0;						\
	}

#define XTRAIL_XENBUS_REMOVE(fn)					\
	__builtin_choose_expr(						\
		__builtin_types_compatible_p(				\
			typeof(((struct xenbus_driver *)NULL)->remove),	\
			void (*)(struct xenbus_device *)),		\
		fn, fn##_int)

#endif /* XTRAIL_COMPAT_H */
