/*
 * view.h - what to show: the rows and default columns of each view, and
 * the collectors each view needs.  Between the command line (main.c) and
 * the renderers; prints nothing.
 */
#ifndef NSI_VIEW_H
#define NSI_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "caps.h"
#include "caps-default.h"
#include "columns.h"
#include "model.h"
#include "tree.h"

struct nsi_engines;
struct nsi_holders;

/** NSI_MAX_COLS - the most columns one output can have. */
#define NSI_MAX_COLS 64

/**
 * struct nsi_query - what the user asked to see.
 * @view:      the namespace view or the process view (--caps).
 * @types:     1 for each namespace type to show (all 1 without -t).
 * @ntypes:    number of types given with -t (0: none given).
 * @pid:       -p PID in the namespace view, 0 for none.
 * @ns_filter: a namespace inode given as argument, 0 for none.
 * @pids:      the PIDs of the process view, @npids of them (none: every
 *             process with capabilities); borrowed.
 * @container: --container: a name, ID or ID prefix; NULL for none.
 * @net_detail: --detail or --graph: read what each network namespace
 *             holds (nsi_netinfo_collect()).
 * @tree:      --tree: NSI_TREE_NONE, NSI_TREE_PARENT or NSI_TREE_OWNER.
 * @command:   1 when command lines are shown (the COMMAND column,
 *             --audit): only then does the scan read them
 *             (nsi_view_shows_command()); 0 leaves them to
 *             nsi_view_prepare(), which reads them for COMMAND.
 * @caps:      1 when the namespace view needs every process's
 *             capabilities (--audit, the metrics): every status is read.
 *             Else its scan reads each process's stat, which costs the
 *             kernel less (NSI_READ_STAT).
 * @json:      1 for JSON output (-J): the default columns of the process
 *             view then carry USERNS and INITIAL_USERNS, which tables
 *             show as the "*" after NAME or COMMAND.
 * @snapshot:  --snapshot (the namespace view's scan, @view NSI_VIEW_NS):
 *             every process is read as every view would read it
 *             (NSI_READS_SNAPSHOT).
 * @persistent: -P: only namespaces no process is in (held by an nsfs
 *             mount, an open file, a socket or a descendant), as lsns(8).
 */
struct nsi_query {
	enum nsi_view view;
	int types[NSI_NS_NTYPES];
	int ntypes;
	pid_t pid;
	ino_t ns_filter;
	const pid_t *pids;
	size_t npids;
	const char *container;
	int net_detail;
	int tree;
	int command;
	int caps;
	int json;
	int snapshot;
	int persistent;
};

