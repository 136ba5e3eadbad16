/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xtraild's auto-attach: a thread that watches xenstore for domains coming
 * and going (@introduceDomain, @releaseDomain) and gives every new guest
 * an xtrail device, and removes the backend directory of a guest that is
 * gone (the toolstack does not know the device, so nobody else would).
 */
#ifndef XTRAIL_AUTOATTACH_H
#define XTRAIL_AUTOATTACH_H

struct autoattach;

/*
 * Connect to xenstore, watch, attach the guests already there that have no
 * xtrail device, and keep doing so in a thread, for devices whose backend
 * is domain @bdom; the thread reports through say(). Returns NULL after a
 * message when xenstore cannot be reached or watched (logging goes on
 * without it).
 */
struct autoattach *autoattach_start(unsigned int bdom);

/* Stop the thread and disconnect. NULL is fine. */
void autoattach_stop(struct autoattach *aa);

#endif /* XTRAIL_AUTOATTACH_H */
