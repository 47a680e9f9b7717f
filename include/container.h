/*
 * container.h - which container a process runs in, from its cgroup paths
 * (containers.c), and what the container engine knows of it (docker.c:
 * the Docker Engine API over its Unix socket, with libcurl).
 */
#ifndef NSI_CONTAINER_H
#define NSI_CONTAINER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <json-c/json_types.h>

#include "model.h"

struct nsi_pin;
struct json_object;

/** NSI_DOCKER_SOCKET - where dockerd listens by default. */
#define NSI_DOCKER_SOCKET "/var/run/docker.sock"

/**
 * struct nsi_cgroup_ref - a container reference found in a cgroup path.
 * @runtime: a static runtime name, as struct nsi_container's ("unknown"
 *           for a path that looks like a container's but matches no rule).
 * @rule:    the name of the rule of nsi_cgroup_rules[] that matched
 *           (static).
 * @id:      the container ID, or the lxc/nspawn/libvirt machine name, or
 *           the ctr container name.
 * @pod:     the Kubernetes pod UID, "" when none.
 * @ctr_ns:  the containerd namespace of a "/<namespace>/<id>" path
 *           (rules containerd-ctr, containerd-ctr-bundle), "" otherwise.
 * @user_owned: 1 when the container sits in a subtree delegated to a user
 *           (below "user@UID.service", or "/user/USER/N/" on cgroup v1):
 *           that user could have made it, whatever rule matched, so it is
 *           that user's container, never the system engine's of the same ID.
 * @owner:   with @user_owned, the UID of "user@UID.service"; see @owner_user.
 * @owner_user: with @user_owned, the USER of "/user/USER/N/", whose UID
 *           the caller looks up (getpwnam_r(3)); "" for user@UID.service.
 * @forged:  1 when the file cannot be the kernel's: a hierarchy ID twice,
 *           or IDs not in the descending order the kernel prints them (as
 *           a directory name holding a newline would make up a line: the
 *           kernel refuses such names, so this is defence in depth); no
 *           container is then taken from it.
 */
struct nsi_cgroup_ref {
	const char *runtime;
	const char *rule;
	char id[256];
	char pod[64];
	char ctr_ns[80];
	int user_owned;
	uid_t owner;
	char owner_user[64];
	int forged;
};

/* How a rule of nsi_cgroup_rules[] looks at a path component. */
enum nsi_rule_kind {
	RULE_SCOPE,		/* "<arg>-<64 hex>[.scope]" */
	RULE_RAW,		/* "<parent>:<arg>:<64 hex>" */
	RULE_UNDER,		/* "<64 hex>" below a component "<arg>" */
	RULE_UNDER_NAME,	/* any name below a component "<arg>" */
	RULE_POD,		/* "<64 hex>" below a kubepods pod */
	RULE_CTR,		/* "/<namespace>/<id>" at the top */
	RULE_USER_SESSION,	/* "/user/<user>/<n>/<64 hex>" */
	RULE_PREFIX,		/* "<arg><name>" */
	RULE_MACHINE,		/* systemd unit "<arg><escaped name>.scope|.service" */
	RULE_LOOKALIKE,		/* anything ending in 64 hex digits */
};

/* Flags of a rule. */
#define NSI_RULE_SCOPE_OPTIONAL	(1u << 0)	/* ".scope" may be missing */
#define NSI_RULE_SUPERVISOR	(1u << 1)	/* next component "supervisor" */
#define NSI_RULE_LIBVIRT	(1u << 2)	/* libvirt's machine names only */
#define NSI_RULE_BUNDLE		(1u << 3)	/* only with a containerd bundle */

/* The ID and pod UID in the rules' example paths. */
#define NSI_EXAMPLE_ID \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define NSI_EXAMPLE_POD		"3f5b8a2e-6c1d-4e0f-9a7b-2d4c6e8f0a1b"
#define NSI_EXAMPLE_POD_	"3f5b8a2e_6c1d_4e0f_9a7b_2d4c6e8f0a1b.slice"

/**
 * struct nsi_cgroup_rule - one rule of the table by which a cgroup path
 * names a container (docs/cgroup-rules.md lists and explains them).
 * @name:    the rule's name, unique ("docker-systemd").
 * @engine:  the engine whose layout it is.
 * @runtime: the runtime name given to what it matches, static; NULL for
 *           a monitor on the host side (conmon, lxc.monitor, nspawn's
 *           supervisor): the path then names no container.
 * @kind:    how it looks at a component.
 * @arg:     the prefix or parent name @kind needs, or NULL.
 * @flags:   NSI_RULE_* bits.
 * @example: a cgroup path it matches (from the host's cgroup namespace);
 *           a 64-hex ID in it is NSI_EXAMPLE_ID, a name "web01".
 */
