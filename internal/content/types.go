package content

import (
	"fmt"
	"regexp"

	"github.com/dossier-dev/dossier/internal/yamlstrict"
	"go.yaml.in/yaml/v3"
)

// Pos is a position in a content file.
type Pos = yamlstrict.Pos

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ValidID reports whether s may be used as an id or slug.
func ValidID(s string) bool { return idPattern.MatchString(s) }

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

// File is what every Markdown file has: where it lives and its body.
type File struct {
	Path     string // e.g. content/events/protests-begin.md
	ID       string // the file name without extensions
	Lang     string // the language of this file
	Body     []byte // the Markdown after the front matter
	BodyLine int    // the file line on which Body starts
	Hash     string // hash of the whole file, for translation tracking
	Status   Status // in a localized dossier: whether this file is translated
}

// Config is content/site.yaml.
type Config struct {
	Title       string   `key:"title,required"`
	Description string   `key:"description,required"`
	BaseURL     string   `key:"base_url,required"`
	Languages   []string `key:"languages,required"`
	Period      Period   `key:"period,required"`
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
}

// A Figure is a key figure on the home page.
type Figure struct {
	Value   string `key:"value,required"`
	Label   string `key:"label,required"`
	Sources []Ref  `key:"sources,required"`
	Pos
}

// A Source is the summary of one source text.
type Source struct {
	File      `key:"-"`
	Title     string    `key:"title,required"`
	Publisher string    `key:"publisher,required"`
	Language  string    `key:"language,required"`
	Published Published `key:"published,required"`
	URL       string    `key:"url"`
	Original  string    `key:"original,required"`
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
	File     `key:"-"`
	Title    string   `key:"title,required"`
	Date     Span     `key:"date,required"`
	Inferred string   `key:"inferred"`
	Places   []Ref    `key:"places"`
	Actors   []Ref    `key:"actors"`
	Tags     []string `key:"tags"`
	Sources  []Ref    `key:"sources,required"`
	Quotes   []Quote  `key:"quotes"`
}

// A Quote is verbatim text from a source.
type Quote struct {
	Source Ref    `key:"source,required"`
	Text   string `key:"text,required"`
	By     *Ref   `key:"by"`
	Pos
}

// Entity kinds.
var EntityKinds = []string{"person", "organization", "country", "place", "military-unit"}

// An Entity is a person, organisation, country, place or military unit.
type Entity struct {
	File    `key:"-"`
	Name    string   `key:"name,required"`
	Kind    string   `key:"kind,required"`
	Aliases []string `key:"aliases"`
}

// Discrepancy topics.
var Topics = []string{"troop numbers", "unit names", "spellings", "state of emergency", "dates", "other"}

// A Discrepancy is a point on which sources differ.
type Discrepancy struct {
	File   `key:"-"`
	Title  string  `key:"title,required"`
	Topic  string  `key:"topic,required"`
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

// ReservedPages are the names of the site's own pages, which free pages
// cannot use.
var ReservedPages = []string{"timeline", "membership", "sources", "events", "entities", "discrepancies", "css", "vi", "en"}

// A Page is a free page, such as About.
type Page struct {
	File   `key:"-"`
	Title  string `key:"title,required"`
	Weight int    `key:"weight"`
}

// Membership is content/membership.yaml.
type Membership struct {
	Countries []CountryMembership `key:"countries,required"`
}

// CountryMembership lists one country's membership periods.
type CountryMembership struct {
	Country Ref      `key:"country,required"`
	Periods []Member `key:"periods,required"`
	Pos
}

// Ways to begin and end a membership period.
var (
	JoinWays  = []string{"founding member", "joined", "rejoined"}
	LeaveWays = []string{"left", "did not renew", "suspended"}
)

// A Member period runs from Joined to Left (zero while still a member).
type Member struct {
	Joined  Date   `key:"joined,required"`
	How     string `key:"how,required"`
	Left    Date   `key:"left"`
	Why     string `key:"why"`
	Sources []Ref  `key:"sources,required"`
	Note    string `key:"note"`
	Pos
}
