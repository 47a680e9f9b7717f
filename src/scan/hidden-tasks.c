/*
 * hidden-tasks.c - how many tasks a /proc mounted with hidepid= hides from
 * us: the kernel's count of tasks less those the scan saw.  Apart from
 * procfs.c, which opens /proc files and uses nothing else of the project:
 * this count reads our own status (proc-status.c) and namespace links
 * (nsfs.c).
 */
#include "config.h"

#include <sys/sysinfo.h>
#include <unistd.h>

#include "hidden-tasks.h"
#include "nsfs.h"
#include "proc-status.h"

/* The inodes of the initial namespaces (PROC_*_INIT_INO, fixed). */
#define INIT_PID_NS_INO 0xEFFFFFFCu
#define INIT_USER_NS_INO 0xEFFFFFFDu

/* CAP_SYS_PTRACE (capabilities(7)), without <linux/capability.h> here */
#define CAP_SYS_PTRACE_BIT 19

/*
 * hidepid= hides nothing from a caller that passes every ptrace read
 * check: CAP_SYS_PTRACE effective in the initial user namespace.
 */
static int sees_all(int procfd)
{
	struct nsi_status st;
	ino_t userns = 0;

	return nsi_ns_link_ino_at(procfd, "self/ns/user", NSI_NS_USER,
				  &userns) == 0 &&
		userns == INIT_USER_NS_INO &&
		nsi_status_read(procfd, getpid(), &st) == 0 &&
		(st.cap[NSI_CAP_EFF] >> CAP_SYS_PTRACE_BIT & 1);
}

long nsi_hidden_tasks(int procfd, const struct nsi_model *m)
{
	unsigned long visible = 0;
	struct sysinfo si;
	ino_t pidns = 0;
	size_t i;

	if (sees_all(procfd))
		return 0;
	if (nsi_ns_link_ino_at(procfd, "self/ns/pid", NSI_NS_PID, &pidns) < 0 ||
	    pidns != INIT_PID_NS_INO || sysinfo(&si) < 0)
		return -1;
	for (i = 0; i < m->nprocs; i++) {
		const struct nsi_proc *p = m->procs[i];

		visible += nsi_proc_has_fields(p) && p->status.threads > 0 ?
			(unsigned long)p->status.threads : 1;
	}
	return si.procs > visible ? (long)(si.procs - visible) : 0;
}
