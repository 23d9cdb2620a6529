# Every third-party package pulmorad links, each from Debian 12
# (scripts/install-deps.sh installs them).
find_package(ITK 5.2 REQUIRED COMPONENTS
  ITKCommon ITKIOImageBase ITKIOGDCM ITKIONIFTI ITKIONRRD ITKIOMeta
  ITKImageGrid ITKImageFunction ITKSmoothing ITKImageFeature ITKImageFilterBase
  ITKImageIntensity ITKThresholding ITKMathematicalMorphology ITKBinaryMathematicalMorphology
  ITKConnectedComponents ITKLabelMap ITKDistanceMap ITKImageStatistics ITKIOPNG)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)
find_package(Boost 1.74 REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(TBB REQUIRED)
find_package(Threads REQUIRED)

# Debian's XGBoost CMake package references /usr/bin/xgboost, which only the
# separate command-line package installs, so find the C API directly.
find_path(XGBOOST_INCLUDE_DIR xgboost/c_api.h REQUIRED)
find_library(XGBOOST_LIBRARY xgboost REQUIRED)
add_library(xgboost::xgboost UNKNOWN IMPORTED)
set_target_properties(xgboost::xgboost PROPERTIES
  IMPORTED_LOCATION "${XGBOOST_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${XGBOOST_INCLUDE_DIR}")

# libsvm ships no CMake package on Debian.
find_path(LIBSVM_INCLUDE_DIR libsvm/svm.h REQUIRED)
find_library(LIBSVM_LIBRARY svm REQUIRED)
add_library(libsvm::libsvm UNKNOWN IMPORTED)
set_target_properties(libsvm::libsvm PROPERTIES
  IMPORTED_LOCATION "${LIBSVM_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LIBSVM_INCLUDE_DIR}")

# ITK as an interface target with SYSTEM includes, so its headers' warnings
# do not trip -Werror in our code.
add_library(pulmorad_itk INTERFACE)
target_include_directories(pulmorad_itk SYSTEM INTERFACE ${ITK_INCLUDE_DIRS})
target_link_libraries(pulmorad_itk INTERFACE ${ITK_LIBRARIES})
target_compile_definitions(pulmorad_itk INTERFACE ${ITK_DEFINITIONS})
