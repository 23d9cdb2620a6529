#include "report/calculator.h"

#include <fmt/format.h>

#include "report/html.h"
#include "report/html_sections.h"

namespace pulmorad::report {

using nlohmann::json;

namespace {

// Runs in the browser. Kept inside CDATA so that the page also parses as XML;
// it must therefore never contain the CDATA terminator.
constexpr const char* kCalculatorScript = R"JS(
(function () {
  'use strict';
  var nomogram = JSON.parse(document.getElementById('nomogram-data').textContent);
  var variables = nomogram.variables;
  var form = document.getElementById('calculator-form');

  function variablePoints(variable, x) {
    return nomogram.scale * variable.coefficient * (x - variable.zero_at);
  }

  function readValue(index) {
    var input = document.getElementById('calc-input-' + index);
    if (input.type === 'checkbox') {
      return input.checked ? 1 : 0;
    }
    if (input.value.trim() === '') {
      return null;
    }
    var x = Number(input.value);
    return isFinite(x) ? x : null;
  }

  function show(id, text, exact) {
    var element = document.getElementById(id);
    element.textContent = text;
    if (exact === undefined) {
      element.removeAttribute('data-value');
    } else {
      element.setAttribute('data-value', String(exact));
    }
  }

  // Returns {total, probability}, or null while a value is missing.
  function compute() {
    var total = 0;
    var missing = [];
    var outside = [];
    for (var i = 0; i < variables.length; i++) {
      var variable = variables[i];
      var x = readValue(i);
      if (x === null) {
        missing.push(variable.label || variable.name);
        show('calc-points-' + i, '\u2014');
        continue;
      }
      if (x < variable.min || x > variable.max) {
        outside.push(variable.label || variable.name);
      }
      var points = variablePoints(variable, x);
      total += points;
      show('calc-points-' + i, points.toFixed(1), points);
    }
    var message = document.getElementById('calc-message');
    if (missing.length > 0) {
      show('calc-total', '\u2014');
      show('calc-probability', '\u2014');
      message.textContent = 'Enter a value for: ' + missing.join(', ') + '.';
      return null;
    }
    var probability = 1 / (1 + Math.exp(-(nomogram.lp_at_zero_points + total / nomogram.scale)));
    show('calc-total', total.toFixed(1), total);
    var percent = 100 * probability;
    var percentText = percent.toFixed(1) + '%';
    if (percent > 99.9) {
      percentText = '>99.9%';
    } else if (percent < 0.1) {
      percentText = '<0.1%';
    }
    show('calc-probability', percentText, probability);
    message.textContent = outside.length > 0
      ? 'Outside the range of the nomogram (the training data): ' + outside.join(', ') +
        '. The model extrapolates there.'
      : '';
    return {total: total, probability: probability};
  }

  function fillForm(values) {
    for (var i = 0; i < variables.length; i++) {
      var input = document.getElementById('calc-input-' + i);
      if (input.type === 'checkbox') {
        input.checked = values[i] === 1;
      } else {
        input.value = String(values[i]);
      }
    }
  }

  // Test hook: #calculator=[[x, ...], ...] scores each patient through the form.
  function runFromFragment() {
    var prefix = '#calculator=';
    if (window.location.hash.indexOf(prefix) !== 0) {
      return;
    }
    var patients = JSON.parse(decodeURIComponent(window.location.hash.slice(prefix.length)));
    var list = document.getElementById('calc-results');
    patients.forEach(function (values) {
      fillForm(values);
      var result = compute();
      var item = document.createElement('li');
      item.setAttribute('data-total', result ? String(result.total) : '');
      item.setAttribute('data-probability', result ? String(result.probability) : '');
      item.textContent = result ? 'total ' + result.total + ', probability ' + result.probability : 'incomplete';
      list.appendChild(item);
    });
  }

  form.addEventListener('input', compute);
  form.addEventListener('change', compute);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  compute();
  runFromFragment();
})();
)JS";

/// Returns the note beside a continuous input, e.g. "nomogram range 8 to 28".
std::string rangeNote(const json& variable) {
    return fmt::format("nomogram range {} to {}", formatSignificant(findValue(variable, "min"), 6),
                       formatSignificant(findValue(variable, "max"), 6));
}

/// Renders one form row: label, input and points.
std::string inputRow(const json& variable, std::size_t index) {
    const std::string label = escapeHtml(textOr(variable, "label", textOr(variable, "name", "")));
    const std::string id = fmt::format("calc-input-{}", index);
    std::string input;
    if (textOr(variable, "type", "continuous") == "binary") {
        input = fmt::format(
            "<input id=\"{}\" type=\"checkbox\"/> <span class=\"note\">checked = 1, unchecked = 0</span>",
            id);
    } else {
        input = fmt::format("<input id=\"{}\" type=\"number\" step=\"any\"/> <span class=\"note\">{}</span>",
                            id, escapeHtml(rangeNote(variable)));
    }
    return fmt::format(
        "<tr><td><label for=\"{}\">{}</label></td><td>{}</td><td class=\"num\"><output id=\"calc-points-{}\">"
        "\u2014</output></td></tr>\n",
        id, label, input, index);
}

}  // namespace

