#include "image/image_io.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "common/errors.h"
#include "support/test_support.h"

namespace pulmorad::image {
namespace {

namespace fs = std::filesystem;

/// A read image with what readImage reported about it.
struct ReadResult {
    ImageVolume volume;
    ImageInfo info;
};

/// Reads each reference series once per test run, so the large DICOM series
/// cost their read time only once.
const ReadResult& readReference(const std::string& relative) {
    static std::map<std::string, ReadResult> cache;
    auto found = cache.find(relative);
    if (found == cache.end()) {
        ReadResult result;
        result.volume = readImage(test::referencePath(relative), {}, &result.info);
        found = cache.emplace(relative, std::move(result)).first;
    }
    return found->second;
}

constexpr std::array<double, 9> kIdentity{1, 0, 0, 0, 1, 0, 0, 0, 1};

std::size_t countInRange(const ImageVolume& volume, double low, double high) {
    return static_cast<std::size_t>(std::count_if(
        volume.data.begin(), volume.data.end(), [&](double value) { return value >= low && value <= high; }));
}

double minimumOf(const ImageVolume& volume) {
    return *std::min_element(volume.data.begin(), volume.data.end());
}
double maximumOf(const ImageVolume& volume) {
    return *std::max_element(volume.data.begin(), volume.data.end());
}

/// Expects an InputError whose message names `path`.
template <typename Function>
void expectInputErrorNaming(Function&& function, const fs::path& path) {
    try {
        function();
        ADD_FAILURE() << "expected InputError for " << path;
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_EQ(message.find('\n'), std::string::npos) << "message spans several lines: " << message;
    }
}

// Expected geometry below comes from the DICOM headers, read independently of
// ITK with GDCM's gdcmdump 3.0.21: Rows/Columns (0028,0010/0011), Pixel
// Spacing (0028,0030), Image Position (Patient) (0020,0032) of every file,
// sorted by z, and Image Orientation (Patient) (0020,0037).

TEST(ReadDicom, LidcIdri0001) {
    const ReadResult& read = readReference("ct/lidc_idri_0001/dicom");
    const Geometry& geometry = read.volume.geometry;

    // gdcmdump: 133 files, 512x512, pixel spacing 0.703125; z from -340 to -10
    // in steps of 2.5 (ct/README.md: 512x512x133, 0.703 mm, 2.5 mm slices).
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{512, 512, 133}));
    EXPECT_DOUBLE_EQ(geometry.spacing[0], 0.703125);
    EXPECT_DOUBLE_EQ(geometry.spacing[1], 0.703125);
    EXPECT_NEAR(geometry.spacing[2], 2.5, 1e-9);
    // gdcmdump: lowest slice's Image Position (Patient) -166\-171.699997\-340.
    EXPECT_DOUBLE_EQ(geometry.origin[0], -166.0);
    EXPECT_DOUBLE_EQ(geometry.origin[1], -171.699997);
    EXPECT_DOUBLE_EQ(geometry.origin[2], -340.0);
    EXPECT_EQ(geometry.direction, kIdentity);

    EXPECT_EQ(read.info.format, "DICOM");
    EXPECT_EQ(read.info.modality, "CT");
    EXPECT_EQ(read.info.seriesCount, 1U);
    // gdcmdump: Series Instance UID (0020,000e).
    EXPECT_EQ(read.info.seriesUid, "1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192");
    // 16 signed stored bits (gdcmdump) plus intercept -1024 overflow int16, so
    // GDCM's rescaler reports int32, as SimpleITK would read it.
    EXPECT_EQ(read.info.pixelType, PixelType::Int32);

    // Rescale intercept -1024, slope 1 (gdcmdump): HU. Outside the field of
    // view the scanner pads with -2048 (ct/README.md); stored values reach 4095
    // (16 bits stored), so HU stay below 3072.
    EXPECT_EQ(minimumOf(read.volume), -2048.0);
    EXPECT_LE(maximumOf(read.volume), 3071.0);
    EXPECT_EQ(read.volume.at(0, 0, 0), -2048.0);
    // Air around and inside the chest: a fifth of the voxels lie within 50 HU
    // of -1000 (the probe run measured 26%).
    EXPECT_GT(countInRange(read.volume, -1050, -950), read.volume.data.size() / 5);
}

