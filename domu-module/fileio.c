// SPDX-License-Identifier: GPL-2.0
/* Shared with xtrail_dom0: one source, compiled into each module. */
#include "../common/fileio.c"
