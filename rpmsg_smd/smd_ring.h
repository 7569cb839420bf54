/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring arithmetic for one direction of an SMD channel.
 *
 * The writer owns "head" (next byte it writes), the reader owns "tail"
 * (next byte it reads); both are byte offsets in [0, size).  The ring is
 * empty when head == tail.  The protocol does not require a power-of-two
 * size, so indices wrap by subtraction, never by masking.  A writer keeps
 * SMD_RING_RESERVE bytes free so a full ring never looks empty and indices
 * stay word aligned on word-access channels, as the firmware does.
 *
 * Every function here assumes indices that smd_ring_index_valid() accepted:
 * values read from shared memory must be checked before they reach these.
 */
#ifndef __RPMSG_SMD_RING_H__
#define __RPMSG_SMD_RING_H__

#include <linux/minmax.h>
#include <linux/types.h>

#define SMD_RING_RESERVE	4

/**
 * smd_ring_index_valid() - may @idx be used as an index into the ring?
 * @idx: index read from shared memory
 * @size: ring size in bytes
 *
 * Return: true when @idx lies inside the ring.
 */
static inline bool smd_ring_index_valid(u32 idx, u32 size)
{
	return idx < size;
}

/**
 * smd_ring_used() - bytes written and not yet read
 * @head: writer index, valid
 * @tail: reader index, valid
 * @size: ring size in bytes
 */
static inline u32 smd_ring_used(u32 head, u32 tail, u32 size)
{
	return head >= tail ? head - tail : size - tail + head;
}

/**
 * smd_ring_room() - bytes a writer may add without overtaking the reader
 * @head: writer index, valid
 * @tail: reader index, valid
 * @size: ring size in bytes, larger than %SMD_RING_RESERVE
 */
static inline u32 smd_ring_room(u32 head, u32 tail, u32 size)
{
	u32 used = smd_ring_used(head, tail, size);

	return used + SMD_RING_RESERVE >= size ? 0 :
	       size - SMD_RING_RESERVE - used;
}

/**
 * smd_ring_advance() - move an index forward by @len bytes
 * @idx: valid index
 * @len: bytes to move, at most @size
 * @size: ring size in bytes
 */
static inline u32 smd_ring_advance(u32 idx, u32 len, u32 size)
{
	return len >= size - idx ? idx + len - size : idx + len;
}

/**
 * smd_ring_span() - bytes of @len that fit before the end of the ring
 * @idx: valid index where the access starts
 * @len: length of the access
 * @size: ring size in bytes
 *
 * An access of @len bytes at @idx is one copy of smd_ring_span() bytes and,
 * when that is less than @len, a second copy of the rest from offset 0.
 */
static inline u32 smd_ring_span(u32 idx, u32 len, u32 size)
{
	return min(len, size - idx);
}

#endif /* __RPMSG_SMD_RING_H__ */
