package diag

import "testing"

func TestGitHub(t *testing.T) {
	for _, tc := range []struct {
		d          Diagnostic
		level, dir string
		want       string
	}{
		{Diagnostic{"content/events/x.md", 4, 10, `unknown entity "kazakstan"; did you mean "kazakhstan"?`}, "error", ".",
			`::error file=content/events/x.md,line=4,col=10::unknown entity "kazakstan"; did you mean "kazakhstan"?`},
		{Diagnostic{"content/site.yaml", 0, 0, "50% done\nnext"}, "warning", "examples/nw",
			`::warning file=examples/nw/content/site.yaml::50%25 done%0Anext`},
		{Diagnostic{"content/a,b:c.md", 1, 0, "m"}, "error", "",
			`::error file=content/a%2Cb%3Ac.md,line=1::m`},
	} {
		if got := tc.d.GitHub(tc.level, tc.dir); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
