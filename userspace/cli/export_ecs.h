/* SPDX-License-Identifier: GPL-2.0 */
/*
 * "xtrail export --format ecs": a record as an Elastic Common Schema
 * document (ECS_VERSION), for Elasticsearch, OpenSearch and Timesketch,
 * where the community's Sigma rules for Linux run on ECS field names.
 *
 * Built from the record's JSON object (record_json.h, with f3_seq first
 * as cmd_export.c adds it), its wall-clock time and its message
 * (export_msg.h). Every value is of the type ECS gives its field (ids of
 * users and groups are keyword, so text); a value the record does not
 * have is left out, never null. What ECS has no field for is under
 * "xtrail": the record's own fields as the jsonl format has them (f3_seq,
 * seq, type, domid, vcpu, loginuid, sessionid, ts_ns, the type's fields;
 * nulls left out), less those mapped below one to one (the task ids,
 * comm, time, vm_uuid, vm_name, argv).
 *
 *   @timestamp                 time (records without one are left out)
 *   message                    the record's message
 *   ecs.version                ECS_VERSION
 *   event.kind                 "event" ("metric" for a heartbeat)
 *   event.category, .type      by record type (and syscall, net kind)
 *   event.action               exec, fork, exit, the syscall's name, the
 *                              net kind, tty_input/tty_output, flow_EVENT,
 *                              the control action, else the type
 *   event.sequence             f3_seq (the log's total order)
 *   event.module, .dataset     "xtrail", "xtrail.TYPE"
 *   event.outcome              success/failure: a syscall's ret, an
 *                              operator's control applied or refused
 *   host.id, host.name,        vm_uuid and vm_name, the VM the record is
 *   cloud.instance.id, .name   about (left out when "": dom0's own)
 *   process.pid, .thread.id    tgid, pid (fork: the child's)
 *   process.parent.pid         ppid (fork: the forking process)
 *   process.name               comm
 *   process.executable         exec: exe, else filename
 *   process.args, .args_count  exec: argv, argc_total
 *   process.command_line       exec: argv joined by spaces
 *   process.working_directory  exec: cwd
 *   process.exit_code          exit: exit_status
 *   user.id, user.effective.id uid, euid (as text)
 *   user.group.id,             gid, egid (as text)
 *   user.effective.group.id
 *   file.path                  file and close records: path
 *   source.*, destination.*    net: local, remote (accept: remote,
 *                              local); flow: initiator, responder; .ip,
 *                              .port, and .bytes, .packets where known
 *   network.transport, .type   tcp/udp, ipv4/ipv6
 *   network.direction          egress/ingress where the record says
 *   network.bytes, .packets    the two sides' sums (net close, flow)
 *
 * Strings are the text they stand for: record_json.h's \\ and \xHH undone
 * when that gives valid UTF-8 without NUL; else as jsonl has them (and
 * xtrail.*_b64 holds the exact bytes).
 */
#ifndef XTRAIL_EXPORT_ECS_H
#define XTRAIL_EXPORT_ECS_H

#include <stdint.h>

#include <json.h>

/* The ECS release whose field reference the export was checked against. */
#define ECS_VERSION	"9.4.0"

/*
 * The ECS document of the record @rec at wall-clock @time_ns (>= 0) with
 * message @msg; a new object, NULL when memory runs out.
 */
struct json_object *xt_ecs_doc(struct json_object *rec, int64_t time_ns,
			       const char *msg);

#endif /* XTRAIL_EXPORT_ECS_H */
