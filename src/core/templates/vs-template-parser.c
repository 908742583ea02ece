/* vs-template-parser.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pass over the source builds the token list (for highlighting), a small tree of text,
 * variable and section nodes (for rendering) and the syntax problems, recovering after each
 * so that an editor can show them all at once. The syntax is described in the header.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vs-json.h"
#include "vs-template-parser.h"

#define MAX_DEPTH 64
/* 16 MiB: four times the text of the largest context windows; more is never a prompt, and
 * building it costs hundreds of milliseconds under sanitizers. */
#define MAX_OUTPUT (16 * 1024 * 1024)
/* Render work: one unit per node visited plus one per context frame and name segment a
 * lookup walks. Sections nested over a list multiply (twenty {{#l}} over three items would be
 * 3^20 visits). 250,000 units take ~10 ms, ~60 ms under ASan and libFuzzer's coverage, and
 * are still far more than a prompt needs (1,000 items × 10 fields is ~40,000). */
#define MAX_WORK (250 * 1000)

/* ------------------------------------------------------------------------------------------ */
/* Errors that carry their problems                                                            */

typedef struct
{
  GPtrArray *problems;
} VsTemplateErrorPrivate;

static void
vs_template_error_private_init (VsTemplateErrorPrivate *priv)
{
  priv->problems = NULL;
}

static void
vs_template_error_private_copy (const VsTemplateErrorPrivate *src,
                                VsTemplateErrorPrivate       *dest)
{
  dest->problems = NULL;
  if (src->problems != NULL)
    {
      dest->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
      for (guint i = 0; i < src->problems->len; i++)
        g_ptr_array_add (dest->problems, vs_template_problem_copy (src->problems->pdata[i]));
    }
}

static void
vs_template_error_private_clear (VsTemplateErrorPrivate *priv)
{
  g_clear_pointer (&priv->problems, g_ptr_array_unref);
}

G_DEFINE_EXTENDED_ERROR (VsTemplateError, vs_template_error)

G_DEFINE_BOXED_TYPE (VsTemplateProblem, vs_template_problem, vs_template_problem_copy,
                     vs_template_problem_free)

VsTemplateProblem *
vs_template_problem_copy (const VsTemplateProblem *problem)
{
  VsTemplateProblem *copy;

  g_return_val_if_fail (problem != NULL, NULL);

  copy = g_new0 (VsTemplateProblem, 1);
  *copy = *problem;
  copy->where = g_strdup (problem->where);
  copy->what = g_strdup (problem->what);
  copy->name = g_strdup (problem->name);
  return copy;
}

void
vs_template_problem_free (VsTemplateProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->where);
  g_free (problem->what);
  g_free (problem->name);
  g_free (problem);
}

char *
vs_template_problem_to_string (const VsTemplateProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return g_strdup_printf ("%s%s%u:%u: %s%s%s",
                          problem->where ? problem->where : "", problem->where ? " " : "",
                          problem->line, problem->column, problem->what,
                          problem->no_value ? " " : ": ", problem->name);
}

void
vs_template_set_error_from_problems (GError    **error,
                                     GPtrArray  *problems)
{
  g_autoptr(GString) message = g_string_new (NULL);
  const VsTemplateProblem *first;
  GError *new_error;
  VsTemplateErrorPrivate *priv;

  g_return_if_fail (problems != NULL && problems->len > 0);

  if (error == NULL)
    return;

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = vs_template_problem_to_string (problems->pdata[i]);

      if (i > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, line);
    }

  first = problems->pdata[0];
  new_error = g_error_new_literal (VS_TEMPLATE_ERROR, first->code, message->str);
  priv = vs_template_error_get_private (new_error);
  priv->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  for (guint i = 0; i < problems->len; i++)
    g_ptr_array_add (priv->problems, vs_template_problem_copy (problems->pdata[i]));
  g_propagate_error (error, new_error);
}

GPtrArray *
vs_template_error_get_problems (const GError *error)
{
  if (error == NULL || error->domain != VS_TEMPLATE_ERROR)
    return NULL;

  return vs_template_error_get_private (error)->problems;
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                      */

char *
vs_template_format_double (double value)
{
  return vs_json_format_double (value);
}

static void
append_scalar (GString  *out,
               JsonNode *value,
               gboolean  as_json)
{
  GType type = json_node_get_value_type (value);

  if (type == G_TYPE_STRING)
    {
      if (as_json)
        vs_json_append (out, value, FALSE);
      else
        g_string_append (out, json_node_get_string (value));
    }
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (value));
  else if (type == G_TYPE_DOUBLE)
    {
      g_autofree char *s = vs_template_format_double (json_node_get_double (value));

      g_string_append (out, s);
    }
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (value) ? "true" : "false");
}

