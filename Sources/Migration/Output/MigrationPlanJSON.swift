import Foundation

/// The plan for programs: one object per branch (docs/migrate.md lists the fields).
enum MigrationPlanJSON {
    struct Document: Encodable {
        var title: String
        var branches: [Branch]
    }

    struct Branch: Encodable {
        var repository: String
        var branch: String
        var scannedCommit: String
        var commit: String?
        var createdBranch: String?
        var verification: String
        var verificationProblems: [String]
        var problem: String?
        var note: String?
        var changes: [Change]
        var leftAlone: [LeftAlone]
        var files: [File]
        var message: String
        var push: Push?

        enum CodingKeys: String, CodingKey {
            case repository, branch, scannedCommit, commit, createdBranch, verification, verificationProblems, problem, note
            case changes, leftAlone, files, message, push
        }

        /// Every field, `null` for an absent one, so the shape is stable.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(repository, forKey: .repository)
            try c.encode(branch, forKey: .branch)
            try c.encode(scannedCommit, forKey: .scannedCommit)
            try c.encode(commit, forKey: .commit)
            try c.encode(createdBranch, forKey: .createdBranch)
            try c.encode(verification, forKey: .verification)
            try c.encode(verificationProblems, forKey: .verificationProblems)
            try c.encode(problem, forKey: .problem)
            try c.encode(note, forKey: .note)
            try c.encode(changes, forKey: .changes)
            try c.encode(leftAlone, forKey: .leftAlone)
            try c.encode(files, forKey: .files)
            try c.encode(message, forKey: .message)
            try c.encode(push, forKey: .push)
        }
    }

    struct Push: Encodable {
        var branch: String
        var outcome: String
        var error: String?
        var remoteMessage: String
        var compareURL: String?
        var pullRequest: PullRequest?

        enum CodingKeys: String, CodingKey {
            case branch, outcome, error, remoteMessage, compareURL, pullRequest
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(branch, forKey: .branch)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(error, forKey: .error)
            try c.encode(remoteMessage, forKey: .remoteMessage)
            try c.encode(compareURL, forKey: .compareURL)
            try c.encode(pullRequest, forKey: .pullRequest)
        }
    }

    struct PullRequest: Encodable {
        var title: String
        var body: String
        var file: String?

        enum CodingKeys: String, CodingKey { case title, body, file }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(body, forKey: .body)
            try c.encode(file, forKey: .file)
        }
    }

    struct Change: Encodable {
        var path: String
        var line: Int
        var from: String
        var to: String
        var usages: [UsageRow]
    }

    struct UsageRow: Encodable {
        var path: String
        var line: Int
        var kind: String
        var context: String?
        var image: String
        var target: String
    }

    struct File: Encodable {
        var path: String
        var diff: String
    }

    static func render(_ plan: MigrationPlan) throws -> String {
        let document = Document(title: plan.title, branches: plan.branches.map { branch in
            let (status, problems): (String, [String]) = switch branch.verification {
            case .passed: ("passed", [])
            case .failed(let problems): ("failed", problems)
            case .notRun: ("not-run", [])
            }
            return Branch(
                repository: branch.repository, branch: branch.branch, scannedCommit: branch.scannedCommit,
                commit: branch.commit, createdBranch: branch.createdBranch, verification: status,
                verificationProblems: problems, problem: branch.problem, note: branch.note,
                changes: branch.changes.map { change in
                    Change(path: change.site.path, line: change.site.line, from: change.from, to: change.to,
                           usages: change.usages.map {
                               UsageRow(path: $0.usage.path, line: $0.usage.line, kind: $0.usage.kind, context: $0.usage.context,
                                        image: $0.usage.image, target: $0.target)
                           })
                },
                leftAlone: branch.leftAlone, files: branch.files.map { File(path: $0.path, diff: $0.diff) },
                message: branch.message,
                push: branch.push.map { push in
                    Push(branch: push.branch, outcome: push.outcome.rawValue, error: push.error,
                         remoteMessage: push.remoteMessage, compareURL: push.compareURL,
                         pullRequest: push.pullRequestTitle.flatMap { title in
                             push.pullRequestBody.map { PullRequest(title: title, body: $0, file: push.pullRequestFile) }
                         })
                })
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
