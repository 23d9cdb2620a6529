#include "learn/split.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "common/errors.h"
#include "learn/random.h"

namespace pulmorad::learn {

std::vector<std::size_t> classCounts(std::span<const int> labels) {
    std::vector<std::size_t> counts(2, 0);
    for (const int label : labels) {
        requireInput(label == 0 || label == 1,
                     "outcome value " + std::to_string(label) + " is not 0 or 1; code the outcome as 0/1");
        ++counts[static_cast<std::size_t>(label)];
    }
    return counts;
}

TrainTestSplit stratifiedSplit(std::span<const int> labels, double trainFraction, std::uint64_t seed) {
    requireInput(trainFraction > 0.0 && trainFraction < 1.0,
                 "split ratio " + std::to_string(trainFraction) + " is outside (0, 1); use e.g. 0.7");
    const auto counts = classCounts(labels);

    TrainTestSplit split;
    split.trainFraction = trainFraction;
    split.seed = seed;
    SeededRandom random(seed);
    for (int label = 0; label <= 1; ++label) {
        std::vector<std::size_t> rows;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (labels[i] == label) {
                rows.push_back(i);
            }
        }
        // The small allowance makes products such as 45 x 0.7 = 31.499999999999996
        // round up as the decimal value 31.5 does.
        const double exactCount = static_cast<double>(rows.size()) * trainFraction;
        const auto trainCount = static_cast<std::size_t>(std::floor(exactCount + 0.5 + 1e-9));
        requireInput(
            trainCount >= 1 && trainCount < rows.size(),
            "outcome class " + std::to_string(label) + " has " + std::to_string(rows.size()) +
                " patients, too few to put at least one in both the training and the test set at ratio " +
                std::to_string(trainFraction) + "; collect more patients of that class or change the ratio");
        random.shuffle(rows);
        split.trainRows.insert(split.trainRows.end(), rows.begin(),
                               rows.begin() + static_cast<std::ptrdiff_t>(trainCount));
        split.testRows.insert(split.testRows.end(), rows.begin() + static_cast<std::ptrdiff_t>(trainCount),
                              rows.end());
    }
    std::sort(split.trainRows.begin(), split.trainRows.end());
    std::sort(split.testRows.begin(), split.testRows.end());
    return split;
}

std::vector<int> stratifiedFolds(std::span<const int> labels, int foldCount,
                                 std::optional<std::uint32_t> shuffleSeed) {
    requireInput(foldCount >= 2,
                 "fold count " + std::to_string(foldCount) + " is below 2; use 5 or 10 folds");
    const auto folds = static_cast<std::size_t>(foldCount);

    // Class codes in order of first appearance.
    std::vector<int> codeOfLabel;
    std::vector<std::size_t> code(labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        auto found = std::find(codeOfLabel.begin(), codeOfLabel.end(), labels[i]);
        if (found == codeOfLabel.end()) {
            codeOfLabel.push_back(labels[i]);
            found = codeOfLabel.end() - 1;
        }
        code[i] = static_cast<std::size_t>(found - codeOfLabel.begin());
    }
    const std::size_t classCount = codeOfLabel.size();
    std::vector<std::size_t> countOfCode(classCount, 0);
    for (const std::size_t c : code) {
        ++countOfCode[c];
    }
    for (std::size_t c = 0; c < classCount; ++c) {
        requireInput(countOfCode[c] >= folds,
                     "outcome class " + std::to_string(codeOfLabel[c]) + " has " +
                         std::to_string(countOfCode[c]) + " patients, fewer than the " +
                         std::to_string(foldCount) +
                         " cross-validation folds; use fewer folds or more patients of that class");
    }

    // Dealing the sorted codes round-robin: fold f receives sorted positions
    // f, f + K, f + 2K, ...
    std::vector<std::size_t> sortedCodes(code);
    std::sort(sortedCodes.begin(), sortedCodes.end());
    std::vector<std::vector<std::size_t>> allocation(folds, std::vector<std::size_t>(classCount, 0));
    for (std::size_t position = 0; position < sortedCodes.size(); ++position) {
        ++allocation[position % folds][sortedCodes[position]];
    }

    std::optional<NumpyRandomState> random;
    if (shuffleSeed) {
        random.emplace(*shuffleSeed);
    }
    std::vector<int> foldOfSample(labels.size(), -1);
    for (std::size_t c = 0; c < classCount; ++c) {
        std::vector<int> blockLabels;
        for (std::size_t f = 0; f < folds; ++f) {
            blockLabels.insert(blockLabels.end(), allocation[f][c], static_cast<int>(f));
        }
        if (random) {
            random->shuffle(blockLabels);
        }
        std::size_t next = 0;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (code[i] == c) {
                foldOfSample[i] = blockLabels[next++];
            }
        }
    }
    return foldOfSample;
}

}  // namespace pulmorad::learn
