/*
 * netlink.h - the one netlink(7) socket helper (src/net/netlink.c, through
 * libmnl): open and bind a socket, send a request and run a callback on
 * its answer, dump a table on a fresh socket; and the netnsid of a
 * network namespace (RTM_GETNSID).  Used by the rtnetlink and nfnetlink
 * dumps of the net layer, the netnsid lookup of nsfs.c and the proc
 * connector of proc-events.c.
 */
#ifndef NSI_NETLINK_H
#define NSI_NETLINK_H

#include <libmnl/libmnl.h>
#include <stddef.h>
#include <stdint.h>

/** NSI_NL_DUMP_TRIES - how often an interrupted dump is started again. */
#define NSI_NL_DUMP_TRIES 5

/**
 * union nsi_nl_req - room for a request: a netlink header, one small
 * family header and a few attributes (mnl_nlmsg_put_header(req.buf)).
 */
union nsi_nl_req {
	struct nlmsghdr nlh;
	char buf[MNL_NLMSG_HDRLEN + 64];
};

/**
 * nsi_nl_req_init() - start a request in @req: a netlink header of @type
 * with the flags NLM_F_REQUEST | @flags, then a family header of @famlen
 * bytes, zeroed (rtgenmsg, ifinfomsg, nfgenmsg, ...), after which
 * attributes may be put (mnl_attr_put_u32(&req->nlh, ...)).
 * @req:    the room; the request is req->nlh.
 * @type:   RTM_GETLINK, ...
 * @flags:  NLM_F_DUMP, or 0.
 * @famlen: the size of the family header (at most 32 bytes).
 *
 * Return: the family header, in @req.
 */
void *nsi_nl_req_init(union nsi_nl_req *req, uint16_t type, uint16_t flags,
		      size_t famlen);

/**
 * struct nsi_nl - a netlink socket opened and bound for any number of
 * requests: the libmnl socket, its port ID, the next sequence number and
 * a receive buffer.  Opaque; owned by whoever opened it.
 */
struct nsi_nl;

/**
 * nsi_nl_open() - open a netlink socket of @bus (SOCK_CLOEXEC) and bind
 * it to the multicast @groups, with a port ID the kernel picks.  The
 * socket lives in the caller's network namespace for good (setns(2)
 * later does not move it).
 * @bus:    NETLINK_ROUTE, NETLINK_NETFILTER, NETLINK_CONNECTOR, ...
 * @groups: the groups to join, 0 for none.
 * @out:    set to the new socket on success (close with nsi_nl_close()).
 *
 * Return: 0, or -errno of socket(2) or bind(2), or -ENOMEM.
 */
int nsi_nl_open(int bus, unsigned int groups, struct nsi_nl **out);

/**
 * nsi_nl_close() - close a socket of nsi_nl_open() and free it.
 * @nl: may be NULL.
 */
void nsi_nl_close(struct nsi_nl *nl);

/**
 * nsi_nl_fd() - the file descriptor of @nl, to poll(2) or recv(2) it or
 * set socket options; owned by @nl.
 * @nl: the socket.
 *
 * Return: the fd.
 */
int nsi_nl_fd(const struct nsi_nl *nl);

/**
 * nsi_nl_portid() - the port ID the kernel bound @nl to.
 * @nl: the socket.
 *
 * Return: the port ID.
 */
unsigned int nsi_nl_portid(const struct nsi_nl *nl);

/**
 * nsi_nl_send() - send the message @nlh to the kernel as it is (no
 * sequence number set, no answer read): for a subscription.
 * @nl:  the socket.
 * @nlh: the message, nlh->nlmsg_len bytes.
 *
 * Return: 0, or -errno of sendto(2).
 */
int nsi_nl_send(struct nsi_nl *nl, const struct nlmsghdr *nlh);

/**
 * nsi_nl_talk() - one request and its answer: @req gets the next
 * sequence number of @nl and is sent; the answer is read (recv(2), 32 KiB
 * at a time) and each message of it, checked for that sequence number and
 * @nl's port ID, goes to @cb (mnl_cb_run(3)).  A dump request
 * (NLM_F_DUMP) is read until NLMSG_DONE or until @cb returns MNL_CB_STOP;
 * any other request is read once (its one answer, or its NLMSG_ERROR).
 * After an error, part of the answer may be left unread: close @nl rather
 * than send it another request.
 * @nl:   the socket.
 * @req:  the request; its nlmsg_seq is set.
 * @cb:   run on each message of the answer.
 * @data: passed to @cb.
 *
 * Return: 0; -errno of sendto(2) or recv(2) (-EIO when it read nothing);
 * the error of an NLMSG_ERROR answer; -EINTR when a dump was interrupted
 * (NLM_F_DUMP_INTR: the table changed meanwhile); the errno @cb set when
 * it returned MNL_CB_ERROR (-EIO when it set none); -EPROTO, -ESRCH for
 * a message of another request; -ENOMEM.
 */
