#include "image/image_io.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <itkGDCMImageIO.h>
#include <itkGDCMSeriesFileNames.h>
#include <itkImageFileReader.h>
#include <itkImageFileWriter.h>
#include <itkImageSeriesReader.h>
#include <itkMetaDataObject.h>
#include <itkMetaImageIO.h>
#include <itkNiftiImageIO.h>
#include <itkNrrdImageIO.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <random>
#include <regex>
#include <set>
#include <vector>

#include "common/errors.h"
#include "image/itk_conversion.h"

namespace pulmorad::image {
namespace {

namespace fs = std::filesystem;

/// File formats, recognised by the lower-case file name's ending (".nii.gz" as a whole).
enum class FileFormat { NIfTI, NRRD, MetaImage, Unknown };

std::string lowerCase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char character) { return static_cast<char>(std::tolower(character)); });
    return text;
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

FileFormat formatOf(const fs::path& path) {
    const std::string name = lowerCase(path.filename().string());
    if (endsWith(name, ".nii") || endsWith(name, ".nii.gz")) {
        return FileFormat::NIfTI;
    }
    if (endsWith(name, ".nrrd") || endsWith(name, ".nhdr")) {
        return FileFormat::NRRD;
    }
    if (endsWith(name, ".mha") || endsWith(name, ".mhd")) {
        return FileFormat::MetaImage;
    }
    return FileFormat::Unknown;
}

const char* formatName(FileFormat format) {
    switch (format) {
        case FileFormat::NIfTI:
            return "NIfTI";
        case FileFormat::NRRD:
            return "NRRD";
        case FileFormat::MetaImage:
            return "MetaImage";
        case FileFormat::Unknown:
            break;
    }
    return "unknown";
}

/// Explicit ImageIO objects, so reading does not depend on ITK's IO factory
/// registration (which needs ITK's CMake use-file in the consuming project).
itk::ImageIOBase::Pointer makeImageIO(FileFormat format) {
    switch (format) {
        case FileFormat::NIfTI:
            return itk::NiftiImageIO::New().GetPointer();
        case FileFormat::NRRD:
            return itk::NrrdImageIO::New().GetPointer();
        case FileFormat::MetaImage:
            return itk::MetaImageIO::New().GetPointer();
        case FileFormat::Unknown:
            break;
    }
    return nullptr;
}

/// ITK exception descriptions span several lines and start with the class
/// and object address ("ITK ERROR: NiftiImageIO(0x55...): "); an InputError
/// message is one line about the file.
std::string oneLine(const std::string& description) {
    static const std::regex prefix(R"(^\s*(ITK ERROR|itk::ERROR): \w+\(0x[0-9a-fA-F]+\): )");
    const std::string text = std::regex_replace(description, prefix, "");
    std::string result;
    bool pendingSpace = false;
    for (const char character : text) {
        if (std::isspace(static_cast<unsigned char>(character)) != 0) {
            pendingSpace = !result.empty();
            continue;
        }
        if (pendingSpace) {
            result += ' ';
            pendingSpace = false;
        }
        result += character;
    }
    return result;
}

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

using DoubleImage = detail::ItkImage3<double>;

/// Maps ITK's component type to ours. Types that ITK reads but that have no
/// entry here (none among scalar medical formats) are reported as float64.
PixelType pixelTypeOf(itk::IOComponentEnum component) {
    switch (component) {
        case itk::IOComponentEnum::UCHAR:
            return PixelType::UInt8;
        case itk::IOComponentEnum::CHAR:
            return PixelType::Int8;
        case itk::IOComponentEnum::USHORT:
            return PixelType::UInt16;
        case itk::IOComponentEnum::SHORT:
            return PixelType::Int16;
        case itk::IOComponentEnum::UINT:
            return PixelType::UInt32;
        case itk::IOComponentEnum::INT:
            return PixelType::Int32;
        case itk::IOComponentEnum::ULONG:
        case itk::IOComponentEnum::ULONGLONG:
            return PixelType::UInt64;
        case itk::IOComponentEnum::LONG:
        case itk::IOComponentEnum::LONGLONG:
            return PixelType::Int64;
        case itk::IOComponentEnum::FLOAT:
            return PixelType::Float32;
        default:
            return PixelType::Float64;
    }
}

