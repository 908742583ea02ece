/* vs-finetune-kit.c
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the dataset once (lines kept as they are), shuffles the line indices with a seeded
 * GRand, writes the two split files and the configs. The configs are text templates: the
 * only values put in are the base model and file names.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vs-error.h"
#include "vs-finetune-kit.h"
#include "vs-json.h"

#define AXOLOTL_YAML \
  "# Axolotl config written by Versus. LoRA on one GPU; for QLoRA on a 24 GB card set\n" \
  "# adapter: qlora and load_in_4bit: true.\n" \
  "base_model: %s\n" \
  "\n" \
  "datasets:\n" \
  "  - path: train.jsonl\n" \
  "    ds_type: json\n" \
  "    type: chat_template\n" \
  "    field_messages: messages\n" \
  "    message_property_mappings:\n" \
  "      role: role\n" \
  "      content: content\n" \
  "    roles_to_train: [\"assistant\"]\n" \
  "test_datasets:\n" \
  "  - path: validation.jsonl\n" \
  "    ds_type: json\n" \
  "    split: train\n" \
  "    type: chat_template\n" \
  "    field_messages: messages\n" \
  "    message_property_mappings:\n" \
  "      role: role\n" \
  "      content: content\n" \
  "chat_template: tokenizer_default\n" \
  "dataset_prepared_path: ./outputs/prepared\n" \
  "output_dir: ./outputs/lora\n" \
  "\n" \
  "adapter: lora\n" \
  "lora_r: 16\n" \
  "lora_alpha: 32\n" \
  "lora_dropout: 0.05\n" \
  "lora_target_linear: true\n" \
  "\n" \
  "sequence_len: 4096\n" \
  "sample_packing: false\n" \
  "num_epochs: 3\n" \
  "micro_batch_size: 2\n" \
  "gradient_accumulation_steps: 4\n" \
  "learning_rate: 0.0002\n" \
  "optimizer: adamw_torch_fused\n" \
  "lr_scheduler: cosine\n" \
  "warmup_ratio: 0.05\n" \
  "weight_decay: 0.0\n" \
  "bf16: auto\n" \
  "tf32: false\n" \
  "gradient_checkpointing: true\n" \
  "logging_steps: 1\n" \
  "evals_per_epoch: 4\n" \
  "saves_per_epoch: 1\n"

#define LLAMAFACTORY_YAML \
  "# LLaMA-Factory config written by Versus (LoRA SFT). Set `template` to your model's\n" \
  "# chat template (llama3, qwen, mistral, gemma, …) if it is not picked up.\n" \
  "model_name_or_path: %s\n" \
  "stage: sft\n" \
  "do_train: true\n" \
  "finetuning_type: lora\n" \
  "lora_target: all\n" \
  "lora_rank: 16\n" \
  "lora_alpha: 32\n" \
  "lora_dropout: 0.05\n" \
  "dataset_dir: .\n" \
  "dataset: versus_train\n" \
  "eval_dataset: versus_validation\n" \
  "template: default\n" \
  "cutoff_len: 4096\n" \
  "output_dir: outputs/llamafactory-lora\n" \
  "logging_steps: 1\n" \
  "save_strategy: epoch\n" \
  "per_device_train_batch_size: 2\n" \
  "gradient_accumulation_steps: 4\n" \
  "learning_rate: 1.0e-4\n" \
  "num_train_epochs: 3.0\n" \
  "lr_scheduler_type: cosine\n" \
  "warmup_ratio: 0.05\n" \
  "bf16: true\n" \
  "per_device_eval_batch_size: 2\n" \
  "eval_strategy: epoch\n"

#define DATASET_INFO_ENTRY \
  "  \"%s\": {\n" \
  "    \"file_name\": \"%s\",\n" \
  "    \"formatting\": \"sharegpt\",\n" \
  "    \"columns\": { \"messages\": \"messages\" },\n" \
  "    \"tags\": {\n" \
  "      \"role_tag\": \"role\",\n" \
  "      \"content_tag\": \"content\",\n" \
  "      \"user_tag\": \"user\",\n" \
  "      \"assistant_tag\": \"assistant\",\n" \
  "      \"system_tag\": \"system\"\n" \
  "    }\n" \
  "  }"

#define README_MD \
  "# Training kit: %s\n" \
  "\n" \
  "Written by Versus from `%s`: %u training and %u validation examples in the chat format\n" \
  "(`{\"messages\": [{\"role\": …, \"content\": …}, …]}` per line), for base model `%s`.\n" \
  "\n" \
  "| file | what it is |\n" \
  "| --- | --- |\n" \
  "| `train.jsonl`, `validation.jsonl` | the split (also read by TRL's `SFTTrainer`, " \
  "Unsloth) |\n" \
  "| `axolotl.yaml` | Axolotl config: `datasets:`, `test_datasets:`, LoRA r=16, " \
  "alpha=32, 3 epochs |\n" \
  "| `dataset_info.json`, `llamafactory.yaml` | LLaMA-Factory dataset registration and " \
  "LoRA SFT config |\n" \
  "| `Modelfile` | Ollama import of the GGUF file made below |\n" \
  "\n" \
  "## 1. Train (pick one)\n" \
  "\n" \
  "Axolotl (writes the adapter to `outputs/lora`, merged weights to `outputs/lora/merged`):\n" \
  "\n" \
  "```sh\n" \
  "pip install axolotl\n" \
  "axolotl preprocess axolotl.yaml\n" \
  "axolotl train axolotl.yaml\n" \
  "axolotl merge-lora axolotl.yaml --lora-model-dir ./outputs/lora\n" \
  "```\n" \
  "\n" \
  "LLaMA-Factory (run in this folder; merged weights to `outputs/lora/merged` as well):\n" \
  "\n" \
  "```sh\n" \
  "pip install llamafactory\n" \
  "llamafactory-cli train llamafactory.yaml\n" \
  "llamafactory-cli export --model_name_or_path %s \\\n" \
  "  --adapter_name_or_path outputs/llamafactory-lora \\\n" \
  "  --template default --finetuning_type lora --export_dir outputs/lora/merged\n" \
  "```\n" \
  "\n" \
  "## 2. Serve it as an endpoint\n" \
  "\n" \
  "vLLM (OpenAI-compatible server on port 8000):\n" \
  "\n" \
  "```sh\n" \
  "vllm serve ./outputs/lora/merged --served-model-name %s --port 8000\n" \
  "# or keep the base model and serve the adapter:\n" \
  "vllm serve %s --enable-lora --lora-modules %s=./outputs/lora --port 8000\n" \
  "```\n" \
  "\n" \
  "llama.cpp (convert to GGUF, then its OpenAI-compatible server on port 8080):\n" \
  "\n" \
  "```sh\n" \
  "python convert_hf_to_gguf.py ./outputs/lora/merged --outfile %s.gguf --outtype q8_0\n" \
  "llama-server -m %s.gguf --port 8080\n" \
  "```\n" \
  "\n" \
  "Ollama (imports the GGUF file made above with the `Modelfile` here):\n" \
  "\n" \
  "```sh\n" \
  "ollama create %s -f Modelfile\n" \
  "ollama run %s \"Hello\"\n" \
  "```\n" \
  "\n" \
  "## 3. Bring it back into Versus\n" \
  "\n" \
  "Add the server as an endpoint (Preferences → Endpoints) and use model `%s` as a contender,\n" \
  "or try it from the command line:\n" \
  "\n" \
  "```sh\n" \
  "# vLLM, then llama.cpp, then Ollama\n" \
  "versus-cli chat --endpoint http://127.0.0.1:8000/v1 --model %s --message \"Hello\"\n" \
  "versus-cli chat --endpoint http://127.0.0.1:8080/v1 --model %s --message \"Hello\"\n" \
  "versus-cli chat --endpoint http://127.0.0.1:11434 --kind ollama --model %s \\\n" \
  "  --message \"Hello\"\n" \
  "```\n"

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            gssize       length,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_set_contents (path, contents, length, error);
}

/* "versus-ft" from the base model's last path segment: lower case, [a-z0-9-]. */
static char *
served_name (const char *base_model)
{
  const char *slash = strrchr (base_model, '/');
  GString *name = g_string_new (NULL);

  for (const char *p = slash ? slash + 1 : base_model; *p != '\0' && name->len < 40; p++)
    g_string_append_c (name, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : '-');
  g_string_append (name, "-versus-ft");
  return g_string_free (name, FALSE);
}

