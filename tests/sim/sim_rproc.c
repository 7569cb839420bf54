// SPDX-License-Identifier: GPL-2.0
/*
 * remoteproc driver for the simulated processors.
 *
 * This is the APPS side, the part a real board has in qcom_q6v5_pas or
 * qcom_wcnss: it loads the firmware ELF (remoteproc's ELF loader), starts and
 * stops the processor, kicks it through a mailbox, forwards its vring
 * interrupt to remoteproc and reports a watchdog bite as a crash.  The
 * processor itself is smd_sim's (sim_proc.h).
 *
 * An "smd-edge" child is a subdevice: registered with
 * qcom_smd_register_edge() once the processor runs and unregistered before
 * it stops, on a crash too, so a restart tears the SMD edge down and brings
 * it back.  Whichever SMD driver provides that API serves it: rpmsg_smd or
 * the in-tree qcom_smd.
 *
 * DT: compatible "rpmsg-smd,sim-rproc"; firmware-name; mboxes (the kick);
 * interrupts + interrupt-names "vring", "wdog"; optional smd-edge child.
 */
#include <linux/interrupt.h>
#include <linux/mailbox_client.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/remoteproc.h>
#include <linux/rpmsg/qcom_smd.h>

#include "remoteproc_internal.h"
#include "sim_proc.h"

struct sim_rproc {
	struct device *dev;
	struct rproc *rproc;
	struct sim_proc *proc;
	struct mbox_client mbox_client;
	struct mbox_chan *mbox;

	struct device_node *smd_node;
	struct qcom_smd_edge *smd_edge;
	struct rproc_subdev smd_subdev;
};

static int sim_rproc_start(struct rproc *rproc)
{
	struct sim_rproc *sr = rproc->priv;

	return sim_proc_boot(sr->proc);
}

static int sim_rproc_stop(struct rproc *rproc)
{
	struct sim_rproc *sr = rproc->priv;

	sim_proc_halt(sr->proc);
	return 0;
}

static void sim_rproc_kick(struct rproc *rproc, int vqid)
{
	struct sim_rproc *sr = rproc->priv;
	int ret;

	/* A doorbell: the processor looks at every vring. */
	ret = mbox_send_message(sr->mbox, NULL);
	if (ret < 0)
		dev_err_ratelimited(sr->dev, "kick vq %d: %d\n", vqid, ret);
	else
		mbox_client_txdone(sr->mbox, 0);
}

static void *sim_rproc_da_to_va(struct rproc *rproc, u64 da, size_t len,
				bool *is_iomem)
{
	struct sim_rproc *sr = rproc->priv;

	return sim_proc_da_to_va(sr->proc, da, len);
}

static const struct rproc_ops sim_rproc_ops = {
	.start = sim_rproc_start,
	.stop = sim_rproc_stop,
	.kick = sim_rproc_kick,
	.da_to_va = sim_rproc_da_to_va,
};

static int sim_rproc_smd_start(struct rproc_subdev *subdev)
{
	struct sim_rproc *sr = container_of(subdev, struct sim_rproc, smd_subdev);
	struct qcom_smd_edge *edge;

	edge = qcom_smd_register_edge(sr->dev, sr->smd_node);
	if (IS_ERR(edge))
		return dev_err_probe(sr->dev, PTR_ERR(edge), "SMD edge\n");
	sr->smd_edge = edge;
	return 0;
}

static void sim_rproc_smd_stop(struct rproc_subdev *subdev, bool crashed)
{
	struct sim_rproc *sr = container_of(subdev, struct sim_rproc, smd_subdev);

	qcom_smd_unregister_edge(sr->smd_edge);
	sr->smd_edge = NULL;
}

/* Used buffers on some vring: remoteproc finds which (process context). */
static irqreturn_t sim_rproc_vring_irq(int irq, void *data)
{
	struct sim_rproc *sr = data;
	int id;

	for (id = 0; id <= sr->rproc->max_notifyid; id++)
		rproc_vq_interrupt(sr->rproc, id);
	return IRQ_HANDLED;
}

