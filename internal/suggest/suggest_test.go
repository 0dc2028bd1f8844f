package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"title", "date", "sources"}
	for word, want := range map[string]string{"titel": "title", "source": "sources", "dat": "date", "zzzzzz": "", "": ""} {
		if got := Closest(word, keys, 2); got != want {
			t.Errorf("Closest(%q) = %q, want %q", word, got, want)
		}
	}
	if got := Closest("kazakstan", []string{"kazakhstan", "almaty"}, 5); got != "kazakhstan" {
		t.Errorf("got %q", got)
	}
}
