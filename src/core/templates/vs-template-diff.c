/* vs-template-diff.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Longest-common-subsequence diffs of template versions. Common prefix and suffix are cut
 * first, so the quadratic table only covers the changed middle; a middle too large for the
 * table is reported as replaced whole rather than taking unbounded memory.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vs-chat-request.h"
#include "vs-json.h"
#include "vs-template-diff.h"

#define MAX_TABLE_CELLS (4u * 1024 * 1024)

typedef gboolean (*ItemsEqual) (gpointer ctx,
                                guint    i,
                                guint    j);

/* The edit script turning a[0..n) into b[0..m): one VsDiffOp per step (EQUAL consumes one of
 * each, DELETE one of a, INSERT one of b). Deletions come before insertions in a change. */
static GByteArray *
lcs_script (guint      n,
            guint      m,
            ItemsEqual equal,
            gpointer   ctx)
{
  GByteArray *script = g_byte_array_new ();
  guint8 op;
  guint prefix = 0, suffix = 0, rows, cols;

  while (prefix < n && prefix < m && equal (ctx, prefix, prefix))
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         equal (ctx, n - 1 - suffix, m - 1 - suffix))
    suffix++;

  op = VS_DIFF_EQUAL;
  for (guint i = 0; i < prefix; i++)
    g_byte_array_append (script, &op, 1);

  rows = n - prefix - suffix;
  cols = m - prefix - suffix;
  if (rows > 0 && cols > 0 && (guint64) (rows + 1) * (cols + 1) <= MAX_TABLE_CELLS)
    {
      /* table[i][j] = LCS length of a[i..rows) and b[j..cols) (offset by prefix). */
      guint32 *table = g_new0 (guint32, (gsize) (rows + 1) * (cols + 1));
      guint i = 0, j = 0;

#define T(r, c) table[(gsize) (r) * (cols + 1) + (c)]
      for (guint r = rows; r > 0; r--)
        for (guint c = cols; c > 0; c--)
          {
            if (equal (ctx, prefix + r - 1, prefix + c - 1))
              T (r - 1, c - 1) = T (r, c) + 1;
            else
              T (r - 1, c - 1) = MAX (T (r, c - 1), T (r - 1, c));
          }

      while (i < rows && j < cols)
        {
          if (equal (ctx, prefix + i, prefix + j))
            {
              op = VS_DIFF_EQUAL;
              i++;
              j++;
            }
          else if (T (i + 1, j) >= T (i, j + 1))
            {
              op = VS_DIFF_DELETE;
              i++;
            }
          else
            {
              op = VS_DIFF_INSERT;
              j++;
            }
          g_byte_array_append (script, &op, 1);
        }
#undef T
      op = VS_DIFF_DELETE;
      for (; i < rows; i++)
        g_byte_array_append (script, &op, 1);
      op = VS_DIFF_INSERT;
      for (; j < cols; j++)
        g_byte_array_append (script, &op, 1);
      g_free (table);
    }
  else
    {
      op = VS_DIFF_DELETE;
      for (guint i = 0; i < rows; i++)
        g_byte_array_append (script, &op, 1);
      op = VS_DIFF_INSERT;
      for (guint j = 0; j < cols; j++)
        g_byte_array_append (script, &op, 1);
    }

  op = VS_DIFF_EQUAL;
  for (guint i = 0; i < suffix; i++)
    g_byte_array_append (script, &op, 1);

  return script;
}

/* ------------------------------------------------------------------------------------------ */
/* Lines                                                                                       */

static void
diff_line_free (VsDiffLine *line)
{
  g_free (line->text);
  g_free (line);
}

static char **
split_lines (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, "\n", -1);
}

typedef struct
{
  char **a;
  char **b;
} LinePair;

static gboolean
lines_equal (gpointer ctx,
             guint    i,
             guint    j)
{
  LinePair *pair = ctx;

  return strcmp (pair->a[i], pair->b[j]) == 0;
}

