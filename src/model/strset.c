/*
 * strset.c - a set of borrowed strings under a keyed hash (strset.h).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>

#include "strset.h"

static uint64_t key[2];
static int have_key;

static void draw_key(void)
{
	const unsigned char *at;

	if (getrandom(key, sizeof(key), GRND_NONBLOCK) != (ssize_t)sizeof(key)) {
		/* 16 random bytes the kernel gave this process at exec */
		at = (const unsigned char *)getauxval(AT_RANDOM);
		if (at)
			memcpy(key, at, sizeof(key));
		key[0] ^= (uint64_t)(uintptr_t)&key;	/* and ASLR's */
	}
	have_key = 1;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13);
	v[1] ^= v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17);
	v[1] ^= v[2];
	v[2] = ROTL(v[2], 32);
}

uint64_t nsi_strhash(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t v[4], b = (uint64_t)len << 56, m;
	size_t i, j;

	if (!have_key)
		draw_key();
	v[0] = key[0] ^ 0x736f6d6570736575ULL;
	v[1] = key[1] ^ 0x646f72616e646f6dULL;
	v[2] = key[0] ^ 0x6c7967656e657261ULL;
	v[3] = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (uint64_t)p[i + j] << (8 * j);
		v[3] ^= m;
		sipround(v);
		v[0] ^= m;
	}
	for (j = 0; i + j < len; j++)
		b |= (uint64_t)p[i + j] << (8 * j);
	v[3] ^= b;
	sipround(v);
	v[0] ^= b;
	v[2] ^= 0xff;
	sipround(v);
	sipround(v);
	sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* The slot of @s (hash @h): the one holding it, or the free one. */
static size_t find(const struct nsi_strset *set, const char *s, uint64_t h)
{
	size_t mask = set->size - 1, i = (size_t)h & mask;

	while (set->slot[i] &&
	       (set->hash[i] != h || strcmp(set->slot[i], s) != 0))
		i = (i + 1) & mask;
	return i;
}

static int grow(struct nsi_strset *set)
{
	struct nsi_strset big = { NULL, NULL, set->size ? set->size * 2 : 16,
				  0 };
	size_t i, j;

	big.slot = calloc(big.size, sizeof(*big.slot));
	big.hash = calloc(big.size, sizeof(*big.hash));
	if (!big.slot || !big.hash) {
		nsi_strset_release(&big);
		return -ENOMEM;
	}
	for (i = 0; i < set->size; i++) {
		if (!set->slot[i])
			continue;
		j = find(&big, set->slot[i], set->hash[i]);
		big.slot[j] = set->slot[i];
		big.hash[j] = set->hash[i];
		big.used++;
	}
	nsi_strset_release(set);
	*set = big;
	return 0;
}

int nsi_strset_add(struct nsi_strset *set, const char *s)
{
	uint64_t h = nsi_strhash(s, strlen(s));
	size_t i;

	/* load factor at most 1/2 */
	if ((set->used + 1) * 2 > set->size && grow(set) < 0)
		return -ENOMEM;
	i = find(set, s, h);
	if (set->slot[i])
		return 0;
	set->slot[i] = s;
	set->hash[i] = h;
	set->used++;
	return 1;
}

int nsi_strset_has(const struct nsi_strset *set, const char *s)
{
	if (!set->size)
		return 0;
	return set->slot[find(set, s, nsi_strhash(s, strlen(s)))] != NULL;
}

void nsi_strset_release(struct nsi_strset *set)
{
	free(set->slot);
	free(set->hash);
	set->slot = NULL;
	set->hash = NULL;
	set->size = set->used = 0;
}
