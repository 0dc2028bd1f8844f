package opendata_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/opendata"
	"github.com/dossier-dev/dossier/internal/sitegen"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// roots are the dossiers the tests build: the shipped one and the examples.
var roots = []string{"../..", "../../examples/northern-waters", "../../examples/five-languages"}

const base = "https://example.org/d/"

// built holds the sites build has built, by root: the tests only read them.
var built = map[string]*sitegen.Result{}

// build builds the dossier at root (package sitegen), once for all the
// tests, and returns its content, the content as each other language sees
// it, and its data files.
func build(t *testing.T, root string) (*content.Dossier, map[string]*content.Dossier, map[string][]byte) {
	t.Helper()
	fsys := os.DirFS(root)
	res := built[root]
	if res == nil {
		res = siteOf(t, fsys)
		built[root] = res
	}
	locs := map[string]*content.Dossier{}
	for _, lang := range res.Dossier.Config.Languages[1:] {
		loc, _, err := res.Dossier.Localize(fsys, lang)
		if err != nil {
			t.Fatalf("%s: %s: %v", root, lang, err)
		}
		locs[lang] = loc
	}
	files := map[string][]byte{}
	for name, b := range res.Files {
		if strings.HasPrefix(name, opendata.Dir) {
			files[name] = b
		}
	}
	return res.Dossier, locs, files
}

