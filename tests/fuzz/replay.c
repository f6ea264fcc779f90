/* replay.c: run a fuzz target over saved inputs, without libFuzzer: each
 * argument is a file, or a directory whose files are each one input.
 * Prints how many ran; a crash is the sanitizers' (or the signal's). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int
run(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t n = 0, cap = 0, got;

	if (!fp) {
		perror(path);
		return 1;
	}
	do {
		if (n == cap && !(data = realloc(data, cap = cap ? 2 * cap : 4096)))
			abort();
		got = fread(data + n, 1, cap - n, fp);
		n += got;
	} while (got);
	if (ferror(fp)) {
		perror(path);
		fclose(fp);
		free(data);
		return 1;
	}
	fclose(fp);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
main(int argc, char **argv)
{
	int i, bad = 0, runs = 0;

	for (i = 1; i < argc; i++) {
		struct stat sb;
		struct dirent **ent;
		int k, n;

		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			bad |= run(argv[i]);
			runs++;
			continue;
		}
		if ((n = scandir(argv[i], &ent, NULL, by_name)) < 0) {
			perror(argv[i]);
			bad = 1;
			continue;
		}
		for (k = 0; k < n; k++) {
			char path[4096];

			if (ent[k]->d_name[0] != '.') {
				snprintf(path, sizeof path, "%s/%s", argv[i], ent[k]->d_name);
				bad |= run(path);
				runs++;
			}
			free(ent[k]);
		}
		free(ent);
	}
	printf("%s: %d inputs\n", argv[0], runs);
	return bad;
}
