/*
 * messages.h - the warnings and write errors of nsinspect's command
 * line: one line on stderr each, in err(3)'s form "nsinspect: ...".
 * Used by main.c only (the only caller that prints).
 */
#ifndef NSI_MESSAGES_H
#define NSI_MESSAGES_H

#include <err.h>
#include <stdarg.h>
#include <errno.h>

#include "view.h"

/** errc(), warnc() - err(3) and warn(3) with an explicit errno, as BSD's errc(3). */
#define errc(eval, code, ...) do { errno = (code); err(eval, __VA_ARGS__); } while (0)
#define warnc(code, ...) do { errno = (code); warn(__VA_ARGS__); } while (0)


/**
 * cli_write_error() - one line for a failed write to stdout, whatever
 * failed first, then _exit(1); a closed pipe (EPIPE) exits 0 quietly.
 * @code: the positive errno of the failed write.
 */
void __attribute__((noreturn)) cli_write_error(int code);

/**
 * cli_close_stdout() - flush and close stdout, and fail loudly (exit 1,
 * one line) when that fails: for atexit(3), so that every output
 * ("--help > /dev/full" too) is checked.
 */
void cli_close_stdout(void);

/**
 * cli_vline() - one line on stderr, "nsinspect: MESSAGE[: ERROR][SUFFIX]",
 * where MESSAGE (@fmt with @ap) is escaped as untrusted text
 * (nsi_text_escape(), NSI_TEXT_LOCALE): what it quotes of the command
 * line, a file or a snapshot cannot break the line or reach the terminal
 * as control sequences.
 * @err:    a positive errno whose strerror(3) follows, or 0.
 * @suffix: text of ours after it (" (try 'nsinspect --help')"), or NULL.
 * @fmt:    printf(3) format of the message, @ap its arguments.
 */
void cli_vline(int err, const char *suffix, const char *fmt, va_list ap);

/**
 * cli_fatal() - cli_vline() of @fmt and the arguments after it, then
 * exit(@status): errx(3)/errc(3) for messages that quote what a user
 * gave (an argument, a file name, a snapshot's content).
 * @status: the exit status.
 * @err:    a positive errno whose strerror(3) follows, or 0.
 * @fmt:    printf(3) format of the message.
 */
void __attribute__((noreturn, format(printf, 3, 4)))
cli_fatal(int status, int err, const char *fmt, ...);

/**
 * cli_no_container() - the one line for --container NAME that names no
 * container (@err ENOENT) or more than one (EINVAL: an ID prefix of two,
 * a name of two), the same for every view; then exit 1.  When an engine
 * could not be asked (@r's engine_errno or podman_errno), the line says
 * which and why: the container may exist all the same.
 * @name: what was given to --container.
 * @err:  the errno of nsi_model_find_container() or nsi_view_rows().
 * @r:    the run's report (engine errors), or NULL.
 */
void __attribute__((noreturn)) cli_no_container(const char *name, int err,
						 const struct nsi_report *r);

/**
 * cli_report() - warn, one line each, about what the scan could not see
 * or read, and which other source (engine, mount table, bundle) failed or
 * was cut.
 * @r: the scan's report (view.h).
 */
void cli_report(const struct nsi_report *r);

#endif /* NSI_MESSAGES_H */
