package chart

import (
	"slices"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestLayout(t *testing.T) {
	c := Layout([]Row{
		{Label: "Kazakhstan", Periods: []Period{{From: day(1992, 5, 15)}}},
		{Label: "Uzbekistan", Periods: []Period{{From: day(1992, 5, 15), To: day(1999, 7, 1)}, {From: day(2006, 7, 1), To: day(2012, 7, 1)}}},
	}, 1992, 2022)
	if len(c.Rows) != 2 || len(c.Rows[1].Bars) != 2 {
		t.Fatalf("rows %d", len(c.Rows))
	}
	k := c.Rows[0].Bars[0]
	if !k.Ongoing || k.X+k.W != c.PlotX+c.PlotW {
		t.Errorf("an ongoing period should reach the end of the axis: %+v (axis ends %v)", k, c.PlotX+c.PlotW)
	}
	u1, u2 := c.Rows[1].Bars[0], c.Rows[1].Bars[1]
	if u1.X+u1.W >= u2.X {
		t.Errorf("Uzbekistan's two periods touch: %+v %+v", u1, u2)
	}
	if c.Rows[1].Y <= c.Rows[0].Y || c.Height <= int(c.Rows[1].Y) {
		t.Error("rows are not stacked inside the chart")
	}
	var labels []string
	for _, tk := range c.Ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"1992", "1997", "2002", "2007", "2012", "2017", "2022"}; !slices.Equal(labels, want) {
		t.Errorf("axis labels %v, want %v", labels, want)
	}
	// A period's start is placed in proportion to its date.
	want := c.PlotX + c.PlotW*float64(day(1992, 5, 15).Sub(day(1992, 1, 1)))/float64(day(2023, 1, 1).Sub(day(1992, 1, 1)))
	if d := k.X - want; d > 0.1 || d < -0.1 {
		t.Errorf("bar starts at %v, want %v", k.X, want)
	}
}

func TestCompact(t *testing.T) {
	c := Layout([]Row{
		{Label: "Kazakhstan", Periods: []Period{{From: day(1992, 5, 15)}}},
		{Label: "Uzbekistan", Periods: []Period{{From: day(1992, 5, 15), To: day(1999, 7, 1)}, {From: day(2006, 7, 1), To: day(2012, 7, 1)}}},
	}, 1992, 2022).Compact
	if c == nil || c.Width != 360 || c.Compact != nil {
		t.Fatalf("compact chart: %+v", c)
	}
	var labels []string
	for _, tk := range c.Ticks {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
		// A label of four digits at 15 units is about 36 units wide, and
		// is centred on its tick: it must not be cut at either side.
		if tk.Label != "" && (tk.X-18 < 0 || tk.X+18 > float64(c.Width)) {
			t.Errorf("the label %s at x=%v is cut by the edge of the chart", tk.Label, tk.X)
		}
	}
	if want := []string{"1992", "2002", "2012", "2022"}; !slices.Equal(labels, want) {
		t.Errorf("axis labels %v, want %v", labels, want)
	}
	for i, r := range c.Rows {
		for _, b := range r.Bars {
			if r.LabelY >= b.Y || b.Y+b.H > r.Y+46 {
				t.Errorf("row %d: the label (baseline %v) should sit above the bar %+v, inside the row", i, r.LabelY, b)
			}
		}
	}
	k := c.Rows[0].Bars[0]
	if !k.Ongoing || k.X+k.W != c.PlotX+c.PlotW || c.PlotX+c.PlotW > float64(c.Width) {
		t.Errorf("an ongoing period should reach the end of the axis, inside the chart: %+v (axis %v+%v)", k, c.PlotX, c.PlotW)
	}
	if c.AxisY() != c.Height-34 || c.AxisY() < int(c.Rows[1].Y+46) {
		t.Errorf("axis at %d, chart height %d", c.AxisY(), c.Height)
	}
}
