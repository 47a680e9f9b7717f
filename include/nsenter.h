/*
 * nsenter.h - run code inside namespaces, in a child process, never in the
 * main process (setns(2) changes the namespaces of the calling thread for
 * good).  One child visits every namespace of a type in turn, so the cost
 * is one child per scan, not one per namespace.
 */
#ifndef NSI_NSENTER_H
#define NSI_NSENTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "model.h"

/**
 * nsi_visit_fn - runs in the child, inside one namespace.  The child
 * shares the caller's memory while the caller waits (nsi_visit_each()):
 * it must leave the model as it is and free what it allocates.
 * @ns:  the namespace entered (in the caller's model).
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
 * nsi_stat_cached() - stat a file from what the kernel has cached, never
 * asking its file system: statx(2) with AT_STATX_DONT_SYNC.  A file a
 * user chose (an fd of theirs, a path in their mount namespace) may be on
 * a FUSE file system whose daemon never answers; fstat(2) or fstatfs(2)
 * of it would wait for that daemon for ever.
 * @dirfd: a directory fd, AT_FDCWD, or with @path "" and AT_EMPTY_PATH in
 *         @flags the file itself.
 * @path:  the path, relative to @dirfd.
 * @flags: AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW or 0.
 * @st:    filled: st_dev, st_ino and st_mode only.
 *
 * Return: 0, or -errno of statx(2).
 */
int nsi_stat_cached(int dirfd, const char *path, int flags, struct stat *st);

/**
 * nsi_nsfs_dev() - the device number of nsfs, the one file system of
 * every namespace file (statx(2) of PROC/self/ns/net, or mnt), asked
 * once per run.
 * @procfd: a proc-root fd.
 *
 * Return: the device number, or 0 when it cannot be read.
 */
dev_t nsi_nsfs_dev(int procfd);

/**
 * nsi_nsfs_open() - open a file that must be an nsfs file (a namespace,
 * namespaces(7)), without ever blocking on or opening anything else: the
 * path is opened with O_PATH, checked with nsi_stat_cached() (its device
 * must be nsfs's, nsi_nsfs_dev(); nothing is asked of the file system it
 * is on), and only then reopened for real through PROC/self/fd/N of the
 * O_PATH fd (the same file, not the path again).  A FIFO or device node
 * bind-mounted over an nsfs mount point, or put at /proc/PID/fd/N, is
 * thus never opened by its driver nor waited on, nor a file of a FUSE
 * daemon that never answers.
 * @procfd: a proc-root fd (the reopen goes through its self/fd).
 * @dirfd:  the directory @path is relative to, or AT_FDCWD.
 * @path:   the file; symbolic and /proc magic links are followed.
 * @ino:    the inode the file must have, or 0 for any.
 * @inop:   set to its inode on success, unless NULL.
 *
 * Return: an fd (O_RDONLY|O_CLOEXEC) owned by the caller; -EMEDIUMTYPE
 * when the file is not an nsfs file; -ESTALE when it is another
 * namespace than @ino; or -errno of openat(2) or statx(2).
 */
int nsi_nsfs_open(int procfd, int dirfd, const char *path, ino_t ino,
		  ino_t *inop);

/**
 * nsi_socket_netns_open() - the network namespace a socket was created
 * in: the socket is copied out of its process with pidfd_getfd(2) and
 * asked with ioctl SIOCGSKNS (sock(7)).
 * @pidfd: a pidfd of the process (pidfd_open(2)).
 * @fdnum: the socket's fd number in that process.
 *
 * The fd is asked only once fstat(2) says it is a socket: the fd number
 * may name another file by now (a device, whose driver would get the
 * ioctl).
 *
 * Return: an nsfs fd (O_RDONLY|O_CLOEXEC) owned by the caller, or -errno
 * (EBADF: closed meanwhile; EPERM: not ours to take; ENOTSOCK: not a
 * socket).
 */
int nsi_socket_netns_open(int pidfd, int fdnum);

/*
 * nsfs file handles (Linux 6.18), for headers that predate them
 * (Debian 12's): include/uapi/linux/fcntl.h FD_NSFS_ROOT,
 * include/linux/exportfs.h FILEID_NSFS, include/uapi/linux/nsfs.h
 * NSFS_FILE_HANDLE_SIZE_VER0.
 */
#ifndef FD_NSFS_ROOT
#define FD_NSFS_ROOT -10003
#endif
#ifndef FILEID_NSFS
#define FILEID_NSFS 0xf1
#endif
#ifndef NSFS_FILE_HANDLE_SIZE_VER0
#define NSFS_FILE_HANDLE_SIZE_VER0 16
#endif

/**
 * struct nsi_nsfs_handle - the payload of an nsfs file handle, as struct
 * nsfs_file_handle of include/uapi/linux/nsfs.h (Linux 6.18): 16 bytes.
 * @ns_id:   the namespace ID.
 * @ns_type: its CLONE_NEW* bit, or 0 with @ns_inum 0 (then Linux 6.19
 *           finds the namespace by its ID alone; 6.18 needs both).
 * @ns_inum: its nsfs inode, or 0.
 */
struct nsi_nsfs_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};

