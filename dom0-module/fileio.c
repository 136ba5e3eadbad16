// SPDX-License-Identifier: GPL-2.0
/* common/fileio.c, compiled into this module: see common/Kbuild.include. */
#include "../common/fileio.c"
