/*
 * docker.h - what dockerd knows of its containers (docker.c): the Docker
 * Engine API over its Unix socket (engine-http.h), its listing parsed as
 * any engine's (engine-json.h).
 */
#ifndef NSI_DOCKER_H
#define NSI_DOCKER_H

#include <stddef.h>

#include "model.h"

/** NSI_DOCKER_SOCKET - where dockerd listens by default. */
#define NSI_DOCKER_SOCKET "/var/run/docker.sock"

/**
 * nsi_docker_parse() - nsi_engine_parse() for dockerd: take the answer of
 * GET /containers/json of the Docker Engine API (a JSON array of objects
 * with "Id", "Names", "Image", "HostConfig": {"NetworkMode"}), and fill
 * name (the first of "Names"), names (all of them, at most
 * NSI_CONTAINER_NAMES_MAX), image and network_mode of the docker
 * containers of @m that it lists.  A container of runtime "unknown" (a
 * cgroup path no rule tells, as docker's --cgroup-parent with the
 * cgroupfs driver makes) that it lists becomes docker's
 * (nsi_model_claim_container()).  Containers it lists that have no
 * process in @m are ignored.
 * @m:   the model.
 * @buf: the JSON text (need not be NUL-terminated).
 * @len: its length.
 *
 * Return: the number of containers of @m that were named, -EBADMSG when
 * @buf is not such a JSON array (entries that lack an "Id" string are
 * skipped, not an error), or -ENOMEM.
 */
int nsi_docker_parse(struct nsi_model *m, const char *buf, size_t len);

/**
 * nsi_docker_unnamed() - is @c a docker container the engine has not
 * named (yet), or one of runtime "unknown" (dockerd may list it)?
 * @c: a container.
 *
 * Return: 1 or 0.
 */
int nsi_docker_unnamed(const struct nsi_container *c);

/**
 * nsi_docker_wanted() - does @m have a container nsi_docker_unnamed()?
 * @m: the model.
 *
 * Return: 1 or 0.
 */
int nsi_docker_wanted(const struct nsi_model *m);

/**
 * nsi_docker_get() - nsi_engine_get() of dockerd: GET /containers/json
 * over the Unix socket @socket_path, of a listener of root's, an answer
 * of at most NSI_ENGINE_ANSWER_MAX (16 MiB).
 * @socket_path: the socket, normally NSI_DOCKER_SOCKET.
 * @timeout_ms:  the whole request's time limit.
 * @buf:         set to the body (malloc(3)ed, owned by the caller, not
 *               NUL-terminated; may be NULL for an empty body), NULL on
 *               error.
 * @len:         set to its length.
 *
 * Return: as nsi_engine_get().
 */
int nsi_docker_get(const char *socket_path, long timeout_ms, char **buf,
		   size_t *len);

/**
 * nsi_docker_query() - nsi_docker_get() and nsi_docker_parse(): name the
 * docker containers of @m.  Does nothing (returns 0) when @m has no
 * docker container without a name (nsi_docker_wanted()).  A run asks
 * through nsi_engines_ask(), which asks once.
 * @m:           the model.
 * @socket_path: the socket, normally NSI_DOCKER_SOCKET.
 * @timeout_ms:  the whole request's time limit.
 *
 * Return: 0 or the number named; the errors of nsi_docker_get(), and
 * -EBADMSG for an answer that is not the JSON expected.
 */
int nsi_docker_query(struct nsi_model *m, const char *socket_path,
		     long timeout_ms);

#endif /* NSI_DOCKER_H */
