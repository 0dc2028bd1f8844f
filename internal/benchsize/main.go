// Command benchsize measures `dossier build` on generated dossiers (package
// synth) against the floor: what goldmark, chroma and writing the files
// cost alone, for the same Markdown files with two workers. A ratio to the
// floor measured in the same run means something on a machine shared with
// other work, where seconds alone do not.
//
// Each size is generated once; then the floor and the build (and, with
// -baseline, another dossier binary: the build before a change) run in
// turn as child processes, -runs times, output to a tmpfs when there is
// one. When Hugo is on PATH (or named by -hugo), the same dossier written
// as a Hugo site (package internal/gen/hugo: the same Markdown bodies) is
// built by `hugo --quiet` in the same turns, a peer measured on the same
// machine and texts; without it, benchsize says so and goes on. It prints
// the medians of CPU time (user + system), wall time and peak memory (the
// child's maximum resident set), and each ratio to the floor's. Each
// dossier binary has a cache of social cards of its own (XDG_CACHE_HOME),
// empty before a first build that draws every card: that build is
// printed apart, as "cold", and the runs measure builds that take the
// cards from the cache, as a dossier's second build does. Each run builds
// into an empty output; each dossier binary then builds again into the
// output it just wrote, printed as "again": the case of `dossier build`
// run twice, which need not read its first output back (package output's
// record of the files' stat).
//
//	go run ./internal/benchsize -sizes 1000,10000 -runs 3
//
// make bench runs it.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/gen/hugo"
	"github.com/dossier-dev/dossier/internal/synth"
)

func main() {
	floorSrc := flag.String("floor", "", "internal: run the floor on this site directory (with -out) and exit")
	out := flag.String("out", "", "internal: the floor's output directory")
	sizes := flag.String("sizes", "1000,10000", "comma-separated numbers of events")
	runs := flag.Int("runs", 3, "runs of each program per size; medians are printed")
	bin := flag.String("dossier", "", "the dossier binary to measure (default: built from ./cmd/dossier)")
	baseline := flag.String("baseline", "", "another dossier binary to measure in the same run, e.g. before a change")
	hugoBin := flag.String("hugo", "", `the hugo binary to measure on the same texts (default: hugo on PATH, if any; "none" for none)`)
	flag.Parse()
	if *floorSrc != "" {
		if err := floor(*floorSrc, *out, 2); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*sizes, *runs, *bin, *baseline, findHugo(*hugoBin)); err != nil {
		fmt.Fprintln(os.Stderr, "benchsize:", err)
		os.Exit(1)
	}
}

// A measure is one run of a child process.
type measure struct {
	cpu, wall time.Duration
	peakMB    float64
}

// findHugo is the hugo binary to measure, or "" after saying why there is
// none.
func findHugo(name string) string {
	if name == "none" {
		return ""
	}
	if name == "" {
		name = "hugo"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		fmt.Printf("benchsize: Hugo is not measured: %s not found (apt-get install hugo, or -hugo PATH)\n", name)
		return ""
	}
	return p
}

