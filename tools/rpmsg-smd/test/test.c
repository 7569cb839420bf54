// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of rpmsg-smd: argument parsing of every command (good
 * and bad, with exit status), the formatting helpers, the parsers of
 * debugfs and sysfs text, the help texts against the man page, and whole
 * commands run against a fake /sys and /dev (RPMSG_SMD_SYSROOT) in a
 * temporary directory, where a FIFO stands in for an echo device.
 *
 *   test MANPAGE     (make tools-test passes docs/rpmsg-smd.1)
 *
 * Expected values are written by hand from the formats in
 * rpmsg_smd/smd_debugfs.c and docs/abi/, not copied from the tool's output.
 * Prints one line per failed check, then the totals; exit status 1 if any
 * check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../rpmsg-smd.h"

static int checks, failed, skipped;

#define CHECK(cond, ...) check(!!(cond), __LINE__, #cond, __VA_ARGS__)

static void check(int ok, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (ok)
		return;
	failed++;
	printf("FAIL test.c:%d: %s: ", line, cond);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---------------------------------------------------------------- helpers */

static char tmpdir[256];

static void write_file(const char *rel, const char *content)
{
	char path[RS_PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	if (!f) {
		printf("FATAL: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	fputs(content, f);
	fclose(f);
}

static void mkdirs(const char *rel)
{
	char path[RS_PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	for (p = path + strlen(tmpdir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void link_to(const char *target, const char *rel)
{
	char path[RS_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	if (symlink(target, path)) {
		printf("FATAL: symlink %s: %s\n", path, strerror(errno));
		exit(2);
	}
}

static char *read_all(const char *path)
{
	char *buf = calloc(1, 1 << 20);
	int fd = open(path, O_RDONLY);
	ssize_t n, got = 0;

	if (fd < 0)
		return buf;
	while (got < (1 << 20) - 1 && (n = read(fd, buf + got, (1 << 20) - 1 - got)) > 0)
		got += n;
	close(fd);
	return buf;
}

/* Split @args at spaces into @argv after "rpmsg-smd"; argc. */
static int split(char *args, char **argv, int max)
{
	int argc = 1;
	char *save, *tok;

	argv[0] = "rpmsg-smd";
	for (tok = strtok_r(args, " ", &save); tok && argc < max - 1;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	return argc;
}

struct run {
	int rc;
	char *out, *err;
};

/*
 * rs_main() with @args in a child, standard input from @in, standard
 * output and error captured; killed after 30 s (rc -1).
 */
static void run_tool(struct run *r, const char *in, const char *fmt, ...)
{
	char args[1024], *argv[40], inp[300], outp[300], errp[300];
	int status = 0, waited = 0;
	va_list ap;
	pid_t pid;
	int argc;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	argc = split(args, argv, 40);
	snprintf(inp, sizeof(inp), "%s/run.in", tmpdir);
	snprintf(outp, sizeof(outp), "%s/run.out", tmpdir);
	snprintf(errp, sizeof(errp), "%s/run.err", tmpdir);
	write_file("run.in", in ? in : "");
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		int i = open(inp, O_RDONLY), o = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(i, 0);
		dup2(o, 1);
		dup2(e, 2);
		exit(rs_main(argc, argv));
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (++waited > 3000) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			status = -1;
			break;
		}
		usleep(10000);
	}
	r->rc = status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : -2;
	r->out = read_all(outp);
	r->err = read_all(errp);
}

static void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Every line of @err starts with "rpmsg-smd: ". */
static bool prefixed(const char *err)
{
	const char *p = err;

	while (*p) {
		if (strncmp(p, "rpmsg-smd: ", 11))
			return false;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return true;
}

/* An error run: status @rc, one prefixed message holding @want. */
#define ERR_RUN(rc_, want, ...) do {						\
	struct run r_;								\
	run_tool(&r_, NULL, __VA_ARGS__);					\
	CHECK(r_.rc == (rc_), "'%s': status %d, wanted %d (stderr: %s)",	\
	      #__VA_ARGS__, r_.rc, (rc_), r_.err);				\
	CHECK(*r_.err && prefixed(r_.err) && strstr(r_.err, want),		\
	      "'%s': stderr '%s', wanted a rpmsg-smd: line with '%s'",		\
	      #__VA_ARGS__, r_.err, want);					\
	run_free(&r_);								\
} while (0)

/* The words of the first line of @text whose first two words are @w0 and @w1. */
static int row_words(const char *text, const char *w0, const char *w1, char words[][64],
		     int max)
{
	const char *p = text, *e;
	char line[1024], *tok, *save;
	int n;

	while (p && *p) {
		e = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
		n = 0;
		for (tok = strtok_r(line, " ", &save); tok && n < max;
		     tok = strtok_r(NULL, " ", &save))
			snprintf(words[n++], 64, "%s", tok);
		if (n >= 2 && !strcmp(words[0], w0) && !strcmp(words[1], w1))
			return n;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* A row of the list table, word by word. */
static void check_row(const char *text, const char *const *want, int n)
{
	char words[32][64];
	int got = row_words(text, want[0], want[1], words, 32), i;

	CHECK(got == n, "row '%s %s': %d words, wanted %d in:\n%s", want[0], want[1], got, n,
	      text);
	for (i = 0; i < n && i < got; i++)
		CHECK(!strcmp(words[i], want[i]), "row '%s', word %d: '%s', wanted '%s'",
		      want[0], i, words[i], want[i]);
}

/* ---------------------------------------------------------------- parsing */

static int try_parse(const char *args, struct rs_opts *o, char *err, size_t len)
{
	char buf[1024], *argv[40], errp[300];
	int argc, saved, fd, ret;
	ssize_t n;

	snprintf(buf, sizeof(buf), "%s", args);
	argc = split(buf, argv, 40);
	snprintf(errp, sizeof(errp), "%s/parse.err", tmpdir);
	fflush(stderr);
	saved = dup(2);
	fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, 2);
	close(fd);
	ret = rs_parse(argc, argv, o);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fd = open(errp, O_RDONLY);
	n = read(fd, err, len - 1);
	err[n < 0 ? 0 : n] = 0;
	close(fd);
	return ret;
}

static void bad_args(const char *args, const char *want)
{
	char err[1024];
	struct rs_opts o;
	int ret = try_parse(args, &o, err, sizeof(err));

	CHECK(ret == RS_USAGE, "'%s': %d, wanted 2", args, ret);
	CHECK(prefixed(err) && *err && strchr(err, '\n') == err + strlen(err) - 1,
	      "'%s': not one rpmsg-smd: line: '%s'", args, err);
	CHECK(strstr(err, want), "'%s': '%s' does not say '%s'", args, err, want);
}

static void good_args(const char *args, struct rs_opts *o)
{
	char err[1024];
	int ret = try_parse(args, o, err, sizeof(err));

	CHECK(ret == 0 && !*err, "'%s': %d (%s), wanted 0", args, ret, err);
}

static void test_parse(void)
{
	struct rs_opts o;

	good_args("list", &o);
	CHECK(o.cmd == RS_CMD_LIST && !o.json && !o.name, "list");
	good_args("list --json", &o);
	CHECK(o.cmd == RS_CMD_LIST && o.json, "list --json");
	good_args("open echo --edge adsp", &o);
	CHECK(o.cmd == RS_CMD_OPEN && !strcmp(o.name, "echo") && !strcmp(o.edge, "adsp"), "open");
	good_args("open --edge=remoteproc-adsp:smd-edge echo", &o);
	CHECK(!strcmp(o.edge, "remoteproc-adsp:smd-edge") && !strcmp(o.name, "echo"), "edge=");
	good_args("close /dev/rpmsg3", &o);
	CHECK(o.cmd == RS_CMD_CLOSE && !strcmp(o.name, "/dev/rpmsg3"), "close dev");
	good_args("close echo --edge virtio1", &o);
	CHECK(o.cmd == RS_CMD_CLOSE && !strcmp(o.edge, "virtio1"), "close name");
	good_args("cat echo -c 5 --timeout 1.5 --go", &o);
	CHECK(o.cmd == RS_CMD_CAT && o.count == 5 && o.timeout_ms == 1500 && o.go, "cat");
	good_args("cat -c5 echo", &o);
	CHECK(o.count == 5 && !strcmp(o.name, "echo"), "cat -c5");
	good_args("cat --count=7 /dev/rpmsg0", &o);
	CHECK(o.count == 7 && !strcmp(o.name, "/dev/rpmsg0"), "--count=7");
	good_args("cat -- -weird", &o);
	CHECK(!strcmp(o.name, "-weird"), "--");
	good_args("send echo --size 100", &o);
	CHECK(o.cmd == RS_CMD_SEND && o.size == 100, "send --size");
	good_args("send echo -s 0x10", &o);
	CHECK(o.size == 16, "send -s 0x10");
	good_args("send echo", &o);
	CHECK(o.size == 0, "send");
	good_args("ping echo -c 10 -s 128 -i 5 --timeout 2", &o);
	CHECK(o.cmd == RS_CMD_PING && o.count == 10 && o.size == 128 && o.interval_ms == 5 &&
	      o.timeout_ms == 2000, "ping");
	good_args("ping echo --interval 0 --size 1", &o);
	CHECK(o.interval_ms == 0 && o.size == 1, "ping long");
	good_args("bench echo --sizes 64,512 --seconds 0.5 --dir tx --go --progress --timeout 3",
		  &o);
	CHECK(o.cmd == RS_CMD_BENCH && o.nsizes == 2 && o.sizes[0] == 64 && o.sizes[1] == 512 &&
	      o.seconds_ms == 500 && o.dir == RS_DIR_TX && o.go && o.progress &&
	      o.timeout_ms == 3000, "bench");
	good_args("bench echo", &o);
	CHECK(o.dir == RS_DIR_BOTH && !o.nsizes && !o.seconds_ms, "bench defaults");
	good_args("bench echo --dir rx", &o);
	CHECK(o.dir == RS_DIR_RX, "--dir rx");
	good_args("signals echo DTR=1 rts=0 --wait 100", &o);
	CHECK(o.cmd == RS_CMD_SIGNALS && o.sig_set == TIOCM_DTR && o.sig_clear == TIOCM_RTS &&
	      o.sig_given == (TIOCM_DTR | TIOCM_RTS) && o.wait_ms == 100, "signals");
	good_args("signals echo", &o);
	CHECK(!o.sig_given && o.wait_ms == -1, "signals, nothing set");
	good_args("signals echo RTS=1", &o);
	CHECK(o.sig_set == TIOCM_RTS && !o.sig_clear && o.sig_given == TIOCM_RTS, "RTS=1");
	good_args("watch echo -c 3 --timeout 10", &o);
	CHECK(o.cmd == RS_CMD_WATCH && o.count == 3 && o.timeout_ms == 10000, "watch");
	good_args("help", &o);
	CHECK(o.help && o.cmd == RS_CMD_NONE, "help");
	good_args("help help", &o);
	CHECK(o.help && o.cmd == RS_CMD_HELP, "help help");
	good_args("help --help", &o);
	CHECK(o.help && o.cmd == RS_CMD_HELP, "help --help");
	good_args("help ping", &o);
	CHECK(o.help && o.cmd == RS_CMD_PING, "help ping");
	good_args("ping --help", &o);
	CHECK(o.help && o.cmd == RS_CMD_PING, "ping --help");
	good_args("watch -h", &o);
	CHECK(o.help && o.cmd == RS_CMD_WATCH, "watch -h");
	good_args("--help", &o);
	CHECK(o.help && o.cmd == RS_CMD_NONE, "--help");
	good_args("--version", &o);
	CHECK(o.version, "--version");

	bad_args("", "no command");
	bad_args("frob", "unknown command 'frob'");
	bad_args("--frob", "unknown option '--frob'");
	bad_args("--version x", "unexpected argument 'x'");
	bad_args("list extra", "unexpected argument 'extra'");
	bad_args("list -j", "unknown option -j");
	bad_args("list --edge adsp", "unknown option --edge");
	bad_args("open", "missing NAME");
	bad_args("open /dev/rpmsg0", "open takes a channel name");
	bad_args("open a b", "unexpected argument 'b'");
	bad_args("open echo --edge", "--edge needs a value");
	bad_args("open echo --edge=", "--edge needs an edge name");
	bad_args("open 0123456789012345678901234567890123", "at most 31 characters");
	bad_args("close", "missing DEV|NAME");
	bad_args("cat", "missing NAME|DEV");
	bad_args("cat echo -c", "-c needs a value");
	bad_args("cat echo -c 0", "-c needs a whole number from 1");
	bad_args("cat echo -c -1", "-c needs a whole number from 1");
	bad_args("cat echo -c 1x", "not '1x'");
	bad_args("cat echo --timeout 0", "--timeout needs seconds above 0");
	bad_args("cat echo --timeout -1", "--timeout needs seconds above 0");
	bad_args("cat echo --timeout abc", "--timeout needs seconds");
	bad_args("cat echo --timeout 1e9", "--timeout needs seconds");
	bad_args("cat echo --go=1", "go takes no value");
	bad_args("cat /dev/rpmsg0 --edge adsp", "--edge goes with a channel name");
	bad_args("cat echo --size 4", "unknown option --size");
	bad_args("send echo --size 0", "the size must be 1 to 262144 bytes");
	bad_args("send echo -s 262145", "the size must be 1 to 262144 bytes");
	bad_args("send echo -c 1", "unknown option -c");
	bad_args("ping echo -i -1", "-i needs milliseconds");
	bad_args("ping echo --sizes 1", "unknown option --sizes");
	bad_args("ping echo x", "unexpected argument 'x'");
	bad_args("bench echo --sizes 1,,2", "--sizes needs");
	bad_args("bench echo --sizes ,1", "--sizes needs");
	bad_args("bench echo --sizes 1,", "--sizes needs");
	bad_args("bench echo --sizes 0", "--sizes needs");
	bad_args("bench echo --sizes 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17", "--sizes needs");
	bad_args("bench echo --dir up", "--dir takes rx, tx or both, not 'up'");
	bad_args("bench echo --seconds 0", "--seconds needs seconds above 0");
	bad_args("signals echo DSR=1", "only DTR=0|1 and RTS=0|1 can be set");
	bad_args("signals echo CD=1", "only DTR=0|1 and RTS=0|1");
	bad_args("signals echo DTR=2", "'DTR=2'");
	bad_args("signals echo DTR=", "'DTR='");
	bad_args("signals echo DTR=1 DTR=0", "each once");
	bad_args("signals echo --wait x", "--wait needs milliseconds");
	bad_args("watch echo --json", "unknown option --json");
	bad_args("watch echo -c 0", "-c needs");
	bad_args("help frob", "no command 'frob'");
	bad_args("help list extra", "unexpected argument 'extra'");
}

/* ---------------------------------------------------------------- formatting */

static void test_fmt(void)
{
	uint64_t ten[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, four[4] = { 10, 20, 30, 40 };
	uint64_t unsorted[5] = { 5, 1, 4, 2, 3 }, big[200], one = 42;
	uint64_t us1[6] = { 100, 120, 130, 300, 300, 1000 }, us2[2] = { 1, 5 }, us3[4] = {
		200, 300, 300, 300 };
	char buf[1024];
	int set = 0, clear = 0, given = 0, i;
	long v, sizes[16];

	CHECK(!strcmp(rs_state_name(0), "closed") && !strcmp(rs_state_name(1), "opening") &&
	      !strcmp(rs_state_name(2), "opened") && !strcmp(rs_state_name(3), "flushing") &&
	      !strcmp(rs_state_name(4), "closing") && !strcmp(rs_state_name(5), "reset") &&
	      !strcmp(rs_state_name(6), "reset-opening") && !rs_state_name(7) &&
	      !rs_state_name(0xffffffff), "state names");

	rs_dbg_signals(0, buf, sizeof(buf));
	CHECK(!strcmp(buf, "-"), "signals 0: %s", buf);
	rs_dbg_signals(7, buf, sizeof(buf));
	CHECK(!strcmp(buf, "DSR,CTS,CD"), "signals 7: %s", buf);
	rs_dbg_signals(0xf, buf, sizeof(buf));
	CHECK(!strcmp(buf, "DSR,CTS,CD,RI"), "signals f: %s", buf);
	rs_dbg_signals(8, buf, sizeof(buf));
	CHECK(!strcmp(buf, "RI"), "signals 8: %s", buf);
	rs_dbg_signals(0x12, buf, sizeof(buf));
	CHECK(!strcmp(buf, "CTS,0x10"), "signals 0x12: %s", buf);

	rs_tiocm_str(TIOCM_DTR | TIOCM_DSR | TIOCM_CD, true, true, buf, sizeof(buf));
	CHECK(!strcmp(buf, "DTR=1 RTS=0 DSR=1 CTS=0 CD=1 RI=0"), "tiocm: %s", buf);
	rs_tiocm_str(TIOCM_RTS | TIOCM_RI, true, false, buf, sizeof(buf));
	CHECK(!strcmp(buf, "DTR=0 RTS=1"), "tiocm local: %s", buf);
	rs_tiocm_str(TIOCM_CTS | TIOCM_RI | TIOCM_DTR, false, true, buf, sizeof(buf));
	CHECK(!strcmp(buf, "DSR=0 CTS=1 CD=0 RI=1"), "tiocm remote: %s", buf);

	CHECK(!rs_parse_sig_assign("DTR=1", &set, &clear, &given) && set == TIOCM_DTR &&
	      !clear && given == TIOCM_DTR, "DTR=1");
	CHECK(!rs_parse_sig_assign("rts=0", &set, &clear, &given) && set == TIOCM_DTR &&
	      clear == TIOCM_RTS && given == (TIOCM_DTR | TIOCM_RTS), "rts=0");
	CHECK(rs_parse_sig_assign("DTR=0", &set, &clear, &given), "DTR twice");
	set = 0;
	clear = 0;
	given = 0;
	CHECK(rs_parse_sig_assign("DSR=1", &set, &clear, &given) && !given, "DSR");
	CHECK(rs_parse_sig_assign("DTR=10", &set, &clear, &given), "DTR=10");
	CHECK(rs_parse_sig_assign("DTR=1x", &set, &clear, &given), "DTR=1x");
	CHECK(rs_parse_sig_assign("DTR", &set, &clear, &given), "DTR");
	CHECK(rs_parse_sig_assign("DTR=on", &set, &clear, &given) && !given, "DTR=on");

	CHECK(rs_percentile(ten, 10, 50) == 5, "p50 of 1..10");
	CHECK(rs_percentile(ten, 10, 99) == 10, "p99 of 1..10");
	CHECK(rs_percentile(ten, 10, 90) == 9, "p90 of 1..10");
	CHECK(rs_percentile(ten, 10, 91) == 10, "p91 of 1..10");
	CHECK(rs_percentile(ten, 10, 100) == 10, "p100");
	CHECK(rs_percentile(ten, 10, 1) == 1 && rs_percentile(ten, 10, 0) == 1, "p1, p0");
	CHECK(rs_percentile(four, 4, 50) == 20, "p50 of 4: %llu",
	      (unsigned long long)rs_percentile(four, 4, 50));
	CHECK(rs_percentile(four, 4, 75) == 30 && rs_percentile(four, 4, 76) == 40, "p75/p76");
	CHECK(rs_percentile(&one, 1, 99) == 42 && rs_percentile(&one, 1, 50) == 42, "n=1");
	CHECK(rs_percentile(ten, 0, 50) == 0, "n=0");
	for (i = 0; i < 200; i++)
		big[i] = 1000 + i;
	CHECK(rs_percentile(big, 200, 99) == 1197 && rs_percentile(big, 200, 50) == 1099,
	      "p99/p50 of 200");
	rs_sort_u64(unsorted, 5);
	CHECK(unsorted[0] == 1 && unsorted[1] == 2 && unsorted[2] == 3 && unsorted[3] == 4 &&
	      unsorted[4] == 5, "sort");
	big[0] = ~0ull;
	big[1] = 0;
	rs_sort_u64(big, 3);
	CHECK(big[0] == 0 && big[1] == 1002 && big[2] == ~0ull, "sort extremes");

	CHECK(rs_hist_log2(us1, 6, 10, buf, sizeof(buf)) > 0 &&
	      !strcmp(buf,
		      "      64 .. 127      |##########| 2\n"
		      "     128 .. 255      |#####     | 1\n"
		      "     256 .. 511      |##########| 2\n"
		      "     512 .. 1023     |#####     | 1\n"), "histogram 1:\n%s", buf);
	CHECK(rs_hist_log2(us2, 2, 4, buf, sizeof(buf)) > 0 &&
	      !strcmp(buf,
		      "       0 .. 1        |####| 1\n"
		      "       2 .. 3        |    | 0\n"
		      "       4 .. 7        |####| 1\n"), "histogram with a gap:\n%s", buf);
	CHECK(rs_hist_log2(us3, 4, 10, buf, sizeof(buf)) > 0 &&
	      !strcmp(buf,
		      "     128 .. 255      |####      | 1\n"
		      "     256 .. 511      |##########| 3\n"), "histogram rounding up:\n%s", buf);
	CHECK(rs_hist_log2(us1, 6, 10, buf, 40) == -1, "histogram does not fit");
	CHECK(rs_hist_log2(us1, 0, 10, buf, sizeof(buf)) == 0 && !buf[0], "empty histogram");

	CHECK(rs_mbps(1000000, 1000000000) == 1.0, "1 MB/s");
	CHECK(rs_mbps(1000000, 2000000000) == 0.5, "0.5 MB/s");
	CHECK(rs_mbps(64 * 12345, 2000000000) > 0.39503 && rs_mbps(64 * 12345, 2000000000) <
	      0.39505, "64 B x 12345 in 2 s: %f", rs_mbps(64 * 12345, 2000000000));
	CHECK(rs_mbps(5, 0) == 0 && rs_per_sec(5, 0) == 0, "zero time");
	CHECK(rs_per_sec(12345, 2000000000) == 6172.5, "msgs/s");

	CHECK(rs_json_escape("a\"b\\c", buf, sizeof(buf)) == 7 && !strcmp(buf, "a\\\"b\\\\c"),
	      "json quote: %s", buf);
	CHECK(rs_json_escape("\n\t\x01z", buf, sizeof(buf)) > 0 &&
	      !strcmp(buf, "\\n\\t\\u0001z"), "json control: %s", buf);
	CHECK(rs_json_escape("", buf, sizeof(buf)) == 0 && !buf[0], "json empty");
	CHECK(rs_json_escape("abcdef", buf, 6) == -1 && rs_json_escape("abcde", buf, 6) == 5,
	      "json fits exactly");

	CHECK(rs_ring_used(100, 8000, 8192) == 292, "wrapped fill");
	CHECK(rs_ring_used(5, 5, 8192) == 0, "empty ring");
	CHECK(rs_ring_used(8191, 0, 8192) == 8191 && rs_ring_used(0, 8191, 8192) == 1,
	      "ring edges");
	CHECK(rs_ring_used(8192, 0, 8192) == -1 && rs_ring_used(0, 9000, 8192) == -1 &&
	      rs_ring_used(0, 0, 0) == -1, "bad indices");

	CHECK(!rs_parse_long("42", 1, 100, &v) && v == 42, "long");
	CHECK(rs_parse_long("101", 1, 100, &v) && rs_parse_long("", 0, 1, &v) &&
	      rs_parse_long(" 1", 0, 9, &v) &&
	      rs_parse_long("99999999999999999999", 0, 1000, &v), "long bounds");
	CHECK(!rs_parse_ms("0.5", &v) && v == 500 && !rs_parse_ms("2", &v) && v == 2000 &&
	      !rs_parse_ms(".0001", &v) && v == 1, "ms");
	CHECK(rs_parse_ms("nan", &v) && rs_parse_ms("inf", &v) && rs_parse_ms("1s", &v) &&
	      rs_parse_ms("86401", &v) && rs_parse_ms("+1", &v), "bad ms");
	CHECK(!rs_parse_sizes("64,512,4096", sizes, 16, &i) && i == 3 && sizes[2] == 4096,
	      "sizes");
	CHECK(rs_parse_sizes("1,2,3", sizes, 2, &i), "too many sizes");
}

/* ---------------------------------------------------------------- debugfs, sysfs */

/* Lines as rpmsg_smd/smd_debugfs.c prints them (the chan line from a real boot log). */
static const char dbg_edge_line[] =
	"edge adsp id=1 pid=2 irqs=120 passes=130 throttled=4 scans=3 "
	"rejected_entries=5 hardirq_ns=45678";
static const char dbg_chan_line[] =
	"chan rx table=1 cid=3 info=byte mode=packet fifo=8192 state=0 remote=1 "
	"quarantined=0 endpoint=0 tx_head=0 tx_tail=0 rx_head=0 rx_tail=0 rx_pkts=100000 "
	"rx_bytes=102400000 tx_pkts=0 tx_bytes=0 kicks=14289 drops=0 bad_values=0 "
	"signals=0x0 reported=0x7";

static const char dbg_adsp[] =
	"edge adsp id=1 pid=2 irqs=120 passes=130 throttled=0 scans=3 rejected_entries=0 "
	"hardirq_ns=45678\n"
	"chan echo table=1 cid=0 info=byte mode=packet fifo=8192 state=2 remote=2 "
	"quarantined=0 endpoint=1 tx_head=100 tx_tail=8000 rx_head=16 rx_tail=8 rx_pkts=10 "
	"rx_bytes=640 tx_pkts=11 tx_bytes=704 kicks=12 drops=0 bad_values=0 signals=0x7 "
	"reported=0x7\n"
	"chan sink table=1 cid=1 info=byte mode=packet fifo=8192 state=0 remote=1 "
	"quarantined=0 endpoint=0 tx_head=0 tx_tail=0 rx_head=0 rx_tail=0 rx_pkts=0 "
	"rx_bytes=0 tx_pkts=0 tx_bytes=0 kicks=1 drops=0 bad_values=0 signals=0 reported=0\n"
	"chan idle table=1 cid=2 info=byte mode=packet fifo=1024 state=0 remote=0 "
	"quarantined=0 endpoint=0 tx_head=0 tx_tail=0 rx_head=0 rx_tail=0 rx_pkts=0 "
	"rx_bytes=0 tx_pkts=0 tx_bytes=0 kicks=0 drops=0 bad_values=0 signals=0 reported=0\n"
	"chan rpmsg-tty table=1 cid=3 info=byte mode=packet fifo=8192 state=2 remote=2 "
	"quarantined=0 endpoint=1 tx_head=0 tx_tail=0 rx_head=0 rx_tail=0 rx_pkts=0 "
	"rx_bytes=0 tx_pkts=0 tx_bytes=0 kicks=3 drops=0 bad_values=0 signals=0xf "
	"reported=0xf\n"
	"chan bad table=2 cid=64 info=word mode=packet fifo=8192 state=0 remote=2 "
	"quarantined=1 endpoint=0 tx_head=0 tx_tail=0 rx_head=9000 rx_tail=0 rx_pkts=0 "
	"rx_bytes=0 tx_pkts=0 tx_bytes=0 kicks=0 drops=2 bad_values=1 signals=0 reported=0\n"
	"chan held table=1 cid=4 info=byte mode=packet fifo=8192 state=2 remote=2 "
	"quarantined=0 endpoint=1 tx_head=0 tx_tail=0 rx_head=0 rx_tail=0 rx_pkts=0 "
	"rx_bytes=0 tx_pkts=0 tx_bytes=0 kicks=1 drops=0 bad_values=0 signals=0x7 "
	"reported=0x7\n";

static void test_parsers(void)
{
	struct rs_edge e;
	struct rs_chan c;
	char parent[RS_DEV_MAX];

	CHECK(!rs_split_rpdev("remoteproc-adsp:smd-edge.echo.-1.-1", "echo", parent,
			      sizeof(parent)) && !strcmp(parent, "remoteproc-adsp:smd-edge"),
	      "split smd: %s", parent);
	CHECK(!rs_split_rpdev("4080000.remoteproc:smd-edge.a.b.-1.-1", "a.b", parent,
			      sizeof(parent)) && !strcmp(parent, "4080000.remoteproc:smd-edge"),
	      "split dots: %s", parent);
	CHECK(!rs_split_rpdev("virtio1.echo.-1.1024", "echo", parent, sizeof(parent)) &&
	      !strcmp(parent, "virtio1"), "split virtio");
	CHECK(!rs_split_rpdev("virtio1.rpmsg_ns.53.53", "rpmsg_ns", parent, sizeof(parent)) &&
	      !strcmp(parent, "virtio1"), "split ns");
	CHECK(!rs_split_rpdev("smd:smd-edge-modem.rpmsg_ctrl.0.0", "rpmsg_ctrl", parent,
			      sizeof(parent)) && !strcmp(parent, "smd:smd-edge-modem"),
	      "split ctrl");
	CHECK(rs_split_rpdev("virtio1.echo.-1.x", "echo", parent, sizeof(parent)) &&
	      rs_split_rpdev("echo.-1.-1", "echo", parent, sizeof(parent)) &&
	      rs_split_rpdev("virtio1.other.-1.-1", "echo", parent, sizeof(parent)) &&
	      rs_split_rpdev("virtio1xecho.-1.-1", "echo", parent, sizeof(parent)) &&
	      rs_split_rpdev("virtio1.echo.-.-1", "echo", parent, sizeof(parent)) &&
	      rs_split_rpdev("virtio1.echo.-1.-1", "echo", parent, 7), "split failures");

	memset(&e, 0, sizeof(e));
	CHECK(!rs_parse_dbg_edge(dbg_edge_line, &e) && e.dbg && !strcmp(e.label, "adsp") &&
	      e.id == 1 && e.pid == 2 && e.irqs == 120 && e.passes == 130 && e.throttled == 4 &&
	      e.scans == 3 && e.rejected == 5 && e.hardirq_ns == 45678, "edge line");
	memset(&e, 0, sizeof(e));
	CHECK(!rs_parse_dbg_edge("edge modem id=0 pid=-1 irqs=2 throttled=0 scans=2 "
				 "rejected_entries=0", &e) && e.pid == -1 && e.irqs == 2 &&
	      !e.passes, "older edge line, pid -1");
	CHECK(rs_parse_dbg_edge("edge", &e) && rs_parse_dbg_edge("edgy x id=1", &e) &&
	      rs_parse_dbg_edge("edge x id=one", &e), "bad edge lines");

	memset(&c, 0, sizeof(c));
	CHECK(!rs_parse_dbg_chan(dbg_chan_line, &c) && c.dbg && !strcmp(c.name, "rx") &&
	      c.table == 1 && c.cid == 3 && !strcmp(c.info, "byte") && !strcmp(c.mode, "packet") &&
	      c.fifo == 8192 && c.state == 0 && c.remote == 1 && !c.quarantined && !c.endpoint &&
	      c.rx_pkts == 100000 && c.rx_bytes == 102400000 && c.kicks == 14289 &&
	      c.signals == 0 && c.reported == 7, "chan line");
	memset(&c, 0, sizeof(c));
	CHECK(!rs_parse_dbg_chan("chan x future=1 fifo=8 signals=0xf tx_head=3", &c) &&
	      c.fifo == 8 && c.signals == 15 && c.tx_head == 3, "unknown keys are skipped");
	CHECK(rs_parse_dbg_chan("chan", &c) && rs_parse_dbg_chan("chan x fifo=abc", &c) &&
	      rs_parse_dbg_chan("chan x fifo=-1", &c) &&
	      rs_parse_dbg_chan("chan x info=wordword", &c) &&
	      rs_parse_dbg_chan("chan x fifo", &c) && rs_parse_dbg_chan("chan x fifo=", &c) &&
	      rs_parse_dbg_chan("chanx fifo=1", &c), "bad chan lines");

	memset(&e, 0, sizeof(e));
	CHECK(rs_parse_dbg_file(dbg_adsp, &e) == 0 && e.nchans == 6, "file: %d channels",
	      e.nchans);
	CHECK(e.nchans == 6 && !strcmp(e.chans[4].name, "bad") && e.chans[4].table == 2 &&
	      e.chans[4].cid == 64 && e.chans[4].quarantined && !strcmp(e.chans[4].info, "word"),
	      "file: the quarantined channel");
	free(e.chans);
	memset(&e, 0, sizeof(e));
	CHECK(rs_parse_dbg_file("edge x id=1\ngarbage\nchan a fifo=64\n\nchan b fifo=x\n", &e)
	      == 2 && e.nchans == 1, "file with two bad lines");
	free(e.chans);
}

/* ---------------------------------------------------------------- the fake system */

static void rpdev(const char *dev, const char *name, const char *transport, const char *mtu,
		  const char *edge, const char *dst)
{
	char d[512], f[600];

	snprintf(d, sizeof(d), "sys/bus/rpmsg/devices/%s", dev);
	mkdirs(d);
	snprintf(f, sizeof(f), "%s/name", d);
	write_file(f, name);
	if (transport) {
		snprintf(f, sizeof(f), "%s/transport", d);
		write_file(f, transport);
	}
	if (mtu) {
		snprintf(f, sizeof(f), "%s/mtu", d);
		write_file(f, mtu);
	}
	if (edge) {
		snprintf(f, sizeof(f), "%s/edge", d);
		write_file(f, edge);
	}
	snprintf(f, sizeof(f), "%s/dst", d);
	write_file(f, dst ? dst : "0xffffffff\n");
}

static void make_tree(void)
{
	char path[RS_PATH_MAX];

	rpdev("remoteproc-adsp:smd-edge.echo.-1.-1", "echo\n", "smd\n", "8168\n", "adsp\n", NULL);
	rpdev("remoteproc-adsp:smd-edge.sink.-1.-1", "sink\n", "smd\n", "8168\n", "adsp\n", NULL);
	rpdev("remoteproc-adsp:smd-edge.rpmsg-tty.-1.-1", "rpmsg-tty\n", "smd\n", "8168\n",
	      "adsp\n", NULL);
	link_to("../../../../bus/rpmsg/drivers/rpmsg_tty",
		"sys/bus/rpmsg/devices/remoteproc-adsp:smd-edge.rpmsg-tty.-1.-1/driver");
	rpdev("remoteproc-adsp:smd-edge.held.-1.-1", "held\n", "smd\n", "8168\n", "adsp\n", NULL);
	rpdev("remoteproc-adsp:smd-edge.rpmsg_ctrl.-1.-1", "rpmsg_ctrl\n", "smd\n", NULL,
	      "adsp\n", NULL);
	rpdev("virtio1.echo.-1.1024", "echo\n", "virtio\n", "496\n", NULL, "0x400\n");
	rpdev("virtio1.sink.-1.1025", "sink\n", "virtio\n", "496\n", NULL, "0x401\n");
	rpdev("virtio1.rpmsg_ctrl.-1.-1", "rpmsg_ctrl\n", "virtio\n", NULL, NULL, NULL);
	rpdev("virtio1.rpmsg_ns.53.53", "rpmsg_ns\n", "virtio\n", NULL, NULL, "0x35\n");
	/* An edge whose control device is missing (rpmsg_ctrl not loaded). */
	rpdev("smd:smd-edge-modem.loop.-1.-1", "loop\n", "smd\n", "8168\n", "modem\n", NULL);

	mkdirs("sys/class/rpmsg/rpmsg_ctrl0");
	mkdirs("sys/class/rpmsg/rpmsg_ctrl1");
	mkdirs("sys/class/rpmsg/rpmsg0");
	mkdirs("sys/class/rpmsg/rpmsg1");
	mkdirs("sys/class/rpmsg/rpmsg2");
	link_to("../../../devices/virtio1/virtio1.rpmsg_ctrl.-1.-1",
		"sys/class/rpmsg/rpmsg_ctrl0/device");
	link_to("../../../devices/platform/remoteproc-adsp/remoteproc-adsp:smd-edge/"
		"remoteproc-adsp:smd-edge.rpmsg_ctrl.-1.-1", "sys/class/rpmsg/rpmsg_ctrl1/device");
	/* rpmsg0: made through rpmsg_ctrl1 for echo (a FIFO: an echo of its own). */
	link_to("../rpmsg_ctrl1", "sys/class/rpmsg/rpmsg0/device");
	write_file("sys/class/rpmsg/rpmsg0/name", "echo\n");
	write_file("sys/class/rpmsg/rpmsg0/dst", "-1\n");
	/* rpmsg1: made for sink (a regular file: what send wrote). */
	link_to("../rpmsg_ctrl1", "sys/class/rpmsg/rpmsg1/device");
	write_file("sys/class/rpmsg/rpmsg1/name", "sink\n");
	write_file("sys/class/rpmsg/rpmsg1/dst", "-1\n");
	/* rpmsg2: the own device of virtio echo, for close to refuse. */
	link_to("../../../bus/rpmsg/devices/virtio1.echo.-1.1024", "sys/class/rpmsg/rpmsg2/device");
	write_file("sys/class/rpmsg/rpmsg2/name", "echo\n");
	write_file("sys/class/rpmsg/rpmsg2/dst", "1024\n");

	mkdirs("sys/kernel/debug/rpmsg_smd/remoteproc-adsp:smd-edge");
	write_file("sys/kernel/debug/rpmsg_smd/remoteproc-adsp:smd-edge/channels", dbg_adsp);

	mkdirs("dev");
	snprintf(path, sizeof(path), "%s/dev/rpmsg0", tmpdir);
	if (mkfifo(path, 0600)) {
		printf("FATAL: mkfifo %s: %s\n", path, strerror(errno));
		exit(2);
	}
	write_file("dev/rpmsg1", "");
	write_file("dev/rpmsg_ctrl1", "");
}

static const char *const echo_row[] = {
	"echo", "opened", "opened", "DSR,CTS,CD", "8168", "8192", "292", "8", "10", "640",
	"11", "704", "12", "0", "no", "/dev/rpmsg0",
};

static const char *const idle_row[] = {
	"idle", "closed", "closed", "-", "-", "1024", "0", "0", "0", "0", "0", "0", "0", "0",
	"no", "-",
};

static const char *const tty_row[] = {
	"rpmsg-tty", "opened", "opened", "DSR,CTS,CD,RI", "8168", "8192", "0", "0", "0", "0",
	"0", "0", "3", "0", "no", "rpmsg_tty",
};

static const char *const bad_row[] = {
	"bad", "closed", "opened", "-", "-", "8192", "0", "-", "0", "0", "0", "0", "0", "2",
	"yes", "-",
};

static const char *const vecho_row[] = {
	"echo", "-", "-", "-", "496", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-",
	"/dev/rpmsg2",
};

static void test_list(void)
{
	char cmd[600];
	struct run r;

	run_tool(&r, NULL, "list");
	CHECK(r.rc == 0 && !*r.err, "list: %d, %s", r.rc, r.err);
	CHECK(strstr(r.out, "edge adsp: transport smd, device remoteproc-adsp:smd-edge, "
		     "control /dev/rpmsg_ctrl1\n  id 1, remote pid 2, irqs 120, passes 130, "
		     "throttled 0, scans 3, rejected entries 0\n"), "adsp header:\n%s", r.out);
	CHECK(strstr(r.out, "edge virtio1: transport virtio, device virtio1, control "
		     "/dev/rpmsg_ctrl0\n"), "virtio header:\n%s", r.out);
	CHECK(strstr(r.out, "edge modem: transport smd, device smd:smd-edge-modem, control -\n"),
	      "modem header:\n%s", r.out);
	check_row(r.out, echo_row, ARRAY_SIZE(echo_row));
	check_row(r.out, idle_row, ARRAY_SIZE(idle_row));
	check_row(r.out, tty_row, ARRAY_SIZE(tty_row));
	check_row(r.out, bad_row, ARRAY_SIZE(bad_row));
	check_row(r.out, vecho_row, ARRAY_SIZE(vecho_row));
	/* debugfs order: echo (cid 0) before sink (cid 1) ... bad (table 2) last. */
	CHECK(strstr(r.out, "  echo ") < strstr(r.out, "  sink ") &&
	      strstr(r.out, "  held ") < strstr(r.out, "  bad "), "channel order:\n%s", r.out);
	CHECK(!strstr(r.out, "rpmsg_ctrl ") && !strstr(r.out, "rpmsg_ns"),
	      "control and name-service devices are not channels:\n%s", r.out);
	run_free(&r);

	run_tool(&r, NULL, "list --json");
	CHECK(r.rc == 0, "list --json: %d", r.rc);
	CHECK(strstr(r.out, "{\"name\": \"echo\", \"rpmsg_device\": "
		     "\"remoteproc-adsp:smd-edge.echo.-1.-1\", \"mtu\": 8168, \"driver\": null, "
		     "\"devices\": [\"/dev/rpmsg0\"], \"dst\": null, \"table\": 1, \"cid\": 0, "
		     "\"info\": \"byte\", \"mode\": \"packet\", \"fifo\": 8192, "
		     "\"local_state\": \"opened\", \"remote_state\": \"opened\""),
	      "json echo:\n%s", r.out);
	CHECK(strstr(r.out, "\"signals\": [\"DSR\", \"CTS\", \"CD\"], \"signals_raw\": 7, "
		     "\"reported_raw\": 7, \"tx_fill\": 292, \"rx_fill\": 8"), "json fill");
	CHECK(strstr(r.out, "\"name\": \"echo\", \"rpmsg_device\": \"virtio1.echo.-1.1024\", "
		     "\"mtu\": 496, \"driver\": null, \"devices\": [\"/dev/rpmsg2\"], "
		     "\"dst\": 1024, \"table\": null"), "json virtio echo:\n%s", r.out);
	CHECK(strstr(r.out, "\"quarantined\": true") && strstr(r.out, "\"ctrl\": null") &&
	      strstr(r.out, "\"driver\": \"rpmsg_tty\""), "json flags");
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
		 "sys.exit(0 if len(d[\"edges\"]) == 3 else 1)' %s/run.out 2>/dev/null", tmpdir);
	if (system("python3 -c '' 2>/dev/null") == 0)
		CHECK(system(cmd) == 0, "list --json is not valid JSON with 3 edges:\n%s", r.out);
	else
		skipped++;
	run_free(&r);
}

static void test_errors(void)
{
	char root[300];

	ERR_RUN(RS_NOCHAN, "no channel 'nosuch' on any edge (adsp: echo, sink, idle, "
		"rpmsg-tty, held, bad; modem: loop; virtio1: echo, sink)", "cat nosuch");
	ERR_RUN(RS_NOCHAN, "no channel 'nosuch' on edge adsp (its channels: echo, sink, idle, "
		"rpmsg-tty, held, bad)", "ping nosuch --edge adsp");
	ERR_RUN(RS_NOCHAN, "no edge 'nope' (edges: adsp, modem, virtio1)", "cat echo --edge nope");
	ERR_RUN(RS_USAGE, "channel 'echo' is on several edges (adsp, virtio1): pick one with "
		"--edge", "cat echo");
	ERR_RUN(RS_USAGE, "channel 'echo' is on several edges", "open echo");
	ERR_RUN(RS_CLOSED, "idle on adsp: the remote has not opened the channel (remote state "
		"closed)", "cat idle --edge adsp");
	ERR_RUN(RS_FAIL, "bad on adsp: the channel is quarantined", "send bad --edge adsp");
	ERR_RUN(RS_BUSY, "rpmsg-tty on adsp: channel busy: driver rpmsg_tty holds it",
		"ping rpmsg-tty --edge adsp");
	ERR_RUN(RS_BUSY, "held on adsp: channel busy: another endpoint holds it",
		"watch held --edge adsp");
	ERR_RUN(RS_NOCHAN, "/dev/rpmsg9: no such device", "cat /dev/rpmsg9");
	ERR_RUN(RS_NOCHAN, "/dev/rpmsg9: no such device", "close /dev/rpmsg9");
	ERR_RUN(RS_NOMOD, "edge modem has no control device (/dev/rpmsg_ctrlN): is rpmsg_ctrl "
		"loaded?", "open loop");
	ERR_RUN(RS_NOMOD, "/dev/rpmsg_ctrl0: No such file or directory (is devtmpfs mounted",
		"open sink --edge virtio1");
	ERR_RUN(RS_NOTSUP, "RPMSG_CREATE_EPT_IOCTL", "open idle --edge adsp");
	ERR_RUN(RS_NOCHAN, "no endpoint device of held on edge adsp (rpmsg-smd open makes one)",
		"close held --edge adsp");
	ERR_RUN(RS_FAIL, "/dev/rpmsg2: the channel's own device, not an endpoint device made "
		"by open", "close /dev/rpmsg2");
	ERR_RUN(RS_USAGE, "ping: size 9000 is above the MTU 8168 of echo on adsp",
		"ping echo --edge adsp -s 9000");
	ERR_RUN(RS_USAGE, "bench: size 497 is above the MTU 496", "bench sink --edge virtio1 "
		"--sizes 64,497");
	ERR_RUN(RS_USAGE, "send: size 8169 is above the MTU 8168", "send echo --edge adsp -s 8169");
	ERR_RUN(RS_NOTSUP, "TIOCMGET", "signals echo --edge adsp");
	ERR_RUN(RS_NOTSUP, "TIOCMGET", "watch /dev/rpmsg0");

	/* No rpmsg at all: an empty system root. */
	snprintf(root, sizeof(root), "%s/empty", tmpdir);
	mkdir(root, 0755);
	setenv("RPMSG_SMD_SYSROOT", root, 1);
	ERR_RUN(RS_NOMOD, "no rpmsg bus (/sys/bus/rpmsg)", "list");
	ERR_RUN(RS_NOMOD, "no rpmsg bus", "ping echo");
	ERR_RUN(RS_NOMOD, "no rpmsg bus", "open echo");
	mkdirs("empty/sys/bus/rpmsg/devices");
	ERR_RUN(RS_NOMOD, "no rpmsg edge or channel: no transport loaded", "list");
	ERR_RUN(RS_NOMOD, "no rpmsg edge or channel", "cat echo");
	setenv("RPMSG_SMD_SYSROOT", tmpdir, 1);

	/* debugfs that root alone may read. */
	if (geteuid() == 0) {
		skipped++;
		return;
	}
	snprintf(root, sizeof(root), "%s/sys/kernel/debug", tmpdir);
	chmod(root, 0);
	ERR_RUN(RS_PERM, "/sys/kernel/debug/rpmsg_smd: Permission denied: SMD states, FIFOs and "
		"counters need root", "list");
	ERR_RUN(RS_PERM, "not root?", "cat idle --edge adsp");
	chmod(root, 0755);
}

/* Whole commands against the FIFO /dev/rpmsg0: what is written comes back. */
static void test_data(void)
{
	char big[9100], path[300], *content, *p;
	struct run r;

	run_tool(&r, NULL, "ping echo --edge adsp -c 5 -s 32");
	CHECK(r.rc == 0 && !*r.err, "ping: %d %s", r.rc, r.err);
	CHECK(strstr(r.out, "ping echo on adsp (/dev/rpmsg0): 5 round trips of 32 bytes\n5 round "
		     "trips of 32 bytes in ") && strstr(r.out, "\nrtt min/p50/p99/max = ") &&
	      strstr(r.out, " ms\nrtt histogram (microseconds):\n"), "ping output:\n%s", r.out);
	run_free(&r);
	run_tool(&r, NULL, "ping /dev/rpmsg0 -c 3 -s 1 -i 1");
	CHECK(r.rc == 0 && strstr(r.out, "3 round trips of 1 bytes"), "ping dev: %d %s%s", r.rc,
	      r.out, r.err);
	run_free(&r);

	run_tool(&r, NULL, "cat echo --edge adsp --go -c 1");
	CHECK(r.rc == 0 && !strcmp(r.out, "g") && !*r.err, "cat --go: %d '%s' %s", r.rc, r.out,
	      r.err);
	run_free(&r);
	run_tool(&r, NULL, "cat /dev/rpmsg0 --timeout 0.2");
	CHECK(r.rc == 0 && !*r.out && !*r.err, "cat timeout: %d '%s' %s", r.rc, r.out, r.err);
	run_free(&r);
	ERR_RUN(RS_TIMEOUT, "timeout: 1 of 2 packets in 0.300 s", "cat /dev/rpmsg0 --go -c 2 "
		"--timeout 0.3");

	snprintf(path, sizeof(path), "%s/dev/rpmsg1", tmpdir);
	run_tool(&r, "hello\nworld\nno newline", "send sink --edge adsp");
	content = read_all(path);
	CHECK(r.rc == 0 && !strcmp(content, "hello\nworld\nno newline"), "send lines: %d '%s' %s",
	      r.rc, content, r.err);
	free(content);
	run_free(&r);
	write_file("dev/rpmsg1", "");
	run_tool(&r, "abcdefgh", "send /dev/rpmsg1 --size 3");
	content = read_all(path);
	CHECK(r.rc == 0 && !strcmp(content, "abcdefgh"), "send --size: %d '%s'", r.rc, content);
	free(content);
	run_free(&r);
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = 0;
	run_tool(&r, big, "send echo --edge adsp");
	CHECK(r.rc == RS_FAIL && strstr(r.err, "packet 1 is 9099 bytes, above the MTU 8168"),
	      "send too long: %d %s", r.rc, r.err);
	run_free(&r);

	/* The writer fills the FIFO and blocks: bench must still stop it. */
	run_tool(&r, NULL, "bench echo --edge adsp --dir tx --seconds 0.3 --sizes 64");
	CHECK(r.rc == 0 && strstr(r.out, "bench echo on adsp (/dev/rpmsg0): tx, 0.300 s per "
				  "size\n    size  dir        msgs  seconds       msgs/s       MB/s\n"
				  "      64  tx   "), "bench tx: %d\n%s%s", r.rc, r.out, r.err);
	run_free(&r);
	run_tool(&r, NULL, "bench echo --edge adsp --seconds 0.3 --sizes 16,32 --progress");
	/* A FIFO joins packets: the rx size column (the average) is not 16 here. */
	p = strstr(r.out, "\n      16  tx ");
	p = p ? strstr(p, "  rx ") : NULL;
	p = p ? strstr(p, "\n      32  tx ") : NULL;
	CHECK(r.rc == 0 && p && strstr(p, "  rx "), "bench both: %d\n%s%s", r.rc, r.out, r.err);
	CHECK(strstr(r.err, "bench both 16 B: ") && strstr(r.err, " msgs/s "),
	      "progress lines: %s", r.err);
	run_free(&r);
	run_tool(&r, NULL, "bench echo --edge adsp --dir rx --go --seconds 0.3");
	CHECK(r.rc == 0 && strstr(r.out, "\n       1  rx            1 "), "bench rx: %d\n%s%s",
	      r.rc, r.out, r.err);
	run_free(&r);
	ERR_RUN(RS_TIMEOUT, "timeout: no data within 0.300 s", "bench /dev/rpmsg0 --dir rx "
		"--timeout 0.3");
	/* A source sends what it sends: --sizes, even above the MTU, is not checked on rx. */
	ERR_RUN(RS_TIMEOUT, "timeout: no data within 0.300 s", "bench /dev/rpmsg0 --dir rx "
		"--sizes 9000 --timeout 0.3");
}

/* ---------------------------------------------------------------- help and man page */

/* The man page as plain words: requests, font escapes and line breaks gone. */
static char *man_text(const char *path)
{
	char *raw = read_all(path), *out = calloc(1, strlen(raw) * 2 + 2), *line, *save;
	size_t n = 0;
	char *p, *q;

	for (line = strtok_r(raw, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '.') {
			if (!strncmp(line, ".B ", 3) || !strncmp(line, ".I ", 3))
				line += 3;
			else if (!strncmp(line, ".SH ", 4))
				line += 4;
			else
				continue;
		}
		for (p = line; *p; p++) {
			if (p[0] == '\\' && p[1] == 'f' && p[2]) {
				p += 2;
				continue;
			}
			if (p[0] == '\\' && (p[1] == '-' || p[1] == 'e')) {
				out[n++] = p[1] == '-' ? '-' : '\\';
				p++;
				continue;
			}
			if (p[0] == '\\' && p[1] == '&') {
				p++;
				continue;
			}
			out[n++] = *p;
		}
		out[n++] = ' ';
	}
	/* One space between words. */
	for (p = q = out; *p; p++)
		if (*p != ' ' || (q > out && q[-1] != ' '))
			*q++ = *p;
	*q = 0;
	free(raw);
	return out;
}

static bool man_has(const char *man, const char *text)
{
	char *norm = strdup(text), *p, *q;
	bool ok;

	for (p = q = norm; *p; p++)
		if (*p != ' ' || (q > norm && q[-1] != ' '))
			*q++ = *p;
	*q = 0;
	ok = strstr(man, norm);
	free(norm);
	return ok;
}

static bool known_long(const char *name)
{
	const struct rs_cmd_help *h;
	const struct rs_opt_help *o;
	char want[48];

	if (!strcmp(name, "help") || !strcmp(name, "version") || !strcmp(name, "opt"))
		return true;
	snprintf(want, sizeof(want), "--%s", name);
	for (h = rs_cmds; h->name; h++)
		for (o = h->opts; o->flags; o++)
			if (strstr(o->flags, want))
				return true;
	return false;
}

static void test_help(const char *manpage)
{
	const struct rs_cmd_help *h;
	const struct rs_opt_help *o;
	char *man = man_text(manpage), buf[64], name[40], *p;
	struct run a, b;
	size_t n;
	int i;

	CHECK(strlen(man) > 1000, "man page %s not read", manpage);
	CHECK(man_has(man, rs_intro), "the intro is not in the man page");
	CHECK(man_has(man, rs_names_text), "the NAME text is not in the man page");
	for (h = rs_cmds; h->name; h++) {
		CHECK(man_has(man, h->synopsis), "synopsis '%s' not in the man page", h->synopsis);
		CHECK(man_has(man, h->summary), "%s: summary '%s' not in the man page", h->name,
		      h->summary);
		CHECK(man_has(man, h->text), "%s: description not in the man page: %s", h->name,
		      h->text);
		for (o = h->opts; o->flags; o++) {
			CHECK(man_has(man, o->flags), "%s: option '%s' not in the man page",
			      h->name, o->flags);
			CHECK(man_has(man, o->text), "%s: text of '%s' not in the man page: %s",
			      h->name, o->flags, o->text);
		}
		run_tool(&a, NULL, "%s --help", h->name);
		run_tool(&b, NULL, "help %s", h->name);
		snprintf(buf, sizeof(buf), "usage: rpmsg-smd %s", h->name);
		CHECK(a.rc == 0 && b.rc == 0 && !strcmp(a.out, b.out) &&
		      !strncmp(a.out, buf, strlen(buf)),
		      "%s --help and help %s differ or fail", h->name, h->name);
		run_free(&a);
		run_free(&b);
	}
	for (i = 0; i < RS_EXIT_COUNT; i++) {
		snprintf(buf, sizeof(buf), " %d ", i);
		p = strstr(man, "EXIT STATUS");
		CHECK(p && man_has(p, rs_exit_text[i]) &&
		      strstr(p, buf) && strstr(p, buf) < strstr(p, rs_exit_text[i]),
		      "exit status %d '%s' not in the man page", i, rs_exit_text[i]);
	}
	/* Every long option the man page names exists. */
	for (p = strstr(man, "--"); p; p = strstr(p + 2, "--")) {
		n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz");
		if (!n)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)n, p + 2);
		CHECK(known_long(name), "the man page names --%s, which no command takes", name);
	}
	run_tool(&a, NULL, "--help");
	run_tool(&b, NULL, "help");
	CHECK(a.rc == 0 && !strcmp(a.out, b.out) && strstr(a.out, "Exit status:\n  0  success"),
	      "--help and help differ");
	for (h = rs_cmds; h->name; h++) {
		snprintf(buf, sizeof(buf), "\n  %-9s", h->name);
		CHECK(strstr(a.out, buf), "--help does not list %s", h->name);
	}
	run_free(&a);
	run_free(&b);
	run_tool(&a, NULL, "--version");
	CHECK(a.rc == 0 && !strcmp(a.out, "rpmsg-smd 1.0\n"), "--version: %s", a.out);
	run_free(&a);
	free(man);
}

int main(int argc, char **argv)
{
	char cmd[400];

	if (argc != 2) {
		fprintf(stderr, "usage: %s MANPAGE\n", argv[0]);
		return 2;
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/rpmsg-smd-test.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	make_tree();
	setenv("RPMSG_SMD_SYSROOT", tmpdir, 1);
	test_parse();
	test_fmt();
	test_parsers();
	test_list();
	test_errors();
	test_data();
	test_help(argv[1]);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("could not remove %s\n", tmpdir);
	printf("rpmsg-smd host tests: %d checks, %d failed, %d skipped\n", checks, failed,
	       skipped);
	return failed ? 1 : 0;
}