struct nsi_cgroup_rule {
	const char *name;
	const char *engine;
	const char *runtime;
	enum nsi_rule_kind kind;
	const char *arg;
	unsigned int flags;
	const char *example;
};

/** nsi_cgroup_rules - the rules, in the order they are tried. */
extern const struct nsi_cgroup_rule nsi_cgroup_rules[];
/** nsi_cgroup_nrules - how many. */
extern const size_t nsi_cgroup_nrules;

/**
 * nsi_cgroup_parse() - find the container in the text of /proc/PID/cgroup
 * (cgroups(7): "HIERARCHY-ID:CONTROLLERS:PATH" lines, v1 and v2), by the
 * rules of nsi_cgroup_rules[] (docs/cgroup-rules.md): on each path, the
 * components are tried from the top, each against the rules in their
 * order; the first rule that matches decides (a monitor's rule: no
 * container).  The "unknown" rule, for a component that merely looks
 * like an ID, is tried only when no other rule matched on the path.
 * The v2 line ("0::") is preferred when it names a container; otherwise
 * the first v1 line that does.  Paths are read from the top, so a
 * container nested in another (docker in LXC) is reported as the outer
 * one, the one the host's engine knows.
 * @buf: the file's bytes, need not be NUL-terminated.
 * @len: their number.
 * @ref: filled when a container is found.
 *
 * Return: 1 when a container is found, 0 when the process is on the host
 * (no line names one; @ref is zeroed but for @ref->rule, the monitor's
 * rule that matched a line, or NULL), -EINVAL when no line is well formed.
 */
int nsi_cgroup_parse(const char *buf, size_t len, struct nsi_cgroup_ref *ref);

/**
 * nsi_bundle_check_fn - does containerd keep a bundle for the container
 * @id of its namespace @ns (nsi_bundle_exists())?  Return 1 or 0.
 */
typedef int (*nsi_bundle_check_fn)(void *arg, const char *ns,
				   const char *id);

/**
 * nsi_cgroup_parse_at() - nsi_cgroup_parse(), with the rules that need a
 * runtime's state (NSI_RULE_BUNDLE: "/<namespace>/<id>" in a containerd
 * namespace other than default and k8s.io) decided by @check.  Each
 * distinct namespace/ID pair of the file is asked once.
 * @buf, @len, @ref: as nsi_cgroup_parse().
 * @check: asked for a NSI_RULE_BUNDLE rule; NULL: such rules never match.
 * @arg:   passed to @check.
 *
 * Return: as nsi_cgroup_parse().
 */
int nsi_cgroup_parse_at(const char *buf, size_t len,
			struct nsi_cgroup_ref *ref, nsi_bundle_check_fn check,
			void *arg);

/**
 * nsi_containerd_ident() - is [@s, @s + @n) a containerd identifier
 * (containerd's identifiers package: letters and digits in runs joined by
 * single '.', '_' or '-', at most 76 bytes), as containerd namespaces and
 * container IDs are?
 * @s: the bytes, need not be NUL-terminated.
 * @n: their number.
 *
 * Return: 1 or 0.
 */
int nsi_containerd_ident(const char *s, size_t n);

/**
 * nsi_scan_containers() - attribute every process of @m to its container:
 * read PROC/PID/cgroup of each (through a pin of its own), parse it, and
 * set p->container, creating the containers in the model (nsi_model_get_container()).  Call before
 * nsi_model_finish(), which counts each container's processes.
 * @m:      the model, with its processes.
 * @procfd: a proc-root fd.
 *
 * A process that exits meanwhile keeps p->container NULL.
 *
 * Return: 0, or -ENOMEM.
 */
int nsi_scan_containers(struct nsi_model *m, int procfd);

