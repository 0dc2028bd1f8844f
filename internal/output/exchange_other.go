//go:build !linux

package output

func exchange(a, b string) error { return exchangeByRenames(a, b) }
