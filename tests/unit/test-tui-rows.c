/*
 * test-tui-rows.c - unit tests of the live view's row store (tui-rows.c):
 * mark and sweep across refreshes (LIVE, NEW, GONE, removal, return),
 * text updated in place (all columns or some, the row's own strings
 * given back), the filter, the sort (numbers, text, reverse,
 * ties by key), nsi_tui_rows_find() after a view, the keep callback, and
 * 5,000 rows with churn checked against a model of the rules.
 *
 * Run under valgrind with CK_FORK=no to check that nothing leaks.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-rows.h"
#include "check-tap.h"

/* A namespace-like key: type in the top byte, an inode below. */
#define NSKEY(type, ino)	((uint64_t)(type) << 56 | (uint64_t)(ino))

/* Put a row of up to 3 columns, without sort numbers. */
static void put3(struct nsi_tui_rows *t, uint64_t key, const char *a,
		 const char *b, const char *c)
{
	const char *text[3] = { a, b, c };

	ck_assert_int_eq(nsi_tui_rows_put(t, key, text, NULL, 0), 0);
}

/* One whole refresh: begin, put these keys (text "k<key>"), sweep. */
static void refresh_keys(struct nsi_tui_rows *t, const uint64_t *keys, size_t n)
{
	size_t i;

	nsi_tui_rows_begin(t);
	for (i = 0; i < n; i++) {
		char buf[32];

		snprintf(buf, sizeof(buf), "k%llu", (unsigned long long)keys[i]);
		put3(t, keys[i], buf, NULL, NULL);
	}
	ck_assert_int_eq(nsi_tui_rows_sweep(t), 0);
}

static int state_of(const struct nsi_tui_rows *t, uint64_t key)
{
	const struct nsi_tui_row *r = nsi_tui_rows_get(t, key);

	ck_assert_msg(r != NULL, "key %llu not in the store",
		      (unsigned long long)key);
	ck_assert(r->key == key);
	return r->state;
}

/* The keys of the visible rows, in order, as "k1 k2 ...". */
static void visible_keys(const struct nsi_tui_rows *t, char *buf, size_t size)
{
	size_t i;

	*buf = '\0';
	for (i = 0; i < t->nvisible; i++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%llu",
			 i ? " " : "",
			 (unsigned long long)t->rows[t->visible[i]]->key);
}

#define ck_assert_view(t, want) do {					\
	char _vb[4096];							\
	visible_keys((t), _vb, sizeof(_vb));				\
	ck_assert_str_eq(_vb, (want));					\
} while (0)

/* ------------------------------------------------------ mark and sweep */

