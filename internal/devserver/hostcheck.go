package devserver

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// CSP is the Content-Security-Policy of every response of the preview:
// scripts, styles, fonts and connections come from the preview itself (the
// reload script is a file, and it styles its overlay through the DOM, which
// a policy does not forbid), images too or from data: URLs; nothing may
// frame the preview, and it embeds no plugin.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Guard protects a preview handler from the web pages that its user visits.
//
// A page on any site can make the browser send requests to 127.0.0.1, and,
// by DNS rebinding (its own name made to resolve to 127.0.0.1), read the
// answers: the only trace is the Host header, which names the page's site.
// So Guard answers 403 to a request whose Host is not one of:
//
//   - localhost (and any name under .localhost), 127.0.0.1 and [::1];
//   - the host the preview listens on (bind);
//   - the hosts in allowed (for -public: the names other machines use);
//   - with public, any IP address, which no rebinding can produce: a phone
//     on the network opens http://192.168.1.5:1313/.
//
// Every response says X-Content-Type-Options: nosniff and carries CSP, so
// that a file of the site is never run as something else.
func Guard(h http.Handler, bind string, allowed []string, public bool) http.Handler {
	ok := map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}
	if bind != "" {
		ok[strings.ToLower(strings.Trim(bind, "[]"))] = true
	}
	for _, a := range allowed {
		ok[strings.ToLower(strings.Trim(a, "[]"))] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Content-Security-Policy", CSP)
		host := hostname(r.Host)
		if !(ok[host] || strings.HasSuffix(host, ".localhost") || public && net.ParseIP(host) != nil) {
			hd.Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "dossier serve: this preview does not answer to the host %q; if you meant to open it under that name, run dossier serve -public -allow-host %s\n", r.Host, host)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// hostname returns the host of a Host header, without the port and the
// brackets of an IPv6 address, in lower case.
func hostname(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(strings.Trim(h, "[]"), "."))
}
