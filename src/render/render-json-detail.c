/*
 * render-json-detail.c - the --detail keys of a network namespace's JSON
 * row: "interfaces" (with each veth's peer), "firewall_rules" and
 * "firewall" (struct nsi_netinfo of netinfo.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "netinfo.h"
#include "render-json.h"

/* {"name", "ns", "container"} of a veth's peer, or NULL. */
static struct json_object *peer_json(const struct nsi_netif *f)
{
	struct json_object *obj;

	if (!f->peer || !f->peer_ns)
		return NULL;
	obj = json_object_new_object();
	if (!obj ||
	    nsi_jadd(obj, "name", nsi_jstr(f->peer->name)) < 0 ||
	    nsi_jadd(obj, "ns",
		     json_object_new_int64((int64_t)f->peer_ns->ino)) < 0 ||
	    nsi_jadd(obj, "container", f->peer_ns->container ?
		nsi_jcontainer(f->peer_ns->container) : NULL) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

static struct json_object *iface_json(const struct nsi_netinfo *ni,
				      const struct nsi_netif *f)
{
	struct json_object *obj = json_object_new_object(), *addrs;
	const struct nsi_netif *mf = nsi_netinfo_find_if(ni, f->master);
	const char *master = mf ? mf->name : NULL;
	size_t i;

	addrs = json_object_new_array_ext((int)f->naddrs);
	for (i = 0; addrs && i < f->naddrs; i++) {
		char buf[INET6_ADDRSTRLEN + 8];

		snprintf(buf, sizeof(buf), "%s/%u", f->addrs[i].addr,
			 f->addrs[i].prefixlen);
		if (json_object_array_add(addrs, nsi_jstr(buf))) {
			json_object_put(addrs);
			addrs = NULL;
		}
	}
	if (!obj || !addrs) {
		json_object_put(addrs);
		json_object_put(obj);
		return NULL;
	}
	if (nsi_jadd(obj, "name", nsi_jstr(f->name)) < 0 ||
	    nsi_jadd(obj, "ifindex", json_object_new_int(f->ifindex)) < 0 ||
	    nsi_jadd(obj, "kind", nsi_jstr(f->kind)) < 0 ||
	    nsi_jadd(obj, "operstate", nsi_jstr(f->operstate)) < 0 ||
	    nsi_jadd(obj, "mac",
		     nsi_jstr_or_null(*f->mac ? f->mac : NULL)) < 0 ||
	    nsi_jadd(obj, "addresses", addrs) < 0 ||
	    nsi_jadd(obj, "master", nsi_jstr_or_null(master)) < 0 ||
	    nsi_jadd(obj, "peer", peer_json(f)) < 0) {
		json_object_put(obj);
		return NULL;
	}
	return obj;
}

/* "interfaces", "firewall_rules" and "firewall" of a network namespace. */
int nsi_jadd_net_detail(struct json_object *row, const struct nsi_ns *ns)
{
	const struct nsi_netinfo *ni = ns->net;
	struct json_object *arr;
	size_t i;

	arr = json_object_new_array_ext(ni ? (int)ni->nifs : 0);
	if (!arr)
		return -ENOMEM;
	for (i = 0; ni && i < ni->nifs; i++) {
		struct json_object *f = iface_json(ni, &ni->ifs[i]);

		if (!f || json_object_array_add(arr, f) < 0) {
			json_object_put(f);
			json_object_put(arr);
			return -ENOMEM;
		}
	}
	if (nsi_jadd(row, "interfaces", arr) < 0 ||
	    nsi_jadd(row, "firewall_rules", ni && ni->fw_rules >= 0 ?
		json_object_new_int64(ni->fw_rules) : NULL) < 0 ||
	    nsi_jadd(row, "firewall",
		     nsi_jstr_or_null(ni ? ni->fw_backend : NULL)) < 0)
		return -ENOMEM;
	return 0;
}