char *
vs_template_json_to_string (JsonNode *value,
                            gboolean  pretty)
{
  g_return_val_if_fail (value != NULL, NULL);

  return vs_json_to_string (value, pretty);
}

char *
vs_template_json_to_compact (JsonNode *value)
{
  return vs_template_json_to_string (value, FALSE);
}

static void
append_value (GString  *out,
              JsonNode *value)
{
  switch (JSON_NODE_TYPE (value))
    {
    case JSON_NODE_NULL:
      break;
    case JSON_NODE_VALUE:
      append_scalar (out, value, FALSE);
      break;
    default:
      vs_json_append (out, value, FALSE);
      break;
    }
}

char *
vs_template_value_to_string (JsonNode *value)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (value != NULL, NULL);

  append_value (out, value);
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing                                                                                     */

typedef enum
{
  NODE_TEXT,
  NODE_VARIABLE,
  NODE_SECTION,
  NODE_INVERTED,
} NodeKind;

typedef struct _Node Node;
struct _Node
{
  NodeKind   kind;
  char      *text;     /* NODE_TEXT: what it renders to */
  char      *name;     /* the name as written (trimmed) */
  char     **path;     /* name split at dots; NULL for "." */
  gsize      start;    /* the tag's byte range */
  gsize      end;
  GPtrArray *children; /* sections */
};

struct _VsTemplateText
{
  gatomicrefcount  ref_count;
  char            *source;
  gsize            length;
  GPtrArray       *root;     /* Node */
  GPtrArray       *problems; /* VsTemplateProblem */
  GArray          *tokens;   /* VsTemplateToken */
  GArray          *line_starts; /* gsize: byte offset of each line */
};

G_DEFINE_BOXED_TYPE (VsTemplateText, vs_template_text, vs_template_text_ref,
                     vs_template_text_unref)

static void
node_free (Node *node)
{
  g_free (node->text);
  g_free (node->name);
  g_strfreev (node->path);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_free (node);
}

/* Where the last problem was located: problems mostly come in source order, so counting
 * columns from there keeps a long single line linear. */
typedef struct
{
  gsize offset;
  guint line;   /* 0-based index into line_starts; G_MAXUINT = unset */
  guint column;
} Cursor;

typedef struct
{
  VsTemplateText *self;
  const char     *src;
  gsize           len;
  GString        *pending;   /* text not yet turned into a node */
  GPtrArray      *open;      /* open section nodes */
  gssize          next_open; /* cached position of the next "{{" / "}}"; -2 = unknown */
  gssize          next_close;
  Cursor          cursor;
} Parser;

/* Line (binary search over the line starts) and column (characters) of a byte offset. */
static void
locate (VsTemplateText *self,
        Cursor         *cursor,
        gsize           offset,
        guint          *line,
        guint          *column)
{
  gsize from;
  const gsize *starts = (const gsize *) (gpointer) self->line_starts->data;
  guint lo = 0;
  guint hi = self->line_starts->len - 1;
  guint c = 1;

  offset = MIN (offset, self->length);
  while (lo < hi)
    {
      guint mid = lo + (hi - lo + 1) / 2;

      if (starts[mid] <= offset)
        lo = mid;
      else
        hi = mid - 1;
    }
  from = starts[lo];
  if (cursor != NULL && cursor->line == lo && cursor->offset <= offset)
    {
      from = cursor->offset;
      c = cursor->column;
    }
  for (gsize i = from; i < offset; i++)
    if (((guchar) self->source[i] & 0xC0) != 0x80)
      c++;

  if (cursor != NULL)
    {
      cursor->offset = offset;
      cursor->line = lo;
      cursor->column = c;
    }
  *line = lo + 1;
  *column = c;
}