/// Decompresses a gzip file to its end, so a truncated or corrupt .nii.gz is
/// rejected: ITK's NIfTI reader fills a short stream with zeros without an error.
void verifyGzipStream(const fs::path& path) {
    gzFile file = gzopen(path.c_str(), "rb");
    if (file == nullptr) {
        throw InputError(fmt::format("cannot open image '{}'; check the file's permissions", path.string()));
    }
    std::vector<char> buffer(1 << 16);
    int count = 0;
    while ((count = gzread(file, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
    }
    int errorCode = Z_OK;
    const std::string message = count < 0 ? gzerror(file, &errorCode) : std::string();
    const int closeStatus = gzclose_r(file);
    if (count < 0 || closeStatus != Z_OK) {
        throw InputError(
            fmt::format("cannot read image '{}': the gzip stream is truncated or corrupt ({}); "
                        "copy or export the file again",
                        path.string(), message.empty() ? "unexpected end of file" : message));
    }
}

ImageVolume readImageFile(const fs::path& path, FileFormat format, ImageInfo* info) {
    if (endsWith(lowerCase(path.filename().string()), ".gz")) {
        verifyGzipStream(path);
    }
    auto reader = itk::ImageFileReader<DoubleImage>::New();
    reader->SetFileName(path.string());
    reader->SetImageIO(makeImageIO(format));
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& error) {
        throw InputError(
            fmt::format("cannot read image '{}' as {}: {}; check that the file is complete and not corrupt",
                        path.string(), formatName(format), oneLine(error.GetDescription())));
    }

    if (info != nullptr) {
        *info = ImageInfo{};
        info->format = formatName(format);
        info->pixelType = pixelTypeOf(reader->GetImageIO()->GetComponentType());
    }
    ImageVolume volume = detail::fromItk<double>(*reader->GetOutput());
    spdlog::debug("read {} image '{}': {}x{}x{} voxels", formatName(format), path.string(),
                  volume.geometry.size[0], volume.geometry.size[1], volume.geometry.size[2]);
    return volume;
}

/// Lists the DICOM series of a folder (not recursive). The series identifier
/// is the SeriesInstanceUID alone (GDCM's "series details" are off, as in
/// SimpleITK's ImageSeriesReader.GetGDCMSeriesIDs default), and each series'
/// files come back sorted along the slice normal by ImagePositionPatient.
struct DicomSeries {
    std::string uid;
    std::vector<std::string> files;
};

std::vector<DicomSeries> findDicomSeries(const fs::path& folder) {
    auto names = itk::GDCMSeriesFileNames::New();
    names->SetUseSeriesDetails(false);
    names->SetRecursive(false);
    std::vector<DicomSeries> series;
    try {
        names->SetDirectory(folder.string());
        for (const std::string& uid : names->GetSeriesUIDs()) {
            series.push_back({uid, names->GetFileNames(uid)});
        }
    } catch (const itk::ExceptionObject& error) {
        throw InputError(fmt::format("cannot list DICOM series in folder '{}': {}", folder.string(),
                                     oneLine(error.GetDescription())));
    }
    return series;
}

const DicomSeries& chooseSeries(const fs::path& folder, const std::vector<DicomSeries>& series,
                                const std::string& requestedUid) {
    std::vector<std::string> summaries;
    for (const DicomSeries& candidate : series) {
        summaries.push_back(fmt::format("{} ({} files)", candidate.uid, candidate.files.size()));
    }

    if (!requestedUid.empty()) {
        const auto found = std::find_if(series.begin(), series.end(), [&](const DicomSeries& candidate) {
            return candidate.uid == requestedUid;
        });
        if (found == series.end()) {
            throw InputError(fmt::format("DICOM series '{}' not found in folder '{}'; series found: {}",
                                         requestedUid, folder.string(), fmt::join(summaries, ", ")));
        }
        return *found;
    }

    // The series with the most slices; the first listed wins a tie, so the
    // choice does not depend on anything but the folder's contents.
    const auto chosen = std::max_element(
        series.begin(), series.end(),
        [](const DicomSeries& a, const DicomSeries& b) { return a.files.size() < b.files.size(); });
    if (series.size() > 1) {
        std::vector<std::string> others;
        for (const DicomSeries& candidate : series) {
            if (&candidate != &*chosen) {
                others.push_back(fmt::format("{} ({} files)", candidate.uid, candidate.files.size()));
            }
        }
        spdlog::info(
            "folder '{}' holds {} DICOM series; reading {} ({} files, the most slices); others: {}; "
            "choose another with --series UID",
            folder.string(), series.size(), chosen->uid, chosen->files.size(), fmt::join(others, ", "));
    }
    return *chosen;
}

std::string dictionaryString(const itk::MetaDataDictionary& dictionary, const std::string& key) {
    std::string value;
    itk::ExposeMetaData<std::string>(dictionary, key, value);
    return trimmed(value);
}

std::size_t dictionaryCount(const itk::MetaDataDictionary& dictionary, const std::string& key,
                            std::size_t fallback) {
    const std::string text = dictionaryString(dictionary, key);
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
    return text.empty() || end == text.c_str() ? fallback : static_cast<std::size_t>(value);
}

/// Reads the Transfer Syntax UID (0002,0010) from a DICOM file's meta
/// header, which ITK's metadata dictionary leaves out. A file without the
/// "DICM" preamble has no meta header and is implicit VR little endian.
std::string readTransferSyntax(const std::string& file) {
    constexpr const char* kImplicitLittleEndian = "1.2.840.10008.1.2";
    std::ifstream stream(file, std::ios::binary);
    char magic[4] = {};
    stream.seekg(128);
    if (!stream.read(magic, 4) || std::string(magic, 4) != "DICM") {
        return kImplicitLittleEndian;
    }

    // The meta header is explicit VR little endian: tag, VR, then a 2-byte
    // length, or 2 reserved bytes and a 4-byte length for OB, OW, UN, UT, SQ.
    const auto readUnsigned = [&stream](int bytes) {
        unsigned char raw[4] = {};
        stream.read(reinterpret_cast<char*>(raw), bytes);
        std::uint32_t value = 0;
        for (int i = bytes - 1; i >= 0; --i) {
            value = (value << 8) | raw[i];
        }
        return value;
    };
    while (stream) {
        const std::uint32_t group = readUnsigned(2);
        const std::uint32_t element = readUnsigned(2);
        char vr[2] = {};
        stream.read(vr, 2);
        if (!stream || group != 0x0002) {
            break;
        }
        const std::string vrName(vr, 2);
        std::uint32_t length = 0;
        if (vrName == "OB" || vrName == "OW" || vrName == "UN" || vrName == "UT" || vrName == "SQ") {
            readUnsigned(2);
            length = readUnsigned(4);
        } else {
            length = readUnsigned(2);
        }
        if (element == 0x0010 && length < 256) {
            std::string value(length, '\0');
            stream.read(value.data(), length);
            value.erase(std::remove(value.begin(), value.end(), '\0'), value.end());
            return trimmed(value);
        }
        stream.seekg(length, std::ios::cur);
    }
    return {};
}

/// Rejects a series file that is too short for its uncompressed pixel data.
/// GDCM reads such a file without an error and ITK fills the missing pixels
/// with zeros.
/// NOTE: a lower bound only (the header's length is not known here), and
/// compressed transfer syntaxes are left to the decoder.
void verifyDicomFileLengths(const fs::path& folder, const std::vector<std::string>& files,
                            const itk::ImageSeriesReader<DoubleImage>::DictionaryArrayType& dictionaries) {
    const std::set<std::string> uncompressed{"1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
                                             "1.2.840.10008.1.2.2"};
    for (std::size_t i = 0; i < files.size() && i < dictionaries.size(); ++i) {
        const itk::MetaDataDictionary& dictionary = *dictionaries[i];
        if (uncompressed.count(readTransferSyntax(files[i])) == 0) {
            continue;
        }
        const std::size_t pixelBytes =
            dictionaryCount(dictionary, "0028|0010", 0) * dictionaryCount(dictionary, "0028|0011", 0) *
            (dictionaryCount(dictionary, "0028|0100", 16) / 8) * dictionaryCount(dictionary, "0028|0002", 1) *
            std::max<std::size_t>(dictionaryCount(dictionary, "0028|0008", 1), 1);
        std::error_code error;
        const auto fileBytes = static_cast<std::size_t>(fs::file_size(files[i], error));
        if (!error && fileBytes < pixelBytes) {
            throw InputError(
                fmt::format("cannot read DICOM series in folder '{}': file '{}' is truncated ({} bytes, "
                            "its pixel data alone needs {}); copy or export the series again",
                            folder.string(), files[i], fileBytes, pixelBytes));
        }
    }
}

ImageVolume readDicomFolder(const fs::path& folder, const ReadOptions& options, ImageInfo* info) {
    const std::vector<DicomSeries> series = findDicomSeries(folder);
    if (series.empty()) {
        throw InputError(
            fmt::format("no DICOM series found in folder '{}'; pass a folder that contains the .dcm files "
                        "of one CT series, or an image file (.nii.gz, .nrrd, .mha)",
                        folder.string()));
    }
    const DicomSeries& chosen = chooseSeries(folder, series, options.seriesUid);

    // GDCMImageIO applies RescaleSlope and RescaleIntercept while reading, so
    // the double buffer contains HU for CT.
    auto dicomIO = itk::GDCMImageIO::New();
    auto reader = itk::ImageSeriesReader<DoubleImage>::New();
    reader->SetImageIO(dicomIO);
    reader->SetFileNames(chosen.files);
    try {
        reader->Update();
    } catch (const itk::ExceptionObject& error) {
        throw InputError(
            fmt::format("cannot read DICOM series {} in folder '{}': {}; check that its files are "
                        "complete and not corrupt",
                        chosen.uid, folder.string(), oneLine(error.GetDescription())));
    }
    verifyDicomFileLengths(folder, chosen.files, *reader->GetMetaDataDictionaryArray());

    if (info != nullptr) {
        *info = ImageInfo{};
        info->format = "DICOM";
        info->seriesUid = chosen.uid;
        info->seriesCount = series.size();
        info->pixelType = pixelTypeOf(dicomIO->GetComponentType());
        std::string modality;
        if (itk::ExposeMetaData<std::string>(dicomIO->GetMetaDataDictionary(), "0008|0060", modality)) {
            info->modality = trimmed(modality);
        }
    }
    ImageVolume volume = detail::fromItk<double>(*reader->GetOutput());
    spdlog::info("read DICOM series {} from '{}': {}x{}x{} voxels, spacing {:.4g} x {:.4g} x {:.4g} mm",
                 chosen.uid, folder.string(), volume.geometry.size[0], volume.geometry.size[1],
                 volume.geometry.size[2], volume.geometry.spacing[0], volume.geometry.spacing[1],
                 volume.geometry.spacing[2]);
    return volume;
}

/// Converts one value to an integer pixel type, rejecting values that the
/// type cannot hold so a written mask or image never wraps around silently.
template <typename Integer>
Integer toInteger(double value, const fs::path& path, const std::string& pixelType) {
    const double rounded = std::nearbyint(value);
    if (!std::isfinite(value) || rounded < static_cast<double>(std::numeric_limits<Integer>::min()) ||
        rounded > static_cast<double>(std::numeric_limits<Integer>::max())) {
        throw InputError(
            fmt::format("cannot write '{}' as {}: value {} is outside the type's range; write it as "
                        "float64 instead",
                        path.string(), pixelType, value));
    }
    return static_cast<Integer>(rounded);
}

template <typename Pixel>
void writeAs(const ImageVolume& volume, const fs::path& target, const fs::path& reported, FileFormat format,
             const std::string& pixelType) {
    auto image = detail::ItkImage3<Pixel>::New();
    detail::applyGeometry(volume.geometry, *image);
    image->Allocate();
    Pixel* buffer = image->GetBufferPointer();
    for (std::size_t i = 0; i < volume.data.size(); ++i) {
        if constexpr (std::is_same_v<Pixel, double>) {
            buffer[i] = volume.data[i];
        } else {
            buffer[i] = toInteger<Pixel>(volume.data[i], reported, pixelType);
        }
    }

    auto writer = itk::ImageFileWriter<detail::ItkImage3<Pixel>>::New();
    writer->SetImageIO(makeImageIO(format));
    writer->SetFileName(target.string());
    writer->SetInput(image);
    writer->SetUseCompression(true);
    writer->Update();
}

}  // namespace

