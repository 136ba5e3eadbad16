// SPDX-License-Identifier: GPL-2.0
/* common/digest.c, compiled into this module: see common/Kbuild.include. */
#include "../common/digest.c"
