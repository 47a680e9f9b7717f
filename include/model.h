/*
 * model.h - the pure model of nsinspect: processes, namespaces and
 * capability sets, with no I/O.
 *
 * Collectors (proc-libproc2.c, proc-status.c, mounts.c, nsfs.c, netlink.c)
 * fill a struct nsi_model; renderers read it.  Nothing in this header or in
 * model.c touches /proc or any library beyond libc.
 *
 * Terms follow namespaces(7), capabilities(7) and proc(5).
 */
#ifndef NSI_MODEL_H
#define NSI_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "hashmap.h"
#include "model-containers.h"
#include "strset.h"

/**
 * enum nsi_ns_type - the eight namespace types of namespaces(7), in the
 * order lsns(8) and /proc/PID/ns list them.
 */
enum nsi_ns_type {
	NSI_NS_MNT = 0,
	NSI_NS_NET,
	NSI_NS_PID,
	NSI_NS_USER,
	NSI_NS_UTS,
	NSI_NS_IPC,
	NSI_NS_CGROUP,
	NSI_NS_TIME,
	NSI_NS_NTYPES
};

/**
 * nsi_ns_type_name() - the kernel's name of a namespace type.
 * @type: a value of enum nsi_ns_type.
 *
 * Return: a static string ("mnt", "net", ...), the name of the link in
 * /proc/PID/ns/; NULL for a value out of range.
 */
const char *nsi_ns_type_name(enum nsi_ns_type type);

/**
 * nsi_ns_type_from_name() - parse a namespace type name.
 * @name: "mnt", "net", "pid", "user", "uts", "ipc", "cgroup" or "time".
 * @len:  bytes of @name to compare (the rest of a longer string is ignored).
 *
 * Return: the type, or -1 for an unknown name.
 */
int nsi_ns_type_from_name(const char *name, size_t len);

/**
 * enum nsi_cap_set - the five capability sets of a thread, as the
 * CapInh, CapPrm, CapEff, CapBnd and CapAmb lines of /proc/PID/status
 * (proc(5), capabilities(7)).
 */
enum nsi_cap_set {
	NSI_CAP_INH = 0,	/* inheritable */
	NSI_CAP_PRM,		/* permitted */
	NSI_CAP_EFF,		/* effective */
	NSI_CAP_BND,		/* bounding */
	NSI_CAP_AMB,		/* ambient */
	NSI_CAP_NSETS
};

/**
 * nsi_cap_set_name() - the word of a capability set: "inheritable",
 * "permitted", "effective", "bounding", "ambient" (capabilities(7)), as
 * the live view's detail pane and --diff and --watch say them.
 * @set: a value of enum nsi_cap_set.
 *
 * Return: a static string; NULL for a value out of range.
 */
const char *nsi_cap_set_name(int set);

/** enum nsi_seccomp - the Seccomp field of /proc/PID/status (proc(5)). */
enum nsi_seccomp {
	NSI_SECCOMP_UNKNOWN = -1,	/* line missing or malformed */
	NSI_SECCOMP_DISABLED = 0,	/* SECCOMP_MODE_DISABLED */
	NSI_SECCOMP_STRICT = 1,		/* SECCOMP_MODE_STRICT */
	NSI_SECCOMP_FILTER = 2		/* SECCOMP_MODE_FILTER */
};

/**
 * nsi_seccomp_name() - the word for a seccomp mode.
 * @mode: a value of enum nsi_seccomp.
 *
 * Return: "disabled", "strict" or "filter" (static), NULL when unknown.
 */
const char *nsi_seccomp_name(int mode);

/** NSI_NSPID_MAX - PID namespace levels kept per process (the kernel allows 32). */
#define NSI_NSPID_MAX 33

