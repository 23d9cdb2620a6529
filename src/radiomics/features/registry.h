#pragma once

#include <string>
#include <vector>

#include "radiomics/features/feature_class.h"

namespace pulmorad::radiomics {

/// Returns the feature class named `name` (PyRadiomics' class name, e.g.
/// "glcm" or "shape2D"), or nullptr when there is none.
const FeatureClass* findFeatureClass(const std::string& name);

/// Every feature class name in PyRadiomics' default order, which is the
/// alphabetical order of its module names: firstorder, glcm, gldm, glrlm,
/// glszm, ngtdm, shape, shape2D.
std::vector<std::string> featureClassNames();

}  // namespace pulmorad::radiomics
