package output

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// crashFiles is the build of round n: 40 pages, some of them new in each
// round and some gone, and all with new content.
func crashFiles(n int) map[string][]byte {
	files := map[string][]byte{"index.html": []byte("home " + strconv.Itoa(n))}
	for i := n % 10; i < n%10+40; i++ {
		files[fmt.Sprintf("p/%d/index.html", i)] = []byte(strings.Repeat(fmt.Sprintf("page %d of build %d\n", i, n), 40))
	}
	return files
}

// TestCrashChild is the build that TestKilledBuilds kills: it runs only in
// the subprocess.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_CRASH_OUT")
	if dir == "" {
		t.Skip("runs only as TestKilledBuilds' subprocess")
	}
	n, _ := strconv.Atoi(os.Getenv("DOSSIER_CRASH_ROUND"))
	files := crashFiles(n)
	fmt.Println("ready")
	// As dossier build does: the files come in any order, from many
	// goroutines, so the manifest is written out of order until Commit.
	w, err := Create(dir, Info{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var wg sync.WaitGroup
	for name, b := range files {
		wg.Go(func() {
			if err := w.Add(name, b); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(3)
			}
		})
	}
	wg.Wait()
	if err := w.Commit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
}

// TestKilledBuilds kills a build (this test binary, run again) at a random
// point, over and over: at no moment is a file that dossier did not write
// missing from the output, and the next build leaves no temporary
// directory behind.
func TestKilledBuilds(t *testing.T) {
	rounds := 100
	if testing.Short() {
		rounds = 20
	}
	root := t.TempDir()
	out := filepath.Join(root, "build")
	if err := Write(out, crashFiles(0)); err != nil {
		t.Fatal(err)
	}
	foreign := map[string]string{"CNAME": "example.org", "p/12/notes.txt": "mine", "extra/a/b.txt": "deep"}
	for name, text := range foreign {
		write(t, filepath.Join(out, filepath.FromSlash(name)), text)
	}
	symlink(t, "../elsewhere", filepath.Join(out, "link"))

	child := func(n int) (*exec.Cmd, *bufio.Reader) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), "DOSSIER_CRASH_OUT="+out, "DOSSIER_CRASH_ROUND="+strconv.Itoa(n))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(stdout)
		if l, err := r.ReadString('\n'); err != nil || l != "ready\n" {
			t.Fatalf("child: %q, %v", l, err)
		}
		return cmd, r
	}
	// How long an uninterrupted build takes, from "ready" on, to kill
	// within it.
	cmd, _ := child(1)
	start := time.Now()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("a build that was not killed failed: %v", err)
	}
	took := time.Since(start)

	check := func(round int, when string) {
		t.Helper()
		for name, text := range foreign {
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
			if err != nil || string(b) != text {
				t.Fatalf("round %d, %s: %s is %q, %v", round, when, name, b, err)
			}
		}
		if target, err := os.Readlink(filepath.Join(out, "link")); err != nil || target != "../elsewhere" {
			t.Fatalf("round %d, %s: link is %q, %v", round, when, target, err)
		}
	}
	staleSeen, completed := 0, 0
	for round := 2; round < rounds+2; round++ {
		cmd, _ := child(round)
		time.Sleep(rand.N(took + took/5))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err == nil {
			completed++
		}
		check(round, "after the kill")
		if stale, _ := filepath.Glob(filepath.Join(root, ".build.tmp-*")); len(stale) > 0 {
			staleSeen++
		}
		if round%2 == 1 && round < rounds { // sometimes two kills in a row
			continue
		}
		files := crashFiles(round + 1000)
		if err := Write(out, files); err != nil {
			t.Fatalf("round %d: the next build: %v", round, err)
		}
		check(round, "after the next build")
		if stale, _ := filepath.Glob(filepath.Join(root, ".build.tmp-*")); len(stale) > 0 {
			for _, d := range stale {
				t.Logf("%s: %q", d, tree(t, d))
			}
			t.Fatalf("round %d: left after the next build: %v", round, stale)
		}
		got := tree(t, out)
		if want := len(files) + len(foreign) + 2; len(got) != want { // + manifest, link
			t.Fatalf("round %d: the output holds %d files, want %d", round, len(got), want)
		}
	}
	t.Logf("%d rounds, build %s: %d killed with a temporary directory left, %d finished before the kill", rounds, took.Round(time.Millisecond), staleSeen, completed)
}