/**
 * struct nsi_status - the security fields of /proc/PID/status.
 * @cap:        the five capability masks, bit N = capability N.
 * @cap_known:  bit (1 << enum nsi_cap_set) set when that Cap line was
 *              present and well formed; a set whose bit is clear is unknown
 *              (older kernels have no CapAmb, for example).
 * @no_new_privs: 0 or 1 from NoNewPrivs, -1 when the line is missing.
 * @seccomp:    the Seccomp mode, NSI_SECCOMP_UNKNOWN when missing.
 * @seccomp_filters: the Seccomp_filters count, -1 when missing.
 * @nspid:      the NSpid line: the PID at each level, outermost first.
 * @nspid_levels: entries used in @nspid (0 when the line is missing).
 * @euid:       the effective UID (second field of the Uid line).
 * @have_euid:  1 when the Uid line was present and well formed.
 * @ppid:       the PPid line, -1 when missing.
 * @state:      the letter of the State line ('R', 'S', 'Z', ...), 0 when
 *              missing.
 * @name:       the Name line (the command name, which the kernel writes
 *              with control characters escaped), "" when missing.
 * @threads:    the Threads line (threads in the thread group), 0 when
 *              missing.
 * @kthread:    the Kthread line (Linux 6.2 and later): 1 when the task has
 *              PF_KTHREAD, 0 when not, -1 when the line is missing.
 * @malformed:  number of lines of interest that could not be parsed.
 * @ruid:       the real UID (first field of the Uid line), valid with
 *              @have_euid.
 * @tgid:       the Tgid line (the PID of the thread's process; /proc/TID
 *              of a thread that is not a leader also exists, unlisted),
 *              0 when missing.
 */
struct nsi_status {
	uint64_t cap[NSI_CAP_NSETS];
	unsigned int cap_known;
	int no_new_privs;
	int seccomp;
	int seccomp_filters;
	pid_t nspid[NSI_NSPID_MAX];
	int nspid_levels;
	uid_t euid;
	int have_euid;
	pid_t ppid;
	char state;
	char name[64];
	int threads;
	int kthread;
	int malformed;
	uid_t ruid;
	pid_t tgid;
};

/**
 * nsi_status_init() - mark every field of @st unknown.
 * @st: the struct to set up (memory owned by the caller).
 */
void nsi_status_init(struct nsi_status *st);

struct nsi_netinfo;

struct nsi_container;


/**
 * struct nsi_proc - one process (thread group) of the scan.
 * @pid, @ppid: from /proc/PID/stat (proc(5)).
 * @uid:     effective UID: from the status, or from the owner of the
 *           PROC/PID directory (nsi_proc_read_stat()).
 * @user:    user name of @uid, or its number as text; owned.
 * @comm:    the command name (comm); owned.
 * @cmdline: the command line, arguments joined by spaces, or NULL for a
 *           kernel thread or when not read; owned.  Filled only for the
 *           processes shown (nsi_proc_read_cmdline()).
 * @cmdline_read: 1 once nsi_proc_read_cmdline() read it, even when empty: it
 *           is not read again (the PID may belong to another process by
 *           then).
 * @cmdline_cut: 1 when @cmdline is only the beginning of a longer command
 *           line (NSI_CMDLINE_BUDGET).
 * @ns:      namespace inode per enum nsi_ns_type; 0 when not known.
 * @ns_errno: per type, 0 when @ns is valid, else the positive errno that
 *           kept the /proc/PID/ns link from being read (EACCES, ...);
 *           ENOENT for a zombie, which is in no namespace.
 * @status:  the status fields; valid when @have_status is set.
 * @have_status: 1 when /proc/PID/status was read.
 * @have_stat: 1 when /proc/PID/stat was read instead (nsi_proc_read_stat()):
 *           of @status, the ppid, state, name, threads and kthread fields
 *           are known (and the euid when have_euid says so), the
 *           capabilities are not.
 * @status_errno: positive errno when reading status failed, else 0.
 * @container: the container it runs in (borrowed from the model), or NULL
 *           on the host.
 * @start_time: when it started, in clock ticks after boot (field 22 of
 *           /proc/PID/stat): with @pid, it tells a process from a later
 *           one that got the same PID.
 * @userns_initial: 1 when @ns[NSI_NS_USER] is the initial user namespace
 *           (nsi_model.init_userns), 0 when it is another one (its
 *           capabilities act only inside it, user_namespaces(7)), -1 when
 *           unknown (the link or the initial one could not be read).
 * @tid:     0 for a process; for a thread (an entry of @threads, or the
 *           row of -p TID / --caps TID) its TID, @pid being its process,
 *           @status its own /proc/PID/task/TID/status and @ns its own
 *           links when read (nsi_proc_read_threads()).
 * @caps_differ: a thread only: 1 when one of its five capability sets
 *           differs from its leader's (capabilities are per thread,
 *           capset(2)): the process view shows it under its process.
 * @threads: threads of a process read apart (nsi_proc_read_threads()), each a
 *           struct nsi_proc with @tid set, @nthreads of them; owned.
 * @filecaps: the file capabilities of its executable (security.capability
 *           of PROC/PID/exe, nsi_proc_read_filecaps()), getcap(8)'s text;
 *           NULL when it has none or they were not read; owned.
 * @filecaps_read: 1 once they were read (or tried: @filecaps_errno).
 * @filecaps_errno: positive errno when they could not be read, else 0.
 * @lsm:     its LSM label (AppArmor profile, SELinux context) from
 *           PROC/PID/attr/apparmor/current or attr/current
 *           (nsi_proc_read_lsm()), the trailing newline or NUL removed;
 *           NULL when no LSM gives one or it was not read; owned.
 * @lsm_read: 1 once it was read (or tried: @lsm_errno).
 * @lsm_errno: positive errno when it could not be read, else 0; EINVAL
 *           when no active LSM provides the file (not an error).
 *
 * Strings come from /proc and are untrusted: renderers escape them.
 */
