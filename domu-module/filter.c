// SPDX-License-Identifier: GPL-2.0
/* common/filter.c, compiled into this module: see common/Kbuild.include. */
#include "../common/filter.c"