TEST(ReadDicom, LungPetCtDxA0002) {
    const ReadResult& read = readReference("ct/lung_pet_ct_dx_A0002/dicom");
    const Geometry& geometry = read.volume.geometry;

    // gdcmdump: 30 files, 512x512, pixel spacing 0.646484375, z from 80 to 312
    // in steps of 8 (ct/README.md: 512x512x30, 0.646 mm, 8 mm slices).
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{512, 512, 30}));
    EXPECT_DOUBLE_EQ(geometry.spacing[0], 0.646484375);
    EXPECT_DOUBLE_EQ(geometry.spacing[1], 0.646484375);
    EXPECT_NEAR(geometry.spacing[2], 8.0, 1e-9);
    // gdcmdump: lowest slice's Image Position (Patient) -173.1767578125\-294.1767578125\80.
    EXPECT_DOUBLE_EQ(geometry.origin[0], -173.1767578125);
    EXPECT_DOUBLE_EQ(geometry.origin[1], -294.1767578125);
    EXPECT_DOUBLE_EQ(geometry.origin[2], 80.0);
    EXPECT_EQ(geometry.direction, kIdentity);
    EXPECT_EQ(read.info.modality, "CT");
    EXPECT_EQ(read.info.seriesUid, "1.3.6.1.4.1.14519.5.2.1.6655.2359.241981550240354690198744362919");
    // 12 unsigned stored bits (gdcmdump) minus 1024 fit in int16.
    EXPECT_EQ(read.info.pixelType, PixelType::Int16);

    // Rescale intercept -1024 (gdcmdump) on 12 stored bits: no padding in
    // this scan, so the minimum is stored 0 = -1024 HU; a third of the voxels is air.
    EXPECT_EQ(minimumOf(read.volume), -1024.0);
    EXPECT_LE(maximumOf(read.volume), 3071.0);
    EXPECT_GT(countInRange(read.volume, -1050, -950), read.volume.data.size() / 4);
}

TEST(ReadDicom, MidrcRicordJpegLossless) {
    const ReadResult& read = readReference("ct/midrc_ricord_1a_covid/dicom");
    const Geometry& geometry = read.volume.geometry;

    // gdcmdump: transfer syntax 1.2.840.10008.1.2.4.70 (JPEG Lossless), 255
    // files, 512x512, pixel spacing 0.703125, z from -349.25 to -31.75 in
    // steps of 1.25 (ct/README.md: 512x512x255, 0.703 mm, 1.25 mm).
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{512, 512, 255}));
    EXPECT_DOUBLE_EQ(geometry.spacing[0], 0.703125);
    EXPECT_DOUBLE_EQ(geometry.spacing[1], 0.703125);
    EXPECT_NEAR(geometry.spacing[2], 1.25, 1e-9);
    // gdcmdump: lowest slice's Image Position (Patient) -192.200\-180.000\-349.250.
    EXPECT_DOUBLE_EQ(geometry.origin[0], -192.2);
    EXPECT_DOUBLE_EQ(geometry.origin[1], -180.0);
    EXPECT_DOUBLE_EQ(geometry.origin[2], -349.25);
    EXPECT_EQ(geometry.direction, kIdentity);
    EXPECT_EQ(read.info.modality, "CT");

    // Padding -3024 HU outside the field of view (ct/README.md), air near -1000.
    EXPECT_EQ(minimumOf(read.volume), -3024.0);
    EXPECT_EQ(read.volume.at(0, 0, 0), -3024.0);
    EXPECT_LE(maximumOf(read.volume), 3071.0);
    EXPECT_GT(countInRange(read.volume, -1050, -950), read.volume.data.size() / 20);
}

TEST(ReadDicom, LungmaskTestdataTwoSlices) {
    const ReadResult& read = readReference("ct/lungmask_testdata");
    const Geometry& geometry = read.volume.geometry;

    // gdcmdump: two 512x512 files, pixel spacing 0.625, Image Position
    // (Patient) 0\0\0 and 0\0\1; no Modality tag; rescale intercept 0, slope 1.
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{512, 512, 2}));
    EXPECT_DOUBLE_EQ(geometry.spacing[0], 0.625);
    EXPECT_DOUBLE_EQ(geometry.spacing[1], 0.625);
    EXPECT_DOUBLE_EQ(geometry.spacing[2], 1.0);
    EXPECT_EQ(geometry.origin, (std::array<double, 3>{0.0, 0.0, 0.0}));
    EXPECT_EQ(read.info.modality, "");

    // Stored values are HU already: -2048 padding, air near -1000.
    EXPECT_EQ(minimumOf(read.volume), -2048.0);
    EXPECT_GT(countInRange(read.volume, -1050, -950), read.volume.data.size() / 20);
}

