package content

import (
	"slices"
	"strings"
)

// Vocabulary is the closed lists of words a dossier uses: the kinds of its
// entities, the topics of its discrepancies, and the ways a membership
// begins and ends. Each list in site.yaml replaces the built-in default
// (DefaultVocabulary); values outside a list are errors.
type Vocabulary struct {
	EntityKinds []Term `key:"entity_kinds"`
	Topics      []Term `key:"topics"`
	Joining     []Term `key:"joining"`
	Leaving     []Term `key:"leaving"`
	// Tags are free: an event may use any word. Listing one here gives it a
	// label to show, translatable like the other terms.
	Tags []Term `key:"tags"`
}

// A Term is one word of a vocabulary: the value written in content files,
// and how pages name it. The theme's catalogue names the built-in terms in
// every language it has; a site's own term needs a label (and, for an
// entity kind, a plural), translated in site.<lang>.yaml.
type Term struct {
	ID     string `key:"id,required"`
	Label  string `key:"label"`
	Plural string `key:"plural"`
	Pos
	// Translated is set, in a localized dossier, on a term whose label the
	// translation of site.yaml gives.
	Translated bool `key:"-"`
}

// DefaultVocabulary is the vocabulary of a site whose site.yaml sets none.
// It names no episode: these are words any dossier may need.
var defaultVocabulary = map[string][]string{
	"entity_kinds": {"person", "organization", "country", "territory", "place", "document", "event-series"},
	"topics":       {"figures", "names", "dates", "places", "responsibility", "characterisation", "other"},
	"joining":      {"founding member", "joined", "acceded", "rejoined", "observer"},
	"leaving":      {"left", "withdrew", "expelled", "suspended", "did not renew", "dissolved"},
}

// DefaultTerms returns the built-in terms of one vocabulary list, named by
// its key in site.yaml: entity_kinds, topics, joining or leaving.
func DefaultTerms(list string) []string { return slices.Clone(defaultVocabulary[list]) }

// IsDefaultTerm reports whether id is a built-in term of list, which the
// theme's catalogues name.
func IsDefaultTerm(list, id string) bool { return slices.Contains(defaultVocabulary[list], id) }

// terms returns the ids of a list: the site's, or the default.
func terms(list string, ts []Term) []string {
	if len(ts) == 0 {
		return DefaultTerms(list)
	}
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return ids
}

// Kinds returns the entity kinds in the order the site lists them.
func (v *Vocabulary) Kinds() []string { return terms("entity_kinds", v.EntityKinds) }

// TopicIDs returns the discrepancy topics in the order the site lists them.
func (v *Vocabulary) TopicIDs() []string { return terms("topics", v.Topics) }

// JoinWays returns the ways a membership period may begin.
func (v *Vocabulary) JoinWays() []string { return terms("joining", v.Joining) }

// LeaveWays returns the ways a membership period may end.
func (v *Vocabulary) LeaveWays() []string { return terms("leaving", v.Leaving) }

// Term returns the site's own term id of list, or nil when the site uses
// the default list or the term is built in.
func (v *Vocabulary) Term(list, id string) *Term {
	var ts []Term
	switch list {
	case "entity_kinds":
		ts = v.EntityKinds
	case "topics":
		ts = v.Topics
	case "joining":
		ts = v.Joining
	case "leaving":
		ts = v.Leaving
	case "tags":
		ts = v.Tags
	}
	for i := range ts {
		if ts[i].ID == id {
			return &ts[i]
		}
	}
	return nil
}

// lists names the vocabulary lists with their values, for validation.
func (v *Vocabulary) lists() []struct {
	key   string
	terms []Term
} {
	return []struct {
		key   string
		terms []Term
	}{{"entity_kinds", v.EntityKinds}, {"topics", v.Topics}, {"joining", v.Joining}, {"leaving", v.Leaving}, {"tags", v.Tags}}
}

// oneOf writes the allowed values for a message: "a, b or c".
func oneOf(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = `"` + id + `"`
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
