/*
 * engine-http.h - the one HTTP client of the container engines
 * (engine-http.c): GET /containers/json of the Docker Engine API over a
 * Unix socket, with libcurl, for dockerd and Podman's compatible API
 * service alike; and what its failures mean.
 */
#ifndef NSI_ENGINE_HTTP_H
#define NSI_ENGINE_HTTP_H

#include <stddef.h>
#include <sys/types.h>

#include "engine-json.h"

/** NSI_ENGINE_ANSWER_MAX - the largest answer body taken, in bytes: all
 * that nsi_json_parse() takes (16 MiB, a few KiB per container). */
#define NSI_ENGINE_ANSWER_MAX	NSI_JSON_MAX

/**
 * nsi_engine_get() - GET /containers/json of the Docker Engine API over
 * the Unix socket @socket_path (libcurl with CURLOPT_UNIX_SOCKET_PATH;
 * read-only; libcurl.so.4 is loaded with dlopen(3) at the first request,
 * so runs that ask nothing do not pay for loading it and its
 * dependencies), and hand back the body of the answer: the one client of
 * dockerd and Podman.  The request is sent only when the process
 * listening on the socket connected is of @peer_uid (SO_PEERCRED,
 * unix(7), checked between connect(2) and the request: libcurl's
 * CURLOPT_OPENSOCKETFUNCTION and CURLOPT_PREREQFUNCTION, libcurl 7.80 or
 * later; an older one fails every request, -EIO): a socket, or a
 * directory above it, swapped for a symlink since the caller looked at it
 * leads to another listener, which is never asked.
 * @socket_path: the socket.
 * @peer_uid:    the UID the listening process must have: 0 for root's
 *               engines, the user's for a rootless Podman's service.
 * @max:         the largest answer body taken, in bytes (at most
 *               NSI_ENGINE_ANSWER_MAX).
 * @timeout_ms:  the whole request's time limit.
 * @buf:         set to the body (malloc(3)ed, owned by the caller, not
 *               NUL-terminated; may be NULL for an empty body), NULL on
 *               error.
 * @len:         set to its length (at most @max).
 *
 * Return: 0; -ENOMEM when nsinspect itself cannot allocate (the only
 * fault of ours); the engine's faults, which the caller tells and
 * survives: -ENOENT when there is no socket, -EACCES, -ELIBACC when
 * libcurl.so.4 cannot be loaded, -ECONNREFUSED, -ETIMEDOUT past
 * @timeout_ms, -EMSGSIZE for an answer past @max or a header line past
 * libcurl's limit (CURLE_OUT_OF_MEMORY, CURLE_TOO_LARGE), -EPROTO for an
 * answer that is not HTTP, -EREMOTEIO for an HTTP status other than 200,
 * -EPERM when the listener is not of @peer_uid (nothing was sent), -EIO
 * for any other failure.
 */
int nsi_engine_get(const char *socket_path, uid_t peer_uid, size_t max,
		   long timeout_ms, char **buf, size_t *len);

/**
 * nsi_engine_strerror() - what an engine's failure means, in a few words
 * for a warning line ("answer too large ...", "no answer within the time
 * limit"); strerror(3) for an errno without an engine meaning.
 * @err: a positive errno from nsi_engine_get() or nsi_engine_parse().
 *
 * Return: a static string.
 */
const char *nsi_engine_strerror(int err);

#endif /* NSI_ENGINE_HTTP_H */
