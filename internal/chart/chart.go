// Package chart lays out the membership chart: one row per member, one bar
// per membership period, on a time axis drawn from the data. It computes
// geometry only; the template draws the SVG, so the layout is tested here
// on numbers, and one test renders it with the site's template to check
// that no two texts overlap.
//
// Nothing about the axis is fixed by the caller: it starts at the earliest
// date in the data, rounded down to a labelled tick, and ends at the end of
// the dossier's period or at the latest date, whichever is later. The time
// between labelled ticks (1, 2, 5, 10, 20, 50 or 100 years; 1, 2, 3 or 6
// months for a history of a year or so) is the shortest that keeps labels
// more than half a label apart in each geometry. Months are named by the
// caller (Options.Month), in the page's language.
//
// Text is measured without a font: every rune gets an estimated width in ems
// (see textWidth), a little more than the average of the sans-serif faces the
// stylesheet names, so that an estimate errs on the side of room. A name
// longer than the room it has is shortened with an ellipsis; the full name is
// kept (LaidRow.Full) for the SVG <title>, and the table below the chart has
// every name in full. The package has no words of its own: the legend's
// labels come from the caller, in the page's language. For a language
// written right to left the whole layout is mirrored (Options.RightToLeft):
// time runs from right to left and the names sit on the right.
package chart

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// A Period is one bar: from From to To (zero To: ongoing at the axis end).
type Period struct {
	From, To time.Time
	Label    string // accessible text for the bar, e.g. "1992–1999"
}

// A Row is one member.
type Row struct {
	Label   string
	Href    string
	Periods []Period
}

// Options are what the chart needs besides its rows.
type Options struct {
	// Start and End are the first and the last day of the dossier's
	// period; the marker covers both days in full.
	Start, End time.Time
	Legend     Legend
	// Month labels a tick of the month axis that a short history gets;
	// nil writes 2024-03.
	Month func(year int, month time.Month) string
	// Year labels a tick of the year axis, in the page's digits; nil
	// writes 2024.
	Year func(year int) string
	// RightToLeft lays the chart out for a page in a language written
	// right to left: time runs from right to left (see mirror).
	RightToLeft bool
}

// Legend holds the legend's labels, in the page's language.
type Legend struct {
	Member  string // a membership period
	Ongoing string // a membership still running at the end of the period
	Period  string // the dossier's period
}

// Chart is the laid-out chart, in SVG user units.
type Chart struct {
	Width, Height int
	PlotX, PlotW  float64
	From, To      time.Time // the ends of the axis
	Step          int       // months between labelled ticks
	Ticks         []Tick
	Rows          []LaidRow
	Legend        []LegendItem
	Period        *Box // the dossier's period, across all rows; nil without one
	// TopAxisY, when not zero, is the baseline of a second row of year
	// labels above the first row, given to charts too tall to read
	// against the axis at their foot.
	TopAxisY float64
	// Compact is the same chart laid out for a phone: half as wide, with
	// each member's name above its bars instead of in a column beside
	// them. Drawn 340 pixels wide, its text is as large as the page's; the
	// wide chart's would be half that.
	Compact *Chart

	axisH float64
}

// A Tick is a month or a year on the axis; Label is empty for an
// unlabelled one. Anchor is the label's SVG text-anchor: middle, or start
// or end for a label that would otherwise cross the edge of the chart.
type Tick struct {
	X      float64
	Label  string
	Anchor string
	Major  bool
}

// LaidRow is a row with its geometry.
type LaidRow struct {
	Y              float64 // top of the row
	LabelX, LabelY float64 // start and baseline of the label
	Label          string  // the name as drawn, shortened if it had to be
	Full           string  // the whole name when Label is shortened, else ""
	Href           string
	Bars           []Bar
}

// A Bar is a laid-out period.
type Bar struct {
	X, Y, W, H float64
	Ongoing    bool
	Label      string
}

// A Box is a rectangle.
type Box struct{ X, Y, W, H float64 }

