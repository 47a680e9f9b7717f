/*
 * snapshot-ctr.c - the containers of a snapshot (snapshot-ctr.h): each
 * value checked (snapshot-json.c), then made through the model's API.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot-ctr.h"

#define ID_MAX		((int64_t)UINT32_MAX - 1)	/* a UID, not -1 */
#define STR_MAX		NSI_SNAPSHOT_MAX	/* an engine's name, image, label */

/* The static string of a runtime name: those the collectors give; any
 * other is kept as "other" (a later nsinspect's, or a forged one). */
static const char *runtime_of(const char *s)
{
	static const char *const known[] = {
		"docker", "containerd", "cri-o", "cri", "podman", "lxc",
		"nspawn", "libvirt", "unknown"
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(s, known[i]))
			return known[i];
	return "other";
}

/* Likewise the name of an engine's default set (caps-default.c). */
static const char *default_name_of(const char *s)
{
	static const char *const known[] = {
		"host", "docker", "cri (containerd's)", "containerd", "cri-o",
		"podman /etc/containers/containers.conf",
		"podman /usr/share/containers/containers.conf",
		"podman built-in", "nspawn", "lxc /var/lib/lxc/NAME/config",
		"lxc /usr/share/lxc/config/common.conf",
		"lxc (no config read)", "none"
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(s, known[i]))
			return known[i];
	return "other";
}

static int add_name(struct nsi_sj *c, struct json_object *v, void *arg)
{
	const char *s;
	int rc = nsi_sj_str_at(c, v, STR_MAX, NSI_SJ_NONEMPTY, &s);

	if (rc == 0 && nsi_container_add_name(arg, s) < 0)
		rc = -ENOMEM;
	return rc;
}

static int container_names(struct nsi_sj *c, struct json_object *o,
			   struct nsi_container *ctr)
{
	struct json_object *names;
	int rc = nsi_sj_get(c, o, "names", json_type_array, 1, &names);

	if (rc < 0 || !names)
		return rc;
	return nsi_sj_each(c, o, "names", add_name, ctr);
}

/* One container, new in @m (a second of the same runtime, ID and owner
 * is refused). */
static int load_container(struct nsi_sj *c, struct json_object *o,
			  struct nsi_model *m, struct nsi_container **out)
{
	struct nsi_container *ctr;
	const char *runtime, *id, *dname;
	int64_t owner;
	int rootless, rc;

	if ((rc = nsi_sj_str(c, o, "runtime", 64, NSI_SJ_NONEMPTY,
			     &runtime)) < 0 ||
	    (rc = nsi_sj_str(c, o, "id", 1024, NSI_SJ_NONEMPTY, &id)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "rootless", &rootless)) < 0 ||
	    (rc = nsi_sj_int(c, o, "owner_uid", rootless ? 0 : -1,
			     rootless ? ID_MAX : -1, &owner)) < 0 ||
	    (rc = nsi_sj_str(c, o, "caps_default_name", 256, NSI_SJ_NONEMPTY,
			     &dname)) < 0)
		return rc;
	runtime = runtime_of(runtime);
	if (nsi_model_get_container_of(m, runtime, id, rootless ? owner :
				       NSI_OWNER_SYSTEM, 0))
		return nsi_sj_fail(c, "id", "a second container of this "
				   "runtime, ID and owner");
	ctr = nsi_model_get_container_of(m, runtime, id, rootless ? owner :
					 NSI_OWNER_SYSTEM, 1);
	if (!ctr)
		return -ENOMEM;
	*out = ctr;
	ctr->caps_default_name = default_name_of(dname);
	if ((rc = nsi_sj_dup(c, o, "name", STR_MAX, &ctr->name)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "image", STR_MAX, &ctr->image)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "network_mode", STR_MAX,
			  &ctr->network_mode)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "pod", STR_MAX, &ctr->pod)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "pod_name", STR_MAX, &ctr->pod_name)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "pod_namespace", STR_MAX,
			  &ctr->pod_namespace)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "sandbox", &ctr->sandbox)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "bundle_read", &ctr->bundle_read)) < 0 ||
	    (rc = nsi_sj_mask(c, o, "caps_default", &ctr->caps_default)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "caps_default_known",
			      &ctr->caps_default_known)) < 0)
		return rc;
	return container_names(c, o, ctr);
}

/* Where the containers go, in the document's order. */
struct ctr_arg {
	struct nsi_model *m;
	struct nsi_container **ctrs;
	size_t n;
};

static int load_at(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct ctr_arg *a = arg;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	rc = load_container(c, o, a->m, &a->ctrs[a->n]);
	if (rc == 0)
		a->n++;
	return rc;
}

int nsi_snapshot_read_containers(struct nsi_sj *c, struct json_object *top,
				 struct nsi_model *m,
				 struct nsi_container ***ctrs, size_t *nctrs)
{
	struct json_object *arr;
	struct ctr_arg a = { m, NULL, 0 };
	int rc = nsi_sj_get(c, top, "containers", json_type_array, 0, &arr);

	if (rc < 0)
		return rc;
	a.ctrs = calloc(json_object_array_length(arr) + 1, sizeof(*a.ctrs));
	if (!a.ctrs)
		return -ENOMEM;
	rc = nsi_sj_each(c, top, "containers", load_at, &a);
	*ctrs = a.ctrs;
	*nctrs = a.n;
	return rc;
}