static void
add_problem (GPtrArray           *problems,
             VsTemplateText      *self,
             Cursor              *cursor,
             VsTemplateErrorCode  code,
             gsize                start,
             gsize                end,
             const char          *what,
             const char          *name)
{
  VsTemplateProblem *problem = g_new0 (VsTemplateProblem, 1);

  problem->code = code;
  problem->message_index = -1;
  problem->start = start;
  problem->end = end;
  problem->what = g_strdup (what);
  problem->name = g_strdup (name ? name : "");
  locate (self, cursor, start, &problem->line, &problem->column);
  g_ptr_array_add (problems, problem);
}

static void
parser_problem (Parser              *p,
                VsTemplateErrorCode  code,
                gsize                start,
                gsize                end,
                const char          *what,
                const char          *name)
{
  add_problem (p->self->problems, p->self, &p->cursor, code, start, end, what, name);
}

static void
add_token (Parser              *p,
           VsTemplateTokenKind  kind,
           gsize                start,
           gsize                end,
           gsize                name_start,
           gsize                name_end)
{
  VsTemplateToken token = { kind, start, end, name_start, name_end };
  GArray *tokens = p->self->tokens;

  if (start >= end)
    return;

  /* Adjacent text merges, so the editor sees one span per run. */
  if (kind == VS_TEMPLATE_TOKEN_TEXT && tokens->len > 0)
    {
      VsTemplateToken *last = &g_array_index (tokens, VsTemplateToken, tokens->len - 1);

      if (last->kind == VS_TEMPLATE_TOKEN_TEXT && last->end == start)
        {
          last->end = end;
          last->name_start = last->name_end = end;
          return;
        }
    }

  g_array_append_val (tokens, token);
}

static GPtrArray *
current_children (Parser *p)
{
  if (p->open->len == 0)
    return p->self->root;
  return ((Node *) p->open->pdata[p->open->len - 1])->children;
}

static void
flush_text (Parser *p)
{
  Node *node;

  if (p->pending->len == 0)
    return;

  node = g_new0 (Node, 1);
  node->kind = NODE_TEXT;
  node->text = g_strndup (p->pending->str, p->pending->len);
  g_ptr_array_add (current_children (p), node);
  g_string_truncate (p->pending, 0);
}

static void
add_text (Parser *p,
          gsize   start,
          gsize   end)
{
  if (start >= end)
    return;
  g_string_append_len (p->pending, p->src + start, end - start);
  add_token (p, VS_TEMPLATE_TOKEN_TEXT, start, end, end, end);
}

static gssize
find (const char *src,
      gsize       len,
      gsize       from,
      char        c)
{
  for (gsize i = from; i + 1 < len; i++)
    if (src[i] == c && src[i + 1] == c)
      return i;
  return -1;
}

