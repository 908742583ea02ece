/* bench-startup.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up time: Versus opening the sample project against the smallest libadwaita
 * application (bench-startup-bare), in the same run and on the same display. Starts its own
 * Xvfb and session bus, then launches each program RUNS times, alternating, with the cairo
 * renderer and a fresh home each time (memory settings backend), and measures from exec to the
 * first frame drawn: each program writes the monotonic time of its frame clock's first
 * "after-paint" into the file VERSUS_BENCH_FIRST_FRAME names. One warm-up launch of each is
 * not counted (it fills the page cache). The medians are compared; the last line is JSON:
 * {"versus_ms", "bare_ms", "ratio", "runs", "versus_all_ms", "bare_all_ms", "versus_cpu_ms",
 * "bare_cpu_ms", "cpu_ratio"} — the CPU time each process had used by its first frame (all
 * threads, read from /proc at the moment the frame is reported) changes less than wall time
 * on a machine that is busy with other work.
 *
 * usage: bench-startup VERSUS BARE SAMPLE.versus SCHEMA_DIR [RUNS]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>

#define TIMEOUT_US (60 * G_USEC_PER_SEC)

/* Spawns @argv with stdout on a pipe and returns its first line (the display number, the
 * bus address). */
static char *
spawn_and_read_line (const char * const *argv,
                     GPid               *pid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GDataInputStream) data = NULL;
  int out_fd = -1;
  char *line;

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                   G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, pid, NULL, &out_fd, NULL, &error))
    g_error ("could not start %s: %s", argv[0], error->message);
  raw = g_unix_input_stream_new (out_fd, TRUE);
  data = g_data_input_stream_new (raw);
  line = g_data_input_stream_read_line (data, NULL, NULL, &error);
  if (line == NULL)
    g_error ("%s said nothing: %s", argv[0], error ? error->message : "end of output");
  return g_strchomp (line);
}

