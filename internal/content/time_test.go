package content

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

func TestParseInstant(t *testing.T) {
	const forms = "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm with the zone's offset from UTC, for example 2022-01-05 or 2022-01-05T23:40+06:00"
	for _, tc := range []struct{ in, want string }{
		{"1993", "1993"},
		{"0001", "0001"},
		{"1992-05", "1992-05"},
		{"2024-02-29", "2024-02-29"},
		{"2000-02-29", "2000-02-29"},
		{"2022-01-05T23:40+06:00", "2022-01-05T23:40+06:00"},
		{"2022-01-05T00:00Z", "2022-01-05T00:00Z"},
		{"2022-01-05T23:40+00:00", "2022-01-05T23:40Z"},
		{"2022-01-05T09:05-03:30", "2022-01-05T09:05-03:30"},
		{"2022-01-05T23:40", "2022-01-05T23:40"}, // floating: Load places or reports it
		// Bad forms, with their exact messages.
		{"", `bad date "": ` + forms},
		{"+000", `bad date "+000": ` + forms},
		{"-001", `bad date "-001": ` + forms},
		{"93", `bad date "93": ` + forms},
		{"12345", `bad date "12345": ` + forms},
		{"2022-1-5", `bad date "2022-1-5": ` + forms},
		{"2022-+1", `bad date "2022-+1": ` + forms},
		{"2022-01-05 23:40", `bad date "2022-01-05 23:40": ` + forms},
		{"5 January", `bad date "5 January": ` + forms},
		{"0000", `bad date "0000": there is no year 0; the first year is 0001`},
		{"2022-13", `bad date "2022-13": there is no month 13`},
		{"2022-00-10", `bad date "2022-00-10": there is no month 0`},
		{"2022-04-31", `bad date "2022-04-31": April has no day 31`},
		{"2022-01-00", `bad date "2022-01-00": January has no day 0`},
		{"2023-02-29", `bad date "2023-02-29": 2023 is not a leap year, so February has 28 days`},
		{"1900-02-29", `bad date "1900-02-29": 1900 is not a leap year, so February has 28 days`},
		{"2022-01T10:00Z", `bad date "2022-01T10:00Z": a time needs a whole date before it, as in 2022-01-05T23:40+06:00`},
		{"2022-01-05T24:00Z", `bad time in "2022-01-05T24:00Z": there is no 24:00; times run from 00:00 to 23:59`},
		{"2022-01-05T23:60Z", `bad time in "2022-01-05T23:60Z": there is no 23:60; times run from 00:00 to 23:59`},
		{"2022-01-05T2340Z", `bad time in "2022-01-05T2340Z": write the time as hh:mm, from 00:00 to 23:59, as in 2022-01-05T23:40+06:00`},
		{"2022-01-05T23:40:10Z", `bad time in "2022-01-05T23:40:10Z": write the time as hh:mm, from 00:00 to 23:59, as in 2022-01-05T23:40+06:00`},
		{"2022-01-05T9:40Z", `bad time in "2022-01-05T9:40Z": write the time as hh:mm, from 00:00 to 23:59, as in 2022-01-05T23:40+06:00`},
		{"2022-01-05T23:40z", `bad time in "2022-01-05T23:40z": write the time as hh:mm, from 00:00 to 23:59, as in 2022-01-05T23:40+06:00`},
		{"2022-01-05T23:40+6", `bad time zone in "2022-01-05T23:40+6": write Z for UTC or the offset from UTC as +hh:mm or -hh:mm, such as +06:00`},
		{"2022-01-05T23:40+0600", `bad time zone in "2022-01-05T23:40+0600": write Z for UTC or the offset from UTC as +hh:mm or -hh:mm, such as +06:00`},
		{"2022-01-05T23:40+15:00", `bad time zone in "2022-01-05T23:40+15:00": write Z for UTC or the offset from UTC as +hh:mm or -hh:mm, such as +06:00`},
		{"2022-01-05T23:40ZZ", `bad time zone in "2022-01-05T23:40ZZ": write Z for UTC or the offset from UTC as +hh:mm or -hh:mm, such as +06:00`},
	} {
		d, err := ParseInstant(tc.in)
		got := d.String()
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("ParseInstant(%q):\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDateRefusesTimes(t *testing.T) {
	_, err := ParseDate("2022-01-05T10:00Z")
	if want := `bad date "2022-01-05T10:00Z": write YYYY, YYYY-MM or YYYY-MM-DD, for example 2022-01-05`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestSpanRanges(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2022-01-04/2022-01-05", ""},
		{"2022-01-05T23:00+06:00/2022-01-06T01:00+06:00", ""},
		// 01:00 at +06:00 is 19:00 UTC, before 23:00 UTC.
		{"2022-01-05T23:00Z/2022-01-06T01:00+06:00", `bad range "2022-01-05T23:00Z/2022-01-06T01:00+06:00": the end must come after the start`},
		{"2022-01-05T10:00Z/2022-01-05T10:00Z", `bad range "2022-01-05T10:00Z/2022-01-05T10:00Z": the end must come after the start`},
		{"2022-01-05/2022-01-05T10:00Z", ""}, // some time on the 5th, until 10:00
		{"2022-01-05T10:00Z/2022-01-05", `bad range "2022-01-05T10:00Z/2022-01-05": the end must come after the start`},
		{"2022-01-05/2022-01-04", `bad range "2022-01-05/2022-01-04": the end must come after the start`},
		{"2022-01-05/2022-01-05T25:00Z", `bad time in "2022-01-05T25:00Z": there is no 25:00; times run from 00:00 to 23:59`},
	} {
		var s Span
		err := s.UnmarshalNode(&yaml.Node{Kind: yaml.ScalarNode, Value: tc.in})
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.in, got, tc.want)
		} else if err == nil && s.String() != tc.in {
			t.Errorf("%s: String() = %s", tc.in, s)
		}
	}
}

