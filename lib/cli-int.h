/* cli-int.h: what the parts of the tools' shared code (cli*.c) share
 * among themselves only. */
#ifndef TKT_CLI_INT_H
#define TKT_CLI_INT_H

#include "tkt-tool.h"

/* Load the configuration the tool names (--config, else the default)
 * once, for the store, the agent and the team; 0 or the error. */
int tkt_cli_config_load(struct tkt_cli *cli);
/* The option of key c in opts, or NULL. */
const struct tkt_opt *tkt_cli_find_short(const struct tkt_opt *opts, int c);
/* The tag words of the command line looked up in the store just opened
 * (see tkt_cli_open). */
void tkt_cli_tag_words_check(struct tkt_cli *cli);

#endif
