package site

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
)

// sourceNumbers numbers the sources of the dossier from 1, in the order
// of their publication dates, then of their ids. The numbers are the
// site's, not a page's: a citation, a badge, a reference list and the
// list of sources all show a source by the same number, in every
// language. They are computed from the original dossier, whose sources
// and dates every translation shares. Adding a source renumbers those
// published after it, everywhere at once.
func sourceNumbers(d *content.Dossier) map[string]int {
	srcs := slices.Clone(d.Sources)
	slices.SortStableFunc(srcs, func(x, y *content.Source) int {
		return cmp.Or(x.Published.Date.Compare(y.Published.Date), strings.Compare(x.ID, y.ID))
	})
	n := make(map[string]int, len(srcs))
	for i, s := range srcs {
		n[s.ID] = i + 1
	}
	return n
}
