# The commands of the dossier. `make build` then open build/index.html;
# `make test` runs every test.
GO ?= go

.PHONY: build test lint check bench serve clean

build:
	$(GO) run ./cmd/dossier build

test:
	$(GO) test -race ./...

lint:
	@unformatted=$$(gofmt -l cmd internal); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) tool actionlint

# check builds the site as the Pages workflow publishes it and checks it as
# readers get it: served under /dossier/ like a GitHub Pages project site,
# then the offline copy (build-offline/) read from disk.
check:
	$(GO) run ./cmd/dossier build -out build -base-url https://example.github.io/dossier/
	$(GO) run ./cmd/dossier check -dir build -base-path /dossier/
	$(GO) run ./cmd/dossier build -offline -out build-offline -base-url https://example.github.io/dossier/
	$(GO) run ./cmd/dossier check -dir build-offline -offline

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee build-bench.txt

clean:
	@echo "dossier never deletes what it did not write; remove build/ yourself if you want it gone."
