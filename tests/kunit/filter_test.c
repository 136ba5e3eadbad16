// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the guest's reading of config/ (the lenient parser of
 * xtrail_cfg.h: ignore-* lists and event classes), the filters (matching
 * records, publishing to the probes), the table of open files that
 * counts bytes per file (claim, find, release, full table), and the cache
 * of datagram destinations (once per socket and destination; overflow).
 *
 * The sources are compiled into this file; what fileio.c uses of submit.c
 * is stubbed below.
 */
#include "kunit_oot.h"
#include <linux/slab.h>

#include "../../common/filter.c"
#include "../../common/fileio.c"
#include "../../common/dedup.c"

/* ---- stubs for what submit.c would provide ------------------------------ */

static u8 xt_scratch[XTRAIL_REC_MAX];

void *xtrail_scratch_get(void)
{
	return xt_scratch;
}

bool xtrail_event_on(u32 event)
{
	return true;
}

void xtrail_submit(void *rec, u32 len)
{
}

/* ---- parsing ------------------------------------------------------------- */

static struct xtrail_filter *xt_filter(struct kunit *test)
{
	struct xtrail_filter *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	return f;
}

/* A writable copy of @s, as xenbus_read() gives. */
static char *xt_val(struct kunit *test, const char *s)
{
	char *v = kunit_kzalloc(test, strlen(s) + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	strcpy(v, s);
	return v;
}

/* The guest's reading of config/@key's value @s. */
static unsigned int xt_parse(struct kunit *test, struct xtrail_filter *f,
			     unsigned int key, const char *s)
{
	return xtrail_filter_parse(f, key, xt_val(test, s));
}

static void xt_parse_uid_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);

	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_UID,
			" 0, 1000,,abc,4294967295, 4294967294,-1,1x"),
			4u);
	KUNIT_ASSERT_EQ(test, f->cfg.n_uid, 3u);
	KUNIT_EXPECT_EQ(test, f->cfg.uid[0], 0u);
	KUNIT_EXPECT_EQ(test, f->cfg.uid[1], 1000u);
	KUNIT_EXPECT_EQ(test, f->cfg.uid[2], 4294967294u);

	/* At most 8: the rest is ignored. */
	f = xt_filter(test);
	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_UID,
			"1,2,3,4,5,6,7,8,9,10"), 2u);
	KUNIT_EXPECT_EQ(test, f->cfg.n_uid, 8u);
	KUNIT_EXPECT_EQ(test, f->cfg.uid[7], 8u);

	/* Empty: nothing. */
	f = xt_filter(test);
	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_UID, " , ,"),
			0u);
	KUNIT_EXPECT_TRUE(test, xtrail_filter_empty(f));
}

static void xt_parse_comm_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);

	/* 15 bytes fit, 16 do not. */
	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_COMM,
			"cron, systemd-journal ,systemd-journald,sh"),
			1u);
	KUNIT_ASSERT_EQ(test, f->cfg.n_comm, 3u);
	KUNIT_EXPECT_EQ(test, memcmp(f->cfg.comm[0], "cron\0\0\0\0\0\0\0\0\0\0\0\0",
				     XTRAIL_COMM_LEN), 0);
	KUNIT_EXPECT_STREQ(test, f->cfg.comm[1], "systemd-journal");
	KUNIT_EXPECT_STREQ(test, f->cfg.comm[2], "sh");
}

static void xt_parse_path_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);
	char *v = kunit_kzalloc(test, 300, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_PATH,
			"/tmp/, relative, /var/log,,/"), 1u);
	KUNIT_ASSERT_EQ(test, f->cfg.n_path, 3u);
	KUNIT_EXPECT_STREQ(test, f->cfg.path[0], "/tmp/");
	KUNIT_EXPECT_EQ(test, f->path_len[0], 5);
	KUNIT_EXPECT_STREQ(test, f->cfg.path[1], "/var/log");
	KUNIT_EXPECT_EQ(test, f->path_len[2], 1);

	/* 127 bytes fit, 128 do not; at most 4. */
	f = xt_filter(test);
	v[0] = '/';
	memset(v + 1, 'a', 127);
	v[128] = ',';
	v[129] = '/';
	memset(v + 130, 'b', 126);
	strcat(v, ",/1,/2,/3,/4");
	/* the 128-byte one and /4 are left out */
	KUNIT_EXPECT_EQ(test, xtrail_filter_parse(f, XTRAIL_CFG_IGNORE_PATH,
						  v), 2u);
	KUNIT_ASSERT_EQ(test, f->cfg.n_path, 4u);
	KUNIT_EXPECT_EQ(test, f->path_len[0], 127);
	KUNIT_EXPECT_EQ(test, f->cfg.path[0][126], 'b');
	KUNIT_EXPECT_STREQ(test, f->cfg.path[3], "/3");
}

