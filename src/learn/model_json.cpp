#include "learn/model_json.h"

#include "common/errors.h"

namespace pulmorad::learn {

const nlohmann::json& requireMember(const nlohmann::json& object, const std::string& name,
                                    const std::string& where) {
    requireInput(object.is_object() && object.contains(name),
                 "model JSON: " + where + " has no field '" + name +
                     "'; use a model file written by pulmorad train without editing it");
    return object.at(name);
}

nlohmann::json treeToJson(const DecisionTree& tree) {
    nlohmann::json left = nlohmann::json::array();
    nlohmann::json right = nlohmann::json::array();
    nlohmann::json feature = nlohmann::json::array();
    nlohmann::json threshold = nlohmann::json::array();
    nlohmann::json count0 = nlohmann::json::array();
    nlohmann::json count1 = nlohmann::json::array();
    nlohmann::json impurity = nlohmann::json::array();
    nlohmann::json depth = nlohmann::json::array();
    for (const TreeNode& node : tree.nodes()) {
        left.push_back(node.left);
        right.push_back(node.right);
        feature.push_back(node.feature);
        threshold.push_back(node.threshold);
        count0.push_back(node.count0);
        count1.push_back(node.count1);
        impurity.push_back(node.impurity);
        depth.push_back(node.depth);
    }
    return {{"feature_count", tree.featureCount()},
            {"left", left},
            {"right", right},
            {"feature", feature},
            {"threshold", threshold},
            {"count0", count0},
            {"count1", count1},
            {"impurity", impurity},
            {"depth", depth}};
}

DecisionTree treeFromJson(const nlohmann::json& state) {
    const std::string where = "tree state";
    const int featureCount = requireMember(state, "feature_count", where).get<int>();
    const auto left = requireMember(state, "left", where).get<std::vector<int>>();
    const auto right = requireMember(state, "right", where).get<std::vector<int>>();
    const auto feature = requireMember(state, "feature", where).get<std::vector<int>>();
    const auto threshold = requireMember(state, "threshold", where).get<std::vector<double>>();
    const auto count0 = requireMember(state, "count0", where).get<std::vector<double>>();
    const auto count1 = requireMember(state, "count1", where).get<std::vector<double>>();
    const auto impurity = requireMember(state, "impurity", where).get<std::vector<double>>();
    const auto depth = requireMember(state, "depth", where).get<std::vector<int>>();
    const std::size_t n = left.size();
    requireInput(n > 0 && featureCount > 0 && right.size() == n && feature.size() == n &&
                     threshold.size() == n && count0.size() == n && count1.size() == n &&
                     impurity.size() == n && depth.size() == n,
                 "model JSON: the node arrays of a tree are empty or differ in length; "
                 "use a model file written by pulmorad train without editing it");
    std::vector<TreeNode> nodes(n);
    const auto count = static_cast<int>(n);
    for (std::size_t k = 0; k < n; ++k) {
        const bool leaf = left[k] < 0;
        // Children always follow their parent (pre-order), so a walk from the root ends.
        requireInput(
            (leaf && right[k] < 0) || (left[k] > static_cast<int>(k) && left[k] < count &&
                                       right[k] > static_cast<int>(k) && right[k] < count &&
                                       feature[k] >= 0 && feature[k] < featureCount),
            "model JSON: tree node " + std::to_string(k) +
                " has children or a feature outside the tree; use a model file written by pulmorad train");
        requireInput(count0[k] + count1[k] > 0.0,
                     "model JSON: tree node " + std::to_string(k) + " holds no training samples");
        nodes[k] = TreeNode{left[k],  right[k],  feature[k], threshold[k],
                            count0[k], count1[k], impurity[k], depth[k]};
    }
    return DecisionTree::restore(std::move(nodes), featureCount);
}

}  // namespace pulmorad::learn
