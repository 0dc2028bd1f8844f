package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/synth"
)

// A generated dossier builds under -strict, with no problem and no
// warning, and has the size asked for.
func TestGenerateBuildsStrict(t *testing.T) {
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Options{Events: 60, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	res, err := sitegen.Build(os.DirFS(dir), sitegen.Options{Strict: true})
	if err != nil {
		t.Fatalf("the generated dossier does not build strict:\n%v", err)
	}
	d := res.Dossier
	if len(d.Events) != 60 || len(d.Sources) != 6 || len(d.Entities) != synth.Entities || d.Membership == nil || len(d.Discrepancies) == 0 {
		t.Errorf("generated %d events, %d sources, %d entities, %d discrepancies, membership %v; want 60, 6, %d, some, yes",
			len(d.Events), len(d.Sources), len(d.Entities), len(d.Discrepancies), d.Membership != nil, synth.Entities)
	}
	if len(d.Translations["fr"]) == 0 {
		t.Error("no file is translated")
	}
	var quotes int
	for _, e := range d.Events {
		quotes += len(e.Quotes)
	}
	if quotes == 0 {
		t.Error("no event quotes its source")
	}
}

// The same seed and size give the same files; another seed others.
func TestGenerateDeterministic(t *testing.T) {
	gen := func(seed uint64) map[string][]byte {
		dir := t.TempDir()
		if err := synth.Generate(dir, synth.Options{Events: 30, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[rel] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return files
	}
	a, b, c := gen(1), gen(1), gen(2)
	if len(a) != len(b) {
		t.Fatalf("seed 1 gave %d files, then %d", len(a), len(b))
	}
	for p, x := range a {
		if !bytes.Equal(x, b[p]) {
			t.Errorf("%s differs between two runs of seed 1", p)
		}
	}
	same := true
	for p, x := range a {
		same = same && bytes.Equal(x, c[p])
	}
	if same {
		t.Error("seeds 1 and 2 gave the same dossier")
	}
}