static VsDiffLine *
diff_line_new (VsDiffOp    op,
               guint       old_line,
               guint       new_line,
               const char *text)
{
  VsDiffLine *line = g_new0 (VsDiffLine, 1);

  line->op = op;
  line->old_line = old_line;
  line->new_line = new_line;
  line->text = g_strdup (text);
  return line;
}

GPtrArray *
vs_diff_lines (const char *old_text,
               const char *new_text)
{
  g_auto(GStrv) a = split_lines (old_text);
  g_auto(GStrv) b = split_lines (new_text);
  LinePair pair = { a, b };
  g_autoptr(GByteArray) script = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) diff_line_free);
  guint i = 0, j = 0;

  script = lcs_script (g_strv_length (a), g_strv_length (b), lines_equal, &pair);
  for (guint k = 0; k < script->len; k++)
    switch ((VsDiffOp) script->data[k])
      {
      case VS_DIFF_EQUAL:
        g_ptr_array_add (lines, diff_line_new (VS_DIFF_EQUAL, i + 1, j + 1, a[i]));
        i++;
        j++;
        break;
      case VS_DIFF_DELETE:
        g_ptr_array_add (lines, diff_line_new (VS_DIFF_DELETE, i + 1, 0, a[i]));
        i++;
        break;
      case VS_DIFF_INSERT:
        g_ptr_array_add (lines, diff_line_new (VS_DIFF_INSERT, 0, j + 1, b[j]));
        j++;
        break;
      default:
        g_assert_not_reached ();
      }

  return lines;
}

GPtrArray *
vs_diff_side_by_side (GPtrArray *lines)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  guint k = 0;

  g_return_val_if_fail (lines != NULL, NULL);

  while (k < lines->len)
    {
      VsDiffLine *line = lines->pdata[k];
      g_autoptr(GPtrArray) deleted = g_ptr_array_new ();
      g_autoptr(GPtrArray) inserted = g_ptr_array_new ();

      if (line->op == VS_DIFF_EQUAL)
        {
          VsDiffRow *row = g_new0 (VsDiffRow, 1);

          row->op = VS_DIFF_EQUAL;
          row->old_line = line->old_line;
          row->old_text = line->text;
          row->new_line = line->new_line;
          row->new_text = line->text;
          g_ptr_array_add (rows, row);
          k++;
          continue;
        }

      for (; k < lines->len && ((VsDiffLine *) lines->pdata[k])->op != VS_DIFF_EQUAL; k++)
        {
          VsDiffLine *l = lines->pdata[k];

          g_ptr_array_add (l->op == VS_DIFF_DELETE ? deleted : inserted, l);
        }

      for (guint r = 0; r < MAX (deleted->len, inserted->len); r++)
        {
          VsDiffRow *row = g_new0 (VsDiffRow, 1);
          VsDiffLine *d = r < deleted->len ? deleted->pdata[r] : NULL;
          VsDiffLine *n = r < inserted->len ? inserted->pdata[r] : NULL;

          row->op = d && n ? VS_DIFF_CHANGE : d ? VS_DIFF_DELETE : VS_DIFF_INSERT;
          if (d != NULL)
            {
              row->old_line = d->old_line;
              row->old_text = d->text;
            }
          if (n != NULL)
            {
              row->new_line = n->new_line;
              row->new_text = n->text;
            }
          g_ptr_array_add (rows, row);
        }
    }

  return rows;
}

/* ------------------------------------------------------------------------------------------ */
/* Words                                                                                       */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || g_unichar_ismark (c);
}

/* Splits @text into words, runs of spaces and single other characters. Invalid UTF-8 is
 * taken a byte at a time. */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *p = text ? text : "";
  const char *end = p + strlen (p);

  while (p < end)
    {
      const char *start = p;
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        p++;
      else if (is_word_char (c) || g_unichar_isspace (c))
        {
          gboolean word = is_word_char (c);

          while (p < end)
            {
              gunichar d = g_utf8_get_char_validated (p, end - p);

              if (d == (gunichar) -1 || d == (gunichar) -2)
                break;
              if (word ? !is_word_char (d) : !g_unichar_isspace (d))
                break;
              p = g_utf8_next_char (p);
            }
        }
      else
        p = g_utf8_next_char (p);
      g_ptr_array_add (tokens, g_strndup (start, p - start));
    }
  return tokens;
}

