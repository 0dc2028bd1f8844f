package i18n

import (
	"fmt"
	"time"
)

var englishMonths = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// FormatDate writes a date known to the year (month and day zero), the
// month (day zero) or the day, as lang writes it:
// "6 January 2022", "January 2022", "1993"; in Vietnamese
// "ngày 6 tháng 1 năm 2022", "tháng 1 năm 2022", "năm 1993".
func FormatDate(lang string, year, month, day int) string {
	switch lang {
	case "vi":
		switch {
		case day > 0:
			return fmt.Sprintf("ngày %d tháng %d năm %d", day, month, year)
		case month > 0:
			return fmt.Sprintf("tháng %d năm %d", month, year)
		}
		return fmt.Sprintf("năm %d", year)
	default:
		switch {
		case day > 0:
			return fmt.Sprintf("%d %s %d", day, englishMonths[month-1], year)
		case month > 0:
			return fmt.Sprintf("%s %d", englishMonths[month-1], year)
		}
		return fmt.Sprint(year)
	}
}

// FormatDay writes a day without its year when the year is implied by the
// context, for the day headings of the timeline: "6 January", "ngày 6 tháng 1".
func FormatDay(lang string, month, day int) string {
	if lang == "vi" {
		return fmt.Sprintf("ngày %d tháng %d", day, month)
	}
	return fmt.Sprintf("%d %s", day, englishMonths[month-1])
}

// Weekday names a weekday in lang.
func Weekday(lang string, t time.Time) string {
	if lang == "vi" {
		if t.Weekday() == time.Sunday {
			return "Chủ nhật"
		}
		return fmt.Sprintf("Thứ %s", [...]string{"", "hai", "ba", "tư", "năm", "sáu", "bảy"}[t.Weekday()])
	}
	return t.Weekday().String()
}
