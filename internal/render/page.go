package render

import (
	"bytes"

	"github.com/dossier-dev/dossier/internal/site"
)

// A pageWriter gathers one page's output as its template writes it, with
// its links resolved (site.Page.AppendLinks), in one buffer that each
// worker reuses from page to page.
//
// A body of megabytes is printed in one write. The buffer then grows to
// hold it and a little more, not to twice its size, and hands itself over
// as the page's file if little of it is unused: the body is so copied
// once, where a buffer doubling and copied out would copy it three times
// and hold twice its size.
type pageWriter struct {
	page *site.Page
	buf  []byte
}

func (w *pageWriter) reset(p *site.Page) { w.page, w.buf = p, w.buf[:0] }

func (w *pageWriter) Write(b []byte) (int, error) {
	if need := len(w.buf) + len(b); need > cap(w.buf) {
		// Resolved links may make b a little longer; append grows w.buf
		// the usual way if so.
		buf := make([]byte, len(w.buf), max(2*cap(w.buf), need+need/16, 4<<10))
		copy(buf, w.buf)
		w.buf = buf
	}
	w.buf = w.page.AppendLinks(w.buf, b)
	return len(b), nil
}

// bytes returns the page's output, in a slice of its own.
func (w *pageWriter) bytes() []byte {
	if n := len(w.buf); n >= 1<<20 && cap(w.buf)-n <= n/8 {
		out := w.buf[:n:n]
		w.buf = nil
		return out
	}
	return bytes.Clone(w.buf)
}
