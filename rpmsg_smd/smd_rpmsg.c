// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg glue: one rpmsg device per channel the remote offers (name = the
 * channel's name, parent = the edge), one rpmsg_ctrl device per edge, and
 * the endpoint operations.
 *
 * Endpoints: the default endpoint of a channel's device opens the channel
 * when the driver binds and receives data only after the driver's probe
 * (announce_create), so a driver never sees data before it is ready.  An
 * endpoint created through the edge's /dev/rpmsg_ctrlN names the channel it
 * wants and receives at once.  A channel has at most one endpoint.
 */
#include <linux/of.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/termios.h>
#include <trace/events/rpmsg_smd.h>

#include "rpmsg_internal.h"
#include "smd_internal.h"

static const struct rpmsg_endpoint_ops smd_endpoint_ops;

static struct smd_channel *smd_find_channel(struct qcom_smd_edge *edge, const char *name)
{
	struct smd_channel *ch;
	int t, i;

	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			/* Pairs with the release that publishes a channel. */
			ch = smp_load_acquire(&edge->chan[t][i]);
			if (ch && !strcmp(ch->name, name))
				return ch;
		}
	}
	return NULL;
}

static void smd_ept_release(struct kref *kref)
{
	struct rpmsg_endpoint *ept = container_of(kref, struct rpmsg_endpoint, refcount);

	put_device(&ept->rpdev->dev);
	kfree(to_smd_endpoint(ept));
}

static struct rpmsg_endpoint *smd_create_ept(struct rpmsg_device *rpdev,
					     rpmsg_rx_cb_t cb, void *priv,
					     struct rpmsg_channel_info chinfo)
{
	struct smd_rpdev *srp = to_smd_rpdev(rpdev);
	struct qcom_smd_edge *edge = srp->edge;
	struct smd_channel *ch = NULL;
	struct smd_endpoint *sept;
	int ret;

	if (srp->ch && (!chinfo.name[0] || !strcmp(chinfo.name, srp->ch->name))) {
		/* The channel's own device, for its own channel. */
		ch = srp->ch;
	} else {
		/*
		 * Another channel of the edge by name, from the ctrl device or
		 * from a sibling's device (wcnss_ctrl opens the Bluetooth and
		 * WLAN channels through WCNSS_CTRL's).  The remote may still be
		 * allocating it: wait a second.
		 */
		ret = wait_event_interruptible_timeout(edge->new_channel,
						       (ch = smd_find_channel(edge, chinfo.name)),
						       HZ);
		if (ret <= 0 || !ch)
			return NULL;
	}

	sept = kzalloc(sizeof(*sept), GFP_KERNEL);
	if (!sept)
		return NULL;
	kref_init(&sept->ept.refcount);
	/* Held by the endpoint: a sibling's endpoint may outlive its device. */
	sept->ept.rpdev = rpdev;
	get_device(&rpdev->dev);
	sept->ept.cb = cb;
	sept->ept.priv = priv;
	sept->ept.ops = &smd_endpoint_ops;
	sept->ch = ch;

	ret = smd_channel_open(ch, sept, srp->ch != ch);
	if (ret) {
		dev_dbg(&rpdev->dev, "cannot open %s: %d\n", ch->name, ret);
		kref_put(&sept->ept.refcount, smd_ept_release);
		return NULL;
	}
	return &sept->ept;
}

static int smd_announce_create(struct rpmsg_device *rpdev)
{
	struct smd_rpdev *srp = to_smd_rpdev(rpdev);
	struct smd_channel *ch = srp->ch;

	if (!ch)
		return 0;
	WRITE_ONCE(srp->left, false);
	WRITE_ONCE(srp->session, READ_ONCE(ch->session));
	mutex_lock(&ch->lock);
	if (ch->ept && ch->ept->ept.rpdev == rpdev && ch->state == SMD_ST_OPENED)
		smd_set_ready(ch, true);
	mutex_unlock(&ch->lock);
	/* Deliver what arrived while the driver was probing. */
	smd_edge_queue(srp->edge, &ch->rx_work);
	return 0;
}

