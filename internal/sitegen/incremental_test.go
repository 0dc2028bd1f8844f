package sitegen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"
	"unsafe"

	"github.com/dossier-dev/dossier"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/synth"
	"github.com/dossier-dev/dossier/internal/watch/editortest"
)

// TestBuilderEqualsBuild checks the incremental build against the full
// one: on a generated dossier, a Builder keeps its work across 150
// random single-file edits (bodies, titles, dates, new, deleted and
// renamed files, broken files and their fixes, drafts, templates,
// catalogues, site.yaml), and after each its output must be Build's, byte
// for byte, file for file, with the same warnings, or fail with the same
// problems. DOSSIER_INCR_SEED replays a seed; -short makes fewer edits.
func TestBuilderEqualsBuild(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("DOSSIER_INCR_SEED"); s != "" {
		if _, err := fmt.Sscan(s, &seed); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (DOSSIER_INCR_SEED=%d replays it)", seed, seed)
	edits := 150
	switch {
	case raceEnabled:
		edits = 10 // the race detector makes each build ten times slower
	case testing.Short():
		edits = 40
	}
	fsys := synthSite(t, 60)
	// The site's own copies of a template and a catalogue, which edits
	// change.
	for _, p := range []string{"templates/event.html", "templates/i18n/en.yaml"} {
		b, err := fs.ReadFile(dossier.Theme(), p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: b}
	}
	opts := Options{Drafts: true}
	bl := NewBuilder(opts)
	var quick int // edits whose page Quick laid out
	compare(t, "the first build", fsys, bl, opts, nil, &quick)
	e := editor{r: rand.New(rand.NewPCG(seed, seed>>1)), fsys: fsys}
	stopped := 0 // builds stopped halfway, before the build compared
	for i := range edits {
		undo, what := e.edit(i)
		// A stop after a few looks lands while the dossier is read and
		// modelled (DraftContext), a later one while the rest is made.
		if e.r.IntN(3) == 0 && stopHalfway(t, bl, fsys, []int{e.r.IntN(12), e.r.IntN(800)}[e.r.IntN(2)]) {
			stopped++
		}
		ok := compare(t, fmt.Sprintf("edit %d: %s", i, what), fsys, bl, opts, e.changed, &quick)
		if !ok && t.Failed() {
			return
		}
		// A build that failed is fixed by the next edit: the file as it
		// was.
		if !ok {
			e.failed++
			undo()
			if !compare(t, fmt.Sprintf("edit %d undone: %s", i, what), fsys, bl, opts, e.changed, &quick) && t.Failed() {
				return
			}
		}
	}
	if e.failed == 0 {
		t.Errorf("no edit broke the build: the test tries no broken file")
	}
	if quick == 0 {
		// A short run may draw no edit of prose alone: make one, the
		// summary of an event, which Quick lays out.
		e.editKind(edits, 3)
		compare(t, "an event's summary", fsys, bl, opts, e.changed, &quick)
	}
	if quick == 0 {
		t.Errorf("Quick laid out no page: the test does not try it")
	}
	if stopped == 0 {
		// A short run (the race detector's ten edits) may draw no stop
		// of a site that builds: stop one early now, and compare after.
		if stopHalfway(t, bl, fsys, 10) {
			stopped++
		}
		compare(t, "after a build stopped early", fsys, bl, opts, nil, &quick)
	}
	if stopped == 0 {
		t.Errorf("no build was stopped halfway: the test does not try it")
	}
	t.Logf("%d edits, %d of them broke the build; Quick laid out the page of %d; %d builds stopped halfway", edits, e.failed, quick, stopped)
}

// stopHalfway makes a Draft of fsys and its files, and stops them when
// they have asked n times whether to (countdown), as the preview stops a
// build that a newer save made stale: while the dossier is read and
// modelled (DraftContext) or while the rest is made (FinishContext). It
// reports whether the build stopped.
func stopHalfway(t *testing.T, bl *Builder, fsys fs.FS, n int) bool {
	t.Helper()
	ctx := &countdown{Context: context.Background(), done: make(chan struct{})}
	ctx.left.Store(int64(n))
	dr, err := bl.DraftContext(ctx, fsys)
	if err != nil {
		return errors.Is(err, context.Canceled)
	}
	_, err = dr.FinishContext(ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		return false // a site that does not build: compare checks its error
	}
	return err != nil
}

// A countdown is a context that is done once its Err has been called
// left times.
type countdown struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func (c *countdown) Err() error {
	if c.left.Add(-1) >= 0 {
		return nil
	}
	c.once.Do(func() { close(c.done) })
	return context.Canceled
}

func (c *countdown) Done() <-chan struct{} { return c.done }

// TestBuilderEqualsBuildOnDisk is TestBuilderEqualsBuild with the site on
// disk, read through sitefs as dossier serve reads it: the Builder has it
// keep the contents of the files (sitefs.KeepContents) and read again
// only those whose stat changed. Each edit is saved as an editor or a
// tool saves (in place, renamed over, through a backup; package
// editortest), and the Builder's output must be Build's of the same
// files, held in memory. DOSSIER_INCR_SEED replays a seed.
func TestBuilderEqualsBuildOnDisk(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("DOSSIER_INCR_SEED"); s != "" {
		if _, err := fmt.Sscan(s, &seed); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("seed %d (DOSSIER_INCR_SEED=%d replays it)", seed, seed)
	edits := 25 // the edits of TestBuilderEqualsBuild test the rest
	switch {
	case raceEnabled:
		edits = 4
	case testing.Short():
		edits = 10
	}
	fsys := synthSite(t, 60)
	for _, p := range []string{"templates/event.html", "templates/i18n/en.yaml"} {
		b, err := fs.ReadFile(dossier.Theme(), p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: b}
	}
	r := rand.New(rand.NewPCG(seed, seed>>2))
	dir := t.TempDir()
	save(t, r, dir, fsys)
	disk, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	opts := Options{Drafts: true}
	bl := NewBuilder(opts)
	var quick int
	compareFS(t, "the first build", fsys, disk, bl, opts, nil, &quick)
	compareFS(t, "nothing changed", fsys, disk, bl, opts, nil, &quick)
	e := editor{r: rand.New(rand.NewPCG(seed, seed>>1)), fsys: fsys}
	for i := range edits {
		undo, what := e.edit(i)
		save(t, r, dir, fsys)
		ok := compareFS(t, fmt.Sprintf("edit %d: %s", i, what), fsys, disk, bl, opts, e.changed, &quick)
		if !ok && t.Failed() {
			return
		}
		if !ok {
			e.failed++
			undo()
			save(t, r, dir, fsys)
			if !compareFS(t, fmt.Sprintf("edit %d undone: %s", i, what), fsys, disk, bl, opts, e.changed, &quick) && t.Failed() {
				return
			}
		}
	}
}

// save makes the directory dir hold the files of fsys: it saves each file
// that differs by one editor's way or another, chosen by r, and removes
// the files fsys does not have.
func save(t *testing.T, r *rand.Rand, dir string, fsys fstest.MapFS) {
	t.Helper()
	saves := []func(string, []byte) error{editortest.InPlace, editortest.Atomic, editortest.Vim, editortest.JetBrains, editortest.Emacs}
	for p, f := range fsys {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if b, err := os.ReadFile(name); err == nil && bytes.Equal(b, f.Data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := saves[r.IntN(len(saves))](name, f.Data); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(dir, func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, name)
		if err != nil {
			return err
		}
		if _, ok := fsys[filepath.ToSlash(rel)]; !ok {
			return os.Remove(name) // deleted, or an editor's backup
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// synthSite is a generated dossier of n events, in memory, its bodies cut
// to their first two blocks (and, in the first ten events, the first code
// block), so that a full build per edit stays quick.
func synthSite(t testing.TB, n int) fstest.MapFS {
	dir := t.TempDir()
	if err := synth.Generate(dir, synth.Options{Events: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	m := fstest.MapFS{}
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(dir), p)
		if strings.HasSuffix(p, ".md") {
			b = shorten(b, strings.HasPrefix(p, "content/events/ev-00000"))
		}
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// shorten keeps the front matter of a Markdown file, the first two blocks
// of its body and, with code, its first code block.
func shorten(b []byte, code bool) []byte {
	front, body, _, ok := content.SplitFrontMatter(b)
	if !ok {
		return b
	}
	blocks := strings.Split(string(body), "\n\n")
	keep := blocks[:min(2, len(blocks))]
	for _, bl := range blocks[len(keep):] {
		if code && strings.HasPrefix(bl, "```") {
			keep = append(keep, bl)
			break
		}
	}
	return fmt.Appendf(nil, "---\n%s---\n%s\n", front, strings.Join(keep, "\n\n"))
}

// compare builds fsys from scratch and with bl, fails the test if they
// differ, and reports whether the site built. When one file changed (the
// paths in changed), the page Quick lays out first, if it does, must be
// the build's too; quick counts the pages it laid out.
func compare(t *testing.T, what string, fsys fs.FS, bl *Builder, opts Options, changed []string, quick *int) bool {
	t.Helper()
	return compareFS(t, what, fsys, fsys, bl, opts, changed, quick)
}

// compareFS is compare of a site that bl reads from fsys, and Build from
// src, which holds the same files.
func compareFS(t *testing.T, what string, src, fsys fs.FS, bl *Builder, opts Options, changed []string, quick *int) bool {
	t.Helper()
	want, werr := Build(src, opts)
	var qfiles map[string][]byte
	if len(changed) == 1 {
		var ok bool
		if qfiles, ok = bl.Quick(fsys, changed[0]); ok {
			*quick++
			if werr != nil {
				t.Errorf("%s: Quick laid out a page of a site that does not build: %v", what, werr)
				return false
			}
		}
	}
	// The preview's way: a Draft, two of its pages laid out first (the
	// changed page and one open in a browser), then the rest.
	var got *Result
	dr, gerr := bl.Draft(fsys)
	if gerr == nil {
		early := map[string][]byte{}
		for range 2 {
			p := dr.Site().Pages[rand.IntN(len(dr.Site().Pages))]
			b, ok, err := dr.Page(p.File())
			if !ok || err != nil && werr == nil {
				t.Errorf("%s: Draft.Page(%s): %v, %v", what, p.File(), ok, err)
				return false
			}
			early[p.File()] = b
		}
		got, gerr = dr.Finish()
		if gerr == nil {
			maps.Copy(early, qfiles)
			for p, b := range early {
				if !bytes.Equal(b, got.Files[p]) {
					t.Errorf("%s: %s laid out first (Draft.Page or Quick) differs from Finish's: %s", what, p, firstDiff(b, got.Files[p]))
				}
			}
		}
	}
	if (werr == nil) != (gerr == nil) || werr != nil && werr.Error() != gerr.Error() {
		t.Errorf("%s: the Builder's error is\n%v\nBuild's is\n%v", what, gerr, werr)
		return false
	}
	if werr != nil {
		return false
	}
	var diffs []string
	for _, p := range slices.Sorted(maps.Keys(want.Files)) {
		g, ok := got.Files[p]
		switch {
		case !ok:
			diffs = append(diffs, p+": missing")
		case !bytes.Equal(g, want.Files[p]):
			diffs = append(diffs, p+": "+firstDiff(g, want.Files[p]))
		}
	}
	for p := range got.Files {
		if _, ok := want.Files[p]; !ok {
			diffs = append(diffs, p+": not in Build's output")
		}
	}
	if len(diffs) > 0 {
		slices.Sort(diffs)
		t.Errorf("%s: %d file(s) differ from Build's:\n%s", what, len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "\n"))
		return true
	}
	if g, w := fmt.Sprint(got.Warnings), fmt.Sprint(want.Warnings); g != w {
		t.Errorf("%s: warnings\n%s\nBuild's:\n%s", what, g, w)
	}
	return true
}

// firstDiff shows where two files first differ.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-60)
	return fmt.Sprintf("at byte %d: got %q, want %q", i, got[lo:min(len(got), i+60)], want[lo:min(len(want), i+60)])
}

// editor makes random single-file edits to a site in memory.
type editor struct {
	r       *rand.Rand
	fsys    fstest.MapFS
	failed  int
	changed []string // the paths the last edit changed
}

var (
	titleLine = regexp.MustCompile(`(?m)^(title|name): .*$`)
	dateLine  = regexp.MustCompile(`(?m)^date: .*$`)
	word      = regexp.MustCompile(`\b[a-z]{4,}\b`)
)

// pick returns a random file whose path matches re.
func (e *editor) pick(re string) string {
	m := regexp.MustCompile(re)
	var ps []string
	for p := range e.fsys {
		if m.MatchString(p) {
			ps = append(ps, p)
		}
	}
	slices.Sort(ps)
	if len(ps) == 0 {
		return ""
	}
	return ps[e.r.IntN(len(ps))]
}

func (e *editor) set(p string, b []byte) {
	e.fsys[p] = &fstest.MapFile{Data: b}
}

// edit makes edit i, of a kind drawn at random, and returns what undoes
// it and what it was.
func (e *editor) edit(i int) (undo func(), what string) {
	k := e.r.IntN(14)
	if i == 1 {
		k = 9 // however few the edits, one is a broken file
	}
	return e.editKind(i, k)
}

// editKind makes edit i, of kind k.
func (e *editor) editKind(i, k int) (undo func(), what string) {
	const md = `^content/(events|sources|entities|pages)/[^/]*\.md$|^content/home(\.fr)?\.md$`
	snapshot := func(ps ...string) func() {
		e.changed = ps
		was := map[string]*fstest.MapFile{}
		for _, p := range ps {
			was[p] = e.fsys[p]
		}
		return func() {
			for p, f := range was {
				if f == nil {
					delete(e.fsys, p)
				} else {
					e.fsys[p] = f
				}
			}
		}
	}
	data := func(p string) []byte { return bytes.Clone(e.fsys[p].Data) }
	switch k {
	case 0, 1, 2: // a body: a word changed
		p := e.pick(md)
		undo = snapshot(p)
		b := data(p)
		ws := word.FindAllIndex(b, -1)
		if len(ws) > 0 {
			w := ws[len(ws)/2+e.r.IntN(len(ws)-len(ws)/2)]
			b = slices.Concat(b[:w[0]], []byte(fmt.Sprintf("edit%d", i)), b[w[1]:])
		}
		e.set(p, b)
		return undo, "a word of " + p
	case 3: // a body's first paragraph (its summary)
		p := e.pick(`^content/events/[^/.]*\.md$`)
		undo = snapshot(p)
		e.set(p, bytes.Replace(data(p), []byte("\n---\n"), fmt.Appendf(nil, "\n---\nFirst%d ", i), 1))
		return undo, "the summary of " + p
	case 4: // a title or a name, which cross-links show
		p := e.pick(`^content/(events|sources|entities)/[^/]*\.md$`)
		undo = snapshot(p)
		e.set(p, titleLine.ReplaceAllFunc(data(p), func(m []byte) []byte {
			k, _, _ := bytes.Cut(m, []byte(": "))
			return fmt.Appendf(nil, "%s: Renamed %d", k, i)
		}))
		return undo, "the title of " + p
	case 5: // a date, which moves the event on the timeline
		p := e.pick(`^content/events/[^/.]*\.md$`)
		undo = snapshot(p)
		e.set(p, dateLine.ReplaceAll(data(p), fmt.Appendf(nil, "date: %d-%02d-%02d", 2001+e.r.IntN(20), 1+e.r.IntN(12), 1+e.r.IntN(28))))
		return undo, "the date of " + p
	case 6: // a new event, a copy of another
		p := e.pick(`^content/events/[^/.]*\.md$`)
		q := fmt.Sprintf("content/events/new-%d.md", i)
		undo = snapshot(q)
		e.set(q, titleLine.ReplaceAll(data(p), fmt.Appendf(nil, "title: New %d", i)))
		return undo, "a new event " + q
	case 7: // a file deleted
		p := e.pick(`^content/(events|sources|entities)/[^/]*\.md$`)
		undo = snapshot(p)
		delete(e.fsys, p)
		return undo, "deleted " + p
	case 8: // a file renamed
		p := e.pick(`^content/(events|entities)/[^/.]*\.md$`)
		q := path.Join(path.Dir(p), fmt.Sprintf("renamed-%d.md", i))
		undo = snapshot(p, q)
		e.fsys[q] = e.fsys[p]
		delete(e.fsys, p)
		return undo, "renamed " + p + " to " + q
	case 9: // a broken file
		p := e.pick(md)
		undo = snapshot(p)
		e.set(p, bytes.Replace(data(p), []byte("\n---\n"), []byte("\n: [broken\n---\n"), 1))
		return undo, "broke " + p
	case 10: // a draft
		p := e.pick(`^content/(events|sources|entities)/[^/.]*\.md$`)
		undo = snapshot(p)
		e.set(p, bytes.Replace(data(p), []byte("---\n"), []byte("---\ndraft: true\n"), 1))
		return undo, "made a draft of " + p
	case 11: // a template
		p := "templates/event.html"
		undo = snapshot(p)
		e.set(p, bytes.Replace(data(p), []byte("</article>"), fmt.Appendf(nil, "<!-- %d --></article>", i), 1))
		return undo, "changed " + p
	case 12: // a catalogue
		p := "templates/i18n/en.yaml"
		undo = snapshot(p)
		e.set(p, regexp.MustCompile(`(?m)^(nav\.timeline: ).*$`).ReplaceAll(data(p), fmt.Appendf(nil, "${1}Timeline %d", i)))
		return undo, "changed " + p
	default: // site.yaml
		p := "content/site.yaml"
		undo = snapshot(p)
		e.set(p, titleLine.ReplaceAll(data(p), fmt.Appendf(nil, "title: Dossier %d", i)))
		return undo, "changed " + p
	}
}

// TestBuilderRedoesOnlyWhatChanged checks that the Builder does keep its
// work: a build with nothing changed converts and lays out nothing; an edit
// to an event's body converts that body alone; a source's new title
// converts again the bodies that cite it, and no other.
func TestBuilderRedoesOnlyWhatChanged(t *testing.T) {
	fsys := synthSite(t, 20)
	bl := NewBuilder(Options{})
	first, err := bl.Build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	conv, laid := bl.Redone()
	if conv == 0 || laid != len(first.Site.Pages)+1 { // and 404.html
		t.Fatalf("the first build converted %d bodies and laid out %d of %d pages", conv, laid, len(first.Site.Pages)+1)
	}
	build := func(what string) (int, int) {
		t.Helper()
		if _, err := bl.Build(fsys); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return bl.Redone()
	}
	if conv, laid := build("nothing changed"); conv != 0 || laid != 0 {
		t.Errorf("with nothing changed, %d bodies converted and %d pages laid out", conv, laid)
	}

	ev := first.Dossier.Events[len(first.Dossier.Events)/2]
	fsys[ev.Path].Data = bytes.Replace(fsys[ev.Path].Data, []byte("\n---\n"), []byte("\n---\nChanged "), 1)
	conv, laid = build("a body changed")
	// Its conversion for every depth in the first language, and in the
	// other if it has no translation there, which then shows the original.
	want := 1
	if first.Dossier.Translations["fr"][ev.Path] == nil {
		want = 2
	}
	if conv != want {
		t.Errorf("an edit to %s converted %d bodies, want %d", ev.Path, conv, want)
	}
	if laid == 0 || laid > len(first.Site.Pages)/4 {
		t.Errorf("an edit to %s laid out %d of %d pages", ev.Path, laid, len(first.Site.Pages))
	}

	src := first.Dossier.Sources[0]
	citing := 0
	for _, f := range first.Dossier.Files() {
		if bytes.Contains(f.Body, []byte("[@"+src.ID+"]")) {
			citing++
		}
	}
	fsys[src.Path].Data = titleLine.ReplaceAll(fsys[src.Path].Data, []byte("title: A new title"))
	conv, _ = build("a source's title changed")
	if conv == 0 || conv > 2*citing+2 {
		t.Errorf("a new title for %s converted %d bodies; %d bodies of a language cite it", src.ID, conv, citing)
	}
}

// TestBuilderKeepsCards checks that a Builder takes the social cards of
// unchanged pages from its last build, not from the process's memory of
// cards (emptied here) or by drawing them again: after an event's title
// changes, every other card is the very bytes the build before had, the
// event's card is new, and its old one is no longer kept.
func TestBuilderKeepsCards(t *testing.T) {
	fsys := synthSite(t, 20)
	bl := NewBuilder(Options{})
	first, err := bl.Build(fsys)
	if err != nil {
		t.Fatal(err)
	}
	before := maps.Clone(bl.cards)
	if len(before) == 0 {
		t.Fatal("the first build kept no cards")
	}
	forgetCards()
	ev := first.Dossier.Events[len(first.Dossier.Events)/2]
	fsys[ev.Path].Data = titleLine.ReplaceAll(fsys[ev.Path].Data, []byte("title: A title no card had"))
	if _, err := bl.Build(fsys); err != nil {
		t.Fatal(err)
	}
	var same, added int
	for key, b := range bl.cards {
		old, ok := before[key]
		switch {
		case !ok:
			added++
		case unsafe.SliceData(old) != unsafe.SliceData(b):
			t.Errorf("card %s was made again, not taken from the build before", key)
		default:
			same++
		}
	}
	if added == 0 || added > 2 { // the event's card, in one language or both
		t.Errorf("%d cards new after a change to one event's title, want 1 or 2", added)
	}
	if gone := len(before) + added - len(bl.cards); gone != added {
		t.Errorf("%d cards dropped after the change, want the %d replaced", gone, added)
	}
	if same != len(before)-added {
		t.Errorf("%d of %d cards taken from the build before, want %d", same, len(bl.cards), len(before)-added)
	}
}