TEST(ReadDicom, IbsiPhantomMatchesNifti) {
    const ReadResult& dicom = readReference("ibsi/ibsi_1_ct_radiomics_phantom/dicom/image");
    const ReadResult& nifti = readReference("ibsi/ibsi_1_ct_radiomics_phantom/nifti/image/phantom.nii.gz");

    // ibsi/README.md: 204x201x60 at 0.977x0.977x3 mm. gdcmdump: first slice at
    // -174.39450073242\-79.625503540039\-100.40000152587, last at z 76.5999984741211,
    // pixel spacing 0.97699999809265, rescale intercept -1000 on 12 unsigned bits.
    EXPECT_EQ(dicom.volume.geometry.size, (std::array<std::size_t, 3>{204, 201, 60}));
    EXPECT_DOUBLE_EQ(dicom.volume.geometry.origin[0], -174.39450073242);
    EXPECT_DOUBLE_EQ(dicom.volume.geometry.origin[2], -100.40000152587);
    EXPECT_NEAR(dicom.volume.geometry.spacing[2], (76.5999984741211 + 100.40000152587) / 59, 1e-12);

    // The NIfTI stores the same grid in float32 (header srow: -0.97699999809265137,
    // 174.39450073242188 in RAS, which ITK turns into LPS): equal within float rounding.
    EXPECT_EQ(nifti.volume.geometry.size, dicom.volume.geometry.size);
    for (int axis = 0; axis < 3; ++axis) {
        EXPECT_NEAR(nifti.volume.geometry.spacing[axis], dicom.volume.geometry.spacing[axis], 1e-5) << axis;
        EXPECT_NEAR(nifti.volume.geometry.origin[axis], dicom.volume.geometry.origin[axis], 1e-5) << axis;
    }
    EXPECT_EQ(nifti.volume.geometry.direction, kIdentity);
    EXPECT_EQ(dicom.volume.geometry.direction, kIdentity);
    EXPECT_EQ(nifti.info.format, "NIfTI");
    EXPECT_EQ(nifti.info.pixelType, PixelType::Float32);

    // The NIfTI was converted from this DICOM: every voxel identical, in HU.
    ASSERT_EQ(nifti.volume.data.size(), dicom.volume.data.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < dicom.volume.data.size(); ++i) {
        differing += nifti.volume.data[i] != dicom.volume.data[i] ? 1 : 0;
    }
    EXPECT_EQ(differing, 0U);
    // Intercept -1000 on unsigned stored values: nothing below -1000 HU.
    EXPECT_EQ(minimumOf(dicom.volume), -1000.0);
}

TEST(ReadNrrd, PyradiomicsBrain1) {
    const ReadResult& read = readReference("pyradiomics/images/brain1_image.nrrd");
    const Geometry& geometry = read.volume.geometry;

    // NRRD header (plain text): type short, sizes 256 256 25, space
    // directions (0.78124999999999989,0,0) (0,-0.78124999999999989,0)
    // (0,0,6.4999999999999982), space origin
    // (-99.609374999999986,99.609374999999986,-77.999999999999957), LPS.
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{256, 256, 25}));
    EXPECT_DOUBLE_EQ(geometry.spacing[0], 0.78124999999999989);
    EXPECT_DOUBLE_EQ(geometry.spacing[1], 0.78124999999999989);
    EXPECT_DOUBLE_EQ(geometry.spacing[2], 6.4999999999999982);
    EXPECT_DOUBLE_EQ(geometry.origin[0], -99.609374999999986);
    EXPECT_DOUBLE_EQ(geometry.origin[1], 99.609374999999986);
    EXPECT_DOUBLE_EQ(geometry.origin[2], -77.999999999999957);
    EXPECT_EQ(geometry.direction, (std::array<double, 9>{1, 0, 0, 0, -1, 0, 0, 0, 1}));
    EXPECT_EQ(read.info.format, "NRRD");
    EXPECT_EQ(read.info.pixelType, PixelType::Int16);
    EXPECT_EQ(read.info.modality, "");
}

