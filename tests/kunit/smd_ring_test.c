// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: SMD ring arithmetic at every wrap position.
 *
 * The expected values come from an independent oracle (64-bit modular
 * arithmetic), not from the formulas under test.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/math64.h>

#include "../../rpmsg_smd/smd_ring.h"

/* Sizes: smallest firmware fifo, a non-power-of-two multiple of 32, 8 KiB. */
static const u32 ring_sizes[] = { 1024, 1056, 8192 };

/*
 * The oracle: plain modular arithmetic in 64 bits, a different formula from
 * the branchy subtraction under test.
 */
static u32 model_walk(u32 idx, u32 n, u32 size)
{
	u32 rem;

	div_u64_rem((u64)idx + n, size, &rem);
	return rem;
}

static u32 model_distance(u32 tail, u32 head, u32 size)
{
	u32 rem;

	div_u64_rem((u64)head + size - tail, size, &rem);
	return rem;
}

static void smd_ring_used_every_position(struct kunit *test)
{
	u32 s, tail, used, size;

	for (s = 0; s < ARRAY_SIZE(ring_sizes); s++) {
		size = ring_sizes[s];
		/* Every tail, a spread of fill levels including 0 and full. */
		for (tail = 0; tail < size; tail++) {
			for (used = 0; used < size; used += 97) {
				u32 head = model_walk(tail, used, size);

				KUNIT_ASSERT_EQ(test, smd_ring_used(head, tail, size), used);
				KUNIT_ASSERT_EQ(test, model_distance(tail, head, size), used);
			}
		}
	}
}

static void smd_ring_room_keeps_reserve(struct kunit *test)
{
	u32 s, tail, used, size;

	for (s = 0; s < ARRAY_SIZE(ring_sizes); s++) {
		size = ring_sizes[s];
		for (tail = 0; tail < size; tail += 127) {
			for (used = 0; used < size; used++) {
				u32 head = model_walk(tail, used, size);
				u32 room = smd_ring_room(head, tail, size);

				if (used + SMD_RING_RESERVE >= size) {
					KUNIT_ASSERT_EQ(test, room, 0);
					continue;
				}
				KUNIT_ASSERT_EQ(test, room + used + SMD_RING_RESERVE, size);
				/* Filling the room never makes the ring look empty. */
				KUNIT_ASSERT_NE(test, model_walk(head, room, size), tail);
			}
		}
	}
}

static void smd_ring_advance_matches_walk(struct kunit *test)
{
	u32 s, idx, len, size;

	for (s = 0; s < ARRAY_SIZE(ring_sizes); s++) {
		size = ring_sizes[s];
		for (idx = 0; idx < size; idx++) {
			for (len = 0; len <= size; len += 61)
				KUNIT_ASSERT_EQ(test, smd_ring_advance(idx, len, size),
						model_walk(idx, len, size));
			KUNIT_ASSERT_EQ(test, smd_ring_advance(idx, size, size), idx);
			KUNIT_ASSERT_EQ(test, smd_ring_advance(idx, size - idx, size), 0);
		}
	}
}

static void smd_ring_span_splits_at_end(struct kunit *test)
{
	u32 size = 1056, idx, len;

	for (idx = 0; idx < size; idx++) {
		for (len = 1; len <= size; len += 17) {
			u32 first = smd_ring_span(idx, len, size);

			KUNIT_ASSERT_GE(test, first, 1);
			KUNIT_ASSERT_LE(test, idx + first, size);
			if (first < len)	/* the rest restarts at 0 */
				KUNIT_ASSERT_EQ(test, idx + first, size);
			else
				KUNIT_ASSERT_EQ(test, first, len);
		}
	}
}

static void smd_ring_index_validity(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, smd_ring_index_valid(0, 1024));
	KUNIT_EXPECT_TRUE(test, smd_ring_index_valid(1023, 1024));
	KUNIT_EXPECT_FALSE(test, smd_ring_index_valid(1024, 1024));
	KUNIT_EXPECT_FALSE(test, smd_ring_index_valid(0xfffffff0, 1024));
	KUNIT_EXPECT_FALSE(test, smd_ring_index_valid(0, 0));
}

static struct kunit_case smd_ring_cases[] = {
	KUNIT_CASE(smd_ring_used_every_position),
	KUNIT_CASE(smd_ring_room_keeps_reserve),
	KUNIT_CASE(smd_ring_advance_matches_walk),
	KUNIT_CASE(smd_ring_span_splits_at_end),
	KUNIT_CASE(smd_ring_index_validity),
	{}
};

static struct kunit_suite smd_ring_suite = {
	.name = "smd_ring",
	.test_cases = smd_ring_cases,
};

kunit_test_suite(smd_ring_suite);

MODULE_DESCRIPTION("KUnit tests for SMD ring arithmetic");
MODULE_LICENSE("GPL");
