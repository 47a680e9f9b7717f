/*
 * sigfd.c - SIGTERM and SIGINT through a signalfd(2) (sigfd.h).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "sigfd.h"

int nsi_sigfd_open(sigset_t *old)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0) {
		fd = -errno;
		sigprocmask(SIG_SETMASK, old, NULL);
	}
	return fd;
}

int nsi_sigfd_take(int fd)
{
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) < 0)
		return errno == EAGAIN ? 0 : -errno;
	return 1;
}

void nsi_sigfd_close(int fd, const sigset_t *old)
{
	close(fd);
	sigprocmask(SIG_SETMASK, old, NULL);
}
