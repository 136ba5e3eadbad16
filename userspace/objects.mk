# SPDX-License-Identifier: GPL-2.0
#
# The objects of each part of userspace/, relative to userspace/. Included
# by userspace/Makefile and by the test Makefiles, so that each object is
# listed once.

LIB_OBJS := lib/crc32c.o lib/f3_anchor.o lib/f3_crypto.o lib/f3_files.o \
	lib/f3_io.o lib/f3_keyfile.o lib/f3_reader.o lib/f3_segment.o \
	lib/f3_writer.o lib/nl.o lib/record_json.o \
	lib/stream_pos.o lib/xs_attach.o lib/xs_util.o

XTRAILD_OBJS := daemon/xtraild.o daemon/autoattach.o

XTRAIL_OBJS := cli/xtrail.o cli/cmd_attach.o cli/cmd_detach.o \
	cli/cmd_config.o cli/cmd_export.o cli/cmd_version.o cli/cmd_keygen.o \
	cli/cmd_verify.o cli/xs_opt.o cli/cmd_ringdump.o cli/export_fmt.o \
	cli/cmd_replay.o cli/cmd_status.o cli/cmd_pause.o cli/cmd_watch.o
