/*
 * strset.h - a set of strings that the caller owns, kept in the keyed hash
 * map of hashmap.h (SipHash-1-3 with a key drawn once per process from
 * getrandom(2)), so that strings chosen by an unprivileged user (mount
 * paths) cannot be made to collide: every lookup and insert stays O(1) on
 * average however many such strings there are.  libc only.
 */
#ifndef NSI_STRSET_H
#define NSI_STRSET_H

#include "hashmap.h"

/**
 * struct nsi_strset - a set of borrowed strings.
 * @map: the strings' bytes as keys of a map (hashmap.h); the strings are
 *       the caller's: each must stay valid, unchanged, while it is in
 *       the set.
 *
 * Zero-initialise it ({ 0 }) to start empty; nsi_strset_release() frees
 * the table (not the strings).
 */
struct nsi_strset {
	struct nsi_hmap map;
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

#endif /* NSI_STRSET_H */
