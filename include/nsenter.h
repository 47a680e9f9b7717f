/*
 * nsenter.h - run code inside namespaces, in a forked child, never in the
 * main process (setns(2) changes the namespaces of the calling thread for
 * good).  One child visits every namespace of a type in turn, so the cost
 * is one fork per scan, not one per namespace.
 */
#ifndef NSI_NSENTER_H
#define NSI_NSENTER_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"

/**
 * nsi_visit_fn - runs in the child, inside one namespace.
 * @ns:  the namespace entered (the child's copy of the model).
 * @out: a memory stream: what it writes is handed to the collect
 *       function in the parent.
 * @arg: the caller's argument.
 *
 * Return: 0, or a negative errno, which the parent receives instead of
 * the payload.
 */
typedef int (*nsi_visit_fn)(struct nsi_ns *ns, FILE *out, void *arg);

/**
 * nsi_collect_fn - runs in the parent, once per namespace visited.
 * @ns:      the namespace (the parent's model).
 * @err:     0, or the negative errno from setns(2), from opening the
 *           namespace, or from the visit function.
 * @payload: what the visit function wrote (NULL when @err).
 * @len:     its length in bytes.
 * @arg:     the caller's argument.
 *
 * Return: 0, or -ENOMEM to stop.
 */
typedef int (*nsi_collect_fn)(struct nsi_ns *ns, int err,
			      const void *payload, size_t len, void *arg);

/**
 * nsi_ns_clone_flag() - the CLONE_NEW* flag of a namespace type, as
 * setns(2) takes it and ioctl NS_GET_NSTYPE returns it (ioctl_ns(2)).
 * @type: the type.
 *
 * Return: the flag, or 0 for an invalid type.
 */
int nsi_ns_clone_flag(enum nsi_ns_type type);

/**
 * nsi_ns_open() - open a namespace of the model: PROC/REPPID/ns/TYPE, or
 * one of its nsfs mount points when no process holds it; the inode is
 * checked, since a PID can be reused between the scan and now.
 * @ns:     the namespace.
 * @procfd: a proc-root fd.
 *
 * Return: an fd (O_RDONLY|O_CLOEXEC) owned by the caller, or -errno
 * (-ESTALE when the path now leads to another namespace).
 */
int nsi_ns_open(const struct nsi_ns *ns, int procfd);

/**
 * nsi_visit_each() - visit every namespace of one type in a forked child.
 * The child, for each namespace of @type with a known inode, opens it
 * (nsi_ns_open()), enters it with setns(2), runs @visit, and writes the
 * result to a pipe as a frame (namespace index, status, length, bytes).
 * The parent reads the frames as they come and calls @collect for each,
 * then reaps the child.
 * @m:       a finished model.
 * @procfd:  a proc-root fd.
 * @type:    the namespace type (mnt and user are refused with -EINVAL:
 *           a multi-threaded or chrooted child could not enter them
 *           reliably; nothing needs them yet).
 * @visit:   run in the child.
 * @collect: run in the parent.
 * @arg:     passed to both.
 *
 * Return: 0; -EINVAL for a refused type; -errno of pipe(2) or fork(2);
 * the first negative value @collect returned; -EIO when the child died
 * before it had visited every namespace (the ones not visited get
 * @collect with err -EIO).
 */
int nsi_visit_each(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   nsi_visit_fn visit, nsi_collect_fn collect, void *arg);

#endif /* NSI_NSENTER_H */
