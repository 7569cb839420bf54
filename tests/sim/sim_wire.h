/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMD wire format as the remote processor sees it.
 *
 * Written for the simulator from the format's published facts; it shares
 * nothing with rpmsg_smd/ on purpose: two independent readings of the
 * format agreeing is the evidence that both are right.  Every offset the
 * format fixes is pinned with a BUILD_BUG_ON in sim_wire_check().
 */
#ifndef __SMD_SIM_WIRE_H__
#define __SMD_SIM_WIRE_H__

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* SMEM items that hold SMD state. */
#define SIM_TABLES		2
#define SIM_TABLE_ENTRIES	64
/* Allocation table, info base and fifo base, per table. */
#define SIM_T1_ALLOC_ITEM	13
#define SIM_T1_INFO_BASE	14
#define SIM_T1_FIFO_BASE	338
#define SIM_T2_ALLOC_ITEM	266
#define SIM_T2_INFO_BASE	138
#define SIM_T2_FIFO_BASE	202

/* One allocation-table entry (32 bytes). */
struct sim_alloc_entry {
	char name[20];
	__le32 cid;
	__le32 flags;
	__le32 ref_count;
} __packed;

#define SIM_FLAG_EDGE_MASK	0xff
#define SIM_FLAG_STREAM		BIT(8)
#define SIM_FLAG_PACKET		BIT(9)

/* Channel states, the same numbers on both sides. */
enum sim_state {
	SIM_CLOSED = 0,
	SIM_OPENING = 1,
	SIM_OPENED = 2,
	SIM_FLUSHING = 3,
	SIM_CLOSING = 4,
	SIM_RESET = 5,
	SIM_RESET_OPENING = 6,
};

/*
 * One half of a channel-info item.  The item holds two: first the APPS
 * half, then the remote's (ours).  Byte variant: flags are bytes.
 */
struct sim_half_byte {
	__le32 state;
	u8 dsr;
	u8 cts;
	u8 cd;
	u8 ri;
	u8 data_written;	/* "fHEAD" */
	u8 data_read;		/* "fTAIL" */
	u8 state_updated;	/* "fSTATE" */
	u8 mask_recv_intr;	/* "fBLOCKREADINTR" */
	__le32 tail;
	__le32 head;
} __packed;

/* Word variant: the same fields, every flag a 32-bit word. */
struct sim_half_word {
	__le32 state;
	__le32 dsr;
	__le32 cts;
	__le32 cd;
	__le32 ri;
	__le32 data_written;
	__le32 data_read;
	__le32 state_updated;
	__le32 mask_recv_intr;
	__le32 tail;
	__le32 head;
} __packed;

/* Flags of a half, in wire order. */
enum sim_flag {
	SIM_F_DSR,
	SIM_F_CTS,
	SIM_F_CD,
	SIM_F_RI,
	SIM_F_DATA_WRITTEN,
	SIM_F_DATA_READ,
	SIM_F_STATE_UPDATED,
	SIM_F_MASK_RECV_INTR,
	SIM_FLAGS
};

/* Packet header: five little-endian words, the first the payload length. */
struct sim_pkt_hdr {
	__le32 len;
	__le32 app_field;
	__le32 app_ptr;
	__le32 kind;
	__le32 priority;
} __packed;

#define SIM_PKT_HDR_LEN		20
/* Firmware keeps this many bytes of a ring free (indices stay aligned). */
#define SIM_RING_RESERVE	4

static inline void sim_wire_check(void)
{
	BUILD_BUG_ON(sizeof(struct sim_alloc_entry) != 32);
	BUILD_BUG_ON(offsetof(struct sim_alloc_entry, cid) != 20);
	BUILD_BUG_ON(offsetof(struct sim_alloc_entry, flags) != 24);
	BUILD_BUG_ON(offsetof(struct sim_alloc_entry, ref_count) != 28);

	BUILD_BUG_ON(sizeof(struct sim_half_byte) != 20);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, state) != 0);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, dsr) != 4);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, cts) != 5);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, cd) != 6);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, ri) != 7);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, data_written) != 8);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, data_read) != 9);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, state_updated) != 10);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, mask_recv_intr) != 11);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, tail) != 12);
	BUILD_BUG_ON(offsetof(struct sim_half_byte, head) != 16);

	BUILD_BUG_ON(sizeof(struct sim_half_word) != 44);
	BUILD_BUG_ON(offsetof(struct sim_half_word, state) != 0);
	BUILD_BUG_ON(offsetof(struct sim_half_word, dsr) != 4);
	BUILD_BUG_ON(offsetof(struct sim_half_word, cts) != 8);
	BUILD_BUG_ON(offsetof(struct sim_half_word, cd) != 12);
	BUILD_BUG_ON(offsetof(struct sim_half_word, ri) != 16);
	BUILD_BUG_ON(offsetof(struct sim_half_word, data_written) != 20);
	BUILD_BUG_ON(offsetof(struct sim_half_word, data_read) != 24);
	BUILD_BUG_ON(offsetof(struct sim_half_word, state_updated) != 28);
	BUILD_BUG_ON(offsetof(struct sim_half_word, mask_recv_intr) != 32);
	BUILD_BUG_ON(offsetof(struct sim_half_word, tail) != 36);
	BUILD_BUG_ON(offsetof(struct sim_half_word, head) != 40);

	BUILD_BUG_ON(sizeof(struct sim_pkt_hdr) != SIM_PKT_HDR_LEN);
	BUILD_BUG_ON(offsetof(struct sim_pkt_hdr, len) != 0);
}

#endif /* __SMD_SIM_WIRE_H__ */
