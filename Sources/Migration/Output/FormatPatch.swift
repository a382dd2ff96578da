import Foundation

/// One `git format-patch`-style file per verified change, which `git am` applies on the scanned commit.
public enum FormatPatch {
    /// The patch text of a branch's change (nil when nothing verified is offered).
    public static func patch(for branch: BranchMigration, author: String, date: Date) -> String? {
        guard branch.isOffered, let commit = branch.commit else { return nil }
        let lines = branch.message.split(separator: "\n", omittingEmptySubsequences: false)
        let subject = lines.first.map(String.init) ?? ""
        let body = lines.dropFirst().joined(separator: "\n").trimmingCharacters(in: .newlines)
        var out = "From \(commit) Mon Sep 17 00:00:00 2001\n"
        out += "From: \(author)\n"
        out += "Date: \(rfc2822(date))\n"
        out += "Subject: [PATCH] \(subject)\n\n"
        out += body + "\n---\n"
        for file in branch.files {
            out += "diff --git a/\(file.path) b/\(file.path)\n" + file.diff
        }
        out += "-- \ncensus migrate\n\n"
        return out
    }

    /// `<repository>--<branch>.patch`, with `/` and other unsafe characters as `-`.
    public static func fileName(for branch: BranchMigration) -> String {
        "\(MigrationRequest.refComponent(branch.repository))--\(MigrationRequest.refComponent(branch.branch)).patch"
    }

    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
