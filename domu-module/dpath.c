// SPDX-License-Identifier: GPL-2.0
/* common/dpath.c, compiled into this module: see common/Kbuild.include. */
#include "../common/dpath.c"
