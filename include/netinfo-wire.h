/*
 * netinfo-wire.h - the payload the forked child of netinfo.c sends the
 * parent for one network namespace (src/net/wire.c).  Only netinfo.c and
 * the unit tests use it.
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

#include "netdetail.h"

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

#endif /* NSI_NETINFO_WIRE_H */