/**
 * struct nsi_report - what could not be seen, for main.c to tell.
 * @mounts_errno:      positive errno when the mount table could not be
 *                     read (nsfs-only namespaces are then missing).
 * @unreadable:        processes with an unreadable namespace link.
 * @unreadable_errno:  why, for the first of them.
 * @unreadable_pids:   the PIDs of the first NSI_UNREADABLE_NAMED of them,
 *                     0 when not known (a snapshot records none).
 * @status_unreadable: processes whose status could not be read (those
 *                     that exited are not counted: they are gone).
 * @status_errno:      why, for the first of them.
 * @threads_unreadable: threads whose own status could not be read
 *                     (nsi_model.threads_unreadable).
 * @threads_errno:     why, for the first of them.
 * @maps_timed_out:    user namespaces whose ID maps were not read: the
 *                     child entering them was not ready in time
 *                     (nsi_model.maps_timed_out).
 * @missing_pid:       the PID that does not exist, with -ESRCH.
 * @engine_errno:      positive errno when the Docker engine was needed
 *                     but could not be asked, or answered wrong
 *                     (nsi_engine_strerror(); containers then show IDs).
 * @netinfo_errno:     positive errno when network namespaces could not be
 *                     read (the child could not be started).
 * @fds_unreadable:    processes whose open files could not be listed
 *                     (namespaces they hold by fd or socket may be
 *                     missing; nsi_holders_finish()).
 * @fds_errno:         why, for the first of them.
 * @hidepid:           the hidepid= option of our /proc when it hides
 *                     processes (nsi_mounts_read_self()), else "".
 * @hidden_tasks:      with @hidepid, the tasks not seen
 *                     (nsi_hidden_tasks()), or -1 when unknown.
 * @holders_omitted:   holders and nsfs paths found but not recorded, past
 *                     NSI_NS_HOLDERS_MAX of one namespace (the sum of
 *                     nsi_ns.holders_omitted).
 * @ns_over_limit:     namespaces that hit that limit.
 * @cmdlines_cut:      command lines kept only in part, past
 *                     NSI_CMDLINE_BUDGET (m->cmdlines_cut).
 * @not_nsfs:          nsfs mount points (or ns links) skipped because
 *                     what is there is not an nsfs file: a FIFO, device
 *                     node or other file mounted over it
 *                     (nsi_ns_resolve()).
 * @thread_of:         -p TID: the PID of the process whose thread TID is
 *                     (its rows are the thread's namespaces); 0 else.
 * @bundles_unreadable: OCI bundles of containerd or CRI-O that exist but
 *                     could not be read (nsi_model.bundles_unreadable).
 * @bundles_errno:     why, for the last of them.
 * @cgroups_forged:    processes whose /proc/PID/cgroup was not as the
 *                     kernel prints it (nsi_model.cgroups_forged): shown
 *                     in no container.
 * @podman_errno:      positive errno when a Podman API service that runs
 *                     failed (its containers were then named from its
 *                     files, nsi_podman_query()), 0 else.
 * @podman_socket:     that service's socket.
 * @podman_refused:    pidfiles of rootless Podman that named a process
 *                     their user could not have made a container
 *                     (nsi_podman_rootless()).
 * @podman_skipped:    users' directories not read (a bound, FUSE, owner).
 * @podman_cut:        Podman's containers.json files not read: past their
 *                     size limit, or past the time (nsi_podman_answer.cut).
 * @pidns:             the PID namespace of the process list
 *                     (nsi_model.pidns; 0 when unknown).
 * @pidns_initial:     1 when it is the host's (the initial one), 0 when
 *                     not (we run in a container without the host's PID
 *                     namespace), -1 when unknown (nsi_model.pidns_initial).
 * @from_snapshot:     1 when the report is a snapshot's (--input): what
 *                     it tells is of the machine it was taken on.
 * @filecaps_unreadable: processes shown whose executable's file
 *                     capabilities could not be read (FILECAPS).
 * @filecaps_errno:    why, for the first of them.
 * @filecaps_pids:     the PIDs of the first NSI_UNREADABLE_NAMED of them.
 * @lsm_unreadable:    processes shown whose LSM label could not be read
 *                     (LSM; not when no active LSM gives one).
 * @lsm_errno:         why, for the first of them.
 * @lsm_pids:          the PIDs of the first NSI_UNREADABLE_NAMED of them.
 */
struct nsi_report {
	int mounts_errno;
	size_t unreadable;
	int unreadable_errno;
	pid_t unreadable_pids[NSI_UNREADABLE_NAMED];
	size_t status_unreadable;
	int status_errno;
	size_t threads_unreadable;
	int threads_errno;
	size_t maps_timed_out;
	pid_t missing_pid;
	int engine_errno;
	int netinfo_errno;
	size_t fds_unreadable;
	int fds_errno;
	char hidepid[16];
	long hidden_tasks;
	size_t holders_omitted;
	size_t ns_over_limit;
	size_t cmdlines_cut;
	size_t not_nsfs;
	pid_t thread_of;
	size_t bundles_unreadable;
	int bundles_errno;
	size_t cgroups_forged;
	int podman_errno;
	char podman_socket[64];
	size_t podman_refused;
	size_t podman_skipped;
	size_t podman_cut;
	ino_t pidns;
	int pidns_initial;
	int from_snapshot;
	size_t filecaps_unreadable;
	int filecaps_errno;
	pid_t filecaps_pids[NSI_UNREADABLE_NAMED];
	size_t lsm_unreadable;
	int lsm_errno;
	pid_t lsm_pids[NSI_UNREADABLE_NAMED];
};

/* Whose reads nsi_view_reads() gives. */
enum nsi_reads {
	NSI_READS_NS,		/* the namespace view */
	NSI_READS_PROC_ROW,	/* the process view, a process asked for */
	NSI_READS_PROC,		/* the process view, any other process */
	NSI_READS_LIVE,		/* the live view, a new or changed process */
	NSI_READS_LIVE_TURN,	/* the live view, an unchanged one's turn */
	NSI_READS_SNAPSHOT,	/* --snapshot: what every one-shot view reads */
};

/**
 * nsi_view_reads() - what a view reads of each process in its scan, as
 * NSI_READ_* flags of nsi_proc_read() (proc-read.h): the one place that
 * decides it, for nsi_view_scan() and the live view (live.c).
 * @which: the view, and for the process view whether the process is a
 *         row (all are without -p).
 * @q:     the query of a one-shot view (q->command: command lines
 *         shown); NULL for the live view.
 *
 * Return: the flags.
 */
