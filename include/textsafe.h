/*
 * textsafe.h - untrusted text (names, paths, command lines: anything the
 * inspected system's users choose) made safe to show: the one policy of
 * what is shown as it is and what is escaped, used by the table, --detail,
 * --audit, --graph and the live view.  No I/O; the locale is read only
 * with NSI_TEXT_LOCALE.
 *
 * Shown as it is: printable ASCII and valid UTF-8 of any other code point
 * but those below.  Escaped, each byte as \xNN (two lower-case hex digits,
 * the form libsmartcols uses):
 *   - bytes that do not begin a valid UTF-8 sequence (invalid, overlong,
 *     truncated, surrogates, beyond U+10FFFF): that byte alone;
 *   - C0 controls, DEL and C1 controls (U+0000-001F, U+007F-009F);
 *   - the line and paragraph separators U+2028, U+2029;
 *   - Unicode's default-ignorable code points, which are drawn as
 *     nothing: the bidirectional controls (U+061C, U+200E, U+200F,
 *     U+202A-202E, U+2066-2069), the zero-width characters (U+200B-200D,
 *     U+2060-2064, U+FEFF), U+00AD, U+034F, U+115F, U+1160, U+17B4,
 *     U+17B5, U+180B-180F, U+206A-206F, U+3164, U+FE00-FE0F, U+FFA0,
 *     U+FFF0-FFF8, U+1BCA0-1BCA3, U+1D173-1D17A, U+E0000-E0FFF; and the
 *     interlinear annotation controls U+FFF9-FFFB;
 *   - non-characters (U+FDD0-FDEF, U+nFFFE, U+nFFFF);
 *   - a backslash followed by 'x' (as \x5c), so that every "\x" of the
 *     result starts an escape;
 *   - with NSI_TEXT_LOCALE, also what the terminal's locale (LC_CTYPE)
 *     cannot show: in a locale whose character set is not UTF-8 every
 *     byte but ASCII, in a UTF-8 one the characters iswprint(3) rejects
 *     or whose wcwidth(3) is -1 (unassigned code points, for example).
 *
 * JSON output does not use it: json-c escapes for JSON, and scripts need
 * the exact text.
 */
#ifndef NSI_TEXTSAFE_H
#define NSI_TEXTSAFE_H

#include <stddef.h>

/* Flags of nsi_text_next() and nsi_text_escape(). */
enum {
	NSI_TEXT_LOCALE = 1 << 0,	/* for a terminal of the current locale */
};

/**
 * nsi_text_next() - how the next character of untrusted text is shown.
 * @s:   text, not at its end (*@s != '\0').
 * @len: set to the length in bytes of that character: 1 to 4 for valid
 *       UTF-8, 1 for a byte that does not begin a valid sequence.
 * @flags: 0 (UTF-8 output whatever the locale, as Graphviz's) or
 *       NSI_TEXT_LOCALE.
 *
 * Callers that escape write each of the @len bytes as \xNN.  With
 * NSI_TEXT_LOCALE, a character shown is one mbrtowc(3) decodes in @len
 * bytes and wcwidth(3) gives a width of 0 or more.
 *
 * Return: 1 when the character may be shown as it is, 0 when it must be
 * escaped.
 */
int nsi_text_next(const char *s, size_t *len, unsigned int flags);

/**
 * nsi_text_escape() - a copy of untrusted text with every character
 * nsi_text_next() rejects written as \xNN per byte.
 * @s: NUL-terminated text.
 * @flags: as for nsi_text_next().
 *
 * Return: a malloc'd string owned by the caller, or NULL (ENOMEM).
 */
char *nsi_text_escape(const char *s, unsigned int flags);

#endif /* NSI_TEXTSAFE_H */