struct nsi_proc {
	pid_t pid;
	pid_t ppid;
	uid_t uid;
	char *user;
	char *comm;
	char *cmdline;
	int cmdline_read;
	int cmdline_cut;
	ino_t ns[NSI_NS_NTYPES];
	int ns_errno[NSI_NS_NTYPES];
	struct nsi_status status;
	int have_status;
	int have_stat;
	int status_errno;
	struct nsi_container *container;
	unsigned long long start_time;
	int userns_initial;
	pid_t tid;
	int caps_differ;
	struct nsi_proc **threads;
	size_t nthreads;
	size_t threads_alloc;
	char *filecaps;
	int filecaps_read;
	int filecaps_errno;
	char *lsm;
	int lsm_read;
	int lsm_errno;
};

/**
 * enum nsi_holder_kind - how a namespace was found: what keeps it alive
 * (namespaces(7): a namespace lives while a process is in it, or a file
 * descriptor or bind mount of its nsfs file, or a socket created in it,
 * holds it).
 * @NSI_HOLD_PROCESS:    a process is in it (/proc/PID/ns/TYPE).
 * @NSI_HOLD_THREAD:     a thread is in it, not its thread-group leader
 *                       (/proc/PID/task/TID/ns/TYPE; a thread may
 *                       unshare(2) or setns(2) on its own).
 * @NSI_HOLD_FD:         a process holds its nsfs file open
 *                       (/proc/PID/fd/N links to "TYPE:[INODE]").
 * @NSI_HOLD_SOCKET:     net only: a socket was created in it
 *                       (ioctl SIOCGSKNS on the socket, sock(7)).
 * @NSI_HOLD_BIND_MOUNT: its nsfs file is bind mounted (mountinfo, in our
 *                       mount namespace or another one).
 * @NSI_HOLD_FOR_CHILDREN: pid and time only: a process will put its
 *                       children in it (/proc/PID/ns/pid_for_children or
 *                       time_for_children differs from its own link, after
 *                       unshare(2) without a fork).
 * @NSI_HOLD_PARENT:     pid and user only: the parent of a namespace found
 *                       (ioctl NS_GET_PARENT, ioctl_ns(2)); no process is
 *                       in it.
 * @NSI_HOLD_OWNER:      user only: the owner of a namespace found (ioctl
 *                       NS_GET_USERNS); no process is in it.
 * @NSI_HOLD_LISTNS:     listns(2) (Linux 6.19) lists it, and nothing else
 *                       we read holds it: what does (an fd of a process
 *                       we cannot read, a process hidden from us) is
 *                       unknown; opened again by its ID
 *                       (nsi_holder.id, listns.h).
 */
enum nsi_holder_kind {
	NSI_HOLD_PROCESS,
	NSI_HOLD_THREAD,
	NSI_HOLD_FD,
	NSI_HOLD_SOCKET,
	NSI_HOLD_BIND_MOUNT,
	NSI_HOLD_FOR_CHILDREN,
	NSI_HOLD_PARENT,
	NSI_HOLD_OWNER,
	NSI_HOLD_LISTNS,
	NSI_HOLD_NKINDS
};

/**
 * nsi_holder_kind_name() - the name of a holder kind: "process",
 * "thread", "fd", "socket", "bind mount", "for_children", "parent",
 * "owner", "listns".
 * @kind: the kind.
 *
 * Return: a static string.
 */
