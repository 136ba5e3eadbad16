/* SPDX-License-Identifier: GPL-2.0 */
/* Stand-in for the kernel's <asm/barrier.h>: see ../kernel.h. */
#include "../kernel.h"
