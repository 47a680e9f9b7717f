/*
 * containers.h - which container a process runs in (containers.c): its
 * /proc/PID/cgroup parsed by the rules of cgroup-rules.h, the container
 * made in the model with what its OCI bundle tells (bundles.h).
 */
#ifndef NSI_CONTAINERS_H
#define NSI_CONTAINERS_H

#include "model.h"

struct nsi_pin;

/**
 * nsi_proc_read_container() - attribute a process to its container: read
 * PROC/PID/cgroup, parse it (nsi_cgroup_parse_at(), a containerd
 * namespace's bundle asked of @m's state root), and set p->container,
 * creating the container in @m (nsi_model_get_container()) with what
 * its OCI bundle tells (nsi_bundle_read()), or NULL on the host or when
 * it cannot be read.  Call before nsi_model_finish(), which counts each
 * container's processes.
 * @m:      the model the container goes in.
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_proc_read_container(struct nsi_model *m, const struct nsi_pin *pin,
			    struct nsi_proc *p);

#endif /* NSI_CONTAINERS_H */
