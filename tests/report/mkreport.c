// SPDX-License-Identifier: GPL-2.0
/*
 * mkreport FILE: write a record stream for "xtraild -d FILE" (tests/report/
 * run.sh) that has something for every section of "xtrail report": a CLOCK,
 * two VMs (domid 7, "web", the customer of the transparency test; domid 4711,
 * "other-customer"), each with execs (the spam among them), forks, a
 * terminal session and a flow; in VM web: a loss declared by the guest, a
 * sequence gap and a heartbeat silence noticed by dom0, a violation and a
 * DISCONNECT for it; operator actions aimed at web, at the other VM and at
 * every guest. Guest-controlled text (argv, comm, terminal output) holds
 * "<script>" and both kinds of quotes, to test the report's escaping.
 */
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test_util.h"

#define T0		1000000000ull			/* ts of the CLOCK */
#define REALTIME	1796000000000000000ull		/* 2026-11-29 */
#define SEC		1000000000ull

static struct rec_buf r;
static int fd;
static uint64_t seq;

static const uint8_t uuid_web[16] = {
	0x6f, 0x1e, 0x2d, 0x3c, 0x4b, 0x5a, 0x49, 0x38,
	0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 };
static const uint8_t uuid_other[16] = {
	0x0b, 0xad, 0xc0, 0xde, 0x00, 0x11, 0x42, 0x22,
	0x83, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66 };

/* Stamp the record in @r at @t seconds after the CLOCK, write it. */
static void put(uint32_t len, uint16_t domid, double t)
{
	struct xtrail_rec_hdr *h = hdr_of(&r);
	uint64_t ns = T0 + (uint64_t)(t * SEC);

	h->seq = xt_cpu64(seq++);
	h->domid = xt_cpu16(domid);
	h->ts_ns = xt_cpu64(ns);
	h->recv_ns = xt_cpu64(ns + 1000);
	if (write(fd, r.b, len) != (ssize_t)len) {
		perror("mkreport");
		exit(1);
	}
}

static void *body(void)
{
	return r.b + sizeof(struct xtrail_rec_hdr);
}

static void clock_rec(void)
{
	uint32_t len = build_dom0(&r, XTRAIL_REC_CLOCK);
	struct xtrail_clock *c = body();

	c->realtime_ns = xt_cpu64(REALTIME);
	put(len, 0, 0);
}

static void identity(uint16_t domid, const uint8_t *uuid, const char *name,
		     double t)
{
	uint32_t len = build_dom0(&r, XTRAIL_REC_VM_IDENTITY);
	struct xtrail_vm_identity *v = body();

	memcpy(v->uuid, uuid, 16);
	strncpy(v->name, name, sizeof(v->name));
	put(len, domid, t);
	len = build_dom0(&r, XTRAIL_REC_CONNECT);
	put(len, domid, t);
}

static void exec_rec(uint16_t domid, uint32_t pid, uint32_t ppid,
		     uint32_t uid, const char *comm, const char *fn,
		     const char *argv, uint32_t argv_len, uint32_t argc,
		     double t)
{
	uint32_t len = build_exec(&r, fn, strlen(fn), 0, argv, argv_len, 0,
				  0, argc);
	struct xtrail_rec_hdr *h = hdr_of(&r);

	h->pid = xt_cpu32(pid);
	h->tgid = xt_cpu32(pid);
	h->ppid = xt_cpu32(ppid);
	h->uid = xt_cpu32(uid);
	h->euid = xt_cpu32(uid);
	h->loginuid = xt_cpu32(uid);
	memset(h->comm, 0, sizeof(h->comm));
	strncpy((char *)h->comm, comm, sizeof(h->comm));
	put(len, domid, t);
}

static void tty_rec(uint16_t domid, const char *text, double t)
{
	put(build_tty_rec(&r, "pts0", 0, text, strlen(text)), domid, t);
}

static void control(unsigned int action, uint32_t target, const char *text,
		    double t)
{
	uint32_t n = strlen(text);
	uint32_t len = build_dom0(&r, XTRAIL_REC_CONTROL);
	struct xtrail_control *c = body();
	struct xtrail_rec_hdr *h = hdr_of(&r);

	c->action = xt_cpu32(action);
	c->target = xt_cpu32(target);
	c->text_len = xt_cpu16(n);
	c->instance = xt_cpu64(0x1234abcd5678ef00ull);
	memcpy(c + 1, text, n);
	len = (len + n + XTRAIL_REC_ALIGN - 1) & ~(XTRAIL_REC_ALIGN - 1);
	memset(r.b + sizeof(*h) + sizeof(*c) + n, 0,
	       len - sizeof(*h) - sizeof(*c) - n);
	h->len = xt_cpu32(len);
	h->uid = 0;
	h->euid = 0;
	h->loginuid = xt_cpu32(1000);
	memset(h->comm, 0, sizeof(h->comm));
	memcpy(h->comm, "xtrail", 6);
	put(len, 0, t);
}

