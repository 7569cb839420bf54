// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the in-tree qcom_smem driver agrees with our SMEM image tool.
 *
 * The image tool (tests/qemu/smem-image.c) writes the region before boot and
 * records where it put things; the harness passes that record as module
 * parameters.  These cases check, through the qcom_smem API and through a
 * second raw mapping of the region, that Linux finds the boot loader's items
 * where the tool wrote them and allocates new items where the format says.
 */
#include <kunit/test.h>
#include <linux/align.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/soc/qcom/smem.h>
#include <linux/string.h>

static int version;
module_param(version, int, 0444);
static unsigned long long base;
module_param(base, ullong, 0444);
static unsigned int size;
module_param(size, uint, 0444);
static int marker_item = -1;
module_param(marker_item, int, 0444);
static unsigned long long marker_phys;
module_param(marker_phys, ullong, 0444);
static unsigned int marker_size;
module_param(marker_size, uint, 0444);
static int cached_item = -1;
module_param(cached_item, int, 0444);
static unsigned long long cached_phys;
module_param(cached_phys, ullong, 0444);
static unsigned int cached_size;
module_param(cached_size, uint, 0444);
static int alloc_host = QCOM_SMEM_HOST_ANY;
module_param(alloc_host, int, 0444);
static int alloc_item = -1;
module_param(alloc_item, int, 0444);
static unsigned int alloc_size;
module_param(alloc_size, uint, 0444);
static unsigned long long alloc_phys;
module_param(alloc_phys, ullong, 0444);
static unsigned long long global_alloc_phys;
module_param(global_alloc_phys, ullong, 0444);

/* Text the image tool stores in a marker item (its documented convention). */
static void expected_marker(char *buf, size_t len, int item)
{
	snprintf(buf, len, "rpmsg-smd smem v%d item %d", version, item);
}

static void check_marker(struct kunit *test, int item, u64 phys, size_t want_size)
{
	char text[64];
	size_t size = 0;
	void *p;

	expected_marker(text, sizeof(text), item);
	p = qcom_smem_get(QCOM_SMEM_HOST_ANY, item, &size);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(p), "item %d: %ld", item, PTR_ERR(p));
	KUNIT_EXPECT_EQ(test, (u64)qcom_smem_virt_to_phys(p), phys);
	KUNIT_EXPECT_EQ(test, size, want_size);
	KUNIT_EXPECT_EQ(test, memcmp(p, text, strlen(text) + 1), 0);
}

static void smem_layout_params_given(struct kunit *test)
{
	KUNIT_ASSERT_TRUE_MSG(test, version == 11 || version == 12,
			      "no layout parameters: version=%d", version);
	KUNIT_ASSERT_GE(test, marker_item, 0);
	KUNIT_ASSERT_GE(test, alloc_item, 0);
	KUNIT_ASSERT_GE(test, alloc_phys, base);
	KUNIT_ASSERT_LT(test, alloc_phys + alloc_size, base + size);
	KUNIT_EXPECT_TRUE(test, qcom_smem_is_available());
}

static void smem_layout_marker_found(struct kunit *test)
{
	if (marker_item < 0)
		kunit_skip(test, "no marker in this layout");
	check_marker(test, marker_item, marker_phys, marker_size);
}

static void smem_layout_cached_marker_found(struct kunit *test)
{
	if (cached_item < 0)
		kunit_skip(test, "the v%d layout has no cached list", version);
	check_marker(test, cached_item, cached_phys, cached_size);
}

/* Allocate an item and look at it through an independent raw mapping. */
static void check_alloc(struct kunit *test, int host, int item, u64 want_phys)
{
	size_t size = 0, want_size;
	int free_before, free_after;
	void __iomem *raw;
	u8 *p;
	int i;

	free_before = qcom_smem_get_free_space(host);
	KUNIT_ASSERT_EQ(test, qcom_smem_alloc(host, item, alloc_size), 0);
	free_after = qcom_smem_get_free_space(host);

	p = qcom_smem_get(host, item, &size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(p));
	KUNIT_EXPECT_EQ(test, (u64)qcom_smem_virt_to_phys(p), want_phys);
	/* v11 reports the rounded size, v12 subtracts its tail padding. */
	want_size = version == 11 ? ALIGN(alloc_size, 8) : alloc_size;
	KUNIT_EXPECT_EQ(test, size, want_size);
	KUNIT_EXPECT_GE(test, free_before - free_after, (int)ALIGN(alloc_size, 8));

	for (i = 0; i < alloc_size; i++)
		p[i] = i ^ item;

	/* Header in front of the data (v12) or table-of-contents entry (v11). */
	raw = ioremap_wc(base, SZ_16K + alloc_size);
	KUNIT_ASSERT_TRUE(test, !!raw);
	if (version == 11) {
		void __iomem *toc = raw + 0xd0 + 16 * item;

		KUNIT_EXPECT_EQ(test, readl(toc), 1);
		KUNIT_EXPECT_EQ(test, (u64)readl(toc + 4), want_phys - base);
		KUNIT_EXPECT_EQ(test, readl(toc + 8), ALIGN(alloc_size, 8));
	}
	iounmap(raw);

	raw = ioremap_wc(want_phys - 16, 16 + alloc_size);
	KUNIT_ASSERT_TRUE(test, !!raw);
	if (version == 12) {
		KUNIT_EXPECT_EQ(test, readw(raw), 0xa5a5);
		KUNIT_EXPECT_EQ(test, readw(raw + 2), item);
		KUNIT_EXPECT_EQ(test, readl(raw + 4), ALIGN(alloc_size, 8));
		KUNIT_EXPECT_EQ(test, readw(raw + 8), ALIGN(alloc_size, 8) - alloc_size);
	}
	for (i = 0; i < alloc_size; i++)
		if (readb(raw + 16 + i) != (u8)(i ^ item))
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, alloc_size, "raw view differs at byte %d", i);
	iounmap(raw);
}

static void smem_layout_alloc_where_expected(struct kunit *test)
{
	check_alloc(test, alloc_host, alloc_item, alloc_phys);
}

static void smem_layout_global_alloc_where_expected(struct kunit *test)
{
	if (!global_alloc_phys)
		kunit_skip(test, "the v%d layout has no global partition", version);
	check_alloc(test, QCOM_SMEM_HOST_ANY, alloc_item - 1, global_alloc_phys);
}

static void smem_layout_rejects_duplicates(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, qcom_smem_alloc(alloc_host, alloc_item, alloc_size),
			-EEXIST);
	KUNIT_EXPECT_TRUE(test, IS_ERR(qcom_smem_get(alloc_host, 497, NULL)));
}

static struct kunit_case smem_layout_cases[] = {
	KUNIT_CASE(smem_layout_params_given),
	KUNIT_CASE(smem_layout_marker_found),
	KUNIT_CASE(smem_layout_cached_marker_found),
	KUNIT_CASE(smem_layout_alloc_where_expected),
	KUNIT_CASE(smem_layout_global_alloc_where_expected),
	KUNIT_CASE(smem_layout_rejects_duplicates),
	{}
};

static struct kunit_suite smem_layout_suite = {
	.name = "smem_layout",
	.test_cases = smem_layout_cases,
};

kunit_test_suite(smem_layout_suite);

MODULE_DESCRIPTION("KUnit: qcom_smem agrees with the SMEM image tool");
MODULE_LICENSE("GPL");
