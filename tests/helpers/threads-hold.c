/*
 * threads-hold - a test helper of nsinspect: a process whose threads
 * differ from their leader in namespaces or capabilities (both are per
 * thread: unshare(2) and capset(2) act on the calling thread), print the
 * TIDs and wait (until killed).
 *
 * Usage: threads-hold [-u TYPES] [-c] [-x]
 *   -u TYPES  a thread unshares these namespace types on its own
 *             (comma-separated: net,uts,ipc,mnt,cgroup,time,user);
 *             it prints "unshare TID".
 *   -c        a worker thread keeps every capability while the leader
 *             (and the -u thread, after its unshare) drops all of its
 *             own with the raw capset(2) system call; prints "caps TID".
 *   -x        the leader then calls pthread_exit(3): it becomes a
 *             zombie (State Z) whose /proc/PID/ns links fail with
 *             ENOENT while its other threads live on.
 * Prints "pid PID" first and "ready" last (stdout, flushed).
 *
 * Exit status 1 (with a message on stderr) on any error.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int done, failed;
static int unshare_flags;

/* Empty every capability set of the calling thread (capset(2), pid 0). */
static int drop_all(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	return (int)syscall(SYS_capset, &h, d);
}

static void finish(int ok)
{
	pthread_mutex_lock(&lock);
	done++;
	if (!ok)
		failed = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void *unshare_main(void *arg)
{
	int ok = unshare(unshare_flags) == 0;

	(void)arg;
	if (!ok)
		perror("threads-hold: unshare");
	if (ok && arg == NULL && drop_all() < 0) {
		perror("threads-hold: capset");
		ok = 0;
	}
	if (ok)
		printf("unshare %ld\n", (long)syscall(SYS_gettid));
	finish(ok);
	for (;;)
		pause();
	return NULL;
}

static void *caps_main(void *arg)
{
	(void)arg;
	printf("caps %ld\n", (long)syscall(SYS_gettid));
	finish(1);
	for (;;)
		pause();
	return NULL;
}

static int parse_types(const char *list)
{
	static const struct { const char *name; int flag; } types[] = {
		{ "net", CLONE_NEWNET }, { "uts", CLONE_NEWUTS },
		{ "ipc", CLONE_NEWIPC }, { "mnt", CLONE_NEWNS },
		{ "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
		{ "user", CLONE_NEWUSER },
	};
	char *copy = strdup(list), *save = NULL, *name;
	int flags = 0;
	size_t i;

	for (name = copy ? strtok_r(copy, ",", &save) : NULL; name;
	     name = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(name, types[i].name) == 0)
				break;
		if (i == sizeof(types) / sizeof(types[0])) {
			fprintf(stderr, "threads-hold: unknown type '%s'\n",
				name);
			free(copy);
			return -1;
		}
		flags |= types[i].flag;
	}
	free(copy);
	return flags;
}

int main(int argc, char **argv)
{
	int opt, caps = 0, leader_exit = 0, want = 0;
	pthread_t t;

	while ((opt = getopt(argc, argv, "u:cx")) != -1) {
		switch (opt) {
		case 'u':
			unshare_flags = parse_types(optarg);
			if (unshare_flags <= 0)
				return 1;
			break;
		case 'c':
			caps = 1;
			break;
		case 'x':
			leader_exit = 1;
			break;
		default:
			fputs("Usage: threads-hold [-u TYPES] [-c] [-x]\n",
			      stderr);
			return 1;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("pid %ld\n", (long)getpid());
	/* the unshare thread drops its capabilities only with -c */
	if (unshare_flags && ++want &&
	    pthread_create(&t, NULL, unshare_main, caps ? NULL : &t) != 0) {
		fputs("threads-hold: pthread_create failed\n", stderr);
		return 1;
	}
	if (caps && ++want && pthread_create(&t, NULL, caps_main, NULL) != 0) {
		fputs("threads-hold: pthread_create failed\n", stderr);
		return 1;
	}
	pthread_mutex_lock(&lock);
	while (done < want)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	if (failed)
		return 1;
	if (caps && drop_all() < 0) {
		perror("threads-hold: capset");
		return 1;
	}
	printf("ready\n");
	if (leader_exit)
		pthread_exit(NULL);
	for (;;)
		pause();
}
