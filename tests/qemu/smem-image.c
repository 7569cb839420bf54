// SPDX-License-Identifier: GPL-2.0
/*
 * smem-image: write an SMEM region the way a Qualcomm boot loader (SBL)
 * leaves it before Linux starts, for QEMU to place in guest RAM.
 *
 *   --version 11   global heap: header + 512-entry table of contents
 *   --version 12   partitioned: "$TOC" table in the last 4 KiB, a global
 *                  partition and one APPS<->host partition per --hosts id
 *
 * Both layouts carry two marker items written as a boot loader would
 * (one in the uncached list, one in the cached list for v12), so a guest
 * test can check that Linux finds them where this tool put them.  The
 * --layout file records, as key=value lines, where things are and where
 * the next allocation of a test item must land.
 *
 * Only the numbers the SMEM format fixes are shared with Linux; this is an
 * independent writer of that format.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

/* Format numbers (see docs/wire-format.md). */
#define HDR_VERSION_OFF		0x40	/* u32 version[32] */
#define SBL_VERSION_INDEX	7
#define HDR_INITIALIZED_OFF	0xc0
#define HDR_FREE_OFFSET_OFF	0xc4
#define HDR_AVAILABLE_OFF	0xc8
#define HDR_RESERVED_OFF	0xcc
#define HDR_TOC_OFF		0xd0
#define TOC_ENTRY_SIZE		16
#define TOC_ITEMS		512
#define HEAP_START		(HDR_TOC_OFF + TOC_ITEMS * TOC_ENTRY_SIZE)

#define PTABLE_SIZE		4096
#define PTABLE_HDR_SIZE		32
#define PTABLE_ENTRY_SIZE	48
#define PART_HDR_SIZE		32
#define PRIV_HDR_SIZE		16
#define PRIV_CANARY		0xa5a5
#define GLOBAL_HOST		0xfffe
#define APPS_HOST		0
#define MAX_HOSTS		20

/* Boot-loader owned items the guest test looks for. */
#define MARKER_ITEM		3	/* fixed item, uncached list / heap */
#define CACHED_MARKER_ITEM	4	/* fixed item, cached list (v12) */
/* Item the guest test allocates itself: it must land at alloc_phys. */
#define TEST_ITEM		499
#define TEST_ITEM_SIZE		100

static u8 *img;
static u32 img_size = 4u << 20;
static u64 img_base = 0x7e000000;
static u32 part_size = 512u << 10;
static u32 cacheline = 64;
static FILE *layout;

static void put8(u32 off, u8 v)
{
	if (off >= img_size) {
		fprintf(stderr, "smem-image: write at 0x%x past the image\n", off);
		exit(1);
	}
	img[off] = v;
}

static void put16(u32 off, u16 v)
{
	put8(off, v & 0xff);
	put8(off + 1, v >> 8);
}

