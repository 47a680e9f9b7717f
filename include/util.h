/*
 * util.h - small helpers shared by the parsers.
 */
#ifndef NSI_UTIL_H
#define NSI_UTIL_H

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

#endif /* NSI_UTIL_H */
