/*
 * proc-read.h - the one per-process read pipeline of every view
 * (proc-read.c): what a view reads of each process, in which order,
 * through one pin of its /proc/PID.
 */
#ifndef NSI_PROC_READ_H
#define NSI_PROC_READ_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"

struct nsi_holders;

/* What nsi_proc_read() reads (flags; which view reads what: view.c). */
#define NSI_READ_STATUS		(1u << 0)	/* PROC/PID/status */
#define NSI_READ_NS		(1u << 1)	/* the namespace links */
/* the links before the status: the caller knows whether the process is
 * a zombie (libproc2's stat, NSI_SCAN_STAT); else the status comes first
 * and its State tells */
#define NSI_READ_NS_FIRST	(1u << 2)
/* a zombie leader's (pthread_exit(3)) links from its live threads */
#define NSI_READ_THREADS_NS	(1u << 3)
/* the threads whose capability sets differ from the leader's */
#define NSI_READ_THREADS_CAPS	(1u << 4)
#define NSI_READ_CONTAINER	(1u << 5)	/* PROC/PID/cgroup */
#define NSI_READ_CMDLINE	(1u << 6)	/* PROC/PID/cmdline */
/* the command line only of the first process (lowest PID: libproc2 lists
 * by PID) of one of its namespaces: its row's COMMAND */
#define NSI_READ_CMDLINE_FIRST	(1u << 7)
/* its threads and open files, for a holder search (pins with
 * PROC/PID/fd, which the search lists) */
#define NSI_READ_HOLDERS	(1u << 8)
/* the file capabilities of its executable (PROC/PID/exe) */
#define NSI_READ_FILECAPS	(1u << 9)
/* its LSM label (PROC/PID/attr/) */
#define NSI_READ_LSM		(1u << 10)
/* PROC/PID/stat and the owner of PROC/PID instead of the status
 * (nsi_proc_read_stat()): what the namespace view needs of every process */
#define NSI_READ_STAT		(1u << 11)

/**
 * struct nsi_read_opts - what nsi_proc_read() needs besides the flags.
 * @zombie:  with NSI_READ_NS_FIRST, 1 when the process is a zombie (its
 *           missing links mean it left those namespaces).
 * @holders: the holder search, with NSI_READ_HOLDERS (borrowed).
 * @tids:    TIDs of this process asked for by the user (-p TID, --caps
 *           TID), @ntids of them (borrowed): each is read
 *           (nsi_proc_read_threads()).
 * @ntids:   see @tids.
 */
struct nsi_read_opts {
	int zombie;
	struct nsi_holders *holders;
	const pid_t *tids;
	size_t ntids;
};

/**
 * nsi_proc_read() - read what @what asks of @p, through one pin of its
 * /proc/PID (nsi_pin_open()): a PID given to a new process meanwhile
 * shows as an exit (the process is dropped), never as a mix of two
 * processes.  The order: the status, then the namespace links (the
 * links first with NSI_READ_NS_FIRST), the threads (nsi_proc_read_threads():
 * a zombie leader's links with NSI_READ_THREADS_NS, the threads whose
 * capabilities differ with NSI_READ_THREADS_CAPS, the TIDs asked for),
 * the container (nsi_proc_read_container(): its own cgroup, not that of
 * another member of its mount namespace, which a host process may have
 * entered with a lower PID), the command line (nsi_proc_read_cmdline()),
 * the file capabilities and the LSM label (proc-security.h), and
 * last the holders (nsi_holders_proc(), after every other read).
 * @m:     the model @p will join.
 * @procfd: a proc-root fd.
 * @p:     the process (pid set).
 * @what:  NSI_READ_* flags.
 * @o:     the options (not NULL).
 *
 * Return: 0 to keep @p, 1 when it has exited (or its links could not be
 * read at all: drop it), or -ENOMEM; an nsi_fill_fn's convention.
 */
int nsi_proc_read(struct nsi_model *m, int procfd, struct nsi_proc *p,
		  unsigned int what, const struct nsi_read_opts *o);

struct nsi_report;

/**
 * nsi_proc_read_security() - the file capabilities (NSI_READ_FILECAPS)
 * and LSM labels (NSI_READ_LSM) of the processes shown, each through a
 * new pin (nsi_proc_read()): read only when their column is shown, or
 * for the process --audit judges.  Those that could not be read are
 * counted in @r (filecaps_unreadable, lsm_unreadable; an LSM that gives
 * no label, EINVAL, or a process that exited is not a failure).
 * @m:      the model.
 * @procfd: a proc-root fd; nothing is read with -1 (a snapshot's model,
 *          whose values, when it has them, are counted).
 * @rows:   processes, @nrows of them (borrowed).
 * @nrows:  see @rows.
 * @what:   NSI_READ_FILECAPS and/or NSI_READ_LSM.
 * @r:      counts added to; NULL for none.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_proc_read_security(struct nsi_model *m, int procfd,
			   struct nsi_proc *const *rows, size_t nrows,
			   unsigned int what, struct nsi_report *r);

#endif /* NSI_PROC_READ_H */
