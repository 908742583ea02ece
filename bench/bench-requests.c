/* bench-requests.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Request engine throughput against versus-fake-llm (zero latency) at concurrency 8: requests
 * per second, client CPU per request and connections opened; then wrk drives the same server
 * with the same POST and the same number of connections, as the ceiling, and our throughput is
 * printed as a fraction of it. Fails when wrk did not run.
 *
 * usage: bench-requests VERSUS-FAKE-LLM WRK-SCRIPT.lua [REQUESTS]
 * Three rounds, each running the engine, a bare SoupSession and wrk; medians are compared.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "vs-request-engine.h"

#define CONCURRENCY 8
#define ROUNDS      3

typedef struct
{
  VsRequestEngine *engine;
  guint            to_send;
  guint            sent;
  guint            done;
  guint            failed;
  GError          *first_error;
} Run;

static void submit (Run *run);

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VsChatResponse) response =
    vs_request_engine_chat_finish (VS_REQUEST_ENGINE (source), result, &error);

  run->done++;
  if (error != NULL)
    {
      run->failed++;
      if (run->first_error == NULL)
        run->first_error = g_steal_pointer (&error);
    }
  if (run->sent < run->to_send)
    submit (run);
}

static void
submit (Run *run)
{
  g_autoptr(VsChatRequest) request = vs_chat_request_new ("fake-small");

  vs_chat_request_add_message (request, "user", "Say hello to the benchmark");
  vs_chat_request_set_cache_mode (request, VS_CACHE_MODE_OFF);
  run->sent++;
  vs_request_engine_chat_async (run->engine, request, NULL, on_done, run);
}

/* Keeps twice the limit queued so a slot never waits for the next submission. */
static void
run_requests (Run   *run,
              guint  n)
{
  run->to_send = n;
  run->sent = run->done = run->failed = 0;
  for (guint i = 0; i < 2 * CONCURRENCY && run->sent < n; i++)
    submit (run);
  while (run->done < n)
    g_main_context_iteration (NULL, TRUE);
}

/* The same requests through a bare SoupSession (same limits and flags, no engine), to show
 * what the engine itself costs. */
typedef struct
{
  SoupSession *session;
  char        *url;
  guint        to_send;
  guint        sent;
  guint        done;
} RawRun;

static void raw_submit (RawRun *run);

static void
raw_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  RawRun *run = data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                              NULL);

  run->done++;
  if (run->sent < run->to_send)
    raw_submit (run);
}

static void
raw_submit (RawRun *run)
{
  static const char body[] =
    "{\"model\":\"fake-small\",\"messages\":[{\"role\":\"user\",\"content\":"
    "\"Say hello to the benchmark\"}],\"stream\":false}";
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", run->url);
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, sizeof body - 1);

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  run->sent++;
  soup_session_send_and_read_async (run->session, msg, G_PRIORITY_DEFAULT, NULL, raw_done, run);
}

static double cpu_seconds (void);

static double
run_raw (const char *base,
         guint       n,
         double     *cpu_out)
{
  RawRun run = { 0 };
  double t0;

  run.session = soup_session_new_with_options ("max-conns", CONCURRENCY,
                                               "max-conns-per-host", CONCURRENCY, NULL);
  run.url = g_strconcat (base, "/v1/chat/completions", NULL);
  run.to_send = n;
  for (guint i = 0; i < 2 * CONCURRENCY && run.sent < n; i++)
    raw_submit (&run);
  t0 = g_get_monotonic_time () / 1e6;
  *cpu_out -= cpu_seconds ();
  while (run.done < n)
    g_main_context_iteration (NULL, TRUE);
  *cpu_out += cpu_seconds ();
  t0 = g_get_monotonic_time () / 1e6 - t0;
  g_object_unref (run.session);
  g_free (run.url);
  return n / t0;
}

