/*
 * procfs.h - readers of /proc files of nsinspect's own, each through a
 * proc-root directory fd so that tests can point them at fixture trees.
 *
 * proc-status.c: /proc/PID/status (proc(5)).
 * nsfs.c: /proc/PID/ns/TYPE links and the ioctls of ioctl_ns(2).
 */
#ifndef NSI_PROCFS_H
#define NSI_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"

/**
 * nsi_procfs_open() - open a proc-root directory.
 * @path: "/proc" on a live system, or a fixture tree laid out like it.
 *
 * Return: a directory fd (O_RDONLY|O_DIRECTORY|O_CLOEXEC) owned by the
 * caller, or -errno from open(2).
 */
int nsi_procfs_open(const char *path);

/**
 * nsi_procfs_check() - whether a proc-root fd is a proc file system, as
 * every reader of it trusts it to be: fstatfs(2) f_type PROC_SUPER_MAGIC
 * (<linux/magic.h>).  Called on "/proc" at start-up (main.c, tui.c); the
 * unit tests' fixture trees are not checked.
 * @procfd: a proc-root fd from nsi_procfs_open().
 *
 * Return: 0, -EMEDIUMTYPE when it is another file system (a tmpfs or a
 * directory mounted over /proc), or -errno of fstatfs(2).
 */
int nsi_procfs_check(int procfd);

/*
 * NSI_PROCFS_READ_MAX - the most bytes nsi_procfs_read() and
 * nsi_procfs_read_records() read of one file: 64 MiB.  A command line is
 * at most 6 MiB (execve(2): arguments and environment take at most 3/4 of
 * the 8 MiB _STK_LIM), a status with 65536 groups under 1 MiB, and a
 * mount table of fs.mount-max (100,000) mounts of ordinary paths about
 * 15 MiB; a file larger than the cap is refused whole (-EFBIG), never
 * cut: a truncated value or table would be shown as if it were complete,
 * while an error is counted and reported as unreadable by the caller.
 */
#define NSI_PROCFS_READ_MAX	((size_t)64 << 20)

/**
 * nsi_procfs_open_file() - open a file below a proc-root directory for
 * reading, in a way that can neither block nor read a device: with
 * O_NONBLOCK and O_NOCTTY (a FIFO in place of a proc file does not block
 * the open), then fstat(2): what is not a regular file (proc files are)
 * is closed and refused.
 * @procfd: a proc-root fd (or any directory fd).
 * @path:   relative to it, e.g. "42/status", "self/net/ip_tables_names".
 *
 * Return: an fd (O_RDONLY|O_NONBLOCK|O_NOCTTY|O_CLOEXEC) owned by the
 * caller, -EMEDIUMTYPE when the file is not a regular file, or -errno of
 * openat(2) or fstat(2).
 */
int nsi_procfs_open_file(int procfd, const char *path);

/**
 * struct nsi_pin - how the files of one process are reached, so that a
 * PID given to a new process meanwhile never mixes the two (proc(5): a
 * /proc/PID fd holds the kernel's struct pid, not the number; once the
 * process is reaped, every lookup below it fails).  A file NAME of the
 * process is @dirfd + @prefix + NAME (nsi_pin_name()).
 * @dirfd:  the pin every read goes through: @fd_dir (@prefix "../": the
 *          parent of a /proc/PID/fd fd is that process's /proc/PID), or
 *          an O_PATH fd of PROC/PID (@prefix "").
 * @fd_dir: an open fd of PROC/PID/fd, or -1.  It pins the process just as
 *          well, and the holder search lists it anyway: pinning with it
 *          costs no system call.
 * @prefix: see @dirfd.
 * @own_dirfd: 1 when @dirfd is a fd of its own (O_PATH) to close.
 */
struct nsi_pin {
	int dirfd;
	int fd_dir;
	char prefix[16];
	int own_dirfd;
};

/* Flags of nsi_pin_open(). */
#define NSI_PIN_FDS	(1u << 0)	/* pin with PROC/PID/fd, when readable */

/**
 * nsi_pin_open() - pin one process before reading any of its files.
 * @procfd: a proc-root fd from nsi_procfs_open().
 * @pid:    the process.
 * @flags:  NSI_PIN_FDS: pin with an fd of PROC/PID/fd (for a caller that
 *          lists it: nsi_holders_proc() does), else, or when that
 *          directory is not ours to open (EACCES), with an O_PATH fd of
 *          PROC/PID.
 * @pin:    filled; release with nsi_pin_close().
 *
 * Return: 0, or -errno of openat(2): -ENOENT or -ESRCH when there is no
 * such process (or it is hidden: hidepid=invisible).
 */