typedef struct
{
  GPtrArray *a;
  GPtrArray *b;
} TokenPair;

static gboolean
tokens_equal (gpointer ctx,
              guint    i,
              guint    j)
{
  TokenPair *pair = ctx;

  return strcmp (pair->a->pdata[i], pair->b->pdata[j]) == 0;
}

static void
diff_span_free (VsDiffSpan *span)
{
  g_free (span->text);
  g_free (span);
}

static void
add_span (GPtrArray  *spans,
          VsDiffOp    op,
          const char *text)
{
  VsDiffSpan *last = spans->len > 0 ? spans->pdata[spans->len - 1] : NULL;
  VsDiffSpan *span;

  if (last != NULL && last->op == op)
    {
      char *joined = g_strconcat (last->text, text, NULL);

      g_free (last->text);
      last->text = joined;
      return;
    }
  span = g_new0 (VsDiffSpan, 1);
  span->op = op;
  span->text = g_strdup (text);
  g_ptr_array_add (spans, span);
}

GPtrArray *
vs_diff_words (const char *old_text,
               const char *new_text)
{
  g_autoptr(GPtrArray) a = split_words (old_text);
  g_autoptr(GPtrArray) b = split_words (new_text);
  TokenPair pair = { a, b };
  g_autoptr(GByteArray) lcs = lcs_script (a->len, b->len, tokens_equal, &pair);
  g_autoptr(GByteArray) script = g_byte_array_sized_new (lcs->len);
  GPtrArray *spans = g_ptr_array_new_with_free_func ((GDestroyNotify) diff_span_free);
  guint i = 0, j = 0;
  guint k = 0;

  /* A lone space between two changes joins them ("[-one label][+two labels]" rather than
   * "[-one][+two] [-label][+labels]"): it becomes a deletion and an insertion. */
  for (guint m = 0, ai = 0; m < lcs->len; m++)
    {
      guint8 op = lcs->data[m];

      if (op == VS_DIFF_EQUAL && m > 0 && m + 1 < lcs->len && lcs->data[m - 1] != VS_DIFF_EQUAL &&
          lcs->data[m + 1] != VS_DIFF_EQUAL && g_ascii_isspace (*(char *) a->pdata[ai]))
        {
          guint8 pair_ops[2] = { VS_DIFF_DELETE, VS_DIFF_INSERT };

          g_byte_array_append (script, pair_ops, 2);
          ai++;
          continue;
        }
      g_byte_array_append (script, &op, 1);
      ai += op != VS_DIFF_INSERT;
    }

  /* Deletions and insertions of one change are kept apart (all deletions first), so the old
   * and the new text each read as one piece. */
  while (k < script->len)
    {
      guint run_end = k;

      if ((VsDiffOp) script->data[k] == VS_DIFF_EQUAL)
        {
          add_span (spans, VS_DIFF_EQUAL, a->pdata[i]);
          i++;
          j++;
          k++;
          continue;
        }
      while (run_end < script->len && (VsDiffOp) script->data[run_end] != VS_DIFF_EQUAL)
        run_end++;
      for (guint m = k; m < run_end; m++)
        if ((VsDiffOp) script->data[m] == VS_DIFF_DELETE)
          add_span (spans, VS_DIFF_DELETE, a->pdata[i++]);
      for (guint m = k; m < run_end; m++)
        if ((VsDiffOp) script->data[m] == VS_DIFF_INSERT)
          add_span (spans, VS_DIFF_INSERT, b->pdata[j++]);
      k = run_end;
    }
  return spans;
}

/* ------------------------------------------------------------------------------------------ */
/* Settings                                                                                    */

