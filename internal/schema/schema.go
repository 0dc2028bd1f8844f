// Package schema writes JSON Schemas for the files of a dossier, so that an
// editor's YAML extension completes every key and flags mistakes as the
// editor types, before any build.
//
// The schemas are generated from the Go types that the strict decoder
// (package yamlstrict) fills, read through the same `key` tags, so the two
// cannot drift apart: a key the decoder knows is in the schema, a key it
// rejects is rejected by the schema (additionalProperties is false), and
// required keys are required. A field tagged `vocab:"topics"` takes the
// values of that vocabulary of the site (content.Vocabulary) as an enum.
// Types that decode themselves (ids, dates, vocabulary words) are
// described here by pattern.
package schema

import (
	"encoding/json"
	"path"
	"reflect"
	"strings"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/yamlstrict"
)

// Draft is the JSON Schema dialect written.
const Draft = "https://json-schema.org/draft/2020-12/schema"

// Patterns of the values that decode themselves.
const (
	idPattern   = `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`
	datePattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`
	spanPattern = `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(/[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$`
)

// A File is one schema and the files it describes, as glob patterns
// relative to the site root.
type File struct {
	Name  string   // e.g. event.schema.json
	Globs []string // e.g. content/events/*.md
	Title string
	Type  reflect.Type
}

// files lists the schemas of a dossier.
var files = []File{
	{"site.schema.json", []string{"content/site.yaml"}, "content/site.yaml: the dossier as a whole", reflect.TypeFor[content.Config]()},
	{"membership.schema.json", []string{"content/membership.yaml"}, "content/membership.yaml: the members of one organisation over time", reflect.TypeFor[content.Membership]()},
	{"home.schema.json", []string{"content/home.md"}, "front matter of content/home.md", reflect.TypeFor[content.Home]()},
	{"source.schema.json", []string{"content/sources/*.md"}, "front matter of a source summary", reflect.TypeFor[content.Source]()},
	{"event.schema.json", []string{"content/events/*.md"}, "front matter of an event", reflect.TypeFor[content.Event]()},
	{"entity.schema.json", []string{"content/entities/*.md"}, "front matter of an entity", reflect.TypeFor[content.Entity]()},
	{"discrepancy.schema.json", []string{"content/discrepancies/*.md"}, "front matter of a discrepancy", reflect.TypeFor[content.Discrepancy]()},
	{"page.schema.json", []string{"content/pages/*.md"}, "front matter of a free page", reflect.TypeFor[content.Page]()},
}

// Files returns the schema files of a dossier.
func Files() []File { return append([]File(nil), files...) }

// Generate returns the schema of f for a site with vocabulary v (the
// built-in vocabularies when v is nil), as indented JSON.
func Generate(f File, v *content.Vocabulary) ([]byte, error) {
	if v == nil {
		v = &content.Vocabulary{}
	}
	g := gen{vocab: v}
	s := g.of(f.Type, "")
	s["$schema"] = Draft
	s["$id"] = "https://dossier.invalid/schema/" + f.Name
	s["title"] = f.Title
	return json.MarshalIndent(s, "", "  ")
}

type gen struct{ vocab *content.Vocabulary }

var (
	refType   = reflect.TypeFor[content.Ref]()
	wordType  = reflect.TypeFor[content.Word]()
	dateType  = reflect.TypeFor[content.Date]()
	dayType   = reflect.TypeFor[content.DayDate]()
	spanType  = reflect.TypeFor[content.Span]()
	posType   = reflect.TypeFor[yamlstrict.Pos]()
	textTypes = []string{"string", "number"} // yamlstrict reads a number as text
)

// of describes a value of type t; vocab names the vocabulary of a Word.
func (g gen) of(t reflect.Type, vocab string) map[string]any {
	switch t {
	case refType:
		return map[string]any{"type": "string", "pattern": idPattern, "description": "an id: lower-case letters, digits and hyphens, starting with a letter"}
	case wordType:
		if vocab == "" {
			return map[string]any{"type": "string"}
		}
		return map[string]any{"type": "string", "enum": g.terms(vocab)}
	case dateType:
		return map[string]any{"type": []string{"string", "integer"}, "pattern": datePattern, "description": "YYYY, YYYY-MM or YYYY-MM-DD"}
	case dayType:
		return map[string]any{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, "description": "a day: YYYY-MM-DD"}
	case spanType:
		return map[string]any{"type": []string{"string", "integer"}, "pattern": spanPattern, "description": "a date (YYYY, YYYY-MM or YYYY-MM-DD) or a range such as 2022-01-04/2022-01-05"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return g.of(t.Elem(), vocab)
	case reflect.String:
		return map[string]any{"type": textTypes}
	case reflect.Int:
		return map[string]any{"type": "integer"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.of(t.Elem(), vocab)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.of(t.Elem(), vocab)}
	case reflect.Struct:
		return g.object(t)
	}
	return map[string]any{}
}

// object describes a struct decoded by yamlstrict: its keys, which are
// required, and no other.
func (g gen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	g.fields(t, props, &required)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func (g gen) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("key")
		if !ok || tag == "-" || f.Type == posType {
			continue
		}
		name, opt, _ := strings.Cut(tag, ",")
		if opt == "inline" {
			g.fields(f.Type, props, required)
			continue
		}
		props[name] = g.of(f.Type, f.Tag.Get("vocab"))
		if opt == "required" {
			*required = append(*required, name)
		}
	}
}

// terms lists the allowed values of a vocabulary.
func (g gen) terms(vocab string) []string {
	switch vocab {
	case "entity_kinds":
		return g.vocab.Kinds()
	case "topics":
		return g.vocab.TopicIDs()
	case "joining":
		return g.vocab.JoinWays()
	case "leaving":
		return g.vocab.LeaveWays()
	}
	return nil
}

// Dir is where a site keeps its schemas, relative to its root.
const Dir = "schemas"

// WriteAll generates every schema for a site with vocabulary v, keyed by
// slash-separated path relative to the site root (schemas/event.schema.json),
// with the settings that associate them in VS Code's YAML extension
// (.vscode/settings.json).
func WriteAll(v *content.Vocabulary) (map[string][]byte, error) {
	out := map[string][]byte{}
	assoc := map[string][]string{}
	for _, f := range files {
		b, err := Generate(f, v)
		if err != nil {
			return nil, err
		}
		out[path.Join(Dir, f.Name)] = append(b, '\n')
		assoc["./"+path.Join(Dir, f.Name)] = f.Globs
	}
	settings, err := json.MarshalIndent(map[string]any{"yaml.schemas": assoc}, "", "  ")
	if err != nil {
		return nil, err
	}
	out[".vscode/settings.json"] = append(settings, '\n')
	return out, nil
}