// A Mark is what a legend swatch shows; its value is the CSS class of the
// shapes it explains.
type Mark string

const (
	MarkBar     Mark = "bar"
	MarkOngoing Mark = "bar ongoing"
	MarkPeriod  Mark = "period"
)

// A LegendItem is a swatch and its label, wrapped on as many lines as the
// width needs.
type LegendItem struct {
	Mark   Mark
	Swatch Box
	Lines  []Line
	Full   string // the whole label when a line is shortened, else ""
}

// A Line is one line of text, placed by its start and baseline.
type Line struct {
	X, Y float64
	Text string
}

// A geometry is a set of layout constants, in user units. The view box
// scales to any width; each geometry is meant for a range of widths.
type geometry struct {
	width     int
	font      float64 // text size, as set by the stylesheet
	padLeft   float64 // left of the labels and the legend
	padRight  float64 // right of the axis: at least half a year label
	padTop    float64
	rowH      float64 // height of one member's row
	barH      float64
	barY      float64 // top of the bars, from the top of the row
	labelY    float64 // baseline of a row's label, from the top of the row
	axisH     float64 // room below the rows for the axis labels
	above     bool    // names above their bars, not in a column beside them
	maxLabel  float64 // widest label column (names beside bars)
	minPlotX  float64 // narrowest label column: half a year label at least
	gutter    float64 // between the label column and the plot
	lineH     float64 // between the lines of the legend
	itemGap   float64 // between two legend items on one line
	legendGap float64 // below the legend
	swatch    float64 // side of a legend swatch
	minMinor  float64 // narrowest gap between two unlabelled ticks
	topAxis   int     // more rows than this get year labels on top as well
}

var (
	// wide has a column of labels on the left, and is shown from about
	// 600 pixels up, where its 15-unit text is at least 12 pixels high.
	wide = geometry{width: 720, font: 15, padLeft: 8, padRight: 22, padTop: 8, rowH: 34, barH: 20, barY: 7,
		labelY: 22, axisH: 34, maxLabel: 220, minPlotX: 60, gutter: 12,
		lineH: 22, itemGap: 18, legendGap: 14, swatch: 14, minMinor: 10, topAxis: 16}
	// compact puts each label above its bars, so the axis gets the whole
	// width; the side padding leaves room for half a year label.
	compact = geometry{width: 360, font: 15, padLeft: 20, padRight: 22, padTop: 4, rowH: 46, barH: 14, barY: 24,
		labelY: 17, axisH: 34, above: true, minPlotX: 20,
		lineH: 22, itemGap: 20, legendGap: 12, swatch: 14, minMinor: 10, topAxis: 10}
)

// steps are the candidate months between labelled ticks, in order.
var steps = []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200}

// Layout places rows on an axis that spans their dates and the dossier's
// period, in the wide geometry and, as Compact, in the compact one. With
// no date at all, in the rows or the options, there is no chart: nil.
func Layout(rows []Row, opts Options) *Chart {
	if first, _ := bounds(rows, opts); first.IsZero() {
		return nil
	}
	c := layout(wide, rows, opts)
	c.Compact = layout(compact, rows, opts)
	if opts.RightToLeft {
		c.mirror()
		c.Compact.mirror()
	}
	return c
}

// mirror lays the chart out right to left: time runs from right to left,
// names and the legend sit on the right. Only x changes: a text keeps its
// anchor, because the SVG inherits the page's direction, in which an
// anchor of start is the text's right end; so a text placed by its start
// runs leftwards from the mirrored point and stays readable, which a
// transform would not leave it.
func (c *Chart) mirror() {
	w := float64(c.Width)
	flip := func(x float64) float64 { return w - x }
	c.PlotX = w - c.PlotX - c.PlotW
	for i := range c.Ticks {
		c.Ticks[i].X = flip(c.Ticks[i].X)
	}
	for i := range c.Rows {
		r := &c.Rows[i]
		r.LabelX = flip(r.LabelX)
		for j := range r.Bars {
			r.Bars[j].X = w - r.Bars[j].X - r.Bars[j].W
		}
	}
	for i := range c.Legend {
		it := &c.Legend[i]
		it.Swatch.X = w - it.Swatch.X - it.Swatch.W
		for j := range it.Lines {
			it.Lines[j].X = flip(it.Lines[j].X)
		}
	}
	if c.Period != nil {
		c.Period.X = w - c.Period.X - c.Period.W
	}
}