const char *nsi_holder_kind_name(enum nsi_holder_kind kind);

/**
 * struct nsi_holder - one thread, fd, socket or bind mount in another
 * mount namespace that holds a namespace (processes are the members,
 * bind mounts in our mount namespace the nsfs paths).
 * @kind:  any kind but NSI_HOLD_PROCESS.
 * @pid:   the process (thread group) that holds it; for a bind mount, the
 *         process through which the mount namespace was read; 0 for a
 *         parent or owner.
 * @num:   the TID (thread), the fd number (fd, socket); -1 else.
 * @path:  bind mount: the mount point, as seen in that mount namespace;
 *         owned; NULL else.
 * @mntns: bind mount: the inode of the mount namespace it is in; 0 else.
 * @via:   parent, owner: the namespace it was reached from (borrowed from
 *         the model), through which it is opened again; NULL else.
 * @id:    listns: the namespace's 64-bit ID (ioctl NS_GET_ID), through
 *         which it is opened again; 0 else.
 */
struct nsi_holder {
	enum nsi_holder_kind kind;
	pid_t pid;
	int num;
	char *path;
	ino_t mntns;
	struct nsi_ns *via;
	uint64_t id;
};

/**
 * struct nsi_ns - one namespace, identified by (type, inode) as the nsfs
 * inode that /proc/PID/ns/TYPE links to (namespaces(7)).
 * @type:    its type.
 * @ino:     its inode number; 0 for the "unknown" group of a type, which
 *           collects the processes whose link of that type was unreadable.
 * @procs:   member processes (borrowed from the model), @nprocs of them.
 * @rep:     the member with the lowest PID that runs in one of
 *           @containers when there are any, else the member with the
 *           lowest PID (borrowed); NULL when the namespace is only held
 *           by nsfs mounts.  A host process that entered a container's
 *           namespace (setns(2), nsenter(1)) with a lower PID is thus
 *           not the row of the container's namespace.
 * @owner:   inode of the owning user namespace (ioctl NS_GET_USERNS,
 *           ioctl_ns(2)), 0 when not known.
 * @parent:  for pid and user namespaces, inode of the parent namespace
 *           (NS_GET_PARENT), 0 when not known or at the top.
 * @netnsid: for net namespaces, the ID the current network namespace
 *           assigns to it (RTM_GETNSID, "netnsid"); -1 when none.
 * @nsfs:    paths where it is bind mounted on nsfs (e.g. /run/netns/NAME);
 *           owned, @nnsfs of them.
 * @containers: the containers its member processes run in, each once,
 *           in the order of their lowest member PID (set by
 *           nsi_model_finish()), @ncontainers of them: several when
 *           containers share it (a Kubernetes pod's sandbox, Docker's
 *           --network container:X or --ipc container:X).  None for the
 *           host's namespace of its type (that of PID 1, else of PID 2,
 *           kthreadd: where --network host puts a container), nor, when
 *           neither is in the model, for one a process outside any
 *           container is a member of.  A host process that entered a
 *           container's namespace does not make it the host's: which
 *           member has the lowest PID never decides.
 *           The array is owned, the containers borrowed from the model.
 * @container: the container whose processes are its only members:
 *           @containers[0] when @ncontainers is 1, else NULL; borrowed.
 * @hostname: uts only: its host name (uname(2) inside it), or NULL when
 *           not read; owned.
 * @uid_map, @gid_map: user only: the content of /proc/PID/uid_map and
 *           gid_map (user_namespaces(7)), lines joined by ", ", or NULL
 *           when not read; owned.
 * @net:     net only: its interfaces and firewall rule count (--detail),
 *           or NULL when not read; owned.
 * @found_by: bit (1 << enum nsi_holder_kind) for each way it was found.
 * @holders: the threads, fds, sockets and bind mounts in other mount
 *           namespaces that hold it (struct nsi_holders), @nholders of
 *           them; owned.
 * @nthreads: threads that are in it while their leader is not; counted
 *           as members beside @nprocs (all of them, also those past
 *           NSI_NS_HOLDERS_MAX).
 * @holders_omitted: holders and nsfs paths found beyond
 *           NSI_NS_HOLDERS_MAX, counted but not recorded (a bind mount
 *           past the limit is counted each time a mount table shows it).
 * @held_by: when no process is in it: the process of its first thread,
 *           fd, socket or for_children holder that is in the model
 *           (borrowed; set by nsi_model_finish()), whose PID, user and
 *           command its row shows; NULL else.
 * @tid:     when @held_by holds it through a thread: that TID; 0 else.
 * @resolved: 1 once @owner and @parent were asked (nsi_ns_ancestors()).
 * @host:    1 when it is the host's namespace of its type
 *           (nsi_model_host_ns(); set by nsi_model_finish()).
 *
 * Private: @paths, the mount points recorded in @nsfs and @holders (a
 * hash, so that a path seen again costs O(1)); @nsfs_alloc.
 */
