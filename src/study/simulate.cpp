// The simulated IIM-ILD example cohort (`pulmorad simulate`); docs/simulate.md
// describes the model and its parameters.

#include "study/simulate.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numbers>
#include <numeric>
#include <span>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "learn/random.h"
#include "learn/split.h"
#include "stats/logistic.h"

namespace pulmorad::study {

namespace {

// ---------------------------------------------------------------- random draws

/// Standard normal draws by the Box-Muller transform on SeededRandom's
/// uniforms, so the sequence is the same with every standard library.
class NormalSource {
public:
    explicit NormalSource(std::uint64_t seed) : random_(seed) {}

    double next() {
        if (hasSpare_) {
            hasSpare_ = false;
            return spare_;
        }
        const double u1 = 1.0 - random_.uniform();  // (0, 1]
        const double u2 = random_.uniform();
        const double radius = std::sqrt(-2.0 * std::log(u1));
        const double angle = 2.0 * std::numbers::pi * u2;
        spare_ = radius * std::sin(angle);
        hasSpare_ = true;
        return radius * std::cos(angle);
    }

    double uniform() { return random_.uniform(); }
    learn::SeededRandom& random() { return random_; }

private:
    learn::SeededRandom random_;
    bool hasSpare_ = false;
    double spare_ = 0.0;
};

/// Seeds of the independent streams, derived from the user's seed so that
/// changing one part of the model does not shift the draws of another.
std::uint64_t streamSeed(std::uint64_t seed, std::uint64_t stream) {
    // SplitMix64 finaliser of seed + stream * golden ratio.
    std::uint64_t z = seed + stream * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// The fixed seed of the radiomics model's structure (clusters, loadings,
/// signal features): the model stays the same for every --seed.
constexpr std::uint64_t kStructureSeed = 20260311;

// ------------------------------------------------------- published summaries

constexpr int kPublishedNegatives = 45;
constexpr int kPublishedPositives = 70;

/// Latent factors shared by clinical variables within a group (Gaussian copula).
enum Factor { kSeverity, kInflammation, kEnzymes, kBody, kCounts, kComplement, kFactorCount };

struct Loading {
    Factor factor;
    double weight;
};

/// A binary variable: published counts per group (no ILD of 45, ILD of 70).
struct BinarySpec {
    const char* name;
    int negativeCount;
    int positiveCount;
    std::vector<Loading> loadings;
};

enum class Summary { MeanSd, MedianIqr };

/// A continuous variable: published centre and spread per group, the range
/// draws are clipped to and the decimals they are rounded to.
struct ContinuousSpec {
    const char* name;
    const char* unit;
    Summary summary;
    std::array<double, 3> negative;  ///< mean, SD, - or median, Q1, Q3
    std::array<double, 3> positive;
    double low;
    double high;
    int decimals;
    std::vector<Loading> loadings;
};

// Table 3 of the study (Arthritis Research & Therapy 2026, doi 10.1186/s13075-026-03781-2).
const std::vector<ContinuousSpec>& continuousSpecs() {
    static const std::vector<ContinuousSpec> specs = {
        {"age", "years", Summary::MeanSd, {49, 16, 0}, {59, 11, 0}, 18, 90, 0, {{kSeverity, 0.45}}},
        {"height", "cm", Summary::MeanSd, {165, 8, 0}, {163, 8, 0}, 140, 195, 0, {{kBody, 0.55}}},
        {"weight", "kg", Summary::MeanSd, {64, 13, 0}, {61, 11, 0}, 35, 120, 0, {{kBody, 0.85}}},
        {"BMI", "kg/m2", Summary::MedianIqr, {23.0, 20.9, 25.4}, {22.7, 20.8, 25.3}, 14, 40, 1, {{kBody, 0.7}}},
        {"pectoral_muscle_right", "mm", Summary::MedianIqr, {14.6, 11.1, 17.9}, {14.9, 12.3, 19.2}, 3, 40, 1,
         {{kBody, 0.6}}},
        {"pectoral_muscle_left", "mm", Summary::MeanSd, {15.5, 5.2, 0}, {14.5, 4.7, 0}, 3, 35, 1, {{kBody, 0.6}}},
        {"total_pectoral_area", "cm2", Summary::MedianIqr, {28, 23, 38}, {29, 23, 36}, 5, 80, 1, {{kBody, 0.6}}},
        {"FFM_PMA", "ratio", Summary::MedianIqr, {42, 38, 52}, {41, 38, 50}, 15, 100, 1, {{kBody, -0.3}}},
        {"FFMI", "kg/m2", Summary::MeanSd, {16.26, 2.16, 0}, {16.18, 1.89, 0}, 10, 25, 2, {{kBody, 0.6}}},
        {"WBC", "10^9/L", Summary::MedianIqr, {6.8, 5.1, 9.9}, {6.9, 5.5, 9.9}, 1.5, 30, 1, {{kCounts, 0.9}}},
        {"NEU", "10^9/L", Summary::MedianIqr, {4.88, 3.49, 7.87}, {5.37, 4.06, 7.55}, 0.5, 28, 2,
         {{kCounts, 0.85}}},
        {"LEU", "10^9/L", Summary::MedianIqr, {1.22, 0.73, 1.56}, {1.26, 0.79, 1.78}, 0.1, 5, 2, {{kCounts, 0.2}}},
        {"MON", "10^9/L", Summary::MedianIqr, {0.38, 0.27, 0.44}, {0.32, 0.24, 0.43}, 0.02, 2, 2,
         {{kCounts, 0.5}}},
        {"PLT", "10^9/L", Summary::MedianIqr, {242, 202, 311}, {228, 192, 289}, 50, 700, 0, {{kCounts, 0.3}}},
        {"HB", "g/L", Summary::MeanSd, {121, 18, 0}, {124, 15, 0}, 70, 175, 0, {{kInflammation, -0.3}}},
        {"ESR", "mm/h", Summary::MedianIqr, {11, 6, 18}, {27, 13, 35}, 1, 120, 0,
         {{kSeverity, 0.35}, {kInflammation, 0.3}}},
        {"CRP", "mg/L", Summary::MedianIqr, {2, 1, 6}, {4, 1, 11}, 0.1, 200, 1, {{kInflammation, 0.5}}},
        {"LDH", "U/L", Summary::MedianIqr, {303, 214, 396}, {277, 206, 453}, 100, 3000, 0, {{kEnzymes, 0.7}}},
        {"CK", "U/L", Summary::MedianIqr, {148, 44, 734}, {108, 46, 450}, 10, 20000, 0, {{kEnzymes, 0.8}}},
        {"CKMB", "ng/mL", Summary::MedianIqr, {10, 2, 26}, {8, 2, 23}, 0.5, 500, 1, {{kEnzymes, 0.75}}},
        {"ALT", "U/L", Summary::MedianIqr, {44, 27, 78}, {31, 16, 50}, 5, 800, 0, {{kEnzymes, 0.8}}},
        {"AST", "U/L", Summary::MedianIqr, {43, 22, 113}, {33, 21, 69}, 8, 800, 0, {{kEnzymes, 0.85}}},
        {"ALB", "g/L", Summary::MedianIqr, {39.4, 36.1, 42.0}, {36.5, 33.6, 40.0}, 20, 52, 1,
         {{kInflammation, -0.4}}},
        {"C3", "g/L", Summary::MedianIqr, {0.98, 0.85, 1.22}, {1.03, 0.89, 1.20}, 0.4, 2.2, 2,
         {{kComplement, 0.7}}},
        {"C4", "g/L", Summary::MedianIqr, {0.22, 0.17, 0.26}, {0.23, 0.18, 0.28}, 0.05, 0.6, 2,
         {{kComplement, 0.7}}},
        {"IgA", "g/L", Summary::MedianIqr, {2.20, 1.67, 2.90}, {2.55, 1.89, 3.60}, 0.3, 8, 2,
         {{kInflammation, 0.55}}},
        {"IgG", "g/L", Summary::MedianIqr, {10.5, 9.4, 12.9}, {12.8, 10.8, 17.0}, 4, 40, 2,
         {{kInflammation, 0.35}}},
        {"IgM", "g/L", Summary::MedianIqr, {1.26, 0.75, 1.75}, {1.24, 0.81, 1.69}, 0.2, 5, 2, {}},
    };
    return specs;
}

// Table 2 of the same study: counts among 45 patients without and 70 with ILD.
const std::vector<BinarySpec>& binarySpecs() {
    static const std::vector<BinarySpec> specs = {
        {"female", 32, 45, {}},
        {"cancer", 6, 11, {}},
        {"cough", 5, 40, {{kSeverity, 0.85}}},
        {"dyspnea", 7, 43, {{kSeverity, 0.9}}},
        {"hemoptysis", 1, 1, {}},
        {"chest_pain", 1, 0, {}},
        {"rash", 29, 34, {}},
        {"muscle_weakness", 29, 31, {{kEnzymes, 0.5}}},
        {"mechanics_hands", 11, 19, {}},
        {"facial_edema", 3, 1, {}},
        {"arthralgia", 2, 5, {}},
        {"fever", 6, 18, {{kInflammation, 0.3}}},
        {"dizziness", 2, 3, {}},
        {"RO52", 20, 31, {}},
        {"IIF", 39, 60, {}},
        {"SSB", 5, 11, {}},
        {"SAE", 3, 6, {}},
        {"AHA", 0, 3, {}},
        {"SRP_IgG", 3, 2, {}},
        {"U1_snRNP", 0, 5, {}},
        {"SP100", 0, 1, {}},
        {"CENPB", 0, 1, {}},
        {"Jo1", 3, 13, {}},
        {"PL12", 1, 8, {}},
        {"EJ", 1, 4, {}},
        {"NXP2", 2, 3, {}},
        {"HMGCR", 1, 1, {}},
        {"M2", 1, 0, {}},
        {"KU", 1, 1, {}},
        {"MDA5", 4, 7, {}},
        {"TIF1g", 3, 3, {}},
        {"SCL7", 0, 2, {}},
        {"SmD1", 0, 3, {}},
    };
    return specs;
}

/// Table 4 of the study: univariate OR and 95% CI on the training set.
struct PublishedOddsRatio {
    const char* variable;
    double oddsRatio;
    double low;
    double high;
};

const std::vector<PublishedOddsRatio>& publishedOddsRatios() {
    static const std::vector<PublishedOddsRatio> rows = {
        {"age", 1.060, 1.027, 1.094},   {"ESR", 1.032, 1.008, 1.056},    {"ALT", 0.991, 0.984, 0.998},
        {"AST", 0.993, 0.986, 0.999},   {"IgA", 1.503, 1.042, 2.167},    {"IgG", 1.181, 1.063, 1.312},
        {"cough", 10.667, 3.758, 30.277}, {"dyspnea", 8.646, 3.381, 22.107},
        {"muscle_weakness", 0.439, 0.203, 0.948},
    };
    return rows;
}

// ------------------------------------------------------------ clinical model

constexpr double kQuartileZ = 0.6744897501960817;  // standard normal 75th percentile

/// Value of a continuous variable at normal score z for one group. mean_sd:
/// mean + SD z. median_iqr: a split log-normal, log(value) piecewise linear in
/// z through (-0.674, log Q1), (0, log median), (0.674, log Q3), so the
/// population median and quartiles equal the published ones.
double continuousValue(const ContinuousSpec& spec, const std::array<double, 3>& group, double z) {
    double value = 0.0;
    if (spec.summary == Summary::MeanSd) {
        value = group[0] + group[1] * z;
    } else {
        const double logMedian = std::log(group[0]);
        const double slope = z < 0.0 ? (logMedian - std::log(group[1])) / kQuartileZ
                                     : (std::log(group[2]) - logMedian) / kQuartileZ;
        value = std::exp(logMedian + slope * z);
    }
    value = std::clamp(value, spec.low, spec.high);
    const double scale = std::pow(10.0, spec.decimals);
    return std::round(value * scale) / scale;
}

/// One latent draw: loadings on the group's factors plus independent noise,
/// with unit variance.
double latentScore(const std::vector<Loading>& loadings, const std::array<double, kFactorCount>& factors,
                   NormalSource& normals) {
    double value = 0.0;
    double loadingSquares = 0.0;
    for (const Loading& loading : loadings) {
        value += loading.weight * factors[loading.factor];
        loadingSquares += loading.weight * loading.weight;
    }
    return value + std::sqrt(std::max(0.0, 1.0 - loadingSquares)) * normals.next();
}

int scaledCount(int publishedCount, int publishedGroupSize, int groupSize) {
    return static_cast<int>(std::floor(static_cast<double>(publishedCount) * groupSize / publishedGroupSize + 0.5));
}

void simulateClinical(const SimulationOptions& options, SimulatedCohort& cohort) {
    const auto& continuous = continuousSpecs();
    const auto& binary = binarySpecs();
    const std::size_t n = cohort.outcome.size();

    // Clinical column order: age and sex first, then the rest of Table 3, then Table 2.
    std::vector<std::string> names{"age", "female"};
    for (const auto& spec : continuous) {
        if (std::string(spec.name) != "age") names.push_back(spec.name);
    }
    for (const auto& spec : binary) {
        if (std::string(spec.name) != "female") names.push_back(spec.name);
    }
    cohort.clinicalNames = names;
    cohort.clinical.assign(names.size(), std::vector<double>(n, 0.0));
    cohort.clinicalBinary.assign(names.size(), false);
    cohort.clinicalUnits.assign(names.size(), "");
    std::map<std::string, std::size_t> column;
    for (std::size_t c = 0; c < names.size(); ++c) column[names[c]] = c;

    NormalSource factorNormals(streamSeed(options.seed, 1));
    NormalSource variableNormals(streamSeed(options.seed, 2));
    NormalSource binaryNormals(streamSeed(options.seed, 3));

    std::vector<std::array<double, kFactorCount>> factors(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (double& factor : factors[i]) factor = factorNormals.next();
    }
    for (const auto& spec : continuous) {
        const std::size_t c = column.at(spec.name);
        cohort.clinicalUnits[c] = spec.unit;
        for (std::size_t i = 0; i < n; ++i) {
            const double z = latentScore(spec.loadings, factors[i], variableNormals);
            cohort.clinical[c][i] = continuousValue(spec, cohort.outcome[i] == 1 ? spec.positive : spec.negative, z);
        }
    }
    // Binary variables: exactly the published share of each group is positive.
    // The positive patients are the top of a latent score, which is pure noise
    // (so a random shuffle) unless the variable has loadings.
    for (const auto& spec : binary) {
        const std::size_t c = column.at(spec.name);
        cohort.clinicalBinary[c] = true;
        std::vector<double> score(n);
        for (std::size_t i = 0; i < n; ++i) score[i] = latentScore(spec.loadings, factors[i], binaryNormals);
        for (int group = 0; group < 2; ++group) {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < n; ++i) {
                if (cohort.outcome[i] == group) rows.push_back(i);
            }
            const int count = group == 1 ? scaledCount(spec.positiveCount, kPublishedPositives, options.positives)
                                         : scaledCount(spec.negativeCount, kPublishedNegatives,
                                                       options.patients - options.positives);
            std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
            for (std::size_t r = 0; r < rows.size(); ++r) {
                cohort.clinical[c][rows[r]] = static_cast<int>(r) < count ? 1.0 : 0.0;
            }
        }
    }
}

// ----------------------------------------------------------- radiomics model

struct ReferenceFeature {
    const char* name;
    double scan1;
    double scan2;
};

const ReferenceFeature kReferenceFeatures[] = {
#include "study/simulate.inc"
};

/// Transform of a standard normal score into a feature value.
struct FeatureScale {
    enum Kind { Normal, LogNormal, LogitNormal } kind = Normal;
    double centre = 0.0;
    double spread = 1.0;
};

double logit(double p) { return std::log(p / (1.0 - p)); }

/// Location and scale from the two real scans: on the log scale for positive
/// features, on the logit scale for features in (0, 1), else linear. The
/// spread is half the scans' difference on that scale, within bounds.
FeatureScale featureScale(const ReferenceFeature& reference) {
    FeatureScale scale;
    const double a = reference.scan1;
    const double b = reference.scan2;
    if (a > 0.0 && b > 0.0 && a < 1.0 && b < 1.0) {
        scale.kind = FeatureScale::LogitNormal;
        scale.centre = 0.5 * (logit(a) + logit(b));
        scale.spread = std::clamp(0.5 * std::abs(logit(a) - logit(b)), 0.05, 0.5);
    } else if (a > 0.0 && b > 0.0) {
        scale.kind = FeatureScale::LogNormal;
        scale.centre = 0.5 * (std::log(a) + std::log(b));
        scale.spread = std::clamp(0.5 * std::abs(std::log(a) - std::log(b)), 0.05, 0.5);
    } else {
        scale.kind = FeatureScale::Normal;
        scale.centre = 0.5 * (a + b);
        scale.spread = std::max({0.5 * std::abs(a - b), 0.05 * std::abs(scale.centre), 1e-6});
    }
    return scale;
}

double featureValue(const FeatureScale& scale, double z) {
    const double x = scale.centre + scale.spread * z;
    switch (scale.kind) {
        case FeatureScale::LogNormal: return std::exp(x);
        case FeatureScale::LogitNormal: return 1.0 / (1.0 + std::exp(-x));
        case FeatureScale::Normal: break;
    }
    return x;
}

/// The ILD signal, as standardised group differences (ILD minus no ILD, in
/// within-group SDs). Most of it is diffuse. ILD shifts the first global
/// factor, so every cluster that loads on that factor (126 of the 241) moves
/// by its loading times the shift, 0.54-0.68 SD. The clusters of the
/// study's two top SHAP features get an extra shift of their own. A few
/// strong, independent signal clusters would instead let LASSO on 81
/// training patients build a Rad-score that nearly separates the groups.
constexpr double kIldGlobalShift = 0.9;
constexpr std::size_t kIldGlobalFactor = 0;
constexpr double kNamedSignal = 0.6;
const char* const kNamedSignalFeatures[] = {"wavelet-HLL_glcm_MCC", "original_glszm_LargeAreaHighGrayLevelEmphasis"};

/// Cluster structure: each feature loads on one cluster factor; clusters
/// load on a global factor and on a factor of their image type. Each cluster
/// keeps only 0.02-0.22 of its variance as its own noise. So two clusters of
/// the same image type and global factor correlate at 0.78-0.99, which limits
/// how much noise a feature selection on 81 patients can fit.
struct RadiomicsModel {
    std::vector<std::string> names;
    std::vector<FeatureScale> scales;
    std::vector<std::size_t> cluster;        ///< per feature
    std::vector<double> loading;             ///< per feature, on its cluster (signed)
    std::vector<std::size_t> clusterImage;   ///< per cluster: image type index
    std::vector<std::size_t> clusterGlobal;  ///< per cluster: which global factor (0 or 1)
    std::vector<double> clusterGlobalLoading;
    std::vector<double> clusterSignal;       ///< per cluster: standardised ILD shift
    std::size_t imageCount = 0;
};

constexpr std::size_t kGlobalFactors = 2;
constexpr double kImageLoading = 0.65;
constexpr double kMeanClusterSize = 6.5;

RadiomicsModel buildRadiomicsModel() {
    RadiomicsModel model;
    NormalSource structure(kStructureSeed);
    std::map<std::string, std::size_t> imageIndex;
    // Blocks of (image type, feature class) in file order.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> blocks;
    for (const ReferenceFeature& reference : kReferenceFeatures) {
        const std::string name = reference.name;
        const std::size_t index = model.names.size();
        model.names.push_back(name);
        model.scales.push_back(featureScale(reference));
        const std::size_t first = name.find('_');
        const std::size_t second = name.find('_', first + 1);
        const std::string image = name.substr(0, first);
        const std::string block = name.substr(0, second);
        if (!imageIndex.count(image)) {
            const std::size_t next = imageIndex.size();
            imageIndex[image] = next;
        }
        if (blocks.empty() || blocks.back().first != block) blocks.push_back({block, {}});
        blocks.back().second.push_back(index);
    }
    model.imageCount = imageIndex.size();
    model.cluster.assign(model.names.size(), 0);
    model.loading.assign(model.names.size(), 0.0);
    for (auto& [block, features] : blocks) {
        const std::string image = block.substr(0, block.find('_'));
        const std::size_t clusters =
            std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(features.size() / kMeanClusterSize)));
        std::vector<std::size_t> order = features;
        structure.random().shuffle(order);
        const std::size_t firstCluster = model.clusterImage.size();
        for (std::size_t k = 0; k < clusters; ++k) {
            model.clusterImage.push_back(imageIndex.at(image));
            model.clusterGlobal.push_back(structure.random().uniformBelow(kGlobalFactors));
            model.clusterGlobalLoading.push_back(0.6 + 0.15 * structure.uniform());
            model.clusterSignal.push_back(0.0);
        }
        for (std::size_t r = 0; r < order.size(); ++r) {
            const std::size_t f = order[r];
            model.cluster[f] = firstCluster + r % clusters;
            const double magnitude = 0.955 + 0.04 * structure.uniform();
            model.loading[f] = structure.uniform() < 0.25 ? -magnitude : magnitude;
        }
    }
    // The cluster-specific part of the ILD signal, signed so that the named
    // feature itself is higher with ILD.
    for (const char* signalName : kNamedSignalFeatures) {
        const auto found = std::find(model.names.begin(), model.names.end(), signalName);
        if (found != model.names.end()) {
            const std::size_t f = static_cast<std::size_t>(found - model.names.begin());
            model.clusterSignal[model.cluster[f]] = model.loading[f] > 0 ? kNamedSignal : -kNamedSignal;
        }
    }
    spdlog::debug("radiomics model: {} clusters, {} of them on the global factor that ILD shifts",
                  model.clusterImage.size(),
                  std::count(model.clusterGlobal.begin(), model.clusterGlobal.end(), kIldGlobalFactor));
    return model;
}

