package content

import (
	"fmt"
	"strconv"
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
)

// A Date is a calendar date known to the year, the month or the day.
// The zero Date is unset.
type Date struct {
	Year, Month, Day int
	Precision        Precision
}

// ParseDate parses YYYY, YYYY-MM or YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	bad := fmt.Errorf("bad date %q: write YYYY, YYYY-MM or YYYY-MM-DD, for example 2022-01-05", s)
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return Date{}, bad
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Date{}, bad
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2], Precision: Precision(len(parts))}
	if d.Precision >= Month && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("bad date %q: there is no month %d", s, d.Month)
	}
	if d.Precision == Day {
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if t.Day() != d.Day {
			return Date{}, fmt.Errorf("bad date %q: %s has no day %d", s, time.Month(d.Month), d.Day)
		}
	}
	return d, nil
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

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Precision == 0 }

// String formats d as ISO 8601 to its precision: 1993, 1992-05, 2022-01-05.
// This is also the value of an HTML <time datetime> attribute.
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Compare orders dates by their first possible day: 1993 sorts before
// 1993-01-01, which sorts before 1993-01-02.
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
	return 0
}

// First returns the first day d may mean; Last the last.
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
type Span struct {
	Start, End Date // End is zero for a single date
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (s *Span) UnmarshalNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("expected a date such as 2022-01-05 or a range such as 2022-01-04/2022-01-05")
	}
	a, b, isRange := strings.Cut(n.Value, "/")
	start, err := ParseDate(a)
	if err != nil {
		return err
	}
	s.Start = start
	if isRange {
		end, err := ParseDate(b)
		if err != nil {
			return err
		}
		if end.Compare(start) <= 0 {
			return fmt.Errorf("bad range %q: the end must come after the start", n.Value)
		}
		s.End = end
	}
	return nil
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
