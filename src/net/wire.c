/*
 * wire.c - the payload the forked child of netinfo.c sends the parent for
 * one network namespace (the text format of netinfo-wire.h): written from
 * a struct nsi_netinfo in the child, parsed back, every field checked, in
 * the parent.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netinfo-wire.h"
#include "util.h"

static void put_str(FILE *out, const char *s, size_t size)
{
	size_t i, n = strnlen(s, size);

	if (!n) {
		fputc('-', out);
		return;
	}
	if (n == 1 && s[0] == '-') {
		fputs("\\x2d", out);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || c == '\\')
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

int nsi_netinfo_write(const struct nsi_netinfo *ni, FILE *out)
{
	size_t i, j;

	fprintf(out, "nsinet 1\nfw %ld %s\n", ni->fw_rules < 0 ? -1 :
		ni->fw_rules, ni->fw_backend ? ni->fw_backend : "-");
	for (i = 0; i < ni->nifs; i++) {
		const struct nsi_netif *nif = &ni->ifs[i];

		fprintf(out, "if %d ", nif->ifindex);
		put_str(out, nif->name, sizeof(nif->name));
		fputc(' ', out);
		put_str(out, nif->kind, sizeof(nif->kind));
		fputc(' ', out);
		put_str(out, nif->operstate, sizeof(nif->operstate));
		fputc(' ', out);
		put_str(out, nif->mac, sizeof(nif->mac));
		fprintf(out, " %d %d %d\n", nif->master, nif->link,
			nif->link_netnsid);
		for (j = 0; j < nif->naddrs; j++) {
			const struct nsi_netaddr *a = &nif->addrs[j];

			fprintf(out, "addr %d ", a->family == AF_INET6 ? 6 : 4);
			put_str(out, a->addr, sizeof(a->addr));
			fprintf(out, " %u\n", a->prefixlen);
		}
	}
	fputs("end\n", out);
	return ferror(out) ? -EIO : 0;
}

/* Unescape @tok into @dst of @size bytes; -EINVAL when malformed. */
static int get_str(const char *tok, char *dst, size_t size)
{
	size_t o = 0;

	if (!strcmp(tok, "-")) {
		dst[0] = '\0';
		return 0;
	}
	while (*tok) {
		int c = (unsigned char)*tok++;

		if (c == '\\') {
			int hi, lo;

			if (*tok != 'x')
				return -EINVAL;
			tok++;
			hi = nsi_hexval(*tok);
			lo = hi < 0 ? -1 : nsi_hexval(tok[1]);
			if (lo < 0)
				return -EINVAL;
			tok += 2;
			c = hi << 4 | lo;
			if (!c)
				return -EINVAL;
		}
		if (o + 1 >= size)
			return -EINVAL;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return 0;
}

static int get_long(const char *tok, long min, long max, long *v)
{
	char *end;
	long n;

	if (!*tok || (*tok != '-' && (*tok < '0' || *tok > '9')))
		return -EINVAL;
	errno = 0;
	n = strtol(tok, &end, 10);
	if (errno || *end || n < min || n > max)
		return -EINVAL;
	*v = n;
	return 0;
}

static int get_int(const char *tok, long min, long max, int *v)
{
	long n;

	if (get_long(tok, min, max, &n) < 0)
		return -EINVAL;
	*v = (int)n;
	return 0;
}

#define WIRE_MAX_TOKENS 10

/* Split @line at single spaces; -1 for an empty token or too many. */
static int split(char *line, char **tok)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *sp = strchr(p, ' ');

		if (n == WIRE_MAX_TOKENS)
			return -1;
		tok[n++] = p;
		if (sp)
			*sp = '\0';
		if (!*p)
			return -1;
		if (!sp)
			return n;
		p = sp + 1;
	}
}