struct nsi_ns {
	enum nsi_ns_type type;
	ino_t ino;
	struct nsi_proc **procs;
	size_t nprocs;
	size_t procs_alloc;
	struct nsi_proc *rep;
	ino_t owner;
	ino_t parent;
	int netnsid;
	char **nsfs;
	size_t nnsfs;
	struct nsi_container **containers;
	size_t ncontainers;
	struct nsi_container *container;
	char *hostname;
	char *uid_map;
	char *gid_map;
	struct nsi_netinfo *net;
	unsigned int found_by;
	struct nsi_holder *holders;
	size_t nholders;
	size_t holders_alloc;
	size_t nthreads;
	size_t holders_omitted;
	struct nsi_proc *held_by;
	pid_t tid;
	int resolved;
	int host;
	/* private */
	struct nsi_strset paths;
	size_t nsfs_alloc;
};

/**
 * NSI_NS_HOLDERS_MAX - the most holders (threads, fds, sockets, bind
 * mounts in other mount namespaces) and, apart, the most nsfs paths one
 * namespace records: any user can add holders to a namespace of its own
 * (80,000 bind mounts of one netns, say), and one run's memory and output
 * must not grow without end with them.  What is found past it is counted
 * in nsi_ns.holders_omitted.
 */
#define NSI_NS_HOLDERS_MAX 1024

/** NSI_UNREADABLE_NAMED - unreadable processes a message names by PID;
 * more are counted. */
#define NSI_UNREADABLE_NAMED 3

/**
 * struct nsi_model - everything one scan found.
 * @procs:    processes sorted by PID after nsi_model_finish(); owned.
 * @nprocs:   entries used in @procs.
 * @ns:       namespaces, in the order they were found until
 *            nsi_model_finish(), then sorted by inode as lsns(8) lists
 *            them, ties by type, the unknown groups (inode 0) last; owned.
 * @nns:      entries used in @ns.
 * @have_type: 1 for each type the running kernel has (/proc/self/ns/TYPE).
 * @unreadable: processes with at least one unreadable namespace link.
 * @unreadable_errno: the errno of the first such link, for the message.
 * @unreadable_pids: the PIDs of the first NSI_UNREADABLE_NAMED of them
 *            (nsi_model_count_unreadable()), so that a message can name
 *            them when they are few.
 * @vanished: processes that exited during the scan and were skipped.
 * @containers: containers found, @ncontainers of them; owned.
 * @cmdline_bytes: bytes of command lines kept so far (nsi_proc_read_cmdline()).
 * @cmdlines_cut: command lines kept only in part, past
 *            NSI_CMDLINE_BUDGET.
 * @threads_unreadable: threads whose own status (their capability sets)
 *            could not be read, those that exited aside
 *            (nsi_proc_read_threads()).
 * @threads_errno: the positive errno of the first of them.
 * @maps_timed_out: user namespaces no process is in whose ID maps were
 *            not read because the child entering them was not ready in
 *            time (NSI_MAPS_BUDGET_MS; nsi_userns_maps_read()).
 * @state_root: the directory under which the container runtimes' state
 *            directories (NSI_CONTAINERD_STATE_DIRS, NSI_CRIO_STATE_DIRS)
 *            are looked for; NULL for "/" (unit tests: a fixture tree);
 *            borrowed.
 * @bundles_unreadable: OCI bundles that exist but could not be read
 *            (nsi_bundle_read()): those containers are shown without
 *            what their bundle tells.
 * @bundles_errno: positive errno of the last of them.
 * @ctr_namespaces: the containerd namespaces of the state directories,
 *            each followed by '\n', read once per model at the first
 *            nsi_bundle_ns_known(); owned.
 * @ctr_namespaces_read: 1 once read.
 * @fuse_points: the FUSE mount points of our mount namespace, read with
 *         the rest of our mount table (nsi_mounts_read_self()): each
 *         NUL-terminated, an empty one after the last; NULL when unknown
 *         (the Podman readers then assume a FUSE mount anywhere).  Owned.
 * @cgroups_forged: processes whose /proc/PID/cgroup was not as the
 *            kernel prints it (struct nsi_cgroup_ref.forged): taken for
 *            no container.
 * @nsfs_covered: nsfs mount points of the mount tables read (ours and
 *            other mount namespaces'; of the types scanned) over which
 *            something other than an nsfs file is mounted: their path
 *            leads elsewhere now (nsi_mounts_read_self()).
 * @init_userns: the inode of the initial user namespace, the one every
 *            process's nsi_proc.userns_initial is judged against
 *            (nsi_view_finish(): the host's, nsi_model_host_ns(), else
 *            ours); 0 when unknown.
 * @pidns:    the PID namespace of the process list: that of its PID 1,
 *            else of its PID 2, whose links were read (nsi_model_finish()),
 *            else as the caller set it before (a view that reads no pid
 *            links reads PID 1's alone); 0 when unknown.
 * @pidns_initial: 1 when @pidns is the initial PID namespace (the
 *            host's: its inode is NSI_INIT_INO_PID), 0 when it is another
 *            (we run in a container without the host's PID namespace, or
 *            read a /proc mounted there: only its processes are seen),
 *            -1 when unknown.
 * @host_ns:  per type, the inode of the host's namespace
 *            (nsi_model_host_ns()), set by nsi_model_finish().
 *
 * The hash maps from (type, inode) to namespace and from ID to container
 * are private to model.c; lookups and inserts are O(1) on average.
 */
