/* vs-thread.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On Linux a thread's nice value is its own (setpriority on the thread id); raising it needs
 * no privilege, lowering it back to where it was may (without CAP_SYS_NICE a thread can only
 * go back down to its RLIMIT_NICE) — a failure there is harmless and ignored.
 */
#include "config.h"

#include <errno.h>

#include "vs-thread.h"

#ifdef __linux__
# include <sys/resource.h>
# include <sys/syscall.h>
# include <unistd.h>
#endif

int
vs_thread_lower_priority (int nice)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int old;

  errno = 0;
  old = getpriority (PRIO_PROCESS, (id_t) tid);
  if (errno != 0)
    return 0;
  setpriority (PRIO_PROCESS, (id_t) tid, MIN (old + nice, 19));
  return old;
#else
  return 0;
#endif
}

void
vs_thread_set_nice (int nice)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);

  setpriority (PRIO_PROCESS, (id_t) tid, nice);
#endif
}
