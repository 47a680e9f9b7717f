/*
 * source.h - collectors that fill the model from the live system, one file
 * per source:
 *   proc-libproc2.c  processes and namespace inodes from libproc2
 *   mounts.c         nsfs bind mounts from the mount table (libmount)
 *   proc-events.c    fork, exec and exit events (libmnl, the proc connector)
 *   holders.c        threads, fds, sockets and bind mounts that hold
 *                    namespaces
 * Each returns 0 or -errno and prints nothing.
 */
#ifndef NSI_SOURCE_H
#define NSI_SOURCE_H

#include <stdio.h>
#include <sys/types.h>

#include "model.h"
#include "procfs.h"

/**
 * nsi_fill_fn - completes a process listed by nsi_scan_procs().
 * @m:      the model it will join.
 * @p:      the process: pid is set, and with NSI_SCAN_STAT ppid, comm and
 *          start_time.  @fill reads the rest (the namespace links with
 *          nsi_proc_read_ns(), the status, ...) through one pin it opens
 *          with nsi_pin_open(), so that a PID reused meanwhile is seen
 *          as an exit, not as the same process.
 * @zombie: 1 for a zombie (known only with NSI_SCAN_STAT, else 0).
 * @arg:    the caller's argument.
 *
 * Return: 0 to add @p to @m, 1 to drop it (it has exited), -errno to
 * stop the scan.
 */
typedef int (*nsi_fill_fn)(struct nsi_model *m, struct nsi_proc *p,
			   int zombie, void *arg);

/* Flags of nsi_scan_procs(). */
#define NSI_SCAN_STAT	(1u << 1)	/* libproc2 reads /proc/PID/stat */

/**
 * nsi_scan_procs() - add every process of the system to @m: libproc2
 * lists them (procps_pids_new(3), procps_pids_reap(3)) with the items
 * asked for, and @fill completes each process before it is grouped into
 * the model.
 * @m:      an empty model; m->have_type is set to the types asked for that
 *          the running kernel has.
 * @procfd: a proc-root fd.
 * @types:  per enum nsi_ns_type, 1 for the types to group by; NULL for
 *          none (the process view: no namespace is read).
 * @flags:  NSI_SCAN_STAT: libproc2 reads
 *          /proc/PID/stat for ppid, comm, state and start_time (the live
 *          view); without it they come from the status that @fill must
 *          read into p->status (PPid, Name, State), and start_time stays 0.
 * @fill:   completes each process (status, container, ...), or NULL.
 * @arg:    passed to @fill.
 *
 * A process that exits during the scan is skipped and counted in
 * m->vanished.  A link that cannot be read (EACCES) leaves that inode 0,
 * records the errno in p->ns_errno and counts the process in
 * m->unreadable (nsi_proc_read_ns()); a zombie's missing links are
 * simply absent.
 *
 * Return: 0, -ENOMEM, the first negative value of @fill, or -errno when
 * libproc2 cannot start (e.g. no /proc).
 */
int nsi_scan_procs(struct nsi_model *m, int procfd, const int *types,
		   unsigned int flags, nsi_fill_fn fill, void *arg);

/**
 * nsi_scan_pids() - nsi_scan_procs() for the listed processes only
 * (procps_pids_select(3) with PIDS_SELECT_PID, in batches): the live
 * view reads again only what may have changed.
 * @m, @procfd, @types, @flags, @fill, @arg: as nsi_scan_procs().
 * @pids:  the PIDs, @npids of them; those that no longer exist are
 *         skipped (not counted in m->vanished: they were never listed).
 *
 * Return: as nsi_scan_procs().
 */
int nsi_scan_pids(struct nsi_model *m, int procfd, const int *types,
		  unsigned int flags, const pid_t *pids, size_t npids,
		  nsi_fill_fn fill, void *arg);

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
 * nsi_proc_events_close() - end a subscription (PROC_CN_MCAST_IGNORE)
 * and free it.
 * @ev: the subscription, or NULL.
 */
void nsi_proc_events_close(struct nsi_proc_events *ev);

/**
 * nsi_mounts_parse_nsfs_root() - parse the root field of an nsfs mount,
 * as mountinfo shows it: "net:[4026532008]" (proc(5)).
 * @root: the root string.
 * @type: set to the namespace type.
 * @ino:  set to the inode.
 *
 * Return: 0, or -EINVAL when @root does not have that form.
 */
int nsi_mounts_parse_nsfs_root(const char *root, enum nsi_ns_type *type,
			       ino_t *ino);

