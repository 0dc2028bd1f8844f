package output

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestLockFile checks the lock of systems without flock: a second taker
// gets the lock only once the first lets it go, and a lock file left by a
// killed build is taken over.
func TestLockFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".build.lock")
	unlock, err := lockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var released atomic.Bool
	got := make(chan bool)
	go func() {
		unlock2, err := lockFile(path)
		if err != nil {
			t.Error(err)
		}
		held := released.Load()
		unlock2() // before telling, so that the lock file is gone when the test looks
		got <- held
	}()
	time.Sleep(300 * time.Millisecond) // the second taker waits meanwhile
	released.Store(true)
	unlock()
	if !<-got {
		t.Error("the second taker got the lock while the first held it")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("lock file left after unlock: %v", err)
	}

	if err := os.WriteFile(path, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-lockStale - time.Minute)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	unlock, err = lockFile(path)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}
