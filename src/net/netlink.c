/*
 * netlink.c - the one netlink(7) socket helper, through libmnl: sockets
 * opened and bound once and kept for many requests, request/answer round
 * trips, dumps, and the netnsid of a network namespace (RTM_GETNSID) of
 * the caller's own network namespace (netinfo.c makes the dumps run
 * inside other namespaces).
 */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"

#define NL_BUF_SIZE	32768	/* a dump skb is at most 32 KiB */

struct nsi_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;	/* of the next request */
	char *buf;		/* NL_BUF_SIZE bytes, from the first talk */
};

void *nsi_nl_req_init(union nsi_nl_req *req, uint16_t type, uint16_t flags,
		      size_t famlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return mnl_nlmsg_put_extra_header(nlh, famlen);
}

int nsi_nl_open(int bus, unsigned int groups, struct nsi_nl **out)
{
	struct nsi_nl *nl;
	int rc;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	nl->sock = mnl_socket_open2(bus, SOCK_CLOEXEC);
	if (!nl->sock) {
		rc = -errno;
		free(nl);
		return rc;
	}
	if (mnl_socket_bind(nl->sock, groups, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		nsi_nl_close(nl);
		return rc;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)time(NULL);
	*out = nl;
	return 0;
}

void nsi_nl_close(struct nsi_nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl->buf);
	free(nl);
}

int nsi_nl_fd(const struct nsi_nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

unsigned int nsi_nl_portid(const struct nsi_nl *nl)
{
	return nl->portid;
}

int nsi_nl_send(struct nsi_nl *nl, const struct nlmsghdr *nlh)
{
	return mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0 ?
		-errno : 0;
}

int nsi_nl_talk(struct nsi_nl *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data)
{
	ssize_t n;
	int ret;

	if (!nl->buf) {
		nl->buf = malloc(NL_BUF_SIZE);
		if (!nl->buf)
			return -ENOMEM;
	}
	req->nlmsg_seq = nl->seq++;
	ret = nsi_nl_send(nl, req);
	if (ret < 0)
		return ret;
	do {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, NL_BUF_SIZE);
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		errno = 0;
		ret = mnl_cb_run(nl->buf, (size_t)n, req->nlmsg_seq,
				 nl->portid, cb, data);
		if (ret < 0)
			return errno ? -errno : -EIO;
	} while (ret != MNL_CB_STOP && (req->nlmsg_flags & NLM_F_DUMP));
	return 0;
}

/*
 * nsi_nl_talk() on the socket kept in *@nlp, opened first when there is
 * none.  After a failure the socket is closed and *@nlp is NULL, so that
 * what is left of an answer (an interrupted dump, say) is never read as
 * part of the next one: that one gets a fresh socket.
 */
static int talk_kept(struct nsi_nl **nlp, int bus, struct nlmsghdr *req,
		     mnl_cb_t cb, void *data)
{
	int rc;

	if (!*nlp) {
		rc = nsi_nl_open(bus, 0, nlp);
		if (rc < 0)
			return rc;
	}
	rc = nsi_nl_talk(*nlp, req, cb, data);
	if (rc < 0) {
		nsi_nl_close(*nlp);
		*nlp = NULL;
	}
	return rc;
}

int nsi_nl_dump(struct nsi_nl **nlp, int bus, struct nlmsghdr *req,
		mnl_cb_t cb, void *data, void (*reset)(void *data))
{
	struct nsi_nl *own = NULL, **sock = nlp ? nlp : &own;
	int tries, rc = -EINTR;

	for (tries = 0; tries < NSI_NL_DUMP_TRIES && rc == -EINTR; tries++) {
		if (tries)
			reset(data);
		rc = talk_kept(sock, bus, req, cb, data);
	}
	nsi_nl_close(own);
	return rc;
}

/* RTM_NEWNSID answer: NETNSA_NSID is a signed 32-bit id, -1 unassigned. */
static int nsid_attr_cb(const struct nlattr *attr, void *data)
{
	int *id = data;

	if (mnl_attr_get_type(attr) == NETNSA_NSID &&
	    mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*id = (int32_t)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int nsid_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	return mnl_attr_parse(nlh, sizeof(struct rtgenmsg), nsid_attr_cb, data);
}

int nsi_netnsid(struct nsi_nl **rtnl, int nsfd, int *id)
{
	union nsi_nl_req req;
	struct rtgenmsg *rt;

	*id = -1;
	rt = nsi_nl_req_init(&req, RTM_GETNSID, 0, sizeof(*rt));
	rt->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(&req.nlh, NETNSA_FD, (uint32_t)nsfd);
	return talk_kept(rtnl, NETLINK_ROUTE, &req.nlh, nsid_cb, id);
}

/* RTM_GETNSID dump: one RTM_NEWNSID per netnsid assigned. */
static int nsid_count_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWNSID)
		(*(size_t *)data)++;
	return MNL_CB_OK;
}

