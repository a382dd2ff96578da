/// operator-sdk scorecard configurations: every test of `stages[].tests[]` runs in a pod of its `image`.
/// Read from a `Configuration` of `scorecard.operatorframework.io` (the bundle's
/// `tests/scorecard/config.yaml`), and from the JSON patches operator-sdk scaffolds under
/// `config/scorecard/patches/` that add tests to it (`op: add`, `path: /stages/0/tests/-`, `value` a test
/// with `entrypoint` and `image`). A patch is recognized by that shape alone: every operation of the
/// document must target a stage's tests and every value must be a test.
enum ScorecardExtractor {
    static let kind = "scorecard/test"

    /// Whether a document is a scorecard `Configuration`.
    static func isConfiguration(_ document: YAMLCursor) -> Bool {
        guard let apiVersion = document["apiVersion"]?.string else { return false }
        return apiVersion.hasPrefix("scorecard.operatorframework.io/") && document["kind"]?.string == "Configuration"
    }

    /// Whether a document is a JSON patch list that only adds or replaces scorecard tests.
    static func isTestPatch(_ document: YAMLCursor) -> Bool {
        guard document.isSequence else { return false }
        let operations = document.items
        return !operations.isEmpty && operations.allSatisfy { operation in
            guard let op = operation["op"]?.string, op == "add" || op == "replace",
                  let path = operation["path"]?.string, testIndex(ofPatchPath: path) != nil,
                  let value = operation["value"] else { return false }
            return isTest(value)
        }
    }

    /// Records the tests' images of a `Configuration` or of a test patch.
    static func extract(_ document: YAMLCursor, to collector: inout FactCollector,
                        value: (Int) -> (String) -> ImageExpression) {
        if isConfiguration(document) {
            let resource = KubernetesExtractor.resourceName(document).map { $0 + " " } ?? ""
            for (stageIndex, stage) in (document["stages"]?.items ?? []).enumerated() {
                for (testIndex, test) in (stage["tests"]?.items ?? []).enumerated() {
                    guard let image = test["image"] else { continue }
                    let context = resource + "stages[\(stageIndex)].tests[\(label(test) ?? String(testIndex))]"
                    collector.add(kind: kind, at: image, context: context, value: value(image.line))
                }
            }
        } else if isTestPatch(document) {
            for operation in document.items {
                guard let path = operation["path"]?.string, let test = operation["value"], let image = test["image"] else { continue }
                let context = "patch \(path)" + (label(test).map { " [\($0)]" } ?? "")
                collector.add(kind: kind, at: image, context: context, value: value(image.line))
            }
        }
    }

    /// A test: a mapping with a scalar `image` and an `entrypoint` list, as scorecard's schema writes it.
    private static func isTest(_ value: YAMLCursor) -> Bool {
        value["image"]?.string != nil && value["entrypoint"]?.isSequence == true
    }

    /// The test's `labels.test`, which scorecard selects tests by.
    private static func label(_ test: YAMLCursor) -> String? {
        test["labels"]?["test"]?.string
    }

    /// The test position a JSON pointer names: `/stages/<n>/tests/-` or `/stages/<n>/tests/<m>`.
    static func testIndex(ofPatchPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "stages", !parts[2].isEmpty,
              parts[2].allSatisfy(\.isNumber), parts[3] == "tests",
              parts[4] == "-" || (!parts[4].isEmpty && parts[4].allSatisfy(\.isNumber)) else { return nil }
        return String(parts[4])
    }
}
