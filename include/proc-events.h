/*
 * proc-events.h - fork, exec and exit events (proc-events.c: the
 * proc connector, through netlink.c).
 */
#ifndef NSI_PROC_EVENTS_H
#define NSI_PROC_EVENTS_H

#include <stddef.h>
#include <sys/types.h>

/**
 * struct nsi_proc_events - a subscription to the kernel's process events
 * (the proc connector: NETLINK_CONNECTOR, CN_IDX_PROC, <linux/cn_proc.h>;
 * proc-events.c).  Opaque.
 */
struct nsi_proc_events;

/**
 * nsi_proc_events_open() - subscribe to the process events
 * (PROC_CN_MCAST_LISTEN) and wait for the kernel to acknowledge it.
 * @evp: set to the subscription, owned by the caller
 *       (nsi_proc_events_close()).
 *
 * Return: 0; -EPERM without CAP_NET_ADMIN; -ENOTSUP when the kernel does
 * not answer (outside the initial user and PID namespaces); -ENOMEM, or
 * another -errno of socket(2), bind(2) or sendto(2).
 */
int nsi_proc_events_open(struct nsi_proc_events **evp);

/**
 * nsi_proc_events_drain() - append to a PID array the processes that
 * events named since the last call, without waiting: the thread-group
 * leaders of every fork of a process (not of a thread), exit of a
 * process, exec, change of UID, GID or session, ptrace attach or detach,
 * change of command name (PR_SET_NAME) and core dump.  A PID may appear
 * more than once.
 * @ev:    the subscription.
 * @pids:  the array (realloc'd as it grows; the caller owns and frees
 *         it).
 * @n:     the number of PIDs in it, increased.
 * @alloc: its allocated length, in PIDs.
 *
 * Return: 0 when every event was read; -ENOBUFS when some were lost (the
 * socket's queue overflowed; those read are still appended): the caller
 * must not trust that a PID it did not see was left alone; -ENOMEM;
 * another -errno of recv(2).
 */
int nsi_proc_events_drain(struct nsi_proc_events *ev, pid_t **pids,
			  size_t *n, size_t *alloc);

/**
 * nsi_proc_events_fd() - the socket of a subscription, to poll(2) for
 * POLLIN: events wait to be drained (nsi_proc_events_drain()).
 * @ev: the subscription.
 *
 * Return: the file descriptor, owned by @ev.
 */
int nsi_proc_events_fd(const struct nsi_proc_events *ev);

/**
 * nsi_proc_events_close() - end a subscription (PROC_CN_MCAST_IGNORE)
 * and free it.
 * @ev: the subscription, or NULL.
 */
void nsi_proc_events_close(struct nsi_proc_events *ev);

#endif /* NSI_PROC_EVENTS_H */
