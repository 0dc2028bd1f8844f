package opendata

import (
	"html"

	"github.com/dossier-dev/dossier/internal/content"
)

// TimelineJS is TimelineJS3's JSON format, as documented at
// https://timeline.knightlab.com/docs/json-format.html: a title slide and
// one slide per event. The test checks timeline.json against a JSON Schema
// written from that page (testdata/timelinejs.schema.json), since
// TimelineJS itself is not at hand.
type TimelineJS struct {
	Title  *TLSlide  `json:"title,omitempty"`
	Events []TLSlide `json:"events"`
	Scale  string    `json:"scale"`
}

// A TLSlide is one slide: an event, or the title (which has no date).
type TLSlide struct {
	StartDate *TLDate `json:"start_date,omitempty"`
	EndDate   *TLDate `json:"end_date,omitempty"`
	Text      TLText  `json:"text"`
	Group     string  `json:"group,omitempty"`
	UniqueID  string  `json:"unique_id,omitempty"`
}

// A TLDate gives as many parts as the date is known to: a date known to
// the month has no day. A time of day is as written, in its own zone
// (TimelineJS has none); Hour and Minute are pointers so that midnight is
// written, not taken for a date without a time.
type TLDate struct {
	Year   int  `json:"year"`
	Month  int  `json:"month,omitempty"`
	Day    int  `json:"day,omitempty"`
	Hour   *int `json:"hour,omitempty"`
	Minute *int `json:"minute,omitempty"`
}

// TLText is a slide's text; TimelineJS reads both fields as HTML.
type TLText struct {
	Headline string `json:"headline"`
	Text     string `json:"text,omitempty"`
}

// timeline returns timeline.json: each event's headline links to its page,
// its text is its summary, and its group is its first tag. The format has
// no place for a licence: the title slide's text gives it, and cite_as.
func (g *gen) timeline(evs Events) TimelineJS {
	intro := "<p>" + html.EscapeString(g.d.Config.Description) + "</p>"
	if c := g.d.Config.CiteAs; c != "" {
		intro += "<p>" + html.EscapeString(c) + "</p>"
	}
	if l := g.d.Config.License; l != nil && l.URL != "" {
		intro += `<p><a rel="license" href="` + html.EscapeString(l.URL) + `">` + html.EscapeString(l.Name) + "</a></p>"
	} else if l != nil {
		intro += "<p>" + html.EscapeString(l.Name) + "</p>"
	}
	tl := TimelineJS{
		Title:  &TLSlide{Text: TLText{Headline: html.EscapeString(g.d.Config.Title), Text: intro}},
		Events: []TLSlide{},
		Scale:  "human",
	}
	for i, e := range g.d.Events {
		v := evs.Events[i]
		s := TLSlide{
			StartDate: tlDate(e.Date.Start),
			Text: TLText{
				Headline: `<a href="` + html.EscapeString(v.URL) + `">` + html.EscapeString(v.Title) + `</a>`,
				Text:     "<p>" + html.EscapeString(v.Summary) + "</p>",
			},
			UniqueID: e.ID,
		}
		if e.Date.IsRange() {
			s.EndDate = tlDate(e.Date.End)
		}
		if len(e.Tags) > 0 {
			s.Group = e.Tags[0]
		}
		tl.Events = append(tl.Events, s)
	}
	return tl
}

func tlDate(d content.Date) *TLDate {
	t := &TLDate{Year: d.Year}
	if d.Precision >= content.Month {
		t.Month = d.Month
	}
	if d.Precision >= content.Day {
		t.Day = d.Day
	}
	if d.Precision == content.Minute {
		t.Hour, t.Minute = &d.Hour, &d.Min
	}
	return t
}