/**
 * nsi_proc_container() - nsi_scan_containers() for one process: read
 * PROC/PID/cgroup, parse it, and set p->container (creating the
 * container in @m), or NULL on the host or when it cannot be read.
 * @m:      the model the container goes in.
 * @pin:    where the files of @p are (nsi_pin_open()).
 * @p:      the process.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_proc_container(struct nsi_model *m, const struct nsi_pin *pin,
		       struct nsi_proc *p);

/**
 * nsi_docker_parse() - take the answer of GET /containers/json of the
 * Docker Engine API (a JSON array of objects with "Id", "Names", "Image",
 * "HostConfig": {"NetworkMode"}), and fill name (the first of "Names"),
 * names (all of them, at most NSI_CONTAINER_NAMES_MAX), image and network_mode of
 * the docker containers of @m that it lists.  A container of runtime
 * "unknown" (a cgroup path no rule tells, as docker's --cgroup-parent
 * with the cgroupfs driver makes) that it lists becomes docker's
 * (nsi_model_claim_container()).  Containers it lists that have no
 * process in @m are ignored.
 * @m:   the model.
 * @buf: the JSON text (need not be NUL-terminated).
 * @len: its length.
 *
 * Return: the number of containers of @m that were named, -EBADMSG when
 * @buf is not such a JSON array (entries that lack an "Id" string are
 * skipped, not an error), or -ENOMEM.
 */
int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len);

/**
 * nsi_docker_wanted() - does @m have a docker container the engine has
 * not named (yet), or one of runtime "unknown" (dockerd may list it)?
 * @m: the model.
 *
 * Return: 1 or 0.
 */
int nsi_docker_wanted(const struct nsi_model *m);

/**
 * nsi_docker_get() - GET /containers/json of the Docker Engine API over
 * the Unix socket @socket_path (libcurl with CURLOPT_UNIX_SOCKET_PATH;
 * read-only; libcurl.so.4 is loaded with dlopen(3) at the first request,
 * so runs that ask nothing do not pay for loading it and its
 * dependencies), and hand back the body of the answer.
 * @socket_path: the socket, normally NSI_DOCKER_SOCKET.
 * @timeout_ms:  the whole request's time limit.
 * @buf:         set to the body (malloc(3)ed, owned by the caller, not
 *               NUL-terminated; may be NULL for an empty body), NULL on
 *               error.
 * @len:         set to its length (at most 16 MiB).
 *
 * Return: 0; -ENOMEM when nsinspect itself cannot allocate (the only
 * fault of ours); the engine's faults, which the caller tells and
 * survives: -ENOENT when there is no socket, -EACCES, -ELIBACC when
 * libcurl.so.4 cannot be loaded, -ECONNREFUSED, -ETIMEDOUT past
 * @timeout_ms, -EMSGSIZE for an answer past 16 MiB or a header line past
 * libcurl's limit (CURLE_OUT_OF_MEMORY, CURLE_TOO_LARGE), -EPROTO for an
 * answer that is not HTTP, -EREMOTEIO for an HTTP status other than 200,
 * -EIO for any other failure.
 */
int nsi_docker_get(const char *socket_path, long timeout_ms, char **buf,
		   size_t *len);

/**
 * nsi_engine_get() - nsi_docker_get() for any engine: the one client of
 * dockerd and Podman.  The request is sent only when the process
 * listening on the socket connected is of @peer_uid (SO_PEERCRED,
 * unix(7), checked between connect(2) and the request: libcurl's
 * CURLOPT_OPENSOCKETFUNCTION and CURLOPT_PREREQFUNCTION, libcurl 7.80 or
 * later; an older one fails every request, -EIO): a socket, or a
 * directory above it, swapped for a symlink since the caller looked at it
 * leads to another listener, which is never asked.  nsi_docker_get() is nsi_engine_get() with
 * @peer_uid 0 and @max 16 MiB.
 * @socket_path: the socket.
 * @peer_uid:    the UID the listening process must have: 0 for root's
 *               engines, the user's for a rootless Podman's service.
 * @max:         the largest answer body taken, in bytes (at most 16 MiB).
 * @timeout_ms:  the whole request's time limit.
 * @buf:         as nsi_docker_get().
 * @len:         set to its length (at most @max).
 *
 * Return: as nsi_docker_get(), and -EPERM when the listener is not of
 * @peer_uid (nothing was sent), -EMSGSIZE for an answer past @max.
 */
int nsi_engine_get(const char *socket_path, uid_t peer_uid, size_t max,
		   long timeout_ms, char **buf, size_t *len);

/**
 * nsi_docker_query() - nsi_docker_get() and nsi_docker_parse(): name the
 * docker containers of @m.  Does nothing (returns 0) when @m has no
 * docker container without a name (nsi_docker_wanted()).  A run asks
 * through nsi_engines_ask(), which asks once.
 * @m:           the model.
 * @socket_path: the socket, normally NSI_DOCKER_SOCKET.
 * @timeout_ms:  the whole request's time limit.
 *
 * Return: 0 or the number named; the errors of nsi_docker_get(), and
 * -EBADMSG for an answer that is not the JSON expected.
 */
int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms);

