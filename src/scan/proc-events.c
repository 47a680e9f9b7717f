/*
 * proc-events.c - process events from the kernel's proc connector
 * (NETLINK_CONNECTOR, CN_IDX_PROC; <linux/cn_proc.h>), on a socket of the
 * netlink helper (netlink.h) and read with libmnl.
 * The kernel multicasts one message per fork, exec, exit, and change of
 * credentials or command name; the live view reads again only the
 * processes they name.  Listening takes CAP_NET_ADMIN in the initial
 * user and PID namespaces; elsewhere nsi_proc_events_open() fails and
 * the caller scans as before.
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "grow.h"
#include "netlink.h"
#include "proc-events.h"

/* room for about ten thousand events between two reads */
#define RCVBUF (8 << 20)
/* how long the kernel may take to acknowledge the subscription */
#define ACK_MS 500

struct nsi_proc_events {
	struct nsi_nl *nl;
};

static int send_op(struct nsi_nl *nl, enum proc_cn_mcast_op op)
{
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(op))]
		__attribute__((aligned(8)));
	struct nlmsghdr *nlh;
	struct cn_msg *cn;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_pid = nsi_nl_portid(nl);
	cn = mnl_nlmsg_put_extra_header(nlh, sizeof(*cn) + sizeof(op));
	cn->id.idx = CN_IDX_PROC;
	cn->id.val = CN_VAL_PROC;
	cn->len = sizeof(op);
	memcpy(cn->data, &op, sizeof(op));
	return nsi_nl_send(nl, nlh);
}

/*
 * Copy the event of one message into @ev: 0, or -1 when it is not a proc
 * connector event (too short, another connector).  The event follows the
 * 20-byte cn_msg, so it is not aligned for its 64-bit timestamp: it is
 * copied, never read in place.
 */
static int event_of(const struct nlmsghdr *nlh, struct proc_event *ev)
{
	const struct cn_msg *cn;
	struct cn_msg hdr;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*cn))
		return -1;
	cn = mnl_nlmsg_get_payload(nlh);
	memcpy(&hdr, cn, sizeof(hdr));
	if (hdr.id.idx != CN_IDX_PROC || hdr.id.val != CN_VAL_PROC ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*cn) + hdr.len ||
	    hdr.len < sizeof(struct proc_event))
		return -1;
	memcpy(ev, cn->data, sizeof(*ev));
	return 0;
}

/*
 * The kernel's answer to PROC_CN_MCAST_LISTEN: a PROC_EVENT_NONE whose
 * err is 0 or a positive errno (EPERM without CAP_NET_ADMIN).  Kernels
 * that ignore the request (outside the initial namespaces) send nothing.
 */
static int wait_ack(struct nsi_nl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	struct pollfd pfd = { nsi_nl_fd(nl), POLLIN, 0 };

	for (;;) {
		const struct nlmsghdr *nlh;
		int len, r = poll(&pfd, 1, ACK_MS);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -ENOTSUP;
		n = recv(pfd.fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -errno;
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			struct proc_event ev;

			if (event_of(nlh, &ev) == 0 &&
			    ev.what == PROC_EVENT_NONE)
				return -(int)ev.event_data.ack.err;
		}
	}
}

int nsi_proc_events_open(struct nsi_proc_events **evp)
{
	struct nsi_proc_events *ev;
	int size = RCVBUF, rc;

	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	rc = nsi_nl_open(NETLINK_CONNECTOR, CN_IDX_PROC, &ev->nl);
	if (rc < 0) {
		free(ev);
		return rc;
	}
	/* past rmem_max as root; else as much as the limit allows */
	if (setsockopt(nsi_nl_fd(ev->nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &size, sizeof(size)) < 0)
		setsockopt(nsi_nl_fd(ev->nl), SOL_SOCKET, SO_RCVBUF,
			   &size, sizeof(size));
	rc = send_op(ev->nl, PROC_CN_MCAST_LISTEN);
	if (rc == 0)
		rc = wait_ack(ev->nl);
	if (rc == 0) {
		*evp = ev;
		return 0;
	}
	nsi_nl_close(ev->nl);
	free(ev);
	return rc;
}

/* The thread-group leader an event is about, or 0 for a thread's own. */
static pid_t event_pid(const struct proc_event *ev)
{
	switch (ev->what) {
	case PROC_EVENT_FORK:
		/* a new thread changes nothing we show of its process */
		return ev->event_data.fork.child_pid ==
			ev->event_data.fork.child_tgid ?
			ev->event_data.fork.child_tgid : 0;
	case PROC_EVENT_EXIT:
		return ev->event_data.exit.process_pid ==
			ev->event_data.exit.process_tgid ?
			ev->event_data.exit.process_tgid : 0;
	case PROC_EVENT_EXEC:
		return ev->event_data.exec.process_tgid;
	case PROC_EVENT_UID:
	case PROC_EVENT_GID:
		return ev->event_data.id.process_tgid;
	case PROC_EVENT_SID:
		return ev->event_data.sid.process_tgid;
	case PROC_EVENT_PTRACE:
		return ev->event_data.ptrace.process_tgid;
	case PROC_EVENT_COMM:
		return ev->event_data.comm.process_tgid;
	case PROC_EVENT_COREDUMP:
		return ev->event_data.coredump.process_tgid;
	default:
		return 0;
	}
}

static int push(pid_t **pids, size_t *n, size_t *alloc, pid_t pid)
{
	if (nsi_grow(pids, alloc, *n + 1, sizeof(**pids)) < 0)
		return -ENOMEM;
	(*pids)[(*n)++] = pid;
	return 0;
}

int nsi_proc_events_drain(struct nsi_proc_events *ev, pid_t **pids,
			  size_t *n, size_t *alloc)
{
	char buf[MNL_SOCKET_BUFFER_SIZE] __attribute__((aligned(8)));
	int lost = 0;

	for (;;) {
		const struct nlmsghdr *nlh;
		ssize_t got;
		int len;

		got = recv(nsi_nl_fd(ev->nl), buf, sizeof(buf),
			   MSG_DONTWAIT);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && errno == ENOBUFS) {
			lost = 1;	/* the queue overflowed: read on */
			continue;
		}
		if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (got < 0)
			return -errno;
		len = (int)got;
		for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			struct proc_event e;
			pid_t pid = event_of(nlh, &e) == 0 ? event_pid(&e) : 0;

			if (pid > 0 && push(pids, n, alloc, pid) < 0)
				return -ENOMEM;
		}
	}
	return lost ? -ENOBUFS : 0;
}

int nsi_proc_events_fd(const struct nsi_proc_events *ev)
{
	return nsi_nl_fd(ev->nl);
}

void nsi_proc_events_close(struct nsi_proc_events *ev)
{
	if (!ev)
		return;
	send_op(ev->nl, PROC_CN_MCAST_IGNORE);
	nsi_nl_close(ev->nl);
	free(ev);
}