/**
 * nsi_mounts_read_stream() - add the nsfs mounts of a mountinfo file to
 * @m: each creates or finds its namespace (a namespace held only by a bind
 * mount, like /run/netns/NAME from "ip netns add", has no process) and
 * records the mount point in its nsfs paths (nsi_ns_add_nsfs(): each path
 * once, at most NSI_NS_HOLDERS_MAX, the rest counted).  Only the types of
 * m->have_type are kept.  Parsing is libmount's
 * (mnt_table_parse_stream(3)).
 * @m:        the model.
 * @f:        an open mountinfo stream.
 * @filename: its name, for libmount's messages.
 *
 * Return: 0, -ENOMEM, or -errno from libmount for an unparsable table.
 */
int nsi_mounts_read_stream(struct nsi_model *m, FILE *f, const char *filename);

/**
 * nsi_mounts_read() - nsi_mounts_read_stream() on PROC/self/mountinfo,
 * read a chunk (64 KiB) at a time: only its nsfs lines (those holding
 * " - nsfs ", the file system type after the optional fields, proc(5))
 * reach libmount, a batch of at most 1 MiB at a time, so that memory
 * stays a few MiB for a table of any size, and its work linear.
 * @m:      the model.
 * @procfd: a proc-root fd.
 *
 * Return: as nsi_mounts_read_stream(), or -errno of
 * nsi_procfs_open_file() or read(2).
 */
int nsi_mounts_read(struct nsi_model *m, int procfd);

/**
 * nsi_mounts_read_other() - the nsfs mounts of another mount namespace,
 * from PROC/PID/mountinfo of one of its processes, read as
 * nsi_mounts_read() does: each becomes a holder (NSI_HOLD_BIND_MOUNT,
 * with the mount point and @mntns) of its namespace, created when new
 * (nsi_ns_add_holder(): a path known already adds nothing, O(1); at most
 * NSI_NS_HOLDERS_MAX per namespace, the rest counted).
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @pid:    a process in that mount namespace.
 * @mntns:  the inode of that mount namespace (not 0).
 *
 * Return: as nsi_mounts_read().
 */
int nsi_mounts_read_other(struct nsi_model *m, int procfd, pid_t pid,
			  ino_t mntns);

/**
 * nsi_mounts_proc_hidepid() - the hidepid= option of the proc filesystem
 * @procfd is on (proc(5): hidepid=invisible hides the /proc/PID of the
 * processes a user may not ptrace, hidepid=noaccess lists them but keeps
 * their files closed): its mount is found in PROC/self/mountinfo
 * (libmount) by the mount ID statx(2) gives (STATX_MNT_ID, Linux 5.8).
 * @procfd: a proc-root fd.
 * @value:  set to the option's value as mountinfo shows it ("invisible",
 *          "noaccess", "ptraceable", or a number), or "" when it is off.
 * @size:   the size of @value.
 *
 * Return: 1 when hidepid is set (not off), 0 when it is not, -errno of
 * statx(2) or openat(2), -ENOTSUP without mount IDs, -EINVAL for a table
 * libmount cannot parse, -ENOMEM.
 */
int nsi_mounts_proc_hidepid(int procfd, char *value, size_t size);

/**
 * nsi_mounts_fuse_points() - the mount points of the FUSE file systems
 * (type "fuse", "fuseblk", "fuse.*") in our mount namespace, from
 * PROC/self/mountinfo (libmount): a user may mount one on a directory of
 * its own (fusermount3(1)), whose daemon answers lookups and reads when
 * it likes, so nsinspect never reads below one (podman.c).
 * @procfd: a proc-root fd.
 *
 * Return: the paths, each NUL-terminated, an empty one after the last
 * (malloc(3)ed, the caller frees it); NULL when the table cannot be read
 * (the caller then assumes the worst) or on ENOMEM.
 */
char *nsi_mounts_fuse_points(int procfd);

/* What nsi_holders_new() looks for. */
#define NSI_HOLDERS_THREADS	(1u << 0)	/* threads' own namespaces */
#define NSI_HOLDERS_FDS		(1u << 1)	/* open nsfs files */
#define NSI_HOLDERS_SOCKETS	(1u << 2)	/* sockets' network namespaces */
#define NSI_HOLDERS_MOUNTS	(1u << 3)	/* other mount namespaces */
#define NSI_HOLDERS_FOR_CHILDREN (1u << 4)	/* pid/time_for_children */
#define NSI_HOLDERS_ALL		0x1fu

/**
 * struct nsi_holders_report - what the holder search could not read.
 * @fds_unreadable: processes whose /proc/PID/fd could not be listed
 *                  (EACCES: not ours), so that an fd or socket they hold
 *                  may have been missed.
 * @fds_errno:      why, for the first of them (positive errno).
 */