unsigned int nsi_view_reads(enum nsi_reads which, const struct nsi_query *q);

/**
 * nsi_view_scan() - run the collectors @q needs and finish the model:
 * processes (libproc2), their containers (/proc/PID/cgroup), for the
 * namespace view the nsfs mounts; then the Docker engine's names for
 * the docker containers found (one request per engine,
 * NSI_ENGINES_BUDGET_MS for all: nsi_engines_ask()).
 * @m:      an empty model, set up with nsi_model_init().
 * @procfd: a proc-root fd.
 * @q:      the query.
 * @r:      filled with what could not be read (zeroed first).
 *
 * Return: 0, or -errno when the process list cannot be read at all.  A
 * mount table that cannot be read is not an error: r->mounts_errno.
 */
int nsi_view_scan(struct nsi_model *m, int procfd, const struct nsi_query *q,
		  struct nsi_report *r);

/**
 * nsi_view_finish() - the end of every scan: the nsfs mounts (when
 * @namespaces), the end of the holder search (nsi_holders_finish()),
 * nsi_model_finish(), with @holders the ancestors no process is in
 * (nsi_ns_ancestors(), which also fills every owner and parent), and,
 * with @engines, the engines' names for
 * containers not named yet (nsi_engines_ask(): each engine once per
 * @engines, all within its budget).
 * @m:          the model, with its processes.
 * @procfd:     a proc-root fd.
 * @namespaces: 1 when the view shows namespaces: their mounts are read and
 *              unreadable links reported in @r.
 * @holders:    the holder search the scan's fill fed (nsi_holders_proc()),
 *              finished and freed here, even on error; NULL for none (the
 *              live view).  What it could not read is reported in @r.
 * @engines:    the run's engines (nsi_engines_init()), or NULL to ask none
 *              (the live view asks in the background: nsi_engines_poll()).
 * @r:          what could not be read is added; an engine's failure in
 *              r->engine_errno.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_view_finish(struct nsi_model *m, int procfd, int namespaces,
		    struct nsi_holders *holders, struct nsi_engines *engines,
		    struct nsi_report *r);

/**
 * nsi_view_rows() - choose the rows of @q from a finished model.
 * Namespace view: the namespaces of the chosen types (of -p PID only, or
 * the one given), in model order.  Process view: the PIDs given, or every
 * process whose permitted, effective or ambient set is non-empty (their
 * status and container were read by the scan).
 * @m:      the model.
 * @q:      the query.
 * @rows:   set to a malloc'd array of borrowed struct nsi_ns or struct
 *          nsi_proc pointers, owned by the caller (free()).
 * @nrows:  set to its length.
 * @r:      r->missing_pid, r->status_unreadable and r->status_errno are
 *          filled.
 *
 * With q->container, only the namespaces that hold a process of that
 * container, or only its processes.
 *
 * Return: 0; -ESRCH when a PID asked for does not exist (r->missing_pid);
 * -ENOENT when q->container matches no container, -EINVAL when it is an
 * ambiguous ID prefix; -errno when the status of a PID asked for cannot
 * be read; -ENOMEM.
 */
int nsi_view_rows(struct nsi_model *m, const struct nsi_query *q,
		  void ***rows, size_t *nrows, struct nsi_report *r);

/**
 * nsi_view_default_columns() - the default columns of @q: NS TYPE NPROCS
 * PID PPID USER COMMAND (NSFS before COMMAND when @any_nsfs); for net
 * alone NS TYPE NPROCS PID PPID USER NETNSID NSFS COMMAND; for uts alone
 * HOSTNAME, for user alone UID_MAP and GID_MAP before COMMAND; for --caps
 * with PIDs every capability set, USERNS, INITIAL_USERNS and CONTAINER,
 * else PID PPID USER CAPTEXT CAPAMB NNP SECCOMP NAME (with q->json USERNS
 * and INITIAL_USERNS before NAME).  HOLDER and HELD_BY go before
 * COMMAND when a namespace row has holders other than its processes and
 * nsfs mounts, then CONTAINER when @any_container.
 * @q:        the query.
 * @any_nsfs: NSI_ANY_* bits, from nsi_view_any_nsfs() (namespace view)
 *            or nsi_view_any_thread() (process view: TID after PID).
 * @any_container: whether a row to show belongs to a container.
 * @cols:     filled with column indexes (at most NSI_MAX_COLS).
 *
 * Return: the number of columns.
 */
