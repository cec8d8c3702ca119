/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace shim of <linux/spinlock.h>: a spinlock is a pthread mutex
 * (ThreadSanitizer knows those) that remembers its owner, so
 * lockdep_assert_held() can be checked. irqsave flags are ignored.
 */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

#include <pthread.h>

#include <linux/atomic.h>
#include <linux/bug.h>

typedef struct {
	pthread_mutex_t mutex;
	pthread_t owner;
	bool held;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *lock)
{
	pthread_mutex_init(&lock->mutex, NULL);
	lock->held = false;
}

static inline void spin_lock(spinlock_t *lock)
{
	pthread_mutex_lock(&lock->mutex);
	lock->owner = pthread_self();
	lock->held = true;
}

static inline void spin_unlock(spinlock_t *lock)
{
	lock->held = false;
	pthread_mutex_unlock(&lock->mutex);
}

#define spin_lock_irqsave(lock, flags) \
	do {                           \
		(flags) = 0;           \
		spin_lock(lock);       \
	} while (0)
#define spin_unlock_irqrestore(lock, flags) \
	do {                                \
		(void)(flags);              \
		spin_unlock(lock);          \
	} while (0)

/* Only meaningful from the thread that may hold it */
#define lockdep_assert_held(lock) \
	WARN_ON(!(lock)->held || !pthread_equal((lock)->owner, pthread_self()))

#endif