std::string scriptSafeJson(const json& value) {
    const std::string dumped = value.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string safe;
    safe.reserve(dumped.size());
    for (char character : dumped) {
        switch (character) {
            case '<':
                safe += "\\u003c";
                break;
            case '>':
                safe += "\\u003e";
                break;
            case '&':
                safe += "\\u0026";
                break;
            default:
                safe += character;
        }
    }
    return safe;
}

std::string renderCalculatorSection(ReportContext& context) {
    const json& results = context.results();
    const json* combined = findValue(results, "combined");
    const json* nomogram = combined != nullptr ? findValue(*combined, "nomogram") : nullptr;
    std::string html = openSection("calculator", "Risk calculator",
                                   nomogram != nullptr
                                       ? "The nomogram as a form: enter a patient's values to get the points per "
                                         "predictor, the total points and the predicted probability."
                                       : "The nomogram as a form: not part of this run, which has no nomogram.");
    const json* variables = nomogram != nullptr ? findValue(*nomogram, "variables") : nullptr;
    if (variables == nullptr || !variables->is_array() || variables->empty()) {
        html += renderSkipped(context.skippedLine(
            "combined", "Skipped: there is no nomogram, because the combined model was not fitted."));
        return html + "</section>\n";
    }

    html +=
        "<form id=\"calculator-form\" class=\"calculator\" autocomplete=\"off\">\n"
        "<table class=\"calc\"><thead><tr><th scope=\"col\">Predictor</th><th scope=\"col\">Value</th>"
        "<th scope=\"col\">Points</th></tr></thead>\n<tbody>\n";
    for (std::size_t index = 0; index < variables->size(); ++index) {
        html += inputRow((*variables)[index], index);
    }
    html += fmt::format(
        "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"2\">Total points</th><td class=\"num\">"
        "<output id=\"calc-total\">\u2014</output></td></tr>\n"
        "<tr><th scope=\"row\" colspan=\"2\">Probability of {}</th><td class=\"num\">"
        "<output id=\"calc-probability\">\u2014</output></td></tr></tfoot></table>\n"
        "<p id=\"calc-message\" class=\"note\"></p>\n</form>\n",
        escapeHtml(context.groupLabel("positive")));
    html +=
        "<p class=\"note\">Points per predictor = scale \u00d7 coefficient \u00d7 (value \u2212 value at "
        "zero points), with the sign kept: the points are 0 or more inside the nomogram's range and can "
        "be negative outside it. Probability = 1 / (1 + exp(\u2212(linear predictor at zero points + total "
        "points / scale))). <code>pulmorad predict</code> computes the same formula from the study's "
        "model bundle.</p>\n";
    html += "<ol id=\"calc-results\" class=\"calc-results\"></ol>\n";
    html += fmt::format("<script type=\"application/json\" id=\"nomogram-data\">{}</script>\n",
                        scriptSafeJson(*nomogram));
    html += fmt::format("<script>//<![CDATA[{}//]]></script>\n", kCalculatorScript);
    return html + "</section>\n";
}

}  // namespace pulmorad::report
