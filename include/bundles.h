/*
 * bundles.h - what a container's OCI bundle says of it (bundles.c): the
 * config.json (OCI runtime spec, config.md) in the state directories of
 * containerd's shims (ROOT/<dir>/<namespace>/<id>/config.json) and of
 * CRI-O (ROOT/<dir>/<id>/userdata/config.json).  Paths are relative to
 * nsi_model.state_root ("/" on a live system).
 */
#ifndef NSI_BUNDLES_H
#define NSI_BUNDLES_H

#include <stddef.h>

#include "model.h"

/** NSI_BUNDLE_MAX - the largest config.json read (bytes); bigger is an
 * error (-EFBIG), never cut.  Real ones are a few tens of KiB. */
#define NSI_BUNDLE_MAX		(4u << 20)
/** NSI_BUNDLE_STRING_MAX - the longest annotation taken (bytes); a longer
 * one is ignored, never cut.  Kubernetes names are at most 253. */
#define NSI_BUNDLE_STRING_MAX	4096

/**
 * struct nsi_bundle - what a bundle tells of its container.
 * @runtime:  "containerd" or "cri-o": whose state directory it is in
 *            (static).
 * @name:     the container's name: containerd CRI's
 *            io.kubernetes.cri.container-name, CRI-O's
 *            io.kubernetes.container.name, the ID for a container ctr made
 *            (no CRI annotations), NULL for a sandbox; owned.
 * @image:    io.kubernetes.cri.image-name or io.kubernetes.cri-o.ImageName,
 *            NULL when absent (always for ctr: the image is in containerd's
 *            metadata only); owned.
 * @pod_name, @pod_namespace: the pod's (io.kubernetes.cri.sandbox-name and
 *            -namespace; io.kubernetes.pod.name and .namespace), or NULL;
 *            owned.
 * @sandbox:  1 for a pod's sandbox (container type "sandbox").
 * @cri:      1 when it has the CRI container-type annotation.
 */
struct nsi_bundle {
	const char *runtime;
	char *name;
	char *image;
	char *pod_name;
	char *pod_namespace;
	int sandbox;
	int cri;
};

/**
 * nsi_bundle_parse() - fill @b from the text of a config.json.
 * @buf, @len: the file's bytes (at most NSI_BUNDLE_MAX).
 * @runtime:   "containerd" or "cri-o": which annotations to read.
 * @id:        the container's ID (a ctr container's name).
 * @b:         filled; nsi_bundle_free() it.
 *
 * Return: 1; 0 when it is not that runtime's (a Podman bundle in CRI-O's
 * storage: io.container.manager other than "cri-o"); -EBADMSG when it is
 * not a JSON object; -ENOMEM.
 */
int nsi_bundle_parse(const char *buf, size_t len, const char *runtime,
		     const char *id, struct nsi_bundle *b);

/**
 * nsi_bundle_read() - find and read the bundle of container @id: for
 * runtime "containerd" in namespace @ns of containerd's state directories
 * (or, @ns NULL, in k8s.io, then in each other namespace, at most 1024 per
 * directory), for "cri-o" in CRI-O's, for "cri" (a kubepods path that
 * does not name its runtime) in both.  The components below a state
 * directory are opened with O_NOFOLLOW, the file O_NONBLOCK and checked
 * to be regular and at most NSI_BUNDLE_MAX bytes.
 * @root:    the state root (nsi_model.state_root), NULL for "/".
 * @runtime: see above.
 * @ns:      the containerd namespace, or NULL.
 * @id:      the container ID.
 * @b:       filled when found; nsi_bundle_free() it.
 *
 * Return: 1 when found, 0 when there is none, -errno when one exists but
 * cannot be read (-EFBIG, -EMEDIUMTYPE, -ELOOP for a symbolic link,
 * -EBADMSG, -EACCES...), -ENOMEM.
 */
int nsi_bundle_read(const char *root, const char *runtime, const char *ns,
		    const char *id, struct nsi_bundle *b);

/**
 * nsi_bundle_exists() - is there a containerd bundle (a regular
 * config.json) for @ns/@id in one of containerd's state directories?
 * @root: the state root, NULL for "/".
 * @ns:   the containerd namespace.
 * @id:   the container ID.
 *
 * Return: 1 or 0.
 */
int nsi_bundle_exists(const char *root, const char *ns, const char *id);

/**
 * nsi_bundle_ns_known() - is @ns a namespace of containerd's state
 * directories?  They are listed once per model (at most 1024 namespaces
 * a directory), so that the cgroup paths of the host ("/system.slice/
 * cron.service") cost no look-up of a bundle.
 * @m:  the model (m->state_root, m->ctr_namespaces).
 * @ns: a namespace name.
 *
 * Return: 1 or 0 (also when the list cannot be made).
 */
int nsi_bundle_ns_known(struct nsi_model *m, const char *ns);

/**
 * nsi_bundle_wanted() - does a container of @runtime have a bundle
 * nsinspect reads ("containerd", "cri-o", "cri")?
 * @runtime: a runtime name.
 *
 * Return: 1 or 0.
 */
int nsi_bundle_wanted(const char *runtime);

/**
 * nsi_bundle_apply() - give @c what @b tells (the strings move to @c when
 * it has none yet), and mark it read (nsi_container.bundle_read).
 * @c: the container.
 * @b: the bundle, nsi_bundle_free() it still.
 */
void nsi_bundle_apply(struct nsi_container *c, struct nsi_bundle *b);

/**
 * nsi_bundle_free() - free what @b owns and zero it.
 * @b: the bundle.
 */
void nsi_bundle_free(struct nsi_bundle *b);

#endif /* NSI_BUNDLES_H */
