/*
 * container.h - which container a process runs in, from its cgroup paths
 * (containers.c), and what the container engine knows of it (docker.c:
 * the Docker Engine API over its Unix socket, with libcurl).
 */
#ifndef NSI_CONTAINER_H
#define NSI_CONTAINER_H

#include <stddef.h>

#include "model.h"

struct nsi_pin;

/** NSI_DOCKER_SOCKET - where dockerd listens by default. */
#define NSI_DOCKER_SOCKET "/var/run/docker.sock"

/**
 * struct nsi_cgroup_ref - a container reference found in a cgroup path.
 * @runtime: a static runtime name, as struct nsi_container's.
 * @id:      the container ID, or the lxc/nspawn machine name.
 * @pod:     the Kubernetes pod UID, "" when none.
 */
struct nsi_cgroup_ref {
	const char *runtime;
	char id[256];
	char pod[64];
};

/**
 * nsi_cgroup_parse() - find the container in the text of /proc/PID/cgroup
 * (cgroups(7): "HIERARCHY-ID:CONTROLLERS:PATH" lines, v1 and v2).
 * Recognised path forms, in any hierarchy line:
 *   Docker, cgroupfs driver:     .../docker/<64 hex>
 *   Docker, systemd driver:      .../docker-<64 hex>.scope
 *   containerd CRI:              .../cri-containerd-<64 hex>.scope
 *   Kubernetes, cgroupfs:        .../kubepods.../pod<uid>/<64 hex>
 *   Kubernetes, systemd:         .../kubepods-...-pod<uid>.slice/<runtime>-<64 hex>.scope
 *                                (runtime "cri-containerd", "docker" or
 *                                "crio": the runtime of the scope wins)
 *   Podman:                      .../libpod-<64 hex>.scope (and
 *                                .../libpod-<64 hex>/container)
 *   LXC:                         .../lxc.payload.<name>[/...] (and the
 *                                older /lxc/<name>)
 *   systemd-nspawn:              .../machine-<name>.scope (systemd's \xNN
 *                                escapes in <name> decoded)
 * The v2 line ("0::") is preferred when it names a container; otherwise
 * the first v1 line that does.  Paths are read from the top, so a
 * container nested in another (docker in LXC) is reported as the outer
 * one, the one the host's engine knows.  Monitors (conmon, lxc.monitor)
 * and systemd-nspawn's own supervisor are not containers, nor are libvirt
 * machines (machine-qemu-*).
 * @buf: the file's bytes, need not be NUL-terminated.
 * @len: their number.
 * @ref: filled when a container is found.
 *
 * Return: 1 when a container is found, 0 when the process is on the host
 * (no line names one), -EINVAL when no line is well formed.
 */
int nsi_cgroup_parse(const char *buf, size_t len, struct nsi_cgroup_ref *ref);

/**
 * nsi_scan_containers() - attribute every process of @m to its container:
 * read PROC/PID/cgroup of each (through a pin of its own), parse it, and
 * set p->container, creating the containers in the model (nsi_model_get_container()).  Call before
 * nsi_model_finish(), which counts each container's processes.
 * @m:      the model, with its processes.
 * @procfd: a proc-root fd.
 *
 * A process that exits meanwhile keeps p->container NULL.
 *
 * Return: 0, or -ENOMEM.
 */
int nsi_scan_containers(struct nsi_model *m, int procfd);

/**
 * nsi_proc_container() - nsi_scan_containers() for one process: read
 * PROC/PID/cgroup, parse it, and set p->container (creating the
 * container in @m), or NULL on the host or when it cannot be read.
 * @m:      the model the container goes in.
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_proc_container(struct nsi_model *m, const struct nsi_pin *pin,
		       struct nsi_proc *p);

/**
 * nsi_docker_parse() - take the answer of GET /containers/json of the
 * Docker Engine API (a JSON array of objects with "Id", "Names", "Image",
 * "HostConfig": {"NetworkMode"}), and fill name, image and network_mode of
 * the docker containers of @m that it lists.  Containers it lists that
 * have no process in @m are ignored.
 * @m:   the model.
 * @buf: the JSON text (need not be NUL-terminated).
 * @len: its length.
 *
 * Return: the number of containers of @m that were named, -EBADMSG when
 * @buf is not such a JSON array (entries that lack an "Id" string are
 * skipped, not an error), or -ENOMEM.
 */
int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len);

/**
 * nsi_docker_query() - ask the Docker Engine API, once, for the running
 * containers (GET /containers/json over the Unix socket, libcurl with
 * CURLOPT_UNIX_SOCKET_PATH; read-only; libcurl.so.4 is loaded with
 * dlopen(3) at the first request, so runs that ask nothing do not pay for
 * loading it and its dependencies) and name the docker containers of
 * @m with nsi_docker_parse().  Does nothing (returns 0) when @m has no
 * docker container without a name: call it again after more containers
 * were found, it asks only when there is something to ask.
 * @m:          the model.
 * @socket_path: the socket, normally NSI_DOCKER_SOCKET.
 * @timeout_ms: the whole request's time limit (at most 1000 is sensible).
 *
 * Return: 0 or the number named; -ENOENT when there is no socket;
 * -ELIBACC when libcurl.so.4 cannot be loaded;
 * -ECONNREFUSED, -ETIMEDOUT, -EACCES or -EIO when it does not answer, or
 * answers with an HTTP status other than 200; -EBADMSG for an answer that
 * is not the JSON expected; -ENOMEM.
 */
int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms);

#endif /* NSI_CONTAINER_H */
