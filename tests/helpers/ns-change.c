/*
 * ns-change - a test helper of nsinspect: a process that changes itself
 * without an exec, on signals, as a process of the inspected system may.
 *
 * Usage: ns-change
 *   Prints "ready", then waits.  On SIGUSR1 it enters a new UTS namespace
 *   (unshare(2) CLONE_NEWUTS, which no process event reports) and prints
 *   "unshared"; on SIGUSR2 it renames itself "renamed" (prctl(2)
 *   PR_SET_NAME, a PROC_EVENT_COMM) and prints "renamed"; on SIGHUP it
 *   drops CAP_SYS_ADMIN from its effective set (capset(2), no event) and
 *   prints "dropped".  Every line is flushed at once.
 *
 * Exit status 1 (with a message on stderr) on any error.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static int drop_sys_admin(void)
{
	cap_value_t v = CAP_SYS_ADMIN;
	cap_t caps = cap_get_proc();
	int rc;

	if (!caps)
		return -1;
	rc = cap_set_flag(caps, CAP_EFFECTIVE, 1, &v, CAP_CLEAR);
	if (rc == 0)
		rc = cap_set_proc(caps);
	cap_free(caps);
	return rc;
}

int main(void)
{
	struct sigaction sa;
	sigset_t block, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	puts("ready");
	fflush(stdout);
	for (;;) {
		while (!got)
			sigsuspend(&old);
		if (got == SIGUSR1) {
			if (unshare(CLONE_NEWUTS) < 0) {
				perror("ns-change: unshare");
				return 1;
			}
			puts("unshared");
		} else if (got == SIGUSR2) {
			if (prctl(PR_SET_NAME, "renamed", 0, 0, 0) < 0) {
				perror("ns-change: prctl");
				return 1;
			}
			puts("renamed");
		} else {
			if (drop_sys_admin() < 0) {
				perror("ns-change: capset");
				return 1;
			}
			puts("dropped");
		}
		fflush(stdout);
		got = 0;
	}
}
