/*
 * containers.c - which container a process runs in, from the paths of
 * /proc/PID/cgroup (cgroups(7)).  No container engine is asked here: the
 * runtime and ID come from the cgroup names that docker, containerd,
 * CRI-O, kubelet, podman, LXC and systemd-machined give their containers.
 * Files are opened relative to a proc-root directory fd so that unit
 * tests read fixture trees.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "container.h"
#include "model.h"
#include "procfs.h"
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

/*
 * A container ID of docker, containerd, CRI-O and podman: exactly 64
 * lowercase hex digits (a SHA-256).  Anything else, "ABC..." or 63 digits,
 * is some other cgroup that merely looks alike.
 */
static int is_id64(struct span sp)
{
	const char *s;

	if (span_len(sp) != 64)
		return 0;
	for (s = sp.s; s < sp.end; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
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
 * "<prefix><64 hex>.scope": the systemd scopes of docker, containerd (CRI
 * plugin), CRI-O and podman.  With @scope_optional the ".scope" may be
 * missing: podman's and CRI-O's cgroupfs managers name plain directories
 * "libpod-<id>" and "crio-<id>".  "libpod-conmon-<id>.scope" and
 * "crio-conmon-<id>.scope", the monitors on the host side, do not match.
 */
static int match_scope(struct span comp, const char *prefix,
		       int scope_optional, char id[256])
{
	if (!strip_prefix(&comp, prefix))
		return 0;
	if (!strip_suffix(&comp, ".scope") && !scope_optional)
		return 0;
	return is_id64(comp) && span_copy(id, 256, comp);
}

/* Path walk state: what the components so far said. */
struct walk {
	int in_kubepods;	/* a "kubepods..." component was seen */
	int after_docker;	/* the previous component was "docker" */
	int after_lxc;		/* the previous component was "lxc" */
	int after_pod;		/* the previous component was a pod */
	char pod[64];		/* the UID of the last pod component */
};

/*
 * Does the path component @comp name a container?  Fills @ref (with the
 * pod UID seen so far) and returns 1; 0 otherwise.
 */
static int match_component(struct walk *w, struct span comp,
			   const struct span *next, struct nsi_cgroup_ref *ref)
{
	static const struct {
		const char *prefix;
		const char *runtime;
		int scope_optional;
	} scopes[] = {
		{ "docker-", "docker", 0 },
		{ "cri-containerd-", "containerd", 0 },
		{ "crio-", "cri-o", 1 },
		{ "libpod-", "podman", 1 },
	};
	struct span name = comp;
	size_t i;

	for (i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++) {
		if (match_scope(comp, scopes[i].prefix,
				scopes[i].scope_optional, ref->id)) {
			ref->runtime = scopes[i].runtime;
			goto found;
		}
	}
	/* Bare IDs: "/docker/<id>" and "/kubepods/<qos>/pod<uid>/<id>". */
	if (is_id64(comp) && (w->after_docker || w->after_pod)) {
		ref->runtime = w->after_docker ? "docker" : "cri";
		span_copy(ref->id, sizeof(ref->id), comp);
		goto found;
	}
	/* LXC 4 and later: "lxc.payload.<name>"; before: "/lxc/<name>". */
	if ((strip_prefix(&name, "lxc.payload.") || w->after_lxc) &&
	    span_copy(ref->id, sizeof(ref->id), name)) {
		ref->runtime = "lxc";
		goto found;
	}
	name = comp;
	/*
	 * systemd-machined's "machine-<escaped name>.scope".  Two kinds of
	 * its processes are not in the container: systemd-nspawn itself,
	 * which moves to the "supervisor" child cgroup of the scope (the
	 * container's in "payload"), and the qemu processes of libvirt's
	 * virtual machines, whose machine names start with "qemu-".
	 */
	if (strip_prefix(&name, "machine-") && strip_suffix(&name, ".scope") &&
	    unescape_systemd(ref->id, sizeof(ref->id), name) &&
	    strncmp(ref->id, "qemu-", 5) != 0 &&
	    !(next && span_eq(*next, "supervisor"))) {
		ref->runtime = "nspawn";
		goto found;
	}

	if (span_starts(comp, "kubepods"))
		w->in_kubepods = 1;
	w->after_pod = w->in_kubepods && parse_pod(comp, w->pod);
	w->after_docker = span_eq(comp, "docker");
	w->after_lxc = span_eq(comp, "lxc");
	return 0;
found:
	/* Only a pod on the path above the container is its pod. */
	if (w->in_kubepods && w->pod[0])
		memcpy(ref->pod, w->pod, sizeof(ref->pod));
	else
		ref->pod[0] = '\0';
	return 1;
}

/*
 * Walk the components of a cgroup path, outermost first, and stop at the
 * first that names a container: for a container nested in another (docker
 * in LXC, say) that is the outer one, which the host's engine knows.
 * Return: 1 when found, else 0.
 */
static int match_path(struct span path, struct nsi_cgroup_ref *ref)
{
	struct walk w = { 0 };
	struct span comp, next;
	const char *s = path.s;
	int have_next;

	/* Empty components ("//") are skipped; ".." climbs out of a cgroup
	 * namespace and is simply not a name. */
	for (;;) {
		while (s < path.end && *s == '/')
			s++;
		if (s == path.end)
			return 0;
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
		have_next = next.end > next.s;

		if (match_component(&w, comp, have_next ? &next : NULL, ref))
			return 1;
	}
}

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
	const char *s = buf, *end = buf + len;
	struct nsi_cgroup_ref v1_ref, cur;
	int well_formed = 0, have_v1 = 0;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl : end;
		struct span path;
		int v2;

		if (split_line(s, eol, &path, &v2)) {
			well_formed = 1;
			memset(&cur, 0, sizeof(cur));
			if (match_path(path, &cur)) {
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
	return well_formed ? 0 : -EINVAL;
}


int nsi_proc_container(struct nsi_model *m, const struct nsi_pin *pin,
		       struct nsi_proc *p)
{
	struct nsi_cgroup_ref ref;
	struct nsi_container *c;
	char path[32], stackbuf[4096], *buf = NULL;
	size_t len = 0;
	int rc;

	p->container = NULL;
	rc = nsi_procfs_read(pin->dirfd,
			     nsi_pin_name(pin, "cgroup", path, sizeof(path)),
			     stackbuf, sizeof(stackbuf), &buf, &len);
	if (rc == -ENOMEM)
		return rc;
	/*
	 * Gone (ENOENT, ESRCH) or unreadable: the process stays on the host
	 * as far as the model knows.
	 */
	if (rc < 0)
		return 0;
	rc = nsi_cgroup_parse(buf, len, &ref);
	nsi_procfs_read_done(buf, stackbuf);
	if (rc != 1)
		return 0;
	c = nsi_model_get_container(m, ref.runtime, ref.id, 1);
	if (!c)
		return -ENOMEM;
	if (ref.pod[0] && !c->pod) {
		c->pod = strdup(ref.pod);
		if (!c->pod)
			return -ENOMEM;
	}
	p->container = c;
	return 0;
}

int nsi_scan_containers(struct nsi_model *m, int procfd)
{
	size_t i;
	int rc;

	for (i = 0; i < m->nprocs; i++) {
		struct nsi_pin pin;

		if (nsi_pin_open(procfd, m->procs[i]->pid, 0, &pin) < 0)
			continue;	/* gone: on the host, as far as we know */
		rc = nsi_proc_container(m, &pin, m->procs[i]);
		nsi_pin_close(&pin);
		if (rc < 0)
			return rc;
	}
	return 0;
}