START_TEST(test_first_generation_live)
{
	struct nsi_tui_rows t;
	const uint64_t keys[] = { 5, 3, 9, NSKEY(1, 4026531833ULL) };
	size_t i;

	nsi_tui_rows_init(&t, 3);
	ck_assert_int_eq(t.ncols, 3);
	ck_assert_int_eq(t.sort_col, -1);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 5));	/* empty: no hash yet */
	refresh_keys(&t, keys, 4);
	ck_assert_uint_eq(t.gen, 1);
	ck_assert_uint_eq(t.nrows, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(state_of(&t, keys[i]), NSI_TUI_ROW_LIVE);
		ck_assert_uint_eq(nsi_tui_rows_get(&t, keys[i])->seen, 1);
	}
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 4));
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_new_then_live)
{
	struct nsi_tui_rows t;
	const uint64_t g1[] = { 1, 2 }, g2[] = { 1, 2, 3 };

	nsi_tui_rows_init(&t, 3);
	refresh_keys(&t, g1, 2);
	refresh_keys(&t, g2, 3);
	ck_assert_int_eq(state_of(&t, 1), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(state_of(&t, 3), NSI_TUI_ROW_NEW);
	ck_assert_uint_eq(nsi_tui_rows_get(&t, 3)->seen, 2);
	refresh_keys(&t, g2, 3);
	ck_assert_int_eq(state_of(&t, 3), NSI_TUI_ROW_LIVE);
	ck_assert_uint_eq(nsi_tui_rows_get(&t, 3)->seen, 3);
	ck_assert_uint_eq(t.nrows, 3);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_gone_once_then_removed)
{
	struct nsi_tui_rows t;
	const uint64_t g1[] = { 1, 2, 3 }, g2[] = { 1, 3 };

	nsi_tui_rows_init(&t, 3);
	refresh_keys(&t, g1, 3);
	refresh_keys(&t, g2, 2);
	/* missing at a refresh: still there, GONE, and still shown */
	ck_assert_uint_eq(t.nrows, 3);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_GONE);
	ck_assert_int_eq(state_of(&t, 1), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(state_of(&t, 3), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 2 3");
	ck_assert_int_eq(nsi_tui_rows_find(&t, 2), 1);
	/* missing again: removed */
	refresh_keys(&t, g2, 2);
	ck_assert_uint_eq(t.nrows, 2);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 2));
	ck_assert_int_eq(state_of(&t, 1), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(state_of(&t, 3), NSI_TUI_ROW_LIVE);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 3");
	ck_assert_int_eq(nsi_tui_rows_find(&t, 2), -1);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_new_row_gone)
{
	struct nsi_tui_rows t;
	const uint64_t g1[] = { 1 }, g2[] = { 1, 2 };

	nsi_tui_rows_init(&t, 3);
	refresh_keys(&t, g1, 1);
	refresh_keys(&t, g2, 2);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_NEW);
	refresh_keys(&t, g1, 1);	/* seen for one refresh only */
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_GONE);
	refresh_keys(&t, g1, 1);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 2));
	/* an empty refresh: everything gone, then nothing */
	refresh_keys(&t, NULL, 0);
	ck_assert_int_eq(state_of(&t, 1), NSI_TUI_ROW_GONE);
	refresh_keys(&t, NULL, 0);
	ck_assert_uint_eq(t.nrows, 0);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 1));
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_uint_eq(t.nvisible, 0);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_back_after_gone)
{
	struct nsi_tui_rows t;
	const uint64_t g1[] = { 1, 2 }, only1[] = { 1 };

	nsi_tui_rows_init(&t, 3);
	refresh_keys(&t, g1, 2);
	refresh_keys(&t, only1, 1);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_GONE);
	/* back while still shown as gone: new again */
	refresh_keys(&t, g1, 2);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_NEW);
	ck_assert_uint_eq(t.nrows, 2);
	refresh_keys(&t, g1, 2);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_LIVE);
	/* back after it was removed: new as well */
	refresh_keys(&t, only1, 1);
	refresh_keys(&t, only1, 1);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 2));
	refresh_keys(&t, g1, 2);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_NEW);
	ck_assert_int_eq(state_of(&t, 1), NSI_TUI_ROW_LIVE);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_update_in_place)
{
	struct nsi_tui_rows t;
	struct nsi_tui_row *r, *r2;
	char buf[8] = "abc";
	const char *text[3] = { buf, "b", NULL };
	const int64_t num1[3] = { 1, 2, INT64_MIN };
	const int64_t num2[3] = { 10, INT64_MIN, 30 };

	nsi_tui_rows_init(&t, 3);
	nsi_tui_rows_begin(&t);
	ck_assert_int_eq(nsi_tui_rows_put(&t, 42, text, num1, 5u), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	strcpy(buf, "zzz");		/* the text was copied */
	r = nsi_tui_rows_get(&t, 42);
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->text[0], "abc");
	ck_assert_str_eq(r->text[1], "b");
	ck_assert_ptr_null(r->text[2]);
	ck_assert(r->num[0] == 1 && r->num[1] == 2 && r->num[2] == INT64_MIN);
	ck_assert_uint_eq(r->flags, 5u);

	/* the next refresh changes every column: same row, new text */
	nsi_tui_rows_begin(&t);
	text[0] = "new";
	text[1] = NULL;
	text[2] = "third";
	ck_assert_int_eq(nsi_tui_rows_put(&t, 42, text, num2, 2u), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	r2 = nsi_tui_rows_get(&t, 42);
	ck_assert_ptr_eq(r2, r);
	ck_assert_uint_eq(t.nrows, 1);
	ck_assert_str_eq(r->text[0], "new");
	ck_assert_ptr_null(r->text[1]);
	ck_assert_str_eq(r->text[2], "third");
	ck_assert(r->num[0] == 10 && r->num[1] == INT64_MIN && r->num[2] == 30);
	ck_assert_uint_eq(r->flags, 2u);
	ck_assert_int_eq(r->state, NSI_TUI_ROW_LIVE);

	/* no numbers: every column sorts by text */
	nsi_tui_rows_begin(&t);
	ck_assert_int_eq(nsi_tui_rows_put(&t, 42, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert(r->num[0] == INT64_MIN && r->num[2] == INT64_MIN);
	ck_assert_uint_eq(r->flags, 0);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_update_some_columns)
{
	struct nsi_tui_rows t;
	struct nsi_tui_row *r;
	const char *text[3] = { "same", "old", NULL };
	const char *own[3];

	nsi_tui_rows_init(&t, 3);
	nsi_tui_rows_begin(&t);
	ck_assert_int_eq(nsi_tui_rows_put(&t, 9, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	r = nsi_tui_rows_get(&t, 9);

	/* one column the same, one changed, one from nothing to text */
	nsi_tui_rows_begin(&t);
	text[1] = "new";
	text[2] = "added";
	ck_assert_int_eq(nsi_tui_rows_put(&t, 9, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_str_eq(r->text[0], "same");
	ck_assert_str_eq(r->text[1], "new");
	ck_assert_str_eq(r->text[2], "added");

	/* text to nothing, and the same text again */
	nsi_tui_rows_begin(&t);
	text[0] = NULL;
	ck_assert_int_eq(nsi_tui_rows_put(&t, 9, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_ptr_null(r->text[0]);
	ck_assert_str_eq(r->text[1], "new");
	ck_assert_str_eq(r->text[2], "added");

	/* the row's own strings given back (the caller read them with
	 * nsi_tui_rows_get): kept, nothing freed twice (valgrind) */
	nsi_tui_rows_begin(&t);
	own[0] = r->text[0];
	own[1] = r->text[1];
	own[2] = "other";
	ck_assert_int_eq(nsi_tui_rows_put(&t, 9, own, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_ptr_eq(nsi_tui_rows_get(&t, 9), r);
	ck_assert_ptr_null(r->text[0]);
	ck_assert_str_eq(r->text[1], "new");
	ck_assert_str_eq(r->text[2], "other");
	ck_assert_int_eq(r->state, NSI_TUI_ROW_LIVE);
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_ncols_clamped)
{
	struct nsi_tui_rows t;
	const char *text[NSI_TUI_MAX_COLS];
	int c;

	nsi_tui_rows_init(&t, NSI_TUI_MAX_COLS + 4);
	ck_assert_int_eq(t.ncols, NSI_TUI_MAX_COLS);
	for (c = 0; c < NSI_TUI_MAX_COLS; c++)
		text[c] = c % 2 ? "odd" : "even";
	nsi_tui_rows_begin(&t);
	ck_assert_int_eq(nsi_tui_rows_put(&t, 1, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_str_eq(nsi_tui_rows_get(&t, 1)->text[NSI_TUI_MAX_COLS - 1],
			 "odd");
	nsi_tui_rows_release(&t);
	/* released: empty again, and usable */
	ck_assert_uint_eq(t.nrows, 0);
	ck_assert_ptr_null(nsi_tui_rows_get(&t, 1));
	nsi_tui_rows_begin(&t);
	ck_assert_int_eq(nsi_tui_rows_put(&t, 2, text, NULL, 0), 0);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_int_eq(state_of(&t, 2), NSI_TUI_ROW_LIVE);
	nsi_tui_rows_release(&t);
}
END_TEST

/* ------------------------------------------------------------- filter */

static void filter_rows(struct nsi_tui_rows *t)
{
	nsi_tui_rows_init(t, 3);
	nsi_tui_rows_begin(t);
	put3(t, 1, "Alpha", "net", NULL);
	put3(t, 2, "beta", "MNT", "/usr/sbin/Sshd -D");
	put3(t, 3, NULL, "uts", "GAMMA ray");
	put3(t, 4, "4026531840", NULL, NULL);
	ck_assert_int_eq(nsi_tui_rows_sweep(t), 0);
}

START_TEST(test_filter)
{
	struct nsi_tui_rows t;

	filter_rows(&t);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 2 3 4");

	/* case-insensitive, both ways; stored lowercase */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "ALP"), 0);
	ck_assert_str_eq(t.filter, "alp");
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "mm"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "3");

	/* in any column, a substring anywhere */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "sshD -"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "2");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "n"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 2");	/* net, MNT; not "GAMMA" */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "6531"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "4");

	/* nothing matches */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "no such text"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_uint_eq(t.nvisible, 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 1), -1);

	/* cleared by "" and by NULL */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, ""), 0);
	ck_assert_ptr_null(t.filter);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 2 3 4");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "beta"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "2");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, NULL), 0);
	ck_assert_ptr_null(t.filter);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1 2 3 4");
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_filter_follows_updates)
{
	struct nsi_tui_rows t;

	filter_rows(&t);
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "alpha"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "1");
	/* the filter stays across refreshes and sees the new text */
	nsi_tui_rows_begin(&t);
	put3(&t, 1, "omega", "net", NULL);
	put3(&t, 2, "beta", "alphabet", NULL);
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "2");
	ck_assert_str_eq(t.filter, "alpha");
	nsi_tui_rows_release(&t);
}
END_TEST

/* --------------------------------------------------------------- sort */

/* Rows: column 0 a number (also as text), column 1 a word. */
static void sort_rows(struct nsi_tui_rows *t)
{
	static const struct {
		uint64_t key;
		int64_t n;
		const char *word;
	} v[] = {
		{ 10, 9, "pear" },
		{ 20, 100, "apple" },
		{ 30, 10, "fig" },
		{ 40, 10, "apple" },
		{ 5, -3, "zucchini" },
	};
	size_t i;

	nsi_tui_rows_init(t, 2);
	nsi_tui_rows_begin(t);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char buf[24];
		const char *text[2] = { buf, v[i].word };
		const int64_t num[2] = { v[i].n, INT64_MIN };

		snprintf(buf, sizeof(buf), "%lld", (long long)v[i].n);
		ck_assert_int_eq(nsi_tui_rows_put(t, v[i].key, text, num, 0),
				 0);
	}
	ck_assert_int_eq(nsi_tui_rows_sweep(t), 0);
}

START_TEST(test_sort_key_order)
{
	struct nsi_tui_rows t;

	sort_rows(&t);
	ck_assert_int_eq(t.sort_col, -1);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "5 10 20 30 40");
	t.reverse = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "40 30 20 10 5");
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_sort_numeric)
{
	struct nsi_tui_rows t;

	sort_rows(&t);
	t.sort_col = 0;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	/* -3 9 10 10 100 as numbers (as text it would be -3 10 10 100 9);
	 * the tie 10 by key: 30 then 40 */
	ck_assert_view(&t, "5 10 30 40 20");
	t.reverse = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "20 40 30 10 5");
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_sort_text)
{
	struct nsi_tui_rows t;

	sort_rows(&t);
	t.sort_col = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	/* apple(20) apple(40) fig pear zucchini: the tie by key */
	ck_assert_view(&t, "20 40 30 10 5");
	t.reverse = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "5 10 30 40 20");
	t.reverse = 0;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "20 40 30 10 5");
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_sort_ties_by_key)
{
	struct nsi_tui_rows t;
	const uint64_t keys[] = { 77, 3, NSKEY(2, 1), 15, NSKEY(1, 9), 4 };
	size_t i;

	nsi_tui_rows_init(&t, 2);
	nsi_tui_rows_begin(&t);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const int64_t num[2] = { 7, INT64_MIN };

		/* equal in both columns; NULL text sorts as "" */
		ck_assert_int_eq(nsi_tui_rows_put(&t, keys[i],
						  (const char *const[]){ "same", NULL },
					      num, 0), 0);
	}
	ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);
	t.sort_col = 0;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "3 4 15 77 72057594037927945 144115188075855873");
	t.sort_col = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "3 4 15 77 72057594037927945 144115188075855873");
	/* a sort column past the last: key order */
	t.sort_col = 5;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "3 4 15 77 72057594037927945 144115188075855873");
	nsi_tui_rows_release(&t);
}
END_TEST

