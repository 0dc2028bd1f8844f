package search_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/search/searchtest"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Biểu tình":      "bieu tinh",
		"ĐƯỜNG Đà Nẵng":  "duong da nang",
		"Kassym-Zhomart": "kassym-zhomart",
		"Nguyễn Thị Ánh": "nguyen thi anh",
		"Ёлка, ещё":      "елка, еще",
		"Йошкар-Ола":     "йошкар-ола", // й is a letter of its own, not и with a mark
		"Müller, Ørsted, Łódź, São Tomé, naïve, Ağrı": "muller, orsted, lodz, sao tome, naive, agri",
		"Алма-Ата":           "алма-ата",
		"الْعَرَبِيَّة":      "العربية",
		"简体中文":               "简体中文",
		"e\u0301 decomposed": "e decomposed",
	} {
		// Twice: the second folds the runes the first kept.
		for range 2 {
			if got := search.Fold(in); got != want {
				t.Errorf("Fold(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

func TestTokens(t *testing.T) {
	got := search.Tokens("Alma-Ata's 45th Brigade, 2022; Biểu tình 哈萨克斯坦")
	var words, keys []string
	for _, tok := range got {
		words = append(words, tok.Word)
		keys = append(keys, tok.Key)
	}
	wantWords := []string{"alma", "ata", "s", "45th", "brigade", "2022", "biểu", "tình", "哈", "萨", "克", "斯", "坦"}
	if !slices.Equal(words, wantWords) {
		t.Errorf("words %q, want %q", words, wantWords)
	}
	if keys[6] != "bieu" || keys[7] != "tinh" {
		t.Errorf("keys %q", keys)
	}
}

// decode reads the argument of a file of the index: dossierSearch.name(key, value);
func decode(t *testing.T, b []byte, name string, v any) string {
	t.Helper()
	s := string(b)
	prefix := "dossierSearch." + name + "("
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, ");\n") {
		t.Fatalf("not a call of %s: %.80s", name, s)
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, prefix), ");\n")
	var key string
	if name != "meta" {
		var rest string
		var ok bool
		key, rest, ok = strings.Cut(s, ",")
		if !ok {
			t.Fatalf("no key: %.80s", s)
		}
		s = rest
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return key
}

func TestFiles(t *testing.T) {
	ix := &search.Index{Kinds: []search.Kind{{One: "Event", Many: "Events"}, {One: "Person", Many: "People"}}}
	ix.Docs = append(ix.Docs, search.Doc{Kind: 1, Title: "Kassym-Jomart Tokayev", Href: "entities/tokayev/", Names: []string{"Tokaev"}, Body: "President."})
	for i := range 100 {
		ix.Docs = append(ix.Docs, search.Doc{Kind: 0, Title: fmt.Sprintf("Event %d", i), Href: fmt.Sprintf("events/e%d/", i),
			When: "5 January 2022", Body: "Biểu tình ở tỉnh. Cuộc biểu tình.", Related: []string{"Tokaev"}})
	}
	files, err := ix.Files()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := ix.Files()
	if !maps.EqualFunc(files, again, bytes.Equal) {
		t.Error("two builds of the same index differ")
	}
	var meta struct {
		Kinds  [][2]string
		Docs   string
		Chunk  int
		Shard  int
		Shards []string
	}
	decode(t, files["meta.js"], "meta", &meta)
	if meta.Docs != "1"+strings.Repeat("0", 100) || meta.Chunk != search.Chunk || meta.Shard != 1 || meta.Kinds[1] != [2]string{"Person", "People"} {
		t.Errorf("meta: %+v", meta)
	}
	for _, k := range meta.Shards {
		if _, ok := files["s/"+search.FileKey(k)+".js"]; !ok {
			t.Errorf("meta lists shard %q, which has no file", k)
		}
	}
	chunks := (len(ix.Docs) + search.Chunk - 1) / search.Chunk
	if len(files) != len(meta.Shards)+1+chunks {
		t.Errorf("%d files for %d shards and %d chunks", len(files), len(meta.Shards), chunks)
	}

	// "tinh" is written two ways, each with its own documents.
	var ti map[string]json.RawMessage
	if key := decode(t, files["s/t.js"], "shard", &ti); key != `"t"` {
		t.Errorf("shard key %s", key)
	}
	var tinh map[string][]int
	if err := json.Unmarshal(ti["tinh"], &tinh); err != nil {
		t.Fatalf("tinh: %s: %v", ti["tinh"], err)
	}
	if len(tinh) != 2 || len(tinh["tình"]) != 200 || len(tinh["tỉnh"]) != 200 {
		t.Errorf("tinh: %v", tinh)
	}
	// Doc ids are written as differences: 1, 1, 1… from doc 1.
	if tinh["tình"][0] != 1 || tinh["tình"][2] != 1 {
		t.Errorf("postings %v", tinh["tình"][:4])
	}
	// The alias as a name outweighs the alias as an involved entity.
	var p []int
	if err := json.Unmarshal(ti["tokaev"], &p); err != nil {
		t.Fatalf("tokaev: %s: %v", ti["tokaev"], err)
	}
	if len(p) != 202 || p[0] != 0 || p[1] <= p[3] {
		t.Errorf("tokaev: %v", p[:4])
	}
	// A whole multi-word name is also one term.
	var ka map[string]json.RawMessage
	decode(t, files["s/k.js"], "shard", &ka)
	if _, ok := ka["=kassymjomarttokayev"]; !ok {
		t.Errorf("no whole-name term: %v", slices.Sorted(maps.Keys(ka)))
	}
	var rows [][]string
	decode(t, files["d/0.js"], "docs", &rows)
	if len(rows) != search.Chunk || rows[0][0] != "Kassym-Jomart Tokayev" || rows[0][1] != "entities/tokayev/" || !strings.HasPrefix(rows[0][3], "Tokaev — President.") {
		t.Errorf("docs: %q", rows[0])
	}
}

// TestWrite checks that Write passes each file once, as Files has it,
// and stops at the first error of emit.
func TestWrite(t *testing.T) {
	ix := &search.Index{Kinds: []search.Kind{{One: "Event", Many: "Events"}}}
	for i := range 40 {
		ix.Docs = append(ix.Docs, search.Doc{Title: fmt.Sprintf("Event %d", i), Href: fmt.Sprintf("events/e%d/", i), Body: "alpha beta gamma"})
	}
	files, err := ix.Files()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = ix.Write(func(name string, b []byte) error {
		if seen[name] {
			t.Errorf("%s written twice", name)
		}
		seen[name] = true
		if !bytes.Equal(b, files[name]) {
			t.Errorf("%s differs from Files'", name)
		}
		return nil
	})
	if err != nil || len(seen) != len(files) {
		t.Errorf("wrote %d files of %d: %v", len(seen), len(files), err)
	}
	full := errors.New("disk full")
	n := 0
	err = ix.Write(func(string, []byte) error {
		n++
		return full
	})
	if err != full || n != 1 {
		t.Errorf("after a failed write: %d calls, %v", n, err)
	}
}

// TestScale builds the index of generated dossiers of 10,000 events and
// checks what a first query can download: meta.js, the shards of its words
// and of the words run together, and the chunks of the 20 results the
// search page shows first, at worst each in its own chunk; compressed, as
// servers send them.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two indexes of 10,000 events")
	}
	for _, c := range []struct {
		name string
		lang searchtest.Lang
	}{{"English", searchtest.English}, {"Vietnamese", searchtest.Vietnamese}} {
		files, err := searchtest.Index(10000, c.lang).Files()
		if err != nil {
			t.Fatal(err)
		}
		st := Measure(files)
		worst := st.Meta + 2*st.MaxShard + 20*st.MaxChunk // two words run together are in the first word's shard
		t.Logf("%s, 10,000 events: %d files, %.0f KB compressed in all; meta.js %.1f KB, largest shard %.1f KB, largest chunk %.1f KB; a first query of two words downloads at most %.0f KB",
			c.name, len(files), kb(st.Total), kb(st.Meta), kb(st.MaxShard), kb(st.MaxChunk), kb(worst))
		if worst > 400<<10 {
			t.Errorf("%s: a first query may download %.0f KB, want ≤ 400 KB", c.name, kb(worst))
		}
	}
}

func kb(n int) float64 { return float64(n) / 1024 }

// Sizes are the compressed sizes of an index's files.
type Sizes struct {
	Total, Meta, MaxShard, MaxChunk int
}

// Measure gzips every file of an index.
func Measure(files map[string][]byte) Sizes {
	var s Sizes
	for p, b := range files {
		n := gzipped(b)
		s.Total += n
		switch {
		case p == "meta.js":
			s.Meta = n
		case strings.HasPrefix(p, "s/"):
			s.MaxShard = max(s.MaxShard, n)
		case strings.HasPrefix(p, "d/"):
			s.MaxChunk = max(s.MaxChunk, n)
		}
	}
	return s
}

func gzipped(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func BenchmarkFiles10k(b *testing.B) {
	ix := searchtest.Index(10000, searchtest.English)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ix.Files(); err != nil {
			b.Fatal(err)
		}
	}
}

// lateContext is a context that is done from its looks-th call of Err on.
type lateContext struct {
	context.Context
	looks, n int
}

func (c *lateContext) Err() error {
	c.n++
	if c.n >= c.looks {
		return context.Canceled
	}
	return nil
}

// TestWriteContext checks that a build told to stop stops writing an index:
// between its files, and while it scores the documents, before any file.
func TestWriteContext(t *testing.T) {
	ix := &search.Index{Kinds: []search.Kind{{One: "Event", Many: "Events"}}}
	for i := range 1000 {
		ix.Docs = append(ix.Docs, search.Doc{Title: fmt.Sprintf("Event %d", i), Href: fmt.Sprintf("events/e%d/", i), Body: "alpha beta gamma delta"})
	}
	all, err := ix.Files()
	if err != nil || len(all) < 3 {
		t.Fatalf("the index has %d files (%v), want several", len(all), err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err = ix.WriteContext(ctx, func(string, []byte) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled while writing the first file: wrote %d of %d files, error %v; want 1 and context.Canceled", n, len(all), err)
	}

	// Done at its third look: scoring 1,000 documents looks more often
	// than that, so no file is made.
	late := &lateContext{Context: context.Background(), looks: 3}
	n = 0
	err = ix.WriteContext(late, func(string, []byte) error {
		n++
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("done while scoring: wrote %d files, error %v; want none and context.Canceled", n, err)
	}
	if files, err := ix.FilesContext(&lateContext{Context: context.Background(), looks: 3}); !errors.Is(err, context.Canceled) || files != nil {
		t.Errorf("FilesContext done while scoring: %d files, error %v; want none and context.Canceled", len(files), err)
	}
}
