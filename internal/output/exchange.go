package output

import "os"

// exchangeByRenames swaps a and b with three renames, for systems without
// an atomic exchange. Between the second and third, b is briefly missing.
func exchangeByRenames(a, b string) error {
	side := a + ".swap"
	if err := os.Rename(b, side); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(side, b)
		return err
	}
	return os.Rename(side, a)
}
