/*
 * pid-reuse - give a process's PID to a new process while nsinspect is
 * in the middle of reading it, to check that nsinspect never mixes the
 * two (its one-shot scan reads each process through one pinned
 * /proc/PID fd).
 *
 * Usage: unshare --pid --fork --mount-proc pid-reuse OUT NSINSPECT [ARG...]
 *
 * Run as root as the first process of a new PID namespace (so that no
 * other process takes the PID, and /proc/sys/kernel/ns_last_pid chooses
 * it).  It starts a victim ("victim", PID 2 there), then runs NSINSPECT
 * with its standard output in the file OUT, traced with ptrace(2).  Once
 * nsinspect has read the first thing of the victim (by path, or through
 * its pinned /proc/PID fd), the victim is killed and reaped, and a
 * newcomer ("newcomer", in a new UTS namespace) is started with the same
 * PID, before nsinspect reads anything else.  Prints:
 *   reused PID UTS      the newcomer got the victim's PID; its UTS inode
 *   not reused PID      no read of the victim was seen, or the PID was
 *                       not given again
 *   exit N              nsinspect's exit status
 * x86_64 only (the registers of the syscall stop).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static pid_t start_victim(void)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		prctl(PR_SET_NAME, "victim");
		for (;;)
			pause();
	}
	return pid;
}

/* A process with PID @want (ns_last_pid), in a new UTS namespace. */
static pid_t start_newcomer(pid_t want)
{
	char buf[32];
	int fd, pipefd[2];
	pid_t pid;

	fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	if (fd < 0)
		die("ns_last_pid");
	snprintf(buf, sizeof(buf), "%d", (int)want - 1);
	if (write(fd, buf, strlen(buf)) < 0)
		die("write ns_last_pid");
	close(fd);
	if (pipe(pipefd) < 0)
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(pipefd[0]);
		if (unshare(CLONE_NEWUTS) < 0 ||
		    sethostname("newcomer", 8) < 0)
			_exit(1);
		prctl(PR_SET_NAME, "newcomer");
		if (write(pipefd[1], "x", 1) < 0)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	if (read(pipefd[0], buf, 1) != 1)
		die("newcomer");
	close(pipefd[0]);
	return pid;
}

/*
 * Has the syscall @child returns from just read something of @victim?
 * openat(2), newfstatat(2) and readlinkat(2) of a path below
 * "/proc/VICTIM/" or "VICTIM/" (a read by path), or relative to the fd
 * that an openat(_, "VICTIM", O_PATH) returned (*@pinfd: a read through
 * the pin).  The pin itself reads nothing.
 */
static int read_victim(pid_t child, pid_t victim, long long *pinfd)
{
#ifdef __x86_64__
	struct user_regs_struct regs;
	char path[64], dir[32], abs[32];
	struct iovec local, remote;

	if (ptrace(PTRACE_GETREGS, child, NULL, &regs) < 0)
		return 0;
	if ((regs.orig_rax != SYS_openat && regs.orig_rax != SYS_newfstatat &&
	     regs.orig_rax != SYS_readlinkat) || (long long)regs.rax < 0)
		return 0;
	if (*pinfd >= 0 && (int)regs.rdi == *pinfd)
		return 1;
	memset(path, 0, sizeof(path));
	local = (struct iovec){ path, sizeof(path) - 1 };
	remote = (struct iovec){ (void *)regs.rsi, sizeof(path) - 1 };
	if (process_vm_readv(child, &local, 1, &remote, 1, 0) < 0)
		return 0;
	snprintf(dir, sizeof(dir), "%d/", (int)victim);
	snprintf(abs, sizeof(abs), "/proc/%d/", (int)victim);
	if (regs.orig_rax == SYS_openat && (regs.rdx & O_PATH) &&
	    strncmp(path, dir, strlen(dir) - 1) == 0 &&
	    path[strlen(dir) - 1] == '\0') {
		*pinfd = (long long)regs.rax;
		return 0;
	}
	return strncmp(path, dir, strlen(dir)) == 0 ||
		strncmp(path, abs, strlen(abs)) == 0;
#else
	(void)child;
	(void)victim;
	(void)pinfd;
	return 0;
#endif
}

int main(int argc, char **argv)
{
	pid_t victim, child, newcomer = 0;
	int status, in_syscall = 0, sig = 0, out;
	char link[64], uts[64] = "";
	long long pinfd = -1;
	ssize_t n;

	if (argc < 3) {
		fprintf(stderr, "usage: pid-reuse OUT NSINSPECT [ARG...]\n");
		return 2;
	}
	victim = start_victim();
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		out = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || dup2(out, 1) < 0)
			die(argv[1]);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
			die("PTRACE_TRACEME");
		raise(SIGSTOP);
		execv(argv[2], argv + 2);
		die(argv[2]);
	}
	if (waitpid(child, &status, 0) < 0 || !WIFSTOPPED(status))
		die("waitpid");
	ptrace(PTRACE_SETOPTIONS, child, NULL,
	       (void *)(long)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL));
	for (;;) {
		if (ptrace(PTRACE_SYSCALL, child, NULL, (void *)(long)sig) < 0)
			die("PTRACE_SYSCALL");
		sig = 0;
		if (waitpid(child, &status, 0) < 0)
			die("waitpid");
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (WSTOPSIG(status) != (SIGTRAP | 0x80)) {
			/* a signal to pass on; SIGTRAP: that of the exec */
			sig = WSTOPSIG(status) == SIGTRAP ? 0 :
				WSTOPSIG(status);
			continue;
		}
		in_syscall = !in_syscall;
		if (in_syscall || newcomer ||
		    !read_victim(child, victim, &pinfd))
			continue;
		kill(victim, SIGKILL);
		waitpid(victim, NULL, 0);
		newcomer = start_newcomer(victim);
		snprintf(link, sizeof(link), "/proc/%d/ns/uts", (int)newcomer);
		n = readlink(link, uts, sizeof(uts) - 1);
		uts[n > 0 ? n : 0] = '\0';
	}
	if (newcomer == victim)
		printf("reused %d %s\n", (int)newcomer, uts);
	else
		printf("not reused %d\n", (int)newcomer);
	printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) :
	       128 + WTERMSIG(status));
	if (newcomer > 0)
		kill(newcomer, SIGKILL);
	else
		kill(victim, SIGKILL);
	return 0;
}
