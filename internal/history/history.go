// Package history reads, from a site's git repository, when each file of
// its content last changed, so that pages can say when they were last
// updated. The date comes from the history, never from the clock or the
// files' modification times, so that building the same commit twice, on
// any machine, writes the same pages.
//
// One `git log` over content/ gives every file's last commit at once: one
// process however many files there are. It runs while the build reads the
// content (Start, then Wait), so it costs the build little time.
package history

import (
	"bufio"
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"time"
)

// A Log is a reading of the history under way.
type Log struct {
	done    chan struct{}
	dates   map[string]time.Time
	shallow bool
	err     error
}

// Start begins reading the history of dir/content, dir being a site's
// directory. Reading goes on in the background; Wait returns its result.
func Start(dir string) *Log {
	l := &Log{done: make(chan struct{})}
	go func() {
		defer close(l.done)
		l.dates, l.shallow, l.err = read(dir)
	}()
	return l
}

// Wait returns the time of the last commit that changed each file below
// content/, by its path from the site's directory (content/events/x.md),
// in UTC. dates is nil when dir is not in a git repository or git is not
// installed: then there is no history, which is no error. shallow reports
// a shallow clone, whose history is cut: the commit where it is cut seems
// to add every file, so its files are left out, and dates holds only the
// files changed since. A nil Log has no history.
func (l *Log) Wait() (dates map[string]time.Time, shallow bool, err error) {
	if l == nil {
		return nil, false, nil
	}
	<-l.done
	return l.dates, l.shallow, l.err
}

func read(dir string) (map[string]time.Time, bool, error) {
	out, err := git(dir, "rev-parse", "--is-shallow-repository")
	if err != nil {
		var ee *exec.ExitError
		if errors.Is(err, exec.ErrNotFound) || errors.As(err, &ee) {
			return nil, false, nil // no git, or not a repository
		}
		return nil, false, err
	}
	shallow := strings.TrimSpace(string(out)) == "true"
	// Newest first: a file's first appearance is its last change. The
	// author date is when the change was written (a rebase keeps it).
	out, err = git(dir, "log", "--format=%x00%aI %P", "--name-only", "--relative", "--", "content")
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, false, nil // a repository without commits
		}
		return nil, false, err
	}
	dates, err := parse(out, shallow)
	return dates, shallow, err
}

// parse reads the output of git log --format='%x00%aI %P' --name-only:
// for each commit, a NUL, the date and the parents, then the files it
// changed, one a line. In a shallow clone, a commit without parents is
// where the history is cut, not where its files began: they are skipped.
func parse(out []byte, shallow bool) (map[string]time.Time, error) {
	dates := map[string]time.Time{}
	var at time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if head, ok := strings.CutPrefix(line, "\x00"); ok {
			d, parents, _ := strings.Cut(head, " ")
			t, err := time.Parse(time.RFC3339, d)
			if err != nil {
				return nil, err
			}
			at = t.UTC()
			if shallow && strings.TrimSpace(parents) == "" {
				at = time.Time{} // the cut
			}
			continue
		}
		if line == "" || at.IsZero() {
			continue
		}
		if _, ok := dates[line]; !ok {
			dates[line] = at
		}
	}
	return dates, sc.Err()
}

// git runs git in dir, with paths printed as they are, not quoted, and
// no signatures in the log.
// Head names the commit checked out in dir's repository (an amended
// commit is another); "" when there is none. It is far cheaper than
// reading the history, to tell whether the history may have moved.
func Head(dir string) string {
	out, err := git(dir, "rev-parse", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func git(dir string, args ...string) ([]byte, error) {
	return exec.Command("git", append([]string{"-C", dir, "-c", "core.quotePath=false", "-c", "log.showSignature=false"}, args...)...).Output()
}

// Known returns a Log that has been read already and gives dates: the
// history of a site that is not on disk, such as a test's.
func Known(dates map[string]time.Time) *Log {
	l := &Log{done: make(chan struct{}), dates: dates}
	close(l.done)
	return l
}