/**
 * nsi_engine_strerror() - what an engine's failure means, in a few words
 * for a warning line ("answer too large ...", "no answer within the time
 * limit"); strerror(3) for an errno without an engine meaning.
 * @err: a positive errno from nsi_docker_get() or nsi_docker_parse().
 *
 * Return: a static string.
 */
const char *nsi_engine_strerror(int err);

/**
 * nsi_engine_container() - the container of @m that an engine's listing
 * of ID @id may name: one of @runtime, or one of runtime "unknown" (a
 * cgroup path no rule tells), which it then claims
 * (nsi_model_claim_container()).  A user's own engine (@owner >= 0: a
 * rootless Podman's files or API service, which the user controls) may
 * name only that user's rootless containers and claims nothing; a
 * system engine (@owner -1) names no rootless container.
 * @m:       the model.
 * @runtime: the engine's static runtime name ("docker", "podman").
 * @owner:   the UID whose engine it is, or -1 for a system engine.
 * @id:      the ID it lists.
 *
 * Return: the container, or NULL (errno ENOMEM when out of memory).
 */
struct nsi_container *nsi_engine_container(struct nsi_model *m,
					   const char *runtime, long owner,
					   const char *id);

/**
 * nsi_engine_parse() - nsi_docker_parse() for any engine that speaks the
 * Docker Engine API (Podman's compatible API service): name the
 * containers of @m it may name (nsi_engine_container()).
 * @m:       the model.
 * @runtime: the engine's static runtime name.
 * @owner:   the UID whose engine it is, or -1 for a system engine.
 * @buf:     the answer of GET /containers/json.
 * @len:     its length.
 *
 * Return: as nsi_docker_parse().
 */
int nsi_engine_parse(struct nsi_model *m, const char *runtime, long owner,
		     const char *buf, size_t len);

/** NSI_PODMAN_SOCKET - where rootful Podman's API service listens
 * (podman-system-service(1)); a rootless user's listens at
 * NSI_RUN_USER/UID/podman/podman.sock. */
#define NSI_PODMAN_SOCKET "/run/podman/podman.sock"
/** NSI_PODMAN_STORAGE - rootful Podman's storage (containers-storage.conf(5)
 * graphroot); a rootless user's is ~/.local/share/containers/storage. */
#define NSI_PODMAN_STORAGE "/var/lib/containers/storage"
/** NSI_RUN_USER - the users' runtime directories, /run/user/UID. */
#define NSI_RUN_USER "/run/user"
/** NSI_PODMAN_USERS_MAX - entries of NSI_RUN_USER read at most. */
#define NSI_PODMAN_USERS_MAX 4096
/** NSI_PODMAN_IDS_MAX - entries of one user's DRIVER-containers directory
 * read at most. */
#define NSI_PODMAN_IDS_MAX 1024
/** NSI_PODMAN_STORE_MAX - the largest containers.json of root's storage
 * read, in bytes. */
#define NSI_PODMAN_STORE_MAX (8u << 20)
/**
 * NSI_PODMAN_USER_MAX - the largest answer of a user's Podman API service,
 * and the largest containers.json of a user's storage, read, in bytes:
 * what the user writes, root parses.  An entry of either is about 1 KiB
 * (64-hex ID, names, image, layer, labels; an API entry with a few
 * ports and mounts up to 2 KiB), so 1 MiB holds 500 to 1000 containers
 * of one user, far more than a desktop's or a CI runner's, and costs
 * about 10 ms to parse.
 */
#define NSI_PODMAN_USER_MAX (1u << 20)
/** NSI_PODMAN_FILES_MS - how long past the engines' deadline a run may
 * still read Podman's files (and the live view, each look): the files of
 * the users not reached by then are counted (@cut) and not read. */
#define NSI_PODMAN_FILES_MS 200

/**
 * struct nsi_podman_report - what nsi_podman_rootless() could not use.
 * @refused: pidfiles that named a process their user could not have made
 *           a container (not in a user namespace that user owns, or
 *           started after the pidfile was written).
 * @skipped: users or directories not read: past a bound
 *           (NSI_PODMAN_USERS_MAX, NSI_PODMAN_IDS_MAX), a FUSE mount, or
 *           a directory not the user's.
 */
struct nsi_podman_report {
	size_t refused;
	size_t skipped;
};

