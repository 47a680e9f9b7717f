/*
 * test-textsafe.c - unit tests of textsafe.h: nsi_text_next() and
 * nsi_text_escape() on control bytes, invalid and overlong UTF-8, the
 * bidirectional and zero-width characters, non-characters, backslashes,
 * and text that must pass unchanged.
 */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "textsafe.h"
#include "check-tap.h"

/* nsi_text_escape(@in, @flags) is @want. */
static void escapes_flags(const char *in, unsigned int flags, const char *want)
{
	char *got = nsi_text_escape(in, flags);

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "escape(\"%s\"): \"%s\", want \"%s\"",
		      in, got, want);
	free(got);
}

/* nsi_text_escape(@in, 0) is @want. */
static void escapes_to(const char *in, const char *want)
{
	escapes_flags(in, 0, want);
}

START_TEST(test_unchanged)
{
	escapes_to("", "");
	escapes_to("eth0", "eth0");
	escapes_to("/run/netns/a b", "/run/netns/a b");
	escapes_to("a\\b\\\"\\N\\n", "a\\b\\\"\\N\\n");	/* no \x: as is */
	escapes_to("caf\xc3\xa9", "caf\xc3\xa9");		/* U+00E9 */
	escapes_to("\xe4\xb8\xad", "\xe4\xb8\xad");		/* U+4E2D */
	escapes_to("\xf0\x9f\x90\xb3", "\xf0\x9f\x90\xb3");	/* U+1F433 */
	escapes_to("e\xcc\x81", "e\xcc\x81");		/* combining acute */
	escapes_to("\xef\xbf\xbd", "\xef\xbf\xbd");		/* U+FFFD */
	escapes_to("\xf4\x8f\xbf\xbd", "\xf4\x8f\xbf\xbd");	/* U+10FFFD */
}
END_TEST

START_TEST(test_controls)
{
	escapes_to("a\nb", "a\\x0ab");
	escapes_to("\t\r\x01\x1b[31m\x7f", "\\x09\\x0d\\x01\\x1b[31m\\x7f");
	escapes_to("/tmp/x\nsocket fd 7 of PID 1",
		   "/tmp/x\\x0asocket fd 7 of PID 1");
	/* C1: U+0085 NEL, U+009B CSI, as UTF-8 and as bare bytes */
	escapes_to("\xc2\x85\xc2\x9b", "\\xc2\\x85\\xc2\\x9b");
	escapes_to("\x9b" "1m", "\\x9b1m");
	escapes_to("\xc2\xa0", "\xc2\xa0");		/* U+00A0 is shown */
}
END_TEST

START_TEST(test_invisible)
{
	/* RLO, ZWSP, LRM, RLM, LRE, PDF, LRI, PDI, ALM, LS, PS, BOM */
	escapes_to("r\xe2\x80\xaetxt", "r\\xe2\\x80\\xaetxt");
	escapes_to("a\xe2\x80\x8b" "b", "a\\xe2\\x80\\x8bb");
	escapes_to("\xe2\x80\x8e\xe2\x80\x8f", "\\xe2\\x80\\x8e\\xe2\\x80\\x8f");
	escapes_to("\xe2\x80\xaa\xe2\x80\xac", "\\xe2\\x80\\xaa\\xe2\\x80\\xac");
	escapes_to("\xe2\x81\xa6\xe2\x81\xa9", "\\xe2\\x81\\xa6\\xe2\\x81\\xa9");
	escapes_to("\xd8\x9c", "\\xd8\\x9c");
	escapes_to("\xe2\x80\xa8\xe2\x80\xa9", "\\xe2\\x80\\xa8\\xe2\\x80\\xa9");
	escapes_to("\xef\xbb\xbf", "\\xef\\xbb\\xbf");
	/* soft hyphen, word joiner, Hangul filler, variation selector 16,
	 * a tag character, interlinear annotation */
	escapes_to("\xc2\xad", "\\xc2\\xad");
	escapes_to("\xe2\x81\xa0", "\\xe2\\x81\\xa0");
	escapes_to("\xe3\x85\xa4", "\\xe3\\x85\\xa4");
	escapes_to("\xef\xb8\x8f", "\\xef\\xb8\\x8f");
	escapes_to("\xf3\xa0\x80\x81", "\\xf3\\xa0\\x80\\x81");
	escapes_to("\xef\xbf\xb9", "\\xef\\xbf\\xb9");
	/* the neighbours are shown */
	escapes_to("\xe2\x80\x90\xe2\x80\xaf", "\xe2\x80\x90\xe2\x80\xaf");
	escapes_to("\xe2\x81\xb0", "\xe2\x81\xb0");		/* U+2070 */
}
END_TEST

