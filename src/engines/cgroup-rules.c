/*
 * cgroup-rules.c - which container a cgroup path names: the rules by
 * which docker, containerd, CRI-O, kubelet, podman, LXC and
 * systemd-machined name their containers' cgroups (docs/cgroup-rules.md),
 * and the parser of /proc/PID/cgroup (cgroups(7)) that applies them.  No
 * container engine is asked and no file is read here: the text comes
 * from the caller (containers.c), the state a rule needs from a callback.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup-rules.h"
#include "util.h"


/* A byte range [s, end) of the file, not NUL-terminated. */
struct span {
	const char *s;
	const char *end;
};

static size_t span_len(struct span sp)
{
	return (size_t)(sp.end - sp.s);
}

static int span_eq(struct span sp, const char *str)
{
	size_t n = strlen(str);

	return span_len(sp) == n && memcmp(sp.s, str, n) == 0;
}

static int span_starts(struct span sp, const char *prefix)
{
	size_t n = strlen(prefix);

	return span_len(sp) >= n && memcmp(sp.s, prefix, n) == 0;
}

static int span_ends(struct span sp, const char *suffix)
{
	size_t n = strlen(suffix);

	return span_len(sp) >= n && memcmp(sp.end - n, suffix, n) == 0;
}

/* Take @prefix off the front of @sp when it is there. */
static int strip_prefix(struct span *sp, const char *prefix)
{
	if (!span_starts(*sp, prefix))
		return 0;
	sp->s += strlen(prefix);
	return 1;
}

/* Take @suffix off the end of @sp when it is there. */
static int strip_suffix(struct span *sp, const char *suffix)
{
	if (!span_ends(*sp, suffix))
		return 0;
	sp->end -= strlen(suffix);
	return 1;
}

/* A container ID: 64 lowercase hex digits (nsi_is_id64()). */
static int is_id64(struct span sp)
{
	return nsi_is_id64(sp.s, span_len(sp));
}

/* Copy @sp into @dst of @size bytes; 0 when it does not fit or is empty. */
static int span_copy(char *dst, size_t size, struct span sp)
{
	size_t n = span_len(sp);

	if (n == 0 || n >= size || memchr(sp.s, '\0', n))
		return 0;
	memcpy(dst, sp.s, n);
	dst[n] = '\0';
	return 1;
}

/*
 * The pod UID of a kubepods cgroup: "pod<uid>" (cgroupfs driver) or
 * "kubepods[-<qos>]-pod<uid with '_' for '-'>.slice" (systemd driver,
 * whose unit names use '-' as the path separator).  The UID is a UUID, or
 * 32 hex digits for a static pod: lowercase hex digits and dashes.
 */
static int parse_pod(struct span comp, char pod[64])
{
	struct span uid = comp;
	char tmp[64];
	size_t i, n;

	if (span_starts(comp, "kubepods")) {
		const char *p;

		if (!strip_suffix(&uid, ".slice"))
			return 0;
		/* The last "-pod": the QoS class names hold none. */
		for (p = uid.end - 4; p >= uid.s; p--)
			if (memcmp(p, "-pod", 4) == 0)
				break;
		if (p < uid.s)
			return 0;
		uid.s = p + 4;
	} else if (!strip_prefix(&uid, "pod")) {
		return 0;
	}
	n = span_len(uid);
	if (n == 0 || n >= 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = uid.s[i];

		if (c == '_' || c == '-')
			c = '-';
		else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return 0;
		tmp[i] = c;
	}
	tmp[n] = '\0';
	memcpy(pod, tmp, n + 1);
	return 1;
}

/*
 * Decode systemd's unit name escapes (systemd.unit(5): "\xNN" for a byte
 * not allowed in unit names, "-" itself is "\x2d") into @dst.  A
 * backslash not followed by "x" and two hex digits is kept as it is.
 * Return: 1, or 0 when the result is empty, does not fit or would hold a
 * NUL byte.
 */
static int unescape_systemd(char *dst, size_t size, struct span sp)
{
	const char *s = sp.s;
	size_t n = 0;

	while (s < sp.end) {
		char c = *s++;

		if (c == '\\' && sp.end - s >= 3 && s[0] == 'x' &&
		    nsi_hexval(s[1]) >= 0 && nsi_hexval(s[2]) >= 0) {
			c = (char)(nsi_hexval(s[1]) << 4 | nsi_hexval(s[2]));
			s += 3;
		}
		if (c == '\0' || n + 1 >= size)
			return 0;
		dst[n++] = c;
	}
	dst[n] = '\0';
	return n > 0;
}

