package markdown

// Limits that keep the work of a conversion bounded whatever the input.
// goldmark's time grows faster than linearly with the depth of nested
// lists and quotations (3,000 levels took minutes and a gigabyte), and a
// file can hold any number of mistakes; no real page comes near either
// limit.
const (
	// MaxDepth is how deeply lists and quotations may nest.
	MaxDepth = 100
	// MaxProblems is how many problems one body reports; the rest are
	// summed up in one last problem.
	MaxProblems = 1000
)

// tooDeep returns the offset of the first container marker of src nested
// deeper than MaxDepth, or -1. It does not parse: it counts, at the start
// of each line, quotation markers (>), list markers (-, *, + or a number
// and . or ), then a space) and indentation (two columns a level, which
// is what a nested list needs at least), so it may count an indented code
// block as nested too; a line indented by 200 columns is no real text.
func tooDeep(src []byte) int {
	for i := 0; i < len(src); {
		depth, col := 0, 0
		j := i
	prefix:
		for j < len(src) {
			switch c := src[j]; {
			case c == ' ':
				col++
			case c == '\t':
				col += 4 - col%4
			case c == '>':
				depth++
			case (c == '-' || c == '*' || c == '+') && j+1 < len(src) && (src[j+1] == ' ' || src[j+1] == '\t'):
				depth++
				if depth+col/2 > MaxDepth {
					return j
				}
				j++ // the space after the marker is part of it
			case '0' <= c && c <= '9':
				k := j
				for k < len(src) && k-j < 9 && '0' <= src[k] && src[k] <= '9' {
					k++
				}
				if k+1 < len(src) && (src[k] == '.' || src[k] == ')') && (src[k+1] == ' ' || src[k+1] == '\t') {
					depth++
					if depth+col/2 > MaxDepth {
						return j
					}
					j = k + 1
					break
				}
				break prefix
			default:
				break prefix
			}
			if depth+col/2 > MaxDepth {
				return j
			}
			j++
		}
		for j < len(src) && src[j] != '\n' {
			j++
		}
		i = j + 1
	}
	return -1
}
