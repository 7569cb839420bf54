// SPDX-License-Identifier: GPL-2.0
/*
 * mkfw: build a firmware image for the simulated processors.
 *
 *   mkfw [--vdev NUM] MANIFEST OUT.elf
 *
 * The image is an ELF32 little-endian executable with one PT_LOAD segment at
 * device address 0 (the processor's memory) holding
 *   0x0000  the manifest (text, NUL-terminated): which SMD channels and
 *           virtio services the simulated firmware runs
 *   0x1000  the resource table, also named by the section ".resource_table"
 *           that remoteproc looks for; with --vdev it declares one rpmsg vdev
 *           (virtio id 7, name-service feature, two vrings of NUM buffers,
 *           addresses left to Linux), without it has no entries
 * Layout facts: the remoteproc resource table format (version 1, offsets,
 * RSC_VDEV = 3) and the ELF32 format.  This is the firmware side: it uses no
 * kernel header.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM_SIZE	0x10000
#define MANIFEST_DA	0x0
#define MANIFEST_MAX	0x1000
#define RSC_DA		0x1000
#define RSC_MAX		0x400
#define SEG_SIZE	(RSC_DA + RSC_MAX)

#define MAGIC		"rpmsg-smd-sim-fw 1\n"

static uint8_t seg[SEG_SIZE];

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static void le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

/* Resource table at seg + RSC_DA; returns its size. */
static uint32_t rsc_table(int vrings_num)
{
	uint8_t *t = seg + RSC_DA;
	uint32_t off, i;

	le32(t, 1);				/* ver */
	le32(t + 4, vrings_num ? 1 : 0);	/* num */
	if (!vrings_num)
		return 16;
	off = 16 + 4;				/* header, one offset */
	le32(t + 16, off);
	le32(t + off, 3);			/* RSC_VDEV */
	le32(t + off + 4, 7);			/* id: VIRTIO_ID_RPMSG */
	le32(t + off + 8, 0);			/* notifyid */
	le32(t + off + 12, 1u << 0);		/* dfeatures: VIRTIO_RPMSG_F_NS */
	le32(t + off + 16, 0);			/* gfeatures */
	le32(t + off + 20, 0);			/* config_len */
	t[off + 24] = 0;			/* status */
	t[off + 25] = 2;			/* num_of_vrings */
	for (i = 0; i < 2; i++) {
		uint8_t *v = t + off + 28 + 20 * i;

		le32(v, 0xffffffff);		/* da: FW_RSC_ADDR_ANY */
		le32(v + 4, 4096);		/* align */
		le32(v + 8, vrings_num);	/* num */
		le32(v + 12, 0xffffffff);	/* notifyid: any */
		le32(v + 16, 0);		/* pa */
	}
	return off + 28 + 2 * 20;
}

