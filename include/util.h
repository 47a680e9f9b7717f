/*
 * util.h - small helpers shared by the parsers.
 */
#ifndef NSI_UTIL_H
#define NSI_UTIL_H

#include <errno.h>
#include <stddef.h>
#include <time.h>

/** NSI_STR() - the text of a macro's value: NSI_STR(64) is "64". */
#define NSI_STR(x)	NSI_STR_(x)
#define NSI_STR_(x)	#x

/**
 * nsi_hexval() - the value of one hexadecimal digit.
 * @c: a character.
 *
 * Return: 0..15, or -1 when @c is not a hex digit (either case).
 */
static inline int nsi_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * nsi_parse_decimal() - the unsigned decimal number at *@p, as the kernel
 * writes them in /proc (proc(5)): one digit or more, no sign, no blank.
 * What follows the digits is the caller's to judge.
 * @p:   where the number starts; moved past its last digit on success,
 *       left as it was on failure.
 * @end: the end of the text, which need not be NUL-terminated.
 * @max: the largest value allowed.
 * @v:   the value, on success.
 *
 * Return: 0; -EINVAL when *@p is not a digit (or is @end); -ERANGE when
 * the number is over @max.
 */
static inline int nsi_parse_decimal(const char **p, const char *end,
				    unsigned long long max,
				    unsigned long long *v)
{
	const char *s = *p;
	unsigned long long n = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -EINVAL;
	for (; s < end && *s >= '0' && *s <= '9'; s++) {
		unsigned int d = (unsigned int)(*s - '0');

		if (d > max || n > (max - d) / 10)
			return -ERANGE;
		n = n * 10 + d;
	}
	*p = s;
	*v = n;
	return 0;
}

/**
 * nsi_is_id64() - is [@s, @s + @n) a container ID of docker, containerd,
 * CRI-O and podman: exactly 64 lowercase hex digits (a SHA-256)?
 * Anything else, "ABC..." or 63 digits, is something that merely looks
 * alike.
 * @s: the bytes, need not be NUL-terminated.
 * @n: their number.
 *
 * Return: 1 or 0.
 */
static inline int nsi_is_id64(const char *s, size_t n)
{
	size_t i;

	if (n != 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/**
 * nsi_monotonic_ms() - the time of CLOCK_MONOTONIC (clock_gettime(2)), in
 * milliseconds: for deadlines and back-offs, which the wall clock's
 * jumps must not move.
 *
 * Return: the time in ms.
 */
static inline long long nsi_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /* NSI_UTIL_H */
