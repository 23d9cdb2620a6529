// SHA-1 against the FIPS 180-2 example digests (appendix A: "abc", the
// 448-bit message, one million 'a') and the digests Python 3's hashlib.sha1
// gives for the empty string and the 896-bit message. hashVoxels is checked
// against hashlib.sha1 over struct.pack('<d', ...) of each test's values.

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "image/image_io.h"
#include "radiomics/diagnostics.h"
#include "radiomics/sha1.h"
#include "support/test_support.h"

namespace pulmorad::radiomics {
namespace {

std::string sha1Hex(const std::string& bytes,
                    Sha1::Implementation implementation = Sha1::Implementation::fastest) {
    Sha1 hash(implementation);
    hash.update(bytes.data(), bytes.size());
    return hash.hexDigest();
}

TEST(Sha1, MatchesFipsExamples) {
    EXPECT_EQ(sha1Hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(sha1Hex(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, PortableMatchesFipsExamples) {
    const auto portable = Sha1::Implementation::portable;
    EXPECT_EQ(sha1Hex("abc", portable), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(sha1Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", portable),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(sha1Hex(std::string(1000000, 'a'), portable), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

// On a CPU without the x86 SHA extensions both sides run the portable code,
// and this test only repeats the others.
TEST(Sha1, ImplementationsAgreeOnRandomMessages) {
    std::mt19937 generator(11);
    std::uniform_int_distribution<std::size_t> messageLength(0, 3000);
    for (int trial = 0; trial < 200; ++trial) {
        std::string text(messageLength(generator), '\0');
        for (char& c : text) {
            c = static_cast<char>(generator() & 0xFFu);
        }
        EXPECT_EQ(sha1Hex(text, Sha1::Implementation::fastest), sha1Hex(text, Sha1::Implementation::portable))
            << "message of " << text.size() << " bytes";
    }
}

TEST(Sha1, MatchesPythonHashlib) {
    EXPECT_EQ(sha1Hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(
        sha1Hex(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
            "mnopqrstnopqrstu"),
        "a49b2446a02c645bf419f995b67091253a04a259");
}

TEST(Sha1, SplitUpdatesGiveSameDigest) {
    std::mt19937 generator(7);
    std::string text(5000, '\0');
    for (char& c : text) {
        c = static_cast<char>(generator() & 0xFFu);
    }
    const std::string expected = sha1Hex(text);
    std::uniform_int_distribution<std::size_t> pieceLength(0, 150);
    for (int trial = 0; trial < 20; ++trial) {
        Sha1 hash;
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t length = std::min(pieceLength(generator), text.size() - start);
            hash.update(text.data() + start, length);
            start += length;
        }
        EXPECT_EQ(hash.hexDigest(), expected) << "trial " << trial;
    }
}

TEST(HashVoxels, MatchesPythonHashlibOfFloat64Bytes) {
    // 105 values, so 840 bytes: 13 whole blocks and 8 bytes.
    image::ImageVolume volume;
    volume.geometry.size = {3, 5, 7};
    for (std::size_t i = 0; i < 105; ++i) {
        volume.data.push_back(static_cast<double>((i * 37) % 101) - 50.0 + static_cast<double>(i) / 8.0);
    }
    // hashlib.sha1(struct.pack('<105d', *[(i * 37) % 101 - 50.0 + i / 8.0 for i in range(105)]))
    EXPECT_EQ(hashVoxels(volume), "19f200dd9741bf57f437ffe72307a91986f37e6b");
}

TEST(HashVoxels, SpecialValuesMatchPythonHashlib) {
    image::ImageVolume volume;
    volume.geometry.size = {8, 1, 1};
    volume.data = {0.0, -0.0, 1.0, -2.5, 1e300, 5e-324, std::numeric_limits<double>::infinity(), 255.0};
    // hashlib.sha1(struct.pack('<8d', 0.0, -0.0, 1.0, -2.5, 1e300, 5e-324, float('inf'), 255.0))
    EXPECT_EQ(hashVoxels(volume), "a6e28ce90788ce63138f7555fe930520649d57aa");
}

// The digests are hashlib.sha1 over struct.pack('<%dd', ...) of the NIfTI
// voxels (float32 image, uint8 mask) widened to float64, read with Python's
// gzip and struct. PyRadiomics' hashes in pyradiomics-oracle/ibsi1_ct_phantom
// differ: they equal SHA-1 of the float32 image bytes and of the mask as
// 32-bit integers.
TEST(HashVoxels, CtPhantomMatchesPythonFloat64Digest) {
    const std::string folder = "ibsi/ibsi_1_ct_radiomics_phantom/nifti/";
    const image::ImageVolume phantom = image::readImage(test::referencePath(folder + "image/phantom.nii.gz"));
    const image::LabelVolume mask = image::readImage(test::referencePath(folder + "mask/mask.nii.gz"));
    EXPECT_EQ(hashVoxels(phantom), "52dac63e555170fa34bddf4c4e8d23d4c0943384");
    EXPECT_EQ(hashVoxels(mask), "f9ff2c5c8ab862b357337b451a6a294e1ecb1df2");
}

}  // namespace
}  // namespace pulmorad::radiomics
