// SPDX-License-Identifier: GPL-2.0
/* common/record.c, compiled into this module: see common/Kbuild.include. */
#include "../common/record.c"