static void nsid_count_reset(void *data)
{
	*(size_t *)data = 0;
}

int nsi_netnsid_count(struct nsi_nl **rtnl, size_t *count)
{
	union nsi_nl_req req;
	struct rtgenmsg *rt;

	*count = 0;
	rt = nsi_nl_req_init(&req, RTM_GETNSID, NLM_F_DUMP, sizeof(*rt));
	rt->rtgen_family = AF_UNSPEC;
	return nsi_nl_dump(rtnl, NETLINK_ROUTE, &req.nlh, nsid_count_cb, count,
			   nsid_count_reset);
}

/* The request of batch entry @i: an RTM_GETNSID of fd @fd, sequence @seq. */
#define NSID_REQ_LEN	MNL_ALIGN(MNL_NLMSG_HDRLEN + \
				  MNL_ALIGN(sizeof(struct rtgenmsg)) + \
				  MNL_ATTR_HDRLEN + sizeof(uint32_t))
#define NSID_ANS_ROOM	(NL_BUF_SIZE / NSI_NETNSID_BATCH)

static void nsid_req_put(char *at, int fd, unsigned int seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(at);
	struct rtgenmsg *rt;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)fd);
}

/*
 * The messages of one datagram of answers to a batch sent with sequence
 * numbers @base.. @base + @n - 1: each of ours that is an RTM_NEWNSID
 * fills ids[], an error leaves -1; @done marks the ones answered.
 */
static size_t nsid_take(const struct nsi_nl *nl, const char *buf, size_t len,
			unsigned int base, size_t n, int *ids, char *done)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
	int left = (int)len;
	size_t got = 0;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		size_t i = nlh->nlmsg_seq - base;

		if (nlh->nlmsg_pid != nl->portid || i >= n || done[i])
			continue;
		if (nlh->nlmsg_type == RTM_NEWNSID)
			mnl_attr_parse(nlh, sizeof(struct rtgenmsg),
				       nsid_attr_cb, &ids[i]);
		else if (nlh->nlmsg_type != NLMSG_ERROR)
			continue;
		done[i] = 1;
		got++;
	}
	return got;
}

int nsi_netnsid_many(struct nsi_nl **rtnl, const int *fds, size_t n, int *ids)
{
	char req[NSI_NETNSID_BATCH * NSID_REQ_LEN], done[NSI_NETNSID_BATCH];
	struct mmsghdr msgs[NSI_NETNSID_BATCH];
	struct iovec iov[NSI_NETNSID_BATCH];
	struct nsi_nl *nl;
	unsigned int base;
	size_t i, got = 0;
	int rc, k;

	if (n > NSI_NETNSID_BATCH)
		return -EINVAL;
	for (i = 0; i < n; i++)
		ids[i] = -1;
	if (!*rtnl && (rc = nsi_nl_open(NETLINK_ROUTE, 0, rtnl)) < 0)
		return rc;
	nl = *rtnl;
	if (!nl->buf && !(nl->buf = malloc(NL_BUF_SIZE)))
		return -ENOMEM;
	base = nl->seq;
	nl->seq += (unsigned int)n;
	for (i = 0; i < n; i++)
		nsid_req_put(req + i * NSID_REQ_LEN, fds[i], base + (unsigned int)i);
	/* rtnetlink answers each request while sendto(2) runs: the n
	 * answers are queued when it returns, read by one recvmmsg(2) */
	if (mnl_socket_sendto(nl->sock, req, n * NSID_REQ_LEN) < 0)
		return -errno;
	memset(done, 0, n);
	while (got < n) {
		for (i = 0; i < n - got; i++) {
			iov[i].iov_base = nl->buf + i * NSID_ANS_ROOM;
			iov[i].iov_len = NSID_ANS_ROOM;
			msgs[i].msg_hdr = (struct msghdr){ .msg_iov = &iov[i],
							   .msg_iovlen = 1 };
		}
		k = recvmmsg(nsi_nl_fd(nl), msgs, (unsigned int)(n - got),
			     MSG_DONTWAIT, NULL);
		if (k <= 0)
			break;
		for (i = 0; i < (size_t)k; i++)
			got += nsid_take(nl, iov[i].iov_base, msgs[i].msg_len,
					 base, n, ids, done);
	}
	if (got == n)
		return 0;
	/* an answer lost (ENOBUFS) or cut: a fresh socket, one at a time */
	nsi_nl_close(*rtnl);
	*rtnl = NULL;
	for (i = 0; i < n; i++)
		if (!done[i] && (rc = nsi_netnsid(rtnl, fds[i], &ids[i])) < 0)
			return rc;
	return 0;
}
