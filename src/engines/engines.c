/*
 * engines.c - the container engines of one run (struct nsi_engines):
 * each engine that has containers to name is asked once per run, all
 * within one time budget (dockerd through docker.c, Podman through
 * podman.c); and the live view's requests to dockerd, made by a forked
 * child so that a slow engine never holds the screen.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "docker.h"
#include "engine-http.h"
#include "engines.h"
#include "fileio.h"
#include "model.h"
#include "podman.h"
#include "util.h"

/* ---------------------------------------------------------- engines */

void nsi_engines_init(struct nsi_engines *e, long budget_ms)
{
	*e = (struct nsi_engines){ 0 };
	e->budget_ms = budget_ms;
	e->docker_socket = NSI_DOCKER_SOCKET;
	e->answer_fd = -1;
}

int nsi_engines_ask(struct nsi_engines *e, struct nsi_model *m)
{
	long long left;
	int rc;

	if (!(e->asked & NSI_ENGINE_DOCKER) && nsi_docker_wanted(m)) {
		/* the budget runs from the first request */
		if (!e->deadline_ms)
			e->deadline_ms = nsi_monotonic_ms() + e->budget_ms;
		e->asked |= NSI_ENGINE_DOCKER;
		left = e->deadline_ms - nsi_monotonic_ms();
		rc = left > 0 ? nsi_docker_query(m, e->docker_socket,
						 (long)left) : -ETIMEDOUT;
		if (rc == -ENOMEM)
			return rc;
		e->docker_errno = rc < 0 ? -rc : 0;
	}
	/* Podman: its API services within what is left, then its files */
	if (!(e->asked & NSI_ENGINE_PODMAN) && nsi_podman_wanted(m)) {
		if (!e->deadline_ms)
			e->deadline_ms = nsi_monotonic_ms() + e->budget_ms;
		e->asked |= NSI_ENGINE_PODMAN;
		rc = nsi_podman_query(m, e->deadline_ms, &e->podman);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------- background asks */

/* The least and the most time to wait before asking a failed engine again. */
#define RETRY_FIRST_MS	2000
#define RETRY_MAX_MS	60000
/* A child that outlives its budget by this much is killed. */
#define CHILD_GRACE_MS	2000

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_ids(struct nsi_engines *e)
{
	size_t i;

	for (i = 0; i < e->nids; i++)
		free(e->ids[i]);
	free(e->ids);
	e->ids = NULL;
	e->nids = 0;
}

/*
 * Is a docker container of @m unnamed and not among those unnamed at the
 * last request (e->ids, sorted)?
 */
static int new_unnamed(const struct nsi_engines *e, const struct nsi_model *m)
{
	size_t i;

	for (i = 0; i < m->ncontainers; i++) {
		const char *id = m->containers[i]->id;

		if (!nsi_docker_unnamed(m->containers[i]))
			continue;
		if (!e->nids || !bsearch(&id, e->ids, e->nids, sizeof(*e->ids),
					 cmp_str))
			return 1;
	}
	return 0;
}

/*
 * Whether a docker container of @m is unnamed and younger than
 * NSI_ENGINES_YOUNG_S (its first process's start time, field 22 of
 * /proc/PID/stat, against CLOCK_BOOTTIME): caught while being created,
 * before dockerd lists it.  One the engine does not list, older, is not
 * asked of again.
 */
static int young_unnamed(const struct nsi_model *m)
{
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec ts;
	double now;
	size_t i;

	if (hz <= 0 || clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return 0;
	now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	for (i = 0; i < m->ncontainers; i++) {
		const struct nsi_container *c = m->containers[i];

		if (nsi_docker_unnamed(c) && c->rep &&
		    now - (double)c->rep->start_time / (double)hz <
		    NSI_ENGINES_YOUNG_S)
			return 1;
	}
	return 0;
}

/* Remember the docker containers of @m that are unnamed now. */
static int remember_unnamed(struct nsi_engines *e, const struct nsi_model *m)
{
	size_t i, n = 0;
	char **ids;

	ids = calloc(m->ncontainers + 1, sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	for (i = 0; i < m->ncontainers; i++) {
		if (!nsi_docker_unnamed(m->containers[i]))
			continue;
		ids[n] = strdup(m->containers[i]->id);
		if (!ids[n]) {
			while (n)
				free(ids[--n]);
			free(ids);
			return -ENOMEM;
		}
		n++;
	}
	if (n)
		qsort(ids, n, sizeof(*ids), cmp_str);
	free_ids(e);
	e->ids = ids;
	e->nids = n;
	return 0;
}

/* The engine failed with @err: not again before the back-off ends. */
static void failed(struct nsi_engines *e, int err)
{
	e->docker_errno = err;
	e->backoff_ms = e->backoff_ms ? e->backoff_ms * 2 : RETRY_FIRST_MS;
	if (e->backoff_ms > RETRY_MAX_MS)
		e->backoff_ms = RETRY_MAX_MS;
	e->retry_ms = nsi_monotonic_ms() + e->backoff_ms;
}

static void end_child(struct nsi_engines *e)
{
	if (e->answer_fd >= 0)
		close(e->answer_fd);
	e->answer_fd = -1;
	e->child = 0;
}

/*
 * The child: ask, write the answer to the memfd, and tell how it went in
 * its exit status (0, or the positive errno).  _exit(2) only: the
 * parent's atexit(3) handlers (the terminal's) and stdio are not ours.
 */
static void __attribute__((noreturn)) child_ask(const struct nsi_engines *e)
{
	size_t len, off = 0;
	char *buf;
	ssize_t n;
	int rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGWINCH, SIG_DFL);
	rc = nsi_docker_get(e->docker_socket, e->budget_ms, &buf, &len);
	if (rc < 0)
		_exit(-rc > 0 && -rc < 256 ? -rc : EIO);
	while (off < len) {
		n = write(e->answer_fd, buf + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(buf);
	_exit(off < len ? EIO : 0);
}

/* Start a child that asks the engine. */
static int start_child(struct nsi_engines *e, const struct nsi_model *m)
{
	pid_t pid;
	int rc;

	rc = remember_unnamed(e, m);
	if (rc < 0)
		return rc;
	e->answer_fd = memfd_create("nsinspect-engine", MFD_CLOEXEC);
	if (e->answer_fd < 0) {
		if (errno == ENOMEM)
			return -ENOMEM;
		failed(e, errno);
		return 0;
	}
	pid = fork();
	if (pid < 0) {
		rc = errno;
		end_child(e);
		if (rc == ENOMEM)
			return -ENOMEM;
		failed(e, rc);
		return 0;
	}
	if (pid == 0)
		child_ask(e);
	e->child = pid;
	e->child_start_ms = nsi_monotonic_ms();
	return 0;
}

/*
 * Read the whole memfd: the answer.  The child's writes moved the file
 * offset it shares with ours: read from the start.
 */
static int read_answer(int fd, char **bufp, size_t *lenp)
{
	int rc;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	rc = nsi_read_fd(fd, NSI_ENGINE_ANSWER_MAX, bufp, lenp);
	return rc == -EFBIG ? -EMSGSIZE : rc;
}

/* Has the child ended? Then apply its answer to @m. */
static int collect_child(struct nsi_engines *e, struct nsi_model *m)
{
	size_t len = 0;
	char *buf = NULL;
	pid_t got;
	int st, rc;

	got = waitpid(e->child, &st, WNOHANG);
	if (got == 0) {
		if (nsi_monotonic_ms() - e->child_start_ms <
		    e->budget_ms + CHILD_GRACE_MS)
			return 0;	/* still asking */
		kill(e->child, SIGKILL);
		waitpid(e->child, &st, 0);
		end_child(e);
		failed(e, ETIMEDOUT);
		return 0;
	}
	if (got < 0) {
		end_child(e);
		failed(e, ECHILD);
		return 0;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		rc = WIFEXITED(st) ? WEXITSTATUS(st) : EINTR;
		end_child(e);
		failed(e, rc);
		return 0;
	}
	rc = read_answer(e->answer_fd, &buf, &len);
	end_child(e);
	if (rc == 0)
		rc = nsi_docker_parse(m, buf, len);
	free(buf);
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0) {
		failed(e, -rc);
		return 0;
	}
	e->docker_errno = 0;
	e->backoff_ms = 0;
	/* one caught at its birth is listed once it runs: ask again */
	if (!young_unnamed(m)) {
		e->reask_backoff_ms = 0;
		e->reask_ms = 0;
		return 0;
	}
	e->reask_backoff_ms = e->reask_backoff_ms ?
		e->reask_backoff_ms * 2 : NSI_ENGINES_POLL_MS;
	if (e->reask_backoff_ms > RETRY_MAX_MS)
		e->reask_backoff_ms = RETRY_MAX_MS;
	e->reask_ms = nsi_monotonic_ms() + e->reask_backoff_ms;
	return 0;
}

int nsi_engines_poll(struct nsi_engines *e, struct nsi_model *m)
{
	int rc;

	/* Podman: its files only (no API service: nothing here may wait),
	 * at most once per NSI_PODMAN_LOOK_MS while one is unnamed */
	if (nsi_podman_wanted(m) && nsi_monotonic_ms() >= e->podman_next_ms) {
		e->podman_next_ms = nsi_monotonic_ms() + NSI_PODMAN_LOOK_MS;
		rc = nsi_podman_query(m, 0, &e->podman);
		if (rc < 0)
			return rc;
	}

	if (e->child) {
		rc = collect_child(e, m);
		if (rc < 0 || e->child)
			return rc;
	}
	if (!new_unnamed(e, m)) {
		/* unnamed after its answer: asked again, after a back-off */
		if (!e->docker_errno && e->reask_ms && young_unnamed(m) &&
		    nsi_monotonic_ms() >= e->reask_ms) {
			e->reask_ms = 0;
			return start_child(e, m);
		}
		/* a failed engine is asked again, after its back-off */
		if (!e->docker_errno || !nsi_docker_wanted(m) ||
		    nsi_monotonic_ms() < e->retry_ms)
			return 0;
	} else if (e->docker_errno && nsi_monotonic_ms() < e->retry_ms) {
		return 0;	/* new containers wait for the back-off too */
	}
	return start_child(e, m);
}

long nsi_engines_wait(const struct nsi_engines *e)
{
	siginfo_t si = { 0 };
	long long left;

	if (!e->child && e->reask_ms && !e->docker_errno) {
		left = e->reask_ms - nsi_monotonic_ms();
		return left > 0 ? (long)left : 0;	/* to ask again */
	}
	if (!e->child)
		return -1;
	/* WNOWAIT: the child stays to be reaped by nsi_engines_poll() */
	if (waitid(P_PID, (id_t)e->child, &si,
		   WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == e->child)
		return 0;
	if (nsi_monotonic_ms() - e->child_start_ms >= e->budget_ms + CHILD_GRACE_MS)
		return 0;	/* overdue: nsi_engines_poll() kills it */
	return NSI_ENGINES_POLL_MS;
}

void nsi_engines_release(struct nsi_engines *e)
{
	int st;

	if (e->child > 0) {
		kill(e->child, SIGKILL);
		waitpid(e->child, &st, 0);
	}
	end_child(e);
	free_ids(e);
	nsi_podman_answer_release(&e->podman);
}
