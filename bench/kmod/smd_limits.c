// SPDX-License-Identifier: GPL-2.0
/*
 * smd_limits: what the platform allows, for the "limits" rows of make
 * bench.  Runs one measurement when loaded and prints it as one line in
 * the kernel log; then it does nothing until it is unloaded (bench-run
 * loads it again with other parameters):
 *
 *   test=memcpy  COUNT copies of SIZE bytes into an SMEM item and out of it,
 *                with memcpy_toio()/memcpy_fromio() (what rpmsg_smd uses on
 *                byte channels): MB/s each way
 *   test=doorbell  COUNT round trips on the "lab" edge, which no driver
 *                binds: ring its mailbox, the simulator (pong on) interrupts
 *                back, no SMD in between: p50/p99
 */
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/mailbox_client.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_irq.h>
#include <linux/slab.h>
#include <linux/soc/qcom/smem.h>
#include <linux/sort.h>

static char *test = "memcpy";
module_param(test, charp, 0444);
MODULE_PARM_DESC(test, "memcpy or doorbell");
static unsigned int count = 10000;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "copies or round trips");
static unsigned int size = 8168;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes per copy (at most 65536)");
/* An item number no SMD or test user takes, in the lab edge's partition. */
static unsigned int item = 480;
module_param(item, uint, 0444);
MODULE_PARM_DESC(item, "SMEM item used as the copy target");
static unsigned int host = 3;
module_param(host, uint, 0444);
MODULE_PARM_DESC(host, "remote processor whose partition holds the item");

#define LIMITS_MAX_SIZE		SZ_64K

static int limits_memcpy(void)
{
	void __iomem *smem;
	u64 t0, to_ns, from_ns;
	size_t got;
	void *p;
	unsigned int i;
	void *buf;
	int ret;

	if (!size || size > LIMITS_MAX_SIZE || !count)
		return -EINVAL;
	ret = qcom_smem_alloc(host, item, LIMITS_MAX_SIZE);
	if (ret && ret != -EEXIST)
		return ret;
	p = qcom_smem_get(host, item, &got);
	if (IS_ERR(p))
		return PTR_ERR(p);
	/* As rpmsg_smd maps SMEM: I/O memory, uncached on real hardware. */
	smem = (void __iomem __force *)p;
	if (got < size)
		return -ENOSPC;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memset(buf, 0x5a, size);
	t0 = ktime_get_ns();
	for (i = 0; i < count; i++)
		memcpy_toio(smem, buf, size);
	to_ns = ktime_get_ns() - t0;
	t0 = ktime_get_ns();
	for (i = 0; i < count; i++)
		memcpy_fromio(buf, smem, size);
	from_ns = ktime_get_ns() - t0;
	kfree(buf);
	pr_info("smd_limits: memcpy count=%u size=%u to_mb_per_s=%llu from_mb_per_s=%llu\n",
		count, size, div64_u64((u64)count * size * 1000, to_ns ?: 1),
		div64_u64((u64)count * size * 1000, from_ns ?: 1));
	return 0;
}

static DECLARE_COMPLETION(limits_pong);

static irqreturn_t limits_irq(int irq, void *data)
{
	complete(&limits_pong);
	return IRQ_HANDLED;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static int limits_doorbell(void)
{
	struct mbox_client cl = { .knows_txdone = true };
	struct device_node *np;
	struct mbox_chan *chan;
	struct device *dev;
	unsigned int i;
	int irq, ret;
	u64 *t, t0;

	if (!count)
		return -EINVAL;
	np = of_find_node_by_name(NULL, "smd-lab");
	if (!np)
		return -ENODEV;
	t = kvcalloc(count, sizeof(*t), GFP_KERNEL);
	dev = root_device_register("smd_limits");
	if (!t || IS_ERR(dev)) {
		ret = !t ? -ENOMEM : PTR_ERR(dev);
		goto put;
	}
	dev->of_node = np;
	cl.dev = dev;
	chan = mbox_request_channel(&cl, 0);
	if (IS_ERR(chan)) {
		ret = PTR_ERR(chan);
		goto unreg;
	}
	irq = of_irq_get(np, 0);
	ret = irq > 0 ? request_irq(irq, limits_irq, 0, "smd_limits", NULL) : irq ?: -EINVAL;
	if (ret)
		goto free_chan;
	for (i = 0; i < count; i++) {
		reinit_completion(&limits_pong);
		t0 = ktime_get_ns();
		mbox_send_message(chan, NULL);
		mbox_client_txdone(chan, 0);
		if (!wait_for_completion_timeout(&limits_pong, HZ)) {
			ret = -ETIMEDOUT;
			break;
		}
		t[i] = ktime_get_ns() - t0;
	}
	free_irq(irq, NULL);
	if (!ret) {
		sort(t, count, sizeof(*t), cmp_u64, NULL);
		pr_info("smd_limits: doorbell count=%u min_ns=%llu p50_ns=%llu p99_ns=%llu max_ns=%llu\n",
			count, t[0], t[count / 2], t[div_u64((u64)count * 99, 100)], t[count - 1]);
	}
free_chan:
	mbox_free_channel(chan);
unreg:
	if (!IS_ERR(dev))
		root_device_unregister(dev);
put:
	kvfree(t);
	of_node_put(np);
	return ret;
}

static int __init limits_init(void)
{
	int ret;

	if (!strcmp(test, "memcpy"))
		ret = limits_memcpy();
	else if (!strcmp(test, "doorbell"))
		ret = limits_doorbell();
	else
		ret = -EINVAL;
	if (ret)
		pr_err("smd_limits: %s failed: %d\n", test, ret);
	/*
	 * Stays loaded, doing nothing, until rmmod: a failing init would
	 * run the measurement twice (busybox's insmod retries with
	 * init_module() when finit_module() fails, whatever the error).
	 */
	return ret;
}
module_init(limits_init);

static void __exit limits_exit(void)
{
}
module_exit(limits_exit);

MODULE_DESCRIPTION("make bench: memcpy into SMEM and bare doorbell round trips");
MODULE_LICENSE("GPL");
