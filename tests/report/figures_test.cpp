// Tests of the SVG writer and the report figures. The figures are drawn from
// tests/data/report/results-fixture.json, a small but complete results.json
// (schema: docs/study-results.md). make_results_fixture.py beside it wrote
// the fixture from simulated patients, so its numbers are consistent with one
// another but come from no real study.

#include "common/errors.h"
#include "report/figures.h"
#include "report/svg.h"
#include "support/test_support.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace pulmorad::report {
namespace {

// ---------------------------------------------------------------- a minimal XML reader

// An element of a parsed document: enough of XML to check well-formedness and
// to read the attributes and text of SVG output.
struct Node {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::string text;  // character data directly inside this element
    std::vector<std::unique_ptr<Node>> children;
    const Node* parent = nullptr;

    double number(const std::string& key) const {
        const auto it = attributes.find(key);
        if (it == attributes.end()) {
            throw std::runtime_error("element <" + name + "> has no attribute " + key);
        }
        return std::stod(it->second);
    }
    std::string attribute(const std::string& key) const {
        const auto it = attributes.find(key);
        return it == attributes.end() ? "" : it->second;
    }
    // All text below this element, <title> tooltips excluded.
    std::string allText() const {
        std::string out = text;
        for (const auto& child : children) {
            if (child->name != "title") {
                out += child->allText();
            }
        }
        return out;
    }
};

class XmlReader {
public:
    explicit XmlReader(const std::string& text) : text_(text) {}

    // Parses the whole document; throws std::runtime_error naming the offset
    // of the first problem.
    std::unique_ptr<Node> parse() {
        skipSpace();
        if (text_.compare(at_, 5, "<?xml") == 0) {
            const auto end = text_.find("?>", at_);
            require(end != std::string::npos, "unterminated XML declaration");
            at_ = end + 2;
        }
        skipMisc();
        auto root = element(nullptr);
        skipMisc();
        require(at_ == text_.size(), "content after the root element");
        return root;
    }

private:
    void require(bool condition, const std::string& problem) const {
        if (!condition) {
            throw std::runtime_error(problem + " at offset " + std::to_string(at_));
        }
    }
    void skipSpace() {
        while (at_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[at_]))) {
            ++at_;
        }
    }
    void skipMisc() {
        skipSpace();
        while (text_.compare(at_, 4, "<!--") == 0) {
            const auto end = text_.find("-->", at_);
            require(end != std::string::npos, "unterminated comment");
            at_ = end + 3;
            skipSpace();
        }
    }
    std::string name() {
        const std::size_t start = at_;
        while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '-' ||
                                      text_[at_] == '_' || text_[at_] == ':' || text_[at_] == '.')) {
            ++at_;
        }
        require(at_ > start, "expected a name");
        return text_.substr(start, at_ - start);
    }
    std::string decode(const std::string& raw) const {
        std::string out;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '<') {
                throw std::runtime_error("raw '<' in character data");
            }
            if (raw[i] != '&') {
                out += raw[i];
                continue;
            }
            const auto end = raw.find(';', i);
            if (end == std::string::npos) {
                throw std::runtime_error("unterminated entity in '" + raw + "'");
            }
            const std::string entity = raw.substr(i + 1, end - i - 1);
            static const std::map<std::string, std::string> named = {
                {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
            if (named.count(entity) != 0) {
                out += named.at(entity);
            } else if (entity.size() > 1 && entity[0] == '#') {
                out += '?';  // a character reference; its value does not matter here
            } else {
                throw std::runtime_error("unknown entity &" + entity + ";");
            }
            i = end;
        }
        return out;
    }
    std::unique_ptr<Node> element(const Node* parent) {
        require(at_ < text_.size() && text_[at_] == '<', "expected '<'");
        ++at_;
        auto node = std::make_unique<Node>();
        node->parent = parent;
        node->name = name();
        while (true) {
            skipSpace();
            require(at_ < text_.size(), "unterminated start tag");
            if (text_.compare(at_, 2, "/>") == 0) {
                at_ += 2;
                return node;
            }
            if (text_[at_] == '>') {
                ++at_;
                break;
            }
            const std::string key = name();
            skipSpace();
            require(at_ < text_.size() && text_[at_] == '=', "expected '=' after attribute " + key);
            ++at_;
            skipSpace();
            require(at_ < text_.size() && (text_[at_] == '"' || text_[at_] == '\''), "unquoted attribute " + key);
            const char quote = text_[at_++];
            const auto end = text_.find(quote, at_);
            require(end != std::string::npos, "unterminated attribute " + key);
            require(node->attributes.count(key) == 0, "duplicate attribute " + key);
            node->attributes[key] = decode(text_.substr(at_, end - at_));
            at_ = end + 1;
        }
        while (true) {
            const auto next = text_.find('<', at_);
            require(next != std::string::npos, "unterminated element <" + node->name + ">");
            node->text += decode(text_.substr(at_, next - at_));
            at_ = next;
            if (text_.compare(at_, 4, "<!--") == 0) {
                skipMisc();
                continue;
            }
            if (text_.compare(at_, 2, "</") == 0) {
                at_ += 2;
                const std::string closing = name();
                require(closing == node->name, "</" + closing + "> closes <" + node->name + ">");
                skipSpace();
                require(at_ < text_.size() && text_[at_] == '>', "expected '>'");
                ++at_;
                return node;
            }
            node->children.push_back(element(node.get()));
        }
    }

    const std::string& text_;
    std::size_t at_ = 0;
};

std::unique_ptr<Node> parseSvg(const std::string& svg) {
    return XmlReader(svg).parse();
}

void collect(const Node& node, const std::function<bool(const Node&)>& match, std::vector<const Node*>& out) {
    if (match(node)) {
        out.push_back(&node);
    }
    for (const auto& child : node.children) {
        collect(*child, match, out);
    }
}

std::vector<const Node*> findAll(const Node& root, const std::function<bool(const Node&)>& match) {
    std::vector<const Node*> out;
    collect(root, match, out);
    return out;
}

std::vector<const Node*> byClass(const Node& root, const std::string& cssClass) {
    return findAll(root, [&](const Node& n) { return n.attribute("class") == cssClass; });
}

