// SPDX-License-Identifier: GPL-2.0
/* common/road32.c, compiled into this module: see common/Kbuild.include. */
#include "../common/road32.c"
