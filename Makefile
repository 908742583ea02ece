# Versus — the two commands a newcomer needs:
#   make run    install missing packages, build, start Versus on the sample project
#   make test   install missing packages, build, run the whole suite headless, then again
#               under AddressSanitizer + UndefinedBehaviorSanitizer
# Everything else here is a step of those two, or a developer convenience.

BUILDDIR      ?= _build
ASAN_BUILDDIR ?= _build-asan
FUZZ_BUILDDIR ?= _build-fuzz
MESON         ?= meson
PROFILE       ?= development
XVFB          := xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session --
RUN_ENV       := GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILDDIR)/data \
                 VERSUS_SAMPLE=$(CURDIR)/$(BUILDDIR)/data/sample.versus

.PHONY: all deps configure build run test test-main test-asan fuzz bench clean

all: build

deps:
	@build-aux/install-deps.sh

configure: deps
	@test -f $(BUILDDIR)/build.ninja || $(MESON) setup $(BUILDDIR) -Dprofile=$(PROFILE)

build: configure
	$(MESON) compile -C $(BUILDDIR)

run: build
	$(RUN_ENV) $(BUILDDIR)/src/app/versus

# The GUI tests need a display: the whole run goes under Xvfb with a private session bus.
test-main: build
	$(XVFB) $(MESON) test -C $(BUILDDIR) --print-errorlogs --num-processes 2; \
	  status=$$?; python3 build-aux/test-summary.py $(BUILDDIR) "main build"; exit $$status

# The sanitizer pass leaves out the GUI tests (-Dgui_tests=false): Mesa's llvmpipe and
# fontconfig report leaks and uninitialised reads of their own under ASan, which would bury
# ours. Every core, CLI and fuzz-corpus test runs here.
test-asan: deps
	@test -f $(ASAN_BUILDDIR)/build.ninja || $(MESON) setup $(ASAN_BUILDDIR) \
	  -Dprofile=$(PROFILE) -Db_sanitize=address,undefined -Db_lundef=false -Dgui_tests=false \
	  -Dbuildtype=debug
	$(MESON) compile -C $(ASAN_BUILDDIR)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:fast_unwind_on_malloc=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/build-aux/lsan.supp:print_suppressions=0 \
	  $(MESON) test -C $(ASAN_BUILDDIR) --print-errorlogs --num-processes 2 \
	  --timeout-multiplier 3; \
	  status=$$?; python3 build-aux/test-summary.py $(ASAN_BUILDDIR) "sanitizer build"; exit $$status

test: test-main test-asan
	@python3 build-aux/test-summary.py --total $(BUILDDIR) $(ASAN_BUILDDIR)

# Explore with libFuzzer (clang). make fuzz TARGET=project-open SECONDS=60
TARGET  ?= project-open
SECONDS ?= 60
fuzz: deps
	@test -f $(FUZZ_BUILDDIR)/build.ninja || CC=clang $(MESON) setup $(FUZZ_BUILDDIR) \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dgui_tests=false -Dfuzzing=enabled
	$(MESON) compile -C $(FUZZ_BUILDDIR) fuzz-$(TARGET)
	mkdir -p $(FUZZ_BUILDDIR)/corpus-$(TARGET)
	LSAN_OPTIONS=suppressions=$(CURDIR)/build-aux/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(FUZZ_BUILDDIR)/tests/fuzz/fuzz-$(TARGET) -max_total_time=$(SECONDS) \
	  $(FUZZ_BUILDDIR)/corpus-$(TARGET) tests/fuzz/corpus/$(TARGET)

bench: build
	$(MESON) compile -C $(BUILDDIR) bench

clean:
	rm -rf $(BUILDDIR) $(ASAN_BUILDDIR) $(FUZZ_BUILDDIR)
