package i18n

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The keys of a catalogue that say how its language writes dates. Every
// catalogue must define them; see the package documentation.
const (
	keyMonths      = "date.months"
	keyMonthsAlone = "date.months.standalone"
	keyAmPm        = "date.am-pm"
	keyDigits      = "date.digits"
	keyRange       = "date.pattern.range"
)

// listKeys are the keys whose value is a list, with its length.
var listKeys = map[string]int{keyMonths: 12, keyMonthsAlone: 12, keyAmPm: 2}

// patternKeys are the date patterns, each with the fields it must show:
// d day, M month (as a number or a name), y year, H hour, m minute; a
// trailing 2 marks the end of a range. A pattern may use only these
// fields, except that a time may add the am/pm marker a.
var patternKeys = map[string][]string{
	"date.pattern.day":               {"d", "M", "y"},
	"date.pattern.month":             {"M", "y"},
	"date.pattern.year":              {"y"},
	"date.pattern.time":              {"H", "m"},
	"date.pattern.range.same-month":  {"d", "d2", "M", "y"},
	"date.pattern.range.same-year":   {"d", "d2", "M", "M2", "y"},
	"date.pattern.range.other-years": {"d", "d2", "M", "M2", "y", "y2"},
	"date.pattern.range.months":      {"M", "M2", "y"},
	"date.pattern.range.years":       {"y", "y2"},
}