/*
 * What answers the NSI_RULE_BUNDLE rules, and the last pair it was asked
 * about: the lines of one file name the same path over and over.
 */
struct bundle_check {
	nsi_bundle_check_fn fn;
	void *arg;
	char ns[sizeof(((struct nsi_cgroup_ref *)0)->ctr_ns)];
	char id[sizeof(((struct nsi_cgroup_ref *)0)->id)];
	int answer;
};

/* The path components a rule may look at besides the current one. */
struct walk {
	struct bundle_check *check;	/* NULL: NSI_RULE_BUNDLE never */
	struct span top[3];	/* the first components of the path */
	size_t depth;		/* index of the current component */
	struct span prev;	/* the component before it, empty at the top */
	const struct span *next;	/* the one after it, or NULL */
	int in_kubepods;	/* a "kubepods..." component was seen */
	int after_pod;		/* the previous component was a pod */
	char pod[64];		/* the UID of the last pod component */
	int user_owned;		/* below a user's delegated subtree */
	uid_t owner;		/* its "user@UID.service" */
	struct span owner_user;	/* or its "/user/USER/N" */
};

/* Is [s, end) all decimal digits (and at least one)? */
static int all_digits(const char *s, const char *end)
{
	if (s == end)
		return 0;
	for (; s < end; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Is [@str, @str + @n) a containerd identifier (containerd's identifiers
 * package: letters and digits in runs joined by single '.', '_' or '-',
 * at most 76 bytes), as containerd namespaces and container IDs are?
 */
static int containerd_ident(const char *str, size_t n)
{
	const char *s, *end = str + n;
	int sep = 1;

	if (n == 0 || n > 76)
		return 0;
	for (s = str; s < end; s++) {
		char c = *s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9'))
			sep = 0;
		else if ((c == '.' || c == '_' || c == '-') && !sep)
			sep = 1;
		else
			return 0;
	}
	return !sep;
}

static int is_containerd_name(struct span sp)
{
	return containerd_ident(sp.s, span_len(sp));
}

/*
 * RULE_SCOPE: "<arg>-<64 hex>.scope", the transient scope a systemd
 * cgroup driver makes (runc and crun turn a cgroupsPath
 * "slice:<arg>:<id>" into "slice/<arg>-<id>.scope").  With
 * NSI_RULE_SCOPE_OPTIONAL the ".scope" may be missing: the cgroupfs
 * managers of podman and CRI-O name plain directories "libpod-<id>" and
 * "crio-<id>".
 */
static int match_scope(const struct nsi_cgroup_rule *r, struct span comp,
		       struct nsi_cgroup_ref *ref)
{
	if (!strip_prefix(&comp, r->arg) || !strip_prefix(&comp, "-"))
		return 0;
	if (!strip_suffix(&comp, ".scope") &&
	    !(r->flags & NSI_RULE_SCOPE_OPTIONAL))
		return 0;
	return is_id64(comp) && span_copy(ref->id, sizeof(ref->id), comp);
}

/*
 * RULE_RAW: "<parent>:<arg>:<64 hex>", a systemd driver's cgroupsPath
 * "slice:prefix:name" that a runtime with a cgroupfs manager took as a
 * directory name (kubelet on the systemd driver, containerd or CRI-O on
 * cgroupfs).  A kubepods pod slice as <parent> is the pod.
 */
static int match_raw(struct walk *w, const struct nsi_cgroup_rule *r,
		     struct span comp, struct nsi_cgroup_ref *ref)
{
	const char *c1 = memchr(comp.s, ':', span_len(comp));
	struct span parent, rest;

	if (!c1)
		return 0;
	parent.s = comp.s;
	parent.end = c1;
	rest.s = c1 + 1;
	rest.end = comp.end;
	if (!strip_prefix(&rest, r->arg) || !strip_prefix(&rest, ":") ||
	    !is_id64(rest) || !span_copy(ref->id, sizeof(ref->id), rest))
		return 0;
	if (span_starts(parent, "kubepods") && parse_pod(parent, w->pod))
		w->in_kubepods = 1;
	return 1;
}

/* RULE_UNDER: a bare "<64 hex>" right below a component named <arg>. */
static int match_under(struct walk *w, const struct nsi_cgroup_rule *r,
		       struct span comp, struct nsi_cgroup_ref *ref)
{
	return span_eq(w->prev, r->arg) && is_id64(comp) &&
	       span_copy(ref->id, sizeof(ref->id), comp);
}

/* RULE_POD: a bare "<64 hex>" right below a kubepods pod (cgroupfs). */
static int match_pod(struct walk *w, struct span comp,
		     struct nsi_cgroup_ref *ref)
{
	return w->after_pod && is_id64(comp) &&
	       span_copy(ref->id, sizeof(ref->id), comp);
}

/*
 * RULE_CTR: "/<namespace>/<id>" at the top of the hierarchy, where
 * containerd's default spec puts a container: ctr run in its namespace
 * "default", the CRI plugin with no cgroup parent in "k8s.io".  Other
 * namespaces (ctr -n NAME) only with NSI_RULE_BUNDLE, when containerd
 * keeps a bundle for that namespace and ID (w->check): "/<word>/<word>"
 * at the top is too common (a session manager's cgroups, docker's
 * --cgroup-parent) to be taken on its looks.
 */
static int match_ctr(struct walk *w, const struct nsi_cgroup_rule *r,
		     struct span comp, struct nsi_cgroup_ref *ref)
{
	struct span ns = w->top[0];
	int known = span_eq(ns, "default") || span_eq(ns, "k8s.io");
	struct bundle_check *bc = w->check;

	if (w->depth != 1 || !is_containerd_name(comp) ||
	    !is_containerd_name(ns))
		return 0;
	if (!!(r->flags & NSI_RULE_BUNDLE) == known)
		return 0;
	if (!span_copy(ref->id, sizeof(ref->id), comp) ||
	    !span_copy(ref->ctr_ns, sizeof(ref->ctr_ns), ns))
		return 0;
	if (known)
		return 1;
	if (!bc || !bc->fn)
		return 0;
	if (strcmp(bc->ns, ref->ctr_ns) != 0 || strcmp(bc->id, ref->id) != 0) {
		snprintf(bc->ns, sizeof(bc->ns), "%s", ref->ctr_ns);
		snprintf(bc->id, sizeof(bc->id), "%s", ref->id);
		bc->answer = bc->fn(bc->arg, bc->ns, bc->id);
	}
	return bc->answer;
}

/*
 * RULE_USER_SESSION: "/user/<user>/<session number>/<64 hex>", the
 * per-login cgroups of cgmanager and lxcfs's pam_cgfs on cgroup v1
 * (delegated to the user), where a rootless runtime puts a container.
 */
static int match_user_session(struct walk *w, struct span comp,
			      struct nsi_cgroup_ref *ref)
{
	return w->depth == 3 && span_eq(w->top[0], "user") &&
	       span_len(w->top[1]) > 0 &&
	       all_digits(w->top[2].s, w->top[2].end) && is_id64(comp) &&
	       span_copy(ref->id, sizeof(ref->id), comp);
}

/* RULE_PREFIX: "<arg><name>": the name is the rest of the component,
 * whole (LXC names may hold dots and be long). */
static int match_prefix(const struct nsi_cgroup_rule *r, struct span comp,
			struct nsi_cgroup_ref *ref)
{
	if (!strip_prefix(&comp, r->arg))
		return 0;
	/* A monitor's rule needs no name: "lxc.pivot" has none. */
	return !r->runtime || span_copy(ref->id, sizeof(ref->id), comp);
}

/*
 * The machine name of systemd unit <arg><escaped name><suffix>
 * ("machine-NAME.scope", "systemd-nspawn@NAME.service"), decoded.
 */
static int unit_name(const struct nsi_cgroup_rule *r, struct span comp,
		     const char *suffix, struct nsi_cgroup_ref *ref)
{
	return strip_prefix(&comp, r->arg) && strip_suffix(&comp, suffix) &&
	       unescape_systemd(ref->id, sizeof(ref->id), comp);
}

/*
 * Is a machine name one that libvirt gives its domains
 * (virSystemdMakeScopeName(): "qemu-<domain id>-<name>", "lxc-<domain
 * id>-<name>"; before libvirt 1.3 "qemu-<name>")?
 */
static int is_libvirt_machine(const char *name)
{
	const char *s;

	if (strncmp(name, "qemu-", 5) == 0)
		return 1;
	if (strncmp(name, "lxc-", 4) != 0)
		return 0;
	s = name + 4;
	if (*s < '0' || *s > '9')
		return 0;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '-';
}

/*
 * RULE_MACHINE: systemd-machined's "machine-<name>.scope" (systemd-nspawn
 * run by hand, and libvirt) or the unit "systemd-nspawn@<name>.service"
 * (machinectl start).  NSI_RULE_SUPERVISOR: the rule of systemd-nspawn
 * itself, which moves to the child cgroup "supervisor" (the container is
 * in "payload").  NSI_RULE_LIBVIRT: only libvirt's machine names, else
 * only others.
 */
static int match_machine(struct walk *w, const struct nsi_cgroup_rule *r,
			 struct span comp, struct nsi_cgroup_ref *ref)
{
	int supervisor = w->next && span_eq(*w->next, "supervisor");

	if (!unit_name(r, comp, span_starts(comp, "machine-") ? ".scope" :
		       ".service", ref))
		return 0;
	if (!!(r->flags & NSI_RULE_SUPERVISOR) != supervisor)
		return 0;
	if (r->flags & NSI_RULE_SUPERVISOR)
		return 1;
	return !!(r->flags & NSI_RULE_LIBVIRT) == is_libvirt_machine(ref->id);
}

/*
 * RULE_LOOKALIKE: what no other rule took but looks like a container of
 * an OCI engine: a component that is, or ends in, 64 lowercase hex
 * digits after '-', ':' or '_' (with ".scope" after them or not).
 */
static int match_lookalike(struct span comp, struct nsi_cgroup_ref *ref)
{
	struct span id;

	strip_suffix(&comp, ".scope");
	if (span_len(comp) < 64)
		return 0;
	id.s = comp.end - 64;
	id.end = comp.end;
	if (id.s > comp.s && id.s[-1] != '-' && id.s[-1] != ':' &&
	    id.s[-1] != '_')
		return 0;
	return is_id64(id) && span_copy(ref->id, sizeof(ref->id), id);
}

/*
 * The rules, tried in this order on each path component, outermost
 * component first.  docs/cgroup-rules.md explains each; keep the two in
 * step.  Runtime NULL: a monitor on the host side, which ends the walk
 * with no container.
 */
const struct nsi_cgroup_rule nsi_cgroup_rules[] = {
	/* Monitors first: their names start like the containers'. */
	{ "podman-conmon", "podman", NULL, RULE_SCOPE, "libpod-conmon",
	  NSI_RULE_SCOPE_OPTIONAL,
	  "/machine.slice/libpod-conmon-" NSI_EXAMPLE_ID ".scope" },
	{ "crio-conmon", "cri-o", NULL, RULE_SCOPE, "crio-conmon",
	  NSI_RULE_SCOPE_OPTIONAL,
	  "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
	  NSI_EXAMPLE_POD_ "/crio-conmon-" NSI_EXAMPLE_ID ".scope" },
	{ "lxc-monitor", "lxc", NULL, RULE_PREFIX, "lxc.monitor", 0,
	  "/lxc.monitor.web01" },
	{ "lxc-pivot", "lxc", NULL, RULE_PREFIX, "lxc.pivot", 0,
	  "/lxc.pivot" },
	{ "nspawn-supervisor", "systemd-nspawn", NULL, RULE_MACHINE, "machine-",
	  NSI_RULE_SUPERVISOR, "/machine.slice/machine-web01.scope/supervisor" },
	{ "nspawn-service-supervisor", "systemd-nspawn", NULL, RULE_MACHINE,
	  "systemd-nspawn@", NSI_RULE_SUPERVISOR,
	  "/machine.slice/systemd-nspawn@web01.service/supervisor" },
	/* Docker */
	{ "docker-systemd", "docker", "docker", RULE_SCOPE, "docker", 0,
	  "/system.slice/docker-" NSI_EXAMPLE_ID ".scope" },
	{ "docker-cgroupfs", "docker", "docker", RULE_UNDER, "docker", 0,
	  "/docker/" NSI_EXAMPLE_ID },
	/* containerd and Kubernetes (CRI) */
	{ "cri-containerd-systemd", "containerd", "containerd", RULE_SCOPE,
	  "cri-containerd", 0,
	  "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	  NSI_EXAMPLE_POD_ "/cri-containerd-" NSI_EXAMPLE_ID ".scope" },
	{ "cri-containerd-raw", "containerd", "containerd", RULE_RAW,
	  "cri-containerd", 0,
	  "/system.slice/containerd.service/kubepods-burstable-pod"
	  NSI_EXAMPLE_POD_ ":cri-containerd:" NSI_EXAMPLE_ID },
	{ "crio", "cri-o", "cri-o", RULE_SCOPE, "crio",
	  NSI_RULE_SCOPE_OPTIONAL,
	  "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod"
	  NSI_EXAMPLE_POD_ "/crio-" NSI_EXAMPLE_ID ".scope" },
	{ "crio-raw", "cri-o", "cri-o", RULE_RAW, "crio", 0,
	  "/kubepods-besteffort-pod" NSI_EXAMPLE_POD_ ":crio:" NSI_EXAMPLE_ID },
	{ "kubepods-cgroupfs", "kubernetes", "cri", RULE_POD, NULL, 0,
	  "/kubepods/burstable/pod" NSI_EXAMPLE_POD "/" NSI_EXAMPLE_ID },
	{ "containerd-ctr", "containerd", "containerd", RULE_CTR, NULL, 0,
	  "/default/web01" },
	{ "containerd-ctr-bundle", "containerd", "containerd", RULE_CTR, NULL,
	  NSI_RULE_BUNDLE, "/nsinspect-test/web01" },
	/* Podman */
	{ "podman", "podman", "podman", RULE_SCOPE, "libpod",
	  NSI_RULE_SCOPE_OPTIONAL,
	  "/machine.slice/libpod-" NSI_EXAMPLE_ID ".scope" },
	{ "rootless-v1-session", "podman", "podman", RULE_USER_SESSION, NULL, 0,
	  "/user/alice/0/" NSI_EXAMPLE_ID },
	/* LXC */
	{ "lxc-payload", "lxc", "lxc", RULE_PREFIX, "lxc.payload.", 0,
	  "/lxc.payload.web01" },
	{ "lxc-legacy", "lxc", "lxc", RULE_UNDER_NAME, "lxc", 0,
	  "/lxc/web01" },
	/* systemd-machined */
	{ "libvirt", "libvirt", "libvirt", RULE_MACHINE, "machine-",
	  NSI_RULE_LIBVIRT,
	  "/machine.slice/machine-qemu\\x2d1\\x2dweb01.scope/libvirt/emulator" },
	{ "nspawn", "systemd-nspawn", "nspawn", RULE_MACHINE, "machine-", 0,
	  "/machine.slice/machine-web01.scope/payload" },
	{ "nspawn-service", "systemd-nspawn", "nspawn", RULE_MACHINE,
	  "systemd-nspawn@", 0,
	  "/machine.slice/systemd-nspawn@web01.service/payload" },
	/* Last, when no rule matched anywhere on the path. */
	{ "unknown", "unknown", "unknown", RULE_LOOKALIKE, NULL, 0,
	  "/mygroup/" NSI_EXAMPLE_ID },
};

const size_t nsi_cgroup_nrules =
	sizeof(nsi_cgroup_rules) / sizeof(nsi_cgroup_rules[0]);

/* Does rule @r take component @comp?  Fills ref->id when it does. */
static int rule_matches(struct walk *w, const struct nsi_cgroup_rule *r,
			struct span comp, struct nsi_cgroup_ref *ref)
{
	switch (r->kind) {
	case RULE_SCOPE:
		return match_scope(r, comp, ref);
	case RULE_RAW:
		return match_raw(w, r, comp, ref);
	case RULE_UNDER:
		return match_under(w, r, comp, ref);
	case RULE_UNDER_NAME:
		return span_eq(w->prev, r->arg) &&
		       span_copy(ref->id, sizeof(ref->id), comp);
	case RULE_POD:
		return match_pod(w, comp, ref);
	case RULE_CTR:
		return match_ctr(w, r, comp, ref);
	case RULE_USER_SESSION:
		return match_user_session(w, comp, ref);
	case RULE_PREFIX:
		return match_prefix(r, comp, ref);
	case RULE_MACHINE:
		return match_machine(w, r, comp, ref);
	case RULE_LOOKALIKE:
		return match_lookalike(comp, ref);
	}
	return 0;
}

enum { WALK_NONE, WALK_FOUND, WALK_HOST };

/*
 * Try the rules on the component @comp: WALK_FOUND with @ref filled (and
 * the pod UID seen so far), WALK_HOST for a monitor, else WALK_NONE.
 * @lookalike: try only the "unknown" rule, else all others.
 */
static int match_component(struct walk *w, struct span comp, int lookalike,
			   struct nsi_cgroup_ref *ref)
{
	size_t i;

	for (i = 0; i < nsi_cgroup_nrules; i++) {
		const struct nsi_cgroup_rule *r = &nsi_cgroup_rules[i];

		if ((r->kind == RULE_LOOKALIKE) != lookalike)
			continue;
		if (!rule_matches(w, r, comp, ref))
			continue;
		if (!r->runtime) {
			ref->id[0] = '\0';
			ref->rule = r->name;
			return WALK_HOST;
		}
		if (r->kind != RULE_CTR)
			ref->ctr_ns[0] = '\0';
		ref->owner_user[0] = '\0';
		if (w->user_owned && w->owner_user.s &&
		    !span_copy(ref->owner_user, sizeof(ref->owner_user),
			       w->owner_user)) {
			/* no such user name (too long, a NUL): none */
			ref->id[0] = '\0';
			ref->ctr_ns[0] = '\0';
			return WALK_NONE;
		}
		ref->runtime = r->runtime;
		ref->rule = r->name;
		ref->user_owned = w->user_owned;
		ref->owner = w->owner;
		/* Only a pod on the path above the container is its pod. */
		if (w->in_kubepods && w->pod[0])
			memcpy(ref->pod, w->pod, sizeof(ref->pod));
		else
			ref->pod[0] = '\0';
		return WALK_FOUND;
	}
	ref->id[0] = '\0';
	ref->ctr_ns[0] = '\0';
	if (span_starts(comp, "kubepods"))
		w->in_kubepods = 1;
	w->after_pod = w->in_kubepods && parse_pod(comp, w->pod);
	return WALK_NONE;
}

/*
 * Is @comp where a subtree delegated to a user starts?  systemd's
 * "user@UID.service" (cgroup v2, and name=systemd on v1), or the
 * "/user/USER/N" per-login cgroups of cgmanager and pam_cgfs (v1): what is
 * below may be any directory the user made, named like any engine's.
 */
static void user_subtree(struct walk *w, struct span comp)
{
	struct span num = comp;
	unsigned long uid = 0;
	const char *c;

	if (strip_prefix(&num, "user@") && strip_suffix(&num, ".service") &&
	    span_len(num) > 0 && span_len(num) <= 10 &&
	    all_digits(num.s, num.end)) {
		for (c = num.s; c < num.end; c++)
			uid = uid * 10 + (unsigned long)(*c - '0');
		if (uid <= (uid_t)-2) {
			w->user_owned = 1;
			w->owner = (uid_t)uid;
		}
	} else if (w->depth == 2 && span_eq(w->top[0], "user") &&
		   span_len(w->top[1]) > 0 && all_digits(comp.s, comp.end)) {
		w->user_owned = 1;
		w->owner_user = w->top[1];
	}
}

/*
 * Walk the components of a cgroup path, outermost first, and stop at the
 * first that names a container: for a container nested in another (docker
 * in LXC, say) that is the outer one, which the host's engine knows.  The
 * "unknown" rule is tried only when no other rule took any component, in
 * a second walk, so that a known container below a look-alike (a podman
 * pod's directory) is still known.
 * Return: 1 when found, else 0.
 */
static int match_path(struct span path, struct nsi_cgroup_ref *ref,
		      struct bundle_check *check)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		struct walk w = { .check = check };
		struct span comp, next;
		const char *s = path.s;
		int rc = WALK_NONE;

		/* Empty components ("//") are skipped; ".." climbs out of a
		 * cgroup namespace and is simply not a name. */
		for (;;) {
			while (s < path.end && *s == '/')
				s++;
			if (s == path.end)
				break;
			comp.s = s;
			while (s < path.end && *s != '/')
				s++;
			comp.end = s;

			next.s = s;
			while (next.s < path.end && *next.s == '/')
				next.s++;
			next.end = next.s;
			while (next.end < path.end && *next.end != '/')
				next.end++;
			w.next = next.end > next.s ? &next : NULL;
			if (span_eq(comp, ".."))
				continue;
			if (w.depth < sizeof(w.top) / sizeof(w.top[0]))
				w.top[w.depth] = comp;

			if (!w.user_owned)
				user_subtree(&w, comp);
			rc = match_component(&w, comp, pass, ref);
			if (rc != WALK_NONE)
				break;
			w.prev = comp;
			w.depth++;
		}
		if (rc == WALK_FOUND)
			return 1;
		if (rc == WALK_HOST)
			return 0;
	}
	return 0;
}

/*
 * Split a line "HIERARCHY-ID:CONTROLLERS:PATH" (cgroups(7)).  The path is
 * the rest of the line and may itself hold colons; the controller list
 * never does.  Return: 1 for a well-formed line, with *v2 set for the
 * unified hierarchy's "0::" line; 0 otherwise.
 */
static int split_line(const char *s, const char *end, struct span *path,
		      int *v2)
{
	const char *c1 = memchr(s, ':', (size_t)(end - s)), *c2;

	if (!c1 || !all_digits(s, c1))
		return 0;
	c2 = memchr(c1 + 1, ':', (size_t)(end - c1 - 1));
	if (!c2)
		return 0;
	path->s = c2 + 1;
	path->end = end;
	if (path->s == path->end || *path->s != '/')
		return 0;
	/* The kernel marks a removed cgroup v2 directory so. */
	strip_suffix(path, " (deleted)");
	*v2 = c1 - s == 1 && *s == '0' && c2 == c1 + 1;
	return 1;
}

int nsi_cgroup_parse(const char *buf, size_t len, struct nsi_cgroup_ref *ref)
{
	return nsi_cgroup_parse_at(buf, len, ref, NULL, NULL);
}

int nsi_cgroup_parse_at(const char *buf, size_t len,
			struct nsi_cgroup_ref *ref, nsi_bundle_check_fn check,
			void *arg)
{
	struct bundle_check bc = { .fn = check, .arg = arg };
	const char *s = buf, *end = buf + len;
	struct nsi_cgroup_ref v1_ref, cur;
	struct span missed = { NULL, NULL };	/* the last path matching none */
	int well_formed = 0, have_v1 = 0;
	const char *host_rule = NULL;
	unsigned long last_id = ULONG_MAX;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		struct span path;
		int v2;

		if (split_line(s, eol, &path, &v2)) {
			unsigned long hid = strtoul(s, NULL, 10);

			/*
			 * The kernel prints each hierarchy once, newest (the
			 * highest ID) first and the unified one (0) last: a
			 * line out of that order would be made up by a
			 * directory name with a newline in it (cgroup_mkdir
			 * refuses one today; a user's delegated subtree is
			 * where one would be made).
			 */
			if (hid >= last_id) {
				memset(ref, 0, sizeof(*ref));
				ref->forged = 1;
				return 0;
			}
			last_id = hid;
			well_formed = 1;
			/* v1 hierarchies mostly repeat a path: it matches
			 * none again (a rule depends on the path alone) */
			if (missed.s && path.end - path.s == missed.end - missed.s &&
			    memcmp(path.s, missed.s, (size_t)(path.end - path.s)) == 0) {
				s = nl ? nl + 1 : end;
				continue;
			}
			memset(&cur, 0, sizeof(cur));
			if (!match_path(path, &cur, &bc)) {
				if (cur.rule && !host_rule)
					host_rule = cur.rule;
				missed = path;
			} else {
				if (v2) {
					*ref = cur;
					return 1;
				}
				if (!have_v1) {
					v1_ref = cur;
					have_v1 = 1;
				}
			}
		}
		s = nl ? nl + 1 : end;
	}
	if (have_v1) {
		*ref = v1_ref;
		return 1;
	}
	memset(ref, 0, sizeof(*ref));
	ref->rule = host_rule;
	return well_formed ? 0 : -EINVAL;
}
