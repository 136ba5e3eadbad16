# SPDX-License-Identifier: GPL-2.0
#
# The objects of each part of userspace/, relative to userspace/. Included
# by userspace/Makefile and by the test Makefiles, so that each object is
# listed once.

LIB_OBJS := lib/attr_bytes.o lib/attribution.o lib/crc32c.o lib/f3_anchor.o lib/f3_crypto.o \
	lib/f3_files.o \
	lib/f3_io.o lib/f3_keyfile.o lib/f3_pins.o lib/f3_reader.o lib/f3_replica.o \
	lib/f3_segment.o lib/f3_tail.o lib/f3_trail.o \
	lib/f3_writer.o lib/json_build.o lib/nl.o lib/proc_hist.o \
	lib/record_json.o lib/record_json_dom0.o lib/stream_pos.o lib/text_safe.o lib/trace.o \
	lib/vm_join.o lib/xs_attach.o lib/xs_util.o

XTRAILD_OBJS := daemon/main.o daemon/conf.o daemon/signals.o daemon/say.o \
	daemon/input.o daemon/logfile.o daemon/store.o daemon/disk.o \
	daemon/loop.o daemon/autoattach.o daemon/replicate.o daemon/collector.o \
	daemon/relp_session.o

XTRAIL_OBJS := cli/xtrail.o cli/opt.o cli/log_reader.o cli/export_fmt.o cli/export_sqlite.o \
	cli/export_msg.o cli/export_ecs.o \
	cli/cmd_attach.o cli/cmd_detach.o cli/cmd_status.o cli/cmd_config.o \
	cli/cmd_pause.o cli/cmd_watch.o cli/cmd_export.o cli/cmd_attribute.o \
	cli/flow_out.o cli/cmd_trace.o cli/trace_out.o \
	cli/cmd_verify.o cli/cmd_anchor.o cli/cmd_replay.o cli/cmd_keygen.o cli/cmd_ringdump.o \
	cli/cmd_version.o cli/cmd_unpack.o cli/repl_status.o cli/cmd_detect.o cli/detect.o \
	cli/detect_rule.o cli/cmd_report.o cli/report_model.o cli/report_find.o cli/report_html.o \
	cli/report_svg.o cli/report_esc.o
