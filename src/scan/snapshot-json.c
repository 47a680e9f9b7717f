/*
 * snapshot-json.c - checked reads of a snapshot's JSON values
 * (snapshot-json.h).  Every value of a snapshot is untrusted: a key may be
 * missing, of another type, out of range, or a string may be huge, hold a
 * NUL byte or control characters.  Each refusal names its JSON path.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot-json.h"
#include "textsafe.h"
#include "util.h"

/* What NSI_SJ_CUT takes before cutting: a name written as U+FFFD for each
 * byte that was not UTF-8 is three times as long as it was. */
#define STR_CUT_MAX	4096

int nsi_sj_fail(struct nsi_sj *c, const char *key, const char *reason)
{
	if (c->err && !c->err->reason[0]) {
		snprintf(c->err->reason, sizeof(c->err->reason), "%s", reason);
		/* a path past the buffer is cut, as the user sees it */
		if (snprintf(c->err->path, sizeof(c->err->path), "%s%s%s",
			     c->path, key ? "." : "",
			     key ? key : "") >= (int)sizeof(c->err->path))
			c->err->path[sizeof(c->err->path) - 1] = '\0';
	}
	return -EINVAL;
}

size_t nsi_sj_enter(struct nsi_sj *c, const char *key, size_t i)
{
	size_t old = c->len;
	int n;

	if (key)
		n = snprintf(c->path + c->len, sizeof(c->path) - c->len, ".%s",
			     key);
	else
		n = snprintf(c->path + c->len, sizeof(c->path) - c->len,
			     "[%zu]", i);
	if (n > 0)
		c->len += (size_t)n;
	if (c->len >= sizeof(c->path))
		c->len = sizeof(c->path) - 1;
	return old;
}

void nsi_sj_leave(struct nsi_sj *c, size_t len)
{
	c->len = len;
	c->path[len] = '\0';
}

static const char *type_word(json_type type)
{
	switch (type) {
	case json_type_object:
		return "not an object";
	case json_type_array:
		return "not an array";
	case json_type_string:
		return "not a string";
	case json_type_int:
		return "not an integer";
	case json_type_boolean:
		return "not true or false";
	default:
		return "of the wrong type";
	}
}