/* find() for positions that only move forward, so a long text without "}}" stays linear. */
static gssize
find_forward (Parser *p,
              gsize   from,
              char    c,
              gssize *cache)
{
  if (*cache == -1)
    return -1;
  if (*cache == -2 || (gsize) *cache < from)
    *cache = find (p->src, p->len, from, c);
  return *cache;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits a dotted name; NULL (with *ok) for ".", *ok = FALSE for an empty segment. */
static char **
split_name (const char *name,
            gboolean   *ok)
{
  char **path;

  *ok = TRUE;
  if (strcmp (name, ".") == 0)
    return NULL;

  path = g_strsplit (name, ".", -1);
  for (guint i = 0; path[i] != NULL; i++)
    if (path[i][0] == '\0')
      *ok = FALSE;

  if (!*ok)
    g_clear_pointer (&path, g_strfreev);
  return path;
}

/* If the tag [open, close_end) stands alone on its line, returns TRUE and the byte where the
 * text after it resumes (past the newline), dropping the blanks before it from the pending
 * text. */
static gboolean
take_standalone (Parser *p,
                 gsize   open,
                 gsize   close_end,
                 gsize  *resume)
{
  gsize ls = open;
  gsize re = close_end;
  gsize drop;

  while (ls > 0 && is_blank (p->src[ls - 1]))
    ls--;
  if (ls > 0 && p->src[ls - 1] != '\n')
    return FALSE;

  while (re < p->len && is_blank (p->src[re]))
    re++;
  if (re < p->len)
    {
      if (p->src[re] == '\n')
        re++;
      else if (p->src[re] == '\r' && re + 1 < p->len && p->src[re + 1] == '\n')
        re += 2;
      else
        return FALSE;
    }

  drop = open - ls;
  if (drop > p->pending->len)
    return FALSE;
  g_string_truncate (p->pending, p->pending->len - drop);
  add_text (p, close_end, re);
  /* The trailing blanks and newline are lexed as text but not rendered. */
  g_string_truncate (p->pending, p->pending->len - (re - close_end));
  *resume = re;
  return TRUE;
}

static void
open_section (Parser   *p,
              NodeKind  kind,
              char     *name,
              char    **path,
              gsize     start,
              gsize     end)
{
  Node *node;

  flush_text (p);
  node = g_new0 (Node, 1);
  node->kind = kind;
  node->name = name;
  node->path = path;
  node->start = start;
  node->end = end;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  g_ptr_array_add (current_children (p), node);
  g_ptr_array_add (p->open, node);
}

static void
close_section (Parser     *p,
               const char *name,
               gsize       start,
               gsize       end)
{
  Node *top;
  guint match = G_MAXUINT;

  flush_text (p);

  if (p->open->len == 0)
    {
      parser_problem (p, VS_TEMPLATE_ERROR_MISMATCHED_CLOSE, start, end,
                      _("section close without an open section"), name);
      return;
    }

  top = p->open->pdata[p->open->len - 1];
  if (strcmp (top->name, name) == 0)
    {
      g_ptr_array_set_size (p->open, p->open->len - 1);
      return;
    }

  for (guint i = p->open->len; i > 0; i--)
    if (strcmp (((Node *) p->open->pdata[i - 1])->name, name) == 0)
      {
        match = i - 1;
        break;
      }

  if (match != G_MAXUINT)
    {
      /* Closes an outer section: the inner ones were never closed. */
      for (guint i = p->open->len; i > match + 1; i--)
        {
          Node *inner = p->open->pdata[i - 1];

          parser_problem (p, VS_TEMPLATE_ERROR_UNCLOSED_SECTION, inner->start, inner->end,
                          _("unclosed section"), inner->name);
        }
      g_ptr_array_set_size (p->open, match);
    }
  else
    {
      /* Most likely a typo in the close tag: report it and treat it as closing the top. */
      /* Translators: {{/%s}} is template syntax, %s the name of the open section; keep both. */
      g_autofree char *what = g_strdup_printf (_("mismatched section close, expected {{/%s}}"),
                                               top->name);

      parser_problem (p, VS_TEMPLATE_ERROR_MISMATCHED_CLOSE, start, end, what, name);
      g_ptr_array_set_size (p->open, p->open->len - 1);
    }
}

/* The first word after "{{", for naming an unclosed tag. */
static char *
unclosed_name (Parser *p,
               gsize   from)
{
  gsize i = from;
  gsize start;

  while (i < p->len && is_blank (p->src[i]))
    i++;
  start = i;
  while (i < p->len && !is_space (p->src[i]) && p->src[i] != '{' && p->src[i] != '}' &&
         i - start < 64)
    i++;
  return g_utf8_make_valid (p->src + start, i - start);
}

static gint
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const VsTemplateProblem *pa = *(const VsTemplateProblem **) a;
  const VsTemplateProblem *pb = *(const VsTemplateProblem **) b;

  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  return 0;
}

