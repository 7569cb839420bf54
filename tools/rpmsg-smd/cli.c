// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-smd: parse the command line, print help, run the command.
 * main() is in main.c so that the host tests can call rs_main().
 */
#include <stdio.h>

#include "rpmsg-smd.h"

int rs_main(int argc, char **argv)
{
	struct rs_opts o;
	int ret;

	ret = rs_parse(argc, argv, &o);
	if (ret)
		return ret;
	if (o.version) {
		printf("rpmsg-smd %s\n", RS_VERSION);
		return RS_OK;
	}
	if (o.help) {
		if (o.cmd == RS_CMD_NONE)
			rs_usage(stdout);
		else
			rs_cmd_usage(stdout, rs_cmd_get(o.cmd));
		return RS_OK;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	rs_signals_setup();
	switch (o.cmd) {
	case RS_CMD_LIST:
		return rs_cmd_list(&o);
	case RS_CMD_OPEN:
		return rs_cmd_open(&o);
	case RS_CMD_CLOSE:
		return rs_cmd_close(&o);
	case RS_CMD_CAT:
		return rs_cmd_cat(&o);
	case RS_CMD_SEND:
		return rs_cmd_send(&o);
	case RS_CMD_PING:
		return rs_cmd_ping(&o);
	case RS_CMD_BENCH:
		return rs_cmd_bench(&o);
	case RS_CMD_SIGNALS:
		return rs_cmd_signals(&o);
	case RS_CMD_WATCH:
		return rs_cmd_watch(&o);
	default:
		rs_usage(stderr);
		return RS_USAGE;
	}
}
