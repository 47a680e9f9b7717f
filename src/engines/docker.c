/*
 * docker.c - names, images and network modes of docker containers from
 * the Docker Engine API: one GET /containers/json over dockerd's Unix
 * socket (engine-http.c), parsed as any engine's listing
 * (engine-json.c).  When and within which time dockerd is asked is
 * engines.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "docker.h"
#include "engine-http.h"
#include "engine-json.h"
#include "model.h"

int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len)
{
	return nsi_engine_parse(m, "docker", -1, buf, len);
}

int nsi_docker_unnamed(const struct nsi_container *c)
{
	return !c->name && (strcmp(c->runtime, "docker") == 0 ||
			    strcmp(c->runtime, "unknown") == 0);
}

int nsi_docker_wanted(const struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++)
		if (nsi_docker_unnamed(m->containers[i]))
			return 1;
	return 0;
}

int nsi_docker_get(const char *socket_path, long timeout_ms, char **buf,
		   size_t *len)
{
	return nsi_engine_get(socket_path, 0, NSI_ENGINE_ANSWER_MAX,
			      timeout_ms, buf, len);
}

int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms)
{
	size_t len;
	char *buf;
	int rc;

	if (!nsi_docker_wanted(m))
		return 0;
	rc = nsi_docker_get(socket_path, timeout_ms, &buf, &len);
	if (rc < 0)
		return rc;
	rc = nsi_docker_parse(m, buf ? buf : "", len);
	free(buf);
	return rc;
}
