/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VM identity's values as dom0 reads them from xenstore, parsed
 * strictly (vmid_parse.c): each returns 0, or -EINVAL and leaves its
 * output zeroed. Pure: no xenstore, for the KUnit tests too.
 */
#ifndef _XTRAIL_DOM0_VMID_PARSE_H
#define _XTRAIL_DOM0_VMID_PARSE_H

#include <linux/types.h>

#include "xtrail_proto.h"

int xtrail_vmid_parse_uuid(const char *s, u8 uuid[16]);
int xtrail_vmid_parse_name(const char *s, char name[XTRAIL_VM_NAME_MAX]);
int xtrail_vmid_parse_mac(const char *s, u8 mac[6]);
int xtrail_vmid_parse_ip(const char *s, char ip[XTRAIL_VM_IP_MAX]);

#endif