struct nsi_model {
	struct nsi_proc **procs;
	size_t nprocs;
	size_t procs_alloc;
	struct nsi_ns **ns;
	size_t nns;
	size_t ns_alloc;
	int have_type[NSI_NS_NTYPES];
	size_t unreadable;
	int unreadable_errno;
	pid_t unreadable_pids[NSI_UNREADABLE_NAMED];
	size_t vanished;
	struct nsi_container **containers;
	size_t ncontainers;
	size_t containers_alloc;
	size_t cmdline_bytes;
	size_t cmdlines_cut;
	ino_t init_userns;
	ino_t pidns;
	int pidns_initial;
	ino_t host_ns[NSI_NS_NTYPES];
	size_t threads_unreadable;
	int threads_errno;
	size_t maps_timed_out;
	const char *state_root;
	size_t bundles_unreadable;
	int bundles_errno;
	char *ctr_namespaces;
	int ctr_namespaces_read;
	char *fuse_points;
	size_t cgroups_forged;
	size_t nsfs_covered;
	/* private: (inode, type) -> struct nsi_ns *, and container ID ->
	 * the first struct nsi_container * of that ID (hashmap.h) */
	struct nsi_hmap ns_map;
	struct nsi_hmap ctr_map;
	size_t mark;	/* the last stamp given to nsi_container.mark */
};

/**
 * nsi_model_init() - set up an empty model.
 * @m: memory owned by the caller.
 */
void nsi_model_init(struct nsi_model *m);

/**
 * nsi_model_release() - free everything @m owns (not @m itself).
 * @m: a model set up with nsi_model_init(); it can be initialised again.
 */
void nsi_model_release(struct nsi_model *m);

/**
 * nsi_proc_new() - allocate a zeroed process with every namespace unknown.
 * @pid: its PID.
 *
 * Return: the new process, owned by the caller until passed to
 * nsi_model_add_proc(); NULL with errno ENOMEM.
 */
struct nsi_proc *nsi_proc_new(pid_t pid);

/**
 * nsi_proc_has_fields() - whether the fields of p->status that both the
 * status and the stat give are known (ppid, state, name, threads,
 * kthread): either was read (have_status, have_stat).  The capabilities
 * are known only with have_status.
 * @p: the process.
 *
 * Return: 1 or 0.
 */
int nsi_proc_has_fields(const struct nsi_proc *p);

/**
 * nsi_proc_is_kthread() - whether @p is a kernel thread: the Kthread line
 * of its status (PF_KTHREAD, Linux 6.2 and later) when it was read, else
 * kthreadd (PID 2) or one of its children, as every kernel thread is
 * (kernel/kthread.c).  Never from an empty command line, which any process
 * can have (an execve(2) with no argument): a user's process named
 * "kworker/0:1" must not pass for one.
 * @p: the process (its status, else its PID and PPID).
 *
 * Return: 1 or 0.
 */
