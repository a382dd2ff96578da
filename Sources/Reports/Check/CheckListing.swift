import Extraction
import Foundation
import Policy

/// Prints check results (references with their findings) for people or programs.
public enum CheckListing {
    /// The fields of every reference (docs/output.md) plus its `findings`, as JSON.
    public static func json(_ results: [CheckedReference]) throws -> String {
        try JSONOutput.string(results.map(CheckedReferenceJSON.init))
    }

    /// One block per finding (location, severity, rule, message, suggestion), then a summary line.
    /// Messages are never cut: they wrap to keep lines within `lineWidth` columns where words allow,
    /// so a CI log carries them whole.
    public static func table(_ results: [CheckedReference], lineWidth: Int = 120) -> String {
        var rows: [[String]] = []
        for checked in results {
            for finding in checked.findings {
                rows.append(["\(checked.reference.path):\(checked.reference.line)", finding.severity.rawValue,
                             finding.rule.rawValue, finding.message])
                if let suggestion = finding.suggestion {
                    rows.append(["", "", "", "→ \(suggestion)"])
                }
            }
        }
        let counts = Dictionary(grouping: results.flatMap(\.findings), by: \.severity).mapValues(\.count)
        let summary = "\(results.count.counted("reference")): \((counts[.error] ?? 0).counted("error")), "
            + "\((counts[.warning] ?? 0).counted("warning")), \((counts[.note] ?? 0).counted("note"))\n"
        guard !rows.isEmpty else { return "no findings\n" + summary }
        return TextTable(headers: ["LOCATION", "SEVERITY", "RULE", "MESSAGE"], rows: rows, wrapWidth: lineWidth).render()
            + summary
    }

    /// Every rule's verdict on one image, for `census explain`.
    public static func verdicts(_ outcomes: [RuleOutcome]) -> String {
        TextTable(headers: ["RULE", "VERDICT", "REASON"],
                  rows: outcomes.map { [$0.rule.rawValue, $0.verdict, $0.reason] }, maxCellWidth: 200).render()
            + outcomes.compactMap { outcome in outcome.finding?.suggestion.map { "suggested for \(outcome.rule.rawValue): \($0)" } }
                .joined(separator: "\n")
    }
}

/// A reference's fields (docs/output.md) followed by `findings`.
struct CheckedReferenceJSON: Encodable {
    var checked: CheckedReference

    init(_ checked: CheckedReference) { self.checked = checked }

    enum CodingKeys: String, CodingKey { case findings }

    func encode(to encoder: any Encoder) throws {
        try checked.reference.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(checked.findings, forKey: .findings)
    }
}
