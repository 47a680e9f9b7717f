/*
 * users.h - user names of UIDs, cached (users.c).
 */
#ifndef NSI_USERS_H
#define NSI_USERS_H

#include <sys/types.h>

/**
 * nsi_user_name() - the user name of a UID, from the password database
 * (getpwuid_r(3)), looked up once per UID and kept (users.c).
 * @uid: the UID.
 *
 * Return: the name, or the UID as decimal text when it has none; owned by
 * the cache (valid for the rest of the run); NULL with errno
 * ENOMEM.  Not thread-safe.
 */
const char *nsi_user_name(uid_t uid);


#endif /* NSI_USERS_H */
