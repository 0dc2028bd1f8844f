package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// period is a dossier's period of ten days in January 2022.
var period = Options{Start: day(2022, 1, 2), End: day(2022, 1, 11),
	Legend: Legend{Member: "member", Ongoing: "still a member at the end of the period", Period: "the dossier's period"}}

func twoRows() []Row {
	return []Row{
		{Label: "Kazakhstan", Periods: []Period{{From: day(1992, 5, 15)}}},
		{Label: "Uzbekistan", Periods: []Period{{From: day(1992, 5, 15), To: day(1999, 7, 1)}, {From: day(2006, 7, 1), To: day(2012, 7, 1)}}},
	}
}

// wantX is where t belongs on c's axis, computed from the axis' ends.
func wantX(c *Chart, t time.Time) float64 {
	return c.PlotX + c.PlotW*float64(t.Unix()-c.From.Unix())/float64(c.To.Unix()-c.From.Unix())
}

func near(a, b float64) bool { return math.Abs(a-b) <= 0.1 }

func labels(c *Chart) []string {
	var ls []string
	for _, tk := range c.Ticks {
		if tk.Label != "" {
			ls = append(ls, tk.Label)
		}
	}
	return ls
}

func TestLayout(t *testing.T) {
	for _, c := range []*Chart{Layout(twoRows(), period), Layout(twoRows(), period).Compact} {
		t.Run(fmt.Sprint(c.Width), func(t *testing.T) {
			if len(c.Rows) != 2 || len(c.Rows[1].Bars) != 2 {
				t.Fatalf("rows %d", len(c.Rows))
			}
			k := c.Rows[0].Bars[0]
			if !k.Ongoing || k.X+k.W != c.AxisEnd() || c.AxisEnd() > float64(c.Width) {
				t.Errorf("an ongoing period should reach the end of the axis, inside the chart: %+v (axis ends %v)", k, c.AxisEnd())
			}
			if !c.To.Equal(day(2022, 1, 12)) {
				t.Errorf("the axis ends %v, want the end of the period's last day", c.To)
			}
			if !near(k.X, wantX(c, day(1992, 5, 15))) {
				t.Errorf("bar starts at %v, want %v", k.X, wantX(c, day(1992, 5, 15)))
			}
			u1, u2 := c.Rows[1].Bars[0], c.Rows[1].Bars[1]
			if u1.X+u1.W >= u2.X {
				t.Errorf("Uzbekistan's two periods touch: %+v %+v", u1, u2)
			}
			for _, r := range c.Rows {
				if above := c.Width == 360; above != (r.LabelY < r.Bars[0].Y) || r.LabelY > r.Bars[0].Y+r.Bars[0].H {
					t.Errorf("row %s: label baseline %v, bar %+v; want the label above its bars only in the compact chart", r.Label, r.LabelY, r.Bars[0])
				}
			}
			if c.Rows[1].Y <= c.Rows[0].Y || c.AxisY() < c.Rows[1].Y+c.Rows[1].Bars[0].H || float64(c.Height) <= c.AxisY() {
				t.Error("rows are not stacked above the axis, inside the chart")
			}
		})
	}
}

// TestAxisSpansData: a member that joined 45 years before the period
// starts its bar at its own date, not clipped at a fixed start; the axis
// starts on a labelled year at or before it.
func TestAxisSpansData(t *testing.T) {
	joined := day(1977, 3, 10)
	rows := append(twoRows(), Row{Label: "Founder", Periods: []Period{{From: joined, To: day(1990, 1, 1)}}})
	for _, c := range []*Chart{Layout(rows, period), Layout(rows, period).Compact} {
		if c.From.After(joined) || monthOf(c.From)%c.Step != 0 || c.From.YearDay() != 1 || !c.From.After(joined.AddDate(0, -c.Step, 0)) {
			t.Errorf("%d: the axis starts %v with a label every %d months; want the labelled year at or just before 1977", c.Width, c.From, c.Step)
		}
		b := c.Rows[2].Bars[0]
		if !near(b.X, wantX(c, joined)) || !near(b.X+b.W, wantX(c, day(1990, 1, 1))) {
			t.Errorf("%d: bar %+v, want from %v to %v", c.Width, b, wantX(c, joined), wantX(c, day(1990, 1, 1)))
		}
		if b.X < c.PlotX {
			t.Errorf("%d: bar starts at %v, left of the plot at %v", c.Width, b.X, c.PlotX)
		}
		if ls := labels(c); ls[0] != fmt.Sprint(c.From.Year()) {
			t.Errorf("%d: first label %s, want the axis start %d", c.Width, ls[0], c.From.Year())
		}
	}
	// A date after the period's end widens the axis past it.
	late := append(twoRows(), Row{Label: "Late", Periods: []Period{{From: day(2023, 6, 1), To: day(2024, 3, 1)}}})
	if c := Layout(late, period); !c.To.Equal(day(2024, 3, 1)) || !near(c.Period.X+c.Period.W, wantX(c, day(2022, 1, 12))) {
		t.Errorf("axis ends %v, period marker %+v; want the latest date, and the marker at the period's end", c.To, c.Period)
	}
}