int nsi_pin_open(int procfd, pid_t pid, unsigned int flags,
		 struct nsi_pin *pin);

/**
 * nsi_pin_name() - the path of file @name of the pinned process, relative
 * to pin->dirfd.
 * @pin:  the pin.
 * @name: a file below PROC/PID ("status", "ns/net", ...).
 * @buf:  receives the path, NUL-terminated (truncated to @size).
 * @size: the size of @buf.
 *
 * Return: @buf.
 */
char *nsi_pin_name(const struct nsi_pin *pin, const char *name, char *buf,
		   size_t size);

/**
 * nsi_pin_close() - close the fds of @pin.
 * @pin: a pin from nsi_pin_open().
 */
void nsi_pin_close(struct nsi_pin *pin);

/**
 * nsi_procfs_list_pids() - the PIDs of the processes below a proc-root
 * directory: its numeric entries (proc(5)), in directory order.
 * @procfd: a proc-root fd.
 * @pidsp:  set to a malloc'd array owned by the caller (NULL when none).
 * @np:     set to their number.
 *
 * Return: 0, -ENOMEM, or -errno of openat(2) or getdents64(2).
 */
int nsi_procfs_list_pids(int procfd, pid_t **pidsp, size_t *np);

/**
 * nsi_procfs_each_entry() - call @fn on the name of every entry of a
 * proc directory but "." and "..", as getdents64(2) lists them.  A
 * listing that did not fill the buffer is taken as complete (proc
 * directories are filled until the buffer is full), which saves the
 * last call.
 * @dirfd: an open directory fd (its position advances).
 * @fn:    called with each name; a non-zero return stops the listing.
 * @arg:   passed to @fn.
 *
 * Return: 0, the first non-zero value of @fn, or -errno of getdents64(2).
 */
int nsi_procfs_each_entry(int dirfd, int (*fn)(const char *name, void *arg),
			  void *arg);

/**
 * nsi_procfs_read() - read a whole file of one record below a proc-root
 * directory: a file the kernel generates whole (single_open(): status,
 * cgroup) or copies whole (cmdline), of which a short read(2) is the
 * end.  For files of many records use nsi_procfs_read_records().
 * @procfd:    a proc-root fd from nsi_procfs_open().
 * @path:      relative to it, e.g. "42/status".
 * @stackbuf:  the caller's buffer (usually on its stack), used when the
 *             file fits, so that the common case allocates nothing.
 * @stacksize: its size in bytes (at least 2).
 * @bufp:      set to @stackbuf or to a malloc'd buffer holding the file,
 *             NUL-terminated after its @lenp bytes (the content may hold
 *             NULs itself); release with nsi_procfs_read_done().
 * @lenp:      set to the number of bytes read.
 *
 * The file is opened with nsi_procfs_open_file() (a FIFO, device node or
 * other file that is not regular is refused, never waited on) and read
 * up to NSI_PROCFS_READ_MAX bytes.
 *
 * Return: 0, -errno of openat(2) or read(2) (-ENOENT or -ESRCH when the
 * process has exited, -EACCES when it may not be read), -EMEDIUMTYPE when
 * the file is not a regular file, -EFBIG when it is larger than
 * NSI_PROCFS_READ_MAX, or -ENOMEM.
 */
int nsi_procfs_read(int procfd, const char *path, char *stackbuf,
		    size_t stacksize, char **bufp, size_t *lenp);

/**
 * nsi_procfs_read_prefix() - nsi_procfs_read() of at most @max bytes
 * (and never more than NSI_PROCFS_READ_MAX): a longer file is cut there,
 * not refused, and *@cut says so (one byte more is read to know it).
 * For files whose beginning is worth showing whatever their size (a
 * command line).
 * @procfd, @path, @stackbuf, @stacksize, @bufp, @lenp: as
 *             nsi_procfs_read().
 * @max:       the most bytes to keep.
 * @cut:       set to 1 when the file was longer than @max, else 0.
 *
 * Return: as nsi_procfs_read(), never -EFBIG.
 */
int nsi_procfs_read_prefix(int procfd, const char *path, char *stackbuf,
			   size_t stacksize, size_t max, char **bufp,
			   size_t *lenp, int *cut);

/**
 * nsi_procfs_read_records() - nsi_procfs_read() for a file of many
 * records (a seq_file: mountinfo), which gives at most a page per
 * read(2), short of the end: it is read until read(2) returns 0.
 * Arguments and return value as nsi_procfs_read().
 */
int nsi_procfs_read_records(int procfd, const char *path, char *stackbuf,
			    size_t stacksize, char **bufp, size_t *lenp);

/**
 * nsi_procfs_read_done() - free what nsi_procfs_read() allocated.
 * @buf:      the buffer it gave.
 * @stackbuf: the caller's buffer passed to it.
 */
