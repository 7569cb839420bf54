// SPDX-License-Identifier: GPL-2.0
/*
 * A client whose callbacks call back into the transport, as clients are
 * allowed to: from the receive callback it reads and drives its signals,
 * pauses and resumes flow control, and sends, on its own channel and on a
 * second one; its flow and signal callbacks read the signals and set flow
 * control.  A transport that runs callbacks under a lock these calls take
 * deadlocks its receive path here.
 *
 * Bind it with driver_override to a channel's device (an echo service);
 * "other" names a second channel of the same edge to open through it (SMD
 * only; empty: none).  The probe sends the first packet; each echo makes
 * the callback do all of the above and send the next, "rounds" times.
 * "signals=0" leaves the signal calls out.  "flood=1" makes the receive
 * callback send on its own channel until a send fails, as a client that
 * answers a request with more than the ring holds: flood_result is the
 * error that ended it (0 while flooding is 1), flood_ms how long that last
 * send waited.  It also binds by name to a channel "rpmsg-reentry".
 * Read-only parameters report
 * the progress: done (echoes handled), errors (a call on the bound channel
 * that failed), last_error, other_errors (failed sends on the second
 * channel, e.g. after the remote corrupted its TX tail), sig_calls.
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rpmsg.h>
#include <linux/string.h>
#include <linux/termios.h>

static char *other = "";
module_param(other, charp, 0644);
MODULE_PARM_DESC(other, "a second channel to open and send on from the callback");
static int rounds = 100;
module_param(rounds, int, 0644);
MODULE_PARM_DESC(rounds, "echoes to handle");
static int done;
module_param(done, int, 0444);
MODULE_PARM_DESC(done, "echoes handled");
static int errors;
module_param(errors, int, 0444);
MODULE_PARM_DESC(errors, "calls that failed unexpectedly");
static int last_error;
module_param(last_error, int, 0444);
MODULE_PARM_DESC(last_error, "the last unexpected result");
static bool signals = true;
module_param(signals, bool, 0644);
MODULE_PARM_DESC(signals, "call the signal and flow-control API from the callbacks");
static int other_errors;
module_param(other_errors, int, 0444);
MODULE_PARM_DESC(other_errors, "sends on the second channel that failed");
static int sig_calls;
module_param(sig_calls, int, 0444);
MODULE_PARM_DESC(sig_calls, "flow and signal callbacks run");

static bool flood;
module_param(flood, bool, 0644);
MODULE_PARM_DESC(flood, "the receive callback sends until a send fails");
static int flooding;
module_param(flooding, int, 0444);
MODULE_PARM_DESC(flooding, "1 while the callback floods");
static int flood_result;
module_param(flood_result, int, 0444);
MODULE_PARM_DESC(flood_result, "the send error that ended the flood");
static int flood_ms;
module_param(flood_ms, int, 0444);
MODULE_PARM_DESC(flood_ms, "how long the last send of the flood waited");

struct reentry {
	struct rpmsg_endpoint *other;
	u8 buf[32];
};

/* -EOPNOTSUPP: the transport has no signals (virtio); not an error here. */
static void reentry_note(int ret)
{
	if (ret < 0 && ret != -EOPNOTSUPP) {
		errors++;
		last_error = ret;
	}
}

static void reentry_calls(struct rpmsg_endpoint *ept)
{
	int sig = rpmsg_get_signals(ept);

	reentry_note(sig);
	reentry_note(rpmsg_set_signals(ept, TIOCM_RI, 0));
	reentry_note(rpmsg_set_signals(ept, 0, TIOCM_RI));
	reentry_note(rpmsg_set_flow_control(ept, true, RPMSG_ADDR_ANY));
	reentry_note(rpmsg_set_flow_control(ept, false, RPMSG_ADDR_ANY));
}

static int reentry_cb(struct rpmsg_device *rpdev, void *data, int len,
		      void *priv, u32 src)
{
	struct reentry *r = dev_get_drvdata(&rpdev->dev);

	if (r && flood && !flooding) {
		ktime_t t;
		int ret;

		flooding = 1;
		flood_result = 0;
		do {
			t = ktime_get();
			ret = rpmsg_send(rpdev->ept, r->buf, sizeof(r->buf));
		} while (!ret);
		flood_ms = ktime_ms_delta(ktime_get(), t);
		flood_result = ret;
		flooding = 0;
		return 0;
	}
	if (!r || done >= rounds)
		return 0;
	done++;
	if (signals)
		reentry_calls(rpdev->ept);
	if (r->other && rpmsg_send(r->other, r->buf, sizeof(r->buf)))
		other_errors++;
	if (done < rounds)
		reentry_note(rpmsg_send(rpdev->ept, r->buf, sizeof(r->buf)));
	return 0;
}

static int reentry_other_cb(struct rpmsg_device *rpdev, void *data, int len,
			    void *priv, u32 src)
{
	return 0;
}

static int reentry_flow_cb(struct rpmsg_device *rpdev, void *priv, bool enable)
{
	sig_calls++;
	reentry_note(rpmsg_get_signals(rpdev->ept));
	reentry_note(rpmsg_set_flow_control(rpdev->ept, false, RPMSG_ADDR_ANY));
	return 0;
}

static int reentry_sig_cb(struct rpmsg_device *rpdev, void *priv, u32 signals)
{
	sig_calls++;
	reentry_note(rpmsg_get_signals(rpdev->ept));
	reentry_note(rpmsg_set_signals(rpdev->ept, TIOCM_DTR, 0));
	return 0;
}

static int reentry_probe(struct rpmsg_device *rpdev)
{
	struct rpmsg_channel_info chinfo = {
		.src = RPMSG_ADDR_ANY,
		.dst = RPMSG_ADDR_ANY,
	};
	struct reentry *r;

	r = devm_kzalloc(&rpdev->dev, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	memset(r->buf, 0x5a, sizeof(r->buf));
	done = 0;
	errors = 0;
	last_error = 0;
	sig_calls = 0;
	other_errors = 0;
	if (other[0]) {
		strscpy(chinfo.name, other, sizeof(chinfo.name));
		/* Written through sysfs, the name ends in a newline. */
		chinfo.name[strcspn(chinfo.name, "\n")] = '\0';
		r->other = rpmsg_create_ept(rpdev, reentry_other_cb, NULL, chinfo);
		if (!r->other)
			return -ENOLINK;
	}
	rpdev->ept->flow_cb = reentry_flow_cb;
	rpdev->ept->sig_cb = reentry_sig_cb;
	dev_set_drvdata(&rpdev->dev, r);
	if (flood)
		return 0;
	/* The echo arrives once the probe is over (announce_create). */
	return rpmsg_send(rpdev->ept, r->buf, sizeof(r->buf));
}

static void reentry_remove(struct rpmsg_device *rpdev)
{
	struct reentry *r = dev_get_drvdata(&rpdev->dev);

	if (r->other)
		rpmsg_destroy_ept(r->other);
}

static const struct rpmsg_device_id reentry_ids[] = {
	{ .name = "rpmsg-reentry" },
	{}
};
MODULE_DEVICE_TABLE(rpmsg, reentry_ids);

static struct rpmsg_driver reentry_driver = {
	.id_table = reentry_ids,
	.probe = reentry_probe,
	.remove = reentry_remove,
	.callback = reentry_cb,
	.drv.name = "rpmsg_reentry_client",
};
module_rpmsg_driver(reentry_driver);

MODULE_DESCRIPTION("rpmsg test client: callbacks that call back into the transport");
MODULE_LICENSE("GPL");