static void
parse (Parser *p)
{
  gsize pos = 0;

  for (;;)
    {
      gssize found = find (p->src, p->len, pos, '{');
      gsize open, content, close, close_end, name_start, name_end, nb = 0, resume;
      gssize inner;
      char sigil = 0;
      VsTemplateTokenKind kind;
      g_autofree char *name = NULL;
      char **path = NULL;
      gboolean ok;

      if (found < 0)
        {
          add_text (p, pos, p->len);
          break;
        }
      open = found;

      /* Backslashes right before "{{": pairs are one backslash each, an odd one escapes. */
      while (open - nb > pos && p->src[open - nb - 1] == '\\')
        nb++;
      if (nb > 0)
        {
          add_text (p, pos, open - nb);
          for (gsize i = 0; i < nb / 2; i++)
            g_string_append_c (p->pending, '\\');
          if (nb % 2 == 1)
            {
              g_string_append (p->pending, "{{");
              add_token (p, VS_TEMPLATE_TOKEN_ESCAPE, open - nb, open + 2, open + 2, open + 2);
              pos = open + 2;
              continue;
            }
          add_token (p, VS_TEMPLATE_TOKEN_ESCAPE, open - nb, open, open, open);
          pos = open;
        }

      /* In a run of braces only the last two open the tag. */
      while (open + 2 < p->len && p->src[open + 2] == '{')
        open++;
      add_text (p, pos, open);

      content = open + 2;
      name_start = content;
      while (name_start < p->len && is_space (p->src[name_start]))
        name_start++;
      if (name_start < p->len && strchr ("#^/!&>=", p->src[name_start]) != NULL &&
          p->src[name_start] != '\0')
        {
          sigil = p->src[name_start];
          name_start++;
        }

      found = find_forward (p, content, '}', &p->next_close);
      inner = sigil == '!' ? -1 : find_forward (p, content, '{', &p->next_open);
      if (found < 0 || (inner >= 0 && inner < found))
        {
          g_autofree char *word = unclosed_name (p, content);

          parser_problem (p, VS_TEMPLATE_ERROR_UNCLOSED_TAG, open, open + 2, _("unclosed tag"),
                          word);
          add_token (p, VS_TEMPLATE_TOKEN_ERROR, open, open + 2, open + 2, open + 2);
          g_string_append (p->pending, "{{");
          pos = open + 2;
          continue;
        }
      close = found;
      close_end = close + 2;

      if (sigil == '!')
        {
          add_token (p, VS_TEMPLATE_TOKEN_COMMENT, open, close_end, close_end, close_end);
          if (!take_standalone (p, open, close_end, &resume))
            resume = close_end;
          pos = resume;
          continue;
        }

      while (name_start < close && is_space (p->src[name_start]))
        name_start++;
      name_end = close;
      while (name_end > name_start && is_space (p->src[name_end - 1]))
        name_end--;
      name = g_strndup (p->src + name_start, name_end - name_start);

      if (memchr (name, '\n', name_end - name_start) != NULL ||
          strlen (name) != name_end - name_start)
        {
          /* A name over several lines is a "{{" whose "}}" was forgotten. */
          g_autofree char *word = unclosed_name (p, content);

          parser_problem (p, VS_TEMPLATE_ERROR_UNCLOSED_TAG, open, open + 2, _("unclosed tag"),
                          word);
          add_token (p, VS_TEMPLATE_TOKEN_ERROR, open, open + 2, open + 2, open + 2);
          g_string_append (p->pending, "{{");
          pos = open + 2;
          continue;
        }

      switch (sigil)
        {
        case '#': kind = VS_TEMPLATE_TOKEN_SECTION; break;
        case '^': kind = VS_TEMPLATE_TOKEN_INVERTED; break;
        case '/': kind = VS_TEMPLATE_TOKEN_CLOSE; break;
        case '>':
        case '=': kind = VS_TEMPLATE_TOKEN_ERROR; break;
        default: kind = VS_TEMPLATE_TOKEN_VARIABLE; break;
        }
      add_token (p, kind, open, close_end, name_start, name_end);
      pos = close_end;

      if (sigil == '>' || sigil == '=')
        {
          g_autofree char *tag = g_utf8_make_valid (p->src + open, close_end - open);

          parser_problem (p, VS_TEMPLATE_ERROR_INVALID_NAME, open, close_end,
                          sigil == '>' ? _("partials are not supported")
                                       : _("changing the delimiters is not supported"),
                          tag);
          continue;
        }

      if (name[0] == '\0')
        {
          g_autofree char *tag = g_utf8_make_valid (p->src + open, close_end - open);

          parser_problem (p, VS_TEMPLATE_ERROR_EMPTY_NAME, open, close_end, _("empty name"), tag);
          if (sigil == '#' || sigil == '^' || sigil == '/')
            take_standalone (p, open, close_end, &pos);
          continue;
        }

      path = split_name (name, &ok);
      if (!ok)
        {
          parser_problem (p, VS_TEMPLATE_ERROR_INVALID_NAME, open, close_end,
                          _("empty part in a dotted name"), name);
          if (sigil == '#' || sigil == '^' || sigil == '/')
            take_standalone (p, open, close_end, &pos);
          continue;
        }

      if (sigil == '#' || sigil == '^' || sigil == '/')
        {
          if (take_standalone (p, open, close_end, &resume))
            pos = resume;
        }

      if (sigil == '/')
        {
          g_strfreev (path);
          close_section (p, name, open, close_end);
        }
      else if (sigil == '#' || sigil == '^')
        {
          if (p->open->len >= MAX_DEPTH)
            {
              g_autofree char *what = g_strdup_printf (_("sections nested deeper than %d"),
                                                       MAX_DEPTH);

              g_strfreev (path);
              parser_problem (p, VS_TEMPLATE_ERROR_INVALID, open, close_end, what, name);
              continue;
            }
          open_section (p, sigil == '#' ? NODE_SECTION : NODE_INVERTED, g_steal_pointer (&name),
                        path, open, close_end);
        }
      else
        {
          Node *node = g_new0 (Node, 1);

          flush_text (p);
          node->kind = NODE_VARIABLE;
          node->name = g_steal_pointer (&name);
          node->path = path;
          node->start = open;
          node->end = close_end;
          g_ptr_array_add (current_children (p), node);
        }
    }

  flush_text (p);

  for (guint i = 0; i < p->open->len; i++)
    {
      Node *node = p->open->pdata[i];

      parser_problem (p, VS_TEMPLATE_ERROR_UNCLOSED_SECTION, node->start, node->end,
                      _("unclosed section"), node->name);
    }

  /* Report in source order (the sort is stable). */
  g_ptr_array_sort (p->self->problems, compare_problems);
}