/**
 * nsi_podman_rootless() - find the processes of rootless Podman
 * containers, which on a cgroup v1 machine stay in the cgroup of whoever
 * started them: for each user with a process in a user namespace other
 * than the initial one (m->init_userns must be set) and a directory
 * @run_user/UID of its own, read the pidfiles
 * containers/{overlay,vfs}-containers/<64 hex>/userdata/pidfile below it
 * (each path resolved with openat2(2) RESOLVE_NO_SYMLINKS |
 * RESOLVE_NO_XDEV, regular files of that user, at most 32 bytes; no
 * directory on or below a FUSE mount).  A pidfile's process becomes the
 * container's (runtime "podman", the directory's ID, rootless, owner the
 * UID) only when it runs in a user namespace that user owns
 * (NS_GET_OWNER_UID, ioctl_ns(2)) and started before the pidfile was
 * written; a process whose cgroup names another container keeps it.
 * Its descendants (by PPID, in its user namespace) join it.  Cost: at
 * most NSI_PODMAN_USERS_MAX users, NSI_PODMAN_IDS_MAX entries per user
 * and driver, one file and one ioctl each.
 * @m:        the model, its processes scanned, m->init_userns set.
 * @procfd:   a proc-root fd.
 * @run_user: NSI_RUN_USER.
 * @r:        filled with what was refused or skipped.
 *
 * Return: the number of processes attributed (call nsi_model_finish()
 * again when > 0), or -ENOMEM.
 */
int nsi_podman_rootless(struct nsi_model *m, int procfd, const char *run_user,
			struct nsi_podman_report *r);

/**
 * nsi_podman_store_parse() - name podman containers of @m from the text
 * of a Podman storage's containers.json (an array of {"id", "names",
 * "metadata"}, "metadata" a JSON text with "image-name"); those of
 * @owner's only (nsi_engine_container()), and only those still unnamed.
 * @m:     the model.
 * @owner: the UID whose storage it is, -1 for the rootful one.
 * @buf:   the text.
 * @len:   its length.
 *
 * Return: the number named, -EBADMSG, -ENOMEM.
 */
int nsi_podman_store_parse(struct nsi_model *m, long owner, const char *buf,
			   size_t len);

/**
 * nsi_podman_wanted() - does @m have a podman container not named yet,
 * or one of runtime "unknown" (rootful Podman may list it)?
 * @m: the model.
 *
 * Return: 1 or 0.
 */
int nsi_podman_wanted(const struct nsi_model *m);

/**
 * struct nsi_podman_seen - a containers.json as it was when last read
 * (nsi_podman_query()): the live view reads it again only when it
 * changed (its inode, size, mtime or ctime) or when the containers of its
 * owner that are unnamed are not those of that read.
 * @owner:   the UID whose storage it is, -1 for the rootful one.
 * @driver:  the index of the storage driver (overlay, vfs).
 * @dev:     st_dev, with @ino, @size, @mtim, @ctim: its fstat(2).
 * @unnamed: a hash of the IDs of @owner's containers unnamed then.
 */
struct nsi_podman_seen {
	long owner;
	unsigned int driver;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtim;
	struct timespec ctim;
	uint64_t unnamed;
};

/**
 * struct nsi_podman_answer - how asking Podman went.
 * @err:   positive errno of the first API service that failed other than
 *         by not running (nsi_engine_strerror()), 0 when none.
 * @where: its socket.
 * @cut:   containers.json files not read, of the last nsi_podman_query():
 *         past their size limit (NSI_PODMAN_STORE_MAX, a user's
 *         NSI_PODMAN_USER_MAX), or users' storages not reached within
 *         NSI_PODMAN_FILES_MS past the deadline.
 * @seen:  the files read, as they were (owned; nsi_podman_answer_release()
 *         frees them); @nseen of them, sorted by owner and driver.
 */
struct nsi_podman_answer {
	int err;
	char where[64];
	size_t cut;
	struct nsi_podman_seen *seen;
	size_t nseen;
};

/**
 * nsi_podman_answer_release() - free what @a holds (@a->seen); @a itself
 * is the caller's.
 * @a: the answer.
 */
void nsi_podman_answer_release(struct nsi_podman_answer *a);

