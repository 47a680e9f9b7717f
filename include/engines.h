/*
 * engines.h - the container engines of one run (engines.c): which were
 * asked, within which time, and how it went; and the live view's
 * requests, which never wait.
 */
#ifndef NSI_ENGINES_H
#define NSI_ENGINES_H

#include <stddef.h>
#include <sys/types.h>

#include "model.h"
#include "podman.h"

/** NSI_ENGINES_BUDGET_MS - the time all engines of one run may take. */
#define NSI_ENGINES_BUDGET_MS 1000

/* Bits of struct nsi_engines.asked: the engines nsinspect knows. */
#define NSI_ENGINE_DOCKER (1u << 0)
#define NSI_ENGINE_PODMAN (1u << 1)

/**
 * struct nsi_engines - the container engines of one run: which were
 * asked, within which time, and how it went.  Engines are untrusted: what
 * they do wrong (silence, a huge or malformed answer) is recorded here and
 * shown as one warning; containers they do not name are shown by ID.
 * @budget_ms:     the time all engines of a run may take together.
 * @deadline_ms:   CLOCK_MONOTONIC time (ms) at which the budget ends, set
 *                 at the first request; 0 before.
 * @asked:         NSI_ENGINE_* bits of the engines asked already.
 * @docker_errno:  positive errno of the last failed request to dockerd
 *                 (nsi_engine_strerror()), 0 when it answered.
 * @docker_socket: its socket, NSI_DOCKER_SOCKET (borrowed).
 * The live view's requests (nsi_engines_poll()), private:
 * @child:         the PID of the child asking, 0 when none.
 * @answer_fd:     the memfd the child writes the answer to, -1.
 * @child_start_ms: when it was started (CLOCK_MONOTONIC, ms).
 * @retry_ms:      after a failure, no request before this time.
 * @backoff_ms:    the wait after the last failure, doubled by each.
 * @ids:           the IDs of the docker containers unnamed at the last
 *                 request, sorted (owned); @nids of them.
 * @podman:        how asking Podman went (NSI_ENGINE_PODMAN): its
 *                 API services, rootful (NSI_PODMAN_SOCKET) and each
 *                 user's; @podman.err 0 when none failed.
 * @podman_next_ms: the live view: no look at Podman's files before this
 *                 CLOCK_MONOTONIC time (ms): one look per
 *                 NSI_PODMAN_LOOK_MS at most, while a podman container
 *                 is unnamed.
 * @reask_ms:      after an answer that left a young docker container
 *                 unnamed (NSI_ENGINES_YOUNG_S: asked while it was being
 *                 created; dockerd lists it once it runs), ask again at
 *                 this time; 0: no.
 * @reask_backoff_ms: the wait before that, from NSI_ENGINES_POLL_MS,
 *                 doubled by each such answer (at most 60 s), 0 again
 *                 once an answer names them all.
 */
struct nsi_engines {
	long budget_ms;
	long long deadline_ms;
	unsigned int asked;
	int docker_errno;
	const char *docker_socket;
	pid_t child;
	int answer_fd;
	long long child_start_ms;
	long long retry_ms;
	long backoff_ms;
	char **ids;
	size_t nids;
	struct nsi_podman_answer podman;
	long long podman_next_ms;
	long long reask_ms;
	long reask_backoff_ms;
};

/** NSI_PODMAN_LOOK_MS - the live view's least time between two looks at
 * Podman's files. */
#define NSI_PODMAN_LOOK_MS 2000

/**
 * nsi_engines_init() - set up @e: nothing asked yet, dockerd at
 * NSI_DOCKER_SOCKET.
 * @e:         the state (not allocated here).
 * @budget_ms: the time all engines may take, NSI_ENGINES_BUDGET_MS.
 */
void nsi_engines_init(struct nsi_engines *e, long budget_ms);

/**
 * nsi_engines_ask() - the one-shot runs' request: ask each engine that
 * has containers in @m to name (nsi_docker_wanted()), and was not asked
 * yet by @e, within what is left of the budget; name the containers of
 * @m.  However often it is called, each engine is asked at most once and
 * all of them within @e->budget_ms.
 * @e: the run's engines.
 * @m: the finished model.
 *
 * Return: 0 (an engine's failure is in @e->docker_errno), or -ENOMEM.
 */
int nsi_engines_ask(struct nsi_engines *e, struct nsi_model *m);

/**
 * nsi_engines_poll() - the live view's request, which never waits: when a
 * child asked dockerd and has ended, name the containers of @m from its
 * answer; when none is asking, and a docker container of @m is unnamed
 * that was not so at the last request (a new container), or the last
 * request failed and its back-off (2 s, doubled after each failure up to
 * 60 s) is over, fork(2) a child that asks (nsi_docker_get(), within
 * @e->budget_ms; the answer comes back through a memfd, the errno in its
 * exit status; killed when it outlives its budget by 2 s).  libcurl is
 * thus only ever loaded and run in a single-threaded child: the live
 * view never blocks on an engine, and stays single-threaded.  A
 * container the engine does not list is not asked for again.
 * @e: the live view's engines, nsi_engines_release()d at its end.
 * @m: the model of this refresh, finished.
 *
 * Return: 0 (failures in @e->docker_errno), or -ENOMEM.
 */
int nsi_engines_poll(struct nsi_engines *e, struct nsi_model *m);

/** NSI_ENGINES_YOUNG_S - a docker container whose first process is
 * younger than this (seconds) and that dockerd's answer did not list is
 * asked of again (reask_ms): it was being created. */
#define NSI_ENGINES_YOUNG_S 3

/** NSI_ENGINES_POLL_MS - how often to look whether a child has answered. */
#define NSI_ENGINES_POLL_MS 100

/**
 * nsi_engines_wait() - is a child of nsi_engines_poll() still asking?
 * Looks without reaping it (waitid(2) with WNOWAIT).
 * @e: the state.
 *
 * Return: -1 when no child asks and none is to ask again; 0 when it has
 * ended (or outlived its time), or when a container its answer left
 * unnamed is to be asked of again (reask_ms): call nsi_engines_poll()
 * now; else the time after which to look again (NSI_ENGINES_POLL_MS, or
 * until reask_ms).
 */
long nsi_engines_wait(const struct nsi_engines *e);

/**
 * nsi_engines_release() - kill and reap a child still asking, free what
 * @e owns.
 * @e: the state.
 */
void nsi_engines_release(struct nsi_engines *e);

#endif /* NSI_ENGINES_H */
