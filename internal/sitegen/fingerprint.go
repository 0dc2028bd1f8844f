package sitegen

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"reflect"
)

// fingerprint hashes values by what they hold, following pointers,
// interfaces, slices and maps (whose order does not count), exported
// fields or not: two values with the same fingerprint lay out the same
// page. It reports false for values it cannot hash, which are never
// reused: functions, channels, and structures deeper than maxDepth (a
// cycle).
func fingerprint(seed maphash.Seed, vs ...any) (uint64, bool) {
	f := fingerprinter{seed: seed, ok: true}
	f.h.SetSeed(seed)
	for _, v := range vs {
		f.value(reflect.ValueOf(v), 0)
	}
	return f.h.Sum64(), f.ok
}

const maxDepth = 64

type fingerprinter struct {
	seed maphash.Seed
	h    maphash.Hash
	ok   bool
	buf  [8]byte
}

func (f *fingerprinter) uint(x uint64) {
	binary.LittleEndian.PutUint64(f.buf[:], x)
	f.h.Write(f.buf[:])
}

func writeLen(h *maphash.Hash, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

func (f *fingerprinter) value(v reflect.Value, depth int) {
	if depth > maxDepth {
		f.ok = false
		return
	}
	switch v.Kind() {
	case reflect.Invalid:
		f.h.WriteByte(0)
	case reflect.Bool:
		if v.Bool() {
			f.h.WriteByte(1)
		} else {
			f.h.WriteByte(2)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		f.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		f.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		f.uint(math.Float64bits(real(c)))
		f.uint(math.Float64bits(imag(c)))
	case reflect.String:
		s := v.String()
		f.uint(uint64(len(s)))
		f.h.WriteString(s)
	case reflect.Pointer:
		if v.IsNil() {
			f.h.WriteByte(0)
			return
		}
		f.h.WriteByte(1)
		f.value(v.Elem(), depth+1)
	case reflect.Interface:
		if v.IsNil() {
			f.h.WriteByte(0)
			return
		}
		e := v.Elem()
		f.h.WriteString(e.Type().String())
		f.value(e, depth+1)
	case reflect.Struct:
		for i := range v.NumField() {
			f.value(v.Field(i), depth+1)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.h.WriteByte(0)
			return
		}
		n := v.Len()
		f.uint(uint64(n))
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			f.h.Write(v.Bytes())
			return
		}
		for i := range n {
			f.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		if v.IsNil() {
			f.h.WriteByte(0)
			return
		}
		// The sum of the entries' own hashes: the same whatever the
		// order of iteration.
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			e := fingerprinter{seed: f.seed, ok: true}
			e.h.SetSeed(f.seed)
			e.value(it.Key(), depth+1)
			e.value(it.Value(), depth+1)
			sum += e.h.Sum64()
			f.ok = f.ok && e.ok
		}
		f.uint(uint64(v.Len()))
		f.uint(sum)
	default: // functions, channels, unsafe pointers
		if (v.Kind() == reflect.Func || v.Kind() == reflect.Chan) && v.IsNil() {
			f.h.WriteByte(0)
			return
		}
		f.ok = false
	}
}
