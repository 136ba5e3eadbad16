// SPDX-License-Identifier: GPL-2.0
/* Shared with xtrail_domu: one source, compiled into each module. */
#include "../common/fileio.c"
