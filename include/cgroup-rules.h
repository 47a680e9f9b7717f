/*
 * cgroup-rules.h - which container a cgroup path names (cgroup-rules.c):
 * the rules by which the engines name their containers' cgroups
 * (docs/cgroup-rules.md), and the parser of /proc/PID/cgroup that
 * applies them.
 */
#ifndef NSI_CGROUP_RULES_H
#define NSI_CGROUP_RULES_H

#include <stddef.h>
#include <sys/types.h>

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

#endif /* NSI_CGROUP_RULES_H */
