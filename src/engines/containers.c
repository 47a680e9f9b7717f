/*
 * containers.c - which container a process runs in: its /proc/PID/cgroup
 * read (through the process's pin) and parsed by the rules of
 * cgroup-rules.c, the container made in the model when new, with what
 * its OCI bundle tells (bundles.c).  No container engine is asked here.
 * Files are opened relative to a proc-root directory fd so that unit
 * tests read fixture trees.
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundles.h"
#include "cgroup-rules.h"
#include "containers.h"
#include "model.h"
#include "procfs.h"


/* nsi_bundle_check_fn over the model's state root. */
static int has_bundle(void *arg, const char *ns, const char *id)
{
	struct nsi_model *m = arg;

	return nsi_bundle_ns_known(m, ns) &&
	       nsi_bundle_exists(m->state_root, ns, id);
}

/*
 * The container @ref names, when @m has it already: a "cri" one (a
 * kubepods path that does not name its runtime) may be there under the
 * runtime its bundle told.
 */
static struct nsi_container *known_container(struct nsi_model *m,
					     const struct nsi_cgroup_ref *ref)
{
	struct nsi_container *c = nsi_model_get_container(m, ref->runtime,
							  ref->id, 0);

	if (c || strcmp(ref->runtime, "cri") != 0)
		return c;
	c = nsi_model_get_container(m, "containerd", ref->id, 0);
	return c ? c : nsi_model_get_container(m, "cri-o", ref->id, 0);
}

/*
 * The container of @ref, made in @m when new, with what its OCI bundle
 * tells (read once: only when the container is made); a user's own when
 * its cgroup is in a subtree delegated to that user.
 */
static struct nsi_container *ref_container(struct nsi_model *m,
					   const struct nsi_cgroup_ref *ref)
{
	struct nsi_container *c;
	struct nsi_bundle b = { 0 };
	int rc = 0;

	/* A user's: never the system engine's, nor described by its state */
	if (ref->user_owned)
		return nsi_model_get_container_of(m, ref->runtime, ref->id,
						  (long)ref->owner, 1);
	c = known_container(m, ref);
	if (c)
		return c;
	if (nsi_bundle_wanted(ref->runtime)) {
		rc = nsi_bundle_read(m->state_root, ref->runtime,
				     ref->ctr_ns[0] ? ref->ctr_ns : NULL,
				     ref->id, &b);
		if (rc == -ENOMEM)
			return NULL;
		if (rc < 0) {	/* there, but not readable: counted */
			m->bundles_unreadable++;
			m->bundles_errno = -rc;
		}
	}
	c = nsi_model_get_container(m, rc == 1 ? b.runtime : ref->runtime,
				    ref->id, 1);
	if (c) {
		if (rc == 1)
			nsi_bundle_apply(c, &b);
		c->bundle_read = nsi_bundle_wanted(ref->runtime);
	}
	nsi_bundle_free(&b);
	return c;
}

/*
 * The UID of user @name ("/user/USER/N/" of cgroup v1), or @fallback (the
 * process's own: only it or root could have put it there) when no such
 * user is known.
 */
static uid_t user_uid(const char *name, uid_t fallback)
{
	struct passwd pw, *res = NULL;
	char buf[1024];

	if (getpwnam_r(name, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return fallback;
	return res->pw_uid;
}

/* Is the ID a runtime's cgroup path gives its container's name? */
static int id_is_name(const char *runtime)
{
	return strcmp(runtime, "lxc") == 0 || strcmp(runtime, "nspawn") == 0 ||
	       strcmp(runtime, "libvirt") == 0;
}

int nsi_proc_read_container(struct nsi_model *m, const struct nsi_pin *pin,
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
	rc = nsi_cgroup_parse_at(buf, len, &ref, has_bundle, m);
	nsi_procfs_read_done(buf, stackbuf);
	if (ref.forged)
		m->cgroups_forged++;
	if (rc != 1)
		return 0;
	if (ref.user_owned && ref.owner_user[0])
		ref.owner = user_uid(ref.owner_user, p->uid);
	c = ref_container(m, &ref);
	if (!c)
		return -ENOMEM;
	/* LXC, nspawn, libvirt: the ID is the name, shown whole */
	if (!c->name && id_is_name(ref.runtime)) {
		c->name = strdup(ref.id);
		if (!c->name)
			return -ENOMEM;
	}
	if (ref.pod[0] && !c->pod) {
		c->pod = strdup(ref.pod);
		if (!c->pod)
			return -ENOMEM;
	}
	p->container = c;
	return 0;
}
