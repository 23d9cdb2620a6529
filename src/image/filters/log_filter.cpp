#include "image/filters/log_filter.h"

#include <itkLaplacianRecursiveGaussianImageFilter.h>

#include <algorithm>
#include <string>

#include "common/errors.h"
#include "image/filters/itk_volume_bridge.h"
#include "image/filters/recursive_gaussian.h"
#include "image/filters/sampled_gaussian.h"

namespace pulmorad::image::filters {
namespace {

void requireValidSigma(const ImageVolume& image, double sigmaMm) {
    requireInput(sigmaMm > 0.0,
                 "LoG: sigma " + std::to_string(sigmaMm) + " mm is invalid; use a value above 0");
    requireInput(image.geometry.voxelCount() > 0, "LoG: the image is empty");
}

void requireSupportedPadding(const LogOptions& options) {
    requireInput(options.kernel == LogKernel::sampled || options.padding == BoundaryPadding::nearest,
                 "LoG: the recursive kernel extends the border by its edge voxels only; use nearest "
                 "padding, or the sampled kernel for zero, mirror or periodic padding");
}

}  // namespace

ImageVolume laplacianOfGaussian(const ImageVolume& image, double sigmaMm) {
    requireValidSigma(image, sigmaMm);
    return recursiveLaplacianOfGaussian(image, sigmaMm);
}

ImageVolume laplacianOfGaussian(const ImageVolume& image, double sigmaMm, const LogOptions& options) {
    requireSupportedPadding(options);
    if (options.kernel == LogKernel::sampled) {
        return sampledLaplacianOfGaussian(image, sigmaMm, options.padding, false);
    }
    return laplacianOfGaussian(image, sigmaMm);
}

ImageVolume laplacianOfGaussianItk(const ImageVolume& image, double sigmaMm) {
    requireValidSigma(image, sigmaMm);

    using Filter = itk::LaplacianRecursiveGaussianImageFilter<ItkDoubleImage, ItkDoubleImage>;
    auto filter = Filter::New();
    filter->SetInput(wrapAsItkImage(image));
    filter->SetSigma(sigmaMm);
    filter->SetNormalizeAcrossScale(true);
    filter->Update();
    return copyFromItkImage(filter->GetOutput(), image);
}

ImageVolume laplacianOfGaussianPerSlice(const ImageVolume& image, double sigmaMm) {
    requireValidSigma(image, sigmaMm);

    using SliceImage = itk::Image<double, 2>;
    using Filter = itk::LaplacianRecursiveGaussianImageFilter<SliceImage, SliceImage>;
    const std::size_t sizeX = image.geometry.size[0];
    const std::size_t sizeY = image.geometry.size[1];
    const std::size_t sliceVoxels = sizeX * sizeY;

    ImageVolume result;
    result.geometry = image.geometry;
    result.data.resize(image.data.size());
    for (std::size_t z = 0; z < image.geometry.size[2]; ++z) {
        // Only the in-plane spacing matters for a 2D filter.
        auto slice = SliceImage::New();
        SliceImage::RegionType region;
        region.SetSize(0, sizeX);
        region.SetSize(1, sizeY);
        slice->SetRegions(region);
        SliceImage::SpacingType spacing;
        spacing[0] = image.geometry.spacing[0];
        spacing[1] = image.geometry.spacing[1];
        slice->SetSpacing(spacing);
        slice->GetPixelContainer()->SetImportPointer(const_cast<double*>(image.data.data() + z * sliceVoxels),
                                                     sliceVoxels, false);

        auto filter = Filter::New();
        filter->SetInput(slice);
        filter->SetSigma(sigmaMm);
        filter->SetNormalizeAcrossScale(true);
        filter->Update();
        const double* filtered = filter->GetOutput()->GetBufferPointer();
        std::copy(filtered, filtered + sliceVoxels,
                  result.data.begin() + static_cast<std::ptrdiff_t>(z * sliceVoxels));
    }
    return result;
}

ImageVolume laplacianOfGaussianPerSlice(const ImageVolume& image, double sigmaMm, const LogOptions& options) {
    requireSupportedPadding(options);
    if (options.kernel == LogKernel::sampled) {
        return sampledLaplacianOfGaussian(image, sigmaMm, options.padding, true);
    }
    return laplacianOfGaussianPerSlice(image, sigmaMm);
}

}  // namespace pulmorad::image::filters
