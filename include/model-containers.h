/*
 * model-containers.h - the containers of the model (model-containers.c):
 * struct nsi_container, found by (runtime, ID, owner) through a hash map
 * keyed by ID, and by what a user types (a name, an ID or its prefix).
 * model.h includes it; the processes and namespaces point to them.
 */
#ifndef NSI_MODEL_CONTAINERS_H
#define NSI_MODEL_CONTAINERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct nsi_model;
struct nsi_proc;

/**
 * struct nsi_container - a container, found from the cgroup paths of its
 * processes (/proc/PID/cgroup, cgroups(7)) and named by its engine.
 * @runtime: a static string: "docker", "containerd" (cri-containerd
 *           scopes), "cri-o" (crio scopes), "cri" (kubepods paths of an
 *           unknown runtime), "podman", "lxc" or "nspawn" (systemd-nspawn
 *           machines).
 * @id:      the container ID (64 hex digits for docker, containerd, cri
 *           and podman) or, for lxc and nspawn, its name; owned.
 * @name:    its name from the engine (Docker Engine API, without the
 *           leading '/'), or NULL when the engine was not asked; owned.
 * @image:   its image from the engine, or NULL; owned.
 * @network_mode: Docker's HostConfig.NetworkMode ("default", "bridge",
 *           "host", "none", "container:ID" or a network name), or NULL;
 *           owned.
 * @pod:     the Kubernetes pod UID of a kubepods path, or NULL; owned.
 * @short_id: the first 12 characters of @id.
 * @nprocs:  its processes in the model (set by nsi_model_finish()).
 * @rep:     its process with the lowest PID (borrowed), or NULL.
 * @pod_name: the Kubernetes pod's name, from the OCI bundle's annotations
 *           (containerd CRI: io.kubernetes.cri.sandbox-name; CRI-O:
 *           io.kubernetes.pod.name), or NULL; owned.
 * @pod_namespace: the pod's Kubernetes namespace, likewise
 *           (io.kubernetes.cri.sandbox-namespace, io.kubernetes.pod.namespace),
 *           or NULL; owned.
 * @sandbox: 1 when the bundle says it is the pod's sandbox (the "pause"
 *           container that holds the pod's net, ipc and uts namespaces),
 *           0 otherwise.
 * @bundle_read: 1 once its OCI bundle was looked for (nsi_bundle_container()):
 *           each bundle is read at most once per model.
 * @caps_default, @caps_default_known, @caps_default_name: its engine's
 *           default bounding set (struct nsi_cap_default of caps-default.h),
 *           set once by nsi_cap_defaults_fill(); @caps_default_name NULL
 *           until then.
 * @names:   every name the engine lists it under, @name first (Docker
 *           gives a container a second name "/LINKER/ALIAS" for each
 *           --link to it), @nnames of them; NULL when the engine was not
 *           asked.  Owned, each string too.  For lxc, nspawn and libvirt,
 *           whose ID is the name, @name is a copy of @id and @names NULL.
 *
 * @rootless: 1 for a container of user @owner_uid: a rootless Podman
 *           container found from the per-user state of that user
 *           (nsi_podman_rootless()), or any container in a cgroup subtree
 *           delegated to that user (struct nsi_cgroup_ref.user_owned).  It
 *           is another container than the system's of the same runtime and
 *           ID (nsi_model_get_container_of()).  Only that
 *           user's engine (its files, its API socket) may name it.
 * @owner_uid: with @rootless, the user whose it is.
 *
 * Private: @mark, a stamp nsi_model_finish() uses to list each container
 * of a namespace once; @same_id, the next container of the model with the
 * same @id and owner (another runtime: as many as the runtimes nsinspect
 * knows), or NULL; @map_key, its key in the model's map: @id, a NUL and
 * the owner (nsi_container_owner()) as 8 bytes, owned.
 */
struct nsi_container {
	const char *runtime;
	char *id;
	char short_id[13];
	char *name;
	char *image;
	char *network_mode;
	char *pod;
	size_t nprocs;
	struct nsi_proc *rep;
	char *pod_name;
	char *pod_namespace;
	int sandbox;
	int bundle_read;
	uint64_t caps_default;
	int caps_default_known;
	const char *caps_default_name;
	char **names;
	size_t nnames;
	int rootless;
	uid_t owner_uid;
	/* private */
	size_t mark;
	struct nsi_container *same_id;
	char *map_key;
};