static void
setting_change_free (VsSettingChange *change)
{
  g_free (change->name);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

char *
vs_setting_change_to_string (const VsSettingChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);

  /* Translators: a changed setting, "temperature 0.2 → 0.7"; "not set" stands for a value. */
  return g_strdup_printf (_("%s %s → %s"), change->name,
                          change->old_value ? change->old_value : _("not set"),
                          change->new_value ? change->new_value : _("not set"));
}

static char *
member_value (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node ? vs_json_canonical_string (node) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  const char *x = *(const char **) a;
  const char *y = *(const char **) b;

  /* The model first: it matters most. */
  if (strcmp (x, "model") == 0 || strcmp (y, "model") == 0)
    return strcmp (x, "model") == 0 ? (strcmp (y, "model") == 0 ? 0 : -1) : 1;
  return strcmp (x, y);
}

static void
add_setting_changes (GPtrArray  *changes,
                     JsonObject *old_object,
                     JsonObject *new_object,
                     const char *prefix)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  JsonObject *objects[2] = { old_object, new_object };

  for (guint o = 0; o < 2; o++)
    {
      g_autoptr(GList) members = objects[o] ? json_object_get_members (objects[o]) : NULL;

      for (GList *l = members; l != NULL; l = l->next)
        if (g_hash_table_add (seen, l->data))
          g_ptr_array_add (names, l->data);
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *old_value = member_value (old_object, name);
      g_autofree char *new_value = member_value (new_object, name);
      VsSettingChange *change;

      if (g_strcmp0 (old_value, new_value) == 0)
        continue;
      change = g_new0 (VsSettingChange, 1);
      change->name = g_strconcat (prefix, name, NULL);
      change->old_value = g_steal_pointer (&old_value);
      change->new_value = g_steal_pointer (&new_value);
      g_ptr_array_add (changes, change);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Templates                                                                                   */

static void
section_free (VsTemplateDiffSection *section)
{
  g_free (section->old_title);
  g_free (section->new_title);
  g_clear_pointer (&section->lines, g_ptr_array_unref);
  g_free (section);
}

void
vs_template_diff_free (VsTemplateDiff *diff)
{
  if (diff == NULL)
    return;
  g_free (diff->old_label);
  g_free (diff->new_label);
  g_ptr_array_unref (diff->sections);
  g_ptr_array_unref (diff->settings);
  g_free (diff);
}

gboolean
vs_template_diff_is_empty (const VsTemplateDiff *diff)
{
  g_return_val_if_fail (diff != NULL, TRUE);

  for (guint i = 0; i < diff->sections->len; i++)
    if (((VsTemplateDiffSection *) diff->sections->pdata[i])->changed)
      return FALSE;
  return TRUE;
}

static char *
message_title (VsTemplate *template,
               int         index)
{
  if (index < 0)
    return NULL;
  return g_strdup_printf ("messages[%d] (%s)", index,
                          vs_template_role_to_string (
                            vs_template_get_message (template, index)->role));
}

static void
add_section (VsTemplateDiff     *diff,
             VsTemplateDiffKind  kind,
             int                 old_index,
             int                 new_index,
             char               *old_title,
             char               *new_title,
             const char         *old_text,
             const char         *new_text,
             gboolean            role_changed)
{
  VsTemplateDiffSection *section = g_new0 (VsTemplateDiffSection, 1);

  section->kind = kind;
  section->old_index = old_index;
  section->new_index = new_index;
  section->old_title = old_title;
  section->new_title = new_title;
  section->lines = vs_diff_lines (old_text, new_text);
  section->changed = role_changed || old_title == NULL || new_title == NULL;
  for (guint i = 0; i < section->lines->len; i++)
    {
      VsDiffLine *line = section->lines->pdata[i];

      if (line->op == VS_DIFF_INSERT)
        diff->n_inserted++;
      else if (line->op == VS_DIFF_DELETE)
        diff->n_deleted++;
      if (line->op != VS_DIFF_EQUAL)
        section->changed = TRUE;
    }
  g_ptr_array_add (diff->sections, section);
}

typedef struct
{
  VsTemplate *a;
  VsTemplate *b;
} TemplatePair;

static gboolean
messages_equal (gpointer ctx,
                guint    i,
                guint    j)
{
  TemplatePair *pair = ctx;
  const VsTemplateMessage *ma = vs_template_get_message (pair->a, i);
  const VsTemplateMessage *mb = vs_template_get_message (pair->b, j);

  return ma->role == mb->role && strcmp (ma->content, mb->content) == 0;
}

static void
add_message_section (VsTemplateDiff *diff,
                     VsTemplate     *a,
                     VsTemplate     *b,
                     int             i,
                     int             j)
{
  const VsTemplateMessage *ma = i >= 0 ? vs_template_get_message (a, i) : NULL;
  const VsTemplateMessage *mb = j >= 0 ? vs_template_get_message (b, j) : NULL;

  add_section (diff, VS_TEMPLATE_DIFF_MESSAGE, i, j, message_title (a, i), message_title (b, j),
               ma ? ma->content : "", mb ? mb->content : "",
               ma != NULL && mb != NULL && ma->role != mb->role);
}

/* Pretty JSON with sorted keys: two objects that hold the same values read the same. */
static char *
json_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) canon = NULL;

  if (object == NULL)
    return g_strdup ("");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  canon = vs_json_canonical_node (node);
  return vs_template_json_to_string (canon, TRUE);
}

