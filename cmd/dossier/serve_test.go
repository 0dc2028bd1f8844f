package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/devserver"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/dossier-dev/dossier/internal/watch/editortest"
	"golang.org/x/tools/txtar"
)

// TestServeScripts runs the scripts in testdata/serve. Each starts the
// real `dossier serve` on a copy of the real dossier, edits files the way
// editors do, and fetches pages as a browser would. testdata/serve/README
// lists the commands.
//
// Each script runs twice:
//
//   - "binary": the dossier command built as users build it, in its own
//     process, stopped with Ctrl-C (SIGINT). This run also checks the one
//     timed promise of the preview: each change is served within 1 s of
//     the edit. A slower change is reported as an error; the script goes on
//     waiting for it (up to 10 s) so that the steps after it still make
//     sense.
//   - "inprocess": the serve function inside the test, so that `go test
//     -race` checks the server, the watcher and the builds running
//     together. The race detector makes a build of the dossier five to ten
//     times slower than 1 s allows, so this run does not time changes.
func TestServeScripts(t *testing.T) {
	names, err := filepath.Glob("testdata/serve/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	bin := buildDossier(t)
	for _, mode := range []string{"binary", "inprocess"} {
		t.Run(mode, func(t *testing.T) {
			for _, name := range names {
				t.Run(strings.TrimSuffix(filepath.Base(name), ".txt"), func(t *testing.T) {
					a, err := txtar.ParseFile(name)
					if err != nil {
						t.Fatal(err)
					}
					s := &script{t: t, name: name, archive: a}
					if mode == "binary" {
						if runtime.GOOS == "windows" {
							t.Skip("no Ctrl-C to send on Windows")
						}
						s.bin = bin
					}
					s.run()
				})
			}
		})
	}
}

// buildDossier builds the dossier command, without the race detector.
func buildDossier(t *testing.T) string {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build dossier with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "dossier")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command(gotool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

const (
	promised = 1 * time.Second  // a change is meant to be served within this (logged, not asserted)
	giveUp   = 60 * time.Second // a change not served by then is lost (generous: a loaded machine with -race builds slowly)
)

// syncBuffer is a bytes.Buffer safe for the server and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

type script struct {
	t       *testing.T
	name    string
	archive *txtar.Archive
	line    int
	bin     string // the dossier command to run; "" to run serve in the test

	site, outside  string // the site's directory, and one outside it
	url            string // the server, e.g. http://127.0.0.1:34567
	base           string // the path the site is served under, without its final slash
	stdout, stderr syncBuffer
	stop           context.CancelFunc
	exited         chan int
	events         *eventLog

	edited time.Time // when the last edit was made
	mark   int       // build number at the last mark
}

func (s *script) run() {
	t := s.t
	s.site = copySite(t)
	s.outside = t.TempDir()
	defer s.shutdown()
	for i, line := range strings.Split(string(s.archive.Comment), "\n") {
		s.line = i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		args, err := splitArgs(line)
		if err != nil {
			s.fatalf("%v", err)
		}
		for i, a := range args {
			args[i] = strings.NewReplacer("$SITE", s.site, "$OUTSIDE", s.outside, "$BASE", s.base).Replace(a)
		}
		s.do(args[0], args[1:])
	}
}

func (s *script) fatalf(format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("%s:%d: %s\nserver output:\n%s%s", s.name, s.line, fmt.Sprintf(format, args...), s.stdout.String(), s.stderr.String())
}

func (s *script) errorf(format string, args ...any) {
	s.t.Helper()
	s.t.Errorf("%s:%d: %s", s.name, s.line, fmt.Sprintf(format, args...))
}

// path returns the file name of a path relative to the site.
func (s *script) path(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(s.site, filepath.FromSlash(rel))
}

func (s *script) do(cmd string, args []string) {
	s.t.Helper()
	need := func(n int) {
		if len(args) < n {
			s.fatalf("%s needs %d arguments", cmd, n)
		}
	}
	edit := func(err error) {
		s.edited = time.Now()
		if err != nil {
			s.fatalf("%s: %v", cmd, err)
		}
	}
	switch cmd {
	case "serve":
		s.serve(args)

	// Edits: PATH OLD NEW replaces the first OLD in PATH by NEW and saves
	// the file as the editor does.
	case "vim", "sed", "jetbrains", "emacs", "write", "atomic":
		need(3)
		name := s.path(args[0])
		b, err := os.ReadFile(name)
		if err != nil {
			s.fatalf("%v", err)
		}
		if !bytes.Contains(b, []byte(args[1])) {
			s.fatalf("%s does not contain %q", args[0], args[1])
		}
		data := bytes.Replace(b, []byte(args[1]), []byte(args[2]), 1)
		save := map[string]func(string, []byte) error{
			"vim": editortest.Vim, "jetbrains": editortest.JetBrains, "emacs": editortest.Emacs,
			"write": editortest.InPlace, "atomic": editortest.Atomic,
		}[cmd]
		if cmd == "sed" {
			edit(editortest.SedInPlace(name, args[1], args[2]))
		} else {
			edit(save(name, data))
		}
	case "create": // PATH FILE: writes the archive's FILE as PATH
		need(2)
		var data []byte
		found := false
		for _, f := range s.archive.Files {
			if f.Name == args[1] {
				data, found = f.Data, true
			}
		}
		if !found {
			s.fatalf("no file %s in the archive", args[1])
		}
		name := s.path(args[0])
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			s.fatalf("%v", err)
		}
		edit(os.WriteFile(name, data, 0o644))
	case "mkdir":
		need(1)
		edit(os.MkdirAll(s.path(args[0]), 0o755))
	case "rm":
		need(1)
		edit(os.RemoveAll(s.path(args[0])))
	case "mv":
		need(2)
		edit(os.Rename(s.path(args[0]), s.path(args[1])))
	case "symlink": // LINK TARGET
		need(2)
		edit(os.Symlink(args[1], s.path(args[0])))
	case "many": // DIR N: writes N files into DIR at once
		need(2)
		n, _ := strconv.Atoi(args[1])
		dir := s.path(args[0])
		if err := os.MkdirAll(dir, 0o755); err != nil {
			s.fatalf("%v", err)
		}
		for i := range n {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.txt", i)), []byte(strconv.Itoa(i)), 0o644); err != nil {
				s.fatalf("%v", err)
			}
		}
		edit(nil)
	case "git":
		if _, err := exec.LookPath("git"); err != nil {
			s.t.Skip("no git")
		}
		gitArgs := append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "init.defaultBranch=main"}, args...)
		cmd := exec.Command("git", gitArgs...)
		cmd.Dir = s.site
		out, err := cmd.CombinedOutput()
		if err != nil {
			s.fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		s.edited = time.Now()

	case "get":
		need(1)
		s.get(args[0], args[1:])
	case "problems":
		s.problems(args)
	case "clean":
		s.clean()
	case "mark":
		s.mark = s.events.last().Number
	case "builds": // N: at most N builds since the mark
		need(1)
		n, _ := strconv.Atoi(args[0])
		// Count build numbers, good or failed.
		st := s.events.last()
		got := max(st.Number, st.Failed) - s.mark
		s.t.Logf("%s:%d: %d build(s) since the mark", s.name, s.line, got)
		if got > n {
			s.errorf("%d builds since the mark, want at most %d", got, n)
		}
	case "stderr": // TEXT: the terminal shows TEXT
		need(1)
		s.terminalShows(args[0])
	default:
		s.fatalf("unknown command %q", cmd)
	}
}

