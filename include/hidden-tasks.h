/*
 * hidden-tasks.h - the tasks hidepid= hides (hidden-tasks.c).
 */
#ifndef NSI_HIDDEN_TASKS_H
#define NSI_HIDDEN_TASKS_H

#include "model.h"

/**
 * nsi_hidden_tasks() - how many tasks (processes and threads,
 * kernel threads included) the system has that the scan did not see: the
 * kernel's count (sysinfo(2) "procs", which counts every task) less the
 * threads of the processes in @m (their status "Threads:", 1 when it
 * was not read).  Meant for a /proc mounted with hidepid=invisible
 * (nsi_mounts_read_self()); processes born or gone between the two
 * counts make it approximate.
 * @procfd: a proc-root fd.
 * @m:      the model, after the scan.
 *
 * Return: the count (>= 0; 0 when we have CAP_SYS_PTRACE in the initial
 * user namespace, which hidepid= hides nothing from), or -1 when it
 * cannot be known: our /proc is not that of the initial PID namespace
 * (sysinfo(2) counts the tasks of every PID namespace), or a call failed.
 */
long nsi_hidden_tasks(int procfd, const struct nsi_model *m);

#endif /* NSI_HIDDEN_TASKS_H */
