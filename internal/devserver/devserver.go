// Package devserver serves a site from memory while it is being edited, and
// tells open pages when to reload.
//
// A Server builds the site with a sitegen.Builder, which redoes only the
// work each change requires, keeps the files in memory and serves them over
// HTTP. After a save, the editor waits for one page, not for the site: once
// the content is read and checked, the page of the changed file and the
// pages open in a browser (each tells the server where it is when it
// listens for events) are laid out first, and the build is served and
// announced with them; the rest of the site is made right after, and a
// request for any other file waits for it. A save that changes one file's
// prose alone, most of them, or an event's title or quotes, does not even
// wait for the content to be read: that file's page is laid out from the
// last build that ended
// (sitegen.Builder.Quick) and served at once, and the build goes on
// behind it; should the build make that page otherwise, or fail, the
// pages reload onto what it made. The first build lays out the home page
// first (Start), so that a large site is served once it is read and
// checked. A newer change stops a build, while its content is read as
// while the rest is made. Each build has an id. Every page it serves carries a small script
// (/_dossier/reload.js), which the server inserts into each HTML file as it
// serves it, before </body> or at the end of a file without one, as Hugo's livereloadinject does: builds, templates and
// `dossier build` know nothing of it. The script listens to /_dossier/events, a stream
// of Server-Sent Events. When a build ends, the server sends its state to
// every page: the id of the build it serves and, if the latest build
// failed, its problems. A page reloads when the server serves another build
// than the page's: its reload lands on the build that its change started,
// never on the one before, because the state is sent only once that build
// is being served.
// With it, the state says which of the files made first changed since the
// build before (Changes): an open page whose stylesheets and scripts are
// as they were takes its new HTML in place, without a navigation, and
// one that did not change does nothing (reload.js says how).
//
// The site is served under the path of its base URL (sitegen.Options
// BaseURL, or base_url in content/site.yaml): https://owner.github.io/repo/
// is served under /repo/, by the handler that models GitHub Pages for
// `dossier check` too (package ghpages), and / redirects there. Pages link
// to each other relatively, but 404.html cannot, so this is the one way to
// see every page as readers will.
//
// A build that fails never takes the site down: the server goes on serving
// the last good build, prints the problems (path:line:col: message), and
// every open page lists them over itself. The next good build clears them
// by reloading the page.
//
// What it serves, it serves from the build's files only: a request for
// anything else, including paths with .., encoded dots or slashes, gets a
// 404 (the site's 404.html, or the server's own page for a site without
// one). There are no directory listings: /x/ is x/index.html or nothing.
// Nothing is cached: every response says no-store.
//
// The server's own URLs:
//
//	/_dossier/reload.js  the live-reload script
//	/_dossier/events     the event stream: "state" events, each a State as JSON
//	/_dossier/state      the current State as JSON
package devserver

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/ghpages"
	"github.com/dossier-dev/dossier/internal/history"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/watch"
)

// Prefix is where the server's own URLs live.
const Prefix = "/_dossier/"

//go:embed reload.js
var reloadJS []byte

// Config says what a Server serves.
type Config struct {
	FS      fs.FS           // the site's input: content/, templates/, static/
	Options sitegen.Options // how to build it
	Log     io.Writer       // build results and problems, for the terminal; nil for none
	// Dir is the site's directory on disk, for the overlay's links that
	// open a file in the editor; empty for no links.
	Dir string
	// Editor is the URL that opens a file in the editor, with {path},
	// {line} and {col} (DefaultEditor when empty); "none" for no links.
	Editor string
	// History, when set, reads the site's history (package history)
	// again: every HistoryEvery, the server reads it and, if a commit has
	// changed a date of last change, builds again with it. Edits are not
	// commits, so the dates move only when the editor commits.
	History      func() *history.Log
	HistoryEvery time.Duration
	// Stay keeps open pages where they are after a build: without it, a
	// build started by a change to one page's file takes the open pages to
	// that page, as Hugo's --navigateToChanged does.
	Stay bool
}