func TestPeriodMarker(t *testing.T) {
	// Ten days on thirty years: narrower than the minimum, so it is
	// widened leftwards and still ends with the axis.
	c := Layout(twoRows(), period)
	if p := c.Period; p == nil || p.W != 4 || p.X+p.W != c.AxisEnd() || p.Y != c.Rows[0].Y || !near(p.Y+p.H, c.Rows[1].Y+34) {
		t.Errorf("period marker %+v, want 4 wide at the end of the axis %v, over all rows", c.Period, c.AxisEnd())
	}
	// A period of two years is drawn to scale.
	long := Options{Start: day(2010, 1, 1), End: day(2011, 12, 31)}
	c = Layout(twoRows(), long)
	if p := c.Period; !near(p.X, wantX(c, day(2010, 1, 1))) || !near(p.X+p.W, wantX(c, day(2012, 1, 1))) {
		t.Errorf("period marker %+v, want from %v to %v", p, wantX(c, day(2010, 1, 1)), wantX(c, day(2012, 1, 1)))
	}
	if c.Rows[0].Bars[0].X+c.Rows[0].Bars[0].W != c.AxisEnd() || !c.To.Equal(day(2012, 7, 1)) {
		t.Errorf("the axis ends %v: want the latest date, 2012-07-01, after the period", c.To)
	}
	if c := Layout(twoRows(), Options{}); c.Period != nil || len(c.Legend) != 0 {
		t.Errorf("without a period or legend labels: marker %+v, legend %+v", c.Period, c.Legend)
	}
	if c := Layout(nil, Options{}); c != nil {
		t.Errorf("no dates at all: %+v, want no chart", c)
	}
}

// span lays out rows covering years years up to the period.
func span(years int) []Row {
	return []Row{{Label: "A", Periods: []Period{{From: day(2022-years, 1, 1)}}}}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		years         int
		wide, compact int // months between labelled ticks
	}{
		{1, 3, 6}, {3, 12, 12}, {10, 12, 24}, {30, 60, 120}, {45, 60, 120}, {70, 120, 240}, {150, 240, 600}, {400, 600, 1200},
	} {
		c := Layout(span(tc.years), period)
		for _, g := range []struct {
			c    *Chart
			want int
		}{{c, tc.wide}, {c.Compact, tc.compact}} {
			c := g.c
			if c.Step != g.want {
				t.Errorf("%d years, %d units wide: a label every %d months, want %d", tc.years, c.Width, c.Step, g.want)
			}
			var prev *Tick
			n := 0
			for i, tk := range c.Ticks {
				if i > 0 && tk.X <= c.Ticks[i-1].X {
					t.Errorf("%d years, %d units: ticks out of order at %v", tc.years, c.Width, tk.X)
				}
				if tk.X < c.PlotX || tk.X > c.AxisEnd() {
					t.Errorf("%d years, %d units: tick at %v outside the axis %v–%v", tc.years, c.Width, tk.X, c.PlotX, c.AxisEnd())
				}
				if tk.Label == "" {
					continue
				}
				n++
				start, end := tk.span(15)
				if labelW := textWidth(tk.Label, 15); prev != nil && tk.X-prev.X < labelW {
					t.Errorf("%d years, %d units: labels %s and %s are %v apart, less than a label (%v)", tc.years, c.Width, prev.Label, tk.Label, tk.X-prev.X, labelW)
				}
				if prev != nil {
					if _, prevEnd := prev.span(15); start < prevEnd {
						t.Errorf("%d years, %d units: labels %s and %s overlap", tc.years, c.Width, prev.Label, tk.Label)
					}
				}
				if start < 0 || end > float64(c.Width) {
					t.Errorf("%d years, %d units: the label %s at %v is cut by the edge", tc.years, c.Width, tk.Label, tk.X)
				}
				prev = &c.Ticks[i]
			}
			if n < 2 || n > 12 {
				t.Errorf("%d years, %d units: %d labels %v", tc.years, c.Width, n, labels(c))
			}
		}
	}
}

