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
}

// A Tick is a labelled year on the axis.
type Tick struct {
	X     float64
	Label string
	Major bool
}

// LaidRow is a row with its geometry.
type LaidRow struct {
	Y, LabelY float64
	Label     string
	Href      string
	Bars      []Bar
}

// A Bar is a laid-out period.
type Bar struct {
	X, Y, W, H float64
	Ongoing    bool
	Label      string
}

// Geometry constants, in user units. The view box scales to any width; the
// label column and row height are chosen so that labels stay legible when a
// 720-unit chart is shown 340 pixels wide on a phone.
const (
	width    = 720
	labelW   = 130
	rowH     = 34
	barH     = 20
	axisH    = 34
	padRight = 16
	padTop   = 8
)

// Layout places rows on an axis from fromYear to the end of toYear.
func Layout(rows []Row, fromYear, toYear int) *Chart {
	c := &Chart{Width: width, FromYear: fromYear, ToYear: toYear, PlotX: labelW, PlotW: width - labelW - padRight}
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
	for y := fromYear; y <= toYear+1; y++ {
		major := (y-fromYear)%5 == 0 && y <= toYear // the end of the axis stays unlabelled: its label would collide
		label := ""
		if major {
			label = fmt.Sprint(y)
		}
		c.Ticks = append(c.Ticks, Tick{X: round(x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))), Label: label, Major: major})
	}
	for i, r := range rows {
		top := float64(padTop + i*rowH)
		lr := LaidRow{Y: top, LabelY: top + rowH/2 + 5, Label: r.Label, Href: r.Href}
		for _, p := range r.Periods {
			to, ongoing := p.To, p.To.IsZero()
			if ongoing {
				to = end
			}
			x0, x1 := x(p.From), x(to)
			lr.Bars = append(lr.Bars, Bar{X: round(x0), Y: top + (rowH-barH)/2, W: round(max(x1-x0, 2)), H: barH, Ongoing: ongoing, Label: p.Label})
		}
		c.Rows = append(c.Rows, lr)
	}
	c.Height = padTop + len(rows)*rowH + axisH
	return c
}

// AxisY is the y of the axis line.
func (c *Chart) AxisY() int { return c.Height - axisH }

func round(f float64) float64 {
	return float64(int(f*10+0.5)) / 10
}
