package sitegen

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/card"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/site"
)

// Social cards cost about 2 ms each to draw, which a dossier of 10,000
// events (and as many pages per language) would pay on every build. So a
// card is drawn once and kept, by the hash of everything that decides its
// bytes (card.Renderer.Key): in Options.Cache, a directory that outlives
// the build (dossier build uses os.UserCacheDir()/dossier, as Hugo keeps
// resources/_gen), and in memory, for the builds of one process (dossier
// serve, tests). A kept card is the same bytes a new drawing would give,
// so the cache changes no output.

// cardsDir is the directory of the cards in Options.Cache.
const cardsDir = "cards"

// memCards keeps the cards drawn in this process, up to memLimit bytes;
// past that it starts again empty.
var memCards = struct {
	sync.Mutex
	m    map[string][]byte
	size int
}{m: map[string][]byte{}}

const memLimit = 32 << 20

func memGet(key string) []byte {
	memCards.Lock()
	defer memCards.Unlock()
	return memCards.m[key]
}

func memPut(key string, b []byte) {
	memCards.Lock()
	defer memCards.Unlock()
	if memCards.size+len(b) > memLimit {
		memCards.m, memCards.size = map[string][]byte{}, 0
	}
	if _, ok := memCards.m[key]; !ok {
		memCards.m[key] = b
		memCards.size += len(b)
	}
}

// cardCSS is the stylesheet whose colours the cards take (card.ThemeColors):
// the site's own, or the theme's.
const cardCSS = StaticDir + "/css/site.css"

// cardRenderer returns the renderer of the site's cards, with site.yaml's
// card_font: as its fallback and the colours of the site's stylesheet.
func cardRenderer(fsys fs.FS, cfg *content.Config) (*card.Renderer, diag.List) {
	var diags diag.List
	var opts card.Options
	if css, err := fs.ReadFile(fsys, cardCSS); err == nil {
		var problems []card.Problem
		opts.Colors, problems = card.ThemeColors(css)
		for _, p := range problems {
			diags.Add(cardCSS, p.Line, p.Col, "%s", p.Msg)
		}
	}
	var fallback []byte
	if w := cfg.CardFont; w.Value != "" {
		b, err := fs.ReadFile(fsys, w.Value)
		if errors.Is(err, fs.ErrNotExist) || !fs.ValidPath(w.Value) {
			return nil, nil // package content reports it
		}
		if err != nil {
			diags.Add(content.Dir+"/site.yaml", w.Line, w.Col, "card_font: cannot read %s: %v", w.Value, err)
			return nil, diags
		}
		fallback = b
	}
	if len(diags) > 0 {
		return nil, diags
	}
	opts.Fallback = fallback
	r, err := card.New(opts)
	if err != nil {
		w := cfg.CardFont
		diags.Add(content.Dir+"/site.yaml", w.Line, w.Col, "card_font: %s is not a TrueType or OpenType font (%v); name a .ttf or .otf file", w.Value, err)
		return nil, diags
	}
	return r, nil
}

