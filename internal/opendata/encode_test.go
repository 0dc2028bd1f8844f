package opendata

import (
	"bytes"
	"testing"
)

// TestWriteList: a file written one element of its list at a time is
// encode's file, byte for byte: with no element, one, and several with
// every kind of field, text that JSON escapes and text it does not (<, >,
// &), and a list that is not the value's last field (timeline.json's).
func TestWriteList(t *testing.T) {
	end := Date{Value: "2022-01-07", Precision: "day"}
	all := []Event{
		{ID: "a", URL: "https://x/events/a/", Title: "A <b> & \"c\"", Start: Date{Value: "2022", Precision: "year"},
			Summary: "Line\nbreak\ttab \u2028 é \n  \"events\": []", Text: "x", Sources: []string{"s1", "s2"}, Places: []string{}, Actors: []string{"p"},
			Mentions: []string{}, Tags: []string{"t"}, Quotes: []Quote{{Source: "s1", Text: "«q»", By: "p"}}},
		{ID: "b", Title: "B", Titles: map[string]string{"vi": "Bê", "fr": "Bé"}, End: &end, Inferred: "from a source",
			Sources: []string{}, Places: []string{}, Actors: []string{}, Mentions: []string{}, Tags: []string{}, Quotes: []Quote{}},
		{ID: "c"},
	}
	meta := Meta{Title: "T & <t>", URL: "https://x/", Language: "en", Schema: "events.schema.json"}
	for n := range len(all) + 1 {
		evs := Events{Meta: meta, Events: all[:n]}
		want, err := encode(evs)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeList(&got, Events{Meta: meta, Events: []Event{}}, "events", evs.Events); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d events:\ngot:\n%s\nwant:\n%s", n, got.Bytes(), want)
		}

		tl := TimelineJS{Title: &TLSlide{Text: TLText{Headline: "H", Text: "<p>\"events\": []</p>"}}, Scale: "human"}
		for _, e := range all[:n] {
			tl.Events = append(tl.Events, TLSlide{Text: TLText{Headline: e.Title, Text: e.Summary}, UniqueID: e.ID, Group: "g"})
		}
		head := tl
		head.Events = []TLSlide{}
		if n == 0 {
			tl.Events = []TLSlide{}
		}
		want, err = encode(tl)
		if err != nil {
			t.Fatal(err)
		}
		got.Reset()
		if err := writeList(&got, head, "events", tl.Events); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("timeline, %d events:\ngot:\n%s\nwant:\n%s", n, got.Bytes(), want)
		}
	}
	var got bytes.Buffer
	if err := writeList(&got, meta, "events", all); err == nil {
		t.Error("a value without the list: no error")
	}
}
