// SPDX-License-Identifier: GPL-2.0
/*
 * Every help text of the tool, in one place: --help prints them, the
 * argument parser takes each command's options from them, and the host
 * test (test/test.c) checks that docs/rpmsg-smd.1 says the same.
 */
#include <string.h>

#include "rpmsg-smd.h"

#define EDGE_OPT { RS_OPT_EDGE, "--edge EDGE", \
	"the edge to look on: its name (the sysfs edge attribute, e.g. adsp), its device " \
	"name (e.g. remoteproc-adsp:smd-edge, virtio1) or the part of the device name " \
	"after the last colon; needed when channels of that name exist on several edges" }
#define HELP_OPT { RS_OPT_HELP, "-h, --help", "print the command's help" }
#define END_OPT { RS_OPT_NONE, NULL, NULL }

const char rs_intro[] =
	"rpmsg-smd lists the edges and channels of the rpmsg transports rpmsg_smd "
	"(Qualcomm SMD) and virtio_rpmsg, makes endpoint devices for channels by name, "
	"moves data through them, measures round trips and throughput, and shows and "
	"changes the modem-control signals of a channel. It uses only sysfs, debugfs and "
	"the character devices of rpmsg_char and rpmsg_ctrl.";

const char rs_names_text[] =
	"NAME is a channel name (the name attribute of its rpmsg device); --edge picks the "
	"edge when several have a channel of that name. A path (/dev/rpmsgN) is used as it "
	"is. For a channel name, a command uses an endpoint device of that channel that "
	"exists and is not in use (made by rpmsg-smd open, or the channel's own device), or "
	"else creates one through the edge's /dev/rpmsg_ctrlN and destroys it when it "
	"ends, also when interrupted. SIGINT, SIGTERM and SIGHUP end cat, watch, ping "
	"and bench normally, after what was measured is printed.";

const char *const rs_exit_text[RS_EXIT_COUNT] = {
	[RS_OK] = "success",
	[RS_FAIL] = "failure: an I/O error, a wrong echo, a quarantined channel, anything "
		"not listed below",
	[RS_USAGE] = "bad usage: an unknown command or option, a bad value, a size above "
		"the MTU, a channel name found on several edges",
	[RS_NOCHAN] = "no such channel, edge or device (the message lists what exists)",
	[RS_BUSY] = "channel busy: another process, endpoint or driver holds it (EBUSY)",
	[RS_CLOSED] = "remote closed: the remote closed the channel or went away (EPIPE, "
		"ENXIO, ENOTCONN, a hang-up)",
	[RS_PERM] = "permission denied: not root (EACCES or EPERM on /dev/rpmsg* or "
		"debugfs)",
	[RS_NOMOD] = "module not loaded: no rpmsg bus, no /dev/rpmsg_ctrl*, or no control "
		"device for the edge",
	[RS_NOTSUP] = "not supported by the transport (signals on virtio: EOPNOTSUPP)",
	[RS_TIMEOUT] = "timeout: no echo, no data, or fewer packets or events than asked "
		"for in time",
};