/**
 * nsi_podman_query() - name the podman containers of @m: the rootful
 * ones (and "unknown" ones it lists) from the API service at
 * NSI_PODMAN_SOCKET, a socket of root's, then those still unnamed from
 * NSI_PODMAN_STORAGE's containers.json; each user's rootless ones from
 * its API service (NSI_RUN_USER/UID/podman/podman.sock, a socket of the
 * user's, not a symlink), then from its storage's containers.json
 * (HOME/.local/share/containers/storage, read as nsi_podman_rootless()
 * reads).  A user's service or files name only its own containers.
 * Never runs podman(1).  Bounded: a user's answer and files are taken up
 * to NSI_PODMAN_USER_MAX bytes (root's: 16 MiB, NSI_PODMAN_STORE_MAX),
 * the API services are asked within @deadline_ms, and files are read
 * until NSI_PODMAN_FILES_MS past it (the live view: past the call); a
 * file unchanged since @a's last read of it (@a->seen) is not read
 * again.  What was not read is counted in @a->cut.
 * @m:           the model, finished.
 * @deadline_ms: CLOCK_MONOTONIC time (ms) by which the API services must
 *               have answered; 0 to ask no service (files only: the
 *               live view, which never waits).
 * @a:           filled with the first failure and what was cut; its
 *               @seen kept from call to call (zeroed before the first).
 *
 * Return: 0, or -ENOMEM.
 */
int nsi_podman_query(struct nsi_model *m, long long deadline_ms,
		     struct nsi_podman_answer *a);

/**
 * nsi_podman_users_caps() - the capabilities reading rootless Podman's
 * state takes (nsi_view_caps()): CAP_DAC_READ_SEARCH when a directory
 * NSI_RUN_USER/UID (mode 0700, the user's) of a UID other than root's
 * has a directory containers (a rootless Podman has run), and
 * CAP_DAC_OVERRIDE when one has a socket podman/podman.sock (connect(2)
 * takes write permission on it).  At most
 * NSI_PODMAN_USERS_MAX entries are looked at, one lstat(2) each.
 *
 * Return: a mask of capability numbers, 0 when no user has one.
 */
uint64_t nsi_podman_users_caps(void);

/** NSI_ENGINES_BUDGET_MS - the time all engines of one run may take. */
#define NSI_ENGINES_BUDGET_MS 1000

/* Bits of struct nsi_engines.asked: the engines nsinspect knows. */
#define NSI_ENGINE_DOCKER (1u << 0)
#define NSI_ENGINE_PODMAN (1u << 1)

/**
 * struct nsi_engines - the container engines of one run: which were
 * asked, within which time, and how it went.  Engines are untrusted: what
 * they do wrong (silence, a huge or malformed answer) is recorded here and
 * shown as one warning; containers they do not name are shown by ID.
 * @budget_ms:     the time all engines of a run may take together.
 * @deadline_ms:   CLOCK_MONOTONIC time (ms) at which the budget ends, set
 *                 at the first request; 0 before.
 * @asked:         NSI_ENGINE_* bits of the engines asked already.
 * @docker_errno:  positive errno of the last failed request to dockerd
 *                 (nsi_engine_strerror()), 0 when it answered.
 * @docker_socket: its socket, NSI_DOCKER_SOCKET (borrowed).
 * The live view's requests (nsi_engines_poll()), private:
 * @child:         the PID of the child asking, 0 when none.
 * @answer_fd:     the memfd the child writes the answer to, -1.
 * @child_start_ms: when it was started (CLOCK_MONOTONIC, ms).
 * @retry_ms:      after a failure, no request before this time.
 * @backoff_ms:    the wait after the last failure, doubled by each.
 * @ids:           the IDs of the docker containers unnamed at the last
 *                 request, sorted (owned); @nids of them.
 * @podman:        how asking Podman went (NSI_ENGINE_PODMAN): its
 *                 API services, rootful (NSI_PODMAN_SOCKET) and each
 *                 user's; @podman.err 0 when none failed.
 * @podman_next_ms: the live view: no look at Podman's files before this
 *                 CLOCK_MONOTONIC time (ms): one look per
 *                 NSI_PODMAN_LOOK_MS at most, while a podman container
 *                 is unnamed.
 */
struct nsi_engines {
	long budget_ms;
	long long deadline_ms;
	unsigned int asked;
	int docker_errno;
	const char *docker_socket;
	pid_t child;
	int answer_fd;
	long long child_start_ms;
	long long retry_ms;
	long backoff_ms;
	char **ids;
	size_t nids;
	struct nsi_podman_answer podman;
	long long podman_next_ms;
};

/** NSI_PODMAN_LOOK_MS - the live view's least time between two looks at
 * Podman's files. */
#define NSI_PODMAN_LOOK_MS 2000

/**
 * nsi_engines_init() - set up @e: nothing asked yet, dockerd at
 * NSI_DOCKER_SOCKET.
 * @e:         the state (not allocated here).
 * @budget_ms: the time all engines may take, NSI_ENGINES_BUDGET_MS.
 */
void nsi_engines_init(struct nsi_engines *e, long budget_ms);

