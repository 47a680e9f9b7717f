/*
 * firewall.h - the number of firewall rules of the caller's network
 * namespace (src/net/firewall.c): nftables rules over nfnetlink, or the
 * legacy x_tables rules through getsockopt(2).  netinfo.c runs it inside
 * each namespace, in the forked child of nsi_visit_each().
 */
#ifndef NSI_FIREWALL_H
#define NSI_FIREWALL_H

#include <stddef.h>

#include "netdetail.h"

/**
 * nsi_firewall_count() - count the firewall rules of the caller's network
 * namespace into ni->fw_rules and ni->fw_backend.  The nftables rules
 * (NFT_MSG_GETRULE dump over nfnetlink, every family and table) first;
 * the legacy IPv4 and IPv6 x_tables rules (IPT_SO_GET_ENTRIES, the tables
 * PROC/self/net/ip_tables_names and ip6_tables_names list) when nf_tables
 * cannot be asked, or when it holds no rule but legacy tables exist (a
 * host on iptables-legacy): backend "iptables".  Nothing is set when
 * neither can be asked (ni->fw_rules stays -1, the backend NULL).
 * @ni:     the information to fill.
 * @procfd: a proc-root fd (its self/net follows the caller's network
 *          namespace).
 */
void nsi_firewall_count(struct nsi_netinfo *ni, int procfd);

/** NSI_XT_NUMHOOKS - the IPv4 and IPv6 netfilter hooks (NF_INET_NUMHOOKS). */
#define NSI_XT_NUMHOOKS 5

/**
 * struct nsi_xt_table - one legacy x_tables table as getsockopt(2)
 * IPT_SO_GET_INFO and IPT_SO_GET_ENTRIES (or the IP6T_ ones) return it.
 * @valid_hooks: bit h set when built-in chain h exists.
 * @hook_entry:  offset of the first entry of each built-in chain.
 * @underflow:   offset of each built-in chain's policy entry.
 * @num_entries: the number of entries.
 * @entries:     the entries (struct ipt_entry or struct ip6t_entry, each
 *               followed by its matches and target), @size bytes.
 * @size:        their size.
 */
struct nsi_xt_table {
	unsigned int valid_hooks;
	unsigned int hook_entry[NSI_XT_NUMHOOKS];
	unsigned int underflow[NSI_XT_NUMHOOKS];
	unsigned int num_entries;
	const void *entries;
	size_t size;
};

/**
 * nsi_xt_count_rules() - the rules of a legacy table as iptables -S lists
 * them (its "-A" lines): every entry except the policy of each built-in
 * chain (its underflow entry), the ERROR entry heading each user chain,
 * the RETURN entry ending each user chain, and the final ERROR entry.
 * The blob is checked as it is walked: offsets in bounds, each user
 * chain ending in a standard RETURN, the last entry an ERROR one and
 * @num_entries entries in all.  Pure: exported for the unit tests.
 * @t:    the table.
 * @ipv6: 0 for struct ipt_entry, 1 for struct ip6t_entry.
 *
 * Return: the number of rules (>= 0), or -EPROTO when the blob does not
 * have the expected form.
 */
long nsi_xt_count_rules(const struct nsi_xt_table *t, int ipv6);

#endif /* NSI_FIREWALL_H */
