// SPDX-License-Identifier: GPL-2.0
/* common/argv0.c, compiled into this module: see common/Kbuild.include. */
#include "../common/argv0.c"
