// SPDX-License-Identifier: GPL-2.0
/*
 * Formatting: SMD states and signals, signal assignments ("DTR=1"),
 * percentiles, the round-trip histogram, rates, JSON strings, ring fill.
 * No I/O on devices here: all of it is unit-tested on the host.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>

#include "rpmsg-smd.h"

/* The seven SMD channel states (docs/wire-format.md), or NULL. */
const char *rs_state_name(unsigned long st)
{
	static const char *const names[] = {
		"closed", "opening", "opened", "flushing", "closing", "reset",
		"reset-opening",
	};

	return st < ARRAY_SIZE(names) ? names[st] : NULL;
}

/*
 * The remote's lines as debugfs shows them (bits DSR 1, CTS 2, CD 4, RI 8,
 * smd_debugfs.c): "DSR,CTS,CD", or "-" for none.
 */
void rs_dbg_signals(unsigned long sig, char *buf, size_t len)
{
	static const char *const names[] = { "DSR", "CTS", "CD", "RI" };
	size_t n = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (sig & (1ul << i))
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", names[i]);
	if (sig & ~0xful)
		snprintf(buf + n, n < len ? len - n : 0, "%s%#lx", n ? "," : "", sig & ~0xful);
	else if (!n)
		snprintf(buf, len, "-");
}

/* TIOCM bits as "DTR=1 RTS=0" (@local) and/or "DSR=1 CTS=1 CD=1 RI=0" (@remote). */
void rs_tiocm_str(int v, bool local, bool remote, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s",
		 local ? (v & TIOCM_DTR ? "DTR=1 " : "DTR=0 ") : "",
		 local ? (v & TIOCM_RTS ? "RTS=1" : "RTS=0") : "",
		 local && remote ? " " : "");
	if (remote)
		snprintf(buf + strlen(buf), len - strlen(buf), "DSR=%d CTS=%d CD=%d RI=%d",
			 !!(v & TIOCM_DSR), !!(v & TIOCM_CTS), !!(v & TIOCM_CD),
			 !!(v & TIOCM_RI));
}

/*
 * "DTR=1", "rts=0": add the line to @set or @clear and to @given; -1 for
 * any other line or value, or a line given twice.
 */
int rs_parse_sig_assign(const char *s, int *set, int *clear, int *given)
{
	int bit;

	if (!strncasecmp(s, "DTR=", 4))
		bit = TIOCM_DTR;
	else if (!strncasecmp(s, "RTS=", 4))
		bit = TIOCM_RTS;
	else
		return -1;
	if ((*given & bit) || (strcmp(s + 4, "0") && strcmp(s + 4, "1")))
		return -1;
	*given |= bit;
	if (s[4] == '1')
		*set |= bit;
	else
		*clear |= bit;
	return 0;
}

/* Nearest rank: the smallest value with at least @pct percent at or below it. */
uint64_t rs_percentile(const uint64_t *sorted, size_t n, unsigned int pct)
{
	size_t rank;

	if (!n)
		return 0;
	rank = ((size_t)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void rs_sort_u64(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
}

static int bucket_of(uint64_t v)
{
	int k = 0;

	while (v >= 2) {
		v >>= 1;
		k++;
	}
	return k;
}

/*
 * A text histogram of @n values (microseconds), one row per power of two:
 * row k holds [2^k, 2^(k+1)) (row 0: 0 and 1), from the lowest row used to
 * the highest.  Bars are scaled to @width characters for the fullest row,
 * rounded up (a row with a value shows at least one '#').  Returns the
 * length written to @out, or -1 if it does not fit.
 */
int rs_hist_log2(const uint64_t *v, size_t n, int width, char *out, size_t len)
{
	size_t count[65] = { 0 }, max = 0, i, pos = 0;
	int k, lo = 64, hi = 0, bar, r;
	char bars[256];

	if (width < 1 || width >= (int)sizeof(bars))
		return -1;
	out[0] = 0;
	for (i = 0; i < n; i++) {
		k = bucket_of(v[i]);
		count[k]++;
		if (k < lo)
			lo = k;
		if (k > hi)
			hi = k;
	}
	for (k = lo; k <= hi; k++)
		if (count[k] > max)
			max = count[k];
	for (k = lo; n && k <= hi; k++) {
		bar = (int)((count[k] * width + max - 1) / max);
		memset(bars, '#', bar);
		bars[bar] = 0;
		r = snprintf(out + pos, len - pos, "%8llu .. %-8llu |%-*s| %zu\n",
			     k ? 1ull << k : 0ull, (2ull << k) - 1, width, bars, count[k]);
		if (r < 0 || (size_t)r >= len - pos)
			return -1;
		pos += r;
	}
	return pos;
}

/* MB/s: 10^6 bytes per second. */
double rs_mbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes * 1000.0 / (double)ns : 0;
}

double rs_per_sec(uint64_t count, uint64_t ns)
{
	return ns ? (double)count * 1e9 / (double)ns : 0;
}

/* @s as the inside of a JSON string: its length, or -1 if @out is too small. */
int rs_json_escape(const char *s, char *out, size_t len)
{
	size_t n = 0;
	char esc[8];
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			strcpy(esc, "\\\"");
			break;
		case '\\':
			strcpy(esc, "\\\\");
			break;
		case '\n':
			strcpy(esc, "\\n");
			break;
		case '\t':
			strcpy(esc, "\\t");
			break;
		case '\r':
			strcpy(esc, "\\r");
			break;
		default:
			if (*p < 0x20)
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
			else
				snprintf(esc, sizeof(esc), "%c", *p);
		}
		if (n + strlen(esc) >= len)
			return -1;
		strcpy(out + n, esc);
		n += strlen(esc);
	}
	if (n >= len)
		return -1;
	out[n] = 0;
	return n;
}

/* A JSON string, or null for NULL or "". */
void rs_json_str(FILE *f, const char *s)
{
	char buf[RS_PATH_MAX * 2];

	if (!s || !*s || rs_json_escape(s, buf, sizeof(buf)) < 0)
		fputs("null", f);
	else
		fprintf(f, "\"%s\"", buf);
}

/* Bytes written to a ring and not read yet; -1 when an index is out of range. */
long rs_ring_used(unsigned long head, unsigned long tail, unsigned long fifo)
{
	if (!fifo || head >= fifo || tail >= fifo)
		return -1;
	return (long)((head + fifo - tail) % fifo);
}
