/*
 * netinfo.h - the network detail of every network namespace of a model:
 * its interfaces (read over rtnetlink(7) inside the namespace, in a
 * child process) and the number of firewall rules (nsi_netinfo_collect(),
 * src/net/netinfo.c), and how veth pairs connect namespaces
 * (nsi_netinfo_link_peers(), src/net/peers.c).  The data itself, struct
 * nsi_netinfo, is the model's: include/netdetail.h.
 */
#ifndef NSI_NETINFO_H
#define NSI_NETINFO_H

#include <stdint.h>
#include <sys/types.h>

#include "model.h"
#include "netdetail.h"

/**
 * nsi_netinfo_collect() - read the interfaces, addresses and firewall
 * rule count of every network namespace of @m (inode != 0) into ns->net,
 * then resolve veth peers (nsi_netinfo_link_peers()).
 *
 * One child process enters each namespace in turn with setns(2) (the main
 * process never changes namespace), dumps RTM_GETLINK and RTM_GETADDR
 * over rtnetlink and counts the nftables rules (NFT_MSG_GETRULE dump over
 * nfnetlink), and hands the results back (nsi_visit_each()).  Without
 * nf_tables, or when nf_tables has no rule but legacy x_tables tables
 * exist, the IPv4 and IPv6 legacy rules are counted with getsockopt
 * IPT_SO_GET_ENTRIES (fw_backend "iptables").
 *
 * @m:      a finished model; nsi_ns_resolve() must have run, since the
 *          host side of a veth names its peer by the netnsid that
 *          ns->netnsid holds.
 * @procfd: a proc-root fd.
 *
 * Return: 0 (a namespace that could not be read has net->err set), or
 * -errno when the child could not be started (memfd, clone) or -ENOMEM.
 */
int nsi_netinfo_collect(struct nsi_model *m, int procfd);

/**
 * nsi_netinfo_link_peers() - resolve each veth's peer to an interface and
 * its namespace.  Pure: works on the ns->net already filled.
 *
 * A veth in namespace X with IFLA_LINK b and IFLA_LINK_NETNSID n is
 * matched with the veth whose ifindex is b and whose own IFLA_LINK is the
 * first one's ifindex: in X itself when n is -1; when X is the current
 * (host's) network namespace, in the namespace whose ns->netnsid is n;
 * otherwise in any other namespace, and only when exactly one candidate
 * matches: each must be the other's only candidate among the veths still
 * unmatched, and a veth of the current namespace only matches in a
 * namespace whose ns->netnsid is its IFLA_LINK_NETNSID (or, when that
 * netnsid names no namespace of the model, one without a netnsid).
 * Candidates are found through a hash of (ifindex, link), so the work is
 * linear in the number of interfaces.
 * @m:       the model.
 * @self_net: the inode of the caller's own network namespace (the one
 *           whose netnsids ns->netnsid holds).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_netinfo_link_peers(struct nsi_model *m, ino_t self_net);

/**
 * struct nsi_netids - which network namespace each netnsid of one network
 * namespace names, as nsi_netinfo_collect_one() found it, kept by its
 * caller for the next call: that call asks these first (one RTM_GETNSID
 * each, which checks them), and every namespace only for a netnsid still
 * unnamed, unless no namespace had it and the set of network namespaces
 * is the same (@set).  Zero-initialise; free with nsi_netids_release().
 * @ino:  the namespace whose netnsids these are; 0 when none.
 * @id:   the netnsids (assigned inside @ino); @n of them; owned.
 * @peer: for each, the inode of the network namespace it names, or 0
 *        when no namespace of the model had it; owned.
 * @n:    the number of entries.
 * @set:  a hash of the inodes of the network namespaces of the model.
 */
struct nsi_netids {
	ino_t ino;
	int *id;
	ino_t *peer;
	size_t n;
	uint64_t set;
};

/** nsi_netids_release() - free what @ids owns and empty it. */
void nsi_netids_release(struct nsi_netids *ids);

/**
 * nsi_netinfo_collect_one() - nsi_netinfo_collect() of one network
 * namespace and of the namespaces its veths lead to, with its veths'
 * peers (the live view's detail pane): the cost does not grow with the
 * number of namespaces of @m, but when a netnsid of @ns is new (not in
 * @ids), and then only inside the child, one RTM_GETNSID per namespace
 * (NSI_NETNSID_BATCH per exchange) until every netnsid is named.
 *
 * A child process (nsi_visit_some()) enters @ns, reads its interfaces,
 * addresses and firewall rule count as nsi_netinfo_collect() does, and,
 * from inside it, asks the netnsid @ns gives to the namespaces @ids names
 * for it, then, while one of its veths' IFLA_LINK_NETNSID is left
 * unnamed, to every other network namespace of @m (RTM_GETNSID with
 * NETNSA_FD, rtnetlink(7)).  The same child reads the namespaces @ids
 * names; a second child reads those found new.  Each veth of @ns is then
 * paired with the veth whose ifindex is its IFLA_LINK and whose
 * IFLA_LINK is its ifindex, in the namespace its netnsid names (or in
 * @ns without one).  Other namespaces' ns->net is left alone, but for
 * the peers' namespaces, read again.
 * @m:      a finished model.
 * @procfd: a proc-root fd.
 * @ns:     the network namespace, in @m (inode != 0).
 * @ids:    what the last call found, updated for the next; NULL to keep
 *          nothing (every netnsid is then searched for).
 *
 * Return: 0 (a namespace that could not be read has net->err set),
 * -EINVAL when @ns is no network namespace of @m, -errno when the child
 * could not be started, or -ENOMEM.
 */
int nsi_netinfo_collect_one(struct nsi_model *m, int procfd,
			    struct nsi_ns *ns, struct nsi_netids *ids);

#endif /* NSI_NETINFO_H */
