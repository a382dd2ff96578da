import Foundation
import Inventory
import Policy
import Reports

/// The reports `census demo` writes after its crawl, so a first run shows what the tool produces.
enum DemoReports {
    /// The migration the demo fleet is in the middle of.
    static let migrationFrom = "mcr.microsoft.com/dotnet-buildtools/prereqs:centos-7*"
    static let migrationTo = "mcr.microsoft.com/dotnet-buildtools/prereqs:azurelinux-3.0*"
    /// The base image whose rebuild impact the demo lists (what a fix to it sends through the fleet).
    static let impactBase = "mcr.microsoft.com/azurelinux/base/core:3.0*"

    /// Writes the governance report, the outreach lists (when the run was judged against a policy),
    /// the CentOS 7 → Azure Linux 3.0 migration, the rebuild impact of the Azure Linux 3.0 base image and
    /// the clean-up plan of each catalog under `folder/<ISO-week>/`; returns the paths.
    static func write(from inventory: AppDatabase, policy: PolicyDocument, to folder: String) throws -> [String] {
        let run = try ReportWeek.resolve(nil, in: inventory)
        var files = try GovernanceReport.load(from: inventory, run: run).files(formats: [.md, .html, .json])
        if let findings = try ReportFindings.loadIfEvaluated(from: inventory, runID: run.runID) {
            files += try OutreachList.load(from: inventory, run: run, findings: findings).files()
        }
        files += try MigrationReport.load(from: inventory, fromPattern: migrationFrom, toPattern: migrationTo, run: run)
            .files(formats: ReportFormat.allCases, slug: "centos-7-to-azurelinux-3")
        files += try ImpactReport.load(from: inventory, pattern: impactBase, run: run).files(slug: "azurelinux-3.0-base")
        for plan in try CleanupPlan.load(from: inventory, policy: policy, run: run, runs: CleanupCommand.defaultRecentRuns) {
            files += try plan.files()
        }
        return try ReportWriter(root: folder).write(files, week: run.week)
    }
}