TEST(ReadNrrd, ProstatePhantomDirection) {
    const ReadResult& read = readReference("pyradiomics/images/prostate_phantom_subvolume.nrrd");
    const Geometry& geometry = read.volume.geometry;

    // NRRD header: type unsigned short, sizes 82 67 13, space directions
    // (-0.5,0,0) (0,-0.5,0) (0,0,3), space origin
    // (15.683382511138916,76.535760879516602,-52.776130676269538).
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{82, 67, 13}));
    EXPECT_EQ(geometry.spacing, (std::array<double, 3>{0.5, 0.5, 3.0}));
    EXPECT_EQ(geometry.direction, (std::array<double, 9>{-1, 0, 0, 0, -1, 0, 0, 0, 1}));
    EXPECT_DOUBLE_EQ(geometry.origin[0], 15.683382511138916);
    EXPECT_DOUBLE_EQ(geometry.origin[1], 76.535760879516602);
    EXPECT_DOUBLE_EQ(geometry.origin[2], -52.776130676269538);
    EXPECT_EQ(read.info.pixelType, PixelType::UInt16);
}

TEST(ReadNrrd, LabelMapValues) {
    const ReadResult& read = readReference("pyradiomics/images/brain1_label.nrrd");

    // NRRD header: type int, same grid as brain1_image.nrrd.
    EXPECT_EQ(read.volume.geometry.size, (std::array<std::size_t, 3>{256, 256, 25}));
    EXPECT_EQ(read.info.pixelType, PixelType::Int32);
    const std::set<double> values(read.volume.data.begin(), read.volume.data.end());
    EXPECT_EQ(values.count(0.0), 1U);
    EXPECT_EQ(values.count(1.0), 1U);
}

TEST(ReadNifti, OracleLungMaskOnCtGrid) {
    const ReadResult& mask = readReference("pyradiomics-oracle/lidc_idri_0001/mask.nii.gz");
    const Geometry& geometry = mask.volume.geometry;

    // NIfTI header: dim 512 512 133, datatype 2 (uint8), pixdim 0.703125
    // 0.703125 2.5, srow offsets 166 171.6999969482422 -340 in RAS, which
    // ITK turns into LPS. The CT grid of lidc_idri_0001 above, within float32.
    EXPECT_EQ(geometry.size, (std::array<std::size_t, 3>{512, 512, 133}));
    EXPECT_EQ(geometry.spacing, (std::array<double, 3>{0.703125, 0.703125, 2.5}));
    EXPECT_DOUBLE_EQ(geometry.origin[0], -166.0);
    EXPECT_DOUBLE_EQ(geometry.origin[1], static_cast<double>(-171.6999969482422F));
    EXPECT_DOUBLE_EQ(geometry.origin[2], -340.0);
    EXPECT_EQ(geometry.direction, kIdentity);
    EXPECT_EQ(mask.info.pixelType, PixelType::UInt8);

    // pyradiomics-oracle/README.md: 1 = right lung, 2 = left lung.
    const std::set<double> values(mask.volume.data.begin(), mask.volume.data.end());
    EXPECT_EQ(values, (std::set<double>{0.0, 1.0, 2.0}));
}

TEST(ReadNifti, IbsiPhantomMaskIsBinary) {
    const ReadResult& mask = readReference("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz");
    EXPECT_EQ(mask.volume.geometry.size, (std::array<std::size_t, 3>{204, 201, 60}));
    const std::set<double> values(mask.volume.data.begin(), mask.volume.data.end());
    EXPECT_EQ(values, (std::set<double>{0.0, 1.0}));
}

TEST(ReadImage, TwoDimensionalNrrdAsOneSlice) {
    // Hand-written 2D NRRD: 3x2 int16 pixels 1..6, spacings 0.5 and 0.25.
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-2d");
    const fs::path path = folder / "slice.nrrd";
    {
        std::ofstream stream(path, std::ios::binary);
        stream << "NRRD0004\ntype: short\ndimension: 2\nsizes: 3 2\nspacings: 0.5 0.25\nencoding: "
                  "raw\nendian: little\n\n";
        for (std::int16_t value = 1; value <= 6; ++value) {
            stream.write(reinterpret_cast<const char*>(&value), sizeof value);
        }
    }
    const ImageVolume volume = readImage(path);
    EXPECT_EQ(volume.geometry.size, (std::array<std::size_t, 3>{3, 2, 1}));
    EXPECT_DOUBLE_EQ(volume.geometry.spacing[0], 0.5);
    EXPECT_DOUBLE_EQ(volume.geometry.spacing[1], 0.25);
    EXPECT_DOUBLE_EQ(volume.geometry.spacing[2], 1.0);
    EXPECT_EQ(volume.data, (std::vector<double>{1, 2, 3, 4, 5, 6}));
    fs::remove_all(folder);
}

