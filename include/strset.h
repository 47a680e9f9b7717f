/*
 * strset.h - a set of strings that the caller owns, hashed with a keyed
 * hash (SipHash-1-3 with a key drawn once per process from getrandom(2)),
 * so that strings chosen by an unprivileged user (mount paths) cannot be
 * made to collide: every lookup and insert stays O(1) on average however
 * many such strings there are.  libc only.
 */
#ifndef NSI_STRSET_H
#define NSI_STRSET_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct nsi_strset - an open-addressing set of borrowed strings.
 * @slot: the table, @size entries (a power of two, or 0 when empty); a
 *        NULL entry is free.  The strings are the caller's: each must
 *        stay valid, unchanged, while it is in the set.
 * @hash: the hash of each slot's string (so that growing rehashes none).
 * @size: entries of @slot.
 * @used: strings in the set.
 *
 * Zero-initialise it ({ 0 }) to start empty; nsi_strset_release() frees
 * the table (not the strings).
 */
struct nsi_strset {
	const char **slot;
	uint64_t *hash;
	size_t size;
	size_t used;
};

/**
 * nsi_strset_add() - add @s unless an equal string is in @set.
 * @set: the set.
 * @s:   a NUL-terminated string, borrowed (see struct nsi_strset).
 *
 * Return: 1 when added, 0 when an equal string was there already,
 * -ENOMEM (then @set is unchanged).
 */
int nsi_strset_add(struct nsi_strset *set, const char *s);

/**
 * nsi_strset_has() - whether @set holds a string equal to @s.
 * @set: the set.
 * @s:   the string.
 *
 * Return: 1 or 0.
 */
int nsi_strset_has(const struct nsi_strset *set, const char *s);

/**
 * nsi_strset_release() - free the table of @set (not the strings) and
 * leave it empty.
 * @set: the set.
 */
void nsi_strset_release(struct nsi_strset *set);

/**
 * nsi_strhash() - the keyed hash nsi_strset uses: SipHash-1-3 of the
 * bytes of @s under a 128-bit key drawn once per process with
 * getrandom(2) (GRND_NONBLOCK; the AT_RANDOM bytes of getauxval(3) when
 * the pool is not ready).
 * @s:   the bytes.
 * @len: their number.
 *
 * Return: the 64-bit hash.
 */
uint64_t nsi_strhash(const char *s, size_t len);

#endif /* NSI_STRSET_H */
