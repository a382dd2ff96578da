import Foundation
import Git

extension RepositorySpec {
    /// Where the line stands in the repository list, as messages name it (`repos.txt:3`).
    public var listedAt: String { "\(source):\(line)" }

    /// For a repository on this machine (a path or `file://` URL), an error naming the line of the
    /// repository list when its folder does not exist or holds no git repository; nothing for a
    /// network URL or a folder that is a repository.
    func checkLocalFolder() throws {
        guard let folder = RepositoryLocation.localPath(of: url) else { return }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CrawlerError.localRepositoryMissing(path: folder, listedAt: listedAt)
        }
        do {
            _ = try Repository.open(at: folder)
        } catch GitError.repositoryNotFound {
            throw CrawlerError.notARepository(path: folder, listedAt: listedAt)
        }
    }
}