/* Reads the chat examples of @path into @lines (pointers into *@contents, which the caller
 * frees); a line that is not a chat example fails naming it. */
static gboolean
read_chat_lines (const char  *path,
                 char       **contents,
                 GPtrArray   *lines,
                 GError     **error)
{
  gsize length;
  char *line;
  char *next;
  guint line_no = 0;

  if (!g_file_get_contents (path, contents, &length, error))
    return FALSE;
  for (line = *contents; line != NULL && line < *contents + length; line = next)
    {
      g_autoptr(JsonNode) node = NULL;
      char *end = memchr (line, '\n', *contents + length - line);
      JsonObject *object;
      JsonNode *messages;

      next = end ? end + 1 : NULL;
      if (end != NULL)
        *end = '\0';
      line_no++;
      if (end != NULL && end > line && end[-1] == '\r')
        end[-1] = '\0';
      if (*g_strstrip (line) == '\0')
        continue;
      node = vs_json_parse (line, -1, NULL);
      object = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      messages = object ? json_object_get_member (object, "messages") : NULL;
      if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID,
                       _("%s, line %u: not a chat example (a JSON object with a “messages” "
                         "array); convert the file first with “versus-cli dataset convert "
                         "--to openai-chat”"), path, line_no);
          return FALSE;
        }
      g_ptr_array_add (lines, line);
    }
  return TRUE;
}