void simulateRadiomics(const SimulationOptions& options, SimulatedCohort& cohort) {
    const RadiomicsModel model = buildRadiomicsModel();
    cohort.featureNames = model.names;
    const std::size_t n = cohort.outcome.size();
    const double positiveShare = static_cast<double>(options.positives) / options.patients;
    NormalSource factorNormals(streamSeed(options.seed, 11));
    NormalSource clusterNormals(streamSeed(options.seed, 12));
    NormalSource featureNormals(streamSeed(options.seed, 13));
    const std::size_t clusterCount = model.clusterImage.size();
    cohort.features.assign(n, std::vector<double>(model.names.size(), 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        std::array<double, kGlobalFactors> global{};
        const double centredOutcome = cohort.outcome[i] - positiveShare;
        for (double& g : global) g = factorNormals.next();
        global[kIldGlobalFactor] += kIldGlobalShift * centredOutcome;
        std::vector<double> imageFactor(model.imageCount);
        for (double& t : imageFactor) t = factorNormals.next();
        std::vector<double> clusterFactor(clusterCount);
        for (std::size_t k = 0; k < clusterCount; ++k) {
            const double g = model.clusterGlobalLoading[k];
            const double residual = std::sqrt(1.0 - g * g - kImageLoading * kImageLoading);
            clusterFactor[k] = g * global[model.clusterGlobal[k]] + kImageLoading * imageFactor[model.clusterImage[k]] +
                               residual * clusterNormals.next() + model.clusterSignal[k] * centredOutcome;
        }
        for (std::size_t f = 0; f < model.names.size(); ++f) {
            const double lambda = model.loading[f];
            const double z = lambda * clusterFactor[model.cluster[f]] +
                             std::sqrt(1.0 - lambda * lambda) * featureNormals.next();
            cohort.features[i][f] = featureValue(model.scales[f], z);
        }
    }
}

std::string formatFixed(double value, int decimals) {
    std::string text = fmt::format("{:.{}f}", value, decimals);
    if (text == "-0" || text.rfind("-0.", 0) == 0) {
        if (std::all_of(text.begin() + 1, text.end(), [](char ch) { return ch == '0' || ch == '.'; })) {
            text.erase(0, 1);
        }
    }
    return text;
}

int decimalsOf(const std::string& name) {
    for (const auto& spec : continuousSpecs()) {
        if (name == spec.name) return spec.decimals;
    }
    return 0;
}

}  // namespace

