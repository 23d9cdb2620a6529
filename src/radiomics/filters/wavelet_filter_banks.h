#pragma once

#include <span>
#include <string>
#include <string_view>

namespace pulmorad::radiomics::filters {

/// The decomposition filters of one discrete wavelet, as PyWavelets names and
/// defines them (`pywt.Wavelet(name).dec_lo` and `.dec_hi`).
struct WaveletFilterBank {
    std::string_view name;             ///< PyWavelets name, e.g. "coif1", "bior2.2"
    std::span<const double> lowPass;   ///< dec_lo
    std::span<const double> highPass;  ///< dec_hi
};

/// Every discrete wavelet of PyWavelets 1.1.1, in pywt.wavelist(kind="discrete") order.
std::span<const WaveletFilterBank> waveletFilterBanks();

/// Returns the filter bank named `name`, or nullptr when PyWavelets has no
/// discrete wavelet of that name.
const WaveletFilterBank* findWaveletFilterBank(std::string_view name);

/// The wavelet families with their member names, for error messages:
/// "haar, dmey, db1-db38, sym2-sym20, coif1-coif17, bior1.1 ... bior6.8, rbio1.1 ... rbio6.8".
std::string waveletFamilyList();

}  // namespace pulmorad::radiomics::filters
