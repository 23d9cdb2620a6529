#include "learn/gradient_boosting.h"

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/errors.h"
#include "learn/model_json.h"

namespace pulmorad::learn {

namespace {

void check(int status, const char* call) {
    if (status != 0) {
        throw std::runtime_error(std::string("XGBoost ") + call + " failed: " + XGBGetLastError());
    }
}

// Row-major float copy of `x`, the layout XGDMatrixCreateFromMat expects.
DMatrixHandle makeMatrix(const Eigen::MatrixXd& x) {
    std::vector<float> values(static_cast<std::size_t>(x.rows() * x.cols()));
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.cols(); ++j) {
            values[static_cast<std::size_t>(i * x.cols() + j)] = static_cast<float>(x(i, j));
        }
    }
    DMatrixHandle matrix = nullptr;
    check(XGDMatrixCreateFromMat(values.data(), static_cast<bst_ulong>(x.rows()),
                                 static_cast<bst_ulong>(x.cols()), std::numeric_limits<float>::quiet_NaN(),
                                 &matrix),
          "XGDMatrixCreateFromMat");
    return matrix;
}

std::string formatParameter(double value) {
    std::string text = std::to_string(value);
    return text;
}

}  // namespace

GradientBoosting::GradientBoosting(const BoostingOptions& options, std::uint64_t seed)
    : options_(options), seed_(seed) {
    requireInput(options.learningRate > 0.0 && options.learningRate <= 1.0,
                 "boosting learning rate " + std::to_string(options.learningRate) + " is outside (0, 1]");
    requireInput(options.rounds >= 1, "boosting rounds must be at least 1");
    requireInput(options.subsample > 0.0 && options.subsample <= 1.0, "subsample must lie in (0, 1]");
    requireInput(options.columnSample > 0.0 && options.columnSample <= 1.0,
                 "colsample_bytree must lie in (0, 1]");
    requireInput(!options.leafWise || options.maxLeaves >= 2, "max_leaves must be at least 2");
}

GradientBoosting::~GradientBoosting() {
    if (booster_ != nullptr) {
        XGBoosterFree(booster_);
    }
    if (trainingMatrix_ != nullptr) {
        XGDMatrixFree(trainingMatrix_);
    }
}

void GradientBoosting::fit(const Eigen::MatrixXd& x, std::span<const int> y) {
    if (booster_ != nullptr) {
        XGBoosterFree(booster_);
        booster_ = nullptr;
    }
    if (trainingMatrix_ != nullptr) {
        XGDMatrixFree(trainingMatrix_);
        trainingMatrix_ = nullptr;
    }
    featureCount_ = static_cast<int>(x.cols());
    trainingMatrix_ = makeMatrix(x);
    std::vector<float> labels(y.begin(), y.end());
    check(
        XGDMatrixSetFloatInfo(trainingMatrix_, "label", labels.data(), static_cast<bst_ulong>(labels.size())),
        "XGDMatrixSetFloatInfo");
    check(XGBoosterCreate(&trainingMatrix_, 1, &booster_), "XGBoosterCreate");

    const auto set = [this](const char* name, const std::string& value) {
        check(XGBoosterSetParam(booster_, name, value.c_str()), "XGBoosterSetParam");
    };
    set("objective", "binary:logistic");
    set("verbosity", "0");
    set("nthread", "1");
    set("seed", std::to_string(seed_ % 2147483647u));
    set("eta", formatParameter(options_.learningRate));
    set("subsample", formatParameter(options_.subsample));
    set("colsample_bytree", formatParameter(options_.columnSample));
    set("min_child_weight", formatParameter(options_.minChildWeight));
    if (options_.leafWise) {
        set("tree_method", "hist");
        set("grow_policy", "lossguide");
        set("max_leaves", std::to_string(options_.maxLeaves));
        set("max_depth", std::to_string(options_.maxDepth));
    } else {
        set("tree_method", "exact");
        set("max_depth", std::to_string(options_.maxDepth));
    }
    for (int round = 0; round < options_.rounds; ++round) {
        check(XGBoosterUpdateOneIter(booster_, round, trainingMatrix_), "XGBoosterUpdateOneIter");
    }
}

