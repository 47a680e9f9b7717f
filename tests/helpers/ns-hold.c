/*
 * ns-hold - a test helper of nsinspect: hold a namespace in a way that no
 * /proc/PID/ns link of a process shows, print "ready" and wait (until
 * killed).
 *
 * Usage: ns-hold thread
 *          A second thread enters new uts and net namespaces
 *          (unshare(2); a thread may, its process stays where it was)
 *          and prints "thread TID" before "ready".
 *        ns-hold socket NSFILE
 *          Enter the network namespace of NSFILE (setns(2)), create a
 *          UDP socket there, go back and close every nsfs fd: only the
 *          socket holds that namespace.  Prints "socket FD".
 *        ns-hold children
 *          unshare(2) CLONE_NEWPID and CLONE_NEWTIME, then fork one
 *          child that exits at once: the new namespaces are then only
 *          those of its children to come (/proc/PID/ns/pid_for_children,
 *          time_for_children), none of its own.
 *
 * Exit status 1 (with a message on stderr) on any error.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int state;	/* 0 waiting, 1 done, -1 failed */

static void *thread_main(void *arg)
{
	int rc;

	(void)arg;
	rc = unshare(CLONE_NEWUTS | CLONE_NEWNET);
	if (rc < 0)
		perror("ns-hold: unshare");
	else
		printf("thread %ld\n", (long)syscall(SYS_gettid));
	pthread_mutex_lock(&lock);
	state = rc < 0 ? -1 : 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	for (;;)
		pause();
	return NULL;
}

static int hold_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_main, NULL) != 0) {
		fprintf(stderr, "ns-hold: pthread_create failed\n");
		return -1;
	}
	pthread_mutex_lock(&lock);
	while (!state)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return state < 0 ? -1 : 0;
}

static int hold_socket(const char *nsfile)
{
	int home, there, s;

	home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	there = open(nsfile, O_RDONLY | O_CLOEXEC);
	if (home < 0 || there < 0) {
		perror("ns-hold: open");
		return -1;
	}
	if (setns(there, CLONE_NEWNET) < 0) {
		perror("ns-hold: setns");
		return -1;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0) {
		perror("ns-hold: socket");
		return -1;
	}
	if (setns(home, CLONE_NEWNET) < 0) {
		perror("ns-hold: setns back");
		return -1;
	}
	close(home);
	close(there);
	printf("socket %d\n", s);
	return 0;
}

static int hold_children(void)
{
	pid_t pid;

	if (unshare(CLONE_NEWPID | CLONE_NEWTIME) < 0) {
		perror("ns-hold: unshare");
		return -1;
	}
	/*
	 * pid_for_children reads empty until a first child is in the new
	 * namespace (namespaces(7)): one that exits at once.
	 */
	pid = fork();
	if (pid < 0) {
		perror("ns-hold: fork");
		return -1;
	}
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, NULL, 0) < 0) {
		perror("ns-hold: waitpid");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int rc = -1;

	if (argc == 2 && !strcmp(argv[1], "thread"))
		rc = hold_thread();
	else if (argc == 3 && !strcmp(argv[1], "socket"))
		rc = hold_socket(argv[2]);
	else if (argc == 2 && !strcmp(argv[1], "children"))
		rc = hold_children();
	else
		fputs("Usage: ns-hold thread | ns-hold socket NSFILE | "
		      "ns-hold children\n", stderr);
	if (rc < 0)
		return 1;
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}