static void
append_lines (GString   *out,
              GPtrArray *lines)
{
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
}

/* The kit's files in @dir: the two splits, the trainers' configs, the README. */
static gboolean
write_kit (const char  *dir,
           const char  *base_model,
           const char  *title,
           GString     *train,
           guint        n_train,
           GString     *validation,
           guint        n_validation,
           GError     **error)
{
  g_autofree char *yaml = NULL;
  g_autofree char *lf_yaml = NULL;
  g_autofree char *info = NULL;
  g_autofree char *entry_train = NULL;
  g_autofree char *entry_validation = NULL;
  g_autofree char *readme = NULL;
  g_autofree char *name = NULL;
  g_autofree char *modelfile = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  name = served_name (base_model);
  yaml = g_strdup_printf (AXOLOTL_YAML, base_model);
  lf_yaml = g_strdup_printf (LLAMAFACTORY_YAML, base_model);
  entry_train = g_strdup_printf (DATASET_INFO_ENTRY, "versus_train", "train.jsonl");
  entry_validation = g_strdup_printf (DATASET_INFO_ENTRY, "versus_validation",
                                      "validation.jsonl");
  info = g_strdup_printf ("{\n%s,\n%s\n}\n", entry_train, entry_validation);
  modelfile = g_strdup_printf ("# Ollama: ollama create %s -f Modelfile\nFROM ./%s.gguf\n",
                               name, name);
  readme = g_strdup_printf (README_MD, title, title, n_train, n_validation,
                            base_model, base_model, name, base_model, name, name, name, name,
                            name, name, name, name, name);

  return write_file (dir, "train.jsonl", train->str, train->len, error) &&
         write_file (dir, "validation.jsonl", validation->str, validation->len, error) &&
         write_file (dir, "axolotl.yaml", yaml, -1, error) &&
         write_file (dir, "llamafactory.yaml", lf_yaml, -1, error) &&
         write_file (dir, "dataset_info.json", info, -1, error) &&
         write_file (dir, "Modelfile", modelfile, -1, error) &&
         write_file (dir, "README.md", readme, -1, error);
}