// siteOf builds the site fsys, whose data files are made from the bodies
// the site converted (Site.Bodies), as the tests' own calls of Files are.
func siteOf(t testing.TB, fsys fs.FS) *sitegen.Result {
	t.Helper()
	res, err := sitegen.Build(fsys, sitegen.Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// schema compiles a JSON Schema file.
func schema(t *testing.T, name string, b []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	url := "https://dossier.invalid/" + name
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, name string, b []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	return s.Validate(v)
}

// TestDataValidates: every JSON data file has its schema beside it, which
// is draft 2020-12 and which the file validates against; a file with a key
// the schema does not document fails.
func TestDataValidates(t *testing.T) {
	for _, root := range roots {
		_, _, files := build(t, root)
		for _, name := range []string{"events", "sources", "entities", "membership"} {
			p := opendata.Dir + name + ".json"
			sb, ok := files[opendata.Dir+name+".schema.json"]
			if !ok || files[p] == nil {
				t.Fatalf("%s: no %s or no schema beside it", root, p)
			}
			if !bytes.Contains(sb, []byte(`"$schema": "https://json-schema.org/draft/2020-12/schema"`)) {
				t.Errorf("%s.schema.json is not draft 2020-12", name)
			}
			s := schema(t, name+".schema.json", sb)
			if err := validate(t, s, p, files[p]); err != nil {
				t.Errorf("%s: %s does not validate:\n%v", root, p, err)
			}
			bad := bytes.Replace(files[p], []byte(`"title"`), []byte(`"titel"`), 1)
			if validate(t, s, p, bad) == nil {
				t.Errorf("%s: a misspelt key validates against %s.schema.json", root, name)
			}
		}
	}
}

// precision names content's precisions as the data does.
func precision(p content.Precision) string {
	return map[content.Precision]string{content.Year: "year", content.Month: "month", content.Day: "day", content.Minute: "minute"}[p]
}

func refs(rs []content.Ref) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

// citeMarker is a citation as written ([@id]) or as numbered on a page ([1]).
var citeMarker = regexp.MustCompile(`\[(@|[0-9]+\])`)

// TestEventsRoundTrip decodes events.json, refusing unknown keys, and
// compares every event with the dossier's.
func TestEventsRoundTrip(t *testing.T) {
	for _, root := range roots {
		d, locs, files := build(t, root)
		dec := json.NewDecoder(bytes.NewReader(files[opendata.Dir+"events.json"]))
		dec.DisallowUnknownFields()
		var got opendata.Events
		if err := dec.Decode(&got); err != nil {
			t.Fatalf("%s: %v", root, err)
		}
		if got.Title != d.Config.Title || got.Language != d.Config.Languages[0] || got.URL != base {
			t.Errorf("%s: meta %+v", root, got.Meta)
		}
		if len(got.Events) != len(d.Events) {
			t.Fatalf("%s: %d events, want %d", root, len(got.Events), len(d.Events))
		}
		translated := 0
		for i, e := range d.Events {
			g := got.Events[i]
			want := fmt.Sprint(e.ID, base+"events/"+e.ID+"/", e.Title, e.Date.Start.String(), precision(e.Date.Start.Precision), e.Inferred,
				refs(e.Sources), refs(e.Places), refs(e.Actors), len(e.Tags) == 0 || slices.Equal(e.Tags, g.Tags))
			have := fmt.Sprint(g.ID, g.URL, g.Title, g.Start.Value, g.Start.Precision, g.Inferred, g.Sources, g.Places, g.Actors, len(g.Tags) == 0 || slices.Equal(e.Tags, g.Tags))
			if have != want {
				t.Errorf("%s: event %d:\n got %s\nwant %s", root, i, have, want)
			}
			if e.Date.IsRange() != (g.End != nil) || g.End != nil && (g.End.Value != e.Date.End.String() || g.End.Precision != precision(e.Date.End.Precision)) {
				t.Errorf("%s: %s: end %v, want %v", root, e.ID, g.End, e.Date.End)
			}
			if len(g.Quotes) != len(e.Quotes) {
				t.Fatalf("%s: %s: %d quotes, want %d", root, e.ID, len(g.Quotes), len(e.Quotes))
			}
			for j, q := range e.Quotes {
				by := ""
				if q.By != nil {
					by = q.By.ID
				}
				if g.Quotes[j] != (opendata.Quote{Source: q.Source.ID, Text: q.Text, By: by}) {
					t.Errorf("%s: %s: quote %d is %+v", root, e.ID, j, g.Quotes[j])
				}
			}
			if g.Summary == "" || !strings.Contains(g.Text, g.Summary) {
				t.Errorf("%s: %s: summary %q not in the text", root, e.ID, g.Summary)
			}
			if !bytes.Contains(e.Body, []byte("[@")) {
				t.Errorf("%s: %s: no citation in the body, nothing to take out", root, e.ID)
			}
			if m := citeMarker.FindString(g.Text + g.Summary); m != "" {
				t.Errorf("%s: %s: a citation marker %s in the text", root, e.ID, m)
			}
			for lang, loc := range locs {
				le := loc.Event(e.ID)
				if le.Status.State == content.Translated && le.Title != e.Title {
					translated++
					if g.Titles[lang] != le.Title {
						t.Errorf("%s: %s: title in %s %q, want %q", root, e.ID, lang, g.Titles[lang], le.Title)
					}
				} else if _, ok := g.Titles[lang]; ok {
					t.Errorf("%s: %s: a title in %s, which has no current translation", root, e.ID, lang)
				}
			}
		}
		if len(locs) > 0 && translated == 0 {
			t.Errorf("%s: no translated title in the data", root)
		}
	}
}

// TestTimelineJS: timeline.json validates against TimelineJS3's documented
// JSON format, written as a JSON Schema (testdata/timelinejs.schema.json)
// from https://timeline.knightlab.com/docs/json-format.html, and has one
// slide per event with the event's dates to their precision.
func TestTimelineJS(t *testing.T) {
	sb, err := os.ReadFile("testdata/timelinejs.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	s := schema(t, "timelinejs.schema.json", sb)
	for _, root := range roots {
		d, _, files := build(t, root)
		b := files[opendata.Dir+"timeline.json"]
		if err := validate(t, s, "timeline.json", b); err != nil {
			t.Errorf("%s: timeline.json is not in TimelineJS's format:\n%v", root, err)
		}
		var tl opendata.TimelineJS
		if err := json.Unmarshal(b, &tl); err != nil {
			t.Fatal(err)
		}
		if len(tl.Events) != len(d.Events) || tl.Title == nil || tl.Title.StartDate != nil {
			t.Fatalf("%s: %d slides for %d events; title %+v", root, len(tl.Events), len(d.Events), tl.Title)
		}
		for i, e := range d.Events {
			sl, st := tl.Events[i], e.Date.Start
			want := opendata.TLDate{Year: st.Year}
			if st.Precision >= content.Month {
				want.Month = st.Month
			}
			if st.Precision >= content.Day {
				want.Day = st.Day
			}
			if st.Precision == content.Minute {
				want.Hour, want.Minute = &st.Hour, &st.Min
			}
			if sl.UniqueID != e.ID || fmt.Sprint(tlDate(sl.StartDate)) != fmt.Sprint(tlDate(&want)) || (sl.EndDate != nil) != e.Date.IsRange() || !strings.Contains(sl.Text.Headline, base+"events/"+e.ID+"/") {
				t.Errorf("%s: slide %d: %+v, start %+v", root, i, sl, *sl.StartDate)
			}
		}
	}
	// The schema is not vacuous: TimelineJS needs a start_date, and knows
	// no startDate.
	bad := []string{
		`{"events": [{"text": {"headline": "x"}}]}`,
		`{"events": [{"startDate": {"year": 2022}, "start_date": {"year": 2022}}]}`,
		`{"events": [{"start_date": {"month": 1}}]}`,
		`{"title": {"text": {"headline": "x"}}}`,
	}
	for _, b := range bad {
		if validate(t, s, "bad", []byte(b)) == nil {
			t.Errorf("%s validates", b)
		}
	}
}

// tlDate flattens a TLDate for comparison; -1 stands for a missing time.
func tlDate(d *opendata.TLDate) [5]int {
	h, m := -1, -1
	if d.Hour != nil {
		h = *d.Hour
	}
	if d.Minute != nil {
		m = *d.Minute
	}
	return [5]int{d.Year, d.Month, d.Day, h, m}
}

// TestCSV: events.csv has a row per event, in order, with the columns of
// its header.
func TestCSV(t *testing.T) {
	d, _, files := build(t, "../..")
	rows, err := csv.NewReader(bytes.NewReader(files[opendata.Dir+"events.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(d.Events)+1 || !slices.Equal(rows[0], opendata.CSVHeader) {
		t.Fatalf("%d rows, header %v", len(rows), rows[0])
	}
	for i, e := range d.Events {
		r := rows[i+1]
		if r[0] != e.ID || r[2] != e.Title || r[3] != e.Date.Start.String() || r[9] != strings.Join(refs(e.Sources), ";") {
			t.Errorf("row %d: %v", i+1, r)
		}
	}
}

// TestDataFiles: membership.json only with membership.yaml; the licence and
// citation text in every JSON file; the same files from the same dossier.
func TestDataFiles(t *testing.T) {
	d, locs, files := build(t, "../..")
	res := built["../.."]
	nd := *d
	nd.Membership = nil
	nd.Config.License = &content.License{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"}
	nd.Config.CiteAs = "Cite me so."
	other, err := opendata.Files(&nd, locs, base, res.Site.Bodies)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := other[opendata.Dir+"membership.json"]; ok {
		t.Error("membership.json without membership")
	}
	if _, ok := files[opendata.Dir+"membership.json"]; !ok {
		t.Error("no membership.json")
	}
	for _, name := range []string{"events.json", "sources.json", "entities.json"} {
		var m opendata.Meta
		if err := json.Unmarshal(other[opendata.Dir+name], &m); err != nil {
			t.Fatal(err)
		}
		if m.License == nil || *m.License != (opendata.License{Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"}) || m.CiteAs != "Cite me so." {
			t.Errorf("%s: license %+v, cite_as %q", name, m.License, m.CiteAs)
		}
	}
	if tl := string(other[opendata.Dir+"timeline.json"]); !strings.Contains(tl, "Cite me so.") || !strings.Contains(tl, `https://creativecommons.org/licenses/by/4.0/`) {
		t.Error("the timeline's title slide does not give the licence and citation")
	}
	delete(built, "../..")
	_, _, again := build(t, "../..")
	if len(again) != len(files) {
		t.Fatal("two builds give different files")
	}
	for name, b := range files {
		if !bytes.Equal(b, again[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestDatesToTheirPrecision: a time of day, midnight included, and a range
// known to the month reach the data and the timeline as written.
func TestDatesToTheirPrecision(t *testing.T) {
	fsys := fstest.MapFS{
		"content/site.yaml":          {Data: []byte("title: T\ndescription: D\nbase_url: https://example.org/\nlanguages: [en]\nperiod:\n  start: 2022-01-01\n  end: 2022-12-31\n")},
		"content/sources/s.md":       {Data: []byte("---\ntitle: S\npublisher: P\nlanguage: en\npublished:\n  date: 2022\n  precision: approximate\noriginal: originals/s.txt\n---\nA summary [@s].\n")},
		"content/originals/s.txt":    {Data: []byte("text")},
		"content/events/midnight.md": {Data: []byte("---\ntitle: At midnight\ndate: 2022-01-05T00:00+06:00\nsources: [s]\n---\nIt happened [@s].\n")},
		"content/events/spring.md":   {Data: []byte("---\ntitle: In spring\ndate: 2022-03/2022-05\nsources: [s]\n---\nIt lasted [@s].\n")},
	}
	files := siteOf(t, fsys).Files
	var evs opendata.Events
	if err := json.Unmarshal(files[opendata.Dir+"events.json"], &evs); err != nil {
		t.Fatal(err)
	}
	var tl opendata.TimelineJS
	if err := json.Unmarshal(files[opendata.Dir+"timeline.json"], &tl); err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(evs.Events[0].Start, evs.Events[0].Summary, tlDate(tl.Events[0].StartDate), evs.Events[1].Start, *evs.Events[1].End, tlDate(tl.Events[1].StartDate), tlDate(tl.Events[1].EndDate))
	want := "{2022-01-05T00:00+06:00 minute}It happened.[2022 1 5 0 0] {2022-03 month} {2022-05 month} [2022 3 0 -1 -1] [2022 5 0 -1 -1]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