std::uint64_t defaultSimulationSeed() { return 8585; }

std::vector<std::string> simulatedFeatureNames() {
    std::vector<std::string> names;
    for (const ReferenceFeature& reference : kReferenceFeatures) names.emplace_back(reference.name);
    return names;
}

SimulatedCohort simulateCohort(const SimulationOptions& options) {
    const int negatives = options.patients - options.positives;
    requireInput(options.positives >= 10 && negatives >= 10,
                 fmt::format("simulate: --patients {} with --positives {} leaves {} patients without ILD; "
                             "give each group at least 10 patients",
                             options.patients, options.positives, negatives));
    requireInput(options.patients <= 100000,
                 fmt::format("simulate: --patients {} is too large; use at most 100000", options.patients));
    SimulatedCohort cohort;
    const std::size_t n = static_cast<std::size_t>(options.patients);
    // Who has ILD: 1 for the first `positives` rows, then shuffled.
    cohort.outcome.assign(n, 0);
    std::fill(cohort.outcome.begin(), cohort.outcome.begin() + options.positives, 1);
    learn::SeededRandom outcomeRandom(streamSeed(options.seed, 0));
    outcomeRandom.shuffle(cohort.outcome);
    const int width = std::max(3, static_cast<int>(std::to_string(options.patients).size()));
    for (std::size_t i = 0; i < n; ++i) cohort.ids.push_back(fmt::format("IIM{:0{}}", i + 1, width));
    spdlog::info("simulating clinical variables of {} patients ({} with ILD)", options.patients, options.positives);
    simulateClinical(options, cohort);
    spdlog::info("simulating {} radiomic features", std::size(kReferenceFeatures));
    simulateRadiomics(options, cohort);
    return cohort;
}