std::vector<std::string> allTexts(const Node& root) {
    std::vector<std::string> texts;
    for (const Node* node : findAll(root, [](const Node& n) { return n.name == "text"; })) {
        texts.push_back(node->allText());
    }
    return texts;
}

bool containsText(const Node& root, const std::string& expected) {
    for (const auto& text : allTexts(root)) {
        if (text == expected) {
            return true;
        }
    }
    return false;
}

std::vector<std::pair<double, double>> polylinePoints(const Node& polyline) {
    std::vector<std::pair<double, double>> points;
    std::string text = polyline.attribute("points");
    std::size_t at = 0;
    while (at < text.size()) {
        const auto space = text.find(' ', at);
        const std::string pair = text.substr(at, space == std::string::npos ? std::string::npos : space - at);
        const auto comma = pair.find(',');
        points.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
        if (space == std::string::npos) {
            break;
        }
        at = space + 1;
    }
    return points;
}

nlohmann::json loadFixture() {
    return nlohmann::json::parse(test::readFile(test::testDataDir() / "report" / "results-fixture.json"));
}

// The ids of the figure table in docs/study-results.md, in its order.
const std::vector<std::string> kTableIds = {
    "selection_funnel",     "lasso_path",         "lasso_cv",          "selected_correlation",
    "radscore_coefficients", "radscore_by_group",  "roc_models_train",  "roc_models_test",
    "delong_matrix",        "shap_beeswarm",      "shap_waterfall_high", "shap_waterfall_low",
    "nomogram",             "calibration_train",  "calibration_test",  "decision_curve_train",
    "decision_curve_test",  "roc_combined_train", "roc_combined_test"};

// Coordinates are written with two decimals, so one written position is
// within 0.005 px of the exact one.
constexpr double kPixelTolerance = 0.006;
// A position derived from three written coordinates (axis start, axis end
// and the tick) carries up to three roundings of 0.005 px.
constexpr double kDerivedTolerance = 0.016;

// ---------------------------------------------------------------- svg.h