static irqreturn_t sim_rproc_wdog_irq(int irq, void *data)
{
	struct sim_rproc *sr = data;

	rproc_report_crash(sr->rproc, RPROC_WATCHDOG);
	return IRQ_HANDLED;
}

static int sim_rproc_irq(struct platform_device *pdev, const char *name,
			 irq_handler_t fn, struct sim_rproc *sr)
{
	int irq = platform_get_irq_byname(pdev, name);

	if (irq < 0)
		return irq;
	return devm_request_threaded_irq(&pdev->dev, irq, NULL, fn, IRQF_ONESHOT,
					 name, sr);
}

static int sim_rproc_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const char *fw_name, *name;
	struct sim_rproc *sr;
	struct sim_proc *proc;
	struct rproc *rproc;
	int ret;

	proc = sim_proc_get(dev->of_node);
	if (!proc)
		return dev_err_probe(dev, -EPROBE_DEFER, "no simulated processor yet\n");
	ret = of_property_read_string(dev->of_node, "firmware-name", &fw_name);
	if (ret)
		return dev_err_probe(dev, ret, "no firmware-name\n");
	if (of_property_read_string(dev->of_node, "label", &name))
		name = dev_name(dev);

	rproc = devm_rproc_alloc(dev, name, &sim_rproc_ops, fw_name, sizeof(*sr));
	if (!rproc)
		return -ENOMEM;
	sr = rproc->priv;
	sr->dev = dev;
	sr->rproc = rproc;
	sr->proc = proc;
	platform_set_drvdata(pdev, sr);

	sr->mbox_client.dev = dev;
	sr->mbox_client.knows_txdone = true;
	sr->mbox = mbox_request_channel(&sr->mbox_client, 0);
	if (IS_ERR(sr->mbox))
		return dev_err_probe(dev, PTR_ERR(sr->mbox), "mailbox\n");

	ret = sim_rproc_irq(pdev, "vring", sim_rproc_vring_irq, sr);
	if (!ret)
		ret = sim_rproc_irq(pdev, "wdog", sim_rproc_wdog_irq, sr);
	if (ret)
		goto free_mbox;

	sr->smd_node = of_get_child_by_name(dev->of_node, "smd-edge");
	if (sr->smd_node) {
		sr->smd_subdev.start = sim_rproc_smd_start;
		sr->smd_subdev.stop = sim_rproc_smd_stop;
		rproc_add_subdev(rproc, &sr->smd_subdev);
	}

	ret = rproc_add(rproc);
	if (ret)
		goto put_node;
	return 0;

put_node:
	if (sr->smd_node)
		rproc_remove_subdev(rproc, &sr->smd_subdev);
	of_node_put(sr->smd_node);
free_mbox:
	mbox_free_channel(sr->mbox);
	return ret;
}

static void sim_rproc_remove(struct platform_device *pdev)
{
	struct sim_rproc *sr = platform_get_drvdata(pdev);

	rproc_del(sr->rproc);
	if (sr->smd_node)
		rproc_remove_subdev(sr->rproc, &sr->smd_subdev);
	of_node_put(sr->smd_node);
	mbox_free_channel(sr->mbox);
}

static const struct of_device_id sim_rproc_of_match[] = {
	{ .compatible = "rpmsg-smd,sim-rproc" },
	{}
};
MODULE_DEVICE_TABLE(of, sim_rproc_of_match);

static struct platform_driver sim_rproc_driver = {
	.probe = sim_rproc_probe,
	.remove = sim_rproc_remove,
	.driver = {
		.name = "sim-rproc",
		.of_match_table = sim_rproc_of_match,
	},
};
module_platform_driver(sim_rproc_driver);

MODULE_DESCRIPTION("remoteproc driver for the simulated processors (test only)");
MODULE_LICENSE("GPL");