START_TEST(test_sort_with_filter)
{
	struct nsi_tui_rows t;

	sort_rows(&t);
	t.sort_col = 0;
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "P"), 0);	/* apple, pear */
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "10 40 20");
	t.reverse = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_view(&t, "20 40 10");
	nsi_tui_rows_release(&t);
}
END_TEST

/* -------------------------------------------------------- find, keep */

START_TEST(test_find_after_view)
{
	struct nsi_tui_rows t;

	sort_rows(&t);
	/* no view yet */
	ck_assert_int_eq(nsi_tui_rows_find(&t, 10), -1);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 5), 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 40), 4);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 41), -1);
	t.sort_col = 1;
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 5), 4);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 20), 0);
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "fig"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 30), 0);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 20), -1);
	/* still there, just not visible */
	ck_assert_ptr_nonnull(nsi_tui_rows_get(&t, 20));
	nsi_tui_rows_release(&t);
}
END_TEST

struct keep_arg {
	int calls;
	uint64_t modulo;
};

static int keep_even(const struct nsi_tui_row *row, void *arg)
{
	struct keep_arg *k = arg;

	k->calls++;
	return row->key % k->modulo == 0;
}

static int keep_new(const struct nsi_tui_row *row, void *arg)
{
	(void)arg;
	return row->state == NSI_TUI_ROW_NEW;
}

