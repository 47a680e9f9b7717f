/*
 * snapshot-ns.c - the namespaces of a snapshot (snapshot-ns.h): in two
 * passes, every namespace first (a holder may name any other as the one
 * it was reached from), then their holders and nsfs paths.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "hashmap.h"
#include "netdetail.h"
#include "snapshot-ns.h"

#define ERRNO_MAX	4095
#define INO_MAX		(INT64_MAX - 1)
#define STR_MAX		(1u << 20)

/* The (type, inode) of @o into *@out, which must exist with @create 0. */
static int ns_key(struct nsi_sj *c, struct json_object *o,
		  struct nsi_model *m, int create, struct nsi_ns **out)
{
	struct json_object *tv;
	size_t at = c->len;
	int64_t ino;
	int t, rc;

	if ((rc = nsi_sj_get(c, o, "type", json_type_string, 0, &tv)) < 0 ||
	    (rc = nsi_sj_int(c, o, "ino", 0, INO_MAX, &ino)) < 0)
		return rc;
	nsi_sj_enter(c, "type", 0);
	t = nsi_sj_type(c, tv);
	nsi_sj_leave(c, at);
	if (t < 0)
		return t;
	*out = nsi_model_get_ns(m, t, (ino_t)ino, create);
	if (!*out && create)
		return -ENOMEM;
	if (!*out)
		return nsi_sj_fail(c, NULL, "names a namespace not in "
				   "\"namespaces\"");
	return 0;
}

static int load_addr(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct nsi_netif *f = arg;
	struct nsi_netaddr a = { 0 };
	int64_t fam, len;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if ((rc = nsi_sj_int(c, o, "family", 4, 6, &fam)) < 0)
		return rc;
	if (fam == 5)
		return nsi_sj_fail(c, "family", "not 4 or 6");
	if ((rc = nsi_sj_int(c, o, "prefixlen", 0, fam == 4 ? 32 : 128,
			     &len)) < 0 ||
	    (rc = nsi_sj_copy(c, o, "addr", NSI_SJ_NONEMPTY, a.addr,
			      sizeof(a.addr))) < 0)
		return rc;
	a.family = fam == 4 ? AF_INET : AF_INET6;
	a.prefixlen = (unsigned int)len;
	return nsi_netif_add_addr(f, &a);
}

static int load_iface(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct nsi_netinfo *ni = arg;
	struct nsi_netif *f;
	int64_t v[4];
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if ((rc = nsi_sj_int(c, o, "ifindex", 1, INT_MAX, &v[0])) < 0 ||
	    (rc = nsi_sj_int(c, o, "master", 0, INT_MAX, &v[1])) < 0 ||
	    (rc = nsi_sj_int(c, o, "link", 0, INT_MAX, &v[2])) < 0 ||
	    (rc = nsi_sj_int(c, o, "link_netnsid", -1, INT_MAX, &v[3])) < 0)
		return rc;
	if (!(f = nsi_netinfo_add_if(ni)))
		return -ENOMEM;
	f->ifindex = (int)v[0];
	f->master = (int)v[1];
	f->link = (int)v[2];
	f->link_netnsid = (int)v[3];
	if ((rc = nsi_sj_copy(c, o, "name", NSI_SJ_CUT, f->name,
			      sizeof(f->name))) < 0 ||
	    (rc = nsi_sj_copy(c, o, "kind", NSI_SJ_CUT, f->kind,
			      sizeof(f->kind))) < 0 ||
	    (rc = nsi_sj_copy(c, o, "operstate", NSI_SJ_CUT, f->operstate,
			      sizeof(f->operstate))) < 0 ||
	    (rc = nsi_sj_copy(c, o, "mac", NSI_SJ_CUT, f->mac,
			      sizeof(f->mac))) < 0)
		return rc;
	/* @f stays valid: no interface is added meanwhile */
	return nsi_sj_each(c, o, "addresses", load_addr, f);
}

/* "net": what a network namespace holds (struct nsi_netinfo). */
static int load_net(struct nsi_sj *c, struct json_object *o,
		    struct nsi_ns *ns)
{
	const char *backend;
	int64_t err, rules;
	size_t i;
	int rc;

