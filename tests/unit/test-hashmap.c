/*
 * test-hashmap.c - unit tests of hashmap.h (nsi_hmap with fixed and
 * byte-string keys: add, set, get, delete by backward shift, reserve,
 * walk; nsi_siphash) and of grow.h (nsi_grow and its overflow checks).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "hashmap.h"
#include "check-tap.h"

#define V(i) ((void *)(uintptr_t)(i))

START_TEST(test_empty)
{
	struct nsi_hmap h = { 0 };
	size_t pos = 0;

	ck_assert_ptr_null(nsi_hmap_get(&h, nsi_hkey_u64(1)));
	ck_assert_int_eq(nsi_hmap_has(&h, nsi_hkey_str("x")), 0);
	ck_assert_int_eq(nsi_hmap_del(&h, nsi_hkey_u64(1)), 0);
	ck_assert_int_eq(nsi_hmap_next(&h, &pos, NULL, NULL), 0);
	nsi_hmap_release(&h);
	nsi_hmap_release(&h);
}
END_TEST

START_TEST(test_u64)
{
	struct nsi_hmap h = { 0 };
	size_t i, n = 10000, pos = 0, seen = 0;
	void *val;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u64(i * 4096),
					      V(i + 1)), 1);
	ck_assert_uint_eq(h.used, n);
	ck_assert_uint_le(h.used * 2, h.size);
	for (i = 0; i < n; i++)
		ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(i * 4096)),
				 V(i + 1));
	ck_assert_ptr_null(nsi_hmap_get(&h, nsi_hkey_u64(1)));
	/* add keeps, set replaces */
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u64(0), V(7)), 0);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(0)), V(1));
	ck_assert_int_eq(nsi_hmap_set(&h, nsi_hkey_u64(0), V(7)), 0);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(0)), V(7));
	ck_assert_int_eq(nsi_hmap_set(&h, nsi_hkey_u64(3), NULL), 1);
	ck_assert_int_eq(nsi_hmap_has(&h, nsi_hkey_u64(3)), 1);
	ck_assert_ptr_null(nsi_hmap_get(&h, nsi_hkey_u64(3)));
	while (nsi_hmap_next(&h, &pos, NULL, &val))
		seen++;
	ck_assert_uint_eq(seen, n + 1);
	nsi_hmap_release(&h);
	ck_assert_uint_eq(h.used, 0);
	ck_assert_ptr_null(h.slot);
}
END_TEST

START_TEST(test_u128)
{
	struct nsi_hmap h = { 0 };

	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u128(5, 1), V(1)), 1);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u128(1, 5), V(2)), 1);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u128(5, 0), V(3)), 1);
	/* a 64-bit key is the 128-bit key with a high half of 0 */
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(5)), V(3));
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u128(5, 1)), V(1));
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u128(1, 5)), V(2));
	ck_assert_ptr_null(nsi_hmap_get(&h, nsi_hkey_u128(5, 2)));
	nsi_hmap_release(&h);
}
END_TEST

START_TEST(test_bytes)
{
	struct nsi_hmap h = { 0 };
	static const char nul[] = { 'a', '\0', 'b' };
	uint64_t word = 0;
	char *copy = strdup("/run/netns/x");
	struct nsi_hkey k;
	size_t pos = 0;

	ck_assert_ptr_nonnull(copy);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_str("/run/netns/x"), V(1)),
			 1);
	/* equal bytes elsewhere are the same key */
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_str(copy), V(2)), 0);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_str(copy)), V(1));
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_str(""), V(3)), 1);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_bytes(NULL, 0), V(4)), 0);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_bytes(nul, 3), V(5)), 1);
	ck_assert_int_eq(nsi_hmap_has(&h, nsi_hkey_str("a")), 0);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_bytes(nul, 3)), V(5));
	ck_assert_int_eq(nsi_hmap_has(&h, nsi_hkey_bytes(nul, 2)), 0);
	/* eight zero bytes are not the fixed key 0 */
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u64(0), V(6)), 1);
	ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_bytes(&word, 8), V(7)), 1);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(0)), V(6));
	/* set takes the new key's bytes */
	ck_assert_int_eq(nsi_hmap_set(&h, nsi_hkey_str(copy), V(8)), 0);
	while (nsi_hmap_next(&h, &pos, &k, NULL))
		if (k.bytes && k.a == strlen(copy))
			ck_assert_ptr_eq(k.bytes, copy);
	ck_assert_int_eq(nsi_hmap_del(&h, nsi_hkey_str("/run/netns/x")), 1);
	ck_assert_int_eq(nsi_hmap_has(&h, nsi_hkey_str(copy)), 0);
	ck_assert_uint_eq(h.used, 4);
	nsi_hmap_release(&h);
	free(copy);
}
END_TEST

