import Foundation
import Inventory
import Policy

extension CleanupPlan {
    /// `cleanup-<repository>.md`, `.csv` and `.json` (the file `census cleanup execute --plan` reads).
    public func files() throws -> [ReportFile] {
        [
            ReportFile(name: "cleanup-\(fileStem).md", content: CleanupMarkdownReporter.render(self)),
            ReportFile(name: "cleanup-\(fileStem).csv", content: CleanupCSVReporter.render(self)),
            ReportFile(name: "cleanup-\(fileStem).json", content: try ReportJSON.encode(self)),
        ]
    }

    /// Reads a plan written by `census cleanup plan`; an unreadable or foreign file is an error naming it.
    public static func load(path: String) throws -> CleanupPlan {
        let data: Data
        do {
            data = try UserFile.read(path)
        } catch {
            throw ReportsError.invalidCleanupPlan(path: path, problem: error.reason)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let plan: CleanupPlan
        do {
            plan = try decoder.decode(CleanupPlan.self, from: data)
        } catch {
            throw ReportsError.invalidCleanupPlan(path: path, problem: "not a clean-up plan written by census cleanup plan (\(error))")
        }
        guard plan.format == CleanupPlan.currentFormat else {
            throw ReportsError.invalidCleanupPlan(path: path, problem: "format \(plan.format); this census reads format \(CleanupPlan.currentFormat)")
        }
        return plan
    }
}