int main(int argc, char **argv)
{
	static const char shstr[] = "\0.resource_table\0.manifest\0.shstrtab";
	uint8_t eh[52] = { 0 }, ph[32] = { 0 }, sh[4][40];
	uint32_t rsc_len, shstr_off, sh_off;
	int vnum = 0, a = 1;
	FILE *in, *out;
	size_t n;

	if (argc == 5 && !strcmp(argv[1], "--vdev")) {
		vnum = atoi(argv[2]);
		a = 3;
	}
	if (argc != a + 2 || (a == 3 && (vnum < 2 || vnum > 1024 || (vnum & (vnum - 1))))) {
		fprintf(stderr, "usage: mkfw [--vdev NUM(power of 2)] MANIFEST OUT.elf\n");
		return 2;
	}
	in = fopen(argv[a], "r");
	if (!in) {
		perror(argv[a]);
		return 1;
	}
	memcpy(seg + MANIFEST_DA, MAGIC, strlen(MAGIC));
	n = fread(seg + MANIFEST_DA + strlen(MAGIC), 1,
		  MANIFEST_MAX - strlen(MAGIC), in);
	fclose(in);
	if (n >= MANIFEST_MAX - strlen(MAGIC)) {
		fprintf(stderr, "mkfw: manifest longer than %d bytes\n", MANIFEST_MAX - 1);
		return 1;
	}
	rsc_len = rsc_table(vnum);

	/* File: ELF header, program header, segment, section names, sections. */
	shstr_off = 52 + 32 + SEG_SIZE;
	sh_off = (shstr_off + sizeof(shstr) + 3) & ~3u;

	memcpy(eh, "\177ELF", 4);
	eh[4] = 1;				/* ELFCLASS32 */
	eh[5] = 1;				/* ELFDATA2LSB */
	eh[6] = 1;				/* EV_CURRENT */
	le16(eh + 16, 2);			/* ET_EXEC */
	le16(eh + 18, 183);			/* EM_AARCH64, for the record */
	le32(eh + 20, 1);			/* e_version */
	le32(eh + 24, MANIFEST_DA);		/* e_entry */
	le32(eh + 28, 52);			/* e_phoff */
	le32(eh + 32, sh_off);			/* e_shoff */
	le16(eh + 40, 52);			/* e_ehsize */
	le16(eh + 42, 32);			/* e_phentsize */
	le16(eh + 44, 1);			/* e_phnum */
	le16(eh + 46, 40);			/* e_shentsize */
	le16(eh + 48, 4);			/* e_shnum */
	le16(eh + 50, 3);			/* e_shstrndx */

	le32(ph, 1);				/* PT_LOAD */
	le32(ph + 4, 52 + 32);			/* p_offset */
	le32(ph + 8, 0);			/* p_vaddr */
	le32(ph + 12, 0);			/* p_paddr: the device address */
	le32(ph + 16, SEG_SIZE);		/* p_filesz */
	le32(ph + 20, MEM_SIZE);		/* p_memsz */
	le32(ph + 24, 7);			/* RWX */
	le32(ph + 28, 4);			/* p_align */

	memset(sh, 0, sizeof(sh));
	/* [1] .resource_table, [2] .manifest, [3] .shstrtab */
	le32(sh[1], 1);
	le32(sh[1] + 4, 1);			/* SHT_PROGBITS */
	le32(sh[1] + 8, 3);			/* SHF_WRITE | SHF_ALLOC */
	le32(sh[1] + 12, RSC_DA);		/* sh_addr */
	le32(sh[1] + 16, 52 + 32 + RSC_DA);	/* sh_offset */
	le32(sh[1] + 20, rsc_len);
	le32(sh[1] + 32, 4);
	le32(sh[2], 17);
	le32(sh[2] + 4, 1);
	le32(sh[2] + 8, 2);			/* SHF_ALLOC */
	le32(sh[2] + 12, MANIFEST_DA);
	le32(sh[2] + 16, 52 + 32 + MANIFEST_DA);
	le32(sh[2] + 20, MANIFEST_MAX);
	le32(sh[2] + 32, 1);
	le32(sh[3], 27);
	le32(sh[3] + 4, 3);			/* SHT_STRTAB */
	le32(sh[3] + 16, shstr_off);
	le32(sh[3] + 20, sizeof(shstr));
	le32(sh[3] + 32, 1);

	out = fopen(argv[a + 1], "wb");
	if (!out) {
		perror(argv[a + 1]);
		return 1;
	}
	fwrite(eh, 1, sizeof(eh), out);
	fwrite(ph, 1, sizeof(ph), out);
	fwrite(seg, 1, sizeof(seg), out);
	fwrite(shstr, 1, sizeof(shstr), out);
	fwrite("\0\0\0", 1, sh_off - shstr_off - sizeof(shstr), out);
	fwrite(sh, 1, sizeof(sh), out);
	if (fclose(out)) {
		perror(argv[a + 1]);
		return 1;
	}
	return 0;
}
