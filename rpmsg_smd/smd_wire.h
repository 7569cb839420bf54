/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMD structures in shared memory, as APPS sees them.
 *
 * Everything here is little endian and written by two processors; the
 * remote's half is hostile input (see smd_validate.h).  Offsets are pinned
 * by smd_wire_build_checks().
 */
#ifndef __RPMSG_SMD_WIRE_H__
#define __RPMSG_SMD_WIRE_H__

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#define SMD_TABLE_COUNT		2
#define SMD_TABLE_ENTRIES	64
#define SMD_NAME_LEN		20

/** struct smd_table_entry - one slot of an allocation table (items 13, 266) */
struct smd_table_entry {
	u8 name[SMD_NAME_LEN];
	__le32 cid;
	__le32 flags;
	__le32 ref_count;
} __packed;

#define SMD_ENTRY_EDGE		GENMASK(7, 0)
#define SMD_ENTRY_STREAM	BIT(8)
#define SMD_ENTRY_PACKET	BIT(9)

/* Channel states, common to both halves. */
#define SMD_ST_CLOSED		0
#define SMD_ST_OPENING		1
#define SMD_ST_OPENED		2
#define SMD_ST_FLUSHING		3
#define SMD_ST_CLOSING		4
#define SMD_ST_RESET		5
#define SMD_ST_RESET_OPENING	6
#define SMD_ST_COUNT		7

/* The eight per-half flags, in wire order after the state word. */
enum smd_flag {
	SMD_F_DSR,		/* our DTR as seen by the peer */
	SMD_F_CTS,		/* our RTS as seen by the peer */
	SMD_F_CD,
	SMD_F_RI,
	SMD_F_HEAD,		/* "I wrote data" */
	SMD_F_TAIL,		/* "I read data" */
	SMD_F_STATE,		/* "my state or signals changed" */
	SMD_F_BLOCKREAD,	/* 1: "no need to interrupt me when you read" */
	SMD_F_COUNT
};

/** struct smd_half_byte - one half of a 40-byte channel-info item */
struct smd_half_byte {
	__le32 state;
	u8 flag[SMD_F_COUNT];
	__le32 tail;
	__le32 head;
} __packed;

/** struct smd_half_word - one half of an 88-byte channel-info item */
struct smd_half_word {
	__le32 state;
	__le32 flag[SMD_F_COUNT];
	__le32 tail;
	__le32 head;
} __packed;

/** struct smd_pkt_header - the 20 bytes before every packet */
struct smd_pkt_header {
	__le32 len;
	__le32 reserved[4];
} __packed;

#define SMD_HDR_LEN		sizeof(struct smd_pkt_header)

static inline void smd_wire_build_checks(void)
{
	BUILD_BUG_ON(sizeof(struct smd_table_entry) != 32);
	BUILD_BUG_ON(offsetof(struct smd_table_entry, cid) != 20);
	BUILD_BUG_ON(offsetof(struct smd_table_entry, flags) != 24);
	BUILD_BUG_ON(offsetof(struct smd_table_entry, ref_count) != 28);
	BUILD_BUG_ON(sizeof(struct smd_half_byte) != 20);
	BUILD_BUG_ON(offsetof(struct smd_half_byte, flag) != 4);
	BUILD_BUG_ON(offsetof(struct smd_half_byte, tail) != 12);
	BUILD_BUG_ON(offsetof(struct smd_half_byte, head) != 16);
	BUILD_BUG_ON(sizeof(struct smd_half_word) != 44);
	BUILD_BUG_ON(offsetof(struct smd_half_word, flag) != 4);
	BUILD_BUG_ON(offsetof(struct smd_half_word, tail) != 36);
	BUILD_BUG_ON(offsetof(struct smd_half_word, head) != 40);
	BUILD_BUG_ON(SMD_HDR_LEN != 20);
}

#endif /* __RPMSG_SMD_WIRE_H__ */
