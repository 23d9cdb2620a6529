#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "learn/decision_tree.h"

namespace pulmorad::learn {

/// A fitted CART tree as JSON: the feature count and one array per node field
/// (left, right, feature, threshold, count0, count1, impurity, depth), in node order.
nlohmann::json treeToJson(const DecisionTree& tree);

/// Rebuilds a tree written by treeToJson. Throws InputError when a field is
/// missing, the arrays differ in length or a node points outside the tree.
DecisionTree treeFromJson(const nlohmann::json& state);

/// The member `name` of the JSON object `object`; InputError naming `name` and
/// `where` when it is missing.
const nlohmann::json& requireMember(const nlohmann::json& object, const std::string& name, const std::string& where);

}  // namespace pulmorad::learn