std::vector<float> GradientBoosting::predict(const Eigen::MatrixXd& x, int type) const {
    if (booster_ == nullptr) {
        throw std::logic_error("GradientBoosting used before fit()");
    }
    requireInput(x.cols() == featureCount_, "the model was fitted on " + std::to_string(featureCount_) +
                                                " features but " + std::to_string(x.cols()) +
                                                " were given; pass the features the model was trained on");
    DMatrixHandle matrix = makeMatrix(x);
    const std::string config = "{\"type\": " + std::to_string(type) +
                               ", \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, "
                               "\"strict_shape\": false}";
    const bst_ulong* shape = nullptr;
    bst_ulong dimension = 0;
    const float* result = nullptr;
    const int status =
        XGBoosterPredictFromDMatrix(booster_, matrix, config.c_str(), &shape, &dimension, &result);
    if (status != 0) {
        XGDMatrixFree(matrix);
        check(status, "XGBoosterPredictFromDMatrix");
    }
    bst_ulong size = 1;
    for (bst_ulong d = 0; d < dimension; ++d) {
        size *= shape[d];
    }
    // The buffer belongs to the booster and is overwritten by the next
    // prediction, so it is copied before anything else happens.
    std::vector<float> values(result, result + size);
    XGDMatrixFree(matrix);
    return values;
}

std::vector<double> GradientBoosting::predictProbability(const Eigen::MatrixXd& x) const {
    const std::vector<float> values = predict(x, 0);
    return std::vector<double>(values.begin(), values.end());
}

std::vector<double> GradientBoosting::margin(const Eigen::MatrixXd& x) const {
    const std::vector<float> values = predict(x, 1);
    return std::vector<double>(values.begin(), values.end());
}

Eigen::MatrixXd GradientBoosting::contributions(const Eigen::MatrixXd& x) const {
    const std::vector<float> values = predict(x, 2);
    const Eigen::Index columns = x.cols() + 1;
    if (static_cast<Eigen::Index>(values.size()) != x.rows() * columns) {
        throw std::runtime_error("XGBoost returned an unexpected number of SHAP contributions");
    }
    Eigen::MatrixXd result(x.rows(), columns);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < columns; ++j) {
            result(i, j) = values[static_cast<std::size_t>(i * columns + j)];
        }
    }
    return result;
}

std::string GradientBoosting::modelJson() const {
    if (booster_ == nullptr) {
        throw std::logic_error("GradientBoosting used before fit()");
    }
    bst_ulong length = 0;
    const char* buffer = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, "{\"format\": \"json\"}", &length, &buffer),
          "XGBoosterSaveModelToBuffer");
    return std::string(buffer, length);
}

nlohmann::json GradientBoosting::toJson() const {
    nlohmann::json hyperparameters{{"learning_rate", options_.learningRate},
                                   {"max_depth", options_.maxDepth},
                                   {"n_estimators", options_.rounds},
                                   {"subsample", options_.subsample},
                                   {"colsample_bytree", options_.columnSample},
                                   {"min_child_weight", options_.minChildWeight}};
    if (options_.leafWise) {
        hyperparameters["num_leaves"] = options_.maxLeaves;
    }
    return {{"model", options_.leafWise ? "lightgbm" : "xgboost"},
            {"hyperparameters", hyperparameters},
            {"seed", seed_},
            {"state", {{"feature_count", featureCount_}, {"xgboost_model", nlohmann::json::parse(modelJson())}}}};
}

void GradientBoosting::restore(const nlohmann::json& state) {
    const int featureCount = requireMember(state, "feature_count", "the boosting state").get<int>();
    requireInput(featureCount > 0, "model JSON: the boosting state has feature_count " +
                                       std::to_string(featureCount) + "; use a model file written by pulmorad train");
    const std::string text = requireMember(state, "xgboost_model", "the boosting state").dump();
    if (booster_ != nullptr) {
        XGBoosterFree(booster_);
        booster_ = nullptr;
    }
    if (trainingMatrix_ != nullptr) {
        XGDMatrixFree(trainingMatrix_);
        trainingMatrix_ = nullptr;
    }
    check(XGBoosterCreate(nullptr, 0, &booster_), "XGBoosterCreate");
    if (XGBoosterLoadModelFromBuffer(booster_, text.data(), static_cast<bst_ulong>(text.size())) != 0) {
        std::string reason = XGBGetLastError();
        std::replace(reason.begin(), reason.end(), '\n', ' ');
        XGBoosterFree(booster_);
        booster_ = nullptr;
        throw InputError("model JSON: XGBoost cannot load the xgboost_model field (" + reason.substr(0, 200) +
                         "); use a model file written by pulmorad train without editing it");
    }
    check(XGBoosterSetParam(booster_, "nthread", "1"), "XGBoosterSetParam");
    featureCount_ = featureCount;
}

}  // namespace pulmorad::learn
