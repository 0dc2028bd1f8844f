// Package chart lays out the membership chart: one row per country, one bar
// per membership period, on a year axis. It computes geometry only; the
// template draws the SVG, so the layout is tested here without parsing SVG.
package chart

import (
	"fmt"
	"time"
)

// A Period is one bar: from From to To (zero To: ongoing at the axis end).
type Period struct {
	From, To time.Time
	Label    string // accessible text for the bar, e.g. "1992–1999"
}

// A Row is one country.
type Row struct {
	Label   string
	Href    string
	Periods []Period
}

// Chart is the laid-out chart, in SVG user units.
type Chart struct {
	Width, Height    int
	PlotX, PlotW     float64
	FromYear, ToYear int
	Ticks            []Tick
	Rows             []LaidRow
	// Compact is the same chart laid out for a phone: half as wide, with
	// each country's name above its bars instead of in a column beside
	// them, and a tick every five years. Drawn 340 pixels wide, its text is
	// as large as the page's; the wide chart's would be half that.
	Compact *Chart

	axisH int
}

// A Tick is a labelled year on the axis.
type Tick struct {
	X     float64
	Label string
	Major bool
}

// LaidRow is a row with its geometry.
type LaidRow struct {
	Y              float64 // top of the row
	LabelX, LabelY float64 // start and baseline of the label
	Label          string
	Href           string
	Bars           []Bar
}

// A Bar is a laid-out period.
type Bar struct {
	X, Y, W, H float64
	Ongoing    bool
	Label      string
}

// A geometry is a set of layout constants, in user units. The view box
// scales to any width; each geometry is meant for a range of widths.
type geometry struct {
	width      int
	plotX      float64 // where the axis starts
	padRight   float64
	padTop     float64
	rowH       float64 // height of one country's row
	barH       float64
	barY       float64 // top of the bars, from the top of the row
	labelX     float64 // start of a row's label
	labelY     float64 // baseline of a row's label, from the top of the row
	axisH      float64 // room below the rows for the axis labels
	tickEvery  int     // years between ticks
	labelEvery int     // years between labelled ticks
}

var (
	// wide has a column of labels on the left, and is shown from about
	// 600 pixels up, where its 15-unit text is at least 12 pixels high.
	wide = geometry{width: 720, plotX: 130, padRight: 16, padTop: 8, rowH: 34, barH: 20, barY: 7,
		labelX: 8, labelY: 22, axisH: 34, tickEvery: 1, labelEvery: 5}
	// compact puts each label above its bars, so the axis gets the whole
	// width; the side padding leaves room for half a year label.
	compact = geometry{width: 360, plotX: 20, padRight: 22, padTop: 4, rowH: 46, barH: 14, barY: 24,
		labelX: 20, labelY: 17, axisH: 34, tickEvery: 5, labelEvery: 10}
)

// Layout places rows on an axis from fromYear to the end of toYear, in the
// wide geometry and, as Compact, in the compact one.
func Layout(rows []Row, fromYear, toYear int) *Chart {
	c := layout(wide, rows, fromYear, toYear)
	c.Compact = layout(compact, rows, fromYear, toYear)
	return c
}

func layout(g geometry, rows []Row, fromYear, toYear int) *Chart {
	c := &Chart{Width: g.width, FromYear: fromYear, ToYear: toYear, PlotX: g.plotX, PlotW: float64(g.width) - g.plotX - g.padRight}
	start := time.Date(fromYear, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(toYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	x := func(t time.Time) float64 {
		if t.Before(start) {
			t = start
		}
		if t.After(end) {
			t = end
		}
		return c.PlotX + c.PlotW*float64(t.Sub(start))/float64(end.Sub(start))
	}
	for y := fromYear; y <= toYear+1; y += g.tickEvery {
		major := (y-fromYear)%g.labelEvery == 0 && y <= toYear // the end of the axis stays unlabelled: its label would collide
		label := ""
		if major {
			label = fmt.Sprint(y)
		}
		c.Ticks = append(c.Ticks, Tick{X: round(x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))), Label: label, Major: major})
	}
	for i, r := range rows {
		top := g.padTop + float64(i)*g.rowH
		lr := LaidRow{Y: top, LabelX: g.labelX, LabelY: top + g.labelY, Label: r.Label, Href: r.Href}
		for _, p := range r.Periods {
			to, ongoing := p.To, p.To.IsZero()
			if ongoing {
				to = end
			}
			x0, x1 := x(p.From), x(to)
			lr.Bars = append(lr.Bars, Bar{X: round(x0), Y: top + g.barY, W: round(max(x1-x0, 2)), H: g.barH, Ongoing: ongoing, Label: p.Label})
		}
		c.Rows = append(c.Rows, lr)
	}
	c.Height = int(g.padTop + float64(len(rows))*g.rowH + g.axisH)
	c.axisH = int(g.axisH)
	return c
}

// AxisY is the y of the axis line.
func (c *Chart) AxisY() int { return c.Height - c.axisH }

// AxisEnd is the x where the axis, and the plot, end.
func (c *Chart) AxisEnd() float64 { return c.PlotX + c.PlotW }

func round(f float64) float64 {
	return float64(int(f*10+0.5)) / 10
}
