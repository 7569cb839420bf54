/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rpmsg-smd: a command-line tool for rpmsg channels on rpmsg_smd (Qualcomm
 * SMD) and virtio_rpmsg.  Everything it knows comes from sysfs, debugfs and
 * the character devices of rpmsg_char and rpmsg_ctrl (docs/abi/).
 */
#ifndef RPMSG_SMD_TOOL_H
#define RPMSG_SMD_TOOL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define RS_PROG		"rpmsg-smd"
#define RS_VERSION	"1.0"
#define RS_NAME_MAX	64	/* channel names: 32 in rpmsg, 20 on SMD */
#define RS_DEV_MAX	256	/* sysfs device names */
#define RS_PATH_MAX	1024
#define RS_MAX_SIZES	16
#define RS_MAX_PKT	(256 * 1024)	/* read buffer: above any MTU */

/* Exit status; the texts are in help.c (and in the man page). */
enum rs_exit {
	RS_OK = 0,
	RS_FAIL = 1,
	RS_USAGE = 2,
	RS_NOCHAN = 3,
	RS_BUSY = 4,
	RS_CLOSED = 5,
	RS_PERM = 6,
	RS_NOMOD = 7,
	RS_NOTSUP = 8,
	RS_TIMEOUT = 9,
	RS_EXIT_COUNT
};

enum rs_cmd {
	RS_CMD_NONE,
	RS_CMD_LIST,
	RS_CMD_OPEN,
	RS_CMD_CLOSE,
	RS_CMD_CAT,
	RS_CMD_SEND,
	RS_CMD_PING,
	RS_CMD_BENCH,
	RS_CMD_SIGNALS,
	RS_CMD_WATCH,
	RS_CMD_HELP,
	RS_CMD_COUNT
};

/* Options a command may take (help.c lists them per command). */
enum rs_opt {
	RS_OPT_NONE,
	RS_OPT_HELP,
	RS_OPT_JSON,
	RS_OPT_EDGE,
	RS_OPT_COUNT,
	RS_OPT_SIZE,
	RS_OPT_INTERVAL,
	RS_OPT_TIMEOUT,
	RS_OPT_SIZES,
	RS_OPT_SECONDS,
	RS_OPT_DIR,
	RS_OPT_GO,
	RS_OPT_PROGRESS,
	RS_OPT_WAIT,
};

enum rs_dir { RS_DIR_BOTH, RS_DIR_TX, RS_DIR_RX };

struct rs_opts {
	enum rs_cmd cmd;
	bool help;		/* CMD --help, or help CMD */
	bool version;
	const char *name;	/* NAME, DEV, or DEV|NAME */
	const char *edge;	/* --edge */
	bool json;
	long count;		/* -c; 0: the command's default */
	long size;		/* -s, --size; 0: default */
	long interval_ms;	/* -i */
	long timeout_ms;	/* --timeout; 0: default */
	long seconds_ms;	/* --seconds; 0: default */
	long sizes[RS_MAX_SIZES];
	int nsizes;
	enum rs_dir dir;
	bool go;
	bool progress;
	long wait_ms;		/* --wait; -1: default */
	int sig_set;		/* TIOCM_DTR/TIOCM_RTS to raise */
	int sig_clear;		/* ... and to drop */
	int sig_given;		/* the lines named at all */
};

/* One option of a command, for the parser and for --help. */
struct rs_opt_help {
	enum rs_opt id;
	const char *flags;	/* "-c, --count N" */
	const char *text;
};

struct rs_cmd_help {
	enum rs_cmd cmd;
	const char *name;
	const char *synopsis;
	const char *summary;
	const char *text;
	const struct rs_opt_help *opts;
};

/* help.c */
extern const struct rs_cmd_help rs_cmds[];
extern const char *const rs_exit_text[RS_EXIT_COUNT];
extern const char rs_intro[];
extern const char rs_names_text[];
const struct rs_cmd_help *rs_cmd_find(const char *name);
const struct rs_cmd_help *rs_cmd_get(enum rs_cmd cmd);
void rs_usage(FILE *f);
void rs_cmd_usage(FILE *f, const struct rs_cmd_help *h);
void rs_wrap(FILE *f, const char *text, int indent, int first, int width);

/* args.c */
int rs_parse(int argc, char **argv, struct rs_opts *o);
int rs_parse_long(const char *s, long min, long max, long *v);
int rs_parse_ms(const char *s, long *ms);
int rs_parse_sizes(const char *s, long *sizes, int max, int *n);

