/*
 * labels.c - namespaces, containers and veth peers named in words, for
 * cells (CONTAINER), --detail, --graph and --audit.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "netinfo.h"

char *nsi_container_text(const struct nsi_container *c)
{
	char *s = NULL, *pod = NULL, *names = NULL;
	const char *name = c->name;
	size_t len, i;
	FILE *f;
	int rc = 0;

	/* its Kubernetes pod, "namespace/name", from its bundle; the user
	 * whose container it is (a user may name it like anyone's) */
	if ((c->pod_name || c->pod_namespace) &&
	    asprintf(&pod, " %spod %s%s%s", c->sandbox ? "sandbox of " : "",
		     c->pod_namespace ? c->pod_namespace : "?",
		     "/", c->pod_name ? c->pod_name : "?") < 0)
		return NULL;
	if (c->rootless) {
		char *p = pod;

		rc = asprintf(&pod, "%s of uid %u", p ? p : "",
			      (unsigned int)c->owner_uid);
		free(p);
		if (rc < 0)
			return NULL;
		rc = 0;
	}
	if (c->nnames >= 2) {
		/* every name, as "docker ps --no-trunc" joins them */
		f = open_memstream(&names, &len);
		rc = f ? 0 : -1;
		for (i = 0; rc >= 0 && i < c->nnames; i++)
			rc = fprintf(f, "%s%s", i ? "," : "", c->names[i]);
		if (f && fclose(f) != 0)
			rc = -1;
		name = names;
	}
	if (rc >= 0 && !name)
		rc = asprintf(&s, "%s %s%s", c->runtime, c->short_id,
			      pod ? pod : "");
	else if (rc >= 0 && strcmp(name, c->id) == 0) /* lxc, nspawn, ctr */
		rc = asprintf(&s, "%s (%s)%s", name, c->runtime,
			      pod ? pod : "");
	else if (rc >= 0)
		rc = asprintf(&s, "%s (%s %s)%s", name, c->runtime,
			      c->short_id, pod ? pod : "");
	free(names);
	free(pod);
	return rc < 0 ? NULL : s;
}

char *nsi_containers_text(struct nsi_container *const *c, size_t n)
{
	char *s = NULL, *one;
	size_t len, i;
	FILE *f = open_memstream(&s, &len);	/* linear in @n */
	int bad = !f;

	for (i = 0; !bad && i < n; i++) {
		one = nsi_container_text(c[i]);
		bad = !one || fprintf(f, "%s%s", i ? ", " : "", one) < 0;
		free(one);
	}
	if (f && fclose(f) != 0)
		bad = 1;
	if (bad) {
		free(s);
		return NULL;
	}
	return s;
}

char **nsi_containers_texts(struct nsi_container *const *c, size_t n)
{
	char **v = calloc(n + 1, sizeof(*v));
	size_t i;

	for (i = 0; v && i < n; i++) {
		v[i] = nsi_container_text(c[i]);
		if (!v[i]) {
			while (i--)
				free(v[i]);
			free(v);
			return NULL;
		}
	}
	return v;
}

const char *nsi_netns_name(const char *path)
{
	static const char netns_dir[] = "/run/netns/";

	if (strncmp(path, netns_dir, sizeof(netns_dir) - 1) == 0)
		return path + sizeof(netns_dir) - 1;
	return path;
}

char *nsi_ns_label(const struct nsi_ns *ns)
{
	static const char docker_dir[] = "/run/docker/netns/";
	char *s = NULL;
	int rc;

	if (ns->host)
		return strdup("host");
	if (ns->ncontainers)
		return nsi_containers_text(ns->containers, ns->ncontainers);
	if (ns->nnsfs) {
		const char *path = ns->nsfs[0];

		if (nsi_netns_name(path) != path)
			return strdup(nsi_netns_name(path));
		if (strncmp(path, docker_dir, sizeof(docker_dir) - 1) == 0)
			rc = asprintf(&s, "docker %s",
				      path + sizeof(docker_dir) - 1);
		else
			return strdup(path);
	} else if (ns->rep && ns->rep->comm) {
		rc = asprintf(&s, "%s (pid %d)", ns->rep->comm,
			      (int)ns->rep->pid);
	} else {
		rc = asprintf(&s, "%s:[%llu]", nsi_ns_type_name(ns->type),
			      (unsigned long long)ns->ino);
	}
	return rc < 0 ? NULL : s;
}

char *nsi_netif_peer_text(const struct nsi_netif *ifc)
{
	char *where, *s;
	int rc;

	if (strcmp(ifc->kind, "veth") != 0 || !ifc->link) {
		errno = 0;
		return NULL;
	}
	if (!ifc->peer || !ifc->peer_ns) {
		if (ifc->link_netnsid >= 0)
			rc = asprintf(&s, "ifindex %d in netnsid %d", ifc->link,
				      ifc->link_netnsid);
		else
			rc = asprintf(&s, "ifindex %d", ifc->link);
		return rc < 0 ? NULL : s;
	}
	if (ifc->peer_ns->host)
		rc = asprintf(&s, "%s on the host", ifc->peer->name);
	else if (!(where = nsi_ns_label(ifc->peer_ns)))
		return NULL;
	else {
		rc = asprintf(&s, "%s in %s", ifc->peer->name, where);
		free(where);
	}
	return rc < 0 ? NULL : s;
}
