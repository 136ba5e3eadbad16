// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * xtraild's main (what the daemon does: see xtraild.h): the settings,
 * then each part set up in order, the loop, and the parts torn down in
 * reverse. A part that fails to set up has said why and undone itself;
 * the exit status is then 1.
 */
#include <stdlib.h>

#include "autoattach.h"
#include "conf.h"
#include "input.h"
#include "logfile.h"
#include "loop.h"
#include "replicate.h"
#include "say.h"
#include "signals.h"
#include "store.h"
#include "xtraild.h"

int main(int argc, char *argv[])
{
	struct xtraild d = { 0 };
	struct autoattach *aa = NULL;
	int ret;

	ret = conf_init(&d.c, argc, argv);
	if (ret)
		goto out_conf;
	ret = -1;
	if (logfile_keys_init(&d) || signals_init(&d.waitmask) ||
	    input_init(&d))
		goto out_conf;
	if (replicate_init(&d))
		goto out_input;
	if (logfile_init(&d))
		goto out_replicate;
	store_init(&d);
	if (stream_init(&d))
		goto out_logfile;
	logfile_report(&d);
	if (!d.c.foreground && say_detach())
		goto out_stream;
	if (replicate_start(&d))
		goto out_stream;

	if (d.c.auto_attach)
		aa = autoattach_start(0);
	ret = loop_run(&d);
	autoattach_stop(aa);
	ret = loop_finish(&d, ret);

out_stream:
	stream_uninit(&d);
out_logfile:
	logfile_uninit(&d);
out_replicate:
	replicate_uninit(&d);
out_input:
	input_uninit(&d);
out_conf:
	conf_uninit(&d.c);
	return ret < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