struct nsi_holders_report {
	size_t fds_unreadable;
	int fds_errno;
};

/**
 * struct nsi_holders - a search for the namespaces, and the holders of
 * known ones, that the processes' own links do not show (holders.c):
 * threads in namespaces their leader is not in (for processes whose
 * status says Threads > 1), open nsfs files and sockets in namespaces
 * their process is not in, pid_for_children and time_for_children links
 * that differ from the process's own, and nsfs bind mounts in the other
 * mount namespaces.  Each becomes an nsi_holder of its namespace
 * (nsi_ns_add_holder()); a namespace found only so has no member process.
 * Only namespaces of the types of m->have_type are added.  Opaque.
 *
 * Costs: threads, 8 readlink(2) per extra thread of a multi-threaded
 * process; fds, one listing of /proc/PID/fd and one readlink(2) per fd;
 * sockets, pidfd_open(2), pidfd_getfd(2) and ioctl(2) once per socket
 * inode (needs PTRACE_MODE_ATTACH: root); for_children, one readlink(2)
 * per type (pid, time) shown; mounts, one mountinfo per mount namespace.
 */
struct nsi_holders;

/**
 * nsi_holders_new() - start a search.
 * @m:      the model the namespaces and holders go in, being filled by
 *          nsi_scan_procs().
 * @procfd: a proc-root fd.
 * @what:   NSI_HOLDERS_* flags.
 *
 * Return: the search (free it with nsi_holders_finish() or
 * nsi_holders_free()), or NULL with errno ENOMEM.
 */
struct nsi_holders *nsi_holders_new(struct nsi_model *m, int procfd,
				    unsigned int what);

/**
 * nsi_holders_proc() - the threads and open files of one process, read
 * through the same pin as its links and status (call it from the fill of
 * nsi_scan_procs(), after every other read of the process): a PID reused
 * meanwhile reads as an exit, and its files are never taken for those of
 * @p.  With an fd-directory pin (NSI_PIN_FDS) that directory is listed.
 * @h:   the search.
 * @p:   the process, with p->ns and p->status read.
 * @pin: where its files are (nsi_pin_open()).
 *
 * Return: 0, 1 when the process is gone (the pin's listing failed: drop
 * it), or -ENOMEM.
 */
int nsi_holders_proc(struct nsi_holders *h, const struct nsi_proc *p,
		     const struct nsi_pin *pin);

/**
 * nsi_holders_finish() - end the search: read the mount tables of the
 * other mount namespaces (one member of each), report, and free @h.
 * @h:  the search; freed.
 * @r:  filled with what could not be read.
 *
 * Call it once every process is in the model and our own nsfs mounts
 * were read (nsi_mounts_read(): other mount namespaces' copies of them
 * are not holders), before nsi_model_finish() (nsi_view_finish() does).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_holders_finish(struct nsi_holders *h, struct nsi_holders_report *r);

/**
 * nsi_holders_free() - free a search not finished (after an error).
 * @h:  the search, or NULL.
 */
void nsi_holders_free(struct nsi_holders *h);

/**
 * nsi_uts_collect() - read the host name of every uts namespace of @m
 * into ns->hostname: uname(2) inside each, in one forked child
 * (nsi_visit_each()).  A namespace that cannot be entered keeps NULL.
 * @m:      a finished model.
 * @procfd: a proc-root fd.
 *
 * Return: 0, -ENOMEM, or -errno when the child could not be started.
 */
int nsi_uts_collect(struct nsi_model *m, int procfd);

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
 * nsi_user_name() - the user name of a UID, from the password database
 * (getpwuid_r(3)), looked up once per UID and kept (users.c).
 * @uid: the UID.
 *
 * Return: the name, or the UID as decimal text when it has none; owned by
 * the cache (valid until nsi_user_names_release()); NULL with errno
 * ENOMEM.  Not thread-safe.
 */
const char *nsi_user_name(uid_t uid);

/** nsi_user_names_release() - free the cache of nsi_user_name(). */
void nsi_user_names_release(void);

/* Flags of nsi_threads_read(). */
#define NSI_THREADS_LEADER_NS	(1u << 0)	/* a zombie leader's links */
#define NSI_THREADS_CAPS	(1u << 1)	/* threads with other caps */

/**
 * nsi_threads_read() - what the threads of @p tell apart from their leader
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
int nsi_threads_read(struct nsi_model *m, const struct nsi_pin *pin,
		     struct nsi_proc *p, unsigned int flags, const pid_t *tids,
		     size_t ntids);

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

#endif /* NSI_SOURCE_H */