static void xt_parse_port_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);

	KUNIT_EXPECT_EQ(test, xt_parse(test, f, XTRAIL_CFG_IGNORE_PORT,
			"22, 0, 65536, 53,x,65535"), 3u);
	KUNIT_ASSERT_EQ(test, f->cfg.n_port, 3u);
	KUNIT_EXPECT_EQ(test, f->cfg.port[0], 22);
	KUNIT_EXPECT_EQ(test, f->cfg.port[1], 53);
	KUNIT_EXPECT_EQ(test, f->cfg.port[2], 65535);
}

/* config/events, as the guest reads it: unknown classes are left out. */
static void xt_parse_events_test(struct kunit *test)
{
	struct xtrail_cfg *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, xtrail_cfg_parse_lenient(c, XTRAIL_CFG_EVENTS,
			" exec, bogus,,file ,EXEC", NULL), 2u);
	KUNIT_EXPECT_EQ(test, c->events, (u32)(XTRAIL_EV_EXEC | XTRAIL_EV_FILE));
	KUNIT_EXPECT_EQ(test, xtrail_cfg_parse_lenient(c, XTRAIL_CFG_EVENTS,
			"net,all", NULL), 0u);
	KUNIT_EXPECT_EQ(test, c->events, (u32)XTRAIL_EV_ALL);
	/* Empty: no class at all. */
	KUNIT_EXPECT_EQ(test, xtrail_cfg_parse_lenient(c, XTRAIL_CFG_EVENTS,
			" , ", NULL), 0u);
	KUNIT_EXPECT_EQ(test, c->events, 0u);
	/* Not a list: left alone. */
	KUNIT_EXPECT_EQ(test, xtrail_cfg_parse_lenient(c, XTRAIL_CFG_FLOOD,
			"wait", NULL), 1u);
	KUNIT_EXPECT_EQ(test, c->flood, 0u);
}

/* ---- matching ------------------------------------------------------------ */

static void *xt_rec(struct kunit *test, u16 type, u32 uid, const char *comm)
{
	struct xtrail_rec_hdr *h = kunit_kzalloc(test, XTRAIL_REC_MAX,
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	h->type = cpu_to_le16(type);
	h->uid = cpu_to_le32(uid);
	strscpy_pad(h->comm, comm, sizeof(h->comm));
	return h;
}

/* A FILE record with @p1 (and @p2 when not NULL); returns its length. */
static u32 xt_file(void *rec, const char *p1, const char *p2)
{
	char *p = (char *)rec + XTRAIL_FILE_PATH_OFF;
	u32 n1 = strlen(p1), n2 = p2 ? strlen(p2) : 0;

	memcpy(p, p1, n1);
	if (p2)
		memcpy(p + n1, p2, n2);
	xtrail_file_body(rec)->flags = 0;
	return xtrail_file_finish(rec, n1, n2);
}

static void xt_match_task_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);
	struct xtrail_rec_hdr *h;
	u32 len = sizeof(*h) + sizeof(struct xtrail_fork);

	xt_parse(test, f, XTRAIL_CFG_IGNORE_UID, "1000");
	xt_parse(test, f, XTRAIL_CFG_IGNORE_COMM, "cron");

	h = xt_rec(test, XTRAIL_REC_FORK, 1000, "bash");
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, h, len));
	h->uid = cpu_to_le32(1001);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, len));
	/* The effective uid does not count, only the real one. */
	h->euid = cpu_to_le32(1000);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, len));
	/* comm: the whole name, not a prefix. */
	strscpy_pad(h->comm, "cron", sizeof(h->comm));
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, h, len));
	strscpy_pad(h->comm, "crond", sizeof(h->comm));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, len));
	strscpy_pad(h->comm, "cro", sizeof(h->comm));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, len));

	/* Not in task context: the task is a bystander. */
	h = xt_rec(test, XTRAIL_REC_NET, 1000, "cron");
	h->flags = cpu_to_le16(XTRAIL_RF_NO_TASK);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, sizeof(*h) +
						     sizeof(struct xtrail_net)));
	/* Heartbeats and LOST records: never. */
	h = xt_rec(test, XTRAIL_REC_HEARTBEAT, 1000, "cron");
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, sizeof(*h) +
				sizeof(struct xtrail_heartbeat)));
	h = xt_rec(test, XTRAIL_REC_LOST, 1000, "cron");
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, sizeof(*h) +
				sizeof(struct xtrail_lost)));
}