std::string clinicalCsv(const SimulatedCohort& cohort) {
    std::string text = "ID,ILD";
    for (const auto& name : cohort.clinicalNames) text += "," + name;
    text += "\n";
    for (std::size_t i = 0; i < cohort.ids.size(); ++i) {
        text += cohort.ids[i] + "," + std::to_string(cohort.outcome[i]);
        for (std::size_t c = 0; c < cohort.clinicalNames.size(); ++c) {
            const int decimals = cohort.clinicalBinary[c] ? 0 : decimalsOf(cohort.clinicalNames[c]);
            text += "," + formatFixed(cohort.clinical[c][i], decimals);
        }
        text += "\n";
    }
    return text;
}

std::string radiomicsCsv(const SimulatedCohort& cohort) {
    std::string text = "ID";
    for (const auto& name : cohort.featureNames) text += "," + name;
    text += "\n";
    for (std::size_t i = 0; i < cohort.ids.size(); ++i) {
        text += cohort.ids[i];
        for (double value : cohort.features[i]) text += "," + fmt::format("{:.8g}", value);
        text += "\n";
    }
    return text;
}

std::string studyYaml(const SimulatedCohort& cohort) {
    std::string text =
        "# Study config for the simulated IIM-ILD example cohort (see README.md).\n"
        "# Run it with: pulmorad study study.yaml -o OUTDIR\n"
        "title: IIM-ILD clinical-radiomic study (simulated example cohort)\n"
        "simulated: true\n"
        "clinical: clinical.csv\n"
        "features: radiomics.csv\n"
        "id: ID\n"
        "outcome: ILD\n"
        "labels: {negative: no ILD, positive: ILD}\n"
        "seed: 2024\n"
        "split: {train_fraction: 0.7}\n"
        "variables:\n";
    for (std::size_t c = 0; c < cohort.clinicalNames.size(); ++c) {
        if (cohort.clinicalBinary[c]) {
            text += fmt::format("  {}: binary\n", cohort.clinicalNames[c]);
        } else {
            text += fmt::format("  {}: {{type: continuous, unit: \"{}\"}}\n", cohort.clinicalNames[c],
                                cohort.clinicalUnits[c]);
        }
    }
    text +=
        "clinical_predictors: {rule: univariate, p_threshold: 0.05}\n"
        "calibration: {bootstraps: 1000}\n";
    return text;
}

