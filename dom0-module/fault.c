// SPDX-License-Identifier: GPL-2.0
/* common/fault.c, compiled into this module: see common/Kbuild.include. */
#include "../common/fault.c"
