/*
 * hashmap.h - the one hash map of nsinspect: open addressing (linear
 * probing, load at most 1/2), keys that are a byte string (borrowed) or a
 * fixed 64- or 128-bit value, values that are pointers (or indexes cast
 * to them), hashed with a keyed hash under a 128-bit key drawn once per
 * process from getrandom(2): SipHash-1-3 for byte strings, a keyed
 * folded multiply (as wyhash and aHash) for fixed keys, which every
 * lookup of a scan hashes.  Keys an unprivileged user
 * can choose (mount paths, container IDs, ifindexes in its own network
 * namespace, PIDs, UIDs) cannot be made to collide, so every lookup and
 * insert stays O(1) on average however many there are.  libc only.
 */
#ifndef NSI_HASHMAP_H
#define NSI_HASHMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/**
 * struct nsi_hkey - a key of struct nsi_hmap.
 * @bytes: a byte-string key: its bytes, borrowed (they must stay valid and
 *         unchanged while the key is in a map); NULL for a fixed key.
 * @a:     a byte-string key: its length in bytes; a fixed key: its low
 *         64 bits.
 * @b:     a fixed key: its high 64 bits (0 for a 64-bit key); else 0.
 *
 * Build one with nsi_hkey_u64(), nsi_hkey_u128(), nsi_hkey_bytes() or
 * nsi_hkey_str().  A fixed key never equals a byte-string key; one map
 * may hold both.
 */
struct nsi_hkey {
	const void *bytes;
	uint64_t a, b;
};

/** nsi_hkey_u64() - the fixed key @v. */
static inline struct nsi_hkey nsi_hkey_u64(uint64_t v)
{
	return (struct nsi_hkey){ NULL, v, 0 };
}

/** nsi_hkey_u128() - the fixed key of low half @lo and high half @hi. */
static inline struct nsi_hkey nsi_hkey_u128(uint64_t lo, uint64_t hi)
{
	return (struct nsi_hkey){ NULL, lo, hi };
}

/** nsi_hkey_bytes() - the key of the @len bytes at @p (borrowed). */
static inline struct nsi_hkey nsi_hkey_bytes(const void *p, size_t len)
{
	return (struct nsi_hkey){ p ? p : "", len, 0 };
}

/** nsi_hkey_str() - the key of the bytes of @s without its NUL. */
static inline struct nsi_hkey nsi_hkey_str(const char *s)
{
	return nsi_hkey_bytes(s, strlen(s));
}

/**
 * struct nsi_hmap_slot - private: the key and value of one slot of struct
 * nsi_hmap.
 * @key:  the key.
 * @val:  the value.
 */
struct nsi_hmap_slot {
	struct nsi_hkey key;
	void *val;
};

/**
 * struct nsi_hmap - a map from keys to values, each key at most once.
 * @hash: private: the hash of each slot's key with the top bit set, 0 for
 *        a free slot; @size of them, in one allocation with @slot.  A
 *        probe reads only these 8 bytes a slot until a hash matches.
 * @slot: private: the keys and values, @size slots (a power of two, or 0).
 * @size: private: slots in @slot.
 * @used: the number of keys in the map.
 *
 * Zero-initialise it ({ 0 }) to start empty; nsi_hmap_release() frees the
 * table (not the keys' bytes, not the values).  Adding may move every
 * entry, so a pointer into the table is never handed out.
 */
struct nsi_hmap {
	uint64_t *hash;
	struct nsi_hmap_slot *slot;
	size_t size;
	size_t used;
};

/**
 * nsi_hmap_get() - the value of @key in @h.
 * @h:   the map.
 * @key: the key.
 *
 * Return: the value, or NULL when @key is not in @h (use nsi_hmap_has()
 * when NULL is a value).  O(1) on average.
 */
void *nsi_hmap_get(const struct nsi_hmap *h, struct nsi_hkey key);

/**
 * nsi_hmap_has() - whether @key is in @h.
 * @h:   the map.
 * @key: the key.
 *
 * Return: 1 or 0.
 */
int nsi_hmap_has(const struct nsi_hmap *h, struct nsi_hkey key);

/**
 * nsi_hmap_add() - add @key with value @val unless @key is in @h.
 * @h:   the map.
 * @key: the key (a byte-string key's bytes are borrowed from then on).
 * @val: the value.
 *
 * Return: 1 when added, 0 when @key was there (its value unchanged),
 * -ENOMEM (then @h is unchanged).
 */
int nsi_hmap_add(struct nsi_hmap *h, struct nsi_hkey key, void *val);

/**
 * nsi_hmap_set() - give @key the value @val, adding it when missing.
 * @h:   the map.
 * @key: the key; when it was there, the map keeps this one (a byte-string
 *       key's bytes are borrowed from @key from then on).
 * @val: the value.
 *
 * Return: 1 when added, 0 when the value was replaced, -ENOMEM (then @h
 * is unchanged).
 */
int nsi_hmap_set(struct nsi_hmap *h, struct nsi_hkey key, void *val);

/**
 * nsi_hmap_del() - remove @key from @h.
 * @h:   the map.
 * @key: the key.
 *
 * Return: 1 when removed, 0 when it was not there.  Never allocates.
 */
int nsi_hmap_del(struct nsi_hmap *h, struct nsi_hkey key);

/**
 * nsi_hmap_reserve() - make room for @n keys in all, so that adding up
 * to @n keys allocates nothing more.
 * @h: the map.
 * @n: the number of keys.
 *
 * Return: 0 or -ENOMEM (then @h is unchanged).
 */
int nsi_hmap_reserve(struct nsi_hmap *h, size_t n);

/**
 * nsi_hmap_next() - the entry of @h after position @pos, in no set order.
 * @h:   the map; unchanged during the walk.
 * @pos: 0 to start; advanced past the entry returned.
 * @key: (optional) set to the entry's key.
 * @val: (optional) set to the entry's value.
 *
 * for (pos = 0; nsi_hmap_next(h, &pos, NULL, &val); ) walks every entry.
 *
 * Return: 1 with an entry, 0 when there is none left.
 */
int nsi_hmap_next(const struct nsi_hmap *h, size_t *pos, struct nsi_hkey *key,
		  void **val);

/**
 * nsi_hmap_release() - free the table of @h and leave it empty (the keys'
 * bytes and the values stay the caller's).
 * @h: the map.
 */
void nsi_hmap_release(struct nsi_hmap *h);

/**
 * nsi_siphash() - the keyed hash of nsi_hmap: SipHash-1-3 of @len bytes
 * at @p under a 128-bit key drawn once per process with getrandom(2)
 * (GRND_NONBLOCK; the AT_RANDOM bytes of getauxval(3), mixed with an
 * address, when the pool is not ready).
 * @p:   the bytes.
 * @len: their number.
 *
 * Return: the 64-bit hash.
 */
uint64_t nsi_siphash(const void *p, size_t len);

#endif /* NSI_HASHMAP_H */
