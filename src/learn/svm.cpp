#include "learn/svm.h"

#include <libsvm/svm.h>

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "common/errors.h"
#include "learn/model_json.h"
#include "learn/split.h"

namespace pulmorad::learn {

namespace {

void discardLibsvmOutput(const char*) {}

std::vector<svm_node> denseNodes(const Eigen::MatrixXd& x, Eigen::Index row) {
    std::vector<svm_node> nodes;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        nodes.push_back(svm_node{static_cast<int>(j + 1), x(row, j)});
    }
    nodes.push_back(svm_node{-1, 0.0});
    return nodes;
}

}  // namespace

double PlattSigmoid::probability(double decisionValue) const {
    const double exponent = decisionValue * a + b;
    // Two algebraically equal forms, each stable on its side of zero.
    if (exponent >= 0.0) {
        return std::exp(-exponent) / (1.0 + std::exp(-exponent));
    }
    return 1.0 / (1.0 + std::exp(exponent));
}

PlattSigmoid fitPlattSigmoid(const std::vector<double>& decisionValues, const std::vector<int>& labels) {
    const std::size_t n = decisionValues.size();
    double positives = 0.0;
    for (const int label : labels) {
        positives += label;
    }
    const double negatives = static_cast<double>(n) - positives;
    const double highTarget = (positives + 1.0) / (positives + 2.0);
    const double lowTarget = 1.0 / (negatives + 2.0);
    std::vector<double> targets(n);
    for (std::size_t i = 0; i < n; ++i) {
        targets[i] = labels[i] == 1 ? highTarget : lowTarget;
    }

    // The negative log-likelihood F(A, B), evaluated without overflow.
    const auto objective = [&](double a, double b) {
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double f = decisionValues[i] * a + b;
            total += f >= 0.0 ? targets[i] * f + std::log1p(std::exp(-f))
                              : (targets[i] - 1.0) * f + std::log1p(std::exp(f));
        }
        return total;
    };

    constexpr int kMaxIterations = 100;
    constexpr double kMinStep = 1e-10;
    constexpr double kHessianRidge = 1e-12;
    constexpr double kGradientTolerance = 1e-5;
    PlattSigmoid sigmoid{0.0, std::log((negatives + 1.0) / (positives + 1.0))};
    double value = objective(sigmoid.a, sigmoid.b);
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        double h11 = kHessianRidge;
        double h22 = kHessianRidge;
        double h21 = 0.0;
        double g1 = 0.0;
        double g2 = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            const double f = decisionValues[i] * sigmoid.a + sigmoid.b;
            double p = 0.0;  // 1 / (1 + e^f)
            double q = 0.0;  // e^f / (1 + e^f)
            if (f >= 0.0) {
                p = std::exp(-f) / (1.0 + std::exp(-f));
                q = 1.0 / (1.0 + std::exp(-f));
            } else {
                p = 1.0 / (1.0 + std::exp(f));
                q = std::exp(f) / (1.0 + std::exp(f));
            }
            const double d2 = p * q;
            h11 += decisionValues[i] * decisionValues[i] * d2;
            h22 += d2;
            h21 += decisionValues[i] * d2;
            const double d1 = targets[i] - p;
            g1 += decisionValues[i] * d1;
            g2 += d1;
        }
        if (std::abs(g1) < kGradientTolerance && std::abs(g2) < kGradientTolerance) {
            break;
        }
        // Newton direction, then backtracking until the sufficient-decrease test passes.
        const double determinant = h11 * h22 - h21 * h21;
        const double stepA = -(h22 * g1 - h21 * g2) / determinant;
        const double stepB = -(-h21 * g1 + h11 * g2) / determinant;
        const double slope = g1 * stepA + g2 * stepB;
        double step = 1.0;
        while (step >= kMinStep) {
            const double newA = sigmoid.a + step * stepA;
            const double newB = sigmoid.b + step * stepB;
            const double newValue = objective(newA, newB);
            if (newValue < value + 1e-4 * step * slope) {
                sigmoid = PlattSigmoid{newA, newB};
                value = newValue;
                break;
            }
            step /= 2.0;
        }
        if (step < kMinStep) {
            break;
        }
    }
    return sigmoid;
}

struct SupportVectorMachine::Trained {
    std::vector<std::vector<svm_node>> rows;
    std::vector<svm_node*> rowPointers;
    std::vector<double> targets;
    svm_parameter parameter{};
    svm_model* model = nullptr;
    double sign = 1.0;  // +1 when libsvm's first label is class 1
    Eigen::Index featureCount = 0;

    ~Trained() {
        if (model != nullptr) {
            svm_free_and_destroy_model(&model);
        }
    }

