/*
 * snapshot-json.h - checked reads of a snapshot's JSON values
 * (snapshot-json.c), for the loader (snapshot-read.c, snapshot-ns.c):
 * each takes a key of an object, checks its type and range, and on a
 * mismatch records the reason and the JSON path ("$.processes[3].pid")
 * in the loader's context.  json-c (the document is parsed by it).
 */
#ifndef NSI_SNAPSHOT_JSON_H
#define NSI_SNAPSHOT_JSON_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

#include "snapshot.h"

/**
 * struct nsi_sj - the loader's context.
 * @err:  where a refusal is told; may be NULL.
 * @path: the JSON path of the value being read, NUL-terminated; @len
 *        bytes (cut, never overrun, past its size).
 */
struct nsi_sj {
	struct nsi_snapshot_error *err;
	char path[128];
	size_t len;
};

/**
 * nsi_sj_fail() - record @reason at the current path, or at @key below it
 * (NULL: the current value).
 * @c:      the context.
 * @key:    the key, or NULL.
 * @reason: a short static text.
 *
 * Return: -EINVAL.
 */
int nsi_sj_fail(struct nsi_sj *c, const char *key, const char *reason);

/**
 * nsi_sj_enter() - append ".KEY" (@key) or "[I]" (@key NULL) to the path.
 * @c:   the context.
 * @key: the key, or NULL for an array element.
 * @i:   the index, with @key NULL.
 *
 * Return: the previous length, for nsi_sj_leave().
 */
size_t nsi_sj_enter(struct nsi_sj *c, const char *key, size_t i);

/** nsi_sj_leave() - cut the path back to @len (from nsi_sj_enter()). */
void nsi_sj_leave(struct nsi_sj *c, size_t len);

/**
 * nsi_sj_get() - the value of @key in object @obj, of type @type.
 * @c:        the context.
 * @obj:      a JSON object.
 * @key:      the key; it must be there.
 * @type:     json_type_object, json_type_array, ...
 * @nullable: 1 when JSON null is allowed (then *@out is NULL).
 * @out:      set to the value (borrowed from @obj).
 *
 * Return: 0 or -EINVAL (missing, wrong type).
 */
int nsi_sj_get(struct nsi_sj *c, struct json_object *obj, const char *key,
	       json_type type, int nullable, struct json_object **out);

/**
 * nsi_sj_int() - an integer (a JSON number without fraction or exponent)
 * in [@min, @max].
 * @c, @obj, @key: as nsi_sj_get().
 * @min, @max: the range.
 * @out:   set to the value.
 *
 * Return: 0 or -EINVAL.
 */
int nsi_sj_int(struct nsi_sj *c, struct json_object *obj, const char *key,
	       int64_t min, int64_t max, int64_t *out);

/** nsi_sj_int_at() - nsi_sj_int() of a value already taken (@v). */
int nsi_sj_int_at(struct nsi_sj *c, struct json_object *v, int64_t min,
		  int64_t max, int64_t *out);

/**
 * nsi_sj_bool() - a JSON true or false, as 1 or 0.
 *
 * Return: 0 or -EINVAL.
 */
int nsi_sj_bool(struct nsi_sj *c, struct json_object *obj, const char *key,
		int *out);

/** Flags of nsi_sj_str(). */
#define NSI_SJ_NULL	(1u << 0)	/* JSON null allowed: *out NULL */
#define NSI_SJ_NONEMPTY	(1u << 1)	/* "" refused */
#define NSI_SJ_PRINT	(1u << 2)	/* printable ASCII only (what main.c
					 * prints as it is) */
#define NSI_SJ_CUT	(1u << 3)	/* nsi_sj_copy(): cut a longer string
					 * to the buffer, at a character */

/**
 * nsi_sj_str() - a string of at most @max bytes, valid UTF-8 (RFC 8259;
 * json-c does not check), with no NUL byte.
 * @c, @obj, @key: as nsi_sj_get().
 * @max:   the most bytes.
 * @flags: NSI_SJ_* flags.
 * @out:   set to the string (borrowed from @obj), or NULL for null.
 *
 * Return: 0 or -EINVAL.
 */
int nsi_sj_str(struct nsi_sj *c, struct json_object *obj, const char *key,
	       size_t max, unsigned int flags, const char **out);

/** nsi_sj_str_at() - nsi_sj_str() of a value already taken (@v). */
int nsi_sj_str_at(struct nsi_sj *c, struct json_object *v, size_t max,
		  unsigned int flags, const char **out);

/**
 * nsi_sj_copy() - nsi_sj_str() into a buffer of @size bytes: a string of
 * @size bytes or more is refused, or with NSI_SJ_CUT cut to fit, at the
 * start of a UTF-8 sequence (a name of the kernel's, such as an
 * interface's, that held bytes not UTF-8 was written with a U+FFFD of
 * three bytes for each, and may no longer fit).
 *
 * Return: 0 or -EINVAL.
 */
int nsi_sj_copy(struct nsi_sj *c, struct json_object *obj, const char *key,
		unsigned int flags, char *buf, size_t size);

/**
 * nsi_sj_dup() - a copy of the string or null of @key (at most @max
 * bytes, no NUL byte) into *@dst: the old string is freed and replaced,
 * nothing is done for null.
 * @c, @obj, @key, @max: as nsi_sj_str().
 * @dst: a malloc'd string or NULL; owned by the caller.
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int nsi_sj_dup(struct nsi_sj *c, struct json_object *obj, const char *key,
	       size_t max, char **dst);

/**
 * nsi_sj_mask() - a 64-bit mask written "0x" and 1 to 16 hex digits.
 *
 * Return: 0 or -EINVAL.
 */
int nsi_sj_mask(struct nsi_sj *c, struct json_object *obj, const char *key,
		uint64_t *out);

/**
 * nsi_sj_type() - a namespace type name ("mnt", ...) of @v.
 *
 * Return: the enum nsi_ns_type, or -EINVAL.
 */
int nsi_sj_type(struct nsi_sj *c, struct json_object *v);

/**
 * nsi_sj_each() - call @fn on each element of the array @key of @obj,
 * with the path of the element ("...KEY[I]") while it runs; the first
 * error stops the walk (the path is left at the element refused).
 * @c, @obj, @key: as nsi_sj_get().
 * @fn:  the call: 0 or -errno.
 * @arg: passed to @fn.
 *
 * Return: 0, -EINVAL (not an array), or @fn's error.
 */
int nsi_sj_each(struct nsi_sj *c, struct json_object *obj, const char *key,
		int (*fn)(struct nsi_sj *c, struct json_object *v, void *arg),
		void *arg);

#endif /* NSI_SNAPSHOT_JSON_H */
