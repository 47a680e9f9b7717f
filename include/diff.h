/*
 * diff.h - what changed between two models (diff.c): the one comparison
 * of --diff (two snapshots, or a snapshot and the live system) and of
 * --watch (two scans in a row).  No I/O; renderers print the changes
 * (render-diff.h).
 *
 * Identities:
 *   - a namespace is (type, inode) (namespaces(7)); the unknown groups
 *     (inode 0) are never compared;
 *   - a container is (runtime, owner, ID) (struct nsi_container);
 *   - a process is (PID, start time) (field 22 of /proc/PID/stat): a
 *     later process that got the same PID is another one;
 *   - a command is the comm name (proc(5)) of host processes: those in
 *     no container, kernel threads aside.
 *
 * Capability sets compared, each of the five (CapInh, CapPrm, CapEff,
 * CapBnd, CapAmb of /proc/PID/status), a set only when both sides know
 * it: per process, its own sets; per container, the union of each set
 * over the container's processes; per command, the union of each set
 * over the host processes of that name.  A union changes when a
 * capability appears that none of the group held, or goes from every
 * process that held it: a group that is the same set of capabilities is
 * unchanged however many processes come and go.  Containers and commands
 * that exist on one side only are not compared (a container started or
 * stopped is a change of its own; a command that appears is not).
 *
 * Cost: linear in the processes, namespaces and containers of both
 * models (hash maps, hashmap.h; the process lists are merged by PID).
 */
#ifndef NSI_DIFF_H
#define NSI_DIFF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model.h"

/**
 * enum nsi_change_kind - what changed; nsi_change_kind_name() gives the
 * word of -J and of --watch's "event".
 * @NSI_CHANGE_CONTAINER_STARTED: a container has processes in the new
 *        model only.
 * @NSI_CHANGE_CONTAINER_STOPPED: in the old model only.
 * @NSI_CHANGE_CONTAINER_HOST_NS: the types of namespace a container
 *        shares with the host (its first process's namespace is the
 *        host's of that type, nsi_model_host_ns()) are others.
 * @NSI_CHANGE_CONTAINER_CAPS: the union of a capability set of its
 *        processes changed.
 * @NSI_CHANGE_NS_CREATED: a namespace is in the new model only.
 * @NSI_CHANGE_NS_GONE:   in the old model only.
 * @NSI_CHANGE_COMMAND_CAPS: the union of a capability set of the host
 *        processes of a command changed.
 * @NSI_CHANGE_PROC_ENTERED: with NSI_DIFF_PROCS: a process is in a
 *        namespace of a type it was in another of (setns(2),
 *        unshare(2), or an exec that ran unshare(1)'s or nsenter(1)'s
 *        command); or a new process is in a namespace of the old model
 *        that its parent is not in (nsenter(1), docker exec).
 * @NSI_CHANGE_PROC_LEFT: with NSI_DIFF_PROCS: the namespace it was in
 *        before (one per PROC_ENTERED of a process of both models).
 * @NSI_CHANGE_PROC_CAPS: with NSI_DIFF_PROCS: one of a process's sets
 *        changed (capset(2), an exec, a change of UID).
 */
enum nsi_change_kind {
	NSI_CHANGE_CONTAINER_STARTED,
	NSI_CHANGE_CONTAINER_STOPPED,
	NSI_CHANGE_CONTAINER_HOST_NS,
	NSI_CHANGE_CONTAINER_CAPS,
	NSI_CHANGE_NS_CREATED,
	NSI_CHANGE_NS_GONE,
	NSI_CHANGE_COMMAND_CAPS,
	NSI_CHANGE_PROC_ENTERED,
	NSI_CHANGE_PROC_LEFT,
	NSI_CHANGE_PROC_CAPS,
	NSI_CHANGE_NKINDS
};

/**
 * nsi_change_kind_name() - the word of a kind: "container_started",
 * "container_stopped", "container_host_namespaces", "container_caps",
 * "namespace_created", "namespace_gone", "command_caps",
 * "process_entered", "process_left", "process_caps".
 * @kind: the kind.
 *
 * Return: a static string; NULL for a value out of range.
 */
