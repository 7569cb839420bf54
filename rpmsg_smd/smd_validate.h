/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks on values the remote controls.  Pure functions, so KUnit can try
 * every edge case; callers quarantine a channel when one fails.
 */
#ifndef __RPMSG_SMD_VALIDATE_H__
#define __RPMSG_SMD_VALIDATE_H__

#include <linux/errno.h>
#include <linux/sizes.h>
#include <linux/types.h>

#include "smd_ring.h"
#include "smd_wire.h"

#define SMD_FIFO_MIN		64
#define SMD_FIFO_MAX		SZ_1M

/* Item numbers: allocation table, then info and fifo bases, per table. */
#define SMD_T1_ALLOC		13
#define SMD_T1_INFO		14
#define SMD_T1_FIFO		338
#define SMD_T2_ALLOC		266
#define SMD_T2_INFO		138
#define SMD_T2_FIFO		202

enum smd_info_variant {
	SMD_INFO_INVALID,
	SMD_INFO_BYTE,
	SMD_INFO_WORD,
};

/**
 * smd_items_of() - SMEM items holding channel @cid of allocation table @table
 * @table: 0 or 1
 * @cid: channel id read from the table
 * @info: info item number
 * @fifo: fifo item number
 *
 * Return: 0, or -EINVAL when @cid would leave the table's item range (and
 * alias another table's items).
 */
static inline int smd_items_of(unsigned int table, u32 cid,
			       unsigned int *info, unsigned int *fifo)
{
	if (table >= SMD_TABLE_COUNT || cid >= SMD_TABLE_ENTRIES)
		return -EINVAL;
	*info = (table ? SMD_T2_INFO : SMD_T1_INFO) + cid;
	*fifo = (table ? SMD_T2_FIFO : SMD_T1_FIFO) + cid;
	return 0;
}

/**
 * smd_name_parse() - copy a channel name out of an allocation entry
 * @raw: the entry's 20 name bytes
 * @name: destination, NUL terminated
 *
 * A name is 1..19 printable ASCII characters other than '/' followed by a
 * NUL within the 20 bytes.
 *
 * Return: true when @raw holds such a name.
 */
static inline bool smd_name_parse(const u8 raw[SMD_NAME_LEN], char name[SMD_NAME_LEN])
{
	int i;

	for (i = 0; i < SMD_NAME_LEN; i++) {
		if (!raw[i])
			break;
		if (raw[i] < 0x21 || raw[i] > 0x7e || raw[i] == '/')
			return false;
		name[i] = raw[i];
	}
	if (i == 0 || i == SMD_NAME_LEN)
		return false;
	name[i] = '\0';
	return true;
}

/**
 * smd_info_variant_of() - which channel-info layout an item of @size holds
 * @size: item size reported by SMEM
 */
static inline enum smd_info_variant smd_info_variant_of(size_t size)
{
	if (size == 2 * sizeof(struct smd_half_byte))
		return SMD_INFO_BYTE;
	if (size == 2 * sizeof(struct smd_half_word))
		return SMD_INFO_WORD;
	return SMD_INFO_INVALID;
}

/**
 * smd_fifo_size_of() - bytes per direction of a fifo item of @size
 * @size: item size reported by SMEM
 *
 * Return: the size of each ring, or 0 when the item cannot hold two usable
 * rings (odd, too small, too large, or not a multiple of 4).
 */
static inline u32 smd_fifo_size_of(size_t size)
{
	if (size % 8 || size / 2 < SMD_FIFO_MIN || size / 2 > SMD_FIFO_MAX)
		return 0;
	return size / 2;
}

/**
 * smd_pkt_len_valid() - can a packet of @len payload bytes exist in the ring?
 * @len: length from a packet header
 * @fifo: ring size
 * @word: word-access channel (lengths must keep indices aligned)
 *
 * Header and payload must fit in a ring that is never completely full.
 */
static inline bool smd_pkt_len_valid(u32 len, u32 fifo, bool word)
{
	if (word && len % 4)
		return false;
	return len <= fifo - 1 - SMD_HDR_LEN;
}

/**
 * smd_mtu() - largest payload we send on a ring of @fifo bytes
 * @fifo: ring size
 */
static inline u32 smd_mtu(u32 fifo)
{
	return fifo - SMD_RING_RESERVE - SMD_HDR_LEN;
}

/**
 * smd_state_valid() - is @state one of the seven channel states?
 * @state: value read from the remote's half
 */
static inline bool smd_state_valid(u32 state)
{
	return state < SMD_ST_COUNT;
}

/**
 * smd_state_is_open() - does @state mean "the remote wants the channel"?
 * @state: remote state, any value
 */
static inline bool smd_state_is_open(u32 state)
{
	return state == SMD_ST_OPENING || state == SMD_ST_OPENED;
}

/**
 * smd_entry_mode_valid() - exactly one of the packet and stream bits?
 * @flags: the entry's flags word
 */
static inline bool smd_entry_mode_valid(u32 flags)
{
	return !(flags & SMD_ENTRY_PACKET) != !(flags & SMD_ENTRY_STREAM);
}

#endif /* __RPMSG_SMD_VALIDATE_H__ */