size_t nsi_view_default_columns(const struct nsi_query *q, int any_nsfs,
				int any_container, int *cols);

/**
 * nsi_view_shows_command() - whether the columns of @q show command
 * lines (COMMAND): a column nobody asked for is not read.
 * @q:     the query (its view).
 * @cols:  the columns chosen, @ncols of them.
 * @ncols: their number.
 *
 * Return: 1 or 0.
 */
int nsi_view_shows_command(const struct nsi_query *q, const int *cols,
			   size_t ncols);

/**
 * nsi_view_any_container() - whether any row belongs to a container.
 * @view:  the view of @rows.
 * @rows:  struct nsi_ns or struct nsi_proc pointers.
 * @nrows: their number.
 */
int nsi_view_any_container(enum nsi_view view, void *const *rows,
			   size_t nrows);

#define NSI_ANY_NSFS	(1 << 0)	/* a row has an nsfs mount */
#define NSI_ANY_HOLDER	(1 << 1)	/* a row has a thread, fd, socket or
					 * other mount namespace holder */
#define NSI_ANY_THREAD	(1 << 2)	/* process view: a thread row, or a
					 * row with threads shown under it */
#define NSI_ANY_TID	(1 << 3)	/* a row is held by a thread only */

/**
 * nsi_view_any_nsfs() - what the namespace rows have beyond processes.
 * @rows:  struct nsi_ns pointers.
 * @nrows: their number.
 *
 * Return: NSI_ANY_* bits.
 */
int nsi_view_any_nsfs(void *const *rows, size_t nrows);

/**
 * nsi_view_any_thread() - whether a row of the process view is a thread
 * (--caps TID) or has threads to show under it (nsi_view_threads_shown()):
 * then the default columns have TID after PID.
 * @rows:  struct nsi_proc pointers.
 * @nrows: their number.
 *
 * Return: NSI_ANY_THREAD or 0.
 */
int nsi_view_any_thread(void *const *rows, size_t nrows);

/**
 * nsi_view_report_asked() - narrow @r to the processes asked for: with -p
 * PID, --caps PID... and --audit the view shows only them, so the report
 * tells only of theirs (an unreadable PID 1 is no news to "nsinspect -p
 * $$"): their unreadable namespace links; the open files of the others
 * are not counted, which could only have added holders to HELD_BY.
 * @r:     the run's report, changed.
 * @procs: the processes (struct nsi_proc *) asked for, @n of them.
 * @n:     their number.
 */
void nsi_view_report_asked(struct nsi_report *r, void *const *procs,
			   size_t n);

/**
 * nsi_view_threads_shown() - the threads the process view shows under
 * process row @p, as captree(8) does: those whose capability sets differ
 * from their leader's (nsi_proc_read_threads() kept them in p->threads).
 * @p:     a process row.
 * @shown: NULL to count only, else filled with the threads (borrowed),
 *         room for p->nthreads.
 *
 * Return: how many.
 */
size_t nsi_view_threads_shown(const struct nsi_proc *p,
			      const struct nsi_proc **shown);

/**
 * nsi_view_read_cmdline() - the command line of a process the scan did
 * not read it of (a shown row, the process --audit judges), through a
 * new pin (nsi_proc_read(), NSI_READ_CMDLINE).
 * @m:      the model (its command line budget).
 * @procfd: a proc-root fd.
 * @p:      the process; nothing is done when p->cmdline_read, nor with
 *          @procfd -1 (a snapshot's model).
 *
 * A command line that cannot be read (the process exited, ENOMEM) is
 * only not shown.
 */
void nsi_view_read_cmdline(struct nsi_model *m, int procfd,
			   struct nsi_proc *p);

/**
 * nsi_view_prepare() - fetch what the chosen columns need and the scan
 * did not read: owner, parent and netnsid of every namespace
 * (nsi_ns_resolve(), once per namespace) when PNS, ONS, NETNSID or a tree
 * needs them; host names of uts namespaces for HOSTNAME; ID maps of user
 * namespaces for UID_MAP and GID_MAP; interfaces and rule counts of
 * network namespaces for RULES, --detail and --graph; command lines
 * (nsi_proc_read_cmdline()) of the shown processes only when COMMAND is shown;
 * the file capabilities and LSM labels of the shown processes only for
 * FILECAPS and LSM (nsi_proc_read_security(), failures counted in @r).
 * @m:      the model.
 * @procfd: a proc-root fd.
 * @q:      the query.
 * @cols:   the column indexes, @ncols of them.
 * @rows:   the rows, @nrows of them.
 * @r:      r->netinfo_errno is set when network namespaces were needed
 *          and could not be read.
 *
 * With @procfd -1 (a snapshot's model, nsi_view_input()) nothing is read:
 * the snapshot holds it all; only what @r tells of reads these columns do
 * not make (ID maps, network namespaces) is cleared.
 *
 * Return: 0 (what cannot be read stays unknown), or -ENOMEM.
 */
