#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "learn/classifier.h"

struct svm_model;

namespace pulmorad::learn {

/// Platt's sigmoid \f$ P(1 \mid f) = 1/(1+e^{Af+B}) \f$ fitted to decision
/// values by the Newton method with backtracking of Lin, Lin and Weng (2007),
/// with the regularised targets \f$ (N_1+1)/(N_1+2) \f$ for class 1 and
/// \f$ 1/(N_0+2) \f$ for class 0.
struct PlattSigmoid {
    double a = 0.0;
    double b = 0.0;
    double probability(double decisionValue) const;
};

PlattSigmoid fitPlattSigmoid(const std::vector<double>& decisionValues, const std::vector<int>& labels);

/// C-support vector classifier with the RBF kernel
/// \f$ K(u,v) = e^{-\gamma \lVert u-v \rVert^2} \f$, trained by libsvm
/// (tolerance 1e-3, shrinking on). Probabilities come from a Platt sigmoid
/// fitted to 5-fold cross-validated decision values (folds stratified and
/// seeded), computed here rather than by libsvm so that they do not depend on
/// the C library's rand().
class SupportVectorMachine : public Classifier {
public:
    /// `gamma` <= 0 means 1 / (number of features), e1071's default.
    SupportVectorMachine(double cost, double gamma, std::uint64_t seed);
    ~SupportVectorMachine() override;

    void fit(const Eigen::MatrixXd& x, std::span<const int> y) override;
    std::vector<double> predictProbability(const Eigen::MatrixXd& x) const override;

    nlohmann::json toJson() const override;
    /// Rebuilds the libsvm model and the Platt sigmoid from the "state" of
    /// toJson(); InputError when malformed.
    void restore(const nlohmann::json& state);

    /// libsvm decision values, signed so that positive means class 1.
    std::vector<double> decisionValues(const Eigen::MatrixXd& x) const;

    const PlattSigmoid& sigmoid() const { return sigmoid_; }

private:
    struct Trained;
    static std::unique_ptr<Trained> train(const Eigen::MatrixXd& x, std::span<const int> y, double cost,
                                          double gamma);

    double cost_;
    double gamma_;
    std::uint64_t seed_;
    std::unique_ptr<Trained> trained_;
    PlattSigmoid sigmoid_;
};

}  // namespace pulmorad::learn
