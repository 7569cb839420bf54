// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing.  The options a command takes, and their names, come
 * from its help entry (help.c): what --help shows is what is accepted.
 * Options may come before or after the positional arguments; "--" ends
 * them.  Errors print one "rpmsg-smd: " line and give RS_USAGE.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rpmsg-smd.h"

/* A whole number in [@min, @max], decimal (or 0x hex); 0 or -1. */
int rs_parse_long(const char *s, long min, long max, long *v)
{
	char *end;
	long n;

	if (!s || !*s || *s == ' ')
		return -1;
	errno = 0;
	n = strtol(s, &end, 0);
	if (errno || *end || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

/* Seconds, maybe with decimals ("0.5"), above 0, at most a day: in ms. */
int rs_parse_ms(const char *s, long *ms)
{
	char *end;
	double d;

	if (!s || !*s || !strchr("0123456789.", *s))
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno || *end || !(d > 0) || d > 86400)
		return -1;
	*ms = (long)(d * 1000 + 0.5);
	if (*ms < 1)
		*ms = 1;
	return 0;
}

/* "64,512,4096": each 1..RS_MAX_PKT, at most @max of them. */
int rs_parse_sizes(const char *s, long *sizes, int max, int *n)
{
	char buf[256], *tok, *save;

	if (!s || !*s || strlen(s) >= sizeof(buf) || s[strlen(s) - 1] == ',' ||
	    *s == ',' || strstr(s, ",,"))
		return -1;
	strcpy(buf, s);
	*n = 0;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == max || rs_parse_long(tok, 1, RS_MAX_PKT, &sizes[*n]))
			return -1;
		(*n)++;
	}
	return *n ? 0 : -1;
}

/* The short and long names of an option, and whether it takes a value. */
static void opt_names(const char *flags, char *shrt, char *lng, size_t len, bool *arg)
{
	const char *p = flags, *e;
	size_t n;

	*shrt = 0;
	*lng = 0;
	*arg = false;
	while (*p) {
		for (e = p; *e && *e != ' '; e++)
			;
		n = e - p;
		if (n && p[n - 1] == ',')
			n--;
		if (n >= 3 && p[0] == '-' && p[1] == '-' && n - 2 < len) {
			memcpy(lng, p + 2, n - 2);
			lng[n - 2] = 0;
		} else if (n == 2 && p[0] == '-') {
			*shrt = p[1];
		} else if (n) {
			*arg = true;
		}
		p = *e ? e + 1 : e;
	}
}