static int parse_if(struct nsi_netinfo *ni, char **tok)
{
	struct nsi_netif *nif = nsi_netinfo_add_if(ni);

	if (!nif)
		return -ENOMEM;
	if (get_int(tok[1], 1, INT_MAX, &nif->ifindex) < 0 ||
	    get_str(tok[2], nif->name, sizeof(nif->name)) < 0 ||
	    get_str(tok[3], nif->kind, sizeof(nif->kind)) < 0 ||
	    get_str(tok[4], nif->operstate, sizeof(nif->operstate)) < 0 ||
	    get_str(tok[5], nif->mac, sizeof(nif->mac)) < 0 ||
	    get_int(tok[6], 0, INT_MAX, &nif->master) < 0 ||
	    get_int(tok[7], 0, INT_MAX, &nif->link) < 0 ||
	    get_int(tok[8], -1, INT_MAX, &nif->link_netnsid) < 0)
		return -EINVAL;
	return 0;
}

static int parse_addr(struct nsi_netinfo *ni, char **tok)
{
	struct nsi_netaddr a = { 0 };
	unsigned char bin[sizeof(struct in6_addr)];
	int fam, plen;

	if (!ni->nifs || get_int(tok[1], 4, 6, &fam) < 0 || fam == 5)
		return -EINVAL;
	a.family = fam == 4 ? AF_INET : AF_INET6;
	if (get_str(tok[2], a.addr, sizeof(a.addr)) < 0 ||
	    inet_pton(a.family, a.addr, bin) != 1 ||
	    get_int(tok[3], 0, fam == 4 ? 32 : 128, &plen) < 0)
		return -EINVAL;
	a.prefixlen = (unsigned int)plen;
	return nsi_netif_add_addr(&ni->ifs[ni->nifs - 1], &a);
}

enum wire_state { HEADER, FW, BODY, END };

/*
 * One line of the payload, split into its @n tokens, read into @ni in
 * state @state, which it moves on.  Return: 0, -EINVAL for a line that is
 * malformed or out of place, -ENOMEM.
 */
static int parse_line(struct nsi_netinfo *ni, char **tok, int n,
		      enum wire_state *state)
{
	if (*state == HEADER) {
		if (n != 2 || strcmp(tok[0], "nsinet") || strcmp(tok[1], "1"))
			return -EINVAL;
		*state = FW;
		return 0;
	}
	if (*state == FW) {
		if (n != 3 || strcmp(tok[0], "fw") ||
		    get_long(tok[1], -1, LONG_MAX, &ni->fw_rules) < 0)
			return -EINVAL;
		if (!strcmp(tok[2], "nftables"))
			ni->fw_backend = "nftables";
		else if (!strcmp(tok[2], "iptables"))
			ni->fw_backend = "iptables";
		else if (strcmp(tok[2], "-"))
			return -EINVAL;
		*state = BODY;
		return 0;
	}
	if (n == 9 && !strcmp(tok[0], "if"))
		return parse_if(ni, tok);
	if (n == 4 && !strcmp(tok[0], "addr"))
		return parse_addr(ni, tok);
	if (n == 1 && !strcmp(tok[0], "end")) {
		*state = END;
		return 0;
	}
	return -EINVAL;
}

int nsi_netinfo_parse(const void *buf, size_t len, struct nsi_netinfo **out)
{
	const char *p = buf, *end = p + len;
	char line[NSI_WIRE_LINE_MAX + 1], *tok[WIRE_MAX_TOKENS];
	enum wire_state state = HEADER;
	struct nsi_netinfo *ni;
	size_t i;
	int rc, n;

	ni = nsi_netinfo_new();
	if (!ni)
		return -ENOMEM;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll;

		if (!nl || state == END)
			goto bad;
		ll = (size_t)(nl - p);
		if (ll > NSI_WIRE_LINE_MAX || memchr(p, '\0', ll))
			goto bad;
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = nl + 1;
		n = split(line, tok);
		if (n < 0)
			goto bad;
		rc = parse_line(ni, tok, n, &state);
		if (rc == -ENOMEM)
			goto fail;
		if (rc < 0)
			goto bad;
	}
	if (state != END)
		goto bad;
	nsi_netinfo_sort(ni);
	for (i = 1; i < ni->nifs; i++)
		if (ni->ifs[i].ifindex == ni->ifs[i - 1].ifindex)
			goto bad;
	*out = ni;
	return 0;
bad:
	rc = -EINVAL;
fail:
	nsi_netinfo_free(ni);
	return rc;
}
