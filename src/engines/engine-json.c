/*
 * engine-json.c - what the container engines' JSON says: one parser of a
 * JSON text (json-c), shared by the engines' answers, Podman's
 * containers.json and the OCI bundles; and the naming of a model's
 * containers from a Docker Engine API listing (GET /containers/json), as
 * dockerd and Podman's compatible API service give it.  Engines are
 * untrusted: every field is checked for its type, names are bounded.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "engine-json.h"
#include "model.h"

/* Replace the owned string *@field by a copy of @value. */
static int set_string(char **field, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*field);
	*field = copy;
	return 0;
}

/* The string member @key of @obj, or NULL when absent or not a string. */
static const char *get_string(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* Fill @c from one entry of the answer. */
static int name_container(struct nsi_container *c, struct json_object *entry)
{
	struct json_object *names, *one, *host_config;
	const char *s;
	size_t i, n;
	int named = 0;

	/*
	 * Every name: a container another links to (--link) is listed as
	 * "/NAME" and "/LINKER/ALIAS"; the first is its own.  Those past
	 * NSI_CONTAINER_NAMES_MAX are dropped (an answer is untrusted).
	 */
	if (json_object_object_get_ex(entry, "Names", &names) &&
	    json_object_is_type(names, json_type_array)) {
		n = json_object_array_length(names);
		for (i = 0; i < n && i < NSI_CONTAINER_NAMES_MAX; i++) {
			one = json_object_array_get_idx(names, i);
			if (!json_object_is_type(one, json_type_string))
				continue;
			s = json_object_get_string(one);
			/* The API's names start with '/'. */
			if (*s == '/')
				s++;
			if (!*s)
				continue;
			if ((!named++ && set_string(&c->name, s) < 0) ||
			    nsi_container_add_name(c, s) < 0)
				return -ENOMEM;
		}
	}
	s = get_string(entry, "Image");
	if (s && set_string(&c->image, s) < 0)
		return -ENOMEM;
	if (json_object_object_get_ex(entry, "HostConfig", &host_config) &&
	    json_object_is_type(host_config, json_type_object)) {
		s = get_string(host_config, "NetworkMode");
		if (s && set_string(&c->network_mode, s) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Where the tokener stopped, to tell trailing bytes from the end. */
static size_t parse_end(struct json_tokener *tok)
{
#if JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

struct json_object *nsi_json_parse(const char *buf, size_t len,
				   enum json_type type, int *err)
{
	struct json_tokener *tok;
	struct json_object *root;
	size_t end;

	*err = -EBADMSG;
	/* json_tokener_parse_ex() takes an int length. */
	if (len > NSI_JSON_MAX)
		return NULL;
	tok = json_tokener_new();
	if (!tok) {
		*err = -ENOMEM;
		return NULL;
	}
	root = json_tokener_parse_ex(tok, buf, (int)len);
	/* NULL with json_tokener_continue: the text stopped half-way. */
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(root);
		json_tokener_free(tok);
		return NULL;
	}
	/* Only white space may follow the value. */
	for (end = parse_end(tok); end < len; end++)
		if (!strchr(" \t\r\n", buf[end]) || !buf[end])
			break;
	json_tokener_free(tok);
	if (end < len || !json_object_is_type(root, type)) {
		json_object_put(root);
		return NULL;
	}
	*err = 0;
	return root;
}

struct nsi_container *nsi_engine_container(struct nsi_model *m,
					   const char *runtime, long owner,
					   const char *id)
{
	struct nsi_container *c;

	if (owner >= 0)		/* a user's engine: that user's containers */
		return nsi_model_get_container_of(m, runtime, id, owner, 0);
	c = nsi_model_get_container(m, runtime, id, 0);	/* the system's */
	if (c)
		return c;
	/* One under a cgroup parent of the user's choice (docker's
	 * --cgroup-parent with the cgroupfs driver) was found as
	 * "unknown": the engine's list makes it the engine's. */
	c = nsi_model_get_container(m, "unknown", id, 0);
	if (c) {
		int rc = nsi_model_claim_container(m, c, runtime);

		if (rc < 0) {
			errno = -rc;	/* ENOMEM, or EEXIST */
			return NULL;
		}
	}
	return c;
}

int nsi_engine_parse(struct nsi_model *m, const char *runtime, long owner,
		     const char *buf, size_t len)
{
	struct json_object *root, *seen;
	size_t i, n;
	int named = 0, rc;

	root = nsi_json_parse(buf, len, json_type_array, &rc);
	if (!root)
		return rc;

	/* The IDs that named a container: one listed twice counts once. */
	seen = json_object_new_object();
	if (!seen) {
		json_object_put(root);
		return -ENOMEM;
	}
	n = json_object_array_length(root);
	for (i = 0; i < n; i++) {
		struct json_object *entry = json_object_array_get_idx(root, i);
		struct nsi_container *c;
		const char *id;

		if (!json_object_is_type(entry, json_type_object))
			continue;
		id = get_string(entry, "Id");
		if (!id)
			continue;
		/* Containers with no process in the model are not added. */
		errno = 0;
		c = nsi_engine_container(m, runtime, owner, id);
		if (!c && errno == ENOMEM)
			goto nomem;
		if (!c)
			continue;
		if (name_container(c, entry) < 0)
			goto nomem;
		if (json_object_object_get_ex(seen, id, NULL))
			continue;
		if (json_object_object_add(seen, id, NULL) < 0)
			goto nomem;
		named++;
	}
	json_object_put(seen);
	json_object_put(root);
	return named;
nomem:
	json_object_put(seen);
	json_object_put(root);
	return -ENOMEM;
}
