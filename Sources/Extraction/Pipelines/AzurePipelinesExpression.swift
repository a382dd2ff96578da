import Foundation

/// Azure Pipelines value syntax (`$(var)`, `${{ parameters.p }}`, `${{ variables.v }}`, `$[ … ]`) turned
/// into `SymbolPlaceholder` text that `BranchResolver` can substitute across the files of a branch.
///
/// Names that only exist when a pipeline runs (predefined `Build.*`, `Agent.*`, `System.*` … variables,
/// `$[ … ]` runtime expressions) and template expressions census does not evaluate (`format(…)`,
/// loop variables) become placeholders of namespaces that never resolve, so the reference stays
/// `resolved: false` with a reason and its raw text instead of being guessed.
public enum AzurePipelinesExpression {
    /// Namespaces of the placeholders this translation produces and `BranchResolver` understands.
    public enum Namespace {
        /// Container aliases: `resources.containers[].container`, 1ES `containers:` map keys.
        public static let alias = "azure-pipelines/alias"
        /// Pipeline variables (names are case-insensitive in Azure Pipelines, so kept lowercased).
        public static let variable = "azure-pipelines/variable"
        /// Template parameters, scoped to the file that declares them; nested keys joined with `.`.
        public static let parameter = "azure-pipelines/parameter"
        /// A container position: the name is an alias when the branch defines one, else an image.
        public static let container = "azure-pipelines/container"
        /// A value only known when the pipeline runs; never resolves.
        public static let runtime = "azure-pipelines/runtime"
        /// A template expression census does not evaluate; never resolves.
        public static let expression = "azure-pipelines/expression"
        /// Defined by a template for each parameter it declares (`declared`), uses in a container position
        /// (`container`), or passes on to another template (`forward:<path>#<parameter>`).
        public static let parameterFlow = "azure-pipelines/parameter-flow"
        /// `<template path>#<parameter>`: empty when the parameter reaches a container in that template (or
        /// the template cannot be read), no value at all when it does not, so the reference is dropped.
        public static let containerParameter = "azure-pipelines/container-parameter"
    }

    /// Prefixes of predefined variables, which the agent sets at run time.
    static let predefinedPrefixes = ["agent.", "build.", "system.", "pipeline.", "environment.", "release.",
                                     "resources.", "strategy.", "checks.", "deployment.", "tf_build"]

    /// `text` with every Azure Pipelines expression replaced by a placeholder; plain text is unchanged.
    public static func translate(_ text: String) -> String {
        // Every expression, and every stray brace, starts with `$`, `{` or `}`: without them each
        // character is copied as it is, so the text is its own translation (most image values).
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) {
            return text
        }
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("${{"), let close = text.range(of: "}}", range: text.index(index, offsetBy: 3)..<text.endIndex) {
                let body = text[text.index(index, offsetBy: 3)..<close.lowerBound]
                out += templateExpression(body.trimmingWhitespaceAndNewlines())
                index = close.upperBound
            } else if rest.hasPrefix("$["), let end = matchingBracket(in: text, from: text.index(after: index)) {
                out += SymbolPlaceholder.make(namespace: Namespace.runtime, name: String(text[index...end]))
                index = text.index(after: end)
            } else if rest.hasPrefix("$("), let close = text[index...].firstIndex(of: ")"),
                      isMacroName(text[text.index(index, offsetBy: 2)..<close]) {
                out += variablePlaceholder(String(text[text.index(index, offsetBy: 2)..<close]))
                index = text.index(after: close)
            } else if rest.hasPrefix("{{") || rest.hasPrefix("}}") {
                // Stray braces would read as placeholders; no image contains them, so say so.
                out += SymbolPlaceholder.make(namespace: Namespace.expression, name: "stray braces in \(text)")
                return out
            } else {
                out.append(text[index])
                index = text.index(after: index)
            }
        }
        return out
    }

    /// The fact value for an image written as `text`: literal when it holds no expression.
    public static func imageExpression(_ text: String) -> ImageExpression {
        let translated = translate(text)
        return translated == text ? .literal(text) : .symbolic(text: translated)
    }

    /// Whether `text` is exactly one `${{ parameters.x }}` (after translation: one parameter placeholder).
    public static func passedThroughParameter(_ translated: String) -> String? {
        let markers = SymbolPlaceholder.find(in: translated)
        guard markers.count == 1, let only = markers.first, only.namespace == Namespace.parameter,
              only.range == translated.startIndex..<translated.endIndex else { return nil }
        return only.name
    }

    /// The placeholder for a `${{ … }}` body.
    static func templateExpression(_ body: String) -> String {
        if let name = accessPath(body, root: "parameters") {
            return SymbolPlaceholder.make(namespace: Namespace.parameter, name: name)
        }
        if let name = accessPath(body, root: "variables") {
            return variablePlaceholder(name)
        }
        return SymbolPlaceholder.make(namespace: Namespace.expression, name: body)
    }

    /// The placeholder for a variable name, runtime-only for predefined variables.
    static func variablePlaceholder(_ name: String) -> String {
        let lower = name.lowercased()
        if predefinedPrefixes.contains(where: { lower.hasPrefix($0) }) {
            return SymbolPlaceholder.make(namespace: Namespace.runtime, name: "$(\(name))")
        }
        return SymbolPlaceholder.make(namespace: Namespace.variable, name: lower)
    }

    /// `a.b.c` for `root.a.b.c`, `root['a'].b`, `root["a"]['b']`; nil for anything else.
    static func accessPath(_ body: String, root: String) -> String? {
        guard body.hasPrefix(root) else { return nil }
        var rest = Substring(body.dropFirst(root.count))
        var parts: [String] = []
        while !rest.isEmpty {
            if rest.first == "." {
                rest = rest.dropFirst()
                let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                guard !name.isEmpty else { return nil }
                parts.append(String(name))
                rest = rest.dropFirst(name.count)
            } else if rest.first == "[", rest.count >= 4, let quote = rest.dropFirst().first, quote == "'" || quote == "\"" {
                let inner = rest.dropFirst(2)
                guard let end = inner.firstIndex(of: quote), inner[inner.index(after: end)...].first == "]" else { return nil }
                let name = inner[..<end]
                guard !name.isEmpty else { return nil }
                parts.append(String(name))
                rest = inner[inner.index(end, offsetBy: 2)...]
            } else {
                return nil
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: ".")
    }

    /// Macro names (`$(name)`): letters, digits, `.`, `_`, `-`.
    static func isMacroName(_ name: Substring) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }
    }

    /// The index of the `]` closing the `[` at `open`, counting nesting.
    static func matchingBracket(in text: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var index = open
        while index < text.endIndex {
            if text[index] == "[" { depth += 1 }
            if text[index] == "]" {
                depth -= 1
                if depth == 0 { return index }
            }
            index = text.index(after: index)
        }
        return nil
    }
}
