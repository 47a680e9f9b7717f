/*
 * engine-json.h - what the container engines' JSON says (engine-json.c):
 * one parser of a JSON text with json-c, shared by the engines' answers,
 * Podman's containers.json and the OCI bundles, and the naming of the
 * containers of a model from a Docker Engine API listing, which dockerd
 * and Podman's compatible API service both give.
 */
#ifndef NSI_ENGINE_JSON_H
#define NSI_ENGINE_JSON_H

#include <stddef.h>

#include <json-c/json_types.h>

#include "model.h"

struct json_object;

/** NSI_JSON_MAX - the longest text nsi_json_parse() takes: 16 MiB (json-c
 * takes an int length; a few KiB per container is plenty). */
#define NSI_JSON_MAX	(16u << 20)

/**
 * nsi_json_parse() - parse @buf as one JSON value of type @type with
 * json-c (nothing but white space after it).  Shared by the engines'
 * answers, Podman's containers.json and the OCI bundles.
 * @buf:  the text, need not be NUL-terminated.
 * @len:  its length, at most NSI_JSON_MAX.
 * @type: the type the value must have (json_type_array for a list of
 *        containers, json_type_object for a bundle).
 * @err:  set to 0, -EBADMSG (not one JSON value of @type, or too long) or
 *        -ENOMEM.
 *
 * Return: the value (json_object_put() it), or NULL.
 */
struct json_object *nsi_json_parse(const char *buf, size_t len,
				   enum json_type type, int *err);

/**
 * nsi_engine_container() - the container of @m that an engine's listing
 * of ID @id may name: one of @runtime, or one of runtime "unknown" (a
 * cgroup path no rule tells), which it then claims
 * (nsi_model_claim_container()).  A user's own engine (@owner >= 0: a
 * rootless Podman's files or API service, which the user controls) may
 * name only that user's rootless containers and claims nothing; a
 * system engine (@owner -1) names no rootless container.
 * @m:       the model.
 * @runtime: the engine's static runtime name ("docker", "podman").
 * @owner:   the UID whose engine it is, or -1 for a system engine.
 * @id:      the ID it lists.
 *
 * Return: the container, or NULL (errno ENOMEM when out of memory).
 */
struct nsi_container *nsi_engine_container(struct nsi_model *m,
					   const char *runtime, long owner,
					   const char *id);

/**
 * nsi_engine_parse() - take the answer of GET /containers/json of the
 * Docker Engine API (a JSON array of objects with "Id", "Names", "Image",
 * "HostConfig": {"NetworkMode"}), as dockerd and Podman's compatible API
 * service give it, and fill name (the first of "Names"), names (all of
 * them, at most NSI_CONTAINER_NAMES_MAX), image and network_mode of the
 * containers of @m it may name (nsi_engine_container()).  Containers it
 * lists that have no process in @m are ignored.
 * @m:       the model.
 * @runtime: the engine's static runtime name.
 * @owner:   the UID whose engine it is, or -1 for a system engine.
 * @buf:     the JSON text (need not be NUL-terminated).
 * @len:     its length.
 *
 * Return: the number of containers of @m that were named, -EBADMSG when
 * @buf is not such a JSON array (entries that lack an "Id" string are
 * skipped, not an error), or -ENOMEM.
 */
int nsi_engine_parse(struct nsi_model *m, const char *runtime, long owner,
		     const char *buf, size_t len);

#endif /* NSI_ENGINE_JSON_H */
