/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _XTRAIL_CONFIG_H
#define _XTRAIL_CONFIG_H

struct xenbus_device;

int xtrail_config_watch(struct xenbus_device *dev);
void xtrail_config_unwatch(void);

#endif
