import Foundation
import Git

/// A repository on this machine seen through a scratch bare repository that borrows its objects
/// (`objects/info/alternates`): a migration reads the user's commits through it and writes its new
/// blobs, trees and commits into it, so planning a change never writes into the user's repository.
/// Only `--commit` (and `--push`) put a branch there, through git's push, leased on the scanned tip.
final class BorrowingRepository {
    /// The scratch repository: reads reach the user's objects, writes stay here.
    let repository: Repository
    /// The user's repository, as repos.txt names it.
    let source: String
    /// The scratch repository's folder, removed when this goes unless the caller owns it.
    private let scratch: String
    private let removesScratch: Bool

    /// Borrows from the repository at `source`. The scratch repository is a fresh temporary folder, or,
    /// under `folder`, one per source that is kept (and used again) for the caller to read.
    init(borrowingFrom source: String, under folder: String? = nil) throws {
        let user = try Repository.open(at: source)
        let objects = URL(fileURLWithPath: user.path).appendingPathComponent("objects").standardizedFileURL.path
        if let folder {
            scratch = URL(fileURLWithPath: folder).appendingPathComponent(Self.folderName(for: source)).path
        } else {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("census-migrate-\(UUID().uuidString)").path
        }
        removesScratch = folder == nil
        if !FileManager.default.fileExists(atPath: scratch) {
            _ = try Repository.initBare(at: scratch)
            try Data((objects + "\n").utf8).write(to: URL(fileURLWithPath: scratch + "/objects/info/alternates"))
        }
        repository = try Repository.open(at: scratch)
        self.source = source
    }

    /// The scratch folder's name for `source`, one per repository path.
    static func folderName(for source: String) -> String {
        String(source.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    /// Puts `branch` (created in the scratch repository) into the user's repository, leased on the
    /// scanned tip of `baseBranch`: nothing is written there when that branch moved since the crawl.
    func deliver(branch: String, baseBranch: String, scannedTip: ObjectID) throws {
        _ = try repository.push(reference: "refs/heads/" + branch, to: source, branch: branch,
                                lease: PushLease(baseBranch: baseBranch, baseTip: scannedTip, replacing: nil))
    }

    deinit {
        if removesScratch { try? FileManager.default.removeItem(atPath: scratch) }
    }
}