gboolean
vs_finetune_kit_write (const char          *dataset_path,
                       const char          *dir,
                       const char          *base_model,
                       double               validation_fraction,
                       guint32              seed,
                       VsFinetuneKitCounts *counts,
                       GError             **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GString) train = g_string_new (NULL);
  g_autoptr(GString) validation = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *title = NULL;
  g_autofree guint *order = NULL;
  guint n_validation;

  g_return_val_if_fail (dataset_path != NULL && dir != NULL, FALSE);

  if (base_model == NULL || *base_model == '\0')
    base_model = VS_FINETUNE_KIT_DEFAULT_BASE_MODEL;
  if (!read_chat_lines (dataset_path, &contents, lines, error))
    return FALSE;
  if (lines->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s has no examples"), dataset_path);
      return FALSE;
    }

  /* Fisher–Yates over the indices; the first n_validation go to validation, and each file
   * keeps the source order. */
  order = g_new (guint, lines->len);
  for (guint i = 0; i < lines->len; i++)
    order[i] = i;
  for (guint i = lines->len - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, (gint32) i + 1);
      guint t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  n_validation = (guint) (lines->len * CLAMP (validation_fraction, 0.0, 0.5) + 0.5);
  if (n_validation == 0 && lines->len >= 2 && validation_fraction > 0)
    n_validation = 1;
  {
    g_autofree gboolean *in_validation = g_new0 (gboolean, lines->len);

    for (guint i = 0; i < n_validation; i++)
      in_validation[order[i]] = TRUE;
    for (guint i = 0; i < lines->len; i++)
      {
        GString *out = in_validation[i] ? validation : train;
        g_string_append (out, g_ptr_array_index (lines, i));
        g_string_append_c (out, '\n');
      }
  }

  title = g_path_get_basename (dataset_path);
  if (!write_kit (dir, base_model, title, train, lines->len - n_validation, validation,
                  n_validation, error))
    return FALSE;
  if (counts != NULL)
    {
      counts->n_train = lines->len - n_validation;
      counts->n_validation = n_validation;
    }
  return TRUE;
}

gboolean
vs_finetune_kit_write_splits (const char          *train_path,
                              const char          *validation_path,
                              const char          *title,
                              const char          *dir,
                              const char          *base_model,
                              VsFinetuneKitCounts *counts,
                              GError             **error)
{
  g_autofree char *train_contents = NULL;
  g_autofree char *validation_contents = NULL;
  g_autoptr(GPtrArray) train_lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) validation_lines = g_ptr_array_new ();
  g_autoptr(GString) train = g_string_new (NULL);
  g_autoptr(GString) validation = g_string_new (NULL);

  g_return_val_if_fail (train_path != NULL && title != NULL && dir != NULL, FALSE);

  if (base_model == NULL || *base_model == '\0')
    base_model = VS_FINETUNE_KIT_DEFAULT_BASE_MODEL;
  if (!read_chat_lines (train_path, &train_contents, train_lines, error) ||
      (validation_path != NULL &&
       !read_chat_lines (validation_path, &validation_contents, validation_lines, error)))
    return FALSE;
  if (train_lines->len == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID, _("%s has no training examples"), title);
      return FALSE;
    }
  append_lines (train, train_lines);
  append_lines (validation, validation_lines);
  if (!write_kit (dir, base_model, title, train, train_lines->len, validation,
                  validation_lines->len, error))
    return FALSE;
  if (counts != NULL)
    {
      counts->n_train = train_lines->len;
      counts->n_validation = validation_lines->len;
    }
  return TRUE;
}
