/*
 * grow.c - array growth by doubling (grow.h).
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

int nsi_grow(void *arrp, size_t *alloc, size_t need, size_t elem)
{
	size_t n = *alloc ? *alloc : 8;
	void *arr;

	if (need <= *alloc)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -ENOMEM;
		n *= 2;
	}
	if (elem && n > SIZE_MAX / elem)
		return -ENOMEM;
	/* @arrp points to a pointer of any object type: copied, not cast */
	memcpy(&arr, arrp, sizeof(arr));
	arr = realloc(arr, n * elem);
	if (!arr)
		return -ENOMEM;
	memcpy(arrp, &arr, sizeof(arr));
	*alloc = n;
	return 0;
}
