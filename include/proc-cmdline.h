/*
 * proc-cmdline.h - /proc/PID/cmdline within a budget (proc-cmdline.c).
 */
#ifndef NSI_PROC_CMDLINE_H
#define NSI_PROC_CMDLINE_H

#include <stddef.h>

#include "model.h"
#include "procfs.h"

/**
 * NSI_CMDLINE_BUDGET - the bytes of command lines one run keeps whole:
 * 32 MiB.  Forked children share their parent's arguments, so a user can
 * give a thousand processes a command line of 6 MiB each at little cost
 * of its own, and root's copy of them all would take gigabytes.  Once
 * the budget is spent, each further command line keeps only its first
 * NSI_CMDLINE_MIN bytes (p->cmdline_cut, counted in m->cmdlines_cut).
 */
#define NSI_CMDLINE_BUDGET	((size_t)32 << 20)

/** NSI_CMDLINE_MIN - what is kept of a command line past the budget. */
#define NSI_CMDLINE_MIN		((size_t)4096)

/**
 * nsi_proc_read_cmdline() - read PROC/PID/cmdline into p->cmdline and set
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
int nsi_proc_read_cmdline(struct nsi_model *m, const struct nsi_pin *pin,
			  struct nsi_proc *p);

#endif /* NSI_PROC_CMDLINE_H */
