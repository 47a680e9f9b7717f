/*
 * model-containers.c - the containers of the model (model-containers.h):
 * a hash map from ID and owner to the first container of them, the others
 * (another runtime) chained through same_id: however many owners a
 * snapshot gives one ID, a lookup stays O(1).  No I/O.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "model.h"

static void container_free(struct nsi_container *c)
{
	size_t i;

	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->id);
	free(c->map_key);
	free(c->name);
	free(c->image);
	free(c->network_mode);
	free(c->pod);
	free(c->pod_name);
	free(c->pod_namespace);
	free(c);
}

void nsi_model_release_containers(struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++)
		container_free(m->containers[i]);
	free(m->containers);
	m->containers = NULL;
	m->ncontainers = m->containers_alloc = 0;
	nsi_hmap_release(&m->ctr_map);
}

/*
 * The map's key of (@id, @owner): @id, a NUL, @owner's 8 bytes, in @buf
 * when it fits, else malloc'd into *@big (NULL on -ENOMEM).  Its length
 * in *@len.
 */
static char *map_key(const char *id, long owner, char *buf, size_t size,
		     char **big, size_t *len)
{
	size_t n = strlen(id) + 1;
	int64_t o = owner;
	char *k = buf;

	*big = NULL;
	*len = n + sizeof(o);
	if (*len > size && !(k = *big = malloc(*len)))
		return NULL;
	memcpy(k, id, n);
	memcpy(k + n, &o, sizeof(o));
	return k;
}

/* The container of @m with (@runtime, @id, @owner), or NULL. */
static struct nsi_container *find_container(const struct nsi_model *m,
					    const char *runtime,
					    const char *id, long owner)
{
	char buf[128], *big, *k;
	struct nsi_container *c;
	size_t len;

	k = map_key(id, owner, buf, sizeof(buf), &big, &len);
	c = k ? nsi_hmap_get(&m->ctr_map, nsi_hkey_bytes(k, len)) : NULL;
	free(big);
	for (; c; c = c->same_id)
		if (strcmp(c->runtime, runtime) == 0)
			return c;
	return NULL;
}

struct nsi_container *nsi_model_get_container(struct nsi_model *m,
					      const char *runtime,
					      const char *id, int create)
{
	return nsi_model_get_container_of(m, runtime, id, NSI_OWNER_SYSTEM,
					  create);
}

struct nsi_container *nsi_model_get_container_of(struct nsi_model *m,
						 const char *runtime,
						 const char *id, long owner,
						 int create)
{
	struct nsi_container *c = find_container(m, runtime, id, owner), *first;
	int rc = -ENOMEM;
	size_t len;

	if (c || !create)
		return c;
	if (nsi_grow(&m->containers, &m->containers_alloc,
		     m->ncontainers + 1, sizeof(*m->containers)) < 0)
		goto nomem;
	c = calloc(1, sizeof(*c));
	if (!c)
		goto nomem;
	c->runtime = runtime;
	c->id = strdup(id);
	c->map_key = c->id ? map_key(id, owner, NULL, 0, &c->map_key, &len) :
		NULL;
	/* the map has the first container of each ID and owner, the
	 * others (other runtimes) chained */
	if (c->map_key)
		rc = nsi_hmap_add(&m->ctr_map, nsi_hkey_bytes(c->map_key, len),
				  c);
	if (rc < 0) {
		free(c->map_key);
		free(c->id);
		free(c);
		goto nomem;
	}
	if (rc == 0) {
		first = nsi_hmap_get(&m->ctr_map,
				     nsi_hkey_bytes(c->map_key, len));
		c->same_id = first->same_id;
		first->same_id = c;
	}
	snprintf(c->short_id, sizeof(c->short_id), "%s", id);
	if (owner != NSI_OWNER_SYSTEM) {
		c->rootless = 1;
		c->owner_uid = (uid_t)owner;
	}
	m->containers[m->ncontainers++] = c;
	return c;
nomem:
	errno = ENOMEM;
	return NULL;
}

int nsi_model_claim_container(struct nsi_model *m, struct nsi_container *c,
			      const char *runtime)
{
	if (nsi_model_get_container(m, runtime, c->id, 0))
		return -EEXIST;
	c->runtime = runtime;	/* found by ID: the map is still right */
	return 0;
}

struct nsi_container *nsi_model_find_container(const struct nsi_model *m,
					       const char *what)
{
	struct nsi_container *exact = NULL, *found = NULL;
	size_t i, len = strlen(what);

	for (i = 0; i < m->ncontainers; i++) {	/* exact name or ID first */
		struct nsi_container *c = m->containers[i];
		int hit = (c->name && strcmp(c->name, what) == 0) ||
			  strcmp(c->id, what) == 0;
		size_t j;

		for (j = 0; !hit && j < c->nnames; j++)
			hit = strcmp(c->names[j], what) == 0;
		if (!hit)
			continue;
		if (exact)	/* a user's may have anyone's ID or name */
			goto ambiguous;
		exact = c;
	}
	if (len < 4)
		goto done;
	for (i = 0; i < m->ncontainers; i++) {
		struct nsi_container *c = m->containers[i];

		if (c == exact || strncmp(c->id, what, len) != 0)
			continue;
		/* A name that is another container's ID prefix (a user may
		 * name its container so): ambiguous, never a silent pick.
		 * An ID that is a name (lxc, nspawn) is not an ID's prefix. */
		if (exact && c->name && strcmp(c->name, c->id) == 0)
			continue;
		if (found || exact)
			goto ambiguous;
		found = c;
	}
done:
	if (exact || found)
		return exact ? exact : found;
	errno = ENOENT;
	return NULL;
ambiguous:
	errno = EINVAL;
	return NULL;
}

long nsi_container_owner(const struct nsi_container *c)
{
	return c->rootless ? (long)c->owner_uid : NSI_OWNER_SYSTEM;
}

const char *nsi_container_label(const struct nsi_container *c)
{
	return c->name ? c->name : c->short_id;
}

int nsi_container_add_name(struct nsi_container *c, const char *name)
{
	char **v, *copy;
	size_t i;

	if (c->nnames >= NSI_CONTAINER_NAMES_MAX)
		return 0;
	for (i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i], name) == 0)
			return 0;
	copy = strdup(name);
	v = copy ? realloc(c->names, (c->nnames + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(copy);
		return -ENOMEM;
	}
	c->names = v;
	c->names[c->nnames++] = copy;
	return 0;
}
