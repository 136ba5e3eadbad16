// SPDX-License-Identifier: GPL-2.0
/* common/xsnum.c, compiled into this module: see common/Kbuild.include. */
#include "../common/xsnum.c"