static int bad(const struct rs_cmd_help *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad(const struct rs_cmd_help *h, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rs_err("%s: %s (rpmsg-smd help %s)", h->name, msg, h->name);
	return RS_USAGE;
}

static int set_opt(const struct rs_cmd_help *h, const struct rs_opt_help *oh,
		   const char *val, struct rs_opts *o)
{
	switch (oh->id) {
	case RS_OPT_HELP:
		o->help = true;
		break;
	case RS_OPT_JSON:
		o->json = true;
		break;
	case RS_OPT_GO:
		o->go = true;
		break;
	case RS_OPT_PROGRESS:
		o->progress = true;
		break;
	case RS_OPT_EDGE:
		if (!*val)
			return bad(h, "%s needs an edge name", "--edge");
		o->edge = val;
		break;
	case RS_OPT_COUNT:
		if (rs_parse_long(val, 1, INT_MAX, &o->count))
			return bad(h, "-c needs a whole number from 1, not '%s'", val);
		break;
	case RS_OPT_SIZE:
		if (rs_parse_long(val, 1, RS_MAX_PKT, &o->size))
			return bad(h, "the size must be 1 to 262144 bytes, not '%s'", val);
		break;
	case RS_OPT_INTERVAL:
		if (rs_parse_long(val, 0, 3600000, &o->interval_ms))
			return bad(h, "-i needs milliseconds (0 to 3600000), not '%s'", val);
		break;
	case RS_OPT_TIMEOUT:
		if (rs_parse_ms(val, &o->timeout_ms))
			return bad(h, "--timeout needs seconds above 0, not '%s'", val);
		break;
	case RS_OPT_SECONDS:
		if (rs_parse_ms(val, &o->seconds_ms))
			return bad(h, "--seconds needs seconds above 0, not '%s'", val);
		break;
	case RS_OPT_SIZES:
		if (rs_parse_sizes(val, o->sizes, RS_MAX_SIZES, &o->nsizes))
			return bad(h, "--sizes needs up to 16 sizes of 1 to 262144 bytes "
				   "separated by commas, not '%s'", val);
		break;
	case RS_OPT_DIR:
		if (!strcmp(val, "rx"))
			o->dir = RS_DIR_RX;
		else if (!strcmp(val, "tx"))
			o->dir = RS_DIR_TX;
		else if (!strcmp(val, "both"))
			o->dir = RS_DIR_BOTH;
		else
			return bad(h, "--dir takes rx, tx or both, not '%s'", val);
		break;
	case RS_OPT_WAIT:
		if (rs_parse_long(val, 0, 600000, &o->wait_ms))
			return bad(h, "--wait needs milliseconds (0 to 600000), not '%s'", val);
		break;
	case RS_OPT_NONE:
		break;
	}
	return 0;
}

/* One option at argv[*i]; *i moves past its value. */
static int parse_opt(const struct rs_cmd_help *h, int argc, char **argv, int *i,
		     struct rs_opts *o)
{
	const char *arg = argv[*i], *val = NULL, *eq;
	const struct rs_opt_help *oh;
	char shrt, lng[32];
	bool takes;
	size_t n;

	for (oh = h->opts; oh->flags; oh++) {
		opt_names(oh->flags, &shrt, lng, sizeof(lng), &takes);
		if (arg[1] == '-') {
			eq = strchr(arg, '=');
			n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			if (!*lng || strlen(lng) != n || strncmp(arg + 2, lng, n))
				continue;
			if (eq && !takes)
				return bad(h, "%s takes no value", lng);
			val = eq ? eq + 1 : NULL;
		} else {
			if (!shrt || arg[1] != shrt)
				continue;
			if (arg[2] && !takes)
				return bad(h, "unknown option %s", arg);
			val = arg[2] ? arg + 2 : NULL;
		}
		if (takes && !val) {
			if (*i + 1 >= argc)
				return bad(h, "%s needs a value", arg);
			val = argv[++*i];
		}
		return set_opt(h, oh, val ? val : "", o);
	}
	return bad(h, "unknown option %s", arg);
}

static int parse_help(int argc, char **argv, struct rs_opts *o)
{
	const struct rs_cmd_help *h;

	o->help = true;
	o->cmd = RS_CMD_NONE;
	if (argc == 2)
		return 0;
	if (argc > 3)
		return bad(rs_cmd_get(RS_CMD_HELP), "unexpected argument '%s'", argv[3]);
	if (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")) {
		o->cmd = RS_CMD_HELP;
		return 0;
	}
	h = rs_cmd_find(argv[2]);
	if (!h)
		return bad(rs_cmd_get(RS_CMD_HELP), "no command '%s'", argv[2]);
	o->cmd = h->cmd;
	return 0;
}

int rs_parse(int argc, char **argv, struct rs_opts *o)
{
	const struct rs_cmd_help *h;
	bool dashdash = false;
	int i, npos = 0, ret;
	const char *a;

	memset(o, 0, sizeof(*o));
	o->wait_ms = -1;
	o->dir = RS_DIR_BOTH;
	if (argc < 2) {
		rs_err("no command (rpmsg-smd --help lists them)");
		return RS_USAGE;
	}
	a = argv[1];
	if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
		o->help = true;
		return argc == 2 ? 0 : (rs_err("unexpected argument '%s'", argv[2]), RS_USAGE);
	}
	if (!strcmp(a, "--version")) {
		o->version = true;
		return argc == 2 ? 0 : (rs_err("unexpected argument '%s'", argv[2]), RS_USAGE);
	}
	h = rs_cmd_find(a);
	if (!h) {
		rs_err("unknown %s '%s' (commands: list, open, close, cat, send, ping, bench, "
		       "signals, watch, help)", a[0] == '-' ? "option" : "command", a);
		return RS_USAGE;
	}
	o->cmd = h->cmd;
	if (h->cmd == RS_CMD_HELP)
		return parse_help(argc, argv, o);

	for (i = 2; i < argc; i++) {
		a = argv[i];
		if (!dashdash && !strcmp(a, "--")) {
			dashdash = true;
			continue;
		}
		if (!dashdash && a[0] == '-' && a[1]) {
			ret = parse_opt(h, argc, argv, &i, o);
			if (ret)
				return ret;
			continue;
		}
		if (npos == 0 && h->cmd != RS_CMD_LIST) {
			o->name = a;
		} else if (h->cmd == RS_CMD_SIGNALS) {
			if (rs_parse_sig_assign(a, &o->sig_set, &o->sig_clear, &o->sig_given))
				return bad(h, "'%s': only DTR=0|1 and RTS=0|1 can be set (DSR, "
					   "CTS, CD and RI are the remote's lines), each once", a);
		} else {
			return bad(h, "unexpected argument '%s'", a);
		}
		npos++;
	}
	if (o->help)
		return 0;
	if (h->cmd != RS_CMD_LIST && !o->name) {
		rs_err("%s: missing %s; usage: %s", h->name,
		       h->cmd == RS_CMD_OPEN ? "NAME" : h->cmd == RS_CMD_CLOSE ? "DEV|NAME" :
		       "NAME|DEV", h->synopsis);
		return RS_USAGE;
	}
	if (o->name && !*o->name)
		return bad(h, "%s", "the name is empty");
	if (o->name && strchr(o->name, '/') && h->cmd == RS_CMD_OPEN)
		return bad(h, "'%s': open takes a channel name, not a device", o->name);
	if (o->name && strchr(o->name, '/') && o->edge)
		return bad(h, "'%s': --edge goes with a channel name, not a device", o->name);
	if (o->name && !strchr(o->name, '/') && strlen(o->name) >= 32)
		return bad(h, "'%s': a channel name has at most 31 characters", o->name);
	return 0;
}
