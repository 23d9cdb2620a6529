#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace pulmorad::segmentation {

struct RgbImage;

/// Width and height of one glyph of the built-in 5 x 7 font, before scaling.
inline constexpr int kGlyphWidth = 5;
inline constexpr int kGlyphHeight = 7;

/// Draws `text` with its top-left corner at (x, y), each font pixel a
/// `scale` x `scale` square, one blank column between glyphs. The font has
/// digits, capital letters, 'm', 'l' and  . : - ( ) = / , %; other
/// lower-case letters are drawn as capitals and other characters as blanks.
/// Pixels outside the image are skipped.
void drawText(RgbImage& image, int x, int y, std::string_view text, int scale,
              const std::array<std::uint8_t, 3>& colour);

/// Width in pixels of `text` drawn at `scale`.
int textWidth(std::string_view text, int scale);

}  // namespace pulmorad::segmentation
