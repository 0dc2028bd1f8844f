package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmhtml "github.com/yuin/goldmark/renderer/html"
)

// floor converts every Markdown file below src/content with goldmark (the
// extensions dossier uses, code highlighted by chroma) and writes each as
// an HTML file below out, with the given number of workers: the least any
// static site generator does with the same files. Citations and
// cross-links stay text, since resolving them is the dossier's own work.
func floor(src, out string, workers int) error {
	var paths []string
	root := filepath.Join(src, content.Dir)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer, markdown.Highlighting),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(gmhtml.WithXHTML()),
	)
	work := make(chan string)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for p := range work {
				if err := floorFile(md, &buf, root, out, p); err != nil {
					errs <- err
					for range work {
					}
					return
				}
			}
		})
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func floorFile(md goldmark.Markdown, buf *bytes.Buffer, root, out, p string) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	_, body, _, _ := content.SplitFrontMatter(b)
	buf.Reset()
	buf.WriteString("<!doctype html>\n<main>\n")
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	buf.WriteString("</main>\n")
	rel, err := filepath.Rel(root, p)
	if err != nil {
		return err
	}
	dst := filepath.Join(out, strings.TrimSuffix(rel, ".md"), "index.html")
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, buf.Bytes(), 0o644)
}