// State is what the server tells pages: the build it serves, and the
// problems of the latest build when that build failed.
type State struct {
	Build    string   `json:"build"`              // id of the build served; "" before the first good build
	Number   int      `json:"number"`             // its number: 1, 2, …
	Failed   int      `json:"failed,omitempty"`   // number of the latest build, if it failed
	Problems []string `json:"problems,omitempty"` // its problems, as path:line:col: message
	// Details are the problems with their code frames and editor links.
	Details []Problem `json:"details,omitempty"`
	// Warnings are the last good build's warnings, in the same form.
	Warnings []Problem `json:"warnings,omitempty"`
	// Open is the URL path of the page whose file changed before this
	// build, for open pages to go to; empty to reload in place.
	Open string `json:"open,omitempty"`
	// Making says that the build served is still making its other files:
	// its open pages are served, and a request for any other file waits.
	Making bool `json:"making,omitempty"`
	// Changes says which of the files made first changed since the build
	// before, for open pages to update in place (see Changes); nil when
	// the server cannot say.
	Changes *Changes `json:"changes,omitempty"`
}

// A Server builds a site and serves it. It is an http.Handler.
type Server struct {
	cfg      Config
	instance string           // tells this server's build ids from another's
	building sync.Mutex       // one build at a time
	builder  *sitegen.Builder // keeps each build's work for the next; guarded by building
	warnings string           // where the last build's warnings are; guarded by building
	// unbuilt is what changed for the builds stopped since the last that
	// ended, which the next build takes in; guarded by building.
	unbuilt []string

	mu       sync.Mutex
	n        int     // number of the latest build started
	good     *served // the last good build; nil before the first
	failed   int
	problems []string
	details  []Problem
	warns    []Problem
	open     string
	subs     map[chan struct{}]bool // open event streams
	viewed   map[string]int         // URL paths of the pages open, by how many streams
	listens  atomic.Int64           // event streams opened so far, which letPagesLoad watches
	done     chan struct{}          // closed by Close
	closing  sync.Once
}

// served is a good build.
type served struct {
	id      string
	n       int
	files   injected
	site    *ghpages.Handler // serves files as GitHub Pages will
	baseURL string           // the site's base URL
	langs   []string         // the site's languages
	changes *Changes         // since the build before, when it was served early
}

// serve returns build n, id, of files, to serve under baseURL with tag in
// every HTML file (nil for none). langs are the site's languages.
func (s *Server) serve(id string, n int, files *lazyFiles, baseURL string, langs []string, tag []byte) *served {
	f := injected{files: files, tag: tag}
	h := ghpages.New(f, baseURL)
	h.NotFound = http.HandlerFunc(s.notFound)
	return &served{id: id, n: n, files: f, site: h, baseURL: baseURL, langs: langs}
}

// New returns a server for the site in cfg. It serves nothing until Build.
func New(cfg Config) *Server {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	return &Server{
		cfg:      cfg,
		builder:  sitegen.NewBuilder(cfg.Options),
		instance: strings.ToLower(rand.Text()[:6]),
		subs:     map[chan struct{}]bool{},
		viewed:   map[string]int{},
		done:     make(chan struct{}),
	}
}

// Base is the URL path the site is served under, such as / or /repo/: the
// path of the last good build's base URL.
func (s *Server) Base() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base()
}

func (s *Server) base() string {
	if s.good == nil {
		return "/"
	}
	return s.good.site.Base()
}

// Build builds the site now and, if it builds, serves the result. changed
// lists the paths whose change started the build, for the log. The error
// is the build's.
//
// The editor waits for one page, not for the site: once the content is
// read and checked (sitegen.Draft), the pages that matter now are laid
// out first (first), and the build is served and announced with them. A
// request for any other file of the build waits until the rest of the
// site is made (Draft.Finish), which starts at once. Should the rest fail
// (a template that breaks on another page), the server goes back to the
// last good build and reports the problems, as for any failed build.
func (s *Server) Build(changed []string) error { return s.build(context.Background(), changed, nil) }

// Start is Build in the background, for the first build of a preview: it
// returns at once, and ready is closed as soon as the build serves its
// first files (the home page, when no page is open yet: after the
// dossier is read and checked, before the rest of the site is made; a
// request for another file waits for the rest) or ends, whichever comes
// first; done then receives the build's error. At 10,000 events the home
// page is served about 7.5 s after the start, the whole site 22 s later.
func (s *Server) Start(changed []string) (ready <-chan struct{}, done <-chan error) {
	r, d := make(chan struct{}), make(chan error, 1)
	var once sync.Once
	served := func() { once.Do(func() { close(r) }) }
	go func() {
		err := s.build(context.Background(), changed, served)
		served()
		d <- err
	}()
	return r, d
}

