/// What one file says about images, before branch-wide resolution.
///
/// Facts are a pure function of a file's path and bytes, so they can be cached by blob id and
/// extractor version and shared across branches, repositories and runs.
public struct FileFacts: Codable, Sendable, Hashable {
    /// Image usages found in the file.
    public var references: [ReferenceFact]
    /// Names this file defines for other files of the branch (aliases, variables, parameters).
    public var definitions: [SymbolDefinition]
    /// Other files of the branch this file pulls in (templates, includes), as repository-relative paths.
    public var includes: [FileInclude]
    /// Problems met while reading the file; the rest of the file is still read.
    public var warnings: [ExtractionWarning]

    public init(references: [ReferenceFact] = [], definitions: [SymbolDefinition] = [],
                includes: [FileInclude] = [], warnings: [ExtractionWarning] = []) {
        self.references = references
        self.definitions = definitions
        self.includes = includes
        self.warnings = warnings
    }

    /// Facts of a file that holds nothing of interest.
    public static let empty = FileFacts()
}

/// One place a file names an image.
public struct ReferenceFact: Codable, Sendable, Hashable {
    /// 1-based line of the reference.
    public var line: Int
    /// `<source>/<what>`, e.g. `dockerfile/from`, `azure-pipelines/job-container`.
    public var kind: String
    /// Where in the file's structure the reference stands (a stage, a job, an alias, a condition).
    public var context: String?
    /// The text as written, quotes removed.
    public var raw: String
    /// How the image is obtained from `raw`.
    public var value: ImageExpression

    public init(line: Int, kind: String, context: String? = nil, raw: String, value: ImageExpression) {
        self.line = line
        self.kind = kind
        self.context = context
        self.raw = raw
        self.value = value
    }
}

/// How an image is named: literally, through names other files define, or not knowably.
public enum ImageExpression: Codable, Sendable, Hashable {
    /// Fully known inside the file.
    case literal(String)
    /// Cannot be known inside the branch (a runtime macro, an ARG without default); the reason says why.
    case unresolved(reason: String)
    /// Needs names defined elsewhere in the branch. `text` holds `{{namespace:name}}` placeholders
    /// (see `SymbolPlaceholder`), each replaced by the value of the matching `SymbolDefinition`.
    case symbolic(text: String)
}

/// A name a file defines for use by itself or other files of the branch.
public struct SymbolDefinition: Codable, Sendable, Hashable {
    /// The family of names, e.g. `azure-pipelines/alias`, `azure-pipelines/variable`, `gitlab/variable`.
    public var namespace: String
    public var name: String
    /// The defined value; may itself hold placeholders (resolved transitively, cycles refused).
    public var value: String
    public var line: Int

    public init(namespace: String, name: String, value: String, line: Int) {
        self.namespace = namespace
        self.name = name
        self.value = value
        self.line = line
    }
}

/// A file of the same branch that this file includes (a template, a variables file, a GitLab include).
public struct FileInclude: Codable, Sendable, Hashable {
    /// Repository-relative path without a leading slash.
    public var path: String
    public var line: Int
    /// Parameters passed to the included file, by name (values may hold placeholders).
    public var parameters: [String: String]

    public init(path: String, line: Int, parameters: [String: String] = [:]) {
        self.path = path
        self.line = line
        self.parameters = parameters
    }
}

/// A problem reading a file that did not stop the scan.
public struct ExtractionWarning: Codable, Sendable, Hashable {
    public var line: Int?
    public var message: String

    public init(line: Int? = nil, message: String) {
        self.line = line
        self.message = message
    }
}
