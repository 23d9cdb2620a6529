#include "radiomics/features/registry.h"

#include <memory>
#include <utility>

namespace pulmorad::radiomics {

namespace {

using ClassList = std::vector<std::unique_ptr<FeatureClass>>;

ClassList makeClasses() {
    ClassList classes;
    classes.push_back(makeFirstOrderClass());
    classes.push_back(makeGlcmClass());
    classes.push_back(makeGldmClass());
    classes.push_back(makeGlrlmClass());
    classes.push_back(makeGlszmClass());
    classes.push_back(makeNgtdmClass());
    classes.push_back(makeShapeClass());
    classes.push_back(makeShape2DClass());
    return classes;
}

const ClassList& registeredClasses() {
    static const ClassList classes = makeClasses();
    return classes;
}

}  // namespace

const FeatureClass* findFeatureClass(const std::string& name) {
    for (const auto& featureClass : registeredClasses()) {
        if (featureClass->name() == name) {
            return featureClass.get();
        }
    }
    return nullptr;
}

std::vector<std::string> featureClassNames() {
    std::vector<std::string> names;
    for (const auto& featureClass : registeredClasses()) {
        names.push_back(featureClass->name());
    }
    return names;
}

}  // namespace pulmorad::radiomics
