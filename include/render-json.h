/*
 * render-json.h - the JSON values the files of the JSON renderer share
 * (render-json-values.c), and the --detail keys of a network namespace
 * (render-json-detail.c).  Only the render-json*.c files include it: they
 * are the only files that build output with json-c (<json-c/json.h>).
 *
 * Every function here that returns a json_object returns a new reference
 * the caller owns (json_object_put() frees it), or NULL when out of
 * memory.
 */
#ifndef NSI_RENDER_JSON_H
#define NSI_RENDER_JSON_H

#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/**
 * nsi_jstr() - a JSON string of @s.  Names and command lines come from
 * /proc and may hold any bytes; JSON text must be UTF-8 (RFC 8259), so
 * each byte that does not start a valid sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF) becomes U+FFFD, as jq(1)
 * and Python decode it.  json-c escapes the rest (control characters as
 * \uXXXX).
 * @s: a NUL-terminated string.
 *
 * Return: the string, or NULL.
 */
struct json_object *nsi_jstr(const char *s);

/**
 * nsi_jstr_or_null() - nsi_jstr() of @s, or NULL (JSON null) for NULL.
 * @s: a string or NULL.
 *
 * Return: the string, or NULL.
 */
struct json_object *nsi_jstr_or_null(const char *s);

/**
 * nsi_jstrings() - a JSON array of @n strings, each by nsi_jstr().
 * @s: the strings (borrowed).
 * @n: their number.
 *
 * Return: the array, or NULL.
 */
struct json_object *nsi_jstrings(const char *const *s, size_t n);

/**
 * nsi_jadd() - add @val under @key to @obj; on failure @val is freed.
 * @obj: a JSON object.
 * @key: the key (copied).
 * @val: the value (owned by @obj from then on), NULL for JSON null.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_jadd(struct json_object *obj, const char *key,
	     struct json_object *val);

/**
 * nsi_jcapnames() - the names of the capabilities in @mask, as an array
 * ["cap_chown", ...] (nsi_cap_names() of caps.h).
 * @mask: bit N is capability N.
 *
 * Return: the array, or NULL.
 */
struct json_object *nsi_jcapnames(uint64_t mask);

/**
 * nsi_jcapset() - {"mask": "0x000001ffffffffff", "names": [...]}.
 * @mask: bit N is capability N.
 *
 * Return: the object, or NULL.
 */
struct json_object *nsi_jcapset(uint64_t mask);

/**
 * nsi_jcontainer() - {"runtime", "id", "name", "image", "network_mode",
 * "pod", "pod_name", "pod_namespace", "sandbox", "names", "owner_uid"} of
 * @c ("names": every name, "name" first, [] when none; "owner_uid" null
 * but for a user's container).
 * @c: the container.
 *
 * Return: the object, or NULL.
 */
struct json_object *nsi_jcontainer(const struct nsi_container *c);

/**
 * nsi_jprint() - write @top pretty, with "/" as it is, and a newline.
 * @out: the stream.
 * @top: the document (still the caller's).
 *
 * Return: 0, -ENOMEM, or -errno of the write.
 */
int nsi_jprint(FILE *out, struct json_object *top);

/**
 * nsi_jadd_net_detail() - add the --detail keys of network namespace @ns
 * to its row: "interfaces" (name, ifindex, kind, operstate, mac,
 * addresses, master, and a veth's "peer": its name, namespace and
 * container), "firewall_rules" and "firewall" (null when not read).
 * @row: the namespace's JSON row.
 * @ns:  the namespace; ns->net as nsi_netinfo_collect() left it (NULL:
 *       no interface, nulls).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_jadd_net_detail(struct json_object *row, const struct nsi_ns *ns);

#endif /* NSI_RENDER_JSON_H */
