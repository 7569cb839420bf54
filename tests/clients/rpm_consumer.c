// SPDX-License-Identifier: GPL-2.0
/*
 * A consumer of the RPM's regulators and clocks, so that a guest test can
 * drive what reg-userspace-consumer cannot: a regulator's voltage, a clock's
 * rate.  It binds to "rpmsg-smd,test-rpm-consumer" (one "vdd" supply, clocks
 * "branch" and "rate") and takes commands written to
 * /sys/kernel/debug/rpm_consumer/cmd:
 *
 *   vdd on | vdd off | vdd UV       regulator_enable/disable/set_voltage(UV, UV)
 *   branch on | branch off          clk_prepare_enable/disable_unprepare
 *   rate on | rate off | rate HZ    the same, or clk_set_rate(HZ)
 *
 * A command that fails makes the write fail with the framework's error, so
 * an RPM error answer reaches the shell as an errno.  Reading the file shows
 * what is on: "vdd=0|1 branch=0|1 rate=0|1".
 */
#include <linux/clk.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/regulator/consumer.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct rpm_consumer {
	struct regulator *vdd;
	struct clk *clk[2];	/* branch, rate */
	bool vdd_on;
	bool clk_on[2];
	struct dentry *dir;
	struct mutex lock;	/* serialises commands */
};

static const char * const clk_names[] = { "branch", "rate" };

static int rpm_consumer_clk(struct rpm_consumer *c, int i, const char *arg)
{
	unsigned long hz;
	int ret;

	if (!strcmp(arg, "on")) {
		if (c->clk_on[i])
			return 0;
		ret = clk_prepare_enable(c->clk[i]);
		if (!ret)
			c->clk_on[i] = true;
		return ret;
	}
	if (!strcmp(arg, "off")) {
		if (c->clk_on[i])
			clk_disable_unprepare(c->clk[i]);
		c->clk_on[i] = false;
		return 0;
	}
	ret = kstrtoul(arg, 0, &hz);
	return ret ? ret : clk_set_rate(c->clk[i], hz);
}

static int rpm_consumer_vdd(struct rpm_consumer *c, const char *arg)
{
	unsigned int uv;
	int ret;

	if (!strcmp(arg, "on")) {
		if (c->vdd_on)
			return 0;
		ret = regulator_enable(c->vdd);
		if (!ret)
			c->vdd_on = true;
		return ret;
	}
	if (!strcmp(arg, "off")) {
		ret = c->vdd_on ? regulator_disable(c->vdd) : 0;
		if (!ret)
			c->vdd_on = false;
		return ret;
	}
	ret = kstrtouint(arg, 0, &uv);
	return ret ? ret : regulator_set_voltage(c->vdd, uv, uv);
}

static ssize_t rpm_consumer_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct rpm_consumer *c = file->private_data;
	char buf[48], *arg, *what;
	int ret = -EINVAL;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	arg = strim(buf);
	what = strsep(&arg, " ");
	if (!arg)
		return -EINVAL;
	arg = skip_spaces(arg);

	mutex_lock(&c->lock);
	if (!strcmp(what, "vdd"))
		ret = rpm_consumer_vdd(c, arg);
	else if (!strcmp(what, clk_names[0]))
		ret = rpm_consumer_clk(c, 0, arg);
	else if (!strcmp(what, clk_names[1]))
		ret = rpm_consumer_clk(c, 1, arg);
	mutex_unlock(&c->lock);
	return ret ? ret : len;
}

static ssize_t rpm_consumer_read(struct file *file, char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct rpm_consumer *c = file->private_data;
	char buf[48];
	int n;

	mutex_lock(&c->lock);
	n = scnprintf(buf, sizeof(buf), "vdd=%d branch=%d rate=%d\n",
		      c->vdd_on, c->clk_on[0], c->clk_on[1]);
	mutex_unlock(&c->lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static const struct file_operations rpm_consumer_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = rpm_consumer_read,
	.write = rpm_consumer_write,
	.llseek = default_llseek,
};

static int rpm_consumer_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct rpm_consumer *c;
	int i;

	c = devm_kzalloc(dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	mutex_init(&c->lock);
	c->vdd = devm_regulator_get(dev, "vdd");
	if (IS_ERR(c->vdd))
		return dev_err_probe(dev, PTR_ERR(c->vdd), "no vdd supply\n");
	for (i = 0; i < ARRAY_SIZE(c->clk); i++) {
		c->clk[i] = devm_clk_get(dev, clk_names[i]);
		if (IS_ERR(c->clk[i]))
			return dev_err_probe(dev, PTR_ERR(c->clk[i]), "no %s clock\n",
					     clk_names[i]);
	}
	c->dir = debugfs_create_dir("rpm_consumer", NULL);
	debugfs_create_file("cmd", 0600, c->dir, c, &rpm_consumer_fops);
	platform_set_drvdata(pdev, c);
	return 0;
}

static void rpm_consumer_remove(struct platform_device *pdev)
{
	struct rpm_consumer *c = platform_get_drvdata(pdev);
	int i;

	debugfs_remove_recursive(c->dir);
	for (i = 0; i < ARRAY_SIZE(c->clk); i++)
		if (c->clk_on[i])
			clk_disable_unprepare(c->clk[i]);
	if (c->vdd_on)
		regulator_disable(c->vdd);
}

static const struct of_device_id rpm_consumer_of_match[] = {
	{ .compatible = "rpmsg-smd,test-rpm-consumer" },
	{ }
};
MODULE_DEVICE_TABLE(of, rpm_consumer_of_match);

static struct platform_driver rpm_consumer_driver = {
	.probe = rpm_consumer_probe,
	.remove = rpm_consumer_remove,
	.driver = {
		.name = "rpm-consumer",
		.of_match_table = rpm_consumer_of_match,
	},
};
module_platform_driver(rpm_consumer_driver);

MODULE_DESCRIPTION("Test consumer of the RPM's regulators and clocks");
MODULE_LICENSE("GPL");
