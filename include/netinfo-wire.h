/*
 * netinfo-wire.h - internals of netinfo.c, declared for the unit tests:
 * the payload the forked child sends the parent for one network
 * namespace, and the pure helpers the child uses.  Not for other callers.
 *
 * The payload is text, one record a line, fields separated by one space:
 *
 *	nsinet 1
 *	fw RULES BACKEND
 *	if IFINDEX NAME KIND OPERSTATE MAC MASTER LINK LINK_NETNSID
 *	addr 4|6 ADDRESS PREFIXLEN
 *	end
 *
 * "nsinet 1" comes first (format version 1), then one "fw" line (RULES is
 * -1 when unknown, BACKEND "nftables", "iptables" or "-"), then each
 * interface, each followed by its "addr" lines, and "end" last, so that a
 * truncated payload is rejected.  String fields are escaped: a byte
 * <= 0x20, >= 0x7f or a backslash is written "\xHH"; the empty string is
 * "-" and the string "-" is "\x2d".
 */
#ifndef NSI_NETINFO_WIRE_H
#define NSI_NETINFO_WIRE_H

#include <stddef.h>
#include <stdio.h>

#include "netinfo.h"

/** NSI_WIRE_LINE_MAX - the longest payload line accepted, newline excluded. */
#define NSI_WIRE_LINE_MAX 1023

/**
 * nsi_netinfo_write() - write @ni as a payload (see above); @ni->err is
 * not written (the frame of nsi_visit_each() carries errors).
 * @ni:  the information.
 * @out: the stream.
 *
 * Return: 0, or -EIO when the stream failed.
 */
int nsi_netinfo_write(const struct nsi_netinfo *ni, FILE *out);

/**
 * nsi_netinfo_parse() - parse a payload into a new struct nsi_netinfo,
 * its interfaces sorted by ifindex.  Every line, number, string and
 * address is checked; nothing beyond @len bytes is read, and no NUL
 * terminator is needed.
 * @buf: the payload.
 * @len: its length in bytes.
 * @out: set to the result (free with nsi_netinfo_free()) on success,
 *       left alone otherwise.
 *
 * Return: 0, -EINVAL for a malformed payload (wrong header or version,
 * bad line, number out of range, string too long for its field, address
 * inet_pton(3) rejects, "addr" before any "if", a duplicate ifindex,
 * missing or misplaced "end"), or -ENOMEM.
 */
int nsi_netinfo_parse(const void *buf, size_t len, struct nsi_netinfo **out);

/**
 * nsi_netinfo_operstate_name() - IFLA_OPERSTATE (RFC 2863 values, the
 * IF_OPER_* of <linux/if.h>) as ip-link(8) prints it: "UNKNOWN",
 * "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP";
 * another value as its decimal number.
 * @state: the value.
 * @buf:   where to write it.
 * @size:  size of @buf (16 is enough).
 */
void nsi_netinfo_operstate_name(unsigned int state, char *buf, size_t size);

/**
 * nsi_netinfo_format_mac() - a link-layer address as lowercase hex bytes
 * joined by ':' ("02:42:ac:11:00:02"), as ip-link(8) prints an Ethernet
 * address.  Bytes that do not fit in @size are left out.
 * @addr: the bytes (IFLA_ADDRESS).
 * @len:  their number; 0 gives "".
 * @buf:  where to write it.
 * @size: size of @buf (at least 1).
 */
void nsi_netinfo_format_mac(const unsigned char *addr, size_t len,
			    char *buf, size_t size);

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
 * @num_entries entries in all.
 * @t:    the table.
 * @ipv6: 0 for struct ipt_entry, 1 for struct ip6t_entry.
 *
 * Return: the number of rules (>= 0), or -EPROTO when the blob does not
 * have the expected form.
 */
long nsi_xt_count_rules(const struct nsi_xt_table *t, int ipv6);

#endif /* NSI_NETINFO_WIRE_H */
