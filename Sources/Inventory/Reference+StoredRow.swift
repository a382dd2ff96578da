import Extraction
import GRDB

extension Reference {
    /// The reference exactly as stored in a row of `reference` or `current_references`;
    /// `repositoryColumn` names the column holding the image repository.
    init(storedRow row: Row, repositoryColumn: String) {
        let fact = ReferenceFact(line: row["line"], kind: row["kind"], context: row["context"], raw: row["raw"],
                                 value: .unresolved(reason: ""))
        // Built unresolved so nothing is re-parsed; every field is then set from what was stored.
        self.init(path: row["path"], fact: fact, image: nil, unresolvedReason: nil)
        image = row["image"]
        resolved = row["resolved"]
        valid = row["valid"]
        normalized = row["normalized"]
        registry = row["registry"]
        repository = row[repositoryColumn]
        tag = row["tag"]
        digest = row["digest"]
        reason = row["reason"]
    }
}
