/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail export": the message of a record, one line for humans built from
 * its JSON object (record_json.h): "[domid D pid P uid U COMM] TYPE ..."
 * with what matters of each type. Every string a guest controls is in its
 * display form (text_safe.h): no line break, no terminal control, no bidi
 * control. An exec's arguments are quoted as a shell reads them back:
 * one in the display form that is empty or holds anything but
 * [A-Za-z0-9@%+=:,./_-] is put between single quotes, a quote in it
 * written '\''. Also the getters of the JSON object the formats share.
 */
#ifndef XTRAIL_EXPORT_MSG_H
#define XTRAIL_EXPORT_MSG_H

#include <stdint.h>

#include <json.h>

/* The integer @key of @o, -1 if absent or null. */
int64_t xt_jget_int(struct json_object *o, const char *key);

/* The string @key of @o, NULL if absent, null or not a string. */
const char *xt_jget_str(struct json_object *o, const char *key);

/* The message of the record @o; malloc()ed, NULL when memory runs out. */
char *xt_rec_message(struct json_object *o);

#endif /* XTRAIL_EXPORT_MSG_H */
