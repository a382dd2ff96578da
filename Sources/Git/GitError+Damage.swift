import CLibGit2

extension GitError {
    /// What the error says is wrong with the local repository's own files, in a few words for a user
    /// ("missing objects"), when re-creating the repository from its remote would cure it; nil for
    /// every other failure (the remote, the network, a timeout, permissions, a full disk, a bad name).
    public var localDamage: String? {
        switch self {
        case .corrupt:
            return "unreadable repository files"
        case .notFound(let what) where what.hasPrefix("object "):
            return "missing objects"
        case .locked(let lockFile):
            return "lock file \(lockFile) left behind"
        case .library(_, let code, _, _) where code == GIT_ELOCKED.rawValue:
            return "a lock file left behind"
        case .library(_, _, let errorClass, _):
            // A loose reference with garbage in it is skipped by listings and only fails when the
            // branch is moved; damaged objects fail when read. Operating-system errors (disk full,
            // permissions) are not damage: a new clone would fail the same way.
            switch errorClass {
            case Int32(GIT_ERROR_REFERENCE.rawValue): return "an unreadable branch reference"
            case Int32(GIT_ERROR_ODB.rawValue), Int32(GIT_ERROR_OBJECT.rawValue): return "unreadable objects"
            default: return nil
            }
        default:
            return nil
        }
    }
}
