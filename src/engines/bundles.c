/*
 * bundles.c - what a container's OCI bundle says of it: the config.json
 * (OCI runtime spec, config.md) that containerd's shim and CRI-O keep in
 * their state directories, whose annotations name a Kubernetes
 * container, its image and its pod, and tell a pod's sandbox from its
 * containers.  No engine is asked: the files are read, each at most once
 * per model, only for containers the model has.
 *
 * The state directories are root's; what is in a bundle is not: a
 * Kubernetes user picks the pod's and the container's names, the image
 * and the annotations, and anyone allowed to run ctr writes any of it.
 * So the components below a state directory are opened with O_NOFOLLOW,
 * the file with O_NONBLOCK, fstat(2)-checked (a regular file of at most
 * NSI_BUNDLE_MAX bytes), parsed with json-c, and every string taken is
 * checked (no NUL byte, at most NSI_BUNDLE_STRING_MAX bytes) and shown
 * escaped by the renderers.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bundles.h"
#include "engine-json.h"
#include "fileio.h"
#include "model.h"

/* containerd's task state directories: a system containerd's, and that
 * of dockerd's own containerd. */
static const char *const containerd_state_dirs[] = {
	"run/containerd/io.containerd.runtime.v2.task",
	"var/run/docker/containerd/daemon/io.containerd.runtime.v2.task",
};
static const size_t containerd_nstate_dirs =
	sizeof(containerd_state_dirs) / sizeof(containerd_state_dirs[0]);

/* CRI-O's (containers/storage) container directories: its run root, then
 * its root. */
static const char *const crio_state_dirs[] = {
	"var/run/containers/storage/overlay-containers",
	"var/lib/containers/storage/overlay-containers",
};
static const size_t crio_nstate_dirs =
	sizeof(crio_state_dirs) / sizeof(crio_state_dirs[0]);

/* The namespace the CRI plugin of containerd puts its containers in. */
#define CRI_NAMESPACE	"k8s.io"

/*
 * A containerd state directory holds the namespaces its root made; past
 * this many, the others are not looked in (the cost per container stays
 * bounded).  Not few: containerd keeps the directory of every namespace
 * once used, and with a limit of 64 a namespace made after 64 others
 * was taken for none (the CI's containerd.sh failed so after 70 runs).
 */
#define NAMESPACES_MAX	1024

/* The annotations read (containerd's pkg/cri/annotations, CRI-O's
 * pkg/annotations and kubelet's labels). */
#define CRI_TYPE	"io.kubernetes.cri.container-type"
#define CRI_NAME	"io.kubernetes.cri.container-name"
#define CRI_IMAGE	"io.kubernetes.cri.image-name"
#define CRI_POD_NAME	"io.kubernetes.cri.sandbox-name"
#define CRI_POD_NS	"io.kubernetes.cri.sandbox-namespace"
#define CRIO_TYPE	"io.kubernetes.cri-o.ContainerType"
#define CRIO_IMAGE	"io.kubernetes.cri-o.ImageName"
#define CRIO_MANAGER	"io.container.manager"
#define K8S_NAME	"io.kubernetes.container.name"
#define K8S_POD_NAME	"io.kubernetes.pod.name"
#define K8S_POD_NS	"io.kubernetes.pod.namespace"

/* The root directory the state directories are below. */
static const char *root_of(const char *root)
{
	return root ? root : "/";
}

/*
 * openat(2) of one directory @name below @dirfd, never through a symbolic
 * link.  Return: an fd or -errno.
 */
static int open_component(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY |
			O_CLOEXEC | O_DIRECTORY);

	return fd < 0 ? -errno : fd;
}

/* Is @s a single path component a runtime may have made (no '/', not
 * "." or "..", not empty)? */
static int is_component(const char *s)
{
	return s && *s && !strchr(s, '/') && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0 && strlen(s) < 256;
}

/*
 * Open ROOT/@dir/@a/@b/@file: @dir is a state directory of root's (its
 * own symbolic links, such as /var/run -> /run, are followed), the rest
 * comes from data (a cgroup path) and is opened component by component
 * with O_NOFOLLOW.  @b may be NULL.  Return: an fd of a regular file or
 * -errno (-EMEDIUMTYPE when it is not a regular file).
 */
