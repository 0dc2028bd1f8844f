package content

import (
	"fmt"

	"github.com/dossier-dev/dossier/internal/yamlstrict"
	"go.yaml.in/yaml/v3"
)

// Pos is a position in a content file.
type Pos = yamlstrict.Pos

// ValidID reports whether s may be used as an id or slug: lower-case
// letters and digits, starting with a letter, in words joined by single
// hyphens (^[a-z][a-z0-9]*(-[a-z0-9]+)*$, without a regular expression:
// a load checks the name of every file).
func ValidID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-' && i+1 < len(s):
		default:
			return false
		}
	}
	return true
}

// A Ref is a reference, by id, to a source, entity or event, with the
// position where it was written.
type Ref struct {
	ID string
	Pos
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (r *Ref) UnmarshalNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || !ValidID(n.Value) {
		return fmt.Errorf("bad id %q: ids are lower-case letters, digits and hyphens, starting with a letter", n.Value)
	}
	r.ID = n.Value
	return nil
}

// A Word is a value from a vocabulary (an entity kind, a topic, a way of
// joining or leaving), with the position where it was written.
type Word struct {
	Value string
	Pos
}

// UnmarshalNode implements yamlstrict.Unmarshaler.
func (w *Word) UnmarshalNode(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		return fmt.Errorf("expected text, found %s", n.ShortTag())
	}
	w.Value = n.Value
	return nil
}

func (w Word) String() string { return w.Value }

// File is what every Markdown file has: where it lives and its body.
type File struct {
	Path     string // e.g. content/events/protests-begin.md
	ID       string // the file name without extensions
	Lang     string // the language of this file
	Body     []byte // the Markdown after the front matter
	BodyLine int    // the file line on which Body starts
	Hash     string // hash of the whole file, for translation tracking
	Status   Status // in a localized dossier: whether this file is translated
	// Draft is the draft key of any Markdown file but home.md: a draft is
	// left out of the published site (see Options.Drafts).
	Draft bool `key:"draft"`
	// Updated is when the file's content last changed, for a site that is
	// not built from a git repository (whose history says it otherwise);
	// a day, YYYY-MM-DD.
	Updated DayDate `key:"updated"`

	front uint64 // hash of the front matter as read (frontSum), for WithBody
}

// Config is content/site.yaml.
type Config struct {
	Title       string `key:"title,required"`
	Description string `key:"description,required"`
	BaseURL     string `key:"base_url,required"`
	// Languages are the BCP 47 tags of the site's languages, the first
	// being the language the content is written in; LangTags are the
	// same as written in site.yaml, with their positions.
	Languages  []string `key:"-"`
	LangTags   []Word   `key:"languages,required"`
	Period     Period   `key:"period,required"`
	Vocabulary `key:",inline"`
	// Menu orders and renames the sections in the main menu; empty means
	// every section that has content, in the default order.
	Menu []MenuItem `key:"menu"`
	// Strings replace interface strings of the theme's catalogue with the
	// dossier's own wording, by key; StringsPos says where each key is.
	Strings    map[string]string `key:"strings"`
	StringsPos yamlstrict.KeyPos `pos:"strings"`
	// Timezone is the zone in which pages show times of day; unset, each
	// time is shown in the zone it is written in.
	Timezone Zone `key:"timezone"`
	// License is the licence under which the dossier may be reused; with
	// CiteAs, the text to cite it by, it is printed in the footer of every
	// page and included in the open data (data/).
	License *License `key:"license"`
	CiteAs  string   `key:"cite_as"`
	// Editors are the people or body answerable for the dossier, and
	// Corrections where readers report an error: an email address or an
	// http(s) URL. Both are shown in the footer and on the about page.
	Editors     []Editor `key:"editors"`
	Corrections Word     `key:"corrections"`
	// CardFont is a TrueType or OpenType font, by its path in the site's
	// directory, for the characters of social cards that the built-in
	// font lacks (see package card).
	CardFont Word `key:"card_font"`
	Pos
}

// An Editor is one of the dossier's editors: a person or a body, and
// optionally a page about them.
type Editor struct {
	Name string `key:"name,required"`
	URL  string `key:"url"`
	Pos
}

// A License names a licence and, optionally, where to read it.
type License struct {
	Name string `key:"name,required"`
	URL  string `key:"url"`
	Pos
}

