import Extraction
import Foundation
import Inventory

/// Prints references recorded in the inventory (`census refs`) and the demo's image summary.
public enum StoredReferenceListing {
    /// One JSON object per row: repository, team, branch and commit, then the reference (docs/output.md).
    public static func json(_ rows: [StoredReference]) throws -> String {
        try JSONOutput.string(rows)
    }

    /// The current references matching `filter`; a `repository` the inventory does not hold is an
    /// error naming the similar ones, not an empty list.
    public static func load(from inventory: AppDatabase, filter: ReferenceFilter) throws -> [StoredReference] {
        let rows = try inventory.currentReferences(filter)
        if rows.isEmpty, let repository = filter.repository {
            let known = try inventory.repositoryNames()
            if !known.contains(repository) { throw ReportsError.unknownRepository(repository, known: known) }
        }
        return rows
    }

    /// A table with the repository and branch in front of each location.
    public static func table(_ rows: [StoredReference]) -> String {
        if rows.isEmpty { return "no references match\n" }
        let body = rows.map { row in
            [row.repository, row.branch, "\(row.reference.path):\(row.reference.line)", row.reference.kind,
             ReferenceListing.imageColumn(row.reference)]
        }
        return TextTable(headers: ["REPOSITORY", "BRANCH", "LOCATION", "KIND", "IMAGE"], rows: body).render()
            + "\(rows.count.counted("reference"))\n"
    }

    /// Images by how many repositories and branches use them, most used first.
    public static func imageSummary(_ rows: [StoredReference], limit: Int = 25) -> String {
        struct Usage { var repositories = Set<String>(); var branches = Set<String>(); var count = 0 }
        var usage: [String: Usage] = [:]
        for row in rows {
            let key = summaryName(row.reference)
            usage[key, default: Usage()].repositories.insert(row.repository)
            usage[key, default: Usage()].branches.insert("\(row.repository)@\(row.branch)")
            usage[key, default: Usage()].count += 1
        }
        let ranked = usage.sorted {
            ($0.value.branches.count, $0.value.count, $1.key) > ($1.value.branches.count, $1.value.count, $0.key)
        }
        let table = TextTable(headers: ["IMAGE", "REPOS", "BRANCHES", "USES"], rows: ranked.prefix(limit).map {
            [$0.key, "\($0.value.repositories.count)", "\($0.value.branches.count)", "\($0.value.count)"]
        })
        var text = table.render()
        if ranked.count > limit { text += "… and \((ranked.count - limit).counted("more image", plural: "more images"))\n" }
        return text
    }

    /// How the summary names a usage: the normalized image, or the text as written and why it has none.
    static func summaryName(_ reference: Reference) -> String {
        if reference.role == .localBuild { return "\(reference.image ?? reference.raw) (built locally)" }
        if reference.role == .download { return "\(reference.image ?? reference.raw) (downloaded unverified)" }
        if reference.valid, let normalized = reference.normalized { return normalized }
        if reference.resolved { return "\(reference.image ?? reference.raw) (invalid)" }
        return "\(reference.raw) (unresolved)"
    }
}