static const struct rs_opt_help list_opts[] = {
	{ RS_OPT_JSON, "--json", "print one JSON object, {\"edges\": [...]}, instead of "
	  "the table; a value the kernel does not show is null" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help edge_opts[] = { EDGE_OPT, HELP_OPT, END_OPT };

static const struct rs_opt_help cat_opts[] = {
	EDGE_OPT,
	{ RS_OPT_COUNT, "-c, --count N", "stop after N packets" },
	{ RS_OPT_TIMEOUT, "--timeout S", "stop after S seconds without a packet (exit "
	  "status 9 if -c was given and fewer than N packets came)" },
	{ RS_OPT_GO, "--go", "first send one packet of one byte: a virtio service learns "
	  "our address from it (the simulator's virtio source sends to the address that "
	  "wrote to it last)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help send_opts[] = {
	EDGE_OPT,
	{ RS_OPT_SIZE, "-s, --size N", "one packet per N bytes of input instead of one per "
	  "line (N at most the MTU)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help ping_opts[] = {
	EDGE_OPT,
	{ RS_OPT_COUNT, "-c, --count N", "round trips (default 100)" },
	{ RS_OPT_SIZE, "-s, --size SIZE", "payload bytes per packet (default 64, at most "
	  "the MTU)" },
	{ RS_OPT_INTERVAL, "-i, --interval MS", "pause between round trips, in "
	  "milliseconds (default 0)" },
	{ RS_OPT_TIMEOUT, "--timeout S", "wait at most S seconds for each echo (default 5; "
	  "exit status 9)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help bench_opts[] = {
	EDGE_OPT,
	{ RS_OPT_SIZES, "--sizes A,B,...", "payload sizes in bytes (default 64,256,1024,4096; "
	  "those above the MTU are replaced by the MTU)" },
	{ RS_OPT_SECONDS, "--seconds S", "how long each measurement runs (default 2)" },
	{ RS_OPT_DIR, "--dir rx|tx|both", "tx: send to a sink; rx: receive from a source; "
	  "both: send to an echo and receive its answers at the same time (default both)" },
	{ RS_OPT_TIMEOUT, "--timeout S", "rx: wait at most S seconds for the first packet "
	  "(default 5; exit status 9)" },
	{ RS_OPT_GO, "--go", "rx: first send one packet of one byte, as cat --go does" },
	{ RS_OPT_PROGRESS, "--progress", "write the progress line also when standard error "
	  "is not a terminal (then one line per update)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help signals_opts[] = {
	EDGE_OPT,
	{ RS_OPT_WAIT, "--wait MS", "after a change, wait at most MS milliseconds for the "
	  "remote's lines to change (EPOLLPRI) before reading them (default 500)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help watch_opts[] = {
	EDGE_OPT,
	{ RS_OPT_COUNT, "-c, --count N", "stop after N events" },
	{ RS_OPT_TIMEOUT, "--timeout S", "stop after S seconds without an event (exit "
	  "status 9 if -c was given and fewer than N events came)" },
	HELP_OPT, END_OPT
};

static const struct rs_opt_help help_opts[] = { END_OPT };

const struct rs_cmd_help rs_cmds[] = {
	{ RS_CMD_LIST, "list", "rpmsg-smd list [--json]",
	  "show every edge and channel",
	  "Prints each edge (its name, transport, device and control device) and its "
	  "channels: both sides' states, the remote's signals, the MTU, the FIFO size, the "
	  "bytes waiting in each ring, the packet, byte, kick and drop counters, whether "
	  "the channel is quarantined, and its users (the driver bound to its rpmsg device, "
	  "its /dev/rpmsgN nodes). It reads sysfs (/sys/bus/rpmsg/devices/*/ name, "
	  "transport, mtu, edge, dst, driver; /sys/class/rpmsg/) and, for rpmsg_smd edges, "
	  "debugfs (/sys/kernel/debug/rpmsg_smd/*/channels, root only). Virtio channels "
	  "have sysfs values only; a value that is not known is shown as -.",
	  list_opts },
	{ RS_CMD_OPEN, "open", "rpmsg-smd open NAME [--edge EDGE]",
	  "create an endpoint device for a channel and print its path",
	  "Creates an endpoint device for channel NAME through the edge's /dev/rpmsg_ctrlN "
	  "(RPMSG_CREATE_EPT_IOCTL; on virtio addressed to the channel's remote address) "
	  "and prints its path, /dev/rpmsgN. The channel itself is opened when the device "
	  "is opened and closed when it is closed; the device stays until rpmsg-smd close "
	  "destroys it or the edge goes away.",
	  edge_opts },
	{ RS_CMD_CLOSE, "close", "rpmsg-smd close DEV|NAME [--edge EDGE]",
	  "destroy endpoint devices made by open",
	  "Destroys the endpoint device DEV, or every endpoint device of channel NAME made "
	  "through the edge's control device (RPMSG_DESTROY_EPT_IOCTL). A channel's own "
	  "device (made by RPMSG_CREATE_DEV_IOCTL or a bound driver) is refused.",
	  edge_opts },
	{ RS_CMD_CAT, "cat", "rpmsg-smd cat NAME|DEV [--edge EDGE] [-c N] [--timeout S] [--go]",
	  "copy packets from the channel to standard output",
	  "Writes each packet received to standard output as it came, until interrupted, "
	  "after N packets, after the timeout, or until the remote closes the channel "
	  "(exit status 5).",
	  cat_opts },
	{ RS_CMD_SEND, "send", "rpmsg-smd send NAME|DEV [--edge EDGE] [--size N]",
	  "send standard input to the channel, one packet per line or per N bytes",
	  "Reads standard input to its end and sends one packet per line, the newline "
	  "included, or with --size one packet per N bytes (the last one may be shorter). "
	  "Packet boundaries are kept: one write per packet. An empty packet is never "
	  "sent.",
	  send_opts },
	{ RS_CMD_PING, "ping",
	  "rpmsg-smd ping NAME|DEV [--edge EDGE] [-c N] [-s SIZE] [-i MS] [--timeout S]",
	  "measure round trips against an echo service",
	  "Sends N packets of SIZE bytes to an echo service, one at a time, and checks "
	  "each echo. Prints min, p50, p99 and max of the round-trip times "
	  "(nearest-rank percentiles) and a histogram with one row per power-of-two range "
	  "of microseconds.",
	  ping_opts },
	{ RS_CMD_BENCH, "bench",
	  "rpmsg-smd bench NAME|DEV [--edge EDGE] [--sizes A,B,...] [--seconds S] "
	  "[--dir rx|tx|both] [--timeout S] [--go] [--progress]",
	  "measure throughput each way",
	  "For each size, sends (tx), receives (rx) or does both at once for S seconds, "
	  "then prints per direction the messages, messages per second and MB/s (10^6 "
	  "bytes per second). rx measures what the remote sends, whatever its size "
	  "(--sizes does not apply; the size column shows the average), from the first "
	  "packet on, and ends early after one second without data. A progress line is "
	  "written to standard error while it runs, if that is a terminal.",
	  bench_opts },
	{ RS_CMD_SIGNALS, "signals",
	  "rpmsg-smd signals NAME|DEV [--edge EDGE] [DTR=0|1] [RTS=0|1] [--wait MS]",
	  "show both sides' modem-control signals, or set ours first",
	  "Prints our lines, DTR and RTS, and the remote's as a serial port sees them: DSR "
	  "(the remote's DTR), CTS (its RTS), CD and RI (TIOCMGET). With DTR= or RTS= it "
	  "first changes our lines (TIOCMSET when both are given, else TIOCMBIS or "
	  "TIOCMBIC) and waits for the remote's answer. The lines belong to the open "
	  "endpoint: they drop when the command closes the channel. On a transport without "
	  "signals (virtio) the exit status is 8.",
	  signals_opts },
	{ RS_CMD_WATCH, "watch", "rpmsg-smd watch NAME|DEV [--edge EDGE] [-c N] [--timeout S]",
	  "print signal and flow-control changes as they happen",
	  "Prints the lines as signals does, then waits for EPOLLPRI and prints each change "
	  "of the remote's lines with its time in seconds and the flow control "
	  "(RPMSG_GET_OUTGOING_FLOWCONTROL; flow=1: the remote lets us send), until "
	  "interrupted, after N events, after the timeout, or until the remote closes the "
	  "channel (exit status 5). Packets received meanwhile are discarded.",
	  watch_opts },
	{ RS_CMD_HELP, "help", "rpmsg-smd help [COMMAND]",
	  "print the tool's help, or a command's",
	  "Same as rpmsg-smd --help, or rpmsg-smd COMMAND --help.",
	  help_opts },
	{ RS_CMD_NONE, NULL, NULL, NULL, NULL, NULL }
};

const struct rs_cmd_help *rs_cmd_find(const char *name)
{
	const struct rs_cmd_help *h;

	for (h = rs_cmds; h->name; h++)
		if (!strcmp(h->name, name))
			return h;
	return NULL;
}

const struct rs_cmd_help *rs_cmd_get(enum rs_cmd cmd)
{
	const struct rs_cmd_help *h;

	for (h = rs_cmds; h->name; h++)
		if (h->cmd == cmd)
			return h;
	return NULL;
}

/*
 * Print @text wrapped at @width columns; the first line starts at column
 * @first (the caller printed that much), the others at @indent.
 */
void rs_wrap(FILE *f, const char *text, int indent, int first, int width)
{
	const char *p = text, *w;
	bool start = true;	/* no word on this line yet */
	int col = first, n;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		for (w = p; *w && *w != ' '; w++)
			;
		n = w - p;
		if (!start && col + 1 + n > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
			start = true;
		}
		if (!start) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, n, f);
		col += n;
		start = false;
		p = w;
	}
	fputc('\n', f);
}

void rs_usage(FILE *f)
{
	const struct rs_cmd_help *h;
	int i;

	fprintf(f, "usage: rpmsg-smd COMMAND [ARGS]\n       rpmsg-smd --help | --version\n\n");
	rs_wrap(f, rs_intro, 0, 0, 78);
	fprintf(f, "\nCommands:\n");
	for (h = rs_cmds; h->name; h++) {
		fprintf(f, "  %-9s", h->name);
		rs_wrap(f, h->summary, 11, 11, 78);
	}
	fprintf(f, "\n");
	rs_wrap(f, rs_names_text, 0, 0, 78);
	fprintf(f, "\nExit status:\n");
	for (i = 0; i < RS_EXIT_COUNT; i++) {
		fprintf(f, "  %d  ", i);
		rs_wrap(f, rs_exit_text[i], 5, 5, 78);
	}
	fprintf(f, "\n'rpmsg-smd help COMMAND' or 'rpmsg-smd COMMAND --help' for a command;\n"
		"the manual: man rpmsg-smd (docs/rpmsg-smd.1).\n");
}

void rs_cmd_usage(FILE *f, const struct rs_cmd_help *h)
{
	const struct rs_opt_help *o;
	int n;

	fprintf(f, "usage: ");
	rs_wrap(f, h->synopsis, 7, 7, 78);
	fprintf(f, "\n");
	rs_wrap(f, h->text, 0, 0, 78);
	if (h->opts[0].flags) {
		fprintf(f, "\nOptions:\n");
		for (o = h->opts; o->flags; o++) {
			n = fprintf(f, "  %s", o->flags);
			if (n > 21) {
				fputc('\n', f);
				n = 0;
			}
			fprintf(f, "%*s", 22 - n, "");
			rs_wrap(f, o->text, 22, 22, 78);
		}
	}
	if (h->cmd != RS_CMD_LIST && h->cmd != RS_CMD_HELP) {
		fprintf(f, "\n");
		rs_wrap(f, rs_names_text, 0, 0, 78);
	}
	fprintf(f, "\nExit status: rpmsg-smd --help lists them; the manual: man rpmsg-smd.\n");
}
