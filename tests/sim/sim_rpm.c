// SPDX-License-Identifier: GPL-2.0
/*
 * The RPM's end of rpm_requests (service "rpm"): it parses each request
 * from APPS, keeps the last value of every (set, type, id, key) it was sent
 * and acknowledges the request with its message id, as RPM firmware does.
 *
 * Wire (little endian, the format of every msm8916-era RPM):
 *   request  "req\0", length (bytes after these 8), message id,
 *            set (0 active, 1 sleep), resource type, resource id,
 *            data length, then data length / 12 records {key, 4, value}
 *   ack      "req\0", length, then messages {type, length, data padded to
 *            4}: "msg#" 4 <message id>, and on failure "err\0" <string>
 *
 * "rpm-fail CHAN TYPE ID nxio|inval|silent|off" (TYPE a 4-character code
 * such as ldoa) makes later requests for that resource fail: an "err" message
 * of "resource does not exist" (nxio) or "invalid request" (inval), or no
 * answer at all (silent).  The state is in the edge's "rpm" debugfs file.
 */
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "sim.h"

#define RPM_SERVICE_REQ		0x00716572	/* "req\0" */
#define RPM_MSG_ID		0x2367736d	/* "msg#" */
#define RPM_MSG_ERR		0x00727265	/* "err\0" */
#define RPM_REQ_HDR		28		/* service header + request header */
#define RPM_RECORD		12
#define RPM_MAX_REQ		256		/* APPS never sends more */

#define SIM_RPM_RESOURCES	256
#define SIM_RPM_FAILS		8

/* RPM_BAD: a malformed request, answered as RPM_INVAL (never set by rpm-fail) */
enum sim_rpm_fail_how { RPM_OK, RPM_NXIO, RPM_INVAL, RPM_SILENT, RPM_BAD };

static const char *const sim_rpm_fail_names[] = {
	[RPM_OK] = "off", [RPM_NXIO] = "nxio", [RPM_INVAL] = "inval",
	[RPM_SILENT] = "silent",
};

struct sim_rpm_value {
	u32 set, type, id, key, value;
	u32 writes;
};

struct sim_rpm_fail {
	u32 type, id;
	enum sim_rpm_fail_how how;
};

struct sim_rpm {
	struct sim_rpm_value v[SIM_RPM_RESOURCES];
	u32 nv;
	struct sim_rpm_fail fail[SIM_RPM_FAILS];
	u64 requests, acks, errors, silent, malformed, overflow;
	u32 last_msg_id;
};

static struct sim_rpm *sim_rpm_of(struct sim_chan *ch)
{
	if (!ch->rpm)
		ch->rpm = kzalloc(sizeof(*ch->rpm), GFP_KERNEL);
	return ch->rpm;
}

static void sim_rpm_store(struct sim_rpm *r, u32 set, u32 type, u32 id, u32 key, u32 value)
{
	struct sim_rpm_value *v;
	u32 i;

	for (i = 0; i < r->nv; i++) {
		v = &r->v[i];
		if (v->set == set && v->type == type && v->id == id && v->key == key)
			goto found;
	}
	if (r->nv == SIM_RPM_RESOURCES) {
		r->overflow++;
		return;
	}
	v = &r->v[r->nv++];
	v->set = set;
	v->type = type;
	v->id = id;
	v->key = key;
found:
	v->value = value;
	v->writes++;
}

static enum sim_rpm_fail_how sim_rpm_fail_of(struct sim_rpm *r, u32 type, u32 id)
{
	int i;

	for (i = 0; i < SIM_RPM_FAILS; i++)
		if (r->fail[i].how != RPM_OK && r->fail[i].type == type && r->fail[i].id == id)
			return r->fail[i].how;
	return RPM_OK;
}

/* Check one request; store its records unless it is to fail. */
static enum sim_rpm_fail_how sim_rpm_parse(struct sim_rpm *r, const u8 *p, u32 len, u32 *msg_id)
{
	u32 set, type, id, dlen, i;
	enum sim_rpm_fail_how how;

	*msg_id = len >= 12 ? get_unaligned_le32(p + 8) : 0;
	if (len < RPM_REQ_HDR || get_unaligned_le32(p) != RPM_SERVICE_REQ ||
	    get_unaligned_le32(p + 4) != len - 8)
		return RPM_BAD;
	set = get_unaligned_le32(p + 12);
	type = get_unaligned_le32(p + 16);
	id = get_unaligned_le32(p + 20);
	dlen = get_unaligned_le32(p + 24);
	if (set > 1 || dlen != len - RPM_REQ_HDR || dlen % RPM_RECORD)
		return RPM_BAD;
	for (i = 0; i < dlen; i += RPM_RECORD)
		if (get_unaligned_le32(p + RPM_REQ_HDR + i + 4) != 4)
			return RPM_BAD;
	how = sim_rpm_fail_of(r, type, id);
	if (how != RPM_OK)
		return how;
	for (i = 0; i < dlen; i += RPM_RECORD)
		sim_rpm_store(r, set, type, id, get_unaligned_le32(p + RPM_REQ_HDR + i),
			      get_unaligned_le32(p + RPM_REQ_HDR + i + 8));
	return RPM_OK;
}

