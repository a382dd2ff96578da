import Git
import Inventory

/// Reads the CODEOWNERS files of a commit's tree (straight from the object database), so outreach
/// can name the owners of each file at the commit that was scanned.
public enum CodeownersReader {
    /// Larger files are skipped (GitHub ignores CODEOWNERS files over 3 MB).
    public static let maxSize = 3 * 1024 * 1024

    /// The CODEOWNERS files present in `tree`, in `CodeownersFile.locations` order; a location holding something
    /// other than a readable blob (a folder, a submodule, an oversized file) is skipped.
    public static func files(in repository: Repository, tree: ObjectID) throws -> [CodeownersFile] {
        var files: [CodeownersFile] = []
        for location in CodeownersFile.locations {
            guard let id = try repository.entryID(atPath: location, inTree: tree) else { continue }
            guard let content = try? repository.readBlob(id, maxSize: maxSize),
                  case .bytes(let bytes) = content else { continue }
            files.append(CodeownersFile(path: location, content: String(decoding: bytes, as: UTF8.self)))
        }
        return files
    }
}