VsTemplateText *
vs_template_text_new (const char *source,
                      gssize      length)
{
  VsTemplateText *self;
  Parser parser = { 0 };

  g_return_val_if_fail (source != NULL || length == 0, NULL);

  if (source == NULL)
    source = "";
  if (length < 0)
    length = strlen (source);

  self = g_new0 (VsTemplateText, 1);
  g_atomic_ref_count_init (&self->ref_count);
  /* Bytes as given, NULs included, so token offsets match the caller's buffer. */
  self->source = g_malloc (length + 1);
  memcpy (self->source, source, length);
  self->source[length] = '\0';
  self->length = length;
  self->root = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);
  self->tokens = g_array_new (FALSE, FALSE, sizeof (VsTemplateToken));
  self->line_starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  {
    gsize zero = 0;

    g_array_append_val (self->line_starts, zero);
    for (gsize i = 0; i < self->length; i++)
      if (self->source[i] == '\n')
        {
          gsize next = i + 1;

          g_array_append_val (self->line_starts, next);
        }
  }

  parser.self = self;
  parser.src = self->source;
  parser.len = self->length;
  parser.pending = g_string_new (NULL);
  parser.open = g_ptr_array_new ();
  parser.next_open = parser.next_close = -2;
  parser.cursor.line = G_MAXUINT;
  parse (&parser);
  g_string_free (parser.pending, TRUE);
  g_ptr_array_unref (parser.open);

  return self;
}

VsTemplateText *
vs_template_text_ref (VsTemplateText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
vs_template_text_unref (VsTemplateText *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->source);
  g_ptr_array_unref (self->root);
  g_ptr_array_unref (self->problems);
  g_array_unref (self->tokens);
  g_array_unref (self->line_starts);
  g_free (self);
}

const char *
vs_template_text_get_source (VsTemplateText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

GPtrArray *
vs_template_text_get_problems (VsTemplateText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->problems;
}

gboolean
vs_template_text_is_valid (VsTemplateText *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->problems->len == 0;
}

GArray *
vs_template_text_get_tokens (VsTemplateText *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->tokens;
}

/* ------------------------------------------------------------------------------------------ */
/* Rendering                                                                                   */

typedef struct
{
  VsTemplateText *self;
  GString        *out;
  GPtrArray      *stack;    /* JsonNode, innermost last */
  GPtrArray      *problems; /* unknown variables */
  GHashTable     *reported; /* tag start offsets already reported */
  guint64         work;     /* see MAX_WORK: nested loops can multiply without output */
  guint           depth;    /* sections entered */
  Node           *top;      /* the outermost node being rendered, where a stop is reported */
  Cursor          cursor;
  gboolean        too_big;
  gboolean        too_long;
} Render;

static JsonNode *
child (JsonNode   *node,
       const char *segment)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), segment);

  if (JSON_NODE_HOLDS_ARRAY (node) && g_ascii_isdigit (segment[0]))
    {
      JsonArray *array = json_node_get_array (node);
      guint64 index = 0;

      if (!g_ascii_string_to_unsigned (segment, 10, 0, G_MAXUINT, &index, NULL))
        return NULL;
      if (index < json_array_get_length (array))
        return json_array_get_element (array, index);
    }

  return NULL;
}

