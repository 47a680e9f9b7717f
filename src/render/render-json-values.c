/*
 * render-json-values.c - the JSON values every part of the JSON output
 * shares (render-json.h): strings made valid UTF-8, capability sets,
 * containers, and the printing of a whole document.  json-c does every
 * bit of escaping: untrusted strings from /proc always come out as valid
 * JSON strings.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "render-json.h"

/*
 * The length of the valid UTF-8 sequence at @s (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or 0 when it is not one.
 */
static size_t utf8_seq(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		unsigned char lo = s[0] == 0xe0 ? 0xa0 : 0x80;
		unsigned char hi = s[0] == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ?
			3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		unsigned char lo = s[0] == 0xf0 ? 0x90 : 0x80;
		unsigned char hi = s[0] == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
			(s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/*
 * A JSON string of @s.  Names and command lines come from /proc and may
 * hold any bytes; JSON text must be UTF-8 (RFC 8259), so each byte that
 * does not start a valid sequence becomes U+FFFD, as jq(1) and Python
 * decode it.  json-c escapes the rest (control characters as \uXXXX).
 */
struct json_object *nsi_jstr(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct json_object *obj;
	size_t i, n, len = strlen(s), out = 0;
	char *fixed;

	for (i = 0; i < len; i += n)
		if (!(n = utf8_seq(p + i)))
			break;
	if (i >= len)
		return json_object_new_string(s);
	fixed = malloc(len * 3 + 1);
	if (!fixed)
		return NULL;
	for (i = 0; i < len; i += n) {
		n = utf8_seq(p + i);
		if (n) {
			memcpy(fixed + out, s + i, n);
			out += n;
		} else {
			memcpy(fixed + out, "\xef\xbf\xbd", 3);	/* U+FFFD */
			out += 3;
			n = 1;
		}
	}
	obj = json_object_new_string_len(fixed, (int)out);
	free(fixed);
	return obj;
}

/* Write @top, pretty and with "/" as it is, and a newline. */
int nsi_jprint(FILE *out, struct json_object *top)
{
	const char *text = json_object_to_json_string_ext(top,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!text)
		return -ENOMEM;
	return fputs(text, out) < 0 || fputc('\n', out) < 0 ? -errno : 0;
}

/* ["cap_chown", ...] */
struct json_object *nsi_jcapnames(uint64_t mask)
{
	struct json_object *arr;
	char **names;
	int n, i;

	n = nsi_cap_names(mask, &names);
	if (n < 0)
		return NULL;
	arr = json_object_new_array_ext(n);
	for (i = 0; arr && i < n; i++) {
		if (json_object_array_add(arr,
				nsi_jstr(names[i])) < 0) {
			json_object_put(arr);
			arr = NULL;
		}
	}
	nsi_cap_names_free(names, (size_t)n);
	return arr;
}

/* Add @val under @key; on failure @val is freed. */
int nsi_jadd(struct json_object *obj, const char *key,
	     struct json_object *val)
{
	if (json_object_object_add(obj, key, val) < 0) {
		json_object_put(val);
		return -ENOMEM;
	}
	return 0;
}

/* A string, or null for NULL. */
struct json_object *nsi_jstr_or_null(const char *s)
{
	return s ? nsi_jstr(s) : NULL;
}

/* {"mask": "0x000001ffffffffff", "names": ["cap_chown", ...]} */
struct json_object *nsi_jcapset(uint64_t mask)
{
	struct json_object *obj = json_object_new_object(), *arr;
	char hex[19];

	snprintf(hex, sizeof(hex), "0x%016" PRIx64, mask);
	arr = nsi_jcapnames(mask);
	if (!obj || !arr ||
	    nsi_jadd(obj, "mask", nsi_jstr(hex)) < 0) {
		json_object_put(arr);
		json_object_put(obj);
		return NULL;
	}
	if (nsi_jadd(obj, "names", arr) < 0) {	/* nsi_jadd() freed arr */
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

struct json_object *nsi_jstrings(const char *const *s, size_t n)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; arr && i < n; i++) {
		struct json_object *v = nsi_jstr(s[i]);

		if (!v || json_object_array_add(arr, v) < 0) {
			json_object_put(v);
			json_object_put(arr);
			return NULL;
		}
	}
	return arr;
}

/* Every name of @c (its "name" first), [] when it has none. */
static struct json_object *names_json(const struct nsi_container *c)
{
	const char *one = c->name;

	if (c->nnames)
		return nsi_jstrings((const char *const *)c->names, c->nnames);
	return nsi_jstrings(&one, one ? 1 : 0);
}

/* {"runtime", "id", "name", "image", "network_mode", "pod", "pod_name",
 * "pod_namespace", "sandbox", "names", "owner_uid"} */
struct json_object *nsi_jcontainer(const struct nsi_container *c)
{
	struct json_object *obj = json_object_new_object();

	if (!obj ||
	    nsi_jadd(obj, "runtime", nsi_jstr(c->runtime)) < 0 ||
	    nsi_jadd(obj, "id", nsi_jstr(c->id)) < 0 ||
	    nsi_jadd(obj, "name", nsi_jstr_or_null(c->name)) < 0 ||
	    nsi_jadd(obj, "image", nsi_jstr_or_null(c->image)) < 0 ||
	    nsi_jadd(obj, "network_mode",
		     nsi_jstr_or_null(c->network_mode)) < 0 ||
	    nsi_jadd(obj, "pod", nsi_jstr_or_null(c->pod)) < 0 ||
	    nsi_jadd(obj, "pod_name", nsi_jstr_or_null(c->pod_name)) < 0 ||
	    nsi_jadd(obj, "pod_namespace",
		     nsi_jstr_or_null(c->pod_namespace)) < 0 ||
	    nsi_jadd(obj, "sandbox", json_object_new_boolean(c->sandbox)) < 0 ||
	    nsi_jadd(obj, "names", names_json(c)) < 0 ||
	    nsi_jadd(obj, "owner_uid", c->rootless ?
		json_object_new_int64((int64_t)c->owner_uid) : NULL) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}
