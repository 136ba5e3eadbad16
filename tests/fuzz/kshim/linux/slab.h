/* SPDX-License-Identifier: GPL-2.0 */
/* Stand-in for the kernel's <linux/slab.h>: see ../kernel.h. */
#include "../kernel.h"