int nsi_view_prepare(struct nsi_model *m, int procfd,
		     const struct nsi_query *q, const int *cols, size_t ncols,
		     void *const *rows, size_t nrows, struct nsi_report *r);

/**
 * nsi_view_caps() - the capabilities a one-shot run needs, and why
 * (capabilities(7)); main.c keeps these alone (nsi_privs_drop()):
 *   CAP_SYS_PTRACE      namespace view: reading /proc/PID/ns/TYPE and
 *                       /proc/PID/task/TID/ns/TYPE and the links in
 *                       /proc/PID/fd of other processes takes a ptrace
 *                       read check, and pidfd_getfd(2) of a socket a
 *                       ptrace attach check (ptrace(2), "Ptrace access
 *                       mode checking": root fails it without this
 *                       capability for a process with capabilities we
 *                       lack, or one that is not dumpable).  Process
 *                       view: the /proc/PID/ns/user link of every process
 *                       (the user namespace its capabilities act in),
 *                       and on a /proc mounted with hidepid= the same
 *                       check guards the /proc/PID directories.
 *   CAP_DAC_READ_SEARCH namespace view: /proc/PID/fd of another user
 *                       (mode 0500), nsfs bind mounts below another
 *                       user's directories (/run/user/UID/netns), the
 *                       legacy table names of a network namespace owned
 *                       by another user's user namespace (mode 0440).
 *   CAP_NET_ADMIN       network namespaces shown: ioctl SIOCGSKNS on the
 *                       sockets of processes (sock(7)), and for --detail,
 *                       --graph and RULES the nftables dump (nfnetlink
 *                       asks it of every request) or the legacy
 *                       IPT_SO_GET_INFO (ip_tables).
 *   CAP_SYS_ADMIN       setns(2) into network namespaces (--detail,
 *                       --graph, RULES) and uts namespaces (HOSTNAME), in
 *                       the forked child of nsi_visit_each().
 *   CAP_NET_RAW         --detail, --graph, RULES: the raw socket the
 *                       legacy x_tables are asked through (raw(7)).
 *   CAP_DAC_READ_SEARCH both views, when a user ran rootless Podman
 *                       (NSI_RUN_USER/UID/containers exists): its pidfiles
 *                       and storage, below /run/user/UID (mode 0700) and
 *                       the user's home (nsi_podman_rootless()).
 *   CAP_DAC_OVERRIDE    both views, when a user's Podman API service
 *                       listens (NSI_RUN_USER/UID/podman/podman.sock,
 *                       mode 0600 of the user's, nsi_podman_user_socket()):
 *                       connect(2) takes write permission on it.
 * Nothing else: the status, cmdline and cgroup files of processes, the
 * mount table and the Docker engine's socket (owned by root) need no
 * capability, and so the process view (--caps) none but CAP_SYS_PTRACE
 * on a machine where no user ran rootless Podman.
 * @q:      the query.
 * @cols:   the columns chosen before the scan (nsi_view_default_columns()
 *          for no row), @ncols of them; none (NULL, 0) for --audit,
 *          which shows no column.
 * @procfd: a proc-root fd (for nsi_mounts_read_self()).
 *
 * Return: a mask of capability numbers (bit CAP_SYS_PTRACE, ...).
 */
uint64_t nsi_view_caps(const struct nsi_query *q, const int *cols,
		       size_t ncols, int procfd);

/**
 * nsi_view_live_caps() - the capabilities the live view (--tui) needs:
 * those of the namespace view with every column (its detail pane shows
 * host names and network namespaces' interfaces and rules).
 * CAP_NET_ADMIN serves the proc connector too (proc-events.c): Linux
 * before 6.6 lets no one else listen (PROC_CN_MCAST_LISTEN), and
 * SO_RCVBUFFORCE takes it to get a receive buffer past rmem_max.  Its scan
 * reads no open files, but nsfs paths below other users' directories
 * still want CAP_DAC_READ_SEARCH.
 *
 * Return: a mask of capability numbers.
 */
uint64_t nsi_view_live_caps(void);

#endif /* NSI_VIEW_H */