/// Builds a 4x3x2 volume on a rotated, offset grid for write round trips.
ImageVolume makeSmallVolume() {
    ImageVolume volume;
    volume.geometry.size = {4, 3, 2};
    volume.geometry.spacing = {0.5, 0.75, 2.5};
    volume.geometry.origin = {-10.25, 3.5, 100.0};
    volume.geometry.direction = {0, 1, 0, -1, 0, 0, 0, 0, 1};
    for (std::size_t i = 0; i < volume.geometry.voxelCount(); ++i) {
        volume.data.push_back(static_cast<double>(i) * 3.0 - 20.0);
    }
    return volume;
}

TEST(WriteImage, RoundTripEveryFormat) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-write");
    const ImageVolume original = makeSmallVolume();
    for (const std::string name : {"out.nii.gz", "out.nii", "out.nrrd", "out.mha"}) {
        for (const std::string pixelType : {"int16", "float64"}) {
            const fs::path path = folder / (pixelType + "-" + name);
            writeImage(original, path, pixelType);
            ImageInfo info;
            const ImageVolume back = readImage(path, {}, &info);
            SCOPED_TRACE(path.string());
            EXPECT_EQ(back.geometry.size, original.geometry.size);
            EXPECT_EQ(back.data, original.data);
            EXPECT_EQ(info.pixelType, pixelType == "int16" ? PixelType::Int16 : PixelType::Float64);
            for (int axis = 0; axis < 3; ++axis) {
                // NIfTI stores geometry as float32; the values here are exact in float32.
                EXPECT_DOUBLE_EQ(back.geometry.spacing[axis], original.geometry.spacing[axis]);
                EXPECT_DOUBLE_EQ(back.geometry.origin[axis], original.geometry.origin[axis]);
            }
            for (int element = 0; element < 9; ++element) {
                EXPECT_NEAR(back.geometry.direction[element], original.geometry.direction[element], 1e-6);
            }
        }
    }

    // No temporary file is left behind.
    for (const auto& entry : fs::directory_iterator(folder)) {
        EXPECT_NE(entry.path().filename().string().front(), '.') << entry.path();
    }
    fs::remove_all(folder);
}

TEST(WriteImage, Uint8Mask) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-mask");
    ImageVolume mask = makeSmallVolume();
    for (std::size_t i = 0; i < mask.data.size(); ++i) {
        mask.data[i] = static_cast<double>(i % 3);
    }
    const fs::path path = folder / "mask.nii.gz";
    writeImage(mask, path, "uint8");
    ImageInfo info;
    EXPECT_EQ(readImage(path, {}, &info).data, mask.data);
    EXPECT_EQ(info.pixelType, PixelType::UInt8);

    // -20 does not fit in uint8: rejected, and no file is written.
    const fs::path rejected = folder / "rejected.nii.gz";
    EXPECT_THROW(writeImage(makeSmallVolume(), rejected, "uint8"), InputError);
    EXPECT_FALSE(fs::exists(rejected));
    EXPECT_THROW(writeImage(mask, folder / "mask.png", "uint8"), InputError);
    EXPECT_THROW(writeImage(mask, folder / "mask.nrrd", "int32"), InputError);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, MissingFile) {
    const fs::path path = "/nonexistent-pulmorad-folder/scan.nii.gz";
    expectInputErrorNaming([&] { readImage(path); }, path);
}

/// Writes the first half of `source` to `folder/name`.
fs::path writeTruncatedCopy(const fs::path& source, const fs::path& folder, const std::string& name) {
    const std::string bytes = test::readFile(source);
    const fs::path path = folder / name;
    std::ofstream stream(path, std::ios::binary);
    stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size() / 2));
    return path;
}