/*
 * The core calls this before the driver's remove(): from here on the
 * default endpoint gets no callback, so none can run into what remove()
 * frees.  Data that arrives meanwhile stays in the ring until the close.
 */
static int smd_announce_destroy(struct rpmsg_device *rpdev)
{
	struct smd_rpdev *srp = to_smd_rpdev(rpdev);
	struct smd_channel *ch = srp->ch;
	struct smd_endpoint *sept;

	if (!ch)
		return 0;
	WRITE_ONCE(srp->left, true);
	mutex_lock(&ch->lock);
	sept = ch->ept && ch->ept->ept.rpdev == rpdev ? ch->ept : NULL;
	mutex_unlock(&ch->lock);
	/* Waits for a callback of the endpoint that is running now. */
	if (sept)
		smd_channel_stop_callbacks(ch, sept);
	return 0;
}

static void smd_register_channel(struct qcom_smd_edge *edge, struct smd_channel *ch);

/*
 * RPMSG_CREATE_DEV_IOCTL on /dev/rpmsg_ctrlN: give channel @chinfo->name a
 * /dev/rpmsgN.  A channel the remote has not allocated is allocated from
 * the APPS side first.  The channel's device is pinned (kept while the
 * remote does not offer the channel) and bound to rpmsg_char, which opens
 * the channel.
 */
static struct rpmsg_device *smd_create_channel(struct rpmsg_device *rpdev,
					       struct rpmsg_channel_info *chinfo)
{
	struct qcom_smd_edge *edge = to_smd_rpdev(rpdev)->edge;
	char name[SMD_NAME_LEN];
	u8 raw[SMD_NAME_LEN] = {};
	struct smd_channel *ch;
	struct device *dev;

	if (strnlen(chinfo->name, sizeof(chinfo->name)) >= SMD_NAME_LEN)
		return NULL;
	memcpy(raw, chinfo->name, strlen(chinfo->name));
	if (!smd_name_parse(raw, name))
		return NULL;
	ch = smd_find_channel(edge, name);
	if (!ch && smd_alloc_channel(edge, name))
		return NULL;
	ch = smd_find_channel(edge, name);
	if (!ch)
		return NULL;

	mutex_lock(&ch->dev_lock);
	if (READ_ONCE(edge->removing)) {
		mutex_unlock(&ch->dev_lock);
		return NULL;
	}
	ch->pinned = true;
	if (!ch->rpdev)
		smd_register_channel(edge, ch);
	dev = ch->rpdev ? get_device(&ch->rpdev->rpdev.dev) : NULL;
	mutex_unlock(&ch->dev_lock);
	if (!dev)
		return NULL;
	if (!dev->driver && (device_set_driver_override(dev, "rpmsg_chrdev") ||
			     device_attach(dev) <= 0)) {
		put_device(dev);
		return NULL;
	}
	put_device(dev);
	return &ch->rpdev->rpdev;
}

/* RPMSG_RELEASE_DEV_IOCTL: unbind and unpin what create_channel set up. */
static int smd_release_channel(struct rpmsg_device *rpdev,
			       struct rpmsg_channel_info *chinfo)
{
	struct qcom_smd_edge *edge = to_smd_rpdev(rpdev)->edge;
	struct smd_channel *ch = smd_find_channel(edge, chinfo->name);
	struct device *dev = NULL;

	if (!ch)
		return -ENOENT;
	mutex_lock(&ch->dev_lock);
	if (ch->pinned && ch->rpdev)
		dev = get_device(&ch->rpdev->rpdev.dev);
	ch->pinned = false;
	mutex_unlock(&ch->dev_lock);
	if (!dev)
		return -ENODEV;
	device_set_driver_override(dev, "");
	device_release_driver(dev);
	put_device(dev);
	/* Unpinned: the device stays only while the remote offers it. */
	smd_edge_queue(edge, &ch->dev_work);
	return 0;
}

static ssize_t smd_rpdev_mtu(struct rpmsg_device *rpdev)
{
	struct smd_channel *ch = to_smd_rpdev(rpdev)->ch;

	return ch ? smd_mtu(ch->fifo_size) : -ENODATA;
}

