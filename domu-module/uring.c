// SPDX-License-Identifier: GPL-2.0
/* common/uring.c, compiled into this module: see common/Kbuild.include. */
#include "../common/uring.c"