std::string simulationReadme(const SimulationOptions& options) {
    const std::string command = fmt::format("pulmorad simulate --patients {} --positives {} --seed {} -o OUTDIR",
                                            options.patients, options.positives, options.seed);
    return fmt::format(
        "# Simulated IIM-ILD example cohort\n"
        "\n"
        "**These patients are simulated. No row is a real person.** The tables were drawn by\n"
        "`pulmorad simulate` (seed {seed}) to look like the published study of interstitial lung\n"
        "disease (ILD) in idiopathic inflammatory myopathy (Arthritis Research & Therapy, 2026,\n"
        "doi 10.1186/s13075-026-03781-2), whose patient data are not public.\n"
        "\n"
        "Regenerate these files byte for byte with:\n"
        "\n"
        "```sh\n"
        "{command}\n"
        "```\n"
        "\n"
        "where OUTDIR is the folder to write (`examples/iim-ild` for the copy in the repository).\n"
        "\n"
        "Files:\n"
        "\n"
        "- `clinical.csv`: {patients} patients ({positives} with ILD), `ID`, `ILD` (1 = ILD) and 61 clinical\n"
        "  variables with the study's column names (`female` is the sex variable).\n"
        "- `radiomics.csv`: `ID` and 1,316 radiomic features with PyRadiomics 3.1 names, in the order\n"
        "  `pulmorad extract` writes them with `examples/params/iim-ild.yaml`.\n"
        "- `study.yaml`: the config that runs the whole study on them (`pulmorad study study.yaml`);\n"
        "  it says `simulated: true`, so the report marks the cohort as simulated.\n"
        "\n"
        "How the values were drawn (docs/simulate.md has the details):\n"
        "\n"
        "- Binary variables: in each group exactly the published share of patients is positive\n"
        "  (count = published percentage x group size, rounded). Who is positive is random, except\n"
        "  that cough and dyspnea go together more often than chance, and muscle weakness goes with\n"
        "  high muscle enzymes.\n"
        "- Continuous variables: the published mean and SD (normal), or median and quartiles (a split\n"
        "  log-normal whose median and quartiles are the published ones), per group, clipped to a\n"
        "  plausible range and rounded as the paper rounds them. Within a group, variables are\n"
        "  correlated through a Gaussian copula with a few shared factors (body size, inflammation,\n"
        "  muscle enzymes, blood counts, complement, disease severity).\n"
        "- Radiomic features: each feature is a monotone transform of a normal score. The scores share\n"
        "  factors (two global ones, one per image type, and 241 clusters of highly correlated\n"
        "  features), as real radiomic features do. Centre and spread come from the PyRadiomics values\n"
        "  of two real whole-lung CT scans (LIDC-IDRI-0001, Lung-PET-CT-Dx A0002). ILD shifts one of\n"
        "  the two global factors, so about half of the feature clusters differ moderately between\n"
        "  the groups, and the clusters of `wavelet-HLL_glcm_MCC` and\n"
        "  `original_glszm_LargeAreaHighGrayLevelEmphasis` differ a little more.\n"
        "- The radiomic features are independent of the clinical variables within each group.\n",
        fmt::arg("seed", options.seed), fmt::arg("command", command), fmt::arg("patients", options.patients),
        fmt::arg("positives", options.positives));
}