func layout(g geometry, rows []Row, opts Options) *Chart {
	c := &Chart{Width: g.width, axisH: g.axisH}
	first, last := bounds(rows, opts)

	// The legend first: the rows start below it.
	top := g.padTop
	c.Legend = legend(g, opts.Legend, top)
	if len(c.Legend) > 0 {
		top = c.Legend[len(c.Legend)-1].bottom(g) + g.legendGap
	}

	// The label column, when names sit beside their bars.
	c.PlotX = g.padLeft
	if !g.above {
		widest := 0.0
		for _, r := range rows {
			widest = max(widest, textWidth(r.Label, g.font))
		}
		c.PlotX = g.padLeft + min(widest, g.maxLabel) + g.gutter
	}
	c.PlotX = max(c.PlotX, g.minPlotX)
	c.PlotW = float64(g.width) - c.PlotX - g.padRight

	c.axis(g, first, last, opts)
	if len(rows) > g.topAxis { // a row of tick labels, without the ticks
		c.TopAxisY = top + g.font
		top += g.axisH - 8
	}

	for i, r := range rows {
		y := top + float64(i)*g.rowH
		lr := LaidRow{Y: y, LabelX: g.padLeft, LabelY: y + g.labelY, Href: r.Href}
		room := c.PlotX - g.padLeft - g.gutter
		if g.above {
			room = float64(g.width) - g.padLeft - g.padRight
		}
		lr.Label = shorten(r.Label, room, g.font)
		if lr.Label != r.Label {
			lr.Full = r.Label
		}
		for _, p := range r.Periods {
			to, ongoing := p.To, p.To.IsZero()
			if ongoing {
				to = c.To
			}
			x0, x1 := c.x(p.From), c.x(to)
			lr.Bars = append(lr.Bars, Bar{X: round(x0), Y: y + g.barY, W: round(max(x1-x0, 2)), H: g.barH, Ongoing: ongoing, Label: p.Label})
		}
		c.Rows = append(c.Rows, lr)
	}
	rowsEnd := top + float64(len(rows))*g.rowH

	if !opts.Start.IsZero() && !opts.End.IsZero() {
		x0, x1 := c.x(opts.Start), c.x(opts.End.AddDate(0, 0, 1))
		w := max(x1-x0, 4) // a period of a few days on decades is still seen
		x0 = max(min(x0, x1-w), c.PlotX)
		c.Period = &Box{X: round(x0), Y: top, W: round(w), H: rowsEnd - top}
	}

	c.Height = int(rowsEnd + g.axisH + 0.5)
	return c
}

// axis chooses the step between labelled ticks, the first that leaves
// more than half a label between two labels, and lays out the ticks, with
// unlabelled ones between them as close as minMinor allows.
func (c *Chart) axis(g geometry, first, last time.Time, opts Options) {
	from := 0
	for _, s := range steps {
		from = floorTo(monthOf(first), s)
		c.Step, c.From, c.To = s, monthStart(from), last
		if ticks := c.ticks(g, from, s, s, opts); spaced(ticks, g.font) {
			break
		}
	}
	minor := c.Step
	for _, s := range steps {
		if s < c.Step && c.Step%s == 0 && (c.Step < 12 || s%12 == 0) && float64(s)*c.perMonth() >= g.minMinor {
			minor = s
			break
		}
	}
	c.Ticks = c.ticks(g, from, minor, c.Step, opts)
}