static void xt_match_path_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);
	void *rec = xt_rec(test, XTRAIL_REC_FILE, 0, "bash");
	struct xtrail_close *c;
	u32 len;

	xt_parse(test, f, XTRAIL_CFG_IGNORE_PATH, "/tmp/,/var/log");
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, rec,
						    xt_file(rec, "/tmp/x", NULL)));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
						     xt_file(rec, "/tmp", NULL)));
	/* A byte prefix: /var/log matches /var/logs too. */
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "/var/logs/a", NULL)));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "tmp/x", NULL)));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "/etc/passwd", NULL)));
	/* Two paths: both must be ignored. */
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "/tmp/a", "/etc/b")));
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "/etc/a", "/tmp/b")));
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, rec,
				xt_file(rec, "/tmp/a", "/var/log/b")));
	/* An unreadable path never matches. */
	len = xt_file(rec, "/tmp/x", NULL);
	xtrail_file_body(rec)->flags = cpu_to_le32(XTRAIL_FILE_PATH_FAULT);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec, len));
	len = xt_file(rec, "/tmp/x", NULL);
	xtrail_file_body(rec)->flags = cpu_to_le32(XTRAIL_FILE_PATH2_FAULT);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec, len));

	/* CLOSE records too. */
	rec = xt_rec(test, XTRAIL_REC_CLOSE, 0, "bash");
	memcpy((u8 *)rec + XTRAIL_CLOSE_PATH_OFF, "/tmp/y", 6);
	len = xtrail_close_finish(rec, XTRAIL_CLOSE_LAST, 3, 1, 2, 6);
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, rec, len));
	c = xtrail_close_body(rec);
	c->flags = cpu_to_le32(XTRAIL_CLOSE_PATH_FAULT);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec, len));
	/* Other types have no path to match. */
	rec = xt_rec(test, XTRAIL_REC_EXEC, 0, "bash");
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, rec,
				xtrail_exec_finish(rec, 0, 0, 0, 0, 0, 0)));
}

static void xt_match_port_test(struct kunit *test)
{
	struct xtrail_filter *f = xt_filter(test);
	struct xtrail_rec_hdr *h = xt_rec(test, XTRAIL_REC_NET, 0, "nc");
	struct xtrail_net *n = (struct xtrail_net *)(h + 1);
	u32 len = sizeof(*h) + sizeof(*n);

	xt_parse(test, f, XTRAIL_CFG_IGNORE_PORT, "5555,53");
	n->sport = cpu_to_le16(5555);
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, h, len));
	n->sport = cpu_to_le16(40000);
	n->dport = cpu_to_le16(53);
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, h, len));
	n->dport = cpu_to_le16(80);
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, len));
	/* In softirq too: the port is the socket's, not the task's. */
	h->flags = cpu_to_le16(XTRAIL_RF_NO_TASK);
	n->dport = cpu_to_le16(53);
	KUNIT_EXPECT_TRUE(test, xtrail_filter_match(f, h, len));
	/* Short record: no body to look at. */
	KUNIT_EXPECT_FALSE(test, xtrail_filter_match(f, h, sizeof(*h)));
}

