/* fuzz.h: what the fuzz targets share.  Each target is one file that
 * defines LLVMFuzzerTestOneInput (and, when it needs set-up, calls
 * fuzz_init from it); built with clang -fsanitize=fuzzer it is a libFuzzer
 * binary (make fuzz), linked with replay.c it runs saved inputs (make
 * check replays tests/fuzz/corpus/TARGET). */
#ifndef TKT_FUZZ_H
#define TKT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "tkt-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (a NUL inside ends it early, as it
 * would for a command-line argument).  Free it. */
char *fuzz_str(const uint8_t *data, size_t size);
/* Write the input to this process's scratch file named name (in a private
 * directory removed at exit) and return its path; the path stays the same
 * from run to run. */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/* The scratch directory. */
const char *fuzz_dir(void);
/* The built-in configuration (no file), loaded once. */
const struct tkt_config *fuzz_config(void);
/* A store in the scratch directory, opened once; fuzz_store_empty() clears
 * every table between runs. */
tkt_store *fuzz_store(void);
void fuzz_store_empty(void);

#endif
