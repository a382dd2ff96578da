import Foundation
import Inventory

extension RunDiff {
    /// A usage or finding as compared across runs: everything but the line.
    struct Key: Hashable {
        var repository: String
        var branch: String
        var parts: [String]
    }

    /// Compares two runs' references (as each run left the fleet) and, when given, their findings.
    public init(from: RunInfo, to: RunInfo, fromBranches: [BranchState], toBranches: [BranchState],
                fromReferences: [StoredReference], toReferences: [StoredReference],
                fromFindings: [ReportFinding]? = nil, toFindings: [ReportFinding]? = nil) {
        self.from = from
        self.to = to
        findingsCompared = fromFindings != nil && toFindings != nil

        let (appeared, disappeared) = Self.changes(old: fromReferences, new: toReferences) { reference in
            Key(repository: reference.repository, branch: reference.branch,
                parts: [reference.reference.path, reference.reference.kind, reference.reference.context ?? "",
                        reference.reference.raw, Self.image(of: reference)])
        }
        // Findings are compared only when both runs were judged against a policy.
        var findingsAppeared: [ReportFinding] = []
        var findingsDisappeared: [ReportFinding] = []
        if let fromFindings, let toFindings {
            (findingsAppeared, findingsDisappeared) = Self.changes(old: fromFindings, new: toFindings) {
                Key(repository: $0.repository, branch: $0.branch, parts: [$0.path, $0.rule, $0.image])
            }
        }

        var byBranch: [BranchKey: BranchChanges] = [:]
        func entry(_ repository: String, _ branch: String) -> BranchKey {
            let key = BranchKey(repository: repository, branch: branch)
            if byBranch[key] == nil {
                byBranch[key] = BranchChanges(repository: repository, branch: branch, fromCommit: nil, toCommit: nil,
                                              referencesAppeared: [], referencesDisappeared: [],
                                              findingsAppeared: [], findingsDisappeared: [])
            }
            return key
        }
        for reference in appeared {
            byBranch[entry(reference.repository, reference.branch)]?.referencesAppeared.append(Self.usage(reference))
        }
        for reference in disappeared {
            byBranch[entry(reference.repository, reference.branch)]?.referencesDisappeared.append(Self.usage(reference))
        }
        for finding in findingsAppeared {
            byBranch[entry(finding.repository, finding.branch)]?.findingsAppeared.append(Self.change(finding))
        }
        for finding in findingsDisappeared {
            byBranch[entry(finding.repository, finding.branch)]?.findingsDisappeared.append(Self.change(finding))
        }

        let oldBranches = Dictionary(fromBranches.map { (BranchKey(repository: $0.repository, branch: $0.branch), $0) },
                                     uniquingKeysWith: { first, _ in first })
        let newBranches = Dictionary(toBranches.map { (BranchKey(repository: $0.repository, branch: $0.branch), $0) },
                                     uniquingKeysWith: { first, _ in first })
        // A branch that came or went is a change even when it names no image.
        for key in Set(oldBranches.keys).symmetricDifference(newBranches.keys) {
            _ = entry(key.repository, key.branch)
        }
        for key in Array(byBranch.keys) {
            byBranch[key]?.fromCommit = oldBranches[key]?.commitID
            byBranch[key]?.toCommit = newBranches[key]?.commitID
        }

        branches = byBranch.values.map { changes in
            var sorted = changes
            sorted.referencesAppeared.sort { ($0.path, $0.line, $0.kind, $0.image) < ($1.path, $1.line, $1.kind, $1.image) }
            sorted.referencesDisappeared.sort { ($0.path, $0.line, $0.kind, $0.image) < ($1.path, $1.line, $1.kind, $1.image) }
            sorted.findingsAppeared.sort { ($0.path, $0.line, $0.rule, $0.image) < ($1.path, $1.line, $1.rule, $1.image) }
            sorted.findingsDisappeared.sort { ($0.path, $0.line, $0.rule, $0.image) < ($1.path, $1.line, $1.rule, $1.image) }
            return sorted
        }.sorted { ($0.repository, $0.branch) < ($1.repository, $1.branch) }
        totals = Totals(
            referencesAppeared: appeared.count, referencesDisappeared: disappeared.count,
            findingsAppeared: findingsAppeared.count, findingsDisappeared: findingsDisappeared.count,
            branchesAdded: Set(newBranches.keys).subtracting(oldBranches.keys).count,
            branchesRemoved: Set(oldBranches.keys).subtracting(newBranches.keys).count)
    }

    struct BranchKey: Hashable {
        var repository: String
        var branch: String
    }

    /// Multiset difference by key: items beyond the other side's count of the same key.
    static func changes<Item>(old: [Item], new: [Item], key: (Item) -> Key) -> (appeared: [Item], disappeared: [Item]) {
        var oldByKey: [Key: [Item]] = [:]
        for item in old { oldByKey[key(item), default: []].append(item) }
        var newByKey: [Key: [Item]] = [:]
        for item in new { newByKey[key(item), default: []].append(item) }
        var appeared: [Item] = []
        var disappeared: [Item] = []
        for (itemKey, items) in newByKey {
            let before = oldByKey[itemKey]?.count ?? 0
            if items.count > before { appeared += items.suffix(items.count - before) }
        }
        for (itemKey, items) in oldByKey {
            let after = newByKey[itemKey]?.count ?? 0
            if items.count > after { disappeared += items.suffix(items.count - after) }
        }
        return (appeared, disappeared)
    }

    static func image(of stored: StoredReference) -> String {
        stored.reference.normalized ?? stored.reference.image ?? stored.reference.raw
    }

    static func usage(_ stored: StoredReference) -> Usage {
        Usage(path: stored.reference.path, line: stored.reference.line, kind: stored.reference.kind,
              image: image(of: stored))
    }

    static func change(_ finding: ReportFinding) -> FindingChange {
        FindingChange(path: finding.path, line: finding.line, image: finding.image, rule: finding.rule,
                      severity: finding.severity, message: finding.message)
    }
}
