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
