/*
 * textsafe.c - the one escaping policy for untrusted text (textsafe.h).
 */
#include "config.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "textsafe.h"

/*
 * Code points shown escaped, sorted (see textsafe.h for what they are).
 * Non-characters U+nFFFE and U+nFFFF are tested apart.
 */
static const struct { uint32_t lo, hi; } unsafe[] = {
	{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x00ad, 0x00ad },
	{ 0x034f, 0x034f }, { 0x061c, 0x061c }, { 0x115f, 0x1160 },
	{ 0x17b4, 0x17b5 }, { 0x180b, 0x180f }, { 0x200b, 0x200f },
	{ 0x2028, 0x202e }, { 0x2060, 0x206f }, { 0x3164, 0x3164 },
	{ 0xfdd0, 0xfdef }, { 0xfe00, 0xfe0f }, { 0xfeff, 0xfeff },
	{ 0xffa0, 0xffa0 }, { 0xfff0, 0xfffb }, { 0x1bca0, 0x1bca3 },
	{ 0x1d173, 0x1d17a }, { 0xe0000, 0xe0fff },
};

static int cp_unsafe(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(unsafe) / sizeof(unsafe[0]);

	if ((cp & 0xfffe) == 0xfffe)
		return 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cp < unsafe[mid].lo)
			hi = mid;
		else if (cp > unsafe[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/*
 * Decode one UTF-8 sequence at @s (RFC 3629: shortest form, no
 * surrogates, at most U+10FFFF).  Returns its length, or 0 when @s does
 * not begin a valid one.
 */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		*cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;		/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		*cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;		/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;		/* beyond U+10FFFF */
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;	/* also the NUL of a truncated one */
		*cp = (*cp << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	return n;
}

/*
 * Whether a terminal of the current locale (LC_CTYPE) shows the character
 * of @n bytes at @s: a UTF-8 locale that decodes it and can print it.
 */
static int locale_shows(const char *s, size_t n)
{
	mbstate_t st;
	wchar_t wc;

	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return 0;
	memset(&st, 0, sizeof(st));
	return mbrtowc(&wc, s, n, &st) == n && iswprint((wint_t)wc) &&
		wcwidth(wc) >= 0;
}

int nsi_text_next(const char *s, size_t *len, unsigned int flags)
{
	uint32_t cp;
	size_t n = utf8_decode((const unsigned char *)s, &cp);

	if (!n) {
		*len = 1;
		return 0;
	}
	*len = n;
	if (cp == '\\')
		return s[1] != 'x';
	if (cp_unsafe(cp))
		return 0;
	if (cp < 0x80 || !(flags & NSI_TEXT_LOCALE))
		return 1;
	return locale_shows(s, n);
}

char *nsi_text_escape(const char *s, unsigned int flags)
{
	size_t len = 1, n, i;
	const char *p;
	char *out, *q;

	for (p = s; *p; p += n)
		len += nsi_text_next(p, &n, flags) ? n : 4 * n;
	out = q = malloc(len);
	if (!out)
		return NULL;
	for (p = s; *p; p += n) {
		if (nsi_text_next(p, &n, flags)) {
			memcpy(q, p, n);
			q += n;
			continue;
		}
		for (i = 0; i < n; i++)
			q += sprintf(q, "\\x%02x", (unsigned char)p[i]);
	}
	*q = '\0';
	return out;
}