int nsi_proc_is_kthread(const struct nsi_proc *p);

/**
 * nsi_proc_has_caps() - whether @p holds any capability now: its status
 * was read and one of its permitted, effective or ambient sets
 * (/proc/PID/status CapPrm, CapEff, CapAmb) is not empty.  The process
 * itself only (the thread group leader for a process): see
 * nsi_proc_any_caps() for its threads.
 * @p: the process or thread.
 *
 * Return: 1 or 0 (0 when its status was not read).
 */
int nsi_proc_has_caps(const struct nsi_proc *p);

/**
 * nsi_proc_any_caps() - nsi_proc_has_caps() of @p or of one of its
 * threads whose sets differ from @p's (nsi_proc.caps_differ):
 * capabilities are per thread (capabilities(7)), so a process whose
 * leader dropped them all may still have a thread that holds some.
 * @p: the process.
 *
 * Return: 1 or 0.
 */
int nsi_proc_any_caps(const struct nsi_proc *p);

/**
 * nsi_proc_add_thread() - take ownership of thread @t (t->tid set) as one
 * of the threads of @p.
 * @p: the process.
 * @t: from nsi_proc_new(p->pid); owned by @p on success.
 *
 * Return: 0, or -ENOMEM (then @t is still the caller's).
 */
int nsi_proc_add_thread(struct nsi_proc *p, struct nsi_proc *t);

/**
 * nsi_proc_find_thread() - the thread @tid among the threads of every
 * process of @m (linear: for the TID a user gives).
 * @m:   the model.
 * @tid: the TID.
 *
 * Return: the thread (owned by its process) or NULL.
 */
struct nsi_proc *nsi_model_find_thread(const struct nsi_model *m, pid_t tid);

/** nsi_proc_free() - free a process not (or no longer) in a model, with
 * its threads. */
void nsi_proc_free(struct nsi_proc *p);

/**
 * nsi_model_add_proc() - take ownership of @p and group it into the
 * namespaces named by p->ns: each (type, inode) is looked up in the hash
 * and created when new.  A type whose inode is 0 goes to the "unknown"
 * group of that type (ino 0) when the kernel has the type
 * (m->have_type), unless p->ns_errno of that type is ENOENT: a zombie has
 * left its namespaces and is counted in none.
 * @m: the model.
 * @p: a process from nsi_proc_new(); owned by @m on success.
 *
 * Return: 0, or -ENOMEM (then @p is still the caller's).
 */
int nsi_model_add_proc(struct nsi_model *m, struct nsi_proc *p);

/**
 * nsi_model_get_ns() - find a namespace, creating it when @create is set.
 * @m:      the model.
 * @type:   its type.
 * @ino:    its inode (0 for the unknown group).
 * @create: 0 to look up only.
 *
 * Return: the namespace, owned by @m; NULL when absent and not created, or
 * with errno ENOMEM.
 */
struct nsi_ns *nsi_model_get_ns(struct nsi_model *m, enum nsi_ns_type type,
				ino_t ino, int create);

