package card

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// encodePNG's PNG decodes, by image/png, to the very colours of the image
// it encoded: a drawn card, and a paletted image of another size, drawn in
// part of a larger one, with random pixels and colours some of which are
// translucent.
func TestEncodePNG(t *testing.T) {
	r := newRenderer(t)
	card := image.NewPaletted(image.Rect(0, 0, Width, Height), r.palette)
	r.draw(card, Card{Site: "A dossier", Title: "A title long enough to wrap onto a second line", Kind: "Event", Date: "5 March 2024"})

	rnd := rand.New(rand.NewPCG(1, 2))
	var pal color.Palette
	for i := range 200 {
		a := uint8(0xff)
		if i%7 == 3 {
			a = uint8(rnd.IntN(256))
		}
		pal = append(pal, color.NRGBA{uint8(rnd.IntN(256)), uint8(rnd.IntN(256)), uint8(rnd.IntN(256)), a})
	}
	big := image.NewPaletted(image.Rect(0, 0, 90, 70), pal)
	for i := range big.Pix {
		big.Pix[i] = uint8(rnd.IntN(len(pal)))
	}
	part := big.SubImage(image.Rect(13, 5, 77, 61)).(*image.Paletted)

	for name, img := range map[string]*image.Paletted{"card": card, "random": part} {
		var b bytes.Buffer
		if err := encodePNG(&b, img); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Bounds().Dx() != img.Rect.Dx() || got.Bounds().Dy() != img.Rect.Dy() {
			t.Fatalf("%s: size %v, want %v", name, got.Bounds().Size(), img.Rect.Size())
		}
		bad := 0
		for y := range img.Rect.Dy() {
			for x := range img.Rect.Dx() {
				want := color.NRGBAModel.Convert(img.At(img.Rect.Min.X+x, img.Rect.Min.Y+y))
				if c := color.NRGBAModel.Convert(got.At(x, y)); c != want {
					if bad++; bad <= 3 {
						t.Errorf("%s: pixel (%d, %d) = %v, want %v", name, x, y, c, want)
					}
				}
			}
		}
	}
}