static double
median3 (const double *v)
{
  double a = v[0], b = v[1], c = v[2];

  if ((a <= b && b <= c) || (c <= b && b <= a))
    return b;
  if ((b <= a && a <= c) || (c <= a && a <= b))
    return a;
  return c;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* CPU seconds used so far by process @pid (user + system). */
static double
process_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  after = strrchr (text, ')');
  if (after == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 15)
    return -1;
  /* After "(comm) ": state is field 0, utime 11, stime 12 (in clock ticks). */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static char *
http_get (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  if (body == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static gint64
stats_member (const char *base,
              const char *member)
{
  g_autofree char *url = g_strconcat (base, "/_stats", NULL);
  g_autofree char *text = http_get (url);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return -1;
  return json_object_get_int_member_with_default (
    json_node_get_object (json_parser_get_root (parser)), member, -1);
}

static double
run_wrk (const char *script,
         const char *url,
         double     *latency_out)
{
  g_autofree char *target = g_strconcat (url, "/v1/chat/completions", NULL);
  g_autofree char *c = g_strdup_printf ("%d", CONCURRENCY);
  const char *argv[] = { "wrk", "-t2", "-c", c, "-d2s", "-s", script, target, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *line;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    {
      fprintf (stderr, "bench-requests: wrk did not run: %s (Debian package wrk)\n",
               error->message);
      return -1;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-requests: wrk failed: %s\n%s", error->message, err);
      return -1;
    }
  line = strstr (out, "Requests/sec:");
  if (line == NULL)
    {
      fprintf (stderr, "bench-requests: no Requests/sec in wrk's output:\n%s", out);
      return -1;
    }
  if (strstr (out, "Non-2xx") != NULL || strstr (out, "Socket errors") != NULL)
    fprintf (stderr, "bench-requests: wrk saw errors:\n%s", out);
  *latency_out = 0;
  return g_ascii_strtod (line + strlen ("Requests/sec:"), NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VsEndpoint) endpoint = NULL;
  g_autofree char *url = NULL;
  const char *fake_argv[] = { NULL, "--port", "0", NULL };
  GPid pid;
  int out_fd;
  char buf[256];
  ssize_t n;
  guint requests = 20000;
  Run run = { 0 };
  double cpu0, cpu1, t0, t1, rps, cpu_ms, wrk_latency;
  double engine_rps[ROUNDS], raw_rps[ROUNDS], wrk_rps[ROUNDS];
  double engine_cpu = 0, server_cpu = 0, engine_time = 0, wrk, raw, raw_cpu = 0;
  guint per_round;
  gint64 server_connections, connections_before;
  guint64 engine_connections;
  gboolean ok = TRUE;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-requests VERSUS-FAKE-LLM WRK-SCRIPT.lua [REQUESTS]\n");
      return 2;
    }
  if (argc > 3)
    requests = (guint) g_ascii_strtoull (argv[3], NULL, 10);

  fake_argv[0] = argv[1];
  if (!g_spawn_async_with_pipes (NULL, (char **) fake_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      fprintf (stderr, "bench-requests: cannot start %s: %s\n", argv[1], error->message);
      return 1;
    }
  n = read (out_fd, buf, sizeof buf - 1);
  if (n <= 0)
    {
      fprintf (stderr, "bench-requests: versus-fake-llm printed no URL\n");
      return 1;
    }
  buf[n] = '\0';
  url = g_strdup (g_strstrip (buf));
  printf ("versus-fake-llm at %s (zero latency), concurrency %d\n", url, CONCURRENCY);

  endpoint = vs_endpoint_new (VS_ENDPOINT_KIND_OPENAI, url, &error);
  g_assert_no_error (error);
  vs_endpoint_set_concurrency (endpoint, CONCURRENCY);
  run.engine = vs_request_engine_new (endpoint, NULL);

  /* Warm up (connections, allocator), then measure in rounds that interleave the engine,
   * bare libsoup and wrk, so that a busy machine affects all three alike; medians are
   * compared. */
  run_requests (&run, 1000);
  connections_before = stats_member (url, "connections");
  per_round = MAX (requests / ROUNDS, 1);
  for (guint r = 0; r < ROUNDS; r++)
    {
      double sc0 = process_cpu_seconds (pid);

      cpu0 = cpu_seconds ();
      t0 = g_get_monotonic_time () / 1e6;
      run_requests (&run, per_round);
      t1 = g_get_monotonic_time () / 1e6;
      cpu1 = cpu_seconds ();
      engine_rps[r] = per_round / (t1 - t0);
      engine_cpu += cpu1 - cpu0;
      server_cpu += process_cpu_seconds (pid) - sc0;
      engine_time += t1 - t0;

      raw_rps[r] = run_raw (url, per_round, &raw_cpu);
      wrk_rps[r] = run_wrk (argv[2], url, &wrk_latency);
      if (wrk_rps[r] <= 0)
        {
          kill (pid, SIGTERM);
          waitpid (pid, NULL, 0);
          fprintf (stderr, "bench-requests: the anchor (wrk) did not run; failing\n");
          return 1;
        }
      printf ("round %u: engine %.0f req/s, bare libsoup %.0f req/s, wrk %.0f req/s\n", r + 1,
              engine_rps[r], raw_rps[r], wrk_rps[r]);
    }
  server_connections = stats_member (url, "connections");
  engine_connections = vs_request_engine_get_n_connections (run.engine);
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);

  rps = median3 (engine_rps);
  cpu_ms = engine_cpu * 1000.0 / (per_round * ROUNDS);
  wrk = median3 (wrk_rps);
  raw = median3 (raw_rps);
  printf ("Versus request engine: %u requests, median %.0f req/s, client CPU %.3f ms/request, "
          "%u failed\n", per_round * ROUNDS, rps, cpu_ms, run.failed);
  printf ("server CPU for the engine's requests: %.3f ms/request (busy %.0f%%)\n",
          server_cpu * 1000.0 / (per_round * ROUNDS), 100.0 * server_cpu / engine_time);
  printf ("connections opened: %" G_GUINT64_FORMAT " by the engine (limit %d); the server saw %"
          G_GINT64_FORMAT " in total (wrk's and bare libsoup's included)\n",
          engine_connections, CONCURRENCY, server_connections);
  printf ("bare libsoup SoupSession (same limits, same POST): median %.0f req/s, client CPU "
          "%.3f ms/request\n", raw, raw_cpu * 1000.0 / (per_round * ROUNDS));
  printf ("wrk (2 threads, %d connections, same POST): median %.0f req/s\n", CONCURRENCY, wrk);
  printf ("Versus / wrk = %.2f (bare libsoup / wrk = %.2f)\n", rps / wrk, raw / wrk);
  if (run.first_error != NULL)
    fprintf (stderr, "first error: %s\n", run.first_error->message);
  g_clear_object (&run.engine);

  printf ("targets: >= 3000 req/s: %s; < 0.3 ms CPU/request: %s; connections <= %d: %s; "
          ">= 0.5 of wrk: %s\n",
          rps >= 3000 ? "met" : "MISSED", cpu_ms < 0.3 ? "met" : "MISSED", CONCURRENCY,
          engine_connections <= CONCURRENCY ? "met" : "MISSED",
          rps / wrk >= 0.5 ? "met" : "MISSED");
  printf ("{\"bench\":\"requests\",\"requests\":%u,\"req_per_s\":%.0f,\"cpu_ms_per_request\":%.4f,"
          "\"connections\":%" G_GUINT64_FORMAT ",\"libsoup_req_per_s\":%.0f,\"wrk_req_per_s\":%.0f,"
          "\"ratio\":%.3f}\n",
          per_round * ROUNDS, rps, cpu_ms, engine_connections, raw, wrk, rps / wrk);
  (void) connections_before;
  if (run.failed > 0)
    ok = FALSE;
  return ok ? 0 : 1;
}
