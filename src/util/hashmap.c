/*
 * hashmap.c - the keyed hash map of nsinspect (hashmap.h): SipHash-1-3
 * (byte strings) or a keyed folded multiply (fixed keys) under a
 * per-process random key, open addressing with linear probing,
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

/* The 128-bit product of @x and @y, its halves xor-ed (wyhash's mum). */
static uint64_t fold_mul(uint64_t x, uint64_t y)
{
	unsigned __int128 r = (unsigned __int128)x * y;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/*
 * The hash of @k with the top bit set (a used slot's mark).  A byte
 * string: SipHash-1-3.  A fixed key (an inode and type, a PID, a UID, an
 * ifindex: on every lookup of a scan, so it must be cheap): one folded
 * multiply of its two words, each xor-ed with a word of the same secret
 * key, as wyhash and aHash do for DoS resistance: who cannot read the
 * key cannot choose keys that collide.
 */
static uint64_t key_hash(const struct nsi_hkey *k)
{
	static uint64_t mix[2];
	static int have_mix;

	if (k->bytes)
		return nsi_siphash(k->bytes, (size_t)k->a) | 1ULL << 63;
	if (!have_mix) {
		uint64_t i;

		for (i = 0; i < 2; i++)
			mix[i] = nsi_siphash(&i, sizeof(i));
		have_mix = 1;
	}
	return fold_mul(k->a ^ mix[0], k->b ^ mix[1]) | 1ULL << 63;
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

	while (h->hash[i] &&
	       (h->hash[i] != hash || !key_eq(&h->slot[i].key, k)))
		i = (i + 1) & mask;
	return i;
}

/* @size hashes, then @size slots, in one zeroed block (NULL: ENOMEM). */
static int table_new(struct nsi_hmap *h, size_t size)
{
	h->hash = calloc(size, sizeof(*h->hash) + sizeof(*h->slot));
	if (!h->hash)
		return -ENOMEM;
	h->slot = (struct nsi_hmap_slot *)(h->hash + size);
	h->size = size;
	return 0;
}

/* Rebuild @h with @size slots (a power of two, over twice the keys). */
static int resize(struct nsi_hmap *h, size_t size)
{
	struct nsi_hmap big = { .used = h->used };
	size_t i, j;

	if (table_new(&big, size) < 0)
		return -ENOMEM;
	for (i = 0; i < h->size; i++) {
		if (!h->hash[i])
			continue;
		for (j = (size_t)h->hash[i] & (size - 1); big.hash[j];
		     j = (j + 1) & (size - 1))
			;
		big.hash[j] = h->hash[i];
		big.slot[j] = h->slot[i];
	}
	free(h->hash);
	*h = big;
	return 0;
}

int nsi_hmap_reserve(struct nsi_hmap *h, size_t n)
{
	size_t size = h->size ? h->size : 16;

	/* load at most 1/2: n * 2 <= size */
	while (n > size / 2) {
		if (size > SIZE_MAX / 2 /
		    (sizeof(*h->hash) + sizeof(*h->slot)))
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
	return h->hash[i] ? h->slot[i].val : NULL;
}

int nsi_hmap_has(const struct nsi_hmap *h, struct nsi_hkey key)
{
	if (!h->used)
		return 0;
	return h->hash[find(h, &key, key_hash(&key))] != 0;
}

/* Add or, when @replace, set; the return of nsi_hmap_add()/_set(). */
static int put(struct nsi_hmap *h, struct nsi_hkey *key, void *val,
	       int replace)
{
	uint64_t hash = key_hash(key);
	size_t i;

	if (h->size) {
		i = find(h, key, hash);
		if (h->hash[i]) {
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
	h->hash[i] = hash;
	h->slot[i] = (struct nsi_hmap_slot){ *key, val };
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
	if (!h->hash[i])
		return 0;
	/*
	 * Backward shift: move up each later slot of the run that could
	 * have been in slot i (its home is not in (i, j] cyclically), so
	 * that no probe meets a hole before its key.
	 */
	for (j = (i + 1) & mask; h->hash[j]; j = (j + 1) & mask) {
		home = (size_t)h->hash[j] & mask;
		if (i <= j ? (home > i && home <= j) : (home > i || home <= j))
			continue;
		h->hash[i] = h->hash[j];
		h->slot[i] = h->slot[j];
		i = j;
	}
	h->hash[i] = 0;
	memset(&h->slot[i], 0, sizeof(h->slot[i]));
	h->used--;
	return 1;
}

int nsi_hmap_next(const struct nsi_hmap *h, size_t *pos, struct nsi_hkey *key,
		  void **val)
{
	for (; *pos < h->size; ++*pos) {
		const struct nsi_hmap_slot *s = &h->slot[*pos];

		if (!h->hash[*pos])
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
	free(h->hash);
	h->hash = NULL;
	h->slot = NULL;
	h->size = h->used = 0;
}