TEST(SvgWriter, EscapesTextAndAttributes) {
    EXPECT_EQ(escapeXml("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    Document document(100, 50, "R&D <test>");
    document.add(makeText(10, 20, "x < y & z")).attribute("data-note", "\"quoted\"");
    const auto root = parseSvg(document.str());
    EXPECT_EQ(root->name, "svg");
    EXPECT_EQ(root->attribute("viewBox"), "0 0 100 50");
    EXPECT_TRUE(containsText(*root, "x < y & z"));
    EXPECT_EQ(root->children.front()->text, "R&D <test>");
}

TEST(SvgWriter, FormatsCoordinatesCompactly) {
    EXPECT_EQ(formatCoordinate(12.0), "12");
    EXPECT_EQ(formatCoordinate(12.5), "12.5");
    EXPECT_EQ(formatCoordinate(1.0 / 3.0), "0.33");
    EXPECT_EQ(formatCoordinate(-0.001), "0");
    EXPECT_EQ(formatCoordinate(-2.345), "-2.35");
}

TEST(SvgWriter, NiceTicksUseSteps125) {
    // Hand derivation: the span 1 over 5 intervals gives a raw step of 0.2.
    EXPECT_EQ(linearTicks(0.0, 1.0, 5).labels, (std::vector<std::string>{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
    // Span 0.54 / 5 = 0.108, so the step is 0.1 and the ticks cover -0.1..0.5.
    const auto ticks = niceTicks(-0.05, 0.49, 5);
    ASSERT_EQ(ticks.size(), 7U);
    EXPECT_NEAR(ticks.front(), -0.1, 1e-12);
    EXPECT_NEAR(ticks.back(), 0.5, 1e-12);
    // Span 1223 / 5 = 244.6: residual 2.446 rounds to the step 200.
    EXPECT_NEAR(niceStep(0.0, 1223.0, 5), 200.0, 1e-9);
    EXPECT_EQ(linearTicks(-0.6, 0.8).labels.front(), "\u22120.6");
    EXPECT_EQ(logTicks(1.0, 1223.0).labels, (std::vector<std::string>{"1", "10", "100", "1000", "10000"}));
}

TEST(SvgWriter, ScalesMapLinearlyAndInLog10) {
    const Scale linear(0.0, 1.0, 100.0, 400.0);
    EXPECT_DOUBLE_EQ(linear(0.5), 250.0);
    const Scale logarithmic(1.0, 1000.0, 0.0, 300.0, true);
    EXPECT_NEAR(logarithmic(10.0), 100.0, 1e-9);
}

TEST(SvgWriter, WrapsAndShortensLongFeatureNames) {
    const std::string name = "log-sigma-3-0-mm-3D_glszm_LargeAreaHighGrayLevelEmphasis";
    const auto lines = wrapLabel(name, 30, 2);
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_EQ(lines[0], "log-sigma-3-0-mm-3D_glszm_");
    EXPECT_EQ(lines[1], "LargeAreaHighGrayLevelEmphasis");
    const auto tight = wrapLabel(name, 20, 2);
    ASSERT_EQ(tight.size(), 2U);
    EXPECT_LE(characterCount(tight[1]), 20U);
    const std::string shortened = shortenMiddle(name, 28);
    EXPECT_EQ(characterCount(shortened), 28U);
    EXPECT_EQ(shortened.substr(0, 13), name.substr(0, 13));
    EXPECT_EQ(wrapLabel("LASSO", 30, 2), std::vector<std::string>{"LASSO"});
}

TEST(SvgWriter, ClipsPolylinesAtTheLowerLimit) {
    // Hand derivation: the segment (1, 0) -> (2, -1) crosses y = -0.5 at x = 1.5.
    const auto runs = clipPolyline({{0.0, 0.2}, {1.0, 0.0}, {2.0, -1.0}, {3.0, -2.0}}, -0.5, 1.0);
    ASSERT_EQ(runs.size(), 1U);
    ASSERT_EQ(runs[0].size(), 3U);
    EXPECT_DOUBLE_EQ(runs[0][2].first, 1.5);
    EXPECT_DOUBLE_EQ(runs[0][2].second, -0.5);
}

// ---------------------------------------------------------------- every figure

TEST(Figures, FixtureProvidesEveryFigure) {
    EXPECT_EQ(figureIds(), kTableIds);
    EXPECT_EQ(availableFigures(loadFixture()), kTableIds);
}

// One text element's box estimated with the writer's own rule (0.6 em per
// character, ascent 0.8 em, descent 0.25 em).
struct TextBox {
    double left, right, top, bottom;
    std::string text;
};

std::vector<TextBox> textBoxes(const Node& root) {
    std::vector<TextBox> boxes;
    const auto hasTransform = [](const Node* node) {
        for (; node != nullptr; node = node->parent) {
            if (!node->attribute("transform").empty()) {
                return true;
            }
        }
        return false;
    };
    const auto fontSize = [](const Node* node) {
        for (; node != nullptr; node = node->parent) {
            if (!node->attribute("font-size").empty()) {
                return node->number("font-size");
            }
        }
        return 11.0;
    };
    for (const Node* text : findAll(root, [](const Node& n) { return n.name == "text"; })) {
        if (hasTransform(text)) {
            continue;  // rotated labels are checked by eye
        }
        std::vector<std::pair<const Node*, std::string>> lines;
        if (text->children.empty() || text->children.front()->name != "tspan") {
            lines.emplace_back(text, text->text);
        }
        for (const auto& child : text->children) {
            if (child->name == "tspan") {
                lines.emplace_back(child.get(), child->text);
            }
        }
        const std::string anchor = text->attribute("text-anchor");
        for (const auto& [node, content] : lines) {
            const double size = fontSize(text);
            const double width = textWidth(content, size);
            const double x = node->number("x");
            const double y = node->number("y");
            double left = x;
            if (anchor == "middle") {
                left = x - width / 2.0;
            } else if (anchor == "end") {
                left = x - width;
            }
            boxes.push_back({left, left + width, y - 0.8 * size, y + 0.25 * size, content});
        }
    }
    return boxes;
}

// Checks that `svg` is well-formed, self-contained, and that every
// horizontal text stays inside the viewBox and overlaps no other text.
void expectWellFormedAndUncluttered(const std::string& svg) {
    std::unique_ptr<Node> root;
    ASSERT_NO_THROW(root = parseSvg(svg));
    EXPECT_EQ(root->name, "svg");
    EXPECT_EQ(root->attribute("xmlns"), "http://www.w3.org/2000/svg");
    // The only URL is the SVG namespace: no links, images, fonts or scripts.
    std::size_t urls = 0;
    for (std::size_t at = svg.find("http"); at != std::string::npos; at = svg.find("http", at + 1)) {
        ++urls;
    }
    EXPECT_EQ(urls, 1U);
    EXPECT_EQ(svg.find("href"), std::string::npos);
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("@import"), std::string::npos);
    EXPECT_NE(root->attribute("font-family").find("sans-serif"), std::string::npos);
    EXPECT_GT(findAll(*root, [](const Node& n) { return n.name != "text" && n.name != "g"; }).size(), 10U);

    const double width = root->number("width");
    const double height = root->number("height");
    const auto boxes = textBoxes(*root);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const auto& a = boxes[i];
        EXPECT_GE(a.left, -0.5) << a.text;
        EXPECT_LE(a.right, width + 0.5) << a.text;
        EXPECT_GE(a.top, -0.5) << a.text;
        EXPECT_LE(a.bottom, height + 0.5) << a.text;
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            const auto& b = boxes[j];
            const double overlapX = std::min(a.right, b.right) - std::max(a.left, b.left);
            const double overlapY = std::min(a.bottom, b.bottom) - std::max(a.top, b.top);
            EXPECT_FALSE(overlapX > 1.0 && overlapY > 1.0) << "'" << a.text << "' overlaps '" << b.text << "'";
        }
    }
}

// A document whose two labels overlap, for checking the check itself.
std::string overlappingDocument() {
    Document document(200, 100, "Overlap");
    for (int i = 0; i < 12; ++i) {
        Element rect("rect");
        rect.attribute("x", 10.0 * i).attribute("y", 5).attribute("width", 5).attribute("height", 5);
        document.add(std::move(rect));
    }
    document.add(makeText(50, 50, "first label"));
    document.add(makeText(60, 52, "second label"));
    return document.str();
}

TEST(Figures, ClutterCheckDetectsOverlappingText) {
    EXPECT_NONFATAL_FAILURE(expectWellFormedAndUncluttered(overlappingDocument()), "overlaps");
}

TEST(Figures, FiguresAreWellFormedAndUncluttered) {
    const auto results = loadFixture();
    for (const auto& id : availableFigures(results)) {
        SCOPED_TRACE(id);
        expectWellFormedAndUncluttered(renderFigure(id, results));
    }
}

// The fixture with fourteen long radiomic feature names in every radiomics
// figure and 30 SHAP patients, as a real study may produce.
nlohmann::json manyLongFeatures() {
    auto results = loadFixture();
    std::vector<std::string> names;
    for (const char* filter : {"log-sigma-1-0-mm-3D", "log-sigma-3-0-mm-3D", "wavelet-LLH", "wavelet-HHL",
                               "wavelet-HLH", "wavelet-LHL", "square", "squareroot", "logarithm", "exponential",
                               "gradient", "lbp-3D-m1", "wavelet-LLL", "original"}) {
        names.push_back(std::string(filter) + "_glszm_LargeAreaHighGrayLevelEmphasis");
    }
    const std::size_t k = names.size();
    auto& radiomics = results["radiomics"];
    radiomics["correlation"]["features"] = names;
    radiomics["radscore"]["features"] = names;
    radiomics["lasso"]["path"]["features"] = names;
    nlohmann::json matrix = nlohmann::json::array();
    nlohmann::json coefficients = nlohmann::json::array();
    nlohmann::json paths = nlohmann::json::array();
    const std::size_t lambdas = radiomics["lasso"]["lambda"].size();
    for (std::size_t i = 0; i < k; ++i) {
        nlohmann::json row = nlohmann::json::array();
        for (std::size_t j = 0; j < k; ++j) {
            row.push_back(i == j ? 1.0 : std::cos(static_cast<double>(i * j + 1)) * 0.8);
        }
        matrix.push_back(row);
        // One large coefficient and a small negative one at the axis end
        // leave no room beyond the bar for its value.
        coefficients.push_back(i == 0 ? 4.154 : i == 1 ? -0.601 : 0.3 * std::sin(static_cast<double>(i) + 0.5));
        nlohmann::json path = nlohmann::json::array();
        for (std::size_t l = 0; l < lambdas; ++l) {
            path.push_back(0.05 * static_cast<double>(l) * std::sin(static_cast<double>(i)));
        }
        paths.push_back(path);
    }
    radiomics["correlation"]["matrix"] = matrix;
    radiomics["radscore"]["coefficients"] = coefficients;
    radiomics["lasso"]["path"]["coefficients"] = paths;
    auto& shap = radiomics["shap"];
    shap["features"] = names;
    shap["id"] = nlohmann::json::array();
    shap["values"] = nlohmann::json::array();
    shap["data"] = nlohmann::json::array();
    shap["margin"] = nlohmann::json::array();
    shap["probability"] = nlohmann::json::array();
    for (int p = 0; p < 30; ++p) {
        nlohmann::json values = nlohmann::json::array();
        nlohmann::json standardised = nlohmann::json::array();
        double margin = shap["expected_value"].get<double>();
        for (std::size_t f = 0; f < k; ++f) {
            const double value = std::sin(p * 1.7 + static_cast<double>(f)) / static_cast<double>(f + 1);
            values.push_back(value);
            standardised.push_back(2.5 * std::cos(p * 0.9 + static_cast<double>(f)));
            margin += value;
        }
        shap["id"].push_back("PATIENT-" + std::to_string(1000 + p));
        shap["values"].push_back(values);
        shap["data"].push_back(standardised);
        shap["margin"].push_back(margin);
        shap["probability"].push_back(1.0 / (1.0 + std::exp(-margin)));
    }
    return results;
}

TEST(Figures, ManyLongFeatureNamesStayUncluttered) {
    const auto results = manyLongFeatures();
    for (const char* id : {"lasso_path", "selected_correlation", "radscore_coefficients", "shap_beeswarm",
                           "shap_waterfall_high", "shap_waterfall_low"}) {
        SCOPED_TRACE(id);
        expectWellFormedAndUncluttered(renderFigure(id, results));
    }
    // Fourteen features: the heatmap numbers its rows and columns.
    const auto heatmap = parseSvg(renderFigure("selected_correlation", results));
    EXPECT_TRUE(containsText(*heatmap, "14"));
    EXPECT_EQ(byClass(*heatmap, "heat-cell").size(), 14U * 14U);
}

TEST(Figures, FiguresAreIdenticalOnEveryRun) {
    const auto results = loadFixture();
    for (const auto& id : availableFigures(results)) {
        EXPECT_EQ(renderFigure(id, results), renderFigure(id, results)) << id;
    }
}

TEST(Figures, CrowdedNomogramTicksStayUncluttered) {
    auto results = loadFixture();
    auto& nomogram = results["combined"]["nomogram"];
    const double scale = nomogram["scale"].get<double>();
    const double lpAtZero = nomogram["lp_at_zero_points"].get<double>();
    // Probabilities 0.50 to 0.54 lie about 0.6 points apart, far closer than
    // their labels are wide; total points from the contract's formula.
    for (const double p : {0.51, 0.52, 0.53, 0.54}) {
        nomogram["probability_ticks"].push_back(
            {{"probability", p}, {"total_points", scale * (std::log(p / (1.0 - p)) - lpAtZero)}});
    }
    const std::string svg = renderFigure("nomogram", results);
    expectWellFormedAndUncluttered(svg);
    const auto root = parseSvg(svg);
    const auto probability = byClass(*root, "nomogram-probability-axis");
    ASSERT_EQ(probability.size(), 1U);
    EXPECT_EQ(byClass(*probability[0], "nomogram-tick").size(), nomogram["probability_ticks"].size());
}

// A nomogram, consistent with the contract's formulas, whose Rad-score range
// dominates the points: Rad-score b = 1 on [-20, 20], IgG b = 0.05 on
// [8, 28], cough b = 0.1. Hand derivation: scale = 100 / (1 * 40) = 2.5, so
// IgG scores at most 2.5 points and cough 0.25 points (under 1 px apart);
// lp_at_zero_points = 0 + 1 * (-20) + 0.05 * 8 = -19.6, so probabilities
// 0.01..0.99 lie between 37.5 and 60.5 of the 102.75 total points.
nlohmann::json crampedNomogram() {
    auto results = loadFixture();
    const double scale = 2.5;
    const double lpAtZero = -19.6;
    const auto variable = [&](const std::string& name, const std::string& label, double coefficient,
                              const std::string& type, double low, double high, double step) {
        nlohmann::json ticks = nlohmann::json::array();
        for (double value = low; value <= high + 1e-9; value += step) {
            ticks.push_back({{"value", value}, {"points", scale * coefficient * (value - low)}});
        }
        return nlohmann::json{{"name", name},   {"label", label}, {"coefficient", coefficient},
                              {"type", type},   {"min", low},     {"max", high},
                              {"zero_at", low}, {"ticks", ticks}};
    };
    nlohmann::json nomogram;
    nomogram["variables"] = {variable("radscore", "Rad-score", 1.0, "continuous", -20.0, 20.0, 5.0),
                             variable("IgG", "IgG (g/L)", 0.05, "continuous", 8.0, 28.0, 4.0),
                             variable("cough", "Cough", 0.1, "binary", 0.0, 1.0, 1.0)};
    nomogram["scale"] = scale;
    nomogram["intercept"] = 0.0;
    nomogram["lp_at_zero_points"] = lpAtZero;
    nomogram["total_points"] = {{"max", 102.75}, {"ticks", {0, 20, 40, 60, 80, 100}}};
    nomogram["probability_ticks"] = nlohmann::json::array();
    for (const double p : {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99}) {
        nomogram["probability_ticks"].push_back(
            {{"probability", p}, {"total_points", scale * (std::log(p / (1.0 - p)) - lpAtZero)}});
    }
    results["combined"]["nomogram"] = nomogram;
    return results;
}

// The smallest horizontal gap between two tick labels on the same line of
// one nomogram scale, with label widths estimated as the writer does.
double smallestLabelGap(const Node& scale) {
    const auto boxes = textBoxes(scale);
    double smallest = 1e9;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) {
            if (std::abs(boxes[i].bottom - boxes[j].bottom) > 0.01) {
                continue;  // one label above the line, one below
            }
            const double gap = std::max(boxes[j].left - boxes[i].right, boxes[i].left - boxes[j].right);
            smallest = std::min(smallest, gap);
        }
    }
    return smallest;
}