func TestLabelColumn(t *testing.T) {
	rows := append(twoRows(), Row{Label: "Bosnia and Herzegovina", Periods: []Period{{From: day(2000, 1, 1)}}})
	c := Layout(rows, period)
	w := textWidth("Bosnia and Herzegovina", 15)
	if c.PlotX != 8+w+12 {
		t.Errorf("plot starts at %v, want after the longest name: 8+%v+12", c.PlotX, w)
	}
	for _, r := range c.Rows {
		if r.Full != "" || r.LabelX+textWidth(r.Label, 15) > c.PlotX {
			t.Errorf("row %q: shortened or reaching into the plot at %v", r.Label, c.PlotX)
		}
	}
	// Short names give the axis more room.
	if short := Layout(twoRows(), period); short.PlotX >= c.PlotX || short.PlotW <= c.PlotW {
		t.Errorf("short names: plot %v+%v, long names: %v+%v", short.PlotX, short.PlotW, c.PlotX, c.PlotW)
	}
}

func TestShortenedNames(t *testing.T) {
	long := "The United Kingdom of Great Britain and Northern Ireland"
	cjk := "中华人民共和国香港特别行政区和澳门特别行政区"
	rows := []Row{
		{Label: long, Periods: []Period{{From: day(1992, 1, 1)}}},
		{Label: cjk, Periods: []Period{{From: day(1995, 1, 1)}}},
	}
	c := Layout(rows, period)
	for _, ch := range []*Chart{c, c.Compact} {
		room := 220.0
		if ch == c.Compact {
			room = 360 - 20 - 22
		}
		for i, r := range ch.Rows {
			if r.Full != rows[i].Label || !strings.HasSuffix(r.Label, "…") || textWidth(r.Label, 15) > room {
				t.Errorf("%d: %q shortened to %q (%v wide), full %q; want at most %v wide, the full name kept", ch.Width, rows[i].Label, r.Label, textWidth(r.Label, 15), r.Full, room)
			}
			if rest := strings.TrimSuffix(r.Label, "…"); !strings.HasPrefix(rows[i].Label, rest) || len(rest) < 8 {
				t.Errorf("%d: %q is not a beginning of %q", ch.Width, r.Label, rows[i].Label)
			}
		}
	}
	if c.PlotX != 8+220+12 {
		t.Errorf("plot starts at %v, want the label column capped at 220", c.PlotX)
	}
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want float64
	}{
		{"Kazakhstan", 10 * 0.6 * 15},
		{"日本", 2 * 15},
		{"한국", 2 * 15},
		{"Nga", 3 * 0.6 * 15},
		{"Nga\u0300", 3 * 0.6 * 15}, // a combining grave takes no room
		{"a b", (2*0.6 + 0.33) * 15},
	} {
		if got := textWidth(tc.s, 15); !near(got, tc.want) {
			t.Errorf("textWidth(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestLegend(t *testing.T) {
	c := Layout(twoRows(), period)
	var marks []Mark
	for _, it := range c.Legend {
		marks = append(marks, it.Mark)
	}
	if !reflect.DeepEqual(marks, []Mark{MarkBar, MarkOngoing, MarkPeriod}) {
		t.Errorf("legend marks %v", marks)
	}
	// The wide chart has the legend on one line; the compact one wraps
	// the long label, and each line fits.
	if y := c.Legend[0].Lines[0].Y; c.Legend[2].Lines[0].Y != y || len(c.Legend[1].Lines) != 1 {
		t.Errorf("wide legend not on one line: %+v", c.Legend)
	}
	k := c.Compact
	if len(k.Legend[1].Lines) < 2 || k.Legend[1].Full != "" {
		t.Errorf("compact legend: %+v, want the long label wrapped", k.Legend[1])
	}
	if got := joinLines(k.Legend[1]); got != period.Legend.Ongoing {
		t.Errorf("wrapped label reads %q", got)
	}
	for _, it := range k.Legend {
		for _, l := range it.Lines {
			if l.X+textWidth(l.Text, 15) > 360-22 {
				t.Errorf("legend line %q runs past the chart", l.Text)
			}
		}
	}
	if top := c.Rows[0].Y; top <= c.Legend[0].Lines[0].Y {
		t.Errorf("rows start at %v, above the legend", top)
	}
}

func joinLines(it LegendItem) string {
	var ws []string
	for _, l := range it.Lines {
		ws = append(ws, l.Text)
	}
	return strings.Join(ws, " ")
}

// phone is 30 members over 70 years, some with long names, some with
// several periods.
func phone() []Row {
	var rows []Row
	for i := range 30 {
		name := fmt.Sprintf("Member %d", i+1)
		if i%7 == 3 {
			name = fmt.Sprintf("The Federated Republic of Somewhere Number %d", i+1)
		}
		from := day(1952+2*i, 1+i%12, 1+i%28)
		r := Row{Label: name, Periods: []Period{{From: from}}}
		if i%4 == 1 {
			r.Periods = []Period{{From: from, To: from.AddDate(5, 0, 0)}, {From: from.AddDate(9, 0, 0)}}
		}
		rows = append(rows, r)
	}
	return rows
}

// TestPhone lays out 30 members over 70 years and checks the compact
// chart's geometry: every row, a few labelled ticks, text large enough on
// a phone.
func TestPhone(t *testing.T) {
	c := Layout(phone(), period).Compact
	if len(c.Rows) != 30 || c.Width != 360 {
		t.Fatalf("%d rows, %d wide", len(c.Rows), c.Width)
	}
	if n := len(labels(c)); n < 3 || n > 6 {
		t.Errorf("%d year labels on a phone: %v", n, labels(c))
	}
	// 15-unit text on a 360-unit chart drawn 340 pixels wide.
	if px := 15.0 * 340 / float64(c.Width); px < 12 {
		t.Errorf("text %.1f pixels high", px)
	}
	if c.TopAxisY == 0 || c.TopAxisY >= c.Rows[0].Y {
		t.Errorf("a tall chart should repeat its years above the first row: %v (rows start %v)", c.TopAxisY, c.Rows[0].Y)
	}
	for i, r := range c.Rows {
		if i > 0 && r.Y-c.Rows[i-1].Y < 15+14 {
			t.Errorf("row %d: %v below the last; no room for a name and a bar", i, r.Y-c.Rows[i-1].Y)
		}
		for _, b := range r.Bars {
			if b.X < c.PlotX || b.X+b.W > c.AxisEnd()+0.05 || b.W < 2 {
				t.Errorf("row %d: bar %+v outside the axis %v–%v", i, b, c.PlotX, c.AxisEnd())
			}
		}
	}
}

// TestNoOverlap renders the chart with the site's chart-body template and
// checks, from the SVG, that no two texts overlap, that every text is
// inside the view box, and that no name or label lies on a bar.
func TestNoOverlap(t *testing.T) {
	tmpl := template.Must(template.New("").Funcs(template.FuncMap{"t": func(string, ...any) string { return "" }, "json": func(any) string { return "" }}).
		ParseFiles("../../templates/membership.html"))
	for name, rows := range map[string][]Row{"two": twoRows(), "phone": phone()} {
		c := Layout(rows, period)
		for _, ch := range []*Chart{c, c.Compact} {
			var b bytes.Buffer
			fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d">`, ch.Width, ch.Height)
			if err := tmpl.ExecuteTemplate(&b, "chart-body", ch); err != nil {
				t.Fatal(err)
			}
			b.WriteString(`</svg>`)
			texts, bars := boxes(t, b.Bytes())
			if len(texts) < len(rows)+3+2 {
				t.Fatalf("%s/%d: %d texts drawn", name, ch.Width, len(texts))
			}
			for i, a := range texts {
				if a.x0 < 0 || a.x1 > float64(ch.Width) || a.y0 < 0 || a.y1 > float64(ch.Height) {
					t.Errorf("%s/%d: %q %+v outside the %d×%d chart", name, ch.Width, a.s, a, ch.Width, ch.Height)
				}
				for _, o := range texts[i+1:] {
					if a.overlaps(o) {
						t.Errorf("%s/%d: %q %+v overlaps %q %+v", name, ch.Width, a.s, a, o.s, o)
					}
				}
				for _, o := range bars {
					if a.overlaps(o) {
						t.Errorf("%s/%d: %q %+v lies on a bar %+v", name, ch.Width, a.s, a, o)
					}
				}
			}
		}
	}
}

type box struct {
	s              string
	x0, y0, x1, y1 float64
}

func (a box) overlaps(b box) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// boxes reads an SVG's texts, each line as the box its estimated width
// and the font's ascent and descent take, and its bars.
func boxes(t *testing.T, svg []byte) (texts, bars []box) {
	t.Helper()
	type tspan struct {
		X    string `xml:"x,attr"`
		Y    string `xml:"y,attr"`
		Text string `xml:",chardata"`
	}
	num := func(s string) float64 {
		if s == "" {
			return 0
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q is not a number", s)
		}
		return f
	}
	attr := func(se xml.StartElement, name string) string {
		for _, a := range se.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	line := func(s string, x, y float64, anchor string) box {
		w := textWidth(s, 15)
		if anchor == "middle" {
			x -= w / 2
		}
		return box{s: s, x0: x, x1: x + w, y0: y - 15*0.8, y1: y + 15*0.25}
	}
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "rect":
			if strings.HasPrefix(attr(se, "class"), "bar") {
				x, y := num(attr(se, "x")), num(attr(se, "y"))
				bars = append(bars, box{s: "bar", x0: x, y0: y, x1: x + num(attr(se, "width")), y1: y + num(attr(se, "height"))})
			}
		case "text":
			var tx struct {
				Spans []tspan `xml:"tspan"`
				Text  string  `xml:",chardata"`
			}
			if err := d.DecodeElement(&tx, &se); err != nil {
				t.Fatal(err)
			}
			if len(tx.Spans) > 0 {
				for _, s := range tx.Spans {
					texts = append(texts, line(s.Text, num(s.X), num(s.Y), ""))
				}
				continue
			}
			texts = append(texts, line(strings.TrimSpace(tx.Text), num(attr(se, "x")), num(attr(se, "y"))+num(attr(se, "dy")), attr(se, "text-anchor")))
		}
	}
	return texts, bars
}

func TestDeterministic(t *testing.T) {
	a, b := Layout(phone(), period), Layout(phone(), period)
	if !reflect.DeepEqual(a, b) {
		t.Error("two layouts of the same rows differ")
	}
}

// TestMonths: a history of months gets a month axis, its ticks named by
// the caller, starting at the labelled month at or before the first date,
// with labels inside the chart.
func TestMonths(t *testing.T) {
	name := func(y int, m time.Month) string { return fmt.Sprintf("%s %d", m, y) }
	opts := Options{Start: day(2024, 3, 4), End: day(2024, 3, 8), Month: name}
	for _, joined := range []time.Time{day(2024, 3, 5), day(2023, 6, 15), day(2022, 11, 30)} {
		rows := []Row{{Label: "Upper State", Periods: []Period{{From: joined}}}}
		c := Layout(rows, opts)
		for _, ch := range []*Chart{c, c.Compact} {
			if ch.From.After(joined) || monthOf(ch.From)%ch.Step != 0 || !ch.From.After(joined.AddDate(0, -ch.Step, 0)) {
				t.Errorf("joined %v, %d units: axis from %v, a label every %d months", joined, ch.Width, ch.From, ch.Step)
			}
			want := name(ch.From.Year(), ch.From.Month())
			if ch.Step >= 12 {
				want = fmt.Sprint(ch.From.Year())
			}
			if ls := labels(ch); len(ls) == 0 || ls[0] != want {
				t.Errorf("joined %v, %d units: labels %q, want first %q", joined, ch.Width, ls, want)
			}
			for _, tk := range ch.Ticks {
				if start, end := tk.span(15); tk.Label != "" && (start < 0 || end > float64(ch.Width)) {
					t.Errorf("joined %v, %d units: label %q (%s) from %v to %v crosses the edge", joined, ch.Width, tk.Label, tk.Anchor, start, end)
				}
			}
			if b := ch.Rows[0].Bars[0]; !near(b.X, wantX(ch, joined)) || b.W < 20 {
				t.Errorf("joined %v, %d units: bar %+v, want from %v and seen", joined, ch.Width, b, wantX(ch, joined))
			}
		}
		if joined.Year() == 2024 && (c.Step != 1 || labels(c)[0] != "March 2024" || c.Compact.Step != 1) {
			t.Errorf("a history of days: a label every %d months, labels %q; want March 2024", c.Step, labels(c))
		}
	}
	// Without a name for months, they are written as numbers.
	opts.Month = nil
	if ls := labels(Layout([]Row{{Label: "A", Periods: []Period{{From: day(2023, 6, 15)}}}}, opts)); len(ls) < 2 || ls[1] != "2023-07" {
		t.Errorf("labels %q, want 2023-07 second", ls)
	}
}

// TestRightToLeft checks that a right-to-left chart is the left-to-right
// one mirrored: time runs leftwards, names sit on the right of the bars,
// and nothing leaves the drawing.
func TestRightToLeft(t *testing.T) {
	opts := period
	opts.RightToLeft = true
	ltrWide, rtlWide := Layout(twoRows(), period), Layout(twoRows(), opts)
	for _, pair := range [][2]*Chart{{ltrWide, rtlWide}, {ltrWide.Compact, rtlWide.Compact}} {
		l, r := pair[0], pair[1]
		w := float64(l.Width)
		if !near(r.PlotX, w-l.PlotX-l.PlotW) || !near(r.PlotW, l.PlotW) || r.PlotX < 0 || r.AxisEnd() > w {
			t.Errorf("plot %v+%v, want %v+%v", r.PlotX, r.PlotW, w-l.PlotX-l.PlotW, l.PlotW)
		}
		if len(r.Ticks) != len(l.Ticks) || len(r.Ticks) < 2 {
			t.Fatalf("ticks %d and %d", len(r.Ticks), len(l.Ticks))
		}
		for i := range r.Ticks {
			if !near(r.Ticks[i].X, w-l.Ticks[i].X) || r.Ticks[i].Label != l.Ticks[i].Label || r.Ticks[i].Anchor != l.Ticks[i].Anchor {
				t.Errorf("tick %d at %v %q, want at %v", i, r.Ticks[i].X, r.Ticks[i].Label, w-l.Ticks[i].X)
			}
		}
		if first, last := r.Ticks[0].X, r.Ticks[len(r.Ticks)-1].X; first <= last {
			t.Errorf("time runs rightwards: first tick at %v, last at %v", first, last)
		}
		for i, row := range r.Rows {
			if !near(row.LabelX, w-l.Rows[i].LabelX) {
				t.Errorf("row %d label at %v, want %v", i, row.LabelX, w-l.Rows[i].LabelX)
			}
			for j, bar := range row.Bars {
				lb := l.Rows[i].Bars[j]
				if !near(bar.X+bar.W, w-lb.X) || !near(bar.W, lb.W) {
					t.Errorf("row %d bar %d: %v+%v, want to end at %v", i, j, bar.X, bar.W, w-lb.X)
				}
				if r == rtlWide && bar.X+bar.W > row.LabelX {
					t.Errorf("row %d: bar %d reaches past the name's start at %v", i, j, row.LabelX)
				}
			}
		}
		if !near(r.Period.X+r.Period.W, w-l.Period.X) {
			t.Errorf("period %+v, want mirrored %+v", r.Period, l.Period)
		}
		for i, it := range r.Legend {
			if !near(it.Swatch.X+it.Swatch.W, w-l.Legend[i].Swatch.X) || !near(it.Lines[0].X, w-l.Legend[i].Lines[0].X) {
				t.Errorf("legend %d not mirrored: %+v vs %+v", i, it, l.Legend[i])
			}
		}
	}
}
