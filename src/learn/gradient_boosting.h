#pragma once

#include <memory>
#include <string>
#include <vector>

#include "learn/classifier.h"

namespace pulmorad::learn {

/// Settings of an XGBoost model (XGBoost's parameter names in brackets).
struct BoostingOptions {
    double learningRate = 0.3;    ///< [eta]
    int maxDepth = 6;             ///< [max_depth]; 0 = no limit (leaf-wise only)
    int rounds = 100;             ///< boosting rounds
    double subsample = 1.0;       ///< row fraction per tree [subsample]
    double columnSample = 1.0;    ///< feature fraction per tree [colsample_bytree]
    double minChildWeight = 1.0;  ///< minimum hessian sum in a leaf [min_child_weight]
    /// LightGBM-style growth: histogram method with leaf-wise (loss-guided)
    /// growth limited by maxLeaves [tree_method=hist, grow_policy=lossguide].
    bool leafWise = false;
    int maxLeaves = 31;  ///< [max_leaves], leaf-wise only
};

/// Gradient-boosted trees for the logistic loss through XGBoost's C API
/// (1.7). Training uses one thread and a fixed seed, so results do not
/// depend on the machine's thread count.
class GradientBoosting : public Classifier {
public:
    GradientBoosting(const BoostingOptions& options, std::uint64_t seed);
    ~GradientBoosting() override;
    GradientBoosting(const GradientBoosting&) = delete;
    GradientBoosting& operator=(const GradientBoosting&) = delete;

    void fit(const Eigen::MatrixXd& x, std::span<const int> y) override;
    std::vector<double> predictProbability(const Eigen::MatrixXd& x) const override;

    nlohmann::json toJson() const override;
    /// XGBoost's TreeSHAP contributions to the log-odds margin (contributions()).
    Eigen::MatrixXd shapValues(const Eigen::MatrixXd& x) const override { return contributions(x); }
    std::string shapOutput() const override { return "log-odds margin"; }
    /// Loads the booster from the "state" of toJson() (XGBoost's JSON model);
    /// InputError when XGBoost rejects it.
    void restore(const nlohmann::json& state);

    /// Log-odds margin per row.
    std::vector<double> margin(const Eigen::MatrixXd& x) const;

    /// TreeSHAP contributions to the margin from XGBoost: n x (p + 1), the
    /// last column the bias (expected margin); each row sums to margin().
    Eigen::MatrixXd contributions(const Eigen::MatrixXd& x) const;

    /// The model in XGBoost's JSON format.
    std::string modelJson() const;

private:
    std::vector<float> predict(const Eigen::MatrixXd& x, int type) const;

    BoostingOptions options_;
    std::uint64_t seed_;
    int featureCount_ = 0;
    void* booster_ = nullptr;
    void* trainingMatrix_ = nullptr;
};

}  // namespace pulmorad::learn
