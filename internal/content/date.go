package content

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Precision says how much of a Date is known.
type Precision int

const (
	Year Precision = iota + 1
	Month
	Day
	Minute // a day and a time of day, to the minute
)

// A Date is a calendar date known to the year, the month or the day, or an
// instant known to the minute. The zero Date is unset.
type Date struct {
	Year, Month, Day int
	Precision        Precision
	// Hour and Min are the time of day when Precision is Minute, in the
	// zone whose offset from UTC is Offset seconds.
	Hour, Min int
	Offset    int
	// Floating marks a time written without a zone (2022-01-05T23:40);
	// Load places it in the site's zone, or reports it.
	Floating bool
}

const dateForms = "write YYYY, YYYY-MM or YYYY-MM-DD, for example 2022-01-05"

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD, exactly: four-digit years
// from 0001, two-digit months and days, no signs, no spaces. February 29
// is a day only in leap years.
func ParseDate(s string) (Date, error) {
	return parseDate(s, s, dateForms)
}

// parseDate parses the date part s of the value v, for messages that name
// the whole value.
func parseDate(s, v, forms string) (Date, error) {
	bad := fmt.Errorf("bad date %q: %s", v, forms)
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return Date{}, bad
		}
		v, ok := digits(p)
		if !ok {
			return Date{}, bad
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2], Precision: Precision(len(parts))}
	if d.Year == 0 {
		return Date{}, fmt.Errorf("bad date %q: there is no year 0; the first year is 0001", v)
	}
	if d.Precision >= Month && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("bad date %q: there is no month %d", v, d.Month)
	}
	if d.Precision == Day {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		switch {
		case d.Month == 2 && d.Day == 29 && t.Day() != d.Day:
			return Date{}, fmt.Errorf("bad date %q: %04d is not a leap year, so February has 28 days", v, d.Year)
		case t.Day() != d.Day:
			return Date{}, fmt.Errorf("bad date %q: %s has no day %d", v, time.Month(d.Month), d.Day)
		}
	}
	return d, nil
}

// digits parses a non-empty string of ASCII digits, and nothing else: no
// sign, no space, no underscore.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

const instantForms = "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm with the zone's offset from UTC, for example 2022-01-05 or 2022-01-05T23:40+06:00"

// ParseInstant parses what an event's date may be: a date as ParseDate
// does, or a day and a time of day, YYYY-MM-DDThh:mm, followed by the zone:
// Z for UTC or an offset such as +06:00 or -05:00. Without the zone, the
// Date is Floating.
func ParseInstant(s string) (Date, error) {
	day, clock, timed := strings.Cut(s, "T")
	if !timed {
		return parseDate(s, s, instantForms)
	}
	d, err := parseDate(day, s, instantForms)
	if err != nil {
		return Date{}, err
	}
	if d.Precision != Day {
		return Date{}, fmt.Errorf("bad date %q: a time needs a whole date before it, as in 2022-01-05T23:40+06:00", s)
	}
	hm, zone := clock, ""
	if i := strings.IndexAny(clock, "Z+-"); i >= 0 {
		hm, zone = clock[:i], clock[i:]
	}
	h, m, ok := strings.Cut(hm, ":")
	hour, ok1 := digits(h)
	minute, ok2 := digits(m)
	if !ok || len(h) != 2 || len(m) != 2 || !ok1 || !ok2 {
		return Date{}, fmt.Errorf("bad time in %q: write the time as hh:mm, from 00:00 to 23:59, as in 2022-01-05T23:40+06:00", s)
	}
	if hour > 23 || minute > 59 {
		return Date{}, fmt.Errorf("bad time in %q: there is no %s; times run from 00:00 to 23:59", s, hm)
	}
	d.Precision, d.Hour, d.Min = Minute, hour, minute
	switch {
	case zone == "":
		d.Floating = true
	case zone == "Z":
	default:
		oh, om, ok := strings.Cut(zone[1:], ":")
		hh, ok1 := digits(oh)
		mm, ok2 := digits(om)
		if !ok || len(oh) != 2 || len(om) != 2 || !ok1 || !ok2 || hh > 14 || mm > 59 {
			return Date{}, fmt.Errorf("bad time zone in %q: write Z for UTC or the offset from UTC as +hh:mm or -hh:mm, such as +06:00", s)
		}
		d.Offset = hh*3600 + mm*60
		if zone[0] == '-' {
			d.Offset = -d.Offset
		}
	}
	return d, nil
}

// HasTime reports whether d has a time of day.
func (d Date) HasTime() bool { return d.Precision == Minute }

// Time returns the instant of a date with a time of day. For a date
// without one, it returns its first day, at midnight UTC, like First.
func (d Date) Time() time.Time {
	if !d.HasTime() {
		return d.First()
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, d.Hour, d.Min, 0, 0, time.FixedZone("", d.Offset))
}

// In returns d with its time of day written in loc: the same instant, the
// day and time a clock in loc shows. A Floating time is taken to be the
// time of day in loc. A date without a time, or a nil loc, leaves d as it
// is.
func (d Date) In(loc *time.Location) Date {
	if !d.HasTime() || loc == nil {
		return d
	}
	var t time.Time
	if d.Floating {
		t = time.Date(d.Year, time.Month(d.Month), d.Day, d.Hour, d.Min, 0, 0, loc)
	} else {
		t = d.Time().In(loc)
	}
	_, off := t.Zone()
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), Precision: Minute, Hour: t.Hour(), Min: t.Minute(), Offset: off}
}

