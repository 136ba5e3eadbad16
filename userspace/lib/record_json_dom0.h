/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON of the records dom0 makes about a guest (record_json_dom0.c), for
 * record_json.c.
 */
#ifndef XTRAIL_RECORD_JSON_DOM0_H
#define XTRAIL_RECORD_JSON_DOM0_H

#include <stdint.h>

#include "json_build.h"

/* Add the fields of @body (a dom0 record of @type, checked) to @b. */
void xt_json_dom0_body(struct jb *b, unsigned int type, const uint8_t *body,
		       uint32_t body_len);

#endif /* XTRAIL_RECORD_JSON_DOM0_H */
