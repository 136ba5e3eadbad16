// SPDX-License-Identifier: GPL-2.0
/* common/clock.c, compiled into this module: see common/Kbuild.include. */
#include "../common/clock.c"
