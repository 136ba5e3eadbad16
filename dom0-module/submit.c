// SPDX-License-Identifier: GPL-2.0
/* common/submit.c, compiled into this module: see common/Kbuild.include. */
#include "../common/submit.c"
