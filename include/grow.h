/*
 * grow.h - the one array-growth helper of nsinspect: realloc(3) by
 * doubling, with the multiplications checked for overflow.  libc only.
 */
#ifndef NSI_GROW_H
#define NSI_GROW_H

#include <stddef.h>

/**
 * nsi_grow() - make room for at least @need elements in an array.
 * @arrp:  the address of the array's pointer (e.g. &m->procs; NULL
 *         when nothing is allocated yet); set to the new array.
 * @alloc: the number of elements allocated; updated.
 * @need:  the number of elements the array must hold.
 * @elem:  the size of one element in bytes.
 *
 * Nothing is done when @need <= *@alloc.  Else the room doubles from
 * *@alloc (8 when 0) until it holds @need: appending n elements one by
 * one costs O(n) in all.  The elements are kept; the new ones are not
 * initialised.
 *
 * Return: 0, or -ENOMEM (the allocation failed or its size overflows
 * size_t; then *@arrp and *@alloc are unchanged).
 */
int nsi_grow(void *arrp, size_t *alloc, size_t need, size_t elem);

#endif /* NSI_GROW_H */