static int open_bundle(const char *root, const char *dir, const char *a,
		       const char *b, const char *file)
{
	const char *comps[2] = { a, b };
	int fd, next, i;

	/*
	 * A state directory that is not there or not ours to open (the
	 * runtime is not installed, or keeps it closed) holds no bundle
	 * we could read: that is no container's fault, nothing to report.
	 */
	fd = open(root_of(root), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	next = openat(fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	close(fd);
	if (next < 0)
		return -ENOENT;
	fd = next;
	for (i = 0; i < 2; i++) {
		if (!comps[i])
			continue;
		next = open_component(fd, comps[i]);
		close(fd);
		if (next < 0)
			return next;
		fd = next;
	}
	next = nsi_open_regular(fd, file, NSI_OPEN_NOFOLLOW);
	close(fd);
	return next;
}

/* The path of CRI-O's bundle file below its container directory. */
#define CRIO_USERDATA	"userdata"

int nsi_bundle_exists(const char *root, const char *ns, const char *id)
{
	size_t i;

	if (!is_component(ns) || !is_component(id))
		return 0;
	for (i = 0; i < containerd_nstate_dirs; i++) {
		int fd = open_bundle(root, containerd_state_dirs[i], ns, id,
				 "config.json");
		if (fd >= 0) {
			close(fd);
			return 1;
		}
	}
	return 0;
}

/*
 * The string annotation @key of @ann, or NULL when absent, not a string,
 * empty, longer than NSI_BUNDLE_STRING_MAX or holding a NUL byte.
 */
static const char *annotation(struct json_object *ann, const char *key)
{
	struct json_object *v;
	const char *s;
	int n;

	if (!ann || !json_object_object_get_ex(ann, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (n <= 0 || (size_t)n > NSI_BUNDLE_STRING_MAX ||
	    memchr(s, '\0', (size_t)n))
		return NULL;
	return s;
}

/* *@dst = a copy of @s (NULL stays NULL).  Return: 0 or -ENOMEM. */
static int take(char **dst, const char *s)
{
	*dst = NULL;
	if (!s)
		return 0;
	*dst = strdup(s);
	return *dst ? 0 : -ENOMEM;
}

void nsi_bundle_free(struct nsi_bundle *b)
{
	free(b->name);
	free(b->image);
	free(b->pod_name);
	free(b->pod_namespace);
	memset(b, 0, sizeof(*b));
}

int nsi_bundle_parse(const char *buf, size_t len, const char *runtime,
		     const char *id, struct nsi_bundle *b)
{
	struct json_object *root, *ann = NULL;
	const char *type, *name, *image, *pod, *podns, *mgr;
	int rc = 0;

	memset(b, 0, sizeof(*b));
	if (len > NSI_BUNDLE_MAX)
		return -EBADMSG;
	root = nsi_json_parse(buf, len, json_type_object, &rc);
	if (!root)
		return rc;
	if (json_object_object_get_ex(root, "annotations", &ann) &&
	    !json_object_is_type(ann, json_type_object))
		ann = NULL;
	b->runtime = runtime;
	if (strcmp(runtime, "cri-o") == 0) {
		/* Podman keeps its own bundles in the same storage */
		mgr = annotation(ann, CRIO_MANAGER);
		if (mgr && strcmp(mgr, "cri-o") != 0) {
			json_object_put(root);
			return 0;
		}
		type = annotation(ann, CRIO_TYPE);
		name = annotation(ann, K8S_NAME);
		image = annotation(ann, CRIO_IMAGE);
		pod = annotation(ann, K8S_POD_NAME);
		podns = annotation(ann, K8S_POD_NS);
	} else {
		type = annotation(ann, CRI_TYPE);
		name = annotation(ann, CRI_NAME);
		image = annotation(ann, CRI_IMAGE);
		pod = annotation(ann, CRI_POD_NAME);
		podns = annotation(ann, CRI_POD_NS);
	}
	b->sandbox = type && strcmp(type, "sandbox") == 0;
	b->cri = type != NULL;
	/*
	 * A sandbox has no container name of its own (CRI-O calls it
	 * "POD"): it is shown by ID as its pod's sandbox.  A container
	 * ctr made has no annotations: its name is its ID, as ctr shows
	 * it; its image is in containerd's metadata only, not here.
	 */
	if (b->sandbox)
		name = NULL;
	else if (!b->cri && strcmp(runtime, "containerd") == 0)
		name = id;
	if (take(&b->name, name) < 0 || take(&b->image, image) < 0 ||
	    take(&b->pod_name, pod) < 0 || take(&b->pod_namespace, podns) < 0)
		rc = -ENOMEM;
	json_object_put(root);
	if (rc < 0) {
		nsi_bundle_free(b);
		return rc;
	}
	return 1;
}

/* Read and parse the bundle open at @fd. */
static int read_bundle(int fd, const char *runtime, const char *id,
		       struct nsi_bundle *b)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = nsi_read_fd(fd, NSI_BUNDLE_MAX, &buf, &len);

	close(fd);
	if (rc < 0)
		return rc;
	rc = nsi_bundle_parse(buf, len, runtime, id, b);
	free(buf);
	return rc;
}

/* containerd's bundle of @ns/@id in one of its state directories. */
static int containerd_in(const char *root, const char *ns, const char *id,
			 struct nsi_bundle *b)
{
	size_t i;

	for (i = 0; i < containerd_nstate_dirs; i++) {
		int fd = open_bundle(root, containerd_state_dirs[i], ns,
				     id, "config.json");

		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		return read_bundle(fd, "containerd", id, b);
	}
	return 0;
}

/*
 * containerd's bundle of @id in any namespace: the CRI plugin's first,
 * then each of the others of each state directory (at most
 * NAMESPACES_MAX of them per directory).
 */
static int containerd_any(const char *root, const char *id,
			  struct nsi_bundle *b)
{
	size_t i;
	int rc = containerd_in(root, CRI_NAMESPACE, id, b);

	if (rc != 0)
		return rc;
	for (i = 0; i < containerd_nstate_dirs; i++) {
		char path[PATH_MAX];
		struct dirent *de;
		DIR *d;
		int n = 0, fd;

		snprintf(path, sizeof(path), "%s/%s", root_of(root),
			 containerd_state_dirs[i]);
		d = opendir(path);
		if (!d)
			continue;
		while (rc == 0 && n++ < NAMESPACES_MAX && (de = readdir(d))) {
			if (de->d_name[0] == '.' ||
			    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN) ||
			    strcmp(de->d_name, CRI_NAMESPACE) == 0)
				continue;
			fd = open_bundle(root, containerd_state_dirs[i],
					 de->d_name, id, "config.json");
			if (fd == -ENOENT)
				continue;
			rc = fd < 0 ? fd : read_bundle(fd, "containerd", id,
							b);
		}
		closedir(d);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* CRI-O's bundle of @id (ID/userdata/config.json). */
static int crio_in(const char *root, const char *id, struct nsi_bundle *b)
{
	size_t i;

	for (i = 0; i < crio_nstate_dirs; i++) {
		int fd = open_bundle(root, crio_state_dirs[i], id,
				     CRIO_USERDATA, "config.json");
		int rc;

		if (fd == -ENOENT)
			continue;
		if (fd < 0)
			return fd;
		rc = read_bundle(fd, "cri-o", id, b);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int nsi_bundle_read(const char *root, const char *runtime, const char *ns,
		    const char *id, struct nsi_bundle *b)
{
	int rc = 0;

	memset(b, 0, sizeof(*b));
	if (!is_component(id) || (ns && !is_component(ns)))
		return 0;
	if (strcmp(runtime, "containerd") == 0 || strcmp(runtime, "cri") == 0)
		rc = ns ? containerd_in(root, ns, id, b) :
			containerd_any(root, id, b);
	if (rc == 0 && (strcmp(runtime, "cri-o") == 0 ||
			strcmp(runtime, "cri") == 0))
		rc = crio_in(root, id, b);
	return rc;
}

int nsi_bundle_ns_known(struct nsi_model *m, const char *ns)
{
	size_t i, n = strlen(ns);
	const char *s;

	if (!m->ctr_namespaces_read) {
		char *list = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&list, &len);

		m->ctr_namespaces_read = 1;
		if (!f)
			return 0;
		for (i = 0; i < containerd_nstate_dirs; i++) {
			char path[PATH_MAX];
			struct dirent *de;
			int k = 0;
			DIR *d;

			snprintf(path, sizeof(path), "%s/%s",
				 root_of(m->state_root),
				 containerd_state_dirs[i]);
			d = opendir(path);
			if (!d)
				continue;
			while (k++ < NAMESPACES_MAX && (de = readdir(d)))
				if (de->d_name[0] != '.')
					fprintf(f, "%s\n", de->d_name);
			closedir(d);
		}
		if (fclose(f) != 0) {
			free(list);
			return 0;
		}
		m->ctr_namespaces = list;
	}
	for (s = m->ctr_namespaces; s && *s; s = strchr(s, '\n') + 1)
		if (strncmp(s, ns, n) == 0 && s[n] == '\n')
			return 1;
	return 0;
}

int nsi_bundle_wanted(const char *runtime)
{
	return strcmp(runtime, "containerd") == 0 ||
	       strcmp(runtime, "cri-o") == 0 || strcmp(runtime, "cri") == 0;
}

void nsi_bundle_apply(struct nsi_container *c, struct nsi_bundle *b)
{
#define MOVE(f) do { if (b->f && !c->f) { c->f = b->f; b->f = NULL; } } \
	while (0)
	MOVE(name);
	MOVE(image);
	MOVE(pod_name);
	MOVE(pod_namespace);
#undef MOVE
	c->sandbox = b->sandbox;
	c->bundle_read = 1;
}
