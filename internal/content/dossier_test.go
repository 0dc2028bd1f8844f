package content

import (
	"os"
	"slices"
	"testing"
)

// TestDossier checks the integrity of the real dossier in content/: what
// the loader does not enforce for every site, but this dossier promises.
func TestDossier(t *testing.T) {
	d, err := Load(os.DirFS("../.."))
	if err != nil {
		t.Fatalf("the dossier does not load:\n%v", err)
	}
	if len(d.Sources) != 5 {
		t.Errorf("%d sources, want the 5 source texts", len(d.Sources))
	}
	cited := map[string]bool{}
	start, end := d.Config.Period.Start.First(), d.Config.Period.End.Last()
	for _, e := range d.Events {
		if len(e.Sources) == 0 {
			t.Errorf("%s cites no source", e.Path)
		}
		for _, r := range e.Sources {
			cited[r.ID] = true
		}
		if e.Date.Start.Year < 1992 || e.Date.Last().After(end) {
			t.Errorf("%s: date %s outside 1992 to %s", e.Path, e.Date, d.Config.Period.End)
		}
		if e.Date.Start.First().Before(start) && e.Date.Start.Year > 2012 {
			t.Errorf("%s: date %s is before the period but after the background (1992–2012)", e.Path, e.Date)
		}
		for _, q := range e.Quotes {
			if !ContainsQuote(d.Source(q.Source.ID).OriginalText, q.Text) {
				t.Errorf("%s: quote not in its original", e.Path)
			}
		}
	}
	for _, s := range d.Sources {
		if !cited[s.ID] {
			t.Errorf("source %s is cited by no event", s.ID)
		}
		if s.OriginalText == "" {
			t.Errorf("source %s has no original text", s.ID)
		}
	}
	var countries []string
	for _, c := range d.Membership.Members {
		countries = append(countries, c.Member.ID)
		for i := 1; i < len(c.Periods); i++ {
			if c.Periods[i].Joined.Compare(c.Periods[i-1].Left) < 0 {
				t.Errorf("%s: membership periods overlap", c.Member.ID)
			}
		}
	}
	slices.Sort(countries)
	want := []string{"armenia", "azerbaijan", "belarus", "georgia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan"}
	if !slices.Equal(countries, want) {
		t.Errorf("membership lists %v, want the nine countries ever members: %v", countries, want)
	}
	// Every background milestone the membership page promises is there.
	years := map[int]bool{}
	for _, e := range d.Events {
		if e.Date.Start.First().Before(start) {
			years[e.Date.Start.Year] = true
		}
	}
	for _, y := range []int{1992, 1993, 1999, 2002, 2006, 2009, 2012} {
		if !years[y] {
			t.Errorf("no background event in %d", y)
		}
	}
}
