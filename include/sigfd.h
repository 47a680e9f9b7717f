/*
 * sigfd.h - the signals that end a long-running command (--watch,
 * --metrics=FILE --interval), blocked and read from a signalfd(2), so
 * that none is lost between two waits and none interrupts a write
 * (sigfd.c).
 */
#ifndef NSI_SIGFD_H
#define NSI_SIGFD_H

#include <signal.h>

/**
 * nsi_sigfd_open() - block SIGTERM and SIGINT and open a signalfd(2)
 * that reads them (close-on-exec, non-blocking).
 * @old: filled with the signal mask before, for nsi_sigfd_close().
 *
 * Return: the fd (owned by the caller), or -errno of sigprocmask(2) or
 * signalfd(2) (the mask is then as before).
 */
int nsi_sigfd_open(sigset_t *old);

/**
 * nsi_sigfd_take() - take one pending signal from @fd, so that it is not
 * pending when the mask is restored.
 * @fd: from nsi_sigfd_open().
 *
 * Return: 1 when a signal was taken, 0 when none was pending, -errno of
 * read(2).
 */
int nsi_sigfd_take(int fd);

/**
 * nsi_sigfd_close() - close @fd and restore the signal mask @old.
 * @fd:  from nsi_sigfd_open().
 * @old: the mask it filled.
 */
void nsi_sigfd_close(int fd, const sigset_t *old);

#endif /* NSI_SIGFD_H */
