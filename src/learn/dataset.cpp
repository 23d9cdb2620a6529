#include "learn/dataset.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "common/errors.h"
#include "common/number_format.h"
#include "stats/descriptive.h"
#include "table/table.h"

namespace pulmorad::learn {

namespace {

std::string rowLabel(const table::Table& table, std::size_t row) {
    return table.idsGenerated() ? "row " + std::to_string(row + 1) : "patient " + table.ids()[row];
}

}  // namespace

Dataset loadDataset(const std::filesystem::path& path, const DatasetOptions& options) {
    table::ReadOptions readOptions;
    readOptions.idColumn = options.idColumn;
    const table::Table table = table::Table::readCsv(path, readOptions);

    Dataset data;
    data.source = path.string();
    data.ids = table.ids();
    data.outcomeName = options.outcome;
    requireInput(table.hasColumn(options.outcome), "outcome column '" + options.outcome + "' is not in " +
                                                       data.source +
                                                       "; name the 0/1 outcome column with --outcome");
    for (const std::string& column : options.exclude) {
        requireInput(table.hasColumn(column), "--exclude column '" + column + "' is not in " + data.source +
                                                  "; check the spelling (names are case-sensitive)");
    }

    const std::vector<double> outcome = table.numeric(options.outcome);
    for (std::size_t i = 0; i < outcome.size(); ++i) {
        requireInput(outcome[i] == 0.0 || outcome[i] == 1.0,
                     "outcome column '" + options.outcome + "' has value '" + table.text(options.outcome)[i] +
                         "' at " + rowLabel(table, i) + " in " + data.source +
                         "; code the outcome as 0/1 and remove patients without an outcome");
        data.y.push_back(static_cast<int>(outcome[i]));
    }

    if (!options.foldColumn.empty()) {
        requireInput(
            table.hasColumn(options.foldColumn),
            "--foldid column '" + options.foldColumn + "' is not in " + data.source + "; check the spelling");
        data.foldColumnName = options.foldColumn;
        const std::vector<double> folds = table.numeric(options.foldColumn);
        for (std::size_t i = 0; i < folds.size(); ++i) {
            requireInput(std::isfinite(folds[i]) && folds[i] >= 1.0 && std::floor(folds[i]) == folds[i],
                         "fold column '" + options.foldColumn + "' has value '" +
                             table.text(options.foldColumn)[i] + "' at " + rowLabel(table, i) +
                             "; give every patient a fold number 1, 2, ..., K");
            data.folds.push_back(static_cast<int>(folds[i]) - 1);
        }
    }

    const std::set<std::string> nonFeatures = [&] {
        std::set<std::string> names(options.exclude.begin(), options.exclude.end());
        names.insert(options.outcome);
        if (!options.foldColumn.empty()) {
            names.insert(options.foldColumn);
        }
        return names;
    }();
    for (const std::string& column : table.dataColumnNames()) {
        if (nonFeatures.count(column) == 0) {
            data.featureNames.push_back(column);
        }
    }
    requireInput(!data.featureNames.empty(), data.source +
                                                 " has no feature columns besides the outcome; "
                                                 "check --exclude and the outcome column");

    data.x.resize(static_cast<Eigen::Index>(table.rowCount()),
                  static_cast<Eigen::Index>(data.featureNames.size()));
    for (std::size_t j = 0; j < data.featureNames.size(); ++j) {
        const std::string& column = data.featureNames[j];
        const std::vector<std::string>& cells = table.text(column);
        for (std::size_t i = 0; i < cells.size(); ++i) {
            double value = std::numeric_limits<double>::quiet_NaN();
            if (!table.isMissing(column, i)) {
                requireInput(parseDouble(cells[i], value),
                             "feature column '" + column + "' has the text '" + cells[i] + "' at " +
                                 rowLabel(table, i) + " in " + data.source +
                                 "; correct the cell or leave the column out with --exclude " + column);
            }
            requireInput(!std::isnan(value) || options.imputeMedian,
                         "feature column '" + column + "' has a missing or NaN value at " +
                             rowLabel(table, i) + " in " + data.source +
                             "; fill it in, leave the column out with --exclude " + column +
                             ", or use --impute median");
            data.x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = value;
        }
    }
    spdlog::info("Read {}: {} patients ({} with {} = 1), {} features", data.source, data.ids.size(),
                 std::count(data.y.begin(), data.y.end(), 1), options.outcome, data.featureNames.size());
    return data;
}

PreparedData prepareData(const Dataset& data, double trainFraction, std::uint64_t seed, int foldCount,
                         bool logSplit) {
    PreparedData prepared;
    prepared.split = stratifiedSplit(data.y, trainFraction, seed);
    const auto& trainRows = prepared.split.trainRows;
    const auto& testRows = prepared.split.testRows;
    spdlog::log(logSplit ? spdlog::level::info : spdlog::level::debug,
                "Split (seed {}, training fraction {}): {} training and {} test patients", seed, trainFraction,
                trainRows.size(), testRows.size());

    std::vector<Eigen::Index> keptColumns;
    for (Eigen::Index j = 0; j < data.x.cols(); ++j) {
        const std::string& name = data.featureNames[static_cast<std::size_t>(j)];
        // Imputation uses training rows only, so test values never reach a fitted quantity.
        std::vector<double> observed;
        for (const std::size_t row : trainRows) {
            const double value = data.x(static_cast<Eigen::Index>(row), j);
            if (!std::isnan(value)) {
                observed.push_back(value);
            }
        }
        if (observed.empty() || std::all_of(observed.begin(), observed.end(),
                                            [&](double value) { return value == observed.front(); })) {
            spdlog::warn("feature '{}' is constant in the training set; it is dropped", name);
            prepared.droppedConstant.push_back(name);
            continue;
        }
        keptColumns.push_back(j);
        prepared.featureNames.push_back(name);
        prepared.imputationMedians.push_back(stats::median(observed));
    }
    requireInput(!keptColumns.empty(),
                 "every feature of " + data.source + " is constant in the training set");

    const auto extract = [&](const std::vector<std::size_t>& rows, Eigen::MatrixXd& x, std::vector<int>& y,
                             std::vector<std::string>& ids) {
        x.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(keptColumns.size()));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            y.push_back(data.y[rows[r]]);
            ids.push_back(data.ids[rows[r]]);
            for (std::size_t c = 0; c < keptColumns.size(); ++c) {
                double value = data.x(static_cast<Eigen::Index>(rows[r]), keptColumns[c]);
                if (std::isnan(value)) {
                    value = prepared.imputationMedians[c];
                    ++prepared.imputedCells;
                }
                x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = value;
            }
        }
    };
    extract(trainRows, prepared.train, prepared.yTrain, prepared.trainIds);
    extract(testRows, prepared.test, prepared.yTest, prepared.testIds);
    if (prepared.imputedCells > 0) {
        spdlog::info("Imputed {} missing cells with training medians (--impute median)",
                     prepared.imputedCells);
    }

    if (!data.folds.empty()) {
        for (const std::size_t row : trainRows) {
            prepared.trainFolds.push_back(data.folds[row]);
        }
        std::set<int> used(prepared.trainFolds.begin(), prepared.trainFolds.end());
        const int largest = *used.rbegin() + 1;
        requireInput(used.size() >= 2 && static_cast<int>(used.size()) == largest,
                     "fold column '" + data.foldColumnName +
                         "' must number the training patients' folds 1..K without gaps, K >= 2; found " +
                         std::to_string(used.size()) + " distinct folds up to " + std::to_string(largest));
    } else {
        const auto counts = classCounts(prepared.yTrain);
        for (int label = 0; label <= 1; ++label) {
            requireInput(
                counts[static_cast<std::size_t>(label)] >= static_cast<std::size_t>(foldCount),
                "outcome column '" + data.outcomeName + "' has only " +
                    std::to_string(counts[static_cast<std::size_t>(label)]) +
                    " training patients with value " + std::to_string(label) + ", fewer than the " +
                    std::to_string(foldCount) + " cross-validation folds; use --folds " +
                    std::to_string(std::max<std::size_t>(2, counts[static_cast<std::size_t>(label)])) +
                    " or fewer, or add patients");
        }
        prepared.trainFolds =
            stratifiedFolds(prepared.yTrain, foldCount, static_cast<std::uint32_t>(seed & 0xffffffffu));
    }
    return prepared;
}

}  // namespace pulmorad::learn
