// SPDX-License-Identifier: GPL-2.0
/* common/tty.c, compiled into this module: see common/Kbuild.include. */
#include "../common/tty.c"
