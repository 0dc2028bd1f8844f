// Package search builds the search index of a site: per language, a set of
// small JavaScript files that static/js/search.js loads as readers type.
//
// Why our own index, not a library: the requirements are diacritic folding
// that still ranks the reader's own marks first ("biểu tình" above
// "biểu tinh"), entity aliases that lead to the entity and to the events
// involving it, an index split into shards so that a dossier of 10,000
// events does not make readers download it whole, pages read from file://
// (where fetch() of local files is refused, so the index must load as
// <script> files) and a strict Content-Security-Policy (no eval). MiniSearch
// and FlexSearch fold marks away and cannot rank exact marks first without
// a second index, load one serialized index (no shards), and would need
// their JavaScript to build the index, or their format re-implemented in
// Go; Pagefind shards, but indexes built HTML with its own binary or Node
// package, which users would have to install, and loads WebAssembly
// (needing 'wasm-unsafe-eval') through fetch(), which file:// refuses. The
// index and script here are small (the script is one file, no build step),
// and the build stays one Go binary.
//
// # Format
//
// The files of a language live in <language root>/search/data/:
//
//	meta.js      dossierSearch.meta({kinds, docs, chunk, shard, shards})
//	s/<key>.js   dossierSearch.shard(key, {term: postings, ...})
//	d/<n>.js     dossierSearch.docs(n, [[title, href, when, text, lang], ...])
//
// kinds are the labels of result kinds, [singular, plural]; docs gives the
// kind of every document, one base-36 digit each, so that results can be
// counted by kind before any document is loaded; chunk is how many
// documents each d/<n>.js holds; shard is how many letters key a shard;
// shards lists the shard keys that exist.
//
// A term is a word as Fold folds it (lower case, no marks). Its shard key
// is its first letter in an index of fewer than SmallIndex documents, its
// first two letters otherwise (one for a one-letter term), written in the
// file name as they are for a–z and 0–9 and as _hex_ otherwise. A
// term's postings are either one list, when every occurrence is written as
// the term itself, or an object mapping each way the word is written (in
// lower case, with its marks) to a list; so a query typed with marks can
// rank the documents that have exactly those marks first. A list is
// [doc, score, doc, score, ...], doc ids ascending and written as the
// difference from the previous one. A term that starts with Whole ("=") is
// a whole name, its words run together; it is in the shard of its first
// word. The score sums, over the fields where
// the word occurs, the field's weight times 1+ln(occurrences).
package search