int nsi_sj_get(struct nsi_sj *c, struct json_object *obj, const char *key,
	       json_type type, int nullable, struct json_object **out)
{
	struct json_object *v = NULL;

	*out = NULL;
	if (!json_object_is_type(obj, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if (!json_object_object_get_ex(obj, key, &v))
		return nsi_sj_fail(c, key, "missing");
	if (!v && nullable)
		return 0;
	if (!json_object_is_type(v, type))
		return nsi_sj_fail(c, key, type_word(type));
	*out = v;
	return 0;
}

int nsi_sj_int_at(struct nsi_sj *c, struct json_object *v, int64_t min,
		  int64_t max, int64_t *out)
{
	int64_t x;

	if (!json_object_is_type(v, json_type_int))
		return nsi_sj_fail(c, NULL, "not an integer");
	/* json-c keeps a number past INT64_MAX as uint64, clamped here */
	x = json_object_get_int64(v);
	if (x < min || x > max || x == INT64_MAX)
		return nsi_sj_fail(c, NULL, "out of range");
	*out = x;
	return 0;
}

int nsi_sj_int(struct nsi_sj *c, struct json_object *obj, const char *key,
	       int64_t min, int64_t max, int64_t *out)
{
	struct json_object *v;
	size_t at;
	int rc = nsi_sj_get(c, obj, key, json_type_int, 0, &v);

	if (rc < 0)
		return rc;
	at = nsi_sj_enter(c, key, 0);
	rc = nsi_sj_int_at(c, v, min, max, out);
	nsi_sj_leave(c, at);
	return rc;
}

int nsi_sj_bool(struct nsi_sj *c, struct json_object *obj, const char *key,
		int *out)
{
	struct json_object *v;
	int rc = nsi_sj_get(c, obj, key, json_type_boolean, 0, &v);

	if (rc == 0)
		*out = json_object_get_boolean(v) ? 1 : 0;
	return rc;
}

int nsi_sj_str_at(struct nsi_sj *c, struct json_object *v, size_t max,
		  unsigned int flags, const char **out)
{
	const char *s;
	size_t len, i, n;

	*out = NULL;
	if (!v && (flags & NSI_SJ_NULL))
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return nsi_sj_fail(c, NULL, "not a string");
	s = json_object_get_string(v);
	len = (size_t)json_object_get_string_len(v);
	if (len > max)
		return nsi_sj_fail(c, NULL, "too long");
	if (strlen(s) != len)
		return nsi_sj_fail(c, NULL, "holds a NUL byte");
	if (!len && (flags & NSI_SJ_NONEMPTY))
		return nsi_sj_fail(c, NULL, "empty");
	/* JSON text is UTF-8 (RFC 8259), as the writer makes every string:
	 * json-c does not check, and a byte that is not would be written
	 * back as U+FFFD, so the next read would differ */
	for (i = 0; i < len; i += n) {
		nsi_text_next(s + i, &n, 0);
		if (n == 1 && (unsigned char)s[i] >= 0x80)
			return nsi_sj_fail(c, NULL, "not valid UTF-8");
	}
	for (i = 0; (flags & NSI_SJ_PRINT) && i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return nsi_sj_fail(c, NULL, "not printable ASCII");
	*out = s;
	return 0;
}

int nsi_sj_str(struct nsi_sj *c, struct json_object *obj, const char *key,
	       size_t max, unsigned int flags, const char **out)
{
	struct json_object *v;
	size_t at;
	int rc;

	*out = NULL;
	if (!json_object_is_type(obj, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if (!json_object_object_get_ex(obj, key, &v))
		return nsi_sj_fail(c, key, "missing");
	at = nsi_sj_enter(c, key, 0);
	rc = nsi_sj_str_at(c, v, max, flags, out);
	nsi_sj_leave(c, at);
	return rc;
}

int nsi_sj_copy(struct nsi_sj *c, struct json_object *obj, const char *key,
		unsigned int flags, char *buf, size_t size)
{
	size_t max = (flags & NSI_SJ_CUT) ? STR_CUT_MAX : size - 1;
	const char *s;
	size_t len;
	int rc = nsi_sj_str(c, obj, key, max, flags & ~NSI_SJ_NULL, &s);

	if (rc < 0)
		return rc;
	len = strlen(s);
	if (len >= size) {
		/* at a character's start: no sequence cut in two */
		len = size - 1;
		while (len && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	return 0;
}

int nsi_sj_dup(struct nsi_sj *c, struct json_object *obj, const char *key,
	       size_t max, char **dst)
{
	const char *s;
	int rc = nsi_sj_str(c, obj, key, max, NSI_SJ_NULL, &s);

	if (rc < 0 || !s)
		return rc;
	free(*dst);
	*dst = strdup(s);
	return *dst ? 0 : -ENOMEM;
}

int nsi_sj_mask(struct nsi_sj *c, struct json_object *obj, const char *key,
		uint64_t *out)
{
	const char *s;
	uint64_t v = 0;
	size_t i, len;
	int rc = nsi_sj_str(c, obj, key, 18, 0, &s);

	if (rc < 0)
		return rc;
	len = strlen(s);
	if (len < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return nsi_sj_fail(c, key, "not a mask (0x and hex digits)");
	for (i = 2; i < len; i++) {
		int d = nsi_hexval(s[i]);

		if (d < 0)
			return nsi_sj_fail(c, key, "not a mask (0x and hex "
					   "digits)");
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int nsi_sj_type(struct nsi_sj *c, struct json_object *v)
{
	const char *s;
	int t;

	if (nsi_sj_str_at(c, v, 16, NSI_SJ_NONEMPTY, &s) < 0)
		return -EINVAL;
	t = nsi_ns_type_from_name(s, strlen(s));
	if (t < 0)
		return nsi_sj_fail(c, NULL, "unknown namespace type");
	return t;
}

int nsi_sj_each(struct nsi_sj *c, struct json_object *obj, const char *key,
		int (*fn)(struct nsi_sj *c, struct json_object *v, void *arg),
		void *arg)
{
	struct json_object *arr;
	size_t i, n, at = c->len;
	int rc = nsi_sj_get(c, obj, key, json_type_array, 0, &arr);

	if (rc < 0)
		return rc;
	n = json_object_array_length(arr);
	nsi_sj_enter(c, key, 0);
	for (i = 0; i < n; i++) {
		size_t el = nsi_sj_enter(c, NULL, i);

		rc = fn(c, json_object_array_get_idx(arr, i), arg);
		if (rc < 0)
			return rc;
		nsi_sj_leave(c, el);
	}
	nsi_sj_leave(c, at);
	return 0;
}