/* The few-shot block as the template file holds it (NULL when there is none). */
static JsonObject *
few_shot_object (VsTemplate *template)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *few_shot;

  if (vs_template_get_few_shot (template) == NULL)
    return NULL;
  root = vs_template_to_json (template);
  few_shot = json_object_get_member (json_node_get_object (root), "few_shot");
  if (few_shot == NULL || !JSON_NODE_HOLDS_OBJECT (few_shot))
    return NULL;
  return json_object_ref (json_node_get_object (few_shot));
}

VsTemplateDiff *
vs_template_diff_new (VsTemplate *old_template,
                      VsTemplate *new_template,
                      const char *old_label,
                      const char *new_label)
{
  VsTemplateDiff *diff;
  TemplatePair pair = { old_template, new_template };
  g_autoptr(GByteArray) script = NULL;
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) inserted = g_array_new (FALSE, FALSE, sizeof (int));
  g_autofree char *old_params = NULL;
  g_autofree char *new_params = NULL;
  int i = 0, j = 0;

  g_return_val_if_fail (VS_IS_TEMPLATE (old_template), NULL);
  g_return_val_if_fail (VS_IS_TEMPLATE (new_template), NULL);

  diff = g_new0 (VsTemplateDiff, 1);
  diff->old_label = g_strdup (old_label ? old_label : "a");
  diff->new_label = g_strdup (new_label ? new_label : "b");
  diff->sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  diff->settings = g_ptr_array_new_with_free_func ((GDestroyNotify) setting_change_free);

  script = lcs_script (vs_template_get_n_messages (old_template),
                       vs_template_get_n_messages (new_template), messages_equal, &pair);

  for (guint k = 0; k <= script->len; k++)
    {
      VsDiffOp op = k < script->len ? (VsDiffOp) script->data[k] : VS_DIFF_EQUAL;

      if (op == VS_DIFF_DELETE)
        {
          g_array_append_val (deleted, i);
          i++;
          continue;
        }
      if (op == VS_DIFF_INSERT)
        {
          g_array_append_val (inserted, j);
          j++;
          continue;
        }

      /* A run of changes ends: pair removed and added messages in order. */
      for (guint r = 0; r < MAX (deleted->len, inserted->len); r++)
        add_message_section (diff, old_template, new_template,
                             r < deleted->len ? g_array_index (deleted, int, r) : -1,
                             r < inserted->len ? g_array_index (inserted, int, r) : -1);
      g_array_set_size (deleted, 0);
      g_array_set_size (inserted, 0);

      if (k < script->len)
        {
          add_message_section (diff, old_template, new_template, i, j);
          i++;
          j++;
        }
    }

  old_params = json_text (vs_template_get_parameters (old_template));
  new_params = json_text (vs_template_get_parameters (new_template));
  add_section (diff, VS_TEMPLATE_DIFF_PARAMETERS, -1, -1, g_strdup ("parameters"),
               g_strdup ("parameters"), old_params, new_params, FALSE);
  add_setting_changes (diff->settings, vs_template_get_parameters (old_template),
                       vs_template_get_parameters (new_template), "");

  if (vs_template_get_few_shot (old_template) != NULL ||
      vs_template_get_few_shot (new_template) != NULL)
    {
      g_autoptr(JsonObject) old_object = few_shot_object (old_template);
      g_autoptr(JsonObject) new_object = few_shot_object (new_template);
      g_autofree char *old_few = json_text (old_object);
      g_autofree char *new_few = json_text (new_object);

      add_section (diff, VS_TEMPLATE_DIFF_FEW_SHOT, -1, -1,
                   old_object ? g_strdup ("few_shot") : NULL,
                   new_object ? g_strdup ("few_shot") : NULL, old_few, new_few, FALSE);
      add_setting_changes (diff->settings, old_object, new_object, "few_shot.");
    }

  return diff;
}