// build is Build, which stops reading and modelling the dossier, or
// making the rest of the site, once ctx is done (Run cancels it when a
// newer change arrives, which the next build takes in): the pages served
// first stay served, with the last good build's files for the rest, and
// nothing is reported as failed.
//
// served, if not nil, is called once the build's first files are served.
func (s *Server) build(ctx context.Context, changed []string, served func()) error {
	s.building.Lock()
	defer s.building.Unlock()
	s.mu.Lock()
	s.n++
	n := s.n
	prev := s.good
	s.mu.Unlock()

	id := fmt.Sprintf("%s-%d", s.instance, n)
	start := time.Now()
	var (
		res   *sitegen.Result
		early time.Duration
		lazy  *lazyFiles // the files served before the build ends
	)
	// announce serves files, the first of the build, and tells the pages.
	announce := func(files map[string][]byte, baseURL string, langs []string) {
		lazy = &lazyFiles{early: files, done: make(chan struct{})}
		early = time.Since(start).Round(time.Millisecond)
		var (
			open  int   // pages listening when the build is announced
			since int64 // streams opened by then
		)
		ch := changesSince(prev, files, ghpages.BasePath(baseURL))
		s.publish(func() {
			open, since = len(s.subs), s.listens.Load()
			s.good = s.serve(id, n, lazy, baseURL, langs, []byte(scriptTag(id)))
			s.good.changes = ch
			s.failed, s.problems, s.details = 0, nil, nil
			s.open = s.opening(langs, changed)
		})
		s.letPagesLoad(open, since)
		if served != nil {
			served()
		}
	}
	// A save of one file's prose, or of an event's title or quotes: its
	// page, laid out from the last build that ended, is served before the
	// dossier is read and checked; so is a second save of that file that
	// stopped the build of the first.
	all := slices.Clone(s.unbuilt)
	for _, p := range changed {
		if !slices.Contains(all, p) {
			all = append(all, p)
		}
	}
	if p, ok := only(all); ok && prev != nil {
		if files, ok := s.builder.Quick(s.cfg.FS, p); ok {
			announce(files, prev.baseURL, prev.langs)
		}
	}
	// A newer save stops the build (ctx), while the dossier is read and
	// modelled as while the rest of the site is made.
	dr, err := s.builder.DraftContext(ctx, s.cfg.FS)
	stopped := err != nil && ctx.Err() != nil // the site was not made
	if err == nil {
		files, ok := s.first(dr, changed)
		switch {
		case ok && lazy == nil:
			announce(files, dr.Site().BaseURL, dr.Dossier().Config.Languages)
		case ok:
			lazy.add(files) // the other pages open in a browser
			s.compareMore(prev, n, files, dr.Site().BaseURL)
		}
		res, err = dr.FinishContext(ctx)
		stopped = err != nil && ctx.Err() != nil
	}
	if stopped {
		if lazy != nil {
			var rest map[string][]byte
			if prev != nil {
				rest = prev.files.files.wait()
			}
			lazy.setAll(lazy.over(rest))
		}
		fmt.Fprintf(s.cfg.Log, "dossier: build %d: stopped after %s for a newer change%s\n", n, time.Since(start).Round(time.Millisecond), servedIn(early))
		s.unbuilt = all
		return err
	}
	s.unbuilt = nil
	if lazy != nil {
		// A request waiting for the rest gets the last good build's
		// files if the rest failed.
		switch {
		case res != nil:
			lazy.setAll(res.Files)
		case prev != nil:
			lazy.setAll(prev.files.files.wait())
		default:
			// No good build to go back to (the first build's rest
			// failed): the files served early, and no wait.
			lazy.setAll(lazy.over(nil))
		}
	}
	took := time.Since(start).Round(time.Millisecond)

	// The terminal first, then the pages: by the time a page shows the
	// problems, the terminal has them too.
	var probs []string
	if err != nil {
		probs = problems(err)
	}
	s.log(n, res, took, early, changed, probs)

	var details, warns []Problem
	if err != nil {
		details = s.describe(diagList(err))
	} else {
		warns = s.describe(res.Warnings)
	}
	s.publish(func() {
		if err == nil {
			if s.good == nil || s.good.n != n || lazy.differ() {
				// A file served early that the build made otherwise
				// (which Quick's tests say does not happen) is
				// replaced by a build of its own, which pages reload.
				if s.good != nil && s.good.n == n {
					s.n++
					n, id = s.n, fmt.Sprintf("%s-%d", s.instance, s.n)
				}
				s.good = s.serve(id, n, &lazyFiles{all: res.Files, done: closed}, res.Site.BaseURL, res.Dossier.Config.Languages, []byte(scriptTag(id)))
				s.open = s.opening(res.Dossier.Config.Languages, changed)
			}
			s.failed, s.problems, s.details, s.warns = 0, nil, nil, warns
			return
		}
		if s.good != nil && s.good.n == n {
			s.good = prev // served early, failed later: back to the last good build
			s.open = ""
		}
		s.failed, s.problems, s.details = n, probs, details
	})
	return err
}

