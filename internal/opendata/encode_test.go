package opendata

import (
	"bytes"
	"testing"
)

// TestEncodeEvents: events.json written one event at a time is encode's
// file, byte for byte: with no event, one, and several with every kind of
// field, text that JSON escapes and text it does not (<, >, &).
func TestEncodeEvents(t *testing.T) {
	end := Date{Value: "2022-01-07", Precision: "day"}
	all := []Event{
		{ID: "a", URL: "https://x/events/a/", Title: "A <b> & \"c\"", Start: Date{Value: "2022", Precision: "year"},
			Summary: "Line\nbreak\ttab \u2028 é", Text: "x", Sources: []string{"s1", "s2"}, Places: []string{}, Actors: []string{"p"},
			Mentions: []string{}, Tags: []string{"t"}, Quotes: []Quote{{Source: "s1", Text: "«q»", By: "p"}}},
		{ID: "b", Title: "B", Titles: map[string]string{"vi": "Bê", "fr": "Bé"}, End: &end, Inferred: "from a source",
			Sources: []string{}, Places: []string{}, Actors: []string{}, Mentions: []string{}, Tags: []string{}, Quotes: []Quote{}},
		{ID: "c"},
	}
	for n := range len(all) + 1 {
		evs := Events{Meta: Meta{Title: "T & <t>", URL: "https://x/", Language: "en", Schema: "events.schema.json"}, Events: all[:n]}
		want, err := encode(evs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeEvents(evs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%d events:\ngot:\n%s\nwant:\n%s", n, got, want)
		}
	}
}
