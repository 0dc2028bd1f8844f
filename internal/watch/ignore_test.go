package watch

import "testing"

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		// Editors' and tools' files.
		"4913":                     false, // vim's probe is a Probe: a file of that name only
		"2024":                     false,
		".x.md.swp":                true, // vim's swap file
		".x.md.swx":                true,
		"%home%me%x.md.swp":        true, // vim's swap file in 'directory'
		"x.md.swo":                 true,
		"x.md~":                    true, // backups
		".#x.md":                   true, // emacs' lock
		"#x.md#":                   true, // emacs' auto-save
		"x.md___jb_tmp___":         true, // JetBrains
		"x.md___jb_old___":         true,
		"sedAb12Z9":                true, // GNU sed -i
		".DS_Store":                true,
		".x.md.tmp123":             true,
		".git":                     true,
		"x.md":                     false,
		"site.yaml":                false,
		"site.css":                 false,
		"sed.md":                   false,
		"sediment.md":              false,
		"sedimentary":              false, // sed + 8 letters
		"seduce":                   false, // sed + 3 letters
		"2022.md":                  false,
		"000_a3e25cdaae424bf3.txt": false,
		"logo.swf":                 false,
		"#hash":                    false,
		"a~b":                      false,
		"_base.html":               false,
		"":                         false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestProbe(t *testing.T) {
	for name, want := range map[string]bool{
		"4913":    true, // vim's probe
		"5036":    true, // its next try, when 4913 exists
		"2024":    true, // as a file; a directory is never taken for it
		"2024.md": false,
		"x4913":   false,
		"":        false,
	} {
		if got := Probe(name); got != want {
			t.Errorf("Probe(%q) = %v, want %v", name, got, want)
		}
	}
}