ImageVolume readImage(const std::filesystem::path& path, const ReadOptions& options, ImageInfo* info) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (error || !fs::exists(status)) {
        throw InputError(fmt::format("image '{}' not found; check the path", path.string()));
    }
    if (fs::is_directory(status)) {
        return readDicomFolder(path, options, info);
    }

    const FileFormat format = formatOf(path);
    if (format == FileFormat::Unknown) {
        throw InputError(
            fmt::format("image '{}' has an unsupported extension; use a DICOM series folder, NIfTI "
                        "(.nii, .nii.gz), NRRD (.nrrd, .nhdr) or MetaImage (.mha, .mhd)",
                        path.string()));
    }
    if (!options.seriesUid.empty()) {
        spdlog::warn("series UID '{}' ignored for '{}': it applies to DICOM folders only", options.seriesUid,
                     path.string());
    }
    return readImageFile(path, format, info);
}

void writeImage(const ImageVolume& volume, const std::filesystem::path& path, const std::string& pixelType) {
    const std::string name = lowerCase(path.filename().string());
    const bool writable = endsWith(name, ".nii.gz") || endsWith(name, ".nii") || endsWith(name, ".nrrd") ||
                          endsWith(name, ".mha");
    if (!writable) {
        throw InputError(fmt::format(
            "cannot write '{}': unsupported extension; use .nii.gz, .nii, .nrrd or .mha", path.string()));
    }
    if (pixelType != "uint8" && pixelType != "int16" && pixelType != "float64") {
        throw InputError(
            fmt::format("cannot write '{}': pixel type '{}' is not supported; use uint8, int16 or float64",
                        path.string(), pixelType));
    }
    if (volume.data.size() != volume.geometry.voxelCount()) {
        throw std::logic_error(fmt::format("writeImage('{}'): {} values for a grid of {} voxels",
                                           path.string(), volume.data.size(), volume.geometry.voxelCount()));
    }
    const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    if (!fs::is_directory(folder)) {
        throw InputError(fmt::format("cannot write '{}': folder '{}' does not exist; create it first",
                                     path.string(), folder.string()));
    }

    // The temporary name keeps the whole file name as its suffix, so ITK gets
    // the same extension (and NIfTI the same .gz compression) as the target.
    std::random_device device;
    const fs::path temporary =
        folder / fmt::format(".tmp-{}-{:08x}-{}", ::getpid(), device(), path.filename().string());
    const FileFormat format = formatOf(path);
    try {
        if (pixelType == "uint8") {
            writeAs<std::uint8_t>(volume, temporary, path, format, pixelType);
        } else if (pixelType == "int16") {
            writeAs<std::int16_t>(volume, temporary, path, format, pixelType);
        } else {
            writeAs<double>(volume, temporary, path, format, pixelType);
        }
    } catch (const itk::ExceptionObject& itkError) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw InputError(fmt::format("cannot write '{}': {}; check the folder's permissions and free space",
                                     path.string(), oneLine(itkError.GetDescription())));
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }

    std::error_code renameError;
    fs::rename(temporary, path, renameError);
    if (renameError) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw InputError(fmt::format("cannot write '{}': {}", path.string(), renameError.message()));
    }
    spdlog::debug("wrote '{}' as {}", path.string(), pixelType);
}

}  // namespace pulmorad::image