int nsi_nl_talk(struct nsi_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data);

/**
 * nsi_nl_dump() - a dump of the caller's network namespace: @req
 * (NLM_F_DUMP) through nsi_nl_talk() on a socket of @bus, started again
 * up to NSI_NL_DUMP_TRIES times in all while it is interrupted (-EINTR),
 * with @reset run on @data before each new start.  After any failure the
 * socket is closed and the next attempt gets a fresh one, so that what is
 * left of an interrupted dump is never read as part of the next one.
 * @nlp:   where the socket is kept for the caller's next requests (opened
 *         when *@nlp is NULL, NULL again after a failure; the caller
 *         closes it with nsi_nl_close(*@nlp)); NULL for a socket of this
 *         dump only.
 * @bus:   NETLINK_ROUTE, NETLINK_NETFILTER, ...
 * @req:   the request.
 * @cb:    run on each message of the answer.
 * @data:  passed to @cb and @reset.
 * @reset: forgets what @cb gathered of an interrupted dump.
 *
 * Return: 0, or -errno as nsi_nl_open() and nsi_nl_talk(); -EINTR when
 * every attempt was interrupted.
 */
int nsi_nl_dump(struct nsi_nl **nlp, int bus, struct nlmsghdr *req,
		mnl_cb_t cb, void *data, void (*reset)(void *data));

/**
 * nsi_netnsid() - the netnsid that the caller's network namespace assigns
 * to another one (RTM_GETNSID with NETNSA_FD, rtnetlink(7); "ip netns
 * list-id" shows the same IDs).
 * @rtnl: the NETLINK_ROUTE socket to ask on: when *@rtnl is NULL, one is
 *        opened (nsi_nl_open()) and left there for the next calls; the
 *        caller closes it with nsi_nl_close(*@rtnl) when done.  After a
 *        failed exchange it is closed and *@rtnl is NULL again, so that no
 *        answer left unread is taken for the next one's.  One socket thus
 *        serves every namespace of a scan.
 * @nsfd: an fd of the other network namespace (/proc/PID/ns/net or an
 *        nsfs mount).
 * @id:   set to the netnsid (>= 0), or -1 when none is assigned.
 *
 * Return: 0, or -errno of the netlink exchange.
 */
int nsi_netnsid(struct nsi_nl **rtnl, int nsfd, int *id);

/** NSI_NETNSID_BATCH - the most netnsids nsi_netnsid_many() asks at once. */
#define NSI_NETNSID_BATCH 64

/**
 * nsi_netnsid_many() - nsi_netnsid() of up to NSI_NETNSID_BATCH network
 * namespaces in one exchange: the RTM_GETNSID requests (NETNSA_FD) go in
 * one sendto(2), which rtnetlink answers before it returns, and the
 * answers are read with one recvmmsg(2) (netlink(7): several messages in
 * one datagram are each handled).  Answers are matched to requests by
 * sequence number and port ID.  When an answer is missing (the receive
 * queue overflowed: ENOBUFS) the socket is replaced and the ones left
 * are asked one at a time with nsi_netnsid().
 * @rtnl: the socket, as for nsi_netnsid().
 * @fds:  @n fds of network namespaces, open until this returns.
 * @n:    at most NSI_NETNSID_BATCH.
 * @ids:  @n entries, each set to the netnsid (>= 0), or -1 when none is
 *        assigned or the kernel refused that one (EBADF, EINVAL).
 *
 * Return: 0, -EINVAL when @n is too large, -ENOMEM, or -errno of the
 * socket or of sendto(2) (then every id is -1).
 */
int nsi_netnsid_many(struct nsi_nl **rtnl, const int *fds, size_t n, int *ids);

/**
 * nsi_netnsid_count() - whether the caller's network namespace has
 * assigned netnsids: the entries of an RTM_GETNSID dump (rtnetlink(7);
 * what "ip netns list-id" prints).  0 means none; more is no total (with
 * 150 assigned, Linux 6.18's dump gave 134).  None is the common case
 * (ip netns add assigns none; a veth or macvlan across namespaces does),
 * and then no namespace needs to be asked for its own.
 * @rtnl:  the socket, as for nsi_netnsid().
 * @count: set to the number of netnsids (0 on failure).
 *
 * Return: 0, or -errno as nsi_nl_dump().
 */
int nsi_netnsid_count(struct nsi_nl **rtnl, size_t *count);

#endif /* NSI_NETLINK_H */
