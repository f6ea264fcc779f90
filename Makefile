# tkt: a help desk in Unix tools.  See README.md.

VERSION    = 0.1.0
PREFIX     = /usr/local
BINDIR     = $(PREFIX)/bin
LIBDIR     = $(PREFIX)/lib
INCDIR     = $(PREFIX)/include
MANDIR     = $(PREFIX)/share/man
DATADIR    = $(PREFIX)/share/tkt
# The system's configuration (tkt/config.yaml there): /etc for an install
# in /usr, PREFIX/etc for any other.
SYSCONFDIR = $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
# Shell completion, where bash-completion and zsh look for it.
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
PKGDIR     = $(LIBDIR)/pkgconfig
DESTDIR    =

CC         = cc
PKG_CONFIG = pkg-config
# GMime lives in a module (tkt/mime.so) the tools load only for mail, and
# libpq in one (tkt/pg.so) they load only for a PostgreSQL store.
CORE_PC    = sqlite3 yaml-0.1 libpcre2-8
MIME_PC    = gmime-3.0 uchardet
PG_PC      = libpq
DEPS_PC    = $(CORE_PC) $(MIME_PC) $(PG_PC)
CFLAGS     = -O2 -g
WARN       = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes
# The directories the tools are built for, and the same under PREFIX:
# installed anywhere, a tool finds its modules and templates from where
# it is (its BINDIR, or libtkt's LIBDIR, under some prefix: share/tkt
# there), else in the directories it was built for.
rel        = $(patsubst $(PREFIX)/%,%,$(1))
CPPFLAGS   = -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Ilib \
             -DTKT_VERSION='"$(VERSION)"' -DTKT_DATADIR='"$(DATADIR)"' -DTKT_LIBDIR='"$(LIBDIR)"' \
             -DTKT_SYSCONFDIR='"$(SYSCONFDIR)"' \
             -DTKT_BINDIR_REL='"$(call rel,$(BINDIR))"' -DTKT_LIBDIR_REL='"$(call rel,$(LIBDIR))"' \
             -DTKT_DATADIR_REL='"$(call rel,$(DATADIR))"'
DEP_CFLAGS = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags $(DEPS_PC)))
DEP_LIBS   = -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(CORE_PC)) -lcsv -lm
MIME_LIBS  = -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(MIME_PC))
PG_LIBS    = -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(PG_PC))
# The tools take SQLite from its static library (libsqlite3-dev has it):
# Debian's libsqlite3.so binds some 1600 symbols at every start, a tenth
# of the time of a one-shot write such as tkt-new.
TOOL_LIBS  = -Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic $(DEP_LIBS)

# SANITIZE=1 builds everything with AddressSanitizer and UBSan.
ifeq ($(SANITIZE),1)
CFLAGS    += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
endif

ALL_CFLAGS = $(WARN) $(CFLAGS) $(CPPFLAGS) $(DEP_CFLAGS)

# Debian packages the build and the tests need (make deps installs them).
DEBS       = build-essential pkg-config libsqlite3-dev libpq-dev libyaml-dev libpcre2-dev libgmime-3.0-dev \
             libuchardet-dev libcmocka-dev libcsv-dev \
             sqlite3 jq perl mandoc man-db bsdextrautils valgrind postgresql zsh libxml2-utils \
             debhelper fakeroot lintian systemd

# FUZZ=1 (make fuzz) builds with clang for libFuzzer, sanitizers on.
ifeq ($(FUZZ),1)
CC         = clang
CFLAGS    += -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
LDFLAGS   += -fsanitize=address,undefined
endif

# The sanitizer and fuzzing builds live apart, so all can be tested in
# one tree.
B          = build$(if $(filter 1,$(SANITIZE)),/asan)$(if $(filter 1,$(FUZZ)),/fuzzer)
# The tools' framework (options, terminal, pager, a ticket shown, editor,
# mail out) and the modes built on it are no part of libtkt: an archive
# of their own, linked by the tools only.
TOOLSRC    = lib/cli.c lib/cli-opts.c lib/cli-input.c lib/cli-modes.c lib/cli-ticket.c lib/term.c lib/show.c lib/compose.c lib/reply-out.c \
             lib/mail-deliver.c lib/batch-import.c lib/qa-run.c lib/attachment-cli.c lib/draft.c
