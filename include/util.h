/*
 * util.h - small helpers shared by the parsers.
 */
#ifndef NSI_UTIL_H
#define NSI_UTIL_H

#include <time.h>

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