static void
stop (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

typedef struct
{
  const char *display;
  const char *bus;
  const char *schema_dir;
  const char *sample;
} Env;

/* CPU time (user + system, all threads) @pid has used so far, in ms; -1 when unknown. */
static double
cpu_ms (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  /* After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15. */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1000.0 /
         sysconf (_SC_CLK_TCK);
}

/* One launch: milliseconds from exec to the first frame (and the CPU time used by then in
 * @cpu, which a busy machine changes less than the wall time). */
static double
launch (const Env  *env,
        const char *program,
        gboolean    with_project,
        double     *cpu)
{
  g_autofree char *home = g_dir_make_tmp ("versus-bench-startup-XXXXXX", NULL);
  g_autofree char *stamp = g_build_filename (home, "first-frame", NULL);
  g_autofree char *project = g_build_filename (home, "Support tickets.versus", NULL);
  g_autofree char *config = g_build_filename (home, ".config", NULL);
  g_autofree char *data = g_build_filename (home, ".local", "share", NULL);
  g_autofree char *cache = g_build_filename (home, ".cache", NULL);
  g_autofree char *runtime = g_build_filename (home, "run", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  const char *argv[] = { program, with_project ? project : NULL, NULL };
  g_autofree char *contents = NULL;
  gint64 start, frame = 0;
  GPid pid;

  if (with_project)
    {
      g_autoptr(GFile) from = g_file_new_for_path (env->sample);
      g_autoptr(GFile) to = g_file_new_for_path (project);

      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        g_error ("could not copy the sample: %s", error->message);
    }
  g_mkdir_with_parents (runtime, 0700);
  envp = g_environ_setenv (envp, "DISPLAY", env->display, TRUE);
  envp = g_environ_setenv (envp, "DBUS_SESSION_BUS_ADDRESS", env->bus, TRUE);
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", env->schema_dir, TRUE);
  envp = g_environ_setenv (envp, "GDK_DEBUG", "no-portals", TRUE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", cache, TRUE);
  envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  envp = g_environ_setenv (envp, "VERSUS_BENCH_FIRST_FRAME", stamp, TRUE);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");

  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, envp,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                        G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("could not start %s: %s", program, error->message);

  while (g_get_monotonic_time () - start < TIMEOUT_US)
    {
      if (g_file_get_contents (stamp, &contents, NULL, NULL) && strchr (contents, '\n') != NULL)
        {
          frame = g_ascii_strtoll (contents, NULL, 10);
          if (cpu != NULL)
            *cpu = cpu_ms (pid);
          break;
        }
      g_clear_pointer (&contents, g_free);
      g_usleep (1000);
    }
  stop (pid);

  {
    const char *rm[] = { "rm", "-rf", home, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  if (frame == 0)
    g_error ("%s drew no frame within %d s", program, (int) (TIMEOUT_US / G_USEC_PER_SEC));
  return (frame - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);

  g_array_sort (sorted, compare_doubles);
  if (sorted->len % 2 == 1)
    return g_array_index (sorted, double, sorted->len / 2);
  return (g_array_index (sorted, double, sorted->len / 2 - 1) +
          g_array_index (sorted, double, sorted->len / 2)) / 2;
}

static char *
list_json (GArray *values)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < values->len; i++)
    g_string_append_printf (out, "%s%.1f", i ? ", " : "", g_array_index (values, double, i));
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *xvfb_argv[] = { "Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24",
                              "-nolisten", "tcp", "-noreset", NULL };
  const char *bus_argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr(GArray) versus = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) versus_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *display_number = NULL;
  g_autofree char *display = NULL;
  g_autofree char *bus = NULL;
  g_autofree char *versus_list = NULL;
  g_autofree char *bare_list = NULL;
  int runs = argc > 5 ? atoi (argv[5]) : 7;
  GPid xvfb, bus_pid;
  Env env;
  double versus_ms, bare_ms;

  if (argc < 5 || runs < 1)
    {
      fprintf (stderr, "usage: %s VERSUS BARE SAMPLE.versus SCHEMA_DIR [RUNS]\n", argv[0]);
      return 2;
    }

  display_number = spawn_and_read_line (xvfb_argv, &xvfb);
  display = g_strdup_printf (":%s", display_number);
  bus = spawn_and_read_line (bus_argv, &bus_pid);
  env = (Env) { display, bus, argv[4], argv[3] };

  printf ("# Xvfb %s, cairo renderer, %d runs each after one warm-up\n", display, runs);
  launch (&env, argv[1], TRUE, NULL);
  launch (&env, argv[2], FALSE, NULL);
  for (int i = 0; i < runs; i++)
    {
      double v_cpu = -1, b_cpu = -1;
      double v = launch (&env, argv[1], TRUE, &v_cpu);
      double b = launch (&env, argv[2], FALSE, &b_cpu);

      g_array_append_val (versus, v);
      g_array_append_val (bare, b);
      g_array_append_val (versus_cpu, v_cpu);
      g_array_append_val (bare_cpu, b_cpu);
      printf ("run %d: versus %.1f ms (CPU %.0f ms), bare %.1f ms (CPU %.0f ms)\n", i + 1, v,
              v_cpu, b, b_cpu);
      fflush (stdout);
    }

  stop (bus_pid);
  stop (xvfb);

  versus_ms = median (versus);
  bare_ms = median (bare);
  versus_list = list_json (versus);
  bare_list = list_json (bare);
  printf ("{\"versus_ms\": %.1f, \"bare_ms\": %.1f, \"ratio\": %.2f, \"runs\": %d, "
          "\"versus_all_ms\": %s, \"bare_all_ms\": %s, \"versus_cpu_ms\": %.0f, "
          "\"bare_cpu_ms\": %.0f, \"cpu_ratio\": %.2f}\n",
          versus_ms, bare_ms, versus_ms / bare_ms, runs, versus_list, bare_list,
          median (versus_cpu), median (bare_cpu), median (versus_cpu) / median (bare_cpu));
  return 0;
}