# Nor are the modules' sources (their rules are below): named here,
# before the rules whose prerequisites name LIBSRC, as make expands a
# rule's prerequisites when it reads it.
MIMESRC    = lib/mime.c lib/mime-charset.c
PGSRC      = lib/store-pg.c lib/store-pg-schema.c lib/store-pg-sql.c
LIBSRC     = $(filter-out $(MIMESRC) $(PGSRC) $(TOOLSRC),$(wildcard lib/*.c))
TOOLOBJ    = $(TOOLSRC:lib/%.c=$(B)/lib/%.o)
HEADERS    = lib/tkt.h lib/tkt-int.h lib/fold.h lib/tkt-tool.h lib/template-int.h lib/qa-int.h lib/metrics-int.h \
             lib/import-int.h lib/filter-int.h lib/csv-int.h
MIME       = $(B)/lib/tkt/mime.so
PGMOD      = $(B)/lib/tkt/pg.so
LIBOBJ     = $(LIBSRC:lib/%.c=$(B)/lib/%.o)
LIBPIC     = $(LIBSRC:lib/%.c=$(B)/pic/%.o)
TOOLS      = $(patsubst cmd/%.c,%,$(wildcard cmd/*.c))
BINS       = $(TOOLS:%=$(B)/bin/%)
UNITSRC    = $(wildcard tests/unit/test_*.c)
UNITS      = $(UNITSRC:tests/unit/%.c=$(B)/unit/%)
SOMAJOR    = 0
SONAME     = libtkt.so.$(SOMAJOR)

all: $(BINS) $(MIME) $(PGMOD) $(B)/libtkt.a $(B)/libtkt-tool.a $(B)/$(SONAME) $(B)/libtkt.pc $(B)/share/tkt/templates

# What the objects are built for (the version and the directories): when
# it changes, by make VERSION=... or make PREFIX=... install after another
# build, what bakes it in is built again.  Rewritten only when it changes.
OPTIONS    = $(B)/build-options
$(OPTIONS): FORCE
	@mkdir -p $(@D)
	@echo '$(VERSION) $(PREFIX) $(BINDIR) $(LIBDIR) $(DATADIR) $(INCDIR) $(SYSCONFDIR)' | cmp -s - $@ || \
		echo '$(VERSION) $(PREFIX) $(BINDIR) $(LIBDIR) $(DATADIR) $(INCDIR) $(SYSCONFDIR)' >$@
FORCE:

# The build tree is laid out as an install: bin, lib/tkt, and the
# templates in share/tkt.
$(B)/share/tkt/templates:
	@mkdir -p $(@D)
	ln -sfn $(CURDIR)/templates $@

$(B)/lib/%.o: lib/%.c $(HEADERS) $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# libtkt.so exports its API (tkt.h) and nothing else: hidden by default,
# and the explicit list of lib/libtkt.map.
$(B)/pic/%.o: lib/%.c $(HEADERS) $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(B)/libtkt.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

$(B)/libtkt-tool.a: $(TOOLOBJ)
	rm -f $@
	ar rcs $@ $(TOOLOBJ)

$(B)/$(SONAME): $(LIBPIC) lib/libtkt.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libtkt.map $(LDFLAGS) -o $@ \
		$(LIBPIC) $(DEP_LIBS)
	ln -sf $(SONAME) $(B)/libtkt.so

# The tools link the static library: one copy of the code, no run-time
# search for libtkt.so, and the fastest start for one-shot processes (so
# SQLite's too, TOOL_LIBS).  Any of them may load the PostgreSQL module,
# and three the mail module, which link nothing of libtkt: the program
# lends them what they call (module.c), so it exports nothing.
$(B)/bin/%: cmd/%.c $(B)/libtkt-tool.a $(B)/libtkt.a $(HEADERS) $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(B)/libtkt-tool.a $(B)/libtkt.a $(TOOL_LIBS)

# The mail module: GMime, loaded by tkt-new --mail, tkt-reply --mail-out
# and tkt-report --mail-to; what it needs of libtkt it is lent by the
# program that loads it (tkt-module.h).
$(MIME): $(MIMESRC) lib/mime-int.h lib/tkt.h lib/tkt-int.h lib/tkt-module.h $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -shared $(LDFLAGS) -o $@ $(MIMESRC) $(MIME_LIBS)

# The PostgreSQL backend: libpq, loaded when a store address names it.
$(PGMOD): $(PGSRC) lib/store-pg-int.h lib/tkt.h lib/tkt-int.h lib/tkt-module.h $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -shared $(LDFLAGS) -o $@ $(PGSRC) $(PG_LIBS)

$(B)/unit/%: tests/unit/%.c tests/unit/unit.h $(B)/libtkt-tool.a $(B)/libtkt.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) $(LDFLAGS) -o $@ $< \
		$(B)/libtkt-tool.a $(B)/libtkt.a $(DEP_LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(B)/libtkt.pc: lib/libtkt.pc.in Makefile $(OPTIONS)
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES@|$(CORE_PC)|' $< > $@

# The header as installed: its version the one built.
$(B)/include/tkt.h: lib/tkt.h $(OPTIONS)
	@mkdir -p $(@D)
	sed 's|^#define TKT_VERSION ".*"$$|#define TKT_VERSION "$(VERSION)"|' lib/tkt.h >$@

# ---- tests -------------------------------------------------------------
# make check: the lint of the test suite (tests/lint.sh: no test that
# cannot fail), the unit tests, the fuzz replay, then the end-to-end tests of
# a staged install twice: against SQLite stores, then against a throw-away
# PostgreSQL server (tests/pg.sh; it says SKIP when no server is
# installed).  Both halves run; either failing fails make check.  Built
# with the sanitizers (SANITIZE=1), the PostgreSQL half runs CLI_PG_SAN,
# and the kill tests kill half as often.
# make check-sqlite is all but the PostgreSQL half; make check-pg is the
# PostgreSQL half alone.
STAGE     = $(CURDIR)/$(B)/stage
# SANITIZE=1: the writers of 0170-concurrency do fewer operations
# (TKT_TEST_OPS), and TKT_TEST_SANITIZE tells the tests that this is the
# sanitizer run (0260-install, which builds with the plain flags, skips).
CLI_ENV   = TKT_STAGE=$(STAGE) TKT_PREFIX=$(PREFIX) TKT_GEN=$(CURDIR)/$(B)/bench/gen \
            $(if $(filter 1,$(SANITIZE)),TKT_TEST_OPS=200 TKT_TEST_KILLS=30 TKT_TEST_SANITIZE=1)
# Two at a time: the tests keep to their own directories and databases
# (make memcheck has always run them so).  The slowest go first: started
# last, one of them would run alone at the end, a core idle beside it
# (0260-install, the last of the SQLite half, took some 40 s so).
CLI_SLOW  = 0180-crash 0160-bad-input 0170-concurrency 0260-install 0200-postgresql 0130-mail \
            0190-faults 0070-store
CLI_FIRST = $(filter $(wildcard tests/cli/*.t),$(CLI_SLOW:%=tests/cli/%.t))
CLI_FILES = $(CLI_FIRST) $(filter-out $(CLI_FIRST),$(sort $(wildcard tests/cli/*.t)))
CLI_TESTS = prove --timer -f -j2 $(CLI_FILES)
# Under the sanitizers the PostgreSQL half runs the tests of what the
# backend does its own way (connections and their errors, the store and
# its migrations, imports, the report's cursors, search, merges and
# links) and replies and listings, its most used statements: the plain
# PostgreSQL half runs every test, and the sanitizers every test on
# SQLite, whose C is the same but for the backend's.
CLI_PG_SAN = $(filter $(wildcard tests/cli/*.t),$(patsubst %,tests/cli/%.t,0200-postgresql \
             0070-store 0140-batch 0110-tkt-report 0280-search 0290-merge 0020-tkt-reply 0040-tkt-ls))
CLI_PG     = prove --timer -f -j2 $(if $(filter 1,$(SANITIZE)),$(CLI_PG_SAN),$(CLI_FILES))

check: check-units check-stage
	@rc=0; \
	echo "== the end-to-end tests on SQLite"; \
	$(CLI_ENV) $(CLI_TESTS) || rc=1; \
	echo "== the end-to-end tests on PostgreSQL"; \
	$(CLI_ENV) sh tests/pg.sh $(CLI_PG) || rc=$$((rc + 2)); \
	case $$rc in 1) echo "make check: the SQLite half failed" >&2;; \
	2) echo "make check: the PostgreSQL half failed" >&2;; \
	3) echo "make check: both halves failed" >&2;; esac; \
	exit $$rc

check-sqlite: check-units check-stage
	$(CLI_ENV) $(CLI_TESTS)

check-pg: check-stage
	$(CLI_ENV) sh tests/pg.sh $(CLI_PG)

check-units: all $(UNITS) fuzz-replay
	sh tests/lint.sh
	@set -e; for t in $(UNITS); do echo "== $$t"; ./$$t; done

# The install the end-to-end tests run.
check-stage: all $(B)/bench/gen
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(STAGE) >/dev/null

# ---- fuzzing -------------------------------------------------------------
# Each target in tests/fuzz/ is built twice: linked with replay.c, it runs
# the saved inputs of tests/fuzz/corpus/TARGET (make check, in every
# build); with FUZZ=1 (clang, libFuzzer) make fuzz runs each for
# FUZZ_SECONDS, keeping what it finds in $(B)/fuzz/corpus/TARGET.
FUZZ_TARGETS = $(filter-out fuzz replay,$(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/*.c)))
FUZZ_SECONDS = 60
REPLAYS      = $(FUZZ_TARGETS:%=$(B)/fuzz/replay-%)
FUZZMIME     = $(B)/fuzz/mime.o $(B)/fuzz/mime-charset.o
fuzz_libs    = $(if $(filter mail,$*),$(FUZZMIME)) $(B)/libtkt.a $(DEP_LIBS) \
               $(if $(filter mail,$*),$(MIME_LIBS))

$(B)/fuzz/%.o: tests/fuzz/%.c tests/fuzz/fuzz.h lib/tkt.h lib/tkt-int.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -c -o $@ $<

$(FUZZMIME): $(B)/fuzz/%.o: lib/%.c lib/mime-int.h lib/tkt.h lib/tkt-int.h lib/tkt-module.h $(OPTIONS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/fuzz/replay-%: $(B)/fuzz/%.o $(B)/fuzz/replay.o $(B)/fuzz/fuzz.o $(B)/libtkt.a $(FUZZMIME)
	$(CC) $(LDFLAGS) -o $@ $(B)/fuzz/$*.o $(B)/fuzz/replay.o $(B)/fuzz/fuzz.o $(fuzz_libs)

$(B)/fuzz/fuzz-%: $(B)/fuzz/%.o $(B)/fuzz/fuzz.o $(B)/libtkt.a $(FUZZMIME)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $(B)/fuzz/$*.o $(B)/fuzz/fuzz.o $(fuzz_libs)

fuzz-replay: $(REPLAYS)
	@set -e; for t in $(FUZZ_TARGETS); do $(B)/fuzz/replay-$$t tests/fuzz/corpus/$$t; done

ifeq ($(FUZZ),1)
fuzz-run: $(FUZZ_TARGETS:%=fuzz-run-%)
fuzz-run-%: $(B)/fuzz/fuzz-%
	@mkdir -p $(B)/fuzz/corpus/$*
	@echo "== $*: $(FUZZ_SECONDS) s, log in $(B)/fuzz/$*.log"
	@if ! $(B)/fuzz/fuzz-$* -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict) \
		-artifact_prefix=$(B)/fuzz/$*- $(B)/fuzz/corpus/$* tests/fuzz/corpus/$* \
		>$(B)/fuzz/$*.log 2>&1; then tail -40 $(B)/fuzz/$*.log; exit 1; fi
	@grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(B)/fuzz/$*.log | sed 's/^/$*: /'
endif

fuzz:
	@command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install clang)" >&2; exit 69; }
	$(MAKE) --no-print-directory FUZZ=1 fuzz-run

# The unit tests and the end-to-end tests with every tool under valgrind
# memcheck: no errors, no leaks (tests/memcheck.sh).
# It stages its own install, so make check can run meanwhile.
# Not under valgrind, where each process costs a second or two: the tests
# of what many processes do to one store at once (0170-concurrency) or
# killed (0180-crash), of bad input by the hundred cases (0160) and of
# the system failing the tools (0190: a full disk, a store removed, stdout
# closed), of the whole mail corpus delivered twice (0130; mail
# runs under valgrind in 0131, 0132, 0135 and 0146), of the shell's
# completion (0210, whose calls of the tools, tkt-ls --values, 0285 makes
# too), of a browser drawing the page (0250), of the install (0260) and
# of the examples of the man pages and the README (0095: some 500
# processes, each a use the other tests make of the tools).
# Every test runs under the sanitizers (make check SANITIZE=1, whose
# LeakSanitizer finds leaks too).
CLI_MEM_SKIP = 0095-examples 0130-mail 0160-bad-input 0170-concurrency 0180-crash 0190-faults \
               0210-completion 0250-report-browser 0260-install
CLI_MEM  = $(filter-out $(CLI_MEM_SKIP:%=tests/cli/%.t),$(CLI_FILES))
MEMSTAGE = $(CURDIR)/$(B)/memcheck-stage
memcheck: all $(UNITS) $(B)/bench/gen
	rm -rf $(MEMSTAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(MEMSTAGE) >/dev/null
	TKT_STAGE=$(MEMSTAGE) TKT_PREFIX=$(PREFIX) TKT_GEN=$(CURDIR)/$(B)/bench/gen \
	TKT_TESTS="$${TKT_TESTS:-$(CLI_MEM)}" \
		sh tests/memcheck.sh $(MEMSTAGE)$(PREFIX) $(CURDIR)/$(B)/memcheck $(UNITS)

demo: all
	sh tests/demo.sh $(B)/bin

# How often qa-check says what a person said, on the replies labelled by
# hand in tests/data/qa/labels (see tests/qa/agreement.pl).
qa-agreement: all
	perl tests/qa/agreement.pl $(B)/bin tests/data/qa/labels/*.tsv

# Measurements, not tests: tests/bench/run.sh prints one table and keeps
# it as TSV in $(B)/bench/bench.tsv (see README.md).
BENCHBIN   = $(B)/bench/gen $(B)/bench/lat $(B)/bench/floor $(B)/bench/conc
$(B)/bench/%: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(LDFLAGS) -o $@ $< -lm

# The C floor links SQLite as the tools do (TOOL_LIBS): the same start.
$(B)/bench/floor: tests/bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) -o $@ $< -Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic -lm

bench: all $(BENCHBIN)
	sh tests/bench/run.sh $(B)

# The PostgreSQL rows alone, on a throw-away server that tests/bench/pg.sh
# starts (durable, as the SQLite store is), kept in $(B)/bench/bench-pg.tsv.
bench-pg: all $(BENCHBIN)
	sh tests/bench/pg.sh $(B)

# make bench-compare OLD=old.tsv [NEW=new.tsv]: the rows of the table NEW
# (by default the last make bench's) slower than in OLD by more than the
# noise between two runs of one commit (tests/bench/compare.sh).
bench-compare:
	@test -n "$(OLD)" || { echo "usage: make bench-compare OLD=old.tsv [NEW=new.tsv]" >&2; exit 2; }
	sh tests/bench/compare.sh $(OLD) $(or $(NEW),$(B)/bench/bench.tsv)

SUDO = $(if $(filter 0,$(shell id -u)),,sudo)
deps:
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends $(DEBS)

# ---- install -----------------------------------------------------------
install: all $(B)/include/tkt.h
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/tkt $(DESTDIR)$(INCDIR) \
	           $(DESTDIR)$(PKGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5 \
	           $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(DATADIR)/templates \
	           $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(MIME) $(PGMOD) $(DESTDIR)$(LIBDIR)/tkt/
	install -m 644 $(B)/libtkt.a $(DESTDIR)$(LIBDIR)/
	install -m 644 $(B)/$(SONAME) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libtkt.so
	install -m 644 $(B)/include/tkt.h $(DESTDIR)$(INCDIR)/
	install -m 644 $(B)/libtkt.pc $(DESTDIR)$(PKGDIR)/
	install -m 644 man/man1/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 man/man5/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/man7/*.7 $(DESTDIR)$(MANDIR)/man7/
	cd templates && for d in $$(find . -type d); do \
		install -d "$(DESTDIR)$(DATADIR)/templates/$$d" || exit 1; done && \
		for f in $$(find . -type f); do \
		install -m 644 "$$f" "$(DESTDIR)$(DATADIR)/templates/$$f" || exit 1; done
	install -m 644 completions/tkt.bash $(DESTDIR)$(BASHCOMPDIR)/tkt
	for t in $(TOOLS); do ln -sf tkt $(DESTDIR)$(BASHCOMPDIR)/$$t; done
	install -m 644 completions/_tkt $(DESTDIR)$(ZSHCOMPDIR)/

# ---- the help desk as a service ------------------------------------------
# make install-service: the systemd units of service/ (each sandboxed
# alike: service/sandbox.conf), the system's config.yaml and the timers'
# addresses (kept when there), and service/setup, which makes the user
# and group tkt and /var/lib/tkt (run here without DESTDIR; the Debian
# package runs it from its postinst).
SYSTEMDDIR = $(if $(filter /usr,$(PREFIX)),/lib,$(PREFIX)/lib)/systemd/system
# The service's scripts, the same for every architecture.
SVCLIBDIR  = $(PREFIX)/lib/tkt
SVC_UNITS  = $(patsubst service/%.in,$(B)/service/%,$(wildcard service/*.service.in)) $(wildcard service/*.timer)

$(B)/service/%.service: service/%.service.in service/sandbox.conf Makefile $(OPTIONS)
	@mkdir -p $(@D)
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SVCLIBDIR@|$(SVCLIBDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    -e '/^@SANDBOX@$$/{r service/sandbox.conf' -e 'd;}' $< >$@

services: $(filter $(B)/%,$(SVC_UNITS))

install-service: services
	install -d $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(SYSCONFDIR)/tkt $(DESTDIR)$(SYSCONFDIR)/default \
	           $(DESTDIR)$(SVCLIBDIR)
	install -m 644 $(SVC_UNITS) $(DESTDIR)$(SYSTEMDDIR)/
	install -m 755 service/setup service/sla-alert $(DESTDIR)$(SVCLIBDIR)/
	test -e $(DESTDIR)$(SYSCONFDIR)/tkt/config.yaml || \
		install -m 644 service/config.yaml $(DESTDIR)$(SYSCONFDIR)/tkt/config.yaml
	test -e $(DESTDIR)$(SYSCONFDIR)/default/tkt || \
		install -m 644 service/default $(DESTDIR)$(SYSCONFDIR)/default/tkt
	$(if $(DESTDIR),,$(SVCLIBDIR)/setup)

# make deb: the Debian packages (debian/), in build/debian/deb: tkt, the tools
# and the service; libtkt0 and libtkt-dev, the library.
deb:
	dpkg-checkbuilddeps
	rm -f debian/debhelper-build-stamp
	debian/rules build
	fakeroot debian/rules binary
	@ls build/debian/deb/*.deb

# make check-deb (as root, or with sudo): the packages' test, then tkt
# installed with apt-get, the README's and the man pages' examples run
# against /usr/bin, and a purge that keeps the store's directory and
# says so.
DEB        = build/debian/deb/tkt_$(VERSION)_$(shell dpkg --print-architecture).deb
check-deb: deb
	TKT_TEST_DEB=$(DEB) prove tests/cli/0500-package.t
	$(SUDO) apt-get install -y ./$(DEB)
	TKT_STAGE=/ TKT_PREFIX=/usr TKT_TEST_DEB=$(DEB) prove tests/cli/0500-package.t tests/cli/0095-examples.t
	$(SUDO) apt-get purge -y tkt 2>&1 | tee $(B)/purge.log
	grep -q "store in /var/lib/tkt and the user tkt are kept" $(B)/purge.log
	test -d /var/lib/tkt && test ! -e /usr/bin/tkt-new && test ! -e /etc/tkt && test ! -e /etc/default/tkt && \
		test ! -e /lib/systemd/system/tkt-flush.timer && test ! -e /usr/share/tkt
	@echo "make check-deb: installed, tested, purged; /var/lib/tkt kept"

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(DESTDIR)$(LIBDIR)/libtkt.a $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libtkt.so
	rm -rf $(DESTDIR)$(LIBDIR)/tkt
	rm -f $(DESTDIR)$(INCDIR)/tkt.h $(DESTDIR)$(PKGDIR)/libtkt.pc
	for m in man/man*/*.[1357]; do rm -f $(DESTDIR)$(MANDIR)/$${m#man/}; done
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/tkt $(TOOLS:%=$(DESTDIR)$(BASHCOMPDIR)/%) $(DESTDIR)$(ZSHCOMPDIR)/_tkt

clean:
	rm -rf build

.PHONY: all services install-service deb check-deb check check-sqlite check-pg check-units check-stage memcheck demo qa-agreement bench bench-pg bench-compare deps install uninstall clean fuzz fuzz-run fuzz-replay FORCE
.SUFFIXES:
.SECONDARY:
