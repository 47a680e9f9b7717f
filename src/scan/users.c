/*
 * users.c - user names of UIDs, looked up once per UID (getpwuid_r(3)
 * reads the password database, and a scan meets the same few UIDs
 * thousands of times).
 */
#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashmap.h"
#include "users.h"

/* UID -> its name (owned); UIDs are few, so it rarely grows. */
static struct nsi_hmap users;

const char *nsi_user_name(uid_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024], *name = nsi_hmap_get(&users, nsi_hkey_u64(uid));

	if (name)
		return name;
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		name = strdup(res->pw_name);
	else if (asprintf(&name, "%u", (unsigned int)uid) < 0)
		name = NULL;
	if (!name)
		return NULL;
	if (nsi_hmap_add(&users, nsi_hkey_u64(uid), name) < 0) {
		free(name);
		return NULL;
	}
	return name;
}
