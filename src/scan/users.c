/*
 * users.c - user names of UIDs, looked up once per UID (getpwuid_r(3)
 * reads the password database, and a scan meets the same few UIDs
 * thousands of times).
 */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "users.h"

struct user {
	uid_t uid;
	char *name;
};

/* An open-addressing table; UIDs are few, so it rarely grows. */
static struct user *users;
static size_t nusers, users_size;

static size_t uid_slot(uid_t uid)
{
	size_t i = ((size_t)uid * 2654435761u) & (users_size - 1);

	while (users[i].name && users[i].uid != uid)
		i = (i + 1) & (users_size - 1);
	return i;
}

static int users_grow(void)
{
	struct user *old = users;
	size_t old_size = users_size, i;

	users_size = users_size ? users_size * 2 : 64;
	users = calloc(users_size, sizeof(*users));
	if (!users) {
		users = old;
		users_size = old_size;
		return -ENOMEM;
	}
	for (i = 0; i < old_size; i++)
		if (old[i].name)
			users[uid_slot(old[i].uid)] = old[i];
	free(old);
	return 0;
}

const char *nsi_user_name(uid_t uid)
{
	struct passwd pw, *res = NULL;
	char buf[1024], *name;
	size_t i;

	if (users_size) {
		i = uid_slot(uid);
		if (users[i].name)
			return users[i].name;
	}
	if ((nusers + 1) * 2 > users_size && users_grow() < 0)
		return NULL;
	if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res)
		name = strdup(res->pw_name);
	else if (asprintf(&name, "%u", (unsigned int)uid) < 0)
		name = NULL;
	if (!name)
		return NULL;
	i = uid_slot(uid);
	users[i].uid = uid;
	users[i].name = name;
	nusers++;
	return name;
}

void nsi_user_names_release(void)
{
	size_t i;

	for (i = 0; i < users_size; i++)
		free(users[i].name);
	free(users);
	users = NULL;
	nusers = users_size = 0;
}
