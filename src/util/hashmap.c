/*
 * hashmap.c - the keyed hash map of nsinspect (hashmap.h): SipHash-1-3
 * under a per-process random key, open addressing with linear probing,
 * backward-shift deletion.
 */
#include "config.h"

#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>

#include "hashmap.h"

static uint64_t sipkey[2];
static int have_key;

static void draw_key(void)
{
	const unsigned char *at;

	if (getrandom(sipkey, sizeof(sipkey), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(sipkey)) {
		/* 16 random bytes the kernel gave this process at exec */
		at = (const unsigned char *)getauxval(AT_RANDOM);
		if (at)
			memcpy(sipkey, at, sizeof(sipkey));
		sipkey[0] ^= (uint64_t)(uintptr_t)&sipkey;	/* and ASLR's */
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

static void sip_init(uint64_t v[4])
{
	if (!have_key)
		draw_key();
	v[0] = sipkey[0] ^ 0x736f6d6570736575ULL;
	v[1] = sipkey[1] ^ 0x646f72616e646f6dULL;
	v[2] = sipkey[0] ^ 0x6c7967656e657261ULL;
	v[3] = sipkey[1] ^ 0x7465646279746573ULL;
}

/* One compression round (SipHash-1-3: one per 8-byte word). */
static void sip_word(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	v[0] ^= m;
}

/* The last word (@b, with the length in its top byte), three rounds. */
static uint64_t sip_final(uint64_t v[4], uint64_t b)
{
	sip_word(v, b);
	v[2] ^= 0xff;
	sipround(v);
	sipround(v);
	sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

uint64_t nsi_siphash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t v[4], b = (uint64_t)len << 56, m;
	size_t i, j;

	sip_init(v);
	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&m, s + i, 8);
		sip_word(v, le64toh(m));
	}
	for (j = 0; i + j < len; j++)
		b |= (uint64_t)s[i + j] << (8 * j);
	return sip_final(v, b);
}

/* The hash of @k with the top bit set (a used slot's mark). */
static uint64_t key_hash(const struct nsi_hkey *k)
{
	uint64_t v[4];

	if (k->bytes)
		return nsi_siphash(k->bytes, (size_t)k->a) | 1ULL << 63;
	/* = nsi_siphash() of the 16 little-endian bytes of (a, b) */
	sip_init(v);
	sip_word(v, k->a);
	sip_word(v, k->b);
	return sip_final(v, (uint64_t)16 << 56) | 1ULL << 63;
}

static int key_eq(const struct nsi_hkey *x, const struct nsi_hkey *y)
{
	if (!x->bytes || !y->bytes)
		return !x->bytes && !y->bytes && x->a == y->a && x->b == y->b;
	return x->a == y->a && memcmp(x->bytes, y->bytes, (size_t)x->a) == 0;
}

/* The slot of @k (hash @hash): the one holding it, or the free one. */
static size_t find(const struct nsi_hmap *h, const struct nsi_hkey *k,
		   uint64_t hash)
{
	size_t mask = h->size - 1, i = (size_t)hash & mask;

	while (h->slot[i].hash &&
	       (h->slot[i].hash != hash || !key_eq(&h->slot[i].key, k)))
		i = (i + 1) & mask;
	return i;
}

/* Rebuild @h with @size slots (a power of two, over twice the keys). */
static int resize(struct nsi_hmap *h, size_t size)
{
	struct nsi_hmap big = { NULL, size, h->used };
	size_t i, j;

	big.slot = calloc(size, sizeof(*big.slot));
	if (!big.slot)
		return -ENOMEM;
	for (i = 0; i < h->size; i++) {
		if (!h->slot[i].hash)
			continue;
		for (j = (size_t)h->slot[i].hash & (size - 1); big.slot[j].hash;
		     j = (j + 1) & (size - 1))
			;
		big.slot[j] = h->slot[i];
	}
	free(h->slot);
	*h = big;
	return 0;
}

int nsi_hmap_reserve(struct nsi_hmap *h, size_t n)
{
	size_t size = h->size ? h->size : 16;

	/* load at most 1/2: n * 2 <= size */
	while (n > size / 2) {
		if (size > SIZE_MAX / 2 / sizeof(*h->slot))
			return -ENOMEM;
		size *= 2;
	}
	return size == h->size ? 0 : resize(h, size);
}

void *nsi_hmap_get(const struct nsi_hmap *h, struct nsi_hkey key)
{
	size_t i;

	if (!h->used)
		return NULL;
	i = find(h, &key, key_hash(&key));
	return h->slot[i].hash ? h->slot[i].val : NULL;
}

int nsi_hmap_has(const struct nsi_hmap *h, struct nsi_hkey key)
{
	if (!h->used)
		return 0;
	return h->slot[find(h, &key, key_hash(&key))].hash != 0;
}

/* Add or, when @replace, set; the return of nsi_hmap_add()/_set(). */
static int put(struct nsi_hmap *h, struct nsi_hkey *key, void *val,
	       int replace)
{
	uint64_t hash = key_hash(key);
	size_t i;

	if (h->size) {
		i = find(h, key, hash);
		if (h->slot[i].hash) {
			if (replace) {
				h->slot[i].key = *key;
				h->slot[i].val = val;
			}
			return 0;
		}
	}
	if (h->used == SIZE_MAX || nsi_hmap_reserve(h, h->used + 1) < 0)
		return -ENOMEM;
	i = find(h, key, hash);
	h->slot[i] = (struct nsi_hmap_slot){ hash, *key, val };
	h->used++;
	return 1;
}

int nsi_hmap_add(struct nsi_hmap *h, struct nsi_hkey key, void *val)
{
	return put(h, &key, val, 0);
}

int nsi_hmap_set(struct nsi_hmap *h, struct nsi_hkey key, void *val)
{
	return put(h, &key, val, 1);
}

int nsi_hmap_del(struct nsi_hmap *h, struct nsi_hkey key)
{
	size_t mask = h->size - 1, i, j, home;

	if (!h->used)
		return 0;
	i = find(h, &key, key_hash(&key));
	if (!h->slot[i].hash)
		return 0;
	/*
	 * Backward shift: move up each later slot of the run that could
	 * have been in slot i (its home is not in (i, j] cyclically), so
	 * that no probe meets a hole before its key.
	 */
	for (j = (i + 1) & mask; h->slot[j].hash; j = (j + 1) & mask) {
		home = (size_t)h->slot[j].hash & mask;
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		h->slot[i] = h->slot[j];
		i = j;
	}
	memset(&h->slot[i], 0, sizeof(h->slot[i]));
	h->used--;
	return 1;
}

int nsi_hmap_next(const struct nsi_hmap *h, size_t *pos, struct nsi_hkey *key,
		  void **val)
{
	for (; *pos < h->size; ++*pos) {
		const struct nsi_hmap_slot *s = &h->slot[*pos];

		if (!s->hash)
			continue;
		if (key)
			*key = s->key;
		if (val)
			*val = s->val;
		++*pos;
		return 1;
	}
	return 0;
}

void nsi_hmap_release(struct nsi_hmap *h)
{
	free(h->slot);
	h->slot = NULL;
	h->size = h->used = 0;
}