/* util.c */
extern volatile sig_atomic_t rs_stop;
void rs_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rs_errno_exit(int e);
uint64_t rs_now_ns(void);
void rs_signals_setup(void);
const char *rs_sysroot(void);
int rs_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int rs_read_file(const char *path, char *buf, size_t len);
int rs_read_attr(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int rs_link_base(const char *path, char *buf, size_t len);

/* fmt.c */
const char *rs_state_name(unsigned long st);
void rs_dbg_signals(unsigned long sig, char *buf, size_t len);
void rs_tiocm_str(int v, bool local, bool remote, char *buf, size_t len);
int rs_parse_sig_assign(const char *s, int *set, int *clear, int *given);
uint64_t rs_percentile(const uint64_t *sorted, size_t n, unsigned int pct);
void rs_sort_u64(uint64_t *v, size_t n);
int rs_hist_log2(const uint64_t *v, size_t n, int width, char *out, size_t len);
double rs_mbps(uint64_t bytes, uint64_t ns);
double rs_per_sec(uint64_t count, uint64_t ns);
int rs_json_escape(const char *s, char *out, size_t len);
void rs_json_str(FILE *f, const char *s);
long rs_ring_used(unsigned long head, unsigned long tail, unsigned long fifo);

/* sysfs.c: what sysfs and debugfs say */
struct rs_chan {
	char name[RS_NAME_MAX];
	/* sysfs: /sys/bus/rpmsg/devices/<rpdev>/ */
	char rpdev[RS_DEV_MAX];		/* "" if the channel has no device */
	long mtu;			/* -1: unknown */
	char driver[RS_NAME_MAX];
	bool has_dst;
	uint32_t dst;
	char devs[8][32];		/* rpmsgN: its own and ctrl-made ones */
	int ndevs;
	/* debugfs: a "chan" line of rpmsg_smd/<edge>/channels */
	bool dbg;
	unsigned long long table, cid, fifo, state, remote, quarantined, endpoint;
	unsigned long long tx_head, tx_tail, rx_head, rx_tail;
	unsigned long long rx_pkts, rx_bytes, tx_pkts, tx_bytes;
	unsigned long long kicks, drops, bad_values, signals, reported;
	char info[8], mode[8];
};

struct rs_edge {
	char dev[RS_DEV_MAX];		/* device name, e.g. remoteproc-adsp:smd-edge */
	char label[RS_NAME_MAX];	/* sysfs edge / debugfs edge name, or "" */
	char transport[16];		/* sysfs transport, or "" */
	char ctrl[32];			/* rpmsg_ctrlN, or "" */
	bool dbg;
	long long id, pid;
	unsigned long long irqs, passes, throttled, scans, rejected, hardirq_ns;
	struct rs_chan *chans;
	int nchans;
};

/* An endpoint device: /sys/class/rpmsg/rpmsgN */
struct rs_eptdev {
	char dev[32];			/* rpmsgN */
	char name[RS_NAME_MAX];
	char parent[RS_DEV_MAX];	/* rpmsg_ctrlM or the channel's rpdev */
	long dst;
};

struct rs_model {
	bool bus;			/* /sys/bus/rpmsg exists */
	bool class;			/* /sys/class/rpmsg exists */
	int dbg_err;			/* 0, or errno of rpmsg_smd's debugfs */
	struct rs_edge *edges;
	int nedges;
	struct rs_eptdev *epts;
	int nepts;
};

int rs_split_rpdev(const char *rpdev, const char *name, char *parent, size_t len);
int rs_parse_dbg_edge(const char *line, struct rs_edge *e);
int rs_parse_dbg_chan(const char *line, struct rs_chan *c);
int rs_parse_dbg_file(const char *text, struct rs_edge *e);
int rs_model_load(struct rs_model *m);
void rs_model_free(struct rs_model *m);
struct rs_edge *rs_edge_find(struct rs_model *m, const char *dev);
struct rs_chan *rs_chan_find(struct rs_edge *e, const char *name);
const char *rs_edge_name(const struct rs_edge *e);
bool rs_edge_match(const struct rs_edge *e, const char *want);
const struct rs_eptdev *rs_ept_find(struct rs_model *m, const char *dev,
				    struct rs_edge **e, struct rs_chan **c);

/* list.c */
int rs_cmd_list(const struct rs_opts *o);

/* ept.c: the endpoint a command works on */
struct rs_target {
	char name[RS_NAME_MAX];		/* channel name, or "" */
	char dev[RS_PATH_MAX];		/* /dev/rpmsgN */
	char edge[RS_NAME_MAX];		/* edge name for messages */
	char transport[16];
	long mtu;
	bool created;			/* made by us: destroyed at the end */
	int fd;
};

int rs_target_open(const struct rs_opts *o, struct rs_target *t, long need);
int rs_target_open_buf(const struct rs_opts *o, struct rs_target *t, long need, char **buf);
void rs_target_close(struct rs_target *t);
const char *rs_target_what(const struct rs_target *t);
int rs_io_exit(const struct rs_target *t, const char *what, int e);
int rs_check_alive(const struct rs_target *t);
int rs_cmd_open(const struct rs_opts *o);
int rs_cmd_close(const struct rs_opts *o);

/* data.c */
int rs_cmd_cat(const struct rs_opts *o);
int rs_cmd_send(const struct rs_opts *o);
int rs_cmd_ping(const struct rs_opts *o);
int rs_cmd_bench(const struct rs_opts *o);

/* sig.c */
int rs_cmd_signals(const struct rs_opts *o);
int rs_cmd_watch(const struct rs_opts *o);

/* cli.c */
int rs_main(int argc, char **argv);

#endif /* RPMSG_SMD_TOOL_H */