	if ((rc = nsi_sj_int(c, o, "err", 0, ERRNO_MAX, &err)) < 0 ||
	    (rc = nsi_sj_int(c, o, "fw_rules", -1, LONG_MAX - 1, &rules)) < 0 ||
	    (rc = nsi_sj_str(c, o, "fw_backend", 16, NSI_SJ_NULL,
			     &backend)) < 0)
		return rc;
	if (backend && strcmp(backend, "nftables") &&
	    strcmp(backend, "iptables"))
		return nsi_sj_fail(c, "fw_backend", "not nftables, iptables "
				   "or null");
	if (!(ns->net = nsi_netinfo_new()))
		return -ENOMEM;
	ns->net->err = (int)err;
	ns->net->fw_rules = (long)rules;
	ns->net->fw_backend = !backend ? NULL :
		!strcmp(backend, "nftables") ? "nftables" : "iptables";
	rc = nsi_sj_each(c, o, "interfaces", load_iface, ns->net);
	if (rc < 0)
		return rc;
	/* sorted by ifindex, as nsi_netinfo_find_if() needs; an ifindex
	 * is unique in its namespace, and the veth matching relies on it */
	nsi_netinfo_sort(ns->net);
	for (i = 1; i < ns->net->nifs; i++)
		if (ns->net->ifs[i].ifindex == ns->net->ifs[i - 1].ifindex)
			return nsi_sj_fail(c, "interfaces", "two interfaces "
					   "with one ifindex");
	return 0;
}

/* What a pass over the namespaces works on. */
struct pass {
	struct nsi_model *m;
	struct nsi_ns *ns;	/* the namespace of the holders loaded */
	struct nsi_hmap seen;	/* (inode, type) of each one loaded */
};

/* The first pass: the namespace and its own fields. */
static int load_ns(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct pass *a = arg;
	struct nsi_hmap *seen = &a->seen;
	struct nsi_model *m = a->m;
	struct json_object *net;
	struct nsi_ns *ns;
	int64_t owner, parent, id;
	size_t at = c->len;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if ((rc = ns_key(c, o, m, 1, &ns)) < 0)
		return rc;
	if (nsi_hmap_has(seen, nsi_hkey_u128((uint64_t)ns->ino, ns->type)))
		return nsi_sj_fail(c, "ino", "a second namespace of this type "
				   "and inode");
	if (nsi_hmap_add(seen, nsi_hkey_u128((uint64_t)ns->ino, ns->type),
			 ns) < 0)
		return -ENOMEM;
	if ((rc = nsi_sj_int(c, o, "owner", 0, INO_MAX, &owner)) < 0 ||
	    (rc = nsi_sj_int(c, o, "parent", 0, INO_MAX, &parent)) < 0 ||
	    (rc = nsi_sj_int(c, o, "netnsid", -1, INT_MAX, &id)) < 0 ||
	    (rc = nsi_sj_bool(c, o, "resolved", &ns->resolved)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "hostname", STR_MAX, &ns->hostname)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "uid_map", STR_MAX, &ns->uid_map)) < 0 ||
	    (rc = nsi_sj_dup(c, o, "gid_map", STR_MAX, &ns->gid_map)) < 0 ||
	    (rc = nsi_sj_get(c, o, "net", json_type_object, 1, &net)) < 0)
		return rc;
	ns->owner = (ino_t)owner;
	ns->parent = (ino_t)parent;
	ns->netnsid = (int)id;
	if (net && ns->type != NSI_NS_NET)
		return nsi_sj_fail(c, "net", "network detail of a namespace "
				   "that is not a network namespace");
	if (!net || ns->net)
		return net ? nsi_sj_fail(c, "net", "a second network detail") :
			0;
	nsi_sj_enter(c, "net", 0);
	rc = load_net(c, net, ns);
	if (rc == 0)
		nsi_sj_leave(c, at);
	return rc;
}

static int holder_kind(struct nsi_sj *c, struct json_object *o)
{
	const char *s;
	int k, rc = nsi_sj_str(c, o, "kind", 32, NSI_SJ_NONEMPTY, &s);

	if (rc < 0)
		return rc;
	for (k = 0; k < NSI_HOLD_NKINDS; k++)
		if (!strcmp(s, nsi_holder_kind_name(k)))
			return k;
	return nsi_sj_fail(c, "kind", "unknown holder kind");
}

