#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace pulmorad::learn {

/// A train/test partition of the patients, recorded so that every later step
/// (and the run record) can name which patients were held out.
struct TrainTestSplit {
    std::vector<std::size_t> trainRows;  ///< row indices, ascending
    std::vector<std::size_t> testRows;   ///< row indices, ascending
    double trainFraction = 0.0;
    std::uint64_t seed = 0;
};

/// Splits the rows class by class: a class of \f$n_c\f$ patients puts
/// \f$\lfloor n_c r + 1/2 \rfloor\f$ of them in the training set (rounded half
/// up, so 70 and 45 patients at r = 0.7 give 49 + 32 = 81 training and 34
/// test patients), chosen by a seeded shuffle of that class's rows.
/// `labels` are 0/1. Throws InputError when r is outside (0, 1) or a class
/// would have no patient in the training or the test set.
TrainTestSplit stratifiedSplit(std::span<const int> labels, double trainFraction, std::uint64_t seed);

/// Assigns each sample to one of `foldCount` folds as scikit-learn 1.2's
/// StratifiedKFold: classes are coded in order of first appearance, the
/// sorted codes are dealt round-robin to the folds to fix each fold's class
/// counts, and each class's samples (in row order) fill the folds in
/// contiguous blocks. With `shuffleSeed` the block labels of each class are
/// first shuffled with numpy's RandomState(seed), which reproduces
/// StratifiedKFold(shuffle=True, random_state=seed). Returns the 0-based fold
/// of every sample. Throws InputError when a class has fewer samples than
/// folds.
std::vector<int> stratifiedFolds(std::span<const int> labels, int foldCount,
                                 std::optional<std::uint32_t> shuffleSeed);

/// Number of samples of each class (index = label value 0 or 1).
std::vector<std::size_t> classCounts(std::span<const int> labels);

}  // namespace pulmorad::learn
