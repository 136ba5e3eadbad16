// SPDX-License-Identifier: GPL-2.0
/* common/dedup.c, compiled into this module: see common/Kbuild.include. */
#include "../common/dedup.c"
