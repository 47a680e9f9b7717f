/*
 * proc-status.h - /proc/PID/status (proc-status.c, proc(5)).
 */
#ifndef NSI_PROC_STATUS_H
#define NSI_PROC_STATUS_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "procfs.h"

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
 * nsi_proc_read_stat() - what the namespace view needs of every process,
 * read at a fraction of the kernel's cost of the status: from
 * PROC/PID/stat (nsi_pin_stat()) the ppid, state, name, threads and
 * kthread (PF_KTHREAD) fields of p->status, p->start_time and have_stat;
 * from the owner of the PROC/PID directory (fstatat(2) through the pin),
 * which is the effective UID even when the process is not dumpable
 * (proc(5)), p->uid, p->user and the euid of p->status.  Its capabilities
 * stay unknown (have_status 0).
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process (its status not read).
 *
 * Return: 0 (also when the stat cannot be read: p->status_errno says
 * why), 1 when the process has exited, -ENOMEM.
 */
int nsi_proc_read_stat(const struct nsi_pin *pin, struct nsi_proc *p);

#endif /* NSI_PROC_STATUS_H */
