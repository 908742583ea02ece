/* vs-finetune-kit.h
 *
 * Copyright 2026 The Versus authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The training kit for local trainers: from a chat JSONL file ({"messages": […]} per line), a
 * folder with train.jsonl and validation.jsonl (a seeded split), an Axolotl config
 * (axolotl.yaml: `datasets:` / `test_datasets:` and LoRA defaults), LLaMA-Factory's
 * dataset_info.json and a llamafactory.yaml, an Ollama Modelfile, and a README with the exact
 * commands to train and then serve the result as an OpenAI-compatible endpoint (vLLM,
 * llama.cpp's server) or in Ollama — so the model comes back into Versus as an endpoint.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VS_FINETUNE_KIT_DEFAULT_BASE_MODEL "meta-llama/Llama-3.2-1B-Instruct"

typedef struct
{
  guint n_train;
  guint n_validation;
} VsFinetuneKitCounts;

/* Writes the kit for @dataset_path into @dir (created when missing; files in it are
 * replaced). @base_model NULL = VS_FINETUNE_KIT_DEFAULT_BASE_MODEL. @validation_fraction of
 * the examples (at least one when there are two or more) go to validation, chosen with
 * @seed. A line that is not a JSON object with a "messages" array fails with
 * VS_ERROR_INVALID naming the line; nothing is written then. */
gboolean vs_finetune_kit_write (const char          *dataset_path,
                                const char          *dir,
                                const char          *base_model,
                                double               validation_fraction,
                                guint32              seed,
                                VsFinetuneKitCounts *counts,
                                GError             **error);

/* The same kit from splits made beforehand (a project dataset's train and validation splits
 * exported as chat JSONL): @train_path's examples train, @validation_path's (may be NULL)
 * validate; @title names the data in the README. */
gboolean vs_finetune_kit_write_splits (const char          *train_path,
                                       const char          *validation_path,
                                       const char          *title,
                                       const char          *dir,
                                       const char          *base_model,
                                       VsFinetuneKitCounts *counts,
                                       GError             **error);

G_END_DECLS