static const char *smd_rpdev_edge(struct rpmsg_device *rpdev)
{
	return to_smd_rpdev(rpdev)->edge->name;
}

static const struct rpmsg_device_ops smd_device_ops = {
	.transport = "smd",
	.get_mtu = smd_rpdev_mtu,
	.get_edge = smd_rpdev_edge,
	.create_channel = smd_create_channel,
	.release_channel = smd_release_channel,
	.create_ept = smd_create_ept,
	.announce_create = smd_announce_create,
	.announce_destroy = smd_announce_destroy,
};

static void smd_destroy_ept(struct rpmsg_endpoint *ept)
{
	struct smd_endpoint *sept = to_smd_endpoint(ept);
	struct smd_channel *ch = sept->ch;
	bool mine;

	mutex_lock(&ch->lock);
	mine = ch->ept == sept;
	mutex_unlock(&ch->lock);
	if (mine)
		smd_channel_close(ch);
	kref_put(&ept->refcount, smd_ept_release);
}

static int smd_send(struct rpmsg_endpoint *ept, void *data, int len)
{
	if (len < 0)
		return -EINVAL;
	return smd_tx_send(to_smd_endpoint(ept)->ch, data, len, true);
}

static int smd_sendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	return smd_send(ept, data, len);
}

static int smd_trysend(struct rpmsg_endpoint *ept, void *data, int len)
{
	if (len < 0)
		return -EINVAL;
	return smd_tx_send(to_smd_endpoint(ept)->ch, data, len, false);
}

static int smd_trysendto(struct rpmsg_endpoint *ept, void *data, int len, u32 dst)
{
	return smd_trysend(ept, data, len);
}

static __poll_t smd_poll(struct rpmsg_endpoint *ept, struct file *filp,
			 poll_table *wait)
{
	struct smd_channel *ch = to_smd_endpoint(ept)->ch;

	poll_wait(filp, &ch->tx_wait, wait);
	/* A change of the remote's lines that came before our callbacks. */
	if (READ_ONCE(ch->ept_ready) &&
	    READ_ONCE(ch->remote_signals) != READ_ONCE(ch->reported_signals))
		smd_edge_queue(ch->edge, &ch->rx_work);
	return smd_tx_poll(ch);
}

static ssize_t smd_get_mtu(struct rpmsg_endpoint *ept)
{
	return smd_mtu(to_smd_endpoint(ept)->ch->fifo_size);
}

/*
 * Incoming flow control: pausing drops our DTR and RTS (the DSR and CTS
 * fields of our half), resuming raises them, as on other Qualcomm
 * transports.  The remote's DSR/CTS come back through ept->flow_cb.
 */
static int smd_set_flow_control(struct rpmsg_endpoint *ept, bool pause, u32 dst)
{
	struct smd_channel *ch = to_smd_endpoint(ept)->ch;
	u32 lines = TIOCM_DTR | TIOCM_RTS;

	return smd_set_signals(ch, pause ? 0 : lines, pause ? lines : 0);
}

static int smd_ept_get_signals(struct rpmsg_endpoint *ept)
{
	return smd_get_signals(to_smd_endpoint(ept)->ch);
}

static int smd_ept_set_signals(struct rpmsg_endpoint *ept, u32 set, u32 clear)
{
	return smd_set_signals(to_smd_endpoint(ept)->ch, set, clear);
}

static const struct rpmsg_endpoint_ops smd_endpoint_ops = {
	.destroy_ept = smd_destroy_ept,
	.send = smd_send,
	.sendto = smd_sendto,
	.trysend = smd_trysend,
	.trysendto = smd_trysendto,
	.poll = smd_poll,
	.get_mtu = smd_get_mtu,
	.set_flow_control = smd_set_flow_control,
	.get_signals = smd_ept_get_signals,
	.set_signals = smd_ept_set_signals,
};

static void smd_rpdev_release(struct device *dev)
{
	struct smd_rpdev *srp = to_smd_rpdev(to_rpmsg_device(dev));

	of_node_put(dev->of_node);
	kfree(srp);
}