func TestZone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2022-01-05T23:40+06:00", "UTC+6"},
		{"2022-01-05T23:40Z", "UTC"},
		{"2022-01-05T23:40+05:30", "UTC+5:30"},
		{"2022-01-05T23:40-03:30", "UTC-3:30"},
	} {
		d, err := ParseInstant(tc.in)
		if err != nil || d.Zone() != tc.want {
			t.Errorf("%s: %q, %v; want %s", tc.in, d.Zone(), err, tc.want)
		}
	}
}

// site is a minimal dossier: site.yaml with extra lines, a home page, one
// source, and the given files.
func site(siteExtra string, files map[string]string) fstest.MapFS {
	m := fstest.MapFS{
		"content/site.yaml":       {Data: []byte("title: T\ndescription: D\nbase_url: https://example.org/\nlanguages: [en]\nperiod:\n  start: 2021-12-01\n  end: 2022-12-31\n" + siteExtra)},
		"content/home.md":         {Data: []byte("---\ntitle: H\n---\n")},
		"content/sources/s.md":    {Data: []byte("---\ntitle: S\npublisher: P\nlanguage: en\npublished:\n  date: 2022\n  precision: approximate\noriginal: originals/s.txt\n---\n")},
		"content/originals/s.txt": {Data: []byte("text")},
	}
	for name, text := range files {
		m[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return m
}

func event(date, extra string) string {
	return "---\ntitle: E\ndate: " + date + "\nsources: [s]\n" + extra + "---\nBody.\n"
}

func ids(es []*Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// TestEventOrder orders the events of one day: those without a time first,
// then by time, with order: moving an event among them. Times are placed
// in the site's zone first, which may change their day.
func TestEventOrder(t *testing.T) {
	files := map[string]string{
		"content/events/a-ceremony.md": event("2022-01-01", "order: 1\n"), // celebrates the midnight event
		"content/events/z-midnight.md": event("2022-01-01T00:00+09:00", ""),
		"content/events/m-flight.md":   event("2021-12-31T23:30Z", ""), // 08:30 on 1 January at +09:00
		"content/events/b-note.md":     event("2022-01-01", ""),
		"content/events/c-eve.md":      event("2021-12-31", ""),
	}
	d, err := Load(site("timezone: Asia/Tokyo\n", files))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(d.Events), []string{"c-eve", "b-note", "z-midnight", "m-flight", "a-ceremony"}; !slices.Equal(got, want) {
		t.Errorf("in Asia/Tokyo: %v, want %v", got, want)
	}
	if got := d.Event("m-flight").Date.Start.String(); got != "2022-01-01T08:30+09:00" {
		t.Errorf("m-flight in the site's zone: %s", got)
	}

	// Without a site zone, each time stays in its own: the flight is on
	// 31 December, after the day's date-only event.
	d, err = Load(site("", files))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(d.Events), []string{"c-eve", "m-flight", "b-note", "z-midnight", "a-ceremony"}; !slices.Equal(got, want) {
		t.Errorf("without a zone: %v, want %v", got, want)
	}

	// Without order:, the ceremony (no time) comes before the midnight
	// event; with a time, it takes its place by time, whatever its id.
	files["content/events/a-ceremony.md"] = event("2022-01-01T10:00+09:00", "")
	d, err = Load(site("timezone: Asia/Tokyo\n", files))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(d.Events), []string{"c-eve", "b-note", "z-midnight", "m-flight", "a-ceremony"}; !slices.Equal(got, want) {
		t.Errorf("timed ceremony: %v, want %v", got, want)
	}
	// Two events at the same time: order, then id.
	files["content/events/a-ceremony.md"] = event("2022-01-01T00:00+09:00", "order: 2\n")
	files["content/events/b-note.md"] = event("2022-01-01T00:00+09:00", "order: 1\n")
	d, err = Load(site("timezone: Asia/Tokyo\n", files))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(d.Events), []string{"c-eve", "z-midnight", "m-flight", "b-note", "a-ceremony"}; !slices.Equal(got, want) {
		t.Errorf("same time: %v, want %v", got, want)
	}
}

// TestTimeZones checks that a time without a zone takes the site's zone,
// with its summer time, and is an error at its position without one.
func TestTimeZones(t *testing.T) {
	files := map[string]string{
		"content/events/winter.md": event("2022-01-05T23:40", ""),
		"content/events/summer.md": event("2022-07-05T23:40/2022-07-06T01:00Z", ""),
	}
	d, err := Load(site("timezone: Europe/Paris\n", files))
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Event("winter").Date.String(); got != "2022-01-05T23:40+01:00" {
		t.Errorf("winter: %s", got)
	}
	// 01:00 UTC is 03:00 in Paris in summer.
	if got := d.Event("summer").Date.String(); got != "2022-07-05T23:40+02:00/2022-07-06T03:00+02:00" {
		t.Errorf("summer: %s", got)
	}

	_, err = Load(site("", files))
	want := []string{
		`content/events/summer.md:3:7: date 2022-07-05T23:40 has a time but no time zone: add Z for UTC or the zone's offset from UTC, as in 2022-07-05T23:40+01:00; or set timezone: in site.yaml, such as timezone: Europe/Paris, to read times in that zone`,
		`content/events/winter.md:3:7: date 2022-01-05T23:40 has a time but no time zone: add Z for UTC or the zone's offset from UTC, as in 2022-01-05T23:40+01:00; or set timezone: in site.yaml, such as timezone: Europe/Paris, to read times in that zone`,
	}
	if err == nil || err.Error() != strings.Join(want, "\n") {
		t.Errorf("got:\n%v\nwant:\n%s", err, strings.Join(want, "\n"))
	}

	// A range that ends before it starts once both ends are in the zone.
	_, err = Load(site("timezone: Europe/Paris\n", map[string]string{"content/events/x.md": event("2022-07-05T23:40/2022-07-05T21:00Z", "")}))
	if want := `content/events/x.md:3:7: bad range "2022-07-05T23:40+02:00/2022-07-05T23:00+02:00": the end must come after the start`; err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestTimezoneKey(t *testing.T) {
	for zone, want := range map[string]string{
		"Mars/Olympus": `content/site.yaml:8:11: unknown time zone "Mars/Olympus": write a name from the IANA time zone database, such as Europe/Paris, America/New_York, Asia/Tokyo or UTC`,
		"Local":        `content/site.yaml:8:11: unknown time zone "Local": write a name from the IANA time zone database, such as Europe/Paris, America/New_York, Asia/Tokyo or UTC`,
		`"+06:00"`:     `content/site.yaml:8:11: unknown time zone "+06:00": write the name of a zone, such as Asia/Tokyo, not an offset, so that summer time is followed`,
		"[UTC]":        `content/site.yaml:8:11: unknown time zone "": write a name from the IANA time zone database, such as Europe/Paris, America/New_York, Asia/Tokyo or UTC`,
	} {
		_, err := Load(site("timezone: "+zone+"\n", nil))
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", zone, err, want)
		}
	}
	d, err := Load(site("timezone: UTC\n", nil))
	if err != nil || d.Config.Timezone.Name != "UTC" {
		t.Errorf("UTC: %v, %+v", err, d.Config.Timezone)
	}
}
