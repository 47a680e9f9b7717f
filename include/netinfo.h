/*
 * netinfo.h - what a network namespace holds: its interfaces (read over
 * rtnetlink(7) inside the namespace, in a forked child) and the number of
 * firewall rules, and how veth pairs connect namespaces.
 */
#ifndef NSI_NETINFO_H
#define NSI_NETINFO_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>

#include "model.h"

/**
 * struct nsi_netaddr - one address of an interface (RTM_GETADDR).
 * @family:    AF_INET or AF_INET6.
 * @addr:      the address in text form (inet_ntop(3)).
 * @prefixlen: its prefix length.
 */
struct nsi_netaddr {
	int family;
	char addr[INET6_ADDRSTRLEN];
	unsigned int prefixlen;
};

/**
 * struct nsi_netif - one network interface (RTM_GETLINK).
 * @ifindex:   its index inside its namespace.
 * @name:      IFLA_IFNAME.
 * @kind:      "loopback" for IFF_LOOPBACK, else IFLA_INFO_KIND of
 *             IFLA_LINKINFO ("veth", "bridge", "macvlan", ...), else
 *             "device" (a physical or virtio NIC).
 * @operstate: IFLA_OPERSTATE as ip-link(8) prints it: "UP", "DOWN",
 *             "UNKNOWN", "LOWERLAYERDOWN", ...; "" when absent.
 * @mac:       IFLA_ADDRESS as "aa:bb:cc:dd:ee:ff", "" when none.
 * @master:    IFLA_MASTER: ifindex of its bridge (or bond) in the same
 *             namespace, 0 for none.
 * @link:      IFLA_LINK: for a veth, the peer's ifindex in the peer's
 *             namespace; 0 for none.
 * @link_netnsid: IFLA_LINK_NETNSID: the netnsid (as this namespace
 *             numbers others) of the peer's namespace; -1 when the peer is
 *             in the same namespace or the attribute is absent.
 * @addrs:     its addresses, @naddrs of them; owned.
 * @peer_ns:   the namespace of the veth peer, resolved by
 *             nsi_netinfo_link_peers(); NULL when unknown; borrowed.
 * @peer:      the peer interface (in peer_ns->net), or NULL; borrowed.
 */
struct nsi_netif {
	int ifindex;
	char name[IF_NAMESIZE];
	char kind[24];
	char operstate[16];
	char mac[64];
	int master;
	int link;
	int link_netnsid;
	struct nsi_netaddr *addrs;
	size_t naddrs;
	struct nsi_ns *peer_ns;
	struct nsi_netif *peer;
};

/**
 * struct nsi_netinfo - what one network namespace holds.
 * @ifs:       its interfaces, by ifindex; owned, @nifs of them.
 * @fw_rules:  the number of firewall rules, -1 when unknown.
 * @fw_backend: "nftables" or "iptables" (legacy x_tables), static; NULL
 *             when unknown.
 * @err:       0, or the positive errno that kept the namespace from being
 *             entered or read (then @nifs is 0).
 */
struct nsi_netinfo {
	struct nsi_netif *ifs;
	size_t nifs;
	long fw_rules;
	const char *fw_backend;
	int err;
};

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
 * netnsid names no namespace of the model, one without a netnsid).  Candidates are found through a hash of (ifindex, link), so
 * the work is linear in the number of interfaces.
 * @m:       the model.
 * @self_net: the inode of the caller's own network namespace (the one
 *           whose netnsids ns->netnsid holds).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_netinfo_link_peers(struct nsi_model *m, ino_t self_net);

/**
 * nsi_netinfo_find_if() - the interface of @ni with index @ifindex: a
 * binary search of ni->ifs, which is sorted by ifindex (O(log n): a
 * namespace of tens of thousands of interfaces, which its owner can make,
 * costs no quadratic work to show each one's master).
 * @ni:      the interfaces; may be NULL.
 * @ifindex: the index (IFLA_MASTER, IFLA_LINK, ...).
 *
 * Return: the interface (borrowed from @ni), or NULL when none has it.
 */
const struct nsi_netif *nsi_netinfo_find_if(const struct nsi_netinfo *ni,
					    int ifindex);

/**
 * nsi_netinfo_free() - free a struct nsi_netinfo and all it owns.
 * @ni: may be NULL.
 */
void nsi_netinfo_free(struct nsi_netinfo *ni);

#endif /* NSI_NETINFO_H */