// letPagesLoad waits, before the rest of a build is made, while the open
// pages reload: on two cores, making the rest at once would take the CPU
// the browser needs to lay out the page. A page that has reloaded listens
// for events again (its script runs once the page is parsed), so the wait
// ends when as many pages listen anew as listened before the build was
// announced (open, counted by openPages), or after a fraction of a
// second, or at once when no page listens.
func (s *Server) letPagesLoad(open int, since int64) {
	const most = 400 * time.Millisecond
	start := time.Now()
	for open > 0 && s.listens.Load()-since < int64(open) && time.Since(start) < most {
		time.Sleep(2 * time.Millisecond)
	}
}

// closed is a channel closed already.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// publish changes the state with f and tells every page of it.
func (s *Server) publish(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // it has a notice pending already
		}
	}
}

// opening is the URL path of the page for open pages to go to after a
// build started by changed: the page of the first changed file that has
// one, unless the server stays.
func (s *Server) opening(langs, changed []string) string {
	if s.cfg.Stay {
		return ""
	}
	for _, c := range changed {
		if p, ok := PageOf(c, langs); ok {
			return s.good.site.Base() + p
		}
	}
	return ""
}

// first lays out the pages that matter now: the page of a changed file,
// and the pages open in a browser; and it reads the files every page
// loads (static/). ok is false if there is no such page, or if one of
// them cannot be made: the whole build then reports why.
func (s *Server) first(dr *sitegen.Draft, changed []string) (map[string][]byte, bool) {
	files, err := dr.Static()
	if err != nil {
		return nil, false
	}
	base := ghpages.BasePath(dr.Site().BaseURL)
	var want []string
	for _, c := range changed {
		if p, ok := PageOf(c, dr.Dossier().Config.Languages); ok {
			want = append(want, pageFile(p))
		}
	}
	s.mu.Lock()
	for p := range s.viewed {
		if rel, ok := strings.CutPrefix(p, base); ok {
			want = append(want, pageFile(rel))
		}
	}
	if s.good == nil && len(want) == 0 {
		// The first build: the home page, which a browser opens first.
		want = append(want, pageFile(""))
	}
	s.mu.Unlock()
	pages := 0
	for _, f := range want {
		if _, ok := files[f]; ok {
			continue
		}
		b, ok, err := dr.Page(f)
		if err != nil {
			return nil, false
		}
		if ok {
			files[f] = b
			pages++
		}
	}
	return files, pages > 0
}

