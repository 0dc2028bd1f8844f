package content

import "testing"

// TestLicense: license: and cite_as: are read from site.yaml; a licence
// without a name, or with a URL that is not http(s), is reported at its line.
func TestLicense(t *testing.T) {
	d, err := Load(site("license:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\ncite_as: T, 2022.\n", nil))
	if err != nil {
		t.Fatal(err)
	}
	if l := d.Config.License; l == nil || l.Name != "CC BY 4.0" || l.URL != "https://creativecommons.org/licenses/by/4.0/" || d.Config.CiteAs != "T, 2022." {
		t.Errorf("license %+v, cite_as %q", d.Config.License, d.Config.CiteAs)
	}
	if d, err := Load(site("", nil)); err != nil || d.Config.License != nil || d.Config.CiteAs != "" {
		t.Errorf("without the keys: %+v, %q, %v", d.Config.License, d.Config.CiteAs, err)
	}
	for extra, want := range map[string]string{
		"license:\n  name: X\n  url: javascript:alert(1)\n": `content/site.yaml:9:3: license: url "javascript:alert(1)" is not an http(s) URL such as https://creativecommons.org/licenses/by/4.0/`,
		"license:\n  url: https://example.org/\n":           "content/site.yaml:9:3:",
	} {
		_, err := Load(site(extra, nil))
		if err == nil || len(err.Error()) < len(want) || err.Error()[:len(want)] != want {
			t.Errorf("%q: got %v, want %s…", extra, err, want)
		}
	}
}