TEST(ReadImageErrors, TruncatedNiftiGz) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-truncated");
    const fs::path path =
        writeTruncatedCopy(test::referencePath("ibsi/ibsi_1_ct_radiomics_phantom/nifti/mask/mask.nii.gz"),
                           folder, "truncated.nii.gz");
    expectInputErrorNaming([&] { readImage(path); }, path);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, TruncatedOtherFormats) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-truncated-formats");
    const ImageVolume volume = makeSmallVolume();
    for (const std::string name : {"small.nii", "small.mha", "small.nrrd"}) {
        const fs::path complete = folder / name;
        writeImage(volume, complete, "float64");
        const fs::path path = writeTruncatedCopy(complete, folder, "truncated-" + name);
        SCOPED_TRACE(name);
        expectInputErrorNaming([&] { readImage(path); }, path);
    }
    const fs::path nrrd = writeTruncatedCopy(test::referencePath("pyradiomics/images/brain1_image.nrrd"),
                                             folder, "truncated-brain1.nrrd");
    expectInputErrorNaming([&] { readImage(nrrd); }, nrrd);

    // A DICOM series with one file cut short.
    const fs::path series = folder / "series";
    fs::create_directory(series);
    const fs::path lungmask = test::referencePath("ct/lungmask_testdata");
    fs::copy_file(lungmask / "0.dcm", series / "0.dcm");
    writeTruncatedCopy(lungmask / "1.dcm", series, "1.dcm");
    expectInputErrorNaming([&] { readImage(series); }, series);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, UnknownExtension) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-extension");
    const fs::path path = folder / "scan.png";
    std::ofstream(path) << "not an image";
    expectInputErrorNaming([&] { readImage(path); }, path);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, EmptyFolder) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-empty");
    expectInputErrorNaming([&] { readImage(folder); }, folder);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, FolderWithoutDicom) {
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-nodicom");
    std::ofstream(folder / "notes.txt") << "no DICOM here\n";
    std::ofstream(folder / "scan.dcm") << "a text file with a DICOM extension\n";
    expectInputErrorNaming([&] { readImage(folder); }, folder);
    fs::remove_all(folder);
}

TEST(ReadImageErrors, UnknownSeriesUid) {
    const fs::path folder = test::referencePath("ct/lungmask_testdata");
    ReadOptions options;
    options.seriesUid = "1.2.3.4.5";
    try {
        readImage(folder, options);
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find(folder.string()), std::string::npos) << message;
        EXPECT_NE(message.find("1.2.3.4.5"), std::string::npos) << message;
        // The message lists the series found (gdcmdump: Series Instance UID of both files).
        EXPECT_NE(message.find("1.2.826.0.1.3680043.8.498.22032370629701851459946006816247576553"),
                  std::string::npos)
            << message;
    }
}

TEST(ReadImage, SeriesUidSelectsSeries) {
    const fs::path folder = test::referencePath("ct/lungmask_testdata");
    ReadOptions options;
    options.seriesUid = "1.2.826.0.1.3680043.8.498.22032370629701851459946006816247576553";
    ImageInfo info;
    const ImageVolume volume = readImage(folder, options, &info);
    EXPECT_EQ(info.seriesUid, options.seriesUid);
    EXPECT_EQ(volume.geometry.size[2], 2U);
}

TEST(ReadImage, SeveralSeriesTakesMostSlices) {
    // Three files of lidc_idri_0001 beside the two of lungmask_testdata: two
    // series in one folder (Series Instance UIDs from gdcmdump).
    const fs::path folder = test::makeTemporaryFolder("pulmorad-image-series");
    const fs::path lidc = test::referencePath("ct/lidc_idri_0001/dicom");
    for (const std::string name : {"000001.dcm", "000002.dcm", "000003.dcm"}) {
        fs::copy_file(lidc / name, folder / ("lidc-" + name));
    }
    const fs::path lungmask = test::referencePath("ct/lungmask_testdata");
    fs::copy_file(lungmask / "0.dcm", folder / "lungmask-0.dcm");
    fs::copy_file(lungmask / "1.dcm", folder / "lungmask-1.dcm");

    ImageInfo info;
    const ImageVolume largest = readImage(folder, {}, &info);
    EXPECT_EQ(info.seriesCount, 2U);
    EXPECT_EQ(info.seriesUid, "1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192");
    EXPECT_EQ(largest.geometry.size[2], 3U);

    ReadOptions options;
    options.seriesUid = "1.2.826.0.1.3680043.8.498.22032370629701851459946006816247576553";
    const ImageVolume chosen = readImage(folder, options, &info);
    EXPECT_EQ(info.seriesUid, options.seriesUid);
    EXPECT_EQ(chosen.geometry.size[2], 2U);
    EXPECT_DOUBLE_EQ(chosen.geometry.spacing[0], 0.625);
    fs::remove_all(folder);
}

}  // namespace
}  // namespace pulmorad::image