// pageFile is the file served at the URL path p, relative to the base.
func pageFile(p string) string {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

// log reports build n on the terminal.
func (s *Server) log(n int, res *sitegen.Result, took, early time.Duration, changed, probs []string) {
	why := ""
	if len(changed) > 0 {
		why = ", after a change to " + changed[0]
		if len(changed) > 1 {
			why += fmt.Sprintf(" and %d more", len(changed)-1)
		}
	}
	if probs == nil {
		fmt.Fprintf(s.cfg.Log, "dossier: build %d: %d pages (%d files) in %s%s%s\n", n, len(res.Site.Pages), len(res.Files), took, servedIn(early), why)
		// Most edits leave the warnings as they were (a stale translation
		// stays stale): print them when the files they concern change.
		var w, key strings.Builder
		for _, d := range res.Warnings {
			fmt.Fprintf(&w, "warning: %s\n", d)
			fmt.Fprintf(&key, "%s:%d:%d\n", d.Path, d.Line, d.Col)
		}
		if key.String() != s.warnings {
			s.warnings = key.String()
			_, _ = io.WriteString(s.cfg.Log, w.String())
		}
		return
	}
	for _, p := range probs {
		fmt.Fprintln(s.cfg.Log, p)
	}
	still := "nothing to serve until the site builds"
	if st := s.State(); st.Build != "" {
		still = fmt.Sprintf("still serving build %d", st.Number)
	}
	fmt.Fprintf(s.cfg.Log, "dossier: build %d failed with %d problem(s)%s; %s\n", n, len(probs), why, still)
}

// servedIn says when the open pages were served, if they were before the
// build ended.
func servedIn(early time.Duration) string {
	if early <= 0 {
		return ""
	}
	return fmt.Sprintf(" (open pages served in %s)", early)
}

// problems lists a build error's problems, one line each.
func problems(err error) []string {
	var l diag.List
	if !errors.As(err, &l) {
		return []string{err.Error()}
	}
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return lines
}

// Run builds the site again after each batch of changes, until ctx is done
// or changes is closed. A batch that arrives during a build stops it once
// its first pages are served, and the next build takes in both
// (watch.EachNewest).
func (s *Server) Run(ctx context.Context, changes <-chan []string) {
	if s.cfg.History != nil && s.cfg.HistoryEvery > 0 {
		go s.followHistory(ctx)
	}
	// A change that arrives while the rest of a build is made stops it:
	// the editor's newest save is served first, not after the site of the
	// save before.
	watch.EachNewest(ctx, changes, func(ctx context.Context, batch []string) {
		_ = s.build(ctx, batch, nil) // the problems are logged and sent to the pages
	})
}

// followHistory reads the history every HistoryEvery until ctx is done,
// and builds again when a commit changed a date of last change.
func (s *Server) followHistory(ctx context.Context) {
	t := time.NewTicker(s.cfg.HistoryEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case <-t.C:
		}
		l := s.cfg.History()
		dates, _, err := l.Wait()
		if err != nil {
			continue // the build warns of it; the dates stay as they were
		}
		s.building.Lock()
		old, _, _ := s.builder.History().Wait()
		moved := !maps.EqualFunc(old, dates, time.Time.Equal)
		if moved {
			s.builder.SetHistory(l)
		}
		s.building.Unlock()
		if moved {
			_ = s.Build([]string{"(git history)"})
		}
	}
}

// Close ends the event streams, so that an http.Server can shut down.
func (s *Server) Close() {
	s.closing.Do(func() { close(s.done) })
}

// State returns the current state.
func (s *Server) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state()
}

func (s *Server) state() State {
	st := State{Failed: s.failed, Problems: s.problems, Details: s.details, Warnings: s.warns, Open: s.open}
	if s.good != nil {
		st.Build, st.Number, st.Changes = s.good.id, s.good.n, s.good.changes
		select {
		case <-s.good.files.files.done:
		default:
			st.Making = true
		}
	}
	return st
}

var scriptTmpl = template.Must(template.New("").Parse(`<script src="{{.Src}}" data-build="{{.ID}}"></script>`))

// scriptTag is the HTML that loads the reload script into a page of build id.
func scriptTag(id string) template.HTML {
	var b bytes.Buffer
	_ = scriptTmpl.Execute(&b, struct{ Src, ID string }{Prefix + "reload.js", id})
	return template.HTML(b.String())
}

// lazyFiles are a build's files: those made first, and all of them once
// done is closed.
type lazyFiles struct {
	mu    sync.Mutex
	early map[string][]byte // guarded by mu
	done  chan struct{}
	all   map[string][]byte // set before done is closed
}

// get returns the file name, waiting for the rest of the build if it is
// not one of those made first.
func (f *lazyFiles) get(name string) ([]byte, bool) {
	f.mu.Lock()
	b, ok := f.early[name]
	f.mu.Unlock()
	if ok {
		return b, true
	}
	<-f.done
	b, ok = f.all[name]
	return b, ok
}

// add serves files too before the build ends, unless it serves them
// already.
func (f *lazyFiles) add(files map[string][]byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for name, b := range files {
		if _, ok := f.early[name]; !ok {
			f.early[name] = b
		}
	}
}

