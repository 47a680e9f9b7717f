/*
 * messages.c - the warnings of nsinspect's command line and the check of
 * stdout at exit (messages.h).
 */
#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docker.h"
#include "engine-http.h"
#include "messages.h"
#include "model.h"
#include "nsinfo.h"
#include "podman.h"
#include "podman-rootless.h"
#include "proc-cmdline.h"
#include "textsafe.h"
#include "view.h"

/* One line for a failed write to stdout, whatever failed first: exit 1. */
void cli_write_error(int code)
{
	if (code == EPIPE)
		_exit(EXIT_SUCCESS);
	warnc(code, "write error");
	_exit(EXIT_FAILURE);
}

/*
 * Write errors surface here, for every output (--help and --version
 * too): "nsinspect > /dev/full" must fail loudly.  _exit(2): an atexit(3)
 * handler must not call exit(3).
 */
void cli_close_stdout(void)
{
	int code = 0;

	if (fflush(stdout) != 0)
		code = errno;
	else if (ferror(stdout))
		code = EIO;	/* an earlier write failed; its errno is lost */
	if (fclose(stdout) != 0 && !code)
		code = errno;
	if (code)
		cli_write_error(code);
}

/*
 * Processes that could not be read (their namespaces, FILECAPS, LSM):
 * "PID 1", "PIDs 1 and 57", "PIDs 1, 57 and 90" when they are few and
 * known (@pids, NSI_UNREADABLE_NAMED of them), else "12 processes".
 */
static void pids_words(size_t n, const pid_t *pids, char *buf, size_t size)
{
	size_t i, len;

	for (i = 0; i < n && n <= NSI_UNREADABLE_NAMED; i++)
		if (!pids[i])
			break;
	if (n > NSI_UNREADABLE_NAMED || i < n) {
		snprintf(buf, size, "%zu process%s", n, n == 1 ? "" : "es");
		return;
	}
	snprintf(buf, size, "PID%s", n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, "%s%d",
			 !i ? " " : i + 1 == n ? " and " : ", ", (int)pids[i]);
	}
}

/* Tell, in one line each, what could not be seen of the processes. */
static void report_procs(const struct nsi_report *r)
{
	char see[128] = "", who[64];
	const char *sep;

	if (r->mounts_errno)
		warnc(r->mounts_errno, "cannot read the mount table: "
		      "namespaces held only by nsfs mounts are not shown");
	/* one line for what could not be seen or read of the processes */
	if (r->hidepid[0] && r->hidden_tasks >= 0)
		snprintf(see, sizeof(see), "could not see %ld task%s "
			 "(processes and threads): /proc is mounted with "
			 "hidepid=%s", r->hidden_tasks,
			 r->hidden_tasks == 1 ? "" : "s", r->hidepid);
	else if (r->hidepid[0])
		snprintf(see, sizeof(see), "could not see the processes "
			 "/proc hides: it is mounted with hidepid=%s",
			 r->hidepid);
	sep = see[0] ? "; " : "";
	pids_words(r->unreadable, r->unreadable_pids, who, sizeof(who));
	if (r->unreadable && r->fds_unreadable)
		warnc(r->unreadable_errno, "%s%scould not read the namespaces "
		      "of %s, nor the open files of %zu", see, sep, who,
		      r->fds_unreadable);
	else if (r->unreadable)
		warnc(r->unreadable_errno, "%s%scould not read the namespaces "
		      "of %s", see, sep, who);
	else if (r->fds_unreadable)
		warnc(r->fds_errno, "%s%scould not list the open files of %zu "
		      "process%s (namespaces they hold by fd or socket may be "
		      "missing)", see, sep, r->fds_unreadable,
		      r->fds_unreadable == 1 ? "" : "es");
	else if (see[0])
		warnx("%s", see);
	if (r->pidns_initial == 0 && r->from_snapshot)
		warnx("the snapshot was taken outside the host's PID namespace "
		      "(pid:[%llu]): it has only that namespace's processes",
		      (unsigned long long)r->pidns);
	else if (r->pidns_initial == 0)
		warnx("not in the host's PID namespace (pid:[%llu]): only its "
		      "processes are seen", (unsigned long long)r->pidns);
	if (r->status_unreadable)
		warnc(r->status_errno, "could not read the status of %zu "
		      "process%s", r->status_unreadable,
		      r->status_unreadable == 1 ? "" : "es");
	if (r->maps_timed_out)
		warnx("could not read the ID maps of %zu user namespace%s: "
		      "the child entering %s was not ready within %d ms",
		      r->maps_timed_out, r->maps_timed_out == 1 ? "" : "s",
		      r->maps_timed_out == 1 ? "it" : "them",
		      NSI_MAPS_BUDGET_MS);
	if (r->threads_unreadable)
		warnc(r->threads_errno, "could not read the status of %zu "
		      "thread%s (their own capability sets may be missing)",
		      r->threads_unreadable,
		      r->threads_unreadable == 1 ? "" : "s");
	if (r->holders_omitted)
		warnx("%zu holder%s of %zu namespace%s not recorded: each "
		      "namespace records at most %d (threads, fds, sockets, "
		      "bind mounts)", r->holders_omitted,
		      r->holders_omitted == 1 ? "" : "s", r->ns_over_limit,
		      r->ns_over_limit == 1 ? "" : "s", NSI_NS_HOLDERS_MAX);
	if (r->cmdlines_cut)
		warnx("%zu command line%s shown only in part: past %zu MiB "
		      "of command lines, each keeps its first %zu bytes",
		      r->cmdlines_cut, r->cmdlines_cut == 1 ? "" : "s",
		      NSI_CMDLINE_BUDGET >> 20, NSI_CMDLINE_MIN);
}