static void flow(uint16_t domid, uint8_t last, uint16_t dport, double t)
{
	uint32_t len = build_dom0(&r, XTRAIL_REC_FLOW);
	struct xtrail_flow *f = body();
	static const uint8_t dst[4] = { 10, 99, 0, 1 };
	uint8_t src[4] = { 10, 99, 0, last };

	f->flags = xt_cpu32(XTRAIL_FLOW_FROM_GUEST);
	f->family = xt_cpu16(AF_INET);
	f->protocol = IPPROTO_TCP;
	memcpy(f->saddr, src, 4);
	memcpy(f->daddr, dst, 4);
	f->sport = xt_cpu16(40000);
	f->dport = xt_cpu16(dport);
	f->flow_id = xt_cpu64(dport);
	put(len, domid, t);
}

static void web_evidence(void)
{
	uint32_t len = build_lost(&r, 5, 100);
	struct xtrail_seq_gap *g;
	struct xtrail_hb_silence *s;
	struct xtrail_violation *v;
	struct xtrail_source *src;

	put(len, 7, 200);
	len = build_dom0(&r, XTRAIL_REC_SEQ_GAP);
	g = body();
	g->kind = xt_cpu32(XTRAIL_GAP_MISSING);
	g->expected = xt_cpu64(200);
	g->got = xt_cpu64(203);
	g->missing = xt_cpu64(3);
	put(len, 7, 230);
	len = build_dom0(&r, XTRAIL_REC_HB_SILENCE);
	s = body();
	s->state = xt_cpu32(XTRAIL_HB_STOPPED);
	s->period_ms = xt_cpu32(1000);
	s->limit_ms = xt_cpu32(5000);
	s->silent_ns = xt_cpu64(6 * SEC);
	put(len, 7, 260);
	len = build_dom0(&r, XTRAIL_REC_VIOLATION);
	v = body();
	v->reason = xt_cpu32(1);
	v->rec_len = xt_cpu32(3);
	put(len, 7, 280);
	len = build_dom0(&r, XTRAIL_REC_DISCONNECT);
	src = body();
	src->reason = xt_cpu32(XTRAIL_DISC_VIOLATION);
	put(len, 7, 280);
}

static const char bad_argv[] =
	"sh\0-c\0echo \"<script>alert('x')</script>\" > /tmp/o";

int main(int argc, char *argv[])
{
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: mkreport FILE\n");
		return 1;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	clock_rec();
	control(XTRAIL_CTL_LOAD, XTRAIL_CTL_ALL, "flow_ports=25", 0.5);
	identity(7, uuid_web, "web", 1);
	identity(4711, uuid_other, "other-customer", 2);
	exec_rec(7, 500, 1, 1000, "bash", "/bin/bash", "-bash", 6, 1, 10);
	tty_rec(7, "$ mail -s spamSubject \"<script>\"\r\n", 11);
	for (i = 0; i < 30; i++)
		exec_rec(7, 600 + i, 500, 1000, "mail", SPAM_FILENAME,
			 spam_argv, SPAM_ARGV_LEN, 4, 20 + i * 3);
	exec_rec(7, 700, 500, 1000, "<script>x", "/bin/sh", bad_argv,
		 sizeof(bad_argv), 3, 120);
	for (i = 0; i < 20; i++)
		flow(7, 2, 25, 21 + i * 3);
	control(XTRAIL_CTL_PAUSE, 7, "", 150);
	control(XTRAIL_CTL_RESUME, 7, "", 160);
	control(XTRAIL_CTL_CONFIG, 4711, "events=exec ignore-uid=4242", 170);
	control(XTRAIL_CTL_PAUSE, XTRAIL_CTL_ALL, "", 175);
	control(XTRAIL_CTL_RESUME, XTRAIL_CTL_ALL, "", 176);
	exec_rec(4711, 800, 1, 4242, "cron", "/usr/sbin/cron", "cron\0-f", 8,
		 2, 30);
	tty_rec(4711, "other-secret-prompt$ ", 40);
	flow(4711, 3, 443, 50);
	web_evidence();
	exec_rec(4711, 801, 800, 4242, "backup", "/usr/bin/backup",
		 "backup\0--all", 13, 2, 290);
	return close(fd) ? 1 : 0;
}