// over returns the files made first over those of rest, which it does
// not change.
func (f *lazyFiles) over(rest map[string][]byte) map[string][]byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	all := maps.Clone(rest)
	if all == nil {
		all = map[string][]byte{}
	}
	maps.Copy(all, f.early)
	return all
}

// setAll ends the build with all its files.
func (f *lazyFiles) setAll(all map[string][]byte) {
	f.all = all
	close(f.done)
}

// differ reports whether a file served early is not the one the build
// made in the end; false for nil.
func (f *lazyFiles) differ() bool {
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for name, b := range f.early {
		if !bytes.Equal(b, f.all[name]) {
			return true
		}
	}
	return false
}

// only returns the one path that changed, if one did.
func only(changed []string) (string, bool) {
	if len(changed) == 0 || slices.ContainsFunc(changed, func(p string) bool { return p != changed[0] }) {
		return "", false
	}
	return changed[0], true
}

// wait returns all the files, once they are made.
func (f *lazyFiles) wait() map[string][]byte {
	<-f.done
	return f.all
}

// injected is a build's files with tag inserted into every HTML file as
// it is read: a build after a save changes few files, and copying every
// page of the site to insert the script would take longer than the build.
type injected struct {
	files *lazyFiles
	tag   []byte
}

// Open opens the named file.
func (f injected) Open(name string) (fs.File, error) {
	b, err := f.ReadFile(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return ghpages.Files{name: b}.Open(name)
}

// ReadFile returns the named file, with the script if it is HTML.
func (f injected) ReadFile(name string) ([]byte, error) {
	b, ok := f.files.get(name)
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	if f.tag != nil && strings.HasPrefix(ghpages.ContentType(name, b), "text/html") {
		return inject(b, f.tag), nil
	}
	return bytes.Clone(b), nil
}

// inject returns page with tag inserted before its last </body>, or at its
// end when it has none (the tag names no element that needs a body).
func inject(page, tag []byte) []byte {
	i := lastIndexFold(page, []byte("</body"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex for a sep that starts with '<',
// ignoring ASCII case.
func lastIndexFold(s, sep []byte) int {
	for i := len(s); ; {
		i = bytes.LastIndexByte(s[:i], '<')
		if i < 0 || len(s)-i >= len(sep) && bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
}

// ServeHTTP serves the site and the server's own URLs.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if strings.HasPrefix(r.URL.Path, Prefix) && ghpages.SafePath(r.URL) {
		switch r.URL.Path {
		case Prefix + "reload.js":
			h.Set("Content-Type", ghpages.ContentType("reload.js", reloadJS))
			http.ServeContent(w, r, "reload.js", time.Time{}, bytes.NewReader(reloadJS))
		case Prefix + "events":
			s.events(w, r)
		case Prefix + "state":
			h.Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(s.State())
		default:
			s.notFound(w, r)
		}
		return
	}
	s.mu.Lock()
	good := s.good
	s.mu.Unlock()
	if good == nil {
		s.errorPage(w)
		return
	}
	if r.URL.Path == "/" && good.site.Base() != "/" {
		http.Redirect(w, r, good.site.Base(), http.StatusFound)
		return
	}
	good.site.ServeHTTP(w, r)
}

// events streams the server's state to a page, once at once and again
// after each build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	ch := make(chan struct{}, 1)
	// The page says where it is, so that the next build lays it out first.
	page := r.URL.Query().Get("page")
	if !strings.HasPrefix(page, "/") || len(page) > 2048 {
		page = ""
	}
	s.mu.Lock()
	s.subs[ch] = true
	s.listens.Add(1)
	if page != "" {
		s.viewed[page]++
	}
	st := s.state()
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		if page != "" {
			if s.viewed[page]--; s.viewed[page] <= 0 {
				delete(s.viewed, page)
			}
		}
		s.mu.Unlock()
	}()

	send := func(st State) error {
		b, _ := json.Marshal(st)
		if _, err := fmt.Fprintf(w, "event: state\ndata: %s\n\n", b); err != nil {
			return err
		}
		return rc.Flush()
	}
	// Reconnect quickly after the server restarts.
	if _, err := io.WriteString(w, "retry: 500\n\n"); err != nil {
		return
	}
	if send(st) != nil {
		return
	}
	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ch:
			if send(s.State()) != nil {
				return
			}
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		}
	}
}
