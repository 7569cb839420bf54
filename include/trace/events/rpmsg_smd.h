/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events of rpmsg_smd, the rpmsg transport for Qualcomm SMD: what
 * the remote processor did and what the transport made of it, for bringing
 * up a board (docs/architecture.md, "Tracepoints").
 *
 *   echo 1 > /sys/kernel/tracing/events/rpmsg_smd/enable
 *
 * Every event names the edge (its label) and, where one is concerned, the
 * channel.  Channel states are the values both halves of a channel-info
 * item use on the wire (0 CLOSED .. 6 RESET_OPENING); another value read
 * from the remote is shown in hex.  The rpmsg core's own events (system
 * "rpmsg": endpoints, sends with their result, deliveries, signals)
 * complement these.
 *
 * The driver's smd_edge.c defines the events (CREATE_TRACE_POINTS); the
 * header takes plain values only, so it builds the same in a kernel tree
 * (include/trace/events/) and out of tree (-I of the project's include/).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM rpmsg_smd

#if !defined(_TRACE_RPMSG_SMD_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_RPMSG_SMD_H

#include <linux/tracepoint.h>
#include <linux/types.h>

#define rpmsg_smd_show_state(state)				\
	__print_symbolic(state,					\
			 { 0, "CLOSED" },			\
			 { 1, "OPENING" },			\
			 { 2, "OPENED" },			\
			 { 3, "FLUSHING" },			\
			 { 4, "CLOSING" },			\
			 { 5, "RESET" },			\
			 { 6, "RESET_OPENING" })

/*
 * rpmsg_smd_channel_found - discovery took an allocation-table entry
 * @edge:	edge label
 * @chan:	channel name
 * @table:	allocation table, 1 (item 13) or 2 (item 266)
 * @cid:	channel id (the index of its info and fifo items)
 * @fifo:	bytes per direction
 * @word:	88-byte (word) channel info, else 40-byte (byte)
 * @stream:	stream mode, else packet mode
 * @remote:	the remote's state when the channel was found
 */
TRACE_EVENT(rpmsg_smd_channel_found,
	    TP_PROTO(const char *edge, const char *chan, unsigned int table, u32 cid,
		     u32 fifo, bool word, bool stream, u32 remote),
	    TP_ARGS(edge, chan, table, cid, fifo, word, stream, remote),
	    TP_STRUCT__entry(__string(edge, edge)
			     __string(chan, chan)
			     __field(unsigned int, table)
			     __field(u32, cid)
			     __field(u32, fifo)
			     __field(bool, word)
			     __field(bool, stream)
			     __field(u32, remote)),
	    TP_fast_assign(__assign_str(edge);
			   __assign_str(chan);
			   __entry->table = table;
			   __entry->cid = cid;
			   __entry->fifo = fifo;
			   __entry->word = word;
			   __entry->stream = stream;
			   __entry->remote = remote;),
	    TP_printk("edge=%s chan=%s table=%u cid=%u fifo=%u info=%s mode=%s remote=%s",
		      __get_str(edge), __get_str(chan), __entry->table, __entry->cid,
		      __entry->fifo, __entry->word ? "word" : "byte",
		      __entry->stream ? "stream" : "packet",
		      rpmsg_smd_show_state(__entry->remote))
);

/*
 * rpmsg_smd_entry_rejected - discovery ignores an entry for the edge's life
 * @edge:	edge label
 * @table:	allocation table, 1 or 2
 * @slot:	entry index in the table
 * @chan:	the entry's name ("?" when it is not a valid name)
 * @reason:	the check that failed
 * @value:	the value that failed it
 */
TRACE_EVENT(rpmsg_smd_entry_rejected,
	    TP_PROTO(const char *edge, unsigned int table, unsigned int slot,
		     const char *chan, const char *reason, u32 value),
	    TP_ARGS(edge, table, slot, chan, reason, value),
	    TP_STRUCT__entry(__string(edge, edge)
			     __field(unsigned int, table)
			     __field(unsigned int, slot)
			     __string(chan, chan)
			     __string(reason, reason)
			     __field(u32, value)),
	    TP_fast_assign(__assign_str(edge);
			   __entry->table = table;
			   __entry->slot = slot;
			   __assign_str(chan);
			   __assign_str(reason);
			   __entry->value = value;),
	    TP_printk("edge=%s table=%u slot=%u chan=%s reason=\"%s\" value=%#x",
		      __get_str(edge), __entry->table, __entry->slot, __get_str(chan),
		      __get_str(reason), __entry->value)
);

/*
 * rpmsg_smd_state - a channel's state changed, on either side
 * @edge:	edge label
 * @chan:	channel name
 * @remote:	the remote's half (as read), else ours (as written)
 * @old:	the state before
 * @new:	the state now
 *
 * Ours: each state we write and signal to the remote, and the reset that
 * takes our half back to CLOSED.  The remote's: each change the interrupt
 * thread sees (changes in between two looks are not seen).
 */
TRACE_EVENT(rpmsg_smd_state,
	    TP_PROTO(const char *edge, const char *chan, bool remote, u32 old, u32 new),
	    TP_ARGS(edge, chan, remote, old, new),
	    TP_STRUCT__entry(__string(edge, edge)
			     __string(chan, chan)
			     __field(bool, remote)
			     __field(u32, old)
			     __field(u32, new)),
	    TP_fast_assign(__assign_str(edge);
			   __assign_str(chan);
			   __entry->remote = remote;
			   __entry->old = old;
			   __entry->new = new;),
	    TP_printk("edge=%s chan=%s side=%s %s -> %s", __get_str(edge),
		      __get_str(chan), __entry->remote ? "remote" : "local",
		      rpmsg_smd_show_state(__entry->old),
		      rpmsg_smd_show_state(__entry->new))
);

/*
 * rpmsg_smd_quarantine - the remote sent an impossible value on a channel
 * @edge:	edge label
 * @chan:	channel name
 * @field:	what was wrong: "RX head", "packet length", "TX tail"
 * @value:	the value read
 *
 * Our half goes CLOSED and the channel's device is removed until the
 * remote leaves OPENED and offers the channel again.
 */
TRACE_EVENT(rpmsg_smd_quarantine,
	    TP_PROTO(const char *edge, const char *chan, const char *field, u32 value),
	    TP_ARGS(edge, chan, field, value),
	    TP_STRUCT__entry(__string(edge, edge)
			     __string(chan, chan)
			     __string(field, field)
			     __field(u32, value)),
	    TP_fast_assign(__assign_str(edge);
			   __assign_str(chan);
			   __assign_str(field);
			   __entry->value = value;),
	    TP_printk("edge=%s chan=%s field=\"%s\" value=%#x", __get_str(edge),
		      __get_str(chan), __get_str(field), __entry->value)
);

/*
 * rpmsg_smd_packet - one packet through a ring (no payload)
 * @edge:	edge label
 * @chan:	channel name
 * @offset:	ring offset of the packet (of its header, in packet mode)
 * @len:	payload bytes (a stream's read: all it took)
 */
DECLARE_EVENT_CLASS(rpmsg_smd_packet,
		    TP_PROTO(const char *edge, const char *chan, u32 offset, u32 len),
		    TP_ARGS(edge, chan, offset, len),
		    TP_STRUCT__entry(__string(edge, edge)
				     __string(chan, chan)
				     __field(u32, offset)
				     __field(u32, len)),
		    TP_fast_assign(__assign_str(edge);
				   __assign_str(chan);
				   __entry->offset = offset;
				   __entry->len = len;),
		    TP_printk("edge=%s chan=%s offset=%u len=%u", __get_str(edge),
			      __get_str(chan), __entry->offset, __entry->len)
);

/* rpmsg_smd_rx - a packet taken out of the remote's ring (any context) */
DEFINE_EVENT(rpmsg_smd_packet, rpmsg_smd_rx,
	     TP_PROTO(const char *edge, const char *chan, u32 offset, u32 len),
	     TP_ARGS(edge, chan, offset, len)
);

/* rpmsg_smd_tx - a packet written into our ring */
DEFINE_EVENT(rpmsg_smd_packet, rpmsg_smd_tx,
	     TP_PROTO(const char *edge, const char *chan, u32 offset, u32 len),
	     TP_ARGS(edge, chan, offset, len)
);

/*
 * rpmsg_smd_irq - the hard-IRQ part of an edge interrupt
 * @edge:	edge label
 * @channels:	channels looked at
 * @to_thread:	of them, those left to the interrupt thread (a state or
 *		signal change, a bad value)
 * @deferred:	the interrupt's time budget is spent: no channel was looked
 *		at, the thread takes the interrupt after its rest
 */
TRACE_EVENT(rpmsg_smd_irq,
	    TP_PROTO(const char *edge, unsigned int channels, unsigned int to_thread,
		     bool deferred),
	    TP_ARGS(edge, channels, to_thread, deferred),
	    TP_STRUCT__entry(__string(edge, edge)
			     __field(unsigned int, channels)
			     __field(unsigned int, to_thread)
			     __field(bool, deferred)),
	    TP_fast_assign(__assign_str(edge);
			   __entry->channels = channels;
			   __entry->to_thread = to_thread;
			   __entry->deferred = deferred;),
	    TP_printk("edge=%s channels=%u to_thread=%u deferred=%d", __get_str(edge),
		      __entry->channels, __entry->to_thread, __entry->deferred)
);

/*
 * rpmsg_smd_pass - a pass of the edge's interrupt thread over its channels
 * @edge:	edge label
 * @used_ns:	time charged for the pass
 * @throttled:	the interrupt's time budget is spent
 * @rest_ns:	when throttled, how long the thread now sleeps, line masked
 */
TRACE_EVENT(rpmsg_smd_pass,
	    TP_PROTO(const char *edge, u64 used_ns, bool throttled, u64 rest_ns),
	    TP_ARGS(edge, used_ns, throttled, rest_ns),
	    TP_STRUCT__entry(__string(edge, edge)
			     __field(u64, used_ns)
			     __field(bool, throttled)
			     __field(u64, rest_ns)),
	    TP_fast_assign(__assign_str(edge);
			   __entry->used_ns = used_ns;
			   __entry->throttled = throttled;
			   __entry->rest_ns = rest_ns;),
	    TP_printk("edge=%s used_ns=%llu throttled=%d rest_ns=%llu",
		      __get_str(edge), __entry->used_ns, __entry->throttled,
		      __entry->rest_ns)
);

/*
 * rpmsg_smd_device - a channel's rpmsg device changed
 * @edge:	edge label
 * @chan:	channel name
 * @action:	"registered", "removed", or "new session" (the remote left
 *		the channel and offers it again: the driver opens it again)
 */
TRACE_EVENT(rpmsg_smd_device,
	    TP_PROTO(const char *edge, const char *chan, const char *action),
	    TP_ARGS(edge, chan, action),
	    TP_STRUCT__entry(__string(edge, edge)
			     __string(chan, chan)
			     __string(action, action)),
	    TP_fast_assign(__assign_str(edge);
			   __assign_str(chan);
			   __assign_str(action);),
	    TP_printk("edge=%s chan=%s action=%s", __get_str(edge), __get_str(chan),
		      __get_str(action))
);

#endif /* _TRACE_RPMSG_SMD_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
