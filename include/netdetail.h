/*
 * netdetail.h - what a network namespace holds, as plain data: its
 * interfaces, their addresses, and the number of firewall rules.  Part of
 * the model (src/model/netdetail.c): no I/O and nothing beyond libc.  The
 * net layer fills it (include/netinfo.h: rtnetlink(7) inside each
 * namespace, in a forked child), the model frees it with the namespace
 * (ns->net), the renderers read it.
 */
#ifndef NSI_NETDETAIL_H
#define NSI_NETDETAIL_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>

struct nsi_ns;

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
 * @addrs_alloc: the number of addresses allocated at @addrs (nsi_grow());
 *             0 whenever @addrs is NULL.
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
	size_t addrs_alloc;
	struct nsi_ns *peer_ns;
	struct nsi_netif *peer;
};

/**
 * struct nsi_netinfo - what one network namespace holds.
 * @ifs:       its interfaces, by ifindex; owned, @nifs of them.
 * @ifs_alloc: the number of interfaces allocated at @ifs (nsi_grow()).
 * @fw_rules:  the number of firewall rules, -1 when unknown.
 * @fw_backend: "nftables" or "iptables" (legacy x_tables), static; NULL
 *             when unknown.
 * @err:       0, or the positive errno that kept the namespace from being
 *             entered or read (then @nifs is 0).
 */
struct nsi_netinfo {
	struct nsi_netif *ifs;
	size_t nifs;
	size_t ifs_alloc;
	long fw_rules;
	const char *fw_backend;
	int err;
};

/**
 * nsi_netinfo_new() - a new, empty struct nsi_netinfo: no interface,
 * @fw_rules -1 (unknown), no backend, no error.
 *
 * Return: the struct (free with nsi_netinfo_free()), or NULL when out of
 * memory.
 */
struct nsi_netinfo *nsi_netinfo_new(void);

/**
 * nsi_netinfo_add_if() - append a new interface to @ni: all zero but
 * link_netnsid, which is -1.  The array grows by doubling, so the
 * pointers to its interfaces are valid only until the next call.
 * @ni: the information.
 *
 * Return: the interface (borrowed from @ni), or NULL when out of memory.
 */
struct nsi_netif *nsi_netinfo_add_if(struct nsi_netinfo *ni);

/**
 * nsi_netif_add_addr() - append a copy of @a to the addresses of @nif.
 * @nif: the interface.
 * @a:   the address.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_netif_add_addr(struct nsi_netif *nif, const struct nsi_netaddr *a);

/**
 * nsi_netinfo_sort() - sort ni->ifs by ifindex, as nsi_netinfo_find_if()
 * needs.
 * @ni: the information.
 */
void nsi_netinfo_sort(struct nsi_netinfo *ni);

/**
 * nsi_netinfo_find_if() - the interface of @ni with index @ifindex: a
 * binary search of ni->ifs, which is sorted by ifindex (O(log n): a
 * namespace of tens of thousands of interfaces, which its owner can make,
 * costs no quadratic work to show each one's master).  Like strchr(3),
 * it takes a const @ni and returns a pointer the caller may write through
 * when its own @ni is not const (the collector adding addresses).
 * @ni:      the interfaces; may be NULL.
 * @ifindex: the index (IFLA_MASTER, IFLA_LINK, ...).
 *
 * Return: the interface (borrowed from @ni), or NULL when none has it
 * (or @ifindex is 0).
 */
struct nsi_netif *nsi_netinfo_find_if(const struct nsi_netinfo *ni,
				      int ifindex);

/**
 * nsi_netinfo_free() - free a struct nsi_netinfo and all it owns.
 * @ni: may be NULL.
 */
void nsi_netinfo_free(struct nsi_netinfo *ni);

#endif /* NSI_NETDETAIL_H */