void writeSimulation(const SimulationOptions& options, const SimulatedCohort& cohort,
                     const std::filesystem::path& folder) {
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    requireInput(!error && std::filesystem::is_directory(folder),
                 fmt::format("simulate: cannot create the output folder '{}' ({}); choose a writable folder",
                             folder.string(), error.message()));
    writeFileAtomically(folder / "clinical.csv", clinicalCsv(cohort));
    writeFileAtomically(folder / "radiomics.csv", radiomicsCsv(cohort));
    writeFileAtomically(folder / "study.yaml", studyYaml(cohort));
    writeFileAtomically(folder / "README.md", simulationReadme(options));
}

// ------------------------------------------------------------------- checks

int PublishedCheck::insideCount() const {
    return static_cast<int>(std::count_if(univariate.begin(), univariate.end(), [](const Row& r) { return r.inside; }));
}

PublishedCheck checkAgainstPublished(const SimulatedCohort& cohort, double trainFraction, std::uint64_t splitSeed) {
    const learn::TrainTestSplit split = learn::stratifiedSplit(cohort.outcome, trainFraction, splitSeed);
    const auto& rows = split.trainRows;
    std::vector<double> outcome;
    for (std::size_t r : rows) outcome.push_back(cohort.outcome[r]);
    auto column = [&](const std::string& name) {
        const auto found = std::find(cohort.clinicalNames.begin(), cohort.clinicalNames.end(), name);
        return static_cast<std::size_t>(found - cohort.clinicalNames.begin());
    };
    auto design = [&](const std::vector<std::string>& names) {
        Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(names.size()));
        for (std::size_t j = 0; j < names.size(); ++j) {
            const std::size_t c = column(names[j]);
            for (std::size_t r = 0; r < rows.size(); ++r) {
                x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(j)) = cohort.clinical[c][rows[r]];
            }
        }
        return x;
    };
    stats::LogisticOptions fitOptions;
    fitOptions.profileIntervals = false;
    PublishedCheck check;
    std::map<std::string, std::pair<double, double>> univariate;  // OR, p
    for (const std::string& name : cohort.clinicalNames) {
        try {
            const stats::LogisticFit fit = stats::fitLogistic(design({name}), outcome, {name}, fitOptions);
            univariate[name] = {fit.terms[1].oddsRatio, fit.terms[1].pValue};
            if (fit.terms[1].pValue < 0.05) check.screened.push_back(name);
        } catch (const InputError&) {
            // Constant or separated in the training set: not screened, as in the study.
        }
    }
    for (const auto& published : publishedOddsRatios()) {
        PublishedCheck::Row row;
        row.variable = published.variable;
        row.publishedLow = published.low;
        row.publishedHigh = published.high;
        if (univariate.count(row.variable)) {
            row.oddsRatio = univariate[row.variable].first;
            row.pValue = univariate[row.variable].second;
            row.inside = row.oddsRatio >= published.low && row.oddsRatio <= published.high;
        }
        check.univariate.push_back(row);
    }
    if (!check.screened.empty()) {
        try {
            const stats::LogisticFit fit = stats::fitLogistic(design(check.screened), outcome, check.screened, fitOptions);
            for (std::size_t j = 1; j < fit.terms.size(); ++j) {
                if (fit.terms[j].pValue < 0.05) check.independent.push_back(fit.terms[j].name);
            }
        } catch (const InputError& error) {
            spdlog::warn("simulate check: the multivariable model could not be fitted: {}", error.what());
        }
    }
    return check;
}

}  // namespace pulmorad::study