START_TEST(test_keep)
{
	struct nsi_tui_rows t;
	struct keep_arg k = { 0, 20 };
	const uint64_t more[] = { 5, 10, 20, 30, 40, 50 };

	sort_rows(&t);
	ck_assert_int_eq(nsi_tui_rows_view(&t, keep_even, &k), 0);
	ck_assert_view(&t, "20 40");
	ck_assert_int_ge(k.calls, 2);
	ck_assert_int_eq(nsi_tui_rows_find(&t, 10), -1);
	/* with a filter: both must agree */
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "apple"), 0);
	k.modulo = 10;
	ck_assert_int_eq(nsi_tui_rows_view(&t, keep_even, &k), 0);
	ck_assert_view(&t, "20 40");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, "pear"), 0);
	ck_assert_int_eq(nsi_tui_rows_view(&t, keep_even, &k), 0);
	ck_assert_view(&t, "10");
	k.modulo = 20;
	ck_assert_int_eq(nsi_tui_rows_view(&t, keep_even, &k), 0);
	ck_assert_view(&t, "");
	ck_assert_int_eq(nsi_tui_rows_set_filter(&t, NULL), 0);
	/* the callback sees the row's state */
	refresh_keys(&t, more, 6);
	ck_assert_int_eq(nsi_tui_rows_view(&t, keep_new, NULL), 0);
	ck_assert_view(&t, "50");
	nsi_tui_rows_release(&t);
}
END_TEST