/* The edge's child node whose qcom,smd-channels names @ch, referenced. */
static struct device_node *smd_channel_node(struct qcom_smd_edge *edge,
					    struct smd_channel *ch)
{
	struct device_node *child;
	const char *name;

	for_each_available_child_of_node(edge->dev.of_node, child) {
		if (!of_property_read_string(child, "qcom,smd-channels", &name) &&
		    !strcmp(name, ch->name))
			return child;
	}
	return NULL;
}

static struct smd_rpdev *smd_new_rpdev(struct qcom_smd_edge *edge, struct smd_channel *ch)
{
	struct smd_rpdev *srp = kzalloc(sizeof(*srp), GFP_KERNEL);

	if (!srp)
		return NULL;
	srp->edge = edge;
	srp->ch = ch;
	srp->rpdev.ops = &smd_device_ops;
	srp->rpdev.src = RPMSG_ADDR_ANY;
	srp->rpdev.dst = RPMSG_ADDR_ANY;
	srp->rpdev.dev.parent = &edge->dev;
	srp->rpdev.dev.release = smd_rpdev_release;
	return srp;
}

/**
 * smd_register_ctrl() - register the edge's rpmsg_ctrl device
 * @edge: edge
 *
 * Return: 0 or a negative errno.
 */
int smd_register_ctrl(struct qcom_smd_edge *edge)
{
	struct smd_rpdev *srp = smd_new_rpdev(edge, NULL);
	int ret;

	if (!srp)
		return -ENOMEM;
	ret = rpmsg_ctrldev_register_device(&srp->rpdev);
	if (ret)
		return ret;	/* the failed registration released srp */
	edge->ctrl = srp;
	return 0;
}

static void smd_register_channel(struct qcom_smd_edge *edge, struct smd_channel *ch)
{
	struct smd_rpdev *srp = smd_new_rpdev(edge, ch);

	if (!srp)
		return;
	strscpy(srp->rpdev.id.name, ch->name, sizeof(srp->rpdev.id.name));
	srp->rpdev.dev.of_node = smd_channel_node(edge, ch);
	srp->session = READ_ONCE(ch->session);
	if (rpmsg_register_device(&srp->rpdev)) {
		dev_err(&edge->dev, "%s: cannot register a device for %s\n",
			edge->name, ch->name);
		return;	/* released by the failed registration */
	}
	ch->rpdev = srp;
	trace_rpmsg_smd_device(edge->name, ch->name, "registered");
}

/*
 * Channels APPS opens without waiting for the remote's offer: the RPM of
 * msm8953 and others allocates rpm_requests and leaves it CLOSED until
 * APPS opens it (the in-tree transport always registers it, too).
 */
static bool smd_opened_by_apps(struct smd_channel *ch)
{
	return !strcmp(ch->name, "rpm_requests");
}

/*
 * The remote left @ch and offers it again (maybe before we saw it gone):
 * the driver of its device opens the new session, through a new probe.
 * A device whose probe failed is probed again here too; one whose driver
 * was unbound (sysfs, RPMSG_RELEASE_DEV_IOCTL) stays unbound.  Not when
 * another endpoint (one made through /dev/rpmsg_ctrlN) holds the channel.
 *
 * A bound client the devicetree describes (the device has an of_node:
 * smd-rpm, wcnss_ctrl) is not probed again: it has populated devices of
 * its own (clocks, regulators, Bluetooth) whose consumers cannot follow a
 * re-probe (the regulator core warns when a regulator in use goes away).
 * Its default endpoint is opened again under it instead; should that
 * fail, the next change of the remote's state tries again.
 */