static void xt_publish_test(struct kunit *test)
{
	struct xtrail_filter *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct xtrail_rec_hdr *h = xt_rec(test, XTRAIL_REC_FORK, 1234, "x");
	u32 len = sizeof(*h) + sizeof(struct xtrail_fork);
	u64 before;
	unsigned int cpu;

	KUNIT_ASSERT_NOT_NULL(test, f);
	xt_parse(test, f, XTRAIL_CFG_IGNORE_UID, "1234");
	xtrail_filter_publish(f);
	preempt_disable();
	cpu = smp_processor_id();
	before = xtrail_filtered_count(cpu, nr_cpu_ids);
	KUNIT_EXPECT_TRUE(test, xtrail_filtered(h, len));
	KUNIT_EXPECT_EQ(test, xtrail_filtered_count(cpu, nr_cpu_ids),
			before + 1);
	h->uid = cpu_to_le32(1);
	KUNIT_EXPECT_FALSE(test, xtrail_filtered(h, len));
	KUNIT_EXPECT_EQ(test, xtrail_filtered_count(cpu, nr_cpu_ids),
			before + 1);
	preempt_enable();

	/* An empty filter is no filter at all. */
	xtrail_filter_publish(kzalloc(sizeof(*f), GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(xtrail_filter_cur));
	h->uid = cpu_to_le32(1234);
	KUNIT_EXPECT_FALSE(test, xtrail_filtered(h, len));
	xtrail_filter_uninit();
}

/* ---- the table of open files --------------------------------------------- */

static void xt_ft_claim_find_test(struct kunit *test)
{
	unsigned long a = 0xffff888001234500ul, b = a + 0x100;
	int sa, sb;

	xtrail_ft_reset();
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(a), -1);
	sa = xtrail_ft_claim(a);
	sb = xtrail_ft_claim(b);
	KUNIT_ASSERT_GE(test, sa, 0);
	KUNIT_ASSERT_GE(test, sb, 0);
	KUNIT_EXPECT_NE(test, sa, sb);
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(a), sa);
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(b), sb);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 2);
	atomic64_add(100, &xtrail_ft_cnt[sa].rd);
	atomic64_add(7, &xtrail_ft_cnt[sa].wr);

	/* The same pointer again: a stale slot, taken over and reset. */
	KUNIT_EXPECT_EQ(test, xtrail_ft_claim(a), sa);
	KUNIT_EXPECT_EQ(test, atomic64_read(&xtrail_ft_cnt[sa].rd), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&xtrail_ft_cnt[sa].wr), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 2);

	atomic64_add(5, &xtrail_ft_cnt[sb].wr);
	xtrail_ft_release(sb, b);
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(b), -1);
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(a), sa);
	KUNIT_EXPECT_EQ(test, atomic64_read(&xtrail_ft_cnt[sb].wr), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 1);
	xtrail_ft_release(sa, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 0);
}

static void xt_ft_full_test(struct kunit *test)
{
	unsigned long key, failed = 0;
	unsigned int claimed = 0;
	int s;

	xtrail_ft_reset();
	/* Keys that hash anywhere: the table fills, then claims fail. */
	for (key = 0x1000; key < 0x1000 + 2 * XTRAIL_FT_SIZE * 64; key += 64) {
		s = xtrail_ft_claim(key);
		if (s < 0) {
			failed++;
			continue;
		}
		claimed++;
		KUNIT_ASSERT_EQ(test, xtrail_ft_find(key), s);
	}
	KUNIT_EXPECT_LE(test, claimed, XTRAIL_FT_SIZE);
	KUNIT_EXPECT_GT(test, claimed, XTRAIL_FT_SIZE / 2);
	KUNIT_EXPECT_GE(test, failed, (unsigned long)XTRAIL_FT_SIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), (int)claimed);
	/* Every claimed key is still where it was found. */
	for (key = 0x1000; key < 0x1000 + 2 * XTRAIL_FT_SIZE * 64; key += 64) {
		s = xtrail_ft_find(key);
		if (s >= 0)
			xtrail_ft_release(s, key);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 0);
	/* Failed claims left no count at their homes either. */
	for (s = 0; s < XTRAIL_FT_SIZE; s++)
		KUNIT_ASSERT_EQ(test, atomic_read(&xtrail_ft_home[s]), 0);
}

/*
 * The home counts: a key whose home holds no key is a miss without a scan;
 * keys that share a home are all found, a missing one among them is not,
 * and a full window refuses the next one without counting it.
 */
static void xt_ft_home_test(struct kunit *test)
{
	unsigned long keys[XTRAIL_FT_PROBE + 1], key, extra = 0;
	unsigned int n = 0, home, i;
	int s;

	xtrail_ft_reset();
	home = xtrail_ft_slot(0xffff888001000000ul, 0);
	for (key = 0xffff888001000000ul; n <= XTRAIL_FT_PROBE; key += 64)
		if (xtrail_ft_slot(key, 0) == home)
			keys[n++] = key;
	for (key = keys[XTRAIL_FT_PROBE] + 64; !extra; key += 64)
		if (xtrail_ft_slot(key, 0) == home)
			extra = key;
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(keys[0]), -1);
	for (i = 0; i < XTRAIL_FT_PROBE; i++) {
		KUNIT_ASSERT_GE(test, xtrail_ft_claim(keys[i]), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_home[home]),
				(int)i + 1);
	}
	/* The window is full: refused, and not counted at its home. */
	KUNIT_EXPECT_EQ(test, xtrail_ft_claim(keys[XTRAIL_FT_PROBE]), -1);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_home[home]),
			XTRAIL_FT_PROBE);
	KUNIT_EXPECT_EQ(test, xtrail_ft_find(extra), -1);
	for (i = 0; i < XTRAIL_FT_PROBE; i++) {
		s = xtrail_ft_find(keys[i]);
		KUNIT_ASSERT_GE(test, s, 0);
		xtrail_ft_release(s, keys[i]);
		KUNIT_EXPECT_EQ(test, xtrail_ft_find(keys[i]), -1);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_home[home]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&xtrail_ft_used), 0);
}