// DateOnly returns d without its time of day: the calendar day it was
// written on.
func (d Date) DateOnly() Date {
	return Date{Year: d.Year, Month: d.Month, Day: d.Day, Precision: min(d.Precision, Day)}
}

// Zone writes the offset of a time's zone from UTC as people read it:
// "UTC", "UTC+6", "UTC-3:30".
func (d Date) Zone() string {
	off := d.Offset
	if off == 0 {
		return "UTC"
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	if m := off % 3600 / 60; m != 0 {
		return fmt.Sprintf("UTC%s%d:%02d", sign, off/3600, m)
	}
	return fmt.Sprintf("UTC%s%d", sign, off/3600)
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (d *Date) UnmarshalNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("expected a date such as 2022-01-05")
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// A DayDate is a date to the day, YYYY-MM-DD, without a time.
type DayDate struct{ Date }

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (d *DayDate) UnmarshalNode(n *yaml.Node) error {
	if err := d.Date.UnmarshalNode(n); err != nil {
		return err
	}
	if d.Precision != Day {
		return fmt.Errorf("%q is not a day; write the day as YYYY-MM-DD, such as 2022-01-05", n.Value)
	}
	return nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Precision == 0 }

// String formats d as ISO 8601 to its precision: 1993, 1992-05, 2022-01-05,
// 2022-01-05T23:40+06:00. This is also the value of an HTML <time datetime>
// attribute.
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case Minute:
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d", d.Year, d.Month, d.Day, d.Hour, d.Min)
		switch {
		case d.Floating:
		case d.Offset == 0:
			s += "Z"
		default:
			s += d.Time().Format("-07:00")
		}
		return s
	}
	return ""
}

// Compare orders dates by their first possible day: 1993 sorts before
// 1993-01-01, which sorts before 1993-01-02. On one day, the date without a
// time comes first, then times by their instant.
func (d Date) Compare(e Date) int {
	a := [4]int{d.Year, d.Month, d.Day, int(d.Precision)}
	b := [4]int{e.Year, e.Month, e.Day, int(e.Precision)}
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	if d.HasTime() {
		return d.Time().Compare(e.Time())
	}
	return 0
}

// First returns the first day d may mean; Last the last. A time's day is
// the day it is written on.
func (d Date) First() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

func (d Date) Last() time.Time {
	switch d.Precision {
	case Year:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// A Span is a date or a range of dates, such as 2022-01-04/2022-01-05.
// Either end may have a time of day: 2022-01-05T23:40+06:00.
type Span struct {
	Start, End Date // End is zero for a single date
	Pos             // where the span is written
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (s *Span) UnmarshalNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("expected a date such as 2022-01-05 or a range such as 2022-01-04/2022-01-05")
	}
	a, b, isRange := strings.Cut(n.Value, "/")
	start, err := ParseInstant(a)
	if err != nil {
		return err
	}
	s.Start = start
	if isRange {
		end, err := ParseInstant(b)
		if err != nil {
			return err
		}
		s.End = end
		if err := s.check(); err != nil {
			return fmt.Errorf("bad range %q: %v", n.Value, err)
		}
	}
	return nil
}

// check reports a range whose end does not come after its start. Two
// times are compared as instants; a day without a time comes before the
// times of that day.
func (s Span) check() error {
	a, b := s.Start, s.End
	var after bool
	if a.HasTime() && b.HasTime() {
		if a.Floating != b.Floating {
			return nil // checked again once Load has placed the time in a zone
		}
		after = b.Time().After(a.Time())
	} else {
		after = b.Compare(a) > 0
	}
	if !after {
		return errors.New("the end must come after the start")
	}
	return nil
}

// In returns s with its times written in loc (see Date.In).
func (s Span) In(loc *time.Location) Span {
	s.Start, s.End = s.Start.In(loc), s.End.In(loc)
	return s
}

// IsRange reports whether s has an end date.
func (s Span) IsRange() bool { return !s.End.IsZero() }

// Last returns the last day the span may cover.
func (s Span) Last() time.Time {
	if s.IsRange() {
		return s.End.Last()
	}
	return s.Start.Last()
}

func (s Span) String() string {
	if s.IsRange() {
		return s.Start.String() + "/" + s.End.String()
	}
	return s.Start.String()
}

// A Zone is a time zone of the IANA database, such as Europe/Paris, read
// from site.yaml. The zero Zone is unset.
type Zone struct {
	Name string
	Loc  *time.Location
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (z *Zone) UnmarshalNode(n *yaml.Node) error {
	bad := fmt.Errorf("unknown time zone %q: write a name from the IANA time zone database, such as Europe/Paris, America/New_York, Asia/Tokyo or UTC", n.Value)
	// "Local" is whatever zone the building machine is set to, and ""
	// is UTC: neither is what an editor means.
	if n.Kind != yaml.ScalarNode || n.Value == "" || n.Value == "Local" {
		return bad
	}
	if strings.ContainsAny(n.Value, "+:") || strings.HasPrefix(n.Value, "-") {
		return fmt.Errorf("unknown time zone %q: write the name of a zone, such as Asia/Tokyo, not an offset, so that summer time is followed", n.Value)
	}
	loc, err := time.LoadLocation(n.Value)
	if err != nil {
		return bad
	}
	*z = Zone{Name: n.Value, Loc: loc}
	return nil
}