/* Tell, in one line each, which other source failed or was cut. */
static void report_sources(const struct nsi_report *r)
{
	if (r->engine_errno)
		warnx("cannot ask the Docker engine at '%s': %s: containers "
		      "are shown by ID", NSI_DOCKER_SOCKET,
		      nsi_engine_strerror(r->engine_errno));
	if (r->podman_errno)
		warnx("cannot ask Podman at '%s': %s: its containers are "
		      "named from its files", r->podman_socket,
		      nsi_engine_strerror(r->podman_errno));
	if (r->podman_refused)
		warnx("%zu rootless Podman pidfile%s named a process not in "
		      "a user namespace of that user: not taken for a "
		      "container", r->podman_refused,
		      r->podman_refused == 1 ? "" : "s");
	if (r->podman_skipped)
		warnx("%zu users' Podman directories not read (a FUSE "
		      "mount, not the user's, or past %d entries)",
		      r->podman_skipped, NSI_PODMAN_IDS_MAX);
	if (r->podman_cut)
		warnx("%zu Podman containers.json file%s or storage%s not "
		      "read: past %u MiB (%u MiB of a user's), or past the "
		      "time limit: their containers may be shown by ID",
		      r->podman_cut, r->podman_cut == 1 ? "" : "s",
		      r->podman_cut == 1 ? "" : "s",
		      NSI_PODMAN_STORE_MAX >> 20, NSI_PODMAN_USER_MAX >> 20);
	if (r->netinfo_errno)
		warnc(r->netinfo_errno, "cannot read inside the network "
		      "namespaces");
	if (r->bundles_unreadable)
		warnc(r->bundles_errno, "could not read the OCI bundle "
		      "(config.json) of %zu container%s: shown without its "
		      "name, image and pod", r->bundles_unreadable,
		      r->bundles_unreadable == 1 ? "" : "s");
	if (r->cgroups_forged)
		warnx("the cgroup file of %zu process%s is not as the kernel "
		      "writes it (a hierarchy twice or out of order): shown in no "
		      "container", r->cgroups_forged,
		      r->cgroups_forged == 1 ? "" : "es");
	if (r->not_nsfs)
		warnx("skipped %zu nsfs mount point%s: something other than "
		      "an nsfs file is mounted over %s", r->not_nsfs,
		      r->not_nsfs == 1 ? "" : "s",
		      r->not_nsfs == 1 ? "it" : "them");
}

void cli_vline(int err, const char *suffix, const char *fmt, va_list ap)
{
	char *msg = NULL, *shown = NULL;

	if (vasprintf(&msg, fmt, ap) >= 0)
		shown = nsi_text_escape(msg, NSI_TEXT_LOCALE);
	fprintf(stderr, "%s: %s%s%s%s\n", program_invocation_short_name,
		shown ? shown : "(no memory for the message)",
		err ? ": " : "", err ? strerror(err) : "",
		suffix ? suffix : "");
	free(shown);
	free(msg);
}

void cli_fatal(int status, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cli_vline(err, NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

void cli_no_container(const char *name, int err, const struct nsi_report *r)
{
	size_t n = strlen(name);

	/* a prefix of an ID too short to be taken for one: say so */
	if (err != EINVAL && n && n < NSI_CONTAINER_PREFIX_MIN &&
	    strspn(name, "0123456789abcdef") == n)
		cli_fatal(EXIT_FAILURE, 0, "no container '%s' (an ID prefix needs at "
		     "least %d characters)", name, NSI_CONTAINER_PREFIX_MIN);
	/* an engine that did not answer may know it: say which */
	if (err != EINVAL && r && r->engine_errno)
		cli_fatal(EXIT_FAILURE, 0, "no container '%s' known: cannot ask the "
		     "Docker engine at '%s': %s", name, NSI_DOCKER_SOCKET,
		     nsi_engine_strerror(r->engine_errno));
	if (err != EINVAL && r && r->podman_errno)
		cli_fatal(EXIT_FAILURE, 0, "no container '%s' known: cannot ask "
		     "Podman at '%s': %s", name, r->podman_socket,
		     nsi_engine_strerror(r->podman_errno));
	cli_fatal(EXIT_FAILURE, 0, "%s container '%s'", err == EINVAL ?
	     "more than one" : "no", name);
}

/* What FILECAPS and LSM could not read of the processes shown. */
static void report_security(const struct nsi_report *r)
{
	char who[64];

	if (r->filecaps_unreadable) {
		pids_words(r->filecaps_unreadable, r->filecaps_pids, who,
			   sizeof(who));
		warnc(r->filecaps_errno, "could not read the file capabilities "
		      "of the executable of %s", who);
	}
	if (r->lsm_unreadable) {
		pids_words(r->lsm_unreadable, r->lsm_pids, who, sizeof(who));
		warnc(r->lsm_errno, "could not read the LSM label of %s", who);
	}
}

/* Tell, in one line each, what could not be seen. */
void cli_report(const struct nsi_report *r)
{
	report_procs(r);
	report_security(r);
	report_sources(r);
}