var servingLine = regexp.MustCompile(`serving (http://[^/ ]+)(/[^ ,]*)`)

// serve starts `dossier serve` on the site with args.
func (s *script) serve(args []string) {
	s.exited = make(chan int, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-src", s.site}, args...)
	if s.bin == "" {
		ctx, cancel := context.WithCancel(context.Background())
		s.stop = cancel
		go func() { s.exited <- serve(ctx, args, &s.stdout, &s.stderr) }()
	} else {
		cmd := exec.Command(s.bin, append([]string{"serve"}, args...)...)
		cmd.Stdout, cmd.Stderr = &s.stdout, &s.stderr
		if err := cmd.Start(); err != nil {
			s.fatalf("%v", err)
		}
		s.stop = func() {
			if err := cmd.Process.Signal(os.Interrupt); err != nil {
				s.t.Errorf("Ctrl-C: %v", err)
			}
		}
		go func() {
			_ = cmd.Wait()
			s.exited <- cmd.ProcessState.ExitCode()
		}()
	}
	deadline := time.Now().Add(giveUp)
	for {
		if m := servingLine.FindStringSubmatch(s.stdout.String()); m != nil {
			s.url, s.base = m[1], strings.TrimSuffix(m[2], "/")
			break
		}
		select {
		case code := <-s.exited:
			s.exited <- code
			s.fatalf("dossier serve exited with %d", code)
		default:
		}
		if time.Now().After(deadline) {
			s.fatalf("dossier serve did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.events = listen(s.t, s.url+devserver.Prefix+"events")
	s.events.wait(s, "the first state", func(devserver.State) bool { return true })
}

func (s *script) shutdown() {
	if s.stop == nil {
		return
	}
	if s.t.Failed() {
		s.t.Logf("server output:\n%s%s", s.stdout.String(), s.stderr.String())
	}
	s.stop()
	select {
	case code := <-s.exited:
		if code != 0 {
			s.t.Errorf("dossier serve exited with %d", code)
		}
	case <-time.After(giveUp):
		s.t.Errorf("dossier serve did not stop within %s of Ctrl-C", giveUp)
	}
	if !strings.Contains(s.stdout.String(), "dossier: stopping") {
		s.t.Errorf("no goodbye:\n%s", s.stdout.String())
	}
}

var noRedirect = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       giveUp,
}

// get fetches path until the response matches want: a status code, TEXT
// that the body contains, !TEXT that it does not, or Header:value.
func (s *script) get(path string, want []string) {
	s.t.Helper()
	status := 200
	if len(want) > 0 {
		if n, err := strconv.Atoi(want[0]); err == nil {
			status, want = n, want[1:]
		}
	}
	start := time.Now()
	var last string
	for {
		last = s.fetch(path, status, want)
		if last == "" {
			break
		}
		if time.Since(start) > giveUp {
			s.fatalf("GET %s: %s", path, last)
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.promise("GET " + path)
}

// fetch returns what is wrong with the response to GET path, or "".
func (s *script) fetch(path string, status int, want []string) string {
	req, err := http.NewRequest("GET", s.url+path, nil)
	if err != nil {
		s.fatalf("%v", err)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		return err.Error()
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err.Error()
	}
	if resp.StatusCode != status {
		return fmt.Sprintf("status %d, want %d", resp.StatusCode, status)
	}
	for _, w := range want {
		if name, value, ok := strings.Cut(w, ": "); ok && !strings.Contains(name, " ") && strings.ToUpper(name[:1]) == name[:1] {
			if got := resp.Header.Get(name); got != value {
				return fmt.Sprintf("header %s: %q, want %q", name, got, value)
			}
			continue
		}
		if not, ok := strings.CutPrefix(w, "!"); ok {
			if bytes.Contains(body, []byte(not)) {
				return fmt.Sprintf("body contains %q", not)
			}
			continue
		}
		if !bytes.Contains(body, []byte(w)) {
			return fmt.Sprintf("body does not contain %q", w)
		}
	}
	return ""
}

// promise logs how long a change took to be served, counting from the last
// edit. It does not fail: speed is measured by BenchmarkSaveToReload, not by
// timed tests, which fail on a loaded machine; a change never served fails
// at giveUp.
func (s *script) promise(what string) {
	s.t.Helper()
	if s.edited.IsZero() || s.bin == "" {
		return
	}
	if took := time.Since(s.edited); took > promised {
		s.t.Logf("%s: served %s after the edit (the preview aims at %s)", what, took.Round(time.Millisecond), promised)
	}
	s.edited = time.Time{} // one promise per edit
}

// problems waits until the pages are told of a failed build whose problems
// include each of want, and checks the terminal shows them too.
func (s *script) problems(want []string) {
	s.t.Helper()
	st := s.events.wait(s, fmt.Sprintf("problems %q", want), func(st devserver.State) bool {
		all := strings.Join(st.Problems, "\n")
		for _, w := range want {
			if !strings.Contains(all, w) {
				return false
			}
		}
		return len(st.Problems) > 0
	})
	s.promise("problems")
	for _, p := range st.Problems {
		s.terminalShows(p + "\n")
	}
}

// terminalShows checks that the server printed text. The server prints
// before it tells the pages, but the output of a separate process reaches
// the test through a pipe, a little later.
func (s *script) terminalShows(text string) {
	s.t.Helper()
	for deadline := time.Now().Add(giveUp); !strings.Contains(s.stderr.String(), text); {
		if time.Now().After(deadline) {
			s.errorf("the terminal does not show %q:\n%s", text, s.stderr.String())
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// clean waits until the pages are told of a good build after a failed one:
// the overlay goes, and the pages reload.
func (s *script) clean() {
	s.t.Helper()
	failed := s.events.last().Failed
	s.events.wait(s, "a good build", func(st devserver.State) bool {
		return len(st.Problems) == 0 && st.Number > failed
	})
	s.promise("clean")
}

// eventLog records the states the server sends on its event stream, as an
// open page receives them.
type eventLog struct {
	mu     sync.Mutex
	states []devserver.State
	more   chan struct{} // closed and replaced when a state arrives
}

func listen(t *testing.T, url string) *eventLog {
	l := &eventLog{more: make(chan struct{})}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var st devserver.State
			if err := json.Unmarshal([]byte(data), &st); err != nil {
				t.Errorf("events: %v: %s", err, data)
				return
			}
			l.mu.Lock()
			l.states = append(l.states, st)
			close(l.more)
			l.more = make(chan struct{})
			l.mu.Unlock()
		}
	}()
	return l
}

func (l *eventLog) last() devserver.State {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.states) == 0 {
		return devserver.State{}
	}
	return l.states[len(l.states)-1]
}

// wait returns the first state, from the latest one received on, that
// satisfies ok.
func (l *eventLog) wait(s *script, what string, ok func(devserver.State) bool) devserver.State {
	s.t.Helper()
	l.mu.Lock()
	i := max(len(l.states)-1, 0)
	l.mu.Unlock()
	deadline := time.After(giveUp)
	for {
		l.mu.Lock()
		for ; i < len(l.states); i++ {
			if ok(l.states[i]) {
				st := l.states[i]
				l.mu.Unlock()
				return st
			}
		}
		more := l.more
		l.mu.Unlock()
		select {
		case <-more:
		case <-deadline:
			s.fatalf("waited %s for %s; states: %+v", giveUp, what, l.states)
		}
	}
}

// splitArgs splits a line into words; a word in double quotes may hold
// spaces and Go escapes.
func splitArgs(line string) ([]string, error) {
	var args []string
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimSpace(line) {
		if line[0] == '"' {
			q, err := strconv.QuotedPrefix(line)
			if err != nil {
				return nil, fmt.Errorf("bad quoting: %s", line)
			}
			a, _ := strconv.Unquote(q)
			args = append(args, a)
			line = line[len(q):]
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		args = append(args, word)
		line = rest
	}
	return args, nil
}

func TestServeRefusesPublicAddressesWithoutPublic(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-addr", "0.0.0.0:0"}, exitUsage, "add -public"},
		{[]string{"-addr", ":0"}, exitUsage, "add -public"},
		{[]string{"-addr", "[::]:0"}, exitUsage, "add -public"},
		{[]string{"-addr", "192.168.1.10:1313"}, exitUsage, "add -public"},
		{[]string{"-addr", "nonsense"}, exitUsage, "HOST:PORT"},
		{[]string{"-base-url", "/repo/"}, exitUsage, "not an absolute URL"},
		{[]string{"-h"}, exitOK, "-public"},
		{[]string{"extra"}, exitUsage, `unexpected argument "extra"`},
	} {
		var out, errOut syncBuffer
		code := serve(context.Background(), tc.args, &out, &errOut)
		if code != tc.code || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("serve %q: exit %d, %q; want exit %d and %q", tc.args, code, errOut.String(), tc.code, tc.want)
		}
	}
}

func TestServePublicWarns(t *testing.T) {
	site := copySite(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan int)
	go func() { done <- serve(ctx, []string{"-addr", "0.0.0.0:0", "-public", "-src", site}, &out, &errOut) }()
	for deadline := time.Now().Add(giveUp); !strings.Contains(out.String(), "serving http://"); {
		if time.Now().After(deadline) {
			t.Fatalf("did not start:\n%s%s", out.String(), errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errOut.String(), "warning: listening on") || !strings.Contains(errOut.String(), "other machines on your network can see") {
		t.Errorf("no warning:\n%s", errOut.String())
	}
}

// TestBuildHasNoReloadScript checks that only the preview adds the reload
// script: a normal build has no trace of it.
func TestBuildHasNoReloadScript(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := runCmd("build", "-src", site, "-out", out); code != 0 {
		t.Fatalf("build: %d %s", code, errOut)
	}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte("_dossier")) || bytes.Contains(b, []byte("EventSource")) {
			t.Errorf("%s mentions the preview", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBuildWatch(t *testing.T) {
	site := copySite(t)
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() { done <- buildWatch(ctx, site, out, sitegen.Options{}, false, &stdout, &stderr) }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(giveUp); !ok(); {
			if time.Now().After(deadline) {
				t.Fatalf("waited %s for %s\n%s%s", giveUp, what, stdout.String(), stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	page := filepath.Join(out, "events", "test-watch", "index.html")
	waitFor("the first build", func() bool { return strings.Contains(stdout.String(), "rebuilding") })
	event := "---\ntitle: Watched\ndate: 2022-01-06\nsources: [secretariat-statement]\n---\nSeen [@secretariat-statement].\n"
	if err := editortest.Vim(filepath.Join(site, "content", "events", "test-watch.md"), []byte(event)); err != nil {
		t.Fatal(err)
	}
	waitFor("the new page", func() bool {
		b, _ := os.ReadFile(page)
		return bytes.Contains(b, []byte("Watched"))
	})
	// A broken edit leaves the output as it was.
	if err := editortest.SedInPlace(filepath.Join(site, "content", "events", "test-watch.md"), "title:", "titel:"); err != nil {
		t.Fatal(err)
	}
	waitFor("the problems", func() bool { return strings.Contains(stderr.String(), "content/events/test-watch.md:2:1: unknown key") })
	if b, _ := os.ReadFile(page); !bytes.Contains(b, []byte("Watched")) {
		t.Errorf("the broken build touched the output")
	}
	if b, _ := os.ReadFile(page); bytes.Contains(b, []byte("_dossier")) {
		t.Errorf("build -watch added the reload script")
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d", code)
	}
}
