// SPDX-License-Identifier: GPL-2.0
/*
 * "xtrail ring-dump" (userspace/cli/cmd_ringdump.c) over rings the test builds
 * itself. libxenstore and libxengnttab are replaced by stubs that serve a
 * guest's ring description and hand out the test's pages (checking that
 * they are asked for read-only), so the decoding, the checks and the JSON
 * lines are the tool's own, and the test can see that it writes nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>
#include <getopt.h>
#include <xengnttab.h>

#include "test_util.h"
#include "cli.h"
#include "xs_util.h"

#define T_ORDER		3
#define T_SIZE		(XTRAIL_PAGE_SIZE << T_ORDER)
#define T_RINGS		2
#define T_DOMID		5
#define T_REF		100	/* ring N's index page: grant T_REF + N */
#define T_DATA_REF	1000	/* its data pages: T_DATA_REF + 8N + i */

static struct xtrail_ring_intf intf[T_RINGS]
	__attribute__((aligned(XTRAIL_PAGE_SIZE)));
static uint8_t data[T_RINGS][T_SIZE] __attribute__((aligned(8)));
static int xs_state, xs_order, maps, unmaps;
static struct rec_buf r;

/* ---- stubs: xenstore (xs_util.c) and the CLI's helpers ------------------ */

void xt_xs_dev_init(struct xt_dev *d, unsigned int domid, unsigned int devid,
		 unsigned int bdom)
{
	d->domid = domid;
	d->devid = devid;
	d->bdom = bdom;
	snprintf(d->fe, sizeof(d->fe), "/local/domain/%u/device/xtrail/%u",
		 domid, devid);
	snprintf(d->be, sizeof(d->be), "-");
}

int parse_uint(const char *cmd, const char *what, const char *s,
	       unsigned long min, unsigned long max, unsigned int *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int dev_opt(const char *cmd, int opt, const char *arg,
	       unsigned int *devid, unsigned int *bdom)
{
	return opt == 'n' ? (parse_uint(cmd, "", arg, 0, 9, devid) ? -1 : 1) :
			    0;
}

const char *xt_xs_state_name(int state)
{
	return state == XT_XB_INITWAIT ? "InitWait" : "?";
}

struct xs_handle *xt_xs_open(const char *cmd)
{
	return (struct xs_handle *)&xs_state;
}

void xs_close(struct xs_handle *h)
{
}

int xt_xs_read_int(struct xs_handle *h, xs_transaction_t t, const char *dir,
		   const char *key)
{
	unsigned int n;

	if (strcmp(dir, "/local/domain/5/device/xtrail/0")) {
		errno = ENOENT;
		return -1;
	}
	if (!strcmp(key, "state"))
		return xs_state;
	if (!strcmp(key, XTRAIL_XS_RING_ORDER))
		return xs_order;
	if (!strcmp(key, XTRAIL_XS_NUM_RINGS))
		return T_RINGS;
	if (sscanf(key, "ring-ref%u", &n) == 1 && n < T_RINGS)
		return T_REF + n;
	errno = ENOENT;
	return -1;
}

/* ---- stubs: libxengnttab, handing out the test's pages ------------------- */

xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger,
				 unsigned int open_flags)
{
	return (xengnttab_handle *)&maps;
}

