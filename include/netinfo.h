/*
 * netinfo.h - the network detail of every network namespace of a model:
 * its interfaces (read over rtnetlink(7) inside the namespace, in a
 * forked child) and the number of firewall rules (nsi_netinfo_collect(),
 * src/net/netinfo.c), and how veth pairs connect namespaces
 * (nsi_netinfo_link_peers(), src/net/peers.c).  The data itself, struct
 * nsi_netinfo, is the model's: include/netdetail.h.
 */
#ifndef NSI_NETINFO_H
#define NSI_NETINFO_H

#include <sys/types.h>

#include "model.h"
#include "netdetail.h"

/**
 * nsi_netinfo_collect() - read the interfaces, addresses and firewall
 * rule count of every network namespace of @m (inode != 0) into ns->net,
 * then resolve veth peers (nsi_netinfo_link_peers()).
 *
 * One forked child enters each namespace in turn with setns(2) (the main
 * process never changes namespace), dumps RTM_GETLINK and RTM_GETADDR
 * over rtnetlink and counts the nftables rules (NFT_MSG_GETRULE dump over
 * nfnetlink), and sends the results back through a pipe.  Without
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
 * -errno when the child could not be started (fork, pipe) or -ENOMEM.
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

#endif /* NSI_NETINFO_H */
