/*
 * nsinfo.h - what is read inside namespaces: host names and user
 * namespace ID maps (nsinfo.c).
 */
#ifndef NSI_NSINFO_H
#define NSI_NSINFO_H

#include <stddef.h>

#include "model.h"

/**
 * NSI_MAPS_BUDGET_MS - how long, in milliseconds, the children of one
 * nsi_userns_maps_read() may take in all to enter the user
 * namespaces no process is in, whose ID maps they show.
 */
#define NSI_MAPS_BUDGET_MS 1000

/**
 * nsi_uts_collect() - read the host name of every uts namespace of @m
 * into ns->hostname: uname(2) inside each, in one child process
 * (nsi_visit_each()).  A namespace that cannot be entered keeps NULL.
 * @m:      a finished model.
 * @procfd: a proc-root fd.
 *
 * Return: 0, -ENOMEM, or -errno when the child could not be started.
 */
int nsi_uts_collect(struct nsi_model *m, int procfd);

/**
 * nsi_uts_collect_one() - nsi_uts_collect() of one uts namespace: one
 * child process enters @ns alone (nsi_visit_some()).
 * @m:      a finished model.
 * @procfd: a proc-root fd.
 * @ns:     the namespace, in @m.
 *
 * Return: 0, -EINVAL when @ns is no uts namespace with an inode, -ENOMEM,
 * or -errno when the child could not be started.
 */
int nsi_uts_collect_one(struct nsi_model *m, int procfd, struct nsi_ns *ns);

/**
 * nsi_idmap_format() - an ID map (the text of /proc/PID/uid_map or
 * gid_map, user_namespaces(7)) on one line: each line's fields separated
 * by one space, lines joined by ", " ("0 1000 1, 1 100000 65536").
 * @buf: the file's bytes; @len of them.
 * @len: their number.
 * @out: set to a malloc'd string owned by the caller.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_idmap_format(const char *buf, size_t len, char **out);

/**
 * nsi_userns_maps_read() - read PROC/PID/uid_map and gid_map of the
 * lowest PID of every user namespace of @m into ns->uid_map and
 * ns->gid_map (nsi_idmap_format()).  For a namespace no process is in, a
 * forked child enters it (setns(2) on nsi_ns_open(), which needs
 * CAP_SYS_ADMIN in it) and waits while its maps are read, then is killed
 * and reaped: one fork per such namespace.  A namespace that cannot be
 * entered, or whose files cannot be read, keeps NULL.  The children of
 * one call share NSI_MAPS_BUDGET_MS to be ready (the owner of the
 * namespace may stop one that entered it); those that were not are
 * killed, their maps stay NULL, and m->maps_timed_out counts them.
 * @m:      a finished model.
 * @procfd: a proc-root fd.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_userns_maps_read(struct nsi_model *m, int procfd);

/**
 * nsi_userns_maps_read_one() - nsi_userns_maps_read() of one user
 * namespace: the maps of its lowest PID, or, when no process is in it,
 * of a child that entered it, within NSI_MAPS_BUDGET_MS.
 * @m:      the model (m->maps_timed_out counts a child not ready in time).
 * @procfd: a proc-root fd.
 * @ns:     the namespace; another type, or the unknown group, is left
 *          alone.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_userns_maps_read_one(struct nsi_model *m, int procfd,
			     struct nsi_ns *ns);

#endif /* NSI_NSINFO_H */
