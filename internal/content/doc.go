// Package content reads and validates the files of a dossier. Its
// documentation is the specification of the content format: an editor who
// reads this comment knows every file, every key and every rule the build
// enforces.
//
// # Layout
//
// A dossier is a directory with these entries, all below content/:
//
//	content/site.yaml              the site: title, description, base URL, languages, period,
//	                               vocabularies, menu, own wording of interface strings
//	content/home.md                optional: the home page's introduction and key figures
//	content/membership.yaml        optional: the members of one organisation over time
//	content/sources/<id>.md        one summary per source text
//	content/events/<slug>.md       one file per event
//	content/entities/<slug>.md     people, organisations, countries, places, military units
//	content/discrepancies/<slug>.md one file per point on which sources differ
//	content/pages/<slug>.md        free pages (About, Method)
//	content/originals/<file>       the original source texts, for verification; never published
//
// Only site.yaml is required: a dossier without membership.yaml has no
// membership page, one without discrepancies no page listing them, and
// without home.md the home page shows site.yaml's title and description.
// The menu lists the sections that exist.
//
// Ids and slugs are the file name without its extension. They use lower-case
// ASCII letters, digits and hyphens, and start with a letter: "river-compact",
// "maria-silva". They become URLs (/events/<slug>/), so choose them
// once and keep them.
//
// A translation lives beside its original as name.<lang>.md, the tag as
// site.yaml writes it, for example events/protests-begin.vi.md or
// events/protests-begin.pt-BR.md beside events/protests-begin.md. Its front
// matter may set any key of the original (a missing key falls back to the
// original) plus translation_of, the hash of the original that it translates.
//
// # Markdown files
//
// Every .md file starts with YAML front matter between two lines of three
// hyphens, followed by a Markdown body:
//
//	---
//	title: Protests begin over the fuel price rise
//	date: 2022-01-02
//	---
//	The body, in Markdown.
//
// Decoding is strict: an unknown key, a value of the wrong type and a missing
// required key are all errors, reported with file, line and column. Bodies are
// CommonMark with GitHub tables, footnotes, typographic quotes and heading
// ids; every heading from ## down gets a copy-link anchor, and a page of
// four sections or more lists them ("On this page"). Two additions:
//
//   - Citations use Pandoc syntax: [@source-id], or several at once,
//     [@a; @b]. Each renders as the source's number, which opens a popover
//     with its short label, title and a link to its page, and the page
//     gets a reference list. Citing an unknown source is an error.
//   - Cross-links use wiki syntax: [[maria-silva]] links to that
//     entity and shows its name; [[maria-silva|Silva]] shows the
//     given text. A link may name an event, source, discrepancy or page as
//     well, written [[events/slug]], [[sources/id]], [[discrepancies/slug]]
//     or [[pages/slug]]. A cross-link to an
//     entity counts as a mention of it on the entity's page.
//
// # site.yaml
//
//	title: The River Compact, March 2024        # required
//	description: One sentence for search engines and link previews.  # required
//	base_url: https://example.github.io/dossier/ # required; -base-url overrides it
//	languages: [en, pt-BR] # required: BCP 47 tags; the first is the default, at the
//	                      # site root, the others under their tag in lower case (pt-br/)
//	period:               # required: the episode itself; earlier events are background
//	  start: 2022-01-02
//	  end: 2022-01-11
//	timezone: Europe/Paris # optional: the zone in which pages show times of day
//	entity_kinds:         # optional: replaces the built-in list
//	  - id: person        # a built-in term needs no label
//	  - id: military-unit # a term of the site's own needs label and, for a kind, plural
//	    label: Military unit
//	    plural: Military units
//	topics: []            # optional: the topics of discrepancies, as above
//	joining: []           # optional: ways a membership period begins
//	leaving: []           # optional: ways it ends
//	menu:                 # optional: order and names of the sections in the main menu
//	  - section: timeline # timeline, membership, sources, entities or discrepancies
//	    label: Day by day # optional
//	strings:              # optional: the site's own wording of interface strings
//	  home.entry.sources: The five source texts, summarised.
//	license:              # optional: the licence under which the dossier may be reused
//	  name: CC BY 4.0     # required in license:
//	  url: https://creativecommons.org/licenses/by/4.0/ # optional; http or https
//	cite_as: "Editors, The dossier (2022), https://example.github.io/dossier/" # optional
//	editors:              # optional: who is answerable for the dossier
//	  - name: Maria Silva # required in each
//	    url: https://example.org/maria-silva/ # optional; http or https
//	corrections: corrections@example.org # optional: an email address or an http(s) URL
//	card_font: fonts/NotoSansHebrew-Regular.ttf # optional: a .ttf or .otf file, from the
//	                      # directory that holds content/, for what the cards' fonts lack
//
// The built-in vocabularies are: entity kinds person, organization, country,
// territory, place, document, event-series; topics figures, names, dates,
// places, responsibility, characterisation, other; joining founding member,
// joined, acceded, rejoined, observer; leaving left, withdrew, expelled,
// suspended, did not renew, dissolved. A value outside the site's list is an
// error. The keys of strings: are those of the theme's catalogue
// (templates/i18n/<lang>.yaml); a replacement may use only the placeholders
// {0}, {1}… of the string it replaces. A translation of site.yaml
// (site.<lang>.yaml) may set title, description, cite_as, the label and
// plural of each term and the label of each menu item (by id), and
// strings:; a string of site.yaml not translated there shows the theme's
// wording, with a warning.
//
// The timezone is a name from the IANA time zone database (Europe/Paris,
// America/New_York, UTC), not an offset, so that summer time is followed;
// the database is built into dossier, so the name means the same on every
// machine. Pages show each time converted to it, with its offset from UTC:
// "5 January 2022, 23:40 (UTC+6)". Without a timezone, each time is shown,
// and falls on the day, as written.
//
// # Open data
//
// The data files are linked from the footer of every page, from the
// timeline and from the about page. license: and cite_as: are printed in
// the footer of every page (cite_as
// as site.<lang>.yaml translates it, if it does), and included in the open data that
// dossier build writes under data/: events.json and events.csv,
// sources.json, entities.json, membership.json (with membership.yaml), each
// JSON file with its JSON Schema (draft 2020-12) beside it as
// <name>.schema.json, and timeline.json in TimelineJS3's JSON format. The
// data is the content as written, in the first language; the titles and
// names of current translations are added by language ("titles", "names").
// Dates carry their precision (year, month, day or minute); every event its
// sources, places, actors, tags, quotes and page URL; text fields are plain
// text without citation markers. See package opendata.
//
// # Social cards, dates of last change, editors
//
// Every page has a social card, the picture that link previews show
// (og:image, and twitter:card summary_large_image): a 1200×630 PNG in its
// directory (og.png) with the dossier's title, the page's title, its kind
// (Event, Source, an entity's kind) and its date or period. The cards are
// drawn in Noto Sans, which covers Latin (with Vietnamese), Greek and
// Cyrillic, and Noto Sans Arabic (Arabic, Persian, Urdu); a title in
// another script needs card_font:, a font whose characters fill in what
// these lack (and come before Noto Sans Arabic's), and each character no
// font has is a warning naming the file. Text in any script but Latin,
// Greek and Cyrillic is shaped (joined letters, marks, both directions),
// and the card of a language written right to left is mirrored. The
// cards take their colours from the site's stylesheet (its own
// static/css/site.css, or the theme's): --bg, --fg, --muted and --accent
// of its first :root rule, as #rrggbb; a colour of text whose contrast on
// --bg is under 4.5:1 (WCAG AA) is an error at its line in the stylesheet.
// dossier build keeps the cards it draws in dossier/ of the user's cache
// directory, by a hash of what they show, and draws only new ones;
// -no-cache draws all and keeps none.
//
// Every page shows when its content last changed, and says so in its
// JSON-LD (dateModified): the last commit of its file (or of its
// translation, if later) in the git repository that holds the site, read
// with one git log when the build starts; a page that gathers many files
// (the timeline, a list) takes the latest of them. Without git history
// for a file (no repository, a file not committed yet), the file's
// updated: key gives the day, in any Markdown file but home.md:
//
//	updated: 2024-03-05   # optional: YYYY-MM-DD; git history, when there is one, comes first
//
// A shallow clone's history is cut where it begins: only the files
// changed since have a date from git, and the others fall back to their
// updated: keys (check out with fetch-depth: 0 to have them all). A page
// never shows the time of the build, so that builds stay byte-identical.
//
// editors: and corrections: are shown in the footer of every page, and
// on the free page pages/about.md, below its text, with links to the
// open data.
//
// # home.md
//
//	title: The River Compact, March 2024      # required
//	figures:                                   # optional; shown as key figures
//	  - value: "about 2,500"
//	    label: states that signed the compact
//	    sources: [compact-announcement]  # required, at least one
//
// The body introduces the dossier.
//
// # sources/<id>.md
//
//	title: The four states announce the River Compact  # required
//	publisher: unknown            # required: the outlet, or "unknown"
//	language: vi                  # required: language of the original, a BCP 47 tag (vi, pt-BR, zh-Hant)
//	published:                    # required
//	  date: 2022-01-07            # YYYY, YYYY-MM or YYYY-MM-DD
//	  precision: approximate      # day, month or approximate
//	  inferred: The text reports the events of 6 January as past.  # optional:
//	                              # the evidence, when the date is inferred
//	url: https://…                # optional
//	original: originals/000_a3e25cdaae424bf3.txt  # optional, relative to content/
//	mentions: [river-compact, upper-state]  # optional: entities the source mentions
//	short: Compact announcement  # optional: a short label for badges and citation popovers
//
// Sources are numbered from 1 in the order of their publication dates,
// then of their ids, and a source keeps its number on every page and in
// every language: in citations, badges, reference lists, the claims of
// discrepancies and the list of sources. Its label, beside the number on
// badges and in citation popovers, is short:, or failing that its
// publisher, or its language and date. Adding a source renumbers the
// sources published after it.
//
// The body is a faithful summary of the source. The original text stays in
// the repository for verification and is never copied into the site. A
// source without original: (a page that cannot be copied) may be quoted, but
// its quotes are shown as unverified and the build warns of them; an
// original: that names a missing or empty file is an error.
//
// # events/<slug>.md
//
//	title: Four states sign the River Compact  # required
//	date: 2022-01-05                           # required: YYYY, YYYY-MM, YYYY-MM-DD,
//	                                           # YYYY-MM-DDThh:mm with its zone, such as
//	                                           # 2022-01-05T23:40+06:00 or 2022-01-05T17:40Z,
//	                                           # or a range such as 2022-01-04/2022-01-05
//	order: 1                                   # optional: moves the event within its day
//	inferred: The source dates it "the evening of 5 January".  # optional:
//	                                           # the evidence, when the date is inferred
//	places: [lisbon]                           # optional: entity ids
//	actors: [maria-silva, river-compact]       # optional: entity ids
//	tags: [request]                            # optional: free words; each has a page, /timeline/tags/<word>/
//	sources: [compact-announcement]            # required: every source that reports it
//	quotes:                                    # optional
//	  - source: compact-announcement           # the source quoted
//	    text: "verbatim words from the original"  # checked against the original
//	    by: maria-silva                        # optional: the entity speaking
//
// Dates are written exactly so: four-digit years from 0001, two-digit
// months and days, February 29 only in leap years, no signs or spaces. A
// time of day is hh:mm, 00:00 to 23:59, followed by its zone: Z for UTC or
// the offset from UTC, +hh:mm or -hh:mm. A time without a zone
// (2022-01-05T23:40) is read in the site's timezone, and is an error if
// site.yaml sets none. Either end of a range may have a time; the end must
// come after the start.
//
// The timeline orders events by day (of the site's timezone, for times);
// within a day by order (0 unless set; lower first), then events without a
// time before those with one, then by time, then by file name. So a day's
// general events open it and its timed events follow in time order; give
// an event without a time order: 1 to put it after the timed ones (a
// ceremony that celebrates a midnight event), or two events at the same
// minute an order each.
//
// Events dated before the period's start form the background section of the
// timeline. A timeline of more than 300 events (or 512 KB of summaries) is
// split into pages: one per year, or per month in a year of more than 300,
// and the background apart. Its filters then find the events of every part
// through timeline/filters.js, an index of each event's part and filter
// keys. An event dated to a month or a year only has a cell of its own in
// the timeline's day strip. An event reported by one source only is marked
// as such on every page that shows it. Each quote must appear in its
// source's original text; the check ignores differences of white space and
// of quotation-mark style.
// The first paragraph of the body is the summary shown on the timeline.
//
// # entities/<slug>.md
//
//	name: Maria Silva                           # required
//	kind: person        # required: one of the site's entity kinds
//	aliases: [M. Silva, Maria da Silva]         # optional: other spellings and languages
//	short: Silva        # optional: a short name for tight places
//
// The body, optional, describes the entity with citations.
//
// # discrepancies/<slug>.md
//
//	title: When the compact was signed          # required
//	topic: dates                               # required: one of the site's topics
//	events: [compact-signed]                   # optional: the events concerned
//	claims:                                    # required, at least two
//	  - source: compact-announcement
//	    claim: It was signed on 5 March 2024.  # required: what the source says
//	    quote: "signed the River Compact on 5 March 2024"  # optional: verbatim, checked
//
// The body explains the difference without taking sides.
//
// # pages/<slug>.md
//
//	title: Method     # required
//	weight: 2         # optional: order in the footer menu
//
// A page's slug may not be that of a section, of search/ (the search
// page), of events/ or css/, of a language of the site, or of a directory
// of static/: one page would overwrite the other.
//
// # membership.yaml
//
//	organization: river-compact        # required: the entity whose members these are
//	members:
//	  - member: upper-state            # required: any entity
//	    periods:                       # required, at least one; may not overlap
//	      - joined: 2024-03-05         # required: YYYY or YYYY-MM-DD
//	        how: founding member       # required: one of the site's joining
//	        left: 2025                 # optional: empty while still a member
//	        why: left                  # required with left: one of the site's leaving
//	        sources: [compact-announcement] # required: at least one source
//	        note: Free text.           # optional
//
// # Drafts
//
// Any Markdown file but home.md may set draft: true. dossier build leaves a
// draft out as if it did not exist, without checking it (its front matter
// must still be YAML): it has no page and appears in no list, feed or
// sitemap, and a published file that refers to it, in its front matter or
// by a citation or cross-link, is an error that names the draft. dossier
// serve builds drafts, marks each one's page "Draft — not published", and
// checks them as any file, except that what a new file still lacks is a
// warning, not an error: an event with no sources, a source whose original
// text is not there yet. So a new file never turns the preview into an
// error page. A published file referring to a draft is a warning there.
// dossier new writes every new file as a draft; delete its draft line to
// publish it.
//
// # Validation
//
// Loading collects every problem before it stops and reports each as
// path:line:col: message. Among them: unknown keys, wrong types and missing
// keys; bad ids and dates; duplicate ids; an unknown source, entity or event
// id; a citation of a missing source; a quote not found in its original;
// overlapping membership periods.
//
// # Limits
//
// Files are text: regular files (a named pipe or device is an error, never
// opened) in UTF-8, with LF or CRLF line ends and at most one byte-order
// mark. UTF-16, NUL bytes, invalid UTF-8 and lone carriage returns are
// errors at their place. So that no input makes a build run out of time or
// memory, a Markdown file is at most 2 MB (a body is converted, indexed
// and laid out several times over, so it costs many times its size), an
// original at most 10 MB (only searched for quotes), a YAML file or front
// matter at most 1 MB; lists and mappings in YAML, and lists and
// quotations in Markdown, nest at most 100 levels deep; YAML aliases
// (*name) are not accepted, since every value is written out in full; a
// body reports at most 1,000 problems at a time.
package content
