/// What cached facts are filed under: the blob, the extractor scope (`dockerfile`, or `<kind>:<path>` for
/// kinds whose reading depends on where the file stands) and the extractor version.
public struct BlobFactsKey: Hashable, Sendable {
    /// The git blob id of the file content.
    public var blobID: String
    /// Stored in `blob_facts.file_kind`.
    public var scope: String
    /// The extractor version; bumping it turns every older entry of that extractor into a miss.
    public var version: Int

    /// A key.
    public init(blobID: String, scope: String, version: Int) {
        self.blobID = blobID
        self.scope = scope
        self.version = version
    }
}
