// SPDX-License-Identifier: GPL-2.0
/* common/probes.c, compiled into this module: see common/Kbuild.include. */
#include "../common/probes.c"