static void smd_new_session(struct smd_channel *ch)
{
	struct smd_rpdev *srp = ch->rpdev;
	struct device *dev = &srp->rpdev.dev;
	unsigned int old = READ_ONCE(srp->session);
	bool other, bound;
	int ret;

	WRITE_ONCE(srp->session, READ_ONCE(ch->session));
	mutex_lock(&ch->lock);
	other = ch->ept && ch->ept->ept.rpdev != &srp->rpdev;
	mutex_unlock(&ch->lock);
	device_lock(dev);
	bound = dev->driver;
	if (bound && dev->of_node && srp->rpdev.ept && !other) {
		ret = smd_channel_reopen(ch, to_smd_endpoint(srp->rpdev.ept));
		if (ret) {
			WRITE_ONCE(srp->session, old);
			dev_err_ratelimited(&ch->edge->dev, "%s: %s: cannot open the new session: %d\n",
					    ch->edge->name, ch->name, ret);
		}
		device_unlock(dev);
		return;
	}
	device_unlock(dev);
	if (other || (!bound && READ_ONCE(srp->left)))
		return;
	if (device_reprobe(dev))
		dev_err_ratelimited(&ch->edge->dev, "%s: %s: cannot probe the device again\n",
				    ch->edge->name, ch->name);
	/* Our detach is not a user's unbind: a failed probe is retried. */
	device_lock(dev);
	if (!dev->driver)
		WRITE_ONCE(srp->left, false);
	device_unlock(dev);
}

/* Whether @ch should have a device now. */
static bool smd_wants_device(struct smd_channel *ch)
{
	return (ch->pinned || smd_opened_by_apps(ch) ||
		smd_state_is_open(READ_ONCE(ch->remote_state))) &&
	       !READ_ONCE(ch->quarantined) && !READ_ONCE(ch->edge->removing);
}

/* Give @ch the device it should have, or take it away; ch->dev_lock held. */
static void smd_update_channel(struct smd_channel *ch)
{
	struct qcom_smd_edge *edge = ch->edge;
	bool want = smd_wants_device(ch);

	lockdep_assert_held(&ch->dev_lock);
	if (want && !ch->rpdev) {
		smd_register_channel(edge, ch);
	} else if (want && READ_ONCE(ch->rpdev->session) != READ_ONCE(ch->session)) {
		if (smd_state_is_open(READ_ONCE(ch->remote_state)) || smd_opened_by_apps(ch)) {
			trace_rpmsg_smd_device(edge->name, ch->name, "new session");
			smd_new_session(ch);
		}
	} else if (!want && ch->rpdev) {
		device_unregister(&ch->rpdev->rpdev.dev);
		ch->rpdev = NULL;
		trace_rpmsg_smd_device(edge->name, ch->name, "removed");
	}
}

/**
 * smd_update_device() - a channel's device work
 * @work: the channel's dev_work
 *
 * A channel has a device while the remote shows OPENING or OPENED, or
 * while it is pinned by RPMSG_CREATE_DEV_IOCTL (or is rpm_requests), and is
 * not quarantined; it loses it otherwise (its driver's remove closes the
 * channel).  A device whose channel the remote left and offers again is
 * probed again.  Each channel has its own work item: a probe that waits
 * for a silent remote holds up no other channel.
 */
void smd_update_device(struct work_struct *work)
{
	struct smd_channel *ch = container_of(work, struct smd_channel, dev_work);

	mutex_lock(&ch->dev_lock);
	smd_update_channel(ch);
	mutex_unlock(&ch->dev_lock);
}

/**
 * smd_unregister_devices() - remove every rpmsg device of @edge
 * @edge: edge, edge->removing set, its work cancelled
 *
 * The rpmsg_ctrl device goes first: its removal waits for a running
 * RPMSG_CREATE_DEV_IOCTL.
 */
void smd_unregister_devices(struct qcom_smd_edge *edge)
{
	struct smd_channel *ch;
	int t, i;

	if (edge->ctrl) {
		device_unregister(&edge->ctrl->rpdev.dev);
		edge->ctrl = NULL;
	}
	for (t = 0; t < SMD_TABLE_COUNT; t++) {
		for (i = 0; i < SMD_TABLE_ENTRIES; i++) {
			ch = edge->chan[t][i];
			if (!ch)
				continue;
			mutex_lock(&ch->dev_lock);
			smd_update_channel(ch);
			mutex_unlock(&ch->dev_lock);
		}
	}
}