// cardFiles draws the social card of every page that has one, or
// takes it from the cache, and hands each to out as soon as it has it,
// from any goroutine: the cards of a large site are hundreds of
// megabytes, which are never all held at once. A card of the cache that
// the previous build linked is linked again unread (sink.addKnown). It
// warns of the characters no font has. The error is out's first.
//
// A Builder passes kept, the cards of its last build by key (nil at
// first), and cardFiles replaces it with this build's: the preview holds
// every card of the site in memory anyway, and after a save it takes all
// but the changed pages' from there, where the process's own memory of
// cards (memCards) holds only 32 MB of them and the cache directory
// costs a file read each.
func cardFiles(r *card.Renderer, s *site.Site, cache string, kept *map[string][]byte, out sink) (diag.List, error) {
	if r == nil {
		return nil, nil // only after an error
	}
	var cards []*site.Card
	var texts []card.Card
	for _, p := range s.Pages {
		if lay := p.Bare(); lay.Card != nil {
			c := lay.Card
			cards = append(cards, c)
			texts = append(texts, card.Card{Site: c.Site, Title: c.Title, Kind: c.Kind, Date: c.Date,
				Lang: cmp.Or(lay.ContentLang, lay.Lang), RightToLeft: lay.Dir == "rtl"})
		}
	}
	if cache != "" {
		cache = filepath.Join(cache, cardsDir)
		if err := os.MkdirAll(cache, 0o755); err != nil {
			cache = "" // a cache that cannot be written is no cache
		}
	}
	missing := make([][]rune, len(cards))
	errs := make([]error, len(cards))
	var keys []string
	var pngs [][]byte
	if kept != nil {
		keys, pngs = make([]string, len(cards)), make([][]byte, len(cards))
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				cc := texts[i]
				missing[i] = r.Missing(cc)
				key := r.Key(cc)
				var b []byte
				src := ""
				if kept != nil {
					b = (*kept)[key] // only read while the workers run
				} else if cache != "" {
					// The previous build linked the same card file of
					// the cache: linked again, it need not be read.
					ok, err := out.addKnown(cards[i].File, cacheFile(cache, key))
					if ok || err != nil {
						errs[i] = err
						continue
					}
				}
				if b == nil {
					b, src = cached(r, cc, key, cache)
				}
				if b == nil {
					continue
				}
				if kept != nil {
					keys[i], pngs[i] = key, b
				}
				errs[i] = out.addLink(cards[i].File, src, b)
			}
		})
	}
	for i := range cards {
		next <- i
	}
	close(next)
	wg.Wait()
	if kept != nil {
		m := make(map[string][]byte, len(cards))
		for i, b := range pngs {
			if b != nil {
				m[keys[i]] = b
			}
		}
		*kept = m
	}

	var warnings diag.List
	for i, c := range cards {
		if len(missing[i]) > 0 {
			p := cmp.Or(c.Source, content.Dir+"/site.yaml")
			warnings.Add(p, 1, 1, "the social card of %s shows characters that the card font lacks: %s; name a font that has them in site.yaml's card_font:, such as a Noto font of their script", c.File, runeList(missing[i]))
		}
	}
	for _, err := range errs {
		if err != nil {
			return warnings, err
		}
	}
	return warnings, nil
}

// cached returns the card of c, whose key is key (r.Key): from memory,
// from the cache directory, or drawn (and kept in both); and the file of
// the cache directory that holds the same bytes, or "". nil only if
// drawing fails, which a paletted image written to memory cannot.
func cached(r *card.Renderer, c card.Card, key, dir string) (b []byte, src string) {
	p := ""
	if dir != "" {
		p = cacheFile(dir, key)
	}
	if b := memGet(key); b != nil {
		if _, err := os.Stat(p); p != "" && err != nil {
			writeCache(p, b) // drawn by an earlier build without this cache
		}
		return b, "" // the file, not read now, is not known to hold b
	}
	if p != "" {
		if b, err := readCard(p); err == nil && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			memPut(key, b)
			return b, p
		}
	}
	b, err := r.PNG(c)
	if err != nil {
		return nil, ""
	}
	memPut(key, b)
	if p != "" && writeCache(p, b) {
		return b, p
	}
	return b, ""
}

// cacheFile is the file of the cache directory dir that holds the card
// whose key is key.
func cacheFile(dir, key string) string { return filepath.Join(dir, key[:2], key+".png") }

// readCard is readCardFile, which tests replace to count the reads.
var readCard = readCardFile

// readCardFile reads the card file p of the cache, and makes it readable
// by all if it is not (a cache written before cards were linked).
func readCardFile(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Mode().Perm()&0o444 != 0o444 {
		_ = f.Chmod(fi.Mode().Perm() | 0o444)
	}
	b := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, err
	}
	return b, nil
}

// writeCache writes a card into the cache as a whole or not at all: into
// a temporary file, renamed, so that a build reading it at the same time
// never sees half a file; readable by all, as the output's files are,
// since a build links its cards to the cache's (output.Writer.AddLink).
// It reports whether it wrote it: a failure only costs the next build a
// drawing.
func writeCache(p string, b []byte) bool {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return false
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".card-*")
	if err != nil {
		return false
	}
	_, werr := f.Write(b)
	merr := f.Chmod(0o644)
	cerr := f.Close()
	if werr != nil || merr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
		return false
	}
	return true
}

// runeList writes runes for a message: each as itself and its code point.
func runeList(rs []rune) string {
	const most = 8
	var parts []string
	for i, r := range rs {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(rs)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%q (U+%04X)", r, r))
	}
	return strings.Join(parts, ", ")
}