const char *nsi_change_kind_name(enum nsi_change_kind kind);

/**
 * struct nsi_change - one change.  Pointers are borrowed from the model
 * that has the object (the new one, the old one for what is gone): valid
 * while both models live.
 * @kind:      what changed.
 * @type:      namespaces and process_entered/left: the namespace type.
 * @ino:       namespaces: the inode; process_entered: the namespace
 *             entered; process_left: the one left; 0 else.
 * @ns:        the namespace of @ino (either model), or NULL.
 * @proc:      the process the change is about: a namespace's first
 *             process (nsi_ns.rep, or the process that holds it), a
 *             container's first process, the process of process_*;
 *             NULL when none (a namespace only bind mounted; a
 *             command).
 * @comm:      command_caps: the command name; else @proc's, or NULL.
 * @container: the container (container_*; a namespace's or a process's
 *             container), or NULL.
 * @host_old, @host_new: container_host_namespaces: bit (1 << type) for
 *             each type shared with the host, before and after.
 * @cap_old, @cap_new: *_caps: each set (enum nsi_cap_set) before and
 *             after.
 * @cap_changed: *_caps: bit (1 << set) for each set that changed.
 */
struct nsi_change {
	enum nsi_change_kind kind;
	enum nsi_ns_type type;
	ino_t ino;
	const struct nsi_ns *ns;
	const struct nsi_proc *proc;
	const char *comm;
	const struct nsi_container *container;
	unsigned int host_old, host_new;
	uint64_t cap_old[NSI_CAP_NSETS];
	uint64_t cap_new[NSI_CAP_NSETS];
	unsigned int cap_changed;
};

/**
 * nsi_change_of_ns() - the change of @kind about namespace @ns: its
 * type, inode, first process (or the process that holds it) and
 * container, as nsi_diff_models() makes them.
 * @kind: NSI_CHANGE_NS_CREATED or NSI_CHANGE_NS_GONE.
 * @ns:   the namespace (borrowed by the result).
 *
 * Return: the change.
 */
struct nsi_change nsi_change_of_ns(enum nsi_change_kind kind,
				   const struct nsi_ns *ns);

/**
 * nsi_change_of_container() - the change of @kind about container @c:
 * its first process and that process's command.
 * @kind: a container_* kind.
 * @c:    the container (borrowed by the result).
 *
 * Return: the change.
 */
struct nsi_change nsi_change_of_container(enum nsi_change_kind kind,
					  const struct nsi_container *c);

/**
 * struct nsi_diff - the changes between two models: containers (started,
 * then changed, then stopped), namespaces created then gone (by inode),
 * commands, processes (by PID).
 * @ch:    the changes, @n of them; owned.
 * @n:     their number.
 * @alloc: private: the length allocated.
 */
struct nsi_diff {
	struct nsi_change *ch;
	size_t n;
	size_t alloc;
};

/* Flags of nsi_diff_models(). */
#define NSI_DIFF_PROCS	(1u << 0)	/* per-process changes too (--watch) */

/**
 * nsi_diff_models() - list what changed from @old to @new.
 * @old:   a model after nsi_model_finish() (a snapshot, or the previous
 *         scan); not changed (non-const only for the namespace lookup).
 * @new:   likewise.
 * @flags: 0 or NSI_DIFF_PROCS.
 * @d:     an empty struct nsi_diff ({ 0 }); filled.  Free it with
 *         nsi_diff_release(), also on error.
 *
 * Return: 0 or -ENOMEM.
 */
int nsi_diff_models(struct nsi_model *old, struct nsi_model *new,
		    unsigned int flags, struct nsi_diff *d);

/**
 * nsi_diff_release() - free the changes of @d and leave it empty.
 * @d: the diff.
 */
void nsi_diff_release(struct nsi_diff *d);

#endif /* NSI_DIFF_H */
