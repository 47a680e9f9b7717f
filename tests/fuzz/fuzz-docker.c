/*
 * fuzz-docker.c - libFuzzer harness of nsi_docker_parse() (docker.h,
 * src/engines/docker.c, src/engines/engine-json.c): the JSON answer of the Docker Engine API's
 * GET /containers/json, parsed with json-c into the model.
 *
 * Each input is parsed into a fresh model holding the docker containers
 * of the fixtures (tests/fixtures/docker/) and a few more, and one of
 * another runtime, so that the naming code runs; the input is passed
 * without a NUL after it (the contract: "need not be NUL-terminated"),
 * copied to the end of a mapping whose next page may not be read: json-c
 * is Debian's library, not instrumented, so AddressSanitizer would not
 * see it read past @len, but the page fault does.  It is parsed twice, as a
 * second query does (the old strings are replaced), then the model is
 * released: LeakSanitizer reports anything left behind.
 *
 * Build and run (scripts/fuzz builds all three harnesses):
 *   scripts/fuzz 60                    # every harness, 60 s each
 *   $BUILD/fuzz-docker -max_len=65536 -dict=tests/fuzz/docker.dict \
 *       CORPUS_COPY tests/fuzz/corpus/docker
 * ($BUILD is ${TMPDIR:-/tmp}/nsinspect-fuzz by default; new inputs go into
 * the first directory, so give a scratch copy first, not the repository's
 * corpus.)
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "docker.h"
#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The docker containers of the model: the fixtures' IDs and short ones. */
static const char *const docker_ids[] = {
	"c0d7826c96a5bcc4914e9b0c12ca565d961800c444ee163a8cb0f0bbee7a2b09",
	"677ffa80e2b7866997ae62616b108b91cf88964c4405fb82c9652a8b3560d6f7",
	"af92a46233cf19aee8a05b26cb5c928debf76a8b50f74830f922fd501d58cfb4",
	"26d169506f1a45e17e7f5524f70c1009f6d677b66f5636d964a816d7d5296afb",
	"a",
	"",
};
#define NDOCKER	(sizeof(docker_ids) / sizeof(docker_ids[0]))

/* Named by no answer: it is not a docker container. */
#define OTHER_RUNTIME	"podman"

static void build_model(struct nsi_model *m)
{
	size_t i;

	nsi_model_init(m);
	for (i = 0; i < NDOCKER; i++)
		if (!nsi_model_get_container(m, "docker", docker_ids[i], 1))
			abort();
	if (!nsi_model_get_container(m, OTHER_RUNTIME, docker_ids[1], 1))
		abort();
}

/* Inputs up to this size are copied against the guard page. */
#define GUARDED_MAX	(64u << 10)

/*
 * @data copied so that its last byte is the last one readable before a
 * PROT_NONE page; @data itself when it is longer than GUARDED_MAX.
 */
static const char *guarded_copy(const uint8_t *data, size_t size)
{
	static char *area;	/* GUARDED_MAX bytes, then the guard page */
	long page;

	if (size > GUARDED_MAX)
		return (const char *)data;
	if (!area) {
		page = sysconf(_SC_PAGESIZE);
		area = mmap(NULL, GUARDED_MAX + (size_t)page,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (area == MAP_FAILED ||
		    mprotect(area + GUARDED_MAX, (size_t)page, PROT_NONE) < 0)
			abort();
	}
	memcpy(area + GUARDED_MAX - size, data, size);
	return area + GUARDED_MAX - size;
}

/* A field is unset or a string; returns 1 when set. */
static int check_field(const char *s)
{
	if (!s)
		return 0;
	(void)strlen(s);	/* AddressSanitizer checks the bytes */
	return 1;
}

/* Check the model after a parse that returned @rc. */
static void check(const struct nsi_model *m, int rc)
{
	size_t i, touched = 0;

	if (rc != -EBADMSG && rc != -ENOMEM && (rc < 0 || rc > (int)NDOCKER))
		abort();
	/* nothing was added */
	if (m->ncontainers != NDOCKER + 1)
		abort();
	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];
		int set = check_field(c->name) | check_field(c->image) |
			  check_field(c->network_mode);

		if (strcmp(c->runtime, "docker") != 0) {
			if (set)
				abort();
			continue;
		}
		touched += set;
	}
	/* an answer that is refused names nothing; each one named counts */
	if (rc == -EBADMSG && touched)
		abort();
	if (rc >= 0 && touched > (size_t)rc)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = guarded_copy(data, size);
	struct nsi_model m;
	int rc, rc2;

	build_model(&m);
	rc = nsi_docker_parse(&m, buf, size);
	check(&m, rc);
	/* A second answer replaces the strings of the first. */
	rc2 = nsi_docker_parse(&m, buf, size);
	if (rc2 != rc && rc2 != -ENOMEM && rc != -ENOMEM)
		abort();
	check(&m, rc2);
	nsi_model_release(&m);
	return 0;
}
