// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the checks rpmsg_smd applies to every remote-controlled value.
 * Expected values are the wire format's numbers, written out here.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "../../rpmsg_smd/smd_validate.h"

static void smd_items_of_tables(struct kunit *test)
{
	unsigned int info, fifo;

	KUNIT_EXPECT_EQ(test, smd_items_of(0, 0, &info, &fifo), 0);
	KUNIT_EXPECT_EQ(test, info, 14);
	KUNIT_EXPECT_EQ(test, fifo, 338);
	KUNIT_EXPECT_EQ(test, smd_items_of(0, 63, &info, &fifo), 0);
	KUNIT_EXPECT_EQ(test, info, 77);
	KUNIT_EXPECT_EQ(test, fifo, 401);
	KUNIT_EXPECT_EQ(test, smd_items_of(1, 0, &info, &fifo), 0);
	KUNIT_EXPECT_EQ(test, info, 138);
	KUNIT_EXPECT_EQ(test, fifo, 202);
	KUNIT_EXPECT_EQ(test, smd_items_of(1, 63, &info, &fifo), 0);
	KUNIT_EXPECT_EQ(test, info, 201);
	KUNIT_EXPECT_EQ(test, fifo, 265);
}

static void smd_items_of_rejects_bad_cid(struct kunit *test)
{
	unsigned int info = 0, fifo = 0;

	KUNIT_EXPECT_EQ(test, smd_items_of(0, 64, &info, &fifo), -EINVAL);
	KUNIT_EXPECT_EQ(test, smd_items_of(0, 124, &info, &fifo), -EINVAL);
	KUNIT_EXPECT_EQ(test, smd_items_of(1, 600, &info, &fifo), -EINVAL);
	KUNIT_EXPECT_EQ(test, smd_items_of(0, 0xfffffff2, &info, &fifo), -EINVAL);
	KUNIT_EXPECT_EQ(test, smd_items_of(2, 0, &info, &fifo), -EINVAL);
}

static bool parse(const char *raw, size_t n, char *out)
{
	u8 buf[SMD_NAME_LEN] = {};

	memcpy(buf, raw, n);
	return smd_name_parse(buf, out);
}

static void smd_name_rules(struct kunit *test)
{
	char out[SMD_NAME_LEN];

	KUNIT_EXPECT_TRUE(test, parse("rpm_requests", 12, out));
	KUNIT_EXPECT_STREQ(test, out, "rpm_requests");
	KUNIT_EXPECT_TRUE(test, parse("ABCDEFGHIJKLMNOPQRS", 19, out));
	KUNIT_EXPECT_EQ(test, strlen(out), 19);
	/* 20 bytes, no NUL. */
	KUNIT_EXPECT_FALSE(test, parse("ABCDEFGHIJKLMNOPQRST", 20, out));
	KUNIT_EXPECT_FALSE(test, parse("", 0, out));
	KUNIT_EXPECT_FALSE(test, parse("a\x01", 2, out));
	KUNIT_EXPECT_FALSE(test, parse("\xff", 1, out));
	KUNIT_EXPECT_FALSE(test, parse("a b", 3, out));
	KUNIT_EXPECT_FALSE(test, parse("../x", 4, out));
}

static void smd_info_sizes(struct kunit *test)
{
	static const size_t bad[] = { 0, 32, 39, 41, 44, 48, 80, 87, 89, 176 };
	int i;

	KUNIT_EXPECT_EQ(test, smd_info_variant_of(40), SMD_INFO_BYTE);
	KUNIT_EXPECT_EQ(test, smd_info_variant_of(88), SMD_INFO_WORD);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		KUNIT_EXPECT_EQ_MSG(test, smd_info_variant_of(bad[i]), SMD_INFO_INVALID,
				    "size %zu", bad[i]);
}

static void smd_fifo_sizes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(16384), 8192);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(2048), 1024);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(2112), 1056);	/* not 2^n */
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(2056), 1028);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(128), 64);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(0), 0);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(64), 0);		/* 32 a side */
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(2052), 0);	/* 1026: unaligned */
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(47), 0);
	KUNIT_EXPECT_EQ(test, smd_fifo_size_of(4u << 20), 0);	/* 2 MiB a side */
}

static void smd_packet_lengths(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, smd_pkt_len_valid(0, 8192, false));
	KUNIT_EXPECT_TRUE(test, smd_pkt_len_valid(8171, 8192, false));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(8172, 8192, false));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(8192, 8192, false));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(0xfffffff0, 8192, false));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(0x80000000, 8192, false));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(1u << 20, 8192, false));
	KUNIT_EXPECT_TRUE(test, smd_pkt_len_valid(8, 8192, true));
	KUNIT_EXPECT_FALSE(test, smd_pkt_len_valid(6, 8192, true));
	KUNIT_EXPECT_EQ(test, smd_mtu(8192), 8168);
	KUNIT_EXPECT_EQ(test, smd_mtu(1024), 1000);
}

static void smd_states(struct kunit *test)
{
	u32 s;

	for (s = 0; s <= 6; s++)
		KUNIT_EXPECT_TRUE(test, smd_state_valid(s));
	KUNIT_EXPECT_FALSE(test, smd_state_valid(7));
	KUNIT_EXPECT_FALSE(test, smd_state_valid(0xffffffff));
	KUNIT_EXPECT_TRUE(test, smd_state_is_open(1));
	KUNIT_EXPECT_TRUE(test, smd_state_is_open(2));
	for (s = 3; s <= 7; s++)
		KUNIT_EXPECT_FALSE(test, smd_state_is_open(s));
	KUNIT_EXPECT_FALSE(test, smd_state_is_open(0));
	KUNIT_EXPECT_FALSE(test, smd_state_is_open(0xffffffff));
}

static void smd_entry_modes(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, smd_entry_mode_valid(0x200 | 15));	/* packet */
	KUNIT_EXPECT_TRUE(test, smd_entry_mode_valid(0x100));		/* stream */
	KUNIT_EXPECT_FALSE(test, smd_entry_mode_valid(0x300));
	KUNIT_EXPECT_FALSE(test, smd_entry_mode_valid(0));
	KUNIT_EXPECT_FALSE(test, smd_entry_mode_valid(0xffffffff));
}

static struct kunit_case smd_validate_cases[] = {
	KUNIT_CASE(smd_items_of_tables),
	KUNIT_CASE(smd_items_of_rejects_bad_cid),
	KUNIT_CASE(smd_name_rules),
	KUNIT_CASE(smd_info_sizes),
	KUNIT_CASE(smd_fifo_sizes),
	KUNIT_CASE(smd_packet_lengths),
	KUNIT_CASE(smd_states),
	KUNIT_CASE(smd_entry_modes),
	{}
};

static struct kunit_suite smd_validate_suite = {
	.name = "smd_validate",
	.test_cases = smd_validate_cases,
};

kunit_test_suite(smd_validate_suite);

MODULE_DESCRIPTION("KUnit tests for the checks on remote-controlled SMD values");
MODULE_LICENSE("GPL");
