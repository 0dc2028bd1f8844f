// Package dossier holds the built-in theme: the templates, interface
// catalogues and static files (CSS, icon) that every site gets unless it
// has its own file of the same name. They live at the top of the
// repository, in templates/ and static/, where editors of the shipped
// dossier have always found them; this file embeds them in the binary.
package dossier

import (
	"embed"
	"io/fs"
)

//go:embed templates templates/_*.html static
var theme embed.FS

// Theme returns the built-in theme as a file system whose root holds
// templates/ (with templates/i18n/) and static/.
func Theme() fs.FS { return theme }
