/*
 * render-json.c - JSON through json-c.  The only file that includes
 * <json-c/json.h>.  json-c does every bit of escaping: untrusted strings
 * from /proc always come out as valid JSON strings.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "render.h"

/* {"mask": "0x000001ffffffffff", "names": ["cap_chown", ...]} */
static struct json_object *capset_json(uint64_t mask)
{
	struct json_object *obj, *arr;
	char hex[19], **names;
	int n, i;

	n = nsi_cap_names(mask, &names);
	if (n < 0)
		return NULL;
	obj = json_object_new_object();
	arr = json_object_new_array_ext(n);
	snprintf(hex, sizeof(hex), "0x%016" PRIx64, mask);
	if (!obj || !arr)
		goto fail;
	for (i = 0; i < n; i++)
		if (json_object_array_add(arr,
				json_object_new_string(names[i])) < 0)
			goto fail;
	if (json_object_object_add(obj, "mask", json_object_new_string(hex)) < 0)
		goto fail;
	if (json_object_object_add(obj, "names", arr) < 0) {
		arr = NULL;
		goto fail;
	}
	nsi_cap_names_free(names, (size_t)n);
	return obj;
fail:
	nsi_cap_names_free(names, (size_t)n);
	json_object_put(arr);
	json_object_put(obj);
	return NULL;
}

/* The JSON value of a cell; *val is NULL for JSON null. */
static int cell_json(const struct nsi_cell *c, struct json_object **val)
{
	size_t i;

	*val = NULL;
	switch (c->kind) {
	case NSI_CELL_NONE:
		return 0;
	case NSI_CELL_STR:
		*val = json_object_new_string(c->str);
		break;
	case NSI_CELL_NUM:
		*val = json_object_new_int64(c->num);
		break;
	case NSI_CELL_BOOL:
		*val = json_object_new_boolean(c->num != 0);
		break;
	case NSI_CELL_STRV:
	case NSI_CELL_NUMV:
		*val = json_object_new_array_ext((int)c->nv);
		for (i = 0; *val && i < c->nv; i++) {
			struct json_object *e = c->kind == NSI_CELL_STRV ?
				json_object_new_string(c->strv[i]) :
				json_object_new_int64(c->numv[i]);

			if (json_object_array_add(*val, e) < 0) {
				json_object_put(e);
				json_object_put(*val);
				*val = NULL;
			}
		}
		break;
	case NSI_CELL_CAPSET:
		*val = capset_json(c->mask);
		break;
	}
	return *val ? 0 : -ENOMEM;
}

/* JSON keys are the column names in lower case, as lsns(8) does. */
static void json_key(const char *name, char *key, size_t size)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < size; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	key[i] = '\0';
}

static struct json_object *row_json(const struct nsi_output *o,
				    const void *row)
{
	const struct nsi_column *cols;
	struct json_object *obj = json_object_new_object();
	size_t n, i;

	if (!obj)
		return NULL;
	cols = nsi_columns(o->view, &n);
	for (i = 0; i < o->ncols; i++) {
		struct json_object *val = NULL;
		struct nsi_cell c;
		char key[32];
		int rc;

		rc = nsi_cell_get(o->view, row, o->cols[i], &c);
		if (rc == 0)
			rc = cell_json(&c, &val);
		nsi_cell_release(&c);
		json_key(cols[o->cols[i]].name, key, sizeof(key));
		if (rc < 0 || json_object_object_add(obj, key, val) < 0) {
			json_object_put(obj);
			return NULL;
		}
	}
	return obj;
}

int nsi_render_json(FILE *out, const struct nsi_output *o)
{
	struct json_object *top, *arr;
	const char *text;
	size_t r;
	int rc = -ENOMEM;

	top = json_object_new_object();
	arr = json_object_new_array_ext((int)o->nrows);
	if (!top || !arr) {
		json_object_put(arr);
		goto out;
	}
	if (json_object_object_add(top, o->json_key, arr) < 0) {
		json_object_put(arr);
		goto out;
	}
	for (r = 0; r < o->nrows; r++) {
		struct json_object *row = row_json(o, o->rows[r]);

		if (!row)
			goto out;
		if (json_object_array_add(arr, row) < 0) {
			json_object_put(row);
			goto out;
		}
	}
	text = json_object_to_json_string_ext(top, JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		goto out;
	rc = fputs(text, out) < 0 || fputc('\n', out) < 0 ? -errno : 0;
out:
	json_object_put(top);
	return rc;
}
