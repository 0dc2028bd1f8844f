# The commands of the dossier. `make build` then open build/index.html;
# `make test` runs the Go tests; `make e2e` the browser tests (Chromium).
GO ?= go

.PHONY: build test lint check e2e lighthouse tools bench fuzz serve clean

build:
	$(GO) run ./cmd/dossier build

# test runs every test, and again under the race detector the packages
# where goroutines share state (the preview, the watcher, the output swap,
# parallel rendering, the commands that run them); racing the rest would
# only make CI slower.
RACE_PKGS = ./cmd/dossier ./internal/devserver ./internal/watch ./internal/output ./internal/render ./internal/sitegen
RACE_RE = /(cmd/dossier|internal/(devserver|watch|output|render|sitegen))$$

test:
	$(GO) test $$($(GO) list ./... | grep -Ev '$(RACE_RE)')
	$(GO) test -race $(RACE_PKGS)

# serve previews the site while you edit: it rebuilds and reloads the
# page on every save (README: Preview while you edit).
serve:
	$(GO) run ./cmd/dossier serve $(ARGS)

lint:
	@unformatted=$$(gofmt -l cmd internal e2e); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet -tags e2e,lighthouse ./...
	$(GO) tool staticcheck -tags e2e,lighthouse ./...
	$(GO) tool actionlint

# check builds the site as the Pages workflow publishes it and checks it as
# readers get it: served under /dossier/ like a GitHub Pages project site,
# then the offline copy (build-offline/) read from disk.
check:
	$(GO) run ./cmd/dossier build -strict -out build -base-url https://example.github.io/dossier/
	$(GO) run ./cmd/dossier check -dir build -base-path /dossier/
	$(GO) run ./cmd/dossier build -offline -out build-offline -base-url https://example.github.io/dossier/
	$(GO) run ./cmd/dossier check -dir build-offline -offline

# The npm packages of the browser tests, pinned, and where they go.
AXE_CORE_VERSION = 4.14.1
LIGHTHOUSE_VERSION = 12.8.2
TOOLS = build-reports/tools

# e2e runs the browser tests of e2e/ (build tag e2e) in Chromium: every page
# type in both languages at 1280x800 and 375x812, light and dark, checked by
# axe-core; clicking through the site; the keyboard. Screenshots go to
# build-reports/e2e/. They look for /usr/bin/chromium ($$DOSSIER_CHROME
# overrides it); CI=true or DOSSIER_E2E=1 makes a missing browser a failure.
e2e: $(TOOLS)/axe-core-$(AXE_CORE_VERSION)
	AXE_CORE_PATH=$(CURDIR)/$(TOOLS)/node_modules/axe-core/axe.min.js $(GO) test -tags e2e -count=1 ./e2e/

# lighthouse runs Lighthouse on the home, timeline, membership, event and
# source pages in both languages: 100 is required in accessibility, best
# practices and SEO; performance is recorded. Reports: build-reports/lighthouse/.
lighthouse: $(TOOLS)/lighthouse-$(LIGHTHOUSE_VERSION)
	LIGHTHOUSE_PATH=$(CURDIR)/$(TOOLS)/node_modules/.bin/lighthouse $(GO) test -tags e2e,lighthouse -count=1 -run TestLighthouse -v ./e2e/

tools: $(TOOLS)/axe-core-$(AXE_CORE_VERSION) $(TOOLS)/lighthouse-$(LIGHTHOUSE_VERSION)

# npm installs them into $(TOOLS) (git-ignored); a stamp file records the
# version installed.
$(TOOLS)/axe-core-%:
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error axe-core@$*
	touch $@

$(TOOLS)/lighthouse-%:
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error lighthouse@$*
	touch $@

# fuzz runs each fuzz target for FUZZTIME (10s unless told), one after the
# other: front matter and text encodings, YAML, dates, Markdown, citations,
# cross-links, date patterns of the catalogues, the output manifest. Each
# checks that its work stays linear in its input (and FuzzTemplateErrors,
# that a template's syntax error is placed inside its file); seed corpora
# are in testdata/fuzz/ of each package, and whatever a run finds is written
# there too. FUZZFLAGS adds flags, such as -parallel 1 on a shared machine.
#
# FUZZTIME=execs runs each target for its own count of inputs instead (the
# third field of FUZZ_TARGETS, about three seconds' worth on a 2-core
# machine), as CI does: Go 1.26's fuzzing coordinator can fail a timed run
# as its time ends, with a bare "context deadline exceeded" and no failing
# input (go.dev/issue/75804, fixed in Go 1.27), and a count has no deadline
# to race.
FUZZTIME ?= 10s
FUZZFLAGS ?=
FUZZ_TARGETS = content:FuzzFrontMatter:10000 content:FuzzParseDate:10000 \
	yamlstrict:FuzzParse:5000 markdown:FuzzConvert:1000 markdown:FuzzCitations:4000 \
	markdown:FuzzCrossLinks:2000 i18n:FuzzParsePattern:50000 output:FuzzManifest:8000 \
	render:FuzzTemplateErrors:20000

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; execs=$${rest#*:}; \
		time=$(FUZZTIME); if [ "$$time" = execs ]; then time=$${execs}x; fi; \
		echo "fuzz $$name (internal/$$pkg) for $$time"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$time $(FUZZFLAGS) ./internal/$$pkg/; \
	done

# bench runs the Go benchmarks, then the preview's save-to-served latency
# on generated dossiers of BENCH_SIZES events (BenchmarkSaveToReload: the
# median of ten saves beside a full build), then save to repainted page in
# Chromium on the shipped dossier (e2e's BenchmarkSaveToRepaint: median and
# 90th percentile of ten saves; skipped, saying so, without Chromium), then
# `dossier build` on them against the floor (goldmark + chroma + write of
# the same Markdown files, 2 workers) and Hugo when it is installed: CPU,
# wall, peak memory and the ratios, medians of BENCH_RUNS runs
# (internal/benchsize). BENCH_SIZES=1000 is quick.
BENCH_SIZES ?= 1000,10000
BENCH_RUNS ?= 3
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee build-bench.txt
	DOSSIER_BENCH_SAVE=$(BENCH_SIZES) $(GO) test -run '^$$' -bench 'SaveToReload/events' -benchtime 10x ./internal/devserver/ | tee -a build-bench.txt
	@if [ -x "$${DOSSIER_CHROME:-/usr/bin/chromium}" ] || { command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null; then \
		echo "$(GO) test -tags e2e -run '^$$' -bench SaveToRepaint -benchtime 10x ./e2e/"; \
		$(GO) test -tags e2e -run '^$$' -bench SaveToRepaint -benchtime 10x ./e2e/ | tee -a build-bench.txt; \
	else \
		echo "bench: Chromium not found (apt-get install chromium, or DOSSIER_CHROME=its path): BenchmarkSaveToRepaint not run" | tee -a build-bench.txt; \
	fi
	$(GO) run ./internal/benchsize -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS) | tee -a build-bench.txt

clean:
	@echo "dossier never deletes what it did not write; remove build/ yourself if you want it gone."