/**
 * nsi_ns_add_nsfs() - record an nsfs mount point of a namespace.
 * @ns:   the namespace.
 * @path: its mount point; copied.  A path already recorded is ignored
 *        (O(1): a hash); past NSI_NS_HOLDERS_MAX paths it is only counted
 *        in ns->holders_omitted.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_add_nsfs(struct nsi_ns *ns, const char *path);

/**
 * nsi_ns_add_holder() - record one more holder of @ns and set its bit in
 * ns->found_by (a thread is also counted in ns->nthreads).  A bind mount
 * (in another mount namespace) adds nothing when @ns has an nsfs path of
 * our own (mount namespaces start as copies of their parent's: each
 * would repeat the host's /run/netns) or a bind mount at the same path
 * already (O(1): a hash of the paths).  Past NSI_NS_HOLDERS_MAX holders,
 * a new one is only counted in ns->holders_omitted.
 * @ns:     the namespace.
 * @kind:   the holder's kind (not NSI_HOLD_PROCESS).
 * @pid:    as struct nsi_holder.
 * @num:    as struct nsi_holder.
 * @path:   bind mounts: the mount point (copied); NULL else.
 * @mntns:  bind mounts: the inode of its mount namespace; 0 else.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_add_holder(struct nsi_ns *ns, enum nsi_holder_kind kind,
		      pid_t pid, int num, const char *path, ino_t mntns);

/**
 * nsi_ns_add_via() - record that @ns, in which no process is, was reached
 * from @via through ioctl NS_GET_PARENT or NS_GET_USERNS (ioctl_ns(2)).
 * @ns:   the ancestor namespace.
 * @kind: NSI_HOLD_PARENT or NSI_HOLD_OWNER.
 * @via:  the namespace it was reached from (borrowed; it must live as
 *        long as @ns: both belong to one model).
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_add_via(struct nsi_ns *ns, enum nsi_holder_kind kind,
		   struct nsi_ns *via);

/**
 * nsi_ns_add_listed() - record that @ns was found by listns(2) alone,
 * with its namespace ID: a holder of kind NSI_HOLD_LISTNS.
 * @ns: the namespace.
 * @id: its ID (ioctl NS_GET_ID), by which it is opened again.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_ns_add_listed(struct nsi_ns *ns, uint64_t id);

/**
 * nsi_model_finish() - sort processes by PID and namespaces by inode
 * (ties by type, the unknown groups of inode 0 last, by type), set each
 * namespace's representative to its lowest PID, count each container's
 * processes and set the containers of each namespace; for a namespace no
 * process is in, set held_by and tid from its holders.
 * Call after every collector has run (again after namespaces were
 * added).  Keeps the hash valid.
 * @m: the model.
 *
 * Return: 0, or -ENOMEM when a namespace's list of containers could not
 * be made (the model is still sorted and usable; those lists are empty).
 */
int nsi_model_finish(struct nsi_model *m);

/**
 * nsi_model_count_unreadable() - count a process with at least one
 * namespace link that could not be read (m->unreadable): its PID is kept
 * among the first NSI_UNREADABLE_NAMED, @err as the reason when it is
 * the first.
 * @m:   the model.
 * @pid: the process.
 * @err: the positive errno of its first unreadable link.
 */
void nsi_model_count_unreadable(struct nsi_model *m, pid_t pid, int err);

/**
 * nsi_model_find_proc() - find a process by PID after nsi_model_finish().
 * @m:   the model.
 * @pid: the PID.
 *
 * Return: the process (owned by @m) or NULL.  O(log n).
 */
struct nsi_proc *nsi_model_find_proc(const struct nsi_model *m, pid_t pid);

/**
 * nsi_ns_init_ino() - the inode the kernel gives the initial namespace of
 * @type (include/linux/proc_ns.h: PROC_IPC_INIT_INO and the others, the
 * same on every machine), or 0.
 * @type:  the namespace type.
 * @since: set to the first Linux version that fixes it, as 0xMMmm (the
 *         initial mnt and net namespaces got fixed inodes in 6.18; before,
 *         theirs are allocated as any other's); may be NULL.
 *
 * Return: the inode (NSI_INIT_INO_PID for pid).
 */
ino_t nsi_ns_init_ino(enum nsi_ns_type type, unsigned int *since);

/** NSI_INIT_INO_PID - the initial PID namespace's inode (PROC_PID_INIT_INO). */
#define NSI_INIT_INO_PID ((ino_t)0xEFFFFFFCu)

/**
 * nsi_model_host_ns() - the inode of the host's namespace of type @type
 * (m->host_ns[@type], set by nsi_model_finish()).  When the process list
 * is the initial PID namespace's (nsi_model.pidns_initial), that of its
 * PID 1 when known, else of kthreadd (PID 2, which runs in the initial
 * namespaces: it is there when PID 1's links cannot be read).  When it
 * is another's (a container's), PID 1 is that container's init, so the
 * host's is known only by the inode the kernel fixes (nsi_ns_init_ino():
 * pid, user, uts, ipc, cgroup and time always; mnt and net when a
 * namespace of the model has it, Linux 6.18 and later); when unknown
 * whether, as in the first case, then by the fixed inode.
 * @m:    the model, after nsi_model_finish().
 * @type: the namespace type.
 *
 * Return: the inode, or 0 when the host's namespace of @type is unknown.
 */
ino_t nsi_model_host_ns(const struct nsi_model *m, enum nsi_ns_type type);

#endif /* NSI_MODEL_H */