/**
 * nsi_engines_ask() - the one-shot runs' request: ask each engine that
 * has containers in @m to name (nsi_docker_wanted()), and was not asked
 * yet by @e, within what is left of the budget; name the containers of
 * @m.  However often it is called, each engine is asked at most once and
 * all of them within @e->budget_ms.
 * @e: the run's engines.
 * @m: the finished model.
 *
 * Return: 0 (an engine's failure is in @e->docker_errno), or -ENOMEM.
 */
int nsi_engines_ask(struct nsi_engines *e, struct nsi_model *m);

/**
 * nsi_engines_poll() - the live view's request, which never waits: when a
 * child asked dockerd and has ended, name the containers of @m from its
 * answer; when none is asking, and a docker container of @m is unnamed
 * that was not so at the last request (a new container), or the last
 * request failed and its back-off (2 s, doubled after each failure up to
 * 60 s) is over, fork(2) a child that asks (nsi_docker_get(), within
 * @e->budget_ms; the answer comes back through a memfd, the errno in its
 * exit status; killed when it outlives its budget by 2 s).  libcurl is
 * thus only ever loaded and run in a single-threaded child: the live
 * view never blocks on an engine, and stays single-threaded.  A
 * container the engine does not list is not asked for again.
 * @e: the live view's engines, nsi_engines_release()d at its end.
 * @m: the model of this refresh, finished.
 *
 * Return: 0 (failures in @e->docker_errno), or -ENOMEM.
 */
int nsi_engines_poll(struct nsi_engines *e, struct nsi_model *m);

/** NSI_ENGINES_POLL_MS - how often to look whether a child has answered. */
#define NSI_ENGINES_POLL_MS 100

/**
 * nsi_engines_wait() - is a child of nsi_engines_poll() still asking?
 * Looks without reaping it (waitid(2) with WNOWAIT).
 * @e: the state.
 *
 * Return: -1 when no child asks; 0 when it has ended (or outlived its
 * time): call nsi_engines_poll() now to show its answer; else
 * NSI_ENGINES_POLL_MS, the time after which to look again.
 */
long nsi_engines_wait(const struct nsi_engines *e);

/**
 * nsi_engines_release() - kill and reap a child still asking, free what
 * @e owns.
 * @e: the state.
 */
void nsi_engines_release(struct nsi_engines *e);

/**
 * nsi_json_parse() - parse @buf as one JSON value of type @type with
 * json-c (nothing but white space after it).  Shared by the engines'
 * answers, Podman's containers.json and the OCI bundles.
 * @buf:  the text, need not be NUL-terminated.
 * @len:  its length, at most 16 MiB.
 * @type: the type the value must have (json_type_array for a list of
 *        containers, json_type_object for a bundle).
 * @err:  set to 0, -EBADMSG (not one JSON value of @type, or too long) or
 *        -ENOMEM.
 *
 * Return: the value (json_object_put() it), or NULL.
 */
struct json_object *nsi_json_parse(const char *buf, size_t len,
				   enum json_type type, int *err);

/*
 * OCI bundles (bundles.c): the config.json of a container (OCI runtime
 * spec, config.md), in the state directories of containerd's shims
 * (ROOT/<dir>/<namespace>/<id>/config.json) and of CRI-O
 * (ROOT/<dir>/<id>/userdata/config.json).  Paths are relative to
 * nsi_model.state_root ("/" on a live system).
 */

/** nsi_containerd_state_dirs - containerd's task state directories: a
 * system containerd's, and that of dockerd's own containerd. */
extern const char *const nsi_containerd_state_dirs[];
/** nsi_containerd_nstate_dirs - how many. */
extern const size_t nsi_containerd_nstate_dirs;
/** nsi_crio_state_dirs - CRI-O's (containers/storage) container
 * directories: its run root, then its root. */
extern const char *const nsi_crio_state_dirs[];
/** nsi_crio_nstate_dirs - how many. */
extern const size_t nsi_crio_nstate_dirs;

/** NSI_BUNDLE_MAX - the largest config.json read (bytes); bigger is an
 * error (-EFBIG), never cut.  Real ones are a few tens of KiB. */
#define NSI_BUNDLE_MAX		(4u << 20)
/** NSI_BUNDLE_STRING_MAX - the longest annotation taken (bytes); a longer
 * one is ignored, never cut.  Kubernetes names are at most 253. */
#define NSI_BUNDLE_STRING_MAX	4096

