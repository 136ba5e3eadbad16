/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef XTRAIL_VERSION_H
#define XTRAIL_VERSION_H

#ifndef XTRAIL_VERSION
#define XTRAIL_VERSION	"0.1.0"
#endif

#endif /* XTRAIL_VERSION_H */
