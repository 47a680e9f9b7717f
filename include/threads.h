/*
 * threads.h - what the threads of a process tell apart from their
 * leader (threads.c).
 */
#ifndef NSI_THREADS_H
#define NSI_THREADS_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "procfs.h"

/* Flags of nsi_proc_read_threads(). */
#define NSI_THREADS_LEADER_NS	(1u << 0)	/* a zombie leader's links */
#define NSI_THREADS_CAPS	(1u << 1)	/* threads with other caps */

/**
 * nsi_proc_read_threads() - what the threads of @p tell apart from their leader
 * (threads.c), through the pin of @p: its task directory
 * (/proc/PID/task, proc(5)).
 * @m:     the model (m->have_type: the namespace types read).
 * @pin:   where the files of @p are (nsi_pin_open()).
 * @p:     the process, its status read.
 * @flags: NSI_THREADS_LEADER_NS: @p is a zombie leader (pthread_exit(3))
 *         whose threads live on: each namespace link it lacks (ns_errno
 *         ENOENT) is taken from the first live thread that has it, so
 *         that the process is counted in the namespaces it is in.
 *         NSI_THREADS_CAPS: read the status of every other thread and
 *         keep those whose capability sets differ from @p's (their
 *         caps_differ set) in p->threads: one status read per thread.
 * @tids:  TIDs of @p asked for by the user (-p TID, --caps TID), @ntids
 *         of them: each is kept in p->threads, with its status and its
 *         own namespace links.
 *
 * A thread that exits meanwhile is skipped.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_proc_read_threads(struct nsi_model *m, const struct nsi_pin *pin,
			  struct nsi_proc *p, unsigned int flags,
			  const pid_t *tids, size_t ntids);

/**
 * nsi_thread_of() - the process a thread ID belongs to: the Tgid line of
 * PROC/TID/status (proc(5): /proc/TID exists for every thread, although
 * readdir(3) lists only processes).
 * @procfd: a proc-root fd.
 * @tid:    the ID.
 *
 * Return: its process's PID when @tid is a thread that is not its
 * process's leader; 0 when @tid is a process, or no task at all.
 */
pid_t nsi_thread_of(int procfd, pid_t tid);

#endif /* NSI_THREADS_H */