/* -------------------------------------------------------------- churn */

#define CHURN_IDS	9000
#define CHURN_ROWS	5000
#define CHURN_GENS	24

/* Keys that stress the hash: namespace keys with close inodes, PIDs,
 * and multiples of large powers of two. */
static uint64_t churn_key(unsigned int id)
{
	switch (id % 3) {
	case 0:
		return NSKEY(id % 8, 4026531840ULL + id);
	case 1:
		return (uint64_t)id;
	default:
		return (uint64_t)id << 40;
	}
}

/* A model of the rules, per id: in the store, and its state. */
struct model_row {
	int present;
	int state;
	int want;	/* seen in this refresh */
};

static unsigned int rnd_state = 12345;

static unsigned int rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 16) & 0x7fff;
}

START_TEST(test_churn_5000)
{
	static struct model_row m[CHURN_IDS];
	struct nsi_tui_rows t;
	unsigned int g, id;
	size_t want_rows;

	memset(m, 0, sizeof(m));
	nsi_tui_rows_init(&t, 2);
	for (g = 1; g <= CHURN_GENS; g++) {
		size_t nvis = 0;

		/* which ids are seen: the first refresh the first 5,000;
		 * then each seen one goes with 1/8, each unseen one comes
		 * with 1/8 (some come back while still shown as gone) */
		for (id = 0; id < CHURN_IDS; id++) {
			if (g == 1)
				m[id].want = id < CHURN_ROWS;
			else if (m[id].want)
				m[id].want = rnd() % 8 != 0;
			else
				m[id].want = rnd() % 8 == 0;
		}
		nsi_tui_rows_begin(&t);
		/* put in a scrambled order */
		for (id = 0; id < CHURN_IDS; id++) {
			unsigned int j = (id * 7919u) % CHURN_IDS;
			char a[32], b[32];
			const char *text[2] = { a, b };
			int64_t num[2] = { (int64_t)j, INT64_MIN };

			if (!m[j].want)
				continue;
			snprintf(a, sizeof(a), "%u", j);
			snprintf(b, sizeof(b), "g%u", g);
			ck_assert_int_eq(nsi_tui_rows_put(&t, churn_key(j),
							  text, num, j), 0);
		}
		ck_assert_int_eq(nsi_tui_rows_sweep(&t), 0);

		/* the model */
		want_rows = 0;
		for (id = 0; id < CHURN_IDS; id++) {
			struct model_row *r = &m[id];

			if (r->want) {
				if (!r->present)
					r->state = g > 1 ? NSI_TUI_ROW_NEW :
						NSI_TUI_ROW_LIVE;
				else
					r->state =
						r->state == NSI_TUI_ROW_GONE ?
						NSI_TUI_ROW_NEW :
						NSI_TUI_ROW_LIVE;
				r->present = 1;
			} else if (r->present) {
				if (r->state == NSI_TUI_ROW_GONE)
					r->present = 0;
				else
					r->state = NSI_TUI_ROW_GONE;
			}
			want_rows += r->present;
		}

		/* the store against the model: every key found, right row */
		ck_assert_uint_eq(t.nrows, want_rows);
		for (id = 0; id < CHURN_IDS; id++) {
			const struct nsi_tui_row *r = nsi_tui_rows_get(&t, churn_key(id));
			char a[32];

			if (!m[id].present) {
				ck_assert_msg(r == NULL, "gen %u: id %u should be removed",
					      g, id);
				continue;
			}
			ck_assert_msg(r != NULL, "gen %u: id %u is lost", g, id);
			ck_assert(r->key == churn_key(id));
			ck_assert_msg(r->state == m[id].state,
				      "gen %u: id %u state %d, want %d", g, id,
				      r->state, m[id].state);
			snprintf(a, sizeof(a), "%u", id);
			ck_assert_str_eq(r->text[0], a);
			if (m[id].want) {
				char b[32];

				snprintf(b, sizeof(b), "g%u", g);
				ck_assert_str_eq(r->text[1], b);
				ck_assert_uint_eq(r->seen, g);
			}
			ck_assert_uint_eq(r->flags, id);
		}

		/* the view: numeric sort by column 0 = id order */
		t.sort_col = 0;
		t.reverse = (int)(g % 2);
		ck_assert_int_eq(nsi_tui_rows_view(&t, NULL, NULL), 0);
		ck_assert_uint_eq(t.nvisible, want_rows);
		for (id = 0; id < CHURN_IDS; id++) {
			unsigned int j = t.reverse ? CHURN_IDS - 1 - id : id;
			const struct nsi_tui_row *r;

			if (!m[j].present)
				continue;
			r = t.rows[t.visible[nvis]];
			ck_assert_msg(r->key == churn_key(j),
				      "gen %u: visible %zu is not id %u", g,
				      nvis, j);
			nvis++;
		}
		/* nsi_tui_rows_find on a sample */
		for (id = 0; id < CHURN_IDS; id += 97) {
			long pos = nsi_tui_rows_find(&t, churn_key(id));

			if (!m[id].present)
				ck_assert_int_eq(pos, -1);
			else
				ck_assert(pos >= 0 &&
					  t.rows[t.visible[pos]]->key ==
					  churn_key(id));
		}
	}
	nsi_tui_rows_release(&t);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tui-rows");
	TCase *tc = tcase_create("tui-rows");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_first_generation_live);
	tcase_add_test(tc, test_new_then_live);
	tcase_add_test(tc, test_gone_once_then_removed);
	tcase_add_test(tc, test_new_row_gone);
	tcase_add_test(tc, test_back_after_gone);
	tcase_add_test(tc, test_update_in_place);
	tcase_add_test(tc, test_update_some_columns);
	tcase_add_test(tc, test_ncols_clamped);
	tcase_add_test(tc, test_filter);
	tcase_add_test(tc, test_filter_follows_updates);
	tcase_add_test(tc, test_sort_key_order);
	tcase_add_test(tc, test_sort_numeric);
	tcase_add_test(tc, test_sort_text);
	tcase_add_test(tc, test_sort_ties_by_key);
	tcase_add_test(tc, test_sort_with_filter);
	tcase_add_test(tc, test_find_after_view);
	tcase_add_test(tc, test_keep);
	tcase_add_test(tc, test_churn_5000);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
