// SPDX-License-Identifier: GPL-2.0
/*
 * Ring an edge's deprecated "qcom,ipc" doorbell the way an APPS driver
 * does (write BIT(bit) at offset through the syscon regmap), once, at load.
 * A stand-in for APPS where no loaded driver supports the form (the in-tree
 * qcom_smd cannot parse it on 6.12): it lets a test check the simulator's
 * syscon watcher.  Loading fails with the error if the ring failed, so the
 * module never stays loaded.
 */
#include <linux/mfd/syscon.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/regmap.h>

static char *edge = "/smd/smd-edge-wcnss";
module_param(edge, charp, 0444);
MODULE_PARM_DESC(edge, "DT path of the APPS edge node whose qcom,ipc to ring");

static int __init ipc_doorbell_init(void)
{
	struct of_phandle_args args;
	struct device_node *np;
	struct regmap *map;
	int ret;

	np = of_find_node_by_path(edge);
	if (!np)
		return -ENODEV;
	ret = of_parse_phandle_with_fixed_args(np, "qcom,ipc", 2, 0, &args);
	of_node_put(np);
	if (ret)
		return ret;
	map = syscon_node_to_regmap(args.np);
	of_node_put(args.np);
	if (IS_ERR(map))
		return PTR_ERR(map);
	ret = regmap_write(map, args.args[0], BIT(args.args[1]));
	/* Done: do not stay loaded. */
	return ret ? ret : -ECANCELED;
}
module_init(ipc_doorbell_init);

MODULE_DESCRIPTION("Ring a qcom,ipc doorbell once (test stand-in for APPS)");
MODULE_LICENSE("GPL");