    /// Stores the rows of `x` as libsvm nodes, with rowPointers to them, and
    /// the C-SVC parameters with the RBF kernel. Training and restoring a
    /// model both build their libsvm problem here.
    void setProblem(const Eigen::MatrixXd& x, double cost, double gamma) {
        featureCount = x.cols();
        rows.clear();
        rowPointers.clear();
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            rows.push_back(denseNodes(x, i));
        }
        for (auto& row : rows) {
            rowPointers.push_back(row.data());
        }
        parameter.svm_type = C_SVC;
        parameter.kernel_type = RBF;
        parameter.gamma = gamma;
        parameter.cache_size = 100.0;
        parameter.eps = 1e-3;
        parameter.C = cost;
        parameter.shrinking = 1;
        parameter.probability = 0;
    }

    double decisionValue(const Eigen::MatrixXd& x, Eigen::Index row) const {
        const std::vector<svm_node> nodes = denseNodes(x, row);
        double value = 0.0;
        svm_predict_values(model, nodes.data(), &value);
        return sign * value;
    }
};

SupportVectorMachine::SupportVectorMachine(double cost, double gamma, std::uint64_t seed)
    : cost_(cost), gamma_(gamma), seed_(seed) {
    requireInput(cost > 0.0, "SVM cost C = " + std::to_string(cost) + " is invalid; use C > 0");
}

SupportVectorMachine::~SupportVectorMachine() = default;

std::unique_ptr<SupportVectorMachine::Trained> SupportVectorMachine::train(const Eigen::MatrixXd& x,
                                                                           std::span<const int> y,
                                                                           double cost, double gamma) {
    auto trained = std::make_unique<Trained>();
    trained->setProblem(x, cost, gamma);
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        trained->targets.push_back(static_cast<double>(y[static_cast<std::size_t>(i)]));
    }
    svm_problem problem{static_cast<int>(x.rows()), trained->targets.data(), trained->rowPointers.data()};
    if (const char* message = svm_check_parameter(&problem, &trained->parameter)) {
        throw std::runtime_error(std::string("libsvm rejected the parameters: ") + message);
    }
    svm_set_print_string_function(&discardLibsvmOutput);
    trained->model = svm_train(&problem, &trained->parameter);
    int labels[2] = {0, 0};
    svm_get_labels(trained->model, labels);
    trained->sign = labels[0] == 1 ? 1.0 : -1.0;
    return trained;
}

void SupportVectorMachine::fit(const Eigen::MatrixXd& x, std::span<const int> y) {
    const double gamma = gamma_ > 0.0 ? gamma_ : 1.0 / static_cast<double>(x.cols());
    trained_ = train(x, y, cost_, gamma);

    // Platt scaling on 5-fold cross-validated decision values.
    const std::vector<int> folds = stratifiedFolds(y, 5, static_cast<std::uint32_t>(seed_ & 0xffffffffu));
    std::vector<double> heldOutValues(y.size());
    for (int fold = 0; fold < 5; ++fold) {
        std::vector<Eigen::Index> trainRows;
        std::vector<Eigen::Index> testRows;
        std::vector<int> trainLabels;
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (folds[i] == fold) {
                testRows.push_back(static_cast<Eigen::Index>(i));
            } else {
                trainRows.push_back(static_cast<Eigen::Index>(i));
                trainLabels.push_back(y[i]);
            }
        }
        const Eigen::MatrixXd foldTest = x(testRows, Eigen::all);
        const auto foldModel = train(x(trainRows, Eigen::all), trainLabels, cost_, gamma);
        for (std::size_t r = 0; r < testRows.size(); ++r) {
            heldOutValues[static_cast<std::size_t>(testRows[r])] =
                foldModel->decisionValue(foldTest, static_cast<Eigen::Index>(r));
        }
    }
    sigmoid_ = fitPlattSigmoid(heldOutValues, std::vector<int>(y.begin(), y.end()));
}

std::vector<double> SupportVectorMachine::decisionValues(const Eigen::MatrixXd& x) const {
    if (!trained_) {
        throw std::logic_error("SupportVectorMachine used before fit()");
    }
    requireInput(x.cols() == trained_->featureCount,
                 "the model was fitted on " + std::to_string(trained_->featureCount) + " features but " +
                     std::to_string(x.cols()) + " were given; pass the features the model was trained on");
    std::vector<double> values;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        values.push_back(trained_->decisionValue(x, i));
    }
    return values;
}

std::vector<double> SupportVectorMachine::predictProbability(const Eigen::MatrixXd& x) const {
    std::vector<double> probabilities;
    for (const double value : decisionValues(x)) {
        probabilities.push_back(sigmoid_.probability(value));
    }
    return probabilities;
}