static JsonNode *
lookup (Render *r,
        char  **path)
{
  JsonNode *node = NULL;

  if (r->stack->len == 0)
    return NULL;
  if (path == NULL)
    return r->stack->pdata[r->stack->len - 1];

  for (guint i = r->stack->len; i > 0 && node == NULL; i--)
    {
      JsonNode *frame = r->stack->pdata[i - 1];

      r->work++;
      if (JSON_NODE_HOLDS_OBJECT (frame))
        node = json_object_get_member (json_node_get_object (frame), path[0]);
    }

  for (guint i = 1; node != NULL && path[i] != NULL; i++)
    {
      r->work++;
      node = child (node, path[i]);
    }

  return node;
}

static gboolean
truthy (JsonNode *node)
{
  if (node == NULL)
    return FALSE;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return FALSE;
    case JSON_NODE_ARRAY:
      return json_array_get_length (json_node_get_array (node)) > 0;
    case JSON_NODE_OBJECT:
      return json_object_get_size (json_node_get_object (node)) > 0;
    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_BOOLEAN)
          return json_node_get_boolean (node);
        if (type == G_TYPE_STRING)
          return json_node_get_string (node)[0] != '\0';
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static void render_nodes (Render    *r,
                          GPtrArray *nodes);

static void
render_section_body (Render    *r,
                     Node      *node,
                     JsonNode  *context)
{
  g_ptr_array_add (r->stack, context);
  r->depth++;
  render_nodes (r, node->children);
  r->depth--;
  g_ptr_array_set_size (r->stack, r->stack->len - 1);
}

static void
render_nodes (Render    *r,
              GPtrArray *nodes)
{
  for (guint i = 0; i < nodes->len && !r->too_big; i++)
    {
      Node *node = nodes->pdata[i];
      JsonNode *value;

      if (r->depth == 0)
        r->top = node;

      switch (node->kind)
        {
        case NODE_TEXT:
          g_string_append (r->out, node->text);
          break;

        case NODE_VARIABLE:
          value = lookup (r, node->path);
          if (value != NULL)
            append_value (r->out, value);
          else if (!g_hash_table_contains (r->reported, GSIZE_TO_POINTER (node->start + 1)))
            {
              /* A name nothing in scope has is a value not given; a member that a given
               * value lacks is a name the value does not know. */
              gboolean no_value = node->path == NULL || lookup (r, (char *[]) { node->path[0],
                                                                               NULL }) == NULL;

              g_hash_table_add (r->reported, GSIZE_TO_POINTER (node->start + 1));
              add_problem (r->problems, r->self, &r->cursor, VS_TEMPLATE_ERROR_UNKNOWN_VARIABLE,
                           node->start, node->end,
                           no_value ? _("no value for") : _("unknown variable"), node->name);
              ((VsTemplateProblem *) r->problems->pdata[r->problems->len - 1])->no_value =
                no_value;
            }
          break;

        case NODE_SECTION:
          value = lookup (r, node->path);
          if (!truthy (value))
            break;
          if (JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *array = json_node_get_array (value);

              for (guint j = 0; j < json_array_get_length (array) && !r->too_big; j++)
                render_section_body (r, node, json_array_get_element (array, j));
            }
          else
            render_section_body (r, node, value);
          break;

        case NODE_INVERTED:
          if (!truthy (lookup (r, node->path)))
            {
              r->depth++;
              render_nodes (r, node->children);
              r->depth--;
            }
          break;

        default:
          g_assert_not_reached ();
        }

      if (r->out->len > MAX_OUTPUT)
        r->too_big = TRUE;
      if (++r->work > MAX_WORK)
        r->too_big = r->too_long = TRUE;
    }
}

static char *
render (VsTemplateText *self,
        JsonNode       *context,
        GPtrArray      *problems)
{
  g_autoptr(JsonNode) empty = NULL;
  Render r = { 0 };

  if (context == NULL)
    {
      empty = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (empty, json_object_new ());
      context = empty;
    }

  r.self = self;
  r.out = g_string_new (NULL);
  r.stack = g_ptr_array_new ();
  r.problems = problems;
  r.reported = g_hash_table_new (NULL, NULL);
  r.cursor.line = G_MAXUINT;
  g_ptr_array_add (r.stack, context);

  render_nodes (&r, self->root);

  if (r.too_long)
    /* At the outermost section that was running: that is the loop that multiplies. */
    add_problem (problems, self, NULL, VS_TEMPLATE_ERROR_INVALID, r.top ? r.top->start : 0,
                 r.top ? r.top->end : 0,
                 _("rendering stopped after 250,000 steps: the sections repeat too often"),
                 r.top && r.top->name ? r.top->name : "");
  else if (r.too_big)
    add_problem (problems, self, NULL, VS_TEMPLATE_ERROR_INVALID, 0, 0,
                 _("the rendered text is larger than 16 MiB"), "");
  if (r.too_big)
    g_string_truncate (r.out, MAX_OUTPUT);

  g_ptr_array_unref (r.stack);
  g_hash_table_unref (r.reported);
  return g_string_free (r.out, FALSE);
}


