#include "common/number_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <cstring>
#include <random>

namespace pulmorad {
namespace {

TEST(FormatDouble, RoundTripsRandomDoubles) {
    std::mt19937_64 generator(42);
    std::uniform_int_distribution<std::uint64_t> bits;
    for (int i = 0; i < 100000; ++i) {
        double value = 0.0;
        const std::uint64_t raw = bits(generator);
        std::memcpy(&value, &raw, sizeof value);
        if (!std::isfinite(value)) {
            continue;
        }
        double parsed = 0.0;
        ASSERT_TRUE(parseDouble(formatDouble(value), parsed)) << formatDouble(value);
        EXPECT_EQ(parsed, value) << formatDouble(value);
    }
}

TEST(FormatDouble, WritesShortestForm) {
    EXPECT_EQ(formatDouble(0.1), "0.1");
    EXPECT_EQ(formatDouble(25.0), "25");
    EXPECT_EQ(formatDouble(-1.5e-300), "-1.5e-300");
}

TEST(FormatDouble, WritesSpecialValues) {
    EXPECT_EQ(formatDouble(std::numeric_limits<double>::quiet_NaN()), "nan");
    EXPECT_EQ(formatDouble(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(formatDouble(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(ParseDouble, RejectsTrailingText) {
    double value = 0.0;
    EXPECT_FALSE(parseDouble("12,5", value));
    EXPECT_FALSE(parseDouble("", value));
    EXPECT_FALSE(parseDouble("1.0x", value));
    EXPECT_TRUE(parseDouble("+2.5", value));
    EXPECT_EQ(value, 2.5);
}

}  // namespace
}  // namespace pulmorad