void nsi_procfs_read_done(char *buf, const char *stackbuf);

/**
 * nsi_status_parse() - parse the text of /proc/PID/status.
 * @buf: the file's bytes; need not be NUL-terminated.
 * @len: bytes in @buf.
 * @st:  filled: CapInh, CapPrm, CapEff, CapBnd, CapAmb (hex masks),
 *       NoNewPrivs, Seccomp, Seccomp_filters, NSpid, the real and
 *       effective UIDs of the Uid line, PPid, State, Name, Threads, Tgid
 *       and Kthread (proc(5)).  Lines
 *       that are missing leave their field unknown (see struct
 *       nsi_status); a Cap line whose value is not 1-16 hex digits leaves
 *       that set unknown and counts in st->malformed.  Every bit of a mask
 *       is kept, including bits beyond the last capability libcap or the
 *       kernel knows.
 *
 * Return: 0 when every line of interest was well formed, -EBADMSG when at
 * least one was not (the other fields are still filled).
 */
int nsi_status_parse(const char *buf, size_t len, struct nsi_status *st);

/**
 * nsi_status_read() - read and parse PROC/PID/status.
 * @procfd: a proc-root fd from nsi_procfs_open().
 * @pid:    the process.
 * @st:     filled as by nsi_status_parse().
 *
 * Return: 0, -EBADMSG as nsi_status_parse(), or -errno of openat(2) or
 * read(2): -ENOENT or -ESRCH when the process has exited (callers skip
 * it), -EACCES when it may not be read.
 */
int nsi_status_read(int procfd, pid_t pid, struct nsi_status *st);

/**
 * nsi_proc_read_status() - read the status of @p into p->status and set
 * what comes from it: have_status, status_errno, the effective UID and
 * the user name (nsi_user_name()).
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process.
 *
 * Return: 0 (also when the status cannot be read: p->status_errno says
 * why), 1 when the process has exited, -ENOMEM.
 */
int nsi_proc_read_status(const struct nsi_pin *pin, struct nsi_proc *p);

/**
 * NSI_CMDLINE_BUDGET - the bytes of command lines one run keeps whole:
 * 32 MiB.  Forked children share their parent's arguments, so a user can
 * give a thousand processes a command line of 6 MiB each at little cost
 * of its own, and root's copy of them all would take gigabytes.  Once
 * the budget is spent, each further command line keeps only its first
 * NSI_CMDLINE_MIN bytes (p->cmdline_cut, counted in m->cmdlines_cut).
 */
#define NSI_CMDLINE_BUDGET	((size_t)32 << 20)

/**
 * NSI_MAPS_BUDGET_MS - how long, in milliseconds, the children of one
 * nsi_userns_maps_read() (source.h) may take in all to enter the user
 * namespaces no process is in, whose ID maps they show.
 */
#define NSI_MAPS_BUDGET_MS 1000
/** NSI_CMDLINE_MIN - what is kept of a command line past the budget. */
#define NSI_CMDLINE_MIN		((size_t)4096)

/**
 * nsi_cmdline_read() - read PROC/PID/cmdline into p->cmdline and set
 * p->cmdline_read, within the run's budget (NSI_CMDLINE_BUDGET): past
 * it, only the first NSI_CMDLINE_MIN bytes are read and kept, and the
 * process is marked (p->cmdline_cut) and counted (m->cmdlines_cut).
 * @m:      the model: m->cmdline_bytes counts what is kept.
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process; p->cmdline is replaced by a malloc'd string (owned
 *          by @p) of the arguments joined by spaces, bytes unchanged, or
 *          left NULL when the command line is empty (a kernel thread).
 *
 * Read for the processes that are shown: the one-shot scan reads it,
 * through the same pin as the rest, for the first process of each
 * namespace (its lowest PID: its row's COMMAND); others after the scan.
 *
 * Return: 0, or -errno of openat(2)/read(2) (-ENOENT or -ESRCH when the
 * process has exited), or -ENOMEM.
 */
int nsi_cmdline_read(struct nsi_model *m, const struct nsi_pin *pin,
		     struct nsi_proc *p);

/**
 * nsi_ns_link_ino() - the inode a namespace link points to.
 * @procfd: a proc-root fd.
 * @pid:    the process.
 * @type:   the namespace type; reads the text of the link PROC/PID/ns/TYPE
 *          ("net:[4026531840]", namespaces(7)) with readlinkat(2).
 * @ino:    set to the nsfs inode on success.
 *
 * Return: 0 or -errno of readlinkat(2) (-EACCES when the link is not ours
 * to read, -ENOENT for a zombie or a process that has gone), or -EINVAL
 * when its text is not that of a namespace of @type.
 */