// dateKeys lists every key the date functions read, sorted.
var dateKeys = func() []string {
	ks := []string{keyDigits, keyRange}
	for k := range listKeys {
		ks = append(ks, k)
	}
	for k := range patternKeys {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}()

// A moment is what a pattern writes: a date, a time or the two ends of a
// range (the end fields read end).
type moment struct {
	year, month, day, hour, minute int
	end                            *moment
}

// A field is one {name} of a pattern.
type field struct {
	shows string // d, M, y, H, m or a, as in patternKeys
	write func(f *dateFormat, m moment) string
}

// fields are the fields of the start of a range or of a single date or
// time; the same names with a trailing 2 read the end of a range.
// The letters follow CLDR's date symbols, so a pattern can be copied from
// CLDR: MMMM is the month's name as written with a day (Russian "апреля"),
// LLLL its name standing alone ("апрель").
var fields = map[string]field{
	"d":    {"d", func(f *dateFormat, m moment) string { return f.num(m.day, 1) }},
	"dd":   {"d", func(f *dateFormat, m moment) string { return f.num(m.day, 2) }},
	"M":    {"M", func(f *dateFormat, m moment) string { return f.num(m.month, 1) }},
	"MM":   {"M", func(f *dateFormat, m moment) string { return f.num(m.month, 2) }},
	"MMMM": {"M", func(f *dateFormat, m moment) string { return f.months[m.month-1] }},
	"LLLL": {"M", func(f *dateFormat, m moment) string { return f.monthsAlone[m.month-1] }},
	"y":    {"y", func(f *dateFormat, m moment) string { return f.num(m.year, 1) }},
	"H":    {"H", func(f *dateFormat, m moment) string { return f.num(m.hour, 1) }},
	"HH":   {"H", func(f *dateFormat, m moment) string { return f.num(m.hour, 2) }},
	"h":    {"H", func(f *dateFormat, m moment) string { return f.num((m.hour+11)%12+1, 1) }},
	"mm":   {"m", func(f *dateFormat, m moment) string { return f.num(m.minute, 2) }},
	"a":    {"a", func(f *dateFormat, m moment) string { return f.ampm[m.hour/12] }},
}

// A segment of a parsed pattern is literal text or a field.
type segment struct {
	text  string
	field *field
	end   bool
}

type pattern []segment

// dateFormat is a catalogue's date keys, checked and parsed.
type dateFormat struct {
	months, monthsAlone, ampm []string
	digits                    []string
	patterns                  map[string]pattern
	fallback                  string
}

// parsePattern splits a pattern into literal text and {fields}, and checks
// that it shows what key needs. {0} and {1} are left as text.
func parsePattern(key, s string) (pattern, error) {
	var p pattern
	shown := map[string]bool{}
	twelve := false // {h} is used
	for s != "" {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			p = append(p, segment{text: s})
			break
		}
		name := s[i+1 : i+j]
		if i > 0 {
			p = append(p, segment{text: s[:i]})
		}
		s = s[i+j+1:]
		end := false
		if base, ok := strings.CutSuffix(name, "2"); ok {
			name, end = base, true
		}
		f, ok := fields[name]
		if !ok {
			return nil, fmt.Errorf("unknown date field {%s}: use {d} or {dd} for the day, {M}, {MM}, {MMMM} or {LLLL} for the month, {y} for the year, {H}, {HH} or {h} and {mm} and {a} for a time; add 2 for the end of a range, as in {d2}", name)
		}
		shows := f.shows
		if end {
			shows += "2"
		}
		if !slices.Contains(patternKeys[key], shows) && !(key == "date.pattern.time" && shows == "a") {
			written := name
			if end {
				written += "2"
			}
			return nil, fmt.Errorf("{%s} has no place in %s, which writes only %s", written, key, describe(patternKeys[key]))
		}
		shown[shows] = true
		twelve = twelve || name == "h"
		p = append(p, segment{field: &f, end: end})
	}
	if twelve && !shown["a"] {
		return nil, fmt.Errorf("{h} counts hours from 1 to 12: add {a}, the mark before or after noon, or write {HH}")
	}
	var missing []string
	for _, need := range patternKeys[key] {
		if !shown[need] {
			missing = append(missing, need)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s must show %s; add the missing field", key, describe(missing))
	}
	return p, nil
}

// describe names the things a pattern shows, for messages.
func describe(shows []string) string {
	names := map[string]string{"d": "the day {d}", "M": "the month {M} or {MMMM}", "y": "the year {y}",
		"H": "the hour {HH}", "m": "the minutes {mm}"}
	var parts []string
	for _, s := range shows {
		base, end := strings.CutSuffix(s, "2")
		n := names[base]
		if end {
			n = strings.Replace(strings.Replace(n, "}", "2}", -1), "the ", "the end's ", 1)
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// num writes n with at least width digits, in the catalogue's digits.
func (f *dateFormat) num(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteString(f.digits[r-'0'])
	}
	return b.String()
}

func (f *dateFormat) write(key string, m moment) string {
	var b strings.Builder
	for _, s := range f.patterns[key] {
		switch {
		case s.field == nil:
			b.WriteString(s.text)
		case s.end:
			b.WriteString(s.field.write(f, *m.end))
		default:
			b.WriteString(s.field.write(f, m))
		}
	}
	return b.String()
}

// parseDates checks and parses the date keys of c; it returns one error
// per bad key, keyed by the key. Missing keys are reported by Load.
func parseDates(c *Catalog) (*dateFormat, map[string]error) {
	errs := map[string]error{}
	f := &dateFormat{
		months:      c.lists[keyMonths],
		monthsAlone: c.lists[keyMonthsAlone],
		ampm:        c.lists[keyAmPm],
		fallback:    c.msgs[keyRange],
		patterns:    map[string]pattern{},
	}
	digits := c.msgs[keyDigits]
	if n := utf8.RuneCountInString(digits); n != 10 {
		errs[keyDigits] = fmt.Errorf("%s must be the ten digits from zero to nine, as in \"0123456789\"; it has %d characters", keyDigits, n)
	}
	for _, r := range digits {
		f.digits = append(f.digits, string(r))
	}
	for k := range patternKeys {
		p, err := parsePattern(k, c.msgs[k])
		if err != nil {
			errs[k] = err
		}
		f.patterns[k] = p
	}
	if placeholders(f.fallback) != "{0}{1}" {
		errs[keyRange] = fmt.Errorf("%s joins two dates written in full and must hold {0} and {1} once each, as in \"{0} – {1}\"", keyRange)
	}
	return f, errs
}

// A Date is a day, or a month (Day zero) or a year (Month and Day zero).
type Date struct{ Year, Month, Day int }

func (d Date) moment() moment { return moment{year: d.Year, month: d.Month, day: d.Day} }

// Date writes a date known to the year (month and day zero), the month
// (day zero) or the day, with the catalogue's date.pattern.year,
// date.pattern.month or date.pattern.day: in English "1993",
// "January 2022", "6 January 2022".
func (c *Catalog) Date(year, month, day int) string {
	if c.dates == nil {
		return "[missing: date keys]"
	}
	return c.dates.write(dateKey(Date{year, month, day}), moment{year: year, month: month, day: day})
}

func dateKey(d Date) string {
	switch {
	case d.Day > 0:
		return "date.pattern.day"
	case d.Month > 0:
		return "date.pattern.month"
	}
	return "date.pattern.year"
}

// DateRange writes the span from one date to another, shortened as the
// language shortens it: "16–18 April 2003" (date.pattern.range.same-month),
// "16 April – 3 May 2003" (same-year), "16 April 2003 – 3 May 2004"
// (other-years), "April–May 2003" (months), "1992–2012" (years). Ends
// of different precision, and months of different years, are both written
// in full and joined by date.pattern.range.
func (c *Catalog) DateRange(from, to Date) string {
	if from == to {
		return c.Date(from.Year, from.Month, from.Day)
	}
	if c.dates == nil {
		return "[missing: date keys]"
	}
	end := to.moment()
	m := from.moment()
	m.end = &end
	key := ""
	switch fk, tk := dateKey(from), dateKey(to); {
	case fk != tk:
	case fk == "date.pattern.year":
		key = "date.pattern.range.years"
	case from.Year != to.Year && fk == "date.pattern.day":
		key = "date.pattern.range.other-years"
	case from.Year != to.Year:
	case fk == "date.pattern.month":
		key = "date.pattern.range.months"
	case from.Month == to.Month:
		key = "date.pattern.range.same-month"
	default:
		key = "date.pattern.range.same-year"
	}
	if key != "" {
		return c.dates.write(key, m)
	}
	s := strings.Replace(c.dates.fallback, "{0}", c.Date(from.Year, from.Month, from.Day), 1)
	return strings.Replace(s, "{1}", c.Date(to.Year, to.Month, to.Day), 1)
}

// Time writes a time of day (hour 0–23) with date.pattern.time:
// "15:05", in Arabic "٣:٠٥ م".
func (c *Catalog) Time(hour, minute int) string {
	if c.dates == nil {
		return "[missing: date keys]"
	}
	return c.dates.write("date.pattern.time", moment{hour: hour, minute: minute})
}