TEST(Figures, CrampedNomogramLabelsKeepTheirDistance) {
    const std::string svg = renderFigure("nomogram", crampedNomogram());
    expectWellFormedAndUncluttered(svg);
    const auto root = parseSvg(svg);
    // Every scale: labels on one line at least 5 px apart (half a character
    // at 10 px), less the 0.01 px of two written coordinates.
    for (const char* scaleClass : {"nomogram-points-axis", "nomogram-variable", "nomogram-total-axis",
                                   "nomogram-probability-axis"}) {
        for (const Node* scale : byClass(*root, scaleClass)) {
            SCOPED_TRACE(scale->attribute("data-variable"));
            EXPECT_GE(smallestLabelGap(*scale), 5.0 - 0.01);
        }
    }

    // Cough: both labels are drawn, "0" ending left of its tick and "1"
    // starting right of its own (SVG's default anchor, so not written).
    const auto cough = findAll(*root, [](const Node& n) {
        return n.attribute("class") == "nomogram-variable" && n.attribute("data-variable") == "cough";
    });
    ASSERT_EQ(cough.size(), 1U);
    const auto coughLabels = byClass(*cough[0], "nomogram-tick-label");
    ASSERT_EQ(coughLabels.size(), 2U);
    EXPECT_EQ(coughLabels[0]->text, "0");
    EXPECT_EQ(coughLabels[0]->attribute("text-anchor"), "end");
    EXPECT_EQ(coughLabels[1]->text, "1");
    EXPECT_EQ(coughLabels[1]->attribute("text-anchor"), "");
    EXPECT_LT(coughLabels[0]->number("x"), coughLabels[1]->number("x"));

    // Probability: every tick is drawn, and the labels form one row above
    // the line. Hand derivation of which labels fit: the 380 px total-points
    // axis spans 102.75 points, 3.698 px per point, and a label is 6 px per
    // character. 0.5 goes first. 0.1 and 0.9 lie 2.5 * logit(0.9) = 5.49
    // points (20.3 px) from it, less than the 9 + 9 + 5 px they need. 0.3 and
    // 0.7 are closer still. 0.05 and 0.95 lie 7.36 points (27.2 px) away and
    // need 9 + 12 + 5 = 26 px, so they fit. Every later label (0.2, 0.8,
    // 0.01, 0.99, 0.4, 0.6) comes too close to one of these three.
    const auto probability = byClass(*root, "nomogram-probability-axis");
    ASSERT_EQ(probability.size(), 1U);
    EXPECT_EQ(byClass(*probability[0], "nomogram-tick").size(), 13U);
    const auto labels = byClass(*probability[0], "nomogram-tick-label");
    std::vector<std::string> texts;
    for (const Node* label : labels) {
        texts.push_back(label->text);
        EXPECT_DOUBLE_EQ(label->number("y"), labels[0]->number("y"));
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"0.05", "0.5", "0.95"}));
}

