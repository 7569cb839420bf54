// SPDX-License-Identifier: GPL-2.0
/*
 * A client that opens a sibling channel through its own device, as
 * wcnss_ctrl does for Bluetooth and WLAN (qcom_wcnss_open_channel()):
 * rpmsg_create_ept() on the device of one channel with the name of another
 * channel of the same edge.
 *
 * Bind it with driver_override to a channel's device; the "sibling" module
 * parameter names the channel to open (an echo service).  The probe opens
 * it, sends one packet, waits for the echo and checks it, and fails
 * (-ENOLINK, -ETIMEDOUT, -EBADMSG) when any step does not work, so whether
 * the driver is bound is the test's verdict.  The device's own default
 * endpoint stays open meanwhile, as wcnss_ctrl's does.
 */
#include <linux/completion.h>
#include <linux/module.h>
#include <linux/rpmsg.h>
#include <linux/string.h>

static char *sibling = "";
module_param(sibling, charp, 0644);
MODULE_PARM_DESC(sibling, "channel to open through the bound device");

#define PING_LEN	16

struct sibling_probe {
	struct completion echoed;
	u8 sent[PING_LEN];
	u8 got[PING_LEN];
	int got_len;
};

static int sibling_cb(struct rpmsg_device *rpdev, void *data, int len,
		      void *priv, u32 src)
{
	struct sibling_probe *p = priv;

	if (completion_done(&p->echoed))
		return 0;
	p->got_len = len;
	memcpy(p->got, data, min_t(int, len, PING_LEN));
	complete(&p->echoed);
	return 0;
}

static int own_cb(struct rpmsg_device *rpdev, void *data, int len, void *priv, u32 src)
{
	return 0;
}

static int sibling_probe(struct rpmsg_device *rpdev)
{
	struct rpmsg_channel_info chinfo = {
		.src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	struct rpmsg_endpoint *ept;
	struct sibling_probe *p;
	int i, ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	init_completion(&p->echoed);
	for (i = 0; i < PING_LEN; i++)
		p->sent[i] = 0xa0 + i;
	strscpy(chinfo.name, sibling, sizeof(chinfo.name));
	ept = rpmsg_create_ept(rpdev, sibling_cb, p, chinfo);
	if (!ept) {
		dev_err(&rpdev->dev, "sibling %s: no endpoint\n", sibling);
		ret = -ENOLINK;
		goto out;
	}
	ret = rpmsg_send(ept, p->sent, PING_LEN);
	if (!ret && !wait_for_completion_timeout(&p->echoed, 2 * HZ))
		ret = -ETIMEDOUT;
	if (!ret && (p->got_len != PING_LEN || memcmp(p->got, p->sent, PING_LEN)))
		ret = -EBADMSG;
	rpmsg_destroy_ept(ept);
	if (ret)
		dev_err(&rpdev->dev, "sibling %s: echo failed: %d\n", sibling, ret);
	else
		dev_info(&rpdev->dev, "sibling %s: echo verified\n", sibling);
out:
	kfree(p);
	return ret;
}

static void sibling_remove(struct rpmsg_device *rpdev)
{
}

static struct rpmsg_driver sibling_driver = {
	.probe = sibling_probe,
	.remove = sibling_remove,
	.callback = own_cb,
	.drv.name = "rpmsg_sibling_client",
};
module_rpmsg_driver(sibling_driver);

MODULE_DESCRIPTION("rpmsg test client: a sibling channel opened through a device");
MODULE_LICENSE("GPL");