START_TEST(test_noncharacters)
{
	escapes_to("\xef\xb7\x90", "\\xef\\xb7\\x90");		/* U+FDD0 */
	escapes_to("\xef\xbf\xbe\xef\xbf\xbf", "\\xef\\xbf\\xbe\\xef\\xbf\\xbf");
	escapes_to("\xf0\x9f\xbf\xbe", "\\xf0\\x9f\\xbf\\xbe");	/* U+1FFFE */
	escapes_to("\xf4\x8f\xbf\xbf", "\\xf4\\x8f\\xbf\\xbf");	/* U+10FFFF */
}
END_TEST

START_TEST(test_invalid_utf8)
{
	escapes_to("bad\xff\xfeutf", "bad\\xff\\xfeutf");
	escapes_to("\xc0\xaf", "\\xc0\\xaf");			/* overlong / */
	escapes_to("\xe0\x80\xaf", "\\xe0\\x80\\xaf");		/* overlong */
	escapes_to("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf");	/* overlong */
	escapes_to("\xed\xa0\x80", "\\xed\\xa0\\x80");		/* surrogate */
	escapes_to("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");	/* > 10FFFF */
	escapes_to("\xe2\x80", "\\xe2\\x80");			/* truncated */
	escapes_to("\xe2\x80" "a", "\\xe2\\x80a");
	escapes_to("\x80\xbf", "\\x80\\xbf");			/* lone tails */
}
END_TEST

START_TEST(test_backslash_x)
{
	escapes_to("a\\x0ab", "a\\x5cx0ab");
	escapes_to("\\\\x", "\\\\x5cx");
	escapes_to("\\X", "\\X");
	escapes_to("\\", "\\");
}
END_TEST

START_TEST(test_next)
{
	size_t n = 0;

	ck_assert_int_eq(nsi_text_next("a", &n, 0), 1);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(nsi_text_next("\xc3\xa9z", &n, 0), 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(nsi_text_next("\xe2\x80\xae", &n, 0), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(nsi_text_next("\xf0\x9f\x90\xb3", &n, 0), 1);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(nsi_text_next("\xe2\x80", &n, 0), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(nsi_text_next("\\x", &n, 0), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(nsi_text_next("\\n", &n, 0), 1);
	ck_assert_uint_eq(n, 1);
}
END_TEST

/* NSI_TEXT_LOCALE: what the terminal's locale cannot show, too. */
START_TEST(test_locale)
{
	size_t n = 0;

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C"));
	escapes_flags("caf\xc3\xa9", NSI_TEXT_LOCALE, "caf\\xc3\\xa9");
	escapes_flags("a\nb\\x", NSI_TEXT_LOCALE, "a\\x0ab\\x5cx");
	escapes_flags("caf\xc3\xa9", 0, "caf\xc3\xa9");
	ck_assert_int_eq(nsi_text_next("\xc3\xa9", &n, NSI_TEXT_LOCALE), 0);
	ck_assert_uint_eq(n, 2);
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		ck_abort_msg("no C.UTF-8 locale (Debian: package libc-bin)");
	escapes_flags("caf\xc3\xa9 \xe4\xb8\xad", NSI_TEXT_LOCALE,
		      "caf\xc3\xa9 \xe4\xb8\xad");
	/* iswprint() passes these, the policy does not */
	escapes_flags("r\xe2\x80\xae\xe2\x80\x8b", NSI_TEXT_LOCALE,
		      "r\\xe2\\x80\\xae\\xe2\\x80\\x8b");
	/* U+0378 is unassigned: iswprint() rejects it */
	escapes_flags("\xcd\xb8", NSI_TEXT_LOCALE, "\\xcd\\xb8");
	escapes_flags("\xcd\xb8", 0, "\xcd\xb8");
	setlocale(LC_CTYPE, "C");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("textsafe");
	TCase *tc = tcase_create("textsafe");

	tcase_add_test(tc, test_unchanged);
	tcase_add_test(tc, test_controls);
	tcase_add_test(tc, test_invisible);
	tcase_add_test(tc, test_noncharacters);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_backslash_x);
	tcase_add_test(tc, test_next);
	tcase_add_test(tc, test_locale);
	suite_add_tcase(s, tc);
	return nsi_check_run(s);
}