/* Random adds and deletes against a plain array of what must be there. */
START_TEST(test_delete)
{
	struct nsi_hmap h = { 0 };
	enum { N = 2000 };
	static unsigned char in[N];
	unsigned int seed = 14;
	size_t i, round, count = 0;

	memset(in, 0, sizeof(in));
	for (round = 0; round < 200000; round++) {
		uint64_t k = (uint64_t)rand_r(&seed) % N;

		if (rand_r(&seed) % 3) {
			ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u64(k),
						      V(k + 1)), !in[k]);
			count += !in[k];
			in[k] = 1;
		} else {
			ck_assert_int_eq(nsi_hmap_del(&h, nsi_hkey_u64(k)),
					 in[k]);
			count -= in[k];
			in[k] = 0;
		}
		ck_assert_uint_eq(h.used, count);
	}
	for (i = 0; i < N; i++)
		ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(i)),
				 in[i] ? V(i + 1) : NULL);
	for (i = 0; i < N; i++)
		nsi_hmap_del(&h, nsi_hkey_u64(i));
	ck_assert_uint_eq(h.used, 0);
	nsi_hmap_release(&h);
}
END_TEST

START_TEST(test_reserve)
{
	struct nsi_hmap h = { 0 };
	struct nsi_hmap_slot *table;
	size_t i;

	ck_assert_int_eq(nsi_hmap_reserve(&h, 1000), 0);
	ck_assert_uint_ge(h.size, 2000);
	table = h.slot;
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(nsi_hmap_add(&h, nsi_hkey_u64(i), V(i)), 1);
	ck_assert_ptr_eq(h.slot, table);
	ck_assert_int_eq(nsi_hmap_reserve(&h, 10), 0);	/* never shrinks */
	ck_assert_ptr_eq(h.slot, table);
	ck_assert_int_eq(nsi_hmap_reserve(&h, SIZE_MAX / 2), -ENOMEM);
	ck_assert_ptr_eq(h.slot, table);
	ck_assert_ptr_eq(nsi_hmap_get(&h, nsi_hkey_u64(999)), V(999));
	nsi_hmap_release(&h);
}
END_TEST

START_TEST(test_siphash)
{
	const char *s = "0123456789abcdef0123";
	size_t len;

	/* the same bytes, the same hash; every length is hashed apart */
	for (len = 0; len <= 20; len++) {
		ck_assert_uint_eq(nsi_siphash(s, len), nsi_siphash(s, len));
		if (len)
			ck_assert_uint_ne(nsi_siphash(s, len),
					  nsi_siphash(s, len - 1));
	}
	ck_assert_uint_ne(nsi_siphash("ab", 2), nsi_siphash("ba", 2));
}
END_TEST

START_TEST(test_grow)
{
	int *v = NULL;
	size_t alloc = 0, i;
	char *big = NULL;

	ck_assert_int_eq(nsi_grow(&v, &alloc, 0, sizeof(*v)), 0);
	ck_assert_ptr_null(v);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(nsi_grow(&v, &alloc, i + 1, sizeof(*v)), 0);
		ck_assert_uint_ge(alloc, i + 1);
		v[i] = (int)i;
	}
	ck_assert_uint_eq(alloc, 1024);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(v[i], (int)i);
	ck_assert_int_eq(nsi_grow(&v, &alloc, 5000, sizeof(*v)), 0);
	ck_assert_uint_eq(alloc, 8192);
	ck_assert_int_eq(v[999], 999);
	/* sizes that overflow size_t fail, leaving the array as it was */
	ck_assert_int_eq(nsi_grow(&v, &alloc, SIZE_MAX / 2, sizeof(*v)),
			 -ENOMEM);
	ck_assert_int_eq(nsi_grow(&v, &alloc, SIZE_MAX, 1), -ENOMEM);
	ck_assert_uint_eq(alloc, 8192);
	ck_assert_int_eq(v[999], 999);
	free(v);
	alloc = 0;
	ck_assert_int_eq(nsi_grow(&big, &alloc, 3, 1), 0);
	ck_assert_uint_eq(alloc, 8);
	free(big);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hashmap");
	TCase *tc = tcase_create("hashmap");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_u64);
	tcase_add_test(tc, test_u128);
	tcase_add_test(tc, test_bytes);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_siphash);
	tcase_add_test(tc, test_grow);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