static GPtrArray *
all_problems (VsTemplateText *self)
{
  GPtrArray *problems =
    g_ptr_array_new_with_free_func ((GDestroyNotify) vs_template_problem_free);

  for (guint i = 0; i < self->problems->len; i++)
    g_ptr_array_add (problems, vs_template_problem_copy (self->problems->pdata[i]));
  return problems;
}

char *
vs_template_text_render (VsTemplateText  *self,
                         JsonNode        *context,
                         GError         **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  problems = all_problems (self);
  text = render (self, context, problems);
  if (problems->len > 0)
    {
      g_ptr_array_sort (problems, compare_problems);
      vs_template_set_error_from_problems (error, problems);
      return NULL;
    }

  return g_steal_pointer (&text);
}

char *
vs_template_text_render_lenient (VsTemplateText *self,
                                 JsonNode       *context,
                                 GPtrArray      *problems)
{
  g_autoptr(GPtrArray) found = NULL;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  found = all_problems (self);
  text = render (self, context, found);
  g_ptr_array_sort (found, compare_problems);
  if (problems != NULL)
    for (guint i = 0; i < found->len; i++)
      g_ptr_array_add (problems, g_steal_pointer (&found->pdata[i]));

  return text;
}

char *
vs_template_render_string (const char  *source,
                           JsonObject  *variables,
                           GError     **error)
{
  g_autoptr(VsTemplateText) text = NULL;
  g_autoptr(JsonNode) context = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  text = vs_template_text_new (source, -1);
  if (variables != NULL)
    {
      context = json_node_new (JSON_NODE_OBJECT);
      json_node_set_object (context, variables);
    }
  return vs_template_text_render (text, context, error);
}

/* ------------------------------------------------------------------------------------------ */
/* Variable discovery                                                                          */

static void
note_name (GPtrArray  *order,
           GHashTable *seen,
           const char *prefix,
           const char *name)
{
  char *full = prefix ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);

  if (g_hash_table_contains (seen, full))
    {
      g_free (full);
      return;
    }
  g_ptr_array_add (order, full);
  g_hash_table_add (seen, full);
}

static void
collect (GPtrArray  *nodes,
         const char *prefix,
         gboolean    full,
         GPtrArray  *order,
         GHashTable *seen)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = nodes->pdata[i];

      switch (node->kind)
        {
        case NODE_TEXT:
          break;

        case NODE_VARIABLE:
          if (node->path != NULL)
            note_name (order, seen, prefix, node->path[0]);
          break;

        case NODE_SECTION:
          if (node->path != NULL)
            note_name (order, seen, prefix, node->path[0]);
          if (full)
            {
              g_autofree char *inner = NULL;

              if (node->path == NULL)
                inner = g_strdup (prefix);
              else
                inner = prefix ? g_strconcat (prefix, ".", node->name, NULL)
                               : g_strdup (node->name);
              collect (node->children, inner, full, order, seen);
            }
          break;

        case NODE_INVERTED:
          if (node->path != NULL)
            note_name (order, seen, prefix, node->path[0]);
          collect (node->children, prefix, full, order, seen);
          break;

        default:
          break;
        }
    }
}

void
vs_template_text_collect_variables (VsTemplateText *self,
                                    gboolean        full,
                                    GPtrArray      *order,
                                    GHashTable     *seen)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (order != NULL && seen != NULL);

  collect (self->root, NULL, full, order, seen);
}

char **
vs_template_text_list_variables (VsTemplateText *self,
                                 gboolean        full)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (self != NULL, NULL);

  collect (self->root, NULL, full, order, seen);
  g_ptr_array_add (order, NULL);
  return (char **) g_ptr_array_steal (order, NULL);
}