/**
 * struct nsi_bundle - what a bundle tells of its container.
 * @runtime:  "containerd" or "cri-o": whose state directory it is in
 *            (static).
 * @name:     the container's name: containerd CRI's
 *            io.kubernetes.cri.container-name, CRI-O's
 *            io.kubernetes.container.name, the ID for a container ctr made
 *            (no CRI annotations), NULL for a sandbox; owned.
 * @image:    io.kubernetes.cri.image-name or io.kubernetes.cri-o.ImageName,
 *            NULL when absent (always for ctr: the image is in containerd's
 *            metadata only); owned.
 * @pod_name, @pod_namespace: the pod's (io.kubernetes.cri.sandbox-name and
 *            -namespace; io.kubernetes.pod.name and .namespace), or NULL;
 *            owned.
 * @sandbox:  1 for a pod's sandbox (container type "sandbox").
 * @cri:      1 when it has the CRI container-type annotation.
 */
struct nsi_bundle {
	const char *runtime;
	char *name;
	char *image;
	char *pod_name;
	char *pod_namespace;
	int sandbox;
	int cri;
};

/**
 * nsi_bundle_parse() - fill @b from the text of a config.json.
 * @buf, @len: the file's bytes (at most NSI_BUNDLE_MAX).
 * @runtime:   "containerd" or "cri-o": which annotations to read.
 * @id:        the container's ID (a ctr container's name).
 * @b:         filled; nsi_bundle_free() it.
 *
 * Return: 1; 0 when it is not that runtime's (a Podman bundle in CRI-O's
 * storage: io.container.manager other than "cri-o"); -EBADMSG when it is
 * not a JSON object; -ENOMEM.
 */
int nsi_bundle_parse(const char *buf, size_t len, const char *runtime,
		     const char *id, struct nsi_bundle *b);

/**
 * nsi_bundle_read() - find and read the bundle of container @id: for
 * runtime "containerd" in namespace @ns of containerd's state directories
 * (or, @ns NULL, in k8s.io, then in each other namespace, at most 64 per
 * directory), for "cri-o" in CRI-O's, for "cri" (a kubepods path that
 * does not name its runtime) in both.  The components below a state
 * directory are opened with O_NOFOLLOW, the file O_NONBLOCK and checked
 * to be regular and at most NSI_BUNDLE_MAX bytes.
 * @root:    the state root (nsi_model.state_root), NULL for "/".
 * @runtime: see above.
 * @ns:      the containerd namespace, or NULL.
 * @id:      the container ID.
 * @b:       filled when found; nsi_bundle_free() it.
 *
 * Return: 1 when found, 0 when there is none, -errno when one exists but
 * cannot be read (-EFBIG, -EMEDIUMTYPE, -ELOOP for a symbolic link,
 * -EBADMSG, -EACCES...), -ENOMEM.
 */
int nsi_bundle_read(const char *root, const char *runtime, const char *ns,
		    const char *id, struct nsi_bundle *b);

/**
 * nsi_bundle_exists() - is there a containerd bundle (a regular
 * config.json) for @ns/@id in one of containerd's state directories?
 * @root: the state root, NULL for "/".
 * @ns:   the containerd namespace.
 * @id:   the container ID.
 *
 * Return: 1 or 0.
 */
int nsi_bundle_exists(const char *root, const char *ns, const char *id);

/**
 * nsi_bundle_ns_known() - is @ns a namespace of containerd's state
 * directories?  They are listed once per model (at most 64 namespaces a
 * directory), so that the cgroup paths of the host ("/system.slice/
 * cron.service") cost no look-up of a bundle.
 * @m:  the model (m->state_root, m->ctr_namespaces).
 * @ns: a namespace name.
 *
 * Return: 1 or 0 (also when the list cannot be made).
 */
int nsi_bundle_ns_known(struct nsi_model *m, const char *ns);

/**
 * nsi_bundle_wanted() - does a container of @runtime have a bundle
 * nsinspect reads ("containerd", "cri-o", "cri")?
 * @runtime: a runtime name.
 *
 * Return: 1 or 0.
 */
int nsi_bundle_wanted(const char *runtime);

/**
 * nsi_bundle_apply() - give @c what @b tells (the strings move to @c when
 * it has none yet), and mark it read (nsi_container.bundle_read).
 * @c: the container.
 * @b: the bundle, nsi_bundle_free() it still.
 */
void nsi_bundle_apply(struct nsi_container *c, struct nsi_bundle *b);

/**
 * nsi_bundle_free() - free what @b owns and zero it.
 * @b: the bundle.
 */
void nsi_bundle_free(struct nsi_bundle *b);

#endif /* NSI_CONTAINER_H */
