import Foundation

/// The file formats reports are written in.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    /// Markdown, for wikis, pull requests and email.
    case md
    /// A self-contained HTML page with charts.
    case html
    /// RFC 4180 CSV, for spreadsheets.
    case csv
    /// JSON, for scripts.
    case json
}

/// One file of a report: its name inside the week's folder and its text.
public struct ReportFile: Sendable, Hashable {
    /// The path relative to the week's folder (`governance.md`, `outreach/runtime.md`).
    public var name: String
    /// The file's text.
    public var content: String

    /// A report file.
    public init(name: String, content: String) {
        self.name = name
        self.content = content
    }
}

/// Writes report files under `<root>/<ISO-week>/`.
public struct ReportWriter: Sendable {
    /// The reports folder (`reports` by default).
    public var root: String

    /// A writer into `root`.
    public init(root: String) {
        self.root = root
    }

    /// Writes every file (creating folders, replacing files of the same name) and returns their paths.
    @discardableResult
    public func write(_ files: [ReportFile], week: String) throws -> [String] {
        let folder = (root as NSString).appendingPathComponent(week)
        var written: [String] = []
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file.name)
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try Data(file.content.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw ReportsError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
            }
            written.append(path)
        }
        return written
    }
}
