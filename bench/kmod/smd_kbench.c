// SPDX-License-Identifier: GPL-2.0
/*
 * smd_kbench: make bench's kernel client, to measure a transport without
 * rpmsg_char and user space.  Like smd_limits it runs one measurement when
 * loaded and prints one line in the kernel log; then it does nothing until
 * it is unloaded:
 *
 *   dir=rx  bind to channel CHAN (a source the simulator offers), count the
 *           callbacks until COUNT packets of SIZE bytes arrived
 *   dir=tx  bind to channel CHAN (a sink), rpmsg_send() COUNT packets
 *
 * The time runs from the probe (rx) or the first send (tx) to the last
 * packet.  The rpmsg device must exist when the module is loaded.
 */
#include <linux/completion.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rpmsg.h>
#include <linux/slab.h>

static char *dir = "rx";
module_param(dir, charp, 0444);
MODULE_PARM_DESC(dir, "rx or tx");
static unsigned int count = 100000;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "packets");
static unsigned int size = 1024;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes per packet");
static char *chan = "kbench";
module_param(chan, charp, 0444);
MODULE_PARM_DESC(chan, "the channel (rpmsg device name) to bind to");

static struct {
	u64 start, end, bytes;
	unsigned int got, bad;
	int err;
	struct completion done;
} kb;

static int kbench_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src)
{
	if (kb.got >= count)
		return 0;
	if (len != size)
		kb.bad++;
	kb.bytes += len;
	if (++kb.got == count) {
		kb.end = ktime_get_ns();
		complete(&kb.done);
	}
	return 0;
}

static int kbench_probe(struct rpmsg_device *rpdev)
{
	unsigned int i;
	void *buf;
	int ret = 0;

	kb.start = ktime_get_ns();
	if (!strcmp(dir, "rx"))
		return 0;
	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count && !ret; i++) {
		*(u32 *)buf = i;
		ret = rpmsg_send(rpdev->ept, buf, size);
	}
	kb.end = ktime_get_ns();
	kb.got = i - !!ret;
	kb.bytes = (u64)kb.got * size;
	kb.err = ret;
	kfree(buf);
	complete(&kb.done);
	return 0;
}

/* Filled from the chan parameter before the driver is registered. */
static struct rpmsg_device_id kbench_ids[2];

static struct rpmsg_driver kbench_driver = {
	.drv.name = "smd_kbench",
	.id_table = kbench_ids,
	.probe = kbench_probe,
	.callback = kbench_cb,
};

static int __init kbench_init(void)
{
	u64 ns, mb_milli;
	u32 mb_frac;
	int ret;

	if (!count || !size || (strcmp(dir, "rx") && strcmp(dir, "tx")) ||
	    size < sizeof(u32))
		return -EINVAL;
	if (strscpy(kbench_ids[0].name, chan, RPMSG_NAME_SIZE) < 0)
		return -EINVAL;
	init_completion(&kb.done);
	ret = register_rpmsg_driver(&kbench_driver);
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&kb.done, 60 * HZ))
		ret = -ETIMEDOUT;
	unregister_rpmsg_driver(&kbench_driver);
	if (!ret && (kb.err || kb.bad))
		ret = kb.err ?: -EBADMSG;
	if (ret) {
		pr_err("smd_kbench: %s failed after %u packets: %d\n", dir, kb.got, ret);
		return ret;
	}
	ns = kb.end - kb.start ?: 1;
	/* MB/s in thousandths, split with do_div (no 64-bit '%' on 32-bit). */
	mb_milli = div64_u64(kb.bytes * 1000000, ns);
	mb_frac = do_div(mb_milli, 1000);
	pr_info("smd_kbench: %s count=%u size=%u ns=%llu msgs_per_s=%llu mb_per_s=%llu.%03u\n",
		dir, count, size, ns, div64_u64((u64)count * NSEC_PER_SEC, ns),
		mb_milli, mb_frac);
	/*
	 * Stays loaded, doing nothing, until rmmod: a failing init would
	 * run the measurement twice (busybox's insmod retries with
	 * init_module() when finit_module() fails, whatever the error).
	 */
	return 0;
}
module_init(kbench_init);

static void __exit kbench_exit(void)
{
}
module_exit(kbench_exit);

MODULE_DESCRIPTION("make bench: a kernel rpmsg client, without rpmsg_char");
MODULE_LICENSE("GPL");