/* Build the ack for @msg_id in @buf; returns its length. */
static u32 sim_rpm_ack(u8 *buf, u32 msg_id, enum sim_rpm_fail_how how)
{
	const char *err = how == RPM_NXIO ? "resource does not exist" : "invalid request";
	u32 n = 8, elen;

	put_unaligned_le32(RPM_SERVICE_REQ, buf);
	put_unaligned_le32(RPM_MSG_ID, buf + n);
	put_unaligned_le32(4, buf + n + 4);
	put_unaligned_le32(msg_id, buf + n + 8);
	n += 12;
	if (how != RPM_OK) {
		elen = strlen(err) + 1;
		put_unaligned_le32(RPM_MSG_ERR, buf + n);
		put_unaligned_le32(elen, buf + n + 4);
		memset(buf + n + 8, 0, ALIGN(elen, 4));
		memcpy(buf + n + 8, err, elen);
		n += 8 + ALIGN(elen, 4);
	}
	put_unaligned_le32(n - 8, buf + 4);
	return n;
}

/**
 * sim_rpm_run() - answer the requests waiting on @ch
 * @ch: an "rpm" channel OPENED on both sides, edge locked
 *
 * A request is taken from the ring only when its ack fits.
 *
 * Return: requests taken.
 */
u32 sim_rpm_run(struct sim_chan *ch)
{
	struct sim_rpm *r = sim_rpm_of(ch);
	enum sim_rpm_fail_how how;
	u8 ack[64];
	u32 len, msg_id, taken = 0;

	if (!r)
		return 0;
	while (taken < 64 && !ch->stalled && sim_rx_peek(ch, &len) > 0) {
		if (sim_tx_room(ch) < sizeof(ack) + 20)
			break;
		sim_rx_take(ch, len);
		taken++;
		r->requests++;
		how = RPM_BAD;
		msg_id = 0;
		if (len <= RPM_MAX_REQ)
			how = sim_rpm_parse(r, ch->buf, len, &msg_id);
		if (how == RPM_BAD)
			r->malformed++;
		r->last_msg_id = msg_id;
		if (how == RPM_SILENT) {
			r->silent++;
			continue;
		}
		if (how != RPM_OK)
			r->errors++;
		if (!sim_tx_packet(ch, ack, sim_rpm_ack(ack, msg_id, how)))
			r->acks++;
	}
	if (taken == 64)
		ch->edge->more_work = true;
	return taken;
}

static u32 sim_rpm_code(const char *s)
{
	char c[4] = {};

	memcpy(c, s, strnlen(s, sizeof(c)));
	return get_unaligned_le32(c);
}

/**
 * sim_rpm_fail() - make @ch's requests for one resource fail (or not)
 * @ch: an "rpm" channel, edge locked
 * @type_s: resource type, up to 4 characters ("ldoa")
 * @id_s: resource id
 * @how_s: "nxio", "inval", "silent" or "off"
 *
 * Return: 0 or a negative errno.
 */
int sim_rpm_fail(struct sim_chan *ch, const char *type_s, const char *id_s, const char *how_s)
{
	struct sim_rpm *r;
	u32 type, id, how, i, slot = SIM_RPM_FAILS;

	if (ch->svc != SIM_SVC_RPM || !*type_s || strlen(type_s) > 4 || kstrtou32(id_s, 0, &id))
		return -EINVAL;
	for (how = RPM_OK; how < ARRAY_SIZE(sim_rpm_fail_names); how++)
		if (!strcmp(how_s, sim_rpm_fail_names[how]))
			break;
	if (how == ARRAY_SIZE(sim_rpm_fail_names))
		return -EINVAL;
	r = sim_rpm_of(ch);
	if (!r)
		return -ENOMEM;
	type = sim_rpm_code(type_s);
	for (i = 0; i < SIM_RPM_FAILS; i++) {
		if (r->fail[i].how != RPM_OK && r->fail[i].type == type && r->fail[i].id == id) {
			slot = i;
			break;
		}
		if (r->fail[i].how == RPM_OK && slot == SIM_RPM_FAILS)
			slot = i;
	}
	if (slot == SIM_RPM_FAILS)
		return -ENOSPC;
	r->fail[slot].type = type;
	r->fail[slot].id = id;
	r->fail[slot].how = how;
	return 0;
}

static void sim_rpm_put_code(struct seq_file *s, u32 code)
{
	int i;
	char c;

	for (i = 0; i < 4; i++) {
		c = code >> (8 * i);
		if (c)
			seq_putc(s, c >= 0x20 && c < 0x7f ? c : '?');
	}
}

/**
 * sim_rpm_show() - @ch's RPM state: a summary, then one line per value
 * @s: seq_file
 * @ch: an "rpm" channel, edge locked
 *
 * "rpm CHAN requests=.. acks=.. errors=.. silent=.. malformed=.. last_msg_id=..",
 * then "value SET TYPE ID KEY VALUE WRITES" (SET active or sleep, TYPE and
 * KEY as their characters, ID and WRITES decimal, VALUE as 0x%08x).
 */
void sim_rpm_show(struct seq_file *s, struct sim_chan *ch)
{
	struct sim_rpm *r = ch->rpm;
	u32 i;

	if (!r)
		return;
	seq_printf(s, "rpm %s requests=%llu acks=%llu errors=%llu silent=%llu malformed=%llu overflow=%llu last_msg_id=%u\n",
		   ch->name, r->requests, r->acks, r->errors, r->silent, r->malformed,
		   r->overflow, r->last_msg_id);
	for (i = 0; i < r->nv; i++) {
		seq_printf(s, "value %s ", r->v[i].set ? "sleep" : "active");
		sim_rpm_put_code(s, r->v[i].type);
		seq_printf(s, " %u ", r->v[i].id);
		sim_rpm_put_code(s, r->v[i].key);
		seq_printf(s, " 0x%08x %u\n", r->v[i].value, r->v[i].writes);
	}
}