/* ---- datagram destinations ---------------------------------------------- */

static void xt_dedup_test(struct kunit *test)
{
	u8 a[16] = { 127, 0, 0, 1 }, b[16] = { 10, 0, 0, 2 };

	xtrail_dedup_init();
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET, a, 53),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET, a, 53),
			XTRAIL_DEDUP_SEEN);
	/* Another port, address, socket, or the same address's new socket. */
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET, a, 54),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET, b, 53),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x2000, 7, AF_INET, a, 53),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 8, AF_INET, a, 53),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET6, a, 53),
			XTRAIL_DEDUP_NEW);
	KUNIT_EXPECT_EQ(test, xtrail_dedup(0x1000, 7, AF_INET, b, 53),
			XTRAIL_DEDUP_SEEN);
}

static void xt_dedup_overflow_test(struct kunit *test)
{
	unsigned int port, news = 0, evicts = 0, again = 0;
	const unsigned int n = XTRAIL_DEDUP_SETS * XTRAIL_DEDUP_WAYS * 2;
	u8 a[16] = { 127, 0, 0, 1 };

	xtrail_dedup_init();
	for (port = 1; port <= n; port++) {
		switch (xtrail_dedup(0x1000, 7, AF_INET, a, port)) {
		case XTRAIL_DEDUP_NEW:
			news++;
			break;
		case XTRAIL_DEDUP_EVICT:
			evicts++;
			break;
		case XTRAIL_DEDUP_SEEN:
			KUNIT_FAIL(test, "port %u: seen before it was sent to",
				   port);
		}
	}
	/* Twice the capacity: at most capacity fits, the rest evicts. */
	KUNIT_EXPECT_EQ(test, news + evicts, n);
	KUNIT_EXPECT_LE(test, news, XTRAIL_DEDUP_SETS * XTRAIL_DEDUP_WAYS);
	KUNIT_EXPECT_GE(test, evicts, n / 2);
	/* Forgotten destinations are recorded again, never missed. */
	for (port = 1; port <= n; port++)
		if (xtrail_dedup(0x1000, 7, AF_INET, a, port) !=
		    XTRAIL_DEDUP_SEEN)
			again++;
	KUNIT_EXPECT_GT(test, again, 0u);
}

static struct kunit_case xt_filter_cases[] = {
	KUNIT_CASE(xt_parse_uid_test),
	KUNIT_CASE(xt_parse_comm_test),
	KUNIT_CASE(xt_parse_path_test),
	KUNIT_CASE(xt_parse_port_test),
	KUNIT_CASE(xt_parse_events_test),
	KUNIT_CASE(xt_match_task_test),
	KUNIT_CASE(xt_match_path_test),
	KUNIT_CASE(xt_match_port_test),
	KUNIT_CASE(xt_publish_test),
	{}
};

static struct kunit_case xt_fileio_cases[] = {
	KUNIT_CASE(xt_ft_claim_find_test),
	KUNIT_CASE(xt_ft_full_test),
	KUNIT_CASE(xt_ft_home_test),
	{}
};

static struct kunit_case xt_dedup_cases[] = {
	KUNIT_CASE(xt_dedup_test),
	KUNIT_CASE(xt_dedup_overflow_test),
	{}
};

static struct kunit_suite xt_filter_suite = {
	.name = "xtrail_filter",
	.test_cases = xt_filter_cases,
};

static struct kunit_suite xt_fileio_suite = {
	.name = "xtrail_fileio",
	.test_cases = xt_fileio_cases,
};

static struct kunit_suite xt_dedup_suite = {
	.name = "xtrail_dedup",
	.test_cases = xt_dedup_cases,
};

xtrail_kunit_test_suites(&xt_filter_suite, &xt_fileio_suite,
			 &xt_dedup_suite);
