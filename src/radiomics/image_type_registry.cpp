// The registry of image types: "Original", registered here, followed by the
// filters of radiomics/filters in PyRadiomics' order.

#include <memory>
#include <utility>

#include "radiomics/filters/filters.h"
#include "radiomics/image_type.h"

namespace pulmorad::radiomics {

namespace {

/// The unfiltered image (PyRadiomics' getOriginalImage), prefix "original".
class OriginalImageType final : public ImageType {
public:
    std::string name() const override { return "Original"; }

    void validate(const YAML::Node& /*settings*/) const override {}

    std::vector<DerivedImage> generate(const image::ImageVolume& image,
                                       const image::Volume<std::uint8_t>& /*roi*/,
                                       const YAML::Node& /*settings*/) const override {
        std::vector<DerivedImage> images;
        images.push_back({"original", image});
        return images;
    }
};

using TypeList = std::vector<std::unique_ptr<ImageType>>;

TypeList makeImageTypes() {
    TypeList types;
    types.push_back(std::make_unique<OriginalImageType>());
    for (auto& filter : makeFilterImageTypes()) {
        types.push_back(std::move(filter));
    }
    return types;
}

const TypeList& registeredImageTypes() {
    static const TypeList types = makeImageTypes();
    return types;
}

}  // namespace

const ImageType* findImageType(const std::string& name) {
    for (const auto& type : registeredImageTypes()) {
        if (type->name() == name) {
            return type.get();
        }
    }
    return nullptr;
}

std::vector<std::string> imageTypeNames() {
    std::vector<std::string> names;
    for (const auto& type : registeredImageTypes()) {
        names.push_back(type->name());
    }
    return names;
}

}  // namespace pulmorad::radiomics
