// SPDX-License-Identifier: GPL-2.0
/* common/twins.c, compiled into this module: see common/Kbuild.include. */
#include "../common/twins.c"