// A MenuItem is one entry of the main menu: a section and, optionally, the
// text that names it.
type MenuItem struct {
	Section string `key:"section,required"`
	Label   string `key:"label"`
	Pos
}

// Period is the span of the episode itself.
type Period struct {
	Start Date `key:"start,required"`
	End   Date `key:"end,required"`
	Pos
}

// Home is content/home.md.
type Home struct {
	File    `key:"-"`
	Title   string   `key:"title,required"`
	Figures []Figure `key:"figures"`

	generated bool // no home.md: made from site.yaml
}

// Generated reports whether the home page was made from site.yaml, there
// being no home.md.
func (h *Home) Generated() bool { return h.generated }

// A Figure is a key figure on the home page.
type Figure struct {
	Value   string `key:"value,required"`
	Label   string `key:"label,required"`
	Sources []Ref  `key:"sources,required"`
	// Disputed names the discrepancy where sources differ on this figure.
	Disputed *Ref `key:"disputed"`
	Pos
}

// A Source is the summary of one source text.
type Source struct {
	File      `key:",inline"`
	Title     string    `key:"title,required"`
	Publisher string    `key:"publisher,required"`
	Language  string    `key:"-"` // BCP 47 tag, from LangTag
	LangTag   Word      `key:"language,required"`
	Published Published `key:"published,required"`
	URL       string    `key:"url"`
	Original  Word      `key:"original"` // optional: without it, quotes are unverified
	Mentions  []Ref     `key:"mentions"`
	Short     string    `key:"short"`

	// OriginalText is the text of the original, read from Original.
	OriginalText string `key:"-"`
}

// Published is when a source was published, and how well that is known.
type Published struct {
	Date      Date   `key:"date,required"`
	Precision string `key:"precision,required"` // day, month or approximate
	Inferred  string `key:"inferred"`
	Pos
}

// An Event is one thing that happened, as reported by its sources.
type Event struct {
	File     `key:",inline"`
	Title    string   `key:"title,required"`
	Date     Span     `key:"date,required"`
	Inferred string   `key:"inferred"`
	Places   []Ref    `key:"places"`
	Actors   []Ref    `key:"actors"`
	Tags     []string `key:"tags"`
	Sources  []Ref    `key:"sources,required"`
	Quotes   []Quote  `key:"quotes"`
	// Order moves the event among the events of its day; 0 by default.
	Order int `key:"order"`
}

// A Quote is verbatim text from a source.
type Quote struct {
	Source Ref    `key:"source,required"`
	Text   string `key:"text,required"`
	By     *Ref   `key:"by"`
	Pos
}

// An Entity is a person, organisation, country, place or anything else the
// sources name, of a kind the site's vocabulary allows.
type Entity struct {
	File    `key:",inline"`
	Name    string   `key:"name,required"`
	Kind    Word     `key:"kind,required" vocab:"entity_kinds"`
	Aliases []string `key:"aliases"`
	// Short is a short name for tight places, such as the title of the
	// membership chart: "UN" for "United Nations".
	Short string `key:"short"`
}

// A Discrepancy is a point on which sources differ.
type Discrepancy struct {
	File   `key:",inline"`
	Title  string  `key:"title,required"`
	Topic  Word    `key:"topic,required" vocab:"topics"`
	Events []Ref   `key:"events"`
	Claims []Claim `key:"claims,required"`
}

// A Claim is what one source says on a disputed point.
type Claim struct {
	Source Ref    `key:"source,required"`
	Claim  string `key:"claim,required"`
	Quote  string `key:"quote"`
	Pos
}

// A Page is a free page, such as About.
type Page struct {
	File   `key:",inline"`
	Title  string `key:"title,required"`
	Weight int    `key:"weight"`
}

// Membership is content/membership.yaml: the members of one organisation
// over time.
type Membership struct {
	Organization Ref             `key:"organization,required"`
	Members      []MemberHistory `key:"members,required"`
}

// MemberHistory lists one member's membership periods.
type MemberHistory struct {
	Member  Ref                `key:"member,required"`
	Periods []MembershipPeriod `key:"periods,required"`
	Pos
}

// A MembershipPeriod runs from Joined to Left (zero while still a member).
type MembershipPeriod struct {
	Joined  Date   `key:"joined,required"`
	How     Word   `key:"how,required" vocab:"joining"`
	Left    Date   `key:"left"`
	Why     Word   `key:"why" vocab:"leaving"`
	Sources []Ref  `key:"sources,required"`
	Note    string `key:"note"`
	Pos
}