// ticks lays out a tick every minor months from the month from, with a
// label every step months.
func (c *Chart) ticks(g geometry, from, minor, step int, opts Options) []Tick {
	var ticks []Tick
	for m := from; !monthStart(m).After(c.To); m += minor {
		t := monthStart(m)
		tk := Tick{X: round(c.x(t)), Major: (m-from)%step == 0}
		if tk.Major {
			switch {
			case step >= 12 && opts.Year != nil:
				tk.Label = opts.Year(t.Year())
			case step >= 12:
				tk.Label = fmt.Sprint(t.Year())
			case opts.Month != nil:
				tk.Label = opts.Month(t.Year(), t.Month())
			default:
				tk.Label = t.Format("2006-01")
			}
			w := textWidth(tk.Label, g.font)
			switch tk.Anchor = "middle"; {
			case tk.X-w/2 < 0:
				tk.Anchor = "start"
			case tk.X+w/2 > float64(g.width):
				tk.Anchor = "end"
			}
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

// spaced reports whether the labels of ticks, set at size, are at least
// 0.6 of the wider one's width apart.
func spaced(ticks []Tick, size float64) bool {
	var prev *Tick
	for i, tk := range ticks {
		if tk.Label == "" {
			continue
		}
		if prev != nil {
			_, end := prev.span(size)
			start, _ := tk.span(size)
			if start-end < 0.6*max(textWidth(prev.Label, size), textWidth(tk.Label, size)) {
				return false
			}
		}
		prev = &ticks[i]
	}
	return true
}

// span is where a tick's label starts and ends.
func (tk Tick) span(size float64) (start, end float64) {
	w := textWidth(tk.Label, size)
	switch tk.Anchor {
	case "start":
		return tk.X, tk.X + w
	case "end":
		return tk.X - w, tk.X
	}
	return tk.X - w/2, tk.X + w/2
}

// bounds returns the first and last instants the axis must show: the
// earliest date in the data or the period's start, and the latest date or
// the end of the period's last day.
func bounds(rows []Row, opts Options) (first, last time.Time) {
	first, last = opts.Start, opts.End
	if !last.IsZero() {
		last = last.AddDate(0, 0, 1)
	}
	widen := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if first.IsZero() || t.Before(first) {
			first = t
		}
		if last.IsZero() || t.After(last) {
			last = t
		}
	}
	for _, r := range rows {
		for _, p := range r.Periods {
			widen(p.From)
			widen(p.To)
		}
	}
	if !last.After(first) {
		last = first.AddDate(1, 0, 0)
	}
	return first, last
}

func (c *Chart) perMonth() float64 {
	months := (seconds(c.To) - seconds(c.From)) / (365.2425 / 12 * 24 * 3600)
	return c.PlotW / months
}

// x places t on the axis, clamped to its ends.
func (c *Chart) x(t time.Time) float64 {
	if t.Before(c.From) {
		t = c.From
	}
	if t.After(c.To) {
		t = c.To
	}
	return c.PlotX + c.PlotW*(seconds(t)-seconds(c.From))/(seconds(c.To)-seconds(c.From))
}

// seconds places t on a line; unlike a time.Duration, which ends at 292
// years, it spans any axis.
func seconds(t time.Time) float64 { return float64(t.Unix()) }

// legend flows the three items from left to right, wrapping to a new line
// when one does not fit, and an item's label onto several lines when it is
// wider than the chart.
func legend(g geometry, l Legend, top float64) []LegendItem {
	var items []LegendItem
	x, y := g.padLeft, top
	right := float64(g.width) - g.padRight
	lineTop := y
	for _, it := range []struct {
		mark Mark
		text string
	}{{MarkBar, l.Member}, {MarkOngoing, l.Ongoing}, {MarkPeriod, l.Period}} {
		if it.text == "" {
			continue
		}
		textX := g.swatch + 6
		room := right - g.padLeft - textX
		lines, full := wrap(it.text, room, g.font)
		w := textX + textWidth(lines[0], g.font)
		if len(lines) > 1 || (x > g.padLeft && x+w > right) {
			if x > g.padLeft { // start a new line
				x = g.padLeft
				lineTop = items[len(items)-1].bottom(g)
			}
		}
		item := LegendItem{Mark: it.mark, Swatch: Box{X: x, Y: lineTop + (g.lineH-g.swatch)/2, W: g.swatch, H: g.swatch}, Full: full}
		for i, t := range lines {
			item.Lines = append(item.Lines, Line{X: round(x + textX), Y: lineTop + float64(i)*g.lineH + g.font - 1, Text: t})
		}
		items = append(items, item)
		x += w + g.itemGap
		if len(lines) > 1 { // nothing beside a wrapped item
			x = right
		}
	}
	return items
}

// bottom is the y below the item's last line.
func (it LegendItem) bottom(g geometry) float64 {
	return it.Lines[len(it.Lines)-1].Y - g.font + 1 + g.lineH
}

// wrap breaks s at spaces into lines no wider than room; a word wider than
// room is shortened, and then full is s.
func wrap(s string, room, size float64) (lines []string, full string) {
	for _, w := range strings.Fields(s) {
		if n := len(lines); n > 0 && textWidth(lines[n-1]+" "+w, size) <= room {
			lines[n-1] += " " + w
			continue
		}
		short := shorten(w, room, size)
		if short != w {
			full = s
		}
		lines = append(lines, short)
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines, full
}

// shorten returns s, or as much of it as fits in room followed by an
// ellipsis.
func shorten(s string, room, size float64) string {
	if textWidth(s, size) <= room {
		return s
	}
	const ell = "…"
	room -= textWidth(ell, size)
	w, end := 0.0, 0
	for i, r := range s {
		w += runeWidth(r) * size
		if w > room {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return strings.TrimRightFunc(s[:end], unicode.IsSpace) + ell
}

// textWidth estimates the width of s set at size units.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// runeWidth estimates a rune's advance in ems: nothing for a combining
// mark, a full em for the wide glyphs of Chinese, Japanese and Korean, a
// third for a space, and otherwise 0.6, a little above the average of
// DejaVu Sans and Segoe UI, whose capitals are wider and whose i and l are
// narrower.
func runeWidth(r rune) float64 {
	switch {
	case unicode.In(r, unicode.Mn, unicode.Me):
		return 0
	case wideRune(r):
		return 1
	case r == ' ':
		return 0.33
	}
	return 0.6
}

// wideRune reports whether r is East Asian Wide or Fullwidth.
func wideRune(r rune) bool {
	return r >= 0x1100 && r <= 0x115F || // Hangul Jamo
		r >= 0x2E80 && r <= 0xA4CF && r != 0x303F || // CJK radicals to Yi
		r >= 0xAC00 && r <= 0xD7A3 || // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF || // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F || // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6 || // fullwidth forms
		r >= 0x20000 && r <= 0x3FFFD // CJK extensions
}

// AxisY is the y of the axis line.
func (c *Chart) AxisY() float64 { return float64(c.Height) - c.axisH }

// AxisEnd is the x where the axis, and the plot, end.
func (c *Chart) AxisEnd() float64 { return c.PlotX + c.PlotW }

// RowsTop is the y of the first row's top, where the grid starts.
func (c *Chart) RowsTop() float64 {
	if len(c.Rows) > 0 {
		return c.Rows[0].Y
	}
	return c.AxisY()
}

func floorTo(y, step int) int {
	if y < 0 {
		return -((-y + step - 1) / step) * step
	}
	return y / step * step
}

// monthOf counts months from January of year 0; monthStart is the first
// instant of such a month.
func monthOf(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func monthStart(m int) time.Time { return time.Date(0, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC) }

func round(f float64) float64 {
	if f < 0 {
		return -round(-f)
	}
	return float64(int(f*10+0.5)) / 10
}