nlohmann::json SupportVectorMachine::toJson() const {
    if (!trained_) {
        throw std::logic_error("SupportVectorMachine used before fit()");
    }
    const svm_model& model = *trained_->model;
    nlohmann::json vectors = nlohmann::json::array();
    std::vector<double> coefficients;
    for (int i = 0; i < model.l; ++i) {
        std::vector<double> values;
        for (const svm_node* node = model.SV[i]; node->index != -1; ++node) {
            // The rows are dense (denseNodes), so index j + 1 contains feature j.
            if (node->index != static_cast<int>(values.size()) + 1) {
                throw std::logic_error("SupportVectorMachine: a support vector is not dense");
            }
            values.push_back(node->value);
        }
        vectors.push_back(values);
        coefficients.push_back(model.sv_coef[0][i]);
    }
    return {{"model", "svm"},
            {"hyperparameters", {{"C", cost_}, {"gamma", gamma_}}},
            {"seed", seed_},
            {"state",
             {{"feature_count", trained_->featureCount},
              {"gamma", model.param.gamma},
              {"labels", {model.label[0], model.label[1]}},
              {"support_vector_counts", {model.nSV[0], model.nSV[1]}},
              {"support_vectors", vectors},
              {"coefficients", coefficients},
              {"rho", model.rho[0]},
              {"platt_a", sigmoid_.a},
              {"platt_b", sigmoid_.b}}}};
}

void SupportVectorMachine::restore(const nlohmann::json& state) {
    const std::string where = "the SVM state";
    const auto featureCount = requireMember(state, "feature_count", where).get<Eigen::Index>();
    const double gamma = requireMember(state, "gamma", where).get<double>();
    const auto labels = requireMember(state, "labels", where).get<std::vector<int>>();
    const auto counts = requireMember(state, "support_vector_counts", where).get<std::vector<int>>();
    const auto vectors = requireMember(state, "support_vectors", where).get<std::vector<std::vector<double>>>();
    const auto coefficients = requireMember(state, "coefficients", where).get<std::vector<double>>();
    const double rho = requireMember(state, "rho", where).get<double>();
    const PlattSigmoid sigmoid{requireMember(state, "platt_a", where).get<double>(),
                               requireMember(state, "platt_b", where).get<double>()};
    const auto l = static_cast<int>(vectors.size());
    requireInput(featureCount > 0 && gamma > 0.0 && labels.size() == 2 && counts.size() == 2 &&
                     ((labels[0] == 0 && labels[1] == 1) || (labels[0] == 1 && labels[1] == 0)) && l > 0 &&
                     counts[0] >= 0 && counts[1] >= 0 && counts[0] + counts[1] == l &&
                     coefficients.size() == vectors.size(),
                 "model JSON: the SVM state is inconsistent (labels, support-vector counts, coefficients or "
                 "gamma); use a model file written by pulmorad train without editing it");

    Eigen::MatrixXd supportVectors(l, featureCount);
    for (int i = 0; i < l; ++i) {
        const std::vector<double>& vector = vectors[static_cast<std::size_t>(i)];
        requireInput(static_cast<Eigen::Index>(vector.size()) == featureCount,
                     "model JSON: an SVM support vector has " + std::to_string(vector.size()) +
                         " values but feature_count is " + std::to_string(featureCount));
        for (Eigen::Index j = 0; j < featureCount; ++j) {
            supportVectors(i, j) = vector[static_cast<std::size_t>(j)];
        }
    }
    auto trained = std::make_unique<Trained>();
    trained->setProblem(supportVectors, cost_, gamma);

    // The arrays are allocated with malloc because libsvm frees them with free();
    // the support vectors stay in trained->rows (free_sv = 0, as after svm_train).
    auto* model = static_cast<svm_model*>(std::calloc(1, sizeof(svm_model)));
    if (model == nullptr) {
        throw std::bad_alloc();
    }
    trained->model = model;
    model->param = trained->parameter;
    model->nr_class = 2;
    model->l = l;
    model->free_sv = 0;
    model->SV = static_cast<svm_node**>(std::malloc(sizeof(svm_node*) * static_cast<std::size_t>(l)));
    model->sv_coef = static_cast<double**>(std::calloc(1, sizeof(double*)));
    model->rho = static_cast<double*>(std::malloc(sizeof(double)));
    model->label = static_cast<int*>(std::malloc(2 * sizeof(int)));
    model->nSV = static_cast<int*>(std::malloc(2 * sizeof(int)));
    if (model->SV == nullptr || model->sv_coef == nullptr || model->rho == nullptr || model->label == nullptr ||
        model->nSV == nullptr) {
        throw std::bad_alloc();
    }
    model->sv_coef[0] = static_cast<double*>(std::malloc(sizeof(double) * static_cast<std::size_t>(l)));
    if (model->sv_coef[0] == nullptr) {
        throw std::bad_alloc();
    }
    for (int i = 0; i < l; ++i) {
        model->SV[i] = trained->rowPointers[static_cast<std::size_t>(i)];
        model->sv_coef[0][i] = coefficients[static_cast<std::size_t>(i)];
    }
    model->rho[0] = rho;
    model->label[0] = labels[0];
    model->label[1] = labels[1];
    model->nSV[0] = counts[0];
    model->nSV[1] = counts[1];
    trained->sign = labels[0] == 1 ? 1.0 : -1.0;
    trained_ = std::move(trained);
    sigmoid_ = sigmoid;
}

}  // namespace pulmorad::learn