/**
 * nsi_model_get_container() - find a container by runtime and ID,
 * creating it when @create is set.  O(1) on average (hash by ID and
 * owner).
 * @m:       the model.
 * @runtime: a static runtime name (see struct nsi_container).
 * @id:      its ID; copied when created.
 * @create:  0 to look up only.
 *
 * Return: the container, owned by @m; NULL when absent and not created,
 * or with errno ENOMEM.
 */
struct nsi_container *nsi_model_get_container(struct nsi_model *m,
					      const char *runtime,
					      const char *id, int create);

/** NSI_OWNER_SYSTEM - the owner argument of a system engine's container. */
#define NSI_OWNER_SYSTEM (-1L)

/**
 * nsi_model_get_container_of() - nsi_model_get_container() for the
 * containers of one owner: a user's container (rootless Podman, or one in
 * the user's delegated cgroup subtree) is never the system engine's of the
 * same runtime and ID, nor another user's.  O(1) on average.
 * @m, @runtime, @id, @create: as nsi_model_get_container().
 * @owner:   the user's UID, or NSI_OWNER_SYSTEM; a container made for a
 *           UID has struct nsi_container.rootless set and that
 *           owner_uid.
 *
 * Return: the container, owned by @m; NULL when absent and not created,
 * or with errno ENOMEM.
 */
struct nsi_container *nsi_model_get_container_of(struct nsi_model *m,
						 const char *runtime,
						 const char *id, long owner,
						 int create);

/**
 * nsi_model_claim_container() - give container @c, found under a runtime
 * that could not be told from its cgroup path ("unknown"), the runtime of
 * the engine that lists its ID; its processes and namespaces keep it.
 * @m:       the model that owns @c.
 * @c:       the container.
 * @runtime: the static runtime name of the engine.
 *
 * Return: 0, or -EEXIST when @m has a container of @runtime with that ID
 * already (@c is left as it was).  Allocates nothing.
 */
int nsi_model_claim_container(struct nsi_model *m, struct nsi_container *c,
			      const char *runtime);

/**
 * nsi_model_find_container() - find a container by what a user types:
 * its name (any of @names), its full ID, or a unique prefix of its ID
 * (at least 4 hex digits), as docker(1) accepts.  Linear in the
 * containers and their names.
 * @m:    the model.
 * @what: the name or ID.
 *
 * Return: the container (owned by @m); NULL with errno ENOENT when none
 * matches, or EINVAL when more than one does: an ID prefix of two, a name
 * or ID two containers have (a user's container may have anyone's ID or
 * name), or a name that is another container's ID prefix (never a silent
 * pick).
 */
struct nsi_container *nsi_model_find_container(const struct nsi_model *m,
					       const char *what);

/**
 * nsi_container_owner() - the owner part of a container's key (runtime,
 * ID, owner): the UID of a rootless one's user, NSI_OWNER_SYSTEM for a
 * system engine's.  A user's container may have a system one's ID (or
 * another user's): only the three together name one container.
 * @c: the container.
 *
 * Return: the owner, as nsi_model_get_container_of() takes it.
 */
long nsi_container_owner(const struct nsi_container *c);

/**
 * nsi_container_label() - how a container is shown: "NAME" when the
 * engine named it (whole: for lxc, nspawn and libvirt the ID is the
 * name), else the first 12 characters of its ID.
 * @c: the container.
 *
 * Return: a pointer to @c->name or @c->short_id, valid while @c lives.
 */
const char *nsi_container_label(const struct nsi_container *c);

/** NSI_CONTAINER_NAMES_MAX - names kept per container (an engine's
 * answer is untrusted: it bounds the cost of each name added and looked
 * up). */
#define NSI_CONTAINER_NAMES_MAX	64

/**
 * nsi_container_add_name() - add @name to the names @c is listed under
 * (@c->names), unless it is there already or @c has
 * NSI_CONTAINER_NAMES_MAX of them (then it is dropped: Docker gives one
 * name per --link, so only a hostile answer lists more).
 * @c:    the container.
 * @name: the name, copied.
 *
 * Return: 0 or -ENOMEM (@c unchanged).
 */
int nsi_container_add_name(struct nsi_container *c, const char *name);

/**
 * nsi_model_release_containers() - free every container of @m, its array
 * and its map (nsi_model_release() does, with the rest of the model).
 * @m: the model.
 */
void nsi_model_release_containers(struct nsi_model *m);

#endif /* NSI_MODEL_CONTAINERS_H */