// The fixture reduced to one part: the combined section holds only the
// clinical model (`part` "clinical") or only the radiomics model
// ("radiomics"), as a single-part study writes it.
nlohmann::json singlePart(const std::string& part) {
    auto results = loadFixture();
    auto& combined = results["combined"];
    nlohmann::json models = nlohmann::json::array();
    for (const auto& model : combined["models"]) {
        if (model["name"] == part) {
            models.push_back(model);
        }
    }
    combined["models"] = models;
    nlohmann::json roc = nlohmann::json::object();
    roc[part] = combined["roc"][part];
    combined["roc"] = roc;
    nlohmann::json metrics = nlohmann::json::array();
    for (const auto& row : combined["metrics"]) {
        if (row["name"] == part) {
            metrics.push_back(row);
        }
    }
    combined["metrics"] = metrics;
    combined.erase("nomogram");
    combined["calibration"]["train"]["model"] = part;
    combined["calibration"]["test"]["model"] = part;
    return results;
}

bool anyTextContains(const Node& root, const std::string& part) {
    for (const auto& text : allTexts(root)) {
        if (text.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

TEST(Figures, SinglePartFiguresNameTheirModel) {
    // Fixture labels: "Clinical model" and "Radiomics model".
    const auto clinical = singlePart("clinical");
    const auto clinicalTrain = parseSvg(renderFigure("calibration_train", clinical));
    EXPECT_TRUE(containsText(*clinicalTrain, "Calibration of the clinical model, training set"));
    const auto clinicalTest = parseSvg(renderFigure("calibration_test", clinical));
    EXPECT_TRUE(containsText(*clinicalTest, "Calibration of the clinical model, test set"));
    const auto clinicalRoc = parseSvg(renderFigure("roc_combined_test", clinical));
    EXPECT_TRUE(containsText(*clinicalRoc, "ROC curve of the clinical model, test set"));
    for (const auto* root : {clinicalTrain.get(), clinicalTest.get(), clinicalRoc.get()}) {
        EXPECT_FALSE(anyTextContains(*root, "ombined"));
        EXPECT_FALSE(anyTextContains(*root, "adiomics"));
    }

    const auto radiomics = singlePart("radiomics");
    const auto radiomicsTrain = parseSvg(renderFigure("calibration_train", radiomics));
    EXPECT_TRUE(containsText(*radiomicsTrain, "Calibration of the radiomics model, training set"));
    const auto radiomicsRoc = parseSvg(renderFigure("roc_combined_train", radiomics));
    EXPECT_TRUE(containsText(*radiomicsRoc, "ROC curve of the radiomics model, training set"));
    EXPECT_FALSE(anyTextContains(*radiomicsRoc, "linical"));

    // The full fixture names every model kind it draws, once.
    const auto full = loadFixture();
    const auto fullRoc = parseSvg(renderFigure("roc_combined_train", full));
    EXPECT_TRUE(containsText(*fullRoc, "ROC curves of the clinical, radiomics and combined models, training set"));
    // Without calibration.<set>.model the combined logistic model is the calibrated one.
    const auto fullTrain = parseSvg(renderFigure("calibration_train", full));
    EXPECT_TRUE(containsText(*fullTrain, "Calibration of the combined model (nomogram), training set"));
}

TEST(Figures, ShapFiguresNameTheLightgbmStyleModel) {
    const auto results = loadFixture();
    const auto swarm = parseSvg(renderFigure("shap_beeswarm", results));
    EXPECT_TRUE(containsText(*swarm, "SHAP values of the LightGBM-style model"));
    for (const char* id : {"shap_beeswarm", "shap_waterfall_high", "shap_waterfall_low"}) {
        const auto root = parseSvg(renderFigure(id, results));
        for (const auto& text : allTexts(*root)) {
            const auto at = text.find("LightGBM");
            if (at != std::string::npos) {
                EXPECT_EQ(text.substr(at, 14), "LightGBM-style") << id << ": " << text;
            }
        }
    }
    const auto waterfall = parseSvg(renderFigure("shap_waterfall_high", results));
    EXPECT_TRUE(containsText(*waterfall, "Output of the LightGBM-style model (log-odds)"));
}

// ---------------------------------------------------------------- texts from the data

TEST(Figures, RocLegendsShowAucWithConfidenceInterval) {
    const auto results = loadFixture();
    const auto models = parseSvg(renderFigure("roc_models_test", results));
    // Fixture row dt/test: auc 0.75, CI 0.6079-0.8921, rounded to three decimals.
    EXPECT_TRUE(containsText(*models, "Decision tree, AUC 0.750 (0.608\u20130.892)"));
    // Fixture row rf/test: auc 0.7778, CI 0.6384-0.9172.
    EXPECT_TRUE(containsText(*models, "Random forest, AUC 0.778 (0.638\u20130.917)"));
    EXPECT_TRUE(containsText(*models, "1 \u2212 Specificity"));
    EXPECT_TRUE(containsText(*models, "Sensitivity"));
    EXPECT_EQ(byClass(*models, "roc-curve").size(), 6U);

    const auto combined = parseSvg(renderFigure("roc_combined_train", results));
    // Fixture rows clinical/train (0.8393, 0.7059-0.9726) and combined/train (0.898, 0.7704-1.0).
    EXPECT_TRUE(containsText(*combined, "Clinical model, AUC 0.839 (0.706\u20130.973)"));
    EXPECT_TRUE(containsText(*combined, "Combined model (nomogram), AUC 0.898 (0.770\u20131.000)"));
    EXPECT_EQ(byClass(*combined, "roc-curve").size(), 4U);
}

TEST(Figures, CalibrationAndDecisionCurvesCarryTheirStatistics) {
    const auto results = loadFixture();
    const auto train = parseSvg(renderFigure("calibration_train", results));
    // Fixture: mean_absolute_error 0.06, 998 of 1000 bootstraps usable.
    EXPECT_TRUE(containsText(*train, "Mean absolute error = 0.060"));
    EXPECT_TRUE(containsText(*train, "B = 1000 bootstraps (998 usable)"));
    for (const char* label : {"Ideal", "Apparent", "Bias-corrected", "Predicted probability", "Observed probability"}) {
        EXPECT_TRUE(containsText(*train, label)) << label;
    }
    const auto test = parseSvg(renderFigure("calibration_test", results));
    // Fixture: brier 0.1875, intercept -0.249, slope 1.207.
    EXPECT_TRUE(containsText(*test, "Brier score = 0.188"));
    EXPECT_TRUE(containsText(*test, "Intercept = \u22120.249"));
    EXPECT_TRUE(containsText(*test, "Slope = 1.207"));
    EXPECT_EQ(byClass(*test, "calibration-group").size(), 4U);

    const auto decision = parseSvg(renderFigure("decision_curve_test", results));
    for (const char* label : {"Treat all", "Treat none", "Clinical model", "Radiomics model",
                              "Combined model (nomogram)", "Threshold probability", "Net benefit"}) {
        EXPECT_TRUE(containsText(*decision, label)) << label;
    }
}

TEST(Figures, DelongMatrixPrintsEveryPairsPValue) {
    const auto root = parseSvg(renderFigure("delong_matrix", loadFixture()));
    // 6 models give 15 pairs; fixture pair dt/rf has p 0.6915 and dt/xgboost 0.3212.
    const auto cells = byClass(*root, "delong-cell");
    ASSERT_EQ(cells.size(), 15U);
    EXPECT_EQ(cells[0]->attribute("data-p"), "0.692");
    EXPECT_EQ(cells[1]->attribute("data-p"), "0.321");
    EXPECT_TRUE(containsText(*root, "0.692"));
}

TEST(Figures, ShapWaterfallsExplainTheExtremePatients) {
    const auto results = loadFixture();
    // Fixture margins: P108 is highest (2.5287, probability 0.9261), P104 lowest (-2.4723).
    const auto high = parseSvg(renderFigure("shap_waterfall_high", results));
    EXPECT_TRUE(containsText(*high, "Highest-risk test patient (P108, probability 0.926)"));
    EXPECT_TRUE(containsText(*high, "f(x) = 2.529"));
    EXPECT_TRUE(containsText(*high, "E[f(X)] = \u22120.120"));
    EXPECT_EQ(byClass(*high, "waterfall-bar").size(), 4U);
    const auto low = parseSvg(renderFigure("shap_waterfall_low", results));
    EXPECT_TRUE(containsText(*low, "f(x) = \u22122.472"));

    // With twelve features the nine largest are drawn and three are summed.
    auto many = results;
    auto& shap = many["radiomics"]["shap"];
    for (int extra = 0; extra < 8; ++extra) {
        shap["features"].push_back("wavelet-LHL_glrlm_Feature" + std::to_string(extra));
        for (std::size_t p = 0; p < shap["values"].size(); ++p) {
            shap["values"][p].push_back(0.001 * (extra + 1));
            shap["data"][p].push_back(0.0);
            shap["margin"][p] = shap["margin"][p].get<double>() + 0.001 * (extra + 1);
        }
    }
    const auto summed = parseSvg(renderFigure("shap_waterfall_high", many));
    EXPECT_EQ(byClass(*summed, "waterfall-bar").size(), 10U);
    EXPECT_TRUE(containsText(*summed, "3 other features"));
    const auto swarm = parseSvg(renderFigure("shap_beeswarm", many));
    EXPECT_EQ(byClass(*swarm, "shap-point").size(), 12U * 8U);
}

// ---------------------------------------------------------------- coordinates

TEST(Figures, RocMidpointMapsToAreaCentre) {
    auto results = loadFixture();
    results["radiomics"]["models"]["roc"]["dt"]["test"] = {{"fpr", {0.0, 0.5, 1.0}}, {"tpr", {0.0, 0.5, 1.0}}};
    const auto root = parseSvg(renderFigure("roc_models_test", results));
    const auto area = byClass(*root, "plot-area");
    ASSERT_EQ(area.size(), 1U);
    const double centreX = area[0]->number("x") + area[0]->number("width") / 2.0;
    const double centreY = area[0]->number("y") + area[0]->number("height") / 2.0;
    const auto curves = findAll(*root, [](const Node& n) { return n.attribute("data-name") == "dt"; });
    ASSERT_EQ(curves.size(), 1U);
    const auto points = polylinePoints(*curves[0]);
    ASSERT_EQ(points.size(), 3U);
    EXPECT_NEAR(points[1].first, centreX, kDerivedTolerance);
    EXPECT_NEAR(points[1].second, centreY, kDerivedTolerance);
    // (0, 0) is the bottom-left and (1, 1) the top-right corner.
    EXPECT_NEAR(points[0].first, area[0]->number("x"), kDerivedTolerance);
    EXPECT_NEAR(points[0].second, area[0]->number("y") + area[0]->number("height"), kDerivedTolerance);
    EXPECT_NEAR(points[2].second, area[0]->number("y"), kDerivedTolerance);
}

TEST(Figures, RocLegendMovesBelowWhenCornersAreTaken) {
    // A good curve fills the top-left corner and a curve below the diagonal
    // the bottom-right one, while every curve passes (0, 0) and (1, 1): no
    // corner is free, so the legend goes below the plot area.
    auto results = loadFixture();
    results["radiomics"]["models"]["roc"]["dt"]["test"] = {{"fpr", {0.0, 0.02, 0.98, 1.0}},
                                                           {"tpr", {0.0, 0.02, 0.02, 1.0}}};
    results["radiomics"]["models"]["roc"]["rf"]["test"] = {{"fpr", {0.0, 0.02, 0.02, 1.0}},
                                                           {"tpr", {0.0, 0.02, 0.98, 1.0}}};
    const auto root = parseSvg(renderFigure("roc_models_test", results));
    const auto area = byClass(*root, "plot-area");
    const auto legend = byClass(*root, "legend");
    ASSERT_EQ(area.size(), 1U);
    ASSERT_EQ(legend.size(), 1U);
    ASSERT_FALSE(legend[0]->children.empty());
    EXPECT_GT(legend[0]->children.front()->number("y"), area[0]->number("y") + area[0]->number("height"));

    // When every curve hugs the top-left corner, the lower-right corner is
    // free and takes the legend, inside the plot area.
    auto good = loadFixture();
    for (auto& [model, sets] : good["radiomics"]["models"]["roc"].items()) {
        sets["test"] = {{"fpr", {0.0, 0.02, 1.0}}, {"tpr", {0.0, 0.98, 1.0}}};
    }
    const auto goodRoot = parseSvg(renderFigure("roc_models_test", good));
    const auto goodArea = byClass(*goodRoot, "plot-area");
    const auto goodLegend = byClass(*goodRoot, "legend");
    ASSERT_EQ(goodLegend.size(), 1U);
    EXPECT_LT(goodLegend[0]->children.front()->number("y"),
              goodArea[0]->number("y") + goodArea[0]->number("height"));
}

TEST(Figures, NomogramTicksSitAtTheirPoints) {
    const auto results = loadFixture();
    const auto root = parseSvg(renderFigure("nomogram", results));
    const auto pointsAxis = byClass(*root, "nomogram-points-axis");
    ASSERT_EQ(pointsAxis.size(), 1U);
    const auto axisLine = byClass(*pointsAxis[0], "nomogram-line");
    ASSERT_EQ(axisLine.size(), 1U);
    const double x0 = axisLine[0]->number("x1");
    const double width = axisLine[0]->number("x2") - x0;
    ASSERT_GT(width, 200.0);

    // Every variable tick: x = x0 + points / 100 * width.
    std::size_t checked = 0;
    for (const Node* group : byClass(*root, "nomogram-variable")) {
        for (const Node* tick : byClass(*group, "nomogram-tick")) {
            EXPECT_NEAR(tick->number("x1"), x0 + tick->number("data-points") / 100.0 * width, kDerivedTolerance);
            ++checked;
        }
    }
    EXPECT_EQ(checked, 7U + 6U + 2U);  // fixture ticks: Rad-score 7, IgG 6, cough 2

    // Hand derivation from the fixture: scale = 100 / (1.1 * 6) and IgG scores
    // 0 at 8 g/L, so 16 g/L gives 100 / 6.6 * 0.206 * 8 = 24.9697 points.
    const auto igg = findAll(*root, [](const Node& n) {
        return n.attribute("class") == "nomogram-tick" && n.parent->attribute("data-variable") == "IgG" &&
               n.attribute("data-value") == "16";
    });
    ASSERT_EQ(igg.size(), 1U);
    EXPECT_NEAR(igg[0]->number("x1"), x0 + 100.0 / 6.6 * 0.206 * 8.0 / 100.0 * width, kDerivedTolerance);

    // Probability ticks sit at their total points on the total-points scale,
    // which runs from 0 to 187.2 (the fixture's maximum: 100 + 62.42 + 24.76).
    const auto totalMax = results["combined"]["nomogram"]["total_points"]["max"].get<double>();
    const auto probability = byClass(*root, "nomogram-probability-axis");
    ASSERT_EQ(probability.size(), 1U);
    const auto probabilityTicks = byClass(*probability[0], "nomogram-tick");
    ASSERT_EQ(probabilityTicks.size(), results["combined"]["nomogram"]["probability_ticks"].size());
    for (const Node* tick : probabilityTicks) {
        EXPECT_NEAR(tick->number("x1"), x0 + tick->number("data-points") / totalMax * width, kDerivedTolerance);
    }
    EXPECT_TRUE(containsText(*root, "Probability of ILD"));
    EXPECT_TRUE(containsText(*root, "Total points"));
    EXPECT_TRUE(containsText(*root, "IgG (g/L)"));
}

TEST(Figures, DecisionCurvesStayInsideThePlotArea) {
    const auto root = parseSvg(renderFigure("decision_curve_test", loadFixture()));
    const auto area = byClass(*root, "plot-area");
    ASSERT_EQ(area.size(), 1U);
    const double bottom = area[0]->number("y") + area[0]->number("height");
    const auto curves = byClass(*root, "net-benefit");
    ASSERT_FALSE(curves.empty());
    bool reachesBottom = false;
    for (const Node* curve : curves) {
        for (const auto& [x, y] : polylinePoints(*curve)) {
            EXPECT_LE(y, bottom + kDerivedTolerance);
            EXPECT_GE(y, area[0]->number("y") - kDerivedTolerance);
            reachesBottom = reachesBottom || std::abs(y - bottom) < kDerivedTolerance;
        }
    }
    // Treat-all falls to -4.0 at the threshold 0.9 in the fixture, so it is cut at the bottom edge.
    EXPECT_TRUE(reachesBottom);
}

TEST(Figures, FunnelBarsUseALogScale) {
    const auto root = parseSvg(renderFigure("selection_funnel", loadFixture()));
    const auto area = byClass(*root, "plot-area");
    ASSERT_EQ(area.size(), 1U);
    const auto bars = byClass(*root, "funnel-bar");
    ASSERT_EQ(bars.size(), 5U);
    // The axis runs from 1 to 10^4, so 1223 features reach log10(1223) / 4 of the width.
    EXPECT_NEAR(bars[0]->number("width"), std::log10(1223.0) / 4.0 * area[0]->number("width"), kDerivedTolerance);
    EXPECT_TRUE(containsText(*root, "1223"));
    EXPECT_TRUE(containsText(*root, "LASSO"));
}

TEST(Figures, LassoFiguresMarkLambdaMin) {
    const auto results = loadFixture();
    for (const char* id : {"lasso_path", "lasso_cv"}) {
        const auto root = parseSvg(renderFigure(id, results));
        const auto marker = byClass(*root, "lambda-min");
        ASSERT_EQ(marker.size(), 1U) << id;
        const auto area = byClass(*root, "plot-area");
        // The x axis shows log(lambda) from -6 to -1 (nice ticks around the
        // fixture's log(0.3 * 0.7^11) = -5.128 .. log(0.3) = -1.204).
        const double expected = area[0]->number("x") +
                                (std::log(results["radiomics"]["lasso"]["lambda_min"].get<double>()) + 6.0) / 5.0 *
                                    area[0]->number("width");
        EXPECT_NEAR(marker[0]->number("x1"), expected, kDerivedTolerance) << id;
        EXPECT_TRUE(containsText(*root, "log(\u03bb)")) << id;
    }
}

TEST(Figures, CloseLambdaLabelsDoNotOverlap) {
    // lambda.1se one CV step (a factor of 0.8) above lambda.min puts the two
    // marker lines about 10 px apart; their labels must still not overlap.
    auto results = loadFixture();
    auto& lasso = results["radiomics"]["lasso"];
    lasso["lambda_1se"] = lasso["lambda_min"].get<double>() / 0.8;
    expectWellFormedAndUncluttered(renderFigure("lasso_cv", results));
}

TEST(Figures, HeatmapCellsCarryTheCorrelations) {
    const auto results = loadFixture();
    const auto root = parseSvg(renderFigure("selected_correlation", results));
    const auto cells = byClass(*root, "heat-cell");
    ASSERT_EQ(cells.size(), 16U);
    const auto& matrix = results["radiomics"]["correlation"]["matrix"];
    EXPECT_NEAR(cells[1]->number("data-value"), matrix[0][1].get<double>(), 0.005);
    EXPECT_EQ(cells[0]->attribute("fill"), "#b2182b");  // r = 1 is the red end of RdBu
    EXPECT_TRUE(containsText(*root, "Pearson r"));
}

// ---------------------------------------------------------------- missing and bad data

void expectInputError(const std::string& id, const nlohmann::json& results, const std::string& key) {
    try {
        renderFigure(id, results);
        ADD_FAILURE() << id << " rendered without " << key;
    } catch (const InputError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("'" + id + "'"), std::string::npos) << message;
        EXPECT_NE(message.find(key), std::string::npos) << message;
    }
}

TEST(Figures, BadDataRaisesInputError) {
    const auto fixture = loadFixture();

    auto noScale = fixture;
    noScale["combined"]["nomogram"].erase("scale");
    expectInputError("nomogram", noScale, "combined.nomogram.scale");

    auto wrongPoints = fixture;
    wrongPoints["combined"]["nomogram"]["variables"][1]["ticks"][2]["points"] = 99.0;
    expectInputError("nomogram", wrongPoints, "combined.nomogram.variables.1.ticks.2.points");

    auto textInCurve = fixture;
    textInCurve["combined"]["roc"]["clinical"]["test"]["tpr"][1] = "high";
    expectInputError("roc_combined_test", textInCurve, "combined.roc.clinical.test.tpr");

    auto shortCurve = fixture;
    shortCurve["combined"]["decision_curve"]["train"]["net_benefit"]["treat_all"].erase(0);
    expectInputError("decision_curve_train", shortCurve, "combined.decision_curve.train.net_benefit.treat_all");

    auto noMetrics = fixture;
    noMetrics["radiomics"]["models"].erase("metrics");
    expectInputError("roc_models_train", noMetrics, "radiomics.models.metrics");

    auto noRadiomics = fixture;
    noRadiomics.erase("radiomics");
    expectInputError("lasso_path", noRadiomics, "radiomics.lasso");
    expectInputError("shap_beeswarm", noRadiomics, "radiomics.shap");
    const auto available = availableFigures(noRadiomics);
    EXPECT_EQ(available, (std::vector<std::string>{"nomogram", "calibration_train", "calibration_test",
                                                   "decision_curve_train", "decision_curve_test",
                                                   "roc_combined_train", "roc_combined_test"}));

    EXPECT_THROW(renderFigure("no_such_figure", fixture), InputError);
    EXPECT_TRUE(availableFigures(nlohmann::json::object()).empty());
}

}  // namespace
}  // namespace pulmorad::report