/**
 * nsi_ns_open_handle() - open a namespace by its ID: open_by_handle_at(2)
 * on FD_NSFS_ROOT with an nsfs file handle (FILEID_NSFS).  The kernel
 * lets a caller open a namespace it is in; any other needs CAP_SYS_ADMIN
 * in the initial user namespace, from the initial PID namespace.
 * @h:     the handle: from listns(2), the ID alone (Linux 6.19); or as
 *         name_to_handle_at(2) gives it, all three fields (Linux 6.18).
 * @flags: open flags (O_RDONLY | O_CLOEXEC, or O_PATH | O_CLOEXEC).
 *
 * Return: an nsfs fd owned by the caller, or -errno (-ESTALE: no such
 * namespace or no longer active; -EPERM: not ours to open; -EBADF: a
 * kernel without nsfs file handles, before 6.18, where FD_NSFS_ROOT names
 * no file).
 */
int nsi_ns_open_handle(const struct nsi_nsfs_handle *h, int flags);

/**
 * nsi_ns_open() - open a namespace of the model: PROC/REPPID/ns/TYPE,
 * or one of its nsfs mount points when no process holds it (or the
 * process is gone), or else through each of its holders in turn until one
 * works (the first 16 at most): PROC/PID/task/TID/ns/TYPE (thread), PROC/PID/fd/N (fd),
 * PROC/PID/ns/TYPE_for_children, pidfd_getfd(2) and SIOCGSKNS (socket),
 * the mount point looked up inside PROC/PID/root with openat2(2)
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS (bind mount in another mount
 * namespace), or the namespace it was reached from and ioctl
 * NS_GET_PARENT or NS_GET_USERNS (parent, owner; ioctl_ns(2)), or its ID
 * (listns: nsi_ns_open_handle()).  Each
 * must lead to the inode of @ns, since a PID can be reused and a mount
 * point covered between the scan and now.  The paths a user may have
 * chosen or covered (nsfs mount points, fds, foreign mount points) get
 * the checks of nsi_nsfs_open() too: an nsfs file, and what is not one is
 * skipped (the mount tables count the covered ones: struct
 * nsi_model.nsfs_covered); the kernel's own ns links (of a process, a
 * thread, or TYPE_for_children) are nsfs files and are opened directly.
 * @ns:     the namespace.
 * @procfd: a proc-root fd.
 *
 * Return: an fd (O_RDONLY|O_CLOEXEC) owned by the caller, or the -errno
 * of the last path tried (-ESTALE when it now leads to another
 * namespace, -EMEDIUMTYPE when to no namespace, -ENOENT when there is no
 * path to try).
 */
int nsi_ns_open(const struct nsi_ns *ns, int procfd);

/**
 * nsi_visit_each() - visit every namespace of one type in a child process.
 * The child, for each namespace of @type with a known inode, opens it
 * (nsi_ns_open()), enters it with setns(2), runs @visit, and writes the
 * result to a memfd (memfd_create(2)) as a frame (namespace index,
 * status, length, bytes).  It is a clone(2) with CLONE_VM | CLONE_VFORK
 * and without CLONE_THREAD: a process of its own (its setns(2) changes
 * its namespaces only) that shares our memory while we wait for it to
 * exit, so that no page table is copied and no copy-on-write fault
 * follows (a fork(2) of a large live view cost thousands per visit); a
 * sanitizer build forks.  Every signal is blocked while it runs (it
 * inherits the mask, so no handler of ours runs in it; what came for us
 * is handled after), and its stack has a guard page.  The parent then
 * reaps it, reads the frames and calls @collect for each.
 * @m:       a finished model.
 * @procfd:  a proc-root fd.
 * @type:    the namespace type (mnt, user and time are refused with
 *           -EINVAL: setns(2) into them wants a task that shares neither
 *           its memory nor its file system data; nothing needs them yet).
 * @visit:   run in the child.
 * @collect: run in the parent.
 * @arg:     passed to both.
 *
 * Return: 0; -EINVAL for a refused type; -errno of memfd_create(2) or
 * clone(2), -ENOMEM when the child's stack cannot be mapped;
 * the first negative value @collect returned; -EIO when the child died
 * before it had visited every namespace (the ones not visited get
 * @collect with err -EIO).
 */
int nsi_visit_each(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   nsi_visit_fn visit, nsi_collect_fn collect, void *arg);

/**
 * nsi_visit_some() - nsi_visit_each() of only the namespaces @want marks:
 * the cost is one child and one setns(2) per namespace visited, whatever
 * the number of namespaces in @m (the live view's detail pane visits the
 * one it shows).
 * @m, @procfd, @type, @visit, @collect, @arg: as for nsi_visit_each().
 * @want:    m->nns flags, indexed as m->ns: 1 to visit that namespace
 *           (which must be of @type); NULL visits every one.
 *
 * Return: as nsi_visit_each(); with -EIO, @collect gets err -EIO for the
 * wanted namespaces the child did not get to.
 */
int nsi_visit_some(struct nsi_model *m, int procfd, enum nsi_ns_type type,
		   const unsigned char *want, nsi_visit_fn visit,
		   nsi_collect_fn collect, void *arg);

#endif /* NSI_NSENTER_H */