func run(sizes string, runs int, bin, baseline, hugoBin string) error {
	tmp, err := os.MkdirTemp(tmpfs(), "benchsize-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if bin == "" {
		bin = filepath.Join(tmp, "dossier")
		if out, err := exec.Command("go", "build", "-o", bin, "./cmd/dossier").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Printf("benchsize: %d runs each, medians; load average %s; output in %s\n", runs, loadavg(), tmp)
	if hugoBin != "" {
		v, err := exec.Command(hugoBin, "version").Output()
		if err != nil {
			return fmt.Errorf("%s version: %v", hugoBin, err)
		}
		fmt.Printf("benchsize: %s", v)
	}
	fmt.Printf("%-8s %-15s %10s %10s %10s %10s %10s\n", "events", "program", "cpu", "wall", "peak MB", "cpu/floor", "wall/floor")
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return fmt.Errorf("-sizes: %v", err)
		}
		site := filepath.Join(tmp, fmt.Sprintf("site-%d", n))
		if err := synth.Generate(site, synth.Options{Events: n, Seed: 1}); err != nil {
			return err
		}
		outDir := filepath.Join(tmp, "out")
		progs := []struct {
			name string
			args []string
		}{
			{"floor", []string{self, "-floor", site, "-out", outDir}},
			{"dossier", []string{bin, "build", "-strict", "-quiet", "-src", site, "-out", outDir}},
		}
		if baseline != "" {
			progs = append(progs, struct {
				name string
				args []string
			}{"baseline", []string{baseline, "build", "-strict", "-quiet", "-src", site, "-out", outDir}})
		}
		hugoSite := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
		if hugoBin != "" {
			if err := hugo.Write(site, hugoSite); err != nil {
				return err
			}
			progs = append(progs, struct {
				name string
				args []string
			}{"hugo", []string{hugoBin, "--quiet", "-s", hugoSite, "-d", outDir}})
		}
		// Each dossier keeps its social cards in a cache of its own, empty
		// at first: its first build draws every card, and is measured
		// apart ("cold"); the runs after it take them from the cache.
		env := make([][]string, len(progs))
		cold := make([]*measure, len(progs))
		for i, p := range progs {
			if p.name != "dossier" && p.name != "baseline" {
				continue
			}
			env[i] = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(tmp, fmt.Sprintf("cache-%d-%s", n, p.name)))
			if err := os.RemoveAll(outDir); err != nil {
				return err
			}
			m, err := child(p.args, env[i])
			if err != nil {
				return fmt.Errorf("%s, %d events: %v", p.name, n, err)
			}
			cold[i] = &m
		}
		// Each run builds into an empty output; a dossier then builds
		// again into what it wrote, as `dossier build` run twice does
		// ("again"), where the record of the files' stat spares it
		// reading the first build back.
		got := make([][]measure, len(progs))
		again := make([][]measure, len(progs))
		for range runs {
			for i, p := range progs {
				if err := os.RemoveAll(outDir); err != nil {
					return err
				}
				m, err := child(p.args, env[i])
				if err != nil {
					return fmt.Errorf("%s, %d events: %v", p.name, n, err)
				}
				got[i] = append(got[i], m)
				if env[i] != nil {
					m, err := child(p.args, env[i])
					if err != nil {
						return fmt.Errorf("%s again, %d events: %v", p.name, n, err)
					}
					again[i] = append(again[i], m)
				}
			}
		}
		fl := median(got[0])
		row := func(name string, m measure) {
			fmt.Printf("%-8d %-15s %9.2fs %9.2fs %10.0f %9.1f× %9.1f×\n", n, name, m.cpu.Seconds(), m.wall.Seconds(), m.peakMB,
				m.cpu.Seconds()/fl.cpu.Seconds(), m.wall.Seconds()/fl.wall.Seconds())
		}
		for i, p := range progs {
			row(p.name, median(got[i]))
		}
		for i, p := range progs {
			if len(again[i]) > 0 {
				row(p.name+" again", median(again[i]))
			}
		}
		for i, p := range progs {
			if cold[i] != nil {
				row(p.name+" cold", *cold[i])
			}
		}
		for _, dir := range []string{site, hugoSite} {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
		}
	}
	fmt.Printf("benchsize: load average at the end %s\n", loadavg())
	return nil
}

// child runs a program and measures it.
func child(args, env []string) (measure, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = env // nil: this process's
	cmd.Stderr = os.Stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return measure{}, err
	}
	m := measure{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), peakMB: peakMB(cmd.ProcessState)}
	return m, nil
}

// median takes the median of each figure on its own.
func median(ms []measure) measure {
	pick := func(f func(measure) float64) float64 {
		xs := make([]float64, len(ms))
		for i, m := range ms {
			xs[i] = f(m)
		}
		slices.Sort(xs)
		return xs[len(xs)/2]
	}
	return measure{
		cpu:    time.Duration(pick(func(m measure) float64 { return float64(m.cpu) })),
		wall:   time.Duration(pick(func(m measure) float64 { return float64(m.wall) })),
		peakMB: pick(func(m measure) float64 { return m.peakMB }),
	}
}

// tmpfs returns /dev/shm when it is a directory, so that the figures
// measure the build and not the disk; otherwise the system's temporary
// directory.
func tmpfs() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}
