// SPDX-License-Identifier: GPL-2.0
/* The guest module's own source (see hostile.c). */
#include "../../../common/digest.c"
