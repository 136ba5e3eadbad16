// SPDX-License-Identifier: GPL-2.0
/*
 * mkdom: create a domain, paused, with a domain id of our choice, the way
 * xl restore does with a saved configuration (libxl_domain_create_new()
 * with c_info.domid set). Lab only: xl create has no way to ask for a
 * domid, and Xen hands them out in turn (a rover), so a destroyed VM's
 * domid goes to a new VM only after 32,000 others; this makes that reuse
 * happen now, to show that the log tells the two VMs apart.
 *
 *   mkdom DOMID CONFIG.json     CONFIG.json: what "xl create -n" prints
 *
 * Prints the new domain's id. libxl refuses a domid destroyed less than
 * LIBXL_DOMID_REUSE_TIMEOUT seconds ago (default 60): set it in the
 * environment. The domain is left paused ("xl unpause"), with no xl
 * process watching it (on_poweroff and the like are not acted on).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <xentoollog.h>

#define MKDOM_DOMID_MAX	0x7ff0	/* DOMID_FIRST_RESERVED */

static char *slurp(const char *path)
{
	size_t n = 0, cap = 65536, got;
	FILE *f = fopen(path, "r");
	char *buf = malloc(cap + 1);

	if (!f || !buf)
		return NULL;
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *nb = realloc(buf, 2 * cap + 1);

			if (!nb)
				return NULL;
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	buf[n] = 0;
	return buf;
}

int main(int argc, char *argv[])
{
	xentoollog_logger_stdiostream *lg;
	libxl_domain_config cfg;
	uint32_t domid = INVALID_DOMID;
	unsigned long want;
	libxl_ctx *ctx;
	char *json, *end;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: mkdom DOMID CONFIG.json\n");
		return 2;
	}
	want = strtoul(argv[1], &end, 10);
	if (*end || !want || want >= MKDOM_DOMID_MAX) {
		fprintf(stderr, "mkdom: bad domid '%s'\n", argv[1]);
		return 2;
	}
	json = slurp(argv[2]);
	if (!json) {
		fprintf(stderr, "mkdom: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	lg = xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);
	if (!lg || libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0,
				   (xentoollog_logger *)lg)) {
		fprintf(stderr, "mkdom: cannot open libxl\n");
		return 1;
	}
	libxl_domain_config_init(&cfg);
	rc = libxl_domain_config_from_json(ctx, &cfg, json);
	if (rc) {
		fprintf(stderr, "mkdom: %s: not a domain configuration (%d)\n",
			argv[2], rc);
		return 1;
	}
	cfg.c_info.domid = want;
	rc = libxl_domain_create_new(ctx, &cfg, &domid, NULL, NULL);
	if (rc) {
		fprintf(stderr, "mkdom: creating domain %lu failed (%d)\n",
			want, rc);
		return 1;
	}
	printf("%u\n", domid);
	libxl_domain_config_dispose(&cfg);
	libxl_ctx_free(ctx);
	xtl_logger_destroy((xentoollog_logger *)lg);
	free(json);
	return 0;
}