static void put32(u32 off, u32 v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

static void putbytes(u32 off, const void *src, u32 len)
{
	const u8 *p = src;

	while (len--)
		put8(off++, *p++);
}

static u32 align_up(u32 v, u32 a)
{
	return (v + a - 1) / a * a;
}

static void marker_text(char *buf, size_t len, int version, int item)
{
	snprintf(buf, len, "rpmsg-smd smem v%d item %d", version, item);
}

static void write_header(int version, u32 free_offset, u32 available)
{
	put32(HDR_VERSION_OFF + 4 * SBL_VERSION_INDEX, (u32)version << 16);
	put32(HDR_INITIALIZED_OFF, 1);
	put32(HDR_FREE_OFFSET_OFF, free_offset);
	put32(HDR_AVAILABLE_OFF, available);
	put32(HDR_RESERVED_OFF, 0);
}

/* v11: items are carved from the heap that follows the table of contents. */
static u32 heap_alloc(u32 *free_offset, int item, u32 size)
{
	u32 toc = HDR_TOC_OFF + item * TOC_ENTRY_SIZE;
	u32 off = *free_offset;

	size = align_up(size, 8);
	put32(toc + 4, off);
	put32(toc + 8, size);
	put32(toc + 12, 0);	/* aux_base 0: the main region */
	put32(toc + 0, 1);	/* allocated, written last */
	*free_offset += size;
	return off;
}

static void write_v11(void)
{
	u32 free_offset = HEAP_START, off;
	char text[64];

	marker_text(text, sizeof(text), 11, MARKER_ITEM);
	off = heap_alloc(&free_offset, MARKER_ITEM, strlen(text) + 1);
	putbytes(off, text, strlen(text) + 1);
	write_header(11, free_offset, img_size - free_offset);

	fprintf(layout, "marker_item=%d\nmarker_phys=0x%llx\nmarker_size=%u\n",
		MARKER_ITEM, (unsigned long long)(img_base + off),
		align_up(strlen(text) + 1, 8));
	fprintf(layout, "marker_text=%s\n", text);
	/* Linux allocates from free_offset upward. */
	fprintf(layout, "alloc_host=-1\nalloc_item=%d\nalloc_size=%d\nalloc_phys=0x%llx\n",
		TEST_ITEM, TEST_ITEM_SIZE,
		(unsigned long long)(img_base + free_offset));
}

struct partition {
	u32 off;		/* from the start of the region */
	u32 free_uncached;	/* from the start of the partition */
	u32 free_cached;
};

static void part_init(struct partition *p, u32 off, u16 h0, u16 h1)
{
	p->off = off;
	p->free_uncached = PART_HDR_SIZE;
	p->free_cached = part_size;
	putbytes(off, "$PRT", 4);
	put16(off + 4, h0);
	put16(off + 6, h1);
	put32(off + 8, part_size);
}

static void part_finish(struct partition *p)
{
	put32(p->off + 12, p->free_uncached);
	put32(p->off + 16, p->free_cached);
}

static void priv_header(u32 off, int item, u32 size, u32 pad)
{
	put16(off, PRIV_CANARY);
	put16(off + 2, item);
	put32(off + 4, size);
	put16(off + 8, pad);	/* padding_data */
	put16(off + 10, 0);	/* padding_hdr */
	put32(off + 12, 0);
}

/* Returns the data offset from the start of the region. */
static u32 part_alloc_uncached(struct partition *p, int item, u32 len)
{
	u32 size = align_up(len, 8), hdr = p->off + p->free_uncached;

	priv_header(hdr, item, size, size - len);
	p->free_uncached += PRIV_HDR_SIZE + size;
	return hdr + PRIV_HDR_SIZE;
}

/* Cached items grow down from the end: header above, data just below it. */
static u32 part_alloc_cached(struct partition *p, int item, u32 len)
{
	u32 size = align_up(len, cacheline);
	u32 step = align_up(PRIV_HDR_SIZE, cacheline);
	u32 hdr = p->off + p->free_cached - step;

	priv_header(hdr, item, size, size - len);
	p->free_cached -= step + size;
	return hdr - size;
}

static void write_v12(const int *hosts, int nhosts)
{
	u32 ptable = img_size - PTABLE_SIZE, entry, off, data;
	struct partition global, part;
	int i, nent = 0;
	char text[64];

	/* The global heap is unused in v12: the partitions start after it. */
	write_header(12, HEAP_START, 0);

	off = align_up(HEAP_START, 4096);
	part_init(&global, off, GLOBAL_HOST, GLOBAL_HOST);
	marker_text(text, sizeof(text), 12, MARKER_ITEM);
	data = part_alloc_uncached(&global, MARKER_ITEM, strlen(text) + 1);
	putbytes(data, text, strlen(text) + 1);
	fprintf(layout, "marker_item=%d\nmarker_phys=0x%llx\nmarker_size=%zu\nmarker_text=%s\n",
		MARKER_ITEM, (unsigned long long)(img_base + data),
		strlen(text) + 1, text);
	marker_text(text, sizeof(text), 12, CACHED_MARKER_ITEM);
	data = part_alloc_cached(&global, CACHED_MARKER_ITEM, strlen(text) + 1);
	putbytes(data, text, strlen(text) + 1);
	fprintf(layout, "cached_item=%d\ncached_phys=0x%llx\ncached_size=%zu\ncached_text=%s\n",
		CACHED_MARKER_ITEM, (unsigned long long)(img_base + data),
		strlen(text) + 1, text);
	fprintf(layout, "global_alloc_phys=0x%llx\n",
		(unsigned long long)(img_base + global.off + global.free_uncached +
				     PRIV_HDR_SIZE));
	part_finish(&global);

	entry = ptable + PTABLE_HDR_SIZE;
	put32(entry, global.off);
	put32(entry + 4, part_size);
	put16(entry + 12, GLOBAL_HOST);
	put16(entry + 14, GLOBAL_HOST);
	put32(entry + 16, cacheline);
	nent++;

	for (i = 0; i < nhosts; i++) {
		off += part_size;
		part_init(&part, off, APPS_HOST, hosts[i]);
		if (i == 0)
			fprintf(layout,
				"alloc_host=%d\nalloc_item=%d\nalloc_size=%d\nalloc_phys=0x%llx\n",
				hosts[i], TEST_ITEM, TEST_ITEM_SIZE,
				(unsigned long long)(img_base + off + part.free_uncached +
						     PRIV_HDR_SIZE));
		part_finish(&part);
		entry += PTABLE_ENTRY_SIZE;
		put32(entry, off);
		put32(entry + 4, part_size);
		put16(entry + 12, APPS_HOST);
		put16(entry + 14, hosts[i]);
		put32(entry + 16, cacheline);
		fprintf(layout, "partition_%d_phys=0x%llx\n", hosts[i],
			(unsigned long long)(img_base + off));
		nent++;
	}
	if (off + part_size > ptable) {
		fprintf(stderr, "smem-image: %d partitions of %u bytes do not fit in %u bytes\n",
			nent, part_size, img_size);
		exit(1);
	}

	putbytes(ptable, "$TOC", 4);
	put32(ptable + 4, 1);
	put32(ptable + 8, nent);
	/* SMEM_INFO right after the last entry: it sets the item limit. */
	entry = ptable + PTABLE_HDR_SIZE + nent * PTABLE_ENTRY_SIZE;
	putbytes(entry, "SIII", 4);
	put32(entry + 4, img_size);
	put32(entry + 8, (u32)img_base);
	put32(entry + 12, 0);
	put16(entry + 16, TOC_ITEMS);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: smem-image --version 11|12 -o IMAGE [--layout FILE]\n"
		"       [--base ADDR] [--size BYTES] [--part-size BYTES]\n"
		"       [--hosts ID,ID,...]   (v12 partitions APPS<->ID; default 1,2,3,4,6)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "version", required_argument, NULL, 'v' },
		{ "layout", required_argument, NULL, 'l' },
		{ "base", required_argument, NULL, 'b' },
		{ "size", required_argument, NULL, 's' },
		{ "part-size", required_argument, NULL, 'p' },
		{ "hosts", required_argument, NULL, 'H' },
		{ "output", required_argument, NULL, 'o' },
		{ }
	};
	const char *out = NULL, *layout_path = "/dev/null";
	char *hostlist = NULL, *tok, *end;
	int version = 0, hosts[MAX_HOSTS], nhosts = 0, c;
	FILE *f;

	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			version = atoi(optarg);
			break;
		case 'l':
			layout_path = optarg;
			break;
		case 'b':
			img_base = strtoull(optarg, NULL, 0);
			break;
		case 's':
			img_size = strtoul(optarg, NULL, 0);
			break;
		case 'p':
			part_size = strtoul(optarg, NULL, 0);
			break;
		case 'H':
			hostlist = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	if (!out || (version != 11 && version != 12) || img_size < 64 * 1024 ||
	    img_size % 4096 || part_size % 4096 || !part_size)
		usage();
	if (!hostlist)
		hostlist = strdup("1,2,3,4,6");
	for (tok = strtok(hostlist, ","); tok; tok = strtok(NULL, ",")) {
		long h = strtol(tok, &end, 0);

		if (*end || h <= APPS_HOST || h >= MAX_HOSTS || nhosts == MAX_HOSTS) {
			fprintf(stderr, "smem-image: bad host id '%s'\n", tok);
			return 2;
		}
		hosts[nhosts++] = h;
	}

	img = calloc(1, img_size);
	layout = fopen(layout_path, "w");
	if (!img || !layout) {
		perror("smem-image");
		return 1;
	}
	fprintf(layout, "version=%d\nbase=0x%llx\nsize=0x%x\n", version,
		(unsigned long long)img_base, img_size);
	if (version == 11)
		write_v11();
	else
		write_v12(hosts, nhosts);

	f = fopen(out, "wb");
	if (!f || fwrite(img, 1, img_size, f) != img_size || fclose(f)) {
		perror(out);
		return 1;
	}
	return fclose(layout) ? 1 : 0;
}
