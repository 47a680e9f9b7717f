/*
 * procfs.h - a proc-root directory fd (so that tests can point every
 * reader at a fixture tree), the pin of one process, and whole reads of
 * files below it (procfs.c, which uses no other file of the project).
 */
#ifndef NSI_PROCFS_H
#define NSI_PROCFS_H

#include <stddef.h>
#include <sys/types.h>


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
 * struct nsi_stat - the fields of /proc/PID/stat (proc(5)) the views use.
 * @comm:       field 2, the command name between the first '(' and the
 *              last ')', raw (any byte but NUL; cut to 63 bytes).
 * @state:      field 3 ('R', 'S', 'Z', ...).
 * @ppid:       field 4, the parent's PID (0 for PID 1 and kthreadd).
 * @flags:      field 9, the kernel's PF_* flags (PF_KTHREAD: 0x00200000).
 * @threads:    field 20, num_threads.
 * @start_time: field 22, starttime, in clock ticks after boot: what tells
 *              a process from a later one with the same PID.
 */
struct nsi_stat {
	char comm[64];
	char state;
	pid_t ppid;
	unsigned long flags;
	long threads;
	unsigned long long start_time;
};

/* proc(5)'s PF_KTHREAD in field 9 of /proc/PID/stat: a kernel thread. */
#define NSI_PF_KTHREAD	0x00200000UL

/**
 * nsi_stat_parse() - the fields of struct nsi_stat from the text of a
 * /proc/PID/stat, counted from after the last ')' since the comm in field
 * 2 may hold any byte, spaces and parentheses included.
 * @buf: the file's text (need not be NUL-terminated).
 * @len: its length.
 * @st:  filled (memory owned by the caller).
 *
 * Return: 0, or -EBADMSG when the text has no comm in parentheses, fewer
 * than 22 fields, or a number of those read that is not one or does not
 * fit.
 */
int nsi_stat_parse(const char *buf, size_t len, struct nsi_stat *st);

/**
 * nsi_pin_stat() - read and parse the stat file of the pinned process
 * (PROC/PID/stat, nsi_stat_parse()): its start time tells the process the
 * scan saw from another that got its PID since.
 * @pin: the pin.
 * @st:  filled.
 *
 * Return: 0, -ENOENT or -ESRCH when the process is gone, -EBADMSG, or
 * another -errno of nsi_procfs_read().
 */
int nsi_pin_stat(const struct nsi_pin *pin, struct nsi_stat *st);

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

#endif /* NSI_PROCFS_H */