static void
append_hunks (GString   *out,
              GPtrArray *lines,
              guint      context)
{
  guint n = lines->len;
  guint k = 0;

  while (k < n)
    {
      guint start, end, old_before = 0, new_before = 0, old_count = 0, new_count = 0;
      guint last_change;

      while (k < n && ((VsDiffLine *) lines->pdata[k])->op == VS_DIFF_EQUAL)
        k++;
      if (k == n)
        break;

      start = k > context ? k - context : 0;
      last_change = k;
      end = k + 1;
      /* Extend while the next change is within 2 × context of the last one. */
      for (guint m = k + 1; m < n; m++)
        if (((VsDiffLine *) lines->pdata[m])->op != VS_DIFF_EQUAL)
          {
            if (m - last_change > 2 * context)
              break;
            last_change = m;
          }
      end = MIN (n, last_change + context + 1);

      for (guint m = 0; m < start; m++)
        {
          VsDiffLine *line = lines->pdata[m];

          old_before += line->op != VS_DIFF_INSERT;
          new_before += line->op != VS_DIFF_DELETE;
        }
      for (guint m = start; m < end; m++)
        {
          VsDiffLine *line = lines->pdata[m];

          old_count += line->op != VS_DIFF_INSERT;
          new_count += line->op != VS_DIFF_DELETE;
        }

      g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n",
                              old_count ? old_before + 1 : old_before, old_count,
                              new_count ? new_before + 1 : new_before, new_count);
      for (guint m = start; m < end; m++)
        {
          VsDiffLine *line = lines->pdata[m];

          g_string_append_c (out, line->op == VS_DIFF_EQUAL    ? ' '
                                  : line->op == VS_DIFF_DELETE ? '-'
                                                               : '+');
          g_string_append (out, line->text);
          g_string_append_c (out, '\n');
        }
      k = end;
    }
}

char *
vs_template_diff_to_unified (const VsTemplateDiff *diff,
                             guint                 context)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (diff != NULL, NULL);

  for (guint i = 0; i < diff->sections->len; i++)
    {
      VsTemplateDiffSection *section = diff->sections->pdata[i];

      if (!section->changed)
        continue;

      if (section->old_title != NULL)
        g_string_append_printf (out, "--- %s/%s\n", diff->old_label, section->old_title);
      else
        g_string_append (out, "--- /dev/null\n");
      if (section->new_title != NULL)
        g_string_append_printf (out, "+++ %s/%s\n", diff->new_label, section->new_title);
      else
        g_string_append (out, "+++ /dev/null\n");
      append_hunks (out, section->lines, context);
    }

  return g_string_free (out, FALSE);
}
