import Extraction
import Foundation
import Inventory

/// Checks that the crawl found every image reference that a `git grep` output line contains: each line
/// naming an image must have a stored reference of the same repository, branch, path and line.
///
/// Lines git grep matches that name no image are counted apart, each for a stated reason: comments,
/// a keyword opening a mapping (`container:` with the image on the next line), an Azure Pipelines
/// container resource's alias (`- container: name`; its `image:` line is the reference), a Dockerfile
/// `FROM` of an earlier stage or of `scratch`, and the keyword inside another instruction.
struct ExtractionCheck {
    struct Outcome {
        var grepLines = 0
        var required = 0
        var found = 0
        var comments = 0
        var keywordWithoutValue = 0
        var aliasDefinitions = 0
        var stagesAndScratch = 0
        var otherInstructions = 0
        var storedReferences = 0
        var missing: [String] = []

        var passed: Bool { missing.isEmpty && required > 0 }
    }

    /// Compares `targets`' grep outputs with the current references of `database`, where each target's
    /// repository is named `repositoryName(target)`.
    static func run(_ targets: [GrepBaseline.Target], repositoryName: (GrepBaseline.Target) -> String,
                    database: AppDatabase) throws -> Outcome {
        var outcome = Outcome()
        for target in targets {
            let repository = repositoryName(target)
            let rows = try database.readOnlyQuery(sql: """
                SELECT branch, path, line FROM current_references WHERE repository = ?
                """, arguments: [.text(repository)]).rows
            var stored: Set<String> = []
            for row in rows {
                if case .text(let branch) = row[0], case .text(let path) = row[1], case .integer(let line) = row[2] {
                    stored.insert("\(branch)\u{0}\(path)\u{0}\(line)")
                }
            }
            outcome.storedReferences += rows.count
            let text = (try? String(contentsOfFile: target.output, encoding: .utf8)) ?? ""
            var stages: [String: Set<String>] = [:]
            for line in text.split(separator: "\n") {
                guard let hit = GrepHit(String(line), branches: target.branches) else { continue }
                outcome.grepLines += 1
                switch classify(hit, stages: &stages) {
                case .comment: outcome.comments += 1
                case .noValue: outcome.keywordWithoutValue += 1
                case .aliasDefinition: outcome.aliasDefinitions += 1
                case .stageOrScratch: outcome.stagesAndScratch += 1
                case .otherInstruction: outcome.otherInstructions += 1
                case .reference:
                    outcome.required += 1
                    if stored.contains("\(hit.branch)\u{0}\(hit.path)\u{0}\(hit.line)") {
                        outcome.found += 1
                    } else {
                        outcome.missing.append("\(repository) \(hit.branch):\(hit.path):\(hit.line): \(hit.text)")
                    }
                }
            }
        }
        return outcome
    }

    private enum Verdict { case reference, comment, noValue, aliasDefinition, stageOrScratch, otherInstruction }

    private static func classify(_ hit: GrepHit, stages: inout [String: Set<String>]) -> Verdict {
        let trimmed = hit.text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("#") { return .comment }
        if FileKind.classify(path: hit.path) == .dockerfile {
            let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard tokens.first?.uppercased() == "FROM" else { return .otherInstruction }
            let arguments = tokens.dropFirst().filter { !$0.hasPrefix("--") }
            guard let image = arguments.first else { return .noValue }
            let key = hit.branch + "\u{0}" + hit.path
            let known = stages[key] ?? []
            if arguments.count >= 3, arguments[arguments.startIndex + 1].uppercased() == "AS" {
                stages[key, default: []].insert(arguments[arguments.startIndex + 2].lowercased())
            }
            if image.lowercased() == "scratch" || known.contains(image.lowercased()) { return .stageOrScratch }
            return .reference
        }
        if trimmed.hasPrefix("- container:") { return .aliasDefinition }
        for keyword in ["image:", "container:"] {
            if let range = trimmed.range(of: keyword) {
                let value = trimmed[range.upperBound...].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? .noValue : .reference
            }
        }
        return .otherInstruction
    }
}

/// One line of `git grep -n <rev>… -- <paths>` output: `<rev>:<path>:<line>:<text>`.
struct GrepHit {
    var branch: String
    var path: String
    var line: Int
    var text: String

    init?(_ output: String, branches: [String]) {
        guard let branch = branches.first(where: { output.hasPrefix($0 + ":") }) else { return nil }
        let rest = output.dropFirst(branch.count + 1)
        // The path ends at the first ":<digits>:".
        var index = rest.startIndex
        while let colon = rest[index...].firstIndex(of: ":") {
            let afterColon = rest.index(after: colon)
            let digits = rest[afterColon...].prefix { $0.isASCII && $0.isNumber }
            if !digits.isEmpty, digits.endIndex < rest.endIndex, rest[digits.endIndex] == ":", let number = Int(digits) {
                self.branch = branch
                path = String(rest[..<colon])
                line = number
                text = String(rest[rest.index(after: digits.endIndex)...])
                return
            }
            index = afterColon
        }
        return nil
    }
}
