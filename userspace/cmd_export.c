// SPDX-License-Identifier: GPL-2.0
/*
 * xtrail export: read an F3 log (decrypting it with the auditor's secret
 * key, --key or $XTRAIL_AUDITOR_KEY), checking it item by item as "xtrail
 * verify" does, and print its records as JSON Lines. Stops at the first bad
 * item: what came before it is printed, the error (with its byte offset)
 * goes to stderr, exit status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "f3.h"
#include "record_json.h"

static void export_usage(FILE *f, const char *cmd)
{
	fprintf(f,
		"Usage: %s FILE [--key auditor.key] [--seal-key K] [--format jsonl]\n"
		"       [-o OUT]\n"
		"\n"
		"Check every item of the F3 file FILE (\"-\" for standard\n"
		"input), decrypt its records with the auditor's secret key (--key,\n"
		"default $XTRAIL_AUDITOR_KEY) and print them as JSON Lines, one\n"
		"object per record, on standard output or in OUT. With --seal-key\n"
		"the seals are checked on the way.\n",
		cmd);
}

int cmd_export(int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "key", required_argument, NULL, 'k' },
		{ "seal-key", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cmd = argv[0], *in_path, *out_path = NULL;
	const char *key_path = NULL, *seal_path = NULL;
	uint8_t sk[F3_KEY_LEN], seal[F3_KEY_LEN];
	char err[4200];
	int have_sk = 0;
	struct xtrail_clock_ref clk = { 0 };
	struct json_object *obj;
	struct f3_reader *r;
	enum f3_status st;
	const void *rec;
	uint32_t len;
	FILE *out = stdout;
	int o, ret = 1;

	while ((o = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (o) {
		case 'f':
			if (strcmp(optarg, "jsonl")) {
				fprintf(stderr,
					"%s: unknown format '%s' (supported: jsonl)\n",
					cmd, optarg);
				return 1;
			}
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 's':
			seal_path = optarg;
			break;
		case 'h':
			export_usage(stdout, cmd);
			return 0;
		default:
			export_usage(stderr, cmd);
			return 1;
		}
	}
	if (argc - optind != 1) {
		export_usage(stderr, cmd);
		return 1;
	}
	in_path = argv[optind];
	if (f3_sodium_init())
		return 1;
	if (load_auditor_key(cmd, key_path, sk, &have_sk))
		return 1;
	if (seal_path && f3_key_load(seal_path, seal, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", cmd, err);
		return 1;
	}

	r = calloc(1, sizeof(*r));
	if (!r) {
		fprintf(stderr, "%s: %s\n", cmd, strerror(errno));
		return 1;
	}
	st = f3_reader_open(r, in_path);
	if (have_sk)
		f3_reader_set_auditor_key(r, sk);
	sodium_memzero(sk, sizeof(sk));
	if (seal_path)
		f3_reader_set_seal_key(r, seal);
	sodium_memzero(seal, sizeof(seal));
	if (st != F3_OK) {
		fprintf(stderr, "%s: %s: %s\n", cmd, in_path,
			st == F3_ERR_IO && !r->f ? r->reason : f3_strerror(r));
		goto out;
	}
	if (out_path) {
		out = fopen(out_path, "w");
		if (!out) {
			fprintf(stderr, "%s: %s: %s\n", cmd, out_path,
				strerror(errno));
			out = stdout;
			goto out;
		}
	}

	while ((st = f3_next(r, &rec, &len)) == F3_OK) {
		xtrail_clock_ref_update(&clk, rec);
		obj = xtrail_rec_json(rec, len, &clk);
		if (!obj) {
			fprintf(stderr, "%s: out of memory\n", cmd);
			goto out;
		}
		fputs(json_object_to_json_string_ext(obj, XTRAIL_JSON_FLAGS),
		      out);
		putc('\n', out);
		json_object_put(obj);
		if (ferror(out))
			break;
	}
	if (fflush(out) || ferror(out)) {
		fprintf(stderr, "%s: %s: write error: %s\n", cmd,
			out_path ? out_path : "standard output",
			strerror(errno));
		goto out;
	}
	if (st != F3_END) {
		fprintf(stderr, "%s: %s: %s\n", cmd, in_path, f3_strerror(r));
		goto out;
	}
	ret = 0;
out:
	if (out != stdout && fclose(out) && !ret) {
		fprintf(stderr, "%s: %s: write error: %s\n", cmd, out_path,
			strerror(errno));
		ret = 1;
	}
	f3_reader_close(r);
	free(r);
	return ret;
}