int xengnttab_close(xengnttab_handle *xgt)
{
	return 0;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
			      uint32_t ref, int prot)
{
	assert_int_equal(domid, T_DOMID);
	assert_int_equal(prot, PROT_READ);
	assert_in_range(ref, T_REF, T_REF + T_RINGS - 1);
	maps++;
	return &intf[ref - T_REF];
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
				      uint32_t domid, uint32_t *refs, int prot)
{
	uint32_t ring = (refs[0] - T_DATA_REF) / 8, i;

	assert_int_equal(domid, T_DOMID);
	assert_int_equal(prot, PROT_READ);
	assert_int_equal(count, 1u << T_ORDER);
	assert_in_range(ring, 0, T_RINGS - 1);
	for (i = 0; i < count; i++)
		assert_int_equal(refs[i], T_DATA_REF + 8 * ring + i);
	maps++;
	return data[ring];
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start, uint32_t count)
{
	unmaps++;
	return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static int setup(void **state)
{
	unsigned int i, j;

	memset(intf, 0, sizeof(intf));
	memset(data, 0, sizeof(data));
	for (i = 0; i < T_RINGS; i++) {
		intf[i].magic = xt_cpu32(XTRAIL_RING_MAGIC);
		intf[i].version = xt_cpu32(XTRAIL_PROTO_VERSION);
		intf[i].ring_order = xt_cpu32(T_ORDER);
		for (j = 0; j < 1u << T_ORDER; j++)
			intf[i].ref[j] = xt_cpu32(T_DATA_REF + 8 * i + j);
	}
	xs_state = XT_XB_CONNECTED;
	xs_order = T_ORDER;
	maps = unmaps = 0;
	return 0;
}

/* Put @len bytes of @rec at ring @ring's producer index and publish it. */
static uint32_t put(unsigned int ring, const void *rec, uint32_t len)
{
	uint32_t at = xt_le32(intf[ring].prod);

	xtrail_ring_write(data[ring], T_SIZE, at, rec, len);
	intf[ring].prod = xt_cpu32(at + len);
	return at;
}

static void start_at(unsigned int ring, uint32_t idx)
{
	intf[ring].prod = xt_cpu32(idx);
	intf[ring].cons = xt_cpu32(idx);
}

/* Run "xtrail ring-dump ARGS..." and return its exit status and stdout. */
static int run(char **out, ...)
{
	char *argv[8] = { "xtrail ring-dump" };
	int argc = 1, rc, saved;
	FILE *tmp = tmpfile();
	va_list ap;
	long n;

	va_start(ap, out);
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	assert_non_null(tmp);
	fflush(stdout);
	saved = dup(1);
	assert_true(dup2(fileno(tmp), 1) >= 0);
	optind = 0;
	rc = cmd_ringdump(argc, argv);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = ftell(tmp);
	*out = calloc(1, n + 1);
	rewind(tmp);
	assert_int_equal(fread(*out, 1, n, tmp), (size_t)n);
	fclose(tmp);
	return rc;
}

static int lines(const char *s)
{
	int n = 0;

	while ((s = strchr(s, '\n'))) {
		n++;
		s++;
	}
	return n;
}

/* ---- tests -------------------------------------------------------------- */

static void test_records(void **state)
{
	struct xtrail_ring_intf before[T_RINGS];
	static uint8_t data_before[T_RINGS][T_SIZE];
	uint32_t len, at;
	char *out, want[64];

	/* ring 1 starts 40 bytes before the end: the first record wraps */
	start_at(1, 3 * T_SIZE - 40);
	len = build_spam(&r);
	at = put(1, r.b, len);
	len = build_lost(&r, 3, 7);
	put(1, r.b, len);
	memcpy(before, intf, sizeof(intf));
	memcpy(data_before, data, sizeof(data));

	assert_int_equal(run(&out, "5", NULL), 0);
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "\"type\":\"exec\""));
	assert_non_null(strstr(out, "\"argv\":[\"mail\",\"-s\",\"spamSubject\""));
	assert_non_null(strstr(out, "\"type\":\"lost\""));
	assert_non_null(strstr(out, "\"domid\":5,"));
	snprintf(want, sizeof(want), "\"ring\":1,\"offset\":%u}", at);
	assert_non_null(strstr(out, want));
	/* read-only: not one byte changed, every mapping undone */
	assert_memory_equal(before, intf, sizeof(intf));
	assert_memory_equal(data_before, data, sizeof(data));
	assert_int_equal(maps, 2 * T_RINGS);
	assert_int_equal(unmaps, maps);
	free(out);

	/* --ring 0: the empty ring only */
	assert_int_equal(run(&out, "5", "--ring", "0", NULL), 0);
	assert_string_equal(out, "");
	free(out);
}

static void test_invalid_record(void **state)
{
	uint32_t len, at;
	char *out, want[96];

	len = build_spam(&r);
	put(1, r.b, len);
	r.b[len - 1] = 1;	/* padding */
	at = put(1, r.b, len);
	build_spam(&r);
	put(1, r.b, len);	/* after the fault: not shown */

	assert_int_equal(run(&out, "5", NULL), 2);
	assert_int_equal(lines(out), 2);
	snprintf(want, sizeof(want),
		 "{\"ring\":1,\"offset\":%u,\"invalid\":\"non-zero padding\",",
		 at);
	assert_non_null(strstr(out, want));
	snprintf(want, sizeof(want), "\"rec_len\":%u,\"rec_type\":1}", len);
	assert_non_null(strstr(out, want));
	free(out);
}

static void test_invalid_ring(void **state)
{
	struct xtrail_rec_hdr *h;
	uint32_t len;
	char *out;

	/* a record of vCPU 1 in ring 0 */
	len = build_spam(&r);
	put(0, r.b, len);
	assert_int_equal(run(&out, "5", NULL), 2);
	assert_non_null(strstr(out, "\"invalid\":\"record in another vCPU's ring\""));
	free(out);

	/* a producer index beyond the ring */
	setup(NULL);
	intf[1].prod = xt_cpu32(T_SIZE + 8);
	assert_int_equal(run(&out, "5", NULL), 2);
	assert_non_null(strstr(out, "\"invalid\":\"producer index out of range\""));
	free(out);

	/* a length shorter than a header */
	setup(NULL);
	len = build_spam(&r);
	h = (struct xtrail_rec_hdr *)r.b;
	h->len = xt_cpu32(12);
	put(1, r.b, len);
	assert_int_equal(run(&out, "5", NULL), 2);
	assert_non_null(strstr(out, "\"invalid\":\"record length out of bounds\""));
	free(out);

	/* not an xtrail index page */
	setup(NULL);
	intf[0].magic = 0;
	assert_int_equal(run(&out, "5", "--ring", "0", NULL), 2);
	assert_non_null(strstr(out, "\"invalid\":\"invalid ring description in xenstore\""));
	free(out);
}

static void test_refusals(void **state)
{
	char *out;

	xs_state = XT_XB_INITWAIT;
	assert_int_equal(run(&out, "5", NULL), 1);
	free(out);
	xs_state = XT_XB_CONNECTED;
	xs_order = 9;
	assert_int_equal(run(&out, "5", NULL), 1);
	free(out);
	xs_order = T_ORDER;
	assert_int_equal(run(&out, "6", NULL), 1);	/* no such device */
	free(out);
	assert_int_equal(run(&out, "5", "--ring", "2", NULL), 1);
	free(out);
	assert_int_equal(run(&out, NULL), 1);
	free(out);
	assert_int_equal(run(&out, "0", NULL), 1);
	free(out);
	assert_int_equal(maps, 0);
	assert_int_equal(run(&out, "--help", NULL), 0);
	assert_string_not_equal(out, "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_records, setup),
		cmocka_unit_test_setup(test_invalid_record, setup),
		cmocka_unit_test_setup(test_invalid_ring, setup),
		cmocka_unit_test_setup(test_refusals, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
