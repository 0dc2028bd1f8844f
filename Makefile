# The commands of the dossier. `make build` then open build/index.html;
# `make test` runs every test.
GO ?= go

.PHONY: build test lint bench serve clean

build:
	$(GO) run ./cmd/dossier build

test:
	$(GO) test -race ./...

lint:
	@unformatted=$$(gofmt -l cmd internal); if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./... | tee build-bench.txt

clean:
	@echo "dossier never deletes what it did not write; remove build/ yourself if you want it gone."