static int load_holder(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct pass *a = arg;
	struct nsi_model *m = a->m;
	struct nsi_ns *ns = a->ns;
	struct json_object *via;
	struct nsi_ns *from = NULL;
	const char *path;
	int64_t pid, num, mntns;
	int kind, rc, reached;

	if (!json_object_is_type(o, json_type_object))
		return nsi_sj_fail(c, NULL, "not an object");
	if ((kind = holder_kind(c, o)) < 0)
		return kind;
	if (kind == NSI_HOLD_PROCESS)
		return nsi_sj_fail(c, "kind", "a process is a member, not a "
				   "holder");
	reached = kind == NSI_HOLD_PARENT || kind == NSI_HOLD_OWNER;
	if ((rc = nsi_sj_int(c, o, "pid", 0, INT_MAX, &pid)) < 0 ||
	    (rc = nsi_sj_int(c, o, "num", -1, INT_MAX, &num)) < 0 ||
	    (rc = nsi_sj_int(c, o, "mntns", 0, INO_MAX, &mntns)) < 0 ||
	    (rc = nsi_sj_str(c, o, "path", STR_MAX, kind == NSI_HOLD_BIND_MOUNT ?
			     NSI_SJ_NONEMPTY : NSI_SJ_NULL, &path)) < 0 ||
	    (rc = nsi_sj_get(c, o, "via", json_type_object, !reached,
			     &via)) < 0)
		return rc;
	if (path && kind != NSI_HOLD_BIND_MOUNT)
		return nsi_sj_fail(c, "path", "a path of a holder that is not "
				   "a bind mount");
	if (via && !reached)
		return nsi_sj_fail(c, "via", "only a parent or an owner is "
				   "reached from another namespace");
	if (kind == NSI_HOLD_LISTNS) {
		int64_t id;

		rc = nsi_sj_int(c, o, "id", 1, INT64_MAX, &id);
		return rc < 0 ? rc : nsi_ns_add_listed(ns, (uint64_t)id);
	}
	if (via) {
		size_t at = nsi_sj_enter(c, "via", 0);

		rc = ns_key(c, via, m, 0, &from);
		if (rc < 0)
			return rc;
		nsi_sj_leave(c, at);
		return nsi_ns_add_via(ns, kind, from);
	}
	return nsi_ns_add_holder(ns, kind, (pid_t)pid, (int)num, path,
				 (ino_t)mntns);
}

static int load_nsfs(struct nsi_sj *c, struct json_object *v, void *arg)
{
	struct pass *a = arg;
	const char *s;
	int rc = nsi_sj_str_at(c, v, STR_MAX, NSI_SJ_NONEMPTY, &s);

	return rc < 0 ? rc : nsi_ns_add_nsfs(a->ns, s);
}

static int load_found_by(struct nsi_sj *c, struct json_object *v,
			 void *arg)
{
	struct pass *a = arg;
	const char *s;
	int k, rc = nsi_sj_str_at(c, v, 32, NSI_SJ_NONEMPTY, &s);

	if (rc < 0)
		return rc;
	for (k = 0; k < NSI_HOLD_NKINDS; k++)
		if (!strcmp(s, nsi_holder_kind_name(k))) {
			a->ns->found_by |= 1u << k;
			return 0;
		}
	return nsi_sj_fail(c, NULL, "unknown holder kind");
}

/*
 * The second pass: holders, then nsfs paths (a bind mount holder is
 * recorded only while no nsfs path is: the order of the scan that found
 * both), then the counts, which hold what was found past the limits.
 */
static int load_holders(struct nsi_sj *c, struct json_object *o, void *arg)
{
	struct pass *a = arg;
	struct nsi_ns *ns;
	size_t nthreads, omitted;
	int64_t v;
	int rc;

	if ((rc = ns_key(c, o, a->m, 0, &ns)) < 0)
		return rc;
	a->ns = ns;
	if ((rc = nsi_sj_each(c, o, "holders", load_holder, a)) < 0 ||
	    (rc = nsi_sj_each(c, o, "nsfs", load_nsfs, a)) < 0 ||
	    (rc = nsi_sj_each(c, o, "found_by", load_found_by, a)) < 0 ||
	    (rc = nsi_sj_int(c, o, "nthreads", 0, INT64_MAX - 1, &v)) < 0)
		return rc;
	nthreads = (size_t)v;
	if ((rc = nsi_sj_int(c, o, "holders_omitted", 0, INT64_MAX - 1,
			     &v)) < 0)
		return rc;
	omitted = (size_t)v;
	ns->nthreads = nthreads;
	ns->holders_omitted = omitted;
	return 0;
}

int nsi_snapshot_read_ns(struct nsi_sj *c, struct json_object *top,
			 struct nsi_model *m)
{
	struct pass a = { .m = m };
	int rc = nsi_sj_each(c, top, "namespaces", load_ns, &a);

	if (rc == 0)
		rc = nsi_sj_each(c, top, "namespaces", load_holders, &a);
	nsi_hmap_release(&a.seen);
	return rc;
}
