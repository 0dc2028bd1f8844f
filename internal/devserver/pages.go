package devserver

import (
	"html/template"
	"net/http"
)

// The server's own pages: a 404, and the page served before the site has
// ever built. They work without JavaScript; with it, they reload when a
// build makes the page exist or the site build.
var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · dossier serve</title>
</head>
<body>
{{end}}
{{define "foot"}}{{.Script}}
</body>
</html>
{{end}}
{{define "notfound"}}{{template "head" .}}<h1>Not found</h1>
<p>The site has no page at <code>{{.Path}}</code>. This page reloads by itself if a change creates it.</p>
<p><a href="{{.Home}}">Home</a></p>
{{template "foot" .}}{{end}}
{{define "broken"}}{{template "head" .}}<h1>The site does not build</h1>
<p>Build {{.Failed}} found these problems:</p>
<pre>{{range .Problems}}{{.}}
{{end}}</pre>
<p>Fix them and save: this page reloads when the site builds.</p>
{{template "foot" .}}{{end}}
`))

type pageData struct {
	Title, Path, Home string
	Failed            int
	Problems          []string
	Script            template.HTML
}

func (s *Server) page(w http.ResponseWriter, status int, name string, d pageData) {
	st := s.State()
	d.Home = s.Base()
	d.Failed, d.Problems = st.Failed, st.Problems
	d.Script = scriptTag(st.Build)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_ = pages.ExecuteTemplate(w, name, d)
}

// notFound is the server's page for an address that is not the site's:
// outside its base path, or missing from a site without a 404.html.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.page(w, http.StatusNotFound, "notfound", pageData{Title: "Not found", Path: r.URL.Path})
}

// errorPage is what every page is before the site has built once.
func (s *Server) errorPage(w http.ResponseWriter) {
	s.page(w, http.StatusInternalServerError, "broken", pageData{Title: "The site does not build"})
}