int nsi_ns_link_ino(int procfd, pid_t pid, enum nsi_ns_type type, ino_t *ino);

/**
 * nsi_ns_link_ino_at() - the inode of the namespace link at @path below
 * @dirfd (e.g. "ns/net" below a PROC/PID fd, "12/ns/net" below a
 * PROC/PID/task fd): its text "TYPE:[INODE]" read with readlinkat(2).
 * @dirfd: a directory fd.
 * @path:  the link, relative to it.
 * @type:  the type the link must have.
 * @ino:   set to the inode on success.
 *
 * Return: 0, -errno of readlinkat(2), or -EINVAL when the text is not
 * that of a namespace of @type.
 */
int nsi_ns_link_ino_at(int dirfd, const char *path, enum nsi_ns_type type,
		       ino_t *ino);

/**
 * nsi_proc_read_ns() - read the namespace links of @p that are still 0
 * (all of them for a process just listed, the ones libproc2 could not
 * read after a scan), learning why a link cannot be read.
 * @m:      the model: m->have_type says which types exist; a process with
 *          an unreadable link is counted in m->unreadable (and the first
 *          errno kept in m->unreadable_errno).
 * @pin:    where the files of @p are (nsi_pin_open()): the links are
 *          its ns/TYPE.
 * @p:      the process; p->ns and p->ns_errno are filled.
 * @zombie: 1 when the process is a zombie: its missing links mean it has
 *          left those namespaces (ns_errno ENOENT), not an error.
 *
 * Return: 1 to keep the process, 0 when it has exited (skip it).
 */
int nsi_proc_read_ns(struct nsi_model *m, const struct nsi_pin *pin,
		     struct nsi_proc *p, int zombie);

/**
 * nsi_ns_kernel_has() - whether the running kernel has a namespace type.
 * @procfd: a proc-root fd.
 * @type:   the type; tested as PROC/self/ns/TYPE.
 *
 * Return: 1 when the link exists, 0 when it does not.
 */
int nsi_ns_kernel_has(int procfd, enum nsi_ns_type type);

/**
 * nsi_ns_resolve() - fill the owner, parent and netnsid of every
 * namespace of @m, asking the kernel once per namespace (not per process).
 * @m:      the model, after every process and nsfs mount was added.
 * @procfd: a proc-root fd.
 *
 * For each namespace an fd is opened on PROC/REPPID/ns/TYPE, or on its
 * first nsfs mount point when no process holds it (nsi_ns_open_counted():
 * what is not an nsfs file is skipped, never opened); then ioctl(2)
 * NS_GET_USERNS gives the owning user namespace and, for pid and user
 * namespaces, NS_GET_PARENT the parent (ioctl_ns(2)); for net namespaces
 * nsi_netnsid() gives the netnsid.  A namespace that cannot be opened or
 * asked keeps 0 (or -1 for netnsid): that is not an error.
 *
 * Return: how many of the paths tried were not nsfs files (a FIFO,
 * device node or other file bind-mounted over an nsfs mount point); the
 * pass itself cannot fail.
 */
size_t nsi_ns_resolve(struct nsi_model *m, int procfd);

/**
 * nsi_ns_ancestors() - fill the owner and parent of every namespace of
 * @m, as nsi_ns_resolve() does, and add the ancestors that no process is
 * in: for each namespace, ioctl NS_GET_USERNS and, for pid and user ones,
 * NS_GET_PARENT (ioctl_ns(2)) up to the top of what we may see (EPERM);
 * each ancestor of a type in m->have_type that the model lacks is added
 * with a holder of kind NSI_HOLD_OWNER or NSI_HOLD_PARENT that names the
 * namespace it was reached from (nsi_ns_add_via()), and walked on from.
 * Every namespace is asked once: an ancestor already in the model is not
 * walked again (lookups by hash); namespaces asked are marked resolved,
 * and nsi_ns_resolve() then skips them (but for netnsid).  Nothing is
 * done when neither user nor pid namespaces are shown.  Cost: one open
 * and two ioctls per namespace, plus one ioctl per ancestor added.
 * @m:      a finished model (representatives set).
 * @procfd: a proc-root fd.
 * @added:  set to the number of namespaces added (then call
 *          nsi_model_finish() again to sort them in).
 * @not_nsfs: increased by the paths tried that were not nsfs files
 *          (nsi_ns_open_counted()), for the namespaces that
 *          nsi_ns_resolve() will not open again (all but net ones).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_ancestors(struct nsi_model *m, int procfd, size_t *added,
		     size_t *not_nsfs);

#endif /* NSI_PROCFS_H */
