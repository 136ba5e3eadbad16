// SPDX-License-Identifier: GPL-2.0
/* common/tracepoints.c, compiled into this module: see common/Kbuild.include. */
#include "../common/tracepoints.c"
