/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * F3, the log xtraild writes: the whole API in one include, for the
 * programs and the tests. Each part has its own header and file:
 *
 *   f3_format.h   the byte layout (the specification), no code
 *   f3_crypto.h   hash chain, sealing keys and MACs, segment keys
 *   f3_keyfile.h  key files and the sealing key file
 *   f3_segment.h  a segment's state word
 *   f3_anchor.h   anchors as text
 *   f3_reader.h   reading and verifying a log
 *   f3_files.h    a log's files: rotation, listing, scanning
 *   f3_writer.h   appending to a log, recovering it on open
 *   f3_io.h       whole writes and directory syncs
 *
 * The library's own files include the headers they use, not this one.
 */
#ifndef XTRAIL_F3_H
#define XTRAIL_F3_H

#include "f3_anchor.h"
#include "f3_crypto.h"
#include "f3_files.h"
#include "f3_format.h"
#include "f3_io.h"
#include "f3_keyfile.h"
#include "f3_reader.h"
#include "f3_segment.h"
#include "f3_writer.h"

#endif /* XTRAIL_F3_H */
