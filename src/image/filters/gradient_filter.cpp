#include "image/filters/gradient_filter.h"

#include <itkGradientMagnitudeImageFilter.h>

#include "common/errors.h"
#include "image/filters/itk_volume_bridge.h"

namespace pulmorad::image::filters {

ImageVolume gradientMagnitude(const ImageVolume& image, bool useImageSpacing) {
    requireInput(image.geometry.voxelCount() > 0, "Gradient: the image is empty");

    using Filter = itk::GradientMagnitudeImageFilter<ItkDoubleImage, ItkDoubleImage>;
    auto filter = Filter::New();
    filter->SetInput(wrapAsItkImage(image));
    filter->SetUseImageSpacing(useImageSpacing);
    filter->Update();
    return copyFromItkImage(filter->GetOutput(), image);
}

}  // namespace pulmorad::image::filters
